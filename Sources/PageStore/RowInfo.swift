/// What a row knows about itself beyond its cells.
@frozen
public struct RowInfo: Equatable, Sendable {
    /// The row's text continues on the next row (autowrap happened at the last column).
    public var wrapped: Bool
    /// The row continues the previous row's logical line.
    public var wrapContinuation: Bool
    /// Shell-integration mark (OSC 133) recorded on the row.
    public var mark: SemanticMark
    /// When the row was last written, in milliseconds since the Unix epoch; it becomes the
    /// logical line's timestamp in the archive.
    public var timestamp: Int64

    @inlinable
    public init(wrapped: Bool = false, wrapContinuation: Bool = false, mark: SemanticMark = .none, timestamp: Int64 = 0) {
        self.wrapped = wrapped
        self.wrapContinuation = wrapContinuation
        self.mark = mark
        self.timestamp = timestamp
    }
}

/// Shell-integration marks (OSC 133 A/B/C/D): which part of a command cycle a row belongs to.
public enum SemanticMark: UInt8, Sendable {
    case none = 0, prompt = 1, input = 2, output = 3
}
