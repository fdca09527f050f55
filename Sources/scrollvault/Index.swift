import Archive
import ArgumentParser
import FoundationEssentials
import Glibc
import Recorder

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Bring the search index up to date.",
        discussion: """
            Searches are always complete (they also scan lines not yet indexed), but indexed \
            lines are found in milliseconds. `run` starts this in the background when a \
            session ends with a backlog; that catch-up waits while other programs keep the \
            CPUs busy (for up to 30 s in all), so it does not slow the next command.

            Example:
              scrollvault index

            Exit status: 0 up to date (also when there is no archive yet); 2 error.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Flag(help: .hidden) var background = false
    @Flag(name: [.short, .long], help: "No progress bar on stderr (a terminal gets one otherwise).") var quiet = false

    func run() throws {
        do {
            if !background && !FileManager.default.fileExists(atPath: archive.path) {
                print("nothing to index: no archive at \(archive.path) yet")
                return
            }
            if background {
                try BackgroundCatchUp.run(path: archive.path)
            } else {
                // This does the background catch-up's work: it is told to stop rather than left
                // holding the write lock, which made `index` fail with "database is locked"
                // when a slice ran long at low priority on a busy machine.
                BackgroundCatchUp.askToStop(path: archive.path)
                let bar = ProgressBar(label: "index", total: nil, unit: .chunks, quiet: quiet)
                defer { bar?.finish() }
                try archive.openForWriting().indexAll(progress: bar.map { bar in { done, total in bar.update(Int64(done), of: Int64(total)) } })
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("indexing \(archive.path) failed: \(error)")
        }
    }
}
