import PageStore
import VTParser

extension Screen {
    func setPen(_ style: Style) {
        cursor.style = style
        cursor.styleID = grid.styleID(for: style)
    }

    /// SGR: every attribute, 16/256/RGB colours in both `;` and `:` forms.
    func selectGraphicRendition(_ csi: CSISequence) {
        // "ESC[m" and "ESC[0m", half the SGRs of colourful output: no parameter loop and no
        // table lookup (id 0 is always the default style; `setPen(.default)` cost ~45
        // instructions more per reset).
        if csi.count <= 1 && csi.param(0, default: 0) == 0 {
            cursor.style = .default
            cursor.styleID = 0
            return
        }
        var style = cursor.style
        var i = 0
        let hasSubparameters = csi.hasSubparameters
        while i < csi.count {
            let p = csi.param(i, default: 0)
            // Sub-parameters belonging to this parameter (`4:3`, `38:2::r:g:b`).
            var subCount = 0
            if hasSubparameters {
                while i + 1 + subCount < csi.count && csi.isSubparameter(i + 1 + subCount) { subCount += 1 }
            }
            switch p {
            case 0: style = .default
            case 1: style.attributes.insert(.bold)
            case 2: style.attributes.insert(.faint)
            case 3: style.attributes.insert(.italic)
            case 4:
                style.attributes.subtract(.anyUnderline)
                let kind = subCount > 0 ? csi.param(i + 1, default: 1) : 1
                switch kind {
                case 0: break
                case 2: style.attributes.insert(.doubleUnderline)
                case 3: style.attributes.insert(.curlyUnderline)
                case 4: style.attributes.insert(.dottedUnderline)
                case 5: style.attributes.insert(.dashedUnderline)
                default: style.attributes.insert(.underline)
                }
            case 5, 6: style.attributes.insert(.blink)
            case 7: style.attributes.insert(.inverse)
            case 8: style.attributes.insert(.invisible)
            case 9: style.attributes.insert(.strikethrough)
            case 21: style.attributes.subtract(.anyUnderline); style.attributes.insert(.doubleUnderline)
            case 22: style.attributes.subtract([.bold, .faint])
            case 23: style.attributes.remove(.italic)
            case 24: style.attributes.subtract(.anyUnderline)
            case 25: style.attributes.remove(.blink)
            case 27: style.attributes.remove(.inverse)
            case 28: style.attributes.remove(.invisible)
            case 29: style.attributes.remove(.strikethrough)
            case 30...37: style.foreground = .palette(UInt8(p - 30))
            case 39: style.foreground = .default
            case 40...47: style.background = .palette(UInt8(p - 40))
            case 49: style.background = .default
            case 53: style.attributes.insert(.overline)
            case 55: style.attributes.remove(.overline)
            case 59: style.underlineColor = .default
            case 90...97: style.foreground = .palette(UInt8(p - 90 + 8))
            case 100...107: style.background = .palette(UInt8(p - 100 + 8))
            case 38, 48, 58:
                let (color, consumed) = extendedColor(csi, at: i, subCount: subCount)
                if let color {
                    if p == 38 { style.foreground = color } else if p == 48 { style.background = color } else { style.underlineColor = color }
                }
                i += consumed
                continue
            default: break
            }
            i += 1 + subCount
        }
        setPen(style)
    }

    /// Reads `38;5;n`, `38;2;r;g;b`, `38:5:n`, `38:2::r:g:b` or `38:2:r:g:b` starting at
    /// parameter `i`; returns the colour and how many parameters it used (including `i`).
    private func extendedColor(_ csi: CSISequence, at i: Int, subCount: Int) -> (Color?, Int) {
        func byte(_ index: Int) -> UInt8 { UInt8(clamping: max(0, csi.param(index, default: 0))) }
        if subCount > 0 {
            let kind = csi.param(i + 1, default: 0)
            if kind == 5, subCount >= 2 { return (.palette(byte(i + 2)), 1 + subCount) }
            if kind == 2 {
                // With a colour-space id (38:2:id:r:g:b) there are 5 sub-parameters.
                let first = subCount >= 5 ? i + 3 : i + 2
                if subCount >= 4 { return (.rgb(byte(first), byte(first + 1), byte(first + 2)), 1 + subCount) }
            }
            return (nil, 1 + subCount)
        }
        let kind = csi.param(i + 1, default: 0)
        if kind == 5 && i + 2 < csi.count { return (.palette(byte(i + 2)), 3) }
        if kind == 2 && i + 4 < csi.count { return (.rgb(byte(i + 2), byte(i + 3), byte(i + 4)), 5) }
        return (nil, min(2, csi.count - i))
    }
}
