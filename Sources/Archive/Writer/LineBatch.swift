/// Lines on their way from the producer to the writer thread, in three flat buffers.
///
/// A line costs no allocation of its own here: its text is appended to `text`, its style runs
/// to `runBytes` already encoded as the chunk format stores them, and one fixed-size entry
/// records where they end. A String and a run array per line, created on the emulator's
/// thread and freed on the writer's, were a fifth of the emulator thread's time in a burst.
///
/// A producer may gather lines in a batch of its own and hand them over together
/// (`ArchiveWriter.append(_:)`): one lock per batch instead of one per line.
public struct LineBatch: Equatable {
    struct Entry: Equatable {
        var textEnd: Int
        var runBytesEnd: Int
        var runCount: Int
        var timestamp: Int64
        var mark: UInt8
        var stream: LineStream = .output
    }

    private(set) var text: [UInt8] = []
    private(set) var runBytes: [UInt8] = []
    private(set) var entries: [Entry] = []

    public init() {}

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    /// Text bytes held, for a producer deciding when to hand the batch over.
    public var textBytes: Int { text.count }
    /// The batch's cost against the queue's byte bound (the sum of its lines' `cost`).
    var cost: Int { text.count + runBytes.count + Self.lineOverhead * entries.count }

    /// What a line costs against the queue's byte bound: its text and runs plus a fixed
    /// overhead, so that a flood of empty lines is bounded too.
    static func cost(textBytes: Int, runBytes: Int) -> Int { textBytes + runBytes + lineOverhead }
    static let lineOverhead = 48

    public mutating func append(text line: UnsafeBufferPointer<UInt8>, timestamp: Int64, mark: UInt8,
                         styleRuns: UnsafeBufferPointer<StyleRun>, stream: LineStream = .output) {
        text.append(contentsOf: line)
        for run in styleRuns {
            var sgr = run.sgr
            sgr.withUTF8 { bytes in
                // The three numbers go through scratch memory into one append (see
                // `ChunkBuilder.append`), then the SGR bytes.
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: EncodedStyleRuns.maximumHeaderLength) { scratch in
                    let p = scratch.baseAddress!
                    let n = EncodedStyleRuns.writeHeader(start: Int(run.start), length: Int(run.length), sgrCount: bytes.count, to: p)
                    runBytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
                }
                runBytes.append(contentsOf: bytes)
            }
        }
        entries.append(Entry(textEnd: text.count, runBytesEnd: runBytes.count, runCount: styleRuns.count,
                             timestamp: timestamp, mark: mark, stream: stream))
    }

    /// Appends a line whose style runs the producer encoded (`EncodedStyleRuns`): they are
    /// copied in one piece.
    public mutating func append(text line: UnsafeBufferPointer<UInt8>, timestamp: Int64, mark: UInt8,
                                runs: EncodedStyleRuns, stream: LineStream = .output) {
        text.append(contentsOf: line)
        if !runs.isEmpty { runs.withBytes { runBytes.append(contentsOf: $0) } }
        entries.append(Entry(textEnd: text.count, runBytesEnd: runBytes.count, runCount: runs.count,
                             timestamp: timestamp, mark: mark, stream: stream))
    }

    /// Appends every line of `other`, in order.
    mutating func append(contentsOf other: LineBatch) {
        let textBase = text.count
        let runBase = runBytes.count
        text.append(contentsOf: other.text)
        runBytes.append(contentsOf: other.runBytes)
        entries.reserveCapacity(entries.count + other.entries.count)
        for var entry in other.entries {
            entry.textEnd += textBase
            entry.runBytesEnd += runBase
            entries.append(entry)
        }
    }

    /// Line `i`'s text and encoded runs, valid inside `body` only.
    func withLine<R>(_ i: Int, _ body: (Entry, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> R) -> R {
        let entry = entries[i]
        let textStart = i == 0 ? 0 : entries[i - 1].textEnd
        let runStart = i == 0 ? 0 : entries[i - 1].runBytesEnd
        return text.withUnsafeBufferPointer { allText in
            runBytes.withUnsafeBufferPointer { allRuns in
                body(entry, UnsafeBufferPointer(rebasing: allText[textStart..<entry.textEnd]),
                     UnsafeBufferPointer(rebasing: allRuns[runStart..<entry.runBytesEnd]))
            }
        }
    }

    /// Empties the batch, keeping its buffers for the next one unless a huge line (a piece of
    /// up to 4 MiB) grew them past what a batch normally needs.
    public mutating func removeAll() {
        let keep = text.capacity <= Self.retainedCapacity && runBytes.capacity <= Self.retainedCapacity
        text.removeAll(keepingCapacity: keep)
        runBytes.removeAll(keepingCapacity: keep)
        entries.removeAll(keepingCapacity: true)
    }

    static let retainedCapacity = 2 << 20
}
