import Redaction
import Testing

/// Each built-in pattern on what it must catch, and on near misses it must leave alone.
@Suite struct BuiltInPatternTests {
    let redactor = Redactor.builtIn

    @Test(arguments: [
        ("key AKIAIOSFODNN7EXAMPLE here", "key [REDACTED:aws-access-key] here"),
        ("ASIAY34FZKBOKMUTVV7A", "[REDACTED:aws-access-key]"),
        ("token=ghp_abcdefghijklmnopqrstuvwxyz0123456789 ok", "token=[REDACTED:github-token] ok"),
        ("gho_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "[REDACTED:github-token]"),
        ("ghs_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789, ghr_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
         "[REDACTED:github-token], [REDACTED:github-token]"),
        ("ghu_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "[REDACTED:github-token]"),
        ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
         "[REDACTED:github-token]"),
        ("GITLAB=glpat-abcdefghij0123456789", "GITLAB=[REDACTED:gitlab-token]"),
        ("slack xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx", "slack [REDACTED:slack-token]"),
        ("xoxp-1234567890-abcdef", "[REDACTED:slack-token]"),
        ("jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end",
         "jwt [REDACTED:jwt] end"),
        ("Authorization: Bearer abcdef123456", "Authorization: Bearer [REDACTED:authorization]"),
        ("> authorization: Basic dXNlcjpwYXNzd29yZA==", "> authorization: Basic [REDACTED:authorization]"),
        ("curl -H 'Authorization: token 0123456789abcdef' https://x", "curl -H 'Authorization: token [REDACTED:authorization]' https://x"),
        (#"{"Authorization": "Bearer secretvalue", "x": 1}"#, #"{"Authorization": "Bearer [REDACTED:authorization]", "x": 1}"#),
        ("Proxy-Authorization: Digest-like abc def ghi", "Proxy-Authorization: [REDACTED:authorization]"),
        ("git clone https://alice:s3cr3t@example.com/repo.git", "git clone https://alice:[REDACTED:url-password]@example.com/repo.git"),
        ("redis://:hunter2@localhost:6379", "redis://:[REDACTED:url-password]@localhost:6379"),
        ("GET /login?user=bob&password=hunter2&x=1", "GET /login?user=bob&password=[REDACTED:url-password]&x=1"),
        ("-----BEGIN RSA PRIVATE KEY-----MIIEpAIBAAKCAQEA-----END RSA PRIVATE KEY----- after",
         "[REDACTED:private-key] after"),
    ])
    func redacts(_ input: String, _ expected: String) {
        #expect(redactor.redact(input) == expected)
    }

    @Test(arguments: [
        "AKIAIOSFODNN7EXAMPL",             // one character short
        "XAKIAIOSFODNN7EXAMPLEX",          // inside a longer word
        "AKIAIOSFODNN7EXAMPLEE",           // one too long
        "ghp_short",                        // too short for a token
        "my_ghp_abcdefghijklmnopqrstuvwxyz0123456789x_y", // part of an identifier
        "gha_abcdefghijklmnopqrstuvwxyz0123456789",        // not a token prefix
        "glpat-short",
        "xoxz-1234567890-abcdef",          // not a Slack token type
        "eyJhbGciOiJIUzI1NiJ9 alone",      // one base64 part is not a JWT
        "eyJ.eyJ.x",
        "Authorization failed for user bob",
        "Authorization: $TOKEN",
        "authorization: none",              // too short to be credentials
        "https://example.com:8443/path",
        "ssh://git@example.com/repo.git",   // a user but no password
        "user@example.com: password reset",
        "-----BEGIN PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----",
        "passwords = 3",
        "?passphrase=abc",
    ])
    func leavesAlone(_ input: String) {
        #expect(redactor.redact(input) == input)
    }

    @Test func privateKeyBlockAcrossLines() {
        let text = """
            $ cat id_rsa
            -----BEGIN OPENSSH PRIVATE KEY-----
            b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
            QyNTUxOQAAACD3ZXJ5c2VjcmV0a2V5bWF0ZXJpYWwAAAAAAAAAAAAAAAAAAAAAAA==
            -----END OPENSSH PRIVATE KEY-----
            $ echo done
            """
        #expect(redactor.redact(text) == """
            $ cat id_rsa
            [REDACTED:private-key]
            [REDACTED:private-key]
            [REDACTED:private-key]
            [REDACTED:private-key]
            $ echo done
            """)
    }

    @Test func anUnterminatedKeyBlockEndsAtTheFirstLineThatIsNotKeyMaterial() {
        let text = """
            -----BEGIN PRIVATE KEY-----
            MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
            cat: write error: Broken pipe
            MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
            """
        #expect(redactor.redact(text) == """
            [REDACTED:private-key]
            [REDACTED:private-key]
            cat: write error: Broken pipe
            MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
            """)
    }

    @Test func countsLinesAndKinds() {
        let lines = redactor.makeLineRedactor()
        _ = lines.redact("AKIAIOSFODNN7EXAMPLE and AKIAIOSFODNN7EXAMPLF")
        _ = lines.redact("nothing here")
        _ = lines.redact("Authorization: Bearer abcdefgh")
        #expect(lines.counts.lines == 2)
        #expect(lines.counts.byKind == [.awsAccessKey: 2, .authorization: 1])
    }

    @Test func styleRunsFollowTheMarker() throws {
        let lines = redactor.makeLineRedactor()
        let text = "id AKIAIOSFODNN7EXAMPLE ok"
        var copy = text
        let redacted = try #require(copy.withUTF8 { lines.redact($0) })
        #expect(redacted.string == "id [REDACTED:aws-access-key] ok")
        let marker = "[REDACTED:aws-access-key]".utf8.count
        // Before the secret: unchanged. Over it from its first byte: the marker. Inside it
        // only: gone. After it: shifted.
        #expect(redacted.styleRun(start: 0, length: 2)! == (0, 2))
        #expect(redacted.styleRun(start: 3, length: 4)! == (3, marker))
        #expect(redacted.styleRun(start: 5, length: 4) == nil)
        #expect(redacted.styleRun(start: 24, length: 2)! == (3 + marker + 1, 2))
        #expect(redacted.styleRun(start: 0, length: 26)! == (0, 3 + marker + 3))
    }

    @Test func userPatterns() throws {
        let custom = try Redactor(userPatterns: [#"internal-[0-9a-f]{8}"#])
        #expect(custom.redact("see internal-deadbeef now") == "see [REDACTED:custom] now")
        #expect(throws: RedactionError.self) { try Redactor(userPatterns: ["(unclosed"]) }
    }
}

/// Redacting redacted text changes nothing: `redact` runs over sessions recorded redacted.
@Suite struct IdempotenceTests {
    @Test(arguments: [
        "Authorization: Bearer abcdef123456",
        "https://alice:s3cr3t@example.com/x?password=hunter2",
        "AKIAIOSFODNN7EXAMPLE ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
    ])
    func twiceIsOnce(_ input: String) {
        let once = Redactor.builtIn.redact(input)
        #expect(once != input)
        #expect(Redactor.builtIn.redact(once) == once)
    }
}

@Suite struct TextRedactionTests {
    @Test func linesEndingInCRLFAreRedactedAndKeepTheirEndings() {
        let text = "a AKIAIOSFODNN7EXAMPLE\r\nb\r\nAuthorization: Bearer abcdefgh\r\n"
        #expect(Redactor.builtIn.redact(text) == "a [REDACTED:aws-access-key]\r\nb\r\nAuthorization: Bearer [REDACTED:authorization]\r\n")
    }
}

/// The prefilter reads lines in blocks of eight bytes: a secret is found wherever it starts
/// and ends relative to them.
@Suite struct PrefilterBlockTests {
    @Test(arguments: 0..<17)
    func everyKindAtEveryOffset(padding: Int) {
        let pad = String(repeating: ".", count: padding)
        for (secret, kind) in [("AKIAIOSFODNN7EXAMPLE", "aws-access-key"), ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "github-token"),
                               ("glpat-abcdefghij0123456789", "gitlab-token"), ("xoxb-1234567890-abc", "slack-token"),
                               ("eyJhbGciOi.eyJzdWIiOi.c2ln", "jwt")] {
            #expect(Redactor.builtIn.redact(pad + " " + secret + " " + pad) == pad + " [REDACTED:\(kind)] " + pad, "\(kind)")
        }
        #expect(Redactor.builtIn.redact(pad + "Authorization: Bearer abcdefgh") == pad + "Authorization: Bearer [REDACTED:authorization]")
        #expect(Redactor.builtIn.redact(pad + "https://u:pw@h") == pad + "https://u:[REDACTED:url-password]@h")
        #expect(Redactor.builtIn.redact(pad + "/x?pwd=pw") == pad + "/x?pwd=[REDACTED:url-password]")
        #expect(Redactor.builtIn.redact(pad + "-----BEGIN PRIVATE KEY-----") == pad + "[REDACTED:private-key]")
    }
}
