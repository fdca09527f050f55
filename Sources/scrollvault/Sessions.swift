import Archive
import ArgumentParser
import FoundationEssentials
import Glibc

struct Sessions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List recorded sessions, oldest first.",
        discussion: """
            Examples:
              scrollvault sessions
              scrollvault sessions --json | jq '.[] | select(.state == "interrupted")'

            Exit status: 0 listed (an empty archive lists nothing); 2 error.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Flag(help: "A JSON array of sessions.") var json = false

    func run() throws {
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
        let out = StandardOutput()
        if json {
            out.write("[" + sessions.map(jsonObject).joined(separator: ",\n ") + "]\n")
            out.flush()
            return
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var rows = [["ID", "NAME", "STARTED", "DURATION", "LINES", "EXIT", "STATE", "COMMAND"]]
        for s in sessions {
            rows.append([String(s.id), s.name ?? "-", formatTime(s.startedAt), formatDuration((s.endedAt ?? now) - s.startedAt),
                         String(s.lineCount), s.exitStatus.map(String.init) ?? "-", s.state.rawValue, s.command])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { column, value in
                column == row.count - 1 ? value : value + String(repeating: " ", count: max(widths[column] - value.count, 0))
            }
            out.write(cells.joined(separator: "  ") + "\n")
        }
        out.flush()
    }

    private func jsonObject(_ s: SessionSummary) -> String {
        "{\"id\":\(s.id),\"name\":\(jsonOptional(s.name)),\"command\":\(jsonString(s.command)),"
            + "\"working_directory\":\(jsonString(s.workingDirectory)),\"host\":\(jsonString(s.host)),"
            + "\"started\":\(jsonString(isoTime(s.startedAt))),\"ended\":\(s.endedAt.map { jsonString(isoTime($0)) } ?? "null"),"
            + "\"lines\":\(s.lineCount),\"bytes\":\(s.byteCount),\"exit_status\":\(s.exitStatus.map(String.init) ?? "null"),"
            + "\"state\":\(jsonString(s.state.rawValue)),\"title\":\(jsonOptional(s.title)),\"columns\":\(s.columns),\"rows\":\(s.rows)}"
    }
}
