import Foundation

/// What a finished command left behind: its exit status and everything it printed.
struct CommandResult: CustomStringConvertible {
    var status: Int32
    /// True when the process was killed by a signal (then `status` is the signal number).
    var killedBySignal: Bool
    var stdout: Data
    var stderr: Data

    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }
    /// stdout split into lines (at "\n" or "\r\n", which Swift sees as one Character), without
    /// the final empty piece after the last newline.
    var lines: [String] {
        var pieces = out.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map(String.init)
        if pieces.last == "" { pieces.removeLast() }
        return pieces
    }

    var description: String {
        "status \(status)\(killedBySignal ? " (signal)" : "")\n--- stdout:\n\(out.prefix(3000))\n--- stderr:\n\(err.prefix(3000))"
    }
}

/// A command that did not finish within its time limit; it has been killed.
struct CommandTimedOut: Error, CustomStringConvertible {
    var arguments: [String]
    var seconds: Double
    var description: String { "\(arguments.joined(separator: " ")) did not finish within \(seconds) s" }
}
