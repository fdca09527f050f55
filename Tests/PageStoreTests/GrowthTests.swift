import Testing
@testable import PageStore

@Suite struct GrowthTests {
    /// 80 family emoji (7 scalars each): 2,240 bytes of grapheme storage per row.
    static let emojiRow = String(repeating: "👨‍👩‍👧‍👦", count: 80)

    @Test func wrapFlagsStylesAndGraphemesSurviveGrowth() {
        let list = PageList(columns: 80, sink: nil)
        var expected: [RowSnapshot] = []
        var appended: [TestRow] = []
        // 40 rows, each with 8 new 24-bit colours (320 styles > 128) and 10 graphemes per row
        // (plus a full emoji row every 8th), so both the style table and grapheme storage grow.
        for i in 0..<40 {
            let text = i % 8 == 7 ? GrowthTests.emojiRow : "row \(i) 🇫🇷 👍🏽 é" + String(repeating: "x", count: 8)
            let info = RowInfo(wrapped: i % 3 == 0, wrapContinuation: i % 3 == 1, mark: i % 5 == 0 ? .output : .none, timestamp: Int64(i))
            let row = TestRow(text, info: info) { c in Style(foreground: .rgb(UInt8(i), UInt8(c % 8), 7), attributes: .italic) }
            appended.append(row)
            list.append(row)
        }
        let stats = list.statistics
        #expect(stats.grownPagesTotal >= 2, "the test must actually make the page grow")
        #expect(stats.pageCount == 1 && stats.heapPageCount == 1)
        #expect(stats.pooledFreePages == 1, "the standard page the tail grew out of went back to the pool")
        #expect(list.head!.owner == .heap && list.head!.allocationLength > list.standardPageBytes)
        for (i, row) in appended.enumerated() {
            var text = ""
            var styles: [Style] = []
            for (x, cell) in row.cells.enumerated() {
                var scalars = String.UnicodeScalarView([Unicode.Scalar(cell.codepoint)!])
                scalars.append(contentsOf: row.tails[x] ?? [])
                text += String(scalars)
                styles.append(row.styles[cell.styleID] ?? .default)
            }
            _ = i
            expected.append(RowSnapshot(text: text, info: row.info, styles: styles))
        }
        #expect(list.allRows == expected)
        #expect(list.verifyAccounting())
    }

    @Test func stylesAreDedupedWithinAPage() {
        let list = PageList(columns: 10, sink: nil)
        let blue = Style(foreground: .palette(4))
        for _ in 0..<500 { list.append(TestRow("blue", style: { _ in blue })) }
        #expect(list.statistics.grownPagesTotal == 0, "one style used 500 times fits the standard table")
        #expect(list.head!.page.styleCount == 2)
    }

    @Test func recycledPoolPagesComeBackZeroed() {
        let list = PageList(columns: 100, budget: 0, sink: nil)
        let full = String(repeating: "Z", count: 100)
        // The budget clamps to two pages; go on until pages have been pruned into the pool.
        while list.statistics.prunedPages < 2 {
            list.append(TestRow(full, style: { _ in Style(background: .rgb(1, 2, 3)) }))
        }
        #expect(list.statistics.prunedPages >= 1 && list.statistics.recycledPagesTotal >= 1)
        list.clear()
        let pooled = list.pool.free
        #expect(pooled.count >= 2)
        for allocation in pooled {
            let bytes = UnsafeRawBufferPointer(start: allocation.base, count: allocation.length)
            #expect(bytes.allSatisfy { $0 == 0 }, "a pooled page must be zeroed")
        }
        // A page built on recycled memory reads as empty beyond what was written.
        list.append(TestRow("a"))
        list.forEachRow { row in
            #expect(row.cell(0).codepoint == 97 && row.cell(1) == .empty && row.cell(99) == .empty)
            #expect(row.style(1) == .default)
        }
    }

    @Test func minimumBudgetIsTwoStandardPages() {
        let list = PageList(columns: 80, budget: 1, sink: nil)
        #expect(list.budget == 2 * list.standardPageBytes)
        let big = PageList(columns: 80, budget: 64 << 20, sink: nil)
        #expect(big.budget == 64 << 20)
    }

    @Test func standardPagesStayNearFourHundredKiB() {
        for columns in [1, 20, 80, 120, 215, 400, 1000, 4000] {
            let bytes = PageList(columns: columns, sink: nil).standardPageBytes
            #expect(bytes >= 380 << 10 && bytes <= 420 << 10, "\(columns) columns: \(bytes) bytes")
        }
    }

    @Test func oneRowWithMoreStylesThanAStandardTableFits() {
        let list = PageList(columns: 1000, sink: nil)
        list.append(TestRow("plain"))
        let text = String(repeating: "s", count: 1000)
        let distinct: (Int) -> Style = { i in Style(foreground: .rgb(UInt8(i % 256), UInt8(i / 256), 1)) }
        let row = TestRow(text, style: distinct)
        list.append(row)
        list.append(row)
        let rows = list.allRows
        #expect(rows.count == 3)
        let expected: [Style] = (0..<1000).map(distinct)
        #expect(rows[1].styles == expected)
        #expect(rows[2] == rows[1])
        #expect(list.verifyAccounting())
    }

    @Test func aPageThatWouldGrowTooLargeIsLeftForANewPage() {
        // Budget at its minimum (two standard pages): a page holding rows may grow to at most
        // two standard pages; beyond that the row starts a new page instead.
        let list = PageList(columns: 200, budget: 0, sink: nil)
        let zalgo = "a" + String(repeating: "\u{301}", count: 2000)
        var texts: [String] = []
        for i in 0..<60 {
            let text = "\(i)" + String(repeating: zalgo, count: 3)
            texts.append(text)
            list.append(TestRow(text))
        }
        var largest = 0
        var node = list.head
        while let n = node { largest = max(largest, n.allocationLength); node = n.next }
        #expect(largest <= list.maximumGrownLength + list.standardPageBytes)
        #expect(list.statistics.prunedPages + list.statistics.pageCount >= 2, "the rows cannot all fit one page")
        let kept = list.allRows.map(\.text)
        #expect(kept == Array(texts.suffix(kept.count)))
        #expect(list.verifyAccounting())
    }
}
