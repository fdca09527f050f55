import Archive
import ArgumentParser

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print what a command printed (its output lines, as export shows them).",
        discussion: """
            ID is a command id from `scrollvault commands`; -N is the Nth last finished command of \
            the newest session that has commands (-1, the default, is the last one).

            Examples:
              scrollvault show                        # what the last command printed
              scrollvault show -2 --with-command
              scrollvault show 412 --format json

            Exit status: 0 printed (also when the command printed nothing); 1 no such command; 2 error.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Flag(help: "Start with a line `$ COMMAND`.") var withCommand = false
    @Option(help: "text, ansi or json.") var format: LinePrinter.Format = .text
    /// Unrecognised words are taken too, so that `-2` is not read as an option.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("A command id, or -N for the Nth last (default -1).", valueName: "id"))
    var words: [String] = []

    private var command: String { words.first ?? "-1" }

    func validate() throws {
        if words.count > 1 { throw ValidationError("one command at a time, not \(words.joined(separator: " "))") }
        if CommandReference(command) == nil { throw ValidationError("'\(command)' is neither a command id nor -N") }
    }

    func run() throws {
        let db = try archive.openForReading()
        guard let found = try CommandReference(command)!.resolve(in: db) else {
            throw CLIError("no command \(command) (see `scrollvault commands`)", code: ExitStatus.nothingFound)
        }
        let out = StandardOutput()
        let printer = LinePrinter(format: format, timestamps: false)
        if withCommand && format != .json { out.write("$ " + (found.command ?? "?") + "\n") }
        if let lines = found.outputLines {
            try db.export(session: found.session, lines: lines) { printer.print($0, to: out) }
        }
        out.flush()
    }
}

/// A command named on the command line: its id, or -N for the Nth last finished one.
struct CommandReference {
    enum Kind { case id(Int64), back(Int) }
    let kind: Kind

    init?(_ text: String) {
        if text.hasPrefix("-"), let n = Int(text.dropFirst()), n >= 1 {
            kind = .back(n)
        } else if let id = Int64(text), id >= 1 {
            kind = .id(id)
        } else {
            return nil
        }
    }

    func resolve(in db: Archive) throws -> CommandSummary? {
        switch kind {
        case .id(let id): try db.command(id: id)
        case .back(let n): try db.recentFinishedCommand(back: n)
        }
    }
}
