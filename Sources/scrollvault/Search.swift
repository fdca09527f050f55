import Archive
import ArgumentParser

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find lines in every recorded session.",
        discussion: """
            By default the words are matched as words, in any order, case-insensitively; FTS \
            syntax in the query is taken literally. Newest matches come first.

            Examples:
              scrollvault search connection refused
              scrollvault search --since 2h -C 3 'error:'
              scrollvault search --regex 'tok[0-9]+7$' --session build
              scrollvault search -i --regex '^(warn|error)\\b'
              scrollvault search --json --limit 5 panic

            Exit status: 0 something matched; 1 nothing matched (also when the --session does \
            not exist or nothing is recorded yet); 2 error.
            """
    )

    @OptionGroup var archive: ArchiveOptions

    @Option(help: "Only this session (id or name).") var session: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Only lines at or after this time: 2h, 3d, 2026-11-20, ISO 8601.", valueName: "time")) var since: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Only lines before this time.", valueName: "time")) var until: String?
    @Option(name: .customShort("C"), help: ArgumentHelp("Lines of context before and after.", valueName: "n")) var context: Int?
    @Option(name: .customShort("A"), help: ArgumentHelp("Lines of context after.", valueName: "n")) var after: Int?
    @Option(name: .customShort("B"), help: ArgumentHelp("Lines of context before.", valueName: "n")) var before: Int?
    @Option(help: "At most this many matching lines.") var limit: Int = 100
    @Flag(help: "Oldest matches first.") var oldestFirst = false
    @Flag(help: "QUERY is a regular expression in PCRE2 syntax, as grep -P and rg take (Unicode-aware; ^ and $ are the line's ends).") var regex = false
    @Flag(help: "QUERY is a literal substring (case-sensitive unless -i).") var substring = false
    @Flag(name: [.customShort("i"), .long], help: "Ignore case in --regex and --substring (word, --phrase and --fts searches always do).") var ignoreCase = false
    @Flag(help: "QUERY is an exact phrase.") var phrase = false
    @Flag(help: "QUERY is FTS5 syntax (AND, OR, NEAR, prefix*).") var fts = false
    @Flag(help: "One JSON object per matching line.") var json = false
    @Argument(parsing: .remaining, help: "What to look for.") var query: [String]

    func validate() throws {
        if [regex, substring, phrase, fts].filter({ $0 }).count > 1 {
            throw ValidationError("choose at most one of --regex, --substring, --phrase, --fts")
        }
        if query.isEmpty { throw ValidationError("give something to search for") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        for value in [context, after, before] where (value ?? 0) < 0 {
            throw ValidationError("context line counts cannot be negative")
        }
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, parseTime(value) == nil {
                throw ValidationError("\(flag) '\(value)' is not a time: use 2h, 3d, 2026-11-20 or ISO 8601")
            }
        }
    }

    func run() throws {
        do {
            let db = try archive.openForReading()
            var q = SearchQuery(text: query.joined(separator: " "))
            q.mode = regex ? .regex : substring ? .substring : phrase ? .phrase : fts ? .fts : .words
            if let session { q.session = try db.session(matching: session).id }
            q.since = since.flatMap { parseTime($0) }
            q.until = until.flatMap { parseTime($0) }
            q.before = before ?? context ?? 0
            q.after = after ?? context ?? 0
            q.limit = limit
            q.newestFirst = !oldestFirst
            q.ignoreCase = ignoreCase
            let hits = try db.search(q)
            let printer = SearchPrinter(json: json, color: OutputStyle.useColor())
            printer.print(hits, context: q.before > 0 || q.after > 0)
            if hits.isEmpty { throw ExitCode(1) }
        } catch let error as ExitCode {
            throw error
        }
    }
}
