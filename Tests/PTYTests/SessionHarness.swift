import Glibc
import PTY
import Support
import Synchronization

/// Collects what a relay hands to `onOutput`, so tests can look at the child's output.
final class OutputCollector: Sendable {
    private let bytes = Mutex<[UInt8]>([])

    func append(_ chunk: UnsafeRawBufferPointer) { bytes.withLock { $0.append(contentsOf: chunk) } }

    var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }
}

/// A pipe whose ends close themselves.
final class Pipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        precondition(pipe(&ends) == 0)
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        precondition(Glibc.write(writeEnd, &bytes, bytes.count) == bytes.count)
    }

    func closeWriteEnd() { close(writeEnd) }
    func closeReadEnd() { close(readEnd) }
}

/// Lets an `onOutput` closure reach the relay it belongs to (which exists only after it).
final class RelayReference: Sendable {
    private let relay = Mutex<Relay?>(nil)
    func set(_ value: Relay) { relay.withLock { $0 = value } }
    func forward(signal: Int32) { relay.withLock { $0 }?.forward(signal: signal) }
}

/// Runs `command` on a pty with input from `input` (default /dev/null) and output to
/// /dev/null, without touching the test process's signals.
func runSession(
    _ command: [String],
    size: WindowSize = WindowSize(columns: 80, rows: 24),
    input: Int32? = nil,
    output: Int32? = nil,
    grace: Duration = .seconds(2),
    onOutput: @escaping @Sendable (String, RelayReference) -> Void = { _, _ in }
) throws -> (status: PTY.ExitStatus, output: String, problems: [SystemError]) {
    let devNull = open("/dev/null", O_RDWR | O_CLOEXEC)
    defer { close(devNull) }
    let child = try ChildProcess.spawn(command, windowSize: size)
    var configuration = Relay.Configuration()
    configuration.input = input ?? devNull
    configuration.output = output ?? devNull
    configuration.handlesProcessSignals = false
    configuration.terminationGracePeriod = grace
    let collector = OutputCollector()
    let reference = RelayReference()
    let relay = try Relay(child: child, configuration: configuration, onOutput: { chunk in
        collector.append(chunk)
        onOutput(collector.text, reference)
    })
    reference.set(relay)
    let status = try relay.run()
    return (status, collector.text, relay.problems)
}
