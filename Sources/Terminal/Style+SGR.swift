import PageStore

extension Style {
    /// The SGR parameters that set this style from the default one, e.g. `1;38;5;196`:
    /// what an ANSI export writes as `ESC [ 0 ; <params> m` before a styled run.
    public var sgrParameters: String {
        var parts: [String] = []
        let a = attributes
        if a.contains(.bold) { parts.append("1") }
        if a.contains(.faint) { parts.append("2") }
        if a.contains(.italic) { parts.append("3") }
        if a.contains(.underline) { parts.append("4") }
        if a.contains(.doubleUnderline) { parts.append("4:2") }
        if a.contains(.curlyUnderline) { parts.append("4:3") }
        if a.contains(.dottedUnderline) { parts.append("4:4") }
        if a.contains(.dashedUnderline) { parts.append("4:5") }
        if a.contains(.blink) { parts.append("5") }
        if a.contains(.inverse) { parts.append("7") }
        if a.contains(.invisible) { parts.append("8") }
        if a.contains(.strikethrough) { parts.append("9") }
        if a.contains(.overline) { parts.append("53") }
        Style.append(foreground, base: 30, extended: 38, to: &parts)
        Style.append(background, base: 40, extended: 48, to: &parts)
        if case .default = underlineColor.kind {} else { Style.append(underlineColor, base: nil, extended: 58, to: &parts) }
        return parts.joined(separator: ";")
    }

    private static func append(_ color: Color, base: Int?, extended: Int, to parts: inout [String]) {
        switch color.kind {
        case .default:
            return
        case .palette(let index):
            if let base, index < 8 {
                parts.append(String(base + Int(index)))
            } else if let base, index < 16 {
                parts.append(String(base + 60 + Int(index) - 8))
            } else {
                parts.append("\(extended);5;\(index)")
            }
        case .rgb(let r, let g, let b):
            parts.append("\(extended);2;\(r);\(g);\(b)")
        }
    }
}
