-- What `scrollvault sync` has shipped to each team server, per session: the server keeps the
-- same watermark (its sessions.lines_through), written in the transaction that ships the
-- lines, and that one decides what is sent next; this copy tells `sync` which sessions have
-- anything new without asking the server about each, and what was last shipped where.
-- The server is named by user@host:port/database, never with a password.
CREATE TABLE sync_watermarks (
    server        TEXT    NOT NULL,
    session_id    INTEGER NOT NULL,
    lines_through INTEGER NOT NULL,  -- the last line number the server has of this session
    synced_at     INTEGER NOT NULL,  -- ms since the epoch
    PRIMARY KEY (server, session_id)
) WITHOUT ROWID;
