import Archive
import ArgumentParser
import TextDiff
import TimeText

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare a command's output with its previous run.",
        discussion: """
            Prints a unified diff of what command ID (default: the last finished one, -1) printed \
            against the previous finished run of the same command line in the same directory, or \
            against --against ID.

            Examples:
              scrollvault diff                        # did the last command print what it did last time?
              scrollvault diff 412 --against 388

            Exit status: 0 the outputs are the same; 1 they differ; 2 nothing to compare (no such \
            command, no earlier run) or error.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("The command to compare with (default: the previous run); -N for the Nth last.", valueName: "id"))
    var against: String?
    @OptionGroup var command: CommandChoice

    func validate() throws {
        if let against, CommandReference(against) == nil { throw ValidationError("--against '\(against)' is neither a command id nor -N") }
    }

    func run() throws {
        let db = try archive.openForReading()
        let new = try command.resolve(in: db, missing: ExitStatus.error)
        let old: CommandSummary
        if let against {
            guard let found = try CommandReference(against)!.resolve(in: db) else {
                throw CLIError("no command \(against) (see `scrollvault commands`)", code: ExitStatus.error)
            }
            old = found
        } else {
            guard let found = try db.previousRun(of: new) else {
                throw CLIError("command \(new.id) (\(new.command ?? "?")) has no earlier run in \(new.workingDirectory ?? "its directory")", code: ExitStatus.error)
            }
            old = found
        }
        let before = try Self.output(of: old, in: db), after = try Self.output(of: new, in: db)
        let hunks = UnifiedDiff(before, after).hunks(context: 3)
        guard !hunks.isEmpty else { throw ExitCode(0) }
        let out = StandardOutput()
        out.write("--- command \(old.id): \(old.command ?? "?")\(old.startedAt.map { " (" + formatTime($0) + ")" } ?? "")\n")
        out.write("+++ command \(new.id): \(new.command ?? "?")\(new.startedAt.map { " (" + formatTime($0) + ")" } ?? "")\n")
        for hunk in hunks { out.write(hunk) }
        out.flush()
        throw ExitCode(1)
    }

    static func output(of command: CommandSummary, in db: Archive) throws -> [String] {
        guard let lines = command.outputLines else { return [] }
        var texts: [String] = []
        try db.export(session: command.session, lines: lines) { texts.append($0.text) }
        return texts
    }
}
