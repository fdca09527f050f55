import Archive
import ArgumentParser
import Glibc

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print a session's lines: clean text, text with colours, or JSON.",
        discussion: """
            text is what a person saw: soft-wrapped rows joined, trailing blanks trimmed, \
            progress bars in their final state, the alternate screen (vim, less) left out. A \
            SESSION is an id or a name; id:N and name:NAME say which.

            Examples:
              scrollvault export                      # the last session
              scrollvault export build --lines 100:200
              scrollvault export --format ansi 3 | less -R
              scrollvault export --format json --output session.jsonl deploy
              scrollvault export --command 412        # what one command printed

            Exit status: 0 printed; 1 no such session (or none recorded yet); 2 error.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Option(help: "text, ansi or json.") var format: LinePrinter.Format = .text
    @Option(help: ArgumentHelp("Write to this file instead of stdout (created or made 0600).", valueName: "file")) var output: String?
    @Option(help: ArgumentHelp("Only lines A through B (1-based, either side may be left out: 100:, :50).", valueName: "A:B")) var lines: String?
    @Option(help: ArgumentHelp("Only the output of this command (an id from `scrollvault commands`).", valueName: "id")) var command: Int64?
    @Flag(help: "Prefix each line with its time.") var timestamps = false
    @Flag(name: [.short, .long], help: "No progress bar on stderr with --output (a terminal gets one otherwise).") var quiet = false
    @Argument(help: "Session id or name (default: the last session).") var session: String?

    func validate() throws {
        if let lines, parseLineRange(lines) == nil {
            throw ValidationError("--lines '\(lines)' is not a range like 100:200")
        }
        if command != nil && session != nil { throw ValidationError("--command names its session: give no SESSION with it") }
    }

    func run() throws {
        let db = try archive.openForReading()
        let sessionID: Int64, startedAt: Int64, lineCount: Int64
        var range = lines.flatMap(parseLineRange)
        if let command {
            guard let found = try db.command(id: command) else {
                throw CLIError("no command \(command) (see `scrollvault commands`)", code: ExitStatus.nothingFound)
            }
            sessionID = found.session
            startedAt = found.startedAt ?? 0
            lineCount = found.outputLines.map { $0.upperBound - $0.lowerBound + 1 } ?? 0
            // Its output, narrowed by --lines (counted within the session).
            guard let output = found.outputLines else { return }
            let low = max(output.lowerBound, range?.lowerBound ?? 1), high = min(output.upperBound, range?.upperBound ?? .max)
            guard low <= high else { return }
            range = low...high
        } else {
            let summary = try db.session(matching: session)
            sessionID = summary.id
            startedAt = summary.startedAt
            lineCount = summary.lineCount
        }
        var fd = STDOUT_FILENO
        if let output {
            fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            if fd < 0 { throw CLIError("cannot write \(output): \(String(cString: strerror(errno)))") }
            // Its contents are being replaced with terminal output, which holds secrets: an
            // existing file becomes private too, like one we create.
            if fchmod(fd, 0o600) != 0 { warn("could not make \(output) private (0600): \(String(cString: strerror(errno)))") }
        }
        defer { if fd != STDOUT_FILENO { close(fd) } }
        let out = StandardOutput(fd: fd)
        var printer = LinePrinter(format: format, timestamps: timestamps, previousTime: startedAt)
        // Writing to a file leaves the terminal free for a bar.
        let bar = output.flatMap { ProgressBar(label: "export \($0)", total: lineCount, unit: .lines, quiet: quiet) }
        var written: Int64 = 0
        defer { bar?.finish() }
        // A command's output is its own lines only; a session's export marks its paused gaps.
        var pauses = PauseMarkers(command == nil ? try db.pauses(session: sessionID) : [],
                                  startsAtBeginning: (range?.lowerBound ?? 1) == 1)
        try db.export(session: sessionID, lines: range) { line in
            for span in pauses.before(lineAt: line.timestamp) { printer.printPause(span, to: out) }
            printer.print(line, to: out)
            written += 1
            if written & 4095 == 0 { bar?.update(written) }
        }
        let reachedEnd = range.map { $0.upperBound >= lineCount } ?? true
        for span in pauses.atEnd(reachedEnd: reachedEnd) { printer.printPause(span, to: out) }
        out.flush()
    }
}

/// `A:B`, `A:`, `:B` (1-based, inclusive).
func parseLineRange(_ text: String) -> ClosedRange<Int64>? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2 else { return nil }
    let low = parts[0].isEmpty ? 1 : Int64(parts[0])
    let high = parts[1].isEmpty ? Int64.max : Int64(parts[1])
    guard let low, let high, low >= 1, low <= high else { return nil }
    return low...high
}
