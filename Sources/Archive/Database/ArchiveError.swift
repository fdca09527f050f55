import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// Every failure the archive reports. Each case carries what failed and why, so the CLI can
/// print one clear line and a test can tell failures apart.
public enum ArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SQLite refused something: its extended result code, its message, and the SQL (if any).
    case sqlite(code: Int32, message: String, sql: String?)
    /// The file exists but is not a SQLite database (SQLITE_NOTADB), or SQLite found it corrupt.
    case notADatabase(path: String, code: Int32, message: String)
    /// The archive was written by a newer ScrollVault whose schema this binary does not know.
    case newerSchema(path: String, found: Int, known: Int)
    /// A read-only open of an archive that does not exist (nothing has been recorded yet).
    case missingArchive(path: String)
    /// A SESSION argument (id or name) that matches nothing, or an id that does not exist.
    case sessionNotFound(String)
    /// A bare number that is both a session's id and another session's name (an archive from
    /// before numeric names were refused): `id:N` or `name:N` says which.
    case ambiguousSession(String, id: Int64, namedSession: Int64)
    /// The archive path names something that is not a regular file (a directory, a device).
    case notAnArchiveFile(path: String, kind: String)
    /// A query this mode cannot run: FTS syntax error, invalid regex, empty query.
    case badQuery(query: String, reason: String)
    /// A system call failed: its name, the path involved, and errno.
    case io(call: String, path: String, errno: Int32)
    /// Stored data this binary cannot decode (a damaged chunk).
    case corruptChunk(id: Int64, reason: String)

    /// SQLite's extended result code, when SQLite is the cause.
    public var sqliteCode: Int32? {
        switch self {
        case .sqlite(let code, _, _), .notADatabase(_, let code, _): return code
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let code, let message, let sql):
            let name = String(cString: sqlite3_errstr(code))
            if let sql { return "SQLite error \(code) (\(name)): \(message) — while executing: \(sql)" }
            return "SQLite error \(code) (\(name)): \(message)"
        case .notADatabase(let path, let code, let message):
            return "\(path) is not a ScrollVault archive (SQLite error \(code): \(message)); move it away or pass another --db"
        case .newerSchema(let path, let found, let known):
            return "\(path) was written by a newer ScrollVault (schema version \(found); this binary knows up to \(known)); upgrade scrollvault to read it"
        case .missingArchive(let path):
            return "no archive at \(path) (nothing recorded yet?)"
        case .sessionNotFound(let what):
            return "no session matches \(what)"
        case .ambiguousSession(let key, let id, let named):
            return "'\(key)' is both session id \(id) and the name of session \(named): say id:\(key) or name:\(key)"
        case .notAnArchiveFile(let path, let kind):
            return "\(path) is \(kind), not an archive file: give the path of a file (it is created if missing)"
        case .badQuery(let query, let reason):
            return "bad query '\(query)': \(reason)"
        case .io(let call, let path, let err):
            return "\(call)(\(path)) failed: \(String(cString: strerror(err))) (errno \(err))"
        case .corruptChunk(let id, let reason):
            return "archive chunk \(id) is damaged: \(reason)"
        }
    }
}
