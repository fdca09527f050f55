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
            var object = JSONObject()
            object.field("archive", archive.path)
            object.field("exists", exists)
            object.field("file_bytes", fileBytes)
            object.field("text_bytes", textBytes)
            object.field("sessions", sessions)
            object.field("lines", lines)
            object.field("chunks", chunks)
            object.field("unindexed_chunks", unindexedChunks)
            object.field("unindexed_lines", unindexedLines)
            print(object.closed())
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
