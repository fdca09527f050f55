import PageStore

extension Screen {
    /// A cell with the extra scalars of its cluster, as carried through a reflow.
    private struct CarriedCell {
        var cell: Cell
        var tail: [Unicode.Scalar]?
    }

    /// A row of the reflowed primary screen.
    private struct ReflowedRow {
        var cells: [CarriedCell]
        var info: RowInfo
    }

    /// Changes the screen's size. A width change re-wraps the primary screen's logical lines
    /// (and the in-memory history) to the new width; rows pushed off the top by re-wrapping or by
    /// a shorter screen enter history, as in tmux. A taller screen gains blank rows at the bottom:
    /// rows already handed to the archive are never pulled back, so no line is archived twice.
    /// The alternate screen is cut or padded, not re-wrapped (full-screen programs redraw).
    public func resize(columns newColumns: Int, rows newRows: Int) {
        let newColumns = max(1, min(newColumns, 4096))
        let newRows = max(1, min(newRows, 4096))
        guard newColumns != columns || newRows != rows else { return }
        openCluster = nil
        cursor.pendingWrap = false
        if newColumns != columns {
            history.reflow(columns: newColumns)
            reflowPrimary(to: newColumns)
        }
        if newRows < rows {
            shrinkPrimary(by: rows - newRows)
        }
        primary.resize(columns: newColumns, rows: newRows)
        alternate.resize(columns: newColumns, rows: newRows)
        columns = newColumns
        rows = newRows
        scrollTop = 0
        scrollBottom = newRows - 1
        tabs.resize(columns: newColumns)
        cursor.x = min(cursor.x, newColumns - 1)
        cursor.y = min(cursor.y, newRows - 1)
        for saved in [\Screen.savedPrimary, \Screen.savedAlternate, \Screen.savedFor1049] {
            self[keyPath: saved].x = min(self[keyPath: saved].x, newColumns - 1)
            self[keyPath: saved].y = min(self[keyPath: saved].y, newRows - 1)
        }
    }

    /// A shorter screen: blank rows below the cursor go first, then rows from the top move
    /// into history so the cursor's row stays on screen.
    private func shrinkPrimary(by amount: Int) {
        var excess = amount
        var y = rows - 1
        let cursorRow = isAlternateScreenActive ? savedFor1049.y : cursor.y
        while excess > 0 && y > cursorRow && primary.isBlank(row: y) {
            excess -= 1
            y -= 1
        }
        guard excess > 0 else { return }
        primary.scrollUp(top: 0, bottom: rows - 1, count: excess) { row in self.moveRowToHistory(row) }
        if isAlternateScreenActive { savedFor1049.y = max(0, savedFor1049.y - excess) } else { cursor.y = max(0, cursor.y - excess) }
    }

    /// Re-wraps the primary grid's logical lines to `newColumns`, keeping the cursor on the
    /// same character. Works on a copy of the cells; the grid keeps its style table.
    private func reflowPrimary(to newColumns: Int) {
        let onPrimary = !isAlternateScreenActive
        let cursorX = onPrimary ? cursor.x : savedFor1049.x
        let cursorY = onPrimary ? cursor.y : savedFor1049.y
        // 1. Logical lines of the screen, and where the cursor sits in them.
        var lines: [(cells: [CarriedCell], info: RowInfo)] = []
        var current: [CarriedCell] = []
        var currentInfo: RowInfo?
        var cursorLine = 0
        var cursorOffset = 0
        var lastUsedLine = 0
        for y in 0..<rows {
            let physical = primary.rowMap[y]
            let info = primary.rowInfo[physical]
            if currentInfo == nil { currentInfo = info }
            var end = columns
            if !info.wrapped {
                end = 0
                for x in 0..<columns where primary.cell(x, y).codepoint != 0 { end = x + 1 }
            }
            if y == cursorY {
                end = max(end, min(cursorX, columns))
                cursorLine = lines.count
                cursorOffset = current.count
                for x in 0..<min(cursorX, columns) where !primary.cell(x, y).flags.contains(.spacerHead) { cursorOffset += 1 }
            }
            for x in 0..<end {
                let cell = primary.cell(x, y)
                if cell.flags.contains(.spacerHead) { continue }
                current.append(CarriedCell(cell: cell, tail: cell.flags.contains(.grapheme) ? primary.graphemeTail(x, y) : nil))
            }
            if !info.wrapped || y == rows - 1 {
                var lineInfo = currentInfo ?? info
                lineInfo.wrapped = info.wrapped
                if !current.isEmpty || y == cursorY { lastUsedLine = lines.count }
                lines.append((current, lineInfo))
                current = []
                currentInfo = nil
            }
        }
        lines.removeLast(max(0, lines.count - max(lastUsedLine, cursorLine) - 1))

        // 2. Split each line into rows of the new width; wide characters never straddle.
        var newRowsList: [ReflowedRow] = []
        var cursorRow = 0
        var cursorColumn = 0
        for (index, line) in lines.enumerated() {
            var row: [CarriedCell] = []
            var info = line.info
            info.wrapped = false
            info.wrapContinuation = false
            var consumed = 0
            if index == cursorLine && cursorOffset == 0 { cursorRow = newRowsList.count; cursorColumn = 0 }
            for carried in line.cells {
                let width = carried.cell.flags.contains(.wide) ? 2 : 1
                if carried.cell.flags.contains(.spacerTail) && row.isEmpty { consumed += 1; continue }
                if row.count + width > newColumns && !carried.cell.flags.contains(.spacerTail) {
                    while row.count < newColumns { row.append(CarriedCell(cell: Cell(flags: .spacerHead), tail: nil)) }
                    var wrappedInfo = info
                    wrappedInfo.wrapped = true
                    newRowsList.append(ReflowedRow(cells: row, info: wrappedInfo))
                    info.wrapContinuation = true
                    row = []
                }
                row.append(carried)
                consumed += 1
                if index == cursorLine && consumed == cursorOffset {
                    cursorRow = newRowsList.count
                    cursorColumn = row.count
                }
            }
            if index == cursorLine && cursorOffset > consumed {
                cursorRow = newRowsList.count
                cursorColumn = row.count + (cursorOffset - consumed)
            }
            if index == cursorLine && cursorColumn >= newColumns {
                // The cursor sat just past the line's last character at the new right edge.
                cursorColumn = newColumns - 1
            }
            info.wrapped = line.info.wrapped
            newRowsList.append(ReflowedRow(cells: row, info: info))
        }

        // 3. Rows that no longer fit above the cursor enter history; the rest fill the grid.
        let excess = max(0, min(newRowsList.count - rows, cursorRow))
        let styles = primary.styles
        for row in newRowsList.prefix(excess) {
            var cells = row.cells.map(\.cell)
            cells.withUnsafeMutableBufferPointer { buffer in
                history.appendRow(row.info, cells: UnsafeBufferPointer(buffer), style: { styles[$0] },
                                  graphemeTail: { row.cells[$0].tail ?? [] })
            }
        }
        primary.resize(columns: newColumns, rows: rows)
        for y in 0..<rows { primary.reset(row: y) }
        for (y, row) in newRowsList.dropFirst(excess).prefix(rows).enumerated() {
            let base = primary.base(y)
            for (x, carried) in row.cells.prefix(newColumns).enumerated() {
                primary[base + x] = carried.cell
                if let tail = carried.tail { primary.setGraphemeTail(tail, x, y) }
            }
            primary.rowInfo[primary.rowMap[y]] = row.info
        }
        let newY = max(0, min(cursorRow - excess, rows - 1))
        let newX = min(cursorColumn, newColumns - 1)
        if onPrimary { cursor.x = newX; cursor.y = newY } else { savedFor1049.x = newX; savedFor1049.y = newY }
    }
}
