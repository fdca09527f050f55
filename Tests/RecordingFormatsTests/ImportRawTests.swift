import Foundation
import RecordingFormats
import Testing

@Suite struct ImportRawTests {
    @Test func twentyMegabyteLineStreamsInBlocks() throws {
        var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 20_000_000)
        for index in stride(from: 0, to: bytes.count, by: 997) { bytes[index] = UInt8(index % 251) }
        let recording = try RecordingFile(bytes)
        let decoded = try decode(descriptor: recording.descriptor, format: .raw)
        #expect(decoded.error == nil)
        #expect(decoded.events.count >= 20_000_000 / (64 * 1024))
        #expect(decoded.events.allSatisfy {
            if case .output(let chunk, nil) = $0 { return chunk.count <= 64 * 1024 }
            return false
        })
        #expect(decoded.output == bytes)
    }

    @Test func recordingArrivesThroughAPipe() throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        let payload = [UInt8]((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let writer = Thread { [writeEnd = ends[1]] in
            payload.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(writeEnd, bytes.baseAddress! + offset, bytes.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(ends[0]) }
        let decoded = try decode(descriptor: ends[0], format: .raw)
        #expect(decoded.error == nil)
        #expect(decoded.output == payload)
    }
}
