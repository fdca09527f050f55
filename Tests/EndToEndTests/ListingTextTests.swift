import Testing
@testable import scrollvault

/// A command or name made fit for one row of `sessions` (issue 30, "Display").
@Suite struct ListingTextTests {
    @Test func lineBreaksBecomeOneSymbolEach() {
        #expect(ListingText.oneLine("a\nb\r\nc\rd\n\ne") == "a⏎b⏎c⏎d⏎⏎e")
    }

    @Test func controlCharactersCannotReachTheTerminal() {
        #expect(ListingText.oneLine("x\ty\u{1B}[2Jz\u{7F}\u{9B}") == "x y\u{FFFD}[2Jz\u{FFFD}\u{FFFD}")
        #expect(ListingText.oneLine("café 日本") == "café 日本")
    }

    @Test func widthCountsCells() {
        #expect(ListingText.width("abc") == 3)
        #expect(ListingText.width("日本") == 4)
        #expect(ListingText.width("e\u{301}") == 1, "a combining accent takes no cell")
        #expect(ListingText.width("👩‍💻") == 2, "a ZWJ sequence is one wide glyph")
    }

    @Test func truncationEndsInAnEllipsisWithinTheWidth() {
        #expect(ListingText.truncated("abcdef", toWidth: 6) == "abcdef")
        #expect(ListingText.truncated("abcdefg", toWidth: 6) == "abcde…")
        // A wide character that would straddle the edge is left out whole.
        #expect(ListingText.truncated("ab日本語", toWidth: 6) == "ab日…")
        #expect(ListingText.truncated("abc", toWidth: 1) == "…")
        #expect(ListingText.truncated("abc", toWidth: 0) == "")
    }
}
