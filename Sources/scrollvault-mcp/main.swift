import AgentServer
import Glibc
import FoundationEssentials
import Redaction

// The MCP server behind `scrollvault mcp`, which parses the user's options and runs this with
// `--db PATH`, `--server-version V` and maybe `--no-redact`. A program of its own because the MCP SDK brings all of
// Foundation (ICU and networking included): in `scrollvault` itself it would have made every
// command's binary larger and its start slower, and broken its static release link.
/// One line on stderr (the stdio transport owns stdout).
func complain(_ message: String) {
    let line = "scrollvault mcp: \(message)\n"
    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}

var path: String?
var version = "unknown"
var redacting = true
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--db" where !arguments.isEmpty: path = arguments.popFirst()
    case "--server-version" where !arguments.isEmpty: version = arguments.popFirst()!
    case "--no-redact": redacting = false
    default:
        complain("unexpected argument '\(argument)': run it as `scrollvault mcp [--db PATH] [--no-redact]`")
        exit(2)
    }
}
guard let path else {
    complain("give --db PATH (run it as `scrollvault mcp`)")
    exit(2)
}
/// What every returned text passes through: verbatim with `--no-redact`; otherwise the
/// built-in patterns and the configuration file's (a bad pattern is reported on stderr and the
/// rest still apply: an agent must never get less redaction than the archive had).
func redactor(redacting: Bool) -> @Sendable (String) -> String {
    if !redacting { return { text in text } }
    let loaded = RedactionConfiguration.load(path: RedactionConfiguration.path(environment: ProcessInfo.processInfo.environment))
    for problem in loaded.problems { complain("\(problem); redacting with the built-in patterns and the valid ones of the file") }
    let redactor = loaded.redactor
    return { text in redactor.redact(text) }
}
let server = AgentServer(archivePath: path, version: version, redact: redactor(redacting: redacting))
do {
    try await server.serveOverStdio()
} catch {
    complain("the MCP server stopped: \(error)")
    exit(2)
}
