import PageStore

/// The lines the screen would add to history if the session ended now, for a recorder that
/// keeps a provisional copy of what the user sees (lines on the screen can still change, so
/// they are not archived for good until they scroll off).
///
/// The rows are copied into a scratch page list and assembled by a line assembler of its own,
/// exactly as `TerminalEmulator.finish()` would hand them over, so a snapshot's lines are the
/// ones a finished session would store: soft wraps joined (including the start of a wrapped
/// line already in history), trailing blank rows dropped, the alternate screen left out.
/// Used from the emulator's thread only.
public final class ScreenSnapshotter {
    private var scratch: PageList
    private let assembler: LineAssembler

    public init(consumer: LineConsumer) {
        assembler = LineAssembler(consumer: consumer)
        // A small budget: a snapshot is a screen's worth of rows, cleared after each use.
        scratch = PageList(columns: 1, budget: 0, sink: assembler)
    }

    /// Passes the lines of `emulator`'s primary screen (and the unfinished line leading into
    /// it from history) to the consumer, oldest first.
    public func capture(_ emulator: TerminalEmulator) {
        let screen = emulator.screen
        if scratch.columns != screen.columns {
            scratch = PageList(columns: screen.columns, budget: 0, sink: assembler)
        }
        emulator.history.forEachRowOfUnfinishedLine { row in
            row.withCells { cells in
                scratch.appendRow(row.info, cells: cells, style: row.style,
                                  forEachGraphemeScalar: { x, body in row.forEachGraphemeScalar(x, body) })
            }
        }
        let primary = screen.primary
        for y in 0..<primary.usedRowCount { Screen.moveRow(y, of: primary, to: scratch) }
        scratch.handOverPending()
        assembler.finish()
        scratch.clear()
    }
}
