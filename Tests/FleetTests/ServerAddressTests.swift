import Foundation
import Testing
@testable import Fleet

@Suite struct ServerAddressTests {
    @Test func urlPartsAndDefaults() throws {
        let a = try ServerAddress(url: "postgres://me:p%40ss@db.internal:6543/team?sslmode=require", environment: [:])
        #expect(a.host == "db.internal" && a.port == 6543 && a.user == "me" && a.database == "team")
        #expect(a.password == "p@ss" && a.sslMode == .require)
        #expect(a.key == "me@db.internal:6543/team" && !a.display.contains("p@ss"))
        let b = try ServerAddress(url: "postgresql://[::1]/x", environment: ["PGUSER": "u", "PGPASSWORD": "env"])
        #expect(b.host == "::1" && b.port == 5432 && b.user == "u" && b.password == "env" && b.sslMode == .prefer)
        #expect(b.key == "u@[::1]:5432/x")
        let c = try ServerAddress(url: "postgres://", environment: ["PGHOST": "h", "PGPORT": "7", "PGUSER": "v", "PGDATABASE": "d"])
        #expect(c.host == "h" && c.port == 7 && c.user == "v" && c.database == "d")
    }

    @Test func badURLsSayWhy() {
        for url in ["http://x/y", "postgres://h:99999/d", "postgres://h/d?sslmode=maybe", "postgres://u:se%zzcret@h/d"] {
            #expect(throws: FleetError.self) { try ServerAddress(url: url, environment: [:]) }
        }
        #expect(ServerAddress.redacted("postgres://u:secret@h/d") == "postgres://u:***@h/d")
    }

    @Test func passwordFromPgpassAsLibpqReadsIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pgpass").path
        try "# comment\nother:5432:*:me:wrong\ndb.internal:*:team:me:a\\:b\\\\c\n*:*:*:*:fallback\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        let a = try ServerAddress(url: "postgres://me@db.internal/team", environment: ["PGPASSFILE": file])
        #expect(a.password == "a:b\\c")
        let b = try ServerAddress(url: "postgres://you@elsewhere/x", environment: ["PGPASSFILE": file])
        #expect(b.password == "fallback")
        // Readable by others: ignored, as libpq ignores it.
        chmod(file, 0o644)
        #expect(try ServerAddress(url: "postgres://me@db.internal/team", environment: ["PGPASSFILE": file]).password == nil)
        // PGPASSWORD wins over the file, a password in the URL over both.
        chmod(file, 0o600)
        #expect(try ServerAddress(url: "postgres://me@db.internal/team", environment: ["PGPASSFILE": file, "PGPASSWORD": "e"]).password == "e")
        #expect(try ServerAddress(url: "postgres://me:u@db.internal/team", environment: ["PGPASSFILE": file, "PGPASSWORD": "e"]).password == "u")
    }
}

@Suite struct ServerSchemaTests {
    /// The compiled-in migrations are the files in Migrations/postgres (scripts/embed-migrations.py).
    @Test func embeddedMigrationsMatchTheFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.appendingPathComponent("Migrations/postgres")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.count == ServerMigrations.all.count)
        for (file, migration) in zip(files, ServerMigrations.all) {
            #expect(file == String(format: "%04d_%@.sql", migration.version, migration.name))
            var sql = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            if sql.hasSuffix("\n") { sql.removeLast() }
            #expect(sql == migration.sql, "\(file) differs from the compiled-in copy: run scripts/embed-migrations.py")
        }
    }

    @Test func statementsSplitWithoutComments() {
        let m = ServerMigration(version: 1, name: "t", sql: "-- a; comment\nCREATE TABLE a (x int); -- trailing;\n\nCREATE INDEX b ON a (x);\n")
        #expect(m.statements == ["CREATE TABLE a (x int)", "CREATE INDEX b ON a (x)"])
    }

    @Test func wordQueriesQuoteAndCut() {
        #expect(ServerWords.lexemes(of: "Café, café! file.txt") == "cafe file txt")
        let long = String(repeating: "x", count: 100)
        #expect(ServerWords.lexemes(of: long) == String(repeating: "x", count: ServerWords.maxScalars))
        #expect(ServerWords.query(["it's", "a\\b"]) == "('it''s':* & 'a\\\\b':*) | '~more'")
    }
}
