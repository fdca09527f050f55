import Foundation
import Glibc
import Testing

/// Issue 29: what is on the screen is in the archive about a second later, provisionally, so it
/// can be searched before it scrolls off and survives a recorder killed with SIGKILL.
@Suite struct ScreenTailEndToEndTests {
    @Test func aMarkerLeftOnTheScreenIsFoundWithinASecondAndAHalf() throws {
        let sandbox = try Sandbox()
        let binary = BuiltBinary.path
        let outcome = try PtyDriver(sandbox: sandbox).run(
            [binary, "run", "--name", "mark", "--", "sh", "-c", "echo SCREEN_MARKER_29; read x; echo bye"],
            steps: [
                .expect("SCREEN_MARKER_29\r\n"),
                .poll([binary, "search", "--session", "mark", "SCREEN_MARKER_29"], until: "SCREEN_MARKER_29", timeout: 1.5),
                .send("\r"),
                .expect("bye\r\n"),
            ])
        #expect(outcome.failure == nil && outcome.exitCode == 0, "\(outcome)")
        let export = try sandbox.scrollvault("export", "mark")
        #expect(export.lines == ["SCREEN_MARKER_29", "", "bye"], "the final screen replaced the provisional one: \(export)")
    }

    /// While recording, lines that scrolled off and the screen below them read as one sequence.
    @Test func storedAndProvisionalLinesNeverRepeat() throws {
        let sandbox = try Sandbox()
        let binary = BuiltBinary.path
        let expected = (1...30).map(String.init) + ["end-of-seq"]
        let check = """
            import json, subprocess, sys
            out = subprocess.run(sys.argv[1:], capture_output=True, text=True).stdout.split("\\n")[:-1]
            print("exact" if out == \(String(decoding: try JSONSerialization.data(withJSONObject: expected), as: UTF8.self)) else "not yet: %r" % out[-3:])
            """
        let checker = try sandbox.write("check.py", check)
        let outcome = try PtyDriver(sandbox: sandbox).run(
            [binary, "run", "--name", "seq", "--", "sh", "-c", "seq 1 30; echo end-of-seq; read x"],
            steps: [
                .expect("end-of-seq\r\n"),
                .poll(PtyDriver.python + [checker, binary, "export", "seq"], until: "exact", timeout: 5),
                .send("\r"),
            ])
        #expect(outcome.failure == nil && outcome.exitCode == 0, "\(outcome)")
    }

    /// SIGKILL once the output has been still for 1.5 s: every line that was on the screen is
    /// in the export, in order, once, and the progress bar redrawn on the last row only in its
    /// final state.
    @Test func theScreenSurvivesSIGKILL() throws {
        let sandbox = try Sandbox()
        let script = #"seq 1 100; for p in 10 40 70 100; do printf "progress %d%%\r" $p; sleep 0.2; done; read x"#
        let report = try KillDriver(sandbox: sandbox).run(
            [BuiltBinary.path, "run", "--name", "killed", "--", "sh", "-c", script],
            signal: SIGKILL, delay: 1.5, trigger: "progress 100%")
        #expect(report.exitCode == -SIGKILL, "\(report)")
        let export = try sandbox.scrollvault("export", "killed")
        #expect(export.status == 0)
        #expect(export.lines == (1...100).map(String.init) + ["progress 100%"], "\(export)")
        // The next writer adopts the screen as the session's last lines.
        #expect(try sandbox.scrollvault("run", "--", "true").status == 0)
        let session = try #require(try sandbox.session(named: "killed"))
        #expect(session["state"] as? String == "interrupted")
        #expect(session["lines"] as? Int == 101, "\(session)")
        #expect(try sandbox.scrollvault("export", "killed").lines == export.lines)
    }

    @Test func anAlternateScreenOnTopLeavesNoProvisionalRows() throws {
        let sandbox = try Sandbox()
        let script = #"echo before-alt; printf '\033[?1049h'; echo ALT_ONLY_TEXT; read x"#
        let report = try KillDriver(sandbox: sandbox).run(
            [BuiltBinary.path, "run", "--name", "alt", "--", "sh", "-c", script],
            signal: SIGKILL, delay: 1.5, trigger: "ALT_ONLY_TEXT")
        #expect(report.exitCode == -SIGKILL, "\(report)")
        #expect(try sandbox.scrollvault("export", "alt").lines == ["before-alt"])
        #expect(try sandbox.scrollvault("search", "ALT_ONLY_TEXT").status == 1)
    }
}
