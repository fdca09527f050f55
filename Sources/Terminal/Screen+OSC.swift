import PageStore

extension Screen {
    /// OSC: 0/2 title, 7 working directory, 133 shell-integration marks; the rest (8 hyperlinks,
    /// colours, clipboard) changes nothing the archive keeps.
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
            workingDirectory = String(decoding: argument.prefix(4096), as: UTF8.self)
        case 133:
            guard let kind = argument.first else { return }
            switch kind {
            case UInt8(ascii: "A"): currentMark = .prompt
            case UInt8(ascii: "B"): currentMark = .input
            case UInt8(ascii: "C"): currentMark = .output
            case UInt8(ascii: "D"): currentMark = .none
            default: return
            }
            let physical = grid.rowMap[cursor.y]
            if grid.rowInfo[physical].mark == .none { grid.rowInfo[physical].mark = currentMark }
        default:
            break
        }
    }
}
