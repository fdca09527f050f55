import Foundation
import Glibc
import Testing

/// Regression tests for bugs the end-to-end suite found outside the CLI's own files.
@Suite struct RegressionTests {
    /// Archive: forgetting the newest session must not hand its id to the next one; a script
    /// holding the old id (`export 2`, `forget 2`) would then act on a different session.
    @Test func sessionIdsAreNeverReused() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("first\r\n", name: "a").status == 0)
        try #require(try sandbox.importRaw("second\r\n", name: "b").status == 0)
        let forgotten = try #require(try sandbox.session(named: "b")?["id"] as? Int)
        try #require(try sandbox.scrollvault("forget", "b").status == 0)
        try #require(try sandbox.importRaw("third\r\n", name: "c").status == 0)
        let next = try #require(try sandbox.session(named: "c")?["id"] as? Int)
        #expect(next != forgotten)
    }

    /// CLI (Export): `--output` to a file that already exists makes it 0600, as terminal output
    /// holds secrets (the file's contents are being replaced anyway).
    @Test func outputIntoAnExistingFileIsPrivate() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("secret\r\n", name: "s").status == 0)
        let file = try sandbox.write("existing.txt", "old\n")
        chmod(file, 0o644)
        try #require(try sandbox.scrollvault("export", "--output", file, "s").status == 0)
        var info = stat()
        try #require(stat(file, &info) == 0)
        #expect(info.st_mode & 0o077 == 0, "mode \(String(info.st_mode & 0o777, radix: 8))")
    }

    /// Recorder (LiveRecorder.run): with standard input a pipe but standard output a terminal,
    /// the child's terminal has the real terminal's size, not 80x24.
    @Test func sizeComesFromTheOutputTerminalWhenInputIsAPipe() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox, cols: 100, rows: 30)
        let outcome = try driver.run(
            ["/bin/sh", "-c", "echo | \"$0\" run -- stty size; echo finished", BuiltBinary.path],
            steps: [.expect("finished")], exitTimeout: 10)
        try #require(outcome.failure == nil, "\(outcome)")
        let text = String(decoding: outcome.transcript, as: UTF8.self)
        #expect(text.contains("30 100"), "\(text)")
    }
}
