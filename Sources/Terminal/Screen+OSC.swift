import PageStore

extension Screen {
    /// OSC: 0/2 title, 7 working directory, 133 and 633 shell-integration marks; the rest (8
    /// hyperlinks, colours, clipboard) changes nothing the archive keeps.
    public func oscDispatch(_ payload: UnsafeBufferPointer<UInt8>, truncated: Bool) {
        openCluster = nil
        lastPrinted = nil
        guard let semicolon = payload.firstIndex(of: UInt8(ascii: ";")) else { return }
        var command = 0
        for byte in payload[..<semicolon] {
            guard byte >= 0x30 && byte <= 0x39, command < 100_000 else { return }
            command = command * 10 + Int(byte - 0x30)
        }
        let argument = UnsafeBufferPointer(rebasing: payload[(semicolon + 1)...])
        switch command {
        case 0, 2:
            title = String(decoding: argument.prefix(4096), as: UTF8.self)
        case 7:
            workingDirectory = ShellIntegration.path(ofFileURL: String(decoding: argument.prefix(4096), as: UTF8.self))
        case 133, 633:
            guard !truncated else { return }
            shellIntegrationMark(argument, vsCode: command == 633)
        case Self.archivingControl:
            archivingControl(argument)
        default:
            break
        }
    }

    /// 133 A/B/C/D (and 633's same letters, E for the command line, P;Cwd= for the directory).
    private func shellIntegrationMark(_ argument: UnsafeBufferPointer<UInt8>, vsCode: Bool) {
        guard let kind = argument.first else { return }
        // Parameters after the letter: "D;2", "A;aid=12", "E;make\x20all;nonce".
        let parameters = argument.count > 2 && argument[1] == UInt8(ascii: ";")
            ? String(decoding: argument[2...].prefix(64 << 10), as: UTF8.self) : ""
        let physical = grid.rowMap[cursor.y]
        switch kind {
        case UInt8(ascii: "A"):
            // A prompt on a row already marked as this command's prompt (a redrawn prompt)
            // starts nothing new.
            let info = grid.rowInfo[physical]
            if currentMark == .prompt && info.mark == .prompt && info.commandTag == currentCommandTag { return }
            commandOrdinal += 1
            currentCommandTag = SemanticMark.commandTag(ofOrdinal: commandOrdinal)
            currentMark = .prompt
            // The prompt owns its row even when output without a final newline is on it: the
            // next command's lines start here.
            grid.rowInfo[physical].mark = .prompt
            grid.rowInfo[physical].commandTag = currentCommandTag
            record(.prompt)
        case UInt8(ascii: "B"):
            currentMark = .input
            markRow(physical)
        case UInt8(ascii: "C"):
            currentMark = .output
            markRow(physical)
            record(.started(workingDirectory: workingDirectory))
        case UInt8(ascii: "D"):
            currentMark = .none
            let status = parameters.split(separator: ";", omittingEmptySubsequences: false).first.flatMap { Int32($0) }
            record(.finished(exitStatus: status))
        case UInt8(ascii: "E") where vsCode:
            let line = parameters.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            record(.commandLine(ShellIntegration.unescapeCommandLine(line)))
        case UInt8(ascii: "P") where vsCode:
            if parameters.hasPrefix("Cwd=") { workingDirectory = String(parameters.dropFirst(4)) }
        default:
            return
        }
    }

    /// OSC 7777 ; pause|resume: ScrollVault's own sequence (`scrollvault pause`, or a program
    /// hiding its output). Rows written while paused are marked hidden, so their lines are
    /// shown but never archived, wherever they are when they reach the archive.
    static let archivingControl = 7777

    /// Pauses or resumes archiving without a sequence, and without an event: `exec` keeps its
    /// stdout's and stderr's emulators in step when a pause arrives on one of them.
    public func setArchivingPaused(_ paused: Bool) {
        archivingPaused = paused
    }

    private func archivingControl(_ argument: UnsafeBufferPointer<UInt8>) {
        let pause: Bool
        switch String(decoding: argument.prefix(16), as: UTF8.self) {
        case "pause": pause = true
        case "resume": pause = false
        default: return
        }
        guard pause != archivingPaused else { return }
        archivingPaused = pause
        if shellEvents.count < Self.maximumPendingShellEvents {
            shellEvents.append(ShellEvent(ordinal: commandOrdinal, kind: .archivingPaused(pause), time: now))
        }
    }

    private func markRow(_ physical: Int) {
        if grid.rowInfo[physical].mark == .none {
            grid.rowInfo[physical].mark = currentMark
            grid.rowInfo[physical].commandTag = currentCommandTag
        }
    }

    /// Events before the first prompt belong to no command and are dropped; so are events past
    /// `maximumPendingShellEvents` that nobody took.
    private func record(_ kind: ShellEvent.Kind) {
        guard commandOrdinal > 0, shellEvents.count < Self.maximumPendingShellEvents else { return }
        shellEvents.append(ShellEvent(ordinal: commandOrdinal, kind: kind, time: now))
    }

    static let maximumPendingShellEvents = 4096

    public var hasShellEvents: Bool { !shellEvents.isEmpty }

    /// The shell events since the last call, oldest first.
    public func takeShellEvents() -> [ShellEvent] {
        defer { shellEvents.removeAll(keepingCapacity: true) }
        return shellEvents
    }
}

/// Decoding what shell integrations send.
enum ShellIntegration {
    /// The path of a `file://host/path` URL (OSC 7), percent-decoded; other text is kept as is.
    static func path(ofFileURL text: String) -> String {
        guard text.hasPrefix("file://") else { return text }
        let rest = text.dropFirst(7)
        let path = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        return percentDecoded(String(path))
    }

    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// VS Code's escaping of the command line in 633 E: `\\` is a backslash and `\xAB` the
    /// byte 0xAB (used for `;`, control characters and newlines).
    static func unescapeCommandLine(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "\\"), let next = utf8.first else { bytes.append(byte); continue }
            if next == UInt8(ascii: "\\") {
                bytes.append(next)
                utf8 = utf8.dropFirst()
            } else if next == UInt8(ascii: "x"), utf8.count >= 3,
                      let value = UInt8(String(decoding: utf8.dropFirst().prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
