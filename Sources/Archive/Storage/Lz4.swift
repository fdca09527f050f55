import CLZ4
import CZlib

/// LZ4 block compression for chunks written during a burst (formats 3 and 4).
///
/// On this kind of machine zstd level 1 compresses terminal text at ~190 MB/s on 5 KiB chunks
/// whatever the level (even −10), which made compression the largest single cost of the
/// writer thread in a 256 MiB `run` burst (1.3 s of its 2.2 s). LZ4 does the same chunks at
/// ~750 MB/s, at 0.38x instead of 0.24x: the recorder keeps up with the pty, and the chunk
/// is rewritten with zstd once the output goes quiet (see `Archive.recompressFastChunks`).
///
/// An LZ4 block carries no checksum, so a CRC-32 (zlib's, ~2 GB/s here) is stored beside it:
/// a flipped byte is reported as damage, never returned as text. Format 4 (written now) sums
/// the compressed block, checked before decoding; format 3 (read only) summed the decoded
/// payload. The block is ~0.4x the payload, so the writer spends ~0.4x on it (measured: the
/// CRC was 10% of the writer thread in a burst), and a damaged block is refused before LZ4
/// ever reads it.
enum Lz4Block {
    enum Checksum {
        /// Format 4: CRC-32 of the compressed block.
        case block
        /// Format 3: CRC-32 of the decoded payload.
        case payload
    }

    /// Appends `crc32(block)` (4 bytes, little-endian) and the compressed block to `output`.
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        precondition(input.count <= Int(LZ4_MAX_INPUT_SIZE), "LZ4 input of \(input.count) bytes")
        let checksumAt = output.count
        let start = checksumAt + 4
        let bound = Int(LZ4_compressBound(Int32(input.count)))
        output.append(contentsOf: repeatElement(0, count: 4 + bound))
        let unused = output.withUnsafeMutableBytes { out in
            let block = out.baseAddress! + start
            let written = LZ4_compress_default(input.baseAddress?.assumingMemoryBound(to: CChar.self),
                                               block.assumingMemoryBound(to: CChar.self),
                                               Int32(input.count), Int32(bound))
            // With a compressBound-sized destination LZ4 cannot fail.
            precondition(written > 0 || input.isEmpty, "LZ4_compress_default failed")
            let checksum = UInt32(truncatingIfNeeded: crc32(0, block.assumingMemoryBound(to: Bytef.self), uInt(written)))
            out.storeBytes(of: checksum.littleEndian, toByteOffset: checksumAt, as: UInt32.self)
            return bound - Int(written)
        }
        output.removeLast(unused)
    }

    /// Decompresses into `output` (replacing its contents); false when the block is damaged,
    /// decodes to another size, or its checksum differs.
    static func decompress(_ input: UnsafeRawBufferPointer, expectedCount: Int, checksum: Checksum,
                           into output: inout [UInt8]) -> Bool {
        guard input.count >= 4, expectedCount <= Int(LZ4_MAX_INPUT_SIZE) else { return false }
        let stored = UInt32(input[0]) | UInt32(input[1]) << 8 | UInt32(input[2]) << 16 | UInt32(input[3]) << 24
        let block = UnsafeRawBufferPointer(rebasing: input[4...])
        if checksum == .block {
            let actual = UInt32(truncatingIfNeeded: crc32(0, block.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(block.count)))
            guard actual == stored else { return false }
        }
        if output.count < expectedCount {
            output.append(contentsOf: repeatElement(0, count: expectedCount - output.count))
        } else if output.count > expectedCount {
            output.removeLast(output.count - expectedCount)
        }
        return output.withUnsafeMutableBytes { out in
            let produced = LZ4_decompress_safe(block.baseAddress?.assumingMemoryBound(to: CChar.self),
                                               out.baseAddress?.assumingMemoryBound(to: CChar.self),
                                               Int32(block.count), Int32(expectedCount))
            guard Int(produced) == expectedCount else { return false }
            guard checksum == .payload else { return true }
            let actual = UInt32(truncatingIfNeeded: crc32(0, out.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(expectedCount)))
            return actual == stored
        }
    }
}
