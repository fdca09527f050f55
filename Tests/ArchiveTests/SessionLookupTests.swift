import Archive
import Testing

/// Issue 30, data safety: which session a SESSION argument reaches, what a new session may be
/// called, and deletions that happen all or not at all.
@Suite struct SessionLookupTests {
    @Test func prefixesSayWhetherANumberIsAnIdOrAName() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let first = try record([ArchiveLine(text: "a", timestamp: 1)], path: dir.db, name: "alpha")
        // An archive from before numeric names were refused: session 2 is called "1".
        let numeric = try record([ArchiveLine(text: "b", timestamp: 2)], path: dir.db, name: String(first))
        let archive = try Archive(path: dir.db, mode: .readOnly)
        #expect(try archive.session(matching: "id:\(first)").id == first)
        #expect(try archive.session(matching: "name:\(first)").id == numeric)
        #expect(try archive.session(matching: "name:alpha").id == first)
        #expect(throws: ArchiveError.ambiguousSession(String(first), id: first, namedSession: numeric)) {
            try archive.session(matching: String(first))
        }
        #expect(try archive.session(matching: String(numeric)).id == numeric, "an id no name shadows")
        #expect(throws: ArchiveError.sessionNotFound("id:99")) { try archive.session(matching: "id:99") }
        #expect(throws: ArchiveError.sessionNotFound("name:nope")) { try archive.session(matching: "name:nope") }
        #expect(throws: ArchiveError.sessionNotFound("id:alpha")) { try archive.session(matching: "id:alpha") }
    }

    @Test(arguments: ["10", "007", "-3", "+5", "", " ", "\t ", "name:x", "id:1", "two\nlines", "esc\u{1B}[1m"])
    func refusedNames(name: String) {
        #expect(SessionName.problem(with: name) != nil, "\(name.debugDescription)")
    }

    @Test(arguments: ["deploy", "run-10", "10a", "café", "a b", "12:30 build"])
    func acceptedNames(name: String) {
        #expect(SessionName.problem(with: name) == nil, "\(name.debugDescription)")
    }

    @Test func forgetSeveralIsAllOrNothing() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let a = try record([ArchiveLine(text: "kept a", timestamp: 1)], path: dir.db, name: "a")
        let b = try record([ArchiveLine(text: "kept b", timestamp: 1)], path: dir.db, name: "b")
        let archive = try Archive(path: dir.db, mode: .readWrite)
        #expect(throws: ArchiveError.sessionNotFound("999")) { try archive.forget(sessions: [a, 999, b]) }
        #expect(try archive.sessions().map(\.id) == [a, b], "nothing was deleted")
        #expect(try archive.search(SearchQuery(text: "kept", mode: .words)).count == 2)
        try archive.forget(sessions: [a, b])
        #expect(try archive.sessions().isEmpty)
    }

    @Test func pruneCountsFromTheEndNotTheRecordedStart() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        // record() ends each session 1 s after its start.
        let old = try record([ArchiveLine(text: "x", timestamp: 1)], path: dir.db, name: "old", startedAt: 1_000)
        let archive = try Archive(path: dir.db, mode: .readWrite)
        // An import of an old recording: started long ago, ended (imported) just now.
        let imported = try archive.beginSession(SessionInfo(name: "imported", startedAt: 500))
        try archive.finishSession(imported, state: .finished, exitStatus: nil, endedAt: 50_000, title: nil)
        _ = try archive.beginSession(SessionInfo(name: "running", startedAt: 10))
        #expect(try archive.sessions(endedBefore: 10_000).map(\.id) == [old])
        #expect(try archive.sessions(endedBefore: 60_000).map(\.id) == [old, imported], "never one still recording")
    }
}
