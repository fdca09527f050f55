@testable import Archive
import Testing

/// Indexed searches read the index a window of chunk ids at a time (`IdWindows`): whatever the
/// window sizes, and whether or not the out-of-order path gives up on windows, the hits are the
/// ones a single listing of every candidate gives, in the same order.
@Suite struct SearchWindowTests {
    /// Lines of ~4 KiB, so a chunk (16 KiB of text at most) holds four and a few hundred lines
    /// make many chunks.
    private static func lines(_ count: Int, start: Int64, step: Int64, tag: String) -> [ArchiveLine] {
        let pad = String(repeating: "x", count: 4000)
        return (0..<count).map { i in
            let word = i % 7 == 0 ? " needle found\(i % 3)" : " hay"
            return ArchiveLine(text: "\(tag) \(i)\(word) \(pad)", timestamp: start + Int64(i) * step)
        }
    }

    /// Today's session; a year-old recording stored after it; a session stored last whose
    /// times interleave with today's; one with a single time; and one whose chunks the index
    /// has not reached.
    private static func archive(_ dir: TempDir) throws -> [Int64] {
        let now: Int64 = 1_760_000_000_000
        var held = ArchiveWriter.Options()
        held.indexing = .held
        return [
            try record(lines(240, start: now, step: 1000, tag: "today"), path: dir.db, name: "today", startedAt: now),
            try record(lines(120, start: now - 365 * 86_400_000, step: 1000, tag: "old"), path: dir.db, name: "old", startedAt: now),
            try record(lines(160, start: now + 500, step: 1500, tag: "interleaved"), path: dir.db, name: "interleaved", startedAt: now),
            // A raw import: every line at one time, so chunk times tie across windows.
            try record(lines(120, start: now + 100_000, step: 0, tag: "sametime"), path: dir.db, name: "sametime", startedAt: now),
            try record(lines(40, start: now + 700, step: 5000, tag: "unindexed"), path: dir.db, name: "unindexed",
                       startedAt: now, options: held),
        ]
    }

    @Test func windowsGiveTheHitsOfOneListing() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let sessions = try Self.archive(dir)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        #expect(try archive.statistics().unindexedChunks > 0)
        let queries: [(String, SearchQuery.Mode)] = [
            ("needle", .words), ("needle found1", .phrase), ("found2", .substring), ("needle found[02]", .regex), ("needle AND found0", .fts),
        ]
        var compared = 0
        for (text, mode) in queries {
            for newestFirst in [true, false] {
                for limit in [1, 6, 40, 10_000] {
                    for session in [nil, sessions[2]] {
                        var query = SearchQuery(text: text, mode: mode, session: session, limit: limit, newestFirst: newestFirst)
                        query.firstWindowChunks = 1_000_000
                        let expected = try archive.search(query).map { "\($0.session):\($0.line)" }
                        #expect(!expected.isEmpty)
                        for (first, maxOutOfOrder) in [(1, 256), (3, 256), (2, 4), (16, 0)] as [(Int64, Int)] {
                            query.firstWindowChunks = first
                            query.maxOutOfOrderChunks = maxOutOfOrder
                            let got = try archive.search(query).map { "\($0.session):\($0.line)" }
                            #expect(got == expected, "\(mode) '\(text)' newest=\(newestFirst) limit=\(limit) session=\(session ?? 0) window=\(first)")
                            compared += 1
                        }
                    }
                }
            }
        }
        #expect(compared == 5 * 2 * 4 * 2 * 4)
    }

    @Test func windowsHonourTimeFilters() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        _ = try Self.archive(dir)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        let now: Int64 = 1_760_000_000_000
        for newestFirst in [true, false] {
            var query = SearchQuery(text: "needle", since: now + 30_000, until: now + 150_000, limit: 7, newestFirst: newestFirst)
            query.firstWindowChunks = 1_000_000
            let expected = try archive.search(query)
            #expect(expected.count == 7 && expected.allSatisfy { (now + 30_000)...(now + 150_000) ~= $0.timestamp })
            query.firstWindowChunks = 2
            #expect(try archive.search(query).map(\.line) == expected.map(\.line))
        }
    }

    @Test func windowsDoubleFromTheEndTheSearchReadsFrom() {
        var newest = IdWindows(1...10, fromHighest: true, firstSize: 2)
        #expect([newest.next(), newest.next(), newest.next(), newest.next()] == [9...10, 5...8, 1...4, nil])
        var oldest = IdWindows(1...10, fromHighest: false, firstSize: 3)
        #expect(oldest.next() == 1...3)
        #expect(oldest.rest() == 4...10)
        #expect(oldest.next() == nil)
        var none = IdWindows(nil, fromHighest: true, firstSize: 1)
        #expect(none.next() == nil)
    }
}
