import Archive
import ArgumentParser

struct ScrollVault: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scrollvault",
        abstract: "Keep every line your terminal showed, searchable, with memory capped.",
        discussion: """
            Wrap your shell with `scrollvault run`; every line that scrolls by is archived to \
            SQLite. Then `scrollvault search WORDS` finds it again and `scrollvault export` \
            prints a session as text.

            The archive is --db PATH, else $SCROLLVAULT_DB, else \
            $XDG_DATA_HOME/scrollvault/archive.sqlite (~/.local/share/scrollvault/archive.sqlite). \
            It is created 0600 in a 0700 directory: terminal output holds secrets.

            A SESSION is an id or a name; id:N and name:NAME say which (name:10 reaches a session \
            that an older version let someone name "10").

            \(ExitStatus.table)
            """,
        version: ScrollVaultVersion.current,
        subcommands: [Run.self, Exec.self, Pause.self, Resume.self, Commands.self, Show.self, Diff.self, Search.self, Export.self, Sessions.self, Init.self, Import.self, Stats.self, Index.self, Forget.self, Prune.self, Redact.self, ServeMCP.self, Sync.self]
    )

    /// `help TOPIC` with an unknown topic would print the root help and exit 0, as if it had
    /// been understood: it is a usage error instead.
    static func checkHelpTopic(_ arguments: [String]) throws {
        guard arguments.first == "help" else { return }
        let topics = arguments.dropFirst().filter { !$0.hasPrefix("-") }
        let known = configuration.subcommands.compactMap { $0.configuration.commandName }
        if topics.count > 1 { throw ValidationError("help takes one command, not \(topics.count): scrollvault help COMMAND") }
        if let topic = topics.first, !known.contains(topic) {
            throw ValidationError("no command '\(topic)': the commands are \(known.joined(separator: ", "))")
        }
    }
}

enum ScrollVaultVersion {
    static let current = "0.1.0"
}
