import Archive
import ArgumentParser
import Glibc
import PTY
import Support
import TimeText

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find lines in every recorded session.",
        discussion: """
            By default the words are matched as words (each as the start of a word), in any order, \
            ignoring case and accents (cafe finds café); punctuation around a word is ignored as the \
            index ignores it, and FTS syntax in the query is taken literally. Newest matches come first.

            Output is grep's: NAME:LINE:TEXT for a match, NAME-LINE-TEXT for context, and -- between \
            groups of context that are not adjacent. NAME is the session's name, or its id. The time \
            is left out so that `cut -d: -f3-` gives the text; --timestamps puts it at the start of \
            the text as export does: NAME:LINE:[2026-12-05 06:48:14] TEXT. --json gives both, and \
            match offsets in bytes (match_bytes) and in characters (match_chars).

            Examples:
              scrollvault search connection refused
              scrollvault search --since 2h -C3 'error:'
              scrollvault search --regex 'tok[0-9]+7$' --session build
              scrollvault search -i --regex '^(warn|error)\\b'
              scrollvault search --json --limit 5 panic
              scrollvault search -c timeout
              scrollvault search --failed --command 'make*' error
              scrollvault search --remote --host build-7 'connection refused'

            --remote [URL] searches the team server that `sync` ships to (URL, else \
            $SCROLLVAULT_SYNC_URL) over every host, in the same modes with the same results as a \
            local search of the same lines, and prints each match as NAME@HOST:LINE:TEXT (JSON \
            adds "host"); --host H keeps one host. Matches come newest first by time. A regex is \
            PCRE2 there too: the server only picks lines holding its literals, and each is matched \
            here. --fts, --command, --failed and --cwd are local only.

            Exit status: 0 something matched; 1 nothing matched (also when the --session does \
            not exist or nothing is recorded yet); 2 error.
            """
    )

    @OptionGroup var archive: ArchiveOptions

    @Option(help: "Only this session (id or name).") var session: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Only lines at or after this time: 2h, 3d, 2026-11-20, ISO 8601.", valueName: "time")) var since: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Only lines before this time.", valueName: "time")) var until: String?
    @Option(name: [.customShort("C", allowingJoined: true), .customLong("context")],
            help: ArgumentHelp("Lines of context before and after each match (-C3 or -C 3).", valueName: "n")) var context: Int?
    @Option(name: [.customShort("A", allowingJoined: true), .customLong("after-context")],
            help: ArgumentHelp("Lines of context after each match.", valueName: "n")) var after: Int?
    @Option(name: [.customShort("B", allowingJoined: true), .customLong("before-context")],
            help: ArgumentHelp("Lines of context before each match.", valueName: "n")) var before: Int?
    @Option(help: ArgumentHelp("At most this many matching lines (default: 100); 0 for all of them. On a terminal, a notice on stderr says when more matched.", valueName: "n")) var limit: Int?
    @Flag(name: [.customShort("c"), .long], help: "Print only how many lines matched (all of them, or up to --limit if given).") var count = false
    @Flag(help: "Show each line's time: NAME:LINE:[2026-12-05 06:48:14] TEXT.") var timestamps = false
    @Flag(help: "Oldest matches first.") var oldestFirst = false
    @Flag(help: "QUERY is a regular expression in PCRE2 syntax, as grep -P and rg take (Unicode-aware; ^ and $ are the line's ends).") var regex = false
    @Flag(help: "QUERY is a literal substring (case-sensitive unless -i).") var substring = false
    @Flag(name: [.customShort("i"), .long], help: "Ignore case in --regex and --substring (word, --phrase and --fts searches always do).") var ignoreCase = false
    @Flag(help: "QUERY is an exact phrase.") var phrase = false
    @Flag(help: "QUERY is FTS5 syntax (AND, OR, NEAR, prefix*).") var fts = false
    @Flag(help: "One JSON object per matching line.") var json = false
    @Option(help: ArgumentHelp("Only the output of commands whose command line matches this glob (make*, *test*).", valueName: "glob"))
    var command: String?
    @Flag(help: "Only the output of commands that exited non-zero.") var failed = false
    @Option(help: ArgumentHelp("Only the output of commands run in this directory.", valueName: "dir")) var cwd: String?
    @Option(help: ArgumentHelp("Search the team server (postgres://…, default $SCROLLVAULT_SYNC_URL) instead of this archive.", valueName: "url"))
    var remote: String?
    @Option(help: ArgumentHelp("With --remote: only this host's sessions.", valueName: "name")) var host: String?
    @Argument(parsing: .remaining, help: "What to look for.") var query: [String]

    func validate() throws {
        if [regex, substring, phrase, fts].filter({ $0 }).count > 1 {
            throw ValidationError("choose at most one of --regex, --substring, --phrase, --fts")
        }
        if query.isEmpty { throw ValidationError("give something to search for") }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 (no limit) or more, not \(limit)") }
        for value in [context, after, before] where (value ?? 0) < 0 {
            throw ValidationError("context line counts cannot be negative")
        }
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, parseTime(value) == nil {
                throw ValidationError("\(flag) '\(value)' is not a time: use 2h, 3d, 2026-11-20 or ISO 8601")
            }
        }
        try validateRemote()
    }

    func run() throws {
        if remote != nil { return try runRemote() }
        do {
            let db = try archive.openForReading()
            var q = SearchQuery(text: query.joined(separator: " "))
            q.mode = regex ? .regex : substring ? .substring : phrase ? .phrase : fts ? .fts : .words
            if let session { q.session = try db.session(matching: session).id }
            q.since = since.flatMap { parseTime($0) }
            q.until = until.flatMap { parseTime($0) }
            q.before = before ?? context ?? 0
            q.after = after ?? context ?? 0
            q.newestFirst = !oldestFirst
            if command != nil || failed || cwd != nil {
                var filter = CommandFilter()
                filter.session = q.session
                filter.failedOnly = failed
                filter.workingDirectory = cwd.map(Commands.absolute)
                let chosen = try db.commands(matching: filter).filter { c in
                    command.map { glob in c.command.map { fnmatch(glob, $0, 0) == 0 } ?? false } ?? true
                }
                q.scope = LineScope(outputOf: chosen)
                if q.scope!.isEmpty {
                    if count { StandardOutput().write(json ? "{\"count\":0}\n" : "0\n") }
                    throw ExitCode(1)
                }
            }
            q.ignoreCase = ignoreCase
            if count {
                try printCount(db, q)
                return
            }
            let limit = self.limit ?? 100
            q.limit = limit == 0 ? Int.max : limit
            // Only a person reading on a terminal gets told about more matches, and counting
            // them costs time past the limit: a bounded time at that.
            let notice = limit > 0 && isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1
            if notice { q.counting = .within(milliseconds: Self.countingBudgetMilliseconds) }
            let results = try db.searchCounting(q)
            var printer = SearchPrinter(json: json, color: OutputStyle.useColor(), timestamps: timestamps)
            if json { printer.commands = try CommandOwners(of: results.hits, in: db) }
            printer.print(results.hits, context: q.before > 0 || q.after > 0)
            if notice && results.total > results.hits.count {
                let total = results.totalIsExact ? "\(results.total)" : "at least \(results.total)"
                StandardError.write("(\(results.hits.count) of \(total) shown; --limit to change)\n")
            }
            if results.hits.isEmpty { throw ExitCode(1) }
        } catch let error as ExitCode {
            throw error
        }
    }

    /// How long a search on a terminal may spend in all before the count of further matches
    /// is given as "at least N".
    static let countingBudgetMilliseconds = 200

    /// `-c`: the number of matching lines, like grep -c (exit status 1 when it is 0).
    private func printCount(_ db: Archive, _ query: SearchQuery) throws {
        var q = query
        q.limit = 0
        q.before = 0
        q.after = 0
        q.counting = .all(cap: limit.flatMap { $0 > 0 ? $0 : nil })
        let total = try db.searchCounting(q).total
        let out = StandardOutput()
        out.write(json ? "{\"count\":\(total)}\n" : "\(total)\n")
        out.flush()
        if total == 0 { throw ExitCode(1) }
    }
}
