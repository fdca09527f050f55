@testable import Archive
import CSQLite
import CTokenizers
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs SQL on a file with a plain connection (outside the archive's own layer).
func rawSQL(_ path: String, _ sql: String) -> Int32 {
    var db: OpaquePointer?
    sqlite3_open(path, &db)
    defer { sqlite3_close(db) }
    ctokenizers_register(db)
    return sqlite3_exec(db, sql, nil, nil, nil)
}

func rawScalar(_ path: String, _ sql: String) -> String? {
    var db: OpaquePointer?
    sqlite3_open(path, &db)
    defer { sqlite3_close(db) }
    ctokenizers_register(db)
    var s: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &s, nil) == SQLITE_OK else { return nil }
    defer { sqlite3_finalize(s) }
    guard sqlite3_step(s) == SQLITE_ROW, let t = sqlite3_column_text(s, 0) else { return nil }
    return String(cString: t)
}

@Suite struct SchemaTests {
    @Test func embeddedMigrationsMatchMigrationsFolder() throws {
        // Tests/ArchiveTests/SchemaTests.swift → package root → Migrations/
        let root = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/"))
        let folder = root + "/Migrations"
        guard let dir = opendir(folder) else { Issue.record("cannot open \(folder)"); return }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name.hasSuffix(".sql") { names.append(name) }
        }
        closedir(dir)
        names.sort()
        let embedded = EmbeddedMigrations.all
        #expect(names.count == embedded.count, "run scripts/embed-migrations.py")
        for (name, migration) in zip(names, embedded) {
            let expectedName = String(format4(migration.version)) + "_" + migration.name + ".sql"
            #expect(name == "v" + expectedName)
            let fileText = try readFile(folder + "/" + name)
            #expect(trimNewlines(fileText) == trimNewlines(migration.sql), "\(name) differs from the embedded copy: run scripts/embed-migrations.py")
        }
    }

    func format4(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n) }
    func trimNewlines(_ s: String) -> String {
        var t = Substring(s)
        while t.first == "\n" { t = t.dropFirst() }
        while t.last == "\n" { t = t.dropLast() }
        return String(t)
    }

    /// Every earlier schema version, with data in it, upgrades to the newest and keeps it.
    @Test(arguments: Migrator().migrations.dropLast().map(\.version))  // numbers may have gaps
    func upgradesFromEarlierVersionKeepingData(version: Int) throws {
        let dir = TempDir(); defer { dir.cleanup() }
        // Build the old archive by hand, the way an old binary left it (unindexed chunks).
        try ArchiveFile.prepare(path: dir.db)
        let db = try Database(path: dir.db, readOnly: false)
        try Migrator().migrate(db, upTo: version)
        try db.execute("INSERT INTO sessions (id, name, started_at, state, line_count) VALUES (1, 'old', 1000, 'finished', 200)")
        for first in stride(from: 1, through: 200, by: 50) {
            var builder = ChunkBuilder()
            for i in first..<(first + 50) { builder.append(ArchiveLine(text: "old line \(i) tok\(i)", timestamp: 1000 + Int64(i))) }
            let insert = try db.cached("INSERT INTO chunks (session_id, first_line, line_count, first_time, last_time, body) VALUES (1, ?, 50, ?, ?, ?)")
            insert.bind(first, at: 1)
            insert.bind(builder.firstTime, at: 2)
            insert.bind(builder.lastTime, at: 3)
            insert.bind(builder.body(), at: 4)
            try insert.run()
        }
        db.close()
        #expect(rawScalar(dir.db, "SELECT max(version) FROM schema_migrations") == String(version))

        let reader = try Archive(path: dir.db, mode: .readOnly) // a reader upgrades an old file
        let all = Migrator().migrations.map { String($0.version) }.joined(separator: ",")
        #expect(rawScalar(dir.db, "SELECT group_concat(version) FROM schema_migrations") == all)
        #expect(try exportAll(reader, 1).map(\.text) == (1...200).map { "old line \($0) tok\($0)" })
        func check(_ archive: Archive) throws {
            #expect(try archive.search(SearchQuery(text: "tok77")).map(\.line) == [77])
            #expect(try archive.search(SearchQuery(text: "line 177 ", mode: .substring)).map(\.line) == [177])
        }
        try check(reader)                      // unindexed: found by scanning
        let writer = try Archive(path: dir.db, mode: .readWrite)
        try writer.indexAll()                  // back-fills every index from its watermark
        #expect(try writer.statistics().unindexedChunks == 0)
        try check(reader)                      // indexed: found through the indexes
        #expect(rawScalar(dir.db, "SELECT count(*) FROM chunk_trigrams WHERE chunk_trigrams MATCH '\"177\"'") == "1")
    }

    @Test func refusesNewerSchema() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        _ = try Archive(path: dir.db, mode: .readWrite)
        #expect(rawSQL(dir.db, "INSERT INTO schema_migrations (version, name) VALUES (99, 'future')") == SQLITE_OK)
        for mode in [Archive.OpenMode.readWrite, .readOnly] {
            #expect(throws: ArchiveError.newerSchema(path: dir.db, found: 99, known: Migrator().newestVersion)) {
                _ = try Archive(path: dir.db, mode: mode)
            }
        }
        let message = ArchiveError.newerSchema(path: dir.db, found: 99, known: 2).description
        #expect(message.contains("newer ScrollVault"))
    }

    @Test func notADatabaseIsAClearError() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let garbage = String(repeating: "this is not sqlite\n", count: 300)
        try writeFile(dir.db, garbage)
        for mode in [Archive.OpenMode.readWrite, .readOnly] {
            #expect {
                _ = try Archive(path: dir.db, mode: mode)
            } throws: { error in
                guard case .notADatabase(_, let code, _) = error as? ArchiveError else { return false }
                return code & 0xFF == SQLITE_NOTADB
            }
        }
        // A file with a valid header and damaged pages.
        let dir2 = TempDir(); defer { dir2.cleanup() }
        try record((1...3000).map { ArchiveLine(text: "line \($0)", timestamp: Int64($0)) }, path: dir2.db)
        try corrupt(dir2.db, at: 4096 * 3, count: 8192)
        #expect(throws: ArchiveError.self) {
            let archive = try Archive(path: dir2.db, mode: .readOnly)
            _ = try archive.search(SearchQuery(text: "line", mode: .substring, limit: 100_000))
            _ = try exportAll(archive, 1)
        }
    }

    @Test func missingArchiveForReaders() {
        let dir = TempDir(); defer { dir.cleanup() }
        #expect(throws: ArchiveError.missingArchive(path: dir.db)) { _ = try Archive(path: dir.db, mode: .readOnly) }
    }

    @Test func filesArePrivate() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let path = dir.path + "/a/b/c/archive.sqlite"
        let old = umask(0o022)
        defer { umask(old) }
        let archive = try Archive(path: path, mode: .readWrite)
        let id = try archive.beginSession(SessionInfo())
        let writer = try ArchiveWriter(path: path, session: id, onError: { _ in })
        writer.append(ArchiveLine(text: "secret", timestamp: 1))
        writer.flush()
        for d in ["/a", "/a/b", "/a/b/c"] { #expect(mode(dir.path + d) == 0o700, "\(d)") }
        #expect(mode(path) == 0o600)
        #expect(mode(path + "-wal") == 0o600)
        #expect(mode(path + "-shm") == 0o600)
        writer.finish()
    }

    func mode(_ path: String) -> mode_t {
        var st = stat()
        guard stat(path, &st) == 0 else { return 0o7777 }
        return st.st_mode & 0o7777
    }

    @Test func defaultPathFollowsEnvironment() {
        #expect(Archive.defaultPath(environment: ["SCROLLVAULT_DB": "/x/db", "XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/x/db")
        #expect(Archive.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/scrollvault/archive.sqlite")
        #expect(Archive.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/scrollvault/archive.sqlite")
        #expect(Archive.defaultPath(environment: ["SCROLLVAULT_DB": "", "XDG_DATA_HOME": "relative", "HOME": "/h"]) == "/h/.local/share/scrollvault/archive.sqlite")
    }
}

func readFile(_ path: String) throws -> String {
    guard let f = fopen(path, "rb") else { throw ArchiveError.io(call: "fopen", path: path, errno: errno) }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

func writeFile(_ path: String, _ text: String) throws {
    guard let f = fopen(path, "wb") else { throw ArchiveError.io(call: "fopen", path: path, errno: errno) }
    defer { fclose(f) }
    _ = Array(text.utf8).withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
}

func corrupt(_ path: String, at offset: Int, count: Int) throws {
    let fd = open(path, O_WRONLY)
    guard fd >= 0 else { throw ArchiveError.io(call: "open", path: path, errno: errno) }
    defer { close(fd) }
    let junk = [UInt8](repeating: 0xA5, count: count)
    _ = junk.withUnsafeBytes { pwrite(fd, $0.baseAddress, count, off_t(offset)) }
}
