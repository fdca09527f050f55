import VTParser

/// Records every parser action as text so streams can be compared action by action.
/// Consecutive ASCII runs and printed scalars are merged into one "print" entry, so the log
/// does not depend on where the fast path happened to split a run.
final class RecordingHandler: ParserHandler {
    var log: [String] = []
    private var pendingText = ""

    func print(_ scalar: Unicode.Scalar) { pendingText.unicodeScalars.append(scalar) }

    func printASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { pendingText.unicodeScalars.append(Unicode.Scalar(byte)) }
    }

    func execute(_ control: UInt8) { record("exec \(control)") }

    func csiDispatch(_ csi: CSISequence) { record("csi \(csi)") }

    func escDispatch(intermediates: UInt16, final: UInt8) {
        record("esc \(intermediates) \(Unicode.Scalar(final))")
    }

    func oscDispatch(_ payload: UnsafeBufferPointer<UInt8>, truncated: Bool) {
        record("osc \(payload.count) \(truncated) \(String(decoding: payload.prefix(40), as: UTF8.self))")
    }

    func dcsHook(_ csi: CSISequence) { record("hook \(csi)") }
    func dcsPut(_ byte: UInt8) { pendingDCS.append(byte) }
    func dcsUnhook() {
        record("dcs \(String(decoding: pendingDCS, as: UTF8.self))")
        pendingDCS.removeAll()
        record("unhook")
    }
    private var pendingDCS: [UInt8] = []

    /// The log with any trailing text flushed.
    var actions: [String] {
        var copy = log
        if !pendingText.isEmpty { copy.append("print \(pendingText)") }
        return copy
    }

    private func record(_ entry: String) {
        if !pendingText.isEmpty {
            log.append("print \(pendingText)")
            pendingText = ""
        }
        log.append(entry)
    }
}

func parse(_ bytes: [UInt8]) -> [String] {
    var parser = Parser(handler: RecordingHandler())
    parser.feed(bytes)
    return parser.handler.actions
}

func parse(_ text: String) -> [String] { parse(Array(text.utf8)) }
