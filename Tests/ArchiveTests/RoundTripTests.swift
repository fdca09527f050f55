import Archive
import Testing

@Suite struct RoundTripTests {
    static let samples: [String] = [
        "", "plain ascii", "👩‍👩‍👧‍👦 family", "flag 🇯🇵 and 🏳️‍🌈", "e\u{301} a\u{308}\u{323} combining",
        "日本語 한국어 中文字符", "tabs\tinside", "  leading and trailing  ", "🧑🏿‍💻 coder ✨🚀",
    ]

    @Test func linesComeBackIdentical() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        var lines: [ArchiveLine] = []
        for i in 0..<1000 {
            let text = Self.samples[i % Self.samples.count] + " #\(i)"
            let runs = i % 3 == 0 ? [] : [StyleRun(start: 0, length: Int32(min(3, text.utf8.count)), sgr: "1;38;5;\(i % 256)"),
                                            StyleRun(start: 3, length: 2, sgr: "38;2;1;2;3")]
            lines.append(ArchiveLine(text: text, timestamp: 1_700_000_000_000 + Int64(i * 7 % 50) + Int64(i) * 3,
                                     mark: UInt8(i % 4), styleRuns: runs))
        }
        let id = try record(lines, path: dir.db)
        let archive = try Archive(path: dir.db, mode: .readOnly)
        let back = try exportAll(archive, id)
        #expect(back.count == lines.count)
        for (i, (a, b)) in zip(lines, back).enumerated() {
            #expect(b.number == Int64(i + 1))
            #expect(a.text == b.text && a.timestamp == b.timestamp && a.mark == b.mark && a.styleRuns == b.styleRuns,
                    "line \(i + 1) differs: \(a) vs \(b)")
        }
        let summary = try archive.session(matching: String(id))
        #expect(summary.lineCount == 1000)
        #expect(summary.byteCount == Int64(lines.reduce(0) { $0 + $1.text.utf8.count }))
        #expect(summary.state == .finished)
    }
}
