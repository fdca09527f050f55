import Archive
import PostgresNIO

/// SQL text with its parameters bound as `$1`, `$2`…, for queries whose shape depends on the
/// request (filters that may or may not be there). Values are always bound, never spliced in.
struct SQLBuilder {
    private(set) var sql = ""
    private(set) var binds = PostgresBindings()
    private var count = 0

    mutating func append(_ text: String) { sql += text }

    /// Binds `value` and returns its placeholder.
    mutating func bind<T: PostgresDynamicTypeEncodable>(_ value: T) -> String {
        binds.append(value)
        count += 1
        return "$\(count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }

    /// The condition on `lines l` that picks a superset of the lines `filter` allows, using
    /// the word index (tsvector GIN) and the trigram index (pg_trgm GIN).
    mutating func condition(_ filter: CandidateFilter) -> String {
        switch filter {
        case .everything:
            return "TRUE"
        case .wordPrefixes(let words):
            return "l.words @@ \(bind(ServerWords.query(words)))::tsquery"
        case .contains(let text, let ignoringASCIICase):
            var pattern = "%"
            for c in text.unicodeScalars {
                switch c {
                case "\\", "%", "_": pattern += "\\" + String(c)
                // PCRE2 also matches K with the Kelvin sign, s with the long s.
                case "k", "K", "s", "S":
                    if ignoringASCIICase { pattern += "_" } else { pattern.unicodeScalars.append(c) }
                default: pattern.unicodeScalars.append(c)
                }
            }
            pattern += "%"
            return "l.text \(ignoringASCIICase ? "ILIKE" : "LIKE") \(bind(pattern))"
        case .all(let parts):
            return "(" + parts.map { condition($0) }.joined(separator: " AND ") + ")"
        case .any(let parts):
            return "(" + parts.map { condition($0) }.joined(separator: " OR ") + ")"
        }
    }
}
