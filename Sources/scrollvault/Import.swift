import ArgumentParser
import Glibc
import PTY
import Recorder

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a recording (an asciicast, a script(1) typescript, terminal bytes) or a program's output.",
        discussion: """
            The format is detected when not given: asciicast (a JSON header line), typescript (a "Script \
            started on" line), else text. text is a program's output through a pipe or in a file: each \
            newline ends a line. raw is bytes exactly as a terminal received them (a pty capture), where \
            a bare newline only moves down.

            The session keeps the recording's own times: it starts when the recording started and ends \
            at its last event, and its lines carry their recorded times (what search --since/--until \
            see). Without times (raw, text), it starts and ends at the import and its duration is unknown. \
            A file is named after itself without its extension (demo.cast becomes demo, then demo-2 when \
            taken) unless --name is given; standard input stays unnamed.

            Prints the new session's id. Malformed or truncated input: what was valid is imported, the \
            place it stopped is reported, and the exit status is 2.

            Examples:
              scrollvault import build.cast
              scrollvault import --format typescript --timing timing.log typescript
              ls -l /usr | scrollvault import --name usr-listing --cols 120 -

            Exit status: 0 imported; 2 error (after malformed input the session id is still \
            printed: what came before is kept).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, raw, typescript, asciicast }

    @OptionGroup var archive: ArchiveOptions
    @Option(help: "The input's format (default: detected).") var format: Format?
    @Option(help: ArgumentHelp("A script(1) timing file (classic or advanced) for a typescript.", valueName: "file")) var timing: String?
    @Option(help: "Terminal width (default: from the recording, else 80).") var cols: Int?
    @Option(help: "Terminal height (default: from the recording, else 24).") var rows: Int?
    @Option(help: "A name for the session (default: the file's name without its extension).") var name: String?
    @Option(help: ArgumentHelp("In-memory scrollback budget, 1MiB to 64GiB, e.g. 16MiB.", valueName: "size")) var scrollbackMemory: String = "16MiB"
    @Flag(name: [.short, .long], help: "No progress bar and no closing line on stderr (a terminal gets them otherwise).") var quiet = false
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
        let total = file == "-" ? nil : Self.regularFileSize(file)
        let shown = file == "-" ? "stdin" : String(file.split(separator: "/").last ?? Substring(file))
        let bar = ProgressBar(label: "import \(shown)", total: total, unit: .bytes, quiet: quiet)
        do {
            let outcome = try Importer.run(request, progress: bar.map { bar in
                { bytes in
                    // The input is read; the rest is indexing, which keeps no count.
                    if let total, bytes >= total { bar.enter("indexing", done: bytes) } else { bar.update(bytes) }
                }
            })
            bar?.finish()
            if isatty(STDERR_FILENO) == 1 && !quiet {
                // The chosen name (demo-2?) is worth saying to a person; scripts read the id.
                let named = outcome.name.map { " (\($0))" } ?? ""
                StandardError.write("\r\u{1B}[Kimported \(outcome.lines) lines as session \(outcome.session)\(named)\n")
            }
            print(outcome.session)
            if let stopped = outcome.stoppedEarly {
                throw CLIError("imported \(outcome.lines) lines, then stopped: \(stopped)")
            }
        } catch let error as RecorderError {
            bar?.finish()
            throw CLIError(error.description, code: error.exitCode)
        }
    }

    /// The size of a regular file, for the bar's total (nil for a pipe or a device).
    private static func regularFileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int64(info.st_size)
    }
}
