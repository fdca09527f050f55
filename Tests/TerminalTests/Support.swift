import Foundation
import PageStore
import Terminal

/// Collects completed lines for assertions.
final class LineCollector: LineConsumer {
    var lines: [LogicalLine] = []
    func lineCompleted(_ line: LogicalLine) { lines.append(line) }
    var texts: [String] { lines.map(\.text) }
}

/// Runs `bytes` through a fresh emulator of the given size, split into `chunks` pieces, and
/// returns every line including the final screen.
func render(_ bytes: [UInt8], columns: Int, rows: Int, budget: Int = PageList.defaultBudget,
            splitAt splits: [Int] = []) -> [String] {
    let collector = LineCollector()
    let emulator = TerminalEmulator(columns: columns, rows: rows, scrollbackBudget: budget, consumer: collector)
    var start = 0
    for split in splits.sorted() + [bytes.count] where split >= start {
        emulator.feed(Array(bytes[start..<split]))
        start = split
    }
    emulator.finish()
    return collector.texts
}

func render(_ text: String, columns: Int = 80, rows: Int = 24) -> [String] {
    render(Array(text.utf8), columns: columns, rows: rows)
}

/// What `check.sh` compares: trailing whitespace stripped from each line, trailing blank
/// lines dropped.
func normalised(_ lines: [String]) -> [String] {
    var out = lines.map { line -> String in
        var s = Substring(line)
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }
    while out.last == "" { out.removeLast() }
    return out
}

/// The shared conformance corpus beside the repository, when present.
enum Corpus {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/conformance")

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("streams").path) }

    struct Stream: Sendable, CustomStringConvertible {
        var name: String
        var columns: Int
        var rows: Int
        var raw: URL
        var expected: URL
        var description: String { name }
    }

    static var streams: [Stream] {
        guard isAvailable else { return [] }
        let dir = root.appendingPathComponent("streams")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".raw") }.sorted().compactMap { file in
            let base = String(file.dropLast(4))
            guard let dot = base.lastIndex(of: ".") else { return nil }
            let size = base[base.index(after: dot)...].split(separator: "x")
            guard size.count == 2, let c = Int(size[0]), let r = Int(size[1]) else { return nil }
            return Stream(name: base, columns: c, rows: r, raw: dir.appendingPathComponent(file),
                          expected: root.appendingPathComponent("expected/\(base).txt"))
        }
    }
}

/// tmux as an oracle: renders bytes through a headless tmux with `scripts/tmux-render.sh` and
/// returns its lines (history plus final screen, wrapped rows joined, trailing blanks trimmed).
enum Tmux {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/tmux-render.sh")

    /// True when `tmux` is on PATH and the render script is beside the sources.
    static let isAvailable: Bool = {
        guard FileManager.default.isExecutableFile(atPath: script.path) else { return false }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/tmux")
        }
    }()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs the script with posix_spawn rather than Foundation's `Process`: the test runner's
    /// threads block most signals, `Process` passes that mask on, and a tmux server started
    /// under it can neither be stopped nor reaped. The child here gets an empty mask and default
    /// handlers; output goes through a file, so no pipe can be held open by the tmux daemon.
    static func render(_ bytes: [UInt8], columns: Int, rows: Int) throws -> [String] {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("sv-tmux-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        let input = base.appendingPathExtension("raw")
        let output = base.appendingPathExtension("txt")
        try Data(bytes).write(to: input)
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: output)
        }
        let command = "exec '\(script.path)' \(columns) \(rows) '\(input.path)' >'\(output.path)' 2>/dev/null"
        let status = try spawnAndWait(["/bin/sh", "-c", command])
        guard status == 0 else { throw Failure(description: "tmux-render.sh exited with status \(status)") }
        var lines = String(decoding: try Data(contentsOf: output), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func spawnAndWait(_ arguments: [String]) throws -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], nil, &attributes, &argv, environ)
        guard spawned == 0 else { throw Failure(description: "posix_spawn \(arguments[0]) failed: errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed: errno \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }
}

/// Describes the first difference between two line lists, for failure messages.
func firstDifference(_ got: [String], _ want: [String]) -> String {
    guard got != want else { return "identical" }
    let index = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
    let g = index < got.count ? got[index].debugDescription : "<none>"
    let w = index < want.count ? want[index].debugDescription : "<none>"
    return "\(got.count) lines vs \(want.count); first difference at line \(index + 1): got \(g), want \(w)"
}

/// A small deterministic generator (SplitMix64) so generated streams are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Like `render`, but returns the whole logical lines (text, style runs, marks) and the emulator,
/// for tests that look past the text.
func renderLines(_ bytes: [UInt8], columns: Int, rows: Int, budget: Int = PageList.defaultBudget,
                 splitAt splits: [Int] = [], afterEachChunk: ((TerminalEmulator) -> Void)? = nil)
    -> (lines: [LogicalLine], emulator: TerminalEmulator) {
    let collector = LineCollector()
    let emulator = TerminalEmulator(columns: columns, rows: rows, scrollbackBudget: budget, consumer: collector)
    var start = 0
    for split in splits.sorted() + [bytes.count] where split >= start {
        bytes.withUnsafeBytes { emulator.feed(UnsafeRawBufferPointer(rebasing: $0[start..<split])) }
        afterEachChunk?(emulator)
        start = split
    }
    emulator.finish()
    return (collector.lines, emulator)
}

/// `count` distinct-ish split positions inside `0..<length`, from `generator`.
func randomSplits(length: Int, count: Int, using generator: inout SeededGenerator) -> [Int] {
    guard length > 1 else { return [] }
    return (0..<count).map { _ in Int.random(in: 1..<length, using: &generator) }.sorted()
}
