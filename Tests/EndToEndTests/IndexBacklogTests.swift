import Foundation
import Testing

/// A burst leaves chunks the index has not reached when `run` exits (it indexes for at most
/// 100 ms so the prompt comes back at once); searches stay complete meanwhile, and
/// `scrollvault index` (which `run` starts in the background) clears the backlog.
@Suite struct IndexBacklogTests {
    @Test func searchIsCompleteDuringTheBacklogAndIndexClearsIt() throws {
        let sandbox = try Sandbox()
        let run = try sandbox.scrollvault("run", "--name", "burst", "--", "sh", "-c", "seq 1 1500000", timeout: 60)
        try #require(run.status == 0, "\(run)")

        // Complete whatever the index state: the line is found by index or by the tail scan.
        let found = try sandbox.scrollvault("search", "--session", "burst", "1234567")
        #expect(found.status == 0, "\(found)")
        #expect(found.out.contains(":1234567\n") || found.out.hasSuffix("1234567\n"), "\(found.out)")

        let index = try sandbox.scrollvault("index", timeout: 120)
        #expect(index.status == 0, "\(index)")
        let stats = try sandbox.scrollvault("stats")
        #expect(stats.out.contains("(0 not yet indexed)"), "\(stats.out)")
        let again = try sandbox.scrollvault("search", "--session", "burst", "1234567")
        #expect(again.out == found.out)
    }
}
