import CSQLite
import CTokenizers
import Testing

/// The phrase shingles in the trigram index (`trigram_phrases`) must select every chunk that
/// holds a phrase, while leaving the trigram part of the index as `trigram_once` builds it.
@Suite struct PhraseShinglesTests {
    static let vocabulary = ["kernel", "buffer", "request", "warning", "retry", "socket", "page", "Café", "cafe", "日本語", "x"]

    /// Random documents of common words: every phrase query's rows must include each document
    /// whose words hold the phrase (the last word as a prefix), and leave most others out.
    @Test func shinglesSelectEveryDocumentHoldingThePhrase() throws {
        let db = try Self.openWithTokenizers()
        defer { sqlite3_close(db) }
        var rng = SplitMix(state: 24)
        var documents: [[String]] = []
        for table in ["phrases", "once"] {
            let tokenizer = table == "phrases" ? "trigram_phrases" : "trigram_once"
            #expect(sqlite3_exec(db, "CREATE VIRTUAL TABLE \(table) USING fts5(text, content = '', tokenize = '\(tokenizer)', detail = none)", nil, nil, nil) == SQLITE_OK)
        }
        for row in 1...400 {
            let words = (0..<Int.random(in: 0...40, using: &rng)).map { _ in Self.vocabulary.randomElement(using: &rng)! }
            documents.append(words)
            let separators = [" ", "  ", "-", ", ", "\n"]
            let text = words.map { $0 + separators.randomElement(using: &rng)! }.joined()
            for table in ["phrases", "once"] { FTSTestTable.insert(db, table, row: row, text) }
        }
        let phrases = ["kernel buffer request", "kernel buffer req", "buffer request warning retry", "cafe CAFÉ café", "café cafe 日本語",
                       "retry socket page", "x socket pag", "page x kernel", "x x x x", "warning retry socket page kernel buffer"]
        for phrase in phrases {
            let expression = try #require(Self.expression(db, phrase), "phrase \(phrase)")
            let selected = Set(FTSTestTable.rows(db, "phrases", expression))
            let words = phrase.split(separator: " ").map { Self.fold(String($0)) }
            let holding = documents.indices.filter { Self.holds(documents[$0].map(Self.fold), words) }.map { Int64($0 + 1) }
            #expect(holding.allSatisfy(selected.contains), "phrase \(phrase)")
            #expect(selected.count < documents.count / 2, "phrase \(phrase) selects \(selected.count) of \(documents.count)")
        }
        // The trigrams themselves are unchanged.
        for match in ["\"ker\"", "\"本語\" AND \"ket\"", "\"fé \"", "\"x\u{1}x\""] {
            #expect(FTSTestTable.rows(db, "phrases", match) == FTSTestTable.rows(db, "once", match), "query \(match)")
        }
    }

    @Test func aPhraseNeedsThreeWordsTheLastOfThreeCharacters() throws {
        let db = try Self.openWithTokenizers()
        defer { sqlite3_close(db) }
        #expect(Self.expression(db, "kernel") == nil)
        #expect(Self.expression(db, "kernel buffer") == nil)
        #expect(Self.expression(db, "kernel buffer re") == nil)
        #expect(Self.expression(db, "  --  ") == nil)
        #expect(Self.expression(db, "kernel buffer req")?.components(separatedBy: " AND ").count == 1)
        // Complete words shorter than three characters count; only the last may be cut short.
        #expect(Self.expression(db, "a b c d")?.components(separatedBy: " AND ").count == 1)
        #expect(Self.expression(db, "kernel buffer request warning")?.components(separatedBy: " AND ").count == 2)
    }

    // MARK: Helpers

    static func openWithTokenizers() throws -> OpaquePointer? {
        var db: OpaquePointer?
        try #require(sqlite3_open(":memory:", &db) == SQLITE_OK)
        try #require(ctokenizers_register(db) == SQLITE_OK)
        return db
    }

    static func expression(_ db: OpaquePointer?, _ phrase: String) -> String? {
        var out: UnsafeMutablePointer<CChar>?
        let rc = phrase_shingles_expression(db, phrase, Int32(phrase.utf8.count), &out)
        #expect(rc == SQLITE_OK)
        guard let out else { return nil }
        defer { phrase_shingles_free(out) }
        return String(cString: out)
    }

    /// The vocabulary folded as unicode61 with remove_diacritics 2 folds it.
    static func fold(_ word: String) -> String { word.lowercased().replacingOccurrences(of: "é", with: "e") }

    /// Whether `words` holds `phrase` as consecutive words, the last one as a prefix.
    static func holds(_ words: [String], _ phrase: [String]) -> Bool {
        guard words.count >= phrase.count else { return false }
        return (0...(words.count - phrase.count)).contains { start in
            phrase.indices.allSatisfy { i in
                i == phrase.count - 1 ? words[start + i].hasPrefix(phrase[i]) : words[start + i] == phrase[i]
            }
        }
    }
}
