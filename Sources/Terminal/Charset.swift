/// The character sets a program can designate with `ESC ( 0` and friends. Only DEC special
/// graphics changes anything: it turns ASCII letters into line-drawing characters.
enum Charset: Sendable {
    case ascii, decSpecialGraphics

    /// `ESC ( F` final byte → charset; unknown sets read as ASCII, as in tmux.
    init(designator: UInt8) {
        self = designator == UInt8(ascii: "0") ? .decSpecialGraphics : .ascii
    }

    /// Translates one printable ASCII byte.
    @inline(__always) func map(_ byte: UInt8) -> Unicode.Scalar {
        guard self == .decSpecialGraphics, byte >= 0x5F, byte <= 0x7E else { return Unicode.Scalar(byte) }
        return Charset.specialGraphics[Int(byte - 0x5F)]
    }

    /// VT100 special graphics, 0x5F through 0x7E.
    private static let specialGraphics: [Unicode.Scalar] = [
        "\u{00A0}", "◆", "▒", "␉", "␌", "␍", "␊", "°", "±", "␤", "␋", "┘", "┐", "┌", "└", "┼",
        "⎺", "⎻", "─", "⎼", "⎽", "├", "┤", "┴", "┬", "│", "≤", "≥", "π", "≠", "£", "·",
    ]
}

/// G0/G1 designations and which one is invoked into GL (SO/SI).
struct CharsetState: Sendable {
    var g0 = Charset.ascii
    var g1 = Charset.ascii
    var useG1 = false

    @inline(__always) var active: Charset { useG1 ? g1 : g0 }
}
