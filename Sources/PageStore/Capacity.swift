/// How much a page can hold. The byte layout of a page is derived from it (see `PageLayout`).
///
/// A standard capacity keeps every page near 400 KiB whatever the terminal width, as Ghostty's
/// 215×215-cell pages do: small enough that pruning one page frees a useful but not huge
/// amount, large enough that per-page overhead is negligible.
public struct Capacity: Equatable, Sendable {
    public var columns: Int
    public var rows: Int
    /// Style table entries, including the reserved default style at id 0.
    public var styles: Int
    /// Bytes of grapheme storage (extra scalars of multi-scalar clusters).
    public var graphemeBytes: Int

    public init(columns: Int, rows: Int, styles: Int, graphemeBytes: Int) {
        precondition(columns >= 1 && rows >= 1, "a page needs at least one row and one column")
        precondition(styles >= 2 && styles <= Capacity.maximumStyles, "styles must be in 2...\(Capacity.maximumStyles)")
        precondition(graphemeBytes >= 0)
        self.columns = columns
        self.rows = rows
        self.styles = styles
        self.graphemeBytes = graphemeBytes
    }

    /// Style ids are 16-bit, so a page holds at most 65,536 styles (ids 0...65535).
    public static let maximumStyles = 1 << 16
    /// Room in a standard page for 511 styles and 32 KiB of grapheme tails. With Ghostty's
    /// 128 and 8 KiB nearly every page grew on 64 MiB of emoji/CJK/SGR output at 80 columns
    /// (990 growths, 952 pages pruned), and each growth maps, copies and later unmaps ~430 KiB:
    /// 112,800 page faults in `run` against 8,300 now, and 0.2-0.3 s of system time. Plain
    /// rows give up 9% of a page (2,468 pages for 64 MiB of log text instead of 2,265).
    public static let standardStyles = 512
    public static let standardGraphemeBytes = 32 << 10
    /// The byte size a standard page aims at (Ghostty's standard page is 401,408 bytes).
    public static let standardTargetBytes = 400 << 10

    /// The standard capacity for a width: rows are chosen so the page stays near 400 KiB.
    public static func standard(columns: Int) -> Capacity {
        precondition(columns >= 1)
        let fixed = PageLayout.bytesIndependentOfRows(styles: standardStyles, graphemeBytes: standardGraphemeBytes)
        let perRow = PageLayout.bytesPerRow(columns: columns)
        let rows = max(1, (standardTargetBytes - fixed) / perRow)
        return Capacity(columns: columns, rows: rows, styles: standardStyles, graphemeBytes: standardGraphemeBytes)
    }
}
