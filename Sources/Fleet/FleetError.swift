/// Every failure of talking to a team server, each with what failed and why, worded for the
/// one line `scrollvault: …` on stderr. None carries a password.
public enum FleetError: Error, CustomStringConvertible, Sendable {
    case badURL(url: String, reason: String)
    case tls(reason: String)
    /// The server could not be reached or refused the login.
    case unreachable(server: String, reason: String)
    /// A query failed: what was being done, and the server's message.
    case server(server: String, doing: String, message: String)
    /// The server's schema was written by a newer ScrollVault.
    case newerSchema(server: String, found: Int, known: Int)
    case archive(String)
    /// `--session` named no session on the server (of the `--host` asked for).
    case sessionNotFound(String)

    /// Asking for what is not there is "nothing found" (status 1); everything else is an error.
    public var isNotFound: Bool {
        if case .sessionNotFound = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .badURL(let url, let reason): return "bad server URL \(url): \(reason)"
        case .tls(let reason): return "cannot set up TLS: \(reason)"
        case .unreachable(let server, let reason): return "cannot reach the team server \(server): \(reason)"
        case .server(let server, let doing, let message): return "the team server \(server) failed while \(doing): \(message)"
        case .newerSchema(let server, let found, let known):
            return "the team server \(server) has schema version \(found), newer than this scrollvault knows (\(known)): upgrade scrollvault on this machine"
        case .archive(let message): return message
        case .sessionNotFound(let what): return "no session matches \(what) on the team server"
        }
    }
}
