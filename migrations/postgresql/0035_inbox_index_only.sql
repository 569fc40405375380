-- 0035_inbox_index_only.sql (PostgreSQL) - the inbox walk and its counts
-- from the index alone (issue 12; store/feedback.c pairs_page(),
-- feedback_row_count()).
--
-- PostgreSQL answers a query from an index alone (an index-only scan) only
-- when every column the query names is in the index as a column: an index
-- on coalesce(unit_id, intake_unit_id) does not count as holding
-- intake_unit_id, so every walk of feedback_inbox and feedback_scope_due
-- (0008, 0009) read each entry's row from the table: 2,000 rows for a deep
-- page of a ward's inbox (17 ms), 1,700 for its overdue counts (8 ms). The
-- same keys with the item's id after the order (the walk sorts by it) and
-- the filtered columns, intake_unit_id among them, as INCLUDE columns: the
-- walks and counts read the index alone (visible rows: the table's
-- visibility map, kept by autovacuum), 3 ms for both.
DROP INDEX IF EXISTS feedback_inbox;
CREATE INDEX feedback_inbox ON feedback(coalesce(unit_id, intake_unit_id), status, received_at, id)
	INCLUDE (category_id, channel, due_at, unit_id, intake_unit_id);

DROP INDEX IF EXISTS feedback_inbox_mine;
CREATE INDEX feedback_inbox_mine ON feedback(created_by, status, received_at, id)
	INCLUDE (category_id, channel, due_at, unit_id, intake_unit_id) WHERE created_by IS NOT NULL;

DROP INDEX IF EXISTS feedback_scope_due;
CREATE INDEX feedback_scope_due ON feedback(coalesce(unit_id, intake_unit_id), status, due_at, id)
	INCLUDE (category_id, channel, unit_id, intake_unit_id, received_at);

DROP INDEX IF EXISTS feedback_inbox_mine_due;
CREATE INDEX feedback_inbox_mine_due ON feedback(created_by, status, due_at, id)
	INCLUDE (category_id, channel, unit_id, intake_unit_id, received_at) WHERE created_by IS NOT NULL;
