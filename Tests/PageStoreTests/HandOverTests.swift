import Testing
@testable import PageStore

@Suite struct HandOverTests {
    @Test func rowsReadBackWithTextInfoAndStyles() {
        let list = PageList(columns: 20, sink: nil)
        let red = Style(foreground: .rgb(255, 0, 0), attributes: .bold)
        list.append(TestRow("plain"))
        list.append(TestRow("ab👍🏽c", info: RowInfo(wrapped: true, mark: .prompt, timestamp: 42), style: { $0 == 1 ? red : nil }))
        list.append(TestRow("xyz", info: RowInfo(wrapContinuation: true)))
        let rows = list.allRows
        #expect(rows.map(\.text) == ["plain", "ab👍🏽c", "xyz"])
        #expect(rows[1].info == RowInfo(wrapped: true, mark: .prompt, timestamp: 42))
        #expect(rows[1].styles == [.default, red, .default, .default])
        #expect(rows[2].info.wrapContinuation)
        #expect(list.rowCount == 3)
    }

    @Test func cellsArePaddedAndTruncatedToTheWidth() {
        let list = PageList(columns: 4, sink: nil)
        list.append(TestRow("ab"))
        list.append(TestRow("abcdefgh"))
        var seen: [[UInt32]] = []
        list.forEachRow { row in seen.append((0..<row.columns).map { row.cell($0).codepoint }) }
        #expect(seen == [[97, 98, 0, 0], [97, 98, 99, 100]])
    }

    @Test func handOverPendingHandsEachRowOnceInOrder() {
        let sink = RecordingSink()
        let list = PageList(columns: 10, sink: sink)
        list.append(TestRow("one"))
        list.append(TestRow("two"))
        list.handOverPending()
        #expect(sink.rows.map(\.text) == ["one", "two"])
        list.handOverPending()
        #expect(sink.rows.count == 2)
        list.append(TestRow("three"))
        list.handOverPending()
        list.handOverPending()
        #expect(sink.rows.map(\.text) == ["one", "two", "three"])
        #expect(list.rowCount == 3, "handing over does not remove rows from memory")
    }

    @Test func clearHandsOverThenFrees() {
        let sink = RecordingSink()
        let list = PageList(columns: 10, sink: sink)
        var pagesWhileHandingOver: [Int] = []
        sink.onHandOver = { _ in pagesWhileHandingOver.append(list.statistics.pageCount) }
        list.append(TestRow("one"))
        list.handOverPending()
        list.append(TestRow("two"))
        list.clear()
        #expect(sink.rows.map(\.text) == ["one", "two"])
        #expect(pagesWhileHandingOver == [1, 1], "rows are handed over while their page is still in the list")
        let stats = list.statistics
        #expect(stats.pageCount == 0 && stats.rowCount == 0 && list.rowCount == 0)
        #expect(stats.liveMappedBytes == stats.pooledFreePages * list.standardPageBytes)
        #expect(list.verifyAccounting())
        list.append(TestRow("after"))
        #expect(list.allRows.map(\.text) == ["after"])
    }
}
