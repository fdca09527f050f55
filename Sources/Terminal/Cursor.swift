import PageStore

/// Where the next character goes and how it looks.
struct Cursor {
    var x = 0
    var y = 0
    /// A character was printed in the last column with autowrap on: the next printable wraps
    /// first. Kept as a flag (x stays on the last column) rather than x == columns.
    var pendingWrap = false
    /// The pen: what SGR set, and its id in the current grid's style table.
    var style = Style.default
    var styleID: UInt16 = 0
    var charsets = CharsetState()
    var originMode = false
}

/// What DECSC saves and DECRC restores (per screen, as xterm does).
struct SavedCursor {
    var x = 0
    var y = 0
    var pendingWrap = false
    var style = Style.default
    var charsets = CharsetState()
    var originMode = false
}
