import Testing
import TextDiff

/// The line diff `scrollvault diff` prints and the MCP server returns.
@Suite struct UnifiedDiffTests {
    @Test func identicalTextsHaveNoHunks() {
        #expect(UnifiedDiff(["a", "b"], ["a", "b"]).hunks(context: 3).isEmpty)
    }

    /// A replaced line shows the new text before the old, as the alignment walks it.
    @Test func aChangedLineIsOneHunkWithItsContext() {
        let old = (1...10).map { "line \($0)" }
        var new = old
        new[4] = "line five"
        let hunks = UnifiedDiff(old, new).hunks(context: 2)
        #expect(hunks == ["@@ -3,5 +3,5 @@\n line 3\n line 4\n+line five\n-line 5\n line 6\n line 7\n"])
    }

    @Test func additionsToAnEmptyTextCountFromLineOne() {
        #expect(UnifiedDiff([], ["x", "y"]).hunks(context: 3) == ["@@ -0,0 +1,2 @@\n+x\n+y\n"])
    }

    @Test func changesFarApartAreSeparateHunks() {
        let old = (1...20).map(String.init)
        var new = old
        new[1] = "two"
        new[17] = "eighteen"
        #expect(UnifiedDiff(old, new).hunks(context: 1).count == 2)
    }
}
