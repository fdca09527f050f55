/// The Grapheme_Cluster_Break values clustering needs (UAX #29). Controls, CR and LF are absent:
/// the parser executes them, so they never reach the clusterer.
public enum GraphemeBreakClass: UInt8, Sendable {
    case other = 0
    case extend = 1
    case zwj = 2
    case regionalIndicator = 3
    case spacingMark = 4
    case prepend = 5
    case hangulL = 6
    case hangulV = 7
    case hangulT = 8
    case hangulLV = 9
    case hangulLVT = 10
}

/// Everything the generated table knows about one scalar.
public struct ScalarProperties: Sendable {
    @usableFromInline let raw: UInt8

    @inlinable
    public init(_ scalar: Unicode.Scalar) {
        raw = UnicodeProperties.byte(scalar.value)
    }

    @inlinable
    init(raw: UInt8) {
        self.raw = raw
    }

    /// Display width 0, 1 or 2 (see `UnicodeWidth`).
    @inlinable public var width: Int { UnicodeProperties.width(raw) }

    /// False when glibc's wcwidth() says -1; tmux 3.3a drops such characters.
    @inlinable public var isPrintable: Bool { raw & 0x3 != 0x3 }

    @inlinable public var breakClass: GraphemeBreakClass {
        GraphemeBreakClass(rawValue: (raw >> 2) & 0xF) ?? .other
    }

    /// Extended_Pictographic (emoji-data.txt): may start and end an emoji ZWJ sequence.
    @inlinable public var isExtendedPictographic: Bool { raw & 0x40 != 0 }

    /// A narrow base whose emoji presentation (followed by U+FE0F) takes two cells.
    @inlinable public var isWidenedByVS16: Bool { raw & 0x80 != 0 }
}
