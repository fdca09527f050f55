import Foundation
import Glibc
import Testing

/// Issue 6.1: `scrollvault run` SIGKILLed in the middle of a burst, at 20 random moments (four
/// rounds of five, each round its own archive and seed so a failure names its moment). After
/// every kill the archive passes `PRAGMA integrity_check`, every line that left the screen at
/// least a second before the kill is there (in order, none twice, none altered), the session
/// reads as interrupted, and the next writer brings the word and trigram indexes up to date.
@Suite struct CrashDurabilityTests {
    /// Writes numbered lines in blocks of 100, at most ~10,000 lines (500 KB) a second: a burst a
    /// debug build keeps up with. Unpaced, a debug build's emulator falls behind the terminal by
    /// more than a second (26,533 lines archived of 100,496 shown a second before the kill); a
    /// release build keeps up with the unpaced burst (BURST_UNPACED=1 with SCROLLVAULT_E2E_BINARY).
    static let burst = """
        import os, sys, time
        unpaced = os.environ.get("BURST_UNPACED") == "1"
        n = 0
        while True:
            os.write(1, "".join("burst %d %s\\n" % (n + i, "x" * 40) for i in range(100)).encode())
            n += 100
            time.sleep(0.0005 if unpaced else 0.01)

        """

    /// A small deterministic generator: the moments are random but each round's are reproducible.
    struct Moments: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
    }

    @Test(arguments: [1, 2, 3, 4])
    func sigkillDuringBurst(round: Int) throws {
        let sandbox = try Sandbox()
        let burst = try sandbox.write("burst.py", Self.burst)
        let driver = KillDriver(sandbox: sandbox, cols: 80, rows: 24)
        var moments = Moments(state: UInt64(round) &* 0x9E3779B97F4A7C15)
        for kill in 1...5 {
            let delay = Double.random(in: 0.2...2.4, using: &moments)
            let name = "crash-\(round)-\(kill)"
            let context = "round \(round) kill \(kill), \(String(format: "%.2f", delay)) s into the burst"
            let report = try driver.run([BuiltBinary.path, "run", "--name", name, "--"] + PtyDriver.python + [burst],
                                        signal: SIGKILL, delay: delay, name: name)
            try #require(report.exitCode == -SIGKILL, "\(context): \(report)")

            #expect(try Self.integrityCheck(sandbox) == "ok", "\(context)")

            let session = try #require(try sandbox.session(named: name), "\(context): no session")
            #expect(session["state"] as? String == "interrupted", "\(context): \(session)")

            // Line N has left the 24-row screen once line N+24 was shown.
            let required = report.lastLineBeforeMargin.flatMap(Self.number).map { $0 - 24 } ?? -1
            let export = try sandbox.scrollvault("export", name)
            try #require(export.status == 0, "\(context): \(export)")
            let archived = export.lines.filter { $0.hasPrefix("burst ") }
            let expected = (0..<archived.count).map { "burst \($0) " + String(repeating: "x", count: 40) }
            #expect(archived == expected, "\(context): the archive holds lines 0..<\(archived.count) in order, unaltered; first difference at \(zip(archived, expected).enumerated().first { $0.element.0 != $0.element.1 }.map { "\($0.offset): \($0.element.0)" } ?? "-")")
            #expect(archived.count > required, "\(context): line \(required) left the screen ≥ 1 s before the kill but only \(archived.count) lines are archived (\(report))")

            // The next session indexes only its own chunks at its end; what the killed one left
            // unindexed is the background catch-up's, which is `scrollvault index`.
            let next = try sandbox.scrollvault("run", "--name", "after-\(name)", "--", "true")
            #expect(next.status == 0, "\(context): \(next)")
            let index = try sandbox.scrollvault("index")
            #expect(index.status == 0, "\(context): \(index)")
            let lag = try Self.indexLag(sandbox)
            #expect(lag.isEmpty, "\(context): chunks left unindexed after `index`: \(lag)")
            if let last = archived.last {
                let found = try sandbox.scrollvault("search", "--session", name, "--phrase", last)
                #expect(found.status == 0 && found.out.contains(last), "\(context): \(found)")
            }
        }
    }

    static func number(_ line: String) -> Int? {
        let fields = line.split(separator: " ")
        guard fields.count >= 2, fields[0] == "burst" else { return nil }
        return Int(fields[1])
    }

    static func integrityCheck(_ sandbox: Sandbox) throws -> String {
        let result = try sandbox.run(PtyDriver.python + ["-c", """
            import sqlite3, sys
            print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])
            """, sandbox.archivePath])
        return result.status == 0 ? result.out.trimmingCharacters(in: .whitespacesAndNewlines) : "failed: \(result)"
    }

    /// Each index watermark below the highest sealed chunk, as "key: watermark < max"; empty
    /// when every index holds every chunk.
    static func indexLag(_ sandbox: Sandbox) throws -> String {
        let result = try sandbox.run(PtyDriver.python + ["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            top = db.execute("SELECT coalesce(max(id), 0) FROM chunks").fetchone()[0]
            for key, value in db.execute("SELECT key, value FROM meta WHERE key LIKE '%indexed_through'"):
                if value < top:
                    print("%s: %d < %d" % (key, value, top))
            """, sandbox.archivePath])
        return result.status == 0 ? result.out.trimmingCharacters(in: .whitespacesAndNewlines) : "failed: \(result)"
    }
}
