import Glibc
import Logging
import PostgresNIO

/// One connection to the team server, used synchronously: every call waits for its answer.
/// Server failures come back as `FleetError`s that say what was being done.
public final class ServerConnection {
    public let address: ServerAddress
    private let connection: PostgresConnection
    /// postgres-nio logs through swift-log; nothing of it belongs on a user's terminal.
    private static let logger = Logger(label: "scrollvault.fleet", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(address: ServerAddress, connection: PostgresConnection) {
        self.address = address
        self.connection = connection
    }

    /// Connects and logs in, or fails with `.unreachable` within the address's connect timeout.
    public static func connect(_ address: ServerAddress) throws(FleetError) -> ServerConnection {
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: try address.tls())
        configuration.options.connectTimeout = .seconds(address.connectTimeout)
        let logger = Self.logger, settings = configuration
        do {
            let connection = try blocking {
                try await PostgresConnection.connect(configuration: settings, id: 1, logger: logger)
            }
            return ServerConnection(address: address, connection: connection)
        } catch {
            throw .unreachable(server: address.display, reason: Self.reason(error))
        }
    }

    public func close() {
        let connection = self.connection
        _ = try? blocking { try await connection.close() }
    }

    deinit { close() }

    /// Runs `query` and returns all of its rows.
    func rows(_ query: PostgresQuery, doing: String) throws(FleetError) -> [PostgresRow] {
        let connection = self.connection, logger = Self.logger
        do {
            return try blocking {
                var rows: [PostgresRow] = []
                for try await row in try await connection.query(query, logger: logger) { rows.append(row) }
                return rows
            }
        } catch {
            throw failure(error, doing: doing)
        }
    }

    func run(_ query: PostgresQuery, doing: String) throws(FleetError) {
        _ = try rows(query, doing: doing)
    }

    /// Decodes every row as `types`, or says which query's answer was not as expected.
    func decode<each T: PostgresDecodable>(_ rows: [PostgresRow], as types: (repeat each T).Type, doing: String) throws(FleetError) -> [(repeat each T)] {
        do {
            return try rows.map { try $0.decode((repeat each T).self) }
        } catch {
            throw FleetError.server(server: address.display, doing: doing, message: "unexpected answer: \(Self.reason(error))")
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<R>(doing: String, _ body: () throws(FleetError) -> R) throws(FleetError) -> R {
        try run("BEGIN", doing: doing)
        do {
            let result = try body()
            try run("COMMIT", doing: doing)
            return result
        } catch {
            try? run("ROLLBACK", doing: doing)
            throw error
        }
    }

    private func failure(_ error: any Error, doing: String) -> FleetError {
        if let psql = error as? PSQLError, psql.serverInfo == nil, psql.code != .server {
            return .unreachable(server: address.display, reason: Self.reason(error))
        }
        return .server(server: address.display, doing: doing, message: Self.reason(error))
    }

    /// The short reason of a client error: the server's own message, or what failed on the way.
    static func reason(_ error: any Error) -> String {
        if let connecting = error as? NIOConnectionError {
            if connecting.dnsAError != nil || connecting.dnsAAAAError != nil, connecting.connectionErrors.isEmpty {
                return "cannot resolve the host name \(connecting.host)"
            }
            if let io = connecting.connectionErrors.first?.error as? IOError {
                return String(cString: strerror(io.errnoCode)).lowercased()
            }
        }
        if error is ChannelError, case .connectTimeout = error as! ChannelError { return "no answer (timed out)" }
        guard let psql = error as? PSQLError else { return "\(error)" }
        if let info = psql.serverInfo, let message = info[.message] {
            return message + (info[.detail].map { " (\($0))" } ?? "")
        }
        if let underlying = psql.underlying { return Self.reason(underlying) }
        switch psql.code {
        case .serverClosedConnection, .clientClosedConnection: return "the connection was closed"
        case .sslUnsupported: return "the server does not offer TLS (sslmode asks for it)"
        case .unsupportedAuthMechanism: return "the server asks for a login method this client does not support"
        case .authMechanismRequiresPassword: return "the server wants a password: set PGPASSWORD or add it to ~/.pgpass"
        default: return "\(psql.code)"
        }
    }
}
