/// The chunk-level indexes, each filled behind the writers from its own watermark
/// (`meta.<key>` = highest chunk id it holds).
enum ChunkIndex: CaseIterable {
    /// unicode61 words: `words`, `phrase`, `fts` modes.
    case words
    /// trigrams, detail=none: candidate chunks for `substring` mode.
    case trigrams

    var table: String {
        switch self {
        case .words: return "chunk_text"
        case .trigrams: return "chunk_trigrams"
        }
    }

    /// The indexes writers keep up to date (see `ArchiveTuning.trigramIndex`). A disabled
    /// index keeps its watermark, so its chunks count as unindexed and queries scan them.
    static func maintained(with tuning: ArchiveTuning) -> [ChunkIndex] {
        tuning.trigramIndex ? allCases : [.words]
    }

    var watermarkKey: String {
        switch self {
        case .words: return "indexed_through"
        case .trigrams: return "trigram_indexed_through"
        }
    }
}

extension Archive {
    /// Adds up to `maxChunks` not-yet-indexed chunks (oldest first) to the indexes and
    /// advances the watermarks, in one IMMEDIATE transaction. Returns how many chunks it read.
    /// Chunks a burst stored in the fast (LZ4) form are rewritten densely on the way: they
    /// are decompressed here anyway, and this runs only once the output is quiet.
    ///
    /// Writers store chunks first and index behind them (FTS indexing runs at 10–40 MB/s, a
    /// pty delivers up to ~80 MB/s); searches scan chunks above the watermark exhaustively, so
    /// results are complete whatever the lag.
    @discardableResult
    public func indexPending(maxChunks: Int = 64) throws(ArchiveError) -> Int {
        try db.transaction(.immediate) { () throws(ArchiveError) -> Int in
            var marks: [ChunkIndex: Int64] = [:]
            for index in ChunkIndex.maintained(with: tuning) { marks[index] = try indexedThrough(index) }
            let low = marks.values.min() ?? 0
            let pending = try db.cached("SELECT id, body FROM chunks WHERE id > ? ORDER BY id LIMIT ?")
            pending.bind(low, at: 1)
            pending.bind(maxChunks, at: 2)
            var chunk = DecodedChunk()
            var last = low
            var count = 0
            var rewrites: [(id: Int64, body: [UInt8])] = []
            while try pending.step() {
                let id = pending.int64(0)
                try pending.withBlob(1) { (body) throws(ArchiveError) in try chunk.decode(body, id: id) }
                if ChunkFormat.isFast(chunk.format) { rewrites.append((id, chunk.denseBody(level: tuning.compressionLevel))) }
                for index in ChunkIndex.maintained(with: tuning) where id > marks[index]! {
                    let insert = try db.cached("INSERT INTO \(index.table) (rowid, text) VALUES (?, ?)")
                    insert.bind(id, at: 1)
                    chunk.payload.withUnsafeBytes { raw in
                        insert.bindText(UnsafeRawBufferPointer(rebasing: raw[chunk.textStart...]), at: 2)
                    }
                    try insert.run()
                }
                last = id
                count += 1
            }
            pending.reset()
            // Applied after the scan: changing rows of the table a statement is stepping
            // through is undefined in SQLite.
            for rewrite in rewrites {
                let update = try db.cached("UPDATE chunks SET body = ? WHERE id = ?")
                update.bind(rewrite.body, at: 1)
                update.bind(rewrite.id, at: 2)
                try update.run()
            }
            if count > 0 {
                for index in ChunkIndex.maintained(with: tuning) where last > marks[index]! {
                    let mark = try db.cached("UPDATE meta SET value = ? WHERE key = ?")
                    mark.bind(last, at: 1)
                    mark.bind(index.watermarkKey, at: 2)
                    try mark.run()
                }
            }
            return count
        }
    }

    /// Indexes everything pending (used by `finish()` and imports).
    public func indexAll(progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(ArchiveError) {
        let total = progress == nil ? 0 : try unindexedChunkCount()
        var done = 0
        // Slices of 96 chunks: each commit flushes FTS5's in-memory postings into a new segment,
        // so larger slices mean fewer segments to merge; but FTS5 holds a slice's postings in
        // memory, and 256-chunk slices (4 MiB of text, trigrams included) cost ~40 MiB of RSS
        // on log text and were slower again.
        while case let n = try indexPending(maxChunks: 96), n > 0 {
            done += n
            progress?(done, max(total, done))
        }
    }

    /// Chunks some index has not reached yet.
    public func unindexedChunkCount() throws(ArchiveError) -> Int {
        let through = try fullyIndexedThrough()
        return Int(try db.scalarInt64("SELECT count(*) FROM chunks WHERE id > ?") { $0.bind(through, at: 1) } ?? 0)
    }

    /// Whether some stored chunk is missing from an index (a `run` that ended mid-burst leaves
    /// such a backlog; `scrollvault index` clears it). Cheap: one indexed range probe.
    public func hasIndexBacklog() throws(ArchiveError) -> Bool {
        let through = try fullyIndexedThrough()
        return try db.scalarInt64("SELECT EXISTS (SELECT 1 FROM chunks WHERE id > ?)") { $0.bind(through, at: 1) } == 1
    }

    /// The highest chunk id present in `index`.
    func indexedThrough(_ index: ChunkIndex = .words) throws(ArchiveError) -> Int64 {
        try db.scalarInt64("SELECT value FROM meta WHERE key = ?") { $0.bind(index.watermarkKey, at: 1) } ?? 0
    }

    /// The lowest watermark: chunks above it are missing from at least one index.
    func fullyIndexedThrough() throws(ArchiveError) -> Int64 {
        var low = Int64.max
        for index in ChunkIndex.maintained(with: tuning) { low = min(low, try indexedThrough(index)) }
        return low
    }
}
