import CSQLite
import CTokenizers
#if canImport(Glibc)
import Glibc
#endif

/// One SQLite connection: opening with flags and pragmas, a statement cache, transactions, and
/// the single place where SQLite result codes become `ArchiveError`s.
///
/// Not thread-safe by design: each `Archive` and each `ArchiveWriter` thread owns its own.
@usableFromInline
final class Database {
    let handle: OpaquePointer
    let path: String
    let readOnly: Bool
    private var cache: [String: Statement] = [:]
    private var closed = false

    /// How long a statement waits for another connection's lock before failing with SQLITE_BUSY.
    static let busyTimeoutMilliseconds: Int32 = 5_000

    /// `pageSize` applies to a file this connection creates (read-write only).
    convenience init(path: String, readOnly: Bool, pageSize: Int = ArchiveTuning().pageSize) throws(ArchiveError) {
        do {
            try self.init(path: path, readOnly: readOnly, immutable: false, pageSize: pageSize)
        } catch let error where readOnly && (error.sqliteCode ?? 0) & 0xFF == SQLITE_CANTOPEN {
            // A WAL archive in a directory we cannot write (a read-only mount, a backup copy):
            // a reader needs the -shm file, which it cannot create there. With nobody able to
            // write the archive there either, reading it as immutable is safe.
            try self.init(path: path, readOnly: true, immutable: true, pageSize: pageSize)
        }
    }

    private init(path: String, readOnly: Bool, immutable: Bool, pageSize: Int) throws(ArchiveError) {
        var db: OpaquePointer?
        // NOMUTEX: each connection is confined to one thread at a time, so SQLite's own
        // per-connection mutex is pure overhead.
        var flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX
        var name = path
        if immutable {
            flags |= SQLITE_OPEN_URI
            name = "file:" + Self.uriEscaped(path) + "?immutable=1"
        }
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let db { sqlite3_close_v2(db) }
            throw .sqlite(code: rc, message: message, sql: nil)
        }
        sqlite3_extended_result_codes(db, 1)
        // Before anything touches chunk_trigrams, which is declared with this tokenizer.
        let registered = ctokenizers_register(db)
        guard registered == SQLITE_OK else {
            let message = "registering the trigram_once tokenizer: " + String(cString: sqlite3_errmsg(db))
            sqlite3_close_v2(db)
            throw .sqlite(code: registered, message: message, sql: nil)
        }
        sqlite3_busy_timeout(db, Self.busyTimeoutMilliseconds)
        self.handle = db
        self.path = path
        self.readOnly = readOnly
        do {
            // The first statement that reads the file is where "not a database" shows up.
            if readOnly {
                try execute("SELECT count(*) FROM sqlite_schema")
            } else {
                // Must come before WAL mode and before the first table, i.e. it only takes
                // effect on a new file (a no-op on existing ones): lets prune give space back
                // without rewriting the whole file.
                // (page_size first: setting auto_vacuum already fixes the page size.)
                try execute("PRAGMA page_size=\(pageSize)")
                try execute("PRAGMA auto_vacuum=INCREMENTAL")
                try execute("PRAGMA journal_mode=WAL")
                try execute("PRAGMA synchronous=NORMAL")
            }
            try execute("PRAGMA foreign_keys=ON")
        } catch {
            close()
            let primary = (error.sqliteCode ?? 0) & 0xFF
            if primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT {
                throw .notADatabase(path: path, code: error.sqliteCode ?? 0, message: Self.messageOf(error))
            }
            throw error
        }
    }

    /// A file path as the path part of an SQLite URI: `%`, `?` and `#` would end or change it.
    static func uriEscaped(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "?": out += "%3F"
            case "#": out += "%23"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func messageOf(_ error: ArchiveError) -> String {
        if case .sqlite(_, let message, _) = error { return message }
        return error.description
    }

    deinit { close() }

    func setBusyTimeout(_ milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    /// Makes the statement running on this connection, from any thread, fail with
    /// SQLITE_INTERRUPT; a write transaction it was in rolls back. Safe while the connection is open.
    func interrupt() { sqlite3_interrupt(handle) }

    /// Finalizes every cached statement, then closes. Safe to call twice.
    func close() {
        guard !closed else { return }
        closed = true
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Builds the error for a failed call, reading SQLite's current message.
    func error(_ rc: Int32, sql: String?) -> ArchiveError {
        let extended = sqlite3_extended_errcode(handle)
        let code = (extended & 0xFF) == (rc & 0xFF) ? extended : rc
        return .sqlite(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements that return nothing of interest.
    func execute(_ sql: String) throws(ArchiveError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    /// A prepared statement from the cache (prepared on first use), reset and unbound.
    func cached(_ sql: String) throws(ArchiveError) -> Statement {
        if let stmt = cache[sql] {
            stmt.reset()
            return stmt
        }
        let stmt = try Statement(database: self, sql: sql)
        cache[sql] = stmt
        return stmt
    }

    /// First column of the first row as an integer, or nil when there is no row / it is NULL.
    func scalarInt64(_ sql: String, bind: (Statement) -> Void = { _ in }) throws(ArchiveError) -> Int64? {
        let stmt = try cached(sql)
        bind(stmt)
        defer { stmt.reset() }
        guard try stmt.step() else { return nil }
        return stmt.optionalInt64(0)
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    var changes: Int { Int(sqlite3_changes(handle)) }
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    enum TransactionKind: String { case deferred = "DEFERRED", immediate = "IMMEDIATE" }

    /// Runs `body` inside BEGIN…COMMIT; rolls back if it throws and rethrows its error.
    func transaction<R>(_ kind: TransactionKind = .immediate, _ body: () throws(ArchiveError) -> R) throws(ArchiveError) -> R {
        try execute("BEGIN \(kind.rawValue)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { _ = sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
            throw error
        }
    }
}
