import Foundation
import Testing

/// Issue 30, "Clean text from pipes": a program's output through a pipe imports line by line.
@Suite struct PipedTextImportTests {
    @Test func theHelpExampleImportsListingLinesAsTheyWere() throws {
        let sandbox = try Sandbox()
        let help = try sandbox.scrollvault("import", "--help")
        let example = try #require(help.lines.first { $0.contains("ls -l /usr |") }, "\(help)")
            .trimmingCharacters(in: .whitespaces)
        let binaryDirectory = URL(fileURLWithPath: BuiltBinary.path).deletingLastPathComponent().path
        let shell = try sandbox.run(["/bin/sh", "-c", "ls -l /usr > \(sandbox.path("expected.txt")) && \(example)"],
                                    environment: ["PATH": binaryDirectory + ":/usr/bin:/bin"])
        #expect(shell.status == 0, "\(example): \(shell)")
        let expected = try String(decoding: sandbox.read("expected.txt"), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        let id = shell.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let export = try sandbox.scrollvault("export", id)
        #expect(export.lines == expected, "no line indented further than the last: \(export)")
    }

    @Test func undetectedInputIsTextAndRawKeepsTerminalMeaning() throws {
        let sandbox = try Sandbox()
        let text = "first\nsecond\n  indented\n"
        let detected = try sandbox.scrollvault("import", "--name", "detected", "-", input: .pipe(Data(text.utf8)))
        #expect(detected.status == 0, "\(detected)")
        #expect(try sandbox.scrollvault("export", "detected").lines == ["first", "second", "  indented"])
        let explicit = try sandbox.scrollvault("import", "--format", "text", "--name", "text", sandbox.write("out.txt", text))
        #expect(explicit.status == 0, "\(explicit)")
        #expect(try sandbox.scrollvault("export", "text").lines == ["first", "second", "  indented"])
        // raw is what a terminal received: a bare newline only moves down, as before.
        let raw = try sandbox.scrollvault("import", "--format", "raw", "--name", "raw", "-", input: .pipe(Data(text.utf8)))
        #expect(raw.status == 0, "\(raw)")
        #expect(try sandbox.scrollvault("export", "raw").lines == ["first", "     second", "             indented"])
    }
}
