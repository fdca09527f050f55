import ArgumentParser
import Glibc
import Recorder
import RecordingFormats
import Redaction
import Support

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

            Several files (or a directory: the files in it) are imported one after the other, each \
            into a session of its own; --name and --timing name one file's. Prints each new \
            session's id on a line of its own. Malformed or truncated input: what was valid is \
            imported, the place it stopped is reported, the other files are still imported, and the \
            exit status is 2.

            Examples:
              scrollvault import build.cast
              scrollvault import ~/recordings/           # every file in it, a session each
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
    @Flag(help: "Archive secrets verbatim (by default they become [REDACTED:kind], as in `run`).") var noRedact = false
    @Argument(help: ArgumentHelp("Recordings, directories of them, or - for standard input.", valueName: "file"))
    var files: [String]

    func validate() throws {
        try ScrollbackMemory.validate(scrollbackMemory)
        if let cols, !(1...4096).contains(cols) { throw ValidationError("--cols must be between 1 and 4096") }
        if let rows, !(1...4096).contains(rows) { throw ValidationError("--rows must be between 1 and 4096") }
        if files.isEmpty { throw ValidationError("name a recording to import, or - for standard input") }
        if files.count > 1 && (name != nil || timing != nil) {
            throw ValidationError("--name and --timing go with one file; give them in one import each")
        }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input can be imported once") }
    }

    func run() throws {
        try archive.ensureNameIsFree(name)
        let redactor = noRedact ? nil : try RedactionSettings.strict()
        let sources = try files.flatMap(Self.expand)
        var failures: [String] = []
        // One after the other: the archive takes one writer at a time, and each import already
        // keeps both CPUs busy (emulator, line assembly, writer).
        for source in sources {
            do {
                try importOne(source, redactor: redactor)
            } catch let error as CLIError where sources.count > 1 {
                warn(error.description)
                failures.append(source)
            }
        }
        if !failures.isEmpty {
            throw CLIError("\(failures.count) of \(sources.count) files were not imported whole: \(failures.joined(separator: ", "))")
        }
    }

    /// A directory stands for the regular files in it, in name order (hidden ones left out).
    private static func expand(_ path: String) throws -> [String] {
        guard path != "-", let directory = opendir(path) else { return [path] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            if regularFileSize(full) != nil { names.append(full) }
        }
        guard !names.isEmpty else { throw CLIError("\(path) holds no files to import") }
        return names.sorted()
    }

    private func importOne(_ file: String, redactor: Redactor?) throws {
        var request = Importer.Request(source: file, databasePath: archive.path)
        request.redactor = redactor
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
