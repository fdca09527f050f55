import Archive
import ArgumentParser
import Glibc

struct Forget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Delete sessions from the archive and its index.",
        discussion: """
            Every SESSION is checked first: if one does not exist or is still recording, \
            nothing is deleted. A SESSION is an id or a name; id:N and name:NAME say which.

            Example:
              scrollvault forget 12 deploy-secrets

            Exit status: 0 all forgotten; 1 a SESSION does not exist (nothing forgotten); \
            2 error (nothing forgotten).
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Argument(help: "Session ids or names.") var sessions: [String]

    func validate() throws {
        if sessions.isEmpty { throw ValidationError("name at least one session") }
    }

    func run() throws {
        let db = try archive.openExistingForWriting()
        // All or none: `forget 3 nosuch` once deleted 3 and then failed on the second.
        var chosen: [SessionSummary] = []
        for name in sessions {
            let summary: SessionSummary
            do {
                summary = try db.session(matching: name)
            } catch {
                throw CLIError("\(error); nothing was forgotten", code: ExitStatus.of(error))
            }
            if summary.state == .recording && summary.recorderPID > 0 && kill(summary.recorderPID, 0) == 0 {
                throw CLIError("session \(summary.id) is still recording (recorder pid \(summary.recorderPID)); end it first, then forget it; nothing was forgotten")
            }
            if !chosen.contains(where: { $0.id == summary.id }) { chosen.append(summary) }
        }
        do {
            try db.forget(sessions: chosen.map(\.id))
        } catch {
            throw CLIError("nothing was forgotten", error)
        }
        for summary in chosen {
            print("forgot session \(summary.id)\(summary.name.map { " (\($0))" } ?? ""): \(countOf(summary.lineCount, "line"))")
        }
    }
}
