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
-- key) and per recording officer (the partial index): at most units x days
-- x categories x distinct lags rows, about one row per item-day at a
-- million items (781,000 rows for 1,000,000 items over three years, ten
-- units), so a month's period reads some 20,000 rows for the whole city.
-- The twelve-month chart needs no lag and no category: feedback_tally_month
-- keeps received, answered and on-time counts per (scope unit, Vietnam
-- month, recording officer), a few hundred rows for a year.
--
-- The dashboard also shows how many open items are overdue or due soon, per
-- unit and category. feedback_tally_due keeps the open (received or
-- assigned) items per (scope unit, category, Vietnam day of due_at, -1 when
-- none, recording officer): overdue are the rows of the days before today
-- plus, from the due-order index (0009_inbox_due.sql), today's items already
-- past due; about units x categories x due days rows, however many items.
--
-- Cost to writers: an insert or a deletion touches one row of each table; a
-- change of one of the keys' columns, of answered_at or of due_at two. Rows whose count
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

-- month = year * 12 + month - 1 of received_at in Vietnam time
CREATE TABLE feedback_tally_month (
	scope_unit_id INTEGER NOT NULL,
	month INTEGER NOT NULL,
	created_by INTEGER NOT NULL,
	n INTEGER NOT NULL,
	answered INTEGER NOT NULL,
	on_time INTEGER NOT NULL,
	PRIMARY KEY (scope_unit_id, month, created_by)
) WITHOUT ROWID;
CREATE INDEX feedback_tally_month_creator ON feedback_tally_month(created_by, month, scope_unit_id, n, answered,
	on_time) WHERE created_by <> 0;

CREATE TRIGGER feedback_tally_month_insert AFTER INSERT ON feedback BEGIN
	INSERT INTO feedback_tally_month(scope_unit_id, month, created_by, n, answered, on_time)
	VALUES (coalesce(NEW.unit_id, NEW.intake_unit_id, 0),
		CAST(strftime('%Y', NEW.received_at + 25200, 'unixepoch') AS INTEGER) * 12
			+ CAST(strftime('%m', NEW.received_at + 25200, 'unixepoch') AS INTEGER) - 1,
		coalesce(NEW.created_by, 0), 1, NEW.answered_at IS NOT NULL,
		NEW.answered_at IS NOT NULL AND (NEW.due_at IS NULL OR NEW.answered_at <= NEW.due_at))
	ON CONFLICT (scope_unit_id, month, created_by)
	DO UPDATE SET n = n + 1, answered = answered + excluded.answered, on_time = on_time + excluded.on_time;
END;

CREATE TRIGGER feedback_tally_month_update AFTER UPDATE OF unit_id, intake_unit_id, received_at, answered_at,
	due_at, created_by ON feedback
WHEN coalesce(OLD.unit_id, OLD.intake_unit_id, 0) <> coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
	OR OLD.received_at IS NOT NEW.received_at OR OLD.answered_at IS NOT NEW.answered_at
	OR OLD.due_at IS NOT NEW.due_at OR coalesce(OLD.created_by, 0) <> coalesce(NEW.created_by, 0)
BEGIN
	UPDATE feedback_tally_month SET n = n - 1, answered = answered - (OLD.answered_at IS NOT NULL),
		on_time = on_time - (OLD.answered_at IS NOT NULL AND (OLD.due_at IS NULL OR OLD.answered_at <= OLD.due_at))
	WHERE scope_unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0)
		AND month = CAST(strftime('%Y', OLD.received_at + 25200, 'unixepoch') AS INTEGER) * 12
			+ CAST(strftime('%m', OLD.received_at + 25200, 'unixepoch') AS INTEGER) - 1
		AND created_by = coalesce(OLD.created_by, 0);
	INSERT INTO feedback_tally_month(scope_unit_id, month, created_by, n, answered, on_time)
	VALUES (coalesce(NEW.unit_id, NEW.intake_unit_id, 0),
		CAST(strftime('%Y', NEW.received_at + 25200, 'unixepoch') AS INTEGER) * 12
			+ CAST(strftime('%m', NEW.received_at + 25200, 'unixepoch') AS INTEGER) - 1,
		coalesce(NEW.created_by, 0), 1, NEW.answered_at IS NOT NULL,
		NEW.answered_at IS NOT NULL AND (NEW.due_at IS NULL OR NEW.answered_at <= NEW.due_at))
	ON CONFLICT (scope_unit_id, month, created_by)
	DO UPDATE SET n = n + 1, answered = answered + excluded.answered, on_time = on_time + excluded.on_time;
END;

CREATE TRIGGER feedback_tally_month_delete AFTER DELETE ON feedback BEGIN
	UPDATE feedback_tally_month SET n = n - 1, answered = answered - (OLD.answered_at IS NOT NULL),
		on_time = on_time - (OLD.answered_at IS NOT NULL AND (OLD.due_at IS NULL OR OLD.answered_at <= OLD.due_at))
	WHERE scope_unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0)
		AND month = CAST(strftime('%Y', OLD.received_at + 25200, 'unixepoch') AS INTEGER) * 12
			+ CAST(strftime('%m', OLD.received_at + 25200, 'unixepoch') AS INTEGER) - 1
		AND created_by = coalesce(OLD.created_by, 0);
END;

CREATE TABLE feedback_tally_due (
	scope_unit_id INTEGER NOT NULL,
	category_id INTEGER NOT NULL,
	due_day INTEGER NOT NULL,
	created_by INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (scope_unit_id, category_id, due_day, created_by)
) WITHOUT ROWID;
CREATE INDEX feedback_tally_due_creator ON feedback_tally_due(created_by, scope_unit_id, category_id, due_day, n)
	WHERE created_by <> 0;

CREATE TRIGGER feedback_tally_due_insert AFTER INSERT ON feedback WHEN NEW.status IN ('received', 'assigned')
BEGIN
	INSERT INTO feedback_tally_due(scope_unit_id, category_id, due_day, created_by, n)
	VALUES (coalesce(NEW.unit_id, NEW.intake_unit_id, 0), NEW.category_id,
		CASE WHEN NEW.due_at IS NULL THEN -1 ELSE (NEW.due_at + 25200) / 86400 END, coalesce(NEW.created_by, 0), 1)
	ON CONFLICT (scope_unit_id, category_id, due_day, created_by) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER feedback_tally_due_update AFTER UPDATE OF status, unit_id, intake_unit_id, category_id, due_at,
	created_by ON feedback
WHEN (OLD.status IN ('received', 'assigned') OR NEW.status IN ('received', 'assigned'))
	AND ((OLD.status IN ('received', 'assigned')) <> (NEW.status IN ('received', 'assigned'))
	OR coalesce(OLD.unit_id, OLD.intake_unit_id, 0) <> coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
	OR OLD.category_id IS NOT NEW.category_id OR OLD.due_at IS NOT NEW.due_at
	OR coalesce(OLD.created_by, 0) <> coalesce(NEW.created_by, 0))
BEGIN
	UPDATE feedback_tally_due SET n = n - 1
	WHERE OLD.status IN ('received', 'assigned') AND scope_unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0)
		AND category_id = OLD.category_id
		AND due_day = CASE WHEN OLD.due_at IS NULL THEN -1 ELSE (OLD.due_at + 25200) / 86400 END
		AND created_by = coalesce(OLD.created_by, 0);
	INSERT INTO feedback_tally_due(scope_unit_id, category_id, due_day, created_by, n)
	SELECT coalesce(NEW.unit_id, NEW.intake_unit_id, 0), NEW.category_id,
		CASE WHEN NEW.due_at IS NULL THEN -1 ELSE (NEW.due_at + 25200) / 86400 END, coalesce(NEW.created_by, 0), 1
	WHERE NEW.status IN ('received', 'assigned')
	ON CONFLICT (scope_unit_id, category_id, due_day, created_by) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER feedback_tally_due_delete AFTER DELETE ON feedback WHEN OLD.status IN ('received', 'assigned')
BEGIN
	UPDATE feedback_tally_due SET n = n - 1
	WHERE scope_unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0) AND category_id = OLD.category_id
		AND due_day = CASE WHEN OLD.due_at IS NULL THEN -1 ELSE (OLD.due_at + 25200) / 86400 END
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

INSERT INTO feedback_tally_month(scope_unit_id, month, created_by, n, answered, on_time)
SELECT coalesce(unit_id, intake_unit_id, 0),
	CAST(strftime('%Y', received_at + 25200, 'unixepoch') AS INTEGER) * 12
		+ CAST(strftime('%m', received_at + 25200, 'unixepoch') AS INTEGER) - 1,
	coalesce(created_by, 0), count(*), count(answered_at),
	sum(answered_at IS NOT NULL AND (due_at IS NULL OR answered_at <= due_at))
FROM feedback
GROUP BY 1, 2, 3;

INSERT INTO feedback_tally_due(scope_unit_id, category_id, due_day, created_by, n)
SELECT coalesce(unit_id, intake_unit_id, 0), category_id,
	CASE WHEN due_at IS NULL THEN -1 ELSE (due_at + 25200) / 86400 END, coalesce(created_by, 0), count(*)
FROM feedback
WHERE status IN ('received', 'assigned')
GROUP BY 1, 2, 3, 4;
