extension PageList {
    /// Calls `body` with the history rows of the logical line the screen is still writing,
    /// oldest first: the trailing rows whose line continues onto the screen (each row before
    /// the last says it wraps, and each row after the first continues it). Nothing when the
    /// last history row ends its line.
    ///
    /// A snapshot of the screen needs them: the line assembler has read these rows but holds
    /// their line open until its last row leaves the screen. At most `limit` rows are visited,
    /// so a line that never ends costs a bounded walk; its older rows are then left out.
    public func forEachRowOfUnfinishedLine(limit: Int = 4096, _ body: (RowView) -> Void) {
        guard let last = tail, last.page.rowCount > 0,
              last.page.rowView(last.page.rowCount - 1).info.wrapped else { return }
        // Walk back to the line's first row: (node, index) of the oldest row kept.
        var node = last
        var index = last.page.rowCount - 1
        var visited = 1
        while visited < limit, node.page.rowView(index).info.wrapContinuation {
            if index > 0 {
                guard node.page.rowView(index - 1).info.wrapped else { break }
                index -= 1
            } else {
                guard let previous = node.prev, previous.page.rowCount > 0,
                      previous.page.rowView(previous.page.rowCount - 1).info.wrapped else { break }
                node = previous
                index = previous.page.rowCount - 1
            }
            visited += 1
        }
        // Then forward to the end of the list.
        var current: PageNode? = node
        while let n = current {
            while index < n.page.rowCount {
                body(n.page.rowView(index))
                index += 1
            }
            current = n.next
            index = 0
        }
    }
}
