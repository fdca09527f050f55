-- Where a session came from, and whether its duration is known.
-- `source`: 'run' (recorded live) or 'import' (a recording read by `scrollvault import`, whose
-- started_at/ended_at are the recording's own). `imported_at`: when an import was made (ms;
-- NULL for runs), the one time that is not the recording's. `duration_known`: 0 for an import
-- that carried no times (raw or text bytes, a typescript without timing or footer date): its
-- end is set to its start and `sessions` shows its duration as unknown.
ALTER TABLE sessions ADD COLUMN source TEXT NOT NULL DEFAULT 'run' CHECK (source IN ('run', 'import'));
ALTER TABLE sessions ADD COLUMN imported_at INTEGER;
ALTER TABLE sessions ADD COLUMN duration_known INTEGER NOT NULL DEFAULT 1;

-- Sessions written before this migration: `import` named them "import <file>" and never set an
-- exit status, while a finished `run` always has one, so a `run` of a program called import is
-- only mistaken for an import if its recorder died.
UPDATE sessions SET source = 'import' WHERE substr(command, 1, 7) = 'import ' AND exit_status IS NULL;
-- Their end was when the import finished: keep it as the import's time before correcting it.
UPDATE sessions SET imported_at = coalesce(ended_at, started_at) WHERE source = 'import';

-- Their end was the moment the import finished (an asciicast from 2017 "lasted" seven years);
-- their lines carry the recording's own times, so the last line's time is the closest end
-- there is. Lines all at the start mean the recording had no times: duration unknown.
UPDATE sessions
SET ended_at = max(started_at, coalesce((
        SELECT max(t) FROM (SELECT max(last_time) AS t FROM chunks WHERE session_id = sessions.id
                            UNION ALL SELECT last_time FROM open_chunks WHERE session_id = sessions.id)),
        started_at))
WHERE source = 'import' AND state != 'recording';
UPDATE sessions SET duration_known = 0
WHERE source = 'import' AND state != 'recording' AND ended_at = started_at;
