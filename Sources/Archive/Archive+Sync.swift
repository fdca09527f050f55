#if canImport(Glibc)
import Glibc
#endif
import Support

/// What `scrollvault sync` reads from the archive, and the little it writes: this archive's
/// identity on team servers and the per-session watermarks of what each server has.
///
/// Only lines that will never change are shipped: sealed chunks and the open chunk (lines that
/// left the screen). A recording session's provisional screen is not: it is rewritten until it
/// scrolls off, and it ships once it has.
extension Archive {
    /// A random 63-bit number naming this archive on every team server, made on first use and
    /// kept in `meta`: host names repeat (two archives on one machine, a renamed laptop), and
    /// the server keys every row by it.
    public func fleetHostID() throws(ArchiveError) -> Int64 {
        if let id = try db.scalarInt64("SELECT value FROM meta WHERE key = 'fleet_host_id'") { return id }
        // The system generator: the kernel's random source, unpredictable and unshared.
        let id = Int64.random(in: 1...Int64.max)
        try db.transaction { () throws(ArchiveError) in
            let s = try db.cached("INSERT OR IGNORE INTO meta (key, value) VALUES ('fleet_host_id', ?)")
            s.bind(id, at: 1)
            try s.run()
        }
        return try db.scalarInt64("SELECT value FROM meta WHERE key = 'fleet_host_id'") ?? id
    }

    /// The last line number of `session` that is stored for good (sealed or in the open
    /// chunk); 0 when there is none yet.
    public func shippableLineCount(session: Int64) throws(ArchiveError) -> Int64 {
        let sealed = try db.scalarInt64(
            "SELECT first_line + line_count - 1 FROM chunks WHERE session_id = ? ORDER BY first_line DESC LIMIT 1") {
                $0.bind(session, at: 1)
            } ?? 0
        let open = try db.scalarInt64("SELECT first_line + line_count - 1 FROM open_chunks WHERE session_id = ?") {
            $0.bind(session, at: 1)
        } ?? 0
        return max(sealed, open)
    }

    /// Up to `limit` stored-for-good lines of `session` after line `after`, in order, each with
    /// the time a search shows for it (a line stored without one takes its neighbour's).
    public func shippableLines(session: Int64, after: Int64, limit: Int) throws(ArchiveError) -> [ExportedLine] {
        var out: [ExportedLine] = []
        var chunk = DecodedChunk()
        var next = after + 1
        let start = try db.scalarInt64(
            "SELECT max(first_line) FROM chunks WHERE session_id = ? AND first_line <= ?") {
                $0.bind(session, at: 1); $0.bind(next, at: 2)
            } ?? 1
        let sealed = try Statement(database: db, sql: """
            SELECT id, first_line, line_count, body FROM chunks WHERE session_id = ? AND first_line >= ? ORDER BY first_line
            """)
        sealed.bind(session, at: 1)
        sealed.bind(start, at: 2)
        let open = try Statement(database: db, sql: "SELECT 0, first_line, line_count, body FROM open_chunks WHERE session_id = ?")
        open.bind(session, at: 1)
        for rows in [sealed, open] {
            while out.count < limit, try rows.step() {
                let id = rows.int64(0), first = rows.int64(1), count = rows.int64(2)
                guard first + count - 1 >= next else { continue }
                try rows.withBlob(3) { (blob) throws(ArchiveError) in try chunk.decode(blob, id: id) }
                var number = max(next, first)
                while number < first + Int64(chunk.lineCount) && out.count < limit {
                    let i = Int(number - first)
                    var line = chunk.line(i, firstLine: first)
                    line.timestamp = chunk.timeShown(ofLine: i)
                    out.append(line)
                    number += 1
                }
                next = number
            }
        }
        return out
    }

    /// What `server` had of each session when it last confirmed a batch (session → last line).
    public func syncWatermarks(server: String) throws(ArchiveError) -> [Int64: Int64] {
        let s = try Statement(database: db, sql: "SELECT session_id, lines_through FROM sync_watermarks WHERE server = ?")
        s.bind(server, at: 1)
        var out: [Int64: Int64] = [:]
        while try s.step() { out[s.int64(0)] = s.int64(1) }
        return out
    }

    /// Notes that `server` has `session`'s lines through `line`.
    public func setSyncWatermark(server: String, session: Int64, through line: Int64) throws(ArchiveError) {
        try db.transaction { () throws(ArchiveError) in
            let s = try db.cached("""
                INSERT INTO sync_watermarks (server, session_id, lines_through, synced_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (server, session_id) DO UPDATE SET lines_through = excluded.lines_through, synced_at = excluded.synced_at
                """)
            s.bind(server, at: 1)
            s.bind(session, at: 2)
            s.bind(line, at: 3)
            s.bind(Clock.nowMilliseconds(), at: 4)
            try s.run()
        }
    }
}
