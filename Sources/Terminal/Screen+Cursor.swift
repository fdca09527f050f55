extension Screen {
    /// The rows the cursor may move within: the scroll region in origin mode, else the screen.
    var verticalBounds: (top: Int, bottom: Int) {
        cursor.originMode ? (scrollTop, scrollBottom) : (0, rows - 1)
    }

    func moveCursor(x: Int, y: Int) {
        cursor.x = max(0, min(x, columns - 1))
        let bounds = verticalBounds
        cursor.y = max(bounds.top, min(y, bounds.bottom))
        cursor.pendingWrap = false
        openCluster = nil
    }

    /// CUP/HVP with 1-based coordinates, relative to the region in origin mode.
    func setCursorPosition(row: Int, column: Int) {
        let top = cursor.originMode ? scrollTop : 0
        moveCursor(x: column - 1, y: top + row - 1)
    }

    func cursorUp(_ n: Int) {
        let limit = cursor.y >= scrollTop ? scrollTop : 0
        cursor.y = max(limit, cursor.y - n)
        cursor.pendingWrap = false
    }

    func cursorDown(_ n: Int) {
        let limit = cursor.y <= scrollBottom ? scrollBottom : rows - 1
        cursor.y = min(limit, cursor.y + n)
        cursor.pendingWrap = false
    }

    func cursorForward(_ n: Int) {
        cursor.x = min(columns - 1, cursor.x + n)
        cursor.pendingWrap = false
    }

    /// With a wrap pending the cursor is, as in tmux, one past the last column: CUB 1 lands on
    /// the last column itself.
    func cursorBackward(_ n: Int) {
        let from = cursor.pendingWrap ? columns : cursor.x
        cursor.x = max(0, from - n)
        cursor.pendingWrap = false
    }

    /// BS. With a wrap pending it only cancels the wrap; at column 0 of a row that continues
    /// a wrapped row it moves to the end of that row (as tmux does), so line editors that
    /// backspace across a soft wrap land where they expect.
    func backspace() {
        if cursor.pendingWrap {
            cursor.pendingWrap = false
        } else if cursor.x > 0 {
            cursor.x -= 1
        } else if cursor.y > 0, grid.rowInfo[grid.rowMap[cursor.y - 1]].wrapped {
            cursor.y -= 1
            cursor.x = columns - 1
        }
    }

    func carriageReturn() {
        cursor.x = 0
        cursor.pendingWrap = false
    }

    /// HT. With a wrap pending the cursor is past the last column and stays there (tmux).
    func horizontalTab(_ n: Int = 1) {
        guard !cursor.pendingWrap else { return }
        for _ in 0..<max(n, 1) { cursor.x = tabs.next(after: cursor.x) }
        cursor.pendingWrap = false
    }

    func backTab(_ n: Int) {
        for _ in 0..<max(n, 1) { cursor.x = tabs.previous(before: cursor.x) }
        cursor.pendingWrap = false
    }

    func saveCursor() {
        let saved = SavedCursor(x: cursor.x, y: cursor.y, pendingWrap: cursor.pendingWrap, style: cursor.style,
                                charsets: cursor.charsets, originMode: cursor.originMode)
        if isAlternateScreenActive { savedAlternate = saved } else { savedPrimary = saved }
    }

    func restoreCursor() {
        restore(isAlternateScreenActive ? savedAlternate : savedPrimary)
    }

    func restore(_ saved: SavedCursor) {
        cursor.x = min(saved.x, columns - 1)
        cursor.y = min(saved.y, rows - 1)
        // tmux clamps a restored position to the last column; a saved pending wrap is not kept.
        cursor.pendingWrap = false
        cursor.charsets = saved.charsets
        cursor.originMode = saved.originMode
        setPen(saved.style)
        openCluster = nil
    }
}
