import Glibc
import PTY
import Support
import Testing

@Suite struct SpawnTests {
    @Test func echoOutputReachesOnOutputWithTerminalLineEnding() throws {
        let session = try runSession(["/bin/echo", "hi"])
        #expect(session.output == "hi\r\n")
        #expect(session.status == .exited(code: 0))
    }

    @Test(arguments: [
        ("exit 0", PTY.ExitStatus.exited(code: 0), Int32(0)),
        ("exit 3", PTY.ExitStatus.exited(code: 3), Int32(3)),
        ("kill -9 $$", PTY.ExitStatus.signaled(signal: SIGKILL), Int32(137)),
    ])
    func exitStatusMapsToShellCode(script: String, expected: PTY.ExitStatus, shellCode: Int32) throws {
        let session = try runSession(["sh", "-c", script])
        #expect(session.status == expected)
        #expect(session.status.shellCode == shellCode)
    }

    @Test func missingCommandIsAnExecFailureWithExitCode127() {
        #expect {
            _ = try ChildProcess.spawn(["scrollvault-no-such-command"])
        } throws: { error in
            guard let error = error as? SystemError else { return false }
            return error.isExecFailure && error.errno == ENOENT && error.shellExitCode == 127
                && error.description
                    == "cannot run 'scrollvault-no-such-command': No such file or directory"
        }
    }

    @Test func nonExecutableFileGivesExitCode126() {
        #expect {
            _ = try ChildProcess.spawn(["/etc/passwd"])
        } throws: { error in
            (error as? SystemError)?.shellExitCode == 126
        }
    }

    @Test func childSeesTheWindowSizeSetAtSpawn() throws {
        let session = try runSession(
            ["stty", "size"], size: WindowSize(columns: 123, rows: 45))
        #expect(session.output == "45 123\r\n")
        #expect(session.status == .exited(code: 0))
    }

    @Test func windowSizeCanBeReadAndChanged() throws {
        let child = try ChildProcess.spawn(["sleep", "5"], windowSize: WindowSize(columns: 90, rows: 20))
        #expect(try child.windowSize() == WindowSize(columns: 90, rows: 20))
        try child.setWindowSize(WindowSize(columns: 132, rows: 50))
        #expect(try child.windowSize() == WindowSize(columns: 132, rows: 50))
        try child.send(signal: SIGKILL)
        #expect(try child.waitForExit() == .signaled(signal: SIGKILL))
    }

    @Test func childInheritsNoDescriptorBeyondTheTerminal() throws {
        // A descriptor opened without O_CLOEXEC, the kind that would leak.
        let leaky = open("/dev/null", O_RDONLY)
        #expect(leaky >= 3)
        defer { close(leaky) }
        let session = try runSession(["ls", "-1", "/proc/self/fd"])
        let descriptors = session.output.split(separator: "\r\n")
        // 0-2 are the pty; 3 is the directory ls itself opened to list them.
        #expect(descriptors == ["0", "1", "2", "3"])
    }

    @Test func environmentIsPassedWhenGiven() throws {
        let child = try ChildProcess.spawn(
            ["/bin/sh", "-c", "echo \"$SCROLLVAULT_TEST\""],
            environment: ["SCROLLVAULT_TEST=present", "PATH=/usr/bin:/bin"])
        let collector = OutputCollector()
        var configuration = Relay.Configuration()
        configuration.handlesProcessSignals = false
        let devNull = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(devNull) }
        configuration.input = devNull
        configuration.output = devNull
        let relay = try Relay(child: child, configuration: configuration) { collector.append($0) }
        #expect(try relay.run() == .exited(code: 0))
        #expect(collector.text == "present\r\n")
    }
}
