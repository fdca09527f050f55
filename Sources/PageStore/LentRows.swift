/// A range of one page's history rows lent to a `DeferredEvictionSink`, to be read on another
/// thread while the list goes on appending.
///
/// It holds what reading the rows needs, copied when they were lent: the regions' addresses
/// and the number of styles then in use. So the reader never looks at the page's header,
/// which the appending thread keeps rewriting; everything it does look at (the rows' records,
/// cells, grapheme words and styles below that count) was written before the rows were lent
/// and is never written again while the page lives. The list keeps the page mapped, and
/// unchanged below these rows, until the sink says it has read them.
public struct LentRows: @unchecked Sendable {
    @usableFromInline let records: UnsafePointer<RowRecord>
    @usableFromInline let cells: UnsafePointer<Cell>
    @usableFromInline let columns: Int
    @usableFromInline let styles: UnsafePointer<Style>
    @usableFromInline let styleCount: Int
    @usableFromInline let graphemes: UnsafePointer<UInt32>
    /// Row indices within the page.
    public let range: Range<Int>

    init(page: Page, range: Range<Int>) {
        records = UnsafePointer(page.records)
        cells = UnsafePointer(page.cells)
        columns = page.columns
        styles = UnsafePointer(page.styles)
        styleCount = page.styleCount
        graphemes = UnsafePointer(page.graphemes)
        self.range = range
    }

    /// Calls `body` with each row, oldest first; a view is valid only during its call.
    @inlinable
    public func forEach(_ body: (RowView) -> Void) {
        for index in range {
            body(RowView(row: index, records: records, cells: cells, columns: columns,
                         styles: styles, styleCount: styleCount, graphemes: graphemes))
        }
    }
}

/// An eviction sink that reads history rows on a thread of its own. Instead of calling
/// `handOver` for each row, the list lends it whole ranges (`lend`), and before it releases,
/// moves or rebuilds memory it lent it waits until the sink has read it (`waitUntilRead`).
///
/// Tickets order the loans: `lend` returns a number greater than any it returned before, and
/// `waitUntilRead(through:)` returns once every range lent with a ticket up to that one has
/// been read. The list never calls `handOver(_:)` on such a sink.
public protocol DeferredEvictionSink: EvictionSink {
    func lend(_ rows: LentRows) -> UInt64
    func waitUntilRead(through ticket: UInt64)
}
