import Glibc
import Testing
import VTParser

private func width(_ scalar: Unicode.Scalar) -> Int { UnicodeWidth.width(scalar) }

/// Clusters `text` the way a terminal would and returns each cluster with its width.
private func clusters(_ text: String, rules: ClusteringRules = .unicode) -> [(String, Int)] {
    var clusterer = GraphemeClusterer(rules: rules)
    var result: [(String, Int)] = []
    var current = ""
    for scalar in text.unicodeScalars {
        if clusterer.continues(with: scalar) {
            current.unicodeScalars.append(scalar)
        } else {
            if !current.isEmpty { result.append((current, clusterer.clusterWidth)) }
            current = String(scalar)
            clusterer.begin(scalar)
        }
    }
    if !current.isEmpty { result.append((current, clusterer.clusterWidth)) }
    return result
}

private func widths(_ text: String) -> [Int] { clusters(text).map(\.1) }

@Suite struct UnicodeWidthTests {
    @Test func spotChecks() {
        #expect(width("A") == 1)
        #expect(width(" ") == 1)
        #expect(width("\u{E9}") == 1)
        #expect(width("\u{301}") == 0)
        #expect(width("\u{65E5}") == 2)
        #expect(width("\u{1F600}") == 2)
        #expect(width("\u{2764}") == 1)
        #expect(width("\u{FE0F}") == 0)
        #expect(width("\u{200B}") == 0)
        #expect(width("\u{AC00}") == 2)  // Hangul syllable
        #expect(width("\u{1160}") == 0)  // Hangul medial vowel: glibc says 0
        #expect(width("\u{FF21}") == 2)  // fullwidth A
        #expect(width("\u{378}") == 1)   // unassigned counts as 1, as in tmux
        #expect(width("\u{E000}") == 1)  // private use
        #expect(UnicodeWidth.isPrintable("A"))
        #expect(UnicodeWidth.isPrintable("\u{1F600}"))
        #expect(!UnicodeWidth.isPrintable("\u{7}"))
        #expect(!UnicodeWidth.isPrintable("\u{85}"))  // C1 control arriving as UTF-8
        #expect(!UnicodeWidth.isPrintable("\u{378}"))  // unassigned: tmux 3.3a drops it
    }

    /// The committed table must be exactly what glibc's wcwidth says on this machine (with -1
    /// counted as 1, and NUL aside); if glibc is upgraded, rerun scripts/gen-unicode-tables.py.
    @Test func tableMatchesGlibcWcwidth() throws {
        // Glibc's Swift module does not export wcwidth (an XOPEN declaration): look it up.
        typealias WcwidthFunction = @convention(c) (wchar_t) -> Int32
        let symbol = try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth"))
        let wcwidth = unsafeBitCast(symbol, to: WcwidthFunction.self)
        let locale = try #require(newlocale(1 << LC_CTYPE, "C.UTF-8", nil))
        let previous = uselocale(locale)
        defer {
            uselocale(previous)
            freelocale(locale)
        }
        var mismatches: [UInt32] = []
        for value in UInt32(1)...0x10FFFF {  // NUL: glibc 0, table 1 (a control, never printed)
            guard let scalar = Unicode.Scalar(value) else { continue }
            let glibc = wcwidth(wchar_t(value))
            if UnicodeWidth.width(scalar) != (glibc < 0 ? 1 : Int(glibc))
                || UnicodeWidth.isPrintable(scalar) != (glibc >= 0 || value == 0) {
                mismatches.append(value)
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(10))")
    }

    @Test func scalarProperties() {
        #expect(ScalarProperties("\u{200D}").breakClass == .zwj)
        #expect(ScalarProperties("\u{1F1E6}").breakClass == .regionalIndicator)
        #expect(ScalarProperties("\u{301}").breakClass == .extend)
        #expect(ScalarProperties("\u{1F3FB}").breakClass == .extend)
        #expect(ScalarProperties("\u{903}").breakClass == .spacingMark)
        #expect(ScalarProperties("\u{1F600}").isExtendedPictographic)
        #expect(ScalarProperties("\u{A9}").isExtendedPictographic)
        #expect(!ScalarProperties("A").isExtendedPictographic)
        #expect(ScalarProperties("\u{2764}").isWidenedByVS16)
        #expect(!ScalarProperties("\u{1F600}").isWidenedByVS16)  // already wide
    }
}

@Suite struct GraphemeClustererTests {
    @Test func asciiNeverJoins() {
        #expect(widths("abc") == [1, 1, 1])
    }

    @Test func combiningMarkJoins() {
        let result = clusters("e\u{301}x")
        #expect(result.map(\.0) == ["e\u{301}", "x"])
        #expect(result.map(\.1) == [1, 1])
    }

    @Test func wideBaseKeepsItsWidth() {
        #expect(widths("\u{65E5}\u{672C}") == [2, 2])
    }

    @Test func variationSelectors() {
        #expect(widths("\u{2764}") == [1])
        #expect(clusters("\u{2764}\u{FE0F}").map(\.0) == ["\u{2764}\u{FE0F}"])
        #expect(widths("\u{2764}\u{FE0F}") == [2])  // VS16 widens an emoji-capable base
        #expect(widths("\u{2764}\u{FE0E}") == [1])  // VS15 leaves it
        #expect(widths("\u{231A}\u{FE0E}") == [2])  // ... even when the base is wide
        #expect(widths("a\u{FE0F}") == [1])  // not emoji-capable
    }

    @Test func flagsArePairsOfRegionalIndicators() {
        let result = clusters("\u{1F1EB}\u{1F1F7}\u{1F1E9}\u{1F1EA}\u{1F1EF}")
        #expect(result.map(\.0) == ["\u{1F1EB}\u{1F1F7}", "\u{1F1E9}\u{1F1EA}", "\u{1F1EF}"])
        #expect(result.map(\.1) == [2, 2, 1])
    }

    @Test func zwjSequencesJoin() {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}"
        #expect(clusters(family + "x").map(\.0) == [family, "x"])
        #expect(widths(family) == [2])
        // GB11 needs a pictograph before the ZWJ: a letter keeps the ZWJ but not what follows.
        #expect(clusters("a\u{200D}\u{1F600}").map(\.0) == ["a\u{200D}", "\u{1F600}"])
        #expect(clusters("\u{1F600}\u{200D}b").map(\.0) == ["\u{1F600}\u{200D}", "b"])
    }

    @Test func emojiModifiersJoin() {
        let result = clusters("\u{1F44D}\u{1F3FD}\u{1F469}\u{1F3FB}\u{200D}\u{1F4BB}")
        #expect(result.map(\.0) == ["\u{1F44D}\u{1F3FD}", "\u{1F469}\u{1F3FB}\u{200D}\u{1F4BB}"])
        #expect(result.map(\.1) == [2, 2])
    }

    @Test func spacingMarksHangulAndZeroWidth() {
        #expect(clusters("\u{915}\u{93F}").count == 1)  // Devanagari KA + vowel sign I (SpacingMark)
        #expect(clusters("\u{1100}\u{1161}\u{11A8}").count == 1)  // conjoining jamo L V T
        #expect(clusters("a\u{200B}b").map(\.0) == ["a\u{200B}", "b"])  // zero width joins, as tmux
    }

    @Test func nothingJoinsBeforeBeginOrAfterReset() {
        var clusterer = GraphemeClusterer()
        let beforeBegin = clusterer.continues(with: "\u{301}")
        clusterer.begin("e")
        let afterBegin = clusterer.continues(with: "\u{301}")
        clusterer.reset()
        let afterReset = clusterer.continues(with: "\u{301}")
        #expect(!beforeBegin)
        #expect(afterBegin)
        #expect(!afterReset)
    }
}

/// tmux 3.3a's own rules, checked against what tmux 3.3a on this machine did with the same text
/// (cursor column after printing it in a fresh pane, observed with `display -p '#{cursor_x}'`).
@Suite struct Tmux33ClusteringTests {
    @Test(arguments: [
        ("\u{2764}\u{FE0F}", 1, 1),  // VS16 joins but does not widen
        ("\u{1F1EB}\u{1F1F7}", 2, 2),  // each regional indicator is its own cell
        ("\u{1F1EB}\u{1F1F7}\u{1F1E9}", 3, 3),
        ("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", 1, 2),  // ZWJ joins the next scalar
        ("\u{1F44D}\u{1F3FD}", 2, 4),  // a skin-tone modifier takes its own two cells
        ("e\u{301}", 1, 1),
        ("a\u{200B}b", 2, 2),  // zero width joins the previous cell
        ("\u{915}\u{93F}", 2, 2),  // a spacing mark takes its own cell
        ("\u{1100}\u{1161}\u{11A8}", 1, 2),  // conjoining jamo V and T are zero width
        ("a\u{FE0F}", 1, 1),
        ("#\u{FE0F}", 1, 1),
        ("\u{231A}\u{FE0E}", 1, 2),
        ("a\u{200D}\u{1F600}", 1, 1),  // after ZWJ anything non-ASCII joins
        ("\u{1F600}\u{200D}b", 2, 3),  // ... but ASCII does not
        ("\u{A9}\u{FE0F}", 1, 1),
        ("\u{1F600}", 1, 2),
        ("\u{65E5}", 1, 2),
    ] as [(String, Int, Int)])
    func matchesTmux(text: String, cells: Int, columns: Int) {
        let result = clusters(text, rules: .tmux33)
        #expect(result.count == cells)
        #expect(result.map(\.1).reduce(0, +) == columns)
    }
}
