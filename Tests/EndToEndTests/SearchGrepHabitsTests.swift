import Foundation
import Testing

/// Issue 30, "grep habits": attached context values, merged context groups, the result limit
/// and its notice, -c, a layout `cut -d:` can split, accents and punctuation in word search,
/// JSON offsets named for their unit; and blank lines' times.
@Suite struct SearchGrepHabitsTests {
    /// One session "g": 12 numbered lines, "match" on lines 3, 5 and 10.
    private func archive() throws -> Sandbox {
        let sandbox = try Sandbox()
        let lines = (1...12).map { [3, 5, 10].contains($0) ? "line \($0) match" : "line \($0)" }
        try #require(try sandbox.importRaw(lines.joined(separator: "\r\n") + "\r\n", name: "g").status == 0)
        return sandbox
    }

    /// (line number, is a match) of `name:N:text` / `name-N-text` lines; "--" as nil.
    private func entries(_ output: [String]) -> [(Int, Bool)?] {
        output.map { line in
            if line == "--" { return nil }
            let match = line.dropFirst().first == ":"  // after the session name "g"
            let number = line.dropFirst(2).prefix { $0.isNumber }
            return (Int(number) ?? -1, match)
        }
    }

    @Test(arguments: [["-C1"], ["-C", "1"], ["--context=1"], ["-A1", "-B1"], ["--after-context", "1", "--before-context", "1"]])
    func contextValuesAttachedOrNot(options: [String]) throws {
        let sandbox = try archive()
        let result = try sandbox.scrollvault(arguments: ["search", "--oldest-first"] + options + ["match"])
        #expect(result.status == 0, "\(options): \(result)")
        // 2-4 and 4-6 overlap: one group; 9-11 is apart.
        let got = entries(result.lines)
        #expect(got.map { $0?.0 } == [2, 3, 4, 5, 6, nil, 9, 10, 11], "\(options): \(result.out)")
        #expect(got.map { $0?.1 } == [false, true, false, true, false, nil, false, true, false], "\(result.out)")
    }

    @Test func mergedGroupsReadInLineOrderNewestFirst() throws {
        let sandbox = try archive()
        let result = try sandbox.scrollvault("search", "-B2", "match")
        #expect(entries(result.lines).map { $0?.0 } == [8, 9, 10, nil, 1, 2, 3, 4, 5], "\(result.out)")
        let adjacent = try sandbox.scrollvault("search", "--oldest-first", "-A1", "match")
        // 3-4 and 5-6 touch: no separator between them, as grep prints it.
        #expect(entries(adjacent.lines).map { $0?.0 } == [3, 4, 5, 6, nil, 10, 11], "\(adjacent.out)")
    }

    @Test func limitZeroIsNoLimitAndCountCountsEverything() throws {
        let sandbox = try Sandbox()
        let lines = (1...150).map { "row \($0) needle" }
        try #require(try sandbox.importRaw(lines.joined(separator: "\r\n") + "\r\n", name: "many").status == 0)
        let limited = try sandbox.scrollvault("search", "needle")
        #expect(limited.lines.count == 100)
        #expect(limited.err.isEmpty, "no notice when stdout is not a terminal: \(limited.err)")
        let all = try sandbox.scrollvault("search", "--limit", "0", "needle")
        #expect(all.status == 0 && all.lines.count == 150, "\(all.err)")
        let count = try sandbox.scrollvault("search", "-c", "needle")
        #expect(count.status == 0 && count.out == "150\n", "\(count)")
        let capped = try sandbox.scrollvault("search", "--count", "--limit", "7", "needle")
        #expect(capped.out == "7\n", "\(capped)")
        let json = try sandbox.scrollvault("search", "-c", "--json", "row 150")
        #expect(json.out == "{\"count\":1}\n", "\(json)")
        let none = try sandbox.scrollvault("search", "-c", "absent")
        #expect(none.status == 1 && none.out == "0\n", "\(none)")
        let negative = try sandbox.scrollvault("search", "--limit", "-1", "needle")
        #expect(negative.status != 0 && negative.status != 1, "\(negative)")
    }

    @Test func terminalIsToldHowManyMatched() throws {
        let sandbox = try Sandbox()
        let lines = (1...150).map { "row \($0) needle" }
        try #require(try sandbox.importRaw(lines.joined(separator: "\r\n") + "\r\n", name: "many").status == 0)
        let driver = PtyDriver(sandbox: sandbox, cols: 100, rows: 40)
        let outcome = try driver.run([BuiltBinary.path, "search", "--limit", "10", "needle"],
                                     steps: [.expect("(10 of 150 shown; --limit to change)")])
        #expect(outcome.exitCode == 0, "\(outcome)")
        let quiet = try driver.run([BuiltBinary.path, "search", "row 7 needle"], steps: [.expect("row 7 needle")], name: "quiet")
        #expect(quiet.exitCode == 0, "\(quiet)")
        #expect(!String(decoding: quiet.transcript, as: UTF8.self).contains("shown;"), "nothing left out, nothing said")
    }

    @Test func layoutSplitsWithCutAndTimestampsOnRequest() throws {
        let sandbox = try archive()
        let plain = try sandbox.scrollvault("search", "line 10")
        #expect(plain.out == "g:10:line 10 match\n", "\(plain)")
        let timed = try sandbox.scrollvault("search", "--timestamps", "-A1", "line 10")
        let match = try #require(timed.lines.first)
        #expect(match.hasPrefix("g:10:["), "\(timed)")
        let fields = match.split(separator: ":", maxSplits: 2).map(String.init)
        #expect(fields.count == 3 && fields[2].hasSuffix("] line 10 match"), "\(fields)")
        #expect(timed.lines.last?.hasPrefix("g-11-[") == true, "\(timed)")
    }

    @Test func accentsAndPunctuationAreIgnoredAsTheIndexIgnoresThem() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("Café ouvert\r\nconnection refused\r\nnaïve approach\r\n", name: "fr").status == 0)
        // Imports index at once: these go through the word index.
        for (query, expected) in [("cafe", "Café ouvert"), ("CAFÉ", "Café ouvert"), ("naive", "naïve approach"),
                                  ("refused,", "connection refused"), ("(connection", "connection refused"),
                                  ("'refused'.", "connection refused")] {
            let result = try sandbox.scrollvault("search", "--", query)
            #expect(result.status == 0 && result.out.hasSuffix(":\(expected)\n"), "\(query): \(result)")
        }
        let phrase = try sandbox.scrollvault("search", "--phrase", "connection refused.")
        #expect(phrase.status == 0, "\(phrase)")
        let fts = try sandbox.scrollvault("search", "--fts", "cafe")
        #expect(fts.status == 0, "\(fts)")
    }

    @Test func jsonNamesItsOffsetUnits() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("déjà vu error\r\n", name: "u").status == 0)
        let result = try sandbox.scrollvault("search", "--json", "error")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any], "\(result)")
        #expect(object["match_bytes"] as? [[Int]] == [[10, 15]], "\(result.out)")
        #expect(object["matches"] as? [[Int]] == [[10, 15]], "the old key stays")
        #expect(object["match_chars"] as? [[Int]] == [[8, 13]], "\(result.out)")
    }

    @Test func blankLinesCarryARealTime() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("first\r\n\r\n\r\nafter blanks\r\n", name: "b").status == 0)
        let export = try sandbox.scrollvault("export", "--timestamps", "b")
        #expect(export.status == 0, "\(export)")
        #expect(export.lines.count == 4)
        #expect(!export.out.contains("1970"), "\(export.out)")
        let json = try sandbox.scrollvault("export", "--format", "json", "b")
        #expect(!json.out.contains("1970"), "\(json.out)")
        let context = try sandbox.scrollvault("search", "--json", "-B2", "after blanks")
        #expect(context.status == 0 && !context.out.contains("1970"), "\(context.out)")
    }
}
