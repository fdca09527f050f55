import PageStore
import VTParser

/// The emulated terminal's state: two grids (primary and alternate), the cursor, modes, the
/// scroll region — and the history the primary grid scrolls into, held in a byte-budgeted
/// `PageList`.
///
/// `Screen` is the parser's handler: the parser decides what the bytes mean, `Screen` carries it
/// out. Operations live in extensions by theme (printing, cursor, erase, scrolling, modes, SGR,
/// OSC). Its semantics follow tmux, the reference our exports are compared with: only rows
/// scrolling off a region that starts at the top of the primary screen enter history, a full
/// clear scrolls the screen's used rows into history first, and the alternate screen never
/// enters history.
public final class Screen: ParserHandler {
    public internal(set) var columns: Int
    public internal(set) var rows: Int

    /// The grid being written. It is a `let`, and switching screens swaps the two grids'
    /// contents instead of the reference: loading a `var` class reference on the per-cell path
    /// cost a retain/release pair per access (19% of emulating emoji text).
    let grid: Grid
    /// The grid of the screen not shown.
    let parkedGrid: Grid
    public internal(set) var isAlternateScreenActive = false
    /// The primary screen's grid, whichever is shown.
    var primary: Grid { isAlternateScreenActive ? parkedGrid : grid }
    var alternate: Grid { isAlternateScreenActive ? grid : parkedGrid }

    var cursor = Cursor()
    var savedPrimary = SavedCursor()
    var savedAlternate = SavedCursor()
    /// Cursor saved by mode 1049 on entry to the alternate screen.
    var savedFor1049 = SavedCursor()

    var scrollTop = 0
    var scrollBottom: Int
    var autowrap = true
    var insertMode = false
    var newlineMode = false
    var tabs: TabStops

    /// Rows that left the primary screen, oldest first, under the memory budget.
    public let history: PageList

    /// Milliseconds since the epoch stamped on rows as they are written; the caller advances it.
    public var now: Int64 = 0
    public internal(set) var title: String?
    public internal(set) var workingDirectory: String?
    /// Mark set by OSC 133, stamped on rows written until the next mark, with the tag of the
    /// command it belongs to.
    var currentMark = SemanticMark.none
    var currentCommandTag: UInt8 = 0
    /// Prompts seen so far (OSC 133 A): the number of the command whose cycle is under way.
    var commandOrdinal: Int64 = 0
    /// Shell-integration events not yet taken (`takeShellEvents`).
    var shellEvents: [ShellEvent] = []
    /// Between OSC 7777 pause and resume: the rows written are hidden from the archive.
    public internal(set) var archivingPaused = false

    /// The cell the last printed cluster started in, while the next scalar may still join it.
    var openCluster: (x: Int, y: Int)?
    /// Clustering follows tmux 3.3a (and so glibc's wcwidth, which the programs inside the
    /// terminal use to place their cursor): combining marks and ZWJ sequences share a cell, but
    /// a skin-tone modifier or the second flag letter takes cells of its own. Unicode's rules
    /// would put those in one cell and shift every later column away from where the program
    /// believes its cursor is.
    var clusterer = GraphemeClusterer(rules: .tmux33)
    /// Last printed scalar, for REP.
    var lastPrinted: Unicode.Scalar?

    public init(columns: Int, rows: Int, history: PageList) {
        precondition(columns > 0 && rows > 0, "a screen needs at least one row and one column")
        self.columns = columns
        self.rows = rows
        grid = Grid(columns: columns, rows: rows)
        parkedGrid = Grid(columns: columns, rows: rows)
        scrollBottom = rows - 1
        tabs = TabStops(columns: columns)
        self.history = history
    }

    /// The visible text of row `y` (spacers skipped, trailing blanks kept as spaces up to the
    /// last written cell). For tests and debugging.
    public func text(ofRow y: Int) -> String {
        var scalars = String.UnicodeScalarView()
        var lastText = 0
        for x in 0..<columns {
            let cell = grid.cell(x, y)
            if cell.flags.contains(.spacerTail) || cell.flags.contains(.spacerHead) { continue }
            if cell.codepoint == 0 { scalars.append(" "); continue }
            scalars.append(Unicode.Scalar(cell.codepoint) ?? "\u{FFFD}")
            for tail in grid.graphemeTail(x, y) { scalars.append(tail) }
            lastText = scalars.count
        }
        return String(String.UnicodeScalarView(scalars.prefix(lastText)))
    }

    public var cursorPosition: (x: Int, y: Int) { (cursor.x, cursor.y) }
}
