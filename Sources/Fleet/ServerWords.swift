import Archive

/// The word index's lexemes on the server: each line's words as the archive's own word index
/// folds them (`Unicode61Words`), so a word search there selects what it would here.
/// PostgreSQL's parser is never asked: it splits `file.txt` or URLs differently, and does not
/// fold accents.
enum ServerWords {
    /// Longer words are cut: PostgreSQL refuses lexemes over 2 KiB, and a query's words are
    /// cut the same way, still a prefix of what they were.
    static let maxScalars = 64
    /// More distinct words than this in one line: they are not all stored, and `overflow` is,
    /// which every word query accepts (a tsvector is limited to 1 MiB).
    static let maxWords = 1_000
    /// Cannot be a folded word: `~` is never a word character.
    static let overflow = "~more"

    static func cut(_ word: String) -> String {
        word.unicodeScalars.count <= maxScalars ? word : String(String.UnicodeScalarView(word.unicodeScalars.prefix(maxScalars)))
    }

    /// The line's distinct lexemes, space-separated (no word holds a space).
    static func lexemes(of text: String) -> String {
        var seen = Set<String>()
        var out: [String] = []
        for word in Unicode61Words.words(of: text) {
            let w = cut(word)
            guard !w.contains("\0"), seen.insert(w).inserted else { continue }
            if out.count == maxWords { out.append(overflow); break }
            out.append(w)
        }
        return out.joined(separator: " ")
    }

    /// The tsquery text for word prefixes: each word a prefix of some lexeme, or the overflow marker.
    static func query(_ prefixes: [String]) -> String {
        let terms = prefixes.map { "'" + quoted(cut($0)) + "':*" }
        return "(" + terms.joined(separator: " & ") + ") | '" + overflow + "'"
    }

    private static func quoted(_ word: String) -> String {
        word.replacing("\\", with: "\\\\").replacing("'", with: "''")
    }
}
