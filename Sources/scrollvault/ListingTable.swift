import Glibc
import PTY

/// A listing (`sessions`, `commands`): a header row and one row per item, columns aligned in
/// terminal cells, the last column (a command line) cut to what the terminal's width leaves it.
enum ListingTable {
    static func write(_ rows: [[String]], to out: StandardOutput) {
        guard let header = rows.first else { return }
        let widths = (0..<header.count).map { column in rows.map { ListingText.width($0[column]) }.max() ?? 0 }
        // What the other columns leave of the terminal's width (at least one cell, then the
        // narrowest terminals wrap as they would anyway).
        let lastRoom = terminalWidth().map { width in
            max(width - widths.dropLast().reduce(0, +) - 2 * (widths.count - 1), 1)
        }
        for row in rows {
            let cells = row.enumerated().map { column, value in
                column == row.count - 1
                    ? lastRoom.map { ListingText.truncated(value, toWidth: $0) } ?? value
                    : value + String(repeating: " ", count: max(widths[column] - ListingText.width(value), 0))
            }
            out.write(cells.joined(separator: "  ") + "\n")
        }
        out.flush()
    }

    /// The width to cut to: only when stdout is a terminal (a pipe gets whole lines).
    private static func terminalWidth() -> Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        if let size = WindowSize.ofTerminal(STDOUT_FILENO) { return size.columns }
        return getenv("COLUMNS").flatMap { Int(String(cString: $0)) }.flatMap { $0 > 0 ? $0 : nil } ?? 80
    }
}
