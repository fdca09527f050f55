/// Scrollback history held in pages under a byte budget (Ghostty's PageList design).
///
/// The terminal keeps its active screen elsewhere and appends each row that leaves it. Every
/// row is handed to the `sink` exactly once, in order, either when the owner calls
/// `handOverPending()` or just before its page is pruned, so a page leaves memory only after
/// all of its rows reached the archive. A `DeferredEvictionSink` is lent ranges of rows to
/// read on its own thread instead; memory it was lent is released, recycled or moved only
/// after it says it has read it (`waitForReaders`).
///
/// Memory invariants (the full list and the leak they prevent: docs/page-store.md):
/// - each page's owner (pool or heap) and true mapping length are fixed when it is mapped;
/// - only pool-owned pages of the standard length are recycled, everything else is unmapped;
/// - accounting is symmetric and, in debug builds, checked after every structural change.
public final class PageList {
    public static let defaultBudget = 16 << 20
    /// Free standard pages the pool keeps; beyond this they are unmapped.
    public static let poolLimit = 4

    public internal(set) var columns: Int
    /// The byte budget for pages in the list, after clamping up to `minimumBudget`.
    public internal(set) var budget: Int
    /// The budget asked for at init, before clamping (reflow re-clamps from it).
    let requestedBudget: Int
    /// Strong: rows must never be lost because nobody else held the sink. Set it to nil to
    /// break a reference cycle if the sink owns this list.
    public var sink: (any EvictionSink)? {
        didSet { deferredSink = sink as? any DeferredEvictionSink }
    }
    /// `sink` when it reads rows on another thread: rows are then lent in ranges, and memory
    /// they live in waits for the sink before it is released or moved (see `waitForReaders`).
    var deferredSink: (any DeferredEvictionSink)?
    /// The ticket of the last range lent to `deferredSink` (0: none yet).
    var lastLent: UInt64 = 0

    var head: PageNode?
    var tail: PageNode? {
        didSet { tailPage = tail?.page }
    }
    /// The tail's page handle, cached so the per-row path touches no reference-counted object.
    /// Kept equal to `tail?.page` (set with `tail`, and by growth); `verifyAccounting` checks it.
    var tailPage: Page?
    /// Nodes before this one have handed over every row (a shortcut for `handOverPending`).
    var pendingNode: PageNode?
    var standardCapacity: Capacity
    var pool: PagePool
    var ledger = Ledger()
    private var isHandingOver = false

    /// Symmetric counters: every mapping adds its true length, every unmap subtracts it.
    struct Ledger {
        var mappedBytes = 0
        var mappedCount = 0
        var pageBytes = 0
        var pageCount = 0
        var heapPageCount = 0
        var prunedPages = 0
        var unmappedBytesTotal = 0
        var recycledPagesTotal = 0
        var grownPagesTotal = 0
        /// Old pages being read by `reflow`: out of the list but still mapped.
        var detachedBytes = 0
        var detachedCount = 0
    }

    /// `budget` is clamped up to two standard pages (`minimumBudget`): the tail being written
    /// plus one, so pruning can always make room. With a nil sink, rows are dropped unseen when
    /// "handed over" (useful for tests and for screens that are not archived).
    public init(columns: Int, budget: Int = PageList.defaultBudget, sink: (any EvictionSink)?) {
        precondition(columns >= 1 && columns <= Int(UInt16.max), "columns must be in 1...65535")
        precondition(Page.cellLayoutIsAsAssumed, "Cell must be 8 bytes: codepoint, styleID at 4, flags at 6, little-endian")
        self.columns = columns
        self.sink = sink
        deferredSink = sink as? any DeferredEvictionSink
        self.requestedBudget = budget
        standardCapacity = Capacity.standard(columns: columns)
        let standardLength = SystemMemory.roundUpToPages(PageLayout(standardCapacity).totalBytes)
        pool = PagePool(standardLength: standardLength, limit: PageList.poolLimit)
        self.budget = max(budget, PageList.minimumBudget(standardLength: standardLength))
    }

    deinit {
        waitForReaders(through: lastLent)
        // Release iteratively (a long chain of `next` references would otherwise recurse).
        var node = head
        head = nil
        tail = nil
        pendingNode = nil
        while let n = node {
            node = n.next
            n.next = nil
            SystemMemory.unmap(n.page.allocation.base, length: n.allocationLength)
        }
        for allocation in pool.drain() {
            SystemMemory.unmap(allocation.base, length: allocation.length)
        }
    }

    /// Two standard pages: the tail being written plus one, so pruning always leaves room
    /// for a new page (the active screen lives outside the list).
    static func minimumBudget(standardLength: Int) -> Int { 2 * standardLength }

    /// History rows in memory. Counted on demand (O(pages)) so appending a row updates no
    /// list-level counter.
    public var rowCount: Int {
        var rows = 0
        var node = head
        while let n = node { rows += n.page.rowCount; node = n.next }
        return rows
    }
    public var standardPageBytes: Int { pool.standardLength }

    public var statistics: PageListStatistics {
        var s = PageListStatistics(liveMappedBytes: ledger.mappedBytes, liveAllocationCount: ledger.mappedCount,
                                   pageCount: ledger.pageCount, heapPageCount: ledger.heapPageCount,
                                   pooledFreePages: pool.freeCount, rowCount: rowCount,
                                   prunedPages: ledger.prunedPages)
        s.pageBytes = ledger.pageBytes
        s.unmappedBytesTotal = ledger.unmappedBytesTotal
        s.recycledPagesTotal = ledger.recycledPagesTotal
        s.grownPagesTotal = ledger.grownPagesTotal
        s.standardPageBytes = pool.standardLength
        return s
    }

    // MARK: Appending

    /// Appends one history row. `cells.count` may be smaller or larger than `columns` (padded
    /// with empty cells / truncated). `style(id)` resolves the caller's style ids and
    /// `graphemeTail(x)` gives the extra scalars of cell x when it has the `.grapheme` flag.
    /// May prune old pages, which hands their remaining rows to the sink first.
    public func appendRow(_ info: RowInfo, cells: UnsafeBufferPointer<Cell>,
                          style: (UInt16) -> Style, graphemeTail: (Int) -> [Unicode.Scalar]) {
        appendRow(info, cells: cells, style: style, forEachGraphemeScalar: { x, body in
            for scalar in graphemeTail(x) { body(scalar) }
        })
    }

    /// `appendRow` for callers that keep tails in their own storage: `forEachGraphemeScalar(x,
    /// body)` calls `body` with each extra scalar of cell x (nothing when it has none), so no
    /// array is built per cluster. It may be called more than once for a cell.
    public func appendRow(_ info: RowInfo, cells: UnsafeBufferPointer<Cell>,
                          style: (UInt16) -> Style, forEachGraphemeScalar graphemeTail: GraphemeTailVisitor) {
        if let page = tailPage,
           page.append(info, cells: cells, style: style, graphemeTail: graphemeTail) == .appended {
            return
        }
        appendRowSlowly(info, cells: cells, style: style, graphemeTail: graphemeTail)
    }

    /// The tail is missing, full, or short of style/grapheme room: start or grow pages until
    /// the row fits. Kept out of line so the common path above stays small.
    @inline(never)
    func appendRowSlowly(_ info: RowInfo, cells: UnsafeBufferPointer<Cell>,
                         style: (UInt16) -> Style, graphemeTail: GraphemeTailVisitor) {
        var node = tail ?? startNewPage()
        while true {
            switch node.page.append(info, cells: cells, style: style, graphemeTail: graphemeTail) {
            case .appended:
                return
            case .pageFull:
                node = startNewPage()
            case .needsRoom:
                if !grow(node, toFit: cells, graphemeTail: graphemeTail) {
                    node = startNewPage()
                }
            }
        }
    }

    /// Hands every row not yet handed over to the sink, oldest first.
    public func handOverPending() {
        handOverPending(atLeast: 1)
    }

    /// `handOverPending()` for a feeder that calls it after every write: a deferred sink is
    /// lent the pending rows only once there are at least `minimumRows` of them (each loan
    /// may wake its thread; a few rows per wake-up cost more than reading them), while any
    /// other sink gets them all at once as before. Rows left pending are lent by a later call
    /// or, at the latest, before their page is pruned.
    public func handOverPending(atLeast minimumRows: Int) {
        if minimumRows > 1, deferredSink != nil, pendingRowCount(upTo: minimumRows) < minimumRows { return }
        var node = pendingNode ?? head
        while let n = node {
            handOverRows(of: n)
            pendingNode = n
            node = n.next
        }
    }

    /// Rows not yet handed over, counted up to `limit` (usually one or two pages to look at).
    private func pendingRowCount(upTo limit: Int) -> Int {
        var rows = 0
        var node = pendingNode ?? head
        while let n = node, rows < limit {
            rows += n.page.rowCount - n.handedOverRows
            node = n.next
        }
        return rows
    }

    /// Returns once a deferred sink has read every row lent to it (at once for any other
    /// sink). After it the caller may read what the sink's thread wrote, e.g. to finish it.
    public func waitUntilLentRowsAreRead() {
        waitForReaders(through: lastLent)
    }

    /// Waits until a deferred sink has read the ranges lent with tickets up to `ticket`.
    func waitForReaders(through ticket: UInt64) {
        guard ticket > 0, let deferredSink else { return }
        deferredSink.waitUntilRead(through: ticket)
    }

    /// Hands over every pending row, then releases every page (for ED 3: the archive keeps them).
    public func clear() {
        handOverPending()
        waitUntilLentRowsAreRead()
        while head != nil { pruneHead(zeroing: .discard) }
        pendingNode = nil
        debugCheckAccounting()
    }

    /// Calls `body` for every row in memory, oldest first.
    public func forEachRow(_ body: (RowView) -> Void) {
        var node = head
        while let n = node {
            for index in 0..<n.page.rowCount { body(n.page.rowView(index)) }
            node = n.next
        }
    }

    // MARK: Handing over

    func handOverRows(of node: PageNode) {
        guard node.hasPendingRows else { return }
        precondition(!isHandingOver, "the eviction sink must not call back into the PageList")
        isHandingOver = true
        defer { isHandingOver = false }
        let page = node.page
        var index = node.handedOverRows
        let end = page.rowCount
        node.handedOverRows = end
        if let deferredSink {
            lastLent = deferredSink.lend(LentRows(page: page, range: index..<end))
            node.lentThrough = lastLent
            return
        }
        guard let sink else { return }
        while index < end {
            sink.handOver(page.rowView(index))
            index += 1
        }
    }
}
