import Archive
import ArgumentParser
import Glibc

struct Forget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Delete sessions from the archive and its index.",
        discussion: "Example: scrollvault forget 12 deploy-secrets"
    )

    @OptionGroup var archive: ArchiveOptions
    @Argument(help: "Session ids or names.") var sessions: [String]

    func validate() throws {
        if sessions.isEmpty { throw ValidationError("name at least one session") }
    }

    func run() throws {
        let db = try archive.openForWriting()
        for name in sessions {
            let summary = try db.session(matching: name)
            if summary.state == .recording && summary.recorderPID > 0 && kill(summary.recorderPID, 0) == 0 {
                throw CLIError("session \(summary.id) is still recording (recorder pid \(summary.recorderPID)); end it first, then forget it")
            }
            try db.forget(session: summary.id)
            print("forgot session \(summary.id)\(summary.name.map { " (\($0))" } ?? ""): \(summary.lineCount) lines")
        }
    }
}
