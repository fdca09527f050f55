import Glibc
import RecordingFormats

/// libFuzzer target: arbitrary bytes as a recording file for `makeRecordingDecoder`.
///
/// The first byte picks the format (detected, raw, typescript, asciicast) and whether the rest is
/// split into a typescript and a timing file (at a point the second byte picks). Every event is
/// drawn until the end or an error; an error must say where (line or byte offset) and why. What
/// the documentation promises is checked: at most 64 KiB per output event, a raw recording's
/// events hand back exactly the file's bytes, and an error says where.
nonisolated(unsafe) var recordingFile: (descriptor: Int32, path: String)? = nil
nonisolated(unsafe) var timingFile: (descriptor: Int32, path: String)? = nil

func scratchFile(_ name: String) -> (descriptor: Int32, path: String) {
    let path = "/tmp/scrollvault-fuzz-\(getpid())-\(name)"
    let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { fatalError("open \(path): errno \(errno)") }
    unlink(path)
    // The decoder opens the timing file by path: keep a name that reaches the same file.
    return (descriptor, "/proc/self/fd/\(descriptor)")
}

func fill(_ file: (descriptor: Int32, path: String), _ bytes: UnsafeBufferPointer<UInt8>) {
    guard ftruncate(file.descriptor, 0) == 0 else { fatalError("ftruncate: errno \(errno)") }
    if let base = bytes.baseAddress, bytes.count > 0 {
        guard pwrite(file.descriptor, base, bytes.count, 0) == bytes.count else { fatalError("pwrite: errno \(errno)") }
    }
    guard lseek(file.descriptor, 0, SEEK_SET) == 0 else { fatalError("lseek: errno \(errno)") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImport(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count >= 2 else { return 0 }
    if recordingFile == nil {
        recordingFile = scratchFile("recording")
        timingFile = scratchFile("timing")
    }
    let data = UnsafeBufferPointer(start: bytes, count: count)
    let formats: [RecordingFormat?] = [nil, .raw, .typescript, .asciicast]
    let format = formats[Int(data[0]) % 4]
    let withTiming = (data[0] >> 2) & 1 == 1 && (format == nil || format == .typescript)
    var body = UnsafeBufferPointer(rebasing: data[2...])
    if withTiming {
        let split = body.count * Int(data[1]) / 256
        fill(timingFile!, UnsafeBufferPointer(rebasing: body[split...]))
        body = UnsafeBufferPointer(rebasing: body[..<split])
    }
    fill(recordingFile!, body)

    var decoder: any RecordingDecoder
    do {
        decoder = try makeRecordingDecoder(format: format, fileDescriptor: recordingFile!.descriptor,
                                           timingPath: withTiming ? timingFile!.path : nil)
    } catch {
        guard !error.reason.isEmpty else { fatalError("an ImportError without a reason") }
        return 0
    }
    // Not checked: a header's size may be 0 or negative (`"height": 0` is handed on as is;
    // the emulator clamps it, see Tests/EndToEndTests/BadInputTableTests).
    var output: [UInt8] = []
    var events = 0
    do {
        while let event = try decoder.next() {
            events += 1
            switch event {
            case .output(let chunk, let time):
                guard chunk.count <= 64 << 10 else { fatalError("an output event of \(chunk.count) bytes") }
                if let time, time.isNaN { fatalError("a NaN event time") }
                output += chunk
            case .resize(let columns, let rows, let time):
                _ = (columns, rows)
                if let time, time.isNaN { fatalError("a NaN event time") }
            }
            guard events < 10_000_000 else { fatalError("more events than input bytes can explain") }
        }
    } catch {
        guard !error.reason.isEmpty else { fatalError("an ImportError without a reason") }
        guard error.line != nil || error.byteOffset != nil || error.source == "timing file" else {
            fatalError("an error that does not say where: \(error)")
        }
        // Not checked: "after a throw the decoder is finished" (a typescript whose timing file
        // has a bad line keeps handing out events; see Tests/RecorderTests/FuzzImportRegressionTests).
        return 0
    }
    if format == .raw && !withTiming && !output.elementsEqual(body) {
        fatalError("raw decoding changed the bytes: \(body.count) in, \(output.count) out")
    }
    return 0
}
