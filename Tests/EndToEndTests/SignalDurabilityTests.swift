import Foundation
import Glibc
import Testing

/// Issue 6.2: SIGTERM, SIGHUP and the child ending on its own each lose nothing: every line
/// that scrolled off and the final screen (up to its last row in use, a line without a
/// newline included) are in the archive, and the session is finished.
@Suite struct SignalDurabilityTests {
    enum Ending: String, CaseIterable, CustomTestStringConvertible {
        case sigterm, sighup, childExits
        var testDescription: String { rawValue }
    }

    @Test(arguments: Ending.allCases)
    func nothingLost(ending: Ending) throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox, cols: 80, rows: 24)
        // 3000 lines, then a final screen that is not a whole line: the last row is still being
        // written when the session ends.
        let tail = ending == .childExits ? "" : "; sleep 30"
        let script = "seq 1 3000; printf 'final screen row\\nno newline at the end'\(tail)"
        var steps: [PtyDriver.Step] = [.expect("no newline at the end", timeout: 20)]
        switch ending {
        case .sigterm: steps.append(.signal(SIGTERM))
        case .sighup: steps.append(.signal(SIGHUP))
        case .childExits: break
        }
        let outcome = try driver.run([BuiltBinary.path, "run", "--name", "end", "--", "sh", "-c", script],
                                     steps: steps, exitTimeout: 15)
        try #require(outcome.failure == nil, "\(outcome)")
        switch ending {
        case .sigterm: #expect(outcome.exitCode == 128 + SIGTERM, "\(outcome)")
        case .sighup: #expect(outcome.exitCode == 128 + SIGHUP, "\(outcome)")
        case .childExits: #expect(outcome.exitCode == 0, "\(outcome)")
        }
        let export = try sandbox.scrollvault("export", "end")
        try #require(export.status == 0, "\(export)")
        let lines = export.lines
        #expect(lines.prefix(3000) == ArraySlice((1...3000).map(String.init)), "every scrolled-off line and the screen's numbers")
        #expect(Array(lines.dropFirst(3000)) == ["final screen row", "no newline at the end"], "the final screen: \(lines.suffix(4))")
        let session = try #require(try sandbox.session(named: "end"))
        #expect(session["state"] as? String == "finished", "\(session)")
        #expect(session["lines"] as? Int == 3002, "\(session)")
    }
}
