import Foundation
import PageStore
import Terminal
import Testing

/// Replays Fuzz/seeds/terminal and Fuzz/regressions/terminal (inputs the fuzzer found: crashes,
/// slow units) under the fuzz target's checks, so they stay fixed without running libFuzzer.
/// The input layout is Fuzz/TerminalFuzzer's: five setup bytes, then the stream.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static let inputs: [String] = ["seeds/terminal", "regressions/terminal"].flatMap { folder -> [String] in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
        return names.sorted().map { "\(folder)/\($0)" }
    }

    final class Lines: LineConsumer {
        var lines: [LogicalLine] = []
        func lineCompleted(_ line: LogicalLine) { lines.append(line) }
    }

    /// Feeds `stream` (repeated) in pieces of `step` bytes, resizing after every third piece
    /// (at most 64 times) when asked, checking the ledger and the budget after each piece.
    static func run(_ stream: [UInt8], columns: Int, rows: Int, budget: Int, step: Int, repeats: Int,
                    resizing: Bool) -> [LogicalLine] {
        let lines = Lines()
        let emulator = TerminalEmulator(columns: columns, rows: rows, scrollbackBudget: budget, consumer: lines)
        emulator.now = 1_700_000_000_000
        var index = 0
        for _ in 0..<repeats {
            var start = 0
            while start < stream.count {
                let piece = Array(stream[start..<min(stream.count, start + step)])
                emulator.feed(piece)
                if resizing && index % 3 == 2 && index < 3 * 64 {
                    let selector = Int(piece[0])
                    emulator.resize(columns: 1 + selector % 100, rows: 1 + (selector / 3) % 40)
                }
                #expect(emulator.history.verifyAccounting())
                let statistics = emulator.history.statistics
                #expect(statistics.pageBytes <= emulator.history.budget + max(2 * statistics.standardPageBytes, emulator.history.budget / 4))
                start += step
                index += 1
            }
        }
        emulator.finish()
        #expect(emulator.history.verifyAccounting())
        #expect(emulator.linesCompleted == lines.lines.count)
        for line in lines.lines {
            #expect(line.text.unicodeScalars.last != " ", "trailing blank kept: \(line.text.debugDescription)")
            let length = line.text.utf8.count
            #expect(line.styleRuns.allSatisfy { $0.start >= 0 && $0.length > 0 && $0.start + $0.length <= length })
        }
        return lines.lines
    }

    @Test(arguments: inputs)
    func replay(input: String) throws {
        let data = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent(input)))
        try #require(data.count >= 5)
        let columns = 1 + Int(data[0]) % 132, rows = 1 + Int(data[1]) % 50
        let budget = [0, 64 << 10, 256 << 10, 1 << 20][Int(data[2]) % 4]
        let step = 1 + Int(data[3]) * 7
        let resizing = data[4] & 1 == 1
        // Repeats are capped in the unit suite (the fuzzer goes to 128): enough to fill pages.
        let repeats = min(16, 1 << Int((data[4] >> 1) & 7))
        let stream = Array(data[5...])
        let pieced = Self.run(stream, columns: columns, rows: rows, budget: budget, step: step, repeats: repeats, resizing: resizing)
        if !resizing {
            let whole = Self.run(Array(repeating: stream, count: repeats).flatMap { $0 }, columns: columns, rows: rows,
                                 budget: 1 << 40, step: Int.max / 2, repeats: 1, resizing: false)
            #expect(pieced == whole, "pruning or feeding in pieces changed the lines of \(input)")
        }
    }
}
