/// The fixed-size record a page keeps for each row (16 bytes; all-zero is a valid empty row,
/// so freshly mapped or recycled memory needs no initialisation).
@usableFromInline
struct RowRecord {
    @usableFromInline var timestamp: Int64
    /// Index (in 32-bit words) of the row's first grapheme entry in the page's grapheme storage.
    @usableFromInline var graphemeStart: UInt32
    /// Number of grapheme entries of the row; they are contiguous since a row is written once.
    @usableFromInline var graphemeEntries: UInt16
    @usableFromInline var flags: UInt8
    @usableFromInline var mark: UInt8

    @usableFromInline static let wrappedFlag: UInt8 = 1 << 0
    @usableFromInline static let continuationFlag: UInt8 = 1 << 1
    /// Every cell is default-styled and flagless, with a codepoint below 0x80 (0 = never
    /// written). Set by the page when it appends the row; a row without it may still be plain.
    @usableFromInline static let plainASCIIFlag: UInt8 = 1 << 2
    @usableFromInline static let hiddenFlag: UInt8 = 1 << 3

    @inlinable
    init(_ info: RowInfo, graphemeStart: UInt32, graphemeEntries: UInt16) {
        timestamp = info.timestamp
        self.graphemeStart = graphemeStart
        self.graphemeEntries = graphemeEntries
        flags = (info.wrapped ? RowRecord.wrappedFlag : 0) | (info.wrapContinuation ? RowRecord.continuationFlag : 0)
            | (info.hidden ? RowRecord.hiddenFlag : 0)
        mark = SemanticMark.packed(info.mark, commandTag: info.commandTag)
    }

    @inlinable
    var info: RowInfo {
        RowInfo(wrapped: flags & RowRecord.wrappedFlag != 0,
                wrapContinuation: flags & RowRecord.continuationFlag != 0,
                mark: SemanticMark(rawValue: mark & 3) ?? .none,
                commandTag: mark >> 2,
                timestamp: timestamp,
                hidden: flags & RowRecord.hiddenFlag != 0)
    }
}
