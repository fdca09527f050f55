import MCP

/// The tools and their arguments: names are a contract with the agents that call them.
/// Every tool only reads, and says so in its annotations.
enum ToolCatalog {
    static let readOnly = Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)

    static let tools: [Tool] = [
        Tool(
            name: "search",
            description: """
                Find lines in every recorded terminal session, newest first. mode words (default) \
                matches each word as the start of a word, in any order, ignoring case and accents; \
                phrase matches the words in order; substring is a literal, case-sensitive substring; \
                regex is PCRE2 (^ and $ are the line's ends). Each match names its session and line \
                number, for get_session_text.
                """,
            inputSchema: schema(
                ["query": property("string", "What to look for."),
                 "mode": .object(["type": "string", "enum": ["words", "phrase", "substring", "regex"],
                                  "description": "How query matches (default words)."]),
                 "session": property("string", "Only this session: its id or name (see list_sessions)."),
                 "since": property("string", "Only lines at or after this time: 2h, 3d, 2026-11-20, ISO 8601."),
                 "until": property("string", "Only lines before this time: 2h, 3d, 2026-11-20, ISO 8601."),
                 "limit": integer("At most this many matching lines (default \(Defaults.searchLimit), at most \(Defaults.maximumSearchLimit)).", minimum: 1, maximum: Defaults.maximumSearchLimit),
                 "context": integer("Lines of context before and after each match (default 0, at most \(Defaults.maximumContext)).", minimum: 0, maximum: Defaults.maximumContext)],
                required: ["query"]),
            annotations: readOnly),
        Tool(
            name: "list_sessions",
            description: "List the recorded terminal sessions, oldest first: id, name, command, directory, times, state, exit status, line and command counts.",
            inputSchema: schema([:]),
            annotations: readOnly),
        Tool(
            name: "list_commands",
            description: """
                List the commands run in recorded shells (those with shell integration), oldest first: \
                id, command line, directory, exit status, times, how many lines of output. The id is \
                what get_command_output and diff_command_output take.
                """,
            inputSchema: schema(
                ["session": property("string", "Only this session: its id or name."),
                 "failed": property("boolean", "Only commands that exited non-zero."),
                 "since": property("string", "Only commands started at or after this time: 2h, 3d, 2026-11-20, ISO 8601."),
                 "cwd": property("string", "Only commands run in this directory (an absolute path)."),
                 "limit": integer("Only the newest N (default \(Defaults.commandLimit), at most \(Defaults.maximumCommandLimit)).", minimum: 1, maximum: Defaults.maximumCommandLimit)]),
            annotations: readOnly),
        Tool(
            name: "get_command_output",
            description: """
                What one command printed, as the user saw it, paged by lines: offset 0 is its first \
                output line. The result says how many lines remain and the offset to ask for next; \
                nothing is cut silently.
                """,
            inputSchema: schema(
                ["id": integer("The command's id from list_commands, or -N for the Nth last finished command of the newest session with commands (-1: the last one)."),
                 "offset": integer("Output lines to skip (default 0).", minimum: 0),
                 "limit": integer("At most this many lines (default \(Defaults.pageLines), at most \(Defaults.maximumPageLines)).", minimum: 1, maximum: Defaults.maximumPageLines)],
                required: ["id"]),
            annotations: readOnly),
        Tool(
            name: "get_session_text",
            description: """
                A session's lines as the user saw them (soft-wrapped rows joined, progress bars in \
                their final state), paged: first_line is 1-based, as search reports line numbers. \
                The result says how many lines remain.
                """,
            inputSchema: schema(
                ["session": property("string", "The session's id or name (default: the last one added)."),
                 "first_line": integer("The first line wanted (default 1).", minimum: 1),
                 "limit": integer("At most this many lines (default \(Defaults.pageLines), at most \(Defaults.maximumPageLines)).", minimum: 1, maximum: Defaults.maximumPageLines)]),
            annotations: readOnly),
        Tool(
            name: "diff_command_output",
            description: """
                A unified diff of what a command printed against what the previous run of the same \
                command line in the same directory printed (or against another command). Says so \
                when the outputs are the same.
                """,
            inputSchema: schema(
                ["id": integer("The command's id, or -N for the Nth last finished command."),
                 "against": integer("The command to compare with (default: the previous run of the same command line in the same directory); an id or -N.")],
                required: ["id"]),
            annotations: readOnly),
    ]

    /// Defaults and bounds, sized so that one answer fits comfortably in an agent's context.
    enum Defaults {
        static let searchLimit = 50
        static let maximumSearchLimit = 1000
        static let maximumContext = 50
        static let commandLimit = 50
        static let maximumCommandLimit = 1000
        static let pageLines = 200
        static let maximumPageLines = 5000
        /// A page also stops once its text reaches this many bytes (long lines), saying where
        /// to go on from.
        static let pageBytes = 512 * 1024
        /// The largest line number or offset taken: the largest integer a JSON number holds
        /// exactly, and far from where adding a page's length would overflow.
        static let largestLine = 1 << 53
    }

    private static func schema(_ properties: [String: Value], required: [String] = []) -> Value {
        var object: [String: Value] = ["type": "object", "properties": .object(properties), "additionalProperties": false]
        if !required.isEmpty { object["required"] = .array(required.map { .string($0) }) }
        return .object(object)
    }

    private static func property(_ type: String, _ description: String) -> Value {
        .object(["type": .string(type), "description": .string(description)])
    }

    private static func integer(_ description: String, minimum: Int? = nil, maximum: Int? = nil) -> Value {
        var object: [String: Value] = ["type": "integer", "description": .string(description)]
        if let minimum { object["minimum"] = .int(minimum) }
        if let maximum { object["maximum"] = .int(maximum) }
        return .object(object)
    }
}
