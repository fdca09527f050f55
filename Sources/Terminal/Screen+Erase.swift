import PageStore

extension Screen {
    /// ED: 0 below, 1 above, 2 all (into history first), 3 the in-memory scrollback.
    func eraseDisplay(_ mode: Int) {
        openCluster = nil
        let fill = backgroundStyleID
        switch mode {
        case 0:
            if cursor.x == 0 && cursor.y == 0 && !cursor.pendingWrap {
                clearScreenIntoHistory()
                return
            }
            eraseLine(0)
            for y in (cursor.y + 1)..<max(rows, cursor.y + 1) { grid.reset(row: y, styleID: fill) }
            if cursor.y + 1 < rows { unwrap(row: cursor.y) }
        case 1:
            for y in 0..<cursor.y { grid.reset(row: y, styleID: fill) }
            eraseLine(1)
        case 2:
            clearScreenIntoHistory()
        case 3:
            // Scrollback leaves memory, never the archive: the page list hands every row over
            // before it frees the pages.
            history.clear()
        default:
            break
        }
    }

    /// EL: 0 to the end of the row, 1 from its start to the cursor, 2 the whole row. The cursor
    /// does not move; with a wrap pending it is past the last column (tmux), so EL 0 erases
    /// nothing and EL 1 the whole row.
    func eraseLine(_ mode: Int) {
        openCluster = nil
        let y = cursor.y
        let fill = backgroundStyleID
        switch mode {
        case 0:
            if cursor.pendingWrap { return }
            if cursor.x == 0 { clearWholeRow(y, styleID: fill); return }
            repairWideOverlap(y: y, from: cursor.x, to: cursor.x)
            grid.clear(row: y, from: cursor.x, styleID: fill)
        case 1:
            if cursor.pendingWrap || cursor.x >= columns - 1 { clearWholeRow(y, styleID: fill); return }
            repairWideOverlap(y: y, from: cursor.x + 1, to: cursor.x + 1)
            grid.clear(row: y, from: 0, to: cursor.x + 1, styleID: fill)
        case 2:
            clearWholeRow(y, styleID: fill)
        default:
            return
        }
    }

    /// A row cleared from edge to edge is emptied as tmux empties it: it no longer wraps, and
    /// the row above no longer continues into it.
    func clearWholeRow(_ y: Int, styleID: UInt16) {
        grid.clear(row: y, styleID: styleID)
        let physical = grid.rowMap[y]
        grid.rowInfo[physical].wrapped = false
        grid.rowInfo[physical].wrapContinuation = false
        unwrap(row: y - 1)
    }

    /// Row `y` stops continuing into the next one (tmux drops the flag when the row below is
    /// emptied or replaced).
    func unwrap(row y: Int) {
        guard y >= 0 && y < rows else { return }
        grid.rowInfo[grid.rowMap[y]].wrapped = false
        if y + 1 < rows { grid.rowInfo[grid.rowMap[y + 1]].wrapContinuation = false }
    }

    /// ECH: blank `n` cells from the cursor without moving anything (nothing with a wrap pending).
    func eraseCharacters(_ n: Int) {
        openCluster = nil
        guard !cursor.pendingWrap else { return }
        let end = min(columns, cursor.x + max(n, 1))
        if cursor.x == 0 && end == columns { clearWholeRow(cursor.y, styleID: backgroundStyleID); return }
        repairWideOverlap(y: cursor.y, from: cursor.x, to: end)
        grid.clear(row: cursor.y, from: cursor.x, to: end, styleID: backgroundStyleID)
    }

    /// ICH: shift the rest of the row right by `n` blanks; cells pushed past the edge are lost.
    func insertBlanks(_ n: Int) {
        shiftRow(y: cursor.y, from: cursor.x, by: max(n, 1))
    }

    /// DCH: delete `n` cells at the cursor; the rest of the row shifts left, blanks fill in.
    func deleteCharacters(_ n: Int) {
        shiftRow(y: cursor.y, from: cursor.x, by: -max(n, 1))
    }

    /// Moves cells `from...` of row `y` by `offset` (right when positive), blanking the gap.
    private func shiftRow(y: Int, from x: Int, by offset: Int) {
        openCluster = nil
        // With a wrap pending the cursor is past the last column: nothing to shift (tmux).
        guard !cursor.pendingWrap else { return }
        repairWideOverlap(y: y, from: x, to: x)
        let base = grid.base(y)
        let count = columns - x
        let amount = min(abs(offset), count)
        var moved = [Cell](repeating: .empty, count: count)
        var movedGraphemes: [(Int, [Unicode.Scalar])] = []
        for i in 0..<count {
            let target = offset > 0 ? i + amount : i - amount
            guard target >= 0 && target < count else { continue }
            moved[target] = grid[base + x + i]
            if let tail = grid.graphemes[base + x + i] { movedGraphemes.append((x + target, tail)) }
        }
        let fill = Cell(codepoint: 0, styleID: backgroundStyleID, flags: [])
        for i in 0..<count {
            let isGap = offset > 0 ? i < amount : i >= count - amount
            grid[base + x + i] = isGap ? fill : moved[i]
            grid.graphemes.remove(base + x + i)
        }
        for (column, tail) in movedGraphemes { grid.setGraphemeTail(tail, column, y) }
        // A wide character cut in half at the right edge leaves no orphan.
        let last = base + columns - 1
        if grid[last].flags.contains(.wide) { grid.replace(last, with: fill) }
        if x < columns, grid[base + x].flags.contains(.spacerTail) { grid.replace(base + x, with: fill) }
        stampRow(grid.rowMap[y])
    }

    /// The last row IL and DL move: the region's bottom when the cursor is inside the region,
    /// else the screen's (tmux acts on the rows below the cursor either way).
    private var lineEditBottom: Int {
        cursor.y >= scrollTop && cursor.y <= scrollBottom ? scrollBottom : rows - 1
    }

    /// IL: insert `n` blank rows at the cursor's row. The cursor does not move (tmux).
    func insertLines(_ n: Int) {
        grid.scrollDown(top: cursor.y, bottom: lineEditBottom, count: max(n, 1), fillStyleID: backgroundStyleID)
        unwrap(row: cursor.y - 1)
        openCluster = nil
    }

    /// DL: delete `n` rows at the cursor's row; they never enter history. The cursor does not move.
    func deleteLines(_ n: Int) {
        let bottom = lineEditBottom
        let count = max(n, 1)
        grid.scrollUp(top: cursor.y, bottom: bottom, count: count, fillStyleID: backgroundStyleID)
        unwrap(row: cursor.y - 1)
        if bottom - count >= cursor.y { unwrap(row: bottom - count) }
        openCluster = nil
    }
}
