import Archive

/// Replaces secrets in terminal text with `[REDACTED:kind]`: the built-in patterns
/// (`BuiltInPatterns`) and the user's (`RedactionConfiguration`). Built once, compiled and
/// JIT-compiled then; shared freely between threads. Each thread that redacts a stream of
/// lines makes its own `LineRedactor`.
public struct Redactor: Sendable {
    let patterns: CompiledPatterns

    /// The built-in patterns only.
    public static let builtIn = Redactor(patterns: CompiledPatterns(custom: []))

    /// The built-in patterns plus `userPatterns` (PCRE2 syntax). Throws on the first pattern
    /// that does not compile.
    public init(userPatterns: [String]) throws(RedactionError) {
        var compiled: [PCRE2Pattern] = []
        for source in userPatterns {
            do {
                compiled.append(try PCRE2Pattern(source, caseless: false))
            } catch {
                throw RedactionError(pattern: source, reason: Self.reason(error))
            }
        }
        patterns = CompiledPatterns(custom: compiled)
    }

    private init(patterns: CompiledPatterns) { self.patterns = patterns }

    /// The user's patterns, as written.
    public var userPatterns: [String] { patterns.custom.map(\.source) }

    public func makeLineRedactor() -> LineRedactor { LineRedactor(patterns) }

    /// `text` with its secrets replaced; its lines (split at each "\n" byte, so "\r\n" too)
    /// are one stream, so a private key block spanning them is redacted whole. Text without
    /// a trigger for any pattern comes back as it was, unallocated.
    public func redact(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes -> String in
            var lines: LineRedactor?
            var result: [UInt8] = []
            var copied = 0
            var changed = false
            var lineStart = 0
            while lineStart <= bytes.count {
                let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
                let redactor = lines ?? makeLineRedactor()
                lines = redactor
                if let redacted = redactor.redact(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])) {
                    result.append(contentsOf: bytes[copied..<lineStart])
                    result.append(contentsOf: redacted.text)
                    copied = lineEnd
                    changed = true
                }
                lineStart = lineEnd + 1
            }
            guard changed else { return text }
            result.append(contentsOf: bytes[copied...])
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// The default redactor: the built-ins plus the configuration file's patterns
    /// (`RedactionConfiguration.path(environment:)`). A missing file means built-ins only;
    /// a file that cannot be read or parsed, or a bad pattern, is an error naming the file,
    /// the line and the pattern.
    public static func load(environment: [String: String]) throws(RedactionError) -> Redactor {
        try load(configurationPath: RedactionConfiguration.path(environment: environment))
    }

    public static func load(configurationPath path: String) throws(RedactionError) -> Redactor {
        let loaded = RedactionConfiguration.load(path: path)
        if let problem = loaded.problems.first { throw problem }
        return loaded.redactor
    }

    static func reason(_ error: ArchiveError) -> String {
        if case .badQuery(_, let reason) = error { return reason }
        return "\(error)"
    }
}

/// The compiled patterns a `Redactor` shares with its line redactors.
final class CompiledPatterns: Sendable {
    let builtIn: [(kind: RedactionKind, trigger: Triggers.Kind, pattern: PCRE2Pattern)]
    let keyBegin: PCRE2Pattern
    let keyEnd: PCRE2Pattern
    let custom: [PCRE2Pattern]

    init(custom: [PCRE2Pattern]) {
        // The built-in sources are constants, tested; failing to compile them is a bug.
        builtIn = BuiltInPatterns.all.map { try! ($0.kind, $0.trigger, PCRE2Pattern($0.source, caseless: false)) }
        keyBegin = try! PCRE2Pattern(BuiltInPatterns.keyBegin, caseless: false)
        keyEnd = try! PCRE2Pattern(BuiltInPatterns.keyEnd, caseless: false)
        self.custom = custom
    }
}

/// A configuration that cannot be used, or a pattern that does not compile: what, where, why.
public struct RedactionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var pattern: String?
    public var reason: String

    public init(file: String? = nil, line: Int? = nil, pattern: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.pattern = pattern
        self.reason = reason
    }

    public var description: String {
        var place = file ?? ""
        if let line { place += place.isEmpty ? "line \(line)" : ":\(line)" }
        let what = pattern.map { "redact pattern '\($0)': " } ?? ""
        return (place.isEmpty ? "" : place + ": ") + what + reason
    }
}
