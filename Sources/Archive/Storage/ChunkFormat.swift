/// The on-disk layout of a chunk's `body` blob.
///
/// ```
/// body    = format:u8 · varint(payload length) · compressed(payload)
///           format 1: zlib (archives written before zstd); format 2: zstd (the dense form);
///           format 4: crc32(block):u32le · LZ4 block (the fast form, written during bursts)
///           format 3: crc32(payload):u32le · LZ4 block (the fast form before format 4; read only)
/// payload = varint(line count) · varint(meta length) · meta · text
/// meta    = per line: varint(text bytes) · zigzag(timestamp − previous; first − 0) · mark:u8
///                     · varint(run count) · runs (varint start, varint length, varint sgr bytes, sgr)
/// text    = the lines' UTF-8 joined by "\n"
/// ```
/// Why this shape (the figures behind it: docs/decisions.md, "How the archive stores lines"):
/// - 64 lines / 16 KiB per chunk: the FTS index gets one document per chunk, so its size is
///   ~1/64 of a per-line index in doclist overhead, while a hit decompresses ≤16 KiB.
/// - metadata before text and the text as one block: deflate sees long runs of similar text
///   and the FTS 'delete' command can be fed exactly the `text` block it was given.
/// - timestamps delta-encoded: consecutive lines mostly share a millisecond, one byte each.
enum ChunkFormat {
    /// A chunk body holding `payload`, compressed the way `compression` asks.
    static func encode(_ payload: UnsafeRawBufferPointer, _ compression: ChunkCompression, level: Int32 = ArchiveTuning().compressionLevel, zstd: ZstdContext) -> [UInt8] {
        var out: [UInt8] = [compression == .fast ? lz4Version : version]
        out.reserveCapacity(payload.count / 2 + 64)
        Varint.append(UInt64(payload.count), to: &out)
        switch compression {
        case .dense: zstd.compress(payload, level: level, into: &out)
        case .fast: Lz4Block.compress(payload, into: &out)
        }
        return out
    }

    /// The dense format (zstd); `zlibVersion` chunks are still read.
    static let version: UInt8 = 2
    static let zlibVersion: UInt8 = 1
    /// The fast format (LZ4), rewritten as `version` once the output is quiet.
    static let lz4Version: UInt8 = 4
    /// The fast format whose CRC covered the decoded payload; read and rewritten, not written.
    static let lz4PayloadChecksumVersion: UInt8 = 3
    static let readable: [UInt8] = [zlibVersion, version, lz4PayloadChecksumVersion, lz4Version]

    /// Whether a chunk of this format is in a fast form, to be rewritten densely.
    static func isFast(_ format: UInt8) -> Bool { format == lz4Version || format == lz4PayloadChecksumVersion }
    /// A chunk is sealed at this many lines...
    static let maxLines = 64
    /// ...or once its text reaches this many bytes, whichever comes first.
    static let maxTextBytes = 16 * 1024
}

/// How an archive connection stores what it writes. The defaults are what every command uses;
/// archive-bench passes others to compare.
public struct ArchiveTuning: Sendable, Equatable {
    /// zstd level for new dense chunks. 1 by measurement (see docs/decisions.md): the writer
    /// must keep up with a pty at up to ~80 MB/s, and higher levels buy little on terminal text.
    public var compressionLevel: Int32 = 1
    /// SQLite page size for a new archive (set when the file is created, ignored after): 8 KiB
    /// packs ~1.5 KiB compressed chunks with the least slack.
    public var pageSize = 8192
    /// Whether writers fill the trigram index (substring search). Off, substring queries
    /// decompress and scan every chunk instead.
    public var trigramIndex = true

    public init() {}
}

/// Accumulates lines for one chunk, then seals them into a compressed body.
struct ChunkBuilder {
    private let zstd = ZstdContext()
    /// zstd level of the dense form (`ArchiveTuning.compressionLevel`).
    private let compressionLevel: Int32
    private(set) var meta: [UInt8] = []
    private(set) var text: [UInt8] = []
    private(set) var lineCount = 0
    private(set) var firstTime: Int64 = 0
    private(set) var lastTime: Int64 = 0
    /// Sum of the lines' text bytes (without the joining newlines).
    private(set) var textBytes = 0

    init(compressionLevel: Int32 = ArchiveTuning().compressionLevel) {
        self.compressionLevel = compressionLevel
        meta.reserveCapacity(1024)
        text.reserveCapacity(ChunkFormat.maxTextBytes + 1024)
    }

    var isEmpty: Bool { lineCount == 0 }
    var isFull: Bool { lineCount >= ChunkFormat.maxLines || text.count >= ChunkFormat.maxTextBytes }

    /// Appends a line whose runs are already encoded as `meta` stores them (see `LineBatch`).
    mutating func append(_ entry: LineBatch.Entry, text line: UnsafeBufferPointer<UInt8>, encodedRuns: UnsafeBufferPointer<UInt8>) {
        if lineCount == 0 { firstTime = entry.timestamp } else { text.append(0x0A) }
        text.append(contentsOf: line)
        textBytes += line.count
        // The line's fixed fields go through scratch memory into one append: a byte-at-a-time
        // append checks capacity and uniqueness per byte.
        let delta = entry.timestamp &- (lineCount == 0 ? 0 : lastTime)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * Varint.maximumLength + 1) { scratch in
            let p = scratch.baseAddress!
            var n = Varint.write(UInt64(line.count), to: p)
            n += Varint.write(Varint.zigzag(delta), to: p + n)
            p[n] = entry.mark
            n += 1
            n += Varint.write(UInt64(entry.runCount), to: p + n)
            meta.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        }
        if !encodedRuns.isEmpty { meta.append(contentsOf: encodedRuns) }
        lastTime = entry.timestamp
        lineCount += 1
    }

    /// The compressed body for the lines so far (the builder is unchanged).
    func body(_ compression: ChunkCompression = .dense) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(meta.count + text.count + 16)
        Varint.append(UInt64(lineCount), to: &payload)
        Varint.append(UInt64(meta.count), to: &payload)
        payload.append(contentsOf: meta)
        payload.append(contentsOf: text)
        return payload.withUnsafeBytes { ChunkFormat.encode($0, compression, level: compressionLevel, zstd: zstd) }
    }

    mutating func reset() {
        meta.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        lineCount = 0
        textBytes = 0
        firstTime = 0
        lastTime = 0
    }
}

/// A decompressed chunk: its payload plus per-line offsets. Reused across chunks by search
/// and export so scanning allocates nothing per chunk once warmed up.
struct DecodedChunk {
    private let zstd = ZstdContext()
    var payload: [UInt8] = []
    /// The body's format byte (`ChunkFormat.isFast` marks a chunk to rewrite densely).
    var format: UInt8 = 0
    var lineCount = 0
    /// The line count the payload's header gives, known after `decompress`.
    var declaredLineCount = 0
    /// Where the line table and the text block start in `payload`.
    var tableStart = 0
    var textStart = 0
    /// Per line: byte offset of the text within `payload`, its length, timestamp, mark, and the
    /// offset of its style runs within `payload`.
    var textOffsets: [Int] = []
    var textLengths: [Int] = []
    var timestamps: [Int64] = []
    var marks: [UInt8] = []
    var runOffsets: [Int] = []

    /// Decodes `body` into this value. `id` is only for the error message.
    mutating func decode(_ body: UnsafeRawBufferPointer, id: Int64) throws(ArchiveError) {
        try decompress(body, id: id)
        try decodeLineTable(id: id)
    }

    /// The first half of `decode`: the payload, and where its text block starts, but no line
    /// table (`lineCount` is 0 until `decodeLineTable`). A search that rules the chunk out
    /// by its text block never pays for parsing 64 lines' fields into five arrays.
    mutating func decompress(_ body: UnsafeRawBufferPointer, id: Int64) throws(ArchiveError) {
        var header = ByteReader(body)
        let format = header.byte()
        guard ChunkFormat.readable.contains(format) else {
            throw .corruptChunk(id: id, reason: "unknown format \(format)")
        }
        let length = header.int()
        guard !header.failed, length < 64 << 20 else { throw .corruptChunk(id: id, reason: "bad header") }
        let compressed = UnsafeRawBufferPointer(rebasing: body[header.offset...])
        let intact: Bool
        switch format {
        case ChunkFormat.version: intact = zstd.decompress(compressed, expectedCount: length, into: &payload)
        case ChunkFormat.lz4Version:
            intact = Lz4Block.decompress(compressed, expectedCount: length, checksum: .block, into: &payload)
        case ChunkFormat.lz4PayloadChecksumVersion:
            intact = Lz4Block.decompress(compressed, expectedCount: length, checksum: .payload, into: &payload)
        case ChunkFormat.zlibVersion: intact = Zlib.decompress(compressed, expectedCount: length, into: &payload)
        default: throw .corruptChunk(id: id, reason: "unknown format \(format)")
        }
        guard intact else { throw .corruptChunk(id: id, reason: "compressed data damaged") }
        self.format = format
        lineCount = 0
        let layout: (count: Int, tableStart: Int, textStart: Int)? = payload.withUnsafeBytes { raw in
            var r = ByteReader(raw)
            let count = r.int()
            let metaLength = r.int()
            let tableStart = r.offset
            guard !r.failed, count >= 0, metaLength >= 0, tableStart + metaLength <= raw.count else { return nil }
            return (count, tableStart, tableStart + metaLength)
        }
        guard let layout else { throw .corruptChunk(id: id, reason: "line table damaged") }
        declaredLineCount = layout.count
        tableStart = layout.tableStart
        textStart = layout.textStart
    }

    /// The second half of `decode`: each line's text offset, length, timestamp, mark and runs.
    mutating func decodeLineTable(id: Int64) throws(ArchiveError) {
        textOffsets.removeAll(keepingCapacity: true)
        textLengths.removeAll(keepingCapacity: true)
        timestamps.removeAll(keepingCapacity: true)
        marks.removeAll(keepingCapacity: true)
        runOffsets.removeAll(keepingCapacity: true)
        let count = declaredLineCount, textStart = self.textStart
        let ok: Bool = payload.withUnsafeBytes { raw in
            var r = ByteReader(raw, offset: tableStart)
            var textCursor = textStart
            var time: Int64 = 0
            for i in 0..<count {
                let n = r.int()
                time = time &+ r.signedVarint()
                let mark = r.byte()
                runOffsets.append(r.offset)
                let runs = r.int()
                for _ in 0..<runs {
                    _ = r.varint(); _ = r.varint()
                    r.skip(r.int())
                }
                if i > 0 { textCursor += 1 }
                guard !r.failed, textCursor + n <= raw.count else { return false }
                textOffsets.append(textCursor)
                textLengths.append(n)
                timestamps.append(time)
                marks.append(mark)
                textCursor += n
            }
            return !r.failed && r.offset == textStart
        }
        guard ok else { throw .corruptChunk(id: id, reason: "line table damaged") }
        lineCount = count
    }

    /// The dense (zstd) body for this chunk's payload, compressed at `level`.
    func denseBody(level: Int32) -> [UInt8] {
        payload.withUnsafeBytes { ChunkFormat.encode($0, .dense, level: level, zstd: zstd) }
    }

    /// The chunk's whole text block (lines joined by "\n"), exactly as it was indexed.
    var textBlock: String {
        payload.withUnsafeBufferPointer { String(decoding: $0[textStart...], as: UTF8.self) }
    }

    func text(_ i: Int) -> String {
        payload.withUnsafeBufferPointer {
            String(decoding: $0[textOffsets[i]..<(textOffsets[i] + textLengths[i])], as: UTF8.self)
        }
    }

    func styleRuns(_ i: Int) -> [StyleRun] {
        payload.withUnsafeBytes { raw in
            var r = ByteReader(raw, offset: runOffsets[i])
            let count = r.int()
            var runs: [StyleRun] = []
            runs.reserveCapacity(count)
            for _ in 0..<count {
                let start = Int32(truncatingIfNeeded: r.varint())
                let length = Int32(truncatingIfNeeded: r.varint())
                let n = r.int()
                guard !r.failed, r.offset + n <= raw.count else { break }
                let sgr = String(decoding: UnsafeRawBufferPointer(rebasing: raw[r.offset..<(r.offset + n)]), as: UTF8.self)
                r.skip(n)
                runs.append(StyleRun(start: start, length: length, sgr: sgr))
            }
            return runs
        }
    }

    /// The time of line `i`. Older recorders stored 0 for a line no character was ever
    /// written to (a blank line): it gets the previous line's time (or, first in its chunk,
    /// the next line's), which is when it scrolled into view.
    func timeShown(ofLine i: Int) -> Int64 {
        if timestamps[i] != 0 { return timestamps[i] }
        if let earlier = timestamps[..<i].last(where: { $0 != 0 }) { return earlier }
        return timestamps[(i + 1)..<lineCount].first(where: { $0 != 0 }) ?? 0
    }

    func line(_ i: Int, firstLine: Int64) -> ExportedLine {
        ExportedLine(number: firstLine + Int64(i), text: text(i), timestamp: timestamps[i],
                     mark: marks[i], styleRuns: styleRuns(i))
    }
}
