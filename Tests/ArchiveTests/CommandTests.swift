@testable import Archive
import Testing

/// Commands from marks and events: the writer finds each command's prompt and output lines
/// from the lines' packed marks, and what it ran from the shell's events.
@Suite struct CommandTests {
    static func packed(_ mark: UInt8, _ ordinal: Int64) -> UInt8 { mark | CommandTracker.tag(of: ordinal) << 2 }
    static let prompt: UInt8 = 1, output: UInt8 = 3

    static func line(_ text: String, _ mark: UInt8 = 0) -> ArchiveLine { ArchiveLine(text: text, timestamp: 1_000, mark: mark) }

    static func events(_ ordinal: Int64, _ command: String, status: Int32?, cwd: String = "/w") -> [CommandEvent] {
        var events: [CommandEvent] = [
            .init(ordinal: ordinal, kind: .prompt, time: 10 * ordinal),
            .init(ordinal: ordinal, kind: .commandLine(command), time: 10 * ordinal + 1),
            .init(ordinal: ordinal, kind: .started(workingDirectory: cwd), time: 10 * ordinal + 2),
        ]
        if let status { events.append(.init(ordinal: ordinal, kind: .finished(exitStatus: status), time: 10 * ordinal + 5)) }
        return events
    }

    @Test func rangesFromMarks() {
        var tracker = CommandTracker()
        let marks: [UInt8] = [Self.packed(Self.prompt, 1), Self.packed(Self.output, 1), 0, Self.packed(Self.output, 1),
                              Self.packed(Self.prompt, 2), Self.packed(Self.prompt, 3), Self.packed(Self.output, 3)]
        for (i, mark) in marks.enumerated() { tracker.line(Int64(i + 1), packedMark: mark) }
        tracker.sessionEnded(lastLine: 8)
        #expect(tracker.command(1)?.promptLine == 1 && tracker.command(1)?.firstLine == 2 && tracker.command(1)?.lastLine == 4)
        #expect(tracker.command(2)?.promptLine == 5 && tracker.command(2)?.firstLine == nil, "printed nothing")
        #expect(tracker.command(3)?.firstLine == 7 && tracker.command(3)?.lastLine == 8, "the session ended in its output")
    }

    /// Command 2's prompt line was erased before it scrolled off: its output is still its own.
    @Test func outputWhosePromptWasLostKeepsItsCommand() {
        var tracker = CommandTracker()
        tracker.line(1, packedMark: Self.packed(Self.prompt, 1))
        tracker.line(2, packedMark: Self.packed(Self.output, 1))
        tracker.line(3, packedMark: Self.packed(Self.output, 2))
        tracker.line(4, packedMark: Self.packed(Self.prompt, 3))
        #expect(tracker.command(1)?.lastLine == 2)
        #expect(tracker.command(2)?.firstLine == 3 && tracker.command(2)?.lastLine == 3)
        #expect(tracker.current == 3)
    }

    @Test func anEmptyEnterIsNoCommandAndItsStatusIsIgnored() {
        var tracker = CommandTracker()
        tracker.apply(.init(ordinal: 1, kind: .prompt, time: 1))
        tracker.apply(.init(ordinal: 1, kind: .finished(exitStatus: 0), time: 2))
        #expect(tracker.command(1)?.ranSomething == false)
        #expect(tracker.command(1)?.finishedAt == nil)
    }

    @Test func theWriterStoresCommandsWhoseOutputIsStillOnTheScreen() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let archive = try Archive(path: dir.db, mode: .readWrite)
        let id = try archive.beginSession(SessionInfo(name: "shell", host: "box"))
        let writer = try ArchiveWriter(path: dir.db, session: id, onError: { _ in })
        let reader = try Archive(path: dir.db, mode: .readOnly)
        writer.recordCommandEvents(Self.events(1, "make", status: 2) + Self.events(2, "ls", status: nil))
        writer.append(Self.line("$ make", Self.packed(Self.prompt, 1)))
        writer.append(Self.line("error", Self.packed(Self.output, 1)))
        // Still on the screen: the second prompt and the start of `ls`'s output.
        var screen = ScreenTailTests.batch([])
        for (text, mark) in [("$ ls", Self.packed(Self.prompt, 2)), ("a.txt", Self.packed(Self.output, 2))] {
            var text = text
            text.withUTF8 { screen.append(text: $0, timestamp: 2_000, mark: mark, styleRuns: UnsafeBufferPointer(start: nil, count: 0)) }
        }
        writer.replaceScreen(&screen)
        #expect(writer.flush())
        let live = try reader.commands(matching: CommandFilter())
        #expect(live.map(\.command) == ["make", "ls"])
        #expect(live.map(\.exitStatus) == [2, nil])
        #expect(live[0].outputLines == 2...2 && live[1].outputLines == 4...4 && live[1].promptLine == 3)
        #expect(live.allSatisfy { $0.sessionIsRecording && $0.host == "box" && $0.workingDirectory == "/w" })
        // The marks are not stored with the lines' text: the chunk keeps the mark alone.
        #expect(try exportAll(reader, id).map(\.mark) == [1, 3, 1, 3])

        writer.append(Self.line("$ ls", Self.packed(Self.prompt, 2)))
        writer.append(Self.line("a.txt", Self.packed(Self.output, 2)))
        writer.append(Self.line("b.txt"))
        writer.finish()
        try archive.finishSession(id, state: .finished, exitStatus: 0, endedAt: 9_000, title: nil)
        let done = try reader.commands(matching: CommandFilter())
        #expect(done[1].outputLines == 4...5, "the session ended in its output")
        #expect(done[1].exitStatus == nil, "never a wrong status")
        var failed = CommandFilter()
        failed.failedOnly = true
        #expect(try reader.commands(matching: failed).map(\.command) == ["make"])
        #expect(try reader.recentFinishedCommand(back: 1)?.command == "make")
        try archive.forget(session: id)
        #expect(try reader.commands(matching: CommandFilter()).isEmpty)
    }

    @Test func previousRunIsTheSameCommandInTheSameDirectory() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let archive = try Archive(path: dir.db, mode: .readWrite)
        let id = try archive.beginSession(SessionInfo(name: "s"))
        let writer = try ArchiveWriter(path: dir.db, session: id, onError: { _ in })
        writer.recordCommandEvents(Self.events(1, "make", status: 0) + Self.events(2, "make", status: 0, cwd: "/other")
            + Self.events(3, "ls", status: 0) + Self.events(4, "make", status: 1))
        writer.finish()
        let all = try archive.commands(matching: CommandFilter())
        #expect(all.count == 4)
        #expect(try archive.previousRun(of: all[3])?.sequence == 1)
        #expect(try archive.previousRun(of: all[0]) == nil)
        var limited = CommandFilter()
        limited.limit = 2
        #expect(try archive.commands(matching: limited).map(\.sequence) == [3, 4])
    }
}
