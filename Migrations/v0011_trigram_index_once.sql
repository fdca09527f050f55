-- The trigram index uses `trigram_once` (registered on every connection by the archive): the
-- same tokens as `trigram`, each distinct trigram reported once per chunk. With detail=none
-- the index holds the same entries and is built about 1.5 times faster. Rebuilt behind the
-- writers as v0007 did: dropped, watermark reset, refilled by the background indexer (or
-- `scrollvault index`) while substring searches stay complete by scanning what is not indexed.
DROP TABLE chunk_trigrams;
CREATE VIRTUAL TABLE chunk_trigrams USING fts5(text, content = '', tokenize = 'trigram_once', detail = none);
UPDATE meta SET value = 0 WHERE key = 'trigram_indexed_through';
