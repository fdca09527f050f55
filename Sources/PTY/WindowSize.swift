import CPTY
import Glibc
import Support

/// A terminal's size in character cells.
public struct WindowSize: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    public var description: String { "\(columns)x\(rows)" }

    /// The size of the terminal behind `fileDescriptor`, or nil when it is not a terminal or
    /// reports a zero size (some terminals do before they are mapped).
    public static func ofTerminal(_ fileDescriptor: Int32) -> WindowSize? {
        guard isatty(fileDescriptor) == 1 else { return nil }
        guard let size = try? read(from: fileDescriptor), size.columns > 0, size.rows > 0 else {
            return nil
        }
        return size
    }

    /// TIOCGWINSZ on any terminal descriptor (including a pty master).
    static func read(from fileDescriptor: Int32) throws(SystemError) -> WindowSize {
        var raw = Glibc.winsize()
        try systemCall("ioctl(TIOCGWINSZ)") { cpty_get_winsize(fileDescriptor, &raw) }
        return WindowSize(columns: Int(raw.ws_col), rows: Int(raw.ws_row))
    }

    /// TIOCSWINSZ: on a pty master this also sends SIGWINCH to the foreground process group.
    func write(to fileDescriptor: Int32) throws(SystemError) {
        var raw = self.winsize
        try systemCall("ioctl(TIOCSWINSZ)") { cpty_set_winsize(fileDescriptor, &raw) }
    }

    var winsize: Glibc.winsize {
        Glibc.winsize(
            ws_row: UInt16(clamping: rows), ws_col: UInt16(clamping: columns),
            ws_xpixel: 0, ws_ypixel: 0)
    }
}
