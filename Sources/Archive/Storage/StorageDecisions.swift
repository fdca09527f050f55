/// Why the archive stores lines the way it does — figures from `archive-bench` (release build,
/// 1M `log`-kind lines of ~86 bytes, 86 MiB raw, on a shared 2-core machine; noisy ±30%).
///
/// | choice                         | measured                                             |
/// |--------------------------------|------------------------------------------------------|
/// | chunks of 64 lines / 16 KiB    | one FTS document per chunk: word index 0.32x raw     |
/// | zstd level 1 (format 2)        | replaced zlib level 1 (0.249x raw at 174 MB/s; level |
/// |                                | 6 0.228x at 92 MB/s): in a recorded burst zlib was   |
/// |                                | 20% of the recorder's CPU; with zstd the writer      |
/// |                                | stores 1.9M lines/s (166 MB/s) at the same 0.28x     |
/// |                                | chunks size. zlib chunks (format 1) are still read   |
/// | LZ4 + CRC-32 during a burst    | on a slower 2-core machine zstd did ~190 MB/s on the |
/// |   (format 4), zstd once indexed| ~5 KiB chunks at any level (even −10): 1.3 s of the  |
/// |                                | writer's 2.2 s CPU in a 256 MiB `run`. LZ4 ~750 MB/s |
/// |                                | at 0.38x; chunks a full batch seals are stored so,   |
/// |                                | and indexing (after 200 ms of quiet) rewrites them   |
/// |                                | with zstd, so the archive settles at the dense size  |
/// | 8 KiB pages                    | ~1.5 KiB chunks left 4 KiB pages 30% empty: chunks   |
/// |                                | table 0.36x → 0.28x raw; 16/32 KiB gain nothing      |
/// | contentless unicode61, full    | 0.32x raw; detail=column would be 0.15x but forbids  |
/// |   detail                       | phrase/NEAR queries, which `fts` mode passes through |
/// | trigram index, detail=none     | +0.11x raw; rare substring 425 ms → 0.3 ms per 1M    |
/// |                                | lines (a full decompress-and-scan otherwise). Costs  |
/// |                                | index rate: 33 → ~12–19 MB/s, all behind the writer  |
/// | total                          | 0.72x raw (bar: ≤ 1.0x); store 1.9M lines/s (zstd)   |
///
/// Store and index are decoupled: the writer stores compressed chunks at ~166 MB/s and the
/// indexes follow from a watermark (`meta`), in slices while the writer is idle and fully in
/// `finish()`. Searches add an exhaustive scan of the unindexed tail, so they stay complete.
/// Ranking: none (no bm25): rowid order with LIMIT, newest first, stopping once enough hits.
enum StorageDecisions {}
