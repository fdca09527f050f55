@testable import Archive
import Testing

/// Decodes a chunk body, or returns the error it was refused with.
private func decodeChunk(_ body: [UInt8]) -> Result<DecodedChunk, ArchiveError> {
    var chunk = DecodedChunk()
    var failure: ArchiveError?
    body.withUnsafeBytes { raw in
        do { try chunk.decode(raw, id: 1) } catch { failure = error as? ArchiveError ?? .corruptChunk(id: 1, reason: "\(error)") }
    }
    if let failure { return .failure(failure) }
    return .success(chunk)
}

extension ChunkBuilder {
    /// One line the way the writer adds it (through a batch), for building chunks by hand.
    mutating func append(_ line: ArchiveLine) {
        var batch = LineBatch()
        var text = line.text
        text.withUTF8 { bytes in
            line.styleRuns.withUnsafeBufferPointer { runs in
                batch.append(text: bytes, timestamp: line.timestamp, mark: line.mark, styleRuns: runs)
            }
        }
        batch.withLine(0) { append($0, text: $1, encodedRuns: $2) }
    }
}

/// Rewrites every stored chunk of the archive at `path` in the fast (LZ4) form, as a burst
/// leaves them; returns how many there were. (Here because this file sees Archive's internals.)
@discardableResult
func rewriteChunksInFastForm(path: String) throws -> Int {
    let archive = try Archive(path: path, mode: .readWrite)
    defer { archive.close() }
    var bodies: [(Int64, [UInt8])] = []
    let select = try archive.db.cached("SELECT id, body FROM chunks ORDER BY id")
    var chunk = DecodedChunk()
    while try select.step() {
        let id = select.int64(0)
        try select.withBlob(1) { (body) throws(ArchiveError) in try chunk.decode(body, id: id) }
        bodies.append((id, chunk.payload.withUnsafeBytes { ChunkFormat.encode($0, .fast, zstd: ZstdContext()) }))
    }
    select.reset()
    for (id, body) in bodies {
        let update = try archive.db.cached("UPDATE chunks SET body = ? WHERE id = ?")
        update.bind(body, at: 1)
        update.bind(id, at: 2)
        try update.run()
    }
    return bodies.count
}

/// The format byte of every stored chunk, oldest first.
func chunkFormats(path: String) throws -> [UInt8] {
    let archive = try Archive(path: path, mode: .readOnly)
    defer { archive.close() }
    let select = try archive.db.cached("SELECT substr(body, 1, 1) FROM chunks ORDER BY id")
    var formats: [UInt8] = []
    while try select.step() { formats.append(try select.withBlob(0) { $0.first ?? 0 }) }
    select.reset()
    return formats
}

/// Chunks written before zstd (format 1, zlib) must still read back after the switch.
@Suite struct ChunkFormatCompatibilityTests {
    @Test func zlibChunksFromEarlierArchivesStillDecode() throws {
        var builder = ChunkBuilder()
        var lines: [ArchiveLine] = []
        for i in 1...40 {
            let runs: [StyleRun] = i % 3 == 0 ? [StyleRun(start: 0, length: 4, sgr: "1;31")] : []
            let time: Int64 = 1_700_000_000_000 + Int64(i) * 7
            lines.append(ArchiveLine(text: "line \(i) 👩‍👩‍👧 é", timestamp: time, mark: UInt8(i % 4), styleRuns: runs))
        }
        for line in lines { builder.append(line) }
        let zstdBody = builder.body()
        #expect(zstdBody.first == ChunkFormat.version)

        // Recover the payload, then write it the way format 1 did.
        var header = zstdBody.withUnsafeBytes { ByteReader($0) }
        _ = header.byte()
        let length = header.int()
        let offset = header.offset
        var payload: [UInt8] = []
        let decompressed = zstdBody.withUnsafeBytes {
            ZstdContext().decompress(UnsafeRawBufferPointer(rebasing: $0[offset...]), expectedCount: length, into: &payload)
        }
        try #require(decompressed)
        var zlibBody: [UInt8] = [ChunkFormat.zlibVersion]
        Varint.append(UInt64(payload.count), to: &zlibBody)
        payload.withUnsafeBytes { Zlib.compress($0, level: 6, into: &zlibBody) }

        var fastBody: [UInt8] = [ChunkFormat.lz4Version]
        Varint.append(UInt64(payload.count), to: &fastBody)
        payload.withUnsafeBytes { Lz4Block.compress($0, into: &fastBody) }
        #expect(builder.body(.fast) == fastBody)
        #expect(fastBody.first == 4)

        for body in [zstdBody, zlibBody, fastBody] {
            let chunk = try decodeChunk(body).get()
            #expect(chunk.lineCount == lines.count)
            for (i, line) in lines.enumerated() {
                let got = chunk.line(i, firstLine: 1)
                #expect(got.text == line.text)
                #expect(got.timestamp == line.timestamp)
                #expect(got.mark == line.mark)
                #expect(got.styleRuns == line.styleRuns)
            }
        }
    }

    /// A format-3 body (CRC-32 of the decoded payload beside the LZ4 block) as the writer
    /// stored it during bursts before format 4: archives may still hold unindexed ones.
    @Test func lz4ChunksWithAPayloadChecksumStillDecodeAndCountAsFast() throws {
        let hex = "0369f3103065f62703180d80a0abfef9620101000504313b33311e0e0000220402006669727374206c696e6520c3a90a7365636f6e6420f09f91a9e2808d070011a72200610a74686972640b002d2c200c0050206c696e65"
        var body: [UInt8] = []
        var digits = hex.makeIterator()
        while let high = digits.next(), let low = digits.next() { body.append(UInt8(String([high, low]), radix: 16)!) }
        let chunk = try decodeChunk(body).get()
        #expect(chunk.format == ChunkFormat.lz4PayloadChecksumVersion && ChunkFormat.isFast(chunk.format))
        #expect((0..<3).map { chunk.text($0) } == ["first line é", "second 👩‍👩‍👧 line", "third line, third line, third line"])
        #expect(chunk.line(0, firstLine: 1).styleRuns == [StyleRun(start: 0, length: 5, sgr: "1;31")])
        #expect(chunk.timestamps == [1_700_000_000_000, 1_700_000_000_007, 1_700_000_000_009])
        #expect(chunk.marks == [1, 0, 2])
        // Its checksum still guards the text: a flipped literal is refused.
        var damaged = body
        damaged[damaged.count - 3] ^= 0x01
        #expect((try? decodeChunk(damaged).get()) == nil)
    }

    @Test(arguments: [ChunkCompression.dense, .fast])
    func damagedBodiesAreReportedNotTrusted(_ compression: ChunkCompression) throws {
        var builder = ChunkBuilder()
        let text = "hello, a line long enough that LZ4 stores some of it as literals"
        builder.append(ArchiveLine(text: text, timestamp: 1))
        let intact = builder.body(compression)
        #expect(try decodeChunk(intact).get().text(0) == text)
        // No single flipped byte makes the chunk read back as other text: it is refused (zstd's
        // frame checksum; the CRC-32 beside an LZ4 block, without which a flipped literal would
        // decode "fine"), or — a flipped zstd header flag that changes nothing — reads intact.
        var refused = 0
        for position in 1..<intact.count {
            var body = intact
            body[position] ^= 0x20
            switch decodeChunk(body) {
            case .failure: refused += 1
            case .success(let chunk):
                #expect(chunk.lineCount == 1 && chunk.text(0) == text, "\(compression): byte \(position) flipped read back as other text")
            }
        }
        #expect(refused >= intact.count - 4)
    }
}
