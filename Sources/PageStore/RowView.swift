/// A read-only view of one history row, lent out by the page list. It points into page memory,
/// so it is valid only during the `handOver` / `forEachRow` call that provided it; reading it
/// costs no allocation (except `graphemeTail`, which builds an array; graphemes are rare).
public struct RowView {
    @usableFromInline let record: RowRecord
    @usableFromInline let cells: UnsafePointer<Cell>
    public let columns: Int
    @usableFromInline let styles: UnsafePointer<Style>
    @usableFromInline let styleCount: Int
    /// The row's first grapheme entry: a header word (column | count << 16), then the scalars.
    @usableFromInline let graphemes: UnsafePointer<UInt32>

    @inlinable
    init(record: RowRecord, cells: UnsafePointer<Cell>, columns: Int,
         styles: UnsafePointer<Style>, styleCount: Int, graphemes: UnsafePointer<UInt32>) {
        self.record = record
        self.cells = cells
        self.columns = columns
        self.styles = styles
        self.styleCount = styleCount
        self.graphemes = graphemes
    }

    /// Row `index` of a page whose regions start at these addresses: where `Page.rowView` and
    /// `LentRows` find a row's cells and grapheme entries.
    @inlinable
    init(row index: Int, records: UnsafePointer<RowRecord>, cells: UnsafePointer<Cell>, columns: Int,
         styles: UnsafePointer<Style>, styleCount: Int, graphemes: UnsafePointer<UInt32>) {
        let record = records[index]
        self.init(record: record, cells: cells + index * columns, columns: columns,
                  styles: styles, styleCount: styleCount, graphemes: graphemes + Int(record.graphemeStart))
    }

    @inlinable public var info: RowInfo { record.info }

    /// True when the page saw, as it stored the row, that every cell is default-styled and
    /// flagless with a codepoint below 0x80 (0 for never written): its text is the low byte of
    /// each cell, so readers can copy it without looking up styles or graphemes. False means
    /// "not known to be plain", not "certainly special".
    @inlinable public var isPlainASCII: Bool { record.flags & RowRecord.plainASCIIFlag != 0 }

    @inlinable
    public func cell(_ x: Int) -> Cell {
        precondition(x >= 0 && x < columns, "column \(x) out of 0..<\(columns)")
        return cells[x]
    }

    /// Lends the row's cells as a buffer, for loops that read every cell (no per-cell bounds
    /// check beyond the buffer's own).
    @inlinable
    public func withCells<Result>(_ body: (UnsafeBufferPointer<Cell>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: cells, count: columns))
    }

    /// The style for an id found in this row's cells; unknown ids read as the default style.
    @inlinable
    public func style(_ id: UInt16) -> Style {
        Int(id) < styleCount ? styles[Int(id)] : .default
    }

    /// Extra scalars of the cluster in cell `x` (those after `cell(x).codepoint`).
    public func graphemeTail(_ x: Int) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        forEachGraphemeScalar(x) { result.append($0) }
        return result
    }

    /// Calls `body` with each extra scalar of the cluster in cell `x`, without allocating.
    @inlinable
    public func forEachGraphemeScalar(_ x: Int, _ body: (Unicode.Scalar) -> Void) {
        guard x >= 0 && x < columns && cells[x].flags.contains(.grapheme) else { return }
        var word = 0
        for _ in 0..<Int(record.graphemeEntries) {
            let header = graphemes[word]
            let count = Int(header >> 16)
            if Int(header & 0xFFFF) == x {
                var i = 1
                while i <= count {
                    body(Unicode.Scalar(graphemes[word + i]) ?? "\u{FFFD}")
                    i += 1
                }
                return
            }
            word += 1 + count
        }
    }

    /// Where a left-to-right reader is in the row's grapheme entries (see
    /// `forEachGraphemeScalar(_:from:_:)`).
    public struct GraphemeCursor {
        @usableFromInline var word = 0
        @usableFromInline var entry = 0
        public init() {}
    }

    /// `forEachGraphemeScalar(_:_:)` for a reader that asks for cells in increasing column
    /// order with the same `cursor`: entries are stored in column order, so each is passed
    /// once instead of scanning the entries from the row's first one for every cell.
    @inlinable
    public func forEachGraphemeScalar(_ x: Int, from cursor: inout GraphemeCursor, _ body: (Unicode.Scalar) -> Void) {
        guard x >= 0 && x < columns && cells[x].flags.contains(.grapheme) else { return }
        let entries = Int(record.graphemeEntries)
        while cursor.entry < entries {
            let header = graphemes[cursor.word]
            let column = Int(header & 0xFFFF)
            if column > x { return }
            let count = Int(header >> 16)
            cursor.word += 1 + count
            cursor.entry += 1
            if column == x {
                let start = cursor.word - count
                for i in 0..<count { body(Unicode.Scalar(graphemes[start + i]) ?? "\u{FFFD}") }
                return
            }
        }
    }
}
