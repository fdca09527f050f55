/// A recording that is only bytes, with no times: `raw` (the bytes as the program wrote them
/// to its terminal, handed out in blocks) or `text` (a program's output captured without a
/// terminal, a pipe or a file: each "\n" becomes "\r\n", as the tty's ONLCR would have made
/// it, so every line starts in the first column; escape sequences are kept and rendered).
struct UntimedRecordingDecoder: RecordingDecoder {
    let header = RecordingHeader()
    let ending = RecordingEnding()
    private let input: ImportInput
    /// Whether "\n" becomes "\r\n" (`text`).
    private let translatesNewlines: Bool

    init(input: ImportInput, translatesNewlines: Bool) {
        self.input = input
        self.translatesNewlines = translatesNewlines
    }

    mutating func next() throws(ImportError) -> RecordingEvent? {
        guard translatesNewlines else {
            let chunk = try input.take(upTo: ImportInput.blockSize)
            return chunk.isEmpty ? nil : .output(chunk, time: nil)
        }
        // Half a block in, so that even all newlines stay within one block out.
        let chunk = try input.take(upTo: ImportInput.blockSize / 2)
        if chunk.isEmpty { return nil }
        var translated: [UInt8] = []
        translated.reserveCapacity(chunk.count + chunk.count / 16)
        var rest = chunk[...]
        while let newline = rest.firstIndex(of: 0x0A) {
            translated.append(contentsOf: rest[..<newline])
            translated.append(contentsOf: [0x0D, 0x0A])
            rest = rest[(newline + 1)...]
        }
        translated.append(contentsOf: rest)
        return .output(translated, time: nil)
    }
}
