import CSQLite
import CTokenizers
import Testing

/// `trigram_once` must build exactly the index `trigram` builds (detail=none keeps no counts or
/// positions), so the archive's substring candidates are unchanged by the faster tokenizer.
@Suite struct TrigramOnceTests {
    /// Documents with repeats, mixed case, CJK, emoji, combining marks, short and empty text.
    static let documents: [String] = [
        "2026-11-24T10:00:00.001 page retry socket page index passed tok1 timeout failed",
        String(repeating: "abcabcabc ABCABC ", count: 200),
        "日本語のテキスト日本語のテキスト 🙂🙂🙂 emoji 🙂 and CJK 漢字漢字漢字",
        "Cafe\u{301} café CAFÉ caf\u{E9}",
        "ab",
        "",
        "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
        String(repeating: "x", count: 70_000),
        (0..<3000).map { "tok\($0)" }.joined(separator: " "),
    ]

    @Test func buildsTheSameIndexAsTrigram() throws {
        var db: OpaquePointer?
        #expect(sqlite3_open(":memory:", &db) == SQLITE_OK)
        defer { sqlite3_close(db) }
        #expect(ctokenizers_register(db) == SQLITE_OK)
        for (table, tokenizer) in [("plain", "trigram"), ("once", "trigram_once")] {
            #expect(sqlite3_exec(db, "CREATE VIRTUAL TABLE \(table) USING fts5(text, content = '', tokenize = '\(tokenizer)', detail = none)", nil, nil, nil) == SQLITE_OK)
            // Twice over, so later documents meet a tokenizer that has seen earlier ones.
            for (row, text) in (Self.documents + Self.documents).enumerated() {
                FTSTestTable.insert(db, table, row: row + 1, text)
            }
        }
        // Same segments; only the averages record (id 1, token totals for bm25, which the
        // archive never uses on this index) counts the repeats.
        #expect(blocks(db, "plain") == blocks(db, "once"))
        #expect(blocks(db, "once").count > 1)
        // detail=none runs no phrases: queries are trigrams joined by AND, as the archive's.
        let queries = ["\"abc\"", "\"ABC\"", "\"tok\" AND \"299\"", "\"本語の\"", "\"🙂🙂🙂\"",
                       "\"caf\" AND \"afé\"", "\"xxx\"", "\"ily\"", "\"zzz\""]
        for match in queries {
            #expect(FTSTestTable.rows(db, "plain", match) == FTSTestTable.rows(db, "once", match), "query \(match)")
        }
        #expect(FTSTestTable.rows(db, "once", "\"tok\" AND \"299\"") == [9, 18])
        #expect(FTSTestTable.rows(db, "once", "\"🙂🙂🙂\"") == [3, 12])
    }

    /// The index's stored segments, in order, as one checksum each (a mismatch should not print
    /// megabytes).
    private func blocks(_ db: OpaquePointer?, _ table: String) -> [UInt64] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "SELECT block FROM \(table)_data WHERE id > 1 ORDER BY id", -1, &statement, nil) == SQLITE_OK else { return [] }
        defer { sqlite3_finalize(statement) }
        var out: [UInt64] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            let count = Int(sqlite3_column_bytes(statement, 0))
            let bytes = sqlite3_column_blob(statement, 0).map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
            // FNV-1a over the length and the bytes.
            out.append(bytes.reduce(14_695_981_039_346_656_037 ^ UInt64(count)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
        }
        return out
    }
}
