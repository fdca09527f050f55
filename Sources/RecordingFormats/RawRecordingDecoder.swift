/// A raw recording: the bytes as the program wrote them, handed out in blocks, with no times.
struct RawRecordingDecoder: RecordingDecoder {
    let header = RecordingHeader()
    let ending = RecordingEnding()
    private let input: ImportInput

    init(input: ImportInput) {
        self.input = input
    }

    mutating func next() throws(ImportError) -> RecordingEvent? {
        let chunk = try input.take(upTo: ImportInput.blockSize)
        return chunk.isEmpty ? nil : .output(chunk, time: nil)
    }
}
