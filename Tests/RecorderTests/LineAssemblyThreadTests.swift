import Foundation
import PageStore
import Terminal
import Testing
@testable import Recorder

/// Lines assembled on the assembly thread are the lines the feeding thread would assemble,
/// whatever pruning, page growth, resizing and ED 3 do to the pages the rows were lent from.
@Suite struct LineAssemblyThreadTests {
    final class Collector: LineConsumer {
        var lines: [LogicalLine] = []
        var flushes = 0
        func lineCompleted(_ line: LogicalLine) { lines.append(line) }
    }

    /// Colourful output: palette and RGB colours, emoji with modifiers and joiners, CJK,
    /// combining marks, long lines that wrap, carriage returns over a progress figure, and now
    /// and then an ED 3 (clear the scrollback).
    static func stream(seed: UInt64, lines: Int) -> [UInt8] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let words = ["alpha", "日本語", "👍🏽", "👩‍🔬", "e\u{301}", "한국", "🇯🇵", "socket", "✨", "x"]
        var out = ""
        for i in 0..<lines {
            for _ in 0..<(1 + next(30)) {
                switch next(5) {
                case 0: out += "\u{1B}[38;5;\(next(256))m"
                case 1: out += "\u{1B}[38;2;\(next(256));\(next(256));\(next(256))m"
                case 2: out += "\u{1B}[0m"
                default: break
                }
                out += words[next(words.count)] + " "
            }
            if next(9) == 0 { out += "\r\(next(100))%" }
            if i % 997 == 996 { out += "\u{1B}[3J" }
            out += "\r\n"
        }
        return Array(out.utf8)
    }

    /// Feeds `bytes` in pieces, resizing now and then and asking for a flush as a feeder does
    /// before it waits; returns every line, the final screen's included.
    static func lines(of bytes: [UInt8], threaded: Bool, budget: Int) -> (lines: [LogicalLine], flushes: Int) {
        let collector = Collector()
        let thread = LineAssemblyThread()
        var started = false
        let emulator = TerminalEmulator(columns: 60, rows: 12, scrollbackBudget: budget, consumer: collector,
                                        historySink: { assembler in
            guard threaded else { return assembler }
            started = thread.start(assembling: assembler, setup: {}, flush: { collector.flushes += 1 })
            return started ? thread : assembler
        })
        var offset = 0
        var piece = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 1 + (piece * 7919) % 6000)
            bytes[offset..<end].withUnsafeBytes { emulator.feed($0) }
            offset = end
            piece += 1
            if piece % 50 == 0 { emulator.resize(columns: piece % 100 == 0 ? 60 : 47, rows: 12) }
            if piece % 7 == 0 {
                emulator.handOverHistory()
                if started { thread.requestFlush() }
            }
        }
        if started { thread.drain() }
        emulator.finish()
        if started { thread.stop() }
        #expect(started == threaded)
        return (collector.lines, collector.flushes)
    }

    @Test(arguments: [0, 4 << 20])
    func threadedAssemblyMatchesAssemblyOnTheFeedingThread(budget: Int) {
        let bytes = Self.stream(seed: 7, lines: 6_000)
        let direct = Self.lines(of: bytes, threaded: false, budget: budget)
        let threaded = Self.lines(of: bytes, threaded: true, budget: budget)
        #expect(direct.lines.count > 6_000, "wrapped lines and the final screen")
        #expect(threaded.lines == direct.lines)
        #expect(threaded.flushes > 0 && direct.flushes == 0)
    }

    /// Rows that reach the sink after its thread stopped (a second `finish`, say) are read on
    /// the feeding thread: nothing waits for a thread that is gone.
    @Test func rowsLentAfterStopAreReadOnTheFeedingThread() throws {
        let collector = Collector()
        let thread = LineAssemblyThread()
        var started = false
        let emulator = TerminalEmulator(columns: 20, rows: 3, consumer: collector, historySink: { assembler in
            started = thread.start(assembling: assembler, setup: {}, flush: { collector.flushes += 1 })
            return thread
        })
        try #require(started)
        emulator.feed(Array("one\r\ntwo\r\nthree\r\nfour\r\n".utf8))
        emulator.handOverHistory()
        thread.requestFlush()
        thread.drain()
        thread.stop()
        emulator.feed(Array("five\r\nsix\r\nseven\r\n".utf8))
        emulator.handOverHistory()
        thread.requestFlush()
        emulator.finish()
        #expect(collector.lines.map(\.text) == ["one", "two", "three", "four", "five", "six", "seven"])
        #expect(collector.flushes == 2)
    }
}
