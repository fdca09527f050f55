/// Which notion of "one character cell" the clusterer applies.
public enum ClusteringRules: Sendable {
    /// UAX #29 extended grapheme clusters as a modern terminal shows them: emoji ZWJ sequences,
    /// skin-tone modifiers, flags (regional-indicator pairs, width 2), spacing marks, and VS16
    /// widening a narrow emoji-capable base to 2.
    case unicode
    /// Exactly what tmux 3.3a does (screen_write_cell): a zero-width scalar (glibc wcwidth 0)
    /// joins the previous cell, a ZWJ makes the next non-ASCII scalar join whatever it is, and
    /// nothing else joins. The cell keeps its first scalar's width: no VS16 widening, a skin-tone
    /// modifier takes its own two cells, each regional indicator its own cell, a spacing mark
    /// its own cell. Use this to render byte-for-byte like the conformance reference.
    case tmux33
}
