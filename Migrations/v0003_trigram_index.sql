-- Chunk-level trigram index for `substring` searches (needles of 3+ characters).
-- detail=none: it only records which chunks hold each trigram, 0.11x raw text on log output
-- (measured), and turns a full scan (~0.4 s per million lines) into a lookup; the line-level
-- check stays an exact byte comparison. Filled behind the writers like chunk_text, from its
-- own watermark, so archives created before this migration are back-filled the same way.
CREATE VIRTUAL TABLE chunk_trigrams USING fts5(text, content = '', tokenize = 'trigram', detail = none);
INSERT INTO meta (key, value) VALUES ('trigram_indexed_through', 0);
