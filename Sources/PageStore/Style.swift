/// A colour as SGR can name it, packed into 32 bits: the tag in the top byte, the value below.
public struct Color: Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let `default` = Color(rawValue: 0)
    /// One of the 256 palette entries (0-15 are the classic 16 colours).
    public static func palette(_ index: UInt8) -> Color { Color(rawValue: 1 << 24 | UInt32(index)) }
    public static func rgb(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Color {
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
public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var underlineColor: Color
    public var attributes: Attributes

    public init(foreground: Color = .default, background: Color = .default,
                underlineColor: Color = .default, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.underlineColor = underlineColor
        self.attributes = attributes
    }

    public static let `default` = Style()
    public var isDefault: Bool { self == .default }

    public struct Attributes: OptionSet, Hashable, Sendable {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let bold = Attributes(rawValue: 1 << 0)
        public static let faint = Attributes(rawValue: 1 << 1)
        public static let italic = Attributes(rawValue: 1 << 2)
        public static let underline = Attributes(rawValue: 1 << 3)
        public static let doubleUnderline = Attributes(rawValue: 1 << 4)
        public static let curlyUnderline = Attributes(rawValue: 1 << 5)
        public static let dottedUnderline = Attributes(rawValue: 1 << 6)
        public static let dashedUnderline = Attributes(rawValue: 1 << 7)
        public static let blink = Attributes(rawValue: 1 << 8)
        public static let inverse = Attributes(rawValue: 1 << 9)
        public static let invisible = Attributes(rawValue: 1 << 10)
        public static let strikethrough = Attributes(rawValue: 1 << 11)
        public static let overline = Attributes(rawValue: 1 << 12)
        /// Every underline variant, cleared together by SGR 24.
        public static let anyUnderline: Attributes = [.underline, .doubleUnderline, .curlyUnderline, .dottedUnderline, .dashedUnderline]
    }
}
