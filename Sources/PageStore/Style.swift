/// A colour as SGR can name it, packed into 32 bits: the tag in the top byte, the value below.
@frozen
public struct Color: Hashable, Sendable, BitwiseCopyable {
    public var rawValue: UInt32
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    @inlinable public static var `default`: Color { Color(rawValue: 0) }
    /// One of the 256 palette entries (0-15 are the classic 16 colours).
    @inlinable public static func palette(_ index: UInt8) -> Color { Color(rawValue: 1 << 24 | UInt32(index)) }
    @inlinable public static func rgb(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Color {
        Color(rawValue: 2 << 24 | UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b))
    }

    public enum Kind: Equatable, Sendable { case `default`, palette(UInt8), rgb(UInt8, UInt8, UInt8) }

    public var kind: Kind {
        switch rawValue >> 24 {
        case 1: return .palette(UInt8(truncatingIfNeeded: rawValue))
        case 2: return .rgb(UInt8(truncatingIfNeeded: rawValue >> 16), UInt8(truncatingIfNeeded: rawValue >> 8), UInt8(truncatingIfNeeded: rawValue))
        default: return .default
        }
    }
}

/// The visual attributes SGR sets on a cell. Stored once per page in its style table.
@frozen
public struct Style: Hashable, Sendable, BitwiseCopyable {
    public var foreground: Color
    public var background: Color
    public var underlineColor: Color
    public var attributes: Attributes

    @inlinable
    public init(foreground: Color = .default, background: Color = .default,
                underlineColor: Color = .default, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.underlineColor = underlineColor
        self.attributes = attributes
    }

    @inlinable public static var `default`: Style { Style() }
    @inlinable public var isDefault: Bool { self == .default }

    /// A cheap, well-spread hash for open-addressed and direct-mapped tables of styles (a page's
    /// style slots, the terminal's style table, the recorder's SGR cache): three multiplies
    /// instead of `Hasher`'s SipHash, which was the cost of a Dictionary keyed by Style on a
    /// colourful stream.
    @inlinable public var tableHash: Int {
        let a = UInt64(foreground.rawValue) | UInt64(background.rawValue) << 32
        let b = UInt64(underlineColor.rawValue) | UInt64(attributes.rawValue) << 32
        // splitmix64's finaliser over the two words: every bit of the result, the low ones that
        // a table mask keeps included, depends on every field.
        var h = a ^ (b &* 0x9E37_79B9_7F4A_7C15)
        h = (h ^ h >> 30) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ h >> 27) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ h >> 31)
    }

    @frozen
    public struct Attributes: OptionSet, Hashable, Sendable, BitwiseCopyable {
        public var rawValue: UInt16
        @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }
        @inlinable public static var bold: Attributes { Attributes(rawValue: 1 << 0) }
        @inlinable public static var faint: Attributes { Attributes(rawValue: 1 << 1) }
        @inlinable public static var italic: Attributes { Attributes(rawValue: 1 << 2) }
        @inlinable public static var underline: Attributes { Attributes(rawValue: 1 << 3) }
        @inlinable public static var doubleUnderline: Attributes { Attributes(rawValue: 1 << 4) }
        @inlinable public static var curlyUnderline: Attributes { Attributes(rawValue: 1 << 5) }
        @inlinable public static var dottedUnderline: Attributes { Attributes(rawValue: 1 << 6) }
        @inlinable public static var dashedUnderline: Attributes { Attributes(rawValue: 1 << 7) }
        @inlinable public static var blink: Attributes { Attributes(rawValue: 1 << 8) }
        @inlinable public static var inverse: Attributes { Attributes(rawValue: 1 << 9) }
        @inlinable public static var invisible: Attributes { Attributes(rawValue: 1 << 10) }
        @inlinable public static var strikethrough: Attributes { Attributes(rawValue: 1 << 11) }
        @inlinable public static var overline: Attributes { Attributes(rawValue: 1 << 12) }
        /// Every underline variant, cleared together by SGR 24.
        @inlinable public static var anyUnderline: Attributes { [.underline, .doubleUnderline, .curlyUnderline, .dottedUnderline, .dashedUnderline] }
    }
}
