@testable import AgentServer
@testable import Archive
import Glibc
import MCP
import Testing

/// Every text the server returns passes through its redaction function: the lines, the command
/// lines and directories, diff lines, session names and commands, in the readable text and in
/// every string of the structured content.
@Suite struct RedactionCoverageTests {
    static let secret = "hunter2"

    /// Replaces every occurrence of the secret.
    static let redact: @Sendable (String) -> String = { text in
        text.split(separator: secret, omittingEmptySubsequences: false).joined(separator: "[REDACTED]")
    }

    /// An archive whose session, commands, directories and lines all hold the secret, in a new
    /// directory (removed by the caller).
    static func prepareArchive() throws -> (directory: String, path: String) {
        var template = Array("/tmp/scrollvault-agent-test-XXXXXX".utf8CString)
        let directory = String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!)! })
        let path = directory + "/archive.sqlite"
        let archive = try Archive(path: path, mode: .readWrite)
        let id = try archive.beginSession(SessionInfo(name: "deploy", command: "ssh admin:\(secret)@host", workingDirectory: "/home/\(secret)"))
        let writer = try ArchiveWriter(path: path, session: id, onError: { _ in })
        func packed(_ mark: UInt8, _ ordinal: Int64) -> UInt8 { mark | CommandTracker.tag(of: ordinal) << 2 }
        var events: [CommandEvent] = []
        for ordinal in Int64(1)...2 {
            events += [
                .init(ordinal: ordinal, kind: .prompt, time: 10 * ordinal),
                .init(ordinal: ordinal, kind: .commandLine("login --password \(secret)"), time: 10 * ordinal + 1),
                .init(ordinal: ordinal, kind: .started(workingDirectory: "/srv/\(secret)"), time: 10 * ordinal + 2),
                .init(ordinal: ordinal, kind: .finished(exitStatus: 0), time: 10 * ordinal + 5),
            ]
        }
        writer.recordCommandEvents(events)
        for (ordinal, output) in [(Int64(1), "token \(secret) old"), (2, "token \(secret) new")] {
            writer.append(ArchiveLine(text: "$ login --password \(secret)", timestamp: 1_000, mark: packed(LineMark.prompt, ordinal)))
            writer.append(ArchiveLine(text: output, timestamp: 1_000, mark: packed(LineMark.output, ordinal)))
        }
        writer.finish()
        try archive.finishSession(id, state: .finished, exitStatus: 0, endedAt: 2_000, title: "title \(secret)")
        return (directory, path)
    }

    static func strings(in value: Value) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let items): items.flatMap(strings)
        case .object(let fields): fields.values.flatMap(strings)
        default: []
        }
    }

    @Test func nothingReturnedCarriesTheSecret() async throws {
        let (directory, path) = try Self.prepareArchive()
        defer { _ = system("rm -rf '\(directory)'") }
        let tools = ArchiveTools(path: path, redact: Self.redact)
        let calls: [(String, [String: Value])] = [
            ("search", ["query": .string(Self.secret), "context": 1]),
            ("list_sessions", [:]),
            ("list_commands", [:]),
            ("get_command_output", ["id": 1]),
            ("get_session_text", ["session": "deploy"]),
            ("diff_command_output", ["id": 2]),
        ]
        for (name, arguments) in calls {
            let result = try await tools.call(name, arguments: ToolArguments(tool: name, values: arguments))
            var texts = result.content.compactMap { content -> String? in
                if case .text(let text, _, _) = content { return text }
                return nil
            }
            texts += result.structuredContent.map(Self.strings) ?? []
            #expect(!texts.contains { $0.contains(Self.secret) }, "\(name) returned the secret: \(texts)")
            #expect(texts.contains { $0.contains("[REDACTED]") }, "\(name) had nothing to redact: \(texts)")
        }
    }

    /// Identity, the default, returns the text verbatim.
    @Test func withoutRedactionTheTextIsVerbatim() async throws {
        let (directory, path) = try Self.prepareArchive()
        defer { _ = system("rm -rf '\(directory)'") }
        let tools = ArchiveTools(path: path, redact: { $0 })
        let result = try await tools.call("get_command_output", arguments: ToolArguments(tool: "get_command_output", values: ["id": 2]))
        guard case .text(let text, _, _) = result.content.first else { Issue.record("no text"); return }
        #expect(text.contains("token \(Self.secret) new"), "\(text)")
    }
}
