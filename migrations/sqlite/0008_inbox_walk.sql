-- 0008_inbox_walk.sql - the officer inbox's page without a status filter,
-- or with a category, channel, unit or overdue filter, at a million items.
--
-- 0005 let one (unit, status) range be read in received order from an
-- index. A page over several statuses or with a filter on a column outside
-- that index still read every item in reach (285,000 for a ward leader:
-- 30 ms unfiltered, over a second with only a category filter). The page
-- is now built by walking each (scope unit, status) range, and each
-- (recording account, status) range, newest first, stopping after the
-- page's depth (store/feedback.c pairs_page()): a few thousand index
-- entries at most. For a filter to be checked during that walk without
-- reading the item, the index carries the filtered columns after the sort
-- keys (a covering index).

DROP INDEX IF EXISTS feedback_scope_received;
CREATE INDEX feedback_inbox ON feedback(coalesce(unit_id, intake_unit_id), status, received_at, id,
	category_id, channel, due_at, unit_id);

-- what an officer recorded: the same walk by account (also serves every
-- "created_by = ?" lookup the old single-column index served)
DROP INDEX IF EXISTS feedback_created_by;
CREATE INDEX feedback_inbox_mine ON feedback(created_by, status, received_at, id,
	category_id, channel, due_at, unit_id) WHERE created_by IS NOT NULL;
