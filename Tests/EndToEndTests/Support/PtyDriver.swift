import Foundation

/// Drives a program on a real pseudo-terminal, as a person at a terminal would: the program's
/// controlling terminal is the slave side of a fresh pty, and the test plays the user on the
/// master side (types keys, waits for text to appear, resizes the window, sends signals).
///
/// The driving is done by a small Python script (`pty.fork`, `TIOCSWINSZ`), written into the
/// sandbox at test time: Swift cannot call the variadic `ioctl`, and python3 is on every machine
/// here. Every wait is for an event (text on the master, the process's pidfd) with a deadline,
/// so a hang fails the test instead of blocking it.
struct PtyDriver {
    enum Step {
        /// Wait until `text` appears on the master after the previous match.
        case expect(String, timeout: Double = 10)
        /// Type `text` (control keys included: "\u{7F}" is backspace, "\u{1B}[A" is ↑).
        case send(String)
        /// Set the pty's window size (the kernel sends SIGWINCH) and send SIGWINCH explicitly.
        case resize(cols: Int, rows: Int)
        /// Send a signal to the program.
        case signal(Int32)
        /// Run `arguments` (with the program's environment) again and again, each run awaited,
        /// until its stdout contains `text`; for state that other processes observe, such as
        /// the archive while the session records.
        case poll([String], until: String, timeout: Double = 10)
    }

    struct Outcome: CustomStringConvertible {
        /// The program's exit code (negative: killed by that signal); nil when the driver failed.
        var exitCode: Int32?
        /// Why the driver gave up (an expectation or the exit timed out), with the last output.
        var failure: String?
        /// Every byte the program wrote to its terminal, as seen on the master.
        var transcript: Data
        var transcriptPath: String
        var description: String {
            failure ?? "exit \(exitCode.map(String.init) ?? "?")"
        }
    }

    var sandbox: Sandbox
    var cols = 80
    var rows = 24

    /// Runs `arguments` on a new pty of `cols`x`rows` with the sandbox's environment plus `extra`,
    /// plays `steps`, then waits (at most `exitTimeout` s) for the program to exit.
    func run(_ arguments: [String], environment extra: [String: String?] = [:], steps: [Step],
             exitTimeout: Double = 15, name: String = "pty") throws -> Outcome {
        let script = try sandbox.write("ptydrive.py", Self.script)
        let transcriptPath = sandbox.path("\(name).transcript")
        var spec: [String: Any] = [
            "argv": arguments, "log": transcriptPath, "cols": cols, "rows": rows,
            "exit_timeout": exitTimeout,
            "steps": steps.map { step -> [Any] in
                switch step {
                case .expect(let text, let timeout): return ["expect", text, timeout]
                case .send(let text): return ["send", text]
                case .resize(let cols, let rows): return ["resize", cols, rows]
                case .signal(let number): return ["signal", Int(number)]
                case .poll(let arguments, let text, let timeout): return ["poll", arguments, text, timeout]
                }
            },
        ]
        // The program's environment travels in the spec, not through python's own: python may be
        // started by a shell wrapper (pyenv's shims are bash scripts, and bash drops PS1 when it is
        // not interactive).
        var environment = sandbox.environment
        for (key, value) in extra { environment[key] = value }
        spec["env"] = environment
        let specPath = sandbox.path("\(name).json")
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: specPath))
        let budget = steps.reduce(exitTimeout + 5) { total, step in
            if case .expect(_, let timeout) = step { return total + timeout }
            if case .poll(_, _, let timeout) = step { return total + timeout }
            return total
        }
        let result = try sandbox.run(Self.python + [script, specPath], timeout: budget)
        let transcript = (try? Data(contentsOf: URL(fileURLWithPath: transcriptPath))) ?? Data()
        guard let lastLine = result.lines.last,
              let report = try? JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any] else {
            return Outcome(exitCode: nil, failure: "the pty driver failed: \(result)", transcript: transcript,
                           transcriptPath: transcriptPath)
        }
        if let error = report["error"] as? String {
            return Outcome(exitCode: nil, failure: "\(error); last output: \(report["tail"] as? String ?? "")",
                           transcript: transcript, transcriptPath: transcriptPath)
        }
        return Outcome(exitCode: (report["exit"] as? Int).map(Int32.init), failure: nil, transcript: transcript,
                       transcriptPath: transcriptPath)
    }

    static let python: [String] = {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return [candidate]
        }
        return ["/usr/bin/env", "python3"]
    }()

    static let script = #"""
    import fcntl, json, os, pty, select, signal, struct, subprocess, sys, termios, time

    spec = json.load(open(sys.argv[1]))
    buf = bytearray()
    cursor = 0
    eof = False
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(spec["argv"][0], spec["argv"], spec["env"])
        finally:
            os._exit(126)

    def set_size(cols, rows):
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    set_size(spec["cols"], spec["rows"])
    log = open(spec["log"], "wb")

    def pump(deadline):
        global eof
        if eof:
            return False
        ready, _, _ = select.select([fd], [], [], max(0, deadline - time.monotonic()))
        if not ready:
            return False
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if not data:
            eof = True
            return False
        buf.extend(data)
        log.write(data)
        log.flush()
        return True

    def fail(message):
        log.close()
        tail = bytes(buf[-2000:]).decode("utf-8", "replace")
        print(json.dumps({"error": message, "tail": tail}))
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
        sys.exit(3)

    for step in spec["steps"]:
        kind = step[0]
        if kind == "expect":
            needle = step[1].encode()
            deadline = time.monotonic() + step[2]
            while True:
                found = buf.find(needle, cursor)
                if found >= 0:
                    cursor = found + len(needle)
                    break
                if eof or time.monotonic() >= deadline:
                    fail("timed out after %ss waiting for %r" % (step[2], step[1]))
                pump(deadline)
        elif kind == "send":
            os.write(fd, step[1].encode())
        elif kind == "resize":
            set_size(step[1], step[2])
            os.kill(pid, signal.SIGWINCH)
        elif kind == "signal":
            os.kill(pid, step[1])
        elif kind == "poll":
            deadline = time.monotonic() + step[3]
            while True:
                seen = subprocess.run(step[1], env=spec["env"], stdin=subprocess.DEVNULL,
                                      capture_output=True, timeout=max(1, deadline - time.monotonic())).stdout
                if step[2].encode() in seen:
                    break
                if time.monotonic() >= deadline:
                    fail("timed out after %ss: %r never printed %r (last: %r)" % (step[3], step[1], step[2], seen[-500:]))
                # Keep the master drained while we wait, so the program never blocks on output.
                pump(time.monotonic() + 0.05)

    deadline = time.monotonic() + spec["exit_timeout"]
    exited = os.pidfd_open(pid)
    while True:
        ready, _, _ = select.select([exited] if eof else [exited, fd], [], [], max(0, deadline - time.monotonic()))
        if exited in ready:
            _, status = os.waitpid(pid, 0)
            break
        if not ready:
            fail("the program did not exit within %ss" % spec["exit_timeout"])
        pump(deadline)
    # Whatever is still buffered on the master (the slave is closed: this ends at once).
    while pump(time.monotonic() + 0.5):
        pass
    log.close()
    print(json.dumps({"exit": os.waitstatus_to_exitcode(status)}))
    """#
}
