import OwnedMemory
import PageStore

/// Turns history rows, handed over by the page store oldest first, into logical lines.
///
/// It is the page list's eviction sink: every row reaches it exactly once, before its page can
/// be released, so no line is lost to pruning. A row whose `wrapped` flag is set continues on
/// the next row; the line completes at the first row without it.
public final class LineAssembler: EvictionSink {
    private let consumer: LineConsumer
    /// UTF-8 of the line being assembled, including trailing blanks (trimmed on completion):
    /// `textCount` bytes of `text.count`. An owned buffer rather than an array: lending an
    /// array property to the consumer cost a retain, a release and a uniqueness check per line.
    private var text = OwnedBuffer<UInt8>(repeating: 0, count: 1024)
    private var textCount = 0
    /// Byte length of the text up to the last non-blank character.
    private var contentLength = 0
    /// The line's style runs, `runCount` of `runs.count`: an owned buffer for the same reason
    /// as `text` (an array lent to the consumer was retained and released around every styled
    /// line).
    private var runs = OwnedBuffer(repeating: LogicalLine.StyleRun(start: 0, length: 0, style: .default), count: 16)
    private var runCount = 0
    private var timestamp: Int64 = 0
    /// The last completed line's time, for a line none of whose rows was ever written.
    private var previousTimestamp: Int64 = 0
    private var mark = SemanticMark.none
    private var commandTag: UInt8 = 0
    private var hidden = false
    private var inLine = false

    public private(set) var linesCompleted = 0

    /// A row's UTF-8 is at most 4 bytes for each cell's first scalar and 4 for each of its
    /// extra scalars; that much room is reserved in `text` before a row is written into it.
    private static let maximumTailScalars = 32
    private static let maximumBytesPerCell = 4 * (1 + maximumTailScalars)

    public init(consumer: LineConsumer) {
        self.consumer = consumer
    }

    /// Makes room for `count` more bytes after the line's text: rows are written straight into
    /// it (a row written into scratch memory and then copied cost a memmove per row).
    @inline(__always) private func reserveText(_ count: Int) {
        if textCount + count > text.count { growText(toHold: textCount + count) }
    }

    @inline(never) private func growText(toHold needed: Int) {
        var capacity = text.count
        while capacity < needed { capacity *= 2 }
        text.resize(to: capacity, keeping: textCount, filler: 0)
    }

    public func handOver(_ row: RowView) {
        let info = row.info
        // The row before said it wraps, but this row does not continue it (the continuation was
        // cleared, deleted or scrolled away after the wrap): that line ends here, as tmux
        // unwraps a row whose continuation is emptied or replaced.
        if inLine && !info.wrapContinuation { complete() }
        inLine = true
        timestamp = max(timestamp, info.timestamp)
        hidden = hidden || info.hidden
        // The first mark wins, except that a prompt marks its line whatever came before it
        // (output without a final newline shares the prompt's row).
        if info.mark != .none && (mark == .none || (info.mark == .prompt && mark != .prompt)) {
            mark = info.mark
            commandTag = info.commandTag
        }
        if row.isPlainASCII {
            appendPlain(row, wrapped: info.wrapped)
            return
        }
        // An empty row that wraps (the cursor wrapped from a row it never wrote) adds nothing to
        // the line, as tmux joins it: there are no cells in use to print.
        if info.wrapped && Self.isEmpty(row) { return }
        reserveText(row.columns * Self.maximumBytesPerCell)
        row.withCells { cells in appendStyled(cells, of: row, wrapped: info.wrapped) }
        if !info.wrapped || textCount >= Self.maximumLineBytes { complete() }
    }

    /// A row with styles, wide characters or graphemes. Its UTF-8 is written through a pointer
    /// straight after the line's text (room reserved by the caller): per-cell Array appends
    /// (capacity and uniqueness checks) were most of the cost of assembling a line.
    ///
    /// Everything the loop needs is a parameter or a local, so the `withCells` closure that
    /// calls it captures nothing by reference (a loop written inside the closure did, and ran
    /// slower than reading `row.cell(x)`).
    private func appendStyled(_ cells: UnsafeBufferPointer<Cell>, of row: RowView, wrapped: Bool) {
        let columns = cells.count
        let base = textCount
        let p = text.baseAddress + base
        let words = UnsafeRawPointer(cells.baseAddress!)
        // Cells past the last written one are plain blanks: trimmed at the end of a line,
        // spaces inside a wrapped one. They are written in bulk below.
        let used = Self.cellsInUse(words, columns: columns)
        var n = 0
        var currentStyleID: UInt16 = 0
        var currentStyle = Style.default
        var runStart = base
        // Where the last cell that is text but not a single ASCII byte ended (see below).
        var specialEnd = 0
        let spacers = Cell.Flags.spacerTail.rawValue | Cell.Flags.spacerHead.rawValue
        let grapheme = Cell.Flags.grapheme.rawValue
        var graphemeCursor = RowView.GraphemeCursor()
        // A cell whose text is its low byte: codepoint below 0x80 (0 for never written), no
        // flags, and the style id the run already has. Such a cell is one 64-bit load and one
        // comparison (`Page.cellLayoutIsAsAssumed`: codepoint in the low half, style id above
        // it, flags on top); most cells of a colourful row are of this kind.
        var plainKey: UInt64 = 0
        var x = 0
        while x < used {
            let word = words.load(fromByteOffset: x &* 8, as: UInt64.self)
            if word & ~0x7F == plainKey {
                let byte = UInt8(truncatingIfNeeded: word)
                p[n] = byte == 0 ? 0x20 : byte
                n &+= 1
                x &+= 1
                continue
            }
            let cell = cells[x]
            let flags = cell.flags.rawValue
            if flags & spacers != 0 { x += 1; continue }
            // Style runs follow text cells; blanks keep the style they were erased with
            // but only matter when text follows them.
            if cell.styleID != currentStyleID {
                let style = cell.styleID == 0 ? Style.default : row.style(cell.styleID)
                if style != currentStyle {
                    closeRun(style: currentStyle, from: runStart, to: base + n)
                    currentStyle = style
                    runStart = base + n
                }
                currentStyleID = cell.styleID
                plainKey = UInt64(currentStyleID) << 32
                if word & ~0x7F == plainKey { continue }  // read again by the fast test
            }
            let codepoint = cell.codepoint
            if codepoint < 0x80 && flags & grapheme == 0 {
                p[n] = codepoint == 0 ? 0x20 : UInt8(truncatingIfNeeded: codepoint)
                n += 1
                x += 1
                continue
            }
            n += Self.encode(codepoint, into: p + n)
            if flags & grapheme != 0 {
                var written = 0
                row.forEachGraphemeScalar(x, from: &graphemeCursor) { scalar in
                    // Clusters are bounded at 32 extra scalars; the bound here is a backstop.
                    if written < Self.maximumTailScalars {
                        n += Self.encode(scalar.value, into: p + n)
                        written += 1
                    }
                }
            }
            // A space carrying combining marks is text, not a trailing blank.
            specialEnd = n
            x += 1
        }
        closeRun(style: currentStyle, from: runStart, to: base + n)
        // The text ends after the last cell that is not a blank: the later of the last byte that
        // is not a space (blank cells write only spaces, and UTF-8 of other characters has no
        // 0x20 byte) and the end of the last multi-byte or grapheme cell, whatever scalar its
        // cluster ends with: the same end as marking each text cell as it is written.
        var last = n
        while last > specialEnd && p[last &- 1] == 0x20 { last -= 1 }
        if last > 0 { contentLength = base + last }
        if used < columns && wrapped {
            (p + n).initialize(repeating: 0x20, count: columns - used)
            n += columns - used
        }
        textCount = base + n
    }

    /// The common row: default style, ASCII only. Its text is each cell's low byte (a blank
    /// for a never-written cell), copied in a loop the compiler vectorises; it adds no style run.
    ///
    /// Every cell is read once, front to back, so that consecutive rows (adjacent in the page)
    /// are one stream the prefetcher follows. Finding the last cell in use first, by reading the
    /// row from its end, touched each row out of order: that first load missed the cache for
    /// nearly every row and was ~60% of this function's time in a 256 MiB burst. The blank tail
    /// is copied as spaces instead: a row that does not wrap ends the line, whose trailing blanks
    /// are trimmed (`contentLength`), and a wrapped row keeps all its columns anyway.
    private func appendPlain(_ row: RowView, wrapped: Bool) {
        let columns = row.columns
        reserveText(columns)
        let p = text.baseAddress + textCount
        let any = row.withCells { cells -> UInt64 in
            let words = UnsafeRawPointer(cells.baseAddress!)
            // A plain cell's codepoint is below 0x80, so its text is the cell's first byte
            // (little-endian; `Page.cellLayoutIsAsAssumed`). Read as words at a stride of 8,
            // the loop vectorises; read as `cells[x].codepoint` it did not.
            var any: UInt64 = 0
            for x in 0..<columns {
                let word = words.load(fromByteOffset: x &* 8, as: UInt64.self)
                let byte = UInt8(truncatingIfNeeded: word)
                p[x] = byte == 0 ? 0x20 : byte
                any |= word
            }
            return any
        }
        // An empty row that wraps adds nothing (see `handOver`).
        if wrapped && any == 0 { return }
        var last = columns
        while last > 0 && p[last &- 1] == 0x20 { last &-= 1 }
        if last > 0 { contentLength = textCount + last }
        textCount += columns
        if !wrapped || textCount >= Self.maximumLineBytes { complete() }
    }

    /// The number of cells up to the last one that is not all zero bits (a never-written,
    /// default-styled, flagless cell). The blank tail is skipped eight cells (64 bytes) a step,
    /// then four, then cell by cell: a wrapped line leaves most of its last row blank.
    @inline(__always)
    private static func cellsInUse(_ words: UnsafeRawPointer, columns: Int) -> Int {
        var used = columns
        while used >= 8 {
            let offset = (used &- 8) &* 8
            var any: UInt64 = 0
            for k in 0..<8 { any |= words.load(fromByteOffset: offset &+ k &* 8, as: UInt64.self) }
            if any != 0 { break }
            used &-= 8
        }
        while used >= 4 {
            let offset = (used &- 4) &* 8
            let any = words.load(fromByteOffset: offset, as: UInt64.self) | words.load(fromByteOffset: offset &+ 8, as: UInt64.self)
                | words.load(fromByteOffset: offset &+ 16, as: UInt64.self) | words.load(fromByteOffset: offset &+ 24, as: UInt64.self)
            if any != 0 { break }
            used &-= 4
        }
        while used > 0 && words.load(fromByteOffset: (used &- 1) &* 8, as: UInt64.self) == 0 { used &-= 1 }
        return used
    }

    /// A line that never ends (100 MB without a newline) is delivered in pieces of about this
    /// many bytes, each a line of its own: memory stays bounded and every piece fits a chunk.
    /// Real lines, even 1 MB ones, are far below it and come out whole.
    static let maximumLineBytes = 4 << 20

    private static func isEmpty(_ row: RowView) -> Bool {
        for x in 0..<row.columns where row.cell(x).codepoint != 0 { return false }
        return true
    }

    /// Completes a line whose last row said it wraps but whose continuation never came (the
    /// session ended).
    public func finish() {
        if inLine { complete() }
    }

    private func closeRun(style: Style, from start: Int, to end: Int) {
        guard !style.isDefault, start < end else { return }
        if runCount > 0 {
            let last = runs.baseAddress + (runCount - 1)
            if last.pointee.style == style && last.pointee.start + last.pointee.length == start {
                last.pointee.length = end - last.pointee.start
                return
            }
        }
        if runCount == runs.count { growRuns() }
        runs[runCount] = .init(start: start, length: end - start, style: style)
        runCount += 1
    }

    @inline(never) private func growRuns() {
        runs.grow(toAtLeast: runCount + 1, filler: LogicalLine.StyleRun(start: 0, length: 0, style: .default))
    }

    private func complete() {
        let length = contentLength
        // Runs are clipped to the trimmed text in place: they are dropped right after.
        var kept = 0
        for i in 0..<runCount where runs[i].start < length {
            var run = runs[i]
            run.length = min(run.length, length - run.start)
            runs[kept] = run
            kept += 1
        }
        linesCompleted += 1
        // A blank line's rows were only passed through by the cursor, never written, so they
        // carry no time: it appeared with the line before it.
        if timestamp == 0 { timestamp = previousTimestamp } else { previousTimestamp = timestamp }
        let line = UnsafeBufferPointer(start: text.baseAddress, count: length)
        consumer.lineCompleted(borrowing: BorrowedLine(
            text: line, timestamp: timestamp, mark: mark, commandTag: commandTag,
            styleRuns: UnsafeBufferPointer(start: runs.baseAddress, count: kept), hidden: hidden))
        textCount = 0
        runCount = 0
        contentLength = 0
        timestamp = 0
        mark = .none
        commandTag = 0
        hidden = false
        inLine = false
    }

    /// Writes `value` as UTF-8 at `p`; returns the number of bytes.
    @inline(__always) private static func encode(_ value: UInt32, into p: UnsafeMutablePointer<UInt8>) -> Int {
        switch value {
        case 0..<0x80:
            p[0] = UInt8(value)
            return 1
        case 0x80..<0x800:
            p[0] = UInt8(0xC0 | value >> 6)
            p[1] = UInt8(0x80 | value & 0x3F)
            return 2
        case 0x800..<0x10000:
            p[0] = UInt8(0xE0 | value >> 12)
            p[1] = UInt8(0x80 | value >> 6 & 0x3F)
            p[2] = UInt8(0x80 | value & 0x3F)
            return 3
        default:
            p[0] = UInt8(0xF0 | value >> 18 & 0x07)
            p[1] = UInt8(0x80 | value >> 12 & 0x3F)
            p[2] = UInt8(0x80 | value >> 6 & 0x3F)
            p[3] = UInt8(0x80 | value & 0x3F)
            return 4
        }
    }
}
