import Foundation
import Testing

/// Issue 30: one table of exit statuses for every command (ExitStatus.table, the README, the
/// man page): 0 success, 1 nothing found, 2 error with usage errors included; `run` passes its
/// command's status through and uses 125 for its own failures. Each row is one command line
/// against an archive with one session ("known", holding "findable").
@Suite struct ExitCodeTableTests {
    struct Row: CustomStringConvertible, Sendable {
        var arguments: [String]
        var status: Int32
        /// Run against a sandbox with no archive at all (an empty machine).
        var noArchive = false
        var description: String { "\(arguments.joined(separator: " "))\(noArchive ? " (no archive)" : "") → \(status)" }
    }

    static let rows: [Row] = [
        // run
        Row(arguments: ["run", "--", "true"], status: 0),
        Row(arguments: ["run", "--", "sh", "-c", "exit 3"], status: 3),
        Row(arguments: ["run", "--", "no-such-command-e2e"], status: 127),
        Row(arguments: ["run", "--", "/dev/null"], status: 126),
        Row(arguments: ["run", "--cols", "0", "--", "true"], status: 125),
        Row(arguments: ["run", "--name", "known", "--", "true"], status: 125),
        // exec
        Row(arguments: ["exec", "--", "true"], status: 0),
        Row(arguments: ["exec", "--", "sh", "-c", "exit 3"], status: 3),
        Row(arguments: ["exec", "--", "sh", "-c", "kill -TERM $$"], status: 143),
        Row(arguments: ["exec", "--", "no-such-command-e2e"], status: 127),
        Row(arguments: ["exec", "--", "/dev/null"], status: 126),
        Row(arguments: ["exec", "--cols", "0", "--", "true"], status: 125),
        Row(arguments: ["exec", "--name", "known", "--", "true"], status: 125),
        Row(arguments: ["exec"], status: 125),
        // pause, resume (the sandbox is not a recorded session)
        Row(arguments: ["pause"], status: 2),
        Row(arguments: ["resume"], status: 2),
        // import
        Row(arguments: ["import", "--format", "raw", "/dev/null"], status: 0),
        Row(arguments: ["import", "no-such-file"], status: 2),
        Row(arguments: ["import", "--cols", "0", "/dev/null"], status: 2),
        // search
        Row(arguments: ["search", "findable"], status: 0),
        Row(arguments: ["search", "absent"], status: 1),
        Row(arguments: ["search", "--session", "nosuch", "findable"], status: 1),
        Row(arguments: ["search", "findable"], status: 1, noArchive: true),
        Row(arguments: ["search", "--regex", "["], status: 2),
        Row(arguments: ["search", "--since", "yesterday-ish", "x"], status: 2),
        Row(arguments: ["search"], status: 2),
        // export
        Row(arguments: ["export", "known"], status: 0),
        Row(arguments: ["export", "nosuch"], status: 1),
        Row(arguments: ["export"], status: 1, noArchive: true),
        Row(arguments: ["export", "--lines", "9:2", "known"], status: 2),
        // commands, show, diff, init (the session "known" has no commands)
        Row(arguments: ["commands"], status: 0),
        Row(arguments: ["commands"], status: 0, noArchive: true),
        Row(arguments: ["commands", "--session", "nosuch"], status: 1),
        Row(arguments: ["commands", "--since", "bogus"], status: 2),
        Row(arguments: ["show"], status: 1),
        Row(arguments: ["show", "12"], status: 1),
        Row(arguments: ["show", "abc"], status: 2),
        Row(arguments: ["diff"], status: 2),
        Row(arguments: ["diff", "--against", "abc"], status: 2),
        Row(arguments: ["init", "bash"], status: 0),
        Row(arguments: ["init", "tcsh"], status: 2),
        // sessions (an empty machine: see sessionsOnAnEmptyMachine)
        Row(arguments: ["sessions"], status: 0),
        Row(arguments: ["sessions", "--bogus"], status: 2),
        // stats
        Row(arguments: ["stats"], status: 0),
        Row(arguments: ["stats"], status: 0, noArchive: true),
        Row(arguments: ["stats", "--db", "/dev/null"], status: 2),
        // index
        Row(arguments: ["index"], status: 0),
        Row(arguments: ["index"], status: 0, noArchive: true),
        Row(arguments: ["index", "extra"], status: 2),
        // forget
        Row(arguments: ["forget", "nosuch"], status: 1),
        Row(arguments: ["forget", "known"], status: 1, noArchive: true),
        Row(arguments: ["forget"], status: 2),
        Row(arguments: ["forget", "known"], status: 0),
        // prune
        Row(arguments: ["prune", "--older-than", "30d"], status: 0),
        Row(arguments: ["prune", "--older-than", "0s", "--dry-run"], status: 0),
        Row(arguments: ["prune", "--older-than", "0s"], status: 2),
        Row(arguments: ["prune", "--older-than", "0s", "--yes"], status: 0),
        Row(arguments: ["prune", "--older-than", "0s"], status: 0, noArchive: true),
        Row(arguments: ["prune"], status: 2),
        // redact ("known" was imported redacted: nothing left to do)
        Row(arguments: ["redact"], status: 0),
        Row(arguments: ["redact", "--dry-run"], status: 0),
        Row(arguments: ["redact", "--session", "known"], status: 0),
        Row(arguments: ["redact"], status: 0, noArchive: true),
        Row(arguments: ["redact", "--session", "nosuch"], status: 1),
        Row(arguments: ["redact", "--session", "known"], status: 1, noArchive: true),
        Row(arguments: ["redact", "extra"], status: 2),
        // mcp (stdin is /dev/null: the client has gone at once)
        Row(arguments: ["mcp"], status: 0),
        Row(arguments: ["mcp", "--no-redact"], status: 0, noArchive: true),
        Row(arguments: ["mcp", "--bogus"], status: 2),
        // sync and the team server (port 1 on loopback: nothing listens, refused at once)
        Row(arguments: ["sync", "--to", "postgres://me@127.0.0.1:1/team"], status: 2),
        Row(arguments: ["sync", "--to", "http://not-postgres/team"], status: 2),
        Row(arguments: ["sync", "--to", "postgres://me@127.0.0.1:1/team"], status: 1, noArchive: true),
        Row(arguments: ["sync", "--interval", "0", "--to", "postgres://me@127.0.0.1:1/team"], status: 2),
        Row(arguments: ["search", "--remote", "postgres://me@127.0.0.1:1/team", "findable"], status: 2),
        Row(arguments: ["search", "--host", "h", "findable"], status: 2),
        Row(arguments: ["search", "--remote", "postgres://me@127.0.0.1:1/team", "--fts", "findable"], status: 2),
        // the command line itself
        Row(arguments: ["help", "search"], status: 0),
        Row(arguments: ["help", "bogus"], status: 2),
        Row(arguments: ["--version"], status: 0),
        Row(arguments: ["no-such-subcommand"], status: 2),
    ]

    @Test(arguments: rows)
    func statusFollowsTheTable(row: Row) throws {
        let sandbox = try Sandbox()
        if !row.noArchive {
            try #require(try sandbox.importRaw("findable line\r\n", name: "known").status == 0)
        }
        let result = try sandbox.scrollvault(arguments: row.arguments)
        #expect(result.status == row.status && !result.killedBySignal, "\(row): \(result)")
        if [2, 125].contains(result.status) {
            #expect(result.err.hasPrefix("scrollvault:") || result.err.hasPrefix("Error:"), "a failure says why: \(row): \(result.err)")
        }
    }

    /// Every subcommand covered above: a new command must join the table.
    @Test func everySubcommandHasRows() {
        let covered = Set(Self.rows.compactMap(\.arguments.first))
        for subcommand in HelpTests.subcommands {
            #expect(covered.contains(subcommand), "\(subcommand) has no row")
        }
    }

    /// `sessions` on a machine with no archive lists nothing and exits 0.
    @Test func sessionsOnAnEmptyMachine() throws {
        let result = try Sandbox().scrollvault("sessions")
        #expect(result.status == 0, "\(result)")
    }

    /// The table is where a user looks: the root help, each command's help, the README and the
    /// man page.
    @Test func theTableIsDocumented() throws {
        let sandbox = try Sandbox()
        let root = try sandbox.scrollvault("--help").out
        for row in ["0    success", "1    not found", "2    error", "125 scrollvault failed before starting it"] {
            #expect(root.contains(row), "root --help lacks \(row)")
        }
        for subcommand in HelpTests.subcommands {
            #expect(try sandbox.scrollvault(subcommand, "--help").out.contains("Exit status:"), "\(subcommand) --help")
        }
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: sources.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("## Exit status") && readme.contains("125"), "README")
        let man = try String(contentsOf: sources.appendingPathComponent("docs/scrollvault.1"), encoding: .utf8)
        #expect(man.contains("EXIT STATUS") && man.contains("125"), "man page")
    }
}
