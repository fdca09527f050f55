@testable import Archive
import Testing

/// A deterministic random generator (tests must replay).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Corpus {
    static let vocabulary = [
        "connection", "refused", "Timeout", "retry", "request", "handler", "worker", "cache-miss", "flush",
        "compile", "ERROR", "warning", "foo-bar", "foobar", "bar", "x.y.z", "café", "CAFÉ", "naïve",
        "日本語", "한국어", "👩‍👩‍👧‍👦", "🚀", "e\u{301}t\u{e9}", "[ok]", "\"quoted\"", "a_b", "42", "v1.2.3",
        "path/to/file", "--flag", "tok7", "tok77", "NEAR", "AND", "OR", "NOT",
        "\u{212A}elvin", "ſmall", "STRAẞE", "Kelvin",
    ]

    /// The vocabulary's ASCII words: chunks of these take the words matcher's whole-block
    /// pre-check (an all-ASCII block folds by ASCII lowercasing).
    static let asciiVocabulary = vocabulary.filter { $0.unicodeScalars.allSatisfy(\.isASCII) }

    /// Writes three sessions of random lines; returns the corpus in storage order.
    static func build(path: String, seed: UInt64, indexing: ArchiveWriter.Options.Indexing, linesPerSession: Int = 500,
                      vocabulary: [String] = Corpus.vocabulary) throws -> [CorpusLine] {
        var rng = SplitMix(state: seed)
        var corpus: [CorpusLine] = []
        var time: Int64 = 1_700_000_000_000
        var options = ArchiveWriter.Options()
        options.indexing = indexing
        for s in 0..<3 {
            var lines: [ArchiveLine] = []
            for _ in 0..<linesPerSession {
                let n = Int.random(in: 0...9, using: &rng)
                let words = (0..<n).map { _ in vocabulary.randomElement(using: &rng)! }
                time += Int64.random(in: 0...40, using: &rng)
                lines.append(ArchiveLine(text: words.joined(separator: " "), timestamp: time, mark: 0, styleRuns: []))
            }
            let id = try record(lines, path: path, name: "s\(s)", options: options)
            for (i, line) in lines.enumerated() {
                corpus.append(CorpusLine(session: id, number: Int64(i + 1), line: line))
            }
        }
        return corpus
    }

    static func queries(mode: SearchQuery.Mode) -> [String] {
        switch mode {
        case .words: return ["connection", "conn", "CAFÉ", "café", "foo-bar", "bar", "oo", "retry worker", "tok7",
                             "\"unterminated", "a AND (", "NEAR(", "*", "'; drop table x; --", "日本", "naï", "[ok]", "e\u{301}t", "v1.2", "zzz"]
        case .phrase: return ["connection refused", "retry", "foo-bar bar", "x.y.z café", "*",
                              // Shingles (phrase_shingles.c): a last word as a prefix, shorter than three
                              // characters, folded, CJK, the Kelvin sign, a repeat, several words.
                              "connection ref", "retry request hand", "worker re", "CAFE naive", "café CAFÉ naï",
                              "日本語 한국어", "\u{212A}ELVIN kelvin", "retry retry", "refused retry worker flush",
                              "ERROR, warning: fl", "a_b 42 v1.2",
                              "a_b foobar", "x.y.z path/to/file", "[ok] \"quoted\" --flag"]
        case .substring: return ["oo", "tok7", "é", "-miss", "e\u{301}", "ERROR", "🚀", "] \"", "foo-bar ba", "CAFÉ naï", "\"quoted\" ", "t\u{e9} 日本", "👩‍👩‍👧", "a\u{0}b\u{0}c"]
        case .regex: return ["tok7+\\b", "^ERROR", "[0-9]{2}", "caf(é|e)", "retry$", "^$", "\\Abar", "foo(?!-)", "\\s$", "\\bt\\b",
                             // PCRE2 syntax, Unicode classes, alternation with and without literals.
                             "\\p{Han}+", "\\d{2}\\b", "(?<=foo-)bar", "bar(?=\\s|$)", "\\Qx.y.z\\E", "[[:upper:]]{3,}",
                             "(connection|retry) (refused|worker)", "(connection|\\d+) retry", "\\w+$", "e\\x{301}", "(?i)café",
                             // Matches that could run across the "\n" between a chunk's lines.
                             "refused\\s+retry", "[^x]*tok7", "ERROR\\W*$", "\\n", "\\s", "(?s)refused.worker", "x*",
                             // Constructs matched line by line: they can see or commit past a line end.
                             "(?-m)^retry", "tok7++\\b", "(?>tok7+)\\b", "\\Gbar", "retry\\z", "connection \\Krefused", "(bar|\\d)\\1"]
        case .fts: return ["connection", "connection OR worker", "retry NOT worker", "\"connection refused\"", "conn*",
                           "NEAR(retry worker, 2)", "^ERROR", "tok7"]
        }
    }
}

@Suite struct SearchTests {
    static let modes: [SearchQuery.Mode] = [.words, .phrase, .substring, .regex, .fts]

    /// Case-insensitive queries (`-i`) for the modes that take it.
    static func caselessQueries(mode: SearchQuery.Mode) -> [String] {
        switch mode {
        case .substring: return ["kelvin", "KELVIN", "café", "CAFÉ", "Tok7", "smaLL", "straße", "OK]", "o", "naÏ"]
        case .regex: return ["kel+vin", "^error\\b", "caf[ée]", "(?-i)ERROR", "s[m]all", "x\\.Y\\.z", "tok7{2}\\b", "STRA(SS|ß)E",
                             "(kelvin|small) \\w", "(?i:TIMEOUT)|retry"]
        default: return []
        }
    }

    func compare(_ archive: Archive, _ corpus: [CorpusLine], _ query: SearchQuery) throws {
        let got = try archive.search(query)
        let want = Oracle.search(query, corpus: corpus)
        let gotKeys = got.map { "\($0.session):\($0.line)" }
        let wantKeys = want.map { "\($0.0):\($0.1)" }
        #expect(gotKeys == wantKeys, "mode \(query.mode) query \(query.text) -i \(query.ignoreCase) session \(String(describing: query.session)) since \(String(describing: query.since)) limit \(query.limit) newest \(query.newestFirst)")
        guard gotKeys == wantKeys else { return }
        for (hit, expected) in zip(got, want) {
            #expect(hit.contextBefore.map(\.number) == expected.2)
            #expect(hit.contextAfter.map(\.number) == expected.3)
            let line = corpus.first { $0.session == hit.session && $0.number == hit.line }!.line
            #expect(hit.text == line.text && hit.timestamp == line.timestamp)
            #expect(!hit.matches.isEmpty || query.mode == .regex || query.mode == .fts)
            for r in hit.matches { #expect(r.lowerBound >= 0 && r.upperBound <= hit.text.utf8.count) }
            if query.mode == .substring && !query.ignoreCase {
                for r in hit.matches { #expect(Array(hit.text.utf8[hit.text.utf8.index(hit.text.utf8.startIndex, offsetBy: r.lowerBound)...].prefix(r.count)) == Array(query.text.utf8)) }
            }
        }
    }

    func exercise(indexing: ArchiveWriter.Options.Indexing, partialIndex: Int?, burstForm: Bool = false,
                  vocabulary: [String] = Corpus.vocabulary) throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let corpus = try Corpus.build(path: dir.db, seed: 7, indexing: indexing, vocabulary: vocabulary)
        let chunkCount = burstForm ? try rewriteChunksInFastForm(path: dir.db) : 0
        if let partialIndex {
            let writerSide = try Archive(path: dir.db, mode: .readWrite)
            try writerSide.indexPending(maxChunks: partialIndex)
        }
        if burstForm {
            // Indexing rewrote exactly the chunks it reached in the dense form.
            let dense = partialIndex ?? 0
            #expect(try chunkFormats(path: dir.db) == Array(repeating: ChunkFormat.version, count: dense) + Array(repeating: ChunkFormat.lz4Version, count: chunkCount - dense))
        }
        let archive = try Archive(path: dir.db, mode: .readOnly)
        let stats = try archive.statistics()
        if indexing == .held && partialIndex == nil { #expect(stats.unindexedChunks == stats.chunks && stats.chunks > 0) }
        if indexing == .behind { #expect(stats.unindexedChunks == 0) }
        let sessions = try archive.sessions().map(\.id)
        let midTime = corpus[corpus.count / 2].line.timestamp
        for mode in Self.modes {
            let queries = Corpus.queries(mode: mode).map { ($0, false) } + Self.caselessQueries(mode: mode).map { ($0, true) }
            for (text, caseless) in queries {
                try compare(archive, corpus, SearchQuery(text: text, mode: mode, limit: 10_000, ignoreCase: caseless))
                try compare(archive, corpus, SearchQuery(text: text, mode: mode, limit: 7, newestFirst: false, ignoreCase: caseless))
                try compare(archive, corpus, SearchQuery(text: text, mode: mode, session: sessions[1], before: 2, after: 3, limit: 50, ignoreCase: caseless))
                try compare(archive, corpus, SearchQuery(text: text, mode: mode, since: midTime - 3000, until: midTime + 5000, limit: 10_000,
                                                         newestFirst: false, ignoreCase: caseless))
            }
        }
    }

    /// The substring finder looks for the needle's rarest byte, not its first: its answers
    /// equal a naive scan's for needles whose rare bytes sit at the start, middle and end, in
    /// text where partial matches overlap.
    @Test func substringFinderEqualsANaiveScan() {
        var random = SplitMix(state: 42)
        let alphabet = Array("aab0:kzé ".utf8)
        func naive(_ needle: [UInt8], _ hay: [UInt8]) -> [Range<Int>] {
            var result: [Range<Int>] = []
            var i = 0
            while i + needle.count <= hay.count {
                if Array(hay[i..<(i + needle.count)]) == needle {
                    result.append(i..<(i + needle.count))
                    i += needle.count
                } else {
                    i += 1
                }
            }
            return result
        }
        for _ in 0..<2_000 {
            let hay = (0..<Int.random(in: 0...60, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let needle = (0..<Int.random(in: 1...5, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let found = hay.withUnsafeBufferPointer { LineMatcher.occurrences(of: needle, in: $0) }
            #expect(found == naive(needle, hay), "needle \(needle) in \(hay)")
        }
    }

    @Test func indexedSearchEqualsBruteForce() throws { try exercise(indexing: .behind, partialIndex: nil) }

    /// Enough chunks (141) that regex and -i scans go past the search thread to the worker
    /// threads, in growing batches, over an index that covers a third of them.
    @Test func parallelPatternScanEqualsBruteForce() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let corpus = try Corpus.build(path: dir.db, seed: 11, indexing: .held, linesPerSession: 3_000)
        try Archive(path: dir.db, mode: .readWrite).indexPending(maxChunks: 47)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        let session = try archive.sessions().map(\.id)[2]
        for (text, mode, caseless) in [("tok7+\\b", SearchQuery.Mode.regex, false), ("^$", .regex, false), ("[^x]*tok7", .regex, false),
                                       ("(connection|retry) (refused|worker)", .regex, false), ("foo(?!-)", .regex, false),
                                       ("kel+vin", .regex, true), ("CAFÉ", .substring, true)] {
            try compare(archive, corpus, SearchQuery(text: text, mode: mode, limit: 100_000, ignoreCase: caseless))
            try compare(archive, corpus, SearchQuery(text: text, mode: mode, limit: 300, newestFirst: false, ignoreCase: caseless))
            try compare(archive, corpus, SearchQuery(text: text, mode: mode, session: session, before: 2, after: 2, limit: 2_000, ignoreCase: caseless))
        }
    }
    @Test func unindexedTailSearchEqualsBruteForce() throws { try exercise(indexing: .held, partialIndex: nil) }
    @Test func halfIndexedSearchEqualsBruteForce() throws { try exercise(indexing: .held, partialIndex: 11) }
    @Test func asciiUnindexedTailSearchEqualsBruteForce() throws {
        try exercise(indexing: .held, partialIndex: 11, vocabulary: Corpus.asciiVocabulary)
    }

    /// A non-ASCII scalar can fold to an ASCII one (KELVIN SIGN lowercases to "k"): a chunk
    /// holding one is matched line by line, never skipped by the all-ASCII pre-check.
    @Test func unindexedChunkWithAScalarFoldingToASCIIStillMatches() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        var options = ArchiveWriter.Options()
        options.indexing = .held
        var lines = (1...63).map { ArchiveLine(text: "plain ascii line \($0)", timestamp: Int64($0)) }
        lines.append(ArchiveLine(text: "\u{212A}EEP going", timestamp: 64))
        let id = try record(lines, path: dir.db, options: options)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        defer { archive.close() }
        #expect(try archive.search(SearchQuery(text: "keep")).map(\.line) == [64])
        #expect(try archive.search(SearchQuery(text: "PLAIN line 17")).map(\.line) == [17])
        #expect(try archive.search(SearchQuery(text: "absent")).isEmpty)
        _ = id
    }
    /// Chunks a burst stored in the fast form: searched the same, made dense as they are indexed.
    @Test func burstFormSearchEqualsBruteForce() throws { try exercise(indexing: .held, partialIndex: 11, burstForm: true) }

    @Test func ftsSyntaxInWordsModeNeverFails() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        try record([ArchiveLine(text: "foo-bar \"unterminated a AND ( NEAR( * '; drop table x; --", timestamp: 1)], path: dir.db)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        for q in ["foo-bar", "\"unterminated", "a AND (", "NEAR(", "*", "'; drop table x; --", "\"", "(", "-", "drop table"] {
            let hits = try archive.search(SearchQuery(text: q))
            #expect(hits.count == 1, "query \(q)")
        }
        // Punctuation around a word is ignored as the index ignores it: `drop\0"` is `drop`.
        #expect(try archive.search(SearchQuery(text: "drop\u{0}\"")).count == 1)
        for q in [")", "^", ":", "text:foo", "OR", "NOT x", "{", "\u{0}", "foo\u{0}bar"] {
            #expect(try archive.search(SearchQuery(text: q)).isEmpty, "query \(q)")
        }
    }

    @Test func ftsModeReportsSyntaxErrors() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        try record([ArchiveLine(text: "hello world", timestamp: 1)], path: dir.db)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        for q in ["\"unterminated", "a AND (", "NEAR("] {
            #expect {
                _ = try archive.search(SearchQuery(text: q, mode: .fts))
            } throws: { error in
                if case .badQuery = error as? ArchiveError { return true }
                return false
            }
        }
        #expect(try archive.search(SearchQuery(text: "hello AND world", mode: .fts)).count == 1)
        #expect(throws: ArchiveError.self) { try archive.search(SearchQuery(text: "(unclosed", mode: .regex)) }
    }
}
