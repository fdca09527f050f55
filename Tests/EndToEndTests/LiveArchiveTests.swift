import Foundation
import Testing

/// Readers work while a session records: `search`, `export` and `sessions` see the lines that
/// have scrolled into history before the session ends.
@Suite struct LiveArchiveTests {
    @Test func searchAndExportWhileRecording() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox, cols: 80, rows: 24)
        let binary = BuiltBinary.path
        let outcome = try driver.run(
            [binary, "run", "--name", "live", "--", "sh", "-c", "seq 1 200; echo live-marker; read x; echo after-input"],
            steps: [
                .expect("live-marker\r\n"),
                // Line 150 has scrolled off a 24-row screen; the writer commits in batches.
                .poll([binary, "search", "--substring", "--session", "live", "150"], until: ":150:", timeout: 10),
                .poll([binary, "export", "--lines", "1:3", "live"], until: "1\n2\n3\n", timeout: 5),
                .poll([binary, "sessions", "--json"], until: "\"state\":\"recording\"", timeout: 5),
                .send("\r"),
                .expect("after-input\r\n"),
            ])
        try #require(outcome.failure == nil, "\(outcome)")
        #expect(outcome.exitCode == 0)
        let export = try sandbox.scrollvault("export", "live")
        #expect(export.lines.prefix(200) == ArraySlice((1...200).map(String.init)), "\(export)")
        #expect(export.lines.contains("after-input"))
        #expect(try sandbox.session(named: "live")?["state"] as? String == "finished")
    }

    @Test func pruneLeavesARecordingSessionAlone() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox)
        let binary = BuiltBinary.path
        let outcome = try driver.run(
            [binary, "run", "--name", "busy", "--", "sh", "-c", "seq 1 100; echo ready; read x; echo bye"],
            steps: [
                .expect("ready\r\n"),
                .poll([binary, "search", "--substring", "--session", "busy", "50"], until: ":50:", timeout: 10),
                .poll([binary, "prune", "--older-than", "0s"], until: "removed 0 sessions", timeout: 5),
                .send("\r"),
                .expect("bye\r\n"),
            ])
        try #require(outcome.failure == nil, "\(outcome)")
        // Only the line `run` prints when the command starts (issue 30), no warning.
        let said = String(decoding: outcome.transcript, as: UTF8.self).components(separatedBy: "scrollvault:").dropFirst()
        #expect(said.count == 1 && said.first?.hasPrefix(" recording session") == true, "no warning from the recorder: \(Array(said))")
        let export = try sandbox.scrollvault("export", "busy")
        let expected: [String] = (1...100).map(String.init) + ["ready"]
        #expect(Array(export.lines.prefix(101)) == expected, "\(export)")
        #expect(export.lines.contains("bye"))
        #expect(try sandbox.session(named: "busy")?["state"] as? String == "finished")
    }
}
