/// A run of text drawn with one SGR style, for ANSI export.
public struct StyleRun: Sendable, Equatable, Hashable {
    /// UTF-8 byte offset into the line's text.
    public var start: Int32
    /// Length in UTF-8 bytes.
    public var length: Int32
    /// SGR parameters relative to the default style, e.g. "1;38;5;196".
    public var sgr: String

    public init(start: Int32, length: Int32, sgr: String) {
        self.start = start
        self.length = length
        self.sgr = sgr
    }
}

/// Line marks (shell integration, OSC 133): what part of a command cycle a line belongs to.
public enum LineMark {
    public static let none: UInt8 = 0
    public static let prompt: UInt8 = 1
    public static let input: UInt8 = 2
    public static let output: UInt8 = 3
}

/// One logical line handed to the archive: soft wraps joined, trailing blanks trimmed.
public struct ArchiveLine: Sendable, Equatable {
    public var text: String
    /// Milliseconds since the epoch when the line was completed.
    public var timestamp: Int64
    /// 0 none, 1 prompt, 2 input, 3 output (see `LineMark`).
    public var mark: UInt8
    public var styleRuns: [StyleRun]

    public init(text: String, timestamp: Int64, mark: UInt8 = 0, styleRuns: [StyleRun] = []) {
        self.text = text
        self.timestamp = timestamp
        self.mark = mark
        self.styleRuns = styleRuns
    }
}

/// A stored line read back, with its 1-based number within its session.
public struct ExportedLine: Sendable, Equatable {
    public var number: Int64
    public var text: String
    public var timestamp: Int64
    public var mark: UInt8
    public var styleRuns: [StyleRun]
    /// The line is on a recording session's screen and may still change (`screen_tails`).
    public var provisional: Bool

    /// The shell-integration mark alone: 0 none, 1 prompt, 2 input, 3 output.
    public var semanticMark: UInt8 { mark & StoredLineMark.semanticMask }
    public var stream: LineStream { mark & StoredLineMark.standardErrorBit != 0 ? .error : .output }

    public init(number: Int64, text: String, timestamp: Int64, mark: UInt8, styleRuns: [StyleRun], provisional: Bool = false) {
        self.number = number
        self.text = text
        self.timestamp = timestamp
        self.mark = mark
        self.styleRuns = styleRuns
        self.provisional = provisional
    }
}
