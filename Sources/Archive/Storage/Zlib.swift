import CZlib

/// zlib deflate/inflate over byte arrays. The level is chosen by measurement (see
/// `ArchiveTuning.compressionLevel`).
enum Zlib {
    static func compress(_ input: UnsafeRawBufferPointer, level: Int32, into output: inout [UInt8]) {
        let start = output.count
        var bound = compressBound(uLong(input.count))
        output.append(contentsOf: repeatElement(0, count: Int(bound)))
        let rc = output.withUnsafeMutableBufferPointer { out in
            compress2(out.baseAddress! + start, &bound,
                      input.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(input.count), level)
        }
        // compress2 cannot fail with a compressBound-sized buffer and a valid level.
        precondition(rc == Z_OK, "compress2 failed: \(rc)")
        output.removeLast(output.count - start - Int(bound))
    }

    /// Inflates into `output` (replacing its contents); false when the data is damaged or its
    /// size differs from `expectedCount`.
    static func decompress(_ input: UnsafeRawBufferPointer, expectedCount: Int, into output: inout [UInt8]) -> Bool {
        if output.count < expectedCount {
            output.append(contentsOf: repeatElement(0, count: expectedCount - output.count))
        } else if output.count > expectedCount {
            output.removeLast(output.count - expectedCount)
        }
        var produced = uLong(expectedCount)
        let rc = output.withUnsafeMutableBufferPointer { out in
            uncompress(out.baseAddress, &produced,
                       input.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(input.count))
        }
        return rc == Z_OK && Int(produced) == expectedCount
    }
}
