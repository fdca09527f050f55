import PageStore
import Terminal
import Testing

private let ESC = "\u{1B}"

/// What a logical line carries besides its text (style runs, marks) and screen state the text
/// does not show (title, the primary screen after the alternate one).
@Suite struct LineAttributeTests {
    private func lines(_ text: String, columns: Int = 40, rows: Int = 5) -> [LogicalLine] {
        renderLines(Array(text.utf8), columns: columns, rows: rows).lines
    }

    @Test func boldRunCoversOnlyTheStyledText() {
        let line = lines("a \(ESC)[1mbold\(ESC)[22m z\r\n")[0]
        #expect(line.text == "a bold z")
        #expect(line.styleRuns == [.init(start: 2, length: 4, style: Style(attributes: .bold))])
    }

    @Test func paletteAndRGBColoursInSemicolonAndColonForms() {
        let line = lines("\(ESC)[38;5;196mA\(ESC)[38:5:21mB\(ESC)[48;2;1;2;3mC\(ESC)[0;38:2::10:20:30mD\(ESC)[38:2:40:50:60mE\(ESC)[m\r\n")[0]
        #expect(line.text == "ABCDE")
        #expect(line.styleRuns == [
            .init(start: 0, length: 1, style: Style(foreground: .palette(196))),
            .init(start: 1, length: 1, style: Style(foreground: .palette(21))),
            .init(start: 2, length: 1, style: Style(foreground: .palette(21), background: .rgb(1, 2, 3))),
            .init(start: 3, length: 1, style: Style(foreground: .rgb(10, 20, 30))),
            .init(start: 4, length: 1, style: Style(foreground: .rgb(40, 50, 60))),
        ])
    }

    /// A styled row is read a cell at a time only where the style changes or a cell is not a
    /// single ASCII byte; these pin what that must keep: trimmed styled blanks, a space that
    /// carries a mark, and wide characters between styled ASCII.
    @Test func styledRowsKeepTheirTextAndTrimOnlyBlanks() {
        let red = Style(background: .palette(1))
        let trimmed = lines("\(ESC)[41mred  \(ESC)[m  \r\n")[0]
        #expect(trimmed.text == "red")
        #expect(trimmed.styleRuns == [.init(start: 0, length: 3, style: red)])
        #expect(lines("\(ESC)[1mab \u{301}\(ESC)[m   \r\n")[0].text == "ab \u{301}")
        let wide = lines("\(ESC)[32m日x本\(ESC)[m y\(ESC)[32m \r\n")[0]
        #expect(wide.text == "日x本 y")
        #expect(wide.styleRuns == [.init(start: 0, length: 7, style: Style(foreground: .palette(2)))])
    }

    @Test func styleRunOffsetsAreUTF8Bytes() {
        let line = lines("日本\(ESC)[4mé\(ESC)[24m\r\n")[0]
        #expect(line.styleRuns == [.init(start: 6, length: 2, style: Style(attributes: .underline))])
    }

    @Test func styleRunsSpanSoftWraps() {
        let line = lines("\(ESC)[7m0123456789abc\(ESC)[m\r\n", columns: 10)[0]
        #expect(line.text == "0123456789abc")
        #expect(line.styleRuns == [.init(start: 0, length: 13, style: Style(attributes: .inverse))])
    }

    /// More runs than the assembler first makes room for (16), on a line that wraps twice: each
    /// keeps its colour and offset.
    @Test func manyStyleRunsOnOneLine() {
        let text = (0..<100).map { "\(ESC)[38;5;\($0)m\($0 % 10)" }.joined() + "\(ESC)[m\r\n"
        let line = lines(text)[0]
        #expect(line.text == String((0..<100).map { Character(String($0 % 10)) }))
        #expect(line.styleRuns == (0..<100).map { .init(start: $0, length: 1, style: Style(foreground: .palette(UInt8($0)))) })
    }

    /// The style table holds 4,096 styles; a full one is compacted to the styles cells use.
    /// An erase with a background colour can be what finds it full, before the pen's own style
    /// is on any cell: the pen must survive that compaction, not keep an id that now means
    /// another style (or none).
    @Test func thePenKeepsItsStyleWhenAnEraseCompactsAFullStyleTable() {
        // 4,094 styles no cell uses (foreground-only RGB pens set and dropped), then the pen.
        var text = (1...4094).map { "\(ESC)[38;2;\($0 >> 8);\($0 & 255);7m" }.joined()
        text += "\(ESC)[1;38;5;9;48;5;4m" + "\(ESC)[K" + "pen\(ESC)[m\r\n"
        let line = lines(text)[0]
        #expect(line.text == "pen")
        #expect(line.styleRuns == [.init(start: 0, length: 3, style: Style(foreground: .palette(9), background: .palette(4), attributes: .bold))])
    }

    @Test func osc133MarksTheLinesOfACommandCycle() {
        let result = lines("\(ESC)]133;A\u{7}$ \(ESC)]133;B\u{7}ls\r\n\(ESC)]133;C\u{7}file\r\n\(ESC)]133;D;0\u{7}plain\r\n")
        #expect(result.map(\.text) == ["$ ls", "file", "plain"])
        #expect(result.map(\.mark) == [.prompt, .output, .none])
    }

    @Test func osc0And2SetTheTitle() {
        let collector = LineCollector()
        let emulator = TerminalEmulator(columns: 20, rows: 5, consumer: collector)
        emulator.feed(Array("\(ESC)]0;first\u{7}x".utf8))
        #expect(emulator.screen.title == "first")
        emulator.feed(Array("\(ESC)]2;second\(ESC)\\".utf8))
        #expect(emulator.screen.title == "second")
        emulator.finish()
        #expect(collector.texts == ["x"])
    }

    @Test(arguments: ["1049", "1047", "47"])
    func alternateScreenLeavesThePrimaryIntact(_ mode: String) {
        let collector = LineCollector()
        let emulator = TerminalEmulator(columns: 20, rows: 4, consumer: collector)
        emulator.feed(Array("one\r\ntwo\(ESC)[?\(mode)h\(ESC)[2J\(ESC)[Hvim stuff\r\nmore".utf8))
        #expect(emulator.screen.isAlternateScreenActive)
        emulator.feed(Array("\(ESC)[?\(mode)l".utf8))
        #expect(!emulator.screen.isAlternateScreenActive)
        #expect(emulator.screen.text(ofRow: 0) == "one")
        #expect(emulator.screen.text(ofRow: 1) == "two")
        emulator.finish()
        #expect(!collector.texts.contains { $0.contains("vim") || $0.contains("more") })
    }

    @Test func timestampsComeFromTheRowsLastWrite() {
        let collector = LineCollector()
        let emulator = TerminalEmulator(columns: 20, rows: 2, consumer: collector)
        emulator.now = 1_000
        emulator.feed(Array("a\r\n".utf8))
        emulator.now = 2_000
        emulator.feed(Array("b\r\nc\r\n".utf8))
        emulator.finish()
        #expect(collector.lines.map(\.timestamp) == [1_000, 2_000, 2_000])
    }
}
