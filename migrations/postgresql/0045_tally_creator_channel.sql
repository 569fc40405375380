-- 0045_tally_creator_channel.sql (PostgreSQL) - the creator index of the
-- inbox's tally with the channel before the category: why in the SQLite
-- migration of the same number.
DROP INDEX feedback_tally_detail_creator;
CREATE INDEX feedback_tally_detail_creator ON feedback_tally_detail(created_by, channel, category_id, status,
	scope_unit_id, handled, n) WHERE created_by <> 0;
