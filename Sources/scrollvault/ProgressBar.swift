import Glibc
import PTY
import Support

/// One line on stderr that tells a person how far a long job is: a bar when the total is
/// known, the amount done, the rate and the time left, redrawn at most ten times a second and
/// cleared at the end. Only on a terminal: a pipe or a file gets nothing, so scripts that read
/// stderr see only messages.
final class ProgressBar {
    private let label: String
    private var total: Int64?
    private let unit: Unit
    private let started = ProgressBar.now()
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private var phase: String?

    enum Unit { case bytes, lines, chunks }

    /// Nil when stderr is not a terminal or `quiet` is set.
    init?(label: String, total: Int64?, unit: Unit, quiet: Bool = false) {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
        self.total = total.flatMap { $0 > 0 ? $0 : nil }
        self.unit = unit
    }

    /// `done` so far; drawn if the last drawing is 100 ms old.
    func update(_ done: Int64) {
        let now = Self.now()
        guard now - lastDraw >= 100_000_000 else { return }
        lastDraw = now
        draw(done, now: now)
    }

    /// `done` of `total`, for work whose total is only known once it has begun.
    func update(_ done: Int64, of total: Int64) {
        self.total = total > 0 ? total : nil
        update(done)
    }

    /// A phase after the counted work (`indexing`), shown in place of the rate.
    func enter(_ phase: String, done: Int64) {
        self.phase = phase
        lastDraw = Self.now()
        draw(done, now: lastDraw)
    }

    /// Clears the line, so what is printed next starts clean.
    func finish() {
        if drawn { StandardError.write("\r\u{1B}[K") }
        drawn = false
    }

    private func draw(_ done: Int64, now: UInt64) {
        let seconds = Double(now - started) / 1e9
        var parts = [label]
        if let total {
            let fraction = min(1, Double(done) / Double(total))
            parts.append("\(Int(fraction * 100))%".leftPadded(to: 4))
            parts.append("[" + String(repeating: "#", count: Int(fraction * 20)) + String(repeating: " ", count: 20 - Int(fraction * 20)) + "]")
            parts.append("\(amount(done))/\(amount(total))")
        } else {
            parts.append(amount(done))
        }
        if let phase {
            parts.append(phase + "…")
        } else if seconds > 0.2 {
            let rate = Double(done) / seconds
            let speed: String = switch unit {
            case .bytes: "\(oneDecimal(rate / 1e6)) MB/s"
            case .lines: "\(Int(rate)) lines/s"
            case .chunks: "\(Int(rate)) chunks/s"
            }
            parts.append(speed)
            if let total, rate > 0, done < total { parts.append("ETA \(Int((Double(total - done) / rate).rounded(.up)))s") }
        }
        // Too wide for the terminal: the label gives way first, then the end of the line.
        let width = WindowSize.ofTerminal(STDERR_FILENO)?.columns ?? 80
        var line = parts.joined(separator: "  ")
        if line.count >= width {
            let rest = parts.dropFirst().joined(separator: "  ")
            let room = width - 1 - rest.count - 2
            line = room >= 8 ? String(label.prefix(room - 1)) + "…  " + rest : String(rest.prefix(max(width - 1, 1)))
        }
        StandardError.write("\r\u{1B}[K" + line)
        drawn = true
    }

    private func amount(_ value: Int64) -> String {
        switch unit {
        case .bytes: "\(oneDecimal(Double(value) / 1_048_576)) MiB"
        case .lines: "\(value) lines"
        case .chunks: "\(value) chunks"
        }
    }

    private func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
