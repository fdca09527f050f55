import Glibc
import PTY
import Testing

@Suite struct RelayTests {
    @Test func endOfPipedInputEndsCat() throws {
        let input = Pipe()
        defer { input.closeReadEnd() }
        input.write("hello\nlast line without newline")
        input.closeWriteEnd()
        let session = try runSession(["cat"], input: input.readEnd)
        #expect(session.status == .exited(code: 0))
        // The terminal echoes the input and cat repeats it.
        #expect(session.output.split(separator: "hello\r\n", omittingEmptySubsequences: false).count == 3)
        #expect(session.output.contains("last line without newline"))
    }

    @Test func emptyInputEndsCatAtOnce() throws {
        let session = try runSession(["cat"])
        #expect(session.status == .exited(code: 0))
        #expect(session.output == "")
    }

    @Test func outputIsWrittenOutBeforeOnOutputSeesIt() throws {
        let output = Pipe()
        defer {
            output.closeReadEnd()
            output.closeWriteEnd()
        }
        let flags = fcntl(output.readEnd, F_GETFL)
        _ = fcntl(output.readEnd, F_SETFL, flags | O_NONBLOCK)
        let seenFirst = OutputCollector()
        let session = try runSession(["/bin/echo", "ordered"], output: output.writeEnd) { _, _ in
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = read(output.readEnd, &buffer, buffer.count)
            if count > 0 {
                buffer.withUnsafeBytes { seenFirst.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            }
        }
        #expect(session.output == "ordered\r\n")
        #expect(seenFirst.text == "ordered\r\n")
    }

    @Test func closedOutputIsGivenUpWhileTheChildIsDrained() throws {
        let output = Pipe()
        output.closeReadEnd()
        defer { output.closeWriteEnd() }
        let session = try runSession(
            ["sh", "-c", "i=0; while [ $i -lt 200 ]; do echo line $i; i=$((i+1)); done"],
            output: output.writeEnd)
        #expect(session.status == .exited(code: 0))
        #expect(session.output.hasSuffix("line 199\r\n"))
        #expect(session.problems.map(\.errno) == [EPIPE])
    }

    @Test func largeOutputArrivesComplete() throws {
        let session = try runSession(["sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' x"])
        #expect(session.status == .exited(code: 0))
        #expect(session.output.utf8.count == 3_000_000)
    }

    @Test func forwardedTerminationReachesTheChild() throws {
        let session = try runSession(
            ["sh", "-c", "trap 'exit 7' TERM; echo ready; while :; do sleep 0.05; done"]
        ) { output, relay in
            if output.contains("ready") { relay.forward(signal: SIGTERM) }
        }
        #expect(session.status == .exited(code: 7))
    }

    @Test func forwardedHangupReachesTheChild() throws {
        let session = try runSession(
            ["sh", "-c", "echo ready; while :; do sleep 0.05; done"]
        ) { output, relay in
            if output.contains("ready") { relay.forward(signal: SIGHUP) }
        }
        #expect(session.status == .signaled(signal: SIGHUP))
    }

    @Test func childIgnoringTerminationIsKilledAfterTheGracePeriod() throws {
        let session = try runSession(
            ["sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.05; done"],
            grace: .milliseconds(100)
        ) { output, relay in
            if output.contains("ready") { relay.forward(signal: SIGTERM) }
        }
        #expect(session.status == .signaled(signal: SIGKILL))
        #expect(session.status.shellCode == 137)
    }

    @Test func interruptWithoutTerminalInputIsForwarded() throws {
        let session = try runSession(
            ["sh", "-c", "trap 'exit 9' INT; echo ready; while :; do sleep 0.05; done"]
        ) { output, relay in
            if output.contains("ready") { relay.forward(signal: SIGINT) }
        }
        #expect(session.status == .exited(code: 9))
    }
}
