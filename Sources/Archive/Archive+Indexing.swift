extension Archive {
    /// Adds up to `maxChunks` not-yet-indexed chunks (oldest first) to the word index and
    /// advances the watermark, in one IMMEDIATE transaction. Returns how many were indexed.
    ///
    /// Writers store chunks first and index behind them (FTS indexing runs at 10–30 MB/s, a
    /// pty delivers up to ~80 MB/s); searches scan chunks above the watermark exhaustively, so
    /// results are complete whatever the lag.
    @discardableResult
    public func indexPending(maxChunks: Int = 64) throws(ArchiveError) -> Int {
        try db.transaction(.immediate) { () throws(ArchiveError) -> Int in
            let watermark = try indexedThrough()
            let pending = try db.cached("SELECT id, body FROM chunks WHERE id > ? ORDER BY id LIMIT ?")
            pending.bind(watermark, at: 1)
            pending.bind(maxChunks, at: 2)
            let insert = try db.cached("INSERT INTO chunk_text (rowid, text) VALUES (?, ?)")
            var chunk = DecodedChunk()
            var last = watermark
            var count = 0
            while try pending.step() {
                let id = pending.int64(0)
                try pending.withBlob(1) { (body) throws(ArchiveError) in try chunk.decode(body, id: id) }
                insert.reset()
                insert.bind(id, at: 1)
                chunk.payload.withUnsafeBytes { raw in
                    insert.bindText(UnsafeRawBufferPointer(rebasing: raw[chunk.textStart...]), at: 2)
                }
                try insert.run()
                last = id
                count += 1
            }
            pending.reset()
            if count > 0 {
                let mark = try db.cached("UPDATE meta SET value = ? WHERE key = 'indexed_through'")
                mark.bind(last, at: 1)
                try mark.run()
            }
            return count
        }
    }

    /// Indexes everything pending (used by `finish()` and imports).
    public func indexAll() throws(ArchiveError) {
        while try indexPending(maxChunks: 256) > 0 {}
    }
}
