import Archive
import MCP

/// The tools' implementations, over one read-only connection to the archive. An actor: the
/// SDK runs requests concurrently, and an `Archive` is one SQLite connection used by one caller
/// at a time.
actor ArchiveTools {
    let path: String
    let redact: @Sendable (String) -> String
    private var opened: Archive?

    init(path: String, redact: @escaping @Sendable (String) -> String) {
        self.path = path
        self.redact = redact
    }

    /// Runs the named tool; a failure is an MCP error with a message saying what was wrong.
    func call(_ name: String, arguments: ToolArguments) throws -> CallTool.Result {
        let result: ToolResult
        do {
            switch name {
            case "search": result = try search(arguments)
            case "list_sessions": result = try listSessions(arguments)
            case "list_commands": result = try listCommands(arguments)
            case "get_command_output": result = try commandOutput(arguments)
            case "get_session_text": result = try sessionText(arguments)
            case "diff_command_output": result = try diffCommandOutput(arguments)
            default:
                throw ToolFailure.badArgument("no tool '\(name)': the tools are \(ToolCatalog.tools.map(\.name).joined(separator: ", "))")
            }
        } catch {
            throw ToolFailure.from(error)
        }
        return result.redacted(by: redact)
    }

    /// The archive, opened read-only on first use (and again if it was missing: the server may
    /// start before anything has been recorded).
    func archive() throws -> Archive {
        if let opened { return opened }
        let archive = try Archive(path: path, mode: .readOnly)
        opened = archive
        return archive
    }

    /// Whether there is an archive to read yet.
    func archiveExists() -> Bool {
        if opened != nil { return true }
        do {
            _ = try archive()
            return true
        } catch ArchiveError.missingArchive {
            return false
        } catch {
            return true  // another failure: let the tool report it
        }
    }

    /// A command named by id, or -N for the Nth last finished one, as the CLI's `show` takes it.
    func command(_ reference: Int, argument: String) throws -> CommandSummary {
        let db = try archive()
        let found = reference < 0 ? try db.recentFinishedCommand(back: -reference) : try db.command(id: Int64(reference))
        guard let found else {
            throw ToolFailure.badArgument("\(argument): no command \(reference) (list_commands lists them)")
        }
        return found
    }
}
