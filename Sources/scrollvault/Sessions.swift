import Archive
import ArgumentParser
import FoundationEssentials
import Glibc
import PTY
import TimeText

struct Sessions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List recorded sessions, oldest first.",
        discussion: """
            One row per session: line breaks in a command show as ⏎, and on a terminal a long command \
            is cut to fit (--json has it whole). An imported recording shows its own start, duration \
            and exit status; DURATION is - when the recording carried no times. In --json, source is \
            run or import, imported is when an import was made, and duration_seconds is null when \
            unknown. --since and --until go by recorded time, as search's do: a session is listed when \
            its span, from its start to its end, reaches into the window. An archive with no sessions, \
            or no archive yet, lists nothing and exits 0.

            Examples:
              scrollvault sessions
              scrollvault sessions --since 2017-01-01 --until 2018-01-01
              scrollvault sessions --json | jq '.[] | select(.state == "interrupted")'
              scrollvault sessions --remote --host build-7

            --remote [URL] lists the team server's sessions (URL, else $SCROLLVAULT_SYNC_URL), \
            every host's or --host H's, with a HOST column; ids are each host's own.

            Exit status: 0 listed (an empty archive lists nothing); 2 error.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Flag(help: "A JSON array of sessions.") var json = false
    @Option(help: ArgumentHelp("Only sessions that ended at or after this time (or are recording): 2h, 3d, 2026-11-20, ISO 8601.", valueName: "time")) var since: String?
    @Option(help: ArgumentHelp("Only sessions that started at or before this time.", valueName: "time")) var until: String?
    @Option(help: ArgumentHelp("List the team server's sessions (postgres://…, default $SCROLLVAULT_SYNC_URL).", valueName: "url"))
    var remote: String?
    @Option(help: ArgumentHelp("With --remote: only this host's sessions.", valueName: "name")) var host: String?

    func validate() throws {
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, parseTime(value) == nil {
                throw ValidationError("\(flag) '\(value)' is not a time: use 2h, 3d, 2026-11-20 or ISO 8601")
            }
        }
        if remote == nil && host != nil { throw ValidationError("--host needs --remote: this archive holds only this machine's sessions") }
    }

    func run() throws {
        if remote != nil { return try runRemote() }
        guard FileManager.default.fileExists(atPath: archive.path) else {
            // Nothing recorded yet is not an error: a script sees an empty list, a person a hint.
            warn("no sessions yet: nothing has been recorded into \(archive.path)")
            if json { print("[]") }
            return
        }
        let db = try archive.openForReading()
        var sessions = try db.sessions()
        // A recorder that was killed (SIGKILL, a crash, power loss) never wrote its end, and only
        // the next `run` would notice: settle such sessions here so the list does not show them
        // as still recording. Best effort: a read-only or busy archive is listed as it is.
        if sessions.contains(where: { $0.state == .recording }),
           let writable = try? Archive(path: archive.path, mode: .readWrite),
           let settled = try? writable.markInterruptedSessions(), settled > 0 {
            sessions = try db.sessions()
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let window = (since: since.flatMap { parseTime($0) }, until: until.flatMap { parseTime($0) })
        sessions = sessions.filter { session in
            if let since = window.since, (session.endedAt ?? now) < since { return false }
            if let until = window.until, session.startedAt > until { return false }
            return true
        }
        let commandCounts = try db.commandCounts()
        let out = StandardOutput()
        if json {
            let pauses = try db.pausesBySession()
            out.write("[" + sessions.map { jsonObject($0, commands: commandCounts[$0.id] ?? 0, pauses: pauses[$0.id] ?? []) }
                .joined(separator: ",\n ") + "]\n")
            out.flush()
            return
        }
        if sessions.isEmpty {
            warn(since == nil && until == nil ? "no sessions in \(archive.path)" : "no sessions in that time")
            return
        }
        writeTable(sessions, commandCounts: commandCounts, now: now, to: out)
    }

    /// One row per session, columns aligned in terminal cells, the command last.
    /// `commands`, when given, holds each row's command count (a team server's ids repeat across hosts).
    func writeTable(_ sessions: [SessionSummary], commandCounts: [Int64: Int], now: Int64, withHost: Bool = false, commands: [Int]? = nil,
                    to out: StandardOutput) {
        var rows = [(withHost ? ["HOST"] : []) + ["ID", "NAME", "STARTED", "DURATION", "LINES", "CMDS", "EXIT", "STATE", "COMMAND"]]
        for (index, s) in sessions.enumerated() {
            let commandCount = commands?[index] ?? commandCounts[s.id] ?? 0
            rows.append((withHost ? [ListingText.oneLine(s.host)] : []) + [String(s.id), s.name.map(ListingText.oneLine) ?? "-", formatTime(s.startedAt), duration(s, now: now),
                         String(s.lineCount), String(commandCount), s.exitStatus.map(String.init) ?? "-", s.state.rawValue,
                         ListingText.oneLine(s.command)])
        }
        ListingTable.write(rows, to: out)
    }

    /// `-` when the session's recording carried no times (a raw or text import).
    private func duration(_ s: SessionSummary, now: Int64) -> String {
        guard s.durationKnown else { return "-" }
        return formatDuration((s.endedAt ?? now) - s.startedAt)
    }

    func jsonObject(_ s: SessionSummary, commands: Int, pauses: [PauseSpan] = []) -> String {
        // Seconds, null while recording or when the recording carried no times.
        let seconds = s.durationKnown ? s.endedAt.map { String(Double($0 - s.startedAt) / 1000) } : nil
        var object = JSONObject(capacity: 512)
        object.field("id", s.id)
        object.field("name", s.name)
        object.field("command", s.command)
        object.field("working_directory", s.workingDirectory)
        object.field("host", s.host)
        object.field("source", s.source.rawValue)
        object.field("imported", s.importedAt.map(isoTime))
        object.field("started", isoTime(s.startedAt))
        object.field("ended", s.endedAt.map(isoTime))
        object.field("duration_seconds", json: seconds ?? "null")
        object.field("lines", s.lineCount)
        object.field("commands", commands)
        object.field("bytes", s.byteCount)
        object.field("exit_status", s.exitStatus)
        object.field("state", s.state.rawValue)
        object.field("title", s.title)
        object.field("columns", s.columns)
        object.field("rows", s.rows)
        let spans = pauses.map { span in
            var gap = JSONObject(capacity: 64)
            gap.field("from", isoTime(span.pausedAt))
            gap.field("to", span.resumedAt.map(isoTime))
            return gap.closed()
        }
        object.field("paused", json: "[" + spans.joined(separator: ",") + "]")
        return object.closed()
    }
}
