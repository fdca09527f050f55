import Archive
import ArgumentParser

struct Prune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete sessions that ended before a given age, then reclaim the space.",
        discussion: "Example: scrollvault prune --older-than 30d"
    )

    @OptionGroup var archive: ArchiveOptions
    @Option(help: ArgumentHelp("Age: 30d, 12h, 2w, or a date.", valueName: "age")) var olderThan: String

    func validate() throws {
        if parseTime(olderThan) == nil { throw ValidationError("--older-than '\(olderThan)' is not an age like 30d or a date") }
    }

    func run() throws {
        let db = try archive.openForWriting()
        let removed = try db.prune(endedBefore: parseTime(olderThan)!)
        print("removed \(removed) session\(removed == 1 ? "" : "s")")
    }
}
