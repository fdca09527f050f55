import Foundation
import Testing

/// Issue 26, "exec": a command on pipes, its stdout and stderr passed through unchanged and
/// archived as one session whose lines keep their stream; its exit status is exec's.
@Suite struct ExecTests {
    /// Export's JSON lines of a session as (text, stream) pairs, stream nil for stdout.
    private func archivedLines(_ sandbox: Sandbox, _ session: String) throws -> [(text: String, stream: String?)] {
        let export = try sandbox.scrollvault("export", "--format", "json", session)
        #expect(export.status == 0, "\(export)")
        return try export.lines.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return (object["text"] as? String ?? "", object["stream"] as? String)
        }
    }

    @Test func passesBothStreamsThroughUnchangedAndArchivesThemApart() throws {
        let sandbox = try Sandbox()
        let script = #"printf 'out one\n'; printf 'err one\n' >&2; printf 'step 1\rstep 2\rdone  \n'; printf '\033[31mred\033[0m\n' >&2; exit 4"#
        let result = try sandbox.scrollvault("exec", "--name", "job", "--", "sh", "-c", script)
        #expect(result.status == 4, "\(result)")
        #expect(result.out == "out one\nstep 1\rstep 2\rdone  \n", "stdout byte for byte: \(result)")
        #expect(result.err == "err one\n\u{1B}[31mred\u{1B}[0m\n", "stderr byte for byte: \(result)")

        let lines = try archivedLines(sandbox, "job")
        let stdout = lines.filter { $0.stream == nil }.map(\.text)
        let stderr = lines.filter { $0.stream == "stderr" }.map(\.text)
        #expect(stdout == ["out one", "done"], "the progress line collapsed to what a terminal shows")
        #expect(stderr == ["err one", "red"])
        #expect(lines.allSatisfy { $0.stream == nil || $0.stream == "stderr" })
        let session = try #require(try sandbox.session(named: "job"))
        #expect(session["exit_status"] as? Int == 4, "\(session)")
    }

    @Test func aSignalEndsItWith128PlusTheSignalAndTheOutputIsKept() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("exec", "--name", "killed", "--", "sh", "-c", "echo before; kill -KILL $$")
        #expect(result.status == 137, "\(result)")
        #expect(try sandbox.scrollvault("export", "killed").lines == ["before"])
    }

    @Test func streamsThatTakeTurnsAreArchivedInTheOrderTheyWereWritten() throws {
        let sandbox = try Sandbox()
        // Each write is flushed (printf is a shell builtin writing at once) and the next
        // waits a moment: the relay sees them one at a time, as a slow job writes them.
        let script = "for i in 1 2 3 4 5; do printf 'out %s\\n' $i; sleep 0.1; printf 'err %s\\n' $i >&2; sleep 0.1; done"
        let result = try sandbox.scrollvault("exec", "--name", "turns", "--", "sh", "-c", script)
        #expect(result.status == 0, "\(result)")
        let lines = try archivedLines(sandbox, "turns")
        let expected = (1...5).flatMap { ["out \($0)", "err \($0)"] }
        #expect(lines.map(\.text) == expected)
        #expect(lines.map { $0.stream ?? "stdout" } == (1...5).flatMap { _ in ["stdout", "stderr"] })
    }

    @Test func manyLinesOnBothStreamsAreAllKeptInEachStreamsOrder() throws {
        let sandbox = try Sandbox()
        let script = "i=0; while [ $i -lt 3000 ]; do echo \"out $i\"; echo \"err $i\" >&2; i=$((i+1)); done"
        let result = try sandbox.scrollvault("exec", "--name", "many", "--", "sh", "-c", script, timeout: 60)
        #expect(result.status == 0)
        let lines = try archivedLines(sandbox, "many")
        #expect(lines.filter { $0.stream == nil }.map(\.text) == (0..<3000).map { "out \($0)" })
        #expect(lines.filter { $0.stream == "stderr" }.map(\.text) == (0..<3000).map { "err \($0)" })
    }

    @Test func anArchiveThatCannotBeWrittenCostsAWarningNotTheCommand() throws {
        let sandbox = try Sandbox()
        // A file where the archive's directory should be: no archive can be made there (even
        // by root, which file modes would not stop).
        let notADirectory = try sandbox.write("plain-file", "")
        let result = try sandbox.scrollvault("exec", "--db", notADirectory + "/archive.sqlite", "--", "sh", "-c", "echo still runs; exit 5")
        #expect(result.status == 5, "\(result)")
        #expect(result.out == "still runs\n")
        #expect(result.err.contains("scrollvault: warning: not recording"), "\(result)")
        #expect(result.err.split(separator: "\n").count == 1, "one warning: \(result)")
    }

    @Test func aClosedStdoutEndsTheCommandAsAPipeWould() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["/bin/sh", "-c", "'\(BuiltBinary.path)' exec --name yes -- yes | head -n 2; exit 0"], timeout: 30)
        #expect(result.lines == ["y", "y"], "\(result)")
        let session = try #require(try sandbox.session(named: "yes"))
        #expect(session["exit_status"] as? Int == 141, "yes got SIGPIPE as it would in `yes | head`: \(session)")
    }

    @Test func outputLargerThanTheMemoryBudgetKeepsResidentMemoryBounded() throws {
        let sandbox = try Sandbox()
        // 500,000 lines (~33 MB, far over both streams' 1 MiB budgets) on stdout and a few on stderr; peak RSS from GNU time.
        let script = "yes 'a log line that goes on for a while, with some words 0123456789' | head -n 500000; echo done >&2"
        let result = try sandbox.run(["/usr/bin/time", "-f", "peak-kib %M", BuiltBinary.path, "exec", "--name", "big", "--",
                                      "sh", "-c", script], timeout: 600)
        #expect(result.status == 0, "\(result)")
        let peak = try #require(result.err.split(separator: "\n").last { $0.hasPrefix("peak-kib ") }.flatMap { Int($0.dropFirst(9)) })
        #expect(peak < 64 << 10, "peak RSS \(peak) KiB")
        print("exec of 500,000 lines: peak RSS \(peak) KiB")
        let stats = try sandbox.scrollvault("sessions", "--json")
        #expect(stats.out.contains("\"lines\":500001"), "\(stats.out.prefix(500))")
    }
}
