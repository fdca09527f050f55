-- ScrollVault archive, first schema. Never edit a shipped migration: add a new file instead.

-- One row per recorded (or imported) session.
CREATE TABLE sessions (
    id                INTEGER PRIMARY KEY,
    name              TEXT UNIQUE,
    command           TEXT    NOT NULL DEFAULT '',
    working_directory TEXT    NOT NULL DEFAULT '',
    host              TEXT    NOT NULL DEFAULT '',
    started_at        INTEGER NOT NULL,            -- ms since the epoch
    ended_at          INTEGER,
    exit_status       INTEGER,
    columns           INTEGER NOT NULL DEFAULT 80,
    rows              INTEGER NOT NULL DEFAULT 24,
    title             TEXT,
    state             TEXT    NOT NULL DEFAULT 'recording'
                      CHECK (state IN ('recording', 'finished', 'interrupted')),
    recorder_pid      INTEGER NOT NULL DEFAULT 0,  -- lets a later run tell a dead recorder
    line_count        INTEGER NOT NULL DEFAULT 0,
    byte_count        INTEGER NOT NULL DEFAULT 0
);

-- Sealed, immutable runs of consecutive lines of one session, zlib-compressed.
-- AUTOINCREMENT: ids must never be reused, because the index watermark is an id.
CREATE TABLE chunks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id  INTEGER NOT NULL REFERENCES sessions(id),
    first_line  INTEGER NOT NULL,   -- 1-based line number within the session
    line_count  INTEGER NOT NULL,
    first_time  INTEGER NOT NULL,   -- ms, timestamp of the first line
    last_time   INTEGER NOT NULL,   -- ms, timestamp of the last line
    body        BLOB    NOT NULL
);
CREATE INDEX chunks_by_session ON chunks(session_id, first_line);

-- The chunk a recording session is still filling: rewritten on every commit, moved into
-- `chunks` once full (or when the session ends), so sealed chunks never change.
CREATE TABLE open_chunks (
    session_id  INTEGER PRIMARY KEY REFERENCES sessions(id),
    first_line  INTEGER NOT NULL,
    line_count  INTEGER NOT NULL,
    first_time  INTEGER NOT NULL,
    last_time   INTEGER NOT NULL,
    body        BLOB    NOT NULL
);

-- Word index over each sealed chunk's text. Contentless: the text is stored once, in `chunks`.
CREATE VIRTUAL TABLE chunk_text USING fts5(text, content = '', tokenize = 'unicode61');

-- Small named integers; `indexed_through` is the highest chunk id present in chunk_text.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('indexed_through', 0);
