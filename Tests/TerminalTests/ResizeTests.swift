import Testing
import Terminal

/// A width change re-wraps; text is never lost or duplicated.
@Suite struct ResizeTests {
    @Test func narrowingRewrapsAndKeepsText() {
        let collector = LineCollector()
        let emulator = TerminalEmulator(columns: 20, rows: 5, consumer: collector)
        emulator.feed(Array("first line\r\n0123456789abcdefghij0123\r\nlast".utf8))
        emulator.resize(columns: 8, rows: 5)
        emulator.feed(Array(" more\r\n".utf8))
        emulator.finish()
        #expect(normalised(collector.texts) == ["first line", "0123456789abcdefghij0123", "last more"])
    }

    @Test func wideningJoinsWrappedRows() {
        let collector = LineCollector()
        let emulator = TerminalEmulator(columns: 10, rows: 4, consumer: collector)
        emulator.feed(Array("abcdefghijklmnop\r\n".utf8))
        emulator.resize(columns: 30, rows: 4)
        #expect(emulator.screen.text(ofRow: 0) == "abcdefghijklmnop")
        emulator.finish()
        #expect(normalised(collector.texts) == ["abcdefghijklmnop"])
    }

    @Test func shrinkingHeightMovesTopRowsToHistoryOnce() {
        let collector = LineCollector()
        let emulator = TerminalEmulator(columns: 10, rows: 6, consumer: collector)
        emulator.feed(Array("1\r\n2\r\n3\r\n4\r\n5".utf8))
        emulator.resize(columns: 10, rows: 2)
        #expect(collector.texts == ["1", "2", "3"])
        emulator.resize(columns: 10, rows: 6)
        emulator.feed(Array("\r\n6".utf8))
        emulator.finish()
        #expect(normalised(collector.texts) == ["1", "2", "3", "4", "5", "6"])
    }
}
