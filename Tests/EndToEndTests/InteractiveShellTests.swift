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
            // --quiet: run's start line is its own, not the shell's, so tmux must not see it either.
            [BuiltBinary.path, "run", "--quiet", "--name", "typed", "--", "bash", "--norc", "--noprofile", "-i"],
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

    /// Line editing across the wrap boundary of a narrow terminal, where readline redraws
    /// with cursor movement over soft-wrapped rows; and a screenful of output that scrolls.
    @Test func narrowTerminalLineEditingExportsWhatTmuxRenders() throws {
        let sandbox = try Sandbox()
        let driver = PtyDriver(sandbox: sandbox, cols: 30, rows: 8)
        let backspace = "\u{7F}", home = "\u{01}", end = "\u{05}", up = "\u{1B}[A", left = "\u{1B}[D"
        let outcome = try driver.run(
            [BuiltBinary.path, "run", "--quiet", "--name", "narrow", "--", "bash", "--norc", "--noprofile", "-i"],
            environment: ["PS1": "$ ", "HISTFILE": "/dev/null", "INPUTRC": "/dev/null", "PROMPT_COMMAND": nil],
            steps: [
                .expect("$ "),
                .send("cho one two three four five six seven eight nine"), .expect("nine"),
                .send("\(home)e\(end)\(backspace)\(backspace)\(backspace)\(backspace)ten\r"),
                .expect("one two three four five six seven eight ten\r\n"), .expect("$ "),
                .send("seq 1 12\r"), .expect("\n12\r\n"), .expect("$ "),
                .send(up), .send(up), .expect("ten"),
                .send("\(left)\(left)\(left)X\r"),
                .expect("eight Xten\r\n"), .expect("$ "),
                .send("exit\r"),
            ])
        try #require(outcome.failure == nil, "\(outcome)")
        #expect(outcome.exitCode == 0)
        let export = try sandbox.scrollvault("export", "narrow")
        try #require(export.status == 0, "\(export)")
        #expect(export.lines.contains("$ echo one two three four five six seven eight ten"), "\(export.out)")
        #expect(export.lines.contains("one two three four five six seven eight Xten"))

        guard let renderer = BuiltBinary.tmuxRenderer else { return }
        let tmux = try sandbox.run([renderer, "30", "8", outcome.transcriptPath], timeout: 25)
        try #require(tmux.status == 0, "\(tmux)")
        #expect(export.lines == tmux.lines, "--- scrollvault:\n\(export.out)\n--- tmux:\n\(tmux.out)")
    }
}
