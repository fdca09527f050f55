import Foundation
import Glibc
import Testing

/// Issue 6.6: hostile or broken input, one row per test, each with its expected clear outcome:
/// never a crash, never a silent wrong answer, the archive left usable.
@Suite struct BadInputTableTests {
    static func importRaw(_ sandbox: Sandbox, _ bytes: [UInt8], name: String) throws -> CommandResult {
        try sandbox.scrollvault(arguments: ["import", "--format", "raw", "--name", name, "-"], input: .pipe(Data(bytes)), timeout: 50)
    }

    @Test func randomBytesImportAndExport() throws {
        let sandbox = try Sandbox()
        var generator = CrashDurabilityTests.Moments(state: 6)
        let bytes = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let result = try Self.importRaw(sandbox, bytes, name: "random")
        #expect(result.status == 0, "\(result)")
        let export = try sandbox.scrollvault("export", "random")
        #expect(export.status == 0, "\(export)")
        #expect(String(validating: export.stdout, as: UTF8.self) != nil, "export is valid UTF-8")
    }

    /// A line without a newline, streamed through `import -` from a generator. The unit suite uses
    /// 8 MiB (a debug build imports ~1.5 MB/s); SCROLLVAULT_HUGE_LINE_MIB=100 with a release binary
    /// is the full row, which today fails (see `hundredMegabyteLine`).
    @Test func hugeLineWithoutNewlineStreams() throws {
        let sandbox = try Sandbox()
        let mebibytes = Int(ProcessInfo.processInfo.environment["SCROLLVAULT_HUGE_LINE_MIB"] ?? "") ?? 8
        let result = try Self.streamLine(sandbox, mebibytes: mebibytes)
        #expect(result.status == 0, "\(result)")
        let export = try sandbox.scrollvault("export", "huge", timeout: 50)
        #expect(export.status == 0, "\(export.err)")
        // Lines past 4 MiB are archived in pieces of about 4 MiB (LineAssembler.maximumLineBytes):
        // nothing is lost, memory stays bounded.
        let total = export.lines.reduce(0) { $0 + $1.utf8.count }
        #expect(total == mebibytes << 20, "\(total) bytes archived for a \(mebibytes) MiB line")
        #expect(export.lines.count == max(1, (mebibytes + 3) / 4), "\(export.lines.count) pieces")
        #expect(export.lines.allSatisfy { $0.utf8.count <= (4 << 20) + 4096 })
    }

    /// Generator | scrollvault import -, under /usr/bin/time -f %M (peak RSS in KB, last stderr line).
    static func streamLine(_ sandbox: Sandbox, mebibytes: Int) throws -> CommandResult {
        let generator = try sandbox.write("line.py", """
            import sys
            block = "abcdefghijklmnopqrstuvwxyz" * 40330
            for i in range(\(mebibytes)):
                sys.stdout.write((block * 2)[:1 << 20])

            """)
        let python = PtyDriver.python.joined(separator: " ")
        let timer = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time -f %M " : ""
        return try sandbox.run(["/bin/sh", "-c", "\(python) \"$1\" | \(timer)\"$2\" import --format raw --name huge -",
                                "sh", generator, BuiltBinary.path], timeout: 55)
    }

    /// A 100 MiB line: archived in 4 MiB pieces, each a readable chunk, with bounded memory
    /// (before the cap: a chunk the reader refused, and 519 MB peak RSS for a 63 MiB line).
    @Test(.enabled(if: BuiltBinary.path.contains("release") || ProcessInfo.processInfo.environment["SCROLLVAULT_HUGE_LINE_MIB"] != nil,
                   "100 MiB through a debug build takes minutes"))
    func hundredMegabyteLine() throws {
        let sandbox = try Sandbox()
        let result = try Self.streamLine(sandbox, mebibytes: 100)
        #expect(result.status == 0, "\(result.err)")
        let peakKB = Int(result.err.split(separator: "\n").last ?? "") ?? 0
        #expect(peakKB < 256 << 10, "peak RSS \(peakKB) KB")
    }

    @Test func megabyteOSCString() throws {
        let sandbox = try Sandbox()
        let bytes = Array("before\r\n\u{1B}]0;".utf8) + [UInt8](repeating: 0x41, count: 1 << 20) + Array("\u{07}after\r\n".utf8)
        #expect(try Self.importRaw(sandbox, bytes, name: "osc").status == 0)
        #expect(try sandbox.scrollvault("export", "osc").lines == ["before", "after"])
    }

    @Test func unterminatedAndDeeplyNestedSequences() throws {
        let sandbox = try Sandbox()
        var bytes = Array("start\r\n".utf8)
        bytes += Array(String(repeating: "\u{1B}[", count: 100_000).utf8)            // CSI inside CSI…
        bytes += Array(String(repeating: "\u{1B}P\u{1B}]\u{1B}_", count: 50_000).utf8) // strings opening strings
        bytes += Array(("\u{1B}[" + String(repeating: "1;", count: 200_000) + "m").utf8) // 200k parameters
        bytes += Array("\u{1B}\\\u{1B}[0mend\r\n\u{1B}]8;;".utf8)                        // ends inside a string
        let result = try Self.importRaw(sandbox, bytes, name: "nested")
        #expect(result.status == 0, "\(result)")
        let lines = try sandbox.scrollvault("export", "nested").lines
        #expect(lines.first == "start" && lines.contains("end"), "\(lines.prefix(3).map { $0.prefix(60) })")
    }

    @Test func invalidUTF8BecomesReplacementCharacters() throws {
        let sandbox = try Sandbox()
        let bytes: [UInt8] = Array("a".utf8) + [0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80, 0xE2, 0x82] + Array("b\r\n".utf8)
        #expect(try Self.importRaw(sandbox, bytes, name: "utf8").status == 0)
        let export = try sandbox.scrollvault("export", "utf8")
        let line = try #require(export.lines.first)
        #expect(line.hasPrefix("a\u{FFFD}") && line.hasSuffix("b") && !line.contains("\u{0}"), "\(line.unicodeScalars.map { String($0.value, radix: 16) })")
        #expect(String(validating: export.stdout, as: UTF8.self) != nil)
    }

    @Test func asciicastWithBrokenJSON() throws {
        let sandbox = try Sandbox()
        let file = try sandbox.write("broken.cast", """
            {"version": 2, "width": 40, "height": 10}
            [0.1, "o", "kept\\r\\n"]
            [0.2, "o", "unterminated
            [0.3, "o", "never\\r\\n"]

            """)
        let result = try sandbox.scrollvault("import", "--name", "broken", file)
        #expect(result.status != 0, "\(result)")
        #expect(result.err.contains("line 3"), "the error says where: \(result.err)")
        let lines = try sandbox.scrollvault("export", "broken").lines
        #expect(lines.first == "kept", "events before the error are kept")
        // Known: the broken event's string is streamed out before the missing quote is found,
        // so "unterminated" is archived although its event is invalid.
        withKnownIssue("part of the broken event is imported") {
            #expect(lines == ["kept"], "\(lines)")
        }
    }

    @Test func emptyFileIsAnEmptySession() throws {
        let sandbox = try Sandbox()
        let file = try sandbox.write("empty", "")
        let result = try sandbox.scrollvault("import", "--name", "empty", file)
        #expect(result.status == 0, "\(result)")
        let session = try #require(try sandbox.session(named: "empty"))
        #expect(session["lines"] as? Int == 0)
        #expect(try sandbox.scrollvault("export", "empty").out.isEmpty)
    }

    /// Known: the header's size is taken as is; a "0x0" resize event is refused but a
    /// `"width": 0, "height": 0` header records a 0x0 session.
    @Test func asciicastHeaderOfZeroSize() throws {
        let sandbox = try Sandbox()
        let file = try sandbox.write("zero.cast", "{\"version\": 2, \"width\": 0, \"height\": 0}\n[0.1, \"o\", \"hi\\r\\n\"]\n")
        let result = try sandbox.scrollvault("import", "--name", "zero", file)
        let session = try #require(try sandbox.session(named: "zero"))
        #expect(result.status != 0 || ((session["columns"] as? Int ?? 0) > 0 && (session["rows"] as? Int ?? 0) > 0), "\(session)")
        #expect(try sandbox.scrollvault("export", "zero").lines == ["hi"])
    }

    @Test(arguments: ["\"unbalanced", "NEAR(", "'; DROP TABLE sessions; --", "*", "AND OR NOT", "a:b", "^", "\") OR 1=1 --", "%_\\"])
    func queriesWithFTSAndSQLSyntax(query: String) throws {
        let sandbox = try Sandbox()
        try sandbox.importRaw("'; DROP TABLE sessions; -- was typed here\r\nAND OR NOT\r\n", name: "q")
        for mode in [[], ["--phrase"], ["--substring"], ["--regex"], ["--fts"]] as [[String]] {
            let result = try sandbox.scrollvault(arguments: ["search"] + mode + [query])
            // 0 matched, 1 nothing matched, 2 a clear error (FTS syntax, bad regex): never a crash.
            #expect([0, 1, 2].contains(result.status) && !result.killedBySignal, "\(mode) \(query): \(result)")
            if result.status == 2 { #expect(result.err.hasPrefix("scrollvault:"), "\(mode) \(query): \(result.err)") }
            if mode.isEmpty || mode == ["--substring"] || mode == ["--phrase"] {
                #expect(result.status != 2, "\(mode) takes \(query) literally: \(result.err)")
            }
        }
        #expect(try sandbox.session(named: "q") != nil, "the sessions table is still there")
        let literal = try sandbox.scrollvault("search", "--substring", "'; DROP TABLE sessions; --")
        #expect(literal.status == 0 && literal.out.contains("was typed here"))
    }

    @Test func unknownSession() throws {
        let sandbox = try Sandbox()
        try sandbox.importRaw("x\r\n", name: "known")
        for command in [["export", "nosuch"], ["search", "--session", "nosuch", "x"]] {
            let result = try sandbox.scrollvault(arguments: command)
            #expect(result.status != 0 && result.err.contains("nosuch"), "\(command): \(result)")
        }
    }

    @Test func corruptArchive() throws {
        let sandbox = try Sandbox()
        try sandbox.importRaw("precious line\r\n", name: "c")
        // Overwrite the middle of the file (not the header): pages SQLite will trip over.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: sandbox.archivePath))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        handle.write(Data(repeating: 0xA5, count: Int(size / 4)))
        try handle.close()
        for command in [["search", "precious"], ["export", "c"], ["sessions"]] {
            let result = try sandbox.scrollvault(arguments: command)
            #expect(!result.killedBySignal, "\(command): \(result)")
            if result.status != 0 { #expect(result.err.hasPrefix("scrollvault:"), "\(command): \(result)") }
        }
        let run = try sandbox.scrollvault("run", "--", "sh", "-c", "echo through; exit 6")
        #expect(run.status == 6 && run.out.contains("through"), "\(run)")
    }

    @Test func archiveFromANewerSchema() throws {
        let sandbox = try Sandbox()
        try sandbox.importRaw("old line\r\n", name: "n")
        let bump = try sandbox.run(PtyDriver.python + ["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from the future')")
            db.commit()
            """, sandbox.archivePath])
        try #require(bump.status == 0, "\(bump)")
        let search = try sandbox.scrollvault("search", "old")
        #expect(search.status == 2 && search.err.contains("newer"), "\(search)")
        let run = try sandbox.scrollvault("run", "--", "sh", "-c", "echo through; exit 3")
        #expect(run.status == 3 && run.out.contains("through") && run.err.contains("newer"), "\(run)")
        let after = try sandbox.run(PtyDriver.python + ["-c", """
            import sqlite3, sys
            print(sqlite3.connect(sys.argv[1]).execute("SELECT max(version) FROM schema_migrations").fetchone()[0])
            """, sandbox.archivePath])
        #expect(after.out.trimmingCharacters(in: .whitespacesAndNewlines) == "9999", "the newer archive is left alone")
    }

    /// Root ignores file modes, so the archive's directory is made read-only with a read-only
    /// bind mount onto itself; skipped when that is not possible.
    @Test(.enabled(if: geteuid() == 0, "the read-only bind mount needs root (as non-root, chmod would do)"))
    func readOnlyArchive() throws {
        let sandbox = try Sandbox()
        try sandbox.importRaw("readable line\r\n", name: "ro")
        let directory = (sandbox.archivePath as NSString).deletingLastPathComponent
        guard mount(directory, directory, nil, UInt(MS_BIND), nil) == 0 else { return }
        defer { umount2(directory, Int32(MNT_DETACH)) }
        guard mount(directory, directory, nil, UInt(MS_REMOUNT | MS_BIND | MS_RDONLY), nil) == 0 else { return }
        let search = try sandbox.scrollvault("search", "readable")
        #expect(search.status == 0 || search.err.hasPrefix("scrollvault:"), "\(search)")
        // A WAL archive in a read-only directory: the reader cannot create the -shm file, so it
        // falls back to reading the file as immutable.
        #expect(search.status == 0 && search.out.contains("readable line"), "\(search)")
        let run = try sandbox.scrollvault("run", "--", "sh", "-c", "echo through; exit 9")
        #expect(run.status == 9 && run.out.contains("through"), "\(run)")
        #expect(run.warnings.count == 1, "one warning: \(run.err)")
    }
}
