import VTParser

/// A small deterministic generator (SplitMix64) so random tests replay identically.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Captures CSI sequences by value, for tests that inspect parameters through the public API.
final class CSICapture: ParserHandler {
    var sequences: [CSISequence] = []
    var hooks: [CSISequence] = []
    var printed: [Unicode.Scalar] = []
    var asciiRuns: [Int] = []
    var dcsBytes = 0
    var unhooks = 0
    func print(_ scalar: Unicode.Scalar) { printed.append(scalar) }
    func printASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        asciiRuns.append(bytes.count)
        for byte in bytes { printed.append(Unicode.Scalar(byte)) }
    }
    func execute(_ control: UInt8) {}
    func csiDispatch(_ csi: CSISequence) { sequences.append(csi) }
    func escDispatch(intermediates: UInt16, final: UInt8) {}
    func oscDispatch(_ payload: UnsafeBufferPointer<UInt8>, truncated: Bool) {}
    func dcsHook(_ csi: CSISequence) { hooks.append(csi) }
    func dcsPut(_ byte: UInt8) { dcsBytes += 1 }
    func dcsUnhook() { unhooks += 1 }
}

func capture(_ text: String) -> CSICapture {
    var parser = Parser(handler: CSICapture())
    parser.feed(Array(text.utf8))
    return parser.handler
}

/// Feeds `bytes` in pieces cut at `cuts` (sorted offsets) and returns the action log.
func parse(_ bytes: [UInt8], cutAt cuts: [Int]) -> [String] {
    var parser = Parser(handler: RecordingHandler())
    var start = 0
    for cut in cuts + [bytes.count] {
        parser.feed(Array(bytes[start..<cut]))
        start = cut
    }
    return parser.handler.actions
}
