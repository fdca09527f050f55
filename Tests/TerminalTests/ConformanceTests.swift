import Foundation
import Testing

/// Every recorded real-program stream, rendered at its recorded size, must give exactly the
/// lines tmux rendered from the same bytes (`../shared/conformance`).
@Suite(.enabled(if: Corpus.isAvailable, "../shared/conformance is not beside the repository"))
struct ConformanceTests {
    @Test(arguments: Corpus.streams)
    func matchesTmux(_ stream: Corpus.Stream) throws {
        let raw = try [UInt8](Data(contentsOf: stream.raw))
        let expected = try String(contentsOf: stream.expected, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let got = normalised(render(raw, columns: stream.columns, rows: stream.rows))
        let want = normalised(expected)
        let firstDifference = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(got == want, """
            \(stream.name): \(got.count) lines, tmux \(want.count); first difference at line \
            \((firstDifference?.offset ?? min(got.count, want.count)) + 1): \
            got \(String(describing: firstDifference?.element.0)) want \(String(describing: firstDifference?.element.1))
            """)
    }
}
