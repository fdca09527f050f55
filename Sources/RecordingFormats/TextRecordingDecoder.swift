/// A program's output captured without a terminal (a pipe, a file): each "\n" becomes "\r\n",
/// as the tty's ONLCR would have made it, so every line starts in the first column. Escape
/// sequences (colours, `\r` progress bars) are kept and rendered as usual. No times.
struct TextRecordingDecoder: RecordingDecoder {
    let header = RecordingHeader()
    let ending = RecordingEnding()
    private let input: ImportInput

    init(input: ImportInput) {
        self.input = input
    }

    mutating func next() throws(ImportError) -> RecordingEvent? {
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
