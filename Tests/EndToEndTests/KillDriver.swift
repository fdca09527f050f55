import Foundation

/// Runs `scrollvault run` on a fresh pty, reads everything it passes through, and sends it one
/// signal at a chosen moment; it reports, for that moment, which output had already reached the
/// terminal and when. The crash and signal tests decide from this report which lines the archive
/// must hold.
///
/// The moment is a delay after the first output, chosen by the test (random or fixed): that is
/// what is under test, not a synchronisation. Like `PtyDriver` the driving is a small Python
/// script (`pty.fork`, `TIOCSWINSZ`); every wait has a deadline.
struct KillDriver {
    struct Report: CustomStringConvertible {
        /// The wrapper's exit code (negative: killed by that signal).
        var exitCode: Int32
        /// The last complete line shown at least `margin` seconds before the signal (nil: none).
        var lastLineBeforeMargin: String?
        /// Complete lines shown in all, and how long after the first output the signal went.
        var linesSeen: Int
        var signalAfter: Double
        var description: String {
            "exit \(exitCode), \(linesSeen) lines seen, signal after \(signalAfter) s, last line ≥ margin before: \(lastLineBeforeMargin ?? "none")"
        }
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    var sandbox: Sandbox
    var cols = 80
    var rows = 24

    /// Runs `arguments`; `delay` seconds after the first output (or once `trigger` has appeared,
    /// when given) sends `signal`, then waits at most `exitTimeout` s for the exit.
    func run(_ arguments: [String], signal: Int32, delay: Double, trigger: String? = nil, margin: Double = 1.0,
             exitTimeout: Double = 15, name: String = "kill") throws -> Report {
        let script = try sandbox.write("killdrive.py", Self.script)
        let spec: [String: Any] = [
            "argv": arguments, "env": sandbox.environment, "cols": cols, "rows": rows,
            "signal": Int(signal), "delay": delay, "trigger": trigger ?? "", "margin": margin,
            "exit_timeout": exitTimeout,
        ]
        let specPath = sandbox.path("\(name).json")
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: specPath))
        let result = try sandbox.run(PtyDriver.python + [script, specPath], timeout: delay + exitTimeout + 20)
        guard let lastLine = result.lines.last,
              let report = try? JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any] else {
            throw Failed(description: "the kill driver failed: \(result)")
        }
        if let error = report["error"] as? String { throw Failed(description: error) }
        return Report(exitCode: Int32(report["exit"] as? Int ?? 0),
                      lastLineBeforeMargin: report["before_margin"] as? String,
                      linesSeen: report["lines"] as? Int ?? 0,
                      signalAfter: report["signal_after"] as? Double ?? 0)
    }

    static let script = #"""
    import fcntl, json, os, pty, select, signal, struct, sys, termios, time

    spec = json.load(open(sys.argv[1]))
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(spec["argv"][0], spec["argv"], spec["env"])
        finally:
            os._exit(126)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", spec["rows"], spec["cols"], 0, 0))

    pending = bytearray()
    lines = []          # (time shown, text) of each complete line
    eof = False
    first = None
    trigger = spec["trigger"].encode()
    seen = bytearray()  # only kept while waiting for the trigger

    def pump(timeout):
        global eof, first, pending
        if eof:
            return
        ready, _, _ = select.select([fd], [], [], max(0, timeout))
        if not ready:
            return
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if not data:
            eof = True
            return
        now = time.monotonic()
        if first is None:
            first = now
        if trigger and start_at is None:
            seen.extend(data)
        pending.extend(data)
        parts = pending.split(b"\r\n")
        pending = parts.pop()
        for part in parts:
            lines.append((now, part))

    def fail(message):
        print(json.dumps({"error": message}))
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
        sys.exit(3)

    start_at = None
    deadline = time.monotonic() + 20
    while start_at is None:
        if time.monotonic() > deadline:
            fail("no output / trigger within 20 s: %r" % bytes(seen[-300:]))
        if eof:
            fail("the program ended before the signal: %r" % bytes(pending[-300:]))
        pump(0.05)
        if first is not None and (not trigger or trigger in seen):
            start_at = time.monotonic()
    kill_at = start_at + spec["delay"]
    while time.monotonic() < kill_at and not eof:
        pump(kill_at - time.monotonic())
    sent = time.monotonic()
    os.kill(pid, spec["signal"])
    before = [text for (shown, text) in lines if shown <= sent - spec["margin"]]

    exited = os.pidfd_open(pid)
    deadline = time.monotonic() + spec["exit_timeout"]
    while True:
        ready, _, _ = select.select([exited] if eof else [exited, fd], [], [], max(0, deadline - time.monotonic()))
        if exited in ready:
            _, status = os.waitpid(pid, 0)
            break
        if not ready:
            fail("the program did not exit within %ss of the signal" % spec["exit_timeout"])
        pump(0)
    print(json.dumps({
        "exit": os.waitstatus_to_exitcode(status),
        "before_margin": before[-1].decode("utf-8", "replace") if before else None,
        "lines": len(lines),
        "signal_after": sent - start_at,
    }))
    """#
}
