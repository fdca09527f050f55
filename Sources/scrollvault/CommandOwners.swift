import Archive

/// Which command a line belongs to (from its prompt line to its last output line), for the
/// sessions of a set of search hits.
struct CommandOwners {
    private var spans: [Int64: [(lines: ClosedRange<Int64>, id: Int64)]] = [:]

    init() {}

    init(of hits: [SearchHit], in db: Archive) throws {
        for session in Set(hits.map(\.session)) {
            var filter = CommandFilter()
            filter.session = session
            spans[session] = try db.commands(matching: filter).compactMap { c in
                guard let first = c.promptLine ?? c.firstLine else { return nil }
                return (first...max(first, c.lastLine ?? first), c.id)
            }
        }
    }

    func command(session: Int64, line: Int64) -> Int64? {
        spans[session]?.last { $0.lines.contains(line) }?.id
    }
}
