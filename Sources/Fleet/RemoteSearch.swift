import Archive
import PostgresNIO

/// `search --remote`: the same search as the archive's, over every host's lines on the team
/// server, with the host in each hit.
///
/// The server's indexes pick candidate lines (words: the tsvector index over the archive's own
/// word folding; substrings and a regex's literals: the trigram index), and each candidate is
/// matched here by `LineFilter`, the archive's own matchers (PCRE2 for regex), so a line is a
/// hit exactly when the local search would find it, with the same match ranges. Hits come
/// newest first by the line's time (across hosts there is no other common order), then by
/// host, session and line.
public struct RemoteSearch {
    /// Which lines: the query's mode, text, time range, context, limit and order (its
    /// `session`, a local id, is ignored: `sessionName` names sessions on the server).
    public var query: SearchQuery
    /// Only this host (its name as it syncs).
    public var host: String?
    /// Only sessions with this name, or this id.
    public var session: String?

    public init(query: SearchQuery, host: String? = nil, session: String? = nil) {
        self.query = query
        self.host = host
        self.session = session
    }

    /// Candidates fetched per round trip.
    static let page = 2_000

    /// The hits (up to `query.limit`, 0: none) and how many lines matched (all of them when
    /// `countAll`, else as many as were seen).
    public func run(on server: ServerConnection, countAll: Bool = false) throws(FleetError) -> (hits: [SearchHit], total: Int) {
        guard try ServerSchema.checkReadable(server) else { return ([], 0) }
        var filter: LineFilter
        do { filter = try LineFilter(query) } catch { throw .archive("\(error)") }
        if let session { try checkSessionExists(session, on: server) }
        var hits: [SearchHit] = []
        var total = 0
        var after: (time: Int64, host: Int64, session: Int64, line: Int64)?
        let newest = query.newestFirst
        let doing = "searching"
        pages: while true {
            var sql = SQLBuilder()
            sql.append("""
                SELECT l.time, l.host_id, l.session_id, l.line, l.text, h.name, s.name
                FROM lines l JOIN hosts h ON h.host_id = l.host_id
                JOIN sessions s ON s.host_id = l.host_id AND s.session_id = l.session_id
                WHERE \(sql.condition(filter.candidates))
                """)
            if let host { sql.append(" AND h.name = \(sql.bind(host))") }
            if let session {
                let id = Int64(session) ?? -1
                sql.append(" AND (s.name = \(sql.bind(session)) OR s.session_id = \(sql.bind(id)))")
            }
            if let since = query.since { sql.append(" AND l.time >= \(sql.bind(since))") }
            if let until = query.until { sql.append(" AND l.time <= \(sql.bind(until))") }
            if let after {
                sql.append(" AND (l.time, l.host_id, l.session_id, l.line) \(newest ? "<" : ">") (\(sql.bind(after.time)), \(sql.bind(after.host)), \(sql.bind(after.session)), \(sql.bind(after.line)))")
            }
            let direction = newest ? "DESC" : "ASC"
            sql.append(" ORDER BY l.time \(direction), l.host_id \(direction), l.session_id \(direction), l.line \(direction) LIMIT \(Self.page)")
            let rows = try server.decode(try server.rows(sql.query, doing: doing),
                                         as: (Int64, Int64, Int64, Int64, String, String, String?).self, doing: doing)
            for (time, hostID, sessionID, line, text, hostName, sessionName) in rows {
                let ranges: [Range<Int>]?
                do { ranges = try filter.matches(text) } catch { throw .archive("\(error)") }
                guard let ranges else { continue }
                total += 1
                if hits.count < query.limit {
                    var hit = SearchHit(session: sessionID, sessionName: sessionName, line: line, timestamp: time, text: text,
                                        matches: ranges, contextBefore: [], contextAfter: [], host: hostName)
                    if query.before > 0 && line > 1 {
                        hit.contextBefore = try context(server, hostID, sessionID, max(1, line - Int64(query.before))...(line - 1))
                    }
                    if query.after > 0 {
                        hit.contextAfter = try context(server, hostID, sessionID, (line + 1)...(line + Int64(query.after)))
                    }
                    hits.append(hit)
                } else if !countAll {
                    break pages
                }
            }
            guard rows.count == Self.page, let last = rows.last else { break }
            after = (last.0, last.1, last.2, last.3)
        }
        return (hits, total)
    }

    private func checkSessionExists(_ session: String, on server: ServerConnection) throws(FleetError) {
        var sql = SQLBuilder()
        sql.append("SELECT count(*) FROM sessions s JOIN hosts h ON h.host_id = s.host_id WHERE (s.name = \(sql.bind(session)) OR s.session_id = \(sql.bind(Int64(session) ?? -1)))")
        if let host { sql.append(" AND h.name = \(sql.bind(host))") }
        let counts: [Int64] = try server.decode(try server.rows(sql.query, doing: "looking up the session"), as: Int64.self, doing: "looking up the session")
        if counts.first ?? 0 == 0 { throw .sessionNotFound(session) }
    }

    private func context(_ server: ServerConnection, _ host: Int64, _ session: Int64, _ range: ClosedRange<Int64>) throws(FleetError) -> [ExportedLine] {
        let doing = "reading context lines"
        let rows = try server.rows("""
            SELECT line, time, mark, text FROM lines
            WHERE host_id = \(host) AND session_id = \(session) AND line BETWEEN \(range.lowerBound) AND \(range.upperBound) ORDER BY line
            """, doing: doing)
        return try server.decode(rows, as: (Int64, Int64, Int16, String).self, doing: doing).map { line, time, mark, text in
            ExportedLine(number: line, text: text, timestamp: time, mark: UInt8(clamping: mark), styleRuns: [])
        }
    }
}
