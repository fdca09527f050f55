-- Shell commands of a session, as its shell integration reported them (OSC 133 / 633 / 7).
-- Lines stay the unit of storage: a command points at a range of its session's lines.
-- `seq` is the command's number in its session (each prompt starts the next one); a prompt
-- that ran nothing (an empty Enter) has neither a command line nor a start and is not listed.
CREATE TABLE commands (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER NOT NULL REFERENCES sessions(id),
    seq          INTEGER NOT NULL,
    command      TEXT,               -- as typed (633 E); NULL when the shell did not say
    cwd          TEXT,               -- working directory when it started (OSC 7 / 633 P)
    started_at   INTEGER,            -- ms since the epoch (133 C, else the command line's time)
    finished_at  INTEGER,            -- ms (133 D); NULL while running or when never reported
    exit_status  INTEGER,            -- NULL while running, or when the session ended first
    prompt_line  INTEGER,            -- the line its prompt (and usually its input) is on
    first_line   INTEGER,            -- its output, NULL when it printed nothing
    last_line    INTEGER,
    UNIQUE (session_id, seq)
);
CREATE INDEX commands_by_start ON commands(started_at);
