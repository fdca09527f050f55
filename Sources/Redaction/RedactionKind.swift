/// What a redacted stretch held: the word in its `[REDACTED:kind]` marker and in the counts
/// `scrollvault redact` prints.
public enum RedactionKind: String, CaseIterable, Sendable, Comparable {
    case privateKey = "private-key"
    case awsAccessKey = "aws-access-key"
    case githubToken = "github-token"
    case gitlabToken = "gitlab-token"
    case slackToken = "slack-token"
    case jwt
    case authorization
    case urlPassword = "url-password"
    /// A user's pattern from the configuration file.
    case custom

    /// What replaces the secret in the archive.
    public var marker: String { "[REDACTED:\(rawValue)]" }

    public static func < (a: RedactionKind, b: RedactionKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How many stretches of each kind were redacted, and in how many lines.
public struct RedactionCounts: Sendable, Equatable {
    public private(set) var lines = 0
    public private(set) var byKind: [RedactionKind: Int] = [:]

    public init() {}

    public var isEmpty: Bool { lines == 0 }

    mutating func countLine(kinds: some Sequence<RedactionKind>) {
        lines += 1
        for kind in kinds { byKind[kind, default: 0] += 1 }
    }

    public mutating func add(_ other: RedactionCounts) {
        lines += other.lines
        for (kind, n) in other.byKind { byKind[kind, default: 0] += n }
    }

    /// "3 aws-access-key, 1 jwt": the kinds in a fixed order.
    public var kindSummary: String {
        byKind.keys.sorted().map { "\(byKind[$0]!) \($0.rawValue)" }.joined(separator: ", ")
    }
}
