import Foundation
import Glibc
import Testing

/// Issue 23: real bash, zsh and fish on a real pty under `scrollvault run`, with the integration
/// injected (no configuration) or sourced from an rc file with `scrollvault init`: what was
/// typed and printed comes back from `commands --json` and `show`.
@Suite struct ShellIntegrationTests {
    /// The shell's path; nil (the test returns) when it is missing outside CI, and a failure in
    /// CI, where `make test` installs it.
    static func shell(_ name: String) throws -> String? {
        let path = "/usr/bin/\(name)"
        if access(path, X_OK) == 0 { return path }
        try #require(ProcessInfo.processInfo.environment["CI"] != "true", "\(path) is missing: make test installs it")
        return nil
    }

    static let promptMark = "\u{1B}]133;A"

    /// Types `line` and waits for the next prompt.
    static func type(_ lines: String..., timeout: Double = 60) -> [PtyDriver.Step] {
        lines.map { .send($0 + "\r") } + [.expect(promptMark, timeout: timeout)]
    }

    struct Command {
        var id: Int
        var command: String?
        var cwd: String?
        var exitStatus: Int?
        var firstLine: Int?
    }

    static func commands(_ sandbox: Sandbox, session: String) throws -> [Command] {
        let listed = try sandbox.scrollvault("commands", "--session", session, "--json")
        try #require(listed.status == 0, "\(listed)")
        return try listed.lines.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Command(id: object["id"] as? Int ?? 0, command: object["command"] as? String, cwd: object["cwd"] as? String,
                           exitStatus: object["exit_status"] as? Int, firstLine: object["first_line"] as? Int)
        }
    }

    static func output(_ sandbox: Sandbox, _ command: Command) throws -> [String] {
        let shown = try sandbox.scrollvault("show", String(command.id))
        #expect(shown.status == 0, "\(shown)")
        return shown.lines
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func commandsOfAnInjectedShell(name: String) throws {
        guard let shell = try Self.shell(name) else { return }
        let sandbox = try Sandbox()
        let multiLine = name == "fish" ? ["for i in 1 2", "echo multi$i", "end"] : ["for i in 1 2; do", "echo multi$i; done"]
        var steps: [PtyDriver.Step] = [.expect(Self.promptMark, timeout: 60)]
        steps += Self.type("echo first-cmd")
        steps += Self.type("sh -c 'exit 3'")
        // Ctrl-C once sleep runs (sent while the shell is still starting it, it interrupts the
        // shell instead, and no command ran).
        // A duration of its own per shell: the three tests run at once.
        let seconds = ["bash": "31", "zsh": "32", "fish": "33"][name]!
        let sleeping = ["sh", "-c", "pgrep -f 'sleep \(seconds)[.]5' >/dev/null && echo running"]
        steps += [.send("sleep \(seconds).5\r"), .poll(sleeping, until: "running", timeout: 60), .send("\u{3}"),
                  .expect(Self.promptMark, timeout: 60)]
        steps += Self.type("true")
        steps += Self.type("seq 1 100000", timeout: 120)
        steps += [.send("less /etc/os-release\r"), .expect("\u{1B}[?1049h", timeout: 60), .send("q"), .expect(Self.promptMark, timeout: 60)]
        steps += Self.type("cd /tmp")
        steps += Self.type("pwd")
        steps += multiLine.dropLast().map { .send($0 + "\r") } + Self.type(multiLine.last!)
        steps += [.send("exit\r")]
        let outcome = try PtyDriver(sandbox: sandbox, cols: 100, rows: 30).run(
            [BuiltBinary.path, "run", "--name", name, "--", shell], steps: steps, exitTimeout: 60, name: name)
        try #require(outcome.failure == nil, "\(outcome)")

        let commands = try Self.commands(sandbox, session: name)
        let typed = ["echo first-cmd", "sh -c 'exit 3'", "sleep \(seconds).5", "true", "seq 1 100000", "less /etc/os-release", "cd /tmp", "pwd"]
        try #require(commands.count == typed.count + 2, "\(commands)")   // + the loop, + `exit`
        #expect(Array(commands.prefix(typed.count).map(\.command)) == typed.map { Optional($0) })
        #expect(commands[typed.count].command?.contains("multi$i") == true, "\(commands[typed.count])")
        #expect(commands.prefix(typed.count + 1).map(\.exitStatus) == [0, 3, 130, 0, 0, 0, 0, 0, 0])
        // bash and zsh end during `exit`; fish reports its status first.
        #expect(commands.last?.command == "exit" && (commands.last?.exitStatus ?? 0) == 0, "\(commands.last!)")
        #expect(commands[7].cwd == "/tmp" && commands[0].cwd != "/tmp")

        #expect(try Self.output(sandbox, commands[0]) == ["first-cmd"])
        #expect(try Self.output(sandbox, commands[1]) == [])
        #expect(try Self.output(sandbox, commands[3]) == [], "true prints nothing")
        #expect(commands[3].firstLine == nil)
        #expect(try Self.output(sandbox, commands[4]) == (1...100_000).map(String.init))
        #expect(!(try Self.output(sandbox, commands[5])).joined().contains("PRETTY_NAME"), "the alternate screen is not archived")
        #expect(try Self.output(sandbox, commands[7]) == ["/tmp"])
        #expect(try Self.output(sandbox, commands[8]) == ["multi1", "multi2"])
    }

    /// search --failed / --command / --cwd look only at the output of the commands chosen,
    /// JSON hits name their command, and export --command prints one command's output.
    @Test func searchAndExportByCommand() throws {
        guard let bash = try Self.shell("bash") else { return }
        let sandbox = try Sandbox()
        _ = try sandbox.write("home/.bashrc", "PS1='$ '\n")
        let steps: [PtyDriver.Step] = [.expect(Self.promptMark, timeout: 60)]
            + Self.type("echo alpha-ok") + Self.type("sh -c 'echo alpha-bad; exit 4'") + Self.type("cd /tmp")
            + Self.type("echo alpha-tmp") + [.send("exit\r")]
        let outcome = try PtyDriver(sandbox: sandbox).run([BuiltBinary.path, "run", "--name", "by-command", "--", bash], steps: steps)
        try #require(outcome.failure == nil, "\(outcome)")
        let commands = try Self.commands(sandbox, session: "by-command")
        try #require(commands.count == 5, "\(commands)")

        func texts(_ arguments: String...) throws -> [String] {
            let result = try sandbox.scrollvault(arguments: ["search", "--oldest-first"] + arguments)
            return result.lines.map { $0.split(separator: ":", maxSplits: 2).last.map(String.init) ?? $0 }
        }
        #expect(try texts("alpha") == ["$ echo alpha-ok", "alpha-ok", "$ sh -c 'echo alpha-bad; exit 4'", "alpha-bad", "$ echo alpha-tmp", "alpha-tmp"])
        #expect(try texts("--failed", "alpha") == ["alpha-bad"])
        #expect(try texts("--command", "echo*", "alpha") == ["alpha-ok", "alpha-tmp"])
        #expect(try texts("--cwd", "/tmp", "alpha") == ["alpha-tmp"])
        #expect(try sandbox.scrollvault("search", "--failed", "alpha-ok").status == 1)
        let json = try sandbox.scrollvault("search", "--json", "--failed", "alpha")
        #expect(json.out.contains("\"command_id\":\(commands[1].id)"), "\(json)")
        #expect(try sandbox.scrollvault("export", "--command", String(commands[1].id)).lines == ["alpha-bad"])
        #expect(try sandbox.scrollvault("sessions", "--json").out.contains("\"commands\":5"))
        let diff = try sandbox.scrollvault("diff", "-1", "--against", "-4")
        #expect(diff.status == 1 && diff.lines.contains("-alpha-ok") && diff.lines.contains("+alpha-tmp"), "\(diff)")
        #expect(try sandbox.scrollvault("diff", "-1", "--against", "-1").status == 0)
    }

    /// `init` in an rc file marks commands of a shell started without injection, and with
    /// injection on top nothing is marked twice.
    @Test(arguments: ["bash", "zsh", "fish"], [false, true])
    func initFromAnRcFile(name: String, alsoInjected: Bool) throws {
        guard let shell = try Self.shell(name) else { return }
        let sandbox = try Sandbox()
        let snippet = try sandbox.scrollvault("init", name)
        try #require(snippet.status == 0 && snippet.out.contains("133;A"), "\(snippet)")
        switch name {
        case "bash": _ = try sandbox.write("home/.bashrc", "PS1='rc$ '\n" + snippet.out)
        case "zsh": _ = try sandbox.write("home/.zshrc", "PS1='rc$ '\n" + snippet.out)
        default:
            try FileManager.default.createDirectory(atPath: sandbox.path("home/.config/fish"), withIntermediateDirectories: true)
            _ = try sandbox.write("home/.config/fish/config.fish", "set -g fish_greeting\n" + snippet.out)
        }
        let options = alsoInjected ? [] : ["--no-shell-integration"]
        let outcome = try PtyDriver(sandbox: sandbox).run(
            [BuiltBinary.path, "run", "--name", "rc"] + options + ["--", shell, "-i"],
            steps: [.expect(Self.promptMark, timeout: 60)] + Self.type("echo from-rc") + Self.type("false") + [.send("exit\r")])
        try #require(outcome.failure == nil, "\(outcome)")
        let commands = try Self.commands(sandbox, session: "rc")
        #expect(commands.map(\.command) == ["echo from-rc", "false", "exit"])
        #expect(Array(commands.map(\.exitStatus).prefix(2)) == [0, 1])
        #expect(try Self.output(sandbox, commands[0]) == ["from-rc"])
        let transcript = String(decoding: outcome.transcript, as: UTF8.self)
        #expect(transcript.components(separatedBy: "\u{1B}]633;E;echo from-rc").count == 2, "the command line was marked once")
    }

    /// The integration leaves $?, the pipeline's statuses and the prompt's visible text as they
    /// were, with a prompt hook and a prompt that already hold escapes (bash and zsh; fish
    /// keeps $status in its own variables the snippet never sets).
    @Test(arguments: ["bash", "zsh"])
    func statusPipestatusAndPromptAreKept(name shellName: String) throws {
        guard let shell = try Self.shell(shellName) else { return }
        let pipestatus = shellName == "bash" ? "${PIPESTATUS[*]}" : "${pipestatus[*]}"
        var exports: [[String]] = []
        for integrated in [false, true] {
            let sandbox = try Sandbox()
            if shellName == "bash" {
                _ = try sandbox.write("home/.bashrc", #"""
                    PROMPT_COMMAND='printf "\033]0;title\007"'
                    PS1='\[\e[1;32m\]user@test\[\e[0m\] \$ '
                    """#)
            } else {
                _ = try sandbox.write("home/.zshrc", #"""
                    precmd() { print -n '\e]0;title\a' }
                    PS1=$'%{\e[1;32m%}user@test%{\e[0m%} %# '
                    """#)
            }
            let name = integrated ? "with" : "without"
            let options = integrated ? [] : ["--no-shell-integration"]
            let outcome = try PtyDriver(sandbox: sandbox).run(
                [BuiltBinary.path, "run", "--name", name] + options + ["--", shell],
                // Each command is typed once the prompt after the previous one's output is up.
                steps: [.expect("user@test", timeout: 60),
                        .send("false | true\r"), .expect("user@test", timeout: 60),
                        .send("echo \"ps=\(pipestatus) st=$?\"\r"), .expect("ps=1", timeout: 60), .expect("user@test", timeout: 60),
                        .send("(exit 7)\r"), .expect("user@test", timeout: 60),
                        .send("echo \"st=$?\"\r"), .expect("st=7", timeout: 60), .expect("user@test", timeout: 60),
                        .send("exit\r")])
            try #require(outcome.failure == nil, "\(outcome)")
            let export = try sandbox.scrollvault("export", name)
            #expect(export.lines.contains("ps=1 0 st=0"), "\(export)")
            #expect(export.lines.contains("st=7"), "\(export)")
            exports.append(export.lines)
            let commands = try Self.commands(sandbox, session: name)
            #expect(commands.count == (integrated ? 5 : 0), "\(commands)")
        }
        #expect(exports[0] == exports[1], "the screen is the same with and without the integration")
    }

    /// Marks from other terminals' integrations, imported as raw bytes: kitty/Ghostty-style
    /// OSC 133 with parameters, and VS Code's OSC 633 with its command line and directory.
    @Test func foreignMarksInARecordingBecomeCommands() throws {
        let sandbox = try Sandbox()
        let kitty = "\u{1B}]133;A;aid=1\u{7}$ make\r\n\u{1B}]133;C;cmdline_url=make\u{7}built\r\n\u{1B}]133;D;2;aid=1\u{7}"
            + "\u{1B}]133;A;aid=1\u{7}$ "
        let vscode = "\u{1B}]633;P;Cwd=/src\u{7}\u{1B}]633;A\u{7}$ \u{1B}]633;B\u{7}make\r\n\u{1B}]633;E;make\u{7}\u{1B}]633;C\u{7}built\r\n"
            + "\u{1B}]633;D;2\u{7}\u{1B}]633;A\u{7}$ "
        for (name, text) in [("kitty", kitty), ("vscode", vscode)] {
            let imported = try sandbox.importRaw(text, name: name)
            #expect(imported.status == 0, "\(imported)")
            let commands = try Self.commands(sandbox, session: name)
            try #require(commands.count == 1, "\(name): \(commands)")
            #expect(commands[0].exitStatus == 2)
            #expect(try Self.output(sandbox, commands[0]) == ["built"])
        }
        let vs = try Self.commands(sandbox, session: "vscode")
        #expect(vs[0].command == "make" && vs[0].cwd == "/src")
    }
}
