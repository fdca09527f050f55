import PostgresNIO

/// One migration of the team server's schema (Migrations/postgres/NNNN_name.sql).
struct ServerMigration: Sendable {
    let version: Int
    let name: String
    let sql: String

    /// The file's statements, one at a time (the client speaks the extended protocol, which
    /// takes one statement a query). Statements end with `;` at a line's end; the files hold
    /// no function bodies, so no `;` elsewhere ends one.
    var statements: [String] {
        let code = sql.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            guard let comment = line.range(of: "--") else { return line }
            return line[..<comment.lowerBound]
        }.joined(separator: "\n")
        return code.split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

/// Creates and upgrades the server's schema, keeping a ledger (`scrollvault_schema`) as the
/// archive keeps its own: one row per applied migration. Two machines syncing for the first
/// time at once are serialised by an advisory lock. A server whose ledger holds a version this
/// binary does not know was upgraded by a newer ScrollVault: it is refused, not written to.
enum ServerSchema {
    static var known: Int { ServerMigrations.all.last?.version ?? 0 }
    /// An arbitrary constant naming the lock (pg_advisory_xact_lock takes a bigint).
    static let lockKey: Int64 = 0x5343_524F_4C4C_5631

    /// Brings the schema up to date (sync: it writes, so it may create).
    static func migrate(_ server: ServerConnection) throws(FleetError) {
        try server.transaction(doing: "upgrading its schema") { () throws(FleetError) in
            try server.run("SELECT pg_advisory_xact_lock(\(lockKey))", doing: "locking its schema")
            try server.run("""
                CREATE TABLE IF NOT EXISTS scrollvault_schema (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, doing: "creating its schema ledger")
            let applied = try appliedVersion(server)
            if applied > known { throw .newerSchema(server: server.address.display, found: applied, known: known) }
            for migration in ServerMigrations.all where migration.version > applied {
                let doing = "applying schema migration \(migration.version) (\(migration.name))"
                for statement in migration.statements {
                    try server.run(PostgresQuery(unsafeSQL: statement), doing: doing)
                }
                try server.run("INSERT INTO scrollvault_schema (version, name) VALUES (\(migration.version), \(migration.name))", doing: doing)
            }
        }
    }

    /// Checks that the server can be read by this binary (search, listings: no writing).
    /// False when ScrollVault never synced to it.
    static func checkReadable(_ server: ServerConnection) throws(FleetError) -> Bool {
        let exists = try server.decode(
            try server.rows("SELECT to_regclass('scrollvault_schema') IS NOT NULL", doing: "reading its schema"),
            as: Bool.self, doing: "reading its schema")
        guard exists.first == true else { return false }
        let applied = try appliedVersion(server)
        if applied > known { throw .newerSchema(server: server.address.display, found: applied, known: known) }
        return applied > 0
    }

    private static func appliedVersion(_ server: ServerConnection) throws(FleetError) -> Int {
        let rows = try server.rows("SELECT coalesce(max(version), 0)::bigint FROM scrollvault_schema", doing: "reading its schema ledger")
        let versions: [Int64] = try server.decode(rows, as: Int64.self, doing: "reading its schema ledger")
        return Int(versions.first ?? 0)
    }
}
