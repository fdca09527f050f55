-- `prune --older-than` and "last session" look sessions up by start time.
CREATE INDEX sessions_by_start ON sessions(started_at);
