import Testing
@testable import PageStore

/// A deferred sink that reads what it was lent as late as the list allows: only when the list
/// waits for it. Had the list released, recycled or moved a page before waiting, the rows read
/// here would show another page's contents (or fault).
private final class LateReadingSink: DeferredEvictionSink {
    private var loans: [(ticket: UInt64, rows: LentRows)] = []
    private var issued: UInt64 = 0
    private(set) var rows: [RowSnapshot] = []
    private(set) var loanSizes: [Int] = []

    func lend(_ rows: LentRows) -> UInt64 {
        issued += 1
        loans.append((issued, rows))
        loanSizes.append(rows.range.count)
        return issued
    }

    func waitUntilRead(through ticket: UInt64) {
        while let first = loans.first, first.ticket <= ticket {
            loans.removeFirst()
            first.rows.forEach { rows.append(RowSnapshot($0)) }
        }
    }

    func handOver(_ row: RowView) {
        Issue.record("a deferred sink is lent ranges, never handed single rows")
    }
}

@Suite struct DeferredHandOverTests {
    /// Rows with styles and grapheme clusters (pages grow), with a reflow and an ED 3 clear on
    /// the way.
    private func workload(_ list: PageList, handOver: (Int) -> Void) {
        let colours = (0..<40).map { Style(foreground: .palette(UInt8($0))) }
        for i in 0..<6_000 {
            let text = "r\(i) " + String(repeating: "👍🏽", count: i % 11) + String(repeating: "e\u{301}", count: 30) + "x"
            list.append(TestRow(text, info: RowInfo(wrapped: i % 5 == 0, wrapContinuation: i % 5 == 1, timestamp: Int64(i)),
                                style: { $0 % 3 == 0 ? colours[(i + $0) % colours.count] : nil }))
            handOver(i)
            if i == 2_500 { list.reflow(columns: 170) }
            if i == 4_000 { list.clear() }
        }
        list.handOverPending()
    }

    /// Under the smallest budget pages are pruned and recycled; under a large one nothing is
    /// pruned, so the standard page a growth left goes straight back into use for the next
    /// page, and rows lent from it must have been read before.
    @Test(arguments: [0, 64 << 20])
    func lentRowsReadAsLateAsAllowedMatchRowsHandedOverAtOnce(budget: Int) {
        let direct = RecordingSink()
        let reference = PageList(columns: 200, budget: budget, sink: direct)
        workload(reference) { _ in reference.handOverPending() }

        let late = LateReadingSink()
        let list = PageList(columns: 200, budget: budget, sink: late)
        workload(list) { i in list.handOverPending(atLeast: i % 3 == 0 ? 1 : 40) }
        list.waitUntilLentRowsAreRead()

        #expect(direct.rows.count == 6_000, "each row once: reflowed rows count as handed over")
        #expect(late.rows == direct.rows)
        let statistics = list.statistics
        #expect(statistics.grownPagesTotal > 0 && (budget > 0 || statistics.prunedPages > 10),
                "the workload grows (and under budget 0 prunes) pages: grown \(statistics.grownPagesTotal), pruned \(statistics.prunedPages)")
        #expect(list.verifyAccounting())
    }

    @Test func fewPendingRowsAreNotLentUntilThereAreEnough() {
        let late = LateReadingSink()
        let list = PageList(columns: 10, sink: late)
        for i in 0..<5 { list.append(TestRow("row \(i)")) }
        list.handOverPending(atLeast: 8)
        #expect(late.loanSizes.isEmpty)
        for i in 5..<8 { list.append(TestRow("row \(i)")) }
        list.handOverPending(atLeast: 8)
        #expect(late.loanSizes == [8])
        list.append(TestRow("last"))
        list.handOverPending()
        #expect(late.loanSizes == [8, 1], "a plain hand-over lends whatever is pending")
        list.waitUntilLentRowsAreRead()
        #expect(late.rows.map(\.text) == (0..<8).map { "row \($0)" } + ["last"])
    }
}
