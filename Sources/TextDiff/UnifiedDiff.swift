/// A line diff (longest common subsequence on lines, after trimming the common ends) printed as
/// unified hunks: what `scrollvault diff` prints and the MCP server's `diff_command_output` returns.
public struct UnifiedDiff: Sendable {
    public enum Edit: Equatable, Sendable { case same(String), removed(String), added(String) }
    public let edits: [Edit]

    public init(_ old: [String], _ new: [String]) {
        var prefix = 0
        while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix && suffix < new.count - prefix
                && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)]), b = Array(new[prefix..<(new.count - suffix)])
        var middle: [Edit] = []
        // The table takes 4 bytes a cell: at most 16 MiB, then the plain fallback below.
        if a.count * b.count <= 4_000_000 {
            // lengths[i][j]: the LCS of a[i...] and b[j...].
            var lengths = [[Int32]](repeating: [Int32](repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < a.count || j < b.count {
                if i < a.count && j < b.count && a[i] == b[j] {
                    middle.append(.same(a[i])); i += 1; j += 1
                } else if j < b.count && (i == a.count || lengths[i][j + 1] >= lengths[i + 1][j]) {
                    middle.append(.added(b[j])); j += 1
                } else {
                    middle.append(.removed(a[i])); i += 1
                }
            }
        } else {
            // Too large to align line by line: everything in between changed.
            middle = a.map { .removed($0) } + b.map { .added($0) }
        }
        edits = old[..<prefix].map { .same($0) } + middle + old[(old.count - suffix)...].map { .same($0) }
    }

    /// `@@ -a,b +c,d @@` hunks with `context` unchanged lines around each change.
    public func hunks(context: Int) -> [String] {
        let changed = edits.indices.filter { if case .same = edits[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return [] }
        var groups: [ClosedRange<Int>] = []
        for index in changed {
            let range = max(0, index - context)...min(edits.count - 1, index + context)
            if let last = groups.last, range.lowerBound <= last.upperBound + 1 {
                groups[groups.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                groups.append(range)
            }
        }
        // Line numbers before each edit, in the old and the new text.
        var oldLine = [Int](repeating: 0, count: edits.count + 1), newLine = oldLine
        for (i, edit) in edits.enumerated() {
            let (inOld, inNew) = switch edit {
            case .same: (1, 1)
            case .removed: (1, 0)
            case .added: (0, 1)
            }
            oldLine[i + 1] = oldLine[i] + inOld
            newLine[i + 1] = newLine[i] + inNew
        }
        return groups.map { group in
            let oldCount = oldLine[group.upperBound + 1] - oldLine[group.lowerBound]
            let newCount = newLine[group.upperBound + 1] - newLine[group.lowerBound]
            var text = "@@ -\(oldLine[group.lowerBound] + (oldCount > 0 ? 1 : 0)),\(oldCount) +\(newLine[group.lowerBound] + (newCount > 0 ? 1 : 0)),\(newCount) @@\n"
            for edit in edits[group] {
                switch edit {
                case .same(let line): text += " \(line)\n"
                case .removed(let line): text += "-\(line)\n"
                case .added(let line): text += "+\(line)\n"
                }
            }
            return text
        }
    }
}
