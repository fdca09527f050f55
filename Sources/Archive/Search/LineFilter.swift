/// A search's line-by-line check, for lines that come from elsewhere (a team server): the very
/// matchers the archive's own search runs, so a line is a hit there exactly when it would be a
/// hit here, with the same match ranges.
///
/// `candidates` says what text a matching line must hold, for a server's indexes to pick a
/// superset of the hits cheaply; `matches` then decides. Words, phrase, substring and regex
/// modes; FTS5 syntax needs SQLite's own parser and is refused.
public struct LineFilter {
    private enum Matcher {
        case words(WordMatcher)
        case substring([UInt8])
        case pattern(PCRE2Matcher)
    }

    private var matcher: Matcher
    /// What every matching line holds: a superset of the hits, for an index to select.
    public let candidates: CandidateFilter

    public init(_ query: SearchQuery) throws(ArchiveError) {
        let text = query.text
        switch query.mode {
        case .words, .phrase:
            let tokens = Self.tokens(of: text, mode: query.mode)
            let words = WordMatcher(tokens: tokens)
            guard !words.isEmpty else { throw .badQuery(query: text, reason: "nothing to search for") }
            matcher = .words(words)
            // A token's words occur in the line, from a word start: all but its last whole and
            // its last as a prefix. Each as a prefix selects a superset.
            let prefixes = tokens.flatMap { Unicode61Words.words(of: String(WordMatcher.trimmingSeparators($0))) }
            candidates = prefixes.isEmpty ? .everything : .wordPrefixes(prefixes)
        case .substring where query.ignoreCase:
            guard !text.isEmpty else { throw .badQuery(query: text, reason: "nothing to search for") }
            matcher = .pattern(PCRE2Matcher(try PCRE2Pattern(text, caseless: true, literal: true)))
            candidates = CandidateFilter(RegexLiterals(caselessLiteral: text).requirement)
        case .substring:
            guard !text.isEmpty else { throw .badQuery(query: text, reason: "nothing to search for") }
            matcher = .substring(Array(text.utf8))
            candidates = .contains(text, ignoringASCIICase: false)
        case .regex:
            matcher = .pattern(PCRE2Matcher(try PCRE2Pattern(text, caseless: query.ignoreCase)))
            candidates = CandidateFilter(RegexLiterals(pattern: text, caseless: query.ignoreCase).requirement)
        case .fts:
            throw .badQuery(query: text, reason: "FTS5 syntax is only understood by the local archive: use words, --phrase, --substring or --regex")
        }
    }

    /// The match ranges (UTF-8 bytes) of `text`, or nil when it is not a hit.
    public mutating func matches(_ text: String) throws(ArchiveError) -> [Range<Int>]? {
        var line = text
        var matcher = self.matcher
        let result = line.withUTF8 { (bytes) -> Result<[Range<Int>]?, ArchiveError> in
            switch matcher {
            case .words(var words):
                let ranges = words.match(bytes)
                matcher = .words(words)
                return .success(ranges)
            case .substring(let needle):
                let ranges = LineMatcher.occurrences(of: needle, in: bytes)
                return .success(ranges.isEmpty ? nil : ranges)
            case .pattern(let pattern):
                do throws(ArchiveError) { return .success(try pattern.matches(inLine: bytes)) } catch { return .failure(error) }
            }
        }
        self.matcher = matcher
        return try result.get()
    }

    /// The query's tokens as `Searcher` takes them: words split on white space; a phrase whole.
    static func tokens(of text: String, mode: SearchQuery.Mode) -> [Substring] {
        if mode == .words { return text.split(whereSeparator: { $0.isWhitespace }) }
        let trimmed = text.drop(while: { $0.isWhitespace })
        return trimmed.isEmpty ? [] : [Substring(String(trimmed.reversed().drop(while: { $0.isWhitespace }).reversed()))]
    }
}

/// What text a line must hold to be able to match, as a formula a server's indexes can answer.
public indirect enum CandidateFilter: Sendable, Equatable {
    /// Nothing known: every line is a candidate.
    case everything
    /// Each of these folded words (`Unicode61Words`) is a prefix of one of the line's words.
    case wordPrefixes([String])
    /// The line holds this text; with `ignoringASCIICase` (the text is then all ASCII), with
    /// ASCII letters folded, and k and s taken as any character: PCRE2 also matches them with
    /// the Kelvin sign and the long s.
    case contains(String, ignoringASCIICase: Bool)
    case all([CandidateFilter])
    case any([CandidateFilter])

    init(_ requirement: LiteralRequirement) {
        switch requirement {
        case .anything:
            self = .everything
        case .literal(let text):
            // The trigram index that these literals are made for folds case; only ASCII folds
            // the same everywhere.
            let ascii = text.unicodeScalars.allSatisfy(\.isASCII) && !text.contains("\0")
            self = ascii ? .contains(text, ignoringASCIICase: true) : .everything
        case .all(let parts):
            let known = parts.map(CandidateFilter.init).filter { $0 != .everything }
            self = known.isEmpty ? .everything : known.count == 1 ? known[0] : .all(known)
        case .any(let parts):
            let branches = parts.map(CandidateFilter.init)
            self = branches.contains(.everything) || branches.isEmpty ? .everything : .any(branches)
        }
    }
}

/// A line's words as the local word index sees them (SQLite's unicode61 with diacritics
/// removed): runs of word characters, lowercased, without accents. A server stores these for
/// its word index, so that `cafe` finds "Café" there as it does here.
public enum Unicode61Words {
    public static func words(of text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if Unicode61.isTokenScalar(scalar.value) {
                let folded = Unicode61.fold(scalar.value)
                if folded != Unicode61.dropped, let s = Unicode.Scalar(folded) { current.append(s) }
            } else if Unicode61.fold(scalar.value) == Unicode61.dropped {
                continue
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }
}
