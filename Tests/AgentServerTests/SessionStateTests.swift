@testable import AgentServer
import Archive
import Glibc
import MCP
import Testing

/// list_sessions reads only, yet does not show a session whose recorder died as still recording.
@Suite struct SessionStateTests {
    @Test func aDeadRecordersSessionIsListedAsInterrupted() async throws {
        var template = Array("/tmp/scrollvault-agent-test-XXXXXX".utf8CString)
        let directory = String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!)! })
        defer { _ = system("rm -rf '\(directory)'") }
        let path = directory + "/archive.sqlite"
        let archive = try Archive(path: path, mode: .readWrite)
        // No process has this pid: Linux pids stop at 2^22.
        _ = try archive.beginSession(SessionInfo(name: "dead", recorderPID: Int32.max - 1))
        _ = try archive.beginSession(SessionInfo(name: "alive", recorderPID: getpid()))
        let tools = ArchiveTools(path: path, redact: { $0 })
        let result = try await tools.call("list_sessions", arguments: ToolArguments(tool: "list_sessions", values: [:]))
        let sessions = result.structuredContent?.objectValue?["sessions"]?.arrayValue ?? []
        let states = sessions.compactMap { $0.objectValue }.map { ($0["name"]?.stringValue ?? "?", $0["state"]?.stringValue ?? "?") }
        #expect(states.map(\.0) == ["dead", "alive"] && states.map(\.1) == ["interrupted", "recording"], "\(states)")
        // Nothing was written: the archive still says recording.
        #expect(try archive.sessions().allSatisfy { $0.state == .recording })
    }
}
