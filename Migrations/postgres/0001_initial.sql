-- ScrollVault's team server, first schema (PostgreSQL 13 or later). Applied by `scrollvault
-- sync` itself, recorded in scrollvault_schema; never edit a shipped file: add the next one.
-- Every row is keyed by host_id, the random id each archive makes for itself (host names
-- repeat); local session ids and line numbers are kept as they are.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE hosts (
    host_id     bigint PRIMARY KEY,
    name        text        NOT NULL,
    first_sync  timestamptz NOT NULL DEFAULT now(),
    last_sync   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hosts_by_name ON hosts (name);

CREATE TABLE sessions (
    host_id           bigint  NOT NULL REFERENCES hosts,
    session_id        bigint  NOT NULL,
    name              text,
    command           text    NOT NULL,
    working_directory text    NOT NULL,
    recorded_on       text    NOT NULL,            -- the host name the recorder saw
    started_at        bigint  NOT NULL,            -- ms since the epoch
    ended_at          bigint,
    exit_status       integer,
    state             text    NOT NULL,
    columns           integer NOT NULL,
    rows              integer NOT NULL,
    title             text,
    source            text    NOT NULL,
    imported_at       bigint,
    duration_known    boolean NOT NULL,
    line_count        bigint  NOT NULL,            -- as the archive counts them
    byte_count        bigint  NOT NULL,
    lines_through     bigint  NOT NULL DEFAULT 0,  -- the watermark: lines 1...this are here
    PRIMARY KEY (host_id, session_id)
);
CREATE INDEX sessions_by_start ON sessions (started_at);

CREATE TABLE commands (
    host_id      bigint  NOT NULL,
    session_id   bigint  NOT NULL,
    seq          bigint  NOT NULL,
    command_id   bigint  NOT NULL,                 -- the archive's own id
    command      text,
    cwd          text,
    started_at   bigint,
    finished_at  bigint,
    exit_status  integer,
    prompt_line  bigint,
    first_line   bigint,
    last_line    bigint,
    PRIMARY KEY (host_id, session_id, seq),
    FOREIGN KEY (host_id, session_id) REFERENCES sessions
);
CREATE INDEX commands_by_start ON commands (started_at);

-- One row per line, partitioned by host: each archive ships into one partition, a --host
-- search reads one, and a distributed PostgreSQL can place partitions (hosts) on nodes.
-- Hash, not a partition per host, so that shipping never needs CREATE TABLE rights.
CREATE TABLE lines (
    host_id     bigint   NOT NULL,
    session_id  bigint   NOT NULL,
    line        bigint   NOT NULL,                 -- 1-based within the session
    time        bigint   NOT NULL,                 -- ms since the epoch, as search shows it
    mark        smallint NOT NULL,                 -- 0 none, 1 prompt, 2 input, 3 output
    text        text     NOT NULL,
    words       tsvector NOT NULL,                 -- the line's words as the local index folds them
    PRIMARY KEY (host_id, session_id, line)
) PARTITION BY HASH (host_id);
CREATE TABLE lines_p0 PARTITION OF lines FOR VALUES WITH (MODULUS 8, REMAINDER 0);
CREATE TABLE lines_p1 PARTITION OF lines FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE lines_p2 PARTITION OF lines FOR VALUES WITH (MODULUS 8, REMAINDER 2);
CREATE TABLE lines_p3 PARTITION OF lines FOR VALUES WITH (MODULUS 8, REMAINDER 3);
CREATE TABLE lines_p4 PARTITION OF lines FOR VALUES WITH (MODULUS 8, REMAINDER 4);
CREATE TABLE lines_p5 PARTITION OF lines FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE lines_p6 PARTITION OF lines FOR VALUES WITH (MODULUS 8, REMAINDER 6);
CREATE TABLE lines_p7 PARTITION OF lines FOR VALUES WITH (MODULUS 8, REMAINDER 7);
CREATE INDEX lines_words ON lines USING gin (words);
CREATE INDEX lines_trigrams ON lines USING gin (text gin_trgm_ops);
CREATE INDEX lines_by_time ON lines (time);
