import Archive
import ArgumentParser
import FoundationEssentials

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Archive size, lines, sessions and how far indexing lags.",
        discussion: """
            Sizes are in binary units (KiB, MiB, GiB); --json gives them in bytes. An archive \
            that does not exist yet is reported as empty.

            Examples:
              scrollvault stats
              scrollvault stats --json --db ~/old-archive.sqlite

            Exit status: 0 reported; 2 error.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Flag(help: "One JSON object, sizes in bytes.") var json = false

    func run() throws {
        let exists = FileManager.default.fileExists(atPath: archive.path)
        let s = exists ? try archive.openForReading().statistics() : nil
        let fileBytes = s?.fileBytes ?? 0, textBytes = s?.textBytes ?? 0, sessions = s?.sessions ?? 0, lines = s?.lines ?? 0
        let chunks = s?.chunks ?? 0, unindexedChunks = s?.unindexedChunks ?? 0, unindexedLines = s?.unindexedLines ?? 0
        if json {
            print("{\"archive\":\(jsonString(archive.path)),\"exists\":\(exists),\"file_bytes\":\(fileBytes),"
                + "\"text_bytes\":\(textBytes),\"sessions\":\(sessions),\"lines\":\(lines),\"chunks\":\(chunks),"
                + "\"unindexed_chunks\":\(unindexedChunks),\"unindexed_lines\":\(unindexedLines)}")
            return
        }
        print("""
            archive:   \(archive.path)\(exists ? "" : " (not created yet: nothing recorded)")
            size:      \(formatByteSize(fileBytes)) (text: \(formatByteSize(textBytes)))
            sessions:  \(sessions)
            lines:     \(lines)
            chunks:    \(chunks) (\(unindexedChunks) not yet indexed)
            """)
    }
}
