import Foundation
import Testing

/// Issue 30, "Data safety first": names that cannot be mistaken for ids, `forget` all or none,
/// `prune` that shows and asks before it deletes and counts an import from when it was imported,
/// and no empty session left by a command that could not start.
@Suite struct DataSafetyTests {
    @Test(arguments: ["10", "", "   ", "007"])
    func runRefusesANameThatIsNoName(name: String) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("run", "--name", name, "--", "echo", "ran")
        #expect(result.status == 125, "\(result)")
        #expect(result.err.contains("--name"), "\(result.err)")
        #expect(!result.out.contains("ran"), "the command does not run")
        #expect(!FileManager.default.fileExists(atPath: sandbox.archivePath), "no session, no archive")
    }

    @Test(arguments: ["10", "", " \t"])
    func importRefusesANameThatIsNoName(name: String) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.importRaw("line\r\n", name: name)
        #expect(result.status == 2, "\(result)")
        #expect(result.err.contains("--name"), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.archivePath))
    }

    /// An archive written before numeric names were refused: session 2 is named "1". The bare
    /// number is refused as ambiguous (the old trap: `forget 10` deleted the other session);
    /// `name:1` and `id:1` reach each.
    @Test func anOldNumericNameIsReachedAsNamePrefix() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("first session\r\n", name: "first").status == 0)
        try #require(try sandbox.importRaw("numeric name\r\n", name: "renamed").status == 0)
        let ids = try sandbox.sessions().compactMap { $0["id"] as? Int }
        try #require(ids.count == 2)
        let rename = try sandbox.run(PtyDriver.python + ["-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE sessions SET name = ? WHERE name = 'renamed'", (sys.argv[2],))
            db.commit()
            """, sandbox.archivePath, String(ids[0])])
        try #require(rename.status == 0, "\(rename)")

        #expect(try sandbox.scrollvault("export", "name:\(ids[0])").lines == ["numeric name"])
        #expect(try sandbox.scrollvault("export", "id:\(ids[0])").lines == ["first session"])
        let ambiguous = try sandbox.scrollvault("forget", String(ids[0]))
        #expect(ambiguous.status == 2, "\(ambiguous)")
        #expect(ambiguous.err.contains("name:\(ids[0])") && ambiguous.err.contains("id:\(ids[0])"), "\(ambiguous.err)")
        #expect(try sandbox.sessions().count == 2, "nothing was forgotten")
        let forgot = try sandbox.scrollvault("forget", "name:\(ids[0])")
        #expect(forgot.status == 0, "\(forgot)")
        #expect(try sandbox.sessions().compactMap { $0["id"] as? Int } == [ids[0]])
    }

    @Test func forgetChecksEveryArgumentFirst() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("keep me\r\n", name: "kept").status == 0)
        let result = try sandbox.scrollvault("forget", "kept", "nosuch")
        #expect(result.status == 1, "\(result)")
        #expect(result.err.contains("nosuch") && result.err.contains("nothing was forgotten"), "\(result.err)")
        #expect(result.out.isEmpty)
        #expect(try sandbox.session(named: "kept") != nil, "the first argument was not deleted")
        #expect(try sandbox.scrollvault("search", "keep").status == 0)
    }

    private func threeSessions() throws -> Sandbox {
        let sandbox = try Sandbox()
        for name in ["one", "two"] { try #require(try sandbox.importRaw("\(name) line\r\n", name: name).status == 0) }
        try #require(try sandbox.importRaw("a\r\nb\r\n", name: "three").status == 0)
        return sandbox
    }

    @Test func pruneDryRunListsAndKeeps() throws {
        let sandbox = try threeSessions()
        let result = try sandbox.scrollvault("prune", "--older-than", "0s", "--dry-run")
        #expect(result.status == 0, "\(result)")
        let lines = result.lines
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["ID", "NAME", "STARTED", "ENDED", "LINES"], "\(result.out)")
        #expect(lines.contains { $0.contains("three") && $0.hasSuffix(" 2") }, "lines per session: \(result.out)")
        #expect(lines.last?.hasPrefix("would remove 3 sessions") == true, "\(result.out)")
        #expect(try sandbox.sessions().count == 3)
    }

    @Test func pruneWithoutATerminalNeedsYes() throws {
        let sandbox = try threeSessions()
        let refused = try sandbox.scrollvault("prune", "--older-than", "0s", input: .pipe(Data("y\n".utf8)))
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.err.contains("--yes") && refused.err.contains("nothing removed"), "\(refused.err)")
        #expect(try sandbox.sessions().count == 3)

        let removed = try sandbox.scrollvault("prune", "--older-than", "0s", "--yes")
        #expect(removed.status == 0, "\(removed)")
        #expect(removed.lines.contains { $0.contains("one") } && removed.lines.last?.hasPrefix("removed 3 sessions") == true, "\(removed.out)")
        #expect(try sandbox.sessions().isEmpty)
    }

    @Test func pruneAsksOnATerminal() throws {
        let sandbox = try threeSessions()
        let driver = PtyDriver(sandbox: sandbox)
        let declined = try driver.run([BuiltBinary.path, "prune", "--older-than", "0s"],
                                      steps: [.expect("remove these 3 sessions? [y/N] "), .send("n\r"), .expect("nothing removed")],
                                      name: "declined")
        #expect(declined.failure == nil && declined.exitCode == 0, "\(declined)")
        #expect(try sandbox.sessions().count == 3)

        let agreed = try driver.run([BuiltBinary.path, "prune", "--older-than", "0s"],
                                    steps: [.expect("[y/N] "), .send("y\r"), .expect("removed 3 sessions")],
                                    name: "agreed")
        #expect(agreed.failure == nil && agreed.exitCode == 0, "\(agreed)")
        #expect(try sandbox.sessions().isEmpty)
    }

    @Test func pruneHelpSaysWhichTimeItUses() throws {
        let help = try Sandbox().scrollvault("prune", "--help")
        #expect(help.out.contains("counts from when it ended") && help.out.contains("import"), "\(help.out)")
        #expect(help.out.contains("--dry-run") && help.out.contains("--yes"))
    }

    @Test func aCommandThatCannotStartLeavesNoSession() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("before\r\n", name: "before").status == 0)
        let result = try sandbox.scrollvault("run", "--", "/no/such/binary")
        #expect(result.status == 127, "\(result)")
        #expect(result.err.contains("/no/such/binary"))
        #expect(!result.err.contains("recording session"), "no session was announced: \(result.err)")
        #expect(try sandbox.sessions().map { $0["name"] as? String } == ["before"])
        #expect(try sandbox.scrollvault("run", "--name", "after", "--", "true").status == 0)
        #expect(try sandbox.sessions().map { $0["name"] as? String } == ["before", "after"])
    }
}
