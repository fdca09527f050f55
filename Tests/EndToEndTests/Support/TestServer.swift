import Foundation
import Glibc
import Testing

/// The throwaway PostgreSQL that `make test` starts (scripts/with-postgres.sh) for the
/// team-server tests: its URL, a fresh database per test, and psql to look inside.
enum TestServer {
    static let url = ProcessInfo.processInfo.environment["SCROLLVAULT_TEST_PG_URL"].flatMap { $0.isEmpty ? nil : $0 }
    /// scripts/pg-cluster.sh, for a test that stops and starts a server of its own.
    static let cluster = ProcessInfo.processInfo.environment["SCROLLVAULT_TEST_PG_CLUSTER"]
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
    /// Run the tests when there is a server; in CI also when there is none, so that they fail.
    static let shouldRun = url != nil || inCI
    static let skipReason: Comment = "no PostgreSQL test server (SCROLLVAULT_TEST_PG_URL): run `make test`, or scripts/with-postgres.sh swift test"

    /// The server's URL, or a failure (in CI, where a missing server is a broken setup).
    static func requireURL() throws -> String {
        try #require(url, "CI=true but no test server was started: see scripts/with-postgres.sh")
    }

    /// A new, empty database on the test server, so tests running at once never meet.
    static func freshDatabase(_ sandbox: Sandbox) throws -> String {
        let base = try requireURL()
        let name = "sv_\(UInt32.random(in: 0...UInt32.max))_\(getpid())"
        let created = try sandbox.run(["/usr/bin/psql", base, "-XAtqc", "CREATE DATABASE \(name)"])
        try #require(created.status == 0, "CREATE DATABASE: \(created)")
        return replacingDatabase(of: base, with: name)
    }

    static func replacingDatabase(of url: String, with name: String) -> String {
        guard let slash = url.range(of: "/", options: .backwards), slash.lowerBound > url.index(url.startIndex, offsetBy: 12) else { return url + "/" + name }
        return String(url[..<slash.lowerBound]) + "/" + name
    }

    /// One value from psql (unaligned, tuples only).
    static func scalar(_ sandbox: Sandbox, _ url: String, _ sql: String) throws -> String {
        let result = try sandbox.run(["/usr/bin/psql", url, "-XAtqc", sql])
        try #require(result.status == 0, "psql \(sql): \(result)")
        return result.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits (up to `seconds`) until `sql` answers `expected`: an event on the server, polled.
    static func await(_ sandbox: Sandbox, _ url: String, _ sql: String, equals expected: String, seconds: Double = 30) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let result = try sandbox.run(["/usr/bin/psql", url, "-XAtqc", sql])
            if result.status == 0 && result.out.trimmingCharacters(in: .whitespacesAndNewlines) == expected { return true }
            usleep(100_000)
        }
        return false
    }
}
