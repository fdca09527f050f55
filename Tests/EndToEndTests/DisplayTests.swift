import Foundation
import Testing

/// Issue 30, "Display": `run` says one line when it starts and nothing when it ends; help
/// paragraphs are wrapped by argument-parser, not by hand.
@Suite struct DisplayTests {
    @Test func runAnnouncesItselfOnceAndSaysNothingAtExit() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox)
        let outcome = try driver.run([BuiltBinary.path, "run", "--name", "shown", "--", "sh", "-c", "echo command-output"],
                                     steps: [.expect("command-output\r\n")])
        try #require(outcome.failure == nil, "\(outcome)")
        #expect(outcome.exitCode == 0)
        let screen = String(decoding: outcome.transcript, as: UTF8.self)
        let id = try #require(try sandbox.session(named: "shown")?["id"] as? Int)
        let announcement = "scrollvault: recording session \(id) (shown) into \(sandbox.archivePath); search it with: scrollvault search --session shown WORDS\r\n"
        let announced = try #require(screen.range(of: announcement), "\(screen.debugDescription)")
        let output = try #require(screen.range(of: "command-output"))
        #expect(announced.upperBound <= output.lowerBound, "the line comes before the command's output")
        #expect(screen.components(separatedBy: "scrollvault:").count == 2, "one line, nothing at exit: \(screen.debugDescription)")
    }

    @Test func quietRunSaysNothing() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.scrollvault("run", "--quiet", "--", "echo", "hi")
        #expect(result.status == 0 && result.out.contains("hi"), "\(result)")
        #expect(result.err.isEmpty, "\(result.err)")
        let loud = try sandbox.scrollvault("run", "--", "echo", "hi")
        #expect(loud.err.hasPrefix("scrollvault: recording session "), "\(loud.err)")
        #expect(loud.err.split(separator: "\n").count == 1, "\(loud.err)")
    }

    /// The announcement names a non-default archive, so its search command works as printed.
    @Test func theAnnouncementCarriesANonDefaultArchive() throws {
        let sandbox = try Sandbox()
        let other = sandbox.path("other archive.sqlite")
        let result = try sandbox.scrollvault("run", "--db", other, "--", "true")
        #expect(result.err.contains("scrollvault search --db '\(other)' --session "), "\(result.err)")
    }

    /// With a very wide terminal every paragraph of a discussion is one line: a line break in
    /// the middle of a paragraph is one written into the source. Example and table lines (which
    /// start with spaces) are lines of their own on purpose.
    @Test(arguments: [[]] + HelpTests.subcommands.map { [$0] })
    func helpParagraphsAreNotBrokenByHand(command: [String]) throws {
        let help = try Sandbox().scrollvault(arguments: command + ["--help"], environment: ["COLUMNS": "400"])
        let discussion = help.out.components(separatedBy: "USAGE:")[0].split(separator: "\n", omittingEmptySubsequences: false)
        for (line, next) in zip(discussion, discussion.dropFirst()) where !line.isEmpty && !next.isEmpty {
            #expect(next.hasPrefix(" "), "\(command): '\(line)' is broken before '\(next)'")
        }
    }
}
