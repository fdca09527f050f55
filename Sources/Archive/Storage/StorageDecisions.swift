/// Why the archive stores lines the way it does — figures from `archive-bench` (release build,
/// 1M `log`-kind lines of ~86 bytes, 86 MiB raw, on a shared 2-core machine; noisy ±30%).
///
/// | choice                         | measured                                             |
/// |--------------------------------|------------------------------------------------------|
/// | chunks of 64 lines / 16 KiB    | one FTS document per chunk: word index 0.32x raw     |
/// | zlib level 1                   | chunk text 0.249x raw at 174 MB/s; level 6 0.228x at |
/// |                                | 92 MB/s. 8% smaller is not worth half the speed when |
/// |                                | the writer must absorb a pty at ~80 MB/s             |
/// | 8 KiB pages                    | ~1.5 KiB chunks left 4 KiB pages 30% empty: chunks   |
/// |                                | table 0.36x → 0.28x raw; 16/32 KiB gain nothing      |
/// | contentless unicode61, full    | 0.32x raw; detail=column would be 0.15x but forbids  |
/// |   detail                       | phrase/NEAR queries, which `fts` mode passes through |
/// | trigram index, detail=none     | +0.11x raw; rare substring 425 ms → 0.3 ms per 1M    |
/// |                                | lines (a full decompress-and-scan otherwise). Costs  |
/// |                                | index rate: 33 → ~12–19 MB/s, all behind the writer  |
/// | total                          | 0.72x raw (bar: ≤ 1.0x); store 560–770k lines/s      |
///
/// Store and index are decoupled: the writer stores compressed chunks at 50–65 MB/s and the
/// indexes follow from a watermark (`meta`), in slices while the writer is idle and fully in
/// `finish()`. Searches add an exhaustive scan of the unindexed tail, so they stay complete.
/// Ranking: none (no bm25): rowid order with LIMIT, newest first, stopping once enough hits.
enum StorageDecisions {}
