import Glibc
import TOMLKit

/// The user's redaction settings: `$XDG_CONFIG_HOME/scrollvault/config.toml` (else
/// `~/.config/scrollvault/config.toml`), whose `redact` key lists extra patterns:
///
/// ```toml
/// redact = ['internal-[0-9a-f]{32}', 'corp_pw=\S+']
/// ```
public enum RedactionConfiguration {
    public static func path(environment: [String: String]) -> String {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/scrollvault/config.toml"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "."
        return home + "/.config/scrollvault/config.toml"
    }

    /// What could be made of the file: the built-ins plus every pattern that compiled, and
    /// each problem found (a file that cannot be read or parsed leaves the built-ins only).
    /// `run` records with this and warns; commands that can simply stop refuse a problem.
    public static func load(path: String) -> (redactor: Redactor, problems: [RedactionError]) {
        let text: String
        switch read(path) {
        case .missing: return (.builtIn, [])
        case .failed(let reason): return (.builtIn, [RedactionError(file: path, reason: "cannot read it: \(reason)")])
        case .text(let read): text = read
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return (.builtIn, [RedactionError(file: path, line: error.source.begin.line,
                                              reason: "not valid TOML (column \(error.source.begin.column)): \(error.description)")])
        } catch {
            return (.builtIn, [RedactionError(file: path, reason: "not valid TOML: \(error)")])
        }
        guard let value = table["redact"] else { return (.builtIn, []) }
        guard let list = value.array else {
            return (.builtIn, [RedactionError(file: path, line: lineOf("redact", in: text),
                                              reason: "'redact' must be a list of regular expressions (strings)")])
        }
        var sources: [String] = []
        var problems: [RedactionError] = []
        for element in list {
            guard let source = element.string else {
                problems.append(RedactionError(file: path, line: lineOf("redact", in: text),
                                               reason: "'redact' holds \(element.type), not a string"))
                continue
            }
            do {
                _ = try Redactor(userPatterns: [source])
                sources.append(source)
            } catch {
                problems.append(RedactionError(file: path, line: lineOf(source, in: text), pattern: source, reason: error.reason))
            }
        }
        let redactor = (try? Redactor(userPatterns: sources)) ?? .builtIn
        return (redactor, problems)
    }

    private enum ReadResult { case missing, failed(String), text(String) }

    private static func read(_ path: String) -> ReadResult {
        guard let file = fopen(path, "r") else {
            return errno == ENOENT ? .missing : .failed(String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count { break }
        }
        if ferror(file) != 0 { return .failed(String(cString: strerror(errno))) }
        return .text(String(decoding: bytes, as: UTF8.self))
    }

    /// The 1-based line where `needle` is written (as is, or with its backslashes doubled as a
    /// TOML basic string has them): TOMLKit keeps no positions for values. Bytes are compared
    /// by hand: String's `contains(_:)` here would be Foundation's, which a release build does
    /// not link (it takes FoundationEssentials only).
    private static func lineOf(_ needle: String, in text: String) -> Int? {
        let plain = Array(needle.utf8)
        let escaped = plain.flatMap { $0 == UInt8(ascii: "\\") ? [$0, $0] : [$0] }
        for (index, line) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where holds(Array(line), plain) || holds(Array(line), escaped) {
            return index + 1
        }
        return nil
    }

    private static func holds(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
