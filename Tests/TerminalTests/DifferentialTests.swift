import Foundation
import Testing

/// Generated streams rendered by ScrollVault and by tmux must give the same lines.
@Suite(.enabled(if: Tmux.isAvailable, "tmux is not on PATH"))
struct DifferentialTests {
    static let sizes = [(40, 10), (80, 24), (20, 5)]

    @Test(arguments: 0..<30)
    func generatedStreamMatchesTmux(seed: Int) throws {
        let (columns, rows) = Self.sizes[seed % Self.sizes.count]
        var generator = StreamGenerator(seed: UInt64(seed) &* 0x1234_5678_9ABC, columns: columns, rows: rows)
        let bytes = generator.generate(steps: 150)
        let want = normalised(try Tmux.render(bytes, columns: columns, rows: rows))
        let got = normalised(render(bytes, columns: columns, rows: rows))
        if got != want {
            // Keep the stream for reproduction: scripts/tmux-render.sh COLS ROWS FILE.
            let file = "/tmp/sv-differential-\(seed).\(columns)x\(rows).raw"
            try? Data(bytes).write(to: URL(fileURLWithPath: file))
            Issue.record("seed \(seed) (\(file)): \(firstDifference(got, want))")
        }
    }
}
