-- The trigram index also holds phrase shingles (`trigram_phrases`: per word, hashes of the word
-- or two words before it with its first three characters), so a phrase of common words reads
-- a few short doclists instead of every hit of each word. Rebuilt behind the writers as v0011
-- did: dropped, watermark reset, refilled by the background indexer (or `scrollvault index`)
-- while searches stay complete by scanning what is not indexed.
DROP TABLE chunk_trigrams;
CREATE VIRTUAL TABLE chunk_trigrams USING fts5(text, content = '', tokenize = 'trigram_phrases', detail = none);
UPDATE meta SET value = 0 WHERE key = 'trigram_indexed_through';
-- A new table starts from FTS5's defaults: keep v0013's merge width.
INSERT INTO chunk_trigrams(chunk_trigrams, rank) VALUES ('automerge', 8);
