-- 0009_inbox_due.sql (PostgreSQL) - the officer inbox "due first" walked
-- from covering indexes (migrations/sqlite/0009_inbox_due.sql).
DROP INDEX IF EXISTS feedback_scope;
CREATE INDEX feedback_scope_due ON feedback(coalesce(unit_id, intake_unit_id), status, due_at,
	category_id, channel, unit_id, received_at);
CREATE INDEX feedback_inbox_mine_due ON feedback(created_by, status, due_at,
	category_id, channel, unit_id, received_at) WHERE created_by IS NOT NULL;
