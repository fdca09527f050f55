import Archive
import MCP
import TextDiff
import TimeText

extension ArchiveTools {
    /// `diff_command_output`: a unified diff of a command's output against an earlier run's,
    /// as `scrollvault diff` prints it.
    func diffCommandOutput(_ arguments: ToolArguments) throws -> ToolResult {
        try arguments.expectOnly(["id", "against"])
        let new = try command(try arguments.requiredInteger("id", in: Int.min + 1...Int.max), argument: "id")
        let old: CommandSummary
        if let against = try arguments.integer("against", in: Int.min + 1...Int.max) {
            old = try command(against, argument: "against")
        } else {
            guard let previous = try archive().previousRun(of: new) else {
                throw ToolFailure.badArgument("command \(new.id) (\(new.command ?? "?")) has no earlier run in \(new.workingDirectory ?? "its directory"): give against")
            }
            old = previous
        }
        let hunks = UnifiedDiff(try output(of: old), try output(of: new)).hunks(context: 3)
        var text = "--- command \(old.id): \(old.command ?? "?")\(old.startedAt.map { " (\(isoTime($0)))" } ?? "")\n"
            + "+++ command \(new.id): \(new.command ?? "?")\(new.startedAt.map { " (\(isoTime($0)))" } ?? "")\n"
        if hunks.isEmpty { text += "[the outputs are the same]\n" }
        for hunk in hunks { text += hunk }
        return ToolResult(text: text, structured: [
            "old": Self.describe(old), "new": Self.describe(new), "same": .bool(hunks.isEmpty),
            "hunks": .array(hunks.map { hunk in
                var lines = hunk.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if lines.last == "" { lines.removeLast() }
                return .object(["header": .string(lines.first ?? ""), "lines": .array(lines.dropFirst().map { .string($0) })])
            }),
        ])
    }

    private func output(of command: CommandSummary) throws -> [String] {
        guard let lines = command.outputLines else { return [] }
        var texts: [String] = []
        try archive().export(session: command.session, lines: lines) { texts.append($0.text) }
        return texts
    }
}
