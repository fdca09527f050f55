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

    /// EL: 0 to the end of the row, 1 from its start to the cursor, 2 the whole row.
    func eraseLine(_ mode: Int) {
        openCluster = nil
        let y = cursor.y
        let fill = backgroundStyleID
        switch mode {
        case 0:
            repairWideOverlap(y: y, from: cursor.x, to: cursor.x)
            grid.clear(row: y, from: cursor.x, styleID: fill)
        case 1:
            repairWideOverlap(y: y, from: cursor.x + 1, to: cursor.x + 1)
            grid.clear(row: y, from: 0, to: cursor.x + 1, styleID: fill)
        case 2:
            grid.clear(row: y, styleID: fill)
        default:
            return
        }
        cursor.pendingWrap = false
    }

    /// ECH: blank `n` cells from the cursor without moving anything.
    func eraseCharacters(_ n: Int) {
        openCluster = nil
        let end = min(columns, cursor.x + max(n, 1))
        repairWideOverlap(y: cursor.y, from: cursor.x, to: end)
        grid.clear(row: cursor.y, from: cursor.x, to: end, styleID: backgroundStyleID)
        cursor.pendingWrap = false
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
        cursor.pendingWrap = false
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
            grid.graphemes[base + x + i] = nil
        }
        for (column, tail) in movedGraphemes { grid.setGraphemeTail(tail, column, y) }
        // A wide character cut in half at the right edge leaves no orphan.
        let last = base + columns - 1
        if grid[last].flags.contains(.wide) { grid[last] = fill }
        if x < columns, grid[base + x].flags.contains(.spacerTail) { grid[base + x] = fill }
        stampRow(grid.rowMap[y])
    }

    /// IL: insert `n` blank rows at the cursor's row, inside the scroll region.
    func insertLines(_ n: Int) {
        guard cursor.y >= scrollTop && cursor.y <= scrollBottom else { return }
        grid.scrollDown(top: cursor.y, bottom: scrollBottom, count: max(n, 1), fillStyleID: backgroundStyleID)
        cursor.x = 0
        cursor.pendingWrap = false
        openCluster = nil
    }

    /// DL: delete `n` rows at the cursor's row, inside the scroll region; they never enter history.
    func deleteLines(_ n: Int) {
        guard cursor.y >= scrollTop && cursor.y <= scrollBottom else { return }
        grid.scrollUp(top: cursor.y, bottom: scrollBottom, count: max(n, 1), fillStyleID: backgroundStyleID)
        cursor.x = 0
        cursor.pendingWrap = false
        openCluster = nil
    }
}
