import Testing
@testable import PageStore

@Suite struct GrowthTests {
    /// 80 family emoji (7 scalars each): 2,240 bytes of grapheme storage per row.
    static let emojiRow = String(repeating: "👨‍👩‍👧‍👦", count: 80)

    @Test func wrapFlagsStylesAndGraphemesSurviveGrowth() {
        let list = PageList(columns: 80, sink: nil)
        var expected: [RowSnapshot] = []
        var appended: [TestRow] = []
        // 40 rows, each with 16 new 24-bit colours (640 styles, more than a standard page's)
        // and graphemes in every row (a full emoji row every other one: 44,800 bytes), so both
        // the style table and grapheme storage grow.
        #expect(40 * 16 > Capacity.standardStyles && 20 * 2_240 > Capacity.standardGraphemeBytes)
        for i in 0..<40 {
            let text = i % 2 == 1 ? GrowthTests.emojiRow : "row \(i) 🇫🇷 👍🏽 é" + String(repeating: "x", count: 8)
            let info = RowInfo(wrapped: i % 3 == 0, wrapContinuation: i % 3 == 1, mark: i % 5 == 0 ? .output : .none, timestamp: Int64(i))
            let row = TestRow(text, info: info) { c in Style(foreground: .rgb(UInt8(i), UInt8(c % 16), 7), attributes: .italic) }
            appended.append(row)
            list.append(row)
        }
        let stats = list.statistics
        // One growth since pages grow for the rest of the page at the rate seen so far; it
        // happens with rows in the page, so they are copied.
        #expect(stats.grownPagesTotal >= 1, "the test must actually make the page grow")
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

    /// Recycled memory keeps old cells (only the regions a new page reads are cleared), so
    /// this checks what matters: a page formatted on it, at the same width or another, never
    /// shows anything of what was there, and its style table starts empty.
    @Test(arguments: [100, 37, 233])
    func recycledPoolPagesReadAsNew(nextColumns: Int) {
        let list = PageList(columns: 100, sink: nil)
        let full = String(repeating: "Z", count: 100)
        // Two new styles per row: the standard style table overflows before the page is full,
        // the page grows, and the standard page it outgrew waits in the pool with its rows
        // and styles still in it.
        #expect(Capacity.standardStyles / 2 < list.standardCapacity.rows)
        var shade = 0
        while list.statistics.grownPagesTotal < 1 {
            shade += 1
            list.append(TestRow(full, style: { c in Style(background: .rgb(UInt8(shade % 256), UInt8(shade / 256), UInt8(9 + c % 2))) }))
        }
        #expect(list.pool.free.count >= 1, "the outgrown page waits in the pool as it was")

        // Rows drawn on the recycled memory, at the same width or another (reflow keeps the
        // pool when the standard length is unchanged): short, alternately plain and bold.
        list.clear()
        list.reflow(columns: nextColumns)
        let bold = Style(foreground: .palette(2), attributes: .bold)
        for i in 0..<(list.standardCapacity.rows * 2) {
            list.append(TestRow(i % 2 == 0 ? "a" : "b", style: { _ in i % 2 == 0 ? .default : bold }))
        }
        var seen = 0
        list.forEachRow { row in
            let letter = row.cell(0).codepoint
            #expect(letter == 97 || letter == 98)
            for x in 1..<row.columns { #expect(row.cell(x) == .empty) }
            #expect(!row.info.wrapped)
            let style = row.cell(0).styleID == 0 ? Style.default : row.style(row.cell(0).styleID)
            #expect(style == (letter == 97 ? .default : bold))
            seen += 1
        }
        #expect(seen == list.statistics.rowCount && seen > list.standardCapacity.rows)
        var node = list.head
        while let n = node {
            #expect(n.page.styleCount <= 2, "the style table of a recycled page starts empty")
            node = n.next
        }
    }

    /// The formatting contract itself: memory full of garbage (what another layout left)
    /// becomes an empty page whose counters, style table and slot table start clean.
    @Test(.timeLimit(.minutes(1)), arguments: [1, 80, 233])
    func formattingIgnoresWhatTheMemoryHeld(columns: Int) {
        let capacity = Capacity.standard(columns: columns)
        let length = SystemMemory.roundUpToPages(PageLayout(capacity).totalBytes)
        let allocation = Allocation(base: SystemMemory.map(length: length), length: length, owner: .pool)
        defer { SystemMemory.unmap(allocation.base, length: length) }
        allocation.base.initializeMemory(as: UInt8.self, repeating: 0xA5, count: length)
        let page = Page(formatting: allocation, capacity: capacity)
        #expect(page.rowCount == 0 && page.styleCount == 1 && page.graphemeWordsUsed == 0)
        #expect(page.styles[0] == .default)
        #expect((0..<page.layout.styleSlotCount).allSatisfy { page.styleSlots[$0] == 0 })
        let styles = (1...20).map { Style(foreground: .palette(UInt8($0))) }
        #expect(styles.map { page.intern($0) } == (1...20).map { UInt16($0) })
        #expect(styles.map { page.intern($0) } == (1...20).map { UInt16($0) }, "interned again: the same ids")
        #expect(page.styleCount == 21)
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
