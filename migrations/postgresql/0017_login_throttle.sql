-- 0017_login_throttle.sql (PostgreSQL) - failed-login counters in the
-- database, shared by every server (migrations/sqlite/0017_... has the
-- reasons): one row per counter, keyed by a 16-byte hash, pruned when stale.
CREATE TABLE login_throttle (
	key bytea PRIMARY KEY CHECK (length(key) = 16),
	first_at bigint NOT NULL,
	last_at bigint NOT NULL,
	count bigint NOT NULL CHECK (count >= 0)
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);
