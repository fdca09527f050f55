@testable import Archive
import Testing

/// Issue 30: v0007 rebuilds the word index without diacritics behind the writers. An archive
/// indexed by the old tokenizer finds "café" for `cafe` at once (the reset watermark makes its
/// chunks a scanned tail), and again through the index once it is refilled.
@Suite struct SearchDiacriticsMigrationTests {
    @Test func oldWordIndexIsRebuiltAndSearchesStayComplete() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        try ArchiveFile.prepare(path: dir.db)
        let db = try Database(path: dir.db, readOnly: false)
        try Migrator().migrate(db, upTo: 3)
        try db.execute("INSERT INTO sessions (id, name, started_at, state, line_count) VALUES (1, 'old', 1000, 'finished', 64)")
        var builder = ChunkBuilder()
        for i in 1...64 { builder.append(ArchiveLine(text: i == 40 ? "Un café, s'il vous plaît" : "line \(i)", timestamp: 1000 + Int64(i))) }
        let insert = try db.cached("INSERT INTO chunks (session_id, first_line, line_count, first_time, last_time, body) VALUES (1, 1, 64, ?, ?, ?)")
        insert.bind(builder.firstTime, at: 1)
        insert.bind(builder.lastTime, at: 2)
        insert.bind(builder.body(), at: 3)
        try insert.run()
        db.close()
        // Indexed by the old tokenizer, as an old binary left it.
        let old = try Database(path: dir.db, readOnly: false)
        try old.execute("INSERT INTO chunk_text (rowid, text) SELECT id, 'Un café' FROM chunks")
        try old.execute("UPDATE meta SET value = 1 WHERE key = 'indexed_through'")
        old.close()

        let writer = try Archive(path: dir.db, mode: .readWrite)  // migrates to the newest
        #expect(try writer.indexedThrough(.words) == 0, "the rebuilt index starts empty")
        #expect(try writer.hasIndexBacklog())
        func check() throws {
            for query in ["cafe", "CAFÉ", "plait", "café,"] {
                #expect(try writer.search(SearchQuery(text: query)).map(\.line) == [40], "\(query)")
            }
        }
        try check()                   // the whole archive is the unindexed tail
        try writer.indexAll()
        #expect(try writer.indexedThrough(.words) == 1)
        try check()                   // through the rebuilt index
        #expect(try writer.db.scalarInt64("SELECT count(*) FROM chunk_text WHERE chunk_text MATCH 'cafe'") == 1)
    }
}
