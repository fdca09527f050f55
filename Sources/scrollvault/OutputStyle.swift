import Glibc

enum OutputStyle {
    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    /// getenv, not ProcessInfo's environment: that builds a dictionary of every variable, 2% of
    /// a rare-token search's time.
    static func useColor(fd: Int32 = STDOUT_FILENO) -> Bool {
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        return isatty(fd) == 1
    }
}

/// Buffered writes to stdout (print() per line is slow for large exports).
final class StandardOutput {
    private var buffer: [UInt8] = []
    private let fd: Int32

    init(fd: Int32 = STDOUT_FILENO) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func write(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                break  // EPIPE: the reader went away (`| head`); nothing more to do
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}
