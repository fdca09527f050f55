import CSQLite
import Testing

/// The archive's search depends on FTS5 being compiled into the system SQLite.
@Test func inMemoryDatabaseHasFTS5() throws {
    var db: OpaquePointer?
    #expect(sqlite3_open(":memory:", &db) == SQLITE_OK)
    defer { sqlite3_close(db) }
    let rc = sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body); INSERT INTO t VALUES ('hello world');", nil, nil, nil)
    #expect(rc == SQLITE_OK, "FTS5 missing: \(String(cString: sqlite3_errmsg(db)))")
    var stmt: OpaquePointer?
    #expect(sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH 'hello'", -1, &stmt, nil) == SQLITE_OK)
    defer { sqlite3_finalize(stmt) }
    #expect(sqlite3_step(stmt) == SQLITE_ROW)
    #expect(sqlite3_column_int(stmt, 0) == 1)
}
