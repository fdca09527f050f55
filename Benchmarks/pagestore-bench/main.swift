// Appends history rows into a PageList at the default 16 MiB budget and prints throughput,
// peak resident memory and live mapped bytes at the cap. Run in release:
//   swift build -c release --product pagestore-bench && .build/release/pagestore-bench [rows]
import Glibc
import PageStore

/// Counts rows so the sink's work cannot be optimised away.
final class CountingSink: EvictionSink {
    var rows = 0
    var checksum: UInt64 = 0
    func handOver(_ row: RowView) {
        rows += 1
        checksum &+= UInt64(row.cell(0).codepoint)
    }
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Peak resident set size in KiB (VmHWM), from /proc/self/status.
func peakRSSKiB() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmHWM:") {
            return Int(text.dropFirst(6).filter { $0.isNumber }) ?? -1
        }
    }
    return -1
}

func report(_ name: String, rows: Int, seconds: Double, list: PageList, sink: CountingSink) {
    let s = list.statistics
    let rate = Double(rows) / seconds
    print("\(name): \(rows) rows in \(String(format3(seconds))) s = \(Int(rate)) rows/s; "
          + "live mapped \(s.liveMappedBytes) B (\(s.pageCount) pages, \(s.heapPageCount) heap, \(s.pooledFreePages) pooled), "
          + "page bytes \(s.pageBytes) / budget \(list.budget), pruned \(s.prunedPages), grown \(s.grownPagesTotal), "
          + "handed over \(sink.rows) (checksum \(sink.checksum % 1000))")
}

func format3(_ x: Double) -> String {
    let scaled = Int((x * 1000).rounded())
    let fraction = String(scaled % 1000)
    return "\(scaled / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
}

let rowCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 3_000_000 : 3_000_000
let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "all"
let columns = 120

// The loops live in functions: top-level code is main-actor isolated and its closures would
// pay an executor check per call, which is not what the page store costs.

/// 1. Plain ASCII rows: default style, no graphemes (the fast path).
func benchPlain(rowCount: Int, columns: Int) {
    let sink = CountingSink()
    let list = PageList(columns: columns, sink: sink)
    var cells = (0..<columns).map { Cell(codepoint: UInt32(33 + $0 % 90)) }
    let start = now()
    for n in 0..<rowCount {
        cells[0].codepoint = UInt32(48 + n % 10)
        cells.withUnsafeBufferPointer { buffer in
            list.appendRow(RowInfo(timestamp: Int64(n)), cells: buffer, style: { _ in .default }, graphemeTail: { _ in [] })
        }
        if n & 1023 == 0 { list.handOverPending() }
    }
    report("plain ascii 120 cols", rows: rowCount, seconds: now() - start, list: list, sink: sink)
}

/// 2. Emoji and styled rows: ZWJ families, skin tones, flags, a new 24-bit colour per row.
func benchEmoji(rowCount: Int, columns: Int) {
    let sink = CountingSink()
    let list = PageList(columns: columns, sink: sink)
    let segment = "👨‍👩‍👧‍👦 👍🏽 🇫🇷 build ok ✅ " 
    var cells: [Cell] = []
    var tails: [[Unicode.Scalar]] = []
    while cells.count < columns - 8 {
        for character in segment where cells.count < columns - 8 {
            let scalars = Array(character.unicodeScalars)
            cells.append(Cell(codepoint: scalars[0].value, styleID: cells.count % 3 == 0 ? 1 : 2,
                              flags: scalars.count > 1 ? .grapheme : []))
            tails.append(Array(scalars.dropFirst()))
        }
    }
    let bold = Style(attributes: .bold)
    let rows = rowCount / 3
    let start = now()
    for n in 0..<rows {
        let colour = Style(foreground: .rgb(UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)))
        cells.withUnsafeBufferPointer { buffer in
            list.appendRow(RowInfo(timestamp: Int64(n)), cells: buffer,
                           style: { $0 == 1 ? colour : bold }, graphemeTail: { tails[$0] })
        }
        if n & 1023 == 0 { list.handOverPending() }
    }
    report("emoji+styled 120 cols", rows: rows, seconds: now() - start, list: list, sink: sink)
}

if only != "emoji" { benchPlain(rowCount: rowCount, columns: columns) }
if only != "plain" { benchEmoji(rowCount: rowCount, columns: columns) }
print("peak RSS (VmHWM): \(peakRSSKiB()) KiB")
