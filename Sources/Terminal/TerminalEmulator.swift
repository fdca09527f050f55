import PageStore
import VTParser

/// Bytes in, logical lines out: the parser, the screen it drives, the page store the screen
/// scrolls into, and the assembler that turns history rows into lines for a consumer.
///
/// Not thread-safe: one thread feeds it. Each `feed` hands the rows that entered history to
/// the consumer before it returns, so a line that left the screen is never held back; unless
/// the assembler reads them on a thread of its own (`historySink`), when rows are lent to it a
/// few hundred at a time and `handOverHistory()` lends the rest.
public final class TerminalEmulator {
    public let screen: Screen
    public let history: PageList
    private let assembler: LineAssembler
    private var parser: Parser<Screen>

    /// `historySink` is given the line assembler and returns the sink history rows go to: the
    /// assembler itself (the default), or a `DeferredEvictionSink` that runs it on another
    /// thread. The consumer is then called on that thread, until `finish()`.
    public init(columns: Int, rows: Int, scrollbackBudget: Int = PageList.defaultBudget, consumer: LineConsumer,
                historySink: (LineAssembler) -> any EvictionSink = { $0 }) {
        let columns = max(1, min(columns, 4096))
        let rows = max(1, min(rows, 4096))
        assembler = LineAssembler(consumer: consumer)
        history = PageList(columns: columns, budget: scrollbackBudget, sink: historySink(assembler))
        screen = Screen(columns: columns, rows: rows, history: history)
        parser = Parser(handler: screen)
    }

    /// Timestamp (ms since the epoch) given to rows written from now on.
    public var now: Int64 {
        get { screen.now }
        set { screen.now = newValue }
    }

    public func feed(_ bytes: UnsafeRawBufferPointer) {
        parser.feed(bytes)
        history.handOverPending(atLeast: Self.rowsPerLoan)
    }

    /// The fewest rows lent to a deferred history sink at a time while output streams in
    /// (each loan may wake its thread): about a feed of log text at 80 columns.
    static let rowsPerLoan = 128

    /// Hands (or lends) every row that entered history; for a feeder about to wait for output.
    public func handOverHistory() {
        history.handOverPending()
    }

    public func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// Ends the session: the primary screen's rows (up to the last one in use) join history,
    /// every row is handed over and the last line completed. The alternate screen, if active,
    /// is left out, as terminals keep it out of scrollback.
    public func finish() {
        screen.moveScreenToHistoryForFinish()
        history.handOverPending()
        // A sink reading on another thread is done with every row before the line is closed here.
        history.waitUntilLentRowsAreRead()
        assembler.finish()
    }

    /// Lines completed so far (with a deferred history sink, only meaningful after `finish()`).
    public var linesCompleted: Int { assembler.linesCompleted }
}

extension TerminalEmulator {
    /// The window changed size (SIGWINCH in `run`, an "r" event in an asciicast import).
    public func resize(columns: Int, rows: Int) {
        screen.resize(columns: columns, rows: rows)
        history.handOverPending()
    }
}
