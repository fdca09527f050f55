import Archive
import ArgumentParser
import FoundationEssentials
import Glibc
import Recorder
import Redaction

struct Redact: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Replace secrets in what is already archived with [REDACTED:kind].",
        discussion: """
            run and import redact as they record: private key blocks, AWS access key ids, \
            GitHub, GitLab and Slack tokens, JWTs, Authorization header values and passwords in \
            URLs, plus the regular expressions (PCRE2) listed as `redact = [...]` in \
            $XDG_CONFIG_HOME/scrollvault/config.toml (~/.config/scrollvault/config.toml). This \
            applies the current patterns to sessions recorded before, or with --no-redact: their \
            lines, provisional screens and command lines are rewritten, the index with them, \
            and the old text is wiped from the file. It says how many lines changed, and of \
            which kinds; --dry-run counts without changing anything. Sessions still recording \
            are left alone.

            Examples:
              scrollvault redact --dry-run
              scrollvault redact --session deploy

            Exit status: 0 done (also when nothing needed redacting, or there is no archive); \
            1 SESSION does not exist; 2 error (a bad configuration file included: nothing is \
            changed).
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Option(name: .long, help: "Only this session (an id or a name).") var session: String?
    @Flag(help: "Count what would be redacted; change nothing.") var dryRun = false

    func run() throws {
        let redactor = try RedactionSettings.strict()
        if !FileManager.default.fileExists(atPath: archive.path) {
            if let session { throw CLIError("no session \(session): no archive at \(archive.path)", code: ExitStatus.nothingFound) }
            print("nothing to redact: no archive at \(archive.path) yet")
            return
        }
        if !dryRun { BackgroundCatchUp.askToStop(path: archive.path) }
        let db = dryRun ? try archive.openForReading() : try archive.openExistingForWriting()
        let chosen: [SessionSummary]
        do throws(ArchiveError) {
            if let session { chosen = [try db.session(matching: session)] } else { chosen = try db.sessions() }
        } catch {
            throw CLIError("nothing was redacted", error)
        }
        var total = RedactionCounts()
        var totalCommands = 0
        var sessionsChanged = 0
        for summary in chosen {
            let label = "session \(summary.id)\(summary.name.map { " (\($0))" } ?? "")"
            if summary.state == .recording && summary.recorderPID > 0 && kill(summary.recorderPID, 0) == 0 {
                warn("\(label) is still recording (recorder pid \(summary.recorderPID)): left alone; redact it once it ends")
                continue
            }
            let lines = redactor.makeLineRedactor()
            let commands = redactor.makeLineRedactor()
            let outcome: LineRewriteOutcome
            do throws(ArchiveError) {
                outcome = try db.rewriteLines(session: summary.id, dryRun: dryRun, { text, runs in
                    guard let redacted = lines.redact(text) else { return nil }
                    let moved = runs.compactMap { run in
                        redacted.styleRun(start: Int(run.start), length: Int(run.length)).map {
                            StyleRun(start: Int32($0.start), length: Int32($0.length), sgr: run.sgr)
                        }
                    }
                    return (redacted.text, moved)
                }, rewriteCommand: { command in
                    commands.reset()
                    return commands.redact(command)
                })
            } catch {
                throw CLIError("redacting \(label) failed\(dryRun ? "" : "; its lines are as they were")", error)
            }
            guard outcome.lines > 0 || outcome.commandLines > 0 else { continue }
            sessionsChanged += 1
            var counts = lines.counts
            counts.add(commands.counts)
            total.add(counts)
            totalCommands += outcome.commandLines
            print("\(label): \(Self.describe(lines: outcome.lines, commandLines: outcome.commandLines, counts: counts))")
        }
        let verb = dryRun ? "would redact" : "redacted"
        if sessionsChanged == 0 {
            print("nothing to redact in \(countOf(chosen.count, "session"))\(dryRun ? " (dry run)" : "")")
        } else {
            let lineCount = total.lines - totalCommands
            print("\(verb) \(Self.describe(lines: lineCount, commandLines: totalCommands, counts: total)) in \(countOf(sessionsChanged, "session"))\(dryRun ? "; nothing was changed (dry run)" : "")")
        }
    }

    /// "4 lines, 1 command line changed (3 aws-access-key, 2 jwt)".
    private static func describe(lines: Int, commandLines: Int, counts: RedactionCounts) -> String {
        var parts = [countOf(lines, "line")]
        if commandLines > 0 { parts.append(countOf(commandLines, "command line")) }
        return parts.joined(separator: ", ") + " (\(counts.kindSummary))"
    }
}
