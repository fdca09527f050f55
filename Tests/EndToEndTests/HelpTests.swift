import Foundation
import Testing
@testable import scrollvault

/// Issue 7, test 11: every subcommand's help shows an example; `--version` prints a version.
@Suite struct HelpTests {
    /// Every subcommand the CLI registers (a hand-kept list had already missed `index`).
    static let subcommands = ScrollVault.configuration.subcommands.compactMap { $0.configuration.commandName }

    /// A command without a `commandName` is named by reflecting on its type, which costs a
    /// protocol-conformance scan of the whole binary at every start (measured: `--version`
    /// 7.8 -> 6.4 ms, `search` 12.5 -> 9.4 ms when every subcommand names itself).
    @Test func everySubcommandNamesItself() {
        for command in ScrollVault.configuration.subcommands {
            #expect(command.configuration.commandName != nil, "\(command) has no commandName")
        }
    }

    @Test(arguments: subcommands)
    func helpShowsAnExample(subcommand: String) throws {
        let sandbox = try Sandbox()
        let help = try sandbox.scrollvault(subcommand, "--help")
        #expect(help.status == 0, "\(help)")
        #expect(help.out.contains("USAGE: scrollvault \(subcommand)"), "\(help)")
        #expect(help.out.contains("Example"), "\(subcommand) --help has no example")
        #expect(help.out.contains("scrollvault \(subcommand)"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.archivePath), "help touches no archive")
    }

    /// `run` passes its command through unparsed; help and misspelt options must still be
    /// recognised rather than executed as the command.
    @Test(arguments: [["run", "--help"], ["run", "-h"], ["run", "--name", "x", "--help"]])
    func runHelpIsHelpNotACommand(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let help = try sandbox.scrollvault(arguments: arguments)
        #expect(help.status == 0, "\(help)")
        #expect(help.out.contains("Run a command"), "\(help)")
        #expect(!help.err.contains("cannot run"))
    }

    @Test func runRejectsAnUnknownOption() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("run", "--nmae", "x", "--", "true")
        #expect(result.status == 125, "\(result)")
        #expect(result.err.contains("--nmae"))
        #expect(!result.err.contains("cannot run"))
        // After --, a dash-prefixed word is the command, as promised.
        let dashed = try sandbox.scrollvault("run", "--", "--no-such-program")
        #expect(dashed.status == 127, "\(dashed)")
        // And a command without -- still runs, its own options untouched.
        let bare = try sandbox.scrollvault("run", "--name", "bare", "sh", "-c", "echo bare")
        #expect(bare.status == 0, "\(bare)")
        #expect(try sandbox.scrollvault("export", "bare").lines == ["bare"])
    }

    @Test func versionPrintsAVersion() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("--version")
        #expect(result.status == 0, "\(result)")
        let version = result.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+"#, options: .regularExpression) != nil, "\(version)")
    }

    @Test func rootHelpListsEverySubcommand() throws {
        let sandbox = try Sandbox()
        let help = try sandbox.scrollvault("--help")
        #expect(help.status == 0, "\(help)")
        for subcommand in Self.subcommands {
            #expect(help.out.contains("  \(subcommand) "), "\(subcommand) missing from --help")
        }
    }
}
