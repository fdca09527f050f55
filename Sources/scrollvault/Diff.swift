import Archive
import ArgumentParser

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare a command's output with its previous run.",
        discussion: """
            Prints a unified diff of what command ID (default: the last finished one, -1) printed \
            against the previous finished run of the same command line in the same directory, or \
            against --against ID.

            Examples:
              scrollvault diff                        # did the last command print what it did last time?
              scrollvault diff 412 --against 388

            Exit status: 0 the outputs are the same; 1 they differ; 2 nothing to compare (no such \
            command, no earlier run) or error.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("The command to compare with (default: the previous run); -N for the Nth last.", valueName: "id"))
    var against: String?
    @OptionGroup var command: CommandChoice

    func validate() throws {
        if let against, CommandReference(against) == nil { throw ValidationError("--against '\(against)' is neither a command id nor -N") }
    }

    func run() throws {
        let db = try archive.openForReading()
        let new = try command.resolve(in: db, missing: ExitStatus.error)
        let old: CommandSummary
        if let against {
            guard let found = try CommandReference(against)!.resolve(in: db) else {
                throw CLIError("no command \(against) (see `scrollvault commands`)", code: ExitStatus.error)
            }
            old = found
        } else {
            guard let found = try db.previousRun(of: new) else {
                throw CLIError("command \(new.id) (\(new.command ?? "?")) has no earlier run in \(new.workingDirectory ?? "its directory")", code: ExitStatus.error)
            }
            old = found
        }
        let before = try Self.output(of: old, in: db), after = try Self.output(of: new, in: db)
        let hunks = UnifiedDiff(before, after).hunks(context: 3)
        guard !hunks.isEmpty else { throw ExitCode(0) }
        let out = StandardOutput()
        out.write("--- command \(old.id): \(old.command ?? "?")\(old.startedAt.map { " (" + formatTime($0) + ")" } ?? "")\n")
        out.write("+++ command \(new.id): \(new.command ?? "?")\(new.startedAt.map { " (" + formatTime($0) + ")" } ?? "")\n")
        for hunk in hunks { out.write(hunk) }
        out.flush()
        throw ExitCode(1)
    }

    static func output(of command: CommandSummary, in db: Archive) throws -> [String] {
        guard let lines = command.outputLines else { return [] }
        var texts: [String] = []
        try db.export(session: command.session, lines: lines) { texts.append($0.text) }
        return texts
    }
}

/// A line diff (longest common subsequence on lines, after trimming the common ends) printed as
/// unified hunks.
struct UnifiedDiff {
    enum Edit: Equatable { case same(String), removed(String), added(String) }
    let edits: [Edit]

    init(_ old: [String], _ new: [String]) {
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
    func hunks(context: Int) -> [String] {
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
