import PageStore
import Terminal
import Testing

/// A screen snapshot holds exactly the lines that ending the session at that moment would
/// complete: the recorder stores it as the session's provisional tail and, if the recorder is
/// killed, as its final lines.
@Suite struct ScreenSnapshotTests {
    /// Feeds `bytes`, then returns the lines completed so far and a snapshot of the screen.
    private static func snapshot(after bytes: [UInt8], columns: Int, rows: Int)
        -> (completed: [LogicalLine], snapshot: [LogicalLine], emulator: TerminalEmulator, collector: LineCollector) {
        let collector = LineCollector()
        let emulator = TerminalEmulator(columns: columns, rows: rows, consumer: collector)
        emulator.feed(bytes)
        emulator.handOverHistory()
        let shot = LineCollector()
        ScreenSnapshotter(consumer: shot).capture(emulator)
        return (collector.lines, shot.lines, emulator, collector)
    }

    @Test func screenLinesWithoutTrailingBlankRows() {
        let s = Self.snapshot(after: Array("one\r\ntwo\r\n\r\nthree\r\n".utf8), columns: 20, rows: 8)
        #expect(s.completed.isEmpty)
        #expect(s.snapshot.map(\.text) == ["one", "two", "", "three"])
    }

    @Test func aWrappedLineLeadingIntoTheScreenIsWholeWithItsStartInHistory() {
        // 50 characters on a 10x3 screen: two rows are in history, unfinished.
        let text = String((0..<50).map { Character(Unicode.Scalar(UInt8(97 + $0 % 26))) })
        let s = Self.snapshot(after: Array(("first\r\n" + text).utf8), columns: 10, rows: 3)
        #expect(s.completed.map(\.text) == ["first"])
        #expect(s.snapshot.map(\.text) == [text])
    }

    @Test func theAlternateScreenIsLeftOut() {
        let s = Self.snapshot(after: Array("primary\r\n\u{1B}[?1049halternate text\r\n".utf8), columns: 20, rows: 5)
        #expect(s.snapshot.map(\.text) == ["primary"])
    }

    @Test func takingASnapshotChangesNothing() {
        let s = Self.snapshot(after: Array("a\r\nb".utf8), columns: 10, rows: 4)
        let again = LineCollector()
        ScreenSnapshotter(consumer: again).capture(s.emulator)
        #expect(again.lines == s.snapshot)
        s.emulator.feed(Array("c\r\n".utf8))
        s.emulator.finish()
        #expect(s.collector.texts == ["a", "bc"])
    }

    /// For random output cut at random moments: the snapshot equals what `finish()` then adds
    /// after the lines completed before it, styles, marks and times included.
    @Test(arguments: 1...40)
    func snapshotIsWhatFinishingWouldAdd(seed: UInt64) {
        var generator = StreamGenerator(seed: seed, columns: 12 + Int(seed % 30), rows: 3 + Int(seed % 9))
        let bytes = generator.generate(steps: 300 + Int(seed) * 20)
        let s = Self.snapshot(after: bytes, columns: generator.columns, rows: generator.rows)
        s.emulator.finish()
        let added = Array(s.collector.lines.dropFirst(s.completed.count))
        #expect(added == s.snapshot, "seed \(seed): \(firstDifference(s.snapshot.map(\.text), added.map(\.text)))")
    }
}
