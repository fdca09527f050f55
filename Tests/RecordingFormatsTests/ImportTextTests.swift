import Foundation
import RecordingFormats
import Testing

/// Issue 30: a program's output from a pipe, where no tty turned "\n" into "\r\n".
@Suite struct ImportTextTests {
    @Test func eachNewlineEndsALine() throws {
        let decoded = try decode("total 4\ndrwxr-xr-x 2 root root 4096 bin\n\u{1B}[1mbold\u{1B}[0m\r\n", format: .text)
        #expect(decoded.error == nil)
        #expect(decoded.outputText == "total 4\r\ndrwxr-xr-x 2 root root 4096 bin\r\n\u{1B}[1mbold\u{1B}[0m\r\r\n")
        #expect(decoded.events.allSatisfy {
            if case .output(_, nil) = $0 { return true }
            return false
        })
    }

    @Test func rawKeepsTheBytes() throws {
        let decoded = try decode("one\ntwo\n", format: .raw)
        #expect(decoded.outputText == "one\ntwo\n")
    }

    @Test func inputThatIsNotARecordingIsDecodedAsText() throws {
        let decoded = try decode("one\ntwo\n")
        #expect(decoded.outputText == "one\r\ntwo\r\n")
    }

    @Test func outputEventsStayWithinOneBlockEvenForNewlinesOnly() throws {
        let bytes = [UInt8](repeating: 0x0A, count: 300_000)
        let recording = try RecordingFile(bytes)
        let decoded = try decode(descriptor: recording.descriptor, format: .text)
        #expect(decoded.error == nil)
        #expect(decoded.events.allSatisfy {
            if case .output(let chunk, _) = $0 { return chunk.count <= 64 * 1024 }
            return false
        })
        #expect(decoded.output.count == 600_000)
    }
}
