-- The word index folds diacritics (remove_diacritics 2): `search cafe` finds "café", as the
-- line check (WordMatcher) and the `--fts` probe do. The index is rebuilt behind the writers:
-- dropped here and its watermark reset, so the background indexer (or `scrollvault index`)
-- refills it from chunk 1 while searches stay complete by scanning what is not indexed yet.
DROP TABLE chunk_text;
CREATE VIRTUAL TABLE chunk_text USING fts5(text, content = '', tokenize = 'unicode61 remove_diacritics 2');
UPDATE meta SET value = 0 WHERE key = 'indexed_through';
