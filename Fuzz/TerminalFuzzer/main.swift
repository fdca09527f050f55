import PageStore
import Terminal

/// libFuzzer target: arbitrary bytes through the terminal emulator into logical lines.
///
/// The first five bytes pick the terminal: columns, rows, history budget, how the stream is cut
/// into feeds, the mode (bit 0) and how many times the stream is repeated (bits 1-3: 1 to 128
/// times, so that short inputs still fill pages and make the list prune). Mode "differential" feeds the stream in pieces at a small budget
/// and again whole at an unbounded budget: pruning and chunking must not change a single line.
/// Mode "resize" resizes between pieces. After every feed the page list's ledger must match
/// its live pages and its pages must stay within the budget (plus the one page that may be
/// grown beyond it), and every completed line must be internally consistent.
final class CheckingConsumer: LineConsumer {
    var lines: [LogicalLine] = []
    func lineCompleted(_ line: LogicalLine) {
        let length = line.text.utf8.count
        var previousEnd = 0
        for run in line.styleRuns {
            guard run.start >= previousEnd, run.length > 0, run.start + run.length <= length else {
                fatalError("style run \(run.start)+\(run.length) outside a line of \(length) bytes or overlapping: \(line.styleRuns.map { ($0.start, $0.length) })")
            }
            previousEnd = run.start + run.length
        }
        if let last = line.text.unicodeScalars.last, last == " " {
            fatalError("trailing blank not trimmed: \(line.text.debugDescription)")
        }
        lines.append(line)
    }
}

struct Setup {
    var columns: Int
    var rows: Int
    var budget: Int
    var pieces: [Range<Int>]
    var resizing: Bool
    var repeats: Int

    init(_ data: UnsafeBufferPointer<UInt8>) {
        columns = 1 + Int(data[0]) % 132
        rows = 1 + Int(data[1]) % 50
        budget = [0, 64 << 10, 256 << 10, 1 << 20][Int(data[2]) % 4]
        let step = 1 + Int(data[3]) * 7
        resizing = data[4] & 1 == 1
        repeats = 1 << Int((data[4] >> 1) & 7)
        pieces = []
        var start = 5
        while start < data.count {
            let end = min(data.count, start + step)
            pieces.append(start..<end)
            start = end
        }
    }
}

func checkHistory(_ emulator: TerminalEmulator, _ what: String) {
    let history = emulator.history
    guard history.verifyAccounting() else { fatalError("page list accounting mismatch \(what): \(history.statistics)") }
    let statistics = history.statistics
    let largestPage = max(2 * statistics.standardPageBytes, history.budget / 4)
    guard statistics.pageBytes <= history.budget + largestPage else {
        fatalError("pages hold \(statistics.pageBytes) bytes, budget \(history.budget) + largest page \(largestPage) \(what)")
    }
}

func render(_ data: UnsafeBufferPointer<UInt8>, _ setup: Setup, budget: Int, whole: Bool) -> [LogicalLine] {
    let consumer = CheckingConsumer()
    let emulator = TerminalEmulator(columns: setup.columns, rows: setup.rows, scrollbackBudget: budget, consumer: consumer)
    emulator.now = 1_700_000_000_000
    if whole {
        for _ in 0..<setup.repeats {
            emulator.feed(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: data[5...])))
        }
    } else {
        for (index, piece) in Array(repeating: setup.pieces, count: setup.repeats).joined().enumerated() {
            emulator.feed(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: data[piece])))
            // At most 64 resizes: each reflows the history into new pages (~7 ms under ASan).
            if setup.resizing && index % 3 == 2 && index < 3 * 64 {
                let selector = Int(data[piece.lowerBound])
                emulator.resize(columns: 1 + selector % 100, rows: 1 + (selector / 3) % 40)
            }
            checkHistory(emulator, "after piece \(index)")
        }
    }
    emulator.finish()
    checkHistory(emulator, "after finish")
    guard emulator.linesCompleted == consumer.lines.count else {
        fatalError("linesCompleted \(emulator.linesCompleted) but the consumer saw \(consumer.lines.count)")
    }
    return consumer.lines
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTerminal(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count >= 5 else { return 0 }
    let data = UnsafeBufferPointer(start: bytes, count: count)
    let setup = Setup(data)
    let pieced = render(data, setup, budget: setup.budget, whole: false)
    if !setup.resizing {
        let whole = render(data, setup, budget: 1 << 40, whole: true)
        guard pieced == whole else {
            let firstDifference = (0..<min(pieced.count, whole.count)).first { pieced[$0] != whole[$0] } ?? min(pieced.count, whole.count)
            fatalError("""
                chunked feeding at budget \(setup.budget) gave \(pieced.count) lines, whole feeding \(whole.count); \
                first difference at line \(firstDifference): \
                \(firstDifference < pieced.count ? pieced[firstDifference].text.debugDescription : "-") vs \
                \(firstDifference < whole.count ? whole[firstDifference].text.debugDescription : "-")
                """)
        }
    }
    return 0
}
