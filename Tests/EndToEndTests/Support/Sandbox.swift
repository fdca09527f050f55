import Foundation
import Glibc

/// One test's private world: a temporary directory, an archive path inside it, and an
/// environment for the child that points there (and nowhere else: HOME and XDG_DATA_HOME too,
/// so a mistake can never write into the user's real archive).
final class Sandbox: @unchecked Sendable {
    let directory: URL
    /// `<dir>/archive/archive.sqlite`; its directory does not exist until scrollvault creates it.
    let archivePath: String
    var environment: [String: String]
    private var commandCount = 0

    init() throws {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("scrollvault-e2e.XXXXXX").path
        var bytes = Array(template.utf8CString)
        guard mkdtemp(&bytes) != nil else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "mkdtemp: \(String(cString: strerror(errno)))"])
        }
        directory = URL(fileURLWithPath: String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        archivePath = directory.appendingPathComponent("archive/archive.sqlite").path
        var environment = ProcessInfo.processInfo.environment
        environment["SCROLLVAULT_SESSION"] = nil
        environment["SCROLLVAULT_DB"] = archivePath
        environment["HOME"] = directory.appendingPathComponent("home").path
        environment["XDG_DATA_HOME"] = directory.appendingPathComponent("xdg").path
        // Configuration (redaction's config.toml, fish's config.fish) comes from the sandbox's
        // home, never the user's.
        environment["XDG_CONFIG_HOME"] = directory.appendingPathComponent("home/.config").path
        environment["TERM"] = "xterm-256color"
        environment["LC_ALL"] = "C.UTF-8"
        environment["TZ"] = "UTC"
        self.environment = environment
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("home"), withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path(name)))
    }

    enum Input {
        case null
        /// Through a pipe that is closed after the data (so the command sees end of file).
        case pipe(Data)
        case file(String)
    }

    /// Runs `scrollvault ARGS…` and waits for it (at most `timeout` seconds, then it is killed).
    func scrollvault(_ arguments: String..., input: Input = .null, environment extra: [String: String?] = [:],
                     timeout: Double = 20) throws -> CommandResult {
        try run([BuiltBinary.path] + arguments, input: input, environment: extra, timeout: timeout)
    }

    func scrollvault(arguments: [String], input: Input = .null, environment extra: [String: String?] = [:],
                     timeout: Double = 20) throws -> CommandResult {
        try run([BuiltBinary.path] + arguments, input: input, environment: extra, timeout: timeout)
    }

    /// Runs any program with the sandbox's environment (plus `extra`; a nil value removes a
    /// variable). stdout and stderr go to files, so a large output can never block the child.
    func run(_ arguments: [String], input: Input = .null, environment extra: [String: String?] = [:],
             timeout: Double = 20) throws -> CommandResult {
        commandCount += 1
        let outPath = path(".out.\(commandCount)"), errPath = path(".err.\(commandCount)")
        let outFD = open(outPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let errFD = open(errPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer {
            close(outFD); close(errFD)
            unlink(outPath); unlink(errPath)
        }
        var inFD: Int32
        var feedFD: Int32 = -1
        switch input {
        case .null:
            inFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
        case .file(let path):
            inFD = open(path, O_RDONLY | O_CLOEXEC)
        case .pipe:
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else { throw ChildRunner.SpawnFailed(program: "pipe", code: errno) }
            _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
            inFD = ends[0]
            feedFD = ends[1]
        }
        guard outFD >= 0, errFD >= 0, inFD >= 0 else { throw ChildRunner.SpawnFailed(program: "open", code: errno) }

        var environment = self.environment
        for (key, value) in extra { environment[key] = value }
        let child: ChildRunner.Spawned
        do {
            child = try ChildRunner.spawn(arguments, environment: environment,
                                          stdin: inFD, stdout: outFD, stderr: errFD)
        } catch {
            close(inFD)
            if feedFD >= 0 { close(feedFD) }
            throw error
        }
        close(inFD)
        if case .pipe(let data) = input {
            // Written from another thread: a payload larger than the pipe must not block us.
            let fd = feedFD
            let feeder = Thread {
                data.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                        if written < 0 { if errno == EINTR { continue } else { break } }
                        offset += written
                    }
                }
                close(fd)
            }
            feeder.start()
        }
        guard let status = child.wait(timeout: timeout) else {
            throw CommandTimedOut(arguments: arguments, seconds: timeout)
        }
        let signalled = (status & 0x7F) != 0
        return CommandResult(
            status: signalled ? status & 0x7F : (status >> 8) & 0xFF,
            killedBySignal: signalled,
            stdout: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(),
            stderr: (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data())
    }

    /// Imports `text` as a raw recording of a COLSxROWS terminal into a session called `name`.
    @discardableResult
    func importRaw(_ text: String, name: String, cols: Int = 80, rows: Int = 24) throws -> CommandResult {
        try scrollvault(arguments: ["import", "--format", "raw", "--cols", String(cols), "--rows", String(rows),
                                    "--name", name, "-"], input: .pipe(Data(text.utf8)))
    }

    /// Sessions as `sessions --json` reports them.
    func sessions() throws -> [[String: Any]] {
        let result = try scrollvault("sessions", "--json")
        guard result.status == 0,
              let array = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]] else {
            throw CocoaError(.propertyListReadCorrupt, userInfo: [NSLocalizedDescriptionKey: "sessions --json: \(result)"])
        }
        return array
    }

    func session(named name: String) throws -> [String: Any]? {
        try sessions().first { $0["name"] as? String == name }
    }
}
