import CZstd

/// zstd compression for chunk bodies (format 2). Chosen over zlib by measurement: on a
/// recorded burst zlib level 1 was 20% of the recorder's CPU, the largest single cost after
/// the kernel's pty work; zstd level 1 compresses the same text smaller at several times the
/// speed, which is what lets the writer keep up with the pty.
///
/// Each context belongs to one thread's reusable state (the writer's chunk builder, a
/// reader's decoded chunk): creating one per chunk would allocate on every call.
final class ZstdContext {
    private let compression: OpaquePointer
    private let decompression: OpaquePointer
    private var currentLevel: Int32 = Int32.min

    init() {
        guard let c = ZSTD_createCCtx(), let d = ZSTD_createDCtx() else {
            fatalError("ZSTD_createCCtx/ZSTD_createDCtx: out of memory")
        }
        compression = c
        decompression = d
        // A 4-byte checksum per frame: a damaged chunk is reported, never returned as text
        // (zlib's format carried adler32; without this a flipped byte decoded silently).
        ZSTD_CCtx_setParameter(compression, ZSTD_c_checksumFlag, 1)
    }

    deinit {
        ZSTD_freeCCtx(compression)
        ZSTD_freeDCtx(decompression)
    }

    /// Appends the compressed form of `input` to `output`.
    func compress(_ input: UnsafeRawBufferPointer, level: Int32, into output: inout [UInt8]) {
        let start = output.count
        let bound = ZSTD_compressBound(input.count)
        output.append(contentsOf: repeatElement(0, count: bound))
        if level != currentLevel {
            ZSTD_CCtx_setParameter(compression, ZSTD_c_compressionLevel, level)
            currentLevel = level
        }
        let written = output.withUnsafeMutableBytes { out in
            ZSTD_compress2(compression, out.baseAddress! + start, bound, input.baseAddress, input.count)
        }
        // With a compressBound-sized buffer compression cannot fail.
        precondition(ZSTD_isError(written) == 0, "ZSTD_compress2 failed: \(String(cString: ZSTD_getErrorName(written)))")
        output.removeLast(output.count - start - written)
    }

    /// Decompresses into `output` (replacing its contents); false when the data is damaged or
    /// its size differs from `expectedCount`.
    func decompress(_ input: UnsafeRawBufferPointer, expectedCount: Int, into output: inout [UInt8]) -> Bool {
        if output.count < expectedCount {
            output.append(contentsOf: repeatElement(0, count: expectedCount - output.count))
        } else if output.count > expectedCount {
            output.removeLast(output.count - expectedCount)
        }
        let produced = output.withUnsafeMutableBytes { out in
            ZSTD_decompressDCtx(decompression, out.baseAddress, expectedCount, input.baseAddress, input.count)
        }
        return ZSTD_isError(produced) == 0 && produced == expectedCount
    }
}
