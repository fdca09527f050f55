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

    @Test func controlCReachesTheChildThroughTheRawTerminal() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox)
        // ^C must reach a process that is certainly waiting: cat's copy of a typed line shows
        // it is blocked in read. (A shell between two commands would only note the SIGINT and
        // act on it after its next command, a race that has nothing to do with scrollvault.)
        let outcome = try driver.run(
            [BuiltBinary.path, "run", "--name", "intr", "--", "sh", "-c", "echo ready; exec cat"],
            steps: [.expect("ready\r\n"), .send("typed\r"), .expect("typed\r\ntyped\r\n"), .send("\u{03}")],
            exitTimeout: 10)
        try #require(outcome.failure == nil, "\(outcome)")
        #expect(outcome.exitCode == 130, "cat killed by SIGINT from its own terminal: \(outcome)")
        #expect(try sandbox.scrollvault("export", "intr").lines.prefix(3) == ["ready", "typed", "typed"])
    }

    @Test func terminalModesAreRestoredAfterwards() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox)
        let outcome = try driver.run(
            ["/bin/sh", "-c", "echo before=$(stty -g); \"$0\" run -- echo inner; echo after=$(stty -g)", BuiltBinary.path],
            steps: [.expect("inner\r\n"), .expect("after=")], exitTimeout: 10)
        try #require(outcome.failure == nil, "\(outcome)")
        let text = String(decoding: outcome.transcript, as: UTF8.self)
        func modes(_ key: String) -> String? {
            text.components(separatedBy: "\r\n").first { $0.hasPrefix(key) }.map { String($0.dropFirst(key.count)) }
        }
        let before = try #require(modes("before="), "\(text)")
        #expect(!before.isEmpty)
        #expect(modes("after=") == before, "\(text)")
    }

    @Test func sighupEndsTheSessionCleanly() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox)
        let outcome = try driver.run(
            [BuiltBinary.path, "run", "--name", "hup", "--", "sh", "-c", "seq 1 100; echo ready; sleep 30"],
            steps: [.expect("ready\r\n"), .signal(SIGHUP)], exitTimeout: 15)
        try #require(outcome.failure == nil, "\(outcome)")
        #expect(outcome.exitCode == 128 + SIGHUP, "\(outcome)")
        let session = try #require(try sandbox.session(named: "hup"))
        #expect(session["state"] as? String == "finished")
        #expect(try sandbox.scrollvault("export", "hup").lines.prefix(101) == ArraySlice((1...100).map(String.init) + ["ready"]))
    }

    /// A recorder killed outright cannot finish its session; the next reader marks it
    /// interrupted, and what had reached the archive stays readable.
    @Test func killedRecorderLeavesAnInterruptedSession() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox)
        let binary = BuiltBinary.path
        let outcome = try driver.run(
            [binary, "run", "--name", "killed", "--", "sh", "-c", "seq 1 300; echo ready; read x"],
            steps: [
                .expect("ready\r\n"),
                .poll([binary, "search", "--substring", "--session", "killed", "150"], until: ":150:", timeout: 10),
                .signal(SIGKILL),
            ], exitTimeout: 10)
        try #require(outcome.failure == nil, "\(outcome)")
        #expect(outcome.exitCode == -SIGKILL)
        let session = try #require(try sandbox.session(named: "killed"))
        #expect(session["state"] as? String == "interrupted", "\(session)")
        let export = try sandbox.scrollvault("export", "killed")
        #expect(export.status == 0, "\(export)")
        #expect(export.lines.contains("150"))
    }
}
