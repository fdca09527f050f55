import Foundation
import Glibc
import Testing

/// Issue 7, test 9: every export format and option.
@Suite struct ExportTests {
    private static let recording = "one\r\n\u{1B}[1;31mred bold\u{1B}[0m plain\r\nthree\r\nfour\r\n"

    private func archive() throws -> Sandbox {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw(Self.recording, name: "ex").status == 0)
        return sandbox
    }

    @Test func textIsCleanLines() throws {
        let sandbox = try archive()
        let result = try sandbox.scrollvault("export", "--format", "text", "ex")
        #expect(result.status == 0, "\(result)")
        #expect(result.out == "one\nred bold plain\nthree\nfour\n")
    }

    @Test func ansiKeepsColours() throws {
        let sandbox = try archive()
        let result = try sandbox.scrollvault("export", "--format", "ansi", "ex")
        #expect(result.status == 0, "\(result)")
        let lines = result.lines
        try #require(lines.count == 4, "\(result)")
        #expect(lines[0] == "one", "an unstyled line has no escapes")
        let coloured = lines[1]
        // The first SGR on the line carries both bold (1) and red (31), in whatever order.
        let sgr = try #require(coloured.range(of: "\u{1B}\\[[0-9;]*m", options: .regularExpression), "\(coloured.debugDescription)")
        let parameters = Set(coloured[sgr].dropFirst(2).dropLast().split(separator: ";").map(String.init))
        #expect(parameters.isSuperset(of: ["1", "31"]), "\(coloured.debugDescription)")
        #expect(coloured.hasPrefix(String(coloured[sgr]) + "red bold"))
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == "red bold plain")
        #expect(coloured.hasSuffix("\u{1B}[0m plain"), "the style ends before the plain text: \(coloured.debugDescription)")
    }

    @Test func jsonIsOneObjectPerLine() throws {
        let sandbox = try archive()
        let result = try sandbox.scrollvault("export", "--format", "json", "ex")
        #expect(result.status == 0, "\(result)")
        let objects = try result.lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        #expect(objects.map { $0["text"] as? String } == ["one", "red bold plain", "three", "four"])
        #expect(objects.map { $0["number"] as? Int } == [1, 2, 3, 4])
        #expect(objects.allSatisfy { ($0["time"] as? String)?.contains("T") == true })
    }

    @Test func jsonEscapesWhatItMust() throws {
        let sandbox = try Sandbox()
        let text = "quote \" backslash \\ tab\there é 😀 \u{1}"
        try #require(try sandbox.importRaw(text + "\r\n", name: "esc").status == 0)
        let result = try sandbox.scrollvault("export", "--format", "json", "esc")
        let line = try #require(result.lines.first, "\(result)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let exported = try #require(object["text"] as? String)
        #expect(exported.hasPrefix("quote \" backslash \\ tab"), "\(exported.debugDescription)")
        #expect(exported.contains("é 😀"))
    }

    @Test func lineRange() throws {
        let sandbox = try archive()
        #expect(try sandbox.scrollvault("export", "--lines", "2:3", "ex").lines == ["red bold plain", "three"])
        #expect(try sandbox.scrollvault("export", "--lines", "3:", "ex").lines == ["three", "four"])
        #expect(try sandbox.scrollvault("export", "--lines", ":1", "ex").lines == ["one"])
        let json = try sandbox.scrollvault("export", "--format", "json", "--lines", "2:3", "ex")
        #expect(json.lines.count == 2 && json.lines[0].contains("\"number\":2"), "\(json)")
        #expect(try sandbox.scrollvault("export", "--lines", "x:3", "ex").status == 2)
    }

    @Test func timestamps() throws {
        let sandbox = try archive()
        let result = try sandbox.scrollvault("export", "--timestamps", "ex")
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.count == 4)
        for (line, text) in zip(result.lines, ["one", "red bold plain", "three", "four"]) {
            #expect(line.range(of: #"^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\] "#, options: .regularExpression) != nil, "\(line)")
            #expect(line.hasSuffix("] " + text))
        }
    }

    @Test func outputFileIsPrivate() throws {
        let sandbox = try archive()
        let file = sandbox.path("out.txt")
        let result = try sandbox.scrollvault("export", "--output", file, "ex")
        #expect(result.status == 0, "\(result)")
        #expect(result.out.isEmpty, "nothing on stdout")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "one\nred bold plain\nthree\nfour\n")
        var info = stat()
        #expect(stat(file, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600, "mode \(String(info.st_mode & 0o777, radix: 8))")
        let unwritable = try sandbox.scrollvault("export", "--output", sandbox.path("no/such/dir/x"), "ex")
        #expect(unwritable.status == 2, "an error (issue 30's table): \(unwritable)")
        #expect(unwritable.err.contains("no/such/dir/x"))
    }

    @Test func unknownSessionIsAnError() throws {
        let sandbox = try archive()
        let result = try sandbox.scrollvault("export", "no-such-session")
        #expect(result.status == 1, "\(result)")
        #expect(result.err.contains("no-such-session"))
        #expect(result.out.isEmpty)
        let file = sandbox.path("never.txt")
        _ = try sandbox.scrollvault("export", "--output", file, "no-such-session")
        #expect(!FileManager.default.fileExists(atPath: file), "no file for a failed export")
    }

    @Test func defaultIsTheLastSessionAndIdsWork() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.scrollvault("run", "--name", "first", "--", "echo", "first output").status == 0)
        try #require(try sandbox.scrollvault("run", "--", "echo", "second output").status == 0)
        #expect(try sandbox.scrollvault("export").lines == ["second output"])
        let first = try #require(try sandbox.session(named: "first")?["id"] as? Int)
        #expect(try sandbox.scrollvault("export", String(first)).lines == ["first output"])
    }
}
