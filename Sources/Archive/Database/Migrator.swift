/// One schema step: `Migrations/vNNNN_name.sql`, compiled in by scripts/embed-migrations.py.
struct Migration: Sendable, Equatable {
    let version: Int
    let name: String
    let sql: String
}

/// Brings a database up to the newest schema this binary knows.
///
/// The ledger `schema_migrations` records each applied version. Each migration runs together
/// with its ledger row in one `BEGIN IMMEDIATE` transaction, so a crash leaves either both or
/// neither, and two processes starting at once cannot apply the same step twice (the second
/// waits for the lock, then re-reads the ledger). A ledger that names a version this binary does
/// not know means a newer ScrollVault wrote the file: it is refused, never "downgraded".
struct Migrator {
    let migrations: [Migration]

    init(_ migrations: [Migration] = EmbeddedMigrations.all) {
        self.migrations = migrations
    }

    var newestVersion: Int { migrations.last?.version ?? 0 }

    static let ledgerSQL = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at INTEGER NOT NULL DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
        )
        """

    /// The highest version recorded in the ledger (0 for a fresh or pre-ledger file).
    func appliedVersion(_ db: Database) throws(ArchiveError) -> Int {
        let hasLedger = try db.scalarInt64(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'") ?? 0
        guard hasLedger > 0 else { return 0 }
        return Int(try db.scalarInt64("SELECT max(version) FROM schema_migrations") ?? 0)
    }

    /// Throws `.newerSchema` when the file is ahead of this binary.
    func checkNotNewer(_ db: Database) throws(ArchiveError) {
        let applied = try appliedVersion(db)
        if applied > newestVersion {
            throw .newerSchema(path: db.path, found: applied, known: newestVersion)
        }
    }

    /// True when at least one migration still has to run.
    func needsMigration(_ db: Database) throws(ArchiveError) -> Bool {
        try appliedVersion(db) < newestVersion
    }

    /// Applies every missing migration in order, each in its own IMMEDIATE transaction.
    func migrate(_ db: Database, upTo target: Int? = nil) throws(ArchiveError) {
        let target = target ?? newestVersion
        try db.execute(Self.ledgerSQL)
        for migration in migrations where migration.version <= target {
            try db.transaction(.immediate) { () throws(ArchiveError) in
                // Re-read inside the lock: another process may have migrated meanwhile.
                let applied = try appliedVersion(db)
                if applied > newestVersion {
                    throw .newerSchema(path: db.path, found: applied, known: newestVersion)
                }
                guard migration.version > applied else { return }
                try db.execute(migration.sql)
                let record = try db.cached("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")
                record.bind(migration.version, at: 1)
                record.bind(migration.name, at: 2)
                try record.run()
            }
        }
    }
}
