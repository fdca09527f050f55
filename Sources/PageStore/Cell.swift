/// One cell of the grid: 8 bytes, so a 215-column row is 1,720 bytes and a page stays small.
///
/// The cell holds the first scalar of its grapheme cluster; the rest of a multi-scalar cluster
/// (combining marks, ZWJ sequences, variation selectors) lives in the owner's grapheme storage
/// and `flags` says so. `styleID` indexes the owner's style table; 0 is always the default style.
@frozen
public struct Cell: Equatable, Sendable, BitwiseCopyable {
    /// Unicode scalar value of the cluster's first scalar; 0 means the cell was never written.
    public var codepoint: UInt32
    /// Index into the owning page's (or screen's) style table. 0 = default style.
    public var styleID: UInt16
    public var flags: Flags

    @inlinable
    public init(codepoint: UInt32 = 0, styleID: UInt16 = 0, flags: Flags = []) {
        self.codepoint = codepoint
        self.styleID = styleID
        self.flags = flags
    }

    @inlinable public static var empty: Cell { Cell() }

    /// Width kind and storage markers.
    @frozen
    public struct Flags: OptionSet, Equatable, Sendable, BitwiseCopyable {
        public var rawValue: UInt16
        @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// The first half of a two-column character.
        @inlinable public static var wide: Flags { Flags(rawValue: 1 << 0) }
        /// The second half of a wide character: holds no text of its own.
        @inlinable public static var spacerTail: Flags { Flags(rawValue: 1 << 1) }
        /// Padding at the last column where a wide character did not fit and wrapped early.
        @inlinable public static var spacerHead: Flags { Flags(rawValue: 1 << 2) }
        /// More scalars of this cluster are in the owner's grapheme storage.
        @inlinable public static var grapheme: Flags { Flags(rawValue: 1 << 3) }
    }

    /// True for cells that contribute no text: never-written cells and spacers.
    @inlinable public var isTextless: Bool {
        codepoint == 0 || flags.contains(.spacerTail) || flags.contains(.spacerHead)
    }
}
