import Support
/// A sealed chunk waiting for its commit.
struct SealedChunk {
    let firstLine: Int64
    let lineCount: Int
    let firstTime: Int64
    let lastTime: Int64
    let textBytes: Int
    let body: [UInt8]
}

/// The writer thread's state: everything here is touched by that thread only.
final class WriterLoop: @unchecked Sendable {
    private let archive: Archive
    private let session: Int64
    private let options: ArchiveWriter.Options
    private let queue: LineQueue
    private let progress: WriterProgress
    private let onError: @Sendable (ArchiveError) -> Void

    private var builder: ChunkBuilder
    private var pending: [SealedChunk] = []
    private var pendingBytes = 0
    /// Number the next appended line gets (1-based within the session).
    private var nextLine: Int64
    /// Line number of the first line in `builder`.
    private var builderFirstLine: Int64
    /// Lines / text bytes stored for the session once everything added has committed.
    private var storedLines: Int64
    private var storedBytes: Int64
    /// Whether an `open_chunks` row exists for this session.
    private var hasOpenRow = false
    /// Whether the builder changed since the open row was last written.
    private var builderDirty = false
    /// When the oldest uncommitted line arrived (monotonic ns), nil when nothing is waiting.
    private var dirtySince: UInt64?
    private var failing = false
    private var retryAt: UInt64 = 0
    /// True when chunks may be waiting for the index.
    private var indexLag = true
    /// The id of the first chunk this writer stored, once it has stored one.
    private var firstStoredChunk: Int64?
    /// The id of the last chunk this writer stored (0 before the first).
    private var lastStoredChunk: Int64 = 0
    /// Lines taken from the queue so far (committed, pending or dropped), and the updates
    /// (screen snapshots, shell events) pushed up to the last one taken.
    private var received: Int64 = 0
    private var receivedUpdates: Int64 = 0
    /// When lines last arrived (monotonic ns). Indexing waits for the output to go quiet:
    /// run during a burst, it takes a core from the pty reader and the emulator.
    private var lastArrival: UInt64 = 0
    /// How the chunks sealed from the current batch are compressed.
    private var compression = ChunkCompression.dense
    /// The number the first line this writer receives gets (`nextLine` at start): line k of
    /// the queue (0-based) is `firstReceivedLine + k`.
    private let firstReceivedLine: Int64
    /// The screen's provisional lines (see `screen_tails`) and the number of the first.
    private var tail = LineBatch()
    private var tailFirstLine: Int64 = 0
    /// The first line number of the stored `screen_tails` row, nil when there is none.
    private var storedTailFrom: Int64?
    /// Whether `tail` changed since it was last stored.
    private var tailDirty = false
    /// The session's commands, from the lines received and the shell's events.
    private var commands = CommandTracker()
    /// The commands as last stored, to write only what changed.
    private var storedCommands: [Int64: CommandTracker.Command] = [:]

    private var quietNanoseconds: UInt64 { UInt64(max(0, options.indexQuietMilliseconds)) * 1_000_000 }

    private var intervalNanoseconds: UInt64 { UInt64(max(1, options.commitIntervalMilliseconds)) * 1_000_000 }

    init(archive: Archive, session: Int64, options: ArchiveWriter.Options, queue: LineQueue,
         progress: WriterProgress, onError: @escaping @Sendable (ArchiveError) -> Void) throws(ArchiveError) {
        self.archive = archive
        self.session = session
        self.options = options
        self.queue = queue
        self.progress = progress
        self.onError = onError
        builder = ChunkBuilder(compressionLevel: archive.tuning.compressionLevel)
        // Continue after whatever the session already holds (a writer re-opened on a session).
        let db = archive.db
        db.setBusyTimeout(options.busyTimeoutMilliseconds)
        try db.transaction { () throws(ArchiveError) in try archive.adoptUnsealedLines(session: session) }
        let last = try db.scalarInt64("SELECT max(first_line + line_count - 1) FROM chunks WHERE session_id = ?") {
            $0.bind(session, at: 1)
        } ?? 0
        nextLine = last + 1
        builderFirstLine = nextLine
        firstReceivedLine = nextLine
        let s = try db.cached("SELECT line_count, byte_count FROM sessions WHERE id = ?")
        s.bind(session, at: 1)
        _ = try s.step()
        storedLines = s.int64(0)
        storedBytes = s.int64(1)
        s.reset()
        progress.committedLines.store(storedLines, ordering: .releasing)
    }

    func run() {
        while true {
            let taken = queue.take(until: deadline())
            var batch = taken.lines
            let closing = taken.closing
            if !batch.isEmpty { lastArrival = Clock.monotonicNanoseconds() }
            compression = batch.count >= queue.batchLines ? options.burstCompression : .dense
            for i in 0..<batch.count {
                batch.withLine(i) { add($0, text: $1, encodedRuns: $2) }
            }
            received += Int64(batch.count)
            queue.recycle(&batch)
            if let screen = taken.screen { replaceTail(with: screen.lines, firstLine: firstReceivedLine + screen.after) }
            if !taken.events.isEmpty {
                for event in taken.events { commands.apply(event) }
                if dirtySince == nil { dirtySince = Clock.monotonicNanoseconds() }
            }
            receivedUpdates = taken.updatesThrough
            let now = Clock.monotonicNanoseconds()
            if let since = dirtySince, now >= since + intervalNanoseconds || pendingBytes >= 2 << 20 {
                if !failing || now >= retryAt { commit(now: now) }
            }
            if closing {
                shutDown()
                queue.markSettled(received, updates: receivedUpdates)
                queue.markStopped()
                return
            }
            // Lines waiting for a retry count as settled: `flush()` must not hang on a
            // failing database.
            if dirtySince == nil || failing { queue.markSettled(received, updates: receivedUpdates) }
            if indexLag && !failing && options.indexing == .behind && queue.isEmpty
                && Clock.monotonicNanoseconds() >= lastArrival + quietNanoseconds {
                indexSlice()
            }
        }
    }

    /// When the next wake-up is due even if no line arrives.
    private func deadline() -> UInt64? {
        let now = Clock.monotonicNanoseconds()
        if let since = dirtySince {
            return max(since + intervalNanoseconds, failing ? retryAt : 0)
        }
        if indexLag && !failing && options.indexing == .behind { return max(now, lastArrival + quietNanoseconds) }
        return nil
    }

    private func add(_ entry: LineBatch.Entry, text: UnsafeBufferPointer<UInt8>, encodedRuns: UnsafeBufferPointer<UInt8>) {
        if builder.isEmpty { builderFirstLine = nextLine }
        var entry = entry
        // The mark byte carries the line's command tag above the mark: the tag places the
        // line in its command, the chunk keeps the mark alone.
        if entry.mark > 3 {
            commands.line(nextLine, packedMark: entry.mark)
            entry.mark &= 3
        } else if commands.current > 0 {
            commands.line(nextLine, packedMark: entry.mark)
        }
        entry.mark = StoredLineMark.byte(mark: entry.mark, stream: entry.stream)
        builder.append(entry, text: text, encodedRuns: encodedRuns)
        nextLine += 1
        builderDirty = true
        if dirtySince == nil { dirtySince = Clock.monotonicNanoseconds() }
        if builder.isFull { seal() }
    }

    /// Keeps a new screen snapshot for the next commit, unless it shows what is stored.
    private func replaceTail(with lines: LineBatch, firstLine: Int64) {
        guard lines != tail || firstLine != tailFirstLine else { return }
        tail = lines
        tailFirstLine = firstLine
        tailDirty = true
        if dirtySince == nil { dirtySince = Clock.monotonicNanoseconds() }
    }

    /// Writes the screen's lines that follow the last received line, in the commit's
    /// transaction: a line that scrolled off (and is stored for good now) leaves the tail, so
    /// readers never see it twice. Returns the stored row's first line number (nil: no row).
    private func storeTail(_ db: Database) throws(ArchiveError) -> Int64? {
        guard tailDirty || (storedTailFrom.map { $0 < nextLine } ?? false) else { return storedTailFrom }
        let skip = Int(max(0, min(Int64(tail.count), nextLine - tailFirstLine)))
        guard skip < tail.count else {
            if storedTailFrom != nil {
                let drop = try db.cached("DELETE FROM screen_tails WHERE session_id = ?")
                drop.bind(session, at: 1)
                try drop.run()
            }
            return nil
        }
        var chunk = ChunkBuilder(compressionLevel: archive.tuning.compressionLevel)
        for i in skip..<tail.count {
            tail.withLine(i) { entry, text, runs in
                var entry = entry
                entry.mark = StoredLineMark.byte(mark: entry.mark & 3, stream: entry.stream)
                chunk.append(entry, text: text, encodedRuns: runs)
            }
        }
        let from = tailFirstLine + Int64(skip)
        try storeUnsealed(chunk, firstLine: from, in: "screen_tails", db)
        return from
    }

    /// Writes the session's row of `open_chunks` or `screen_tails`: rewritten at every commit
    /// while it changes, so always in the fast form.
    private func storeUnsealed(_ chunk: ChunkBuilder, firstLine: Int64, in table: String, _ db: Database) throws(ArchiveError) {
        let write = try db.cached("""
            INSERT OR REPLACE INTO \(table) (session_id, first_line, line_count, first_time, last_time, body)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        write.bind(session, at: 1)
        write.bind(firstLine, at: 2)
        write.bind(chunk.lineCount, at: 3)
        write.bind(chunk.firstTime, at: 4)
        write.bind(chunk.lastTime, at: 5)
        write.bind(chunk.body(.fast), at: 6)
        try write.run()
    }

    /// Writes the commands that changed, their line ranges as they stand once the screen's
    /// provisional lines are counted in (a command whose output is still on the screen has
    /// it). Returns what it wrote.
    private func storeCommands(_ db: Database) throws(ArchiveError) -> [Int64: CommandTracker.Command] {
        var view = commands
        var numbers = Set(commands.changed)
        if !tail.isEmpty {
            let skip = Int(max(0, min(Int64(tail.count), nextLine - tailFirstLine)))
            for i in skip..<tail.count {
                tail.withLine(i) { entry, _, _ in view.line(tailFirstLine + Int64(i), packedMark: entry.mark) }
            }
            numbers.formUnion(view.changed)
        }
        var written: [Int64: CommandTracker.Command] = [:]
        for number in numbers.sorted() {
            guard let command = view.command(number), command.ranSomething, storedCommands[number] != command else { continue }
            let upsert = try db.cached("""
                INSERT INTO commands (session_id, seq, command, cwd, started_at, finished_at, exit_status,
                                      prompt_line, first_line, last_line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (session_id, seq) DO UPDATE SET
                    command = excluded.command, cwd = excluded.cwd, started_at = excluded.started_at,
                    finished_at = excluded.finished_at, exit_status = excluded.exit_status,
                    prompt_line = excluded.prompt_line, first_line = excluded.first_line, last_line = excluded.last_line
                """)
            upsert.bind(session, at: 1)
            upsert.bind(number, at: 2)
            upsert.bind(command.command, at: 3)
            upsert.bind(command.workingDirectory, at: 4)
            upsert.bind(command.startedAt, at: 5)
            upsert.bind(command.finishedAt, at: 6)
            upsert.bind(command.exitStatus.map(Int64.init), at: 7)
            upsert.bind(command.promptLine, at: 8)
            upsert.bind(command.firstLine, at: 9)
            upsert.bind(command.lastLine, at: 10)
            try upsert.run()
            written[number] = command
        }
        return written
    }

    private func seal() {
        guard !builder.isEmpty else { return }
        let chunk = SealedChunk(firstLine: builderFirstLine, lineCount: builder.lineCount, firstTime: builder.firstTime,
                                lastTime: builder.lastTime, textBytes: builder.textBytes, body: builder.body(compression))
        pending.append(chunk)
        pendingBytes += chunk.body.count
        builder.reset()
        builderDirty = true
        while pendingBytes > options.maxPendingBytes, pending.count > 1 {
            // Only while the database is failing does this grow: give up the oldest lines
            // rather than memory.
            let dropped = pending.removeFirst()
            pendingBytes -= dropped.body.count
            progress.droppedLines.add(Int64(dropped.lineCount), ordering: .releasing)
        }
    }

    /// Writes the pending chunks and the open chunk in one transaction.
    private func commit(now: UInt64) {
        let db = archive.db
        var addedLines: Int64 = 0
        var addedBytes: Int64 = 0
        var tailFrom = storedTailFrom
        var written: [Int64: CommandTracker.Command] = [:]
        do {
            try db.transaction(.immediate) { () throws(ArchiveError) in
                let insert = try db.cached("""
                    INSERT INTO chunks (session_id, first_line, line_count, first_time, last_time, body)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
                for chunk in pending {
                    insert.reset()
                    insert.bind(session, at: 1)
                    insert.bind(chunk.firstLine, at: 2)
                    insert.bind(chunk.lineCount, at: 3)
                    insert.bind(chunk.firstTime, at: 4)
                    insert.bind(chunk.lastTime, at: 5)
                    insert.bind(chunk.body, at: 6)
                    try insert.run()
                    if firstStoredChunk == nil { firstStoredChunk = db.lastInsertRowID }
                    lastStoredChunk = db.lastInsertRowID
                    addedLines += Int64(chunk.lineCount)
                    addedBytes += Int64(chunk.textBytes)
                }
                if !builder.isEmpty {
                    if builderDirty { try storeUnsealed(builder, firstLine: builderFirstLine, in: "open_chunks", db) }
                } else if hasOpenRow {
                    let drop = try db.cached("DELETE FROM open_chunks WHERE session_id = ?")
                    drop.bind(session, at: 1)
                    try drop.run()
                }
                tailFrom = try storeTail(db)
                written = try storeCommands(db)
                let openLines = Int64(builder.lineCount), openBytes = Int64(builder.textBytes)
                let counts = try db.cached("UPDATE sessions SET line_count = ?, byte_count = ? WHERE id = ?")
                counts.bind(storedLines + addedLines + openLines, at: 1)
                counts.bind(storedBytes + addedBytes + openBytes, at: 2)
                counts.bind(session, at: 3)
                try counts.run()
            }
        } catch {
            retryAt = now + 1_000_000_000
            if !failing {
                failing = true
                onError(error)
            }
            return
        }
        failing = false
        storedLines += addedLines
        storedBytes += addedBytes
        if !pending.isEmpty { indexLag = true }
        pending.removeAll(keepingCapacity: true)
        pendingBytes = 0
        hasOpenRow = !builder.isEmpty
        builderDirty = false
        storedTailFrom = tailFrom
        tailDirty = false
        storedCommands.merge(written) { $1 }
        commands.markStored()
        if tailFirstLine + Int64(tail.count) <= nextLine { tail.removeAll() }
        dirtySince = nil
        progress.committedLines.store(storedLines + Int64(builder.lineCount), ordering: .releasing)
    }

    private func indexSlice() {
        do {
            let n = try archive.indexPending(maxChunks: options.indexSliceChunks)
            if n < options.indexSliceChunks { indexLag = false }
        } catch {
            // Not fatal: queries scan the unindexed tail. Report like any other failure.
            indexLag = false
            if !failing { onError(error) }
        }
    }

    /// True when every chunk stored before this writer's first one is indexed (and it stored
    /// one), and what is left of its own fits one slice.
    private func ownChunksAreNextToIndex() throws(ArchiveError) -> Bool {
        guard let first = firstStoredChunk else { return false }
        let through = try archive.fullyIndexedThrough()
        return through >= first - 1 && lastStoredChunk - through <= Int64(options.indexSliceChunks)
    }

    /// Final flush: seal the open chunk, commit (one retry), index everything, close.
    private func shutDown() {
        seal()
        // The session's final lines are all here: the screen is no longer provisional, and the
        // running command's output ends with them.
        tail.removeAll()
        if commands.current > 0 {
            commands.sessionEnded(lastLine: nextLine - 1)
            if dirtySince == nil { dirtySince = Clock.monotonicNanoseconds() }
        }
        tailDirty = storedTailFrom != nil
        if tailDirty && dirtySince == nil { dirtySince = Clock.monotonicNanoseconds() }
        if dirtySince == nil && (!pending.isEmpty || hasOpenRow) { dirtySince = Clock.monotonicNanoseconds() }
        if dirtySince != nil {
            commit(now: Clock.monotonicNanoseconds())
            if failing { commit(now: Clock.monotonicNanoseconds()) }
        }
        if !failing && options.indexing == .behind {
            do {
                if let budget = options.finishIndexingMilliseconds {
                    // Only the writer's own chunks are worth a wait at the end: a backlog from
                    // before them (another session's burst) is the background catch-up's, and
                    // indexing it here made every `run -- true` take the whole budget longer.
                    // So is a backlog of its own larger than one slice (a burst): the budget
                    // would index a sliver of it and end every such session ~100 ms later.
                    let deadline = Clock.monotonicNanoseconds() + UInt64(max(0, budget)) * 1_000_000
                    while try ownChunksAreNextToIndex(), Clock.monotonicNanoseconds() < deadline,
                          try archive.indexPending(maxChunks: options.indexSliceChunks) > 0 {}
                } else {
                    try archive.indexAll()
                }
            } catch {
                onError(error)
            }
        }
        archive.close()
    }
}
