import Foundation
import Testing

/// Issue 7, test 1: an interactive bash on a real pty, driven by typed keys with line editing;
/// what `export` prints is what tmux shows for the same bytes.
@Suite struct InteractiveShellTests {
    @Test func typedBashSessionExportsWhatTmuxRenders() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox, cols: 80, rows: 24)
        let backspace = "\u{7F}", home = "\u{01}", end = "\u{05}", up = "\u{1B}[A"
        let outcome = try driver.run(
            [BuiltBinary.path, "run", "--name", "typed", "--", "bash", "--norc", "--noprofile", "-i"],
            environment: ["PS1": "$ ", "HISTFILE": "/dev/null", "INPUTRC": "/dev/null", "PROMPT_COMMAND": nil],
            steps: [
                .expect("$ "),
                // A typo fixed with backspace: the output never appears in what was typed.
                .send("echo hellp"), .expect("hellp"), .send("\(backspace)o world\r"),
                .expect("hello world\r\n"), .expect("$ "),
                // ^A to the start to add the missing "e", ^E to the end to finish the line.
                .send("cho st''art"), .expect("art"), .send("\(home)e\(end) end\r"),
                .expect("start end\r\n"), .expect("$ "),
                // History: ↑ recalls the last command, Enter runs it again.
                .send(up), .expect("art end"), .send("\r"),
                .expect("start end\r\n"), .expect("$ "),
                .send("exit\r"),
            ])
        try #require(outcome.failure == nil, "\(outcome)")
        #expect(outcome.exitCode == 0)

        let export = try sandbox.scrollvault("export", "typed")
        try #require(export.status == 0, "\(export)")
        let lines = export.lines
        #expect(lines.first == "$ echo hello world")
        #expect(lines.filter { $0 == "hello world" }.count == 1)
        #expect(lines.filter { $0 == "$ echo st''art end" }.count == 2)
        #expect(lines.filter { $0 == "start end" }.count == 2)
        #expect(lines.contains("$ exit"))
        #expect(!lines.contains { $0.contains("hellp") }, "the erased typo is not on the screen")

        guard let renderer = BuiltBinary.tmuxRenderer else { return }
        let tmux = try sandbox.run([renderer, "80", "24", outcome.transcriptPath], timeout: 25)
        try #require(tmux.status == 0, "\(tmux)")
        #expect(lines == tmux.lines)
    }
}
