-- FTS5 merges a level's segments once it holds `automerge` of them (4 by default). Indexing
-- behind the writers commits a slice of chunks at a time and every commit adds a segment, so
-- with 4 most of an import's index work went into merging the same postings over and over.
-- At 8 postings are merged less often; a query reads more segments per level, a small cost
-- next to reading its doclists. The setting lives in each index's own config row.
INSERT INTO chunk_text(chunk_text, rank) VALUES ('automerge', 8);
INSERT INTO chunk_trigrams(chunk_trigrams, rank) VALUES ('automerge', 8);
