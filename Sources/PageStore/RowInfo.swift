/// What a row knows about itself beyond its cells.
@frozen
public struct RowInfo: Equatable, Sendable, BitwiseCopyable {
    /// The row's text continues on the next row (autowrap happened at the last column).
    public var wrapped: Bool
    /// The row continues the previous row's logical line.
    public var wrapContinuation: Bool
    /// Shell-integration mark (OSC 133) recorded on the row.
    public var mark: SemanticMark
    /// Which shell command the mark belongs to, as the command's number modulo 63 plus one
    /// (0: none). Lets a reader of the rows tell commands apart even when a prompt's row was
    /// erased before it reached history. Stored in the mark's byte, so at most 63.
    public var commandTag: UInt8
    /// When the row was last written, in milliseconds since the Unix epoch; it becomes the
    /// logical line's timestamp in the archive.
    public var timestamp: Int64
    /// Written while archiving was paused (`scrollvault pause`): the line it belongs to is
    /// shown but never archived.
    public var hidden: Bool

    @inlinable
    public init(wrapped: Bool = false, wrapContinuation: Bool = false, mark: SemanticMark = .none, commandTag: UInt8 = 0,
                timestamp: Int64 = 0, hidden: Bool = false) {
        self.hidden = hidden
        self.wrapped = wrapped
        self.wrapContinuation = wrapContinuation
        self.mark = mark
        self.commandTag = commandTag & SemanticMark.commandTagMask
        self.timestamp = timestamp
    }
}

/// Shell-integration marks (OSC 133 A/B/C/D): which part of a command cycle a row belongs to.
public enum SemanticMark: UInt8, Sendable, BitwiseCopyable {
    case none = 0, prompt = 1, input = 2, output = 3

    /// A mark and its command tag share one byte: the mark in the low two bits, the tag above.
    public static let commandTagMask: UInt8 = 0x3F

    /// The byte that stores `mark` and `commandTag` together (row records, archived lines).
    @inlinable
    public static func packed(_ mark: SemanticMark, commandTag: UInt8) -> UInt8 {
        mark.rawValue | (commandTag & commandTagMask) << 2
    }

    /// The mark of a packed byte.
    @inlinable
    public static func unpacking(_ byte: UInt8) -> (mark: SemanticMark, commandTag: UInt8) {
        (SemanticMark(rawValue: byte & 3) ?? .none, byte >> 2)
    }

    /// The tag of the `ordinal`-th command of a session (1-based): 1...63, never 0.
    @inlinable
    public static func commandTag(ofOrdinal ordinal: Int64) -> UInt8 {
        UInt8(truncatingIfNeeded: (ordinal - 1) % 63 + 1)
    }
}
