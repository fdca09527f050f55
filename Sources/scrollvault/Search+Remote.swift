import Archive
import ArgumentParser
#if FLEET
import Fleet
#endif
import Glibc
import TimeText

/// `search --remote`: the team server instead of this archive, printed as a local search is.
extension Search {
    func validateRemote() throws {
        if remote == nil && host != nil { throw ValidationError("--host needs --remote: this archive holds only this machine's sessions") }
        guard remote != nil else { return }
        if fts { throw ValidationError("--fts is local only (FTS5 syntax needs SQLite): use words, --phrase, --substring or --regex with --remote") }
        if command != nil || failed || cwd != nil { throw ValidationError("--command, --failed and --cwd are local only, not with --remote") }
    }

#if FLEET
    func runRemote() throws {
        let server = try RemoteOptions.connect(try RemoteOptions.address(remote, flag: "--remote"))
        defer { server.close() }
        var q = SearchQuery(text: query.joined(separator: " "))
        q.mode = regex ? .regex : substring ? .substring : phrase ? .phrase : .words
        q.since = since.flatMap { parseTime($0) }
        q.until = until.flatMap { parseTime($0) }
        q.before = count ? 0 : before ?? context ?? 0
        q.after = count ? 0 : after ?? context ?? 0
        q.newestFirst = !oldestFirst
        q.ignoreCase = ignoreCase
        let limit = self.limit ?? 100
        q.limit = count ? 0 : limit == 0 ? Int.max : limit
        let results: (hits: [SearchHit], total: Int)
        do {
            results = try RemoteSearch(query: q, host: host, session: session).run(on: server, countAll: count)
        } catch {
            throw CLIError("\(error)", code: error.isNotFound ? ExitStatus.nothingFound : ExitStatus.error)
        }
        if count {
            let total = self.limit.flatMap { $0 > 0 ? min($0, results.total) : nil } ?? results.total
            let out = StandardOutput()
            out.write(json ? "{\"count\":\(total)}\n" : "\(total)\n")
            out.flush()
            if total == 0 { throw ExitCode(1) }
            return
        }
        var printer = SearchPrinter(json: json, color: OutputStyle.useColor(), timestamps: timestamps)
        if json {
            do { printer.commands = try CommandOwners(ofRemote: results.hits, on: server) } catch { throw CLIError("\(error)") }
        }
        printer.print(results.hits, context: q.before > 0 || q.after > 0)
        if results.hits.isEmpty { throw ExitCode(1) }
    }
#else
    func runRemote() throws { try FleetHandoff.exec() }
#endif
}
