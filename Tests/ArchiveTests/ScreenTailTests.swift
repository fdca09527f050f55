@testable import Archive
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The provisional screen (`screen_tails`): readers see it after the stored lines, a line that
/// scrolls off replaces its provisional copy, a finished session keeps none, and a session
/// whose recorder died keeps it as its last lines.
@Suite struct ScreenTailTests {
    static func batch(_ texts: [String], time: Int64 = 5_000) -> LineBatch {
        var batch = LineBatch()
        for text in texts {
            var text = text
            text.withUTF8 { batch.append(text: $0, timestamp: time, mark: 0, styleRuns: UnsafeBufferPointer(start: nil, count: 0)) }
        }
        return batch
    }

    static func line(_ text: String) -> ArchiveLine { ArchiveLine(text: text, timestamp: 1_000) }

    static func lines(_ archive: Archive, _ id: Int64) throws -> [String] {
        try exportAll(archive, id).map { $0.provisional ? "~" + $0.text : $0.text }
    }

    @Test func theScreenFollowsTheStoredLinesAndScrollingReplacesIt() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let archive = try Archive(path: dir.db, mode: .readWrite)
        let id = try archive.beginSession(SessionInfo(name: "live"))
        let writer = try ArchiveWriter(path: dir.db, session: id, onError: { _ in })
        let reader = try Archive(path: dir.db, mode: .readOnly)

        for text in ["one", "two"] { writer.append(Self.line(text)) }
        var screen = Self.batch(["three", "progress 10%"])
        writer.replaceScreen(&screen)
        #expect(writer.flush())
        #expect(try Self.lines(reader, id) == ["one", "two", "~three", "~progress 10%"])
        #expect(try reader.session(matching: "live").lineCount == 2, "provisional lines are not counted")

        // "three" scrolls off and is stored; the screen now shows the bar's newer state.
        writer.append(Self.line("three"))
        var later = Self.batch(["progress 90%", "$"])
        writer.replaceScreen(&later)
        #expect(writer.flush())
        #expect(try Self.lines(reader, id) == ["one", "two", "three", "~progress 90%", "~$"])
        let hits = try reader.search(SearchQuery(text: "progress"))
        #expect(hits.map(\.line) == [4] && hits.allSatisfy(\.provisional), "\(hits)")
        // Regex and -i substring scans (matched on scan threads) mark screen lines the same.
        for query in [SearchQuery(text: "^pro.*9", mode: .regex), SearchQuery(text: "PROGRESS", mode: .substring, ignoreCase: true)] {
            let found = try reader.search(query)
            #expect(found.map(\.line) == [4] && found.allSatisfy(\.provisional), "\(query.mode): \(found)")
        }
        #expect(try reader.search(SearchQuery(text: "^t", mode: .regex)).map { "\($0.line)\($0.provisional)" } == ["3false", "2false"])

        // A line stored while the screen is unchanged leaves the tail at once (no duplicate).
        writer.append(Self.line("progress 100%"))
        #expect(writer.flush())
        #expect(try Self.lines(reader, id) == ["one", "two", "three", "progress 100%", "~$"])

        writer.append(Self.line("$"))
        writer.finish()
        #expect(try Self.lines(reader, id) == ["one", "two", "three", "progress 100%", "$"])
        #expect(try reader.db.scalarInt64("SELECT count(*) FROM screen_tails") == 0)
    }

    @Test func anUnchangedScreenIsNotWrittenAgain() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let archive = try Archive(path: dir.db, mode: .readWrite)
        let id = try archive.beginSession(SessionInfo(name: "idle"))
        let writer = try ArchiveWriter(path: dir.db, session: id, onError: { _ in })
        let reader = try Archive(path: dir.db, mode: .readOnly)
        var screen = Self.batch(["prompt $"])
        writer.replaceScreen(&screen)
        #expect(writer.flush())
        let version = try reader.db.scalarInt64("PRAGMA data_version")
        var same = Self.batch(["prompt $"])
        writer.replaceScreen(&same)
        #expect(writer.flush())
        #expect(try reader.db.scalarInt64("PRAGMA data_version") == version, "the same screen was written again")
        var changed = Self.batch(["prompt $ ls"])
        writer.replaceScreen(&changed)
        #expect(writer.flush())
        #expect(try reader.db.scalarInt64("PRAGMA data_version") != version)
        writer.finish()
    }

    /// The recorder is killed after its last commit: the archive as it was then (database and
    /// WAL copied while the writer idles) is opened by the next writer, which adopts the screen.
    @Test func aDeadRecordersScreenBecomesTheSessionsLastLines() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let archive = try Archive(path: dir.db, mode: .readWrite)
        let id = try archive.beginSession(SessionInfo(name: "killed", recorderPID: 0))
        var options = ArchiveWriter.Options()
        options.indexing = .held
        let writer = try ArchiveWriter(path: dir.db, session: id, options: options, onError: { _ in })
        for i in 1...100 { writer.append(Self.line("stored \(i)")) }
        var screen = Self.batch(["on screen alpha", "", "on screen omega"], time: 9_000)
        writer.replaceScreen(&screen)
        #expect(writer.flush())
        let copy = dir.path + "/copy.sqlite"
        #expect(system("cp '\(dir.db)' '\(copy)' && cp '\(dir.db)-wal' '\(copy)-wal'") == 0)
        writer.finish()

        let after = try Archive(path: copy, mode: .readWrite)
        #expect(try Self.lines(after, id).suffix(3) == ["~on screen alpha", "~", "~on screen omega"])
        #expect(try after.markInterruptedSessions() == 1)
        let lines = try exportAll(after, id)
        #expect(lines.map(\.text) == (1...100).map { "stored \($0)" } + ["on screen alpha", "", "on screen omega"])
        #expect(lines.allSatisfy { !$0.provisional })
        let session = try after.session(matching: "killed")
        #expect(session.lineCount == 103)
        #expect(session.state == .interrupted)
        #expect(session.endedAt == 9_000, "ended at the screen's last write")
        try after.indexAll()
        #expect(try after.search(SearchQuery(text: "omega")).map(\.line) == [103])
        #expect(try after.db.scalarInt64("SELECT count(*) FROM screen_tails") == 0)
    }

    @Test func forgetRemovesTheScreen() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let archive = try Archive(path: dir.db, mode: .readWrite)
        let id = try archive.beginSession(SessionInfo(name: "gone", recorderPID: 0))
        let writer = try ArchiveWriter(path: dir.db, session: id, onError: { _ in })
        var screen = Self.batch(["secret on screen"])
        writer.replaceScreen(&screen)
        #expect(writer.flush())
        try archive.forget(session: id)
        #expect(try archive.db.scalarInt64("SELECT count(*) FROM screen_tails") == 0)
        writer.finish()
    }
}
