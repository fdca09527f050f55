import Foundation
import Testing

/// Generated streams rendered by ScrollVault and by tmux must give the same lines.
@Suite(.enabled(if: Tmux.isAvailable, "tmux is not on PATH"))
struct DifferentialTests {
    static let sizes = [(40, 10), (80, 24), (20, 5)]

    /// Seeds whose streams hit a known difference, with the minimal reproducer (reported to the
    /// lead). tmux prints a wrapped row only up to its last used cell; ScrollVault cannot tell
    /// never-written cells from cleared ones.
    static let knownDifferences: [Int: String] = [
        1: "unused cells of a wrapped row: printf '\\e[19;73Hx\\t日' at 80x24, tmux 'x日', ours 'x      日'",
        2: "used cells of a wrapped row: printf 'build \\e[3@delta apassed日' at 20x5, tmux keeps a blank before 日 (ICH made the cell used)",
        10: "IL over a wrapped line: printf '\\e[67Gｆｕernelkernel\\e[0A\\e[1L' at 80x24, tmux splits the line",
        17: "IL over a wrapped line: printf ' x socket socket beta\\e8\\e[1L' at 20x5, tmux splits the line",
        23: "DL in a region over wrapped rows: printf 'mnopqrbe\\tx🚀😀\\e[1;5rb\\e[1M ' at 20x5",
        28: "tmux leaves a wide character at column 0 when its right half is overwritten: printf '한국\\e[3Db' at 80x24",
    ]

    @Test(arguments: 0..<30)
    func generatedStreamMatchesTmux(seed: Int) throws {
        let (columns, rows) = Self.sizes[seed % Self.sizes.count]
        var generator = StreamGenerator(seed: UInt64(seed) &* 0x1234_5678_9ABC, columns: columns, rows: rows)
        let bytes = generator.generate(steps: 150)
        let want = normalised(try Tmux.render(bytes, columns: columns, rows: rows))
        let got = normalised(render(bytes, columns: columns, rows: rows))
        if let reason = Self.knownDifferences[seed] {
            // Still compared: the known issue must occur, so a fix shows up here.
            withKnownIssue(Comment(rawValue: reason)) {
                #expect(got == want, "\(firstDifference(got, want))")
            }
            return
        }
        if got != want {
            // Keep the stream for reproduction: scripts/tmux-render.sh COLS ROWS FILE.
            let file = "/tmp/sv-differential-\(seed).\(columns)x\(rows).raw"
            try? Data(bytes).write(to: URL(fileURLWithPath: file))
            Issue.record("seed \(seed) (\(file)): \(firstDifference(got, want))")
        }
    }
}
