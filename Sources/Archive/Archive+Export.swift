extension Archive {
    /// Streams a session's lines in order (optionally only `lines`, 1-based inclusive) to
    /// `body`, one decoded chunk in memory at a time. Includes a recording session's open chunk.
    /// Throws `.sessionNotFound` for an unknown id, and rethrows whatever `body` throws.
    public func export(session: Int64, lines: ClosedRange<Int64>? = nil, _ body: (ExportedLine) throws -> Void) throws {
        guard try self.session(id: session) != nil else { throw ArchiveError.sessionNotFound(String(session)) }
        let range = lines ?? 1...Int64.max
        var reader = ChunkRangeReader()
        try reader.forEachLine(in: self, session: session, range: range, body)
    }

    /// Lines `range` of a session as an array (for context lines; small ranges only).
    func lines(session: Int64, range: ClosedRange<Int64>) throws(ArchiveError) -> [ExportedLine] {
        var out: [ExportedLine] = []
        var reader = ChunkRangeReader()
        do {
            try reader.forEachLine(in: self, session: session, range: range) { out.append($0) }
        } catch let error as ArchiveError {
            throw error
        } catch {
            preconditionFailure("unreachable: the body does not throw")
        }
        return out
    }
}

/// Walks the chunks of one session that overlap a line range, sealed ones first, then the
/// open chunk, then the screen's provisional lines after the last stored one. Starts at the chunk holding the first wanted line via the (session, first_line)
/// index, so exporting the tail of a long session does not read its head.
struct ChunkRangeReader {
    var chunk = DecodedChunk()

    mutating func forEachLine(in archive: Archive, session: Int64, range: ClosedRange<Int64>,
                              _ body: (ExportedLine) throws -> Void) throws {
        let db = archive.db
        let start = try db.scalarInt64(
            "SELECT max(first_line) FROM chunks WHERE session_id = ? AND first_line <= ?") {
                $0.bind(session, at: 1); $0.bind(range.lowerBound, at: 2)
            } ?? 1
        // Not from the cache: `body` may call back into the archive while this steps.
        let sealed = try Statement(database: db, sql: """
            SELECT id, first_line, line_count, body FROM chunks
            WHERE session_id = ? AND first_line >= ? AND first_line <= ? ORDER BY first_line
            """)
        sealed.bind(session, at: 1)
        sealed.bind(start, at: 2)
        sealed.bind(range.upperBound, at: 3)
        var lastLine: Int64 = 0
        while try sealed.step() {
            lastLine = try emit(sealed, range: range, body)
        }
        let open = try Statement(database: db, sql: """
            SELECT 0, first_line, line_count, body FROM open_chunks WHERE session_id = ? AND first_line > ? AND first_line <= ?
            """)
        open.bind(session, at: 1)
        open.bind(lastLine, at: 2)
        open.bind(range.upperBound, at: 3)
        while try open.step() {
            lastLine = try emit(open, range: range, body)
        }
        let screen = try Statement(database: db, sql: """
            SELECT 0, first_line, line_count, body FROM screen_tails
            WHERE session_id = ? AND first_line + line_count - 1 > ? AND first_line <= ?
            """)
        screen.bind(session, at: 1)
        screen.bind(lastLine, at: 2)
        screen.bind(range.upperBound, at: 3)
        if try screen.step(), lastLine < range.upperBound {
            _ = try emit(screen, range: max(range.lowerBound, lastLine + 1)...range.upperBound, provisional: true, body)
        }
    }

    /// Decodes the current row's chunk and passes the wanted lines on; returns its last line number.
    private mutating func emit(_ row: Statement, range: ClosedRange<Int64>, provisional: Bool = false,
                               _ body: (ExportedLine) throws -> Void) throws -> Int64 {
        let id = row.int64(0), first = row.int64(1), count = row.int64(2)
        try row.withBlob(3) { (blob) throws(ArchiveError) in try chunk.decode(blob, id: id) }
        let lo = max(range.lowerBound, first), hi = min(range.upperBound, first + count - 1)
        if lo <= hi {
            for number in lo...hi {
                var line = chunk.line(Int(number - first), firstLine: first)
                line.provisional = provisional
                try body(line)
            }
        }
        return first + count - 1
    }
}
