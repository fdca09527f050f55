import PageStore

/// Turns history rows, handed over by the page store oldest first, into logical lines.
///
/// It is the page list's eviction sink: every row reaches it exactly once, before its page can
/// be released, so no line is lost to pruning. A row whose `wrapped` flag is set continues on
/// the next row; the line completes at the first row without it.
public final class LineAssembler: EvictionSink {
    private let consumer: LineConsumer
    /// UTF-8 of the line being assembled, including trailing blanks (trimmed on completion).
    private var bytes: [UInt8] = []
    /// Byte length of `bytes` up to the last non-blank character.
    private var contentLength = 0
    private var runs: [LogicalLine.StyleRun] = []
    private var timestamp: Int64 = 0
    private var mark = SemanticMark.none
    private var inLine = false

    public private(set) var linesCompleted = 0

    public init(consumer: LineConsumer) {
        self.consumer = consumer
        bytes.reserveCapacity(1024)
    }

    public func handOver(_ row: RowView) {
        let info = row.info
        // The row before said it wraps, but this row does not continue it (the continuation was
        // cleared, deleted or scrolled away after the wrap): that line ends here, as tmux
        // unwraps a row whose continuation is emptied or replaced.
        if inLine && !info.wrapContinuation { complete() }
        inLine = true
        timestamp = max(timestamp, info.timestamp)
        if mark == .none { mark = info.mark }
        // An empty row that wraps (the cursor wrapped from a row it never wrote) adds nothing to
        // the line, as tmux joins it: there are no cells in use to print.
        if info.wrapped && Self.isEmpty(row) { return }
        // Work on locals: the loop runs per cell, and class-held properties would cost an
        // access check and a uniqueness check on every append.
        var out = bytes
        bytes = []
        var content = contentLength
        var currentStyleID: UInt16 = 0
        var currentStyle = Style.default
        var runStart = out.count
        let spacers: Cell.Flags = [.spacerTail, .spacerHead]
        let grapheme: Cell.Flags = .grapheme
        out.reserveCapacity(out.count + 4 * row.columns)
        for x in 0..<row.columns {
            let cell = row.cell(x)
            if !cell.flags.isDisjoint(with: spacers) { continue }
            // Style runs follow text cells; blanks keep the style they were erased with
            // but only matter when text follows them.
            if cell.styleID != currentStyleID {
                let style = cell.styleID == 0 ? Style.default : row.style(cell.styleID)
                if style != currentStyle {
                    closeRun(style: currentStyle, from: runStart, to: out.count)
                    currentStyle = style
                    runStart = out.count
                }
                currentStyleID = cell.styleID
            }
            let codepoint = cell.codepoint
            if codepoint < 0x80 {
                if codepoint == 0 { out.append(0x20); continue }
                out.append(UInt8(truncatingIfNeeded: codepoint))
                if codepoint != 0x20 || cell.flags.contains(grapheme) { content = out.count }
                if !cell.flags.contains(grapheme) { continue }
            } else {
                Self.append(codepoint, to: &out)
            }
            if cell.flags.contains(grapheme) {
                for scalar in row.graphemeTail(x) { Self.append(scalar.value, to: &out) }
            }
            // A space carrying combining marks is text, not a trailing blank.
            content = out.count
        }
        closeRun(style: currentStyle, from: runStart, to: out.count)
        bytes = out
        contentLength = content
        if !info.wrapped { complete() }
    }

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
        if var last = runs.last, last.style == style, last.start + last.length == start {
            last.length = end - last.start
            runs[runs.count - 1] = last
        } else {
            runs.append(.init(start: start, length: end - start, style: style))
        }
    }

    private func complete() {
        let length = contentLength
        let text = String(unsafeUninitializedCapacity: length) { buffer in
            _ = buffer.initialize(from: bytes[0..<length])
            return length
        }
        var styleRuns: [LogicalLine.StyleRun] = []
        if !runs.isEmpty {
            for var run in runs where run.start < length {
                run.length = min(run.length, length - run.start)
                styleRuns.append(run)
            }
        }
        let line = LogicalLine(text: text, timestamp: timestamp, mark: mark, styleRuns: styleRuns)
        bytes.removeAll(keepingCapacity: true)
        runs.removeAll(keepingCapacity: true)
        contentLength = 0
        timestamp = 0
        mark = .none
        inLine = false
        linesCompleted += 1
        consumer.lineCompleted(line)
    }

    /// Appends `value` as UTF-8.
    @inline(__always) private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | value >> 6))
            bytes.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | value >> 12))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | value >> 18))
            bytes.append(UInt8(0x80 | value >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
