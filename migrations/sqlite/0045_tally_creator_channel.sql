-- 0045_tally_creator_channel.sql - the creator index of the inbox's tally
-- by category and channel (0007) with the channel before the category.
-- An intake desk records items for many units: at 1,000,000 items the
-- ward intake desk of the demo has some 100,000 rows here, 29,000 of them
-- of the hotline. With the category second, a channel filter alone read
-- every row of the account (PostgreSQL chose a whole scan of the table:
-- 20-26 ms of a 50 ms inbox page). Now a channel is one range; a category
-- without a channel is sought under each of the (few, fixed) channels
-- (store/feedback_tally.c fbs_tally_filters_creator()).
DROP INDEX feedback_tally_detail_creator;
CREATE INDEX feedback_tally_detail_creator ON feedback_tally_detail(created_by, channel, category_id, status,
	scope_unit_id, handled, n) WHERE created_by <> 0;
