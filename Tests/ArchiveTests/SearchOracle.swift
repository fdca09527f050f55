import Archive
import CSQLite

/// A brute-force reference for `Archive.search`: every line of a corpus, checked one by one.
struct CorpusLine {
    let session: Int64
    let number: Int64
    let line: ArchiveLine
}

enum Oracle {
    static func isWord(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber, .privateUse:
            return true
        default: return false
        }
    }

    static func lower(_ s: Unicode.Scalar) -> Unicode.Scalar {
        let l = s.properties.lowercaseMapping.unicodeScalars
        return l.count == 1 ? l.first! : s
    }

    /// Words semantics: token at a word start (its first word character), case-insensitive.
    static func tokenMatches(_ token: String, _ text: String) -> Bool {
        let t = token.unicodeScalars.map(lower), l = text.unicodeScalars.map(lower)
        let raw = Array(text.unicodeScalars)
        let firstWord = token.unicodeScalars.firstIndex(where: isWord).map { token.unicodeScalars.distance(from: token.unicodeScalars.startIndex, to: $0) }
        guard !t.isEmpty, t.count <= l.count else { return false }
        for p in stride(from: 0, through: l.count - t.count, by: 1) where Array(l[p..<(p + t.count)]) == t {
            guard let w = firstWord else { return true }
            if p + w == 0 || !isWord(raw[p + w - 1]) { return true }
        }
        return false
    }

    static func matches(_ query: SearchQuery, _ text: String, ftsProbe: (String) -> Bool) -> Bool {
        switch query.mode {
        case .words:
            return text.isEmpty ? false : query.text.split(whereSeparator: \.isWhitespace).allSatisfy { tokenMatches(String($0), text) }
        case .phrase:
            let trimmed = String(query.text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            return tokenMatches(trimmed, text)
        case .substring:
            let n = Array(query.text.utf8), h = Array(text.utf8)
            guard n.count <= h.count else { return false }
            return (0...(h.count - n.count)).contains { Array(h[$0..<($0 + n.count)]) == n }
        case .regex:
            return (try? Regex(query.text)).map { text.contains($0) } ?? false
        case .fts:
            return ftsProbe(text)
        }
    }

    /// Hits as (session, line, context-before numbers, context-after numbers).
    static func search(_ query: SearchQuery, corpus: [CorpusLine]) -> [(Int64, Int64, [Int64], [Int64])] {
        let probe = FTSLineProbe(expression: query.text)
        var result: [(Int64, Int64, [Int64], [Int64])] = []
        let ordered = query.newestFirst ? corpus.reversed() : corpus
        let lastLine = Dictionary(corpus.map { ($0.session, $0.number) }, uniquingKeysWith: max)
        for c in ordered {
            if let s = query.session, c.session != s { continue }
            if let since = query.since, c.line.timestamp < since { continue }
            if let until = query.until, c.line.timestamp > until { continue }
            guard matches(query, c.line.text, ftsProbe: probe.matches) else { continue }
            let before = Array(max(1, c.number - Int64(query.before))..<c.number)
            let after = Array(stride(from: c.number + 1, through: min(lastLine[c.session]!, c.number + Int64(query.after)), by: 1))
            result.append((c.session, c.number, before, after))
            if result.count == query.limit { break }
        }
        return result
    }
}

/// One-line-at-a-time FTS5 evaluation in a private in-memory database.
final class FTSLineProbe {
    var db: OpaquePointer?
    let expression: String
    init(expression: String) {
        self.expression = expression
        sqlite3_open(":memory:", &db)
        sqlite3_exec(db, "CREATE VIRTUAL TABLE p USING fts5(text)", nil, nil, nil)
    }
    deinit { sqlite3_close(db) }
    func matches(_ text: String) -> Bool {
        sqlite3_exec(db, "DELETE FROM p", nil, nil, nil)
        var ins: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO p(rowid, text) VALUES (1, ?)", -1, &ins, nil)
        sqlite3_bind_text(ins, 1, text, -1, csqlite_transient())
        sqlite3_step(ins)
        sqlite3_finalize(ins)
        var q: OpaquePointer?
        sqlite3_prepare_v2(db, "SELECT 1 FROM p WHERE p MATCH ?", -1, &q, nil)
        sqlite3_bind_text(q, 1, expression, -1, csqlite_transient())
        defer { sqlite3_finalize(q) }
        return sqlite3_step(q) == SQLITE_ROW
    }
}
