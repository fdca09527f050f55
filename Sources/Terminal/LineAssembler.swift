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
        inLine = true
        timestamp = max(timestamp, info.timestamp)
        if mark == .none { mark = info.mark }
        // Work on a local buffer: a class property touched per cell would pay a dynamic
        // exclusivity check each time.
        var bytes = takeBytes()
        var contentLength = self.contentLength
        var runs = takeRuns()
        row.withCells { cells in
            // A wrapped row's trailing blanks are part of the line; an unwrapped row's are not,
            // so stop at its last written cell (most rows are far shorter than the screen).
            var end = cells.count
            if !info.wrapped {
                while end > 0 && cells[end - 1].codepoint == 0 { end -= 1 }
            }
            var currentStyleID: UInt16 = 0
            var currentStyle = Style.default
            var runStart = bytes.count
            bytes.reserveCapacity(bytes.count + end)
            for x in 0..<end {
                let cell = cells[x]
                if cell.styleID != currentStyleID {
                    let style = cell.styleID == 0 ? Style.default : row.style(cell.styleID)
                    if style != currentStyle {
                        LineAssembler.closeRun(&runs, style: currentStyle, from: runStart, to: bytes.count)
                        currentStyle = style
                        runStart = bytes.count
                    }
                    currentStyleID = cell.styleID
                }
                let value = cell.codepoint
                if cell.flags.rawValue == 0 && value < 0x80 {
                    // Plain ASCII (or a never-written cell, which reads as a space).
                    if value == 0 {
                        bytes.append(0x20)
                    } else {
                        bytes.append(UInt8(truncatingIfNeeded: value))
                        if value != 0x20 { contentLength = bytes.count }
                    }
                    continue
                }
                if cell.flags.contains(.spacerTail) || cell.flags.contains(.spacerHead) { continue }
                if value == 0 {
                    bytes.append(0x20)
                    continue
                }
                LineAssembler.appendUTF8(value, to: &bytes)
                if cell.flags.contains(.grapheme) {
                    row.forEachGraphemeScalar(x) { LineAssembler.appendUTF8($0.value, to: &bytes) }
                }
                if value != 0x20 { contentLength = bytes.count }
            }
            LineAssembler.closeRun(&runs, style: currentStyle, from: runStart, to: bytes.count)
        }
        self.contentLength = contentLength
        self.bytes = bytes
        self.runs = runs
        if !info.wrapped { complete() }
    }

    private func takeRuns() -> [LogicalLine.StyleRun] {
        var taken: [LogicalLine.StyleRun] = []
        swap(&taken, &runs)
        return taken
    }

    private func takeBytes() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &bytes)
        return taken
    }

    /// Completes a line whose last row said it wraps but whose continuation never came (the
    /// session ended).
    public func finish() {
        if inLine { complete() }
    }

    private static func closeRun(_ runs: inout [LogicalLine.StyleRun], style: Style, from start: Int, to end: Int) {
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

    @inline(__always) private static func appendUTF8(_ value: UInt32, to bytes: inout [UInt8]) {
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
