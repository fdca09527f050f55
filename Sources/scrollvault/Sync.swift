import Archive
import ArgumentParser
#if FLEET
import Fleet
#endif
import FoundationEssentials
import Glibc

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Ship this archive's sessions to a team's PostgreSQL server.",
        discussion: """
            Sends every session's metadata, commands and stored lines that the server does not \
            have yet, in batches of one transaction each: an interrupted sync loses nothing and \
            stores nothing twice, and the next one goes on where it stopped. Lines still on a \
            recording session's screen follow once they scroll off (or the session ends). The \
            server's schema is created and upgraded by sync itself; a server upgraded by a newer \
            scrollvault is refused. Recording never waits for sync, and the archive stays the \
            source of truth: search works without the server.

            The server is --to URL, else $SCROLLVAULT_SYNC_URL: \
            postgres://USER@HOST[:PORT]/DATABASE, with ?sslmode=require (or verify-ca, \
            verify-full) for TLS. The password comes from $PGPASSWORD or ~/.pgpass, as for psql; \
            one in the URL works too, and none is ever written to the archive. This archive \
            appears on the server as --host NAME (default: this machine's host name).

            Lines are shipped as the archive stores them: whatever is redacted when recording \
            is redacted on the server too.

            Examples:
              scrollvault sync --to postgres://me@db.internal/scrollvault
              SCROLLVAULT_SYNC_URL=postgres://me@db/sv scrollvault sync --watch &
              scrollvault search --remote connection refused

            Exit status: 0 synced (also when there was nothing new); 1 no archive yet; 2 error \
            (the server cannot be reached or refused the login, a server with a newer schema, \
            bad usage).
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Option(help: ArgumentHelp("The server: postgres://USER@HOST[:PORT]/DATABASE[?sslmode=require]. Default: $SCROLLVAULT_SYNC_URL.", valueName: "url"))
    var to: String?
    @Option(help: ArgumentHelp("The name this archive's sessions have on the server (default: this machine's host name).", valueName: "name"))
    var host: String?
    @Flag(help: "Keep shipping as sessions record, every --interval seconds, until interrupted; an unreachable server is retried.")
    var watch = false
    @Option(help: ArgumentHelp("Seconds between two looks at the archive with --watch (default: 2).", valueName: "seconds"))
    var interval: Double = 2
    @Option(help: .hidden) var batchLines: Int = 5_000
    @Flag(name: [.short, .long], help: "No progress bar and no summary.") var quiet = false

    func validate() throws {
        guard interval > 0 && interval <= 3600 else { throw ValidationError("--interval must be more than 0 and at most 3600 seconds") }
        guard batchLines > 0 else { throw ValidationError("--batch-lines must be at least 1") }
        if let host, host.isEmpty { throw ValidationError("--host must not be empty") }
    }

#if FLEET
    func run() throws {
        let address = try RemoteOptions.address(to, flag: "--to")
        guard FileManager.default.fileExists(atPath: archive.path) else {
            throw CLIError("nothing to sync: no archive at \(archive.path) yet", code: ExitStatus.nothingFound)
        }
        let db = try archive.openExistingForWriting()
        let name = host ?? RemoteOptions.machineName()
        if !watch {
            switch pass(db, address, name) {
            case .success(let report): if !quiet { summarize(report, address) }
            case .failure(let error): throw CLIError("\(error)")
            }
            return
        }
        var lastFailure: String?
        while true {
            switch pass(db, address, name) {
            case .success(let report):
                if lastFailure != nil { warn("the team server answers again: syncing") }
                lastFailure = nil
                if !quiet && report.lines > 0 { summarize(report, address) }
            case .failure(let error):
                // Said once, not every few seconds while the server stays down.
                if "\(error)" != lastFailure { warn("\(error) (retrying every \(Self.seconds(interval)) s)") }
                lastFailure = "\(error)"
            }
            usleep(useconds_t(interval * 1_000_000))
        }
    }

    /// One connection, one pass: connecting anew each pass is what makes a restarted server fine.
    private func pass(_ db: Archive, _ address: ServerAddress, _ name: String) -> Result<Shipper.Report, FleetError> {
        Result { () throws(FleetError) -> Shipper.Report in
            let server = try ServerConnection.connect(address)
            defer { server.close() }
            let shipper = try Shipper(archive: db, server: server, hostName: name, batchLines: batchLines)
            // Only when there is something to ship: a --watch poll with nothing new draws nothing.
            var bar: ProgressBar?
            defer { bar?.finish() }
            return try shipper.ship { done, total in
                if bar == nil && total > 0 { bar = ProgressBar(label: "sync", total: total, unit: .lines, quiet: quiet) }
                bar?.update(done, of: total)
            }
        }
    }

    private func summarize(_ report: Shipper.Report, _ address: ServerAddress) {
        print("synced \(report.lines) \(report.lines == 1 ? "line" : "lines") of \(report.sessions) \(report.sessions == 1 ? "session" : "sessions") (\(report.commands) \(report.commands == 1 ? "command" : "commands")) to \(address.display)")
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
#else
    func run() throws { try FleetHandoff.exec() }
#endif
}

/// The server of `--remote [URL]` and `sync --to URL`: the URL given, else $SCROLLVAULT_SYNC_URL.
enum RemoteOptions {
#if FLEET
    static func address(_ given: String?, flag: String) throws -> ServerAddress {
        let environment = ProcessInfo.processInfo.environment
        let url = given.flatMap { $0.isEmpty || $0 == configured ? nil : $0 } ?? environment["SCROLLVAULT_SYNC_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let url else {
            throw CLIError("no team server: give \(flag) postgres://USER@HOST/DATABASE, or set SCROLLVAULT_SYNC_URL")
        }
        do {
            return try ServerAddress(url: url, environment: environment)
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// Connects, or fails with the one-line reason.
    static func connect(_ address: ServerAddress) throws -> ServerConnection {
        do { return try ServerConnection.connect(address) } catch { throw CLIError("\(error)") }
    }

    static func machineName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

#endif

    /// What a bare `--remote` stands for: the server configured in the environment.
    static let configured = "$SCROLLVAULT_SYNC_URL"

    /// `--remote` may stand alone (the server is then $SCROLLVAULT_SYNC_URL): argument-parser
    /// options always take a value, so a bare `--remote` gets `configured` before parsing.
    static func normalize(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var rest = false
        for (i, argument) in arguments.enumerated() {
            if argument == "--" { rest = true }
            if !rest && argument == "--remote" {
                let next: String? = i + 1 < arguments.count ? arguments[i + 1] : nil
                if let next, next.hasPrefix("postgres://") || next.hasPrefix("postgresql://") { out.append(argument); continue }
                out.append("--remote=" + configured)
                continue
            }
            out.append(argument)
        }
        return out
    }
}
