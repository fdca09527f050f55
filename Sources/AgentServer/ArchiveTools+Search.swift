import Archive
import MCP
import TimeText

extension ArchiveTools {
    /// `search`: matching lines, newest first, with their session, line number and time.
    func search(_ arguments: ToolArguments) throws -> ToolResult {
        try arguments.expectOnly(["query", "mode", "session", "since", "until", "limit", "context"])
        var query = SearchQuery(text: try arguments.requiredString("query"))
        query.mode = switch try arguments.choice("mode", of: ["words", "phrase", "substring", "regex"]) {
        case "phrase": .phrase
        case "substring": .substring
        case "regex": .regex
        default: .words
        }
        let sessionArgument = try arguments.string("session")
        query.since = try arguments.time("since")
        query.until = try arguments.time("until")
        query.limit = try arguments.integer("limit", in: 1...ToolCatalog.Defaults.maximumSearchLimit) ?? ToolCatalog.Defaults.searchLimit
        let context = try arguments.integer("context", in: 0...ToolCatalog.Defaults.maximumContext) ?? 0
        query.before = context
        query.after = context
        // "50 of at least 2,000" tells an agent to narrow its search; counting past the limit
        // is bounded in time.
        query.counting = .within(milliseconds: 300)
        guard archiveExists() else {
            return ToolResult(text: "No matches: nothing has been recorded yet.", structured: ["matches": [], "returned": 0, "total": 0, "total_is_exact": true])
        }
        let db = try archive()
        if let sessionArgument { query.session = try db.session(matching: sessionArgument).id }
        let results = try db.searchCounting(query)

        var text = ""
        if results.hits.isEmpty {
            text = "No line matches.\n"
        } else if results.total > results.hits.count {
            text = "\(results.hits.count) of \(results.totalIsExact ? "" : "at least ")\(results.total) matching lines, newest first "
                + "(raise limit, or narrow with session, since or until, for the rest). SESSION:LINE:TEXT\n"
        } else {
            text = "\(results.hits.count) matching line\(results.hits.count == 1 ? "" : "s"), newest first. SESSION:LINE:TEXT\n"
        }
        var matches: [Value] = []
        for (index, hit) in results.hits.enumerated() {
            let name = hit.sessionName ?? String(hit.session)
            if context > 0 && index > 0 { text += "--\n" }
            for line in hit.contextBefore { text += "\(name)-\(line.number)-\(line.text)\n" }
            text += "\(name):\(hit.line):\(hit.text)\n"
            for line in hit.contextAfter { text += "\(name)-\(line.number)-\(line.text)\n" }
            var match: [String: Value] = [
                "session": .int(Int(hit.session)), "session_name": Value(hit.sessionName), "line": .int(Int(hit.line)),
                "time": .string(isoTime(hit.timestamp)), "text": .string(hit.text),
            ]
            if context > 0 {
                match["context_before"] = .array(hit.contextBefore.map(Self.numbered))
                match["context_after"] = .array(hit.contextAfter.map(Self.numbered))
            }
            matches.append(.object(match))
        }
        return ToolResult(text: text, structured: [
            "matches": .array(matches), "returned": .int(results.hits.count),
            "total": .int(results.total), "total_is_exact": .bool(results.totalIsExact),
        ])
    }

    static func numbered(_ line: ExportedLine) -> Value {
        .object(["line": .int(Int(line.number)), "text": .string(line.text)])
    }
}
