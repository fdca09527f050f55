import Archive
import ArgumentParser
import Glibc

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring the search index up to date.",
        discussion: """
            Searches are always complete (they also scan lines not yet indexed), but indexed lines are
            found in milliseconds. `run` starts this in the background when a session ends with a backlog.

            Example:
              scrollvault index
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Flag(help: .hidden) var background = false

    func run() throws {
        if background {
            // Only idle CPU: the user's next command must not feel a catch-up running behind it.
            var parameters = sched_param()
            _ = sched_setscheduler(0, 5 /* SCHED_IDLE */, &parameters)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        }
        let db = try archive.openForWriting()
        do {
            try db.indexAll()
        } catch {
            throw CLIError("indexing \(archive.path) failed: \(error)")
        }
    }
}
