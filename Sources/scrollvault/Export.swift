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

            Exit status: 0 printed; 1 no such session (or none recorded yet); 2 error.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, ansi, json }

    @OptionGroup var archive: ArchiveOptions
    @Option(help: "text, ansi or json.") var format: Format = .text
    @Option(help: ArgumentHelp("Write to this file instead of stdout (created or made 0600).", valueName: "file")) var output: String?
    @Option(help: ArgumentHelp("Only lines A through B (1-based, either side may be left out: 100:, :50).", valueName: "A:B")) var lines: String?
    @Flag(help: "Prefix each line with its time.") var timestamps = false
    @Argument(help: "Session id or name (default: the last session).") var session: String?

    func validate() throws {
        if let lines, parseLineRange(lines) == nil {
            throw ValidationError("--lines '\(lines)' is not a range like 100:200")
        }
    }

    func run() throws {
        let db = try archive.openForReading()
        let summary = try db.session(matching: session)
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
        let range = lines.flatMap(parseLineRange)
        try db.export(session: summary.id, lines: range) { line in
            switch format {
            case .text:
                if timestamps { out.write("[\(formatTime(line.timestamp))] ") }
                out.write(line.text)
                out.write("\n")
            case .ansi:
                if timestamps { out.write("[\(formatTime(line.timestamp))] ") }
                out.write(ansiText(line))
                out.write("\n")
            case .json:
                out.write("{\"number\":\(line.number),\"time\":\(jsonString(isoTime(line.timestamp))),\"text\":\(jsonString(line.text)),\"mark\":\(jsonString(markName(line.mark)))}\n")
            }
        }
        out.flush()
    }

    private func markName(_ mark: UInt8) -> String {
        switch mark {
        case 1: return "prompt"
        case 2: return "input"
        case 3: return "output"
        default: return "none"
        }
    }

    /// The text with each style run wrapped in `ESC[0;<sgr>m … ESC[0m`.
    private func ansiText(_ line: ExportedLine) -> String {
        guard !line.styleRuns.isEmpty else { return line.text }
        let bytes = Array(line.text.utf8)
        var out: [UInt8] = []
        var position = 0
        for run in line.styleRuns {
            let start = Int(run.start), end = min(bytes.count, Int(run.start + run.length))
            guard start >= position, start < end else { continue }
            out += bytes[position..<start]
            out += Array("\u{1B}[0;\(run.sgr)m".utf8)
            out += bytes[start..<end]
            out += Array("\u{1B}[0m".utf8)
            position = end
        }
        out += bytes[position...]
        return String(decoding: out, as: UTF8.self)
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
