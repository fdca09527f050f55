import Foundation
import Testing

/// Issue 30, "honest messages": each names what is wrong, in the user's own terms.
@Suite struct MessageTests {
    @Test(arguments: [("/dev/null", "is a character device"), ("DIR", "is a directory")])
    func aDatabasePathThatIsNoFileSaysWhatItIs(path: String, says: String) throws {
        let sandbox = try Sandbox()
        let db = path == "DIR" ? sandbox.path("home") : path
        let commands: [[String]] = [["search", "x"], ["export"], ["stats"], ["forget", "x"], ["sessions"],
                                    ["import", "--format", "raw", "/dev/null"], ["run", "--", "true"]]
        for command in commands {
            let result = try sandbox.scrollvault(arguments: [command[0], "--db", db] + command.dropFirst())
            #expect(result.err.contains("\(db) \(says)"), "\(command): \(result.err)")
            #expect(!result.err.contains("SQLite error") && !result.err.contains("chmod"), "\(command): \(result.err)")
            if command[0] == "run" {
                #expect(result.status == 0, "run still runs the command, unrecorded: \(result)")
            } else {
                #expect(result.status == 2, "\(command): \(result)")
            }
        }
    }

    @Test func aBadRegexIsQuoted() throws {
        let sandbox = try Sandbox()
        try sandbox.importRaw("x\r\n", name: "r")
        let result = try sandbox.scrollvault("search", "--regex", "[")
        #expect(result.status == 2)
        #expect(result.err.contains("'['"), "\(result.err)")
    }

    @Test func aNegativeAgeIsNotAMissingValue() throws {
        let sandbox = try Sandbox()
        let search = try sandbox.scrollvault("search", "--since", "-5m", "x")
        #expect(search.status == 2)
        #expect(!search.err.contains("Missing value") && search.err.contains("'-5m'"), "\(search.err)")
        let prune = try sandbox.scrollvault("prune", "--older-than", "-5m")
        #expect(prune.status == 2)
        #expect(prune.err.contains("no minus sign"), "\(prune.err)")
    }

    @Test func scrollbackMemoryOutOfRange() throws {
        let sandbox = try Sandbox()
        for command in [["run", "--scrollback-memory", "1TiB", "--", "true"], ["import", "--scrollback-memory", "1TiB", "/dev/null"]] {
            let result = try sandbox.scrollvault(arguments: command)
            #expect(result.status == (command[0] == "run" ? 125 : 2), "\(result)")
            #expect(result.err.contains("1MiB to 64GiB"), "\(result.err)")
        }
        for value in ["0", "4KiB"] {
            let result = try sandbox.scrollvault("run", "--scrollback-memory", value, "--", "echo", "ran")
            #expect(result.status == 0 && result.out.contains("ran"), "\(result)")
            #expect(result.err.contains("--scrollback-memory \(value) raised to 1MiB, the minimum"), "\(result.err)")
        }
        let fine = try sandbox.scrollvault("run", "--scrollback-memory", "2MiB", "--", "true")
        #expect(!fine.err.contains("raised"), "\(fine.err)")
    }

    @Test func forgetCountsLinesInEnglish() throws {
        let sandbox = try Sandbox()
        try sandbox.importRaw("only\r\n", name: "single")
        try sandbox.importRaw("a\r\nb\r\n", name: "double")
        #expect(try sandbox.scrollvault("forget", "single").out.contains(": 1 line\n"))
        #expect(try sandbox.scrollvault("forget", "double").out.contains(": 2 lines\n"))
    }

    @Test func statsInHumanUnitsAndJSONInBytes() throws {
        let sandbox = try Sandbox()
        try sandbox.importRaw("some text\r\n", name: "s")
        let text = try sandbox.scrollvault("stats")
        let size = try #require(text.lines.first { $0.hasPrefix("size:") })
        #expect(size.range(of: #"^size: +[0-9]+(\.[0-9])? (KiB|MiB) \(text: 9 bytes\)$"#, options: .regularExpression) != nil, "\(size)")
        let json = try sandbox.scrollvault("stats", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any], "\(json)")
        #expect((object["file_bytes"] as? Int ?? 0) > 4096)
        #expect(object["text_bytes"] as? Int == 9 && object["sessions"] as? Int == 1 && object["lines"] as? Int == 1)
        #expect(object["archive"] as? String == sandbox.archivePath && object["exists"] as? Bool == true)
    }
}
