extension Screen {
    /// DECSET / DECRST (`CSI ? … h/l`). Modes that only change input or appearance are
    /// accepted and ignored: they do not change what the screen shows as text.
    func setPrivateMode(_ mode: Int, _ enabled: Bool) {
        switch mode {
        case 6:
            cursor.originMode = enabled
            setCursorPosition(row: 1, column: 1)
        case 7:
            autowrap = enabled
            if !enabled { cursor.pendingWrap = false }
        case 47:
            switchScreen(toAlternate: enabled, clearAlternate: false)
        case 1047:
            switchScreen(toAlternate: enabled, clearAlternate: !enabled)
        case 1048:
            if enabled { saveCursor() } else { restoreCursor() }
        case 1049:
            if enabled {
                guard !isAlternateScreenActive else { return }
                savedFor1049 = SavedCursor(x: cursor.x, y: cursor.y, pendingWrap: cursor.pendingWrap,
                                           style: cursor.style, charsets: cursor.charsets, originMode: cursor.originMode)
                switchScreen(toAlternate: true, clearAlternate: true)
            } else {
                guard isAlternateScreenActive else { return }
                switchScreen(toAlternate: false, clearAlternate: false)
                restore(savedFor1049)
            }
        default:
            break
        }
    }

    /// SM / RM (`CSI … h/l`): insert mode and newline mode.
    func setMode(_ mode: Int, _ enabled: Bool) {
        switch mode {
        case 4: insertMode = enabled
        case 20: newlineMode = enabled
        default: break
        }
    }

    func switchScreen(toAlternate: Bool, clearAlternate: Bool) {
        openCluster = nil
        if clearAlternate {
            for y in 0..<rows { alternate.reset(row: y) }
        }
        guard toAlternate != isAlternateScreenActive else { return }
        grid.swapContents(with: parkedGrid)
        isAlternateScreenActive = toAlternate
        cursor.styleID = grid.styleID(for: cursor.style)
        cursor.pendingWrap = false
    }

    /// DECSTBM: rows `top...bottom` (1-based); the cursor goes home.
    func setScrollRegion(top: Int, bottom: Int) {
        let t = max(top, 1) - 1
        let b = (bottom == 0 ? rows : min(bottom, rows)) - 1
        guard t < b else { return }
        scrollTop = t
        scrollBottom = b
        setCursorPosition(row: 1, column: 1)
    }

    /// RIS: back to the power-on state. The screen is cleared as by ED 2 (into history).
    func fullReset() {
        if isAlternateScreenActive { switchScreen(toAlternate: false, clearAlternate: true) }
        clearScreenIntoHistory()
        cursor = Cursor()
        cursor.styleID = 0
        savedPrimary = SavedCursor()
        savedAlternate = SavedCursor()
        scrollTop = 0
        scrollBottom = rows - 1
        autowrap = true
        insertMode = false
        newlineMode = false
        tabs = TabStops(columns: columns)
        currentMark = .none
        currentCommandTag = 0
    }

    /// DECALN: fill the screen with `E` (a test pattern some programs still send).
    func screenAlignmentPattern() {
        for y in 0..<rows {
            for x in 0..<columns { grid.replace(grid.base(y) + x, with: .init(codepoint: 0x45)) }
        }
        scrollTop = 0
        scrollBottom = rows - 1
        moveCursor(x: 0, y: 0)
    }
}
