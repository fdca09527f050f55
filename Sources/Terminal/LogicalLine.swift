import PageStore

/// A line as a person saw it: its rows joined across soft wraps, spacer cells skipped,
/// trailing blanks trimmed.
public struct LogicalLine: Sendable, Equatable {
    public var text: String
    /// When its last row was last written (ms since the epoch).
    public var timestamp: Int64
    /// The first shell-integration mark on any of its rows.
    public var mark: SemanticMark
    /// Styled stretches of `text`; unstyled stretches have no run.
    public var styleRuns: [StyleRun]

    public init(text: String, timestamp: Int64, mark: SemanticMark = .none, styleRuns: [StyleRun] = []) {
        self.text = text
        self.timestamp = timestamp
        self.mark = mark
        self.styleRuns = styleRuns
    }

    /// A styled stretch: UTF-8 byte offset and length in `text`, and the style.
    public struct StyleRun: Sendable, Equatable {
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

/// Receives completed logical lines, in order.
public protocol LineConsumer: AnyObject {
    func lineCompleted(_ line: LogicalLine)
}
