import Archive
import MCP
import TimeText

extension ArchiveTools {
    /// `get_command_output`: a command's output lines from `offset`, at most `limit` of them.
    func commandOutput(_ arguments: ToolArguments) throws -> ToolResult {
        try arguments.expectOnly(["id", "offset", "limit"])
        let reference = try arguments.requiredInteger("id", in: Int.min + 1...Int.max)
        let offset = try arguments.integer("offset", in: 0...ToolCatalog.Defaults.largestLine) ?? 0
        let limit = try arguments.integer("limit", in: 1...ToolCatalog.Defaults.maximumPageLines) ?? ToolCatalog.Defaults.pageLines
        let command = try command(reference, argument: "id")
        let total = Self.outputLineCount(command)
        var lines: [ExportedLine] = []
        if let output = command.outputLines, Int64(offset) < total {
            let first = output.lowerBound + Int64(offset)
            lines = try page(session: command.session, lines: first...min(output.upperBound, first + Int64(limit) - 1))
        }
        let remaining = max(0, total - Int64(offset) - Int64(lines.count))
        let nextOffset = remaining > 0 ? Int64(offset) + Int64(lines.count) : nil
        var text = "$ \(command.command ?? "?")\n"
        text += "(command \(command.id) in session \(command.sessionName ?? String(command.session)), \(Self.status(command)), in \(command.workingDirectory ?? "an unknown directory"))\n"
        for line in lines { text += line.text + "\n" }
        if total == 0 {
            text += "[it printed nothing]\n"
        } else if lines.isEmpty {
            text += "[offset \(offset) is past the end: it printed \(total) lines]\n"
        } else {
            text += "[output lines \(offset + 1)-\(offset + lines.count) of \(total); \(remaining) remaining"
                + (nextOffset.map { ": call again with offset \($0)]\n" } ?? "]\n")
        }
        return ToolResult(text: text, structured: [
            "id": .int(Int(command.id)), "session": .int(Int(command.session)), "command": Value(command.command),
            "cwd": Value(command.workingDirectory), "exit_status": Value(command.exitStatus),
            "total_lines": .int(Int(total)), "offset": .int(offset), "returned": .int(lines.count),
            "remaining": .int(Int(remaining)), "next_offset": Value(nextOffset),
            "lines": .array(lines.map(Self.numbered)),
        ])
    }

    /// `get_session_text`: a session's lines from `first_line`, at most `limit` of them.
    func sessionText(_ arguments: ToolArguments) throws -> ToolResult {
        try arguments.expectOnly(["session", "first_line", "limit"])
        let sessionArgument = try arguments.string("session")
        let firstLine = Int64(try arguments.integer("first_line", in: 1...ToolCatalog.Defaults.largestLine) ?? 1)
        let limit = try arguments.integer("limit", in: 1...ToolCatalog.Defaults.maximumPageLines) ?? ToolCatalog.Defaults.pageLines
        let db = try archive()
        let session = try db.session(matching: sessionArgument)
        // One line more than asked says whether any follow (a recording session's screen may
        // hold lines past its stored count).
        var lines = try page(session: session.id, lines: firstLine...firstLine + Int64(limit))
        let more = lines.count > limit
        if more { lines.removeLast() }
        let last = lines.last?.number ?? firstLine - 1
        let remaining = max(session.lineCount - last, more ? 1 : 0)
        let total = last + remaining
        let nextLine = remaining > 0 && !lines.isEmpty ? last + 1 : nil
        var text = "(session \(session.id)\(session.name.map { " (\($0))" } ?? ""): \(session.command))\n"
        for line in lines { text += line.text + "\n" }
        if lines.isEmpty {
            text += total == 0 ? "[the session has no lines]\n" : "[line \(firstLine) is past the end: the session has \(total) lines]\n"
        } else {
            text += "[lines \(firstLine)-\(last) of \(total); \(remaining) remaining"
                + (nextLine.map { ": call again with first_line \($0)]\n" } ?? "]\n")
        }
        return ToolResult(text: text, structured: [
            "session": .int(Int(session.id)), "name": Value(session.name), "state": .string(session.state.rawValue),
            "first_line": .int(Int(firstLine)), "returned": .int(lines.count), "total_lines": .int(Int(total)),
            "remaining": .int(Int(remaining)), "next_first_line": Value(nextLine),
            "lines": .array(lines.map(Self.numbered)),
        ])
    }

    /// Lines of a session in `range`, stopping early once their text reaches the page's byte
    /// budget (long lines), so that one answer stays a size an agent can take in.
    func page(session: Int64, lines range: ClosedRange<Int64>) throws -> [ExportedLine] {
        struct PageFull: Error {}
        var lines: [ExportedLine] = []
        var bytes = 0
        do {
            try archive().export(session: session, lines: range) { line in
                if !lines.isEmpty && bytes + line.text.utf8.count > ToolCatalog.Defaults.pageBytes { throw PageFull() }
                lines.append(line)
                bytes += line.text.utf8.count + 1
            }
        } catch is PageFull {}
        return lines
    }

    static func status(_ command: CommandSummary) -> String {
        if let status = command.exitStatus { return "exit status \(status)" }
        if command.isFinished { return "finished" }
        return command.sessionIsRecording ? "still running" : "no end recorded"
    }
}
