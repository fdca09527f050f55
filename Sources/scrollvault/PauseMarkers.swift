import Archive

/// Places a session's paused spans among its exported lines: each gap is marked where it was,
/// before the first line written after it began. Lines carry their own times, and the lines
/// shown before a pause may reach the archive after it began (they scroll off later), so the
/// place is found by time, not by line number.
struct PauseMarkers {
    private var pending: [PauseSpan]
    /// The last printed line's time; nil before the first. A span older than the first line
    /// printed belongs before it only when the export starts at the session's beginning.
    private var lastTime: Int64?
    private let startsAtBeginning: Bool

    init(_ spans: [PauseSpan], startsAtBeginning: Bool) {
        pending = spans
        self.startsAtBeginning = startsAtBeginning
    }

    /// The spans to mark before a line written at `time`.
    mutating func before(lineAt time: Int64) -> [PauseSpan] {
        var due: [PauseSpan] = []
        while let span = pending.first, span.pausedAt < time {
            pending.removeFirst()
            if lastTime.map({ $0 <= span.pausedAt }) ?? startsAtBeginning { due.append(span) }
        }
        lastTime = time
        return due
    }

    /// The spans left after the last line: marked only when the export reached the session's end.
    mutating func atEnd(reachedEnd: Bool) -> [PauseSpan] {
        defer { pending.removeAll() }
        return reachedEnd ? pending.filter { span in lastTime.map { $0 <= span.pausedAt } ?? startsAtBeginning } : []
    }
}
