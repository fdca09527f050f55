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
