import AgentServer
import ArgumentParser
import Dispatch

struct ServeMCP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the archive to coding agents (an MCP server on stdin and stdout).",
        discussion: """
            Speaks the Model Context Protocol on stdin and stdout, for an agent's MCP client to \
            start: it reads the archive (read-only) and answers with the tools search, \
            list_sessions, list_commands, get_command_output, get_session_text and \
            diff_command_output. Every text it returns is redacted first unless --no-redact. It \
            runs until the client closes stdin. See "For agents" in the README for how to \
            register it.

            Examples:
              scrollvault mcp
              scrollvault mcp --db ~/work/archive.sqlite --no-redact

            Exit status: 0 the client closed the connection; 2 error.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Flag(help: "Return text verbatim, secrets included (default: redacted).") var noRedact = false

    func run() throws {
        let server = AgentServer(archivePath: archive.path, version: ScrollVaultVersion.current, redact: redactor)
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Task {
            do {
                try await server.serveOverStdio()
            } catch {
                outcome.failure = "the MCP server stopped: \(error)"
            }
            finished.signal()
        }
        finished.wait()
        if let failure = outcome.failure { throw CLIError(failure) }
    }

    /// What every returned text passes through: verbatim with `--no-redact`; otherwise the
    /// redaction patterns (identity until the Redaction module is wired in here).
    private var redactor: @Sendable (String) -> String {
        if noRedact { return { text in text } }
        return { text in text }
    }

    /// The server task's failure, read once the semaphore says it is done.
    private final class Outcome: @unchecked Sendable {
        var failure: String?
    }
}
