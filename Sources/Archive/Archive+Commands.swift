extension Archive {
    private static let commandColumns = """
        c.id, c.session_id, s.name, s.host, c.seq, c.command, c.cwd, c.started_at, c.finished_at, c.exit_status,
        c.prompt_line, c.first_line, c.last_line, s.state = 'recording'
        """

    private static func command(_ s: Statement) -> CommandSummary {
        CommandSummary(
            id: s.int64(0), session: s.int64(1), sessionName: s.optionalString(2), host: s.string(3),
            sequence: s.int64(4), command: s.optionalString(5), workingDirectory: s.optionalString(6),
            startedAt: s.optionalInt64(7), finishedAt: s.optionalInt64(8),
            exitStatus: s.optionalInt64(9).map { Int32(truncatingIfNeeded: $0) },
            promptLine: s.optionalInt64(10), firstLine: s.optionalInt64(11), lastLine: s.optionalInt64(12),
            sessionIsRecording: s.int64(13) != 0)
    }

    /// Commands matching `filter`, oldest first (with a limit: the newest `limit` of them).
    public func commands(matching filter: CommandFilter) throws(ArchiveError) -> [CommandSummary] {
        var conditions: [String] = []
        if filter.session != nil { conditions.append("c.session_id = :session") }
        if filter.failedOnly { conditions.append("c.exit_status IS NOT NULL AND c.exit_status != 0") }
        if filter.since != nil { conditions.append("c.started_at >= :since") }
        if filter.until != nil { conditions.append("c.started_at <= :until") }
        if filter.workingDirectory != nil { conditions.append("c.cwd = :cwd") }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        // A stored command always has a start (its command line or 133 C set it).
        var sql = "SELECT \(Self.commandColumns) FROM commands c JOIN sessions s ON s.id = c.session_id\(whereClause)"
        if let limit = filter.limit {
            // The newest `limit`, listed oldest first: columns 8, 2 and 5 are start, session, seq.
            sql = "SELECT * FROM (\(sql) ORDER BY c.started_at DESC, c.session_id DESC, c.seq DESC LIMIT \(max(0, limit)))"
                + " ORDER BY 8, 2, 5"
        } else {
            sql += " ORDER BY c.started_at, c.session_id, c.seq"
        }
        let s = try Statement(database: db, sql: sql)
        func bind(_ name: String, _ value: Int64?) {
            guard let value else { return }
            let index = s.parameterIndex(name)
            if index > 0 { s.bind(value, at: index) }
        }
        bind(":session", filter.session)
        bind(":since", filter.since)
        bind(":until", filter.until)
        if let cwd = filter.workingDirectory { s.bind(cwd, at: s.parameterIndex(":cwd")) }
        var result: [CommandSummary] = []
        while try s.step() { result.append(Self.command(s)) }
        return result
    }

    /// The command with this id, or nil.
    public func command(id: Int64) throws(ArchiveError) -> CommandSummary? {
        let s = try db.cached("SELECT \(Self.commandColumns) FROM commands c JOIN sessions s ON s.id = c.session_id WHERE c.id = ?")
        s.bind(id, at: 1)
        defer { s.reset() }
        guard try s.step() else { return nil }
        return Self.command(s)
    }

    /// The `back`-th most recent finished command (1: the last one) of the newest session that
    /// has any, or of `session`.
    public func recentFinishedCommand(back: Int, session: Int64? = nil) throws(ArchiveError) -> CommandSummary? {
        guard back >= 1 else { return nil }
        let scope = session.map { "c.session_id = \($0)" }
            ?? "c.session_id = (SELECT session_id FROM commands WHERE finished_at IS NOT NULL ORDER BY session_id DESC LIMIT 1)"
        let s = try Statement(database: db, sql: """
            SELECT \(Self.commandColumns) FROM commands c JOIN sessions s ON s.id = c.session_id
            WHERE \(scope) AND c.finished_at IS NOT NULL ORDER BY c.seq DESC LIMIT 1 OFFSET \(back - 1)
            """)
        guard try s.step() else { return nil }
        return Self.command(s)
    }

    /// The finished run before `command` of the same command text in the same directory.
    public func previousRun(of command: CommandSummary) throws(ArchiveError) -> CommandSummary? {
        guard let text = command.command else { return nil }
        let s = try Statement(database: db, sql: """
            SELECT \(Self.commandColumns) FROM commands c JOIN sessions s ON s.id = c.session_id
            WHERE c.command = ? AND c.cwd IS ? AND c.finished_at IS NOT NULL AND c.id != ?
              AND (coalesce(c.started_at, 0) < ? OR (coalesce(c.started_at, 0) = ? AND c.id < ?))
            ORDER BY coalesce(c.started_at, 0) DESC, c.id DESC LIMIT 1
            """)
        s.bind(text, at: 1)
        s.bind(command.workingDirectory, at: 2)
        s.bind(command.id, at: 3)
        s.bind(command.startedAt ?? 0, at: 4)
        s.bind(command.startedAt ?? 0, at: 5)
        s.bind(command.id, at: 6)
        guard try s.step() else { return nil }
        return Self.command(s)
    }

    /// Commands per session, for `sessions`.
    public func commandCounts() throws(ArchiveError) -> [Int64: Int] {
        let s = try db.cached("SELECT session_id, count(*) FROM commands GROUP BY session_id")
        defer { s.reset() }
        var counts: [Int64: Int] = [:]
        while try s.step() { counts[s.int64(0)] = s.int(1) }
        return counts
    }
}
