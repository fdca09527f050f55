import Foundation
import Testing

/// The wrapper must never break the user's session: whatever happens to the archive, the
/// output passes through, one clear warning goes to stderr, and the child's status comes back.
@Suite struct ArchiveFailureTests {
    @Test(arguments: ["corrupt", "unreachable"])
    func unusableArchiveAtStart(kind: String) throws {
        let sandbox = try Sandbox()
        let database: String
        if kind == "corrupt" {
            database = try sandbox.write("corrupt.sqlite", String(repeating: "not a database\n", count: 500))
        } else {
            database = "/proc/no-such-dir/archive.sqlite"
        }
        let result = try sandbox.scrollvault("run", "--db", database, "--", "sh", "-c", "echo passed through; exit 5")
        #expect(result.status == 5, "\(result)")
        #expect(result.out.contains("passed through"))
        let warnings = result.warnings
        #expect(warnings.count == 1, "\(result.err)")
        #expect(result.err.contains(database), "the warning names the archive")
        if kind == "corrupt" {
            let untouched = try String(contentsOfFile: database, encoding: .utf8)
            #expect(untouched.hasPrefix("not a database"), "a file that is not an archive is never overwritten")
        }
    }

    /// Another process holds the archive's write lock for longer than the writer waits, in the
    /// middle of the session: output still passes through in full and the status comes back.
    @Test func archiveLockedMidSession() throws {
        let sandbox = try Sandbox()
        let locker = try sandbox.write("locker.py", """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
            db.execute("BEGIN EXCLUSIVE")
            open(sys.argv[2], "w").write("locked")
            time.sleep(float(sys.argv[3]))
            db.execute("ROLLBACK")

            """)
        let flag = sandbox.path("locked.flag")
        let python = PtyDriver.python.joined(separator: " ")
        // The child waits for the lock to be taken (the flag file), then writes more output.
        let script = """
            seq 1 300
            \(python) '\(locker)' "$SCROLLVAULT_DB" '\(flag)' 6.5 &
            until [ -s '\(flag)' ]; do sleep 0.02; done
            seq 301 600
            echo end-of-output
            wait
            exit 4
            """
        let result = try sandbox.scrollvault("run", "--name", "locked", "--", "sh", "-c", script, timeout: 25)
        #expect(result.status == 4, "\(result)")
        let lines = result.lines
        #expect(Array(lines.prefix(600)) == (1...600).map(String.init), "every line passed through")
        #expect(lines.contains("end-of-output"))
        let warnings = result.warnings
        #expect(warnings.count <= 1, "one clear warning at most: \(result.err)")
        let session = try #require(try sandbox.session(named: "locked"))
        #expect(session["exit_status"] as? Int == 4, "\(session)")
    }
}
