import CSQLite
import CTokenizers

/// The trigram-index query that pre-selects chunks for a phrase of three or more words: the
/// phrase's shingles (see phrase_shingles.c), all of which every chunk holding the phrase
/// holds. Reading them costs a few short doclists where the word index would read every hit
/// of each word, which for common words is most of the index.
enum PhraseShingles {
    /// Nil when the phrase has no shingle (fewer than three words, or three with a last word
    /// shorter than three characters) or the archive's trigram index predates shingles (an archive that could
    /// not be migrated, e.g. opened immutable).
    static func expression(for phrase: String, in db: Database) throws(ArchiveError) -> String? {
        guard try indexHoldsShingles(db) else { return nil }
        var out: UnsafeMutablePointer<CChar>?
        let rc = phrase.utf8CString.withUnsafeBufferPointer { text in
            phrase_shingles_expression(db.handle, text.baseAddress, Int32(text.count - 1), &out)
        }
        guard rc == SQLITE_OK else { throw db.error(rc, sql: "phrase shingles of '\(phrase)'") }
        guard let out else { return nil }
        defer { phrase_shingles_free(out) }
        return String(cString: out)
    }

    private static func indexHoldsShingles(_ db: Database) throws(ArchiveError) -> Bool {
        let count = try db.scalarInt64("""
            SELECT count(*) FROM sqlite_schema WHERE name = 'chunk_trigrams' AND sql LIKE '%trigram_phrases%'
            """)
        return count == 1
    }
}
