/// A search request. See `Archive.search(_:)` for what each mode matches.
public struct SearchQuery: Sendable {
    public enum Mode: Sendable, Equatable {
        /// Every whitespace-separated token must occur in the line, case-insensitively,
        /// starting at a word start (a prefix of a word; `foo-bar` matches "x foo-barn").
        /// FTS syntax has no meaning here, so no input can make it fail.
        case words
        /// The whole query as one word-prefix sequence: "connection refused" in that order.
        case phrase
        /// FTS5 MATCH syntax passed through (AND/OR/NOT/NEAR, "phrases", prefix*), evaluated
        /// per line. Syntax errors become `ArchiveError.badQuery`.
        case fts
        /// Exact byte substring (like `grep -F`); case-insensitive with `ignoreCase`.
        case substring
        /// PCRE2 syntax (as `grep -P` and `rg`), Unicode-aware, matched per line: ^ and $ are
        /// the line's ends; case-insensitive with `ignoreCase`.
        case regex
    }

    public var text: String
    public var mode: Mode = .words
    /// Only this session.
    public var session: Int64? = nil
    /// Only lines with timestamp >= since (ms).
    public var since: Int64? = nil
    /// Only lines with timestamp <= until (ms).
    public var until: Int64? = nil
    /// Context lines before / after each hit (within the same session).
    public var before: Int = 0
    public var after: Int = 0
    /// At most this many hits are returned (0: none, only counted; see `counting`).
    public var limit: Int = 100
    /// How far past `limit` matching lines are counted (`SearchResults.total`).
    public var counting: Counting = .none
    /// Newest lines first (the default); false lists oldest first.
    public var newestFirst: Bool = true
    /// Only lines in this scope (the output of chosen commands); nil: every line.
    public var scope: LineScope? = nil
    /// Case-insensitive `substring` and `regex` (the other modes always are).
    public var ignoreCase: Bool = false
    /// How many chunk ids the first window of an indexed search covers (see `IdWindows`);
    /// tests make it small to cross windows on a small archive.
    var firstWindowChunks: Int64 = 1024
    /// Beyond this many chunks out of time order, windows stop and the rest of the index is
    /// listed at once; tests make it small to take that path.
    var maxOutOfOrderChunks = 256

    public init(text: String) {
        self.text = text
    }

    public init(text: String, mode: Mode = .words, session: Int64? = nil, since: Int64? = nil, until: Int64? = nil,
                before: Int = 0, after: Int = 0, limit: Int = 100, newestFirst: Bool = true, ignoreCase: Bool = false) {
        self.text = text
        self.mode = mode
        self.session = session
        self.since = since
        self.until = until
        self.before = before
        self.after = after
        self.limit = limit
        self.newestFirst = newestFirst
        self.ignoreCase = ignoreCase
    }
}

extension SearchQuery {
    /// Counting matching lines beyond the ones returned, for "100 of N shown" and `--count`.
    public enum Counting: Sendable, Equatable {
        /// Stop at `limit`: the total is the number of hits.
        case none
        /// Count every matching line, up to `cap` (nil: no cap).
        case all(cap: Int?)
        /// Count until this much time has been spent on the whole search (then the total is
        /// a lower bound): counting a common word over millions of lines takes seconds.
        case within(milliseconds: Int)
    }
}

/// The hits of a search and how many lines matched in all.
public struct SearchResults: Sendable, Equatable {
    public var hits: [SearchHit]
    /// Matching lines counted: at least `hits.count`.
    public var total: Int
    /// False when counting stopped early (a cap or the time budget), so `total` is a lower bound.
    public var totalIsExact: Bool
}

/// One matching line.
public struct SearchHit: Sendable, Equatable {
    public var session: Int64
    public var sessionName: String?
    public var line: Int64
    public var timestamp: Int64
    public var text: String
    /// UTF-8 byte ranges of the matches within `text`.
    public var matches: [Range<Int>]
    public var contextBefore: [ExportedLine]
    public var contextAfter: [ExportedLine]
    /// The line is on a recording session's screen and may still change.
    public var provisional = false
    /// The host the line was recorded on, for hits from a team server; nil for this archive's.
    public var host: String? = nil

    public init(session: Int64, sessionName: String?, line: Int64, timestamp: Int64, text: String, matches: [Range<Int>],
                contextBefore: [ExportedLine], contextAfter: [ExportedLine], provisional: Bool = false, host: String? = nil) {
        self.session = session
        self.sessionName = sessionName
        self.line = line
        self.timestamp = timestamp
        self.text = text
        self.matches = matches
        self.contextBefore = contextBefore
        self.contextAfter = contextAfter
        self.provisional = provisional
        self.host = host
    }
}
