-- Chunks by their lines' own times. A search for the newest (or oldest) matches reads the
-- word and trigram indexes a window of chunk ids at a time; before it reads a window it must
-- know which chunks outside it come earlier in time order (an old recording imported after a
-- newer one), and these indexes answer that without reading every chunk's row.
CREATE INDEX chunks_by_last_time ON chunks(last_time);
CREATE INDEX chunks_by_first_time ON chunks(first_time);
