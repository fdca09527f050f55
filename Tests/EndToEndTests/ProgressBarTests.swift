import Foundation
import Testing

/// Issue 25: a long import shows a progress bar on a terminal, gone once it ends; a pipe gets
/// none.
@Suite struct ProgressBarTests {
    static func bigFile(_ sandbox: Sandbox) throws -> String {
        let line = String(repeating: "progress bar test line ", count: 3) + "\n"
        return try sandbox.write("big.txt", String(repeating: line, count: 120_000))   // ~8 MiB
    }

    @Test func aTerminalSeesTheBarWhileImportingAndNotAfter() throws {
        let sandbox = try Sandbox()
        let file = try Self.bigFile(sandbox)
        let outcome = try PtyDriver(sandbox: sandbox).run(
            [BuiltBinary.path, "import", "--format", "raw", "--name", "big", file],
            steps: [.expect("MiB/8.", timeout: 60), .expect("imported 120000 lines as session", timeout: 120)])
        try #require(outcome.failure == nil, "\(outcome)")
        let transcript = String(decoding: outcome.transcript, as: UTF8.self)
        let last = try #require(transcript.range(of: "imported 120000 lines", options: .backwards))
        let before = transcript[..<last.lowerBound]
        #expect(before.hasSuffix("\r\u{1B}[K"), "the bar is cleared before the closing line: \(before.suffix(120).debugDescription)")
        #expect(before.contains("%  ["), "the bar shows a percentage: \(before.suffix(300).debugDescription)")
    }

    @Test func aPipeGetsNoBar() throws {
        let sandbox = try Sandbox()
        let file = try Self.bigFile(sandbox)
        let result = try sandbox.scrollvault("import", "--format", "raw", "--name", "big", file, timeout: 120)
        #expect(result.status == 0, "\(result)")
        #expect(result.err.isEmpty, "\(result.err)")
        #expect(result.out == "1\n" || result.lines == ["1"], "\(result.out)")
    }

    @Test func quietKeepsTheTerminalQuiet() throws {
        let sandbox = try Sandbox()
        let file = try Self.bigFile(sandbox)
        let outcome = try PtyDriver(sandbox: sandbox).run(
            [BuiltBinary.path, "import", "--quiet", "--format", "raw", file], steps: [.expect("1\r\n", timeout: 120)])
        try #require(outcome.failure == nil, "\(outcome)")
        #expect(!String(decoding: outcome.transcript, as: UTF8.self).contains("MiB"))
    }
}
