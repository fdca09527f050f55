import Foundation
import RecordingFormats
import Testing

/// Samples written by util-linux 2.38 script(1).
@Suite struct ImportScriptTests {
    static let typescript = """
        Script started on 2026-11-24 16:17:59+00:00 [COMMAND="echo hello; sleep 0.1; echo world" TERM="xterm" TTY="/dev/pts/2" COLUMNS="90" LINES="33"]
        hello\r
        world\r

        Script done on 2026-11-24 16:17:59+00:00 [COMMAND_EXIT_CODE="0"]

        """

    @Test func headerAndFooterAreStrippedWithoutTiming() throws {
        let decoded = try decode(Self.typescript)
        #expect(decoded.error == nil)
        #expect(decoded.outputText == "hello\r\nworld\r\n")
        #expect(decoded.events.allSatisfy {
            if case .output(_, let time) = $0 { return time == nil }
            return false
        })
        // 2026-11-24 16:17:59 UTC
        #expect(decoded.header == RecordingHeader(columns: 90, rows: 33, startTime: 1_795_537_079))
    }

    @Test func oldStyleFooterAndHeaderAreStrippedToo() throws {
        let text = "Script started on Tue 24 Nov 2026 04:17:59 PM UTC\nls\r\nfile\r\n\nScript done on Tue 24 Nov 2026 04:18:00 PM UTC\n"
        let decoded = try decode(text)
        #expect(decoded.outputText == "ls\r\nfile\r\n")
        #expect(decoded.header == RecordingHeader())
    }

    @Test func textThatOnlyMentionsTheFooterIsKept() throws {
        let text = "Script started on x\nthe words\nScript done on appear here\nand more\n"
        let decoded = try decode(text)
        #expect(decoded.outputText == "the words\nScript done on appear here\nand more\n")
    }

    @Test func footerSplitAcrossBlocksIsStillFound() throws {
        let body = String(repeating: "0123456789abcdef", count: 8200)  // 131,200 bytes
        let text = "Script started on x\n" + body + "\nScript done on 2026-11-24 16:17:59+00:00 [COMMAND_EXIT_CODE=\"0\"]\n"
        let decoded = try decode(text)
        #expect(decoded.error == nil)
        #expect(decoded.outputText == body)
    }

    @Test func classicTimingGivesChunksTheirTimes() throws {
        let recording = try RecordingFile(Self.typescript)
        let timing = try RecordingFile("0.010121 7\n0.097531 7\n")
        let decoded = try decode(descriptor: recording.descriptor, timingPath: timing.path)
        #expect(decoded.error == nil)
        #expect(decoded.timeline == [
            output("hello\r\n", at: 0.010121),
            output("world\r\n", at: 0.010121 + 0.097531),
        ])
    }

    @Test func advancedTimingGivesHeaderResizesAndTimes() throws {
        let recording = try RecordingFile(Self.typescript)
        let timing = try RecordingFile("""
            H 0.000000 START_TIME 2026-11-24 16:17:59+00:00
            H 0.000000 TERM xterm
            H 0.000000 COLUMNS 90
            H 0.000000 LINES 33
            H 0.000000 COMMAND echo hello; sleep 0.1; echo world
            O 0.5 7
            I 0.25 3
            S 0.25 SIGWINCH ROWS=30 COLS=100
            O 1.0 7
            H 0.000000 DURATION 2.0
            H 0.000000 EXIT_CODE 0

            """)
        let decoded = try decode(descriptor: recording.descriptor, timingPath: timing.path)
        #expect(decoded.error == nil)
        #expect(decoded.header == RecordingHeader(columns: 90, rows: 33, startTime: 1_795_537_079))
        #expect(decoded.timeline == [
            output("hello\r\n", at: 0.5),
            .resize(columns: 100, rows: 30, time: 1.0),
            output("world\r\n", at: 2.0),
        ])
    }

    @Test func timingLongerThanTheTypescriptIsReportedWithItsLine() throws {
        let recording = try RecordingFile("Script started on x\nhello\r\n")
        let timing = try RecordingFile("0.1 3\n0.2 4\n0.3 100\n")
        let decoded = try decode(descriptor: recording.descriptor, timingPath: timing.path)
        #expect(decoded.outputText == "hello\r\n")
        let error = try #require(decoded.error)
        #expect(error.source == "timing file")
        #expect(error.line == 3)
    }

    @Test func malformedTimingLineIsReported() throws {
        let recording = try RecordingFile("Script started on x\nhello\r\n")
        let timing = try RecordingFile("0.1 3\nnonsense\n")
        let decoded = try decode(descriptor: recording.descriptor, timingPath: timing.path)
        #expect(decoded.outputText == "hel")
        #expect(decoded.error?.line == 2)
    }

    @Test func missingTimingFileIsReported() throws {
        let recording = try RecordingFile(Self.typescript)
        #expect(throws: ImportError.self) {
            _ = try decode(descriptor: recording.descriptor, timingPath: "/nonexistent/timing")
        }
    }
}
