import Foundation
import Testing

/// Issue 24: `search --regex` takes PCRE2 syntax, `-i` ignores case for regex and substring
/// searches, and a bad pattern is reported with PCRE2's reason and where it is.
@Suite struct RegexSearchTests {
    private func archive() throws -> Sandbox {
        let sandbox = try Sandbox()
        let lines = ["Error: disk FULL on sda1", "warning: disk full soon", "tok1237 failed", "naïve Café", "", "ok 42"]
        try #require(try sandbox.importRaw(lines.joined(separator: "\r\n") + "\r\n", name: "log").status == 0)
        return sandbox
    }

    /// The text after `name:line:time:` of each match (the time holds colons of its own).
    private func texts(_ result: CommandResult) -> [String] {
        result.lines.map { line in
            String(line.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last ?? "")
        }
    }

    @Test func pcre2Syntax() throws {
        let sandbox = try archive()
        let lookbehind = try sandbox.scrollvault("search", "--regex", "--oldest-first", "(?<=disk )full")
        #expect(lookbehind.status == 0, "\(lookbehind)")
        #expect(lookbehind.lines.count == 1 && lookbehind.out.contains("warning: disk full soon"), "\(lookbehind)")
        let classes = try sandbox.scrollvault("search", "--regex", "--oldest-first", "^\\w+ \\d+$")
        #expect(classes.lines.count == 1 && classes.out.contains("ok 42"), "\(classes)")
        let unicode = try sandbox.scrollvault("search", "--regex", "\\bna\\p{L}ve\\b")
        #expect(unicode.lines.count == 1 && unicode.out.contains("naïve"), "\(unicode)")
        let empty = try sandbox.scrollvault("search", "--regex", "--json", "^$")
        #expect(empty.lines.count == 1 && empty.out.contains("\"line\":5"), "\(empty)")
    }

    @Test func ignoreCase() throws {
        let sandbox = try archive()
        let exact = try sandbox.scrollvault("search", "--substring", "disk full")
        #expect(exact.lines.count == 1, "\(exact)")
        for flag in ["-i", "--ignore-case"] {
            let folded = try sandbox.scrollvault("search", flag, "--substring", "--oldest-first", "DISK FULL")
            #expect(folded.status == 0 && folded.lines.count == 2, "\(folded)")
        }
        let regex = try sandbox.scrollvault("search", "-i", "--regex", "--oldest-first", "^(error|warning):")
        #expect(regex.lines.count == 2, "\(regex)")
        let caseSensitive = try sandbox.scrollvault("search", "--regex", "^(error|warning):")
        #expect(caseSensitive.lines.count == 1, "\(caseSensitive)")
        let accented = try sandbox.scrollvault("search", "-i", "--substring", "CAFÉ")
        #expect(accented.lines.count == 1 && accented.out.contains("naïve Café"), "\(accented)")
        // Highlighted ranges cover the text as it is stored, not as it was typed.
        let json = try sandbox.scrollvault("search", "-i", "--substring", "--json", "FULL on")
        #expect(json.out.contains("\"matches\":[[12,19]]"), "\(json)")
    }

    @Test func badPatternNamesItsReasonAndOffset() throws {
        let sandbox = try archive()
        let result = try sandbox.scrollvault("search", "--regex", "a(b")
        #expect(result.status == 2, "\(result)")
        #expect(result.err.contains("'a(b'") && result.err.contains("missing closing parenthesis") && result.err.contains("offset 3"),
                "\(result.err)")
        let help = try sandbox.scrollvault("search", "--help")
        #expect(help.out.contains("PCRE2") && help.out.contains("--ignore-case"), "\(help.out)")
    }
}
