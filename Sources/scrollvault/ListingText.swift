import VTParser

/// Text from the archive (a command, a name) made fit for one row of a listing: a multi-line
/// `python3 -c "$(cat prog.py)"` would otherwise spread one session over many rows, and a
/// control character in it would act on the user's terminal.
enum ListingText {
    /// Line breaks as `⏎`, tabs as a space, other control characters as `�`.
    static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { afterCarriageReturn = scalar == "\r" }
            switch scalar.value {
            case 0x0A where afterCarriageReturn:
                continue  // "\r\n" is one break
            case 0x0A, 0x0D:
                out.append("⏎")
            case 0x09:
                out.append(" ")
            case 0..<0x20, 0x7F..<0xA0:
                out.append("\u{FFFD}")
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Terminal cells `text` takes (East Asian wide characters and most emoji take two).
    static func width(_ text: String) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    /// `text` cut to at most `limit` cells, ending in `…` when something was cut.
    static func truncated(_ text: String, toWidth limit: Int) -> String {
        guard width(text) > limit else { return text }
        guard limit > 0 else { return "" }
        var out = ""
        var used = 0
        for character in text {
            let cells = width(of: character)
            if used + cells > limit - 1 { break }
            out.append(character)
            used += cells
        }
        return out + "…"
    }

    /// A grapheme cluster is as wide as its widest scalar (an emoji ZWJ sequence is one wide
    /// glyph, a letter with combining marks one narrow one).
    private static func width(of character: Character) -> Int {
        character.unicodeScalars.reduce(0) { max($0, UnicodeWidth.width($1)) }
    }
}
