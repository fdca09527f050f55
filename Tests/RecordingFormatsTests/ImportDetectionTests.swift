import RecordingFormats
import Testing

@Suite struct ImportDetectionTests {
    @Test(arguments: [
        (#"{"version": 2, "width": 80, "height": 24}"#, RecordingFormat.asciicast),
        (#"{"version":3,"term":{"cols":80,"rows":24}}"#, .asciicast),
        (#"  {"width": 80, "version" : 2}"#, .asciicast),
        ("Script started on 2026-11-24 16:17:57+00:00 [COMMAND=\"ls\"]\nhello", .typescript),
        // Anything that is not a recording is a program's output: text (issue 30).
        ("hello world\r\n", .text),
        (#"{"name": "not a recording"}"#, .text),
        (#"{"version": "two"}"#, .text),
        ("", .text),
    ])
    func detectsFormatFromFirstBytes(prefix: String, expected: RecordingFormat) {
        #expect(RecordingFormat.detect(prefix: Array(prefix.utf8)) == expected)
    }

    @Test func versionOnASecondLineIsNotAnAsciicastHeader() {
        #expect(RecordingFormat.detect(prefix: Array("{\n\"version\": 2}".utf8)) == .text)
    }

    @Test func emptyFileYieldsNoEventsAndNoErrorInEveryFormat() throws {
        for format in [nil] + RecordingFormat.allCases.map(Optional.some) {
            let decoded = try decode("", format: format)
            #expect(decoded.events.isEmpty)
            #expect(decoded.error == nil)
        }
    }

    @Test func timingFileIsRefusedForAsciicast() throws {
        let cast = try RecordingFile(#"{"version": 2, "width": 80, "height": 24}"# + "\n")
        let timing = try RecordingFile("0.1 5\n")
        #expect(throws: ImportError.self) {
            _ = try decode(descriptor: cast.descriptor, timingPath: timing.path)
        }
    }
}
