import Archive
import MCP

/// How tool failures reach the client: as MCP errors whose message says what was wrong, so an
/// agent can correct its call (a bad argument, an unknown session, a regex that does not compile).
enum ToolFailure {
    static func badArgument(_ message: String) -> MCPError { .invalidParams(message) }

    /// An archive failure: the caller's fault (an unknown session, a bad query) or the archive's.
    static func from(_ error: Error) -> Error {
        guard let archiveError = error as? ArchiveError else { return error }
        switch archiveError {
        case .sessionNotFound("(no sessions recorded yet)"):
            return MCPError.invalidParams("no sessions recorded yet")
        case .sessionNotFound(let what):
            return MCPError.invalidParams("no session matches '\(what)': list_sessions lists them by id and name")
        case .missingArchive:
            return MCPError.invalidParams(archiveError.description)
        case .ambiguousSession, .badQuery:
            return MCPError.invalidParams(archiveError.description)
        default:
            return MCPError.internalError(archiveError.description)
        }
    }
}
