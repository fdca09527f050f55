import Terminal
import Testing

/// Issue 30: a blank line (rows the cursor only passed through, never written) is shown with
/// the time of the line before it, not 0 (1970-01-01 in exports).
@Suite struct BlankLineTimeTests {
    @Test func blankLinesTakeThePreviousLinesTime() {
        let collector = LineCollector()
        let emulator = TerminalEmulator(columns: 20, rows: 2, consumer: collector)
        emulator.now = 1_000
        emulator.feed(Array("a\r\n\r\n".utf8))
        emulator.now = 2_000
        emulator.feed(Array("\r\nb\r\n\r\nc\r\n".utf8))
        emulator.finish()
        #expect(collector.lines.map(\.text) == ["a", "", "", "b", "", "c"])
        #expect(collector.lines.map(\.timestamp) == [1_000, 1_000, 1_000, 2_000, 2_000, 2_000])
    }
}
