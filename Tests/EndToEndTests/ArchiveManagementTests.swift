import Foundation
import Glibc
import Testing

/// Issue 7, tests 10 and 12: listing, statistics, forgetting and pruning sessions, and the
/// archive's file permissions.
@Suite struct ArchiveManagementTests {
    private func twoSessions() throws -> Sandbox {
        let sandbox = try Sandbox()
        try #require(try sandbox.scrollvault("run", "--name", "alpha", "--", "sh", "-c", "echo alpha-one; echo alpha-two; exit 4").status == 4)
        try #require(try sandbox.importRaw("beta-one\r\n", name: "beta", cols: 100, rows: 30).status == 0)
        return sandbox
    }

    @Test func sessionsJSON() throws {
        let sandbox = try twoSessions()
        let sessions = try sandbox.sessions()
        #expect(sessions.map { $0["name"] as? String } == ["alpha", "beta"], "oldest first")
        let alpha = sessions[0], beta = sessions[1]
        #expect(alpha["lines"] as? Int == 2)
        #expect(alpha["exit_status"] as? Int == 4)
        #expect(alpha["state"] as? String == "finished")
        #expect((alpha["command"] as? String)?.contains("echo alpha-one") == true)
        #expect(alpha["ended"] is String)
        #expect(beta["lines"] as? Int == 1)
        #expect(beta["columns"] as? Int == 100 && beta["rows"] as? Int == 30)
        #expect(beta["exit_status"] is NSNull, "an import has no exit status")
        #expect(Set(sessions.compactMap { $0["id"] as? Int }).count == 2)
    }

    @Test func sessionsTable() throws {
        let sandbox = try twoSessions()
        let result = try sandbox.scrollvault("sessions")
        #expect(result.status == 0, "\(result)")
        let lines = result.lines
        try #require(lines.count == 3, "\(result)")
        #expect(lines[0].hasPrefix("ID"))
        #expect(lines[1].contains("alpha") && lines[1].contains("finished") && lines[1].contains(" 4 "))
        #expect(lines[2].contains("beta"))
    }

    @Test func emptyArchiveListsNothing() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("x\r\n", name: "only").status == 0)
        try #require(try sandbox.scrollvault("forget", "only").status == 0)
        #expect(try sandbox.sessions().isEmpty)
    }

    @Test func stats() throws {
        let sandbox = try twoSessions()
        let result = try sandbox.scrollvault("stats")
        #expect(result.status == 0, "\(result)")
        func value(_ key: String) -> String? {
            result.lines.first { $0.hasPrefix(key + ":") }.map {
                String($0.dropFirst(key.count + 1)).trimmingCharacters(in: .whitespaces)
            }
        }
        #expect(value("archive") == sandbox.archivePath)
        #expect(value("sessions") == "2")
        #expect(value("lines") == "3")
        // Human units (issue 30); `stats --json` keeps bytes.
        #expect(value("size")?.range(of: #"^[0-9.]+ (KiB|MiB) "#, options: .regularExpression) != nil, "\(result.out)")
    }

    @Test func forgetRemovesTheSessionAndItsLines() throws {
        let sandbox = try twoSessions()
        #expect(try sandbox.scrollvault("search", "alpha-one").status == 0)
        let result = try sandbox.scrollvault("forget", "alpha")
        #expect(result.status == 0, "\(result)")
        #expect(result.out.contains("alpha") && result.out.contains("2 lines"), "\(result.out)")
        #expect(try sandbox.sessions().map { $0["name"] as? String } == ["beta"])
        #expect(try sandbox.scrollvault("search", "alpha-one").status == 1, "its lines left the index")
        #expect(try sandbox.scrollvault("search", "--substring", "alpha-one").status == 1)
        #expect(try sandbox.scrollvault("export", "alpha").status == 1)
        let again = try sandbox.scrollvault("forget", "alpha")
        #expect(again.status == 1, "\(again)")
        #expect(again.err.contains("alpha"))
    }

    @Test func forgetByIdAndSeveral() throws {
        let sandbox = try twoSessions()
        let ids = try sandbox.sessions().compactMap { $0["id"] as? Int }.map(String.init)
        let result = try sandbox.scrollvault(arguments: ["forget"] + ids)
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.count == 2)
        #expect(try sandbox.sessions().isEmpty)
    }

    @Test func pruneOlderThanZeroRemovesEverything() throws {
        let sandbox = try twoSessions()
        let keep = try sandbox.scrollvault("prune", "--older-than", "30d")
        #expect(keep.status == 0, "\(keep)")
        #expect(keep.out.contains("removed 0 sessions"), "\(keep.out)")
        #expect(try sandbox.sessions().count == 2)

        let result = try sandbox.scrollvault("prune", "--older-than", "0s", "--yes")
        #expect(result.status == 0, "\(result)")
        #expect(result.out.contains("removed 2 sessions"), "\(result.out)")
        #expect(try sandbox.sessions().isEmpty)
        #expect(try sandbox.scrollvault("search", "--substring", "one").status == 1)
        let stats = try sandbox.scrollvault("stats")
        #expect(stats.lines.contains { $0.hasPrefix("lines:") && $0.hasSuffix(" 0") }, "\(stats.out)")
    }

    /// Issue 30: prune counts a session's age from when it ended, so a recording from 2023
    /// imported a moment ago is as new as anything recorded today (it once was pruned at once).
    @Test func pruneKeepsRecentSessionsAndAFreshImportOfAnOldRecording() throws {
        let sandbox = try twoSessions()
        let cast = try sandbox.write("old.cast", """
            {"version": 2, "width": 80, "height": 24, "timestamp": 1700000000}
            [1.0, "o", "from 2023\\r\\n"]

            """)
        try #require(try sandbox.scrollvault("import", "--name", "old", cast).status == 0)
        let result = try sandbox.scrollvault("prune", "--older-than", "30d", "--yes")
        #expect(result.status == 0 && result.out.contains("removed 0 sessions"), "\(result)")
        #expect(try sandbox.sessions().map { $0["name"] as? String } == ["old", "alpha", "beta"], "oldest start first")
    }

    // MARK: Permissions

    private func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    @Test func newArchiveIsPrivate() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.scrollvault("run", "--", "true").status == 0)
        let directory = (sandbox.archivePath as NSString).deletingLastPathComponent
        #expect(mode(directory) == 0o700)
        #expect(mode(sandbox.archivePath) == 0o600)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: sandbox.archivePath + suffix) {
            #expect(mode(sandbox.archivePath + suffix) == 0o600, "\(suffix)")
        }
    }

    /// Even a permissive umask and missing parent directories give a private archive.
    @Test func privateWhateverTheUmask() throws {
        let sandbox = try Sandbox()
        let nested = sandbox.path("deep/er/archive.sqlite")
        let result = try sandbox.run(["/bin/sh", "-c", "umask 000; exec \"$0\" run --db \"$1\" -- true", BuiltBinary.path, nested])
        try #require(result.status == 0, "\(result)")
        #expect(mode(sandbox.path("deep")) == 0o700)
        #expect(mode(sandbox.path("deep/er")) == 0o700)
        #expect(mode(nested) == 0o600)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: nested + suffix) {
            #expect(mode(nested + suffix) == 0o600, "\(suffix)")
        }
        let imported = try sandbox.run(["/bin/sh", "-c", "umask 000; printf 'x\\r\\n' | exec \"$0\" import --db \"$1\" -", BuiltBinary.path, sandbox.path("fresh/imp.sqlite")])
        try #require(imported.status == 0, "\(imported)")
        #expect(mode(sandbox.path("fresh")) == 0o700)
        #expect(mode(sandbox.path("fresh/imp.sqlite")) == 0o600)
    }

    @Test func defaultLocationUnderXDGDataHome() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("run", "--", "echo", "xdg", environment: ["SCROLLVAULT_DB": nil])
        try #require(result.status == 0, "\(result)")
        let expected = sandbox.path("xdg/scrollvault/archive.sqlite")
        #expect(mode(expected) == 0o600)
        #expect(mode(sandbox.path("xdg/scrollvault")) == 0o700)
        #expect(try sandbox.scrollvault("export", "--db", expected).lines == ["xdg"])
    }
}
