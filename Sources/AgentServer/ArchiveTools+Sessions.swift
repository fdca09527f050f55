import Archive
import Glibc
import MCP
import TimeText

extension ArchiveTools {
    /// `list_sessions`: every session, oldest first.
    func listSessions(_ arguments: ToolArguments) throws -> ToolResult {
        try arguments.expectOnly([])
        guard archiveExists() else {
            return ToolResult(text: "No sessions: nothing has been recorded yet.\n", structured: ["sessions": []])
        }
        let db = try archive()
        let sessions = try db.sessions()
        let commandCounts = try db.commandCounts()
        var text = sessions.isEmpty ? "No sessions.\n" : "\(sessions.count) session\(sessions.count == 1 ? "" : "s"), oldest first:\n"
        var listed: [Value] = []
        for s in sessions {
            let state = Self.state(of: s)
            let commands = commandCounts[s.id] ?? 0
            let exit = s.exitStatus.map { ", exit \($0)" } ?? ""
            text += "\(s.id)\(s.name.map { " (\($0))" } ?? "") \(state)\(exit), started \(isoTime(s.startedAt)), "
                + "\(s.lineCount) lines, \(commands) commands, in \(s.workingDirectory): \(s.command)\n"
            listed.append(.object([
                "id": .int(Int(s.id)), "name": Value(s.name), "command": .string(s.command),
                "working_directory": .string(s.workingDirectory), "host": .string(s.host), "source": .string(s.source.rawValue),
                "started": .string(isoTime(s.startedAt)), "ended": Value(s.endedAt.map(isoTime)),
                "state": .string(state), "exit_status": Value(s.exitStatus),
                "lines": .int(Int(s.lineCount)), "commands": .int(commands), "title": Value(s.title),
            ]))
        }
        return ToolResult(text: text, structured: ["sessions": .array(listed)])
    }

    /// The session's state, with a `recording` session whose recorder is gone (killed, a crash)
    /// shown as `interrupted`, as `scrollvault sessions` settles it; the server only reads, so
    /// it says so without writing it.
    static func state(of session: SessionSummary) -> String {
        guard session.state == .recording else { return session.state.rawValue }
        let pid = session.recorderPID
        let alive = pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
        return alive ? session.state.rawValue : SessionState.interrupted.rawValue
    }
}
