import ArgumentParser


struct ScrollVault: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scrollvault",
        abstract: "Keep every line your terminal showed, searchable, with memory capped.",
        discussion: """
            Wrap your shell with `scrollvault run`; every line that scrolls by is archived to SQLite.
            Then `scrollvault search WORDS` finds it again and `scrollvault export` prints a session as text.

            The archive is --db PATH, else $SCROLLVAULT_DB, else $XDG_DATA_HOME/scrollvault/archive.sqlite
            (~/.local/share/scrollvault/archive.sqlite). It is created 0600 in a 0700 directory:
            terminal output holds secrets.
            """,
        version: ScrollVaultVersion.current,
        subcommands: [Run.self, Commands.self, Show.self, Diff.self, Search.self, Export.self, Sessions.self, Init.self, Import.self, Stats.self, Index.self, Forget.self, Prune.self]
    )
}

enum ScrollVaultVersion {
    static let current = "0.1.0"
}
