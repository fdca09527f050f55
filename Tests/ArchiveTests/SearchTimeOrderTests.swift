import Archive
import Testing

/// Issue 24: results come in the order of the lines' own times, not of storage: an old
/// recording imported after today's session ranks as old.
@Suite struct SearchTimeOrderTests {
    /// Today's session first, then a recording from a year ago stored after it (an import).
    private func archiveWithOldRecordingStoredLast(_ dir: TempDir) throws -> (today: Int64, old: Int64) {
        let now: Int64 = 1_760_000_000_000, yearAgo = now - 365 * 86_400_000
        let lines = { (start: Int64) in
            (0..<2500).map { ArchiveLine(text: "line \($0) needle\($0)\($0 % 500 == 0 ? " rare" : "")", timestamp: start + Int64($0)) }
        }
        let today = try record(lines(now), path: dir.db, name: "today", startedAt: now)
        let old = try record(lines(yearAgo), path: dir.db, name: "old", startedAt: yearAgo)
        return (today, old)
    }

    @Test(arguments: [SearchQuery.Mode.words, .phrase, .substring, .regex, .fts])
    func newestFirstRanksByRecordedTime(mode: SearchQuery.Mode) throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let (today, old) = try archiveWithOldRecordingStoredLast(dir)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        let text = mode == .regex ? "needle\\d+ rare" : mode == .substring ? "0 rare" : "rare"
        let newest = try archive.search(SearchQuery(text: text, mode: mode, limit: 100))
        #expect(newest.map(\.session) == Array(repeating: today, count: 5) + Array(repeating: old, count: 5), "\(mode)")
        #expect(newest.map(\.timestamp) == newest.map(\.timestamp).sorted(by: >), "\(mode)")
        let oldest = try archive.search(SearchQuery(text: text, mode: mode, limit: 3, newestFirst: false))
        #expect(oldest.map(\.session) == [old, old, old], "\(mode)")
        #expect(oldest.map(\.line) == [1, 501, 1001], "\(mode)")
        let latest = try archive.search(SearchQuery(text: text, mode: mode, limit: 1))
        #expect(latest.first?.session == today && latest.first?.line == 2001, "\(mode)")
    }

    /// The same before the index catches up: unindexed chunks are ordered the same way.
    @Test func unindexedChunksAreOrderedByTimeToo() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        var options = ArchiveWriter.Options()
        options.indexing = .held
        let now: Int64 = 1_760_000_000_000
        let today = try record([ArchiveLine(text: "held needle", timestamp: now)], path: dir.db, name: "today", startedAt: now, options: options)
        let old = try record([ArchiveLine(text: "held needle", timestamp: now - 10_000_000)], path: dir.db, name: "old",
                             startedAt: now - 10_000_000, options: options)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        #expect(try archive.statistics().unindexedChunks == 2)
        #expect(try archive.search(SearchQuery(text: "needle", mode: .words)).map(\.session) == [today, old])
        #expect(try archive.search(SearchQuery(text: "needle", mode: .words, newestFirst: false)).map(\.session) == [old, today])
    }
}
