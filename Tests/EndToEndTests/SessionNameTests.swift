import Foundation
import Testing

/// Session names are unique: a taken name is refused up front with a clear message, instead of
/// `run` recording nothing and `import` blaming the archive.
@Suite struct SessionNameTests {
    @Test func runRefusesATakenNameBeforeStartingTheCommand() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.scrollvault("run", "--name", "deploy", "--", "echo", "first").status == 0)
        let again = try sandbox.scrollvault("run", "--name", "deploy", "--", "echo", "second")
        #expect(again.status == 125, "\(again)")
        #expect(again.err.contains("'deploy' already exists"), "\(again.err)")
        #expect(!again.err.contains("SQLite"))
        #expect(!again.out.contains("second"), "the command does not run")
        #expect(try sandbox.sessions().count == 1)
        #expect(try sandbox.scrollvault("export", "deploy").lines == ["first"])
    }

    @Test func importRefusesATakenName() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("first\r\n", name: "rec").status == 0)
        let again = try sandbox.importRaw("second\r\n", name: "rec")
        #expect(again.status == 2, "\(again)")
        #expect(again.err.contains("'rec' already exists"), "\(again.err)")
        #expect(!again.err.contains("cannot open the archive"))
        #expect(try sandbox.scrollvault("export", "rec").lines == ["first"])
    }

    @Test func aForgottenNameCanBeUsedAgain() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("first\r\n", name: "reuse").status == 0)
        try #require(try sandbox.scrollvault("forget", "reuse").status == 0)
        let again = try sandbox.importRaw("second\r\n", name: "reuse")
        #expect(again.status == 0, "\(again)")
        #expect(try sandbox.scrollvault("export", "reuse").lines == ["second"])
    }
}
