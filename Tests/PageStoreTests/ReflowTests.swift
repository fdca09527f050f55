import Testing
@testable import PageStore

@Suite struct ReflowTests {
    /// Lays out a logical line at `width` like a terminal would: wide characters (CJK here)
    /// take two cells and never straddle rows (a spacer head pads the row instead).
    static func rows(of text: String, width: Int, timestamp: Int64 = 0) -> [TestRow] {
        var rows: [TestRow] = []
        var current = TestRow("")
        func finish(wrapped: Bool) {
            current.info = RowInfo(wrapped: wrapped, wrapContinuation: !rows.isEmpty, timestamp: timestamp)
            rows.append(current)
            current = TestRow("")
        }
        for character in text {
            let scalars = Array(character.unicodeScalars)
            let wide = (0x4E00...0x9FFF).contains(scalars[0].value) || scalars[0].value >= 0x1F300
            let needed = wide ? 2 : 1
            if current.cells.count + needed > width {
                if current.cells.count < width { current.cells.append(Cell(codepoint: 0, flags: .spacerHead)) }
                finish(wrapped: true)
            }
            var cell = Cell(codepoint: scalars[0].value, flags: wide ? .wide : [])
            if scalars.count > 1 {
                cell.flags.insert(.grapheme)
                current.tails[current.cells.count] = Array(scalars.dropFirst())
            }
            current.cells.append(cell)
            if wide { current.cells.append(Cell(codepoint: 0, flags: .spacerTail)) }
        }
        finish(wrapped: false)
        return rows
    }

    /// Logical lines as the list holds them: rows joined while they are soft-wrapped.
    static func logicalLines(_ list: PageList) -> [String] {
        var lines: [String] = []
        var current = ""
        var open = false
        list.forEachRow { row in
            current += RowSnapshot(row).text
            open = true
            if !row.info.wrapped { lines.append(current); current = ""; open = false }
        }
        if open { lines.append(current) }
        return lines
    }

    static let lines = [
        "The quick brown fox jumps over the lazy dog, again and again.",
        "",
        "漢字とかなの混じった文章も折り返されるべきです。",
        "emoji 👨‍👩‍👧‍👦 and 👍🏽 and 🇫🇷 flags, e\u{301}te\u{301}",
        "short",
        String(repeating: "0123456789", count: 30),
    ]

    @Test(arguments: [7, 13, 40, 200, 1, 2])
    func reflowKeepsTheText(newWidth: Int) {
        let list = PageList(columns: 20, sink: nil)
        for (i, line) in ReflowTests.lines.enumerated() {
            for row in ReflowTests.rows(of: line, width: 20, timestamp: Int64(i)) { list.append(row) }
        }
        #expect(ReflowTests.logicalLines(list) == ReflowTests.lines)
        list.reflow(columns: newWidth)
        #expect(list.columns == newWidth)
        #expect(ReflowTests.logicalLines(list) == ReflowTests.lines)
        var wideSplit = false
        var tooWide = false
        list.forEachRow { row in
            if row.columns != newWidth { tooWide = true }
            if newWidth >= 2 && row.cell(newWidth - 1).flags.contains(.wide) { wideSplit = true }
        }
        #expect(!wideSplit, "a wide character must not straddle two rows")
        #expect(!tooWide)
        #expect(list.verifyAccounting())
        // Timestamps follow the text: every row of line i carries timestamp i.
        var stamps: [Int64] = []
        list.forEachRow { stamps.append($0.info.timestamp) }
        #expect(stamps == stamps.sorted())
        #expect(Set(stamps) == Set((0..<Int64(ReflowTests.lines.count))))
    }

    @Test func reflowKeepsStyles() {
        let list = PageList(columns: 10, sink: nil)
        let green = Style(foreground: .rgb(0, 200, 0), attributes: .bold)
        for row in ReflowTests.rows(of: "aaaaaaaaaaBBBBBBBBBBcc", width: 10) {
            var styled = row
            for x in styled.cells.indices where styled.cells[x].codepoint == 66 {
                styled.cells[x].styleID = 1
                styled.styles[1] = green
            }
            list.append(styled)
        }
        list.reflow(columns: 4)
        var styles: [Style] = []
        var text = ""
        list.forEachRow { row in let s = RowSnapshot(row); styles += s.styles; text += s.text }
        #expect(text == "aaaaaaaaaaBBBBBBBBBBcc")
        #expect(styles == Array(repeating: .default, count: 10) + Array(repeating: green, count: 10) + [.default, .default])
    }

    @Test func reflowDoesNotHandRowsOverTwice() {
        let sink = RecordingSink()
        let list = PageList(columns: 10, sink: sink)
        for row in ReflowTests.rows(of: "first line is long enough to wrap", width: 10) { list.append(row) }
        list.handOverPending()
        let handedBefore = sink.rows.count
        for row in ReflowTests.rows(of: "pending", width: 10) { list.append(row) }
        list.reflow(columns: 6)
        #expect(sink.rows.count == handedBefore + 1, "the pending row is handed over (at the old width), nothing else")
        #expect(sink.rows.last?.text == "pending")
        list.handOverPending()
        #expect(sink.rows.count == handedBefore + 1, "re-wrapped rows count as handed over")
        list.append(TestRow("after"))
        list.handOverPending()
        #expect(sink.rows.map(\.text).last == "after")
        #expect(sink.rows.count == handedBefore + 2)
    }

    @Test func reflowOfABudgetFullHistoryStaysUnderBudget() {
        let sink = RecordingSink()
        let list = PageList(columns: 100, budget: 0, sink: sink)
        var n = 0
        while list.statistics.prunedPages < 3 {
            list.append(TestRow("line \(n) " + String(repeating: "x", count: 80)))
            n += 1
        }
        let handed = sink.rows.count
        list.reflow(columns: 30)
        let stats = list.statistics
        #expect(stats.pageBytes <= list.budget)
        #expect(list.verifyAccounting())
        #expect(sink.rows.count == n, "every row was handed over exactly once before reflow")
        #expect(handed < n)
        #expect(ReflowTests.logicalLines(list).last == "line \(n - 1) " + String(repeating: "x", count: 80))
        // Budget accounting continues normally at the new width.
        for i in 0..<5000 { list.append(TestRow("more \(i)")) }
        #expect(list.statistics.pageBytes <= list.budget)
        #expect(list.verifyAccounting())
    }
}
