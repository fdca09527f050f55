extension Screen {
    /// At session end the primary screen's used rows enter history so they can be archived.
    func moveScreenToHistoryForFinish() {
        let used = primary.usedRowCount
        for y in 0..<used { moveRowToHistory(y) }
        for y in 0..<rows { primary.reset(row: y) }
    }
}
