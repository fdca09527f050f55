#!/usr/bin/env python3
"""Typed-key echo latency through a wrapper: types keys into `cat` and times write -> echo.

usage: echo_latency.py [--keys N] -- COMMAND ARGS...
  e.g. echo_latency.py -- script -q -c cat /dev/null
       echo_latency.py -- .build/release/scrollvault run -- cat

COMMAND runs on a pseudo-terminal of 80x24 that this script owns (as a terminal emulator would).
The wrapper puts that terminal in raw mode and runs `cat` on its own inner pty, whose line
discipline echoes each key; so one key's round trip is: our write -> wrapper reads -> inner pty
-> echo -> wrapper reads -> our terminal. The wrapper's own cost is what differs between peers.
Every 40 keys a carriage return ends the line (canonical mode holds at most 4095 bytes) and the
echo of the line plus cat's copy of it is drained before timing goes on.

Prints one line: `median_ms p99_ms keys`.
"""
import fcntl, os, pty, select, signal, struct, sys, termios, time

def read_until(fd, want, timeout=5.0):
    """Reads from fd until `want` bytes arrived; returns them (raises on timeout or EOF)."""
    got = b""
    deadline = time.monotonic() + timeout
    while len(got) < want:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise TimeoutError("waited %.1f s for %d bytes, got %r" % (timeout, want, got[-80:]))
        chunk = os.read(fd, 65536)
        if not chunk:
            raise EOFError("wrapper closed the terminal")
        got += chunk
    return got

def wait_ready(fd):
    """Types a probe key until it echoes: the wrapper and cat are up."""
    for _ in range(100):
        os.write(fd, b"x")
        try:
            read_until(fd, 1, timeout=0.2)
            break
        except TimeoutError:
            continue
    else:
        raise TimeoutError("no echo from the wrapper")
    time.sleep(0.3)  # let any other probe echoes arrive, then discard everything
    while select.select([fd], [], [], 0.05)[0]:
        if not os.read(fd, 65536):
            break
    end_line(fd)

def end_line(fd):
    """Ends the current line and drains the echo and cat's copy of it."""
    os.write(fd, b"\r")
    # Echo of CR is "\r\n" (icrnl + onlcr); cat then writes the line back with "\r\n".
    deadline = time.monotonic() + 5
    got = b""
    while got.count(b"\n") < 2 and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.5)[0]:
            got += os.read(fd, 65536)

def main():
    args = sys.argv[1:]
    keys = 1000
    if args[:1] == ["--keys"]:
        keys = int(args[1]); args = args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(args[0], args)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        wait_ready(fd)
        for _ in range(20):  # warm-up
            os.write(fd, b"w"); read_until(fd, 1)
        end_line(fd)
        samples = []
        for i in range(keys):
            key = bytes([ord("a") + i % 26])
            t0 = time.perf_counter_ns()
            os.write(fd, key)
            read_until(fd, 1)
            samples.append((time.perf_counter_ns() - t0) / 1e6)
            if i % 40 == 39:
                end_line(fd)
        end_line(fd)
        os.write(fd, b"\x04")  # EOF to cat: the wrapper exits
        samples.sort()
        median = samples[len(samples) // 2]
        p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
        print("%.4f %.4f %d" % (median, p99, len(samples)))
    finally:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            try:
                if select.select([fd], [], [], 0.1)[0]:
                    os.read(fd, 65536)
            except OSError:
                pass
        else:
            os.kill(pid, signal.SIGTERM); os.waitpid(pid, 0)

if __name__ == "__main__":
    main()
