// archive-bench: store rate, index rate, size against raw text, and search latency, each
// beside a peer measured in the same run (writing the raw text to a file; grep -F over it).
//
// usage: archive-bench [LINES] [--level N] [--page-size N] [--keep DIR] [--store-only] [--no-trigrams] [--burst]
//   --burst stores as `run` does in a burst: lines handed over in batches, chunks in the fast (LZ4) form.
//   LINES defaults to 1,000,000 (~80 bytes each, like gen_stream.py's `log` kind).
import Archive
import CSQLite
#if canImport(Glibc)
import Glibc
import Support
#endif

// MARK: Arguments

var lineCount = 1_000_000
var keepDir: String?
var storeOnly = false
var burst = false
var tuning = ArchiveTuning()
var arguments = CommandLine.arguments.dropFirst()
while let arg = arguments.popFirst() {
    switch arg {
    case "--level": tuning.compressionLevel = Int32(arguments.popFirst() ?? "1") ?? 1
    case "--keep": keepDir = arguments.popFirst()
    case "--store-only": storeOnly = true
    case "--burst": burst = true
    case "--no-trigrams": tuning.trigramIndex = false
    case "--page-size": tuning.pageSize = Int(arguments.popFirst() ?? "8192") ?? 8192
    default:
        guard let n = Int(arg.replacingUnderscores()) else { fatalError("unknown argument \(arg)") }
        lineCount = n
    }
}

extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" && $0 != "," }) }
}

// MARK: Helpers

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func fileSize(_ path: String) -> Int64 {
    var st = stat()
    return stat(path, &st) == 0 ? Int64(st.st_size) : 0
}

func mb(_ bytes: Int64) -> String { String(format1(Double(bytes) / 1_048_576)) + " MiB" }
func format1(_ x: Double) -> String { let r = (x * 10).rounded() / 10; return String(r) }
func format2(_ x: Double) -> String { let r = (x * 100).rounded() / 100; return String(r) }
func ms(_ seconds: Double) -> String { format2(seconds * 1000) + " ms" }

struct Rng {
    var state: UInt64 = 42
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

let words = ("connection refused timeout retry request handler worker cache miss flush "
    + "compile link error warning deploy build test passed failed module kernel "
    + "socket buffer page allocator archive session query index latency").split(separator: " ").map(String.init)

/// The same shape as gen_stream.py's `log` lines, without the CR LF (lines are logical lines).
func logLine(_ n: Int, _ rng: inout Rng) -> String {
    func two(_ x: Int) -> String { x < 10 ? "0\(x)" : "\(x)" }
    func three(_ x: Int) -> String { x < 10 ? "00\(x)" : x < 100 ? "0\(x)" : "\(x)" }
    var s = "2026-11-24T10:\(two((n / 60000) % 60)):\(two((n / 1000) % 60)).\(three(n % 1000))"
    for _ in 0..<6 { s += " " + words[rng.below(words.count)] }
    s += " tok\(n)"
    for _ in 0..<2 { s += " " + words[rng.below(words.count)] }
    return s
}

// MARK: Setup

let dir: String = {
    if let keepDir { mkdir(keepDir, 0o700); return keepDir }
    var template = Array("/tmp/archive-bench-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
}()
let dbPath = dir + "/archive.sqlite"
let rawPath = dir + "/raw.log"
unlink(dbPath); unlink(dbPath + "-wal"); unlink(dbPath + "-shm")

print("lines: \(lineCount), zstd level \(tuning.compressionLevel), page size \(tuning.pageSize), dir \(dir)")
var rng = Rng()
var t0 = now()
let lines = (0..<lineCount).map { logLine($0, &rng) }
let rawBytes = lines.reduce(Int64(0)) { $0 + Int64($1.utf8.count) + 1 }
print("generated \(mb(rawBytes)) of text in \(format2(now() - t0)) s")

// Peer: write the raw text to a file (what `script` does with the same output).
t0 = now()
do {
    let fd = open(rawPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20)
    for line in lines {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { _ = buffer.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }; buffer.removeAll(keepingCapacity: true) }
    }
    _ = buffer.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    fsync(fd)
    close(fd)
}
let rawWrite = now() - t0

// MARK: Store

let archive = try Archive(path: dbPath, mode: .readWrite, tuning: tuning)
let session = try archive.beginSession(SessionInfo(name: "bench", command: "archive-bench"))
var options = ArchiveWriter.Options()
options.indexing = .held
options.tuning = tuning
if burst { options.burstCompression = .fast }
let writer = try ArchiveWriter(path: dbPath, session: session, options: options, onError: { print("writer error: \($0)") })
let stamp = Clock.nowMilliseconds()
t0 = now()
if burst {
    var batch = LineBatch()
    for (i, line) in lines.enumerated() {
        var text = line
        text.withUTF8 { batch.append(text: $0, timestamp: stamp + Int64(i / 100), mark: 3, styleRuns: UnsafeBufferPointer(start: nil, count: 0)) }
        if batch.count == 256 { writer.append(&batch) }
    }
    writer.append(&batch)
} else {
    for (i, text) in lines.enumerated() {
        writer.append(ArchiveLine(text: text, timestamp: stamp + Int64(i / 100), mark: 3, styleRuns: []))
    }
}
writer.finish()
let storeTime = now() - t0
try archive.finishSession(session, state: .finished, exitStatus: 0, endedAt: Clock.nowMilliseconds(), title: nil)

t0 = now()
try archive.indexAll()
let indexTime = now() - t0
archive.close()   // last connection: checkpoints and removes the WAL

let stats = try Archive(path: dbPath, mode: .readOnly, tuning: tuning).statistics()
print("")
print("== store (writer thread, index held back)")
print("store:   \(Int(Double(lineCount) / storeTime)) lines/s, \(format1(Double(rawBytes) / storeTime / 1_048_576)) MB/s  (\(format2(storeTime)) s)")
print("peer:    raw write+fsync of the same text \(format1(Double(rawBytes) / rawWrite / 1_048_576)) MB/s  (\(format2(rawWrite)) s)")
print("index:   \(Int(Double(lineCount) / indexTime)) lines/s, \(format1(Double(rawBytes) / indexTime / 1_048_576)) MB/s  (\(format2(indexTime)) s)")
print("size:    raw \(mb(rawBytes)); archive file \(mb(stats.fileBytes)) = \(format2(Double(stats.fileBytes) / Double(rawBytes)))x raw")

// Where the bytes are (dbstat is compiled into Debian's sqlite3).
do {
    var db: OpaquePointer?
    sqlite3_open_v2(dbPath, &db, SQLITE_OPEN_READONLY, nil)
    var s: OpaquePointer?
    let sql = "SELECT CASE WHEN name LIKE 'chunk_text%' THEN 'word index' WHEN name LIKE 'chunk_trigrams%' THEN 'trigram index' WHEN name = 'chunks' THEN 'chunks' ELSE 'other' END, sum(pgsize) FROM dbstat GROUP BY 1 ORDER BY 2 DESC"
    if sqlite3_prepare_v2(db, sql, -1, &s, nil) == SQLITE_OK {
        var parts: [String] = []
        while sqlite3_step(s) == SQLITE_ROW {
            parts.append("\(String(cString: sqlite3_column_text(s, 0))) \(mb(sqlite3_column_int64(s, 1))) (\(format2(Double(sqlite3_column_int64(s, 1)) / Double(rawBytes)))x)")
        }
        print("         " + parts.joined(separator: ", "))
    }
    sqlite3_finalize(s)
    sqlite3_close(db)
}

// MARK: Search

if storeOnly {
    if keepDir == nil { _ = system("rm -rf '\(dir)'") }
    exit(0)
}

let reader = try Archive(path: dbPath, mode: .readOnly, tuning: tuning)
@MainActor func measure(_ label: String, runs: Int, _ make: (Int) -> SearchQuery) throws {
    var times: [Double] = []
    var hits = 0
    for r in 0..<runs {
        let q = make(r)
        let t = now()
        hits = try reader.search(q).count
        times.append(now() - t)
    }
    times.sort()
    print("\(label.padding(28)) p50 \(ms(times[times.count / 2]).padding(10)) max \(ms(times.last!).padding(10)) (\(hits) hits, \(runs) runs)")
}
extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}

print("")
print("== search, in-process (one read-only connection)")
var qrng = Rng(state: 7)
try measure("rare token (words)", runs: 50) { _ in SearchQuery(text: "tok\(qrng.below(lineCount))", limit: 100) }
try measure("rare token (fts)", runs: 50) { _ in SearchQuery(text: "tok\(qrng.below(lineCount))", mode: .fts, limit: 100) }
try measure("newest 20 common word", runs: 20) { _ in SearchQuery(text: "connection", limit: 20) }
try measure("newest 20 phrase", runs: 20) { _ in SearchQuery(text: "connection refused", mode: .phrase, limit: 20) }
try measure("newest 20 substring", runs: 20) { _ in SearchQuery(text: "ction ref", mode: .substring, limit: 20) }
try measure("newest 20 regex", runs: 10) { _ in SearchQuery(text: "refused [a-z]+ tok[0-9]+7\\b", mode: .regex, limit: 20) }
try measure("rare substring (trigrams)", runs: 5) { _ in SearchQuery(text: "tok\(qrng.below(lineCount))x", mode: .substring, limit: 100) }
try measure("rare regex (trigrams)", runs: 5) { _ in SearchQuery(text: "tok\(qrng.below(lineCount))[0-9]x", mode: .regex, limit: 100) }
try measure("rare regex (full scan)", runs: 3) { _ in SearchQuery(text: "[0-9]{7}x", mode: .regex, limit: 100) }
try measure("newest 20 -i substring", runs: 20) { _ in SearchQuery(text: "CTION REF", mode: .substring, limit: 20, ignoreCase: true) }

// Peer: grep -F for a rare token over the raw text, including process start.
func timeShell(_ command: String) -> Double {
    let t = now()
    _ = system(command)
    return now() - t
}
let rare = "tok\(lineCount / 3) "
let grepTime = timeShell("grep -F -c '\(rare)' '\(rawPath)' > /dev/null")
let openSearch = { () throws -> Double in
    let t = now()
    let a = try Archive(path: dbPath, mode: .readOnly, tuning: tuning)
    _ = try a.search(SearchQuery(text: "tok\(lineCount / 3)", limit: 100))
    a.close()
    return now() - t
}
let cold = try openSearch()
print("open+search rare token       \(ms(cold)); peer grep -F over raw text \(ms(grepTime)) -> \(format2(cold / grepTime))x grep")

if keepDir == nil {
    _ = system("rm -rf '\(dir)'")
}
