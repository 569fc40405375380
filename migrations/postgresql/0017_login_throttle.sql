-- 0017_login_throttle.sql (PostgreSQL) - failed-login counters in the
-- database, shared by every server (migrations/sqlite/0017_... has the
-- reasons): one row per counter, keyed by a 16-byte hash, pruned when stale;
-- and the public list's index in the order PostgreSQL reads it (below).
CREATE TABLE login_throttle (
	key bytea PRIMARY KEY CHECK (length(key) = 16),
	first_at bigint NOT NULL,
	last_at bigint NOT NULL,
	count bigint NOT NULL CHECK (count >= 0)
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);

-- The public list reads its newest items first, NULLs (closed without
-- being published) last, as SQLite orders them (store/feedback.c: ORDER BY
-- published_at DESC NULLS LAST, id DESC): an index in that order lets
-- PostgreSQL read the page from it instead of sorting every public item.
DROP INDEX feedback_public_list;
CREATE INDEX feedback_public_list ON feedback(published_at DESC NULLS LAST, id DESC)
	WHERE public = 1 AND status IN ('published', 'closed');
