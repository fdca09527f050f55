import Archive
import ArgumentParser
import FoundationEssentials
import TimeText

struct Commands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commands",
        abstract: "List the commands run in recorded shells, oldest first.",
        discussion: """
            A command is known when its shell has ScrollVault's integration (`scrollvault run` adds it \
            to bash, zsh and fish; see `scrollvault init`) or another terminal's (OSC 133, VS Code's \
            633). EXIT is empty while a command runs, or when its session ended first.

            Examples:
              scrollvault commands --failed --since 2h
              scrollvault commands --session deploy --limit 20
              scrollvault commands --json | jq -r 'select(.exit_status != 0) | .command'
              scrollvault commands --remote --failed --since 1d

            --remote [URL] lists the team server's commands (URL, else $SCROLLVAULT_SYNC_URL), \
            every host's or --host H's, with a HOST column; ids are each host's own.

            Exit status: 0 listed (an empty archive lists nothing); 1 no such --session; 2 error.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Option(help: "Only this session (id or name).") var session: String?
    @Flag(help: "Only commands that exited non-zero.") var failed = false
    @Option(help: ArgumentHelp("Only commands started since: 2h, 30m, 7d, or a date.", valueName: "time")) var since: String?
    @Option(help: ArgumentHelp("Only commands started until: 2h, 30m, 7d, or a date.", valueName: "time")) var until: String?
    @Option(help: ArgumentHelp("Only commands run in this directory.", valueName: "dir")) var cwd: String?
    @Option(help: ArgumentHelp("Only the newest N.", valueName: "n")) var limit: Int?
    @Flag(help: "One JSON object per line.") var json = false
    @Option(help: ArgumentHelp("List the team server's commands (postgres://…, default $SCROLLVAULT_SYNC_URL).", valueName: "url"))
    var remote: String?
    @Option(help: ArgumentHelp("With --remote: only this host's commands.", valueName: "name")) var host: String?

    func validate() throws {
        if let since, parseTime(since) == nil { throw ValidationError("--since '\(since)' is not a time like 2h or 2026-11-24") }
        if let until, parseTime(until) == nil { throw ValidationError("--until '\(until)' is not a time like 2h or 2026-11-24") }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if remote == nil && host != nil { throw ValidationError("--host needs --remote: this archive holds only this machine's commands") }
    }

    func run() throws {
        if remote != nil { return try runRemote() }
        // Nothing recorded yet lists nothing, as `sessions` does.
        guard FileManager.default.fileExists(atPath: archive.path) else { return }
        let db = try archive.openForReading()
        var filter = CommandFilter()
        if let session { filter.session = try db.session(matching: session).id }
        filter.failedOnly = failed
        filter.since = since.flatMap { parseTime($0) }
        filter.until = until.flatMap { parseTime($0) }
        filter.workingDirectory = cwd.map(Self.absolute)
        filter.limit = limit
        let commands = try db.commands(matching: filter)
        let out = StandardOutput()
        if json {
            for command in commands { out.write(Self.jsonObject(command) + "\n") }
            out.flush()
            return
        }
        writeTable(commands, to: out)
    }

    func writeTable(_ commands: [CommandSummary], withHost: Bool = false, to out: StandardOutput) {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var rows = [(withHost ? ["HOST"] : []) + ["ID", "SESSION", "STARTED", "DURATION", "EXIT", "CWD", "COMMAND"]]
        for c in commands {
            let duration = c.startedAt.map { formatDuration((c.finishedAt ?? (c.sessionIsRecording ? now : $0)) - $0) } ?? "-"
            let exit = c.exitStatus.map(String.init) ?? (c.finishedAt == nil && c.sessionIsRecording ? "running" : "-")
            rows.append((withHost ? [ListingText.oneLine(c.host)] : []) + [String(c.id), c.sessionName.map(ListingText.oneLine) ?? String(c.session), c.startedAt.map(formatTime) ?? "-",
                         c.finishedAt == nil && !c.sessionIsRecording ? "-" : duration, exit,
                         c.workingDirectory.map(ListingText.oneLine) ?? "-", ListingText.oneLine(c.command ?? "-")])
        }
        ListingTable.write(rows, to: out)
    }

    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path }
        let here = FileManager.default.currentDirectoryPath
        return path == "." ? here : here + "/" + path
    }

    static func jsonObject(_ c: CommandSummary) -> String {
        var object = JSONObject(capacity: 256)
        object.field("id", c.id)
        object.field("session", c.session)
        object.field("session_name", c.sessionName)
        object.field("host", c.host)
        object.field("command", c.command)
        object.field("cwd", c.workingDirectory)
        object.field("exit_status", c.exitStatus)
        object.field("started_at", c.startedAt.map(isoTime))
        object.field("ended_at", c.finishedAt.map(isoTime))
        object.field("first_line", c.outputLines?.lowerBound)
        object.field("last_line", c.outputLines?.upperBound)
        object.field("prompt_line", c.promptLine)
        return object.closed()
    }
}
