import Archive
#if FLEET
import Fleet
#endif

/// Which command a line belongs to (from its prompt line to its last output line), for the
/// sessions of a set of search hits.
struct CommandOwners {
    /// A session of this archive (host nil) or of a host on the team server: ids repeat across hosts.
    private struct Key: Hashable {
        var host: String?
        var session: Int64
    }

    private var spans: [Key: [(lines: ClosedRange<Int64>, id: Int64)]] = [:]

    init() {}

    init(of hits: [SearchHit], in db: Archive) throws {
        for session in Set(hits.map(\.session)) {
            var filter = CommandFilter()
            filter.session = session
            spans[Key(session: session)] = Self.spans(try db.commands(matching: filter))
        }
    }

#if FLEET
    /// The same for hits from the team server, from the commands it holds.
    init(ofRemote hits: [SearchHit], on server: ServerConnection) throws(FleetError) {
        for key in Set(hits.map { Key(host: $0.host, session: $0.session) }) {
            var query = RemoteListing.CommandQuery()
            query.host = key.host
            query.session = String(key.session)
            spans[key] = Self.spans(try RemoteListing.commands(on: server, query))
        }
    }

#endif

    private static func spans(_ commands: [CommandSummary]) -> [(lines: ClosedRange<Int64>, id: Int64)] {
        commands.compactMap { c in
            guard let first = c.promptLine ?? c.firstLine else { return nil }
            return (first...max(first, c.lastLine ?? first), c.id)
        }
    }

    func command(of hit: SearchHit) -> Int64? {
        spans[Key(host: hit.host, session: hit.session)]?.last { $0.lines.contains(hit.line) }?.id
    }
}
