import Archive
import MCP
import TimeText

extension ArchiveTools {
    /// `list_commands`: commands of shells with integration, oldest first (the newest `limit`).
    func listCommands(_ arguments: ToolArguments) throws -> ToolResult {
        try arguments.expectOnly(["session", "failed", "since", "cwd", "limit"])
        var filter = CommandFilter()
        let sessionArgument = try arguments.string("session")
        filter.failedOnly = try arguments.bool("failed") ?? false
        filter.since = try arguments.time("since")
        if let cwd = try arguments.string("cwd") {
            guard cwd.hasPrefix("/") else { throw ToolFailure.badArgument("cwd must be an absolute path, not '\(cwd)'") }
            filter.workingDirectory = cwd.count > 1 && cwd.hasSuffix("/") ? String(cwd.dropLast()) : cwd
        }
        filter.limit = try arguments.integer("limit", in: 1...ToolCatalog.Defaults.maximumCommandLimit) ?? ToolCatalog.Defaults.commandLimit
        guard archiveExists() else {
            return ToolResult(text: "No commands: nothing has been recorded yet.\n", structured: ["commands": []])
        }
        let db = try archive()
        if let sessionArgument { filter.session = try db.session(matching: sessionArgument).id }
        let commands = try db.commands(matching: filter)
        var text = commands.isEmpty
            ? "No commands\(filter.session == nil && !filter.failedOnly && filter.since == nil && filter.workingDirectory == nil ? "" : " match") (commands are known in shells with ScrollVault's or another terminal's integration).\n"
            : "\(commands.count) command\(commands.count == 1 ? "" : "s"), oldest first. ID [EXIT] STARTED (OUTPUT LINES) CWD $ COMMAND\n"
        for c in commands {
            let exit = c.exitStatus.map(String.init) ?? (c.isFinished ? "?" : c.sessionIsRecording ? "running" : "-")
            text += "\(c.id) [\(exit)] \(c.startedAt.map(isoTime) ?? "-") (\(Self.outputLineCount(c)) lines) \(c.workingDirectory ?? "-") $ \(c.command ?? "?")\n"
        }
        return ToolResult(text: text, structured: ["commands": .array(commands.map(Self.describe))])
    }

    static func outputLineCount(_ command: CommandSummary) -> Int64 {
        command.outputLines.map { $0.upperBound - $0.lowerBound + 1 } ?? 0
    }

    static func describe(_ c: CommandSummary) -> Value {
        .object([
            "id": .int(Int(c.id)), "session": .int(Int(c.session)), "session_name": Value(c.sessionName),
            "command": Value(c.command), "cwd": Value(c.workingDirectory), "exit_status": Value(c.exitStatus),
            "started_at": Value(c.startedAt.map(isoTime)), "ended_at": Value(c.finishedAt.map(isoTime)),
            "running": .bool(!c.isFinished && c.sessionIsRecording),
            "output_lines": .int(Int(outputLineCount(c))),
            "first_line": Value(c.outputLines?.lowerBound), "last_line": Value(c.outputLines?.upperBound),
        ])
    }
}
