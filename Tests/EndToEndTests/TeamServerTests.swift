import Foundation
import Glibc
import Testing

/// Issue 27: archives ship to a team's PostgreSQL with `sync`, and `search --remote` searches
/// every host there with the local search's results. Against a real server (TestServer).
@Suite(.enabled(if: TestServer.shouldRun, TestServer.skipReason))
struct TeamServerTests {
    /// Lines that every search mode has something to find in, with accents, punctuation,
    /// regex material and filler so that sessions span several chunks and batches.
    static func text(_ tag: String, lines filler: Int) -> String {
        var out = [
            "\(tag) connection refused by upstream 10.0.0.7:5432",
            "Café au lait for \(tag)",
            "ERROR tok12345 took 1234ms in \(tag)",
            "wrote file.txt and foo-barn.log",
            "naïve résumé KELVIN 50% under_score back\\slash 'quoted'",
        ]
        for i in 0..<filler { out.append("\(tag) filler line \(i) value=\(i * 7 % 1000) took \(i % 97)ms") }
        out += ["\(tag) connection refused again", "the end of \(tag)"]
        return out.joined(separator: "\r\n") + "\r\n"
    }

    /// A shell's output with its integration's marks: two commands, one failed.
    static let shell = "\u{1B}]133;A\u{07}$ \u{1B}]133;B\u{07}\u{1B}]633;E;make test\u{07}make test\r\n\u{1B}]133;C\u{07}compiling\r\n"
        + "error: boom\r\n\u{1B}]133;D;2\u{07}\u{1B}]133;A\u{07}$ \u{1B}]133;B\u{07}\u{1B}]633;E;ls\u{07}ls\r\n\u{1B}]133;C\u{07}file\r\n"
        + "\u{1B}]133;D;0\u{07}\u{1B}]133;A\u{07}$ \r\n"

    /// Two archives (two hosts): "alpha" with sessions build, deploy and shell, "beta" with ops.
    struct Fleet {
        let sandbox: Sandbox
        let url: String
        let alpha: String
        let beta: String
    }

    static func fleet() throws -> Fleet {
        let sandbox = try Sandbox()
        let url = try TestServer.freshDatabase(sandbox)
        let alpha = sandbox.archivePath, beta = sandbox.path("beta.sqlite")
        try #require(try sandbox.importRaw(text("build", lines: 150), name: "build").status == 0)
        try #require(try sandbox.importRaw(text("deploy", lines: 40), name: "deploy").status == 0)
        try #require(try sandbox.importRaw(shell, name: "shell").status == 0)
        try #require(try sandbox.scrollvault(arguments: ["import", "--format", "raw", "--name", "ops", "--db", beta, "-"],
                                             input: .pipe(Data(text("ops", lines: 90).utf8))).status == 0)
        for (db, host) in [(alpha, "alpha"), (beta, "beta")] {
            let synced = try sandbox.scrollvault("sync", "--db", db, "--to", url, "--host", host, "--batch-lines", "64")
            try #require(synced.status == 0, "sync \(host): \(synced)")
        }
        return Fleet(sandbox: sandbox, url: url, alpha: alpha, beta: beta)
    }

    static let searches: [[String]] = [
        ["refused"], ["connection", "refused"], ["cafe"], ["CAFÉ", "lait"], ["file"], ["txt"], ["foo-bar"], ["tok1234"],
        ["--phrase", "connection refused by"], ["--phrase", "refused again"],
        ["--substring", "took 12"], ["--substring", "50% under_"], ["--substring", "back\\slash"], ["--substring", "-i", "kelvin"],
        ["--substring", "-i", "RÉSUMÉ"], ["--substring", "ue=1"],
        ["--regex", "tok[0-9]+5"], ["--regex", "took [0-9]{3,}ms"], ["--regex", "-i", "^(error|the end)"], ["--regex", "\\bvalue=99\\d\\b"],
        ["--regex", "(?i)kelvin|NAÏVE"], ["--regex", "^$"], ["-C2", "refused"], ["-A1", "--oldest-first", "--regex", "filler line 1[0-2]\\b"],
        ["--since", "2000-01-01", "upstream"], ["--session", "deploy", "refused"], ["nothing-matches-this"],
    ]

    @Test func twoHostsSyncAndRemoteSearchEqualsLocal() throws {
        let fleet = try Self.fleet()
        let sandbox = fleet.sandbox
        for (db, host) in [(fleet.alpha, "alpha"), (fleet.beta, "beta")] {
            for search in Self.searches {
                for format in [["--json"], []] {
                    let local = try sandbox.scrollvault(arguments: ["search", "--db", db, "--limit", "0"] + format + search)
                    let remote = try sandbox.scrollvault(arguments: ["search", "--remote", fleet.url, "--host", host, "--limit", "0"] + format + search)
                    #expect(remote.status == local.status, "\(host) \(search): local \(local) remote \(remote)")
                    let remoteOut = format.isEmpty
                        ? remote.out.replacingOccurrences(of: "@\(host):", with: ":").replacingOccurrences(of: "@\(host)-", with: "-")
                        : remote.out.replacingOccurrences(of: ",\"host\":\"\(host)\"", with: "")
                    #expect(remoteOut == local.out, "\(host) \(format) \(search)\n--- local:\n\(local.out.prefix(1500))\n--- remote:\n\(remote.out.prefix(1500))")
                }
                let localCount = try sandbox.scrollvault(arguments: ["search", "--db", db, "-c"] + search.filter { !$0.hasPrefix("-C") && !$0.hasPrefix("-A") })
                let remoteCount = try sandbox.scrollvault(arguments: ["search", "--remote", fleet.url, "--host", host, "-c"] + search.filter { !$0.hasPrefix("-C") && !$0.hasPrefix("-A") })
                #expect(remoteCount.out == localCount.out && remoteCount.status == localCount.status, "-c \(host) \(search): \(localCount.out) vs \(remoteCount.out)")
            }
        }
        // The listings: the same rows as the archive's own, the host being the name it syncs as.
        func sameHost(_ text: String) -> String {
            text.replacingOccurrences(of: #""host":"[^"]*""#, with: #""host":"H""#, options: .regularExpression)
        }
        for (listing, db, host) in [(["commands", "--json"], fleet.alpha, "alpha"), (["sessions", "--json"], fleet.alpha, "alpha"),
                                    (["commands", "--json", "--failed"], fleet.alpha, "alpha"), (["sessions", "--json"], fleet.beta, "beta")] {
            let local = try sandbox.scrollvault(arguments: listing + ["--db", db])
            let remote = try sandbox.scrollvault(arguments: listing + ["--remote", fleet.url, "--host", host])
            #expect(remote.status == 0 && sameHost(remote.out) == sameHost(local.out), "\(listing) \(host)\n\(local.out)\n\(remote.out)")
            #expect(!remote.out.isEmpty && (remote.out.contains("\"host\":\"\(host)\"")), "\(remote.out)")
        }
        let table = try sandbox.scrollvault("sessions", "--remote", fleet.url)
        #expect(table.lines.first?.hasPrefix("HOST") == true && table.lines.count == 5, "\(table.out)")
        // One search over the whole fleet finds both hosts' lines, each with its host.
        let both = try sandbox.scrollvault("search", "--remote", fleet.url, "--limit", "0", "connection", "refused")
        #expect(both.status == 0)
        for label in ["build@alpha:", "deploy@alpha:", "ops@beta:"] {
            #expect(both.out.contains(label), "\(label) in \(both.out)")
        }
        let json = try sandbox.scrollvault("search", "--remote", fleet.url, "--json", "--host", "beta", "upstream")
        #expect(json.out.contains("\"host\":\"beta\"") && json.out.contains("\"session_name\":\"ops\""), "\(json.out)")
        // A second sync has nothing to send, and stores nothing twice.
        let again = try sandbox.scrollvault("sync", "--to", fleet.url, "--host", "alpha")
        #expect(again.status == 0 && again.out.hasPrefix("synced 0 lines"), "\(again)")
        let counts = try TestServer.scalar(sandbox, fleet.url, "SELECT count(*) || ' ' || count(DISTINCT (host_id, session_id, line)) FROM lines")
        let local = try sandbox.sessions().reduce(0) { $0 + (($1["lines"] as? Int) ?? 0) }
        let beta = try sandbox.scrollvault("sessions", "--json", "--db", fleet.beta)
        let betaLines = try (JSONSerialization.jsonObject(with: beta.stdout) as? [[String: Any]] ?? []).reduce(0) { $0 + (($1["lines"] as? Int) ?? 0) }
        #expect(counts == "\(local + betaLines) \(local + betaLines)", "server rows \(counts), local \(local) + \(betaLines)")
    }

    @Test func syncKilledTenTimesMidBatchEndsWithEveryLineOnce() throws {
        let sandbox = try Sandbox()
        let url = try TestServer.freshDatabase(sandbox)
        try #require(try sandbox.importRaw(Self.text("big", lines: 4000), name: "big").status == 0)
        try #require(try sandbox.importRaw(Self.text("small", lines: 300), name: "small").status == 0)
        var generator = SystemRandomNumberGenerator()
        let null = open("/dev/null", O_RDWR)
        defer { close(null) }
        for _ in 0..<10 {
            let child = try ChildRunner.spawn([BuiltBinary.path, "sync", "--to", url, "--host", "killed", "--batch-lines", "50"],
                                              environment: sandbox.environment, stdin: null, stdout: null, stderr: null)
            usleep(UInt32.random(in: 20_000...400_000, using: &generator))
            kill(child.pid, SIGKILL)
            _ = child.wait(timeout: 20)
        }
        let finished = try sandbox.scrollvault("sync", "--to", url, "--host", "killed", timeout: 120)
        #expect(finished.status == 0, "\(finished)")
        let local = try sandbox.sessions().reduce(0) { $0 + (($1["lines"] as? Int) ?? 0) }
        let counts = try TestServer.scalar(sandbox, url, "SELECT count(*) || ' ' || count(DISTINCT (session_id, line)) || ' ' || coalesce(sum(line), 0) FROM lines")
        // Every line once: as many rows as distinct keys as local lines, and no gaps (sum of 1...n per session).
        let sessions = try sandbox.sessions().map { ($0["lines"] as? Int) ?? 0 }
        let sum = sessions.reduce(0) { $0 + $1 * ($1 + 1) / 2 }
        #expect(counts == "\(local) \(local) \(sum)", "server \(counts), local \(local) lines")
    }

    @Test func watchCatchesUpAfterTheServerRestarts() throws {
        let sandbox = try Sandbox()
        let cluster = try #require(TestServer.cluster, "scripts/pg-cluster.sh")
        let dir = "/tmp/scrollvault-watch-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { _ = try? sandbox.run([cluster, "destroy", dir], timeout: 60) }
        let started = try sandbox.run([cluster, "start", dir], timeout: 120)
        try #require(started.status == 0, "\(started)")
        let url = started.out.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(try sandbox.importRaw(Self.text("first", lines: 20), name: "first").status == 0)
        let log = sandbox.path("watch.err")
        let errFD = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let null = open("/dev/null", O_RDWR)
        let watch = try ChildRunner.spawn([BuiltBinary.path, "sync", "--watch", "--interval", "0.2", "--to", url, "--host", "w"],
                                          environment: sandbox.environment, stdin: null, stdout: null, stderr: errFD)
        close(errFD); close(null)
        defer { kill(watch.pid, SIGKILL); _ = watch.wait(timeout: 10) }
        #expect(try TestServer.await(sandbox, url, "SELECT count(*) FROM lines", equals: "27"))
        try #require(try sandbox.run([cluster, "stop", dir], timeout: 60).status == 0)
        try #require(try sandbox.importRaw(Self.text("second", lines: 30), name: "second").status == 0)
        // While the server is down, the watcher says so (once) and keeps going.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("cannot reach") { usleep(100_000) }
        #expect(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("cannot reach the team server"))
        #expect(kill(watch.pid, 0) == 0, "the watcher is still running")
        try #require(try sandbox.run([cluster, "start", dir], timeout: 120).status == 0)
        #expect(try TestServer.await(sandbox, url, "SELECT count(*) FROM lines", equals: "\(27 + 37)"))
    }

    @Test func newerServerSchemaIsRefused() throws {
        let sandbox = try Sandbox()
        let url = try TestServer.freshDatabase(sandbox)
        try #require(try sandbox.importRaw("a findable line\r\n", name: "one").status == 0)
        try #require(try sandbox.scrollvault("sync", "--to", url).status == 0)
        _ = try TestServer.scalar(sandbox, url, "INSERT INTO scrollvault_schema (version, name) VALUES (9999, 'from the future')")
        for arguments in [["sync", "--to", url], ["search", "--remote", url, "findable"]] {
            let refused = try sandbox.scrollvault(arguments: arguments)
            #expect(refused.status == 2, "\(arguments): \(refused)")
            #expect(refused.err.contains("schema version 9999, newer than this scrollvault"), "\(refused.err)")
        }
    }

    /// The password reaches the server and nothing else: not the archive, not a message.
    @Test func passwordIsNeverWrittenToTheArchive() throws {
        let sandbox = try Sandbox()
        let url = try TestServer.freshDatabase(sandbox)
        try #require(try sandbox.importRaw("one line\r\n", name: "one").status == 0)
        let withPassword = url.replacingOccurrences(of: "scrollvault@", with: "scrollvault:pw-s3cr3t-27@")
        let synced = try sandbox.scrollvault("sync", "--to", withPassword)
        #expect(synced.status == 0, "\(synced)")
        #expect(!synced.out.contains("pw-s3cr3t-27") && !synced.err.contains("pw-s3cr3t-27"))
        let archive = try Data(contentsOf: URL(fileURLWithPath: sandbox.archivePath))
        #expect(archive.range(of: Data("pw-s3cr3t-27".utf8)) == nil)
        let watermark = try sandbox.run(["/usr/bin/sqlite3", sandbox.archivePath, "SELECT server || ' ' || lines_through FROM sync_watermarks"])
        #expect(watermark.out.contains("scrollvault@127.0.0.1:") && watermark.out.hasSuffix(" 1\n"), "\(watermark.out)")
    }
}

/// Without a server: the failure is one clear line and status 2, and nothing waits long.
@Suite struct TeamServerUnreachableTests {
    @Test func syncToAServerThatIsNotThereFailsInOneLine() throws {
        let sandbox = try Sandbox()
        try #require(try sandbox.importRaw("one line\r\n", name: "one").status == 0)
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        for arguments in [["sync", "--to", "postgres://me@127.0.0.1:1/team"], ["search", "--remote", "postgres://me@127.0.0.1:1/team", "line"],
                          ["sync"]] {
            let result = try sandbox.scrollvault(arguments: arguments, environment: ["SCROLLVAULT_SYNC_URL": nil])
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.err.hasPrefix("scrollvault: ") && result.err.split(separator: "\n").count == 1, "\(arguments): \(result.err)")
        }
        let viaEnvironment = try sandbox.scrollvault("sync", environment: ["SCROLLVAULT_SYNC_URL": "postgres://me@127.0.0.1:1/team"])
        #expect(viaEnvironment.err.contains("cannot reach the team server postgres://me@127.0.0.1:1/team"), "\(viaEnvironment.err)")
        // Recording does not depend on the server in any way.
        #expect(try sandbox.scrollvault("search", "line").status == 0)
    }
}
