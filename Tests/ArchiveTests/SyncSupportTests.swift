@testable import Archive
import Testing

/// What `sync` reads and writes in the archive (issue 27): only lines stored for good ship, in
/// order from any watermark; the host id is made once; watermarks are kept per server.
@Suite struct SyncSupportTests {
    @Test func shippableLinesAreTheStoredOnesFromAnyWatermark() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let archive = try Archive(path: dir.db, mode: .readWrite)
        let id = try archive.beginSession(SessionInfo(name: "live"))
        let writer = try ArchiveWriter(path: dir.db, session: id, onError: { _ in })
        for i in 1...150 { writer.append(ArchiveLine(text: "line \(i)", timestamp: i == 3 ? 0 : Int64(1_000 + i))) }
        var screen = ScreenTailTests.batch(["on the screen"])
        writer.replaceScreen(&screen)
        #expect(writer.flush())
        // Sealed chunks and the open chunk ship; the provisional screen does not.
        #expect(try archive.shippableLineCount(session: id) == 150)
        let all = try archive.shippableLines(session: id, after: 0, limit: 1_000)
        #expect(all.map(\.text) == (1...150).map { "line \($0)" })
        #expect(all.map(\.number) == Array(1...150))
        #expect(all[2].timestamp == all[1].timestamp, "a line stored without a time shows its neighbour's")
        // From the middle of a chunk, in batches, nothing skipped or repeated.
        var shipped: [Int64] = []
        var after: Int64 = 37
        while true {
            let batch = try archive.shippableLines(session: id, after: after, limit: 50)
            guard let last = batch.last else { break }
            shipped += batch.map(\.number)
            after = last.number
        }
        #expect(shipped == Array(38...150))
        // Finished: the open chunk is sealed, the same lines ship, none twice.
        writer.finish()
        #expect(try archive.shippableLineCount(session: id) == 150)
        #expect(try archive.shippableLines(session: id, after: 140, limit: 100).map(\.number) == Array(141...150))
    }

    @Test func hostIdIsMadeOnceAndWatermarksArePerServer() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let archive = try Archive(path: dir.db, mode: .readWrite)
        let first = try archive.fleetHostID()
        #expect(first > 0)
        #expect(try Archive(path: dir.db, mode: .readWrite).fleetHostID() == first)
        let other = TempDir(); defer { other.cleanup() }
        #expect(try Archive(path: other.db, mode: .readWrite).fleetHostID() != first)
        try archive.setSyncWatermark(server: "a@h:5432/x", session: 1, through: 10)
        try archive.setSyncWatermark(server: "a@h:5432/x", session: 1, through: 20)
        try archive.setSyncWatermark(server: "b@h:5432/x", session: 1, through: 5)
        #expect(try archive.syncWatermarks(server: "a@h:5432/x") == [1: 20])
        #expect(try archive.syncWatermarks(server: "b@h:5432/x") == [1: 5])
    }

    /// The candidates a server's indexes select are a superset of the hits, and the matching
    /// is the local search's own.
    @Test func lineFilterMatchesAsSearchDoesAndNamesItsCandidates() throws {
        var words = try LineFilter(SearchQuery(text: "CAFÉ foo-bar"))
        #expect(words.candidates == .wordPrefixes(["cafe", "foo", "bar"]))
        #expect(try words.matches("a café and foo-barn") != nil)
        #expect(try words.matches("cafe foo") == nil)
        var regex = try LineFilter(SearchQuery(text: "tok[0-9]+ took", mode: .regex))
        #expect(regex.candidates != .everything)
        #expect(try regex.matches("x tok12 took 3ms") == [2..<12])
        let caseless = try LineFilter(SearchQuery(text: "Kelvin", mode: .substring, ignoreCase: true))
        if case .contains(let text, true) = caseless.candidates { #expect(!text.lowercased().contains("k")) }
        let unicode = try LineFilter(SearchQuery(text: "RÉSUMÉ", mode: .substring, ignoreCase: true))
        // Only ASCII literals are handed to the server's case folding.
        #expect(!"\(unicode.candidates)".contains("É") && !"\(unicode.candidates)".contains("é"), "\(unicode.candidates)")
        #expect(throws: ArchiveError.self) { try LineFilter(SearchQuery(text: "a OR b", mode: .fts)) }
        #expect(Unicode61Words.words(of: "Naïve file.txt, ÉTÉ!") == ["naive", "file", "txt", "ete"])
    }
}
