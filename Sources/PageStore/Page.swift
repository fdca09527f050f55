/// One page of history: row records, a cell grid, a style table and grapheme storage, laid out
/// in a single mapping (see `PageLayout`). History rows are written once, in order.
///
/// `Page` is the only type that touches the mapping; everything else goes through its methods
/// or through a `RowView` it lends out for the duration of a closure call. It is a plain
/// handle (pointer + layout, no reference counting, so the per-row path costs no ARC or
/// exclusivity checks); all mutable state, counters included, lives in the mapping. The
/// `PageNode` holding it owns the memory and is the only one that releases it. The mapping
/// itself (base, true length, owner) is the immutable `allocation`; the layout is separate, so
/// giving the memory a new layout can never alter what is released later.
@usableFromInline
struct Page {
    @usableFromInline let allocation: Allocation
    @usableFromInline let layout: PageLayout

    /// Formats `allocation` (a fresh mapping, or one recycled through the pool with whatever a
    /// page of any width left in it) as an empty page of `capacity`.
    ///
    /// Only what a page reads before writing is cleared here: the header and the style slot
    /// table (0 marks an empty slot; 2 KiB for a standard page). Row records and cells are
    /// not: `append` writes every cell of a row (padding included) and its record before the
    /// row is counted, and nothing reads past `rowCount`. Styles and grapheme words are not
    /// either: they are read only below the counts the header keeps. Zeroing the whole 400 KiB
    /// on every recycle was the largest single cost of emulating plain log output (15%), and
    /// clearing the 44 KiB of styles and graphemes 4% of it.
    init(formatting allocation: Allocation, capacity: Capacity) {
        let layout = PageLayout(capacity)
        precondition(layout.totalBytes <= allocation.length, "layout needs \(layout.totalBytes) bytes, allocation has \(allocation.length)")
        self.allocation = allocation
        self.layout = layout
        let base = allocation.base
        base.initializeMemory(as: UInt8.self, repeating: 0, count: layout.rowsOffset)
        (base + layout.styleSlotsOffset).initializeMemory(as: UInt8.self, repeating: 0, count: layout.styleSlotCount * MemoryLayout<UInt16>.stride)
        header.pointee = PageHeader(rowCount: 0, styleCount: 1, graphemeWordsUsed: 0)
        styles[0] = .default
    }

    @inlinable var header: UnsafeMutablePointer<PageHeader> {
        allocation.base.assumingMemoryBound(to: PageHeader.self)
    }
    @inlinable var rowCount: Int { header.pointee.rowCount }
    /// Styles in use including the default at id 0.
    @inlinable var styleCount: Int { header.pointee.styleCount }
    @inlinable var graphemeWordsUsed: Int { header.pointee.graphemeWordsUsed }

    @inlinable var capacity: Capacity { layout.capacity }
    @inlinable var columns: Int { layout.capacity.columns }
    @inlinable var isFull: Bool { rowCount >= layout.capacity.rows }

    // MARK: Region pointers (valid while the page is alive)

    @inlinable var records: UnsafeMutablePointer<RowRecord> {
        (allocation.base + layout.rowsOffset).assumingMemoryBound(to: RowRecord.self)
    }
    @inlinable var cells: UnsafeMutablePointer<Cell> {
        (allocation.base + layout.cellsOffset).assumingMemoryBound(to: Cell.self)
    }
    @inlinable var styles: UnsafeMutablePointer<Style> {
        (allocation.base + layout.stylesOffset).assumingMemoryBound(to: Style.self)
    }
    @inlinable var styleSlots: UnsafeMutablePointer<UInt16> {
        (allocation.base + layout.styleSlotsOffset).assumingMemoryBound(to: UInt16.self)
    }
    @inlinable var graphemes: UnsafeMutablePointer<UInt32> {
        (allocation.base + layout.graphemesOffset).assumingMemoryBound(to: UInt32.self)
    }

    // MARK: Appending

    enum AppendOutcome: Equatable {
        case appended
        /// Every row slot is used: the list must start a new page.
        case pageFull
        /// The row's styles or graphemes do not fit; grow the page (or start a new one) and retry.
        case needsRoom
    }

    /// Writes one row. A plain row (default style, no graphemes) costs a copy, one scan and a
    /// record write; styled or grapheme cells take the slower remapping path. Nothing is
    /// committed unless the whole row fits (styles interned on a failed attempt stay interned,
    /// which is harmless: they are deduped and the retry reuses them).
    @inline(__always)
    func append(_ info: RowInfo, cells source: UnsafeBufferPointer<Cell>,
                style: (UInt16) -> Style, graphemeTail: GraphemeTailVisitor) -> AppendOutcome {
        guard rowCount < layout.capacity.rows else { return .pageFull }
        let columns = layout.capacity.columns
        let row = cells + rowCount * columns
        let copied = min(source.count, columns)
        var any = copied > 0 ? Page.copyCells(from: source.baseAddress!, to: row, count: copied) : 0
        if copied < columns { (row + copied).update(repeating: .empty, count: columns - copied) }
        if source.count > columns && row[columns - 1].flags.contains(.wide) {
            // The wide character's right half was cut off: keep the column as padding.
            row[columns - 1] = Cell(codepoint: 0, styleID: row[columns - 1].styleID, flags: .spacerHead)
            any = Page.unionOfBits(UnsafePointer(row), count: copied)
        }
        if any & Page.specialBitsMask != 0 {
            return appendSpecial(info, row: row, count: copied, style: style, graphemeTail: graphemeTail)
        }
        var record = RowRecord(info, graphemeStart: UInt32(graphemeWordsUsed), graphemeEntries: 0)
        if any & Page.notPlainASCIIMask == 0 { record.flags |= RowRecord.plainASCIIFlag }
        records[rowCount] = record
        header.pointee.rowCount += 1
        return .appended
    }

    /// Copies `count` cells and returns the bitwise OR of them read as 8-byte words (see
    /// `unionOfBits`), in one pass: reading the row back after a memcpy stalled on the bytes
    /// just stored (62% of the append's cycles sat on the OR of the first loads).
    @inline(__always)
    static func copyCells(from source: UnsafePointer<Cell>, to target: UnsafeMutablePointer<Cell>, count: Int) -> UInt64 {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        var any: UInt64 = 0
        for x in 0..<count {
            let word = from.load(fromByteOffset: x &* 8, as: UInt64.self)
            to.storeBytes(of: word, toByteOffset: x &* 8, as: UInt64.self)
            any |= word
        }
        return any
    }

    /// The bitwise OR of every cell read as one 8-byte word: one pass (a loop the compiler
    /// vectorises) answers both "does any cell need remapping" and "is the row plain ASCII".
    @inline(__always)
    static func unionOfBits(_ cells: UnsafePointer<Cell>, count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(cells)
        var any: UInt64 = 0
        for x in 0..<count { any |= raw.load(fromByteOffset: x &* 8, as: UInt64.self) }
        return any
    }

    /// styleID (bytes 4-5) and the grapheme flag (in bytes 6-7) of a cell read as a
    /// little-endian UInt64; `cellLayoutIsAsAssumed` guards the assumption.
    static let specialBitsMask: UInt64 = 0xFFFF << 32 | UInt64(Cell.Flags.grapheme.rawValue) << 48
    /// Everything but the low 7 bits of the codepoint: a row whose cells show none of these
    /// bits is default-styled, flagless ASCII (or never written), which line assembly copies
    /// byte for byte.
    static let notPlainASCIIMask: UInt64 = ~UInt64(0x7F)
    static let cellLayoutIsAsAssumed: Bool =
        MemoryLayout<Cell>.size == 8 && MemoryLayout<Cell>.offset(of: \Cell.styleID) == 4
        && MemoryLayout<Cell>.offset(of: \Cell.flags) == 6 && UInt16(littleEndian: 1) == 1

    @inline(never)
    private func appendSpecial(_ info: RowInfo, row: UnsafeMutablePointer<Cell>, count copied: Int,
                               style: (UInt16) -> Style, graphemeTail: GraphemeTailVisitor) -> AppendOutcome {
        let graphemeStart = graphemeWordsUsed
        guard let entries = remapSpecialCells(row, count: copied, style: style, graphemeTail: graphemeTail) else {
            return .needsRoom
        }
        records[rowCount] = RowRecord(info, graphemeStart: UInt32(graphemeStart), graphemeEntries: UInt16(entries))
        header.pointee.rowCount += 1
        return .appended
    }

    /// Rewrites caller style ids into page ids and stores grapheme tails. Returns the number of
    /// grapheme entries, or nil (with grapheme storage rolled back) when the page lacks room.
    @inline(never)
    private func remapSpecialCells(_ row: UnsafeMutablePointer<Cell>, count: Int,
                                   style: (UInt16) -> Style, graphemeTail: GraphemeTailVisitor) -> Int? {
        let header = self.header
        let rollback = header.pointee.graphemeWordsUsed
        var entries = 0
        // The caller's ids are only meaningful within this call, so the cache is per row.
        var lastCallerID: UInt16 = 0
        var lastPageID: UInt16 = 0
        let words = UnsafeRawPointer(row)
        for x in 0..<count {
            // Default-styled cells without a tail (blanks, plain text) need nothing: skip them
            // on one load and test instead of rewriting every cell.
            let special = words.load(fromByteOffset: x &* 8, as: UInt64.self) & Page.specialBitsMask
            if special == 0 { continue }
            // The style of the cell before and no tail (a run of one colour): only the id is
            // rewritten, in place.
            if special == UInt64(lastCallerID) << 32 {
                UnsafeMutableRawPointer(row).storeBytes(of: lastPageID, toByteOffset: x &* 8 &+ 4, as: UInt16.self)
                continue
            }
            var cell = row[x]
            if cell.styleID != 0 {
                if cell.styleID != lastCallerID {
                    guard let id = intern(style(cell.styleID)) else {
                        header.pointee.graphemeWordsUsed = rollback
                        return nil
                    }
                    lastCallerID = cell.styleID
                    lastPageID = id
                }
                cell.styleID = lastPageID
            }
            if cell.flags.contains(.grapheme) {
                // The scalars go straight into the page after a header word written last;
                // `fits` turns false (and the row is rolled back) when the page is short.
                let used = header.pointee.graphemeWordsUsed
                let room = layout.graphemeWords - used - 1
                let words = graphemes + used
                var n = 0
                var fits = room >= 0
                graphemeTail(x) { scalar in
                    guard n < Page.maximumTailScalars else { return }
                    if n < room { words[1 + n] = scalar.value } else { fits = false }
                    n += 1
                }
                if n == 0 {
                    cell.flags.remove(.grapheme)
                } else {
                    guard fits else {
                        header.pointee.graphemeWordsUsed = rollback
                        return nil
                    }
                    words[0] = UInt32(x) | UInt32(n) << 16
                    header.pointee.graphemeWordsUsed = used + 1 + n
                    entries += 1
                }
            }
            row[x] = cell
        }
        return entries
    }

    /// A cluster keeps at most this many extra scalars (the entry header stores the count in 16 bits).
    static let maximumTailScalars = Int(UInt16.max)

    /// Grapheme words and new style ids a row would need in an empty page (for growth sizing).
    static func requirements(of source: UnsafeBufferPointer<Cell>, columns: Int,
                             graphemeTail: GraphemeTailVisitor) -> (graphemeWords: Int, styles: Int) {
        var words = 0
        var ids = Set<UInt16>()
        for x in 0..<min(source.count, columns) {
            let cell = source[x]
            if cell.styleID != 0 { ids.insert(cell.styleID) }
            if cell.flags.contains(.grapheme) {
                var n = 0
                graphemeTail(x) { _ in n += 1 }
                n = min(n, maximumTailScalars)
                if n > 0 { words += 1 + n }
            }
        }
        return (words, ids.count)
    }

    var freeStyles: Int { layout.capacity.styles - styleCount }
    var freeGraphemeWords: Int { layout.graphemeWords - graphemeWordsUsed }

    // MARK: Style interning

    /// The page id of `style`, adding it if new; nil when the table is full.
    @usableFromInline
    func intern(_ style: Style) -> UInt16? {
        if style == .default { return 0 }
        let mask = layout.styleSlotCount - 1
        var slot = style.tableHash & mask
        while true {
            let id = styleSlots[slot]
            if id == 0 {
                guard styleCount < layout.capacity.styles else { return nil }
                let newID = UInt16(styleCount)
                styles[styleCount] = style
                styleSlots[slot] = newID
                header.pointee.styleCount += 1
                return newID
            }
            if styles[Int(id)] == style { return id }
            slot = (slot + 1) & mask
        }
    }

    // MARK: Reading

    @inlinable
    func rowView(_ index: Int) -> RowView {
        precondition(index >= 0 && index < rowCount, "row \(index) out of 0..<\(rowCount)")
        return RowView(row: index, records: records, cells: cells, columns: layout.capacity.columns,
                       styles: styles, styleCount: styleCount, graphemes: graphemes)
    }

    // MARK: Growth

    /// Copies every row, style and grapheme into `target`, which must have the same columns and
    /// at least as many rows, styles and grapheme words. Offsets stay valid because each
    /// region is copied as a block and style ids / grapheme word indices are page-relative.
    func copyContents(into target: Page) {
        precondition(target.layout.capacity.columns == columns && target.layout.capacity.rows >= rowCount
                     && target.layout.capacity.styles >= styleCount && target.layout.graphemeWords >= graphemeWordsUsed)
        precondition(target.rowCount == 0 && target.styleCount == 1 && target.graphemeWordsUsed == 0, "target must be empty")
        target.records.update(from: records, count: rowCount)
        target.cells.update(from: cells, count: rowCount * columns)
        target.graphemes.update(from: graphemes, count: graphemeWordsUsed)
        for id in 1..<styleCount {
            let added = target.intern(styles[id])
            precondition(added == UInt16(id), "style ids must survive growth")
        }
        target.header.pointee.rowCount = rowCount
        target.header.pointee.graphemeWordsUsed = graphemeWordsUsed
    }
}

/// A page's counters, stored at the start of its mapping (so the `Page` handle stays a value).
@usableFromInline
struct PageHeader {
    @usableFromInline var rowCount: Int
    @usableFromInline var styleCount: Int
    @usableFromInline var graphemeWordsUsed: Int
}
