import Foundation
import Testing

/// Issue 26, "MCP server": `scrollvault mcp` driven over stdio by the official MCP Python client
/// (scripts/mcp-client-check.py, which holds the checks): initialize, the tools with their
/// argument names and read-only annotation, each tool on a prepared archive, a 100,000-line
/// output paged to its end, and bad arguments answered with MCP errors by a server that goes on.
@Suite struct MCPServerTests {
    static let client = BuiltBinary.repositoryRoot.appendingPathComponent("scripts/mcp-client-check.py").path

    /// Python finds a user-installed client under the real HOME, not the sandbox's.
    static let pythonEnvironment: [String: String?] = ["HOME": ProcessInfo.processInfo.environment["HOME"]]

    /// A session "build" recorded by `run` with shell integration marks (VS Code's OSC 633,
    /// which carries the command line and directory): `make` twice with different warnings,
    /// the first failing, and `seq` printing 100,000 lines.
    static let buildScript = """
        command() {
          printf '\\033]633;P;Cwd=/src\\007\\033]633;A\\007$ \\033]633;B\\007%s\\n\\033]633;E;%s\\007\\033]633;C\\007' "$1" "$1"
        }
        finish() { printf '\\033]633;D;%s\\007' "$1"; }
        command make; printf 'built\\nwarning: x\\n'; finish 2
        command make; printf 'built\\nwarning: y\\n'; finish 0
        command seq; seq -f 'line %06g' 1 100000; finish 0
        printf '\\033]633;A\\007$ '

        """

    /// Whether the Python client can start; when it cannot, a failure in CI (where `make test`
    /// installs it) and a visible skip elsewhere.
    static func clientIsAvailable(_ sandbox: Sandbox) throws -> Bool {
        let probe = try sandbox.run(["/usr/bin/env", "python3", "-c", "import mcp"], environment: pythonEnvironment)
        if probe.status == 0 { return true }
        try #require(ProcessInfo.processInfo.environment["CI"] != "true",
                     "the Python MCP client cannot start (\(probe.err.trimmingCharacters(in: .whitespacesAndNewlines))): scripts/install-deps.sh installs it")
        print("MCPServerTests: SKIPPED, the Python MCP client is not installed (python3 -m pip install mcp, or scripts/install-deps.sh)")
        return false
    }

    @Test func anMCPClientUsesEveryTool() throws {
        let sandbox = try Sandbox()
        guard try Self.clientIsAvailable(sandbox) else { return }
        try #require(try sandbox.importRaw("hello world\r\nthe quick brown fox\r\n", name: "plain").status == 0)
        let script = try sandbox.write("build.sh", Self.buildScript)
        let recorded = try sandbox.scrollvault("run", "--name", "build", "--", "sh", script, timeout: 120)
        try #require(recorded.status == 0, "\(recorded)")

        let checked = try sandbox.run(["/usr/bin/env", "python3", Self.client, BuiltBinary.path, sandbox.archivePath],
                                      environment: Self.pythonEnvironment, timeout: 300)
        #expect(checked.status == 0 && checked.out.contains("all checks passed"), "\(checked)")
        for part in ["tools and their arguments", "list_sessions", "search", "list_commands", "get_command_output paged 100,000 lines",
                     "get_session_text", "diff_command_output", "errors are MCP errors"] {
            #expect(checked.out.contains("ok: \(part)"), "\(part) not checked: \(checked)")
        }
    }

    /// The server starts before anything is recorded (an agent registers it once) and answers
    /// with empty lists rather than failing.
    @Test func anEmptyMachineListsNothing() throws {
        let sandbox = try Sandbox()
        guard try Self.clientIsAvailable(sandbox) else { return }
        let listed = try sandbox.run(["/usr/bin/env", "python3", "-c", Self.listSessionsOnly, BuiltBinary.path, sandbox.archivePath],
                                     environment: Self.pythonEnvironment, timeout: 60)
        #expect(listed.status == 0 && listed.out.contains("sessions=[]"), "\(listed)")
        #expect(listed.out.contains("no archive at \(sandbox.archivePath) (nothing recorded yet?)"), "reading a session says nothing is recorded: \(listed)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.archivePath), "the server created an archive")
    }

    /// `scrollvault mcp` becomes `scrollvault-mcp` from its own directory; without it, it says
    /// where it looked and fails.
    @Test func aMissingServerProgramIsAClearError() throws {
        let sandbox = try Sandbox()
        let lonely = sandbox.path("scrollvault")
        try FileManager.default.copyItem(atPath: BuiltBinary.path, toPath: lonely)
        let result = try sandbox.run([lonely, "mcp"])
        #expect(result.status == 2, "\(result)")
        #expect(result.err.contains("cannot start the MCP server \(sandbox.directory.path)/scrollvault-mcp"), "\(result)")
    }

    static let listSessionsOnly = """
        import asyncio, sys
        from mcp import ClientSession, StdioServerParameters
        from mcp.client.stdio import stdio_client
        async def main():
            params = StdioServerParameters(command=sys.argv[1], args=["mcp", "--db", sys.argv[2]])
            async with stdio_client(params) as (read, write):
                async with ClientSession(read, write) as session:
                    await session.initialize()
                    result = await session.call_tool("list_sessions", {})
                    print("sessions=" + repr(result.structured_content["sessions"]))
                    try:
                        await session.call_tool("get_session_text", {})
                    except Exception as error:
                        print("text error: " + str(error))
        asyncio.run(main())
        """
}
