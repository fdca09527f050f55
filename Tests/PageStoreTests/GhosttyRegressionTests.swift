import Testing
@testable import PageStore

/// Ghostty's two-year leak: a non-standard oldest page was recycled as a standard page when
/// scrollback hit its limit, its length rewritten, and its large mapping never unmapped.
@Suite struct GhosttyRegressionTests {
    @Test func prunedNonStandardPageIsUnmappedNotRecycled() throws {
        let sink = RecordingSink()
        let list = PageList(columns: 80, budget: 0, sink: nil)
        // Budget of four standard pages.
        let budgeted = PageList(columns: 80, budget: 4 * list.standardPageBytes, sink: sink)
        let standard = budgeted.standardPageBytes

        // 1. Make the oldest page non-standard: emoji-heavy rows until it has grown twice.
        var appended: [String] = []
        var n = 0
        while budgeted.statistics.grownPagesTotal < 2 {
            let text = "\(n) " + GrowthTests.emojiRow.prefix(70)
            budgeted.append(TestRow(text))
            appended.append(text)
            n += 1
        }
        let oldest = try #require(budgeted.head)
        #expect(oldest.owner == .heap && oldest.allocationLength > standard)
        let bigLength = oldest.allocationLength

        // 2. Fill to the budget with plain rows, stopping just before the append that prunes.
        var before = budgeted.statistics
        var unmappedSeenByTheSink: [Int] = []
        sink.onHandOver = { _ in unmappedSeenByTheSink.append(budgeted.statistics.unmappedBytesTotal) }
        var bigRows = 0
        while true {
            before = budgeted.statistics
            bigRows = oldest.page.rowCount  // read while still mapped; the page handle dies with the prune
            let text = "plain \(n)"
            budgeted.append(TestRow(text))
            appended.append(text)
            n += 1
            if budgeted.statistics.prunedPages > 0 { break }
        }
        let after = budgeted.statistics

        // 3. The big mapping was unmapped, exactly its length, and never entered the pool.
        #expect(before.heapPageCount == 1 && after.heapPageCount == 0)
        #expect(after.prunedPages == 1)
        #expect(after.unmappedBytesTotal - before.unmappedBytesTotal == bigLength)
        #expect(after.recycledPagesTotal == before.recycledPagesTotal, "a heap page must never be recycled")
        #expect(before.pooledFreePages == 0 && after.pooledFreePages == 0)
        // The pool was empty, so the new tail is a fresh standard mapping: net change -big +standard.
        #expect(after.liveMappedBytes == before.liveMappedBytes - bigLength + standard)
        #expect(after.liveAllocationCount == before.liveAllocationCount)
        #expect(after.pageBytes <= budgeted.budget)
        let newTail = try #require(budgeted.tail)
        #expect(newTail.owner == .pool && newTail.allocationLength == standard)
        #expect(newTail.page.capacity == Capacity.standard(columns: 80))
        #expect(budgeted.verifyAccounting())

        // 4. Every row of the pruned page (its emoji rows, then the plain rows that filled it)
        // reached the sink in order, before the unmap.
        #expect(bigRows == appended.count - after.rowCount)
        // Every row of the pruned page reached the sink, in order, before the unmap.
        #expect(sink.rows.map(\.text) == Array(appended.prefix(bigRows)))
        #expect(unmappedSeenByTheSink.count == bigRows)
        #expect(unmappedSeenByTheSink.allSatisfy { $0 == before.unmappedBytesTotal })
    }

    @Test func clearUnmapsHeapPagesAndPoolsOnlyStandardOnes() {
        let list = PageList(columns: 80, sink: nil)
        while list.statistics.grownPagesTotal < 1 { list.append(TestRow(String(GrowthTests.emojiRow.prefix(80)))) }
        while list.statistics.pageCount < 3 { list.append(TestRow("plain")) }
        let before = list.statistics
        #expect(before.heapPageCount == 1)
        let heapLength = list.head!.allocationLength
        list.clear()
        let after = list.statistics
        #expect(after.pageCount == 0 && after.heapPageCount == 0)
        #expect(after.unmappedBytesTotal - before.unmappedBytesTotal == heapLength)
        #expect(after.liveMappedBytes == after.pooledFreePages * list.standardPageBytes)
        #expect(list.pool.free.allSatisfy { $0.owner == .pool && $0.length == list.standardPageBytes })
    }
}
