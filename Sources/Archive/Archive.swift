#if canImport(Glibc)
import Glibc
import Support
#endif

/// The line archive: sessions, their lines in compressed chunks, and a word index over them.
///
/// One `Archive` is one SQLite connection, used from one thread. Writers (`ArchiveWriter`) own
/// their own connection; readers open `.readOnly` and work while a writer records (WAL).
public final class Archive {
    public enum OpenMode: Sendable { case readWrite, readOnly }

    let db: Database
    public let path: String
    public let mode: OpenMode
    /// How this connection stores what it writes.
    public let tuning: ArchiveTuning

    /// `$SCROLLVAULT_DB`, else `$XDG_DATA_HOME/scrollvault/archive.sqlite`, else
    /// `~/.local/share/scrollvault/archive.sqlite` (the CLI's `--db` comes before all of them).
    public static func defaultPath(environment: [String: String]) -> String {
        defaultPath { environment[$0] }
    }

    /// The default for this process, reading just the variables it depends on (a dictionary of
    /// the whole environment, as ProcessInfo builds it, is work on every command's start).
    public static func defaultPathFromProcessEnvironment() -> String {
        defaultPath { name in
            getenv(name).map { String(decoding: UnsafeRawBufferPointer(start: $0, count: strlen($0)), as: UTF8.self) }
        }
    }

    private static func defaultPath(variable: (String) -> String?) -> String {
        if let explicit = variable("SCROLLVAULT_DB"), !explicit.isEmpty { return explicit }
        if let data = variable("XDG_DATA_HOME"), data.hasPrefix("/") {
            return data + "/scrollvault/archive.sqlite"
        }
        let home = variable("HOME").flatMap { $0.isEmpty ? nil : $0 } ?? Self.homeFromPasswd() ?? "."
        return home + "/.local/share/scrollvault/archive.sqlite"
    }

    private static func homeFromPasswd() -> String? {
        guard let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }

    /// `.readWrite` creates the file (0600, directories 0700) and migrates it; `.readOnly`
    /// refuses a missing file with `.missingArchive`. Both refuse a newer schema and report a
    /// file that is not SQLite as `.notADatabase`.
    public init(path: String, mode: OpenMode, tuning: ArchiveTuning = ArchiveTuning()) throws(ArchiveError) {
        self.path = path
        self.mode = mode
        self.tuning = tuning
        let migrator = Migrator()
        switch mode {
        case .readWrite:
            try ArchiveFile.prepare(path: path)
            db = try Database(path: path, readOnly: false, pageSize: tuning.pageSize)
            try migrator.checkNotNewer(db)
            try migrator.migrate(db)
        case .readOnly:
            guard ArchiveFile.exists(path) else { throw .missingArchive(path: path) }
            try ArchiveFile.checkIsRegularFile(path)
            var reader = try Database(path: path, readOnly: true)
            try migrator.checkNotNewer(reader)
            if try migrator.needsMigration(reader) {
                // An archive written by an older binary: upgrade it once, then read.
                reader.close()
                _ = try Archive(path: path, mode: .readWrite, tuning: tuning)
                reader = try Database(path: path, readOnly: true)
            }
            db = reader
        }
    }

    /// Closes the connection now (also done on deinit).
    public func close() { db.close() }

    /// From another thread: the work running on this archive stops with `SQLITE_INTERRUPT`
    /// and its write transaction rolls back (how a background catch-up yields at once).
    /// Must not race with `close()`.
    public func interrupt() { db.interrupt() }

    // MARK: Sessions

    static let summaryColumns = """
        id, name, command, working_directory, host, started_at, ended_at, exit_status, state,
        line_count, byte_count, title, columns, rows, recorder_pid, source, imported_at, duration_known
        """

    static func summary(_ s: Statement) -> SessionSummary {
        SessionSummary(
            id: s.int64(0), name: s.optionalString(1), command: s.string(2), workingDirectory: s.string(3),
            host: s.string(4), startedAt: s.int64(5), endedAt: s.optionalInt64(6),
            exitStatus: s.optionalInt64(7).map { Int32(truncatingIfNeeded: $0) },
            state: SessionState(rawValue: s.string(8)) ?? .interrupted,
            lineCount: s.int64(9), byteCount: s.int64(10), title: s.optionalString(11),
            columns: s.int(12), rows: s.int(13), recorderPID: Int32(truncatingIfNeeded: s.int64(14)),
            source: SessionSource(rawValue: s.string(15)) ?? .run, importedAt: s.optionalInt64(16),
            durationKnown: s.int64(17) != 0)
    }

    /// Starts a session in state `recording` and returns its id. A name already in use is an
    /// SQLite constraint error (SQLITE_CONSTRAINT_UNIQUE).
    public func beginSession(_ info: SessionInfo) throws(ArchiveError) -> Int64 {
        // Ids are never reused, even after the newest session was forgotten: a script holding
        // an old id must not reach a newer session. The high-water mark lives in `meta`.
        try db.transaction(.immediate) { () throws(ArchiveError) -> Int64 in
            let next = try db.scalarInt64("""
                SELECT max(coalesce((SELECT max(id) FROM sessions), 0),
                           coalesce((SELECT value FROM meta WHERE key = 'last_session_id'), 0)) + 1
                """) ?? 1
            let s = try db.cached("""
                INSERT INTO sessions (id, name, command, working_directory, host, started_at, columns, rows, recorder_pid, state, source, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'recording', ?, ?)
                """)
            s.bind(next, at: 1)
            var name = info.name
            if name == nil, let stem = info.nameStem { name = try freeName(stem) }
            s.bind(name, at: 2)
            s.bind(info.command, at: 3)
            s.bind(info.workingDirectory, at: 4)
            s.bind(info.host, at: 5)
            s.bind(info.startedAt, at: 6)
            s.bind(info.columns, at: 7)
            s.bind(info.rows, at: 8)
            s.bind(Int64(info.recorderPID), at: 9)
            s.bind(info.source.rawValue, at: 10)
            s.bind(info.source == .import ? Clock.nowMilliseconds() : nil, at: 11)
            try s.run()
            let mark = try db.cached("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_session_id', ?)")
            mark.bind(next, at: 1)
            try mark.run()
            return next
        }
    }

    /// `stem` if no session has that name, else the first free of `stem-2`, `stem-3`…
    private func freeName(_ stem: String) throws(ArchiveError) -> String {
        let s = try db.cached("SELECT name FROM sessions WHERE substr(name, 1, length(?1)) = ?1")
        s.bind(stem, at: 1)
        defer { s.reset() }
        var taken = Set<String>()
        while try s.step() { taken.insert(s.string(0)) }
        if !taken.contains(stem) { return stem }
        var suffix = 2
        while taken.contains("\(stem)-\(suffix)") { suffix += 1 }
        return "\(stem)-\(suffix)"
    }

    /// Records how a session ended. Call it after the session's `ArchiveWriter.finish()`: the
    /// writer owns the session's open chunk until then (and seals it when it finishes).
    /// `durationKnown: false` says `endedAt` is only the start again (an import without times).
    public func finishSession(_ id: Int64, state: SessionState, exitStatus: Int32?, endedAt: Int64, title: String?,
                              durationKnown: Bool = true) throws(ArchiveError) {
        try db.transaction { () throws(ArchiveError) in
            let s = try db.cached("""
                UPDATE sessions SET state = ?, exit_status = ?, ended_at = ?, title = coalesce(?, title), duration_known = ?
                WHERE id = ?
                """)
            s.bind(state.rawValue, at: 1)
            s.bind(exitStatus.map { Int64($0) }, at: 2)
            s.bind(endedAt, at: 3)
            s.bind(title, at: 4)
            s.bind(durationKnown ? 1 : 0, at: 5)
            s.bind(id, at: 6)
            try s.run()
            if db.changes == 0 { throw .sessionNotFound(String(id)) }
        }
    }

    /// Takes over what a session's writer left when it stopped without finishing (the recorder
    /// was killed): its open chunk, then its provisional screen, which become the session's
    /// last lines, as a normal exit archives the final screen. Both move into `chunks`, where
    /// they can be indexed.
    func adoptUnsealedLines(session: Int64) throws(ArchiveError) {
        try sealOpenChunk(session: session)
        try adoptScreenTail(session: session)
    }

    /// Moves a session's open chunk (if any) into `chunks`.
    private func sealOpenChunk(session: Int64) throws(ArchiveError) {
        let move = try db.cached("""
            INSERT INTO chunks (session_id, first_line, line_count, first_time, last_time, body)
            SELECT session_id, first_line, line_count, first_time, last_time, body FROM open_chunks WHERE session_id = ?
            """)
        move.bind(session, at: 1)
        try move.run()
        let drop = try db.cached("DELETE FROM open_chunks WHERE session_id = ?")
        drop.bind(session, at: 1)
        try drop.run()
    }

    /// Moves a session's provisional screen (if any) into `chunks` and counts its lines in.
    private func adoptScreenTail(session: Int64) throws(ArchiveError) {
        let tail = try db.cached("SELECT first_line, line_count, first_time, last_time, body FROM screen_tails WHERE session_id = ?")
        tail.bind(session, at: 1)
        defer { tail.reset() }
        guard try tail.step() else { return }
        var chunk = DecodedChunk()
        try tail.withBlob(4) { (body) throws(ArchiveError) in try chunk.decode(body, id: -session) }
        let textBytes = (0..<chunk.lineCount).reduce(Int64(0)) { $0 + Int64(chunk.textLengths[$1]) }
        let move = try db.cached("""
            INSERT INTO chunks (session_id, first_line, line_count, first_time, last_time, body)
            SELECT session_id, first_line, line_count, first_time, last_time, body FROM screen_tails WHERE session_id = ?
            """)
        move.bind(session, at: 1)
        try move.run()
        let count = try db.cached("UPDATE sessions SET line_count = line_count + ?, byte_count = byte_count + ? WHERE id = ?")
        count.bind(Int64(chunk.lineCount), at: 1)
        count.bind(textBytes, at: 2)
        count.bind(session, at: 3)
        try count.run()
        let drop = try db.cached("DELETE FROM screen_tails WHERE session_id = ?")
        drop.bind(session, at: 1)
        try drop.run()
    }

    /// All sessions, oldest first.
    public func sessions() throws(ArchiveError) -> [SessionSummary] {
        let s = try db.cached("SELECT \(Self.summaryColumns) FROM sessions ORDER BY started_at, id")
        defer { s.reset() }
        var result: [SessionSummary] = []
        while try s.step() { result.append(Self.summary(s)) }
        return result
    }

    /// Resolves a SESSION argument: nil → the most recently added session; `id:N` → that id;
    /// `name:X` → the session named X; digits → that id, else the session with that name (an
    /// archive from before numeric names were refused), refusing a number that is both;
    /// anything else → the session with that name.
    public func session(matching idOrName: String?) throws(ArchiveError) -> SessionSummary {
        guard let key = idOrName else {
            // The session added last (an old recording imported today is "the last session").
            let s = try db.cached("SELECT \(Self.summaryColumns) FROM sessions ORDER BY id DESC LIMIT 1")
            defer { s.reset() }
            guard try s.step() else { throw .sessionNotFound("(no sessions recorded yet)") }
            return Self.summary(s)
        }
        if key.hasPrefix(SessionName.idPrefix) {
            guard let id = Int64(key.dropFirst(SessionName.idPrefix.count)), let found = try session(id: id) else {
                throw .sessionNotFound(key)
            }
            return found
        }
        if key.hasPrefix(SessionName.namePrefix) {
            // A name that itself starts with "name:" (allowed before such names were refused)
            // is still found by its full text.
            if let found = try session(named: String(key.dropFirst(SessionName.namePrefix.count))) { return found }
            if let found = try session(named: key) { return found }
            throw .sessionNotFound(key)
        }
        let named = try session(named: key)
        if let id = Int64(key), let found = try session(id: id) {
            if let named, named.id != found.id { throw .ambiguousSession(key, id: id, namedSession: named.id) }
            return found
        }
        guard let named else { throw .sessionNotFound(key) }
        return named
    }

    /// The session with this name, or nil.
    public func session(named name: String) throws(ArchiveError) -> SessionSummary? {
        let s = try db.cached("SELECT \(Self.summaryColumns) FROM sessions WHERE name = ?")
        s.bind(name, at: 1)
        defer { s.reset() }
        guard try s.step() else { return nil }
        return Self.summary(s)
    }

    /// The session with this id, or nil.
    public func session(id: Int64) throws(ArchiveError) -> SessionSummary? {
        let s = try db.cached("SELECT \(Self.summaryColumns) FROM sessions WHERE id = ?")
        s.bind(id, at: 1)
        defer { s.reset() }
        guard try s.step() else { return nil }
        return Self.summary(s)
    }

    /// Marks `recording` sessions whose recorder process no longer exists as `interrupted`
    /// (ended at their last line's time) and seals their open chunks. Returns how many.
    /// Whether a session is being recorded right now by a live process (its writer indexes in
    /// its own idle time, so a background indexer steps aside instead of competing for the lock).
    public func hasLiveRecording() throws(ArchiveError) -> Bool {
        let list = try db.cached("SELECT recorder_pid FROM sessions WHERE state = 'recording'")
        defer { list.reset() }
        while try list.step() {
            let pid = Int32(truncatingIfNeeded: list.int64(0))
            if pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) { return true }
        }
        return false
    }

    public func markInterruptedSessions() throws(ArchiveError) -> Int {
        let list = try db.cached("SELECT id, recorder_pid FROM sessions WHERE state = 'recording'")
        var dead: [Int64] = []
        while try list.step() {
            let pid = Int32(truncatingIfNeeded: list.int64(1))
            if pid <= 0 || (kill(pid, 0) == -1 && errno == ESRCH) { dead.append(list.int64(0)) }
        }
        list.reset()
        for id in dead {
            let lastTime = try db.scalarInt64("""
                SELECT max(t) FROM (SELECT max(last_time) AS t FROM chunks WHERE session_id = ?1
                                    UNION ALL SELECT last_time FROM open_chunks WHERE session_id = ?1
                                    UNION ALL SELECT last_time FROM screen_tails WHERE session_id = ?1)
                """) { $0.bind(id, at: 1) }
            let started = try session(id: id)?.startedAt ?? Clock.nowMilliseconds()
            // Its writer is dead: adopt the chunk it was filling so it can be indexed.
            try db.transaction { () throws(ArchiveError) in try adoptUnsealedLines(session: id) }
            try finishSession(id, state: .interrupted, exitStatus: nil, endedAt: lastTime ?? started, title: nil)
        }
        return dead.count
    }

    // MARK: Statistics

    public func statistics() throws(ArchiveError) -> ArchiveStatistics {
        func fileSize(_ p: String) -> Int64 {
            var st = stat()
            return stat(p, &st) == 0 ? Int64(st.st_size) : 0
        }
        let watermark = try fullyIndexedThrough()
        let s = try db.cached("SELECT count(*), coalesce(sum(line_count), 0), coalesce(sum(byte_count), 0) FROM sessions")
        guard try s.step() else { return ArchiveStatistics(fileBytes: 0, sessions: 0, lines: 0, textBytes: 0, chunks: 0, unindexedChunks: 0, unindexedLines: 0) }
        let sessions = s.int(0), lines = s.int64(1), bytes = s.int64(2)
        s.reset()
        let chunks = try db.scalarInt64("SELECT count(*) FROM chunks") ?? 0
        let c = try db.cached("SELECT count(*), coalesce(sum(line_count), 0) FROM chunks WHERE id > ?")
        c.bind(watermark, at: 1)
        _ = try c.step()
        let unindexed = c.int64(0), unindexedLines = c.int64(1)
        c.reset()
        let openLines = try db.scalarInt64("SELECT coalesce(sum(line_count), 0) FROM open_chunks") ?? 0
        return ArchiveStatistics(
            fileBytes: fileSize(path) + fileSize(path + "-wal"), sessions: sessions, lines: lines,
            textBytes: bytes, chunks: chunks, unindexedChunks: unindexed, unindexedLines: unindexedLines + openLines)
    }

    // MARK: Removal

    /// Deletes a session, its chunks, and their index entries.
    public func forget(session id: Int64) throws(ArchiveError) {
        try forget(sessions: [id])
    }

    /// Deletes these sessions, their chunks and their index entries in one transaction: when
    /// one of them does not exist (any more), none is deleted.
    public func forget(sessions ids: [Int64]) throws(ArchiveError) {
        try db.transaction { () throws(ArchiveError) in
            for id in ids {
                guard try session(id: id) != nil else { throw .sessionNotFound(String(id)) }
                try removeSessionContents(id)
            }
        }
        try releaseFreePages()
    }

    /// Gives freed pages back to the file system: incremental vacuum moves them to the end,
    /// and the checkpoint folds the WAL into the file and truncates both.
    private func releaseFreePages() throws(ArchiveError) {
        try db.execute("PRAGMA incremental_vacuum")
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    private func removeSessionContents(_ id: Int64) throws(ArchiveError) {
        // A contentless FTS5 table (3.40 has no contentless_delete) forgets a row only when
        // given the exact text it indexed, which the chunk still holds.
        for index in ChunkIndex.allCases {
            let watermark = try indexedThrough(index)
            let list = try Statement(database: db, sql: "SELECT id, body FROM chunks WHERE session_id = ? AND id <= ?")
            list.bind(id, at: 1)
            list.bind(watermark, at: 2)
            let unindex = try db.cached("INSERT INTO \(index.table) (\(index.table), rowid, text) VALUES ('delete', ?, ?)")
            var chunk = DecodedChunk()
            while try list.step() {
                let chunkID = list.int64(0)
                try list.withBlob(1) { (body) throws(ArchiveError) in try chunk.decode(body, id: chunkID) }
                unindex.reset()
                unindex.bind(chunkID, at: 1)
                chunk.payload.withUnsafeBytes { raw in
                    unindex.bindText(UnsafeRawBufferPointer(rebasing: raw[chunk.textStart...]), at: 2)
                }
                try unindex.run()
            }
        }
        for sql in ["DELETE FROM chunks WHERE session_id = ?", "DELETE FROM open_chunks WHERE session_id = ?",
                    "DELETE FROM screen_tails WHERE session_id = ?", "DELETE FROM commands WHERE session_id = ?",
                    "DELETE FROM session_pauses WHERE session_id = ?",
                    "DELETE FROM sessions WHERE id = ?"] {
            let s = try db.cached(sql)
            s.bind(id, at: 1)
            try s.run()
        }
    }

    /// The sessions `prune` removes: those that ended before `endedBefore` (ms since the
    /// epoch), oldest end first. The end is when the recording stopped, or for an import when
    /// it was imported (an imported recording keeps its own, maybe years old, start and end),
    /// so an old recording imported today counts as new. Sessions still recording never qualify.
    public func sessions(endedBefore: Int64) throws(ArchiveError) -> [SessionSummary] {
        let s = try db.cached("""
            SELECT \(Self.summaryColumns) FROM sessions
            WHERE state != 'recording' AND max(coalesce(ended_at, started_at), coalesce(imported_at, 0)) < ?
            ORDER BY max(coalesce(ended_at, started_at), coalesce(imported_at, 0)), id
            """)
        s.bind(endedBefore, at: 1)
        defer { s.reset() }
        var result: [SessionSummary] = []
        while try s.step() { result.append(Self.summary(s)) }
        return result
    }

    /// Forgets every session that ended before `endedBefore` (ms; see `sessions(endedBefore:)`)
    /// and returns how many.
    public func prune(endedBefore: Int64) throws(ArchiveError) -> Int {
        let ids = try sessions(endedBefore: endedBefore).map(\.id)
        try prune(sessions: ids)
        return ids.count
    }

    /// Forgets these sessions, all or none (see `forget(sessions:)`), then merges the indexes
    /// and returns freed pages to the file system.
    public func prune(sessions ids: [Int64]) throws(ArchiveError) {
        guard !ids.isEmpty else { return }
        try forget(sessions: ids)
        // FTS5 forgets by writing delete markers; only a merge drops them and the
        // forgotten entries. `optimize` rewrites each index once: fine for a maintenance
        // command, too slow for every `forget`.
        for index in ChunkIndex.allCases {
            try db.execute("INSERT INTO \(index.table) (\(index.table)) VALUES ('optimize')")
        }
        try releaseFreePages()
    }
}
