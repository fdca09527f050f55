import PageStore
import Terminal
import Testing

/// Hostile input never crashes the emulator, never grows memory past the history budget, and
/// never loses a line to pruning.
@Suite struct RobustnessTests {
    static let smallBudget = 1 << 20

    /// Feeds `bytes` in 64 KiB chunks at a 1 MiB budget, checking the page list's live mappings
    /// after every chunk, and compares the lines with an unpruned run of the same bytes.
    private func expectBoundedAndLossless(_ bytes: [UInt8], columns: Int = 80, rows: Int = 24,
                                          sourceLocation: SourceLocation = #_sourceLocation) {
        let splits = Array(stride(from: 65536, to: bytes.count, by: 65536))
        var peak = 0
        var largestPage = 0
        let small = renderLines(bytes, columns: columns, rows: rows, budget: Self.smallBudget, splitAt: splits) { emulator in
            let statistics = emulator.history.statistics
            peak = max(peak, statistics.liveMappedBytes)
            // The largest a page may be: PageList grows a page to at most
            // max(2 standard pages, budget / 4) while it holds rows.
            largestPage = max(largestPage, 2 * statistics.standardPageBytes, emulator.history.budget / 4)
        }
        let budget = small.emulator.history.budget
        #expect(peak <= budget + largestPage,
                "live mappings peaked at \(peak) bytes; budget \(budget) + largest page \(largestPage)",
                sourceLocation: sourceLocation)
        let unbounded = renderLines(bytes, columns: columns, rows: rows, budget: 1 << 40, splitAt: splits)
        #expect(small.lines.count == unbounded.lines.count, sourceLocation: sourceLocation)
        #expect(small.lines == unbounded.lines, "pruning changed or lost lines", sourceLocation: sourceLocation)
    }

    @Test func tenMegabytesOfRandomBytes() {
        var random = SeededGenerator(seed: 42)
        var bytes = [UInt8](repeating: 0, count: 10 << 20)
        for i in stride(from: 0, to: bytes.count, by: 8) {
            var word = random.next()
            for j in 0..<8 { bytes[i + j] = UInt8(truncatingIfNeeded: word); word >>= 8 }
        }
        expectBoundedAndLossless(bytes)
    }

    @Test func megabyteLineWithoutNewline() {
        var line = [UInt8]()
        line.reserveCapacity(1 << 20)
        for i in 0..<(1 << 20) { line.append(UInt8(0x61 + i % 26)) }
        let result = renderLines(line, columns: 80, rows: 24, budget: Self.smallBudget,
                                 splitAt: Array(stride(from: 4096, to: line.count, by: 4096)))
        #expect(result.lines.count == 1)
        #expect(result.lines.first?.text.utf8.count == line.count)
        #expect(result.lines.first.map { Array($0.text.utf8) == line } ?? false)
        expectBoundedAndLossless(line)
    }

    @Test(arguments: [
        ("unterminated OSC", "\u{1B}]0;"),
        ("unterminated OSC 133", "\u{1B}]133;A"),
        ("unterminated DCS", "\u{1B}P1$q"),
        ("unterminated APC", "\u{1B}_G"),
        ("unterminated SOS", "\u{1B}X"),
    ])
    func unterminatedStringDoesNotSwallowLaterOutput(_ name: String, _ opener: String) {
        var bytes = Array("before\r\n".utf8) + Array(opener.utf8)
        for i in 0..<(1 << 20) { bytes.append(UInt8(0x41 + i % 26)) }
        // ST ends any string; the text after it must show up.
        bytes += Array("\u{1B}\\after\r\n".utf8)
        let lines = render(bytes, columns: 80, rows: 24, budget: Self.smallBudget, splitAt: [100, 5000, 70000])
        #expect(lines == ["before", "after"], "\(name): \(lines.prefix(3).map { String($0.prefix(40)) })")
    }

    @Test func garbageEscapeSequences() {
        var bytes: [UInt8] = []
        let nasty: [String] = [
            "\u{1B}[" + String(repeating: "1;", count: 10_000) + "m",
            "\u{1B}[99999999999999999999999999;99999999999999999999H",
            "\u{1B}[-5;-7H", "\u{1B}[?" + String(repeating: "9", count: 500) + "h",
            "\u{1B}[38;2;999;999;999m", "\u{1B}[38:5m", "\u{1B}[38;5m", "\u{1B}[4:9m",
            "\u{1B}[\u{1B}[\u{1B}[1m", "\u{1B}\u{1B}\u{1B}", "\u{1B}[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23;24;25;26;27;28;29;30;31;32;33r",
            "\u{1B}[0;0r", "\u{1B}[5;2r", "\u{1B}[999999999b", "\u{1B}[999999999@", "\u{1B}[999999999L",
            "\u{1B}[999999999M", "\u{1B}[999999999P", "\u{1B}[999999999X", "\u{1B}[999999999S", "\u{1B}[999999999T",
            "\u{1B}[999999999I", "\u{1B}[999999999Z", "\u{1B}#8", "\u{1B}(0\u{1B})0\u{0E}qqq\u{0F}", "\u{1B}[?1049h\u{1B}[?1049h\u{1B}[?1049l\u{1B}[?1049l",
            "\u{1B}]" + String(repeating: ";", count: 70_000) + "\u{7}", "\u{1B}]133;" + String(repeating: "Z", count: 10) + "\u{7}",
            "\u{1B}P" + String(repeating: "\u{1B}P", count: 1000) + "\u{1B}\\", "\u{9B}1m\u{90}x\u{9C}",
            "\u{1B}[3J", "\u{1B}c", "\u{1B}[?6h\u{1B}[99;99H\u{1B}[?6l",
        ]
        var random = SeededGenerator(seed: 3)
        for i in 0..<2000 {
            bytes += Array(nasty[Int.random(in: 0..<nasty.count, using: &random)].utf8)
            bytes += Array("line \(i)\r\n".utf8)
        }
        bytes += Array("\u{1B}[r\u{1B}[?6l\u{1B}[0m\u{1B}(B\u{0F}\u{1B}[?7h\r\nthe end\r\n".utf8)
        let lines = render(bytes, columns: 80, rows: 24, budget: Self.smallBudget)
        #expect(lines.contains("the end"))
        expectBoundedAndLossless(bytes)
    }
}
