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

    /// The background catch-up `run` starts: low priority, small slices (each holds the write
    /// lock only briefly), and it steps aside as soon as a session is recording, whose writer
    /// indexes in its own idle time. Not SCHED_IDLE: starved while holding the lock, it would
    /// stall the next session's writer (measured: a 256 MiB burst ran 2.7x slower).
    private func catchUpQuietly(_ db: Archive) throws(ArchiveError) {
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        while try !db.hasLiveRecording(), try db.indexPending(maxChunks: 8) > 0 {}
    }

    func run() throws {
        let db = try archive.openForWriting()
        do {
            if background {
                try catchUpQuietly(db)
            } else {
                try db.indexAll()
            }
        } catch {
            throw CLIError("indexing \(archive.path) failed: \(error)")
        }
    }
}
