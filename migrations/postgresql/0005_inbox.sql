-- 0005_inbox.sql (PostgreSQL) - the officer inbox at a million items: the
-- filter and sort keys of a page in one index (migrations/sqlite/0005_inbox.sql).
CREATE INDEX IF NOT EXISTS feedback_scope_received
	ON feedback(coalesce(unit_id, intake_unit_id), status, received_at, id);
