import Glibc
import PostgresNIO

/// Where the team server is and how to log in, from a libpq-style URL
/// (`postgres://USER[:PASSWORD]@HOST[:PORT]/DB?sslmode=require`) and the environment libpq
/// users already have: PGUSER, PGHOST, PGPORT, PGDATABASE, PGPASSWORD, PGPASSFILE and
/// ~/.pgpass. The password lives in this value only: `display` and `key`, which may be shown
/// or stored, leave it out.
public struct ServerAddress: Sendable, Equatable {
    public enum SSLMode: String, Sendable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var password: String?
    public var sslMode: SSLMode
    /// Seconds to wait for the server to answer at all.
    public var connectTimeout: Int64 = 5

    /// `user@host:port/database`: names the server in messages and in the archive's watermarks.
    public var key: String { "\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)" }
    public var display: String { "postgres://\(key)" }

    public init(url: String, environment: [String: String]) throws(FleetError) {
        var rest = Substring(url)
        guard let schemeEnd = rest.range(of: "://"), ["postgres", "postgresql"].contains(rest[..<schemeEnd.lowerBound]) else {
            throw .badURL(url: Self.redacted(url), reason: "it must start with postgres:// or postgresql://")
        }
        rest = rest[schemeEnd.upperBound...]
        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") { query = rest[rest.index(after: q)...]; rest = rest[..<q] }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") { path = rest[rest.index(after: slash)...]; rest = rest[..<slash] }
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") { userInfo = rest[..<at]; rest = rest[rest.index(after: at)...] }
        var hostPart = rest, portPart: Substring?
        if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portPart = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        func decoded(_ s: Substring) throws(FleetError) -> String {
            guard let d = Self.percentDecoded(s) else { throw .badURL(url: Self.redacted(url), reason: "bad %-escape in '\(s)'") }
            return d
        }
        var user: String?, password: String?
        if let userInfo {
            if let colon = userInfo.firstIndex(of: ":") {
                user = try decoded(userInfo[..<colon])
                password = try decoded(userInfo[userInfo.index(after: colon)...])
            } else {
                user = try decoded(userInfo)
            }
        }
        var sslMode = SSLMode.prefer
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            let name = String(kv[0]), value = kv.count > 1 ? try decoded(kv[1]) : ""
            switch name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw .badURL(url: Self.redacted(url), reason: "sslmode must be disable, allow, prefer, require, verify-ca or verify-full, not '\(value)'")
                }
                sslMode = mode
            case "user": user = value
            case "password": password = value
            case "dbname": path = Substring(value)
            case "host": hostPart = Substring(value)
            case "port": portPart = Substring(value)
            case "connect_timeout": connectTimeout = Int64(value) ?? connectTimeout
            default: break  // application_name and the like: nothing to do here
            }
        }
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        self.host = nonEmpty(try decoded(hostPart)) ?? nonEmpty(environment["PGHOST"]) ?? "localhost"
        let portText = portPart.map(String.init).flatMap(nonEmpty) ?? nonEmpty(environment["PGPORT"]) ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .badURL(url: Self.redacted(url), reason: "the port must be a number from 1 to 65535, not '\(portText)'")
        }
        self.port = port
        self.user = nonEmpty(user) ?? nonEmpty(environment["PGUSER"]) ?? Self.loginName() ?? "postgres"
        self.database = nonEmpty(try decoded(path)) ?? nonEmpty(environment["PGDATABASE"]) ?? self.user
        self.sslMode = sslMode
        self.password = password ?? environment["PGPASSWORD"]
            ?? PassFile.password(path: Self.passFilePath(environment), host: self.host, port: port, database: self.database, user: self.user)
    }

    static func passFilePath(_ environment: [String: String]) -> String? {
        if let path = environment["PGPASSFILE"], !path.isEmpty { return path }
        guard let home = environment["HOME"] ?? Self.homeDirectory() else { return nil }
        return home + "/.pgpass"
    }

    /// The URL with any password replaced, for messages.
    static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://"), let at = url[schemeEnd.upperBound...].firstIndex(of: "@") else { return url }
        let info = url[schemeEnd.upperBound..<at]
        guard let colon = info.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    static func percentDecoded(_ s: Substring) -> String? {
        var bytes: [UInt8] = []
        var utf8 = s.utf8.makeIterator()
        while let b = utf8.next() {
            if b == UInt8(ascii: "%") {
                guard let h = utf8.next(), let l = utf8.next(), let v = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(v)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func loginName() -> String? {
        guard let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name else { return nil }
        return String(cString: name)
    }

    private static func homeDirectory() -> String? {
        guard let pw = getpwuid(geteuid()), let dir = pw.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }

    /// postgres-nio's TLS setting for `sslMode`, as libpq reads it: require encrypts without
    /// checking the certificate; verify-ca checks it against the system's roots; verify-full
    /// checks the host name too.
    func tls() throws(FleetError) -> PostgresConnection.Configuration.TLS {
        var config = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable: return .disable
        case .allow, .prefer, .require: config.certificateVerification = .none
        case .verifyCA: config.certificateVerification = .noHostnameVerification
        case .verifyFull: config.certificateVerification = .fullVerification
        }
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: config) } catch {
            throw .tls(reason: "\(error)")
        }
        return sslMode == .allow || sslMode == .prefer ? .prefer(context) : .require(context)
    }
}

/// ~/.pgpass as libpq reads it: `host:port:database:user:password` lines, `*` matching
/// anything, `\:` and `\\` escaped, the first matching line winning; ignored when others may
/// read it (libpq says so, and so does `sync`: a warning is the caller's to print).
enum PassFile {
    static func password(path: String?, host: String, port: Int, database: String, user: String) -> String? {
        guard let path, let text = read(path) else { return nil }
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            let fields = split(line)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 || ($1 == "localhost" && $0 == "127.0.0.1") }) {
                return fields[4]
            }
        }
        return nil
    }

    /// A line's fields, split on unescaped colons.
    static func split(_ line: Substring) -> [String] {
        var fields: [String] = [], current = ""
        var escaped = false
        for c in line {
            if escaped { current.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == ":" { fields.append(current); current = "" } else { current.append(c) }
        }
        fields.append(current)
        return fields
    }

    private static func read(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        guard info.st_mode & 0o077 == 0 else { return nil }
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
