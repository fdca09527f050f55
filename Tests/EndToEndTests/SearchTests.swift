import Foundation
import Testing

/// Issue 7, test 8: `search` over imported sessions — context groups, filters, JSON, FTS syntax
/// taken literally, regex and substring modes, and its exit statuses.
@Suite struct SearchTests {
    /// Two sessions: "old" from November 2023, then "ctx" now (7 lines, matches on 2 and 6).
    private func archive() throws -> Sandbox {
        let sandbox = try Sandbox()
        // Imported first: search orders by when lines were archived, which for an import of an
        // old recording is not when they were shown (see the report on issue 7).
        let cast = try sandbox.write("old.cast", """
            {"version": 2, "width": 80, "height": 24, "timestamp": 1700000000}
            [1.0, "o", "old foo-bar from 2023\\r\\nerror: tok1237 failed\\r\\n"]

            """)
        try #require(try sandbox.scrollvault("import", "--name", "old", cast).status == 0)
        let lines = ["alpha", "foo-bar baz", "gamma", "delta", "epsilon", "foo-bar two", "omega"]
        try #require(try sandbox.importRaw(lines.joined(separator: "\r\n") + "\r\n", name: "ctx").status == 0)
        return sandbox
    }

    /// `name:line:…:text` for a match, `name-line-…-text` for context: (name, line, isMatch).
    private func parse(_ line: String) -> (session: String, line: Int, match: Bool)? {
        guard let separator = line.first(where: { $0 == ":" || $0 == "-" }) else { return nil }
        let parts = line.split(separator: separator, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let number = Int(parts[1]) else { return nil }
        return (String(parts[0]), number, separator == ":")
    }

    @Test func contextGroupsAreSeparated() throws {
        let sandbox = try archive()
        let result = try sandbox.scrollvault("search", "--session", "ctx", "--oldest-first", "-C", "1", "foo-bar")
        #expect(result.status == 0, "\(result)")
        let lines = result.lines
        let separators = lines.indices.filter { lines[$0] == "--" }
        #expect(separators.count == 1, "\(result.out)")
        let entries = lines.filter { $0 != "--" }.compactMap(parse)
        #expect(entries.count == lines.count - separators.count, "every other line is a match or context: \(result.out)")
        #expect(entries.map(\.line) == [1, 2, 3, 5, 6, 7], "\(result.out)")
        #expect(entries.map(\.match) == [false, true, false, false, true, false])
        #expect(Set(entries.map(\.session)) == ["ctx"])
        #expect(separators.first == 3, "the separator sits between the two groups")
        #expect(lines.first?.hasSuffix("alpha") == true)
    }

    @Test func newestFirstByDefaultAndSessionFilter() throws {
        let sandbox = try archive()
        let all = try sandbox.scrollvault("search", "foo-bar")
        #expect(all.status == 0, "\(all)")
        let entries = all.lines.compactMap(parse)
        #expect(entries.map(\.session) == ["ctx", "ctx", "old"], "\(all.out)")
        #expect(entries.map(\.line) == [6, 2, 1])
        let filtered = try sandbox.scrollvault("search", "--session", "old", "foo-bar")
        #expect(filtered.lines.compactMap(parse).map(\.session) == ["old"], "\(filtered)")
    }

    @Test func sinceAndUntil() throws {
        let sandbox = try archive()
        let recent = try sandbox.scrollvault("search", "--since", "2024-01-01", "foo-bar")
        #expect(Set(recent.lines.compactMap(parse).map(\.session)) == ["ctx"], "\(recent)")
        let before = try sandbox.scrollvault("search", "--until", "2024-01-01", "foo-bar")
        #expect(before.lines.compactMap(parse).map(\.session) == ["old"], "\(before)")
        let lastHour = try sandbox.scrollvault("search", "--since", "1h", "foo-bar")
        #expect(Set(lastHour.lines.compactMap(parse).map(\.session)) == ["ctx"], "\(lastHour)")
        let window = try sandbox.scrollvault("search", "--since", "2023-11-14T00:00:00Z", "--until", "2023-11-15", "foo-bar")
        #expect(window.lines.compactMap(parse).map(\.session) == ["old"], "\(window)")
        let nothing = try sandbox.scrollvault("search", "--until", "2020-01-01", "foo-bar")
        #expect(nothing.status == 1, "\(nothing)")
        let badTime = try sandbox.scrollvault("search", "--since", "yesterday-ish", "foo-bar")
        #expect(badTime.status == 2, "\(badTime)")
    }

    @Test func jsonIsOneParseableObjectPerLine() throws {
        let sandbox = try archive()
        let result = try sandbox.scrollvault("search", "--json", "-C", "1", "--session", "ctx", "foo-bar")
        #expect(result.status == 0, "\(result)")
        let objects = try result.lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        #expect(objects.count == 2)
        #expect(objects.map { $0["line"] as? Int } == [6, 2])
        #expect(objects.allSatisfy { $0["session_name"] as? String == "ctx" })
        #expect(objects.first?["text"] as? String == "foo-bar two")
        #expect((objects.first?["before"] as? [Any])?.count == 1)
        #expect((objects.first?["after"] as? [Any])?.count == 1)
        #expect(objects.first?["time"] is String)
    }

    @Test(arguments: ["foo-bar", "\"unterminated", "a AND (", "NEAR(", "*", "a OR", "col:umn", "^", "(", "'"])
    func ftsSyntaxIsTakenLiterally(query: String) throws {
        let sandbox = try archive()
        let result = try sandbox.scrollvault("search", "--", query)
        #expect(result.status == 0 || result.status == 1, "\(query): \(result)")
        #expect(!result.killedBySignal)
        #expect(!result.err.contains("fts5"), "\(result.err)")
    }

    @Test func ftsModeReportsBadSyntaxAsAnError() throws {
        let sandbox = try archive()
        let result = try sandbox.scrollvault("search", "--fts", "a AND (")
        #expect(result.status == 2, "\(result)")
        #expect(result.err.hasPrefix("scrollvault: "))
        let good = try sandbox.scrollvault("search", "--fts", "gamma OR omega")
        #expect(good.lines.compactMap(parse).map(\.line) == [7, 3], "\(good)")
    }

    @Test func regexAndSubstring() throws {
        let sandbox = try archive()
        let regex = try sandbox.scrollvault("search", "--regex", "tok[0-9]+7 ")
        #expect(regex.status == 0, "\(regex)")
        #expect(regex.lines.count == 1 && regex.out.contains("error: tok1237 failed"))
        let substring = try sandbox.scrollvault("search", "--substring", "o-b")
        #expect(substring.lines.compactMap(parse).count == 3, "\(substring)")
        let caseSensitive = try sandbox.scrollvault("search", "--substring", "FOO")
        #expect(caseSensitive.status == 1, "substring search is case-sensitive: \(caseSensitive)")
        let words = try sandbox.scrollvault("search", "FOO")
        #expect(words.status == 0, "word search is not: \(words)")
        let badRegex = try sandbox.scrollvault("search", "--regex", "(")
        #expect(badRegex.status == 2, "\(badRegex)")
    }

    @Test func exitStatuses() throws {
        let sandbox = try archive()
        let none = try sandbox.scrollvault("search", "nothing-like-this")
        #expect(none.status == 1, "\(none)")
        #expect(none.out.isEmpty)
        let unknown = try sandbox.scrollvault("search", "--session", "no-such-session", "foo")
        #expect(unknown.status == 1, "not found, as export and forget say it (issue 30): \(unknown)")
        #expect(unknown.err.contains("no-such-session"))
        let noArchive = try Sandbox().scrollvault("search", "foo")
        #expect(noArchive.status == 1, "nothing recorded yet is not an error (issue 30): \(noArchive)")
        #expect(noArchive.err.contains("archive"))
    }
}
