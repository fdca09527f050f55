import CLZ4
import CZlib

/// LZ4 block compression for chunks written during a burst (format 3).
///
/// On this kind of machine zstd level 1 compresses terminal text at ~190 MB/s on 5 KiB chunks
/// whatever the level (even −10), which made compression the largest single cost of the
/// writer thread in a 256 MiB `run` burst (1.3 s of its 2.2 s). LZ4 does the same chunks at
/// ~750 MB/s, at 0.38x instead of 0.24x: the recorder keeps up with the pty, and the chunk
/// is rewritten with zstd once the output goes quiet (see `Archive.recompressFastChunks`).
///
/// An LZ4 block carries no checksum, so the payload's CRC-32 (zlib's, ~2.3 GB/s here) is
/// stored beside it: a flipped byte is reported as damage, never returned as text.
enum Lz4Block {
    /// Appends `crc32(input)` (4 bytes, little-endian) and the compressed block to `output`.
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        precondition(input.count <= Int(LZ4_MAX_INPUT_SIZE), "LZ4 input of \(input.count) bytes")
        var checksum = UInt32(truncatingIfNeeded: crc32(0, input.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(input.count)))
        withUnsafeBytes(of: &checksum) { output.append(contentsOf: $0) }
        let start = output.count
        let bound = Int(LZ4_compressBound(Int32(input.count)))
        output.append(contentsOf: repeatElement(0, count: bound))
        let written = output.withUnsafeMutableBytes { out in
            LZ4_compress_default(input.baseAddress?.assumingMemoryBound(to: CChar.self),
                                 (out.baseAddress! + start).assumingMemoryBound(to: CChar.self),
                                 Int32(input.count), Int32(bound))
        }
        // With a compressBound-sized destination LZ4 cannot fail.
        precondition(written > 0 || input.isEmpty, "LZ4_compress_default failed")
        output.removeLast(output.count - start - Int(written))
    }

    /// Decompresses into `output` (replacing its contents); false when the block is damaged,
    /// decodes to another size, or its checksum differs.
    static func decompress(_ input: UnsafeRawBufferPointer, expectedCount: Int, into output: inout [UInt8]) -> Bool {
        guard input.count >= 4, expectedCount <= Int(LZ4_MAX_INPUT_SIZE) else { return false }
        let stored = UInt32(input[0]) | UInt32(input[1]) << 8 | UInt32(input[2]) << 16 | UInt32(input[3]) << 24
        let block = UnsafeRawBufferPointer(rebasing: input[4...])
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
            let actual = UInt32(truncatingIfNeeded: crc32(0, out.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(expectedCount)))
            return actual == stored
        }
    }
}
