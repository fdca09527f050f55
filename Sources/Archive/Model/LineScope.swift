/// The lines a search is limited to, by session: the output of the commands `search --command`,
/// `--failed` or `--cwd` picked.
public struct LineScope: Sendable, Equatable {
    /// Sorted, non-overlapping line ranges per session.
    private var ranges: [Int64: [ClosedRange<Int64>]] = [:]

    public init() {}

    /// The output lines of `commands` (those that printed something).
    public init(outputOf commands: [CommandSummary]) {
        for command in commands {
            if let lines = command.outputLines { ranges[command.session, default: []].append(lines) }
        }
        for session in ranges.keys { ranges[session]!.sort { $0.lowerBound < $1.lowerBound } }
    }

    public var isEmpty: Bool { ranges.isEmpty }

    public var sessions: [Int64] { ranges.keys.sorted() }

    public func contains(session: Int64, line: Int64) -> Bool {
        guard let list = ranges[session], let index = lastRange(in: list, startingAtOrBefore: line) else { return false }
        return list[index].contains(line)
    }

    /// Whether any line of `lines` of `session` is in scope (a chunk worth reading).
    public func overlaps(session: Int64, lines: ClosedRange<Int64>) -> Bool {
        guard let list = ranges[session] else { return false }
        if let index = lastRange(in: list, startingAtOrBefore: lines.upperBound) {
            // Earlier ranges end before this one starts: only this one can reach `lines`.
            return list[index].upperBound >= lines.lowerBound
        }
        return false
    }

    /// The last range starting at or before `line` (binary search).
    private func lastRange(in list: [ClosedRange<Int64>], startingAtOrBefore line: Int64) -> Int? {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid].lowerBound <= line { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }
}
