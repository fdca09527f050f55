import CLZ4
import CZlib

/// LZ4 block compression for chunks written during a burst (formats 3 and 4).
///
/// zstd at any level was the largest single cost of the writer thread in a burst; LZ4 is
/// about four times as fast at a larger size, so the recorder keeps up with the pty, and the
/// chunk is rewritten with zstd once the output goes quiet (see `Archive.recompressFastChunks`).
///
/// An LZ4 block carries no checksum, so a CRC-32 (zlib's) is stored beside it: a flipped byte
/// is reported as damage, never returned as text. Format 4 (written now) sums the compressed
/// block, checked before decoding, which is cheaper than the payload and refuses a damaged
/// block before LZ4 reads it; format 3 (read only) summed the decoded payload.
/// Measurements: docs/decisions.md.
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
