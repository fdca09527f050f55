@testable import Archive
import CSQLite
import Testing

/// Issue 30: counting past the limit, times for lines stored with time 0, and the word
/// matcher's unicode61 tables against the SQLite the tests link.
@Suite struct SearchCountingTests {
    @Test func countsPastTheLimitOnlyWhenAsked() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        try record((1...300).map { ArchiveLine(text: "line \($0) \($0 % 3 == 0 ? "fizz" : "")", timestamp: Int64($0)) }, path: dir.db)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        var query = SearchQuery(text: "fizz", limit: 10)
        let plain = try archive.searchCounting(query)
        #expect(plain.hits.count == 10 && plain.total == 10 && !plain.totalIsExact)
        query.counting = .all(cap: nil)
        let all = try archive.searchCounting(query)
        #expect(all.hits.count == 10 && all.total == 100 && all.totalIsExact)
        #expect(all.hits == plain.hits, "counting changes no hit")
        query.counting = .within(milliseconds: 60_000)
        #expect(try archive.searchCounting(query).total == 100)
        query.counting = .all(cap: 40)
        let capped = try archive.searchCounting(query)
        #expect(capped.total == 40 && !capped.totalIsExact)
        query.limit = 0
        query.counting = .all(cap: nil)
        let onlyCounted = try archive.searchCounting(query)
        #expect(onlyCounted.hits.isEmpty && onlyCounted.total == 100)
        // Out of time at once: the first hits are still all collected, the count is a lower bound.
        query = SearchQuery(text: "fizz", limit: 50)
        query.counting = .within(milliseconds: 0)
        let hurried = try archive.searchCounting(query)
        #expect(hurried.hits.count == 50 && hurried.total >= 50 && hurried.total <= 100)
    }

    @Test func linesStoredWithoutATimeTakeTheirNeighbours() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        // As recorders before the line assembler fix stored blank lines.
        try record([ArchiveLine(text: "", timestamp: 0), ArchiveLine(text: "one", timestamp: 5_000),
                    ArchiveLine(text: "", timestamp: 0), ArchiveLine(text: "", timestamp: 0),
                    ArchiveLine(text: "two", timestamp: 9_000), ArchiveLine(text: "", timestamp: 0)], path: dir.db)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        let two = try #require(try archive.search(SearchQuery(text: "two", before: 4, after: 1)).first)
        #expect(two.contextBefore.map(\.timestamp) == [5_000, 5_000, 5_000, 5_000])
        #expect(two.contextAfter.map(\.timestamp) == [9_000])
        let blank = try #require(try archive.search(SearchQuery(text: "^$", mode: .regex, newestFirst: false)).first)
        #expect(blank.line == 1 && blank.timestamp == 5_000, "first in its chunk: the next line's time")
    }

    /// Every scalar, put between "a" and "b" and tokenized by the linked SQLite: the matcher's
    /// idea of a token character and of its folding must be the tokenizer's.
    @Test func unicode61TablesMatchTheLinkedTokenizer() throws {
        var db: OpaquePointer?
        sqlite3_open(":memory:", &db)
        defer { sqlite3_close(db) }
        #expect(sqlite3_exec(db, """
            CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');
            BEGIN;
            """, nil, nil, nil) == SQLITE_OK)
        var insert: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO t (rowid, x) VALUES (?, ?)", -1, &insert, nil)
        // The BMP, and the supplementary planes sampled (every 7th scalar).
        let scalars = (0x80..<0x10000).filter { !(0xD800..<0xE000).contains($0) } + Array(stride(from: 0x10000, to: 0x110000, by: 7))
        for v in scalars {
            sqlite3_reset(insert)
            sqlite3_bind_int64(insert, 1, Int64(v))
            sqlite3_bind_text(insert, 2, "a" + String(Character(Unicode.Scalar(UInt32(v))!)) + "b", -1, csqlite_transient())
            sqlite3_step(insert)
        }
        sqlite3_finalize(insert)
        sqlite3_exec(db, "COMMIT", nil, nil, nil)
        var terms: [Int: [String]] = [:]
        var select: OpaquePointer?
        sqlite3_prepare_v2(db, "SELECT doc, term FROM v", -1, &select, nil)
        while sqlite3_step(select) == SQLITE_ROW {
            terms[Int(sqlite3_column_int64(select, 0)), default: []].append(String(cString: sqlite3_column_text(select, 1)))
        }
        sqlite3_finalize(select)
        var mismatches: [String] = []
        for v in scalars {
            let t = terms[v] ?? []
            let isToken = t.count == 1
            let folded = isToken ? t[0].unicodeScalars.dropFirst().dropLast().first.map(\.value) ?? Unicode61.dropped : UInt32(v)
            if Unicode61.isTokenScalar(UInt32(v)) != isToken || (isToken && Unicode61.fold(UInt32(v)) != folded) {
                mismatches.append(String(v, radix: 16))
            }
        }
        #expect(mismatches.isEmpty, "run scripts/unicode61-tables.py: \(mismatches.prefix(20))")
    }
}
