/// Turns a session's lines and shell events into its commands: which lines each command's
/// prompt and output are, what it ran, where, when, and how it ended.
///
/// A line's mark byte carries the mark in its low two bits and, above them, the tag of the
/// command it belongs to (the command's number modulo 63, plus one; see the terminal's
/// `SemanticMark.packed`). The tag places a line even when the prompt line before it was
/// erased before it reached history; events carry the command's number itself.
/// Used on the writer's thread only.
struct CommandTracker: Equatable {
    struct Command: Equatable {
        var command: String?
        var workingDirectory: String?
        var startedAt: Int64?
        var finishedAt: Int64?
        var exitStatus: Int32?
        var promptLine: Int64?
        var firstLine: Int64?
        var lastLine: Int64?
        /// A later command's line has been seen: its output is complete.
        var closed = false

        /// A prompt that ran nothing (an empty Enter) is not a command.
        var ranSomething: Bool { command != nil || startedAt != nil }
    }

    /// Every command but the current one, by number.
    private var others: [Int64: Command] = [:]
    /// The command the latest lines belong to (0: none yet), kept apart so that a line of
    /// its output costs no dictionary access.
    private(set) var current: Int64 = 0
    private var open = Command()
    /// Commands changed since `markStored()` (the current one is tracked by `openChanged`).
    private var changedOthers: Set<Int64> = []
    private var openChanged = false

    static let promptMark: UInt8 = 1
    static let outputMark: UInt8 = 3

    func command(_ ordinal: Int64) -> Command? {
        ordinal == current && current > 0 ? open : others[ordinal]
    }

    /// Commands changed since `markStored()`, by number.
    var changed: [Int64] {
        var numbers = Array(changedOthers)
        if openChanged && current > 0 && !changedOthers.contains(current) { numbers.append(current) }
        return numbers.sorted()
    }

    mutating func apply(_ event: CommandEvent) {
        let n = event.ordinal
        guard n > 0 else { return }
        update(n) { command in
            switch event.kind {
            case .prompt:
                break
            case .commandLine(let text):
                command.command = text
                if command.startedAt == nil { command.startedAt = event.time }
            case .started(let directory):
                command.startedAt = event.time
                if let directory { command.workingDirectory = directory }
            case .finished(let status):
                // A prompt's own D (an empty Enter) finishes nothing.
                guard command.ranSomething, command.finishedAt == nil else { return }
                command.finishedAt = event.time
                command.exitStatus = status
            }
        }
    }

    /// Line `number` with its packed mark byte, in order.
    mutating func line(_ number: Int64, packedMark: UInt8) {
        let mark = packedMark & 3, tag = packedMark >> 2
        if tag != 0 && (mark == Self.promptMark || mark == Self.outputMark) {
            let owner = ordinal(ofTag: tag)
            if owner != current { switchTo(owner, at: number) }
            if mark == Self.promptMark {
                if open.promptLine == nil { open.promptLine = number; openChanged = true }
            } else {
                if open.firstLine == nil { open.firstLine = number }
                open.lastLine = number
                openChanged = true
            }
        } else if current > 0 && open.firstLine != nil && !open.closed {
            // Blank or unmarked lines inside the output are output.
            open.lastLine = number
            openChanged = true
        }
    }

    /// The session ended after line `lastLine`: the running command's output ends there.
    mutating func sessionEnded(lastLine: Int64) {
        if current > 0 { Self.close(&open, before: lastLine + 1) }
        openChanged = true
    }

    mutating func markStored() {
        changedOthers.removeAll(keepingCapacity: true)
        openChanged = false
    }

    /// The first command from `current` on whose tag is `tag`.
    private func ordinal(ofTag tag: UInt8) -> Int64 {
        if current > 0 && Self.tag(of: current) == tag { return current }
        let next = current + 1
        let distance = (Int64(tag) - Int64(Self.tag(of: next)) + 63) % 63
        return next + distance
    }

    static func tag(of ordinal: Int64) -> UInt8 { UInt8(truncatingIfNeeded: (ordinal - 1) % 63 + 1) }

    /// Closes the current command at line `number` and makes `ordinal` current.
    private mutating func switchTo(_ ordinal: Int64, at number: Int64) {
        if current > 0 {
            Self.close(&open, before: number)
            others[current] = open
            changedOthers.insert(current)
        }
        current = ordinal
        open = others.removeValue(forKey: ordinal) ?? Command()
        if changedOthers.remove(ordinal) != nil { openChanged = true }
    }

    private static func close(_ command: inout Command, before number: Int64) {
        guard !command.closed else { return }
        command.closed = true
        if let first = command.firstLine {
            if first <= number - 1 { command.lastLine = number - 1 } else { command.firstLine = nil; command.lastLine = nil }
        }
    }

    private mutating func update(_ ordinal: Int64, _ body: (inout Command) -> Void) {
        if ordinal == current && current > 0 {
            body(&open)
            openChanged = true
            return
        }
        var command = others[ordinal] ?? Command()
        body(&command)
        others[ordinal] = command
        changedOthers.insert(ordinal)
    }
}
