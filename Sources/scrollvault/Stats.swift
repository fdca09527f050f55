import Archive
import ArgumentParser

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Archive size, lines, sessions and how far indexing lags.",
        discussion: """
            Examples:
              scrollvault stats
              scrollvault stats --db ~/old-archive.sqlite
            """
    )

    @OptionGroup var archive: ArchiveOptions

    func run() throws {
        let db = try archive.openForReading()
        let s = try db.statistics()
        print("""
            archive:   \(archive.path)
            size:      \(s.fileBytes) bytes
            sessions:  \(s.sessions)
            lines:     \(s.lines)
            chunks:    \(s.chunks) (\(s.unindexedChunks) not yet indexed)
            """)
    }
}
