import Testing

/// A cell keeps a grapheme tail exactly while it is flagged as holding one; writers rely on it
/// to skip the table for plain cells. These overwrite clusters every way the screen can and
/// check that no old tail reappears on what is written there next.
@Suite struct GraphemeLifetimeTests {
    static let family = "👨\u{200D}👩\u{200D}👧"
    static let accented = "e\u{0301}"

    @Test(arguments: [
        // ICH pushes a cluster off the right edge (cut in half there), then text is written.
        ("\u{1B}[1;7H\(family)\u{1B}[1;1H\u{1B}[2@\u{1B}[1;8Hz", "       z"),
        // ICH moves a cluster right, past where the row's clusters ended; text written there,
        // then a new cluster in the same cell (which must not grow the old tail).
        ("ab\(family)\r\u{1B}[3@\u{1B}[1;6Hxy\u{1B}[1;6H\(accented)", "   ab\(accented)y"),
        // ASCII run over a cluster and over a combining sequence.
        ("\(family)\(accented)ab\rxyzw", "xyzwb"),
        // A wide character over a cell whose neighbour held combining marks.
        ("a\(accented)c\r中", "中c"),
        // DECALN over clusters, then text.
        ("\(family)\(accented)\u{1B}#8\u{1B}[1;1Hq", "qEEEEEEE"),
        // Erase, then write: the cleared cells hold nothing.
        ("\(family)\(accented)\u{1B}[1K\u{1B}[1;1Hok", "ok"),
    ])
    func overwrittenClustersLeaveNoTail(input: String, expected: String) {
        let lines = normalised(render(input, columns: 8, rows: 2))
        #expect(lines.first == expected)
        #expect(!lines.joined().unicodeScalars.contains { $0 == "\u{200D}" || ($0 == "\u{0301}" && !expected.contains(Self.accented)) })
    }
}
