/// The secrets redacted whatever the configuration says, as PCRE2 patterns applied to one
/// line at a time (a logical line: soft wraps are already joined, so a token the terminal
/// wrapped is still one match).
///
/// Each is bounded on both sides by what cannot belong to the token, so that an identifier
/// that merely starts like one (`AKIAXYZ` in prose, `ghp_` in a variable name) is left alone.
/// `\K` keeps the visible context (the header name and its scheme, the URL's user) out of the
/// replaced stretch.
enum BuiltInPatterns {
    static let all: [(kind: RedactionKind, trigger: Triggers.Kind, source: String)] = [
        (.awsAccessKey, .aws, #"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])"#),
        (.githubToken, .github,
         #"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,})(?![A-Za-z0-9_])"#),
        (.gitlabToken, .gitlab, #"(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}(?:\.[A-Za-z0-9_-]+)*"#),
        (.slackToken, .slack, #"(?<![A-Za-z0-9])xox[abprs]-[A-Za-z0-9-]{10,}"#),
        (.jwt, .jwt, #"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.ey[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"#),
        // The credentials after the header name (quoted as in JSON or not) and an optional
        // scheme word, up to the end of the line or a closing quote; `$TOKEN` (a shell
        // variable in a typed command) is not a secret.
        (.authorization, .authorization,
         #"(?i)(?<![A-Za-z0-9_])(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?"#
            + #"(?:(?:bearer|basic|token|digest|negotiate|ntlm|aws4-hmac-sha256)[ \t]+)?"#
            + #"\K(?!\$)[^\s'"]{6,}(?:[^'"\n]*?[^\s'"])?(?=[ \t\r]*(?:['"]|$))"#),
        // scheme://user:PASSWORD@host, and ?password=... / &pwd=... in a query string.
        (.urlPassword, .urlPassword,
         #"://[^\s/?#@:]*:\K[^\s/?#@]+(?=@)|[?&](?i:password|passwd|pass|pwd)=\K[^&\s#'"]+"#),
    ]

    /// A private key block's first and last lines (PEM, OpenSSH, PGP). The lines between are
    /// redacted whole (`LineRedactor`).
    static let keyBegin = #"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"#
    static let keyEnd = #"-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"#
}
