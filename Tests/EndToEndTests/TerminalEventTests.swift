import Foundation
import Glibc
import Testing

/// Issue 7, tests 3 to 5: what happens around the session while it runs — a window resize, a
/// SIGTERM in the middle of output, and standard input that is not a terminal.
@Suite struct TerminalEventTests {
    @Test func resizeMidSessionReachesTheChildAndTheArchive() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox, cols: 80, rows: 24)
        // The kernel queues SIGWINCH for scrollvault during the resize ioctl, before the Enter
        // is written, and scrollvault handles pending signals before input: the child's second
        // `stty size` must see the new size.
        let outcome = try driver.run(
            [BuiltBinary.path, "run", "--name", "resize", "--", "sh", "-c", "stty size; read x; stty size"],
            steps: [
                .expect("24 80\r\n"),
                .resize(cols: 100, rows: 30),
                .send("\r"),
                .expect("30 100\r\n"),
            ])
        try #require(outcome.failure == nil, "\(outcome)")
        #expect(outcome.exitCode == 0)
        let export = try sandbox.scrollvault("export", "resize")
        #expect(export.status == 0, "\(export)")
        #expect(export.lines.contains("24 80"))
        #expect(export.lines.contains("30 100"))
    }

    @Test func sigtermMidOutputLosesNothing() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox)
        let outcome = try driver.run(
            [BuiltBinary.path, "run", "--name", "term", "--", "sh", "-c", "seq 1 50000; sleep 30"],
            steps: [
                // The last number has reached our terminal: scrollvault has passed it through,
                // but its emulator and archive writer may still be behind.
                .expect("\n50000\r\n", timeout: 20),
                .signal(SIGTERM),
            ], exitTimeout: 15)
        try #require(outcome.failure == nil, "\(outcome)")
        #expect(outcome.exitCode == 128 + SIGTERM, "the child's status: killed by the forwarded SIGTERM")

        let export = try sandbox.scrollvault("export", "term")
        try #require(export.status == 0, "\(export)")
        let numbers = export.lines.filter { !$0.isEmpty }
        #expect(numbers.count == 50000)
        #expect(numbers == (1...50000).map(String.init), "every number, in order")
        let session = try #require(try sandbox.session(named: "term"))
        #expect(session["state"] as? String == "finished")
        #expect(session["lines"] as? Int == 50000)
    }

    @Test func pipedStdinIsArchived() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("run", "--name", "piped", "--", "cat", input: .pipe(Data("input\n".utf8)))
        #expect(result.status == 0, "\(result)")
        #expect(result.out.contains("input"))
        let export = try sandbox.scrollvault("export", "piped")
        #expect(export.lines.contains("input"), "\(export)")
        let session = try #require(try sandbox.session(named: "piped"))
        #expect(session["columns"] as? Int == 80 && session["rows"] as? Int == 24, "default size without a terminal")
    }

    @Test func devNullStdinEndsTheChildsInput() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("run", "--name", "null", "--cols", "50", "--rows", "7", "--",
                                             "sh", "-c", "cat; stty size; echo after", input: .null)
        #expect(result.status == 0, "\(result)")
        let export = try sandbox.scrollvault("export", "null")
        #expect(export.lines.contains("7 50"), "\(export)")
        #expect(export.lines.contains("after"))
    }
}
