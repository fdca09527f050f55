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
        var currentStyleID: UInt16 = 0
        var currentStyle = Style.default
        var runStart = 0
        for x in 0..<row.columns {
            let cell = row.cell(x)
            if cell.flags.contains(.spacerTail) || cell.flags.contains(.spacerHead) { continue }
            // Style runs follow text cells; blanks keep the style they were erased with
            // but only matter when text follows them.
            if cell.styleID != currentStyleID {
                let style = cell.styleID == 0 ? Style.default : row.style(cell.styleID)
                if style != currentStyle {
                    closeRun(style: currentStyle, from: runStart)
                    currentStyle = style
                    runStart = bytes.count
                }
                currentStyleID = cell.styleID
            }
            if cell.codepoint == 0 {
                bytes.append(0x20)
                continue
            }
            append(cell.codepoint)
            if cell.flags.contains(.grapheme) {
                for scalar in row.graphemeTail(x) { append(scalar.value) }
            }
            // A space carrying combining marks is text, not a trailing blank.
            if cell.codepoint != 0x20 || cell.flags.contains(.grapheme) { contentLength = bytes.count }
        }
        closeRun(style: currentStyle, from: runStart)
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

    private func closeRun(style: Style, from start: Int) {
        guard !style.isDefault, start < bytes.count else { return }
        if var last = runs.last, last.style == style, last.start + last.length == start {
            last.length = bytes.count - last.start
            runs[runs.count - 1] = last
        } else {
            runs.append(.init(start: start, length: bytes.count - start, style: style))
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

    @inline(__always) private func append(_ value: UInt32) {
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
