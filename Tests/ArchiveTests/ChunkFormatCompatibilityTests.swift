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

        for body in [zstdBody, zlibBody] {
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

    @Test func damagedBodiesAreReportedNotTrusted() throws {
        var builder = ChunkBuilder()
        builder.append(ArchiveLine(text: "hello", timestamp: 1))
        var body = builder.body()
        body[body.count - 1] ^= 0xFF
        if case .success = decodeChunk(body) { Issue.record("a damaged chunk decoded without an error") }
    }
}
