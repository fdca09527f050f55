@testable import Archive
import Testing

/// The storage knobs travel with the connection that writes (archive-bench compares them).
@Suite struct ArchiveTuningTests {
    @Test func aNewArchiveTakesItsTuningsPageSize() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        var tuning = ArchiveTuning()
        tuning.pageSize = 4096
        let archive = try Archive(path: dir.db, mode: .readWrite, tuning: tuning)
        #expect(try archive.db.scalarInt64("PRAGMA page_size") == 4096)
        let standard = TempDir()
        defer { standard.cleanup() }
        #expect(try Archive(path: standard.db, mode: .readWrite).db.scalarInt64("PRAGMA page_size") == 8192)
    }

    @Test func withoutTrigramsOnlyTheWordIndexAdvances() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        var options = ArchiveWriter.Options()
        options.indexing = .held
        try record((0..<100).map { ArchiveLine(text: "line \($0)", timestamp: 1) }, path: dir.db, options: options)
        var tuning = ArchiveTuning()
        tuning.trigramIndex = false
        let archive = try Archive(path: dir.db, mode: .readWrite, tuning: tuning)
        while try archive.indexPending() > 0 {}
        #expect(try archive.indexedThrough(.words) > 0)
        #expect(try archive.indexedThrough(.trigrams) == 0)
    }
}
