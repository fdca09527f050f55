import Foundation
import Testing

/// Issue 7, test 7: recordings in every format come in at their recorded size and time, a
/// malformed one keeps its valid part and says where it stopped, and `-` reads a pipe.
@Suite struct ImportTests {
    @Test func asciicastV2() throws {
        let sandbox = try Sandbox()
        // 1700000000 is 2023-11-14 22:13:20 UTC; width 10 makes the long line wrap (joined on export).
        let file = try sandbox.write("v2.cast", """
            {"version": 2, "width": 10, "height": 5, "timestamp": 1700000000, "env": {"TERM": "xterm"}}
            [0.5, "o", "cast two\\r\\n"]
            [1.0, "i", "typed input is not output\\r"]
            [2.25, "o", "abcdefghijklmnopqrstuvwxyz\\r\\n\\u001b[32mgreen\\u001b[0m\\r\\n"]

            """)
        let result = try sandbox.scrollvault("import", "--name", "v2", file)
        #expect(result.status == 0, "\(result)")
        #expect(Int(result.out.trimmingCharacters(in: .whitespacesAndNewlines)) != nil, "prints the session id: \(result.out)")
        let export = try sandbox.scrollvault("export", "--timestamps", "v2")
        #expect(export.lines == [
            "[2023-11-14 22:13:20] cast two",
            "[2023-11-14 22:13:22] abcdefghijklmnopqrstuvwxyz",
            "[2023-11-14 22:13:22] green",
        ], "\(export)")
        let session = try #require(try sandbox.session(named: "v2"))
        #expect(session["columns"] as? Int == 10)
        #expect(session["rows"] as? Int == 5)
        #expect((session["started"] as? String)?.hasPrefix("2023-11-14T22:13:20") == true, "\(session)")
    }

    @Test func asciicastV3() throws {
        let sandbox = try Sandbox()
        // v3: intervals between events, a resize event, a marker, a comment line.
        let file = try sandbox.write("v3.cast", """
            {"version": 3, "term": {"cols": 12, "rows": 4}, "timestamp": 1700000000}
            [0.5, "o", "cast three\\r\\n"]
            # a comment
            [0.1, "r", "30x6"]
            [0.1, "m", "a marker"]
            [1.0, "o", "ABCDEFGHIJKLMNOPQRSTUVWXYZ\\r\\n"]
            [0.2, "x", 0]

            """)
        let result = try sandbox.scrollvault("import", "--name", "v3", file)
        #expect(result.status == 0, "\(result)")
        let export = try sandbox.scrollvault("export", "--timestamps", "v3")
        #expect(export.lines == [
            "[2023-11-14 22:13:20] cast three",
            "[2023-11-14 22:13:21] ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        ], "\(export)")
        let session = try #require(try sandbox.session(named: "v3"))
        #expect(session["columns"] as? Int == 12, "the size the recording started at")
    }

    @Test func typescriptWithTiming() throws {
        let sandbox = try Sandbox()
        let body = "ts one\r\n0123456789abcdef\r\nts two\r\n"
        let typescript = try sandbox.write("typescript", """
            Script started on 2026-11-24 10:00:00+00:00 [COMMAND="demo" TERM="xterm" TTY="/dev/pts/1" COLUMNS="8" LINES="5"]
            \(body)
            Script done on 2026-11-24 10:00:03+00:00 [COMMAND_EXIT_CODE="0"]

            """)
        // Classic timing: DELAY BYTES, covering the body (the trailing newline after it is script's own).
        let timing = try sandbox.write("timing", "0.5 8\n1.0 18\n1.5 8\n")
        let result = try sandbox.scrollvault("import", "--name", "ts", "--timing", timing, typescript)
        #expect(result.status == 0, "\(result)")
        let export = try sandbox.scrollvault("export", "ts")
        #expect(export.lines.filter { !$0.isEmpty } == ["ts one", "0123456789abcdef", "ts two"], "\(export)")
        #expect(!export.out.contains("Script started"), "the header is not terminal output")
        let session = try #require(try sandbox.session(named: "ts"))
        #expect(session["columns"] as? Int == 8, "COLUMNS from the header")
    }

    @Test func malformedAsciicastKeepsTheValidPartAndSaysWhere() throws {
        let sandbox = try Sandbox()
        let file = try sandbox.write("bad.cast", """
            {"version": 2, "width": 40, "height": 10}
            [0.5, "o", "good line\\r\\n"]
            [1.0, "o", "broken
            [2.0, "o", "never imported\\r\\n"]

            """)
        let result = try sandbox.scrollvault("import", "--name", "bad", file)
        #expect(result.status == 2, "an error, what came before kept (issue 30's table): \(result)")
        #expect(result.err.contains("line 3"), "says where it stopped: \(result.err)")
        let export = try sandbox.scrollvault("export", "bad")
        #expect(export.status == 0, "\(export)")
        #expect(export.lines.first == "good line")
        #expect(!export.out.contains("never imported"))
    }

    @Test func notARecordingAtAll() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("import", "--format", "asciicast", sandbox.write("junk", "hello\n"))
        #expect(result.status == 2, "\(result)")
        #expect(!result.err.isEmpty)
        let missing = try sandbox.scrollvault("import", sandbox.path("no-such-file"))
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.err.contains("no-such-file"))
    }

    @Test func importFromAPipe() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.importRaw("piped one\r\npiped two\r\n\u{1B}[1mbold\u{1B}[0m", name: "piped")
        #expect(result.status == 0, "\(result)")
        let export = try sandbox.scrollvault("export", "piped")
        #expect(export.lines == ["piped one", "piped two", "bold"], "\(export)")
    }
}
