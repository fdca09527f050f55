import CSQLite

/// One prepared SQLite statement. Owned by a `Database` (which caches it by SQL text) and used
/// from one thread at a time. Binding indices are 1-based like SQLite's.
@usableFromInline
final class Statement {
    let handle: OpaquePointer
    let sql: String
    unowned let database: Database

    init(database: Database, sql: String) throws(ArchiveError) {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw database.error(rc, sql: sql)
        }
        self.handle = stmt
        self.sql = sql
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Clears bindings and state so a cached statement starts fresh.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ value: Int64, at index: Int32) { sqlite3_bind_int64(handle, index, value) }
    func bind(_ value: Int, at index: Int32) { sqlite3_bind_int64(handle, index, Int64(value)) }
    func bindNull(at index: Int32) { sqlite3_bind_null(handle, index) }
    /// Binds with an explicit length: a NUL inside the string must not cut it short.
    func bind(_ value: String, at index: Int32) {
        var value = value
        value.withUTF8 { bindText(UnsafeRawBufferPointer($0), at: index) }
    }
    func bind(_ value: String?, at index: Int32) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }
    func bind(_ value: Int64?, at index: Int32) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }
    func bind(_ bytes: [UInt8], at index: Int32) {
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), csqlite_transient())
        }
    }
    /// Binds text given as UTF-8 bytes (no copy into a Swift String first).
    func bindText(_ bytes: UnsafeRawBufferPointer, at index: Int32) {
        // A zero-length text still needs a non-null pointer, or SQLite binds NULL.
        let empty: StaticString = ""
        let base = bytes.baseAddress ?? UnsafeRawPointer(empty.utf8Start)
        sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), csqlite_transient())
    }

    /// The index of a named parameter (`:name`), 0 when the statement has none by that name.
    func parameterIndex(_ name: String) -> Int32 { sqlite3_bind_parameter_index(handle, name) }

    /// Binds `value` to the parameter `name` (`:since`) when both exist: queries whose filters
    /// are optional leave a parameter out of the SQL, or its value nil.
    func bind(_ value: Int64?, named name: String) {
        guard let value else { return }
        let index = parameterIndex(name)
        if index > 0 { bind(value, at: index) }
    }

    /// Steps once: true when a row is ready, false when done; throws on failure.
    @discardableResult
    func step() throws(ArchiveError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw database.error(rc, sql: sql)
    }

    /// Runs a statement that returns no rows, then resets it.
    func run() throws(ArchiveError) {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
    func string(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(handle, column) else { return "" }
        let n = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
    func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }
    /// Blob bytes, valid only until the next step/reset; copy them out inside `body`.
    func withBlob<R>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws(ArchiveError) -> R) throws(ArchiveError) -> R {
        let p = sqlite3_column_blob(handle, column)
        let n = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: p, count: n))
    }
}

