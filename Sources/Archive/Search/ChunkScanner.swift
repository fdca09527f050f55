import Glibc

/// A hit found by a scanning thread, before the search thread gives it its session name and
/// the context lines that lie outside its chunk.
struct ScannedHit: Sendable {
    var line: Int64
    var timestamp: Int64
    var text: String
    var matches: [Range<Int>]
    /// Context lines taken from the hit's own chunk; nil when the range reaches past it.
    var contextBefore: [ExportedLine]?
    var contextAfter: [ExportedLine]?
}

/// One chunk's hits, in the order the query lists them.
struct ScannedChunk: Sendable {
    var session: Int64
    /// From a recording session's screen tail: its lines may still change.
    var provisional = false
    var hits: [ScannedHit] = []
    var error: ArchiveError?
}

/// How a scanning thread tells the lines that match.
enum ScanLineTest: Sendable {
    /// A regex or case-insensitive substring; `blockSafe`: see `RegexLiterals.blockSafe`.
    case pattern(PCRE2Pattern, blockSafe: Bool)
    /// `words` and `phrase` modes.
    case words(WordMatcher)
    /// A case-sensitive substring, as bytes.
    case substring([UInt8])
}

/// What a scanning thread needs to know about the query.
struct ChunkScanOptions: Sendable {
    var test: ScanLineTest
    var since: Int64?
    var until: Int64?
    var before: Int
    var after: Int
    var newestFirst: Bool
}

/// Decompresses chunks and finds the matching lines in them; one per thread.
///
/// A look at the chunk's whole text block comes first: for a pattern, one match run finds the
/// lines that can match (a chunk with no match costs one JIT pass, no line table); for words
/// and substrings, one pass rules out the chunks that cannot hold them. Each remaining line is
/// then matched alone for its hit and its ranges, so a line is a hit exactly when it matches
/// on its own, as in grep.
final class ChunkScanner {
    /// `ScanLineTest` with a compiled matcher; the words matcher keeps scratch buffers, so it is
    /// changed in place here.
    private enum Test {
        case pattern(PCRE2Matcher, blockSafe: Bool)
        case words(WordMatcher)
        case substring([UInt8])

        /// Whether a text block can hold a hit (always true for a pattern that is not block-safe;
        /// a block-safe one is asked line by line in `candidateLines` instead).
        mutating func blockMayMatch(_ block: UnsafeBufferPointer<UInt8>) -> Bool {
            switch self {
            case .pattern: return true
            case .substring(let needle): return LineMatcher.contains(needle, in: block)
            case .words(var words):
                self = .substring([])  // `words` alone holds its buffers while it writes them
                defer { self = .words(words) }
                return words.blockMayMatch(block)
            }
        }

        /// The ranges `line` matches at, or nil.
        mutating func matches(inLine line: UnsafeBufferPointer<UInt8>) throws(ArchiveError) -> [Range<Int>]? {
            switch self {
            case .pattern(let matcher, _): return try matcher.matches(inLine: line)
            case .substring(let needle):
                let ranges = LineMatcher.occurrences(of: needle, in: line)
                return ranges.isEmpty ? nil : ranges
            case .words(var words):
                self = .substring([])
                defer { self = .words(words) }
                return words.match(line)
            }
        }
    }

    private let options: ChunkScanOptions
    private var test: Test
    private var chunk = DecodedChunk()
    private var candidates: [Int] = []

    /// A match run in the block that crossed a line end made the lines after it be scanned
    /// again from the next line; past this many, the chunk's other lines are matched one by
    /// one (a pattern like `a[^z]*` would otherwise rescan the block once per line).
    private static let crossingsBeforeLineByLine = 8

    init(_ options: ChunkScanOptions) {
        self.options = options
        switch options.test {
        case .pattern(let compiled, let blockSafe): test = .pattern(PCRE2Matcher(compiled), blockSafe: blockSafe)
        case .words(let words): test = .words(words)
        case .substring(let needle): test = .substring(needle)
        }
    }

    func scan(body: UnsafeRawBufferPointer, id: Int64, session: Int64, firstLine: Int64) -> ScannedChunk {
        var result = ScannedChunk(session: session)
        do {
            try chunk.decompress(body, id: id)
            let count = chunk.declaredLineCount
            guard count > 0 else { return result }
            candidates.removeAll(keepingCapacity: true)
            if case .pattern(let matcher, blockSafe: true) = test {
                try findCandidates(lineCount: count, matcher)
                if candidates.isEmpty { return result }
            } else {
                let textStart = chunk.textStart
                guard chunk.payload.withUnsafeBufferPointer({ test.blockMayMatch(UnsafeBufferPointer(rebasing: $0[textStart...])) })
                else { return result }
                candidates.append(contentsOf: 0..<count)
            }
            try chunk.decodeLineTable(id: id)
            try collectHits(firstLine: firstLine, into: &result.hits)
            if options.newestFirst { result.hits.reverse() }
        } catch {
            result.error = error
        }
        return result
    }

    private func findCandidates(lineCount: Int, _ matcher: PCRE2Matcher) throws(ArchiveError) {
        let textStart = chunk.textStart
        try chunk.payload.withUnsafeBufferPointer { (payload) throws(ArchiveError) in
            try Self.candidateLines(in: UnsafeBufferPointer(rebasing: payload[textStart...]), lineCount: lineCount,
                                    matcher: matcher, into: &candidates)
        }
    }

    /// The lines of `block` (lines joined by "\n"), in order, that can hold a match: a superset
    /// of those that match alone, for a block-safe pattern. After each match the run goes on
    /// from the next line, since one match is enough to make its line a candidate.
    static func candidateLines(in block: UnsafeBufferPointer<UInt8>, lineCount: Int, matcher: PCRE2Matcher,
                               into candidates: inout [Int]) throws(ArchiveError) {
        guard let base = block.baseAddress else {
            if try matcher.firstMatch(in: block, from: 0) != nil { candidates.append(0) }
            return
        }
        func endOfLine(from start: Int) -> Int {
            guard start < block.count, let p = memchr(base + start, 0x0A, block.count - start) else { return block.count }
            return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
        }
        var line = 0, lineEnd = endOfLine(from: 0)
        var from = 0, crossings = 0
        while let match = try matcher.firstMatch(in: block, from: from) {
            while match.lowerBound > lineEnd && lineEnd < block.count {
                line += 1
                lineEnd = endOfLine(from: lineEnd + 1)
            }
            candidates.append(line)
            if match.upperBound > lineEnd {
                crossings += 1
                if crossings > crossingsBeforeLineByLine {
                    if line + 1 < lineCount { candidates.append(contentsOf: (line + 1)..<lineCount) }
                    return
                }
            }
            guard lineEnd < block.count else { return }
            from = lineEnd + 1
        }
    }

    private func collectHits(firstLine: Int64, into hits: inout [ScannedHit]) throws(ArchiveError) {
        let chunk = self.chunk, options = self.options
        let lastLine = firstLine + Int64(chunk.lineCount) - 1
        func contextLines(_ range: ClosedRange<Int64>) -> [ExportedLine]? {
            guard range.lowerBound >= firstLine && range.upperBound <= lastLine else { return nil }
            return range.map { chunk.line(Int($0 - firstLine), firstLine: firstLine) }
        }
        try chunk.payload.withUnsafeBufferPointer { (payload) throws(ArchiveError) in
            for i in candidates where i < chunk.lineCount {
                let time = chunk.timestamps[i]
                if let since = options.since, time < since { continue }
                if let until = options.until, time > until { continue }
                let start = chunk.textOffsets[i]
                let line = UnsafeBufferPointer(rebasing: payload[start..<(start + chunk.textLengths[i])])
                guard let ranges = try test.matches(inLine: line) else { continue }
                let number = firstLine + Int64(i)
                var hit = ScannedHit(line: number, timestamp: chunk.timeShown(ofLine: i), text: String(decoding: line, as: UTF8.self), matches: ranges,
                                     contextBefore: [], contextAfter: [])
                if options.before > 0 {
                    let from = max(1, number - Int64(options.before))
                    hit.contextBefore = from < number ? contextLines(from...(number - 1)) : []
                }
                if options.after > 0 {
                    hit.contextAfter = contextLines((number + 1)...(number + Int64(options.after)))
                }
                hits.append(hit)
            }
        }
    }
}
