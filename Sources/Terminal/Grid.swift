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
    /// Physical storage: `rows * columns` cells, owned by the grid (allocated in `init` and
    /// `resize`, freed in `deinit`). Reached through `subscript(cell:)` and `withRowCells`.
    private var storage: UnsafeMutablePointer<Cell>
    /// Per physical row.
    var rowInfo: [RowInfo]
    /// Per physical row: whether any cell of the row has grapheme scalars stored.
    var rowHasGraphemes: [Bool]
    /// Visible row -> physical row.
    var rowMap: [Int]
    /// Extra scalars (after the first) of multi-scalar clusters, by physical cell index.
    var graphemes: [Int: [Unicode.Scalar]] = [:]
    var styles = StyleTable()

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        storage = Grid.allocate(count: columns * rows)
        rowInfo = [RowInfo](repeating: RowInfo(), count: rows)
        rowHasGraphemes = [Bool](repeating: false, count: rows)
        rowMap = Array(0..<rows)
    }

    deinit {
        storage.deallocate()
    }

    private static func allocate(count: Int) -> UnsafeMutablePointer<Cell> {
        let pointer = UnsafeMutablePointer<Cell>.allocate(capacity: max(count, 1))
        pointer.initialize(repeating: .empty, count: max(count, 1))
        return pointer
    }

    /// The cell at physical index `index` (`base(y) + x`).
    @inline(__always) subscript(index: Int) -> Cell {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// Lends visible row `y`'s cells.
    @inline(__always)
    func withRowCells<Result>(_ y: Int, _ body: (UnsafeMutableBufferPointer<Cell>) throws -> Result) rethrows -> Result {
        try body(UnsafeMutableBufferPointer(start: storage + base(y), count: columns))
    }

    /// Index of the first cell of visible row `y` in `cells`.
    @inline(__always) func base(_ y: Int) -> Int { rowMap[y] * columns }

    @inline(__always) func cell(_ x: Int, _ y: Int) -> Cell { storage[base(y) + x] }

    /// Empties cells `from..<to` of visible row `y` with the given background style id.
    func clear(row y: Int, from: Int = 0, to: Int? = nil, styleID: UInt16 = 0) {
        let end = min(to ?? columns, columns)
        guard from < end else { return }
        let physical = rowMap[y]
        let start = physical * columns
        if rowHasGraphemes[physical] {
            // Only cells flagged as clusters have an entry to remove (no hashing per cell).
            for i in (start + from)..<(start + end) where storage[i].flags.contains(.grapheme) {
                graphemes[i] = nil
            }
        }
        (storage + start + from).update(repeating: Cell(codepoint: 0, styleID: styleID, flags: []), count: end - from)
    }

    /// Empties visible row `y` entirely and resets its row info.
    func reset(row y: Int, styleID: UInt16 = 0) {
        clear(row: y, styleID: styleID)
        rowInfo[rowMap[y]] = RowInfo()
        rowHasGraphemes[rowMap[y]] = false
    }

    /// True when visible row `y` shows nothing (no text in any cell).
    func isBlank(row y: Int) -> Bool {
        let start = base(y)
        for x in 0..<columns where storage[start + x].codepoint != 0 { return false }
        return true
    }

    /// Moves visible rows `top...bottom` up by `count`; the rows that fall off the top come back,
    /// cleared, at the bottom. `evict` sees each departing row before it is cleared.
    func scrollUp(top: Int, bottom: Int, count: Int, fillStyleID: UInt16 = 0, evict: ((Int) -> Void)? = nil) {
        let n = min(count, bottom - top + 1)
        guard n > 0 else { return }
        for _ in 0..<n {
            evict?(top)
            let departing = rowMap[top]
            for y in top..<bottom { rowMap[y] = rowMap[y + 1] }
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
            var y = bottom
            while y > top { rowMap[y] = rowMap[y - 1]; y -= 1 }
            rowMap[top] = departing
            reset(row: top, styleID: fillStyleID)
        }
    }

    /// The grapheme tail stored for cell `x` of visible row `y`.
    func graphemeTail(_ x: Int, _ y: Int) -> [Unicode.Scalar] {
        graphemes[base(y) + x] ?? []
    }

    func setGraphemeTail(_ tail: [Unicode.Scalar]?, _ x: Int, _ y: Int) {
        let index = base(y) + x
        graphemes[index] = tail
        if tail != nil { rowHasGraphemes[rowMap[y]] = true }
    }

    /// The style id for `style`, compacting the table when it is full. Never fails: if every
    /// slot is still in use after compaction the default style is used.
    func styleID(for style: Style) -> UInt16 {
        if let id = styles.id(for: style) { return id }
        compactStyles()
        return styles.id(for: style) ?? 0
    }

    private func compactStyles() {
        var used = [Bool](repeating: false, count: StyleTable.capacity)
        let count = columns * rows
        for i in 0..<count where storage[i].styleID != 0 { used[Int(storage[i].styleID)] = true }
        let remap = styles.compact(keeping: used)
        for i in 0..<count where storage[i].styleID != 0 {
            storage[i].styleID = remap[Int(storage[i].styleID)]
        }
    }

    /// Changes the grid's size without reflowing: rows keep their first `columns` cells, rows
    /// added at the bottom are blank. (The emulator handles history and reflow around this.)
    func resize(columns newColumns: Int, rows newRows: Int) {
        let newStorage = Grid.allocate(count: newColumns * newRows)
        var newInfo = [RowInfo](repeating: RowInfo(), count: newRows)
        var newGraphemes: [Int: [Unicode.Scalar]] = [:]
        var newHas = [Bool](repeating: false, count: newRows)
        let keep = min(newColumns, columns)
        for y in 0..<min(rows, newRows) {
            let old = base(y)
            for x in 0..<keep {
                newStorage[y * newColumns + x] = storage[old + x]
                if let tail = graphemes[old + x] { newGraphemes[y * newColumns + x] = tail; newHas[y] = true }
            }
            newInfo[y] = rowInfo[rowMap[y]]
            if keep < columns { newInfo[y].wrapped = false }
        }
        columns = newColumns
        rows = newRows
        storage.deallocate()
        storage = newStorage
        rowInfo = newInfo
        graphemes = newGraphemes
        rowHasGraphemes = newHas
        rowMap = Array(0..<newRows)
    }
}
