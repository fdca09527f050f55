import Testing

private let ESC = "\u{1B}"

/// One screen behaviour: bytes at a size, what tmux 3.3a renders from them (history plus final
/// screen, as `capture-pane -J -S - -E -` prints it), and — only where ScrollVault deliberately
/// differs — what we render instead and why.
struct TmuxCase: Sendable, CustomStringConvertible {
    var name: String
    var columns: Int
    var rows: Int
    var input: String
    var tmux: [String]
    var ours: [String]? = nil
    var why: String? = nil

    var expected: [String] { ours ?? tmux }
    var description: String { name }
    var bytes: [UInt8] { Array(input.utf8) }
}

/// The behaviours issue 3 lists, one case each. `tmux` columns were produced by tmux 3.3a and are
/// re-checked against the installed tmux by `TmuxBehaviourTests.tableRecordsWhatTmuxRenders`.
enum Behaviours {
    static let cases: [TmuxCase] = [
        // Wrapping.
        .init(name: "autowrap joins the rows of one line", columns: 10, rows: 5,
              input: "abcdefghijklmno\r\n", tmux: ["abcdefghijklmno"]),
        .init(name: "deferred wrap: CR LF after the last column adds no empty row", columns: 10, rows: 5,
              input: "abcdefghij\r\nX", tmux: ["abcdefghij", "X"]),
        .init(name: "deferred wrap: BS cancels the wrap and stays on the row", columns: 10, rows: 5,
              input: "abcdefghij\u{8}X", tmux: ["abcdefghiX"]),
        .init(name: "deferred wrap: CUB counts from one past the last column", columns: 10, rows: 5,
              input: "abcdefghij\(ESC)[2DX", tmux: ["abcdefghXj"]),
        .init(name: "deferred wrap: CUF stays on the last column", columns: 10, rows: 5,
              input: "abcdefghij\(ESC)[2CX", tmux: ["abcdefghiX"]),
        .init(name: "autowrap off overwrites the last column", columns: 10, rows: 3,
              input: "\(ESC)[?7labcdefghijklm\(ESC)[?7h\r\n", tmux: ["abcdefghim"]),

        // A pending wrap is tmux's cursor one past the last column: erases and moves act from there.
        .init(name: "pending wrap: EL 0 erases nothing and the wrap stays pending", columns: 10, rows: 3,
              input: "abcdefghij\(ESC)[KX", tmux: ["abcdefghijX"]),
        .init(name: "pending wrap: EL 1 clears the row and unwraps it", columns: 10, rows: 3,
              input: "abcdefghij\(ESC)[1KX", tmux: ["X"]),
        .init(name: "pending wrap: ECH erases nothing", columns: 10, rows: 3,
              input: "abcdefghij\(ESC)[XY", tmux: ["abcdefghijY"]),
        .init(name: "pending wrap: ICH inserts nothing", columns: 10, rows: 3,
              input: "abcdefghij\(ESC)[@Y", tmux: ["abcdefghijY"]),
        .init(name: "pending wrap: DCH deletes nothing", columns: 10, rows: 3,
              input: "abcdefghij\(ESC)[PY", tmux: ["abcdefghijY"]),
        .init(name: "pending wrap: HT keeps the wrap pending", columns: 10, rows: 3,
              input: "abcdefghij\tY", tmux: ["abcdefghijY"]),
        .init(name: "pending wrap: CUB 1 lands on the last column", columns: 10, rows: 3,
              input: "abcdefghij\(ESC)[DY", tmux: ["abcdefghiY"]),
        .init(name: "pending wrap: VPA keeps it, the next character wraps from the new row", columns: 10, rows: 3,
              input: "abcdefghij\(ESC)[2dY", tmux: ["abcdefghij", "Y"]),
        .init(name: "pending wrap: LF keeps it; an empty wrapped row adds no blanks", columns: 10, rows: 3,
              input: "abcdefghij\nY", tmux: ["abcdefghij", "Y"]),
        .init(name: "pending wrap: DECRC restores to the last column without the wrap", columns: 10, rows: 3,
              input: "abcdefghij\(ESC)7\r\n\(ESC)8Y", tmux: ["abcdefghiY"]),
        .init(name: "pending wrap: ED 0 keeps the row", columns: 10, rows: 3,
              input: "abcdefghij\(ESC)[JY", tmux: ["abcdefghijY"]),
        .init(name: "pending wrap: ED 1 clears the row", columns: 10, rows: 3,
              input: "abcdefghij\(ESC)[1JY", tmux: ["Y"]),
        .init(name: "pending wrap: REP repeats nothing", columns: 10, rows: 3,
              input: "abcdefghij\(ESC)[2b", tmux: ["abcdefghij"]),
        .init(name: "pending wrap: IL inserts an empty row that the next character wraps from", columns: 10, rows: 3,
              input: "abcdefghij\(ESC)[LY", tmux: ["Ybcdefghij"]),
        .init(name: "clearing a whole row unwraps the row above", columns: 10, rows: 4,
              input: "abcdefghijkl\r\(ESC)[2Kxy\r\n", tmux: ["abcdefghij", "xy"]),
        .init(name: "ED 0 below a wrapped row unwraps it", columns: 10, rows: 4,
              input: "abcdefghijkl\(ESC)[A\(ESC)[4G\(ESC)[Jxy\r\n", tmux: ["abcxy"]),

        // Wide characters.
        .init(name: "CJK and emoji take two cells", columns: 10, rows: 5,
              input: "日本語abc😀z\r\n", tmux: ["日本語abc😀z"]),
        .init(name: "a wide character at the last column wraps early", columns: 10, rows: 5,
              input: "abcdefghi日本\r\n", tmux: ["abcdefghi日本"]),
        .init(name: "a wide character wrapping early leaves the last cell as it was", columns: 80, rows: 24,
              input: "\(ESC)[19;73Hgcket 日\(ESC)[0A\n文", tmux: Array(repeating: "", count: 18) + [String(repeating: " ", count: 72) + "gcket 日文"]),
        .init(name: "a space with a combining mark is not a trailing blank", columns: 10, rows: 3,
              input: " \u{323}", tmux: [" \u{323}"]),
        .init(name: "a combining mark after a cursor move joins the cell left of the cursor", columns: 10, rows: 3,
              input: "ab\r\nc\(ESC)[1A\u{301}\r\n", tmux: ["a\u{301}b", "c"]),
        .init(name: "CJK wrapping across several rows of odd width", columns: 7, rows: 5,
              input: "日本語日本語日本語\r\n", tmux: ["日本語日本語日本語"]),
        .init(name: "overwriting the right half of a wide character blanks it", columns: 10, rows: 5,
              input: " 日本\(ESC)[3GX\r\n", tmux: ["  X本"]),
        // (At column 0 tmux 3.3a leaves the left half standing: its search for the start of
        // the character stops before column 0. Not a behaviour worth copying.)
        .init(name: "overwriting the left half of a wide character blanks it", columns: 10, rows: 5,
              input: " 日本\(ESC)[2GX\r\n", tmux: [" X 本"]),

        // Clusters.
        .init(name: "combining marks stay in their cell", columns: 10, rows: 5,
              input: "e\u{301}a\u{308}\u{323}x\r\n", tmux: ["e\u{301}a\u{308}\u{323}x"]),
        .init(name: "ZWJ sequences, flags and skin tones round-trip", columns: 10, rows: 5,
              input: "a🧑‍💻b🏳️‍🌈c👍🏽\r\n", tmux: ["a🧑‍💻b🏳️‍🌈c👍🏽"]),
        .init(name: "a long ZWJ family keeps every scalar", columns: 10, rows: 5,
              input: "a👩‍👩‍👧‍👦b\r\n", tmux: ["a👩‍👩‍👧‍b"], ours: ["a👩‍👩‍👧‍👦b"],
              why: "tmux 3.3a stores at most 21 bytes per cell and drops the rest of the cluster"),
        .init(name: "VS16 emoji presentation", columns: 10, rows: 5,
              input: "❤️x✨\r\n", tmux: ["❤️x✨"]),

        // C0 controls.
        .init(name: "CR, LF and BS", columns: 10, rows: 5,
              input: "abc\rX\nY\u{8}Z\r\n", tmux: ["Xbc", " Z"]),
        .init(name: "HT moves to the default stops", columns: 20, rows: 5,
              input: "a\tb\tc\r\n", tmux: ["a       b       c"]),
        .init(name: "LNM makes LF a CR LF", columns: 10, rows: 3,
              input: "\(ESC)[20ha\nb\(ESC)[20l\r\n", tmux: ["a", " b"], ours: ["a", "b"],
              why: "tmux 3.3a ignores LNM (mode 20); xterm and the VT100 honour it"),

        // Cursor movement.
        .init(name: "CUP CUU CUD CUF CUB CHA VPA HPA", columns: 20, rows: 5,
              input: "\(ESC)[3;5HX\(ESC)[1;1HY\(ESC)[2AZ\(ESC)[3BW\(ESC)[4CV\(ESC)[2DU\(ESC)[10GT\(ESC)[2dS\(ESC)[15`R",
              tmux: ["YZ", "          S   R", "    X", "  W   UV T"]),
        .init(name: "CUU stops at the region's top only from inside it", columns: 10, rows: 5,
              input: "\(ESC)[3HA\(ESC)[5AB\(ESC)[5HC\(ESC)[9AD", tmux: [" D", "", "A", "", "C"]),
        .init(name: "CUD stops at the region's bottom only from inside it", columns: 10, rows: 5,
              input: "\(ESC)[2;3r\(ESC)[2HA\(ESC)[9BB\(ESC)[4HC\(ESC)[9BD", tmux: ["", "A", " B", "C", " D"]),
        .init(name: "origin mode addresses the region", columns: 10, rows: 5,
              input: "\(ESC)[2;4r\(ESC)[?6h\(ESC)[1;1HX\(ESC)[?6l\(ESC)[r", tmux: ["", "X"]),
        .init(name: "DECSC and DECRC", columns: 10, rows: 5,
              input: "ab\(ESC)7\(ESC)[4;4Hcd\(ESC)8ef", tmux: ["abef", "", "", "   cd"]),

        // Erasing.
        .init(name: "ED 0 erases from the cursor down", columns: 10, rows: 5,
              input: "aaaa\r\nbbbb\r\ncccc\(ESC)[2;3H\(ESC)[J", tmux: ["aaaa", "bb"]),
        .init(name: "ED 0 below the used rows keeps history untouched", columns: 10, rows: 3,
              input: "1\r\n2\r\n3\r\n4\(ESC)[2;1H\(ESC)[J", tmux: ["1", "2"]),
        .init(name: "ED 1 erases from the top to the cursor", columns: 10, rows: 5,
              input: "aaaa\r\nbbbb\r\ncccc\(ESC)[2;3H\(ESC)[1J", tmux: ["", "   b", "cccc"]),
        .init(name: "ED 2 moves the used rows into history", columns: 10, rows: 5,
              input: "aaaa\r\nbbbb\r\ncccc\(ESC)[2J\(ESC)[Hdddd", tmux: ["aaaa", "bbbb", "cccc", "dddd"]),
        .init(name: "ED 2 with a coloured background still moves rows into history", columns: 10, rows: 5,
              input: "\(ESC)[41maaaa\(ESC)[2J\(ESC)[Hb", tmux: ["aaaa", "b"]),
        .init(name: "ED 0 at home moves the used rows into history", columns: 10, rows: 5,
              input: "aaaa\r\nbbbb\r\ncccc\(ESC)[H\(ESC)[Jdddd", tmux: ["aaaa", "bbbb", "cccc", "dddd"]),
        .init(name: "ED 3 never loses lines", columns: 10, rows: 3,
              input: "1\r\n2\r\n3\r\n4\r\n5\(ESC)[3Jx", tmux: ["3", "4", "5x"], ours: ["1", "2", "3", "4", "5x"],
              why: "tmux drops its history on ED 3; the archive never loses lines (design.md)"),
        .init(name: "EL 0, 1 and 2", columns: 10, rows: 5,
              input: "abcdefgh\(ESC)[4G\(ESC)[K\r\nabcdefgh\(ESC)[4G\(ESC)[1K\r\nabcdefgh\(ESC)[4G\(ESC)[2KX",
              tmux: ["abc", "    efgh", "   X"]),

        // Inserting and deleting.
        .init(name: "IL", columns: 10, rows: 5, input: "1\r\n2\r\n3\(ESC)[2H\(ESC)[LX", tmux: ["1", "X", "2", "3"]),
        .init(name: "IL and DL leave the cursor's column alone", columns: 10, rows: 5,
              input: "x\r\nabc\(ESC)[LY\r\n\r\nabc\(ESC)[MZ", tmux: ["x", "   Y", "abc", "   Z"]),
        .init(name: "IL below the scroll region acts on the rows below it", columns: 10, rows: 5,
              input: "\(ESC)[1;2r\(ESC)[3H1\r\n2\r\n3\(ESC)[4H\(ESC)[LX", tmux: ["", "", "1", "X", "2"]),
        .init(name: "DL", columns: 10, rows: 5, input: "1\r\n2\r\n3\(ESC)[1H\(ESC)[MX", tmux: ["X", "3"]),
        .init(name: "ICH", columns: 10, rows: 5, input: "abcdef\(ESC)[3G\(ESC)[2@X", tmux: ["abX cdef"]),
        .init(name: "DCH", columns: 10, rows: 5, input: "abcdef\(ESC)[3G\(ESC)[2PX", tmux: ["abXf"]),
        .init(name: "ECH", columns: 10, rows: 5, input: "abcdef\(ESC)[3G\(ESC)[2X", tmux: ["ab  ef"]),
        .init(name: "IRM inserts", columns: 10, rows: 3,
              input: "abcdef\(ESC)[2G\(ESC)[4hXY\(ESC)[4l\r\n", tmux: ["aXYbcdef"]),

        // Scrolling.
        .init(name: "rows scrolled off a region at the top enter history", columns: 10, rows: 4,
              input: "\(ESC)[1;3r\(ESC)[4HBOTTOM\(ESC)[1H1\r\n2\r\n3\r\n4\r\n5",
              tmux: ["1", "2", "3", "4", "5", "BOTTOM"]),
        .init(name: "rows scrolled off a region below the top do not enter history", columns: 10, rows: 4,
              input: "HEAD\(ESC)[2;4r\(ESC)[2H1\r\n2\r\n3\r\n4\r\n5",
              tmux: ["1", "2", "HEAD", "3", "4", "5"], ours: ["HEAD", "3", "4", "5"],
              why: "issue 3: only a region with top == 0 feeds history; tmux 3.3a also keeps rows from lower regions"),
        .init(name: "RI at the top scrolls down", columns: 10, rows: 3,
              input: "1\r\n2\r\n3\(ESC)M\(ESC)M\(ESC)MX", tmux: [" X", "1", "2"]),
        .init(name: "SU moves the top row into history", columns: 10, rows: 3,
              input: "1\r\n2\r\n3\(ESC)[S\(ESC)[HX", tmux: ["1", "X", "3"]),

        // Alternate screen.
        .init(name: "1049 keeps the alternate screen out and restores the cursor", columns: 10, rows: 4,
              input: "before\(ESC)[?1049hALT\r\nSCREEN\(ESC)[?1049lafter", tmux: ["beforeafter"]),
        .init(name: "1047 keeps the alternate screen out", columns: 10, rows: 4,
              input: "before\(ESC)[?1047hALT\(ESC)[?1047lafter", tmux: ["before   after"]),
        .init(name: "47 keeps the alternate screen out", columns: 10, rows: 4,
              input: "before\(ESC)[?47hALT\(ESC)[?47lafter", tmux: ["before   after"]),

        // Character sets, repetition, tabs.
        .init(name: "DEC special graphics draws boxes", columns: 10, rows: 4,
              input: "\(ESC)(0lqqk\(ESC)(B\r\nx", tmux: ["lqqk", "x"], ours: ["┌──┐", "x"],
              why: "tmux keeps ACS cells as ASCII and capture-pane prints them undecoded; the archive wants the glyphs"),
        .init(name: "REP repeats the last character", columns: 10, rows: 4,
              input: "a\(ESC)[3b\r\n", tmux: ["aaaa"]),
        .init(name: "REP stops at the end of the row", columns: 10, rows: 4,
              input: "abcdefgh\(ESC)[5b\r\n", tmux: ["abcdefghhh"]),
        .init(name: "REP after any control repeats nothing", columns: 10, rows: 4,
              input: "a\(ESC)[1m\(ESC)[3b\r\n", tmux: ["a"]),
        .init(name: "TBC, HTS and HT", columns: 30, rows: 4,
              input: "\(ESC)[3g\(ESC)[5G\(ESC)H\(ESC)[12G\(ESC)H\r\ta\tb\tc\r\n\(ESC)[5G\(ESC)[g\r\ta\tb\r\n",
              tmux: ["    a      b                 c", "           a                 b"]),
        .init(name: "CBT moves back by tab stops", columns: 30, rows: 3,
              input: "\(ESC)[25Ga\(ESC)[2Zb\r\n", tmux: ["                b       a"]),
    ]
}

@Suite struct TmuxBehaviourTests {
    @Test(arguments: Behaviours.cases)
    func rendersLikeTmux(_ c: TmuxCase) {
        let got = normalised(render(c.bytes, columns: c.columns, rows: c.rows))
        #expect(got == c.expected, "\(c.name): \(firstDifference(got, c.expected))")
    }

    /// The same bytes fed one at a time: every sequence split at every point.
    @Test(arguments: Behaviours.cases)
    func rendersTheSameFedByteByByte(_ c: TmuxCase) {
        let got = normalised(render(c.bytes, columns: c.columns, rows: c.rows, splitAt: Array(0..<c.bytes.count)))
        #expect(got == c.expected, "\(c.name): \(firstDifference(got, c.expected))")
    }

    /// Keeps the table honest: its `tmux` column is what the installed tmux renders.
    @Test(.enabled(if: Tmux.isAvailable, "tmux is not on PATH"), arguments: Behaviours.cases)
    func tableRecordsWhatTmuxRenders(_ c: TmuxCase) throws {
        let got = try Tmux.render(c.bytes, columns: c.columns, rows: c.rows)
        #expect(got == c.tmux, "\(c.name): \(firstDifference(got, c.tmux))")
    }
}
