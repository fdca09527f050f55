/// A chunk a search may have to read, known by its key and time span before its body is read:
/// the search sorts them by time first, then reads only as many as its limit needs.
struct Candidate {
    enum Kind: Equatable {
        /// A recording session's provisional screen (`screen_tails`), keyed by session.
        case screenTail
        /// A recording session's open chunk (`open_chunks`), keyed by session.
        case openChunk
        /// A sealed chunk (`chunks`), keyed by its id.
        case chunk

        var table: String {
            switch self {
            case .screenTail: "screen_tails"
            case .openChunk: "open_chunks"
            case .chunk: "chunks"
            }
        }

        /// Among equal times, a session's screen follows its open chunk, which follows its
        /// sealed chunks: storage order.
        var storageRank: Int {
            switch self {
            case .chunk: 0
            case .openChunk: 1
            case .screenTail: 2
            }
        }
    }

    var kind: Kind
    var key: Int64
    var session: Int64
    var firstTime: Int64
    var lastTime: Int64

    /// The id `Searcher.process` and the scan threads know the chunk by: recording sessions'
    /// rows have none of their own, so theirs is minus the session's.
    var id: Int64 { kind == .chunk ? key : -session }

    /// Newest last line first; equal times in reverse storage order.
    static func newerFirst(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.lastTime != b.lastTime { return a.lastTime > b.lastTime }
        return a.storageOrder > b.storageOrder
    }

    /// Oldest first line first; equal times in storage order.
    static func olderFirst(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.firstTime != b.firstTime { return a.firstTime < b.firstTime }
        return a.storageOrder < b.storageOrder
    }

    /// Sealed chunks by id (ids grow with time within the archive), then a session's open
    /// chunk and screen after its sealed ones.
    private var storageOrder: (Int, Int64, Int64) {
        kind == .chunk ? (0, key, 0) : (1, session, Int64(kind.storageRank))
    }
}

/// Reads a candidate's row (session, first line, count, first/last time, body) with one
/// prepared statement per kind.
struct CandidateReader {
    private let db: Database
    private var statements: [String: Statement] = [:]

    init(db: Database) {
        self.db = db
    }

    /// The candidate's row, stepped and ready to read; nil if it is gone.
    mutating func row(of candidate: Candidate) throws(ArchiveError) -> Statement? {
        let table = candidate.kind.table
        let statement: Statement
        if let cached = statements[table] {
            statement = cached
            statement.reset()
        } else {
            let keyColumn = candidate.kind == .chunk ? "id" : "session_id"
            statement = try Statement(database: db, sql:
                "SELECT session_id, first_line, line_count, first_time, last_time, body FROM \(table) WHERE \(keyColumn) = ?")
            statements[table] = statement
        }
        statement.bind(candidate.key, at: 1)
        return try statement.step() ? statement : nil
    }
}
