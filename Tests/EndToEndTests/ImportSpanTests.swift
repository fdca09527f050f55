import Foundation
import Testing

/// Issue 28: an imported recording keeps its own time span, exit status and (file) name.
@Suite struct ImportSpanTests {
    /// asciinema's demo.cast in miniature: 2017-10-27 08:10:18 UTC, input typed at 12.25 s.
    static let demoCast = """
        {"version": 2, "width": 40, "height": 10, "timestamp": 1509091818}
        [0.5, "o", "hello from 2017\\r\\n"]
        [3.0, "o", "second line\\r\\n"]
        [12.25, "i", "exit\\r"]

        """

    @Test func asciicastV2WithTimestampSpansItsEvents() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("import", sandbox.write("demo.cast", Self.demoCast))
        #expect(result.status == 0, "\(result)")
        let session = try #require(try sandbox.session(named: "demo"), "named after the file")
        #expect(session["source"] as? String == "import")
        #expect(session["started"] as? String == "2017-10-27T08:10:18.000Z")
        #expect(session["ended"] as? String == "2017-10-27T08:10:30.250Z", "\(session)")
        #expect(session["duration_seconds"] as? Double == 12.25)
        #expect(session["exit_status"] is NSNull)
        let imported = try #require(milliseconds(session["imported"]), "when it was imported: \(session)")
        #expect(abs(Double(imported) / 1000 - Date().timeIntervalSince1970) < 60)
        let table = try sandbox.scrollvault("sessions")
        #expect(table.lines.count == 2 && table.lines[1].contains(" 12s "), "\(table)")
    }

    @Test func asciicastV2WithoutTimestampStartsAtTheImportAndLastsItsEvents() throws {
        let sandbox = try Sandbox()
        let cast = try sandbox.write("simple.cast", """
            {"version": 2, "width": 40, "height": 10}
            [1.0, "o", "one\\r\\n"]
            [11.5, "o", "two\\r\\n"]

            """)
        let before = Date()
        #expect(try sandbox.scrollvault("import", cast).status == 0)
        let session = try #require(try sandbox.session(named: "simple"))
        let started = try #require(milliseconds(session["started"]))
        let ended = try #require(milliseconds(session["ended"]))
        #expect(abs(Double(started) / 1000 - before.timeIntervalSince1970) < 10, "\(session)")
        let imported = try #require(milliseconds(session["imported"]))
        #expect(abs(imported - started) < 10_000)
        #expect(ended - started == 11_500)
        #expect(session["duration_seconds"] as? Double == 11.5)
    }

    @Test func asciicastV3IntervalsAndExitEvent() throws {
        let sandbox = try Sandbox()
        let cast = try sandbox.write("v3.cast", """
            {"version": 3, "term": {"cols": 40, "rows": 10}, "timestamp": 1700000000}
            [0.5, "o", "three\\r\\n"]
            [1.25, "m", "marker"]
            [2.0, "x", "3"]

            """)
        #expect(try sandbox.scrollvault("import", cast).status == 0)
        let session = try #require(try sandbox.session(named: "v3"))
        #expect(session["started"] as? String == "2023-11-14T22:13:20.000Z")
        #expect(session["ended"] as? String == "2023-11-14T22:13:23.750Z", "\(session)")
        #expect(session["duration_seconds"] as? Double == 3.75)
        #expect(session["exit_status"] as? Int == 3)
        let table = try sandbox.scrollvault("sessions")
        #expect(table.lines.last?.contains(" 3 ") == true, "EXIT column: \(table)")
    }

    @Test func typescriptWithTimingAndExitCode() throws {
        let sandbox = try Sandbox()
        let typescript = try sandbox.write("build.typescript", """
            Script started on 2026-11-24 10:00:00+00:00 [COMMAND="make" TERM="xterm" TTY="/dev/pts/1" COLUMNS="40" LINES="5"]
            ts one\r
            ts two\r

            Script done on 2026-11-24 10:00:03+00:00 [COMMAND_EXIT_CODE="2"]

            """)
        // 0.5 + 2.75 = 3.25 s: later than the footer's whole second, so the last entry is the end.
        let timing = try sandbox.write("timing", "0.5 8\n2.75 8\n")
        #expect(try sandbox.scrollvault("import", "--timing", timing, typescript).status == 0)
        let session = try #require(try sandbox.session(named: "build"))
        #expect(session["started"] as? String == "2026-11-24T10:00:00.000Z")
        #expect(session["ended"] as? String == "2026-11-24T10:00:03.250Z", "\(session)")
        #expect(session["duration_seconds"] as? Double == 3.25)
        #expect(session["exit_status"] as? Int == 2)
    }

    /// What util-linux script(1) itself writes: its advanced timing file states DURATION and
    /// EXIT_CODE, more precise than the footer's whole seconds.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func typescriptFromScriptItself() throws {
        let sandbox = try Sandbox()
        let typescript = sandbox.path("real.typescript"), timing = sandbox.path("real.timing")
        let script = try sandbox.run(["/usr/bin/script", "-q", "-m", "advanced", "-T", timing,
                                      "-c", "echo hi; sleep 0.2; echo there; exit 3", typescript])
        try #require(script.status == 0, "\(script)")
        let facts = try String(decoding: sandbox.read("real.timing"), as: UTF8.self).split(separator: "\n")
        let duration = try #require(facts.first { $0.hasPrefix("H 0.000000 DURATION ") }.flatMap { Double($0.split(separator: " ")[3]) })
        #expect(try sandbox.scrollvault("import", "--timing", timing, typescript).status == 0)
        let session = try #require(try sandbox.session(named: "real"))
        #expect(session["exit_status"] as? Int == 3)
        #expect(session["duration_seconds"] as? Double == (duration * 1000).rounded() / 1000, "\(session)")
        #expect(try sandbox.scrollvault("export", "real").lines == ["hi", "there"])
    }

    @Test func bytesWithoutTimesHaveNoKnownDuration() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.importRaw("no times here\r\n", name: "raw").status == 0)
        let session = try #require(try sandbox.session(named: "raw"))
        #expect(session["ended"] as? String == session["started"] as? String, "\(session)")
        #expect(session["duration_seconds"] is NSNull)
        let table = try sandbox.scrollvault("sessions")
        let columns = try #require(table.lines.last).split(separator: " ", omittingEmptySubsequences: true)
        #expect(columns.count > 4 && columns[4] == "-", "DURATION is -, not 0s: \(table)")
    }

    @Test func defaultNamesAreUniqueAndNameOptionWins() throws {
        let sandbox = try Sandbox()
        let cast = try sandbox.write("demo.cast", Self.demoCast)
        for _ in 0..<3 { #expect(try sandbox.scrollvault("import", cast).status == 0) }
        #expect(try sandbox.scrollvault("import", "--name", "mine", cast).status == 0)
        #expect(try sandbox.scrollvault("import", "-", input: .pipe(Data(Self.demoCast.utf8))).status == 0)
        let names = try sandbox.sessions().map { $0["name"] as? String }
        #expect(names == ["demo", "demo-2", "demo-3", "mine", nil], "standard input stays unnamed")
        let export = try sandbox.scrollvault("export", "demo-2")
        #expect(export.lines.first == "hello from 2017", "the chosen name reaches the session: \(export)")
    }

    @Test func onATerminalImportSaysWhichNameItChose() throws {
        let sandbox = try Sandbox()
        let cast = try sandbox.write("demo.cast", Self.demoCast)
        #expect(try sandbox.scrollvault("import", cast).status == 0)
        let driver = PtyDriver(sandbox: sandbox, cols: 100, rows: 24)
        let outcome = try driver.run([BuiltBinary.path, "import", cast], steps: [.expect("lines as session 2 (demo-2)")])
        #expect(outcome.exitCode == 0, "\(outcome)")
    }

    @Test func searchSinceFindsAnOldRecordingByItsRecordedTime() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.scrollvault("import", sandbox.write("demo.cast", Self.demoCast)).status == 0)
        let then = try sandbox.scrollvault("search", "--since", "2017-10-27T08:10:00Z", "--until", "2017-10-27T08:11:00Z", "second")
        #expect(then.status == 0 && then.out.contains("second line"), "\(then)")
        let recent = try sandbox.scrollvault("search", "--since", "1d", "second")
        #expect(recent.status == 1, "imported today, recorded in 2017: \(recent)")
    }

    @Test func sessionsSinceAndUntilFilterOnTheRecordedSpan() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.scrollvault("import", sandbox.write("demo.cast", Self.demoCast)).status == 0)
        #expect(try sandbox.scrollvault("run", "--name", "today", "--", "true").status == 0)
        func names(_ arguments: String...) throws -> [String] {
            let result = try sandbox.scrollvault(arguments: ["sessions", "--json"] + arguments)
            let array = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]] ?? []
            return array.compactMap { $0["name"] as? String }
        }
        #expect(try names("--until", "2018-01-01") == ["demo"])
        #expect(try names("--since", "1d") == ["today"], "the import happened today, its recording did not")
        // A window inside the recording's 12 s still finds it: its span reaches into the window.
        #expect(try names("--since", "2017-10-27T08:10:25Z", "--until", "2017-10-27T08:10:26Z") == ["demo"])
        let bad = try sandbox.scrollvault("sessions", "--since", "yesterday")
        #expect(bad.status != 0 && bad.err.contains("--since"), "\(bad)")
    }
}

/// ms since the epoch from the JSON's ISO 8601 time with milliseconds.
private func milliseconds(_ value: Any?) -> Int64? {
    guard let text = value as? String else { return nil }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
}
