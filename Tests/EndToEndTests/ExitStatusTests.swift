import Foundation
import Testing

/// Issue 7, tests 2 and 6: `run` returns the command's status, says clearly when it cannot
/// start it, rejects bad usage (125 for run, whose own failures must not look like its
/// command's; 2 for the others, issue 30's table), and refuses to nest unless asked.
@Suite struct ExitStatusTests {
    @Test(arguments: [("exit 0", Int32(0)), ("exit 3", 3), ("kill -9 $$", 137)])
    func runReturnsTheCommandsStatus(script: String, expected: Int32) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("run", "--", "sh", "-c", "echo ran; \(script)")
        #expect(result.status == expected, "\(result)")
        #expect(!result.killedBySignal)
        #expect(result.out.contains("ran"))
        let session = try #require(try sandbox.sessions().last)
        #expect(session["exit_status"] as? Int == Int(expected))
        #expect(session["state"] as? String == "finished")
    }

    @Test func missingCommandIs127WithAClearMessage() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("run", "--", "no-such-command-e2e")
        #expect(result.status == 127, "\(result)")
        #expect(result.err.contains("no-such-command-e2e"))
        #expect(result.err.lowercased().contains("no such file") || result.err.lowercased().contains("not found"))
    }

    @Test(arguments: [
        ["run", "--cols", "0", "--", "true"],
        ["run", "--scrollback-memory", "lots", "--", "true"],
        ["run", "--name", "7", "--", "true"],
        ["search"],
        ["search", "--regex", "--substring", "x"],
        ["export", "--lines", "9:2"],
        ["export", "--format", "pdf"],
        ["prune"],
        ["forget"],
        ["no-such-subcommand"],
    ])
    func usageErrorsExit2Or125ForRun(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault(arguments: arguments)
        #expect(result.status == (arguments.first == "run" ? 125 : 2), "\(arguments): \(result)")
        #expect(!result.err.isEmpty)
    }

    @Test func nestedRunIsRefusedWithoutAllowNested() throws {
        let sandbox = try Sandbox()
        let refused = try sandbox.scrollvault("run", "--", "sh", "-c", "echo inner", environment: ["SCROLLVAULT_SESSION": "1"])
        #expect(refused.status == 125, "\(refused)")
        #expect(refused.err.contains("--allow-nested"))
        #expect(!refused.out.contains("inner"), "the command must not run")

        let allowed = try sandbox.scrollvault("run", "--allow-nested", "--name", "nested", "--", "sh", "-c", "echo inner",
                                              environment: ["SCROLLVAULT_SESSION": "1"])
        #expect(allowed.status == 0, "\(allowed)")
        #expect(allowed.out.contains("inner"))
        #expect(try sandbox.scrollvault("export", "nested").lines == ["inner"])
    }

    @Test func childSeesItsOwnSessionInTheEnvironment() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("run", "--name", "env", "--", "sh", "-c", "echo session=$SCROLLVAULT_SESSION")
        #expect(result.status == 0, "\(result)")
        let id = try #require(try sandbox.session(named: "env")?["id"] as? Int)
        #expect(result.out.contains("session=\(id)"))
    }
}
