/// A stretch of a session whose output was shown but not archived (`scrollvault pause`).
public struct PauseSpan: Sendable, Equatable {
    /// Milliseconds since the epoch.
    public var pausedAt: Int64
    /// Nil while still paused, or when the session ended paused.
    public var resumedAt: Int64?

    public init(pausedAt: Int64, resumedAt: Int64?) {
        self.pausedAt = pausedAt
        self.resumedAt = resumedAt
    }
}

extension Archive {
    /// Records that archiving of `session` paused (a new span) or resumed (the open span
    /// ends) at `time`. A resume with no open span, or a pause while one is open, changes nothing.
    public func recordPause(session: Int64, paused: Bool, at time: Int64) throws(ArchiveError) {
        let s = try db.cached(paused
            ? "INSERT INTO session_pauses (session_id, paused_at) SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM session_pauses WHERE session_id = ?1 AND resumed_at IS NULL)"
            : "UPDATE session_pauses SET resumed_at = ?2 WHERE session_id = ?1 AND resumed_at IS NULL")
        s.bind(session, at: 1)
        s.bind(time, at: 2)
        try s.run()
    }

    /// Every session's paused spans, oldest first (sessions without any are absent).
    public func pausesBySession() throws(ArchiveError) -> [Int64: [PauseSpan]] {
        let s = try db.cached("SELECT session_id, paused_at, resumed_at FROM session_pauses ORDER BY session_id, paused_at")
        var spans: [Int64: [PauseSpan]] = [:]
        while try s.step() { spans[s.int64(0), default: []].append(PauseSpan(pausedAt: s.int64(1), resumedAt: s.optionalInt64(2))) }
        return spans
    }

    /// The session's paused spans, oldest first.
    public func pauses(session: Int64) throws(ArchiveError) -> [PauseSpan] {
        let s = try db.cached("SELECT paused_at, resumed_at FROM session_pauses WHERE session_id = ? ORDER BY paused_at")
        s.bind(session, at: 1)
        var spans: [PauseSpan] = []
        while try s.step() { spans.append(PauseSpan(pausedAt: s.int64(0), resumedAt: s.optionalInt64(1))) }
        return spans
    }
}
