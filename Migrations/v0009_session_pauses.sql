-- Spans of a session whose output was not archived: between `scrollvault pause` and
-- `scrollvault resume` (or a program's OSC 7777 pause/resume). The lines written meanwhile were
-- shown but never stored; the span lets export mark the gap and `sessions --json` list it.
-- resumed_at is NULL while paused (or when the session ended paused).
CREATE TABLE session_pauses (
    session_id  INTEGER NOT NULL REFERENCES sessions(id),
    paused_at   INTEGER NOT NULL,   -- ms since the epoch
    resumed_at  INTEGER
);
CREATE INDEX session_pauses_by_session ON session_pauses(session_id, paused_at);
