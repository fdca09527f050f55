extension Screen {
    /// At session end the primary screen's used rows enter history so they can be archived.
    func moveScreenToHistoryForFinish() {
        var used = 0
        for y in 0..<rows where !primary.isBlank(row: y) { used = y + 1 }
        for y in 0..<used { moveRowToHistory(y) }
        for y in 0..<rows { primary.reset(row: y) }
    }
}
