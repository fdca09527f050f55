import Archive
import ArgumentParser
import FoundationEssentials
import Recorder
import Redaction
import Support

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command (default: your shell) on a recorded terminal.",
        discussion: """
            Every byte passes straight to your terminal; the lines that scroll by are archived, \
            with secrets replaced by [REDACTED:kind] (see `scrollvault help redact`; --no-redact \
            keeps them). \
            When the command starts, one line on stderr names the session, the archive and how \
            to search it (--quiet leaves it out); nothing more is said unless recording fails.

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
    @Flag(help: "Start bash, zsh or fish without ScrollVault's shell integration (commands are then not recorded as commands).")
    var noShellIntegration = false
    @Flag(name: [.short, .long], help: "Say nothing when the command starts.") var quiet = false
    @Flag(help: "Record secrets verbatim (by default they are archived as [REDACTED:kind]; the terminal shows everything either way).")
    var noRedact = false
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
        request.shellIntegration = !noShellIntegration
        request.redactor = noRedact ? nil : RedactionSettings.lenient()
        if !quiet {
            let announcement = StartAnnouncement(name: name, archivePath: archive.path)
            request.onRecordingStarted = { id in StandardError.write(announcement.line(session: id)) }
        }
        let status = LiveRecorder.run(request)
        BackgroundIndexer.startIfNeeded(executable: "/proc/self/exe", databasePath: archive.path)
        throw ExitCode(status)
    }
}

/// The line `run` prints when its command starts: which session, where it goes, how to find
/// it again (a command to copy, with --db when the archive is not the one found by default).
struct StartAnnouncement: Sendable {
    var name: String?
    var archivePath: String

    func line(session id: Int64) -> String {
        let which = name.map { "session \(id) (\($0))" } ?? "session \(id)"
        let db = archivePath != Archive.defaultPathFromProcessEnvironment() ? " --db \(shellQuoted(archivePath))" : ""
        let session = name.map(shellQuoted) ?? String(id)
        return "scrollvault: recording \(which) into \(archivePath); search it with: scrollvault search\(db) --session \(session) WORDS\n"
    }
}

/// `text` as one shell word: as is when it holds nothing the shell would read specially.
func shellQuoted(_ text: String) -> String {
    let plain = !text.isEmpty && text.unicodeScalars.allSatisfy {
        ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || "/._-+:@%,=".unicodeScalars.contains($0)
    }
    return plain ? text : "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
}
