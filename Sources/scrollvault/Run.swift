import ArgumentParser
import FoundationEssentials
import Recorder

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command (default: your shell) on a recorded terminal.",
        discussion: """
            Every byte passes straight to your terminal; the lines that scroll by are archived.

            Examples:
              scrollvault run                         # your $SHELL, recorded
              scrollvault run --name deploy -- ./deploy.sh --prod
              scrollvault run --scrollback-memory 64MiB -- make -j8

            Exit status: the command's own (128+N when signal N killed it); 126 when it cannot \
            be executed, 127 when it is not found, 125 when scrollvault fails before starting \
            it (usage errors included).
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Option(help: "A name for the session (unique, not all digits; search and export accept it).") var name: String?
    @Option(help: ArgumentHelp("In-memory scrollback budget, 1MiB to 64GiB, e.g. 16MiB (the archive keeps everything).", valueName: "size"))
    var scrollbackMemory: String = "16MiB"
    @Option(help: "Columns when neither stdin nor stdout is a terminal (default 80).") var cols: Int?
    @Option(help: "Rows when neither stdin nor stdout is a terminal (default 24).") var rows: Int?
    @Flag(help: "Allow recording inside an already recorded session.") var allowNested = false
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments, after --.") var command: [String] = []

    func validate() throws {
        // `.captureForPassthrough` takes the first word it does not know, dash or not, as the
        // command: without this, `run --help` would try to execute "--help" and a misspelt
        // option would become the command. A command starting with a dash goes after `--`.
        if let first = command.first, first.hasPrefix("-"), first != "--" {
            if ["-h", "--help", "-help"].contains(first) { throw CleanExit.helpRequest(self) }
            throw ValidationError("unknown option '\(first)' (put the command after --: scrollvault run -- COMMAND ARGS...)")
        }
        try ScrollbackMemory.validate(scrollbackMemory)
        if let cols, !(1...4096).contains(cols) { throw ValidationError("--cols must be between 1 and 4096") }
        if let rows, !(1...4096).contains(rows) { throw ValidationError("--rows must be between 1 and 4096") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        if let outer = environment["SCROLLVAULT_SESSION"], !allowNested {
            throw CLIError("already recording (session \(outer)): this terminal is being archived; pass --allow-nested to record again inside it")
        }
        try archive.ensureNameIsFree(name)
        var words = command
        if words.first == "--" { words.removeFirst() }
        if words.isEmpty {
            let shell = environment["SHELL"].flatMap { $0.isEmpty ? nil : $0 } ?? "/bin/sh"
            words = [shell]
        }
        var request = LiveRecorder.Request(command: words, databasePath: archive.path)
        request.name = name
        request.scrollbackBudget = ScrollbackMemory.bytes(scrollbackMemory)
        request.columns = cols
        request.rows = rows
        let status = LiveRecorder.run(request)
        BackgroundIndexer.startIfNeeded(executable: "/proc/self/exe", databasePath: archive.path)
        throw ExitCode(status)
    }
}
