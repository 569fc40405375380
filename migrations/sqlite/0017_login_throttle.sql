-- 0017_login_throttle.sql - failed-login counters move from one server's
-- memory (0011) into the database, so that several servers on one database
-- count together: failures on one throttle the same login on another.
-- One row per counter: key is the BLAKE2b-128 of its kind and strings
-- (an address, a username and an address, or a username; app/auth.c), so
-- the table holds neither addresses nor typed usernames in clear. count
-- failures since first_at, the last at last_at (UTC seconds). Rows are
-- updated by INSERT ... ON CONFLICT DO UPDATE (store/throttle.c) and
-- deleted once stale (the server's housekeeping), so the table stays small.
CREATE TABLE login_throttle (
	key BLOB PRIMARY KEY CHECK (length(key) = 16),
	first_at INTEGER NOT NULL,
	last_at INTEGER NOT NULL,
	count INTEGER NOT NULL CHECK (count >= 0)
) WITHOUT ROWID;
CREATE INDEX login_throttle_last ON login_throttle(last_at);
