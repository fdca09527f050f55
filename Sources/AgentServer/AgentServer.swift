import MCP

/// Serves the archive to coding agents over MCP: read-only tools that search it, list its
/// sessions and commands, and page through what they printed.
///
/// Every text it returns, readable or structured, passes through `redact` first, so the secrets a
/// terminal showed stay out of an agent's context unless the user says otherwise.
public struct AgentServer: Sendable {
    public let archivePath: String
    public let version: String
    public let redact: @Sendable (String) -> String

    /// `redact` is applied to every string the server sends back (identity: verbatim).
    public init(archivePath: String, version: String, redact: @escaping @Sendable (String) -> String = { $0 }) {
        self.archivePath = archivePath
        self.version = version
        self.redact = redact
    }

    /// Answers one client on stdin and stdout until it closes stdin.
    public func serveOverStdio() async throws {
        let server = Server(
            name: "scrollvault",
            version: version,
            instructions: Self.instructions,
            capabilities: .init(tools: .init(listChanged: false)))
        let tools = ArchiveTools(path: archivePath, redact: redact)
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: ToolCatalog.tools)
        }
        await server.withMethodHandler(CallTool.self) { call in
            try await tools.call(call.name, arguments: ToolArguments(tool: call.name, values: call.arguments ?? [:]))
        }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }

    static let instructions = """
        ScrollVault keeps every line the user's terminals showed, rendered as they saw it, with \
        the commands their shells ran. Find lines with search, then read around them with \
        get_session_text; list_commands and get_command_output give what one command printed, \
        paged by lines; diff_command_output compares it with the previous run of the same command.
        """
}
