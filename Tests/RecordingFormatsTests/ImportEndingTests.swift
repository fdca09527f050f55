import Foundation
@testable import RecordingFormats
import Testing

/// Issue 28: a recording's own end (its last event, or the end it states) and exit status.
@Suite struct ImportEndingTests {
    @Test func asciicastV2EndsAtItsLastEventOfAnyKind() throws {
        let decoded = try decode("""
            {"version": 2, "width": 80, "height": 24, "timestamp": 1509091818}
            [0.5, "o", "hello\\r\\n"]
            [12.25, "i", "typed after the last output"]

            """)
        #expect(decoded.error == nil)
        #expect(decoded.ending == RecordingEnding(duration: 12.25))
    }

    @Test func asciicastV3SumsIntervalsUpToItsExitEvent() throws {
        let decoded = try decode("""
            {"version": 3, "term": {"cols": 80, "rows": 24}}
            [0.5, "o", "hello\\r\\n"]
            [1.25, "m", "a marker"]
            [2.0, "x", "3"]

            """)
        #expect(decoded.error == nil)
        #expect(decoded.ending == RecordingEnding(duration: 3.75, exitStatus: 3))
    }

    @Test(arguments: [(#""0""#, Int32(0)), ("0", 0), ("130", 130), (#""-1""#, -1)])
    func exitStatusAsStringOrNumber(data: String, expected: Int32) throws {
        let decoded = try decode("""
            {"version": 3, "term": {"cols": 80, "rows": 24}}
            [0.5, "x", \(data)]

            """)
        #expect(decoded.ending.exitStatus == expected)
    }

    @Test(arguments: [#""ok""#, "1.5", "null", #"{"code": 1}"#])
    func exitDataThatIsNotAStatusIsSkipped(data: String) throws {
        let decoded = try decode("""
            {"version": 3, "term": {"cols": 80, "rows": 24}}
            [0.5, "x", \(data)]
            [0.5, "o", "after\\r\\n"]

            """)
        #expect(decoded.error == nil)
        #expect(decoded.ending == RecordingEnding(duration: 1.0))
        #expect(decoded.outputText == "after\r\n")
    }

    @Test func asciicastWithoutEventsLastsNoTime() throws {
        let decoded = try decode(#"{"version": 2, "width": 80, "height": 24}"# + "\n")
        #expect(decoded.ending == RecordingEnding(duration: 0))
    }

    @Test func typescriptFooterGivesEndTimeAndExitStatus() throws {
        let decoded = try decode("""
            Script started on 2026-11-24 16:17:59+00:00 [COMMAND="false" TERM="xterm" TTY="/dev/pts/2" COLUMNS="90" LINES="33"]
            hello\r

            Script done on 2026-11-24 16:18:04+00:00 [COMMAND_EXIT_CODE="1"]

            """)
        #expect(decoded.outputText == "hello\r\n")
        // No timing file: no duration, but the footer's date (16:18:04 UTC).
        #expect(decoded.ending == RecordingEnding(duration: nil, endTime: 1_795_537_084, exitStatus: 1))
    }

    @Test func oldStyleFooterSaysNothing() throws {
        let decoded = try decode("Script started on Tue 24 Nov 2026 04:17:59 PM UTC\nls\r\n\nScript done on Tue 24 Nov 2026 04:18:00 PM UTC\n")
        #expect(decoded.ending == RecordingEnding())
    }

    @Test func classicTimingEndsAtItsLastEntry() throws {
        let recording = try RecordingFile(ImportScriptTests.typescript)
        let timing = try RecordingFile("0.5 7\n1.25 7\n")
        let decoded = try decode(descriptor: recording.descriptor, timingPath: timing.path)
        #expect(decoded.error == nil)
        #expect(decoded.ending.duration == 1.75)
        #expect(decoded.ending.exitStatus == 0, "COMMAND_EXIT_CODE from the footer")
    }

    @Test func advancedTimingStatesDurationAndExitCode() throws {
        let recording = try RecordingFile("Script started on x\nhello\r\nworld\r\n")
        let timing = try RecordingFile("""
            H 0.000000 START_TIME 2026-11-24 16:17:59+00:00
            O 0.5 7
            O 1.0 7
            H 0.000000 DURATION 4.5
            H 0.000000 EXIT_CODE 2

            """)
        let decoded = try decode(descriptor: recording.descriptor, timingPath: timing.path)
        #expect(decoded.error == nil)
        #expect(decoded.ending == RecordingEnding(duration: 4.5, exitStatus: 2))
    }

    @Test func bytesWithoutTimesSayNothingAboutTheirEnd() throws {
        for format in [RecordingFormat.raw, .text] {
            let decoded = try decode("one\ntwo\n", format: format)
            #expect(decoded.ending == RecordingEnding(), "\(format)")
        }
    }
}
