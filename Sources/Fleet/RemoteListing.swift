import Archive
import PostgresNIO

/// `sessions --remote` and `commands --remote`: what the team server holds, listed as the
/// archive lists its own, each row's `host` being the name its archive syncs as.
public enum RemoteListing {
    /// Sessions of every host (or `host`), oldest first, with their command counts.
    public static func sessions(on server: ServerConnection, host: String?, since: Int64?, until: Int64?, now: Int64)
        throws(FleetError) -> [(session: SessionSummary, commands: Int)] {
        guard try ServerSchema.checkReadable(server) else { return [] }
        var sql = SQLBuilder()
        sql.append("""
            SELECT s.session_id, s.name, s.command, s.working_directory, h.name, s.started_at, s.ended_at, s.exit_status, s.state,
                   s.line_count, s.byte_count, s.title, s.columns, s.rows, s.source, s.imported_at, s.duration_known,
                   (SELECT count(*) FROM commands c WHERE c.host_id = s.host_id AND c.session_id = s.session_id)
            FROM sessions s JOIN hosts h ON h.host_id = s.host_id WHERE TRUE
            """)
        if let host { sql.append(" AND h.name = \(sql.bind(host))") }
        if let since { sql.append(" AND coalesce(s.ended_at, \(sql.bind(now))) >= \(sql.bind(since))") }
        if let until { sql.append(" AND s.started_at <= \(sql.bind(until))") }
        sql.append(" ORDER BY s.started_at, h.name, s.session_id")
        let doing = "listing sessions"
        let rows = try server.decode(try server.rows(sql.query, doing: doing),
            as: (Int64, String?, String, String, String, Int64, Int64?, Int32?, String, Int64, Int64, String?, Int32, Int32, String, Int64?, Bool, Int64).self,
            doing: doing)
        return rows.map { r in
            (SessionSummary(id: r.0, name: r.1, command: r.2, workingDirectory: r.3, host: r.4, startedAt: r.5, endedAt: r.6,
                            exitStatus: r.7, state: SessionState(rawValue: r.8) ?? .interrupted, lineCount: r.9, byteCount: r.10,
                            title: r.11, columns: Int(r.12), rows: Int(r.13), source: SessionSource(rawValue: r.14) ?? .run,
                            importedAt: r.15, durationKnown: r.16), Int(r.17))
        }
    }

    /// Which commands `commands(…)` lists.
    public struct CommandQuery: Sendable {
        public var host: String?
        /// A session's name or id.
        public var session: String?
        public var failedOnly = false
        public var since: Int64?
        public var until: Int64?
        public var workingDirectory: String?
        /// Only the newest N (still listed oldest first).
        public var limit: Int?
        public init() {}
    }

    /// Commands of every host (or the query's), oldest first.
    public static func commands(on server: ServerConnection, _ q: CommandQuery) throws(FleetError) -> [CommandSummary] {
        guard try ServerSchema.checkReadable(server) else { return [] }
        var sql = SQLBuilder()
        sql.append("""
            SELECT c.command_id, c.session_id, s.name, h.name, c.seq, c.command, c.cwd, c.started_at, c.finished_at, c.exit_status,
                   c.prompt_line, c.first_line, c.last_line, s.state = 'recording'
            FROM commands c JOIN sessions s ON s.host_id = c.host_id AND s.session_id = c.session_id
            JOIN hosts h ON h.host_id = c.host_id WHERE TRUE
            """)
        if let host = q.host { sql.append(" AND h.name = \(sql.bind(host))") }
        if let session = q.session { sql.append(" AND (s.name = \(sql.bind(session)) OR s.session_id = \(sql.bind(Int64(session) ?? -1)))") }
        if q.failedOnly { sql.append(" AND c.exit_status IS NOT NULL AND c.exit_status <> 0") }
        if let since = q.since { sql.append(" AND c.started_at >= \(sql.bind(since))") }
        if let until = q.until { sql.append(" AND c.started_at <= \(sql.bind(until))") }
        if let cwd = q.workingDirectory { sql.append(" AND c.cwd = \(sql.bind(cwd))") }
        sql.append(" ORDER BY c.started_at DESC NULLS LAST, h.name DESC, c.session_id DESC, c.seq DESC")
        if let limit = q.limit { sql.append(" LIMIT \(sql.bind(Int64(max(0, limit))))") }
        let doing = "listing commands"
        let rows = try server.decode(try server.rows(sql.query, doing: doing),
            as: (Int64, Int64, String?, String, Int64, String?, String?, Int64?, Int64?, Int32?, Int64?, Int64?, Int64?, Bool).self,
            doing: doing)
        return rows.reversed().map { r in
            CommandSummary(id: r.0, session: r.1, sessionName: r.2, host: r.3, sequence: r.4, command: r.5, workingDirectory: r.6,
                           startedAt: r.7, finishedAt: r.8, exitStatus: r.9, promptLine: r.10, firstLine: r.11, lastLine: r.12,
                           sessionIsRecording: r.13)
        }
    }
}
