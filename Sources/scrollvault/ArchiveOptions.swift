import Archive
import ArgumentParser
import FoundationEssentials
import Glibc
import PTY

/// `--db PATH`, shared by every subcommand.
struct ArchiveOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The archive file.", discussion: "Default: $SCROLLVAULT_DB, else $XDG_DATA_HOME/scrollvault/archive.sqlite.", valueName: "path"))
    var db: String?

    var path: String {
        db ?? Archive.defaultPathFromProcessEnvironment()
    }

    /// Opens the archive for reading; a missing archive is an error that says where it looked.
    func openForReading() throws -> Archive {
        do {
            return try Archive(path: path, mode: .readOnly)
        } catch {
            throw CLIError("cannot open the archive \(path): \(error)")
        }
    }

    /// Fails with a clear message when a session already has this name, before anything starts:
    /// names are unique, and finding out at the INSERT would leave `run` recording nothing (with
    /// SQLite's constraint message) and `import` blaming the archive.
    func ensureNameIsFree(_ name: String?) throws {
        guard let name, FileManager.default.fileExists(atPath: path) else { return }
        // An archive we cannot read is reported later, by whoever opens it for writing.
        guard let db = try? Archive(path: path, mode: .readOnly), let sessions = try? db.sessions() else { return }
        if let taken = sessions.first(where: { $0.name == name }) {
            throw CLIError("a session named '\(name)' already exists (id \(taken.id)): choose another --name, or `scrollvault forget \(name)` first")
        }
    }

    func openForWriting() throws -> Archive {
        do {
            return try Archive(path: path, mode: .readWrite)
        } catch {
            throw CLIError("cannot open the archive \(path): \(error)")
        }
    }
}

/// An error the CLI prints as one line on stderr, exiting with `code`.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var code: Int32
    init(_ description: String, code: Int32 = 1) {
        self.description = description
        self.code = code
    }
}

/// Prints `scrollvault: message` on stderr and exits with the error's code. ArgumentParser's
/// own errors (usage) keep its formatting and exit 64.
func exitReporting(_ error: Error) -> Never {
    if let error = error as? CLIError {
        StandardError.write("scrollvault: \(error.description)\n")
        Glibc.exit(error.code)
    }
    if let error = error as? ArchiveError {
        StandardError.write("scrollvault: \(error)\n")
        Glibc.exit(1)
    }
    ScrollVault.exit(withError: error)
}

func warn(_ message: String) {
    StandardError.write("scrollvault: \(message)\n")
}
