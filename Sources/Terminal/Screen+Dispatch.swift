import VTParser

extension Screen {
    /// C0 controls.
    public func execute(_ control: UInt8) {
        lastPrinted = nil
        switch control {
        case 0x08: openCluster = nil; backspace()
        case 0x09: openCluster = nil; horizontalTab()
        case 0x0A, 0x0B, 0x0C:
            openCluster = nil
            index()
            if newlineMode { carriageReturn() }
        case 0x0D: openCluster = nil; carriageReturn()
        case 0x0E: cursor.charsets.useG1 = true
        case 0x0F: cursor.charsets.useG1 = false
        default: break  // BEL, NUL and the rest change nothing on screen
        }
    }

    public func escDispatch(intermediates: UInt16, final: UInt8) {
        openCluster = nil
        lastPrinted = nil
        switch intermediates {
        case 0:
            switch final {
            case UInt8(ascii: "7"): saveCursor()
            case UInt8(ascii: "8"): restoreCursor()
            case UInt8(ascii: "D"): index()
            case UInt8(ascii: "E"): index(); carriageReturn()
            case UInt8(ascii: "M"): reverseIndex()
            case UInt8(ascii: "H"): tabs.set(cursor.x)
            case UInt8(ascii: "c"): fullReset()
            default: break
            }
        case UInt16(UInt8(ascii: "(")): cursor.charsets.g0 = Charset(designator: final)
        case UInt16(UInt8(ascii: ")")): cursor.charsets.g1 = Charset(designator: final)
        case UInt16(UInt8(ascii: "#")):
            if final == UInt8(ascii: "8") { screenAlignmentPattern() }
        default:
            break
        }
    }

    public func csiDispatch(_ csi: CSISequence) {
        openCluster = nil
        // Only REP reads the last printed character; every other sequence makes it forgotten.
        defer { if csi.final != UInt8(ascii: "b") { lastPrinted = nil } }
        /// The first parameter where 0 or missing means 1, as most CSI commands read it.
        func count(_ i: Int = 0) -> Int { max(1, csi.param(i, default: 1)) }
        if csi.privateMarker == UInt8(ascii: "?") {
            switch csi.final {
            case UInt8(ascii: "h"), UInt8(ascii: "l"):
                let enabled = csi.final == UInt8(ascii: "h")
                for i in 0..<csi.count { setPrivateMode(csi.param(i, default: 0), enabled) }
            case UInt8(ascii: "J"): eraseDisplay(csi.param(0, default: 0))
            case UInt8(ascii: "K"): eraseLine(csi.param(0, default: 0))
            default: break
            }
            return
        }
        guard csi.privateMarker == 0, csi.intermediates == 0 else { return }
        switch csi.final {
        case UInt8(ascii: "@"): insertBlanks(count())
        case UInt8(ascii: "A"): cursorUp(count())
        case UInt8(ascii: "B"), UInt8(ascii: "e"): cursorDown(count())
        case UInt8(ascii: "C"), UInt8(ascii: "a"): cursorForward(count())
        case UInt8(ascii: "D"): cursorBackward(count())
        case UInt8(ascii: "E"): cursorDown(count()); carriageReturn()
        case UInt8(ascii: "F"): cursorUp(count()); carriageReturn()
        case UInt8(ascii: "G"), UInt8(ascii: "`"): moveCursor(x: count() - 1, y: cursor.y)
        case UInt8(ascii: "H"), UInt8(ascii: "f"): setCursorPosition(row: count(0), column: count(1))
        case UInt8(ascii: "I"): horizontalTab(count())
        case UInt8(ascii: "J"): eraseDisplay(csi.param(0, default: 0))
        case UInt8(ascii: "K"): eraseLine(csi.param(0, default: 0))
        case UInt8(ascii: "L"): insertLines(count())
        case UInt8(ascii: "M"): deleteLines(count())
        case UInt8(ascii: "P"): deleteCharacters(count())
        case UInt8(ascii: "S"): scrollUp(count())
        case UInt8(ascii: "T") where csi.count <= 1: scrollDown(count())
        case UInt8(ascii: "X"): eraseCharacters(count())
        case UInt8(ascii: "Z"): backTab(count())
        case UInt8(ascii: "b"): repeatLastPrinted(count())
        case UInt8(ascii: "d"):
            // VPA leaves the column alone, including a pending wrap (tmux's cx == columns).
            let top = cursor.originMode ? scrollTop : 0
            let pending = cursor.pendingWrap
            moveCursor(x: cursor.x, y: top + count() - 1)
            cursor.pendingWrap = pending
        case UInt8(ascii: "g"):
            switch csi.param(0, default: 0) {
            case 0: tabs.clear(cursor.x)
            case 3: tabs.clearAll()
            default: break
            }
        case UInt8(ascii: "h"), UInt8(ascii: "l"):
            let enabled = csi.final == UInt8(ascii: "h")
            for i in 0..<csi.count { setMode(csi.param(i, default: 0), enabled) }
        case UInt8(ascii: "m"): selectGraphicRendition(csi)
        case UInt8(ascii: "r"): setScrollRegion(top: csi.param(0, default: 1), bottom: csi.param(1, default: 0))
        case UInt8(ascii: "s") where csi.count == 0: saveCursor()
        case UInt8(ascii: "u") where csi.count == 0: restoreCursor()
        default:
            break  // DSR, DA, window ops: the user's real terminal answers queries in `run`
        }
    }
}
