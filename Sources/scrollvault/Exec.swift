import ArgumentParser
import Recorder
import Redaction

struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command without a terminal (cron, CI), recording its stdout and stderr.",
        discussion: """
            The command runs on pipes, as it would under cron or in CI: it sees no terminal. \
            Its stdout and stderr go to yours unchanged, in the order they arrive, and are \
            archived as one session whose lines keep their stream (export --format json marks \
            stderr lines "stream": "stderr"). Recording never fails the command: if the archive \
            cannot be written, one warning goes to stderr and the command runs anyway.

            Examples:
              scrollvault exec --name nightly-backup -- /usr/local/bin/backup.sh
              0 3 * * * scrollvault exec --name backup -- backup.sh     # a crontab line
              scrollvault exec -- make test                             # a CI step

            Exit status: the command's own (128+N when signal N killed it); 126 when it cannot \
            be executed, 127 when it is not found, 125 when scrollvault fails before starting \
            it (usage errors included).
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Option(help: "A name for the session (unique, not all digits; search and export accept it).") var name: String?
    @Option(help: "The width lines are rendered at (default 200; longer lines are kept whole).") var cols: Int?
    @Flag(help: "Record secrets verbatim instead of replacing them with [REDACTED:kind].") var noRedact = false
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments, after --.") var command: [String] = []

    func validate() throws {
        if let first = command.first, first.hasPrefix("-"), first != "--" {
            if ["-h", "--help", "-help"].contains(first) { throw CleanExit.helpRequest(self) }
            throw ValidationError("unknown option '\(first)' (put the command after --: scrollvault exec -- COMMAND ARGS...)")
        }
        if command.filter({ $0 != "--" }).isEmpty { throw ValidationError("no command given (scrollvault exec -- COMMAND ARGS...)") }
        if let cols, !(1...4096).contains(cols) { throw ValidationError("--cols must be between 1 and 4096") }
    }

    func run() throws {
        try archive.ensureNameIsFree(name)
        var words = command
        if words.first == "--" { words.removeFirst() }
        var request = ExecRecorder.Request(command: words, databasePath: archive.path)
        request.name = name
        if let cols { request.columns = cols }
        request.redactor = noRedact ? nil : RedactionSettings.lenient()
        let status = ExecRecorder.run(request)
        BackgroundIndexer.startIfNeeded(executable: "/proc/self/exe", databasePath: archive.path)
        throw ExitCode(status)
    }
}
