import Archive
import Testing

@Suite struct SessionTests {
    @Test func resolvesIdNameAndLast() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let a = try record([ArchiveLine(text: "a", timestamp: 1)], path: dir.db, name: "alpha", startedAt: 1000)
        let b = try record([ArchiveLine(text: "b", timestamp: 2)], path: dir.db, name: "12345", startedAt: 2000)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        #expect(try archive.session(matching: nil).id == b)
        #expect(try archive.session(matching: "alpha").id == a)
        #expect(try archive.session(matching: String(a)).name == "alpha")
        #expect(try archive.session(matching: "12345").id == b)   // not an id: falls back to the name
        #expect(throws: ArchiveError.sessionNotFound("nope")) { try archive.session(matching: "nope") }
        #expect(try archive.sessions().map(\.id) == [a, b])
        let summary = try archive.sessions()[0]
        #expect(summary.command == "test" && summary.state == .finished && summary.exitStatus == 0 && summary.endedAt == 2000)
        #expect(throws: ArchiveError.self) {   // names are unique
            let rw = try Archive(path: dir.db, mode: .readWrite)
            _ = try rw.beginSession(SessionInfo(name: "alpha"))
        }
    }

    @Test func forgetRemovesLinesAndIndexEntries() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let lines = (1...3000).map { ArchiveLine(text: "common word unique\($0)", timestamp: Int64($0)) }
        let first = try record(lines, path: dir.db, name: "first")
        let second = try record(lines, path: dir.db, name: "second")
        let archive = try Archive(path: dir.db, mode: .readWrite)
        #expect(try archive.search(SearchQuery(text: "unique77", mode: .fts, limit: 10)).count == 2)
        try archive.forget(session: first)
        #expect(try archive.search(SearchQuery(text: "unique77", mode: .fts, limit: 10)).map(\.session) == [second])
        #expect(throws: ArchiveError.sessionNotFound(String(first))) { try archive.export(session: first, lines: nil) { _ in } }
        // The index no longer holds the forgotten text: a fresh session reusing nothing finds nothing stale.
        let third = try record([ArchiveLine(text: "fresh unique77", timestamp: 5000)], path: dir.db, name: "third")
        #expect(try archive.search(SearchQuery(text: "unique77", mode: .fts, limit: 10)).map(\.session) == [third, second])
        let stats = try archive.statistics()
        #expect(stats.sessions == 2 && stats.lines == 3001 && stats.unindexedChunks == 0)
        #expect(rawScalar(dir.db, "SELECT count(*) FROM chunk_text WHERE chunk_text MATCH 'unique77'") == "2")
        #expect(rawScalar(dir.db, "PRAGMA integrity_check") == "ok")
        #expect(rawSQL(dir.db, "INSERT INTO chunk_text(chunk_text, rank) VALUES ('integrity-check', 1)") == 0)
    }

    @Test func pruneRemovesOldFinishedSessions() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let big = (1...5000).map { ArchiveLine(text: "filler \($0) " + String(repeating: "abc ", count: 10), timestamp: Int64($0)) }
        try record(big, path: dir.db, name: "old", startedAt: 1000)
        let keep = try record(big, path: dir.db, name: "new", startedAt: 5000)
        let archive = try Archive(path: dir.db, mode: .readWrite)
        let recording = try archive.beginSession(SessionInfo(name: "running", startedAt: 10))
        let before = try archive.statistics().fileBytes
        #expect(try archive.prune(endedBefore: 4000) == 1)   // "old" ended at 2000, "new" at 6000
        #expect(try archive.sessions().map(\.id).sorted() == [keep, recording].sorted())
        let after = try archive.statistics().fileBytes
        #expect(after < before, "before \(before) after \(after)")
        #expect(try archive.search(SearchQuery(text: "filler 4999", mode: .phrase)).map(\.session) == [keep])
    }

    @Test func exportRangeStreamsRequestedLines() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let id = try record((1...1000).map { ArchiveLine(text: "n\($0)", timestamp: Int64($0), mark: 3) }, path: dir.db)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        var got: [Int64] = []
        try archive.export(session: id, lines: 500...777) { got.append($0.number); #expect($0.text == "n\($0.number)") }
        #expect(got == Array(500...777))
        got = []
        try archive.export(session: id, lines: 990...5000) { got.append($0.number) }
        #expect(got == Array(990...1000))
        struct Stop: Error {}
        #expect(throws: Stop.self) { try archive.export(session: id, lines: nil) { _ in throw Stop() } }
    }
}
