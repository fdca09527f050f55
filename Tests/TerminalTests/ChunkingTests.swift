import Foundation
import Testing

/// However the bytes are split into `feed` calls — inside UTF-8 sequences, escape sequences,
/// OSC strings, grapheme clusters — the lines (text, styles and marks) are the same.
@Suite struct ChunkingTests {
    static let splittings = 100

    /// Emoji, CJK, combining marks, SGR in both forms, OSC titles and marks, and invalid UTF-8
    /// (stray continuation bytes, truncated sequences, overlongs, surrogates).
    static let mixedStream: [UInt8] = {
        var out: [UInt8] = []
        var random = SeededGenerator(seed: 7)
        let pieces: [[UInt8]] = [
            Array("日本語のテキスト ".utf8), Array("👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 ❤️ 🇯🇵 ".utf8), Array("e\u{301}a\u{308}\u{323} ".utf8),
            Array("\u{1B}[1;38;5;196mred\u{1B}[0m ".utf8), Array("\u{1B}[38:2::10:20:30;48;2;1;2;3mrgb\u{1B}[m ".utf8),
            Array("\u{1B}]0;a title\u{7}".utf8), Array("\u{1B}]133;A\u{1B}\\$ ".utf8), Array("\u{1B}]133;C\u{7}".utf8),
            [0x80, 0xBF, 0x41], [0xE6, 0x97, 0x41], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF],
            Array("plain ascii words ".utf8), Array("\r\n".utf8), Array("\r\n".utf8), Array("\t".utf8),
            Array(String(repeating: "long", count: 30).utf8),
        ]
        for _ in 0..<3000 { out += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
        return out
    }()

    @Test func mixedStreamIsChunkingInvariant() {
        expectChunkingInvariant(Self.mixedStream, columns: 37, rows: 9, seed: 1)
    }

    @Test(.enabled(if: Corpus.isAvailable, "../shared/conformance is not beside the repository"),
          arguments: Corpus.streams)
    func conformanceStreamIsChunkingInvariant(_ stream: Corpus.Stream) throws {
        let raw = try [UInt8](Data(contentsOf: stream.raw))
        expectChunkingInvariant(raw, columns: stream.columns, rows: stream.rows, seed: UInt64(raw.count))
    }

    private func expectChunkingInvariant(_ bytes: [UInt8], columns: Int, rows: Int, seed: UInt64) {
        let whole = renderLines(bytes, columns: columns, rows: rows).lines
        #expect(whole.count > 3)
        var random = SeededGenerator(seed: seed)
        for splitting in 0..<Self.splittings {
            // From a few large chunks to many tiny ones.
            let count = [1, 3, 10, 50, 400][splitting % 5]
            let splits = randomSplits(length: bytes.count, count: count, using: &random)
            let lines = renderLines(bytes, columns: columns, rows: rows, splitAt: splits).lines
            if lines != whole {
                let index = zip(lines, whole).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                Issue.record("splitting \(splitting) at \(splits.prefix(20))…: line \(index.map { $0 + 1 } ?? -1) differs")
                return
            }
        }
    }
}
