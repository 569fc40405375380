-- 0008_inbox_walk.sql (PostgreSQL) - the officer inbox's page walked range
-- by range from covering indexes (migrations/sqlite/0008_inbox_walk.sql).
DROP INDEX IF EXISTS feedback_scope_received;
CREATE INDEX feedback_inbox ON feedback(coalesce(unit_id, intake_unit_id), status, received_at, id,
	category_id, channel, due_at, unit_id);

DROP INDEX IF EXISTS feedback_created_by;
CREATE INDEX feedback_inbox_mine ON feedback(created_by, status, received_at, id,
	category_id, channel, due_at, unit_id) WHERE created_by IS NOT NULL;
