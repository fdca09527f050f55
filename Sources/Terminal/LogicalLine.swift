import PageStore

/// A line as a person saw it: its rows joined across soft wraps, spacer cells skipped,
/// trailing blanks trimmed.
public struct LogicalLine: Sendable, Equatable {
    public var text: String
    /// When its last row was last written (ms since the epoch).
    public var timestamp: Int64
    /// The first shell-integration mark on any of its rows (a prompt's mark wins).
    public var mark: SemanticMark
    /// The tag of the command the mark belongs to (`RowInfo.commandTag`).
    public var commandTag: UInt8
    /// Styled stretches of `text`; unstyled stretches have no run.
    public var styleRuns: [StyleRun]
    /// One of its rows was written while archiving was paused (`RowInfo.hidden`).
    public var hidden: Bool

    public init(text: String, timestamp: Int64, mark: SemanticMark = .none, commandTag: UInt8 = 0, styleRuns: [StyleRun] = [],
                hidden: Bool = false) {
        self.hidden = hidden
        self.text = text
        self.timestamp = timestamp
        self.mark = mark
        self.commandTag = commandTag
        self.styleRuns = styleRuns
    }

    /// A styled stretch: UTF-8 byte offset and length in `text`, and the style.
    public struct StyleRun: Sendable, Equatable, BitwiseCopyable {
        public var start: Int
        public var length: Int
        public var style: Style

        public init(start: Int, length: Int, style: Style) {
            self.start = start
            self.length = length
            self.style = style
        }
    }
}

/// A completed line lent to a consumer: views of the assembler's own buffers, valid only
/// during the call. Lets a consumer that copies the line anyway (the archive) skip building a
/// String and a run array per line.
public struct BorrowedLine {
    /// UTF-8, trailing blanks trimmed.
    public let text: UnsafeBufferPointer<UInt8>
    public let timestamp: Int64
    public let mark: SemanticMark
    public let commandTag: UInt8
    /// Styled stretches of `text`, clipped to it.
    public let styleRuns: UnsafeBufferPointer<LogicalLine.StyleRun>
    public let hidden: Bool

    public init(text: UnsafeBufferPointer<UInt8>, timestamp: Int64, mark: SemanticMark, commandTag: UInt8 = 0,
                styleRuns: UnsafeBufferPointer<LogicalLine.StyleRun>, hidden: Bool = false) {
        self.hidden = hidden
        self.text = text
        self.timestamp = timestamp
        self.mark = mark
        self.commandTag = commandTag
        self.styleRuns = styleRuns
    }

    /// An owned copy.
    public var line: LogicalLine {
        LogicalLine(text: String(decoding: text, as: UTF8.self), timestamp: timestamp, mark: mark,
                    commandTag: commandTag, styleRuns: Array(styleRuns), hidden: hidden)
    }

    /// Lends an owned line's buffers as a borrowed line, for consumers that implement only
    /// `lineCompleted(borrowing:)`.
    public static func lending<Result>(_ line: LogicalLine, _ body: (BorrowedLine) throws -> Result) rethrows -> Result {
        var text = line.text
        return try text.withUTF8 { bytes in
            try line.styleRuns.withUnsafeBufferPointer { styled in
                try body(BorrowedLine(text: bytes, timestamp: line.timestamp, mark: line.mark,
                                      commandTag: line.commandTag, styleRuns: styled, hidden: line.hidden))
            }
        }
    }
}

/// Receives completed logical lines, in order.
public protocol LineConsumer: AnyObject {
    func lineCompleted(_ line: LogicalLine)
    /// What the assembler calls. By default it makes an owned `LogicalLine` and passes it to
    /// `lineCompleted(_:)`; a consumer that only copies the bytes implements this instead.
    func lineCompleted(borrowing line: BorrowedLine)
}

extension LineConsumer {
    public func lineCompleted(borrowing line: BorrowedLine) {
        lineCompleted(line.line)
    }
}
