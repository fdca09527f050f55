import PageStore
@testable import Terminal
import Testing

/// Shell integration: OSC 133 (and VS Code's 633, OSC 7) become events numbered by command,
/// and the rows they mark carry the command's tag into the lines.
@Suite struct ShellEventTests {
    static let cycle = "\u{1B}]133;A\u{7}$ \u{1B}]133;B\u{7}make\r\n\u{1B}]633;E;make\\x3b echo \\\\done\u{7}"
        + "\u{1B}]7;file://host/tmp/a%20b\u{7}\u{1B}]133;C\u{7}building\r\n\u{1B}]133;D;2\u{7}"
        + "\u{1B}]133;A;aid=7\u{7}$ "

    static func run(_ text: String, columns: Int = 40, rows: Int = 10) -> (lines: [LogicalLine], events: [ShellEvent]) {
        let collector = LineCollector()
        let emulator = TerminalEmulator(columns: columns, rows: rows, consumer: collector)
        emulator.now = 1_000
        emulator.feed(Array(text.utf8))
        let events = emulator.screen.takeShellEvents()
        emulator.finish()
        return (collector.lines, events)
    }

    @Test func eventsCarryTheCommandNumberAndWhatTheShellSaid() {
        let events = Self.run(Self.cycle).events
        #expect(events.map(\.ordinal) == [1, 1, 1, 1, 2])
        #expect(events.map(\.kind) == [
            .prompt, .commandLine("make; echo \\done"), .started(workingDirectory: "/tmp/a b"), .finished(exitStatus: 2), .prompt,
        ])
    }

    @Test func linesCarryTheirMarkAndCommandTag() {
        let lines = Self.run(Self.cycle).lines
        #expect(lines.map(\.text) == ["$ make", "building", "$"])
        #expect(lines.map(\.mark) == [.prompt, .output, .prompt])
        #expect(lines.map(\.commandTag) == [1, 1, 2])
    }

    /// A prompt printed after output that did not end its line takes the row: the next
    /// command starts there.
    @Test func aPromptOnARowWithOutputMarksItsLine() {
        let text = "\u{1B}]133;A\u{7}$ x\r\n\u{1B}]133;C\u{7}no newline\u{1B}]133;D;0\u{7}\u{1B}]133;A\u{7}$ "
        let lines = Self.run(text).lines
        #expect(lines.map(\.mark) == [.prompt, .prompt])
        #expect(lines.map(\.commandTag) == [1, 2])
    }

    /// Two integrations marking the same prompt (the user's own and ScrollVault's) count it once.
    @Test func aSecondMarkOnTheSamePromptStartsNothing() {
        let text = "\u{1B}]133;A\u{7}\u{1B}]133;A;click_events=1\u{7}$ x\r\n\u{1B}]133;C\u{7}out\r\n\u{1B}]133;A\u{7}$ "
        let run = Self.run(text)
        #expect(run.events.filter { $0.kind == .prompt }.map(\.ordinal) == [1, 2])
        #expect(run.lines.map(\.commandTag) == [1, 1, 2])
    }

    @Test func tagsWrapAfterSixtyThreeCommandsAndNeverReadZero() {
        #expect(SemanticMark.commandTag(ofOrdinal: 1) == 1)
        #expect(SemanticMark.commandTag(ofOrdinal: 63) == 63)
        #expect(SemanticMark.commandTag(ofOrdinal: 64) == 1)
        let packed = SemanticMark.packed(.output, commandTag: 63)
        #expect(SemanticMark.unpacking(packed) == (.output, 63))
        var text = ""
        for _ in 0..<70 { text += "\u{1B}]133;A\u{7}$ \r\n" }
        let lines = Self.run(text, rows: 5).lines
        #expect(lines.count == 70 && lines[63].commandTag == 1 && lines[62].commandTag == 63)
    }

    @Test func marksSurviveScrollingIntoHistoryAndReflow() {
        var text = ""
        for i in 1...30 { text += "\u{1B}]133;A\u{7}$ cmd \(i)\r\n\u{1B}]133;C\u{7}" + String(repeating: "o", count: 50) + "\r\n" }
        let collector = LineCollector()
        let emulator = TerminalEmulator(columns: 40, rows: 6, consumer: collector)
        emulator.feed(Array(text.utf8))
        emulator.resize(columns: 25, rows: 6)
        emulator.finish()
        let prompts = collector.lines.filter { $0.mark == .prompt }
        #expect(prompts.map(\.commandTag) == (1...30).map { SemanticMark.commandTag(ofOrdinal: Int64($0)) })
    }

    @Test func fileURLsAndEscapedCommandLinesDecode() {
        #expect(ShellIntegration.path(ofFileURL: "file://h/home/u/my%20dir") == "/home/u/my dir")
        #expect(ShellIntegration.path(ofFileURL: "file:///tmp") == "/tmp")
        #expect(ShellIntegration.unescapeCommandLine("a\\x3bb\\\\c\\x0ad") == "a;b\\c\nd")
        #expect(ShellIntegration.unescapeCommandLine("plain; text") == "plain; text")
    }
}
