import Glibc

/// Runs one `SearchQuery`.
///
/// Candidate chunks come from three places:
/// 1. the provisional screens and open chunks of recording sessions (never indexed),
/// 2. sealed chunks above the index watermark (stored, not yet indexed),
/// 3. indexed chunks: from the FTS5 index for word modes, the trigram index for substrings
///    and regex literals, or all of them.
/// (1) and (2) are scanned exhaustively, so results are complete while indexing lags.
/// Candidates are listed first (ids and times only) and read in the order of their lines'
/// own times, newest chunk first (or oldest first): an old recording imported today ranks by
/// when it was recorded, not by where it was stored. Never ranked by bm25, so a LIMIT stops
/// the reading early.
/// Everything runs in one read transaction: one consistent snapshot of index and chunks.
/// Past `limit`, matching lines are only counted (no text, no context), as `counting` asks.
/// Chunks are matched on `ParallelChunkScan`'s threads in every mode but `fts` (whose line
/// check runs FTS5 on the search's own connection).
struct Searcher {
    let archive: Archive
    let query: SearchQuery
    /// `fts` mode: the expression each candidate chunk's lines go through, on this connection.
    private var ftsProbe: FTSProbe?
    /// The index and FTS5 expression pre-selecting chunks; nil when every chunk is scanned.
    private let indexPlan: (index: ChunkIndex, expression: String)?
    private var chunk = DecodedChunk()
    private var hits: [SearchHit] = []
    /// Matching lines seen, returned or only counted.
    private var total = 0
    /// When `counting` is `.within`: the monotonic time (ns) at which counting stops.
    private let deadline: UInt64?
    private var outOfTime = false
    private var names: [Int64: String?] = [:]
    /// Every mode but `fts`: chunks go to these scan threads instead of being matched in
    /// `process`.
    private var scan: ParallelChunkScan?

    init(archive: Archive, query: SearchQuery) throws(ArchiveError) {
        self.archive = archive
        self.query = query
        if case .within(let milliseconds) = query.counting {
            deadline = Self.monotonicNanoseconds() + UInt64(max(0, milliseconds)) * 1_000_000
        } else {
            deadline = nil
        }
        let text = query.text
        switch query.mode {
        case .words, .phrase:
            let tokens: [Substring]
            if query.mode == .words {
                tokens = text.split(whereSeparator: { $0.isWhitespace })
            } else {
                let trimmed = text.drop(while: { $0.isWhitespace })
                tokens = trimmed.isEmpty ? [] : [Substring(String(trimmed.reversed().drop(while: { $0.isWhitespace }).reversed()))]
            }
            let words = WordMatcher(tokens: tokens)
            guard !words.isEmpty else { throw .badQuery(query: text, reason: "nothing to search for") }
            scan = ParallelChunkScan(Self.scanOptions(.words(words), query))
            // No token with a word character (e.g. "*" or "--"): scan every chunk. A phrase of
            // several words asks the trigram index for its shingles when it holds them.
            if query.mode == .phrase, archive.tuning.trigramIndex, let phrase = words.phraseText,
               let shingles = try PhraseShingles.expression(for: phrase, in: archive.db) {
                indexPlan = (.trigrams, shingles)
            } else {
                indexPlan = words.hasIndexableToken ? (.words, words.ftsQuery) : nil
            }
        case .substring where query.ignoreCase:
            guard !text.isEmpty else { throw .badQuery(query: text, reason: "nothing to search for") }
            let pattern = try PCRE2Pattern(text, caseless: true, literal: true)
            (indexPlan, scan) = Self.patternPlan(pattern, RegexLiterals(caselessLiteral: text), query)
        case .substring:
            guard !text.isEmpty else { throw .badQuery(query: text, reason: "nothing to search for") }
            indexPlan = Self.trigramExpression(text).map { (.trigrams, $0) }
            scan = ParallelChunkScan(Self.scanOptions(.substring(Array(text.utf8)), query))
        case .regex:
            let pattern = try PCRE2Pattern(text, caseless: query.ignoreCase)
            (indexPlan, scan) = Self.patternPlan(pattern, RegexLiterals(pattern: text, caseless: query.ignoreCase), query)
        case .fts:
            guard !text.allSatisfy(\.isWhitespace) else { throw .badQuery(query: text, reason: "nothing to search for") }
            let probe = try FTSProbe(db: archive.db, expression: text)
            ftsProbe = probe
            indexPlan = probe.chunkIndexIsSuperset ? (.words, text) : nil
        }
    }

    mutating func run() throws(ArchiveError) -> SearchResults {
        guard !done else { return SearchResults(hits: [], total: 0, totalIsExact: false) }
        let db = archive.db
        // One snapshot for watermark, index and chunks; a fresh one for every query.
        try db.execute("BEGIN DEFERRED")
        defer { _ = try? db.execute("COMMIT") }
        defer { scan?.stop() }
        var reader = CandidateReader(db: archive.db)
        var unindexed = try listRecording(.screenTail) + listRecording(.openChunk)
        if let (index, expression) = indexPlan {
            let watermark = try archive.indexedThrough(index)
            unindexed += try listSealed(above: watermark)
            try readIndexed(index, expression, through: watermark, with: &unindexed, &reader)
        } else {
            unindexed += try listSealed(above: 0)
        }
        try read(unindexed, &reader)
        return SearchResults(hits: hits, total: total, totalIsExact: !done)
    }

    /// Reads the indexed candidates window by window (see `IdWindows`), in time order.
    ///
    /// A window's candidates may be read before the ids beyond it are listed only when no chunk
    /// beyond it comes earlier in the reading order: the chunks beyond it timed past the
    /// window's earliest candidate (an old recording imported after a newer one) are found
    /// through the chunk time indexes, probed against the index one by one and read with the
    /// window. `unindexed` candidates join the window that reaches their time; the rest stay.
    private mutating func readIndexed(_ index: ChunkIndex, _ expression: String, through watermark: Int64,
                                      with unindexed: inout [Candidate], _ reader: inout CandidateReader) throws(ArchiveError) {
        let newestFirst = query.newestFirst
        var windows = IdWindows(try indexedIDs(through: watermark), fromHighest: newestFirst, firstSize: query.firstWindowChunks)
        var readAhead = Set<Int64>()
        while !done, let window = windows.next() {
            var batch = try listIndexed(index, expression, window).filter { !readAhead.contains($0.key) }
            if let beyond = windows.remaining {
                guard let bound = newestFirst ? batch.map(\.lastTime).min() : batch.map(\.firstTime).max() else { continue }
                if let outOfOrder = try listOutOfOrder(in: beyond, reaching: bound, excluding: readAhead) {
                    for candidate in outOfOrder {
                        readAhead.insert(candidate.key)
                        if try indexHolds(index, expression, candidate.key) { batch.append(candidate) }
                    }
                    // Unindexed candidates follow indexed chunks of the same time when oldest first, and
                    // precede them when newest first (storage order breaks ties).
                    let isDue = { (c: Candidate) in newestFirst ? c.lastTime >= bound : c.firstTime < bound }
                    let due = unindexed.filter(isDue)
                    unindexed.removeAll(where: isDue)
                    try read(batch + due, &reader)
                    continue
                }
                // Storage order and time order disagree too much for windows to pay: list the rest at once.
                if let rest = windows.rest() {
                    batch += try listIndexed(index, expression, rest).filter { !readAhead.contains($0.key) }
                }
            }
            try read(batch + unindexed, &reader)
            unindexed = []
            return
        }
    }

    /// Sorts `candidates` into the reading order and reads them until the search is done; the
    /// scan threads' results are taken before the next batch is listed.
    private mutating func read(_ candidates: [Candidate], _ reader: inout CandidateReader) throws(ArchiveError) {
        let ordered = candidates.sorted(by: query.newestFirst ? Candidate.newerFirst : Candidate.olderFirst)
        for candidate in ordered where !done {
            guard let row = try reader.row(of: candidate) else { continue }
            try process(row: row, id: candidate.id, provisional: candidate.kind == .screenTail)
        }
        try takeScanned(all: true)
    }

    /// The trigram query for a pattern's literals (chunks without them cannot match), and
    /// the threads that will match it.
    private static func patternPlan(_ pattern: PCRE2Pattern, _ literals: RegexLiterals, _ query: SearchQuery)
        -> ((index: ChunkIndex, expression: String)?, ParallelChunkScan) {
        let options = scanOptions(.pattern(pattern, blockSafe: literals.blockSafe), query)
        return (literals.requirement.trigramExpression.map { (.trigrams, $0) }, ParallelChunkScan(options))
    }

    private static func scanOptions(_ test: ScanLineTest, _ query: SearchQuery) -> ChunkScanOptions {
        ChunkScanOptions(test: test, since: query.since, until: query.until, before: query.before, after: query.after,
                         newestFirst: query.newestFirst)
    }

    /// Takes the scan threads' results in chunk order: those ready, or (`all`) every one
    /// still due, until the limit is reached.
    private mutating func takeScanned(all: Bool) throws(ArchiveError) {
        guard let scan else { return }
        if all { try scan.flush() }
        while !done, let chunks = scan.next(wait: all || scan.isFull) {
            for chunk in chunks {
                if let error = chunk.error { throw error }
                for hit in chunk.hits where !done {
                    let n = hit.line
                    if let scope = query.scope, !scope.contains(session: chunk.session, line: n) { continue }
                    total += 1
                    guard hits.count < query.limit else { continue }
                    // Context the chunk could not give (nil) lies across a chunk boundary.
                    var before = hit.contextBefore ?? [], after = hit.contextAfter ?? []
                    if hit.contextBefore == nil && query.before > 0 && n > 1 {
                        before = try archive.lines(session: chunk.session, range: max(1, n - Int64(query.before))...(n - 1))
                    }
                    if hit.contextAfter == nil && query.after > 0 {
                        after = try archive.lines(session: chunk.session, range: (n + 1)...(n + Int64(query.after)))
                    }
                    let time = hit.timestamp
                    Self.fillUnwrittenTimes(&before, following: time)
                    Self.fillUnwrittenTimes(&after, preceding: time)
                    hits.append(SearchHit(
                        session: chunk.session, sessionName: try sessionName(chunk.session), line: n, timestamp: time,
                        text: hit.text, matches: hit.matches, contextBefore: before, contextAfter: after,
                        provisional: chunk.provisional))
                }
            }
        }
    }

    private var done: Bool {
        switch query.counting {
        case .none: return hits.count >= query.limit
        case .all(let cap): return cap.map { total >= $0 } ?? false
        // Out of time stops counting, never the collecting of the first `limit` hits.
        case .within: return outOfTime && hits.count >= query.limit
        }
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// The trigram-index query for a substring needle: every trigram of it (up to 24, spread
    /// over the needle), ANDed. A chunk holding the needle holds all of them, so this selects a
    /// superset; detail=none cannot run phrase queries, hence single quoted trigrams. Nil for
    /// needles shorter than three characters, which the trigram tokenizer cannot index.
    static func trigramExpression(_ needle: String) -> String? {
        let scalars = Array(needle.unicodeScalars)
        guard scalars.count >= 3 else { return nil }
        var seen = Set<String>()
        var terms: [String] = []
        let windows = scalars.count - 2
        let step = max(1, windows / 24)
        for i in stride(from: 0, to: windows, by: step) where !scalars[i..<(i + 3)].contains("\u{0}") {
            var term = "\""
            for s in scalars[i..<(i + 3)] {
                if s == "\"" { term += "\"\"" } else { term.unicodeScalars.append(s) }
            }
            term += "\""
            if seen.insert(term).inserted { terms.append(term) }
        }
        return terms.isEmpty ? nil : terms.joined(separator: " AND ")
    }

    // MARK: Sources

    private var timeFilterSQL: String {
        (query.since != nil ? " AND last_time >= :since" : "") + (query.until != nil ? " AND first_time <= :until" : "")
    }

    private func bindFilters(_ s: Statement) {
        s.bind(query.session, named: ":session")
        s.bind(query.since, named: ":since")
        s.bind(query.until, named: ":until")
    }

    /// The open chunks, or the provisional screens, of recording sessions: one a session.
    private func listRecording(_ kind: Candidate.Kind) throws(ArchiveError) -> [Candidate] {
        let sql = "SELECT session_id, first_time, last_time FROM \(kind.table) WHERE 1"
            + (query.session != nil ? " AND session_id = :session" : "") + timeFilterSQL
        let s = try Statement(database: archive.db, sql: sql)
        bindFilters(s)
        var found: [Candidate] = []
        while try s.step() {
            found.append(Candidate(kind: kind, key: s.int64(0), session: s.int64(0), firstTime: s.int64(1), lastTime: s.int64(2)))
        }
        return found
    }

    /// Every sealed chunk above `low` that passes the filters.
    private func listSealed(above low: Int64) throws(ArchiveError) -> [Candidate] {
        let sql = "SELECT id, session_id, first_time, last_time FROM chunks WHERE id > :low"
            + (query.session != nil ? " AND session_id = :session" : "") + timeFilterSQL
        let s = try Statement(database: archive.db, sql: sql)
        s.bind(low, at: 1)
        bindFilters(s)
        return try chunkCandidates(s)
    }

    /// The ids of the indexed chunks a search may need: all up to the watermark, or the
    /// span of the one session asked for. Nil when there are none.
    private func indexedIDs(through watermark: Int64) throws(ArchiveError) -> ClosedRange<Int64>? {
        guard watermark > 0 else { return nil }
        guard let session = query.session else { return 1...watermark }
        // A session's chunks have ids in [its first chunk, its last chunk] (ids grow with
        // line numbers), and FTS5 honours rowid ranges: no walking other sessions' hits.
        guard let first = try archive.db.scalarInt64(
                "SELECT id FROM chunks WHERE session_id = ? ORDER BY first_line LIMIT 1", bind: { $0.bind(session, at: 1) }),
              let last = try archive.db.scalarInt64(
                "SELECT id FROM chunks WHERE session_id = ? ORDER BY first_line DESC LIMIT 1", bind: { $0.bind(session, at: 1) }),
              first <= min(last, watermark)
        else { return nil }
        return first...min(last, watermark)
    }

    /// Indexed chunks among `ids` whose text matches the FTS expression and that pass the filters.
    private func listIndexed(_ index: ChunkIndex, _ expression: String, _ ids: ClosedRange<Int64>) throws(ArchiveError) -> [Candidate] {
        let table = index.table
        let s = try Statement(database: archive.db, sql: """
            SELECT id, session_id, first_time, last_time FROM chunks
            WHERE id IN (SELECT rowid FROM \(table) WHERE \(table) MATCH :expression AND rowid >= :low AND rowid <= :high)
            """ + (query.session != nil ? " AND session_id = :session" : "") + timeFilterSQL)
        s.bind(expression, at: s.parameterIndex(":expression"))
        s.bind(ids.lowerBound, named: ":low")
        s.bind(ids.upperBound, named: ":high")
        bindFilters(s)
        do {
            return try chunkCandidates(s)
        } catch {
            throw asBadQuery(error, expression)
        }
    }

    /// The chunks among `ids`, other than `excluded`, that come before a window candidate
    /// timed `bound` in the reading order: last line after it when newest first, first line
    /// before it when oldest first (at equal times, storage order puts the window first). Nil
    /// when there are more than `query.maxOutOfOrderChunks`. Found through the time indexes
    /// (v0012), never by reading every chunk row; `+id` keeps SQLite from walking the id range.
    private func listOutOfOrder(in ids: ClosedRange<Int64>, reaching bound: Int64, excluding excluded: Set<Int64>) throws(ArchiveError) -> [Candidate]? {
        let cap = query.maxOutOfOrderChunks + excluded.count + 1
        let time = query.newestFirst ? "last_time > :bound" : "first_time < :bound"
        let s = try Statement(database: archive.db, sql: """
            SELECT id, session_id, first_time, last_time FROM chunks
            WHERE \(time) AND +id >= :low AND +id <= :high
            """ + (query.session != nil ? " AND session_id = :session" : "") + timeFilterSQL + " LIMIT :cap")
        s.bind(bound, named: ":bound")
        s.bind(ids.lowerBound, named: ":low")
        s.bind(ids.upperBound, named: ":high")
        s.bind(Int64(cap), named: ":cap")
        bindFilters(s)
        let listed = try chunkCandidates(s)
        let found = listed.filter { !excluded.contains($0.key) }
        return listed.count >= cap || found.count > query.maxOutOfOrderChunks ? nil : found
    }

    /// Whether the index lists chunk `id` for the expression.
    private func indexHolds(_ index: ChunkIndex, _ expression: String, _ id: Int64) throws(ArchiveError) -> Bool {
        let table = index.table
        let s = try archive.db.cached("SELECT 1 FROM \(table) WHERE \(table) MATCH ? AND rowid = ?")
        defer { s.reset() }
        s.bind(expression, at: 1)
        s.bind(id, at: 2)
        do {
            return try s.step()
        } catch {
            throw asBadQuery(error, expression)
        }
    }

    /// The (id, session, first time, last time) rows of a query on `chunks`, as candidates.
    private func chunkCandidates(_ s: Statement) throws(ArchiveError) -> [Candidate] {
        var found: [Candidate] = []
        while try s.step() {
            found.append(Candidate(kind: .chunk, key: s.int64(0), session: s.int64(1), firstTime: s.int64(2), lastTime: s.int64(3)))
        }
        return found
    }

    /// An index query's failure: in `fts` mode a syntax error is the user's query, reported as such.
    private func asBadQuery(_ error: ArchiveError, _ expression: String) -> ArchiveError {
        query.mode == .fts ? FTSProbe.asBadQuery(error, expression) : error
    }

    // MARK: Lines

    /// Collects the hits of the row's chunk (columns: session, first line, count, first/last
    /// time, body) in the requested order: the scan threads match it, except in `fts` mode,
    /// whose expression runs over its lines here.
    private mutating func process(row: Statement, id: Int64, provisional: Bool = false) throws(ArchiveError) {
        if let deadline, hits.count >= query.limit, Self.monotonicNanoseconds() >= deadline {
            outOfTime = true
            return
        }
        let session = row.int64(0), firstLine = row.int64(1)
        if let scope = query.scope, !scope.overlaps(session: session, lines: firstLine...(firstLine + max(0, row.int64(2) - 1))) {
            return
        }
        if let scan {
            try row.withBlob(5) { (body) throws(ArchiveError) in
                try scan.submit(body: body, id: id, session: session, firstLine: firstLine, provisional: provisional)
            }
            return try takeScanned(all: false)
        }
        // `fts` mode: the chunk's lines go through FTS5 on this connection.
        guard let probe = ftsProbe else { return }
        try row.withBlob(5) { (body) throws(ArchiveError) in try chunk.decompress(body, id: id) }
        guard chunk.declaredLineCount > 0 else { return }
        try chunk.decodeLineTable(id: id)
        let decoded = self.chunk
        let query = self.query
        var lineHits: [(Int, [Range<Int>])] = []
        try decoded.payload.withUnsafeBufferPointer { (payload) throws(ArchiveError) in
            let lines = (0..<decoded.lineCount).map { i in
                UnsafeBufferPointer(rebasing: payload[decoded.textOffsets[i]..<(decoded.textOffsets[i] + decoded.textLengths[i])])
            }
            lineHits = try probe.matches(lines: lines).filter { (i, _) in
                if let since = query.since, decoded.timestamps[i] < since { return false }
                if let until = query.until, decoded.timestamps[i] > until { return false }
                return true
            }
        }
        if query.newestFirst { lineHits.reverse() }
        for (i, ranges) in lineHits {
            if done { return }
            if let scope = query.scope, !scope.contains(session: session, line: firstLine + Int64(i)) { continue }
            total += 1
            if hits.count < query.limit {
                try addHit(session: session, firstLine: firstLine, index: i, ranges: ranges, provisional: provisional)
            }
        }
    }

    private mutating func addHit(session: Int64, firstLine: Int64, index i: Int, ranges: [Range<Int>],
                                 provisional: Bool) throws(ArchiveError) {
        let number = firstLine + Int64(i)
        var before: [ExportedLine] = []
        var after: [ExportedLine] = []
        if query.before > 0 {
            let from = max(1, number - Int64(query.before))
            if from < number { before = try context(session: session, firstLine: firstLine, from...(number - 1)) }
        }
        if query.after > 0 {
            after = try context(session: session, firstLine: firstLine, (number + 1)...(number + Int64(query.after)))
        }
        let time = chunk.timeShown(ofLine: i)
        Self.fillUnwrittenTimes(&before, following: time)
        Self.fillUnwrittenTimes(&after, preceding: time)
        hits.append(SearchHit(
            session: session, sessionName: try sessionName(session), line: number, timestamp: time,
            text: chunk.text(i), matches: ranges, contextBefore: before, contextAfter: after, provisional: provisional))
    }

    /// Gives context lines stored with time 0 (see `DecodedChunk.timeShown`) the time of the line before.
    static func fillUnwrittenTimes(_ lines: inout [ExportedLine], preceding: Int64) {
        var previous = preceding
        for k in lines.indices {
            if lines[k].timestamp == 0 { lines[k].timestamp = previous } else { previous = lines[k].timestamp }
        }
    }

    /// The same for lines before a hit: the first of them may only have a later line to go by.
    static func fillUnwrittenTimes(_ lines: inout [ExportedLine], following: Int64) {
        let first = lines.first(where: { $0.timestamp != 0 })?.timestamp ?? following
        fillUnwrittenTimes(&lines, preceding: first)
    }

    /// Context lines, from the chunk in hand when it covers them, else from the archive.
    private func context(session: Int64, firstLine: Int64, _ range: ClosedRange<Int64>) throws(ArchiveError) -> [ExportedLine] {
        let last = firstLine + Int64(chunk.lineCount) - 1
        if range.lowerBound >= firstLine && range.upperBound <= last {
            return range.map { chunk.line(Int($0 - firstLine), firstLine: firstLine) }
        }
        return try archive.lines(session: session, range: range)
    }

    private mutating func sessionName(_ id: Int64) throws(ArchiveError) -> String? {
        if let cached = names[id] { return cached }
        let name = try archive.session(id: id)?.name
        names[id] = name
        return name
    }
}
