/// How a chunk body is compressed.
public enum ChunkCompression: Sendable, Equatable {
    /// zstd (format 2): ~0.24x raw on log text at ~190 MB/s here. What the archive keeps.
    case dense
    /// LZ4 (format 4): ~0.38x raw at ~750 MB/s. Written while a burst keeps the writer busy,
    /// and rewritten as `dense` once the output is quiet.
    case fast
}
