import Foundation
import Testing

/// Issue 26, "Pause and resume": output between `scrollvault pause` and `resume` is shown but
/// never archived; the gap is marked in export and listed in `sessions --json`.
@Suite struct PauseTests {
    private func pausedSpans(_ sandbox: Sandbox, _ name: String) throws -> [[String: Any]] {
        let session = try #require(try sandbox.session(named: name))
        return try #require(session["paused"] as? [[String: Any]], "\(session)")
    }

    @Test func aPausedShellShowsItsOutputButArchivesNoneOfIt() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox, cols: 80, rows: 24)
        let sv = BuiltBinary.path
        let outcome = try driver.run(
            [sv, "run", "--quiet", "--name", "paused", "--", "sh"],
            environment: ["PS1": "$ ", "ENV": nil],
            steps: [
                .expect("$ "), .send("echo visible-$((1+1))\r"), .expect("visible-2"), .expect("$ "),
                .send("'\(sv)' pause\r"), .expect("not archived until"), .expect("$ "),
                // Typed and printed while paused: the command line and its output both.
                .send("echo hidden-$((6*7))\r"), .expect("hidden-42"), .expect("$ "),
                .send("'\(sv)' resume\r"), .expect("archived again"), .expect("$ "),
                .send("echo visible-$((2+1))\r"), .expect("visible-3"), .expect("$ "),
                .send("exit\r"),
            ])
        try #require(outcome.failure == nil, "\(outcome)")
        #expect(String(decoding: outcome.transcript, as: UTF8.self).contains("hidden-42"), "the terminal showed it")

        let export = try sandbox.scrollvault("export", "paused")
        #expect(export.lines.contains("visible-2") && export.lines.contains("visible-3"), "\(export)")
        #expect(!export.out.contains("hidden"), "\(export)")
        let marker = try #require(export.lines.firstIndex { $0.hasPrefix("[scrollvault: output not archived from ") }, "\(export)")
        let before = try #require(export.lines.firstIndex(of: "visible-2"))
        let after = try #require(export.lines.firstIndex(of: "visible-3"))
        #expect(before < marker && marker < after, "\(export)")
        #expect(try sandbox.scrollvault("search", "hidden").status == 1)
        #expect(try sandbox.scrollvault("search", "--substring", "hidden-42").status == 1)

        let spans = try pausedSpans(sandbox, "paused")
        #expect(spans.count == 1)
        let from = try #require(spans.first?["from"] as? String), to = try #require(spans.first?["to"] as? String)
        #expect(from < to, "\(spans)")
    }

    @Test func aProgramCanHideItsOwnOutputInBand() throws {
        let sandbox = try Sandbox()
        // An asciicast, so each event has its own time: the gap's place is found by time.
        let cast = """
            {"version": 2, "width": 40, "height": 5, "timestamp": 1700000000}
            [0.1, "o", "shown before\\r\\n"]
            [0.2, "o", "\\u001b]7777;pause\\u0007token=abc123\\r\\nalso hidden"]
            [0.3, "o", " still hidden\\r\\n\\u001b]7777;resume\\u0007"]
            [0.4, "o", "shown after\\r\\n"]
            """
        let result = try sandbox.scrollvault("import", "--name", "hiding", sandbox.write("hiding.cast", cast))
        #expect(result.status == 0, "\(result)")
        let export = try sandbox.scrollvault("export", "hiding")
        #expect(export.lines.count == 3, "\(export)")
        #expect(export.lines.first == "shown before")
        #expect(export.lines.dropFirst().first?.hasPrefix("[scrollvault: output not archived from ") == true, "\(export)")
        #expect(export.lines.last == "shown after")
        let json = try sandbox.scrollvault("export", "--format", "json", "hiding")
        #expect(json.lines.dropFirst().first?.hasPrefix("{\"paused\":{\"from\":\"2023-11-14T22:13:20.200Z\",\"to\":\"2023-11-14T22:13:20.300Z\"}}") == true,
                "\(json)")
        #expect(try pausedSpans(sandbox, "hiding").count == 1)
    }

    @Test func pauseOutsideARecordedSessionSaysSo() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("pause", environment: ["SCROLLVAULT_SESSION": nil])
        #expect(result.status == 2)
        #expect(result.err.hasPrefix("scrollvault: not inside a recorded session"), "\(result)")
    }

    @Test func execPausesBothStreams() throws {
        let sandbox = try Sandbox()
        let sv = BuiltBinary.path
        let script = "echo one; '\(sv)' pause; echo two; echo three >&2; sleep 0.2; '\(sv)' resume; echo four"
        let result = try sandbox.scrollvault("exec", "--name", "piped", "--", "sh", "-c", script)
        #expect(result.status == 0, "\(result)")
        let export = try sandbox.scrollvault("export", "piped")
        #expect(!export.out.contains("two") && !export.out.contains("three"), "\(export)")
        #expect(export.lines.contains("one") && export.lines.contains("four"), "\(export)")
    }
}
