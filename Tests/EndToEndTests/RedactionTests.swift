import Foundation
import Testing

/// Secrets are archived as [REDACTED:kind] by `run` and `import`, kept verbatim with
/// --no-redact, and removed afterwards by `redact`; the terminal always shows everything.
@Suite struct RedactionTests {
    static let githubToken = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
    static let awsKey = "AKIAIOSFODNN7EXAMPLE"

    /// A 60-character line on a 30-column pty: the terminal wraps the token, the archive
    /// joins the rows into one logical line, and redaction sees the whole token.
    @Test func aSecretSplitAcrossASoftWrapIsRedacted() throws {
        let sandbox = try Sandbox()
        let file = try sandbox.write("secret.txt", "token \(Self.githubToken) end\n")
        let driver = PtyDriver(sandbox: sandbox, cols: 30, rows: 10)
        let outcome = try driver.run([BuiltBinary.path, "run", "--quiet", "--name", "wrap", "--", "cat", file],
                                     steps: [.expect("end")])
        #expect(outcome.exitCode == 0, "\(outcome)")
        // The passthrough is untouched: the token reached the terminal, wrapped after column 30.
        let shown = String(decoding: outcome.transcript, as: UTF8.self)
        #expect(shown.contains("token ghp_abcdefghijklmnopqrstu"), "\(shown)")
        #expect(shown.contains("vwxyz0123456789 end"), "\(shown)")
        let export = try sandbox.scrollvault("export", "wrap")
        #expect(export.lines.contains("token [REDACTED:github-token] end"), "\(export)")
        #expect(!export.out.contains("ghp_"), "\(export)")
        #expect(try sandbox.scrollvault("search", "--substring", "abcdefghijklmnop").status == 1)
    }

    @Test func anImportedRecordingIsRedactedUnlessAskedNotTo() throws {
        let sandbox = try Sandbox()
        let text = "deploy with \(Self.awsKey)\r\nAuthorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl\r\n"
        #expect(try sandbox.importRaw(text, name: "redacted").status == 0)
        let export = try sandbox.scrollvault("export", "redacted")
                // The token is both a JWT and the header's value: the more specific kind names it.
        #expect(export.lines == ["deploy with [REDACTED:aws-access-key]", "Authorization: Bearer [REDACTED:jwt]"], "\(export)")

        let verbatim = try sandbox.scrollvault(arguments: ["import", "--no-redact", "--format", "raw", "--name", "verbatim", "-"],
                                               input: .pipe(Data(text.utf8)))
        #expect(verbatim.status == 0, "\(verbatim)")
        #expect(try sandbox.scrollvault("export", "verbatim").lines.first == "deploy with \(Self.awsKey)")
    }

    @Test func userPatternsComeFromTheConfigurationFile() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.path("home/.config/scrollvault"), withIntermediateDirectories: true)
        _ = try sandbox.write("home/.config/scrollvault/config.toml", """
            # patterns of our own
            redact = [
              'internal-[0-9a-f]{8}',
              "corp_pw=\\\\S+",
            ]
            """)
        let file = try sandbox.write("out.txt", "see internal-deadbeef and corp_pw=x9 here\n")
        let run = try sandbox.scrollvault("run", "--quiet", "--name", "custom", "--", "cat", file)
        #expect(run.status == 0 && run.out.contains("internal-deadbeef"), "the terminal shows it: \(run)")
        #expect(try sandbox.scrollvault("export", "custom").lines == ["see [REDACTED:custom] and [REDACTED:custom] here"])
    }

    /// `run` must start the command whatever the file says: it warns, naming the file, the
    /// line and the pattern, and records with the built-ins and the patterns that compiled.
    /// `import` and `redact`, which can simply be run again, refuse.
    @Test func aBadPatternIsAWarningForRunAndAnErrorForImportAndRedact() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.path("home/.config/scrollvault"), withIntermediateDirectories: true)
        let config = try sandbox.write("home/.config/scrollvault/config.toml", "redact = [\n  'good-[0-9]+',\n  '(unclosed',\n]\n")
        let file = try sandbox.write("out.txt", "good-42 \(Self.awsKey)\n")
        let run = try sandbox.scrollvault("run", "--quiet", "--name", "warned", "--", "cat", file)
        #expect(run.status == 0 && run.out.contains("good-42 \(Self.awsKey)"), "\(run)")
        #expect(run.err.contains("\(config):3: redact pattern '(unclosed': invalid regular expression"), "\(run)")
        #expect(try sandbox.scrollvault("export", "warned").lines == ["[REDACTED:custom] [REDACTED:aws-access-key]"])

        let imported = try sandbox.importRaw("x\r\n", name: "refused")
        #expect(imported.status == 2 && imported.err.contains("\(config):3: redact pattern '(unclosed'"), "\(imported)")
        let redact = try sandbox.scrollvault("redact")
        #expect(redact.status == 2 && redact.err.contains("(unclosed"), "\(redact)")

        _ = try sandbox.write("home/.config/scrollvault/config.toml", "# mine\nredact = ['a' 'b']\n")
        let broken = try sandbox.importRaw("x\r\n", name: "refused")
        #expect(broken.status == 2 && broken.err.contains("\(config):2: not valid TOML"), "\(broken)")
    }

    @Test func redactRewritesAnArchiveRecordedVerbatim() throws {
        let sandbox = try Sandbox()
        let file = try sandbox.write("out.txt", """
            aws \(Self.awsKey)
            \u{1B}[1mAuthorization: Bearer abcdef123456\u{1B}[0m
            plain line
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oE0kD4zFvOFRoAoGCCqGSM49
            -----END EC PRIVATE KEY-----

            """)
        #expect(try sandbox.scrollvault("run", "--quiet", "--no-redact", "--name", "raw", "--", "cat", file).status == 0)
        #expect(try sandbox.scrollvault("run", "--quiet", "--no-redact", "--name", "cmd", "--", "echo", Self.awsKey).status == 0)
        #expect(try sandbox.scrollvault("search", Self.awsKey).status == 0, "recorded verbatim")
        #expect(try sandbox.scrollvault("index").status == 0)

        let dry = try sandbox.scrollvault("redact", "--dry-run")
        #expect(dry.status == 0, "\(dry)")
        #expect(dry.lines == [
            "session 1 (raw): 5 lines (3 private-key, 1 aws-access-key, 1 authorization)",
            "session 2 (cmd): 1 line, 1 command line (2 aws-access-key)",
            "would redact 6 lines, 1 command line (3 private-key, 3 aws-access-key, 1 authorization) in 2 sessions; nothing was changed (dry run)",
        ], "\(dry)")
        #expect(try sandbox.scrollvault("search", Self.awsKey).status == 0, "a dry run changes nothing")
        #expect(try sandbox.scrollvault("export", "raw").out.contains(Self.awsKey))

        let redact = try sandbox.scrollvault("redact")
        #expect(redact.status == 0, "\(redact)")
        #expect(redact.lines.last == "redacted 6 lines, 1 command line (3 private-key, 3 aws-access-key, 1 authorization) in 2 sessions", "\(redact)")
        for query in [[Self.awsKey], ["--substring", "IOSFODNN7"], ["abcdef123456"], ["--substring", "MHcCAQEEIBkg"]] {
            let search = try sandbox.scrollvault(arguments: ["search"] + query)
            #expect(search.status == 1, "\(query): \(search)")
        }
        let export = try sandbox.scrollvault("export", "raw")
        #expect(export.lines == [
            "aws [REDACTED:aws-access-key]", "Authorization: Bearer [REDACTED:authorization]", "plain line",
            "[REDACTED:private-key]", "[REDACTED:private-key]", "[REDACTED:private-key]",
        ], "\(export)")
        // The bold run now ends with the marker, where the line now ends.
        let ansi = try sandbox.scrollvault("export", "--format", "ansi", "raw")
        #expect(ansi.out.contains("\u{1B}[0;1mAuthorization: Bearer [REDACTED:authorization]\u{1B}[0m"), "\(ansi)")
        let sessions = try sandbox.scrollvault("sessions")
        #expect(sessions.out.contains("echo [REDACTED:aws-access-key]") && !sessions.out.contains(Self.awsKey), "\(sessions)")

        let again = try sandbox.scrollvault("redact", "--session", "raw")
        #expect(again.lines == ["nothing to redact in 1 session"], "\(again)")
        #expect(try sandbox.scrollvault("redact", "--session", "nosuch").status == 1)
    }
}
