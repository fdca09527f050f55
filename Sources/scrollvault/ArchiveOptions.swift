import Archive
import ArgumentParser
import FoundationEssentials
import Glibc

/// `--db PATH`, shared by every subcommand.
struct ArchiveOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The archive file.", discussion: "Default: $SCROLLVAULT_DB, else $XDG_DATA_HOME/scrollvault/archive.sqlite.", valueName: "path"))
    var db: String?

    var path: String {
        db ?? Archive.defaultPathFromProcessEnvironment()
    }

    /// Opens the archive for reading; a missing archive is "nothing found" and says where it looked.
    func openForReading() throws -> Archive {
        do {
            return try Archive(path: path, mode: .readOnly)
        } catch {
            throw CLIError("cannot open the archive \(path)", error)
        }
    }

    /// Fails with a clear message when `name` cannot name a new session, before anything
    /// starts: a name that would be taken for an id, an empty one (`SessionName`), or one
    /// already in use (names are unique, and finding out at the INSERT would leave `run`
    /// recording nothing, with SQLite's constraint message, and `import` blaming the archive).
    func ensureNameIsFree(_ name: String?) throws {
        guard let name else { return }
        if let problem = SessionName.problem(with: name) {
            throw CLIError("--name: \(problem)")
        }
        guard FileManager.default.fileExists(atPath: path) else { return }
        // An archive we cannot read is reported later, by whoever opens it for writing.
        guard let db = try? Archive(path: path, mode: .readOnly), let taken = try? db.session(named: name) else { return }
        throw CLIError("a session named '\(name)' already exists (id \(taken.id)): choose another --name, or `scrollvault forget name:\(name)` first")
    }

    func openForWriting() throws -> Archive {
        do {
            return try Archive(path: path, mode: .readWrite)
        } catch {
            throw CLIError("cannot open the archive \(path)", error)
        }
    }

    /// Opens an archive that must already exist for writing (forget, prune, index): they have
    /// nothing to do in an archive that is not there, and must not create one.
    func openExistingForWriting() throws -> Archive {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("cannot open the archive \(path)", ArchiveError.missingArchive(path: path))
        }
        return try openForWriting()
    }
}
