import Archive
import ArgumentParser
import Glibc
import PTY
import Support

/// The exit statuses of every command, in one place: `main` maps every failure through here,
/// and the root `--help`, the README and the man page print `table`.
///
/// As grep: 0 when the command did what was asked (an empty archive is not an error), 1 when
/// what it was asked to find does not exist, 2 for every error, usage errors included. `run`
/// passes its command's status through, so its own failures use 125 as env(1) and timeout(1)
/// do, leaving 126 and 127 to mean the command could not be executed or found.
enum ExitStatus {
    static let success: Int32 = 0
    /// search matched no line; the SESSION asked for does not exist; nothing is recorded yet.
    static let nothingFound: Int32 = 1
    /// Bad usage, an archive that cannot be opened, read or written, a bad query, a failed or
    /// partial import, a prune that was not confirmed, a team server that cannot be reached,
    /// refuses the login or has a newer schema.
    static let error: Int32 = 2
    /// `run` failed before its command started (usage errors included).
    static let runDidNotStart: Int32 = 125

    /// The status for an archive failure: asking for what is not there is "nothing found".
    static func of(_ error: ArchiveError) -> Int32 {
        switch error {
        case .sessionNotFound, .missingArchive: return nothingFound
        default: return self.error
        }
    }

    /// Kept under 80 columns: help prints it as it is, one table row per line.
    static let table = """
        Exit status, every command:
          0    success (search: a line matched); an empty archive is not an error
          1    not found: no line matched, no such session, nothing recorded yet
          2    error: bad usage, an archive that cannot be used, a bad query,
               a failed import, a team server that cannot be reached or used
          run  the command's own status (128+N: killed by signal N); 126 cannot
               execute it, 127 not found, 125 scrollvault failed before starting it
               (exec: the same)
        """
}

/// An error the CLI prints as one line on stderr, exiting with `code`.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var code: Int32
    init(_ description: String, code: Int32 = ExitStatus.error) {
        self.description = description
        self.code = code
    }

    /// An archive failure with what the command was doing, keeping the failure's status.
    init(_ context: String, _ error: ArchiveError) {
        self.init("\(context): \(error)", code: ExitStatus.of(error))
    }
}

/// Prints the failure on stderr and exits with its status from `ExitStatus`. Errors of our own
/// are one `scrollvault: …` line; argument-parser's usage errors keep its message and usage
/// lines; help and `--version` go to stdout with 0; `ExitCode` is a status a command chose
/// (search's 1, run's command status). `runsACommand`: the failure belongs to `run`, whose own
/// failures must not look like its command's.
func exitReporting(_ error: Error, runsACommand: Bool) -> Never {
    let failed = runsACommand ? ExitStatus.runDidNotStart : ExitStatus.error
    switch error {
    case let error as ExitCode:
        Glibc.exit(error.rawValue)
    case let error as CLIError:
        StandardError.write("scrollvault: \(error.description)\n")
        Glibc.exit(runsACommand && error.code == ExitStatus.error ? failed : error.code)
    case let error as ArchiveError:
        StandardError.write("scrollvault: \(error)\n")
        Glibc.exit(runsACommand ? failed : ExitStatus.of(error))
    default:
        let parserCode = ScrollVault.exitCode(for: error)
        if parserCode == .success { ScrollVault.exit(withError: error) }  // --help, --version
        if parserCode == .validationFailure {
            var message = ScrollVault.fullMessage(for: error)
            if !message.hasSuffix("\n") { message += "\n" }
            StandardError.write(message)
        } else {
            StandardError.write("scrollvault: \(error)\n")
        }
        Glibc.exit(failed)
    }
}

func warn(_ message: String) {
    StandardError.write("scrollvault: \(message)\n")
}
