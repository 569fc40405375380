-- 0009_inbox_due.sql - the officer inbox "due first" without sorting
-- everything in reach: the walk of store/feedback.c pairs_page() reads each
-- (scope unit, status) range in due order and stops at the page's depth.
-- feedback_scope (0003: unit, status, due_at) had the order but not the
-- filtered columns, so a category filter read every item of the range (150
-- ms for a ward leader); the same key with the filtered columns after it
-- answers from the index alone (and still serves the overdue counts).
-- The second index gives the same walk over what an officer recorded;
-- partial, so citizens' submissions (no recording account) never touch it.
DROP INDEX IF EXISTS feedback_scope;
CREATE INDEX feedback_scope_due ON feedback(coalesce(unit_id, intake_unit_id), status, due_at,
	category_id, channel, unit_id, received_at);
CREATE INDEX feedback_inbox_mine_due ON feedback(created_by, status, due_at,
	category_id, channel, unit_id, received_at) WHERE created_by IS NOT NULL;
