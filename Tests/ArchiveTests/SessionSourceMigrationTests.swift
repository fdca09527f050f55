@testable import Archive
import Testing

/// Issue 28: sessions get a `source`, imports keep their own span, and sessions written by an
/// older binary are upgraded to the same picture.
@Suite struct SessionSourceMigrationTests {
    @Test func newSessionsRecordTheirSourceAndAChosenName() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let archive = try Archive(path: dir.db, mode: .readWrite)
        let run = try archive.beginSession(SessionInfo(name: "demo", command: "bash"))
        let first = try archive.beginSession(SessionInfo(nameStem: "demo", source: .import, command: "import demo.cast"))
        let second = try archive.beginSession(SessionInfo(nameStem: "demo", source: .import, command: "import demo.cast"))
        // A name that only starts like the stem does not count.
        _ = try archive.beginSession(SessionInfo(name: "demo-x", command: "bash"))
        let third = try archive.beginSession(SessionInfo(nameStem: "demo", source: .import))
        try archive.finishSession(first, state: .finished, exitStatus: nil, endedAt: 5_000, title: nil, durationKnown: false)
        #expect(try archive.session(id: run)?.source == .run)
        #expect(try archive.session(id: run)?.importedAt == nil)
        #expect(try archive.session(id: first)?.importedAt != nil)
        #expect(try archive.session(id: first)?.name == "demo-2")
        #expect(try archive.session(id: first)?.source == .import)
        #expect(try archive.session(id: first)?.durationKnown == false)
        #expect(try archive.session(id: second)?.name == "demo-3")
        #expect(try archive.session(id: second)?.durationKnown == true)
        #expect(try archive.session(id: third)?.name == "demo-4")
    }

    @Test func sessionsFromBeforeTheMigrationAreUpgraded() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        try ArchiveFile.prepare(path: dir.db)
        let db = try Database(path: dir.db, readOnly: false)
        let before = Migrator().migrations.last { $0.version < 6 }!.version
        try Migrator().migrate(db, upTo: before)
        let castStart: Int64 = 1_509_091_818_000, importedAt: Int64 = 1_795_537_079_000
        try db.execute("""
            INSERT INTO sessions (id, name, command, started_at, ended_at, exit_status, state) VALUES
                (1, 'shell', '/bin/bash', 1000, 9000, 0, 'finished'),
                (2, 'demo', 'import demo.cast', \(castStart), \(importedAt), NULL, 'finished'),
                (3, 'piped', 'import -', \(importedAt), \(importedAt + 40), NULL, 'finished'),
                (4, 'shot', 'import shot.png', 2000, 3000, 0, 'finished'),
                (5, 'busy', 'import big.cast', \(castStart), NULL, NULL, 'recording'),
                (6, 'empty', 'import empty.cast', \(castStart), \(importedAt), NULL, 'finished')
            """)
        // The cast's lines carry its own times (last one 12.25 s in); the piped lines the import's.
        for (session, first, last) in [(2, castStart + 500, castStart + 12_250), (3, importedAt, importedAt)] {
            var builder = ChunkBuilder()
            builder.append(ArchiveLine(text: "first", timestamp: first))
            builder.append(ArchiveLine(text: "last", timestamp: last))
            let insert = try db.cached("INSERT INTO chunks (session_id, first_line, line_count, first_time, last_time, body) VALUES (?, 1, 2, ?, ?, ?)")
            insert.bind(Int64(session), at: 1)
            insert.bind(builder.firstTime, at: 2)
            insert.bind(builder.lastTime, at: 3)
            insert.bind(builder.body(), at: 4)
            try insert.run()
        }
        db.close()

        let archive = try Archive(path: dir.db, mode: .readOnly)  // upgrades
        let sessions = Dictionary(uniqueKeysWithValues: try archive.sessions().map { ($0.name!, $0) })
        #expect(sessions["shell"]?.source == .run)
        #expect(sessions["shell"]?.endedAt == 9000 && sessions["shell"]?.durationKnown == true)
        #expect(sessions["shot"]?.source == .run, "a run of a program called import has an exit status")
        #expect(sessions["demo"]?.source == .import)
        #expect(sessions["demo"]?.endedAt == castStart + 12_250, "ends at its last line, not at the import")
        #expect(sessions["demo"]?.durationKnown == true)
        #expect(sessions["demo"]?.importedAt == importedAt, "the old end was the import's time")
        #expect(sessions["shell"]?.importedAt == nil)
        #expect(sessions["piped"]?.endedAt == importedAt)
        #expect(sessions["piped"]?.durationKnown == false, "lines all at the start: no times")
        #expect(sessions["empty"]?.endedAt == castStart && sessions["empty"]?.durationKnown == false)
        #expect(sessions["busy"]?.source == .import)
        #expect(sessions["busy"]?.endedAt == nil, "a session still being imported is left to its importer")
    }
}
