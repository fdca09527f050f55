/// Evaluates an FTS5 expression against single lines, for `fts` mode.
///
/// The archive's index holds one document per chunk, so it can only say which chunks match.
/// To know which *lines* match (with FTS5's own semantics, operators and tokenizer), the
/// candidate chunk's lines go into a small in-memory FTS5 table in the connection's TEMP
/// schema (allowed on a read-only connection) and the expression runs there, tokenized as the
/// index is (v0005). `highlight()` gives the match ranges.
struct FTSProbe {
    let db: Database
    let expression: String
    static let openMark = "\u{E000}"
    static let closeMark = "\u{E001}"

    init(db: Database, expression: String) throws(ArchiveError) {
        self.db = db
        self.expression = expression
        try db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.line_probe USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')")
        try db.execute("DELETE FROM temp.line_probe")
        // Parse now, so a syntax error is reported even when no chunk is a candidate.
        _ = try matches(lines: [])
    }

    /// Whether the chunk-level index can pre-select chunks for this expression: a line
    /// matching implies its chunk matching, except with NOT (another line of the chunk may hold
    /// the excluded term) and ^ (start of the chunk's text, not of each line).
    var chunkIndexIsSuperset: Bool {
        var inQuotes = false
        var word = ""
        for ch in expression + " " {
            if ch == "\"" { inQuotes.toggle(); word = ""; continue }
            if inQuotes { continue }
            if ch == "^" { return false }
            if ch.isLetter || ch.isNumber || ch == "_" { word.append(ch) } else {
                if word == "NOT" { return false }
                word = ""
            }
        }
        return true
    }

    /// Matching line indices (0-based) of `lines`, with UTF-8 byte ranges of the matched terms.
    func matches(lines: [UnsafeBufferPointer<UInt8>]) throws(ArchiveError) -> [(Int, [Range<Int>])] {
        try db.execute("DELETE FROM temp.line_probe")
        let insert = try db.cached("INSERT INTO temp.line_probe (rowid, text) VALUES (?, ?)")
        for (i, line) in lines.enumerated() {
            insert.reset()
            insert.bind(Int64(i + 1), at: 1)
            insert.bindText(UnsafeRawBufferPointer(line), at: 2)
            try insert.run()
        }
        let query = try db.cached("""
            SELECT rowid, highlight(line_probe, 0, '\(Self.openMark)', '\(Self.closeMark)')
            FROM temp.line_probe WHERE line_probe MATCH ? ORDER BY rowid
            """)
        query.bind(expression, at: 1)
        defer { query.reset() }
        var result: [(Int, [Range<Int>])] = []
        do {
            while try query.step() {
                let i = Int(query.int64(0)) - 1
                guard i >= 0 && i < lines.count else { continue }
                result.append((i, Self.ranges(highlighted: query.string(1), original: lines[i])))
            }
        } catch {
            throw Self.asBadQuery(error, expression)
        }
        return result
    }

    static func asBadQuery(_ error: ArchiveError, _ expression: String) -> ArchiveError {
        if case .sqlite(let code, let message, _) = error, code & 0xFF == 1 {
            return .badQuery(query: expression, reason: message)
        }
        return error
    }

    /// Recovers byte ranges in `original` from its highlighted copy by walking both.
    static func ranges(highlighted: String, original: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let open = Array(openMark.utf8), close = Array(closeMark.utf8)
        var result: [Range<Int>] = []
        var start: Int?
        var i = 0
        var h = Array(highlighted.utf8)[...]
        while !h.isEmpty {
            let origHasOpen = i + open.count <= original.count && original[i..<(i + open.count)].elementsEqual(open)
            let origHasClose = i + close.count <= original.count && original[i..<(i + close.count)].elementsEqual(close)
            if h.starts(with: open) && !origHasOpen { start = i; h = h.dropFirst(open.count); continue }
            if h.starts(with: close) && !origHasClose {
                if let s = start { result.append(s..<i) }
                start = nil
                h = h.dropFirst(close.count)
                continue
            }
            h = h.dropFirst()
            i += 1
        }
        return result
    }
}
