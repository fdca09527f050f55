import Archive
#if FLEET
import Fleet
#endif
import FoundationEssentials
import TimeText

/// `sessions --remote` and `commands --remote`: the team server's rows, printed as the local
/// listings print theirs, with each row's host.
extension Sessions {
#if FLEET
    func runRemote() throws {
        let server = try RemoteOptions.connect(try RemoteOptions.address(remote, flag: "--remote"))
        defer { server.close() }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let listed: [(session: SessionSummary, commands: Int)]
        do {
            listed = try RemoteListing.sessions(on: server, host: host, since: since.flatMap { parseTime($0) },
                                                until: until.flatMap { parseTime($0) }, now: now)
        } catch {
            throw CLIError("\(error)")
        }
        let out = StandardOutput()
        if json {
            out.write("[" + listed.map { jsonObject($0.session, commands: $0.commands) }.joined(separator: ",\n ") + "]\n")
            out.flush()
            return
        }
        if listed.isEmpty {
            warn("no sessions on \(server.address.display)\(host.map { " from \($0)" } ?? "")")
            return
        }
        // Ids repeat across hosts: each row's command count comes with it.
        writeTable(listed.map(\.session), commandCounts: [:], now: now, withHost: true, commands: listed.map(\.commands), to: out)
    }
#else
    func runRemote() throws { try FleetHandoff.exec() }
#endif
}

extension Commands {
#if FLEET
    func runRemote() throws {
        let server = try RemoteOptions.connect(try RemoteOptions.address(remote, flag: "--remote"))
        defer { server.close() }
        var q = RemoteListing.CommandQuery()
        q.host = host
        q.session = session
        q.failedOnly = failed
        q.since = since.flatMap { parseTime($0) }
        q.until = until.flatMap { parseTime($0) }
        q.workingDirectory = cwd.map(Self.absolute)
        q.limit = limit
        let commands: [CommandSummary]
        do { commands = try RemoteListing.commands(on: server, q) } catch { throw CLIError("\(error)") }
        let out = StandardOutput()
        if json {
            for command in commands { out.write(Self.jsonObject(command) + "\n") }
            out.flush()
            return
        }
        writeTable(commands, withHost: true, to: out)
    }
#else
    func runRemote() throws { try FleetHandoff.exec() }
#endif
}
