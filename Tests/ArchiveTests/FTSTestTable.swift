import CSQLite
import Testing

/// Raw access to an FTS5 table in a test's own connection: the tokenizer tests look at the
/// index a tokenizer builds, below the archive.
enum FTSTestTable {
    static func insert(_ db: OpaquePointer?, _ table: String, row: Int, _ text: String) {
        var statement: OpaquePointer?
        #expect(sqlite3_prepare_v2(db, "INSERT INTO \(table) (rowid, text) VALUES (?, ?)", -1, &statement, nil) == SQLITE_OK)
        sqlite3_bind_int64(statement, 1, Int64(row))
        sqlite3_bind_text(statement, 2, text, -1, csqlite_transient())
        #expect(sqlite3_step(statement) == SQLITE_DONE)
        sqlite3_finalize(statement)
    }

    /// The rows matching an FTS5 expression, in rowid order ([-1] when it does not prepare).
    static func rows(_ db: OpaquePointer?, _ table: String, _ match: String) -> [Int64] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "SELECT rowid FROM \(table) WHERE \(table) MATCH ? ORDER BY rowid", -1, &statement, nil) == SQLITE_OK else { return [-1] }
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_text(statement, 1, match, -1, csqlite_transient())
        var out: [Int64] = []
        while sqlite3_step(statement) == SQLITE_ROW { out.append(sqlite3_column_int64(statement, 0)) }
        return out
    }
}
