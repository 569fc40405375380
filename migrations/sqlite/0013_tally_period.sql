-- 0013_tally_period.sql - the dashboard's period figures, kept as counters.
--
-- The leader's dashboard shows, for the items received in a period (and for
-- each of the last twelve months), how many were received, answered and
-- answered on time, and the mean number of working days to the answer,
-- grouped by unit and by category. Read from the items, that was every item
-- in reach received in the period, read again for each month: seconds for
-- an administrator at a million items. Here triggers keep, in the same
-- transaction as every write of an item, the number of items per
--   scope_unit_id  coalesce(unit_id, intake_unit_id, 0), as in 0007_tally.sql
--   day            the Vietnam civil day of received_at (UTC+7, days since
--                  1970-01-01, core/timefmt.h vn_day_of)
--   category_id
--   lag            the Vietnam day of answered_at minus `day` (0 when the
--                  answer came the same day or, backdated, earlier); -1 while
--                  the item has no answer
--   created_by     the recording officer, 0 for a citizen's item
-- with `on_time`, how many of them were answered with no due date or at or
-- before it. The working days of an answer are computed by the reader from
-- (day, lag) with the calendar of the moment (app/feedback.c), so announcing
-- a year's calendar needs no rebuild here.
--
-- A period of whole days is a range of `day` per scope unit (the primary
-- key) and per recording officer (the partial index), whatever the number
-- of items: at most units x days x categories x distinct lags rows, in
-- practice a few rows per unit and day.
--
-- Cost to writers: an insert or a deletion touches one row; a change of one
-- of the key's columns, of answered_at or of due_at two. Rows whose count
-- falls to 0 are kept (see 0007_tally.sql). Only the triggers write the
-- table; the INSERT ... SELECT at the end rebuilds it after a DELETE, and
-- tests/unit/test_tally.c checks it against the items.

CREATE TABLE feedback_tally_day (
	scope_unit_id INTEGER NOT NULL,
	day INTEGER NOT NULL,
	category_id INTEGER NOT NULL,
	lag INTEGER NOT NULL,
	created_by INTEGER NOT NULL,
	n INTEGER NOT NULL,
	on_time INTEGER NOT NULL,
	PRIMARY KEY (scope_unit_id, day, category_id, lag, created_by)
) WITHOUT ROWID;
-- the "recorded by A" branch, covering (citizens' items never asked for)
CREATE INDEX feedback_tally_day_creator ON feedback_tally_day(created_by, day, scope_unit_id, category_id, lag,
	n, on_time) WHERE created_by <> 0;

CREATE TRIGGER feedback_tally_day_insert AFTER INSERT ON feedback BEGIN
	INSERT INTO feedback_tally_day(scope_unit_id, day, category_id, lag, created_by, n, on_time)
	VALUES (coalesce(NEW.unit_id, NEW.intake_unit_id, 0), (NEW.received_at + 25200) / 86400, NEW.category_id,
		CASE WHEN NEW.answered_at IS NULL THEN -1
		     ELSE max(0, (NEW.answered_at + 25200) / 86400 - (NEW.received_at + 25200) / 86400) END,
		coalesce(NEW.created_by, 0), 1,
		NEW.answered_at IS NOT NULL AND (NEW.due_at IS NULL OR NEW.answered_at <= NEW.due_at))
	ON CONFLICT (scope_unit_id, day, category_id, lag, created_by)
	DO UPDATE SET n = n + 1, on_time = on_time + excluded.on_time;
END;

CREATE TRIGGER feedback_tally_day_update AFTER UPDATE OF unit_id, intake_unit_id, received_at, category_id,
	answered_at, due_at, created_by ON feedback
WHEN coalesce(OLD.unit_id, OLD.intake_unit_id, 0) <> coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
	OR OLD.received_at IS NOT NEW.received_at OR OLD.category_id IS NOT NEW.category_id
	OR OLD.answered_at IS NOT NEW.answered_at OR OLD.due_at IS NOT NEW.due_at
	OR coalesce(OLD.created_by, 0) <> coalesce(NEW.created_by, 0)
BEGIN
	UPDATE feedback_tally_day SET n = n - 1,
		on_time = on_time - (OLD.answered_at IS NOT NULL AND (OLD.due_at IS NULL OR OLD.answered_at <= OLD.due_at))
	WHERE scope_unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0) AND day = (OLD.received_at + 25200) / 86400
		AND category_id = OLD.category_id
		AND lag = CASE WHEN OLD.answered_at IS NULL THEN -1
			       ELSE max(0, (OLD.answered_at + 25200) / 86400 - (OLD.received_at + 25200) / 86400) END
		AND created_by = coalesce(OLD.created_by, 0);
	INSERT INTO feedback_tally_day(scope_unit_id, day, category_id, lag, created_by, n, on_time)
	VALUES (coalesce(NEW.unit_id, NEW.intake_unit_id, 0), (NEW.received_at + 25200) / 86400, NEW.category_id,
		CASE WHEN NEW.answered_at IS NULL THEN -1
		     ELSE max(0, (NEW.answered_at + 25200) / 86400 - (NEW.received_at + 25200) / 86400) END,
		coalesce(NEW.created_by, 0), 1,
		NEW.answered_at IS NOT NULL AND (NEW.due_at IS NULL OR NEW.answered_at <= NEW.due_at))
	ON CONFLICT (scope_unit_id, day, category_id, lag, created_by)
	DO UPDATE SET n = n + 1, on_time = on_time + excluded.on_time;
END;

CREATE TRIGGER feedback_tally_day_delete AFTER DELETE ON feedback BEGIN
	UPDATE feedback_tally_day SET n = n - 1,
		on_time = on_time - (OLD.answered_at IS NOT NULL AND (OLD.due_at IS NULL OR OLD.answered_at <= OLD.due_at))
	WHERE scope_unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0) AND day = (OLD.received_at + 25200) / 86400
		AND category_id = OLD.category_id
		AND lag = CASE WHEN OLD.answered_at IS NULL THEN -1
			       ELSE max(0, (OLD.answered_at + 25200) / 86400 - (OLD.received_at + 25200) / 86400) END
		AND created_by = coalesce(OLD.created_by, 0);
END;

-- the existing items
INSERT INTO feedback_tally_day(scope_unit_id, day, category_id, lag, created_by, n, on_time)
SELECT coalesce(unit_id, intake_unit_id, 0), (received_at + 25200) / 86400, category_id,
	CASE WHEN answered_at IS NULL THEN -1
	     ELSE max(0, (answered_at + 25200) / 86400 - (received_at + 25200) / 86400) END,
	coalesce(created_by, 0), count(*),
	sum(answered_at IS NOT NULL AND (due_at IS NULL OR answered_at <= due_at))
FROM feedback
GROUP BY 1, 2, 3, 4, 5;
