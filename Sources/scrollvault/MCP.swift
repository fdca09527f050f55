import ArgumentParser
import Glibc

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

    /// The server is the program `scrollvault-mcp` installed beside this one (it carries the MCP
    /// SDK and the Foundation it needs, which every other command would otherwise load): this
    /// becomes it, keeping stdin and stdout.
    func run() throws {
        let server = Self.serverPath()
        var arguments = [server, "--db", archive.path, "--server-version", ScrollVaultVersion.current]
        if noRedact { arguments.append("--no-redact") }
        var argv = arguments.map { strdup($0) } + [nil]
        execv(server, &argv)
        let reason = String(cString: strerror(errno))
        throw CLIError("cannot start the MCP server \(server): \(reason) (it is built and installed beside scrollvault)")
    }

    /// `scrollvault-mcp` in the directory of this executable (symbolic links resolved).
    static func serverPath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "scrollvault-mcp" }
        let me = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(me[..<(me.lastIndex(of: "/") ?? me.startIndex)]) + "/scrollvault-mcp"
    }
}
