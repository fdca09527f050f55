import Archive
import CPCRE2
import CSQLite
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A brute-force reference for `Archive.search`: every line of a corpus, checked one by one.
struct CorpusLine {
    let session: Int64
    let number: Int64
    let line: ArchiveLine
}

enum Oracle {
    /// Whether SQLite's unicode61 tokenizer (remove_diacritics 2) keeps `s` in a token.
    static func isWord(_ s: Unicode.Scalar) -> Bool { ScalarProbe.shared.tokenize(s) != nil }

    /// What the tokenizer folds `s` to: nil when it drops it from the token (a combining accent).
    static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        guard let folded = ScalarProbe.shared.tokenize(s) else { return s }
        return folded.unicodeScalars.first
    }

    /// Words semantics: token (without the punctuation around it) at a word start (its first
    /// word character), folded as the tokenizer folds.
    static func tokenMatches(_ token: String, _ text: String) -> Bool {
        var scalars = Array(token.unicodeScalars)
        if let first = scalars.firstIndex(where: isWord), let last = scalars.lastIndex(where: isWord) {
            var end = last + 1
            while end < scalars.count && fold(scalars[end]) == nil { end += 1 }
            scalars = Array(scalars[first..<end])
        }
        let t = scalars.filter { fold($0) != nil }
        let firstWord = t.firstIndex(where: isWord)
        let folded = t.map { fold($0)! }
        let raw = Array(text.unicodeScalars).filter { fold($0) != nil }
        let l = raw.map { fold($0)! }
        guard !folded.isEmpty, folded.count <= l.count else { return false }
        for p in stride(from: 0, through: l.count - folded.count, by: 1) where Array(l[p..<(p + folded.count)]) == folded {
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
        case .substring where query.ignoreCase:
            let n = query.text.unicodeScalars.map(caseFold), h = text.unicodeScalars.map(caseFold)
            guard n.count <= h.count else { return false }
            return (0...(h.count - n.count)).contains { Array(h[$0..<($0 + n.count)]) == n }
        case .substring:
            let n = Array(query.text.utf8), h = Array(text.utf8)
            guard n.count <= h.count else { return false }
            return (0...(h.count - n.count)).contains { Array(h[$0..<($0 + n.count)]) == n }
        case .regex:
            return LinePCRE2(query.text, caseless: query.ignoreCase)?.matches(text) ?? false
        case .fts:
            return ftsProbe(text)
        }
    }

    /// Unicode simple case folding, near enough for the corpus: the lower case of the upper
    /// case, so the Kelvin sign, K and k fold alike, as do ſ, S and s.
    static func caseFold(_ s: Unicode.Scalar) -> Unicode.Scalar {
        let upper = s.properties.uppercaseMapping.unicodeScalars
        let base = upper.count == 1 ? upper.first! : s
        let lower = base.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first! : s
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
        sqlite3_exec(db, "CREATE VIRTUAL TABLE p USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')", nil, nil, nil)
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

/// Asks SQLite's own unicode61 tokenizer (remove_diacritics 2) about one scalar at a time:
/// the oracle's folding, independent of the tables the matcher uses.
final class ScalarProbe: Sendable {
    static let shared = ScalarProbe()
    /// The connection and the answers so far, used by one test thread at a time.
    private struct State {
        var db: OpaquePointer?
        var cache: [UInt32: String?] = [:]
    }
    private let state: Mutex<State>

    private init() {
        var db: OpaquePointer?
        sqlite3_open(":memory:", &db)
        sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')", nil, nil, nil)
        state = Mutex(State(db: db))
    }

    /// The folded scalar as text ("" when dropped), or nil when `s` separates tokens.
    func tokenize(_ s: Unicode.Scalar) -> String? {
        state.withLock { state -> String? in
            if let cached = state.cache[s.value] { return cached }
            let db = state.db
            sqlite3_exec(db, "DELETE FROM t", nil, nil, nil)
            var ins: OpaquePointer?
            sqlite3_prepare_v2(db, "INSERT INTO t (rowid, x) VALUES (1, ?)", -1, &ins, nil)
            sqlite3_bind_text(ins, 1, "a" + String(Character(s)) + "b", -1, csqlite_transient())
            sqlite3_step(ins)
            sqlite3_finalize(ins)
            var q: OpaquePointer?
            sqlite3_prepare_v2(db, "SELECT term FROM v", -1, &q, nil)
            var terms: [String] = []
            while sqlite3_step(q) == SQLITE_ROW { terms.append(String(cString: sqlite3_column_text(q, 0))) }
            sqlite3_finalize(q)
            let result: String? = terms.count == 1 ? String(terms[0].unicodeScalars.dropFirst().dropLast()) : nil
            state.cache[s.value] = result
            return result
        }
    }
}

/// A PCRE2 pattern matched against one line at a time, the way grep -P does: the line alone is
/// the subject, no multi-line mode, no JIT. The reference for regex mode (the archive matches
/// whole chunks, through the JIT).
final class LinePCRE2 {
    let code: OpaquePointer
    let matchData: OpaquePointer

    init?(_ pattern: String, caseless: Bool = false) {
        var error: Int32 = 0
        var offset = 0
        var options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF
        if caseless { options |= PCRE2_CASELESS }
        let bytes = Array(pattern.utf8) + [0]
        guard let code = bytes.withUnsafeBufferPointer({ pcre2_compile_8($0.baseAddress, bytes.count - 1, options, &error, &offset, nil) })
        else { return nil }
        self.code = code
        matchData = pcre2_match_data_create_from_pattern_8(code, nil)
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_code_free_8(code)
    }

    func matches(_ line: String) -> Bool {
        let bytes = Array(line.utf8) + [0]
        let rc = bytes.withUnsafeBufferPointer { pcre2_match_8(code, $0.baseAddress, bytes.count - 1, 0, 0, matchData, nil) }
        precondition(rc >= 0 || rc == PCRE2_ERROR_NOMATCH, "pcre2_match: \(rc)")
        return rc >= 0
    }
}
