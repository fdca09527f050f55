import Archive
import ArgumentParser
import FoundationEssentials
import Glibc
import PTY
import Support
import TimeText

struct Prune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete sessions that ended before a given age, then reclaim the space.",
        discussion: """
            A session's age counts from when it ended: when its recording stopped, or when its \
            import finished. So an old recording imported today is kept as long as a session \
            recorded today, whatever time it was recorded at. Sessions still recording are \
            never removed.

            prune lists the sessions it removes (id, name, start, end, lines). On a terminal it \
            asks first; --yes removes without asking, --dry-run only lists. When standard input \
            is not a terminal, it removes nothing without --yes.

            Examples:
              scrollvault prune --older-than 30d --dry-run
              scrollvault prune --older-than 2026-01-01 --yes

            Exit status: 0 removed, nothing to remove, declined, or --dry-run; 2 error, or \
            no --yes when standard input is not a terminal (nothing removed).
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("Remove sessions that ended longer ago than this (30d, 12h, 2w) or before this date.", valueName: "age"))
    var olderThan: String
    @Flag(help: "Only list the sessions that would be removed.") var dryRun = false
    @Flag(name: [.short, .long], help: "Remove without asking.") var yes = false

    func validate() throws {
        if parseTime(olderThan) == nil {
            let hint = olderThan.hasPrefix("-") ? " (an age has no minus sign: 30d means 30 days ago)" : ""
            throw ValidationError("--older-than '\(olderThan)' is not an age like 30d or a date like 2026-01-01\(hint)")
        }
    }

    func run() throws {
        let cutoff = parseTime(olderThan)!
        let verb = dryRun ? "would remove" : "removed"
        guard FileManager.default.fileExists(atPath: archive.path) else {
            print("\(verb) 0 sessions: no archive at \(archive.path) yet")
            return
        }
        let db = try archive.openExistingForWriting()
        // A recorder that was killed never wrote its end: settled, its session ended at its last line.
        _ = try? db.markInterruptedSessions()
        let doomed = try db.sessions(endedBefore: cutoff)
        guard !doomed.isEmpty else {
            print("\(verb) 0 sessions: none ended before \(formatTime(cutoff))")
            return
        }
        printTable(doomed)
        let what = "\(countOf(doomed.count, "session")) (ended before \(formatTime(cutoff)))"
        if dryRun {
            print("would remove \(what)")
            return
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw CLIError("standard input is not a terminal to confirm removing \(what): nothing removed; pass --yes to remove them, or --dry-run to only list them")
            }
            guard confirm("remove these \(countOf(doomed.count, "session"))? [y/N] ") else {
                print("nothing removed")
                return
            }
        }
        do {
            try db.prune(sessions: doomed.map(\.id))
        } catch {
            throw CLIError("nothing was removed", error)
        }
        print("removed \(what)")
    }

    /// Asks on stderr, reads the answer from the terminal on stdin: only y or yes agrees.
    private func confirm(_ question: String) -> Bool {
        fflush(nil)  // every output stream: the list printed above comes before the question
        StandardError.write(question)
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(trimmingSpaces(answer).lowercased())
    }

    private func printTable(_ sessions: [SessionSummary]) {
        var rows = [["ID", "NAME", "STARTED", "ENDED", "LINES"]]
        for s in sessions {
            rows.append([String(s.id), s.name ?? "-", formatTime(s.startedAt), s.endedAt.map(formatTime) ?? "-", String(s.lineCount)])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { column, value in
                column == row.count - 1 ? value : value + String(repeating: " ", count: widths[column] - value.count)
            }
            print(cells.joined(separator: "  "))
        }
    }
}
