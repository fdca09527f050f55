import ArgumentParser
import Glibc
import PTY
import Recorder

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a recording: raw terminal bytes, a script(1) typescript, or an asciicast.",
        discussion: """
            The format is detected when not given. Prints the new session's id. Malformed or \
            truncated input: what was valid is imported, the place it stopped is reported, and \
            the exit status is 2.

            Examples:
              scrollvault import --name build build.cast
              scrollvault import --format typescript --timing timing.log typescript
              some-program | scrollvault import --format raw --cols 120 --rows 40 -

            Exit status: 0 imported; 2 error (after malformed input the session id is still \
            printed: what came before is kept).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case raw, typescript, asciicast }

    @OptionGroup var archive: ArchiveOptions
    @Option(help: "raw, typescript or asciicast (default: detected).") var format: Format?
    @Option(help: ArgumentHelp("A script(1) timing file (classic or advanced) for a typescript.", valueName: "file")) var timing: String?
    @Option(help: "Terminal width (default: from the recording, else 80).") var cols: Int?
    @Option(help: "Terminal height (default: from the recording, else 24).") var rows: Int?
    @Option(help: "A name for the session.") var name: String?
    @Option(help: ArgumentHelp("In-memory scrollback budget, 1MiB to 64GiB, e.g. 16MiB.", valueName: "size")) var scrollbackMemory: String = "16MiB"
    @Argument(help: "The recording, or - for standard input.") var file: String

    func validate() throws {
        try ScrollbackMemory.validate(scrollbackMemory)
        if let cols, !(1...4096).contains(cols) { throw ValidationError("--cols must be between 1 and 4096") }
        if let rows, !(1...4096).contains(rows) { throw ValidationError("--rows must be between 1 and 4096") }
    }

    func run() throws {
        try archive.ensureNameIsFree(name)
        var request = Importer.Request(source: file, databasePath: archive.path)
        request.format = format.map { RecordingFormat(rawValue: $0.rawValue)! }
        request.timingPath = timing
        request.columns = cols
        request.rows = rows
        request.name = name
        request.scrollbackBudget = ScrollbackMemory.bytes(scrollbackMemory)
        let showProgress = isatty(STDERR_FILENO) == 1
        do {
            let outcome = try Importer.run(request, progress: showProgress ? { bytes in
                StandardError.write("\rimported \(bytes >> 20) MiB")
            } : nil)
            if showProgress { StandardError.write("\r\u{1B}[K") }
            print(outcome.session)
            if let stopped = outcome.stoppedEarly {
                throw CLIError("imported \(outcome.lines) lines, then stopped: \(stopped)")
            }
        } catch let error as RecorderError {
            throw CLIError(error.description, code: error.exitCode)
        }
    }
}
