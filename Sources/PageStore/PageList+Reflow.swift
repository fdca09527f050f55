extension PageList {
    /// Re-wraps the history for a new width: soft-wrapped rows are joined into logical lines
    /// and split again at `newColumns`; a wide character never straddles two rows (a spacer
    /// head pads the row it did not fit on). Text, styles, graphemes, marks and timestamps
    /// survive.
    ///
    /// Handover: every pending row is handed to the sink first, at the old width, and the
    /// re-wrapped rows count as handed over. So no row reaches the sink twice, and a logical
    /// line the sink has partly seen stays its business (it joins rows by their wrap flags,
    /// whatever their width). Rows pruned while the new pages are built were handed already.
    ///
    /// A history whose last row is soft-wrapped (the line goes on in the active screen) keeps
    /// that flag on its last new row, so the line still joins the row that comes next.
    public func reflow(columns newColumns: Int) {
        precondition(newColumns >= 1 && newColumns <= Int(UInt16.max), "columns must be in 1...65535")
        guard newColumns != columns else { return }
        handOverPending()
        // The old pages are released below: a sink reading on another thread finishes first.
        waitUntilLentRowsAreRead()

        // Detach the old pages; they stay mapped (and counted as detached) until read.
        var oldNode = head
        var detached = 0
        while let n = oldNode {
            ledger.detachedBytes += n.allocationLength
            detached += 1
            oldNode = n.next
        }
        ledger.detachedCount += detached
        oldNode = head
        head = nil
        tail = nil
        pendingNode = nil
        ledger.pageBytes = 0
        ledger.pageCount = 0
        ledger.heapPageCount = 0

        columns = newColumns
        standardCapacity = Capacity.standard(columns: newColumns)
        let standardLength = SystemMemory.roundUpToPages(PageLayout(standardCapacity).totalBytes)
        if standardLength != pool.standardLength {
            for allocation in pool.drain() { unmapPooled(allocation) }
            pool = PagePool(standardLength: standardLength, limit: PageList.poolLimit)
        }
        budget = max(requestedBudget, PageList.minimumBudget(standardLength: standardLength))
        debugCheckAccounting()

        // Build the new pages with no sink: every row was handed over above, so anything
        // pruned or left pending while rebuilding is simply marked as handed.
        let savedSink = sink
        sink = nil
        defer { sink = savedSink }
        var line = LogicalLine()
        while let node = oldNode {
            let page = node.page
            for index in 0..<page.rowCount {
                let row = page.rowView(index)
                if !line.isEmpty && (!row.info.wrapContinuation || !line.lastRowWrapped) {
                    emit(&line, endsWrapped: false)
                }
                line.add(row)
            }
            oldNode = node.next
            node.next = nil
            ledger.detachedBytes -= node.allocationLength
            ledger.detachedCount -= 1
            release(page.allocation, zeroing: .discard)
            debugCheckAccounting()
        }
        if !line.isEmpty { emit(&line, endsWrapped: line.lastRowWrapped) }
        handOverPending()
    }

    /// Splits a logical line into rows of the current width and appends them.
    private func emit(_ line: inout LogicalLine, endsWrapped: Bool) {
        line.trimTrailingBlanks(keepingAll: endsWrapped)
        let width = columns
        var row: [Cell] = []
        row.reserveCapacity(width)
        var rowStyles: [Style] = []
        var rowTails: [Int: [Unicode.Scalar]] = [:]
        var rowSource = line.cells.isEmpty ? 0 : line.cells[0].source
        var isFirstRow = true

        func flush(wrapped: Bool) {
            let source = line.sources[rowSource]
            let info = RowInfo(wrapped: wrapped, wrapContinuation: !isFirstRow || line.startsAsContinuation,
                               mark: source.mark, commandTag: source.commandTag, timestamp: source.timestamp)
            row.withUnsafeBufferPointer { buffer in
                appendRow(info, cells: buffer, style: { rowStyles[Int($0) - 1] },
                          graphemeTail: { rowTails[$0] ?? [] })
            }
            row.removeAll(keepingCapacity: true)
            rowStyles.removeAll(keepingCapacity: true)
            rowTails.removeAll(keepingCapacity: true)
            isFirstRow = false
        }
        func put(_ entry: LogicalLine.Entry) {
            var cell = entry.cell
            if entry.style == .default {
                cell.styleID = 0
            } else {
                rowStyles.append(entry.style)
                cell.styleID = UInt16(rowStyles.count)
            }
            if !entry.tail.isEmpty { rowTails[row.count] = entry.tail }
            row.append(cell)
        }

        var i = 0
        while i < line.cells.count {
            let entry = line.cells[i]
            let isWide = entry.cell.flags.contains(.wide)
            let needed = isWide && width >= 2 ? 2 : 1
            if row.count + needed > width {
                if row.count < width {
                    // A wide character that does not fit: pad with a spacer head and wrap.
                    row.append(Cell(codepoint: 0, flags: .spacerHead))
                }
                flush(wrapped: true)
                rowSource = entry.source
            }
            if row.isEmpty { rowSource = entry.source }
            put(entry)
            i += 1
            if isWide {
                if width >= 2 {
                    let tailCell = i < line.cells.count && line.cells[i].cell.flags.contains(.spacerTail)
                        ? line.cells[i] : LogicalLine.Entry(cell: Cell(codepoint: 0, flags: .spacerTail), style: entry.style, tail: [], source: entry.source)
                    put(tailCell)
                } else {
                    row[row.count - 1].flags.remove(.wide)
                }
                if i < line.cells.count && line.cells[i].cell.flags.contains(.spacerTail) { i += 1 }
            }
        }
        flush(wrapped: endsWrapped)
        line = LogicalLine()
    }

    func unmapPooled(_ allocation: Allocation) {
        SystemMemory.unmap(allocation.base, length: allocation.length)
        ledger.mappedBytes -= allocation.length
        ledger.mappedCount -= 1
        ledger.unmappedBytesTotal += allocation.length
    }
}

/// The cells of one logical line, copied out of their pages (styles and graphemes as values,
/// since page ids do not carry across pages). Reflow is rare, so plain arrays are fine.
struct LogicalLine {
    struct Entry {
        var cell: Cell
        var style: Style
        var tail: [Unicode.Scalar]
        /// Index into `sources`: the original row the cell came from.
        var source: Int
    }
    var cells: [Entry] = []
    var sources: [RowInfo] = []
    var startsAsContinuation = false
    var lastRowWrapped = false

    var isEmpty: Bool { sources.isEmpty }

    mutating func add(_ row: RowView) {
        let info = row.info
        if sources.isEmpty { startsAsContinuation = info.wrapContinuation }
        sources.append(info)
        lastRowWrapped = info.wrapped
        var count = row.columns
        // A wrapped row's padding (a spacer head where a wide character did not fit) is not text.
        if info.wrapped, count > 0, row.cell(count - 1).flags.contains(.spacerHead) { count -= 1 }
        // Trailing never-written cells of a row are not part of the line, unless the row wrapped
        // (autowrap only happens once the last column was written).
        if !info.wrapped {
            while count > 0, row.cell(count - 1).codepoint == 0, row.cell(count - 1).flags.isDisjoint(with: [.spacerTail, .wide]) {
                count -= 1
            }
        }
        for x in 0..<count {
            let cell = row.cell(x)
            if cell.flags.contains(.spacerHead) { continue }
            cells.append(Entry(cell: cell, style: row.style(cell.styleID),
                               tail: cell.flags.contains(.grapheme) ? row.graphemeTail(x) : [],
                               source: sources.count - 1))
        }
    }

    /// Drops never-written cells at the end of the line (they would only pad the last row).
    mutating func trimTrailingBlanks(keepingAll: Bool) {
        guard !keepingAll else { return }
        while let last = cells.last, last.cell.codepoint == 0, last.cell.flags.isDisjoint(with: [.spacerTail, .wide]) {
            cells.removeLast()
        }
    }
}
