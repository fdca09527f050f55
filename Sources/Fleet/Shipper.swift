import Archive
import PostgresNIO

/// Ships an archive's sessions, commands and stored lines to a team server, incrementally.
///
/// The server's per-session watermark (`sessions.lines_through`) decides what is sent: it is
/// raised in the transaction that inserts the lines up to it, so whatever kills a sync, the
/// server holds exactly lines 1...watermark of each session, and the next sync goes on from
/// there. Lines are inserted with ON CONFLICT DO NOTHING on host + session + line as well, so
/// no run, however interleaved with another, can store a line twice. The archive keeps a copy
/// of each watermark (`sync_watermarks`), written after the server confirmed it.
public final class Shipper {
    public struct Report: Sendable, Equatable {
        public var sessions = 0
        public var lines: Int64 = 0
        public var commands = 0
    }

    /// Lines per transaction: large enough that a round trip and a commit are little per line,
    /// small enough that a killed sync loses little work and progress moves.
    public static let defaultBatchLines = 5_000

    private let archive: Archive
    private let server: ServerConnection
    private let hostName: String
    private let hostID: Int64
    private let batchLines: Int

    /// Readies the server (schema, this host's row). `archive` must be open for writing: it
    /// keeps its host id and watermarks.
    public init(archive: Archive, server: ServerConnection, hostName: String, batchLines: Int = Shipper.defaultBatchLines) throws(FleetError) {
        self.archive = archive
        self.server = server
        self.hostName = hostName
        self.batchLines = max(1, batchLines)
        do { hostID = try archive.fleetHostID() } catch { throw .archive("cannot read the archive \(archive.path): \(error)") }
        try ServerSchema.migrate(server)
        try server.run("""
            INSERT INTO hosts (host_id, name) VALUES (\(hostID), \(hostName))
            ON CONFLICT (host_id) DO UPDATE SET name = excluded.name, last_sync = now()
            """, doing: "registering this host")
    }

    private struct ServerSession {
        var linesThrough: Int64
        var fingerprint: String
    }

    /// Ships everything the server lacks, once. `progress(done, total)` counts lines.
    public func ship(progress: (Int64, Int64) -> Void = { _, _ in }) throws(FleetError) -> Report {
        let known = try serverSessions()
        let sessions: [SessionSummary]
        var targets: [Int64: Int64] = [:]
        do {
            sessions = try archive.sessions()
            for session in sessions { targets[session.id] = try archive.shippableLineCount(session: session.id) }
        } catch {
            throw .archive("cannot read the archive \(archive.path): \(error)")
        }
        var total: Int64 = 0
        for session in sessions { total += max(0, targets[session.id]! - (known[session.id]?.linesThrough ?? 0)) }
        var report = Report()
        var done: Int64 = 0
        progress(0, total)
        for session in sessions {
            let serverSide = known[session.id]
            let target = targets[session.id]!
            var through = serverSide?.linesThrough ?? 0
            let metadataChanged = serverSide?.fingerprint != Self.fingerprint(session)
            guard metadataChanged || target > through else { continue }
            report.sessions += 1
            try upsert(session)
            while through < target {
                let lines: [ExportedLine]
                do { lines = try archive.shippableLines(session: session.id, after: through, limit: batchLines) } catch {
                    throw .archive("cannot read session \(session.id) of the archive: \(error)")
                }
                guard let last = lines.last?.number else { break }
                try insert(lines, session: session.id)
                through = last
                report.lines += Int64(lines.count)
                done += Int64(lines.count)
                progress(done, total)
            }
            report.commands += try shipCommands(of: session.id)
            do { try archive.setSyncWatermark(server: server.address.key, session: session.id, through: through) } catch {
                throw .archive("cannot note the sync in the archive: \(error)")
            }
        }
        return report
    }

    /// What the server has of this host's sessions: watermark and metadata fingerprint.
    private func serverSessions() throws(FleetError) -> [Int64: ServerSession] {
        let doing = "listing this host's sessions"
        let rows = try server.rows("""
            SELECT session_id, lines_through, name, state, ended_at, exit_status, title, line_count, byte_count, duration_known
            FROM sessions WHERE host_id = \(hostID)
            """, doing: doing)
        var out: [Int64: ServerSession] = [:]
        for (id, through, name, state, ended, exit, title, lines, bytes, known) in try server.decode(
            rows, as: (Int64, Int64, String?, String, Int64?, Int32?, String?, Int64, Int64, Bool).self, doing: doing) {
            out[id] = ServerSession(linesThrough: through, fingerprint: Self.fingerprint(
                name: name, state: state, ended: ended, exit: exit, title: title, lines: lines, bytes: bytes, durationKnown: known))
        }
        return out
    }

    /// The session fields that change after it starts, as one comparable string.
    static func fingerprint(_ s: SessionSummary) -> String {
        fingerprint(name: s.name, state: s.state.rawValue, ended: s.endedAt, exit: s.exitStatus, title: s.title,
                    lines: s.lineCount, bytes: s.byteCount, durationKnown: s.durationKnown)
    }

    static func fingerprint(name: String?, state: String, ended: Int64?, exit: Int32?, title: String?, lines: Int64, bytes: Int64,
                            durationKnown: Bool) -> String {
        "\(name ?? "\u{0}")|\(state)|\(ended ?? -1)|\(exit.map(String.init) ?? "-")|\(title ?? "\u{0}")|\(lines)|\(bytes)|\(durationKnown)"
    }

    private func upsert(_ s: SessionSummary) throws(FleetError) {
        try server.run("""
            INSERT INTO sessions (host_id, session_id, name, command, working_directory, recorded_on, started_at, ended_at,
                                  exit_status, state, columns, rows, title, source, imported_at, duration_known, line_count, byte_count)
            VALUES (\(hostID), \(s.id), \(s.name), \(Self.storable(s.command)), \(Self.storable(s.workingDirectory)), \(Self.storable(s.host)),
                    \(s.startedAt), \(s.endedAt), \(s.exitStatus), \(s.state.rawValue), \(s.columns), \(s.rows), \(s.title.map(Self.storable)),
                    \(s.source.rawValue), \(s.importedAt), \(s.durationKnown), \(s.lineCount), \(s.byteCount))
            ON CONFLICT (host_id, session_id) DO UPDATE SET
                name = excluded.name, command = excluded.command, working_directory = excluded.working_directory,
                recorded_on = excluded.recorded_on, started_at = excluded.started_at, ended_at = excluded.ended_at,
                exit_status = excluded.exit_status, state = excluded.state, columns = excluded.columns, rows = excluded.rows,
                title = excluded.title, source = excluded.source, imported_at = excluded.imported_at,
                duration_known = excluded.duration_known, line_count = excluded.line_count, byte_count = excluded.byte_count
            """, doing: "storing session \(s.id)")
    }

    /// One batch of lines and the watermark after them, in one transaction.
    private func insert(_ lines: [ExportedLine], session: Int64) throws(FleetError) {
        let numbers = lines.map(\.number)
        let times = lines.map(\.timestamp)
        let marks = lines.map { Int16($0.mark) }
        let texts = lines.map { Self.storable($0.text) }
        let words = lines.map { ServerWords.lexemes(of: $0.text) }
        let last = numbers.last!
        let doing = "storing lines of session \(session)"
        try server.transaction(doing: doing) { () throws(FleetError) in
            try server.run("""
                INSERT INTO lines (host_id, session_id, line, time, mark, text, words)
                SELECT \(hostID), \(session), n, t, m, x, array_to_tsvector(string_to_array(w, ' '))
                FROM unnest(\(numbers)::bigint[], \(times)::bigint[], \(marks)::smallint[], \(texts)::text[], \(words)::text[]) AS u(n, t, m, x, w)
                ON CONFLICT DO NOTHING
                """, doing: doing)
            try server.run("""
                UPDATE sessions SET lines_through = greatest(lines_through, \(last)) WHERE host_id = \(hostID) AND session_id = \(session)
                """, doing: doing)
        }
    }

    /// The session's commands the server lacks or has in an older state (still running).
    private func shipCommands(of session: Int64) throws(FleetError) -> Int {
        let local: [CommandSummary]
        do {
            var filter = CommandFilter()
            filter.session = session
            local = try archive.commands(matching: filter)
        } catch {
            throw .archive("cannot read the commands of session \(session): \(error)")
        }
        guard !local.isEmpty else { return 0 }
        let doing = "storing the commands of session \(session)"
        let rows = try server.rows("""
            SELECT seq, coalesce(finished_at, -1), coalesce(last_line, -1), coalesce(exit_status, -1)
            FROM commands WHERE host_id = \(hostID) AND session_id = \(session)
            """, doing: doing)
        var have: [Int64: (Int64, Int64, Int32)] = [:]
        for (seq, finished, last, exit) in try server.decode(rows, as: (Int64, Int64, Int64, Int32).self, doing: doing) {
            have[seq] = (finished, last, exit)
        }
        let changed = local.filter { c in
            guard let known = have[c.sequence] else { return true }
            return known != (c.finishedAt ?? -1, c.lastLine ?? -1, c.exitStatus ?? -1)
        }
        guard !changed.isEmpty else { return 0 }
        try server.transaction(doing: doing) { () throws(FleetError) in
            for c in changed {
                try server.run("""
                    INSERT INTO commands (host_id, session_id, seq, command_id, command, cwd, started_at, finished_at, exit_status,
                                          prompt_line, first_line, last_line)
                    VALUES (\(hostID), \(session), \(c.sequence), \(c.id), \(c.command.map(Self.storable)), \(c.workingDirectory.map(Self.storable)),
                            \(c.startedAt), \(c.finishedAt), \(c.exitStatus), \(c.promptLine), \(c.firstLine), \(c.lastLine))
                    ON CONFLICT (host_id, session_id, seq) DO UPDATE SET
                        command_id = excluded.command_id, command = excluded.command, cwd = excluded.cwd,
                        started_at = excluded.started_at, finished_at = excluded.finished_at, exit_status = excluded.exit_status,
                        prompt_line = excluded.prompt_line, first_line = excluded.first_line, last_line = excluded.last_line
                    """, doing: doing)
            }
        }
        return changed.count
    }

    /// PostgreSQL text cannot hold NUL; a terminal line practically never does.
    static func storable(_ text: String) -> String {
        text.contains("\0") ? text.replacing("\0", with: "\u{FFFD}") : text
    }
}
