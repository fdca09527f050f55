import Glibc
import Redaction

/// What redaction costs per line of typical output: the built-in patterns over log-like lines
/// (none of which holds a secret, as nearly all output does not), and over lines that do.
/// Prints nanoseconds per line and per byte.

let plain = [
    "2026-12-05T12:00:01.234Z INFO  http.server request_id=7f3a9c path=/api/v1/users status=200 took=12ms",
    "    Compiling serde_json v1.0.108 (/home/build/.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde_json-1.0.108)",
    "drwxr-xr-x  2 alice staff  4096 Dec  5 11:59 build-artifacts_2026-12-05",
    "[WARN] connection to db-primary.internal:5432 retried (attempt 3 of 5); backing off 800 ms",
    "test result: ok. 291 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 4.12s",
    "+ curl -fsS https://example.com/healthz -o /dev/null -w '%{http_code}'",
    "Fetched 48.3 MB in 3s (15.2 MB/s) — Reading package lists... Done",
    "E: Unable to locate package libfoo-dev; try apt-cache search foo",
]
let secrets = [
    "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
    "> Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
    "remote: https://bob:hunter2@git.example.com/team/repo.git",
]

func measure(_ label: String, _ lines: [String], rounds: Int) {
    let redactor = Redactor.builtIn.makeLineRedactor()
    let bytes = lines.map { Array($0.utf8) }
    let total = bytes.reduce(0) { $0 + $1.count } * rounds
    var changed = 0
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    for _ in 0..<rounds {
        for line in bytes {
            line.withUnsafeBufferPointer { if redactor.redact($0) != nil { changed += 1 } }
        }
    }
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &end)
    let ns = Double(end.tv_sec - start.tv_sec) * 1e9 + Double(end.tv_nsec - start.tv_nsec)
    let perLine = ns / Double(lines.count * rounds)
    print("\(label): \((perLine * 10).rounded() / 10) ns/line, \((ns / Double(total) * 100).rounded() / 100) ns/byte, \(changed) lines changed")
}

measure("log lines without secrets", plain, rounds: Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200_000)
measure("lines with secrets", secrets, rounds: Int(CommandLine.arguments.dropFirst(2).first ?? "") ?? 50_000)
