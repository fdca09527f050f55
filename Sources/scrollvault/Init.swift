import ArgumentParser
import Recorder

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Print the shell-integration snippet for bash, zsh or fish.",
        discussion: """
            `scrollvault run` adds it to bash, zsh and fish by itself; source it from your rc file to \
            mark commands in shells started another way (in tmux, over ssh). It marks each prompt, \
            command line, exit status and working directory with OSC 133/633/7, prints nothing \
            visible and leaves $? alone. Loading it twice is harmless.

            Examples:
              eval "$(scrollvault init bash)"          # in ~/.bashrc
              eval "$(scrollvault init zsh)"           # in ~/.zshrc
              scrollvault init fish | source           # in ~/.config/fish/config.fish

            Exit status: 0 printed; 2 error (a shell other than bash, zsh or fish).
            """
    )

    @Argument(help: ArgumentHelp("bash, zsh or fish.", valueName: "shell")) var shell: ShellIntegrationScript.Shell

    func run() throws {
        let out = StandardOutput()
        out.write(ShellIntegrationScript.snippet(for: shell))
        out.flush()
    }
}

extension ShellIntegrationScript.Shell: ExpressibleByArgument {}
