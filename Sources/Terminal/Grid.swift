import OwnedMemory
import PageStore

/// The cells of one screen (primary or alternate): `rows` x `columns` cells in one flat array.
///
/// Visible row `y` is stored in physical row `rowMap[y]`, so scrolling a region permutes a few
/// integers instead of moving cells. Styles and the extra scalars of grapheme clusters belong to
/// the grid, keyed by physical cell index. Rows leave the grid by being copied into the page
/// store (history) or cleared; the grid never grows.
final class Grid {
    private(set) var columns: Int
    private(set) var rows: Int
    /// Physical storage: `rows * columns` cells, owned by the grid (replaced by `resize`).
    /// Reached through `subscript(cell:)` and `withRowCells`. The per-row tables below are
    /// owned the same way. They are owned buffers rather than arrays because every printed run
    /// and every scrolled row reads them: array accesses there paid for bounds, uniqueness and
    /// exclusivity checks on each use.
    private var storage: OwnedBuffer<Cell>
    /// Per physical row (`rows` entries; write through the subscript, never replace it).
    private(set) var rowInfo: OwnedBuffer<RowInfo>
    /// Per physical row: one past the last column that may hold grapheme scalars (0: none).
    /// An upper bound, raised as tails are stored and cleared with the whole row: writing text
    /// after the row's last cluster, the usual case, then scans no cells for tails to drop
    /// (on emoji output that scan ran on nearly every printed run and every scrolled row).
    private(set) var rowGraphemeEnd: OwnedBuffer<Int>
    /// Visible row -> physical row.
    private(set) var rowMap: OwnedBuffer<Int>
    /// Extra scalars (after the first) of multi-scalar clusters, by physical cell index.
    /// Owned by the grid (freed in `deinit`).
    var graphemes = GraphemeTable()
    var styles = StyleTable()

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        storage = OwnedBuffer(repeating: .empty, count: columns * rows)
        rowInfo = OwnedBuffer(repeating: RowInfo(), count: rows)
        rowGraphemeEnd = OwnedBuffer(repeating: 0, count: rows)
        rowMap = Grid.identityMap(rows: rows)
    }

    deinit {
        graphemes.deallocate()
    }

    /// Visible row y in physical row y, for `rows` rows.
    private static func identityMap(rows: Int) -> OwnedBuffer<Int> {
        let map = OwnedBuffer(repeating: 0, count: rows)
        for y in 0..<rows { map[y] = y }
        return map
    }

    /// The cell at physical index `index` (`base(y) + x`).
    @inline(__always) subscript(index: Int) -> Cell {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// Replaces the cell at physical index `index`, dropping the grapheme tail it held. A cell
    /// holds a tail exactly when it is flagged `.grapheme`, which lets writers test a flag
    /// instead of probing the table for every cell they overwrite.
    @inline(__always) func replace(_ index: Int, with cell: Cell) {
        if storage[index].flags.contains(.grapheme) { graphemes.remove(index) }
        storage[index] = cell
    }

    /// Visible row `y`'s first cell. Valid until the next `resize`; for the bulk writers of
    /// this module, which must stay within the row's `columns` cells.
    @inline(__always) func rowCells(_ y: Int) -> UnsafeMutablePointer<Cell> { storage.baseAddress + base(y) }

    /// Lends visible row `y`'s cells.
    @inline(__always)
    func withRowCells<Result>(_ y: Int, _ body: (UnsafeMutableBufferPointer<Cell>) throws -> Result) rethrows -> Result {
        try body(UnsafeMutableBufferPointer(start: storage.baseAddress + base(y), count: columns))
    }

    /// Index of the first cell of visible row `y` in `cells`.
    @inline(__always) func base(_ y: Int) -> Int { rowMap[y] * columns }

    @inline(__always) func cell(_ x: Int, _ y: Int) -> Cell { storage[base(y) + x] }

    /// Empties cells `from..<to` of visible row `y` with the given background style id.
    func clear(row y: Int, from: Int = 0, to: Int? = nil, styleID: UInt16 = 0) {
        let end = min(to ?? columns, columns)
        guard from < end else { return }
        dropGraphemeTails(row: y, from: from, to: end)
        Grid.fill(storage.baseAddress + base(y) + from, count: end - from, styleID: styleID)
    }

    /// Drops the grapheme tails held in cells `from..<to` of visible row `y`, before they are
    /// overwritten. Only cells flagged as clusters have an entry (no hashing per cell).
    @inline(__always) func dropGraphemeTails(row y: Int, from: Int, to: Int) {
        let physical = rowMap[y]
        let end = min(to, rowGraphemeEnd[physical])
        guard from < end else { return }
        let start = physical * columns
        for i in (start + from)..<(start + end) where storage[i].flags.contains(.grapheme) {
            graphemes.remove(i)
        }
    }

    /// Blank cells: a memset when the style is the default (an empty cell is all zero bits,
    /// as `Page.cellLayoutIsAsAssumed` checks), a loop otherwise.
    @inline(__always)
    static func fill(_ cells: UnsafeMutablePointer<Cell>, count: Int, styleID: UInt16) {
        if styleID == 0 {
            UnsafeMutableRawPointer(cells).initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<Cell>.stride)
        } else {
            cells.update(repeating: Cell(codepoint: 0, styleID: styleID, flags: []), count: count)
        }
    }

    /// Empties visible row `y` entirely and resets its row info.
    func reset(row y: Int, styleID: UInt16 = 0) {
        clear(row: y, styleID: styleID)
        rowInfo[rowMap[y]] = RowInfo()
        rowGraphemeEnd[rowMap[y]] = 0
    }

    /// Rows from the top through the last one showing anything (0 when the grid is blank).
    var usedRowCount: Int {
        var y = rows
        while y > 0 && isBlank(row: y - 1) { y -= 1 }
        return y
    }

    /// True when visible row `y` shows nothing (no text in any cell).
    func isBlank(row y: Int) -> Bool {
        let start = base(y)
        for x in 0..<columns where storage[start + x].codepoint != 0 { return false }
        return true
    }

    /// Moves visible rows `top...bottom` up by `count`; the rows that fall off the top come back,
    /// cleared, at the bottom.
    func scrollUp(top: Int, bottom: Int, count: Int, fillStyleID: UInt16 = 0) {
        scrollUp(top: top, bottom: bottom, count: count, fillStyleID: fillStyleID) { _ in }
    }

    /// `scrollUp`, with `evict` seeing each departing row before it is cleared. The closure is
    /// not optional so that it stays non-escaping: an optional one is escaping, and the screen's
    /// `{ self.moveRowToHistory($0) }` then cost a heap context and a retain/release pair per
    /// scrolled line (6% of emulating log text).
    func scrollUp(top: Int, bottom: Int, count: Int, fillStyleID: UInt16 = 0, evict: (Int) -> Void) {
        let n = min(count, bottom - top + 1)
        guard n > 0 else { return }
        for _ in 0..<n {
            evict(top)
            let departing = rowMap[top]
            // copyMemory is memmove: the ranges overlap.
            UnsafeMutableRawPointer(rowMap.baseAddress + top).copyMemory(from: rowMap.baseAddress + top + 1, byteCount: (bottom - top) * MemoryLayout<Int>.stride)
            rowMap[bottom] = departing
            reset(row: bottom, styleID: fillStyleID)
        }
    }

    /// Moves visible rows `top...bottom` down by `count`, clearing the rows that appear at the top.
    func scrollDown(top: Int, bottom: Int, count: Int, fillStyleID: UInt16 = 0) {
        let n = min(count, bottom - top + 1)
        guard n > 0 else { return }
        for _ in 0..<n {
            let departing = rowMap[bottom]
            UnsafeMutableRawPointer(rowMap.baseAddress + top + 1).copyMemory(from: rowMap.baseAddress + top, byteCount: (bottom - top) * MemoryLayout<Int>.stride)
            rowMap[top] = departing
            reset(row: top, styleID: fillStyleID)
        }
    }

    /// The grapheme tail stored for cell `x` of visible row `y`.
    func graphemeTail(_ x: Int, _ y: Int) -> [Unicode.Scalar] {
        graphemes[base(y) + x] ?? []
    }

    /// Calls `body` with each scalar of the grapheme tail stored for physical cell `index`;
    /// `body` must not change the grid's clusters. A short tail is read from where the table
    /// keeps it: calling `forEachScalar` on the property makes the struct a copy for the length
    /// of the call (body could change the property), retaining and releasing its two arrays
    /// per cluster (measured: 227,520 of each on 8 MB of emoji text).
    @inline(__always)
    func forEachGraphemeScalar(atCell index: Int, _ body: (Unicode.Scalar) -> Void) {
        guard let tail = graphemes.inlineTail(index) else {
            graphemes.forEachScalar(index, body)
            return
        }
        for i in 0..<tail.count { body(Unicode.Scalar(tail.values[i]).unsafelyUnwrapped) }
    }

    func setGraphemeTail(_ tail: [Unicode.Scalar]?, _ x: Int, _ y: Int) {
        let index = base(y) + x
        if let tail {
            graphemes.set(index, tail)
            raiseGraphemeEnd(row: y, past: x)
        } else {
            graphemes.remove(index)
        }
    }

    /// Appends `scalar` to the tail of visible cell (`x`, `y`) unless it already holds `limit`
    /// scalars; returns false then.
    @inline(__always)
    func appendGraphemeScalar(_ scalar: Unicode.Scalar, _ x: Int, _ y: Int, limit: Int) -> Bool {
        guard graphemes.append(scalar, to: base(y) + x, limit: limit) else { return false }
        raiseGraphemeEnd(row: y, past: x)
        return true
    }

    @inline(__always) private func raiseGraphemeEnd(row y: Int, past x: Int) {
        let physical = rowMap[y]
        if rowGraphemeEnd[physical] <= x { rowGraphemeEnd[physical] = x + 1 }
    }

    /// The style id for `style`, compacting the table when it is full. Never fails: if every
    /// slot is still in use after compaction the default style is used.
    func styleID(for style: Style) -> UInt16 {
        var nothingHeld: UInt16 = 0
        return styleID(for: style, keeping: &nothingHeld)
    }

    /// The same, for a caller that holds an id no cell may carry yet (the pen's, when an erase
    /// looks up its background): a compaction keeps that style and rewrites `held` to its new id.
    func styleID(for style: Style, keeping held: inout UInt16) -> UInt16 {
        if let id = styles.id(for: style) { return id }
        compactStyles(keeping: &held)
        return styles.id(for: style) ?? 0
    }

    private func compactStyles(keeping held: inout UInt16) {
        var used = [Bool](repeating: false, count: StyleTable.capacity)
        used[Int(held)] = true
        let count = columns * rows
        for i in 0..<count where storage[i].styleID != 0 { used[Int(storage[i].styleID)] = true }
        let remap = styles.compact(keeping: used)
        for i in 0..<count where storage[i].styleID != 0 {
            storage[i].styleID = remap[Int(storage[i].styleID)]
        }
        held = remap[Int(held)]
    }

    /// Exchanges everything this grid holds with `other` (same size): how the screen switches
    /// between primary and alternate while its active grid stays one `let`.
    func swapContents(with other: Grid) {
        precondition(columns == other.columns && rows == other.rows, "grids of one screen share a size")
        swap(&storage, &other.storage)
        swap(&rowInfo, &other.rowInfo)
        swap(&rowGraphemeEnd, &other.rowGraphemeEnd)
        swap(&rowMap, &other.rowMap)
        swap(&graphemes, &other.graphemes)
        swap(&styles, &other.styles)
    }

    /// Changes the grid's size without reflowing: rows keep their first `columns` cells, rows
    /// added at the bottom are blank. (The emulator handles history and reflow around this.)
    func resize(columns newColumns: Int, rows newRows: Int) {
        let newStorage = OwnedBuffer(repeating: Cell.empty, count: newColumns * newRows)
        let newInfo = OwnedBuffer(repeating: RowInfo(), count: newRows)
        let newGraphemeEnd = OwnedBuffer(repeating: 0, count: newRows)
        var newGraphemes = GraphemeTable(minimumCapacity: graphemes.count * 2)
        let keep = min(newColumns, columns)
        for y in 0..<min(rows, newRows) {
            let old = base(y)
            for x in 0..<keep {
                newStorage[y * newColumns + x] = storage[old + x]
                if let tail = graphemes[old + x] { newGraphemes.set(y * newColumns + x, tail); newGraphemeEnd[y] = x + 1 }
            }
            newInfo[y] = rowInfo[rowMap[y]]
            if keep < columns { newInfo[y].wrapped = false }
        }
        columns = newColumns
        rows = newRows
        storage = newStorage
        rowInfo = newInfo
        graphemes.deallocate()
        graphemes = newGraphemes
        rowGraphemeEnd = newGraphemeEnd
        rowMap = Grid.identityMap(rows: newRows)
    }
}
