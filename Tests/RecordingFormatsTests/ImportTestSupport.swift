import Foundation
import RecordingFormats

/// A recording written to a temporary file, opened for a decoder.
final class RecordingFile {
    let path: String
    let descriptor: Int32

    init(_ bytes: [UInt8]) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("scrollvault-import-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        precondition(descriptor >= 0)
    }

    convenience init(_ text: String) throws { try self.init(Array(text.utf8)) }

    deinit {
        close(descriptor)
        unlink(path)
    }
}

/// Everything a decoder produced: header, events until the end or the first error, the error.
struct DecodedRecording {
    var header: RecordingHeader
    var events: [RecordingEvent] = []
    var error: ImportError?
    /// What the decoder said about the end, after the last event.
    var ending = RecordingEnding()

    /// Output events joined into one byte string.
    var output: [UInt8] {
        events.flatMap { event -> [UInt8] in
            if case .output(let bytes, _) = event { return bytes }
            return []
        }
    }

    var outputText: String { String(decoding: output, as: UTF8.self) }

    /// Output events with equal times merged, so tests don't depend on chunk boundaries.
    var timeline: [RecordingEvent] {
        var merged: [RecordingEvent] = []
        for event in events {
            if case .output(let bytes, let time) = event,
               case .output(let previous, let previousTime)? = merged.last, previousTime == time {
                merged[merged.count - 1] = .output(previous + bytes, time: time)
            } else {
                merged.append(event)
            }
        }
        return merged
    }
}

func decode(
    descriptor: Int32, format: RecordingFormat? = nil, timingPath: String? = nil
) throws -> DecodedRecording {
    var decoder = try makeRecordingDecoder(format: format, fileDescriptor: descriptor, timingPath: timingPath)
    var result = DecodedRecording(header: decoder.header)
    do {
        while let event = try decoder.next() { result.events.append(event) }
    } catch {
        result.error = error
    }
    result.ending = decoder.ending
    return result
}

func decode(_ text: String, format: RecordingFormat? = nil) throws -> DecodedRecording {
    let file = try RecordingFile(text)
    return try decode(descriptor: file.descriptor, format: format)
}

func output(_ text: String, at time: Double?) -> RecordingEvent {
    .output(Array(text.utf8), time: time)
}
