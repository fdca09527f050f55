import PageStore

extension Screen {
    /// IND / LF: down one row, scrolling the region when the cursor is on its bottom row.
    func index() {
        if cursor.y == scrollBottom {
            scrollUp(1)
        } else if cursor.y < rows - 1 {
            cursor.y += 1
        }
    }

    /// RI: up one row, scrolling the region down when the cursor is on its top row.
    func reverseIndex() {
        if cursor.y == scrollTop {
            grid.scrollDown(top: scrollTop, bottom: scrollBottom, count: 1, fillStyleID: backgroundStyleID)
        } else if cursor.y > 0 {
            cursor.y -= 1
        }
    }

    /// Scrolls the region up. Rows leaving a region that starts at the top of the primary
    /// screen enter history; anywhere else they are gone, as in xterm.
    func scrollUp(_ count: Int) {
        openCluster = nil
        if !isAlternateScreenActive && scrollTop == 0 {
            // The primary grid is the active one here; it is passed down rather than looked
            // up per row (`primary` is a computed reference: a retain and release each time).
            let grid = self.grid
            let history = self.history
            grid.scrollUp(top: scrollTop, bottom: scrollBottom, count: count, fillStyleID: backgroundStyleID) { y in
                Screen.moveRow(y, of: grid, to: history)
            }
        } else {
            grid.scrollUp(top: scrollTop, bottom: scrollBottom, count: count, fillStyleID: backgroundStyleID)
        }
    }

    func scrollDown(_ count: Int) {
        openCluster = nil
        grid.scrollDown(top: scrollTop, bottom: scrollBottom, count: count, fillStyleID: backgroundStyleID)
    }

    /// Copies visible row `y` of the primary grid into the page store.
    func moveRowToHistory(_ y: Int) {
        Screen.moveRow(y, of: primary, to: history)
    }

    /// Copies visible row `y` of `grid` into `history`.
    @inline(__always)
    static func moveRow(_ y: Int, of grid: Grid, to history: PageList) {
        let base = grid.base(y)
        let info = grid.rowInfo[grid.rowMap[y]]
        grid.withRowCells(y) { cells in
            history.appendRow(
                info,
                cells: UnsafeBufferPointer(cells),
                style: { grid.styles[$0] },
                forEachGraphemeScalar: { x, body in grid.forEachGraphemeScalar(atCell: base + x, body) }
            )
        }
    }

    /// Scroll-on-clear (tmux): the rows of the primary screen up to the last one in use move
    /// into history, then the rest is blanked. Used by ED 2 and by ED 0 from the home position.
    func clearScreenIntoHistory() {
        guard !isAlternateScreenActive else {
            for y in 0..<rows { grid.reset(row: y, styleID: backgroundStyleID) }
            return
        }
        let used = grid.usedRowCount
        let grid = self.grid
        let history = self.history
        for _ in 0..<used {
            grid.scrollUp(top: 0, bottom: rows - 1, count: 1, fillStyleID: backgroundStyleID) { y in
                Screen.moveRow(y, of: grid, to: history)
            }
        }
        for y in 0..<rows { grid.reset(row: y, styleID: backgroundStyleID) }
        openCluster = nil
    }

    /// The style id erased cells get: the pen's background only (background colour erase).
    /// The pen's own style may be on no cell yet, so a compaction this lookup causes must keep it.
    var backgroundStyleID: UInt16 {
        if cursor.style.background == .default { return 0 }
        return grid.styleID(for: Style(background: cursor.style.background), keeping: &cursor.styleID)
    }
}
