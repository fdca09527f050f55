import Foundation
import Testing

/// Issue 30, "Display" and "an empty archive is not an error": `sessions` prints one row per
/// session, cut to the terminal, and lists nothing with status 0 when there is nothing.
@Suite struct SessionsListingTests {
    @Test func multiLineCommandIsOneRow() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.scrollvault("run", "--name", "prog", "--", "sh", "-c", "echo one\necho two\r\nexit 0").status == 0)
        let table = try sandbox.scrollvault("sessions")
        #expect(table.status == 0)
        #expect(table.lines.count == 2, "a header and one row: \(table)")
        #expect(table.lines.last?.hasSuffix("sh -c echo one⏎echo two⏎exit 0") == true, "\(table)")
        let session = try #require(try sandbox.session(named: "prog"))
        #expect(session["command"] as? String == "sh -c echo one\necho two\r\nexit 0", "JSON keeps it whole")
    }

    @Test func longCommandIsCutToTheTerminalWidth() throws {
        let sandbox = try Sandbox()
        let long = "echo " + String(repeating: "abcdefghij", count: 20)
        #expect(try sandbox.scrollvault("run", "--name", "long", "--", "sh", "-c", long).status == 0)
        let driver = PtyDriver(sandbox: sandbox, cols: 90, rows: 24)
        let outcome = try driver.run([BuiltBinary.path, "sessions"], steps: [.expect("long")])
        #expect(outcome.exitCode == 0, "\(outcome)")
        let rows = String(decoding: outcome.transcript, as: UTF8.self)
            .components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 2, "\(rows)")
        #expect(rows.allSatisfy { $0.count <= 90 }, "\(rows)")
        #expect(rows.last?.hasSuffix("…") == true && rows.last?.count == 90, "\(rows)")
        // Through a pipe the command is whole.
        #expect(try sandbox.scrollvault("sessions").lines.last?.hasSuffix(long) == true)
    }

    @Test func noArchiveYetListsNothingAndSucceeds() throws {
        let sandbox = try Sandbox()
        let table = try sandbox.scrollvault("sessions")
        #expect(table.status == 0, "\(table)")
        #expect(table.out.isEmpty)
        #expect(table.err.contains("no sessions"), "a friendly line on stderr: \(table)")
        let json = try sandbox.scrollvault("sessions", "--json")
        #expect(json.status == 0 && json.out == "[]\n", "\(json)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.archivePath), "listing creates no archive")
    }

    @Test func emptiedArchiveListsNothingAndSucceeds() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("x\r\n", name: "only").status == 0)
        try #require(try sandbox.scrollvault("forget", "only").status == 0)
        let table = try sandbox.scrollvault("sessions")
        #expect(table.status == 0 && table.out.isEmpty, "\(table)")
        #expect(try sandbox.sessions().isEmpty)
    }
}
