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
    @OptionGroup var command: CommandChoice

    func run() throws {
        let db = try archive.openForReading()
        let found = try command.resolve(in: db, missing: ExitStatus.nothingFound)
        let out = StandardOutput()
        var printer = LinePrinter(format: format, timestamps: false, previousTime: found.startedAt ?? 0)
        if withCommand && format != .json { out.write("$ " + (found.command ?? "?") + "\n") }
        if let lines = found.outputLines {
            try db.export(session: found.session, lines: lines) { printer.print($0, to: out) }
        }
        out.flush()
    }
}
