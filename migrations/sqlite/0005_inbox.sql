-- 0005_inbox.sql - the officer inbox at a million items.
-- The inbox filters by the handling (or intake) unit and status and sorts
-- by received_at: with these four columns in one index the filter and the
-- sort keys come from the index alone, so a page costs an index range and a
-- small sort instead of reading every item in reach from the table.
CREATE INDEX IF NOT EXISTS feedback_scope_received
	ON feedback(coalesce(unit_id, intake_unit_id), status, received_at, id);
