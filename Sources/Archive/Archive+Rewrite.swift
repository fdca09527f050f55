/// What `rewriteLines` changed (or, dry, would change) in one session.
public struct LineRewriteOutcome: Sendable, Equatable {
    /// Stored lines whose text changed (history, open chunk and provisional screen).
    public var lines = 0
    /// Chunk bodies rewritten (sealed, open and screen tails).
    public var chunks = 0
    /// Command lines (`commands.command`, the session's own command) changed.
    public var commandLines = 0

    public init() {}
}

/// A line's new text and style runs, or nil to keep it as stored.
public typealias LineRewrite = (_ text: UnsafeBufferPointer<UInt8>, _ styleRuns: [StyleRun]) -> (text: [UInt8], styleRuns: [StyleRun])?

extension Archive {
    /// Passes every stored line of session `id` through `rewrite`, in order (sealed chunks by
    /// line number, then the open chunk, then the provisional screen), and every command line
    /// through `rewriteCommand`; stores what they change, with the word and trigram index
    /// entries of rewritten chunks replaced, in one IMMEDIATE transaction (the writers' lock).
    /// `dryRun` changes nothing and returns the same counts.
    ///
    /// Rewritten text must not survive elsewhere in the file: when something changed, the old
    /// pages are zeroed as they are freed (`secure_delete`), the indexes are merged so the
    /// delete markers drop the old postings, and freed pages go back to the file system.
    public func rewriteLines(session id: Int64, dryRun: Bool, _ rewrite: LineRewrite,
                             rewriteCommand: (String) -> String?) throws(ArchiveError) -> LineRewriteOutcome {
        if !dryRun { try db.execute("PRAGMA secure_delete = ON") }
        let outcome = try db.transaction(dryRun ? .deferred : .immediate) { () throws(ArchiveError) -> LineRewriteOutcome in
            guard try session(id: id) != nil else { throw .sessionNotFound(String(id)) }
            var outcome = LineRewriteOutcome()
            var byteDelta: Int64 = 0
            let ids = try chunkIDs(session: id)
            for chunkID in ids {
                try rewriteChunk(table: "chunks", key: "id", chunkID, indexed: true, dryRun: dryRun, rewrite,
                                 outcome: &outcome, byteDelta: &byteDelta)
            }
            try rewriteChunk(table: "open_chunks", key: "session_id", id, indexed: false, dryRun: dryRun, rewrite,
                             outcome: &outcome, byteDelta: &byteDelta)
            var screenBytes: Int64 = 0
            try rewriteChunk(table: "screen_tails", key: "session_id", id, indexed: false, dryRun: dryRun, rewrite,
                             outcome: &outcome, byteDelta: &screenBytes)
            try rewriteCommandLines(session: id, dryRun: dryRun, rewriteCommand, outcome: &outcome)
            if !dryRun && byteDelta != 0 {
                let count = try db.cached("UPDATE sessions SET byte_count = max(0, byte_count + ?) WHERE id = ?")
                count.bind(byteDelta, at: 1)
                count.bind(id, at: 2)
                try count.run()
            }
            return outcome
        }
        if !dryRun && (outcome.chunks > 0 || outcome.commandLines > 0) {
            for index in ChunkIndex.allCases {
                try db.execute("INSERT INTO \(index.table) (\(index.table)) VALUES ('optimize')")
            }
            try db.execute("PRAGMA incremental_vacuum")
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        return outcome
    }

    private func chunkIDs(session id: Int64) throws(ArchiveError) -> [Int64] {
        let list = try db.cached("SELECT id FROM chunks WHERE session_id = ? ORDER BY first_line")
        list.bind(id, at: 1)
        defer { list.reset() }
        var ids: [Int64] = []
        while try list.step() { ids.append(list.int64(0)) }
        return ids
    }

    /// Rewrites the chunk body in `table` whose `key` is `value`, if there is one and a line
    /// of it changes. A chunk in an index is taken out with the text it was indexed with and
    /// put back with the new text.
    private func rewriteChunk(table: String, key: String, _ value: Int64, indexed: Bool, dryRun: Bool,
                              _ rewrite: LineRewrite, outcome: inout LineRewriteOutcome, byteDelta: inout Int64) throws(ArchiveError) {
        let read = try db.cached("SELECT body FROM \(table) WHERE \(key) = ?")
        read.bind(value, at: 1)
        var chunk = DecodedChunk()
        guard try read.step() else {
            read.reset()
            return
        }
        try read.withBlob(0) { (body) throws(ArchiveError) in try chunk.decode(body, id: value) }
        read.reset()

        var batch = LineBatch()
        var changedLines = 0
        for i in 0..<chunk.lineCount {
            let runs = chunk.styleRuns(i)
            let replaced: (text: [UInt8], styleRuns: [StyleRun])? = chunk.payload.withUnsafeBufferPointer { payload in
                rewrite(UnsafeBufferPointer(rebasing: payload[chunk.textOffsets[i]..<(chunk.textOffsets[i] + chunk.textLengths[i])]), runs)
            }
            let newRuns = replaced?.styleRuns ?? runs
            if let replaced {
                changedLines += 1
                byteDelta += Int64(replaced.text.count - chunk.textLengths[i])
            }
            newRuns.withUnsafeBufferPointer { styled in
                if let replaced {
                    replaced.text.withUnsafeBufferPointer {
                        batch.append(text: $0, timestamp: chunk.timestamps[i], mark: chunk.marks[i], styleRuns: styled)
                    }
                } else {
                    chunk.payload.withUnsafeBufferPointer { payload in
                        let text = UnsafeBufferPointer(rebasing: payload[chunk.textOffsets[i]..<(chunk.textOffsets[i] + chunk.textLengths[i])])
                        batch.append(text: text, timestamp: chunk.timestamps[i], mark: chunk.marks[i], styleRuns: styled)
                    }
                }
            }
        }
        guard changedLines > 0 else { return }
        outcome.lines += changedLines
        outcome.chunks += 1
        guard !dryRun else { return }

        var builder = ChunkBuilder()
        for i in 0..<batch.count {
            batch.withLine(i) { entry, text, runs in builder.append(entry, text: text, encodedRuns: runs) }
        }
        if indexed {
            for index in ChunkIndex.allCases where value <= (try indexedThrough(index)) {
                let unindex = try db.cached("INSERT INTO \(index.table) (\(index.table), rowid, text) VALUES ('delete', ?, ?)")
                unindex.bind(value, at: 1)
                chunk.payload.withUnsafeBytes { raw in
                    unindex.bindText(UnsafeRawBufferPointer(rebasing: raw[chunk.textStart...]), at: 2)
                }
                try unindex.run()
                let insert = try db.cached("INSERT INTO \(index.table) (rowid, text) VALUES (?, ?)")
                insert.bind(value, at: 1)
                builder.text.withUnsafeBytes { insert.bindText($0, at: 2) }
                try insert.run()
            }
        }
        let update = try db.cached("UPDATE \(table) SET body = ? WHERE \(key) = ?")
        update.bind(builder.body(.dense), at: 1)
        update.bind(value, at: 2)
        try update.run()
    }

    private func rewriteCommandLines(session id: Int64, dryRun: Bool, _ rewriteCommand: (String) -> String?,
                                     outcome: inout LineRewriteOutcome) throws(ArchiveError) {
        var changes: [(id: Int64, text: String)] = []
        let list = try db.cached("SELECT id, command FROM commands WHERE session_id = ? AND command IS NOT NULL ORDER BY seq")
        list.bind(id, at: 1)
        while try list.step() {
            if let replaced = rewriteCommand(list.string(1)) { changes.append((list.int64(0), replaced)) }
        }
        list.reset()
        let own = try db.cached("SELECT command FROM sessions WHERE id = ?")
        own.bind(id, at: 1)
        let sessionCommand = try own.step() ? own.string(0) : ""
        own.reset()
        let replacedSessionCommand = rewriteCommand(sessionCommand)
        outcome.commandLines += changes.count + (replacedSessionCommand == nil ? 0 : 1)
        guard !dryRun else { return }
        for change in changes {
            let update = try db.cached("UPDATE commands SET command = ? WHERE id = ?")
            update.bind(change.text, at: 1)
            update.bind(change.id, at: 2)
            try update.run()
        }
        if let replacedSessionCommand {
            let update = try db.cached("UPDATE sessions SET command = ? WHERE id = ?")
            update.bind(replacedSessionCommand, at: 1)
            update.bind(id, at: 2)
            try update.run()
        }
    }
}
