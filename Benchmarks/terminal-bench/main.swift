// terminal-bench: how fast bytes become screen rows and history pages.
//
// usage: terminal-bench [--megabytes N]            generated data (deterministic)
//        terminal-bench FILE...                     each file as its own data set
//        terminal-bench --render COLS ROWS FILE     print the lines of a raw stream (debugging)
//        terminal-bench --dump COLS ROWS FILE       lines with style runs, marks and timestamps,
//                                                   fed in 4 KiB chunks (compare before/after)
//        terminal-bench --count COLS ROWS FILE      feed once in 64 KiB chunks, print the line
//                                                   count (a small run for callgrind)
//
// For each data set it prints the median of 3 runs, in MB/s (10^6 bytes per second), of:
//   emulator   TerminalEmulator.feed at 80x24, 16 MiB history budget, lines assembled
//   pages      parser + Screen + PageList with no line consumer (parse + write into pages)
//   parser     the VT parser alone with a handler that does nothing
//   memcpy     copying the same bytes in 64 KiB chunks: the floor any pass over the data pays
//   wc -l      `wc -l FILE` on the same bytes, a peer program that reads every byte
// and, at the end, the process's peak resident size (VmHWM). Bytes are fed in 64 KiB chunks,
// as a pty read loop would. One thread; build with -c release.
import Glibc
import PageStore
import Terminal
import VTParser

// MARK: Data

struct Lcg {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

let words = ("connection refused timeout retry request handler worker cache miss flush compile link "
    + "error warning deploy build test passed failed module kernel socket buffer page allocator "
    + "archive session query index latency").split(separator: " ").map(String.init)
let emoji = ["😀", "👍🏽", "👩‍👩‍👧‍👦", "🏳️‍🌈", "🇯🇵", "🧑🏿‍💻", "❤️", "✨", "🚀", "e\u{301}", "a\u{308}\u{323}",
             "日本語", "한국어", "中文字符", "ｆｕｌｌ", "Ω", "→", "━━━"]

/// The kinds of /work/shared/checks/gen_stream.py, generated in-process.
func generate(_ kind: String, bytes limit: Int) -> [UInt8] {
    var rng = Lcg(state: 42)
    var out: [UInt8] = []
    out.reserveCapacity(limit + 4096)
    var n = 0
    func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    func pad3(_ v: Int) -> String { v < 10 ? "00\(v)" : v < 100 ? "0\(v)" : "\(v)" }
    while out.count < limit {
        var line = ""
        switch kind {
        case "log":
            let six = (0..<6).map { _ in words[rng.below(words.count)] }.joined(separator: " ")
            let two = (0..<2).map { _ in words[rng.below(words.count)] }.joined(separator: " ")
            line = "2026-11-24T10:\(pad2((n / 60000) % 60)):\(pad2((n / 1000) % 60)).\(pad3(n % 1000)) \(six) tok\(n) \(two)\r\n"
        case "styles":
            var parts: [String] = []
            for _ in 0..<10 {
                let attribute = [1, 3, 4, 7, 9][rng.below(5)]
                let c = (0..<6).map { _ in String(rng.below(256)) }
                parts.append("\u{1B}[\(attribute);38;2;\(c[0]);\(c[1]);\(c[2]);48;2;\(c[3]);\(c[4]);\(c[5])m\(words[rng.below(words.count)])")
            }
            line = "\(n) " + parts.joined(separator: " ") + "\u{1B}[0m\r\n"
        default: // emoji
            var parts: [String] = []
            for _ in 0..<(4 + rng.below(11)) {
                if rng.below(10) < 3 { parts.append("\u{1B}[38;5;\(rng.below(256))m") }
                parts.append(rng.below(10) < 6 ? emoji[rng.below(emoji.count)] : words[rng.below(words.count)])
                if rng.below(10) < 2 { parts.append("\u{1B}[0m") }
            }
            line = "\(n) " + parts.joined(separator: " ") + "\u{1B}[0m\r\n"
        }
        out += Array(line.utf8)
        n += 1
    }
    return out
}

// MARK: Measuring

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// Median MB/s of three runs of `body` over `count` bytes.
func rate(_ count: Int, _ body: () -> Void) -> Double {
    var runs: [Double] = []
    for _ in 0..<3 {
        let start = now()
        body()
        runs.append(Double(count) / (now() - start) / 1e6)
    }
    return median(runs)
}

let chunk = 65536

func forEachChunk(_ data: [UInt8], _ body: (UnsafeRawBufferPointer) -> Void) {
    data.withUnsafeBytes { all in
        var offset = 0
        while offset < all.count {
            let end = min(offset + chunk, all.count)
            body(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
            offset = end
        }
    }
}

/// Counts lines the way the archive takes them: borrowed, without a String per line.
final class CountingConsumer: LineConsumer {
    var lines = 0
    var bytes = 0
    func lineCompleted(_ line: LogicalLine) { lines += 1; bytes += line.text.utf8.count }
    func lineCompleted(borrowing line: BorrowedLine) { lines += 1; bytes += line.text.count }
}

final class NoOpHandler: ParserHandler {
    var events = 0
    func print(_ scalar: Unicode.Scalar) { events &+= 1 }
    func printASCII(_ bytes: UnsafeBufferPointer<UInt8>) { events &+= bytes.count }
    func execute(_ control: UInt8) { events &+= 1 }
    func csiDispatch(_ csi: CSISequence) { events &+= 1 }
    func escDispatch(intermediates: UInt16, final: UInt8) { events &+= 1 }
    func oscDispatch(_ payload: UnsafeBufferPointer<UInt8>, truncated: Bool) { events &+= 1 }
}

let budget = 16 << 20

func emulatorRate(_ data: [UInt8]) -> (Double, Int) {
    var lines = 0
    let r = rate(data.count) {
        let consumer = CountingConsumer()
        let emulator = TerminalEmulator(columns: 80, rows: 24, scrollbackBudget: budget, consumer: consumer)
        forEachChunk(data) { emulator.feed($0) }
        emulator.finish()
        lines = consumer.lines
    }
    return (r, lines)
}

func pagesRate(_ data: [UInt8]) -> Double {
    rate(data.count) {
        let history = PageList(columns: 80, budget: budget, sink: nil)
        var parser = Parser(handler: Screen(columns: 80, rows: 24, history: history))
        forEachChunk(data) { parser.feed($0) }
    }
}

func parserRate(_ data: [UInt8]) -> Double {
    var sink = 0
    let r = rate(data.count) {
        let handler = NoOpHandler()
        var parser = Parser(handler: handler)
        forEachChunk(data) { parser.feed($0) }
        sink &+= handler.events
    }
    if sink == 42 { Swift.print("") }
    return r
}

func memcpyRate(_ data: [UInt8]) -> Double {
    let target = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 64)
    defer { target.deallocate() }
    var checksum: UInt8 = 0
    let r = rate(data.count) {
        forEachChunk(data) { source in
            memcpy(target, source.baseAddress!, source.count)
            checksum &+= target.load(as: UInt8.self)
        }
    }
    if checksum == 1 { Swift.print("") }
    return r
}

/// Runs `wc -l FILE` three times and returns the median MB/s (spawn cost included; the data
/// sets are tens of megabytes, so it is small).
func wcRate(path: String, count: Int) -> Double? {
    rateOfCommand(["/usr/bin/wc", "-l", path], count: count)
}

func rateOfCommand(_ arguments: [String], count: Int) -> Double? {
    var runs: [Double] = []
    for _ in 0..<3 {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let start = now()
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        var status: Int32 = 0
        if spawned == 0 { _ = waitpid(pid, &status, 0) }
        let elapsed = now() - start
        for p in argv { free(p) }
        posix_spawn_file_actions_destroy(&actions)
        guard spawned == 0 else { return nil }
        runs.append(Double(count) / elapsed / 1e6)
    }
    return median(runs)
}

func writeTemporary(_ data: [UInt8]) -> String {
    var template = Array("/tmp/terminal-bench-XXXXXX".utf8CString)
    let fd = mkstemp(&template)
    data.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
    close(fd)
    return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return bytes
}

func peakResidentKiB() -> Int {
    guard let status = readFile("/proc/self/status") else { return -1 }
    for line in String(decoding: status, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return -1
}

func format(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}

func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : String(repeating: " ", count: width - s.count) + s }

// MARK: Main

final class Printer: LineConsumer {
    func lineCompleted(_ line: LogicalLine) { Swift.print(line.text) }
}

/// Everything a consumer sees of a line, for comparing two builds' output.
final class DumpingConsumer: LineConsumer {
    func lineCompleted(_ line: LogicalLine) {
        var runs = ""
        for run in line.styleRuns { runs += " [\(run.start)+\(run.length) \(run.style.sgrParameters)]" }
        Swift.print("\(line.timestamp) \(line.mark.rawValue)\(runs) |\(line.text)")
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.count == 4 && (arguments[0] == "--dump" || arguments[0] == "--count") {
    guard let bytes = readFile(arguments[3]), let columns = Int(arguments[1]), let rows = Int(arguments[2]) else {
        Swift.print("cannot read \(arguments[3])")
        exit(1)
    }
    let dumping = arguments[0] == "--dump"
    let counter = CountingConsumer()
    let emulator = TerminalEmulator(columns: columns, rows: rows, scrollbackBudget: budget,
                                    consumer: dumping ? DumpingConsumer() : counter)
    var step = 0
    let size = dumping ? 4096 : chunk
    bytes.withUnsafeBytes { all in
        var offset = 0
        while offset < all.count {
            let end = min(offset + size, all.count)
            // A new timestamp per chunk, so the dump shows which rows carry which.
            emulator.now = Int64(step)
            step += 1
            emulator.feed(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
            offset = end
        }
    }
    emulator.finish()
    if !dumping {
        let s = emulator.history.statistics
        Swift.print("lines: \(counter.lines), bytes: \(counter.bytes)")
        Swift.print("pages: \(s.pageCount) live (\(s.heapPageCount) heap), \(s.prunedPages) pruned, \(s.grownPagesTotal) grown, "
                    + "\(s.recycledPagesTotal) recycled, \(s.unmappedBytesTotal >> 20) MiB unmapped; standard page \(s.standardPageBytes) B")
    }
    exit(0)
}
if arguments.count == 4 && arguments[0] == "--render" {
    guard let bytes = readFile(arguments[3]), let columns = Int(arguments[1]), let rows = Int(arguments[2]) else {
        Swift.print("cannot read \(arguments[3])")
        exit(1)
    }
    let emulator = TerminalEmulator(columns: columns, rows: rows, consumer: Printer())
    emulator.feed(bytes)
    emulator.finish()
    exit(0)
}

var sets: [(name: String, data: [UInt8], path: String?)] = []
var megabytes = 32
if arguments.count == 2 && arguments[0] == "--megabytes", let m = Int(arguments[1]) { megabytes = m }
if !arguments.isEmpty && arguments[0] != "--megabytes" {
    for path in arguments {
        guard let data = readFile(path) else { Swift.print("cannot read \(path)"); exit(1) }
        sets.append((path, data, path))
    }
} else {
    for kind in ["log", "styles", "emoji"] { sets.append((kind, generate(kind, bytes: megabytes << 20), nil)) }
}

Swift.print("terminal-bench: 80x24, history budget 16 MiB, 64 KiB chunks, median of 3 runs, MB/s")
Swift.print("\(pad("data", 8)) \(pad("MB", 6)) \(pad("emulator", 9)) \(pad("pages", 8)) \(pad("parser", 8)) \(pad("memcpy", 8)) \(pad("wc -l", 8))  lines")
for set in sets {
    let (emulator, lines) = emulatorRate(set.data)
    let pages = pagesRate(set.data)
    let parser = parserRate(set.data)
    let copy = memcpyRate(set.data)
    let path = set.path ?? writeTemporary(set.data)
    let wc = wcRate(path: path, count: set.data.count)
    if set.path == nil { unlink(path) }
    Swift.print("\(pad(set.name, 8)) \(pad(format(Double(set.data.count) / 1e6), 6)) \(pad(format(emulator), 9)) "
        + "\(pad(format(pages), 8)) \(pad(format(parser), 8)) \(pad(format(copy), 8)) \(pad(wc.map(format) ?? "-", 8))  \(lines)")
}
Swift.print("peak RSS (VmHWM): \(peakResidentKiB() / 1024) MiB")
