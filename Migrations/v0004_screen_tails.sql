-- The screen of a recording session: the lines it would add if it ended now, rewritten by the
-- writer (at most about a second behind the terminal) whenever the screen changed. Lines on the
-- screen can still change, so they are provisional: readers show them after the session's
-- stored lines, and a line that scrolls off replaces its provisional copy (the writer trims
-- the tail to the lines after its last stored one). When the recorder dies, the next writer
-- adopts the tail as the session's final lines, as a normal exit archives the final screen.
-- Same layout as open_chunks; never indexed.
CREATE TABLE screen_tails (
    session_id  INTEGER PRIMARY KEY REFERENCES sessions(id),
    first_line  INTEGER NOT NULL,
    line_count  INTEGER NOT NULL,
    first_time  INTEGER NOT NULL,
    last_time   INTEGER NOT NULL,
    body        BLOB    NOT NULL
);
