-- 0040_report_open_month.sql - the reports' overdue feedback from a roll-up
-- of the open items (docs/reports.md, "Speed").
--
-- "Overdue" (open, and past due at the time of reading) was the one feedback
-- figure counted from the items: every overdue item of the period, walked in
-- the open items' index (0038). At 10,000,000 items over ten years that was
-- 157,000 items and half the time of a city's 10-year summary. This table
-- keeps the open items with a due date per unit (as the report's feedback
-- source: the handling unit, else the intake desk), Vietnam month received
-- and Vietnam month due (year * 12 + month - 1, as feedback_tally_month), in
-- the same transaction as every change of an item. A report reads whole
-- months received from here: the items due in a month before the current
-- one are past due, whatever the time of day; those due in the current
-- month are read from the index (due_at < now), as are the odd days at the
-- ends of a period (store/indicator.c). About units x months x 2 rows
-- (9,914 at 10,000,000 items), however many items are open. A row whose
-- count falls to 0 is deleted, so the table holds only what is open.
CREATE TABLE report_feedback_open (
	unit_id INTEGER NOT NULL,
	month INTEGER NOT NULL,
	due_month INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (unit_id, month, due_month)
) WITHOUT ROWID;

CREATE TRIGGER report_feedback_open_insert AFTER INSERT ON feedback
WHEN NEW.status IN ('received', 'assigned') AND NEW.due_at IS NOT NULL BEGIN
	INSERT INTO report_feedback_open(unit_id, month, due_month, n)
	VALUES (coalesce(NEW.unit_id, NEW.intake_unit_id, 0),
		CAST(strftime('%Y', NEW.received_at + 25200, 'unixepoch') AS INTEGER) * 12
			+ CAST(strftime('%m', NEW.received_at + 25200, 'unixepoch') AS INTEGER) - 1,
		CAST(strftime('%Y', NEW.due_at + 25200, 'unixepoch') AS INTEGER) * 12
			+ CAST(strftime('%m', NEW.due_at + 25200, 'unixepoch') AS INTEGER) - 1, 1)
	ON CONFLICT (unit_id, month, due_month) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_feedback_open_update AFTER UPDATE OF status, unit_id, intake_unit_id, received_at, due_at
	ON feedback
WHEN ((OLD.status IN ('received', 'assigned') AND OLD.due_at IS NOT NULL)
		OR (NEW.status IN ('received', 'assigned') AND NEW.due_at IS NOT NULL))
	AND ((OLD.status IN ('received', 'assigned') AND OLD.due_at IS NOT NULL)
		<> (NEW.status IN ('received', 'assigned') AND NEW.due_at IS NOT NULL)
	OR coalesce(OLD.unit_id, OLD.intake_unit_id, 0) <> coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
	OR OLD.received_at IS NOT NEW.received_at OR OLD.due_at IS NOT NEW.due_at)
BEGIN
	UPDATE report_feedback_open SET n = n - 1
	WHERE OLD.status IN ('received', 'assigned') AND OLD.due_at IS NOT NULL
		AND unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0)
		AND month = CAST(strftime('%Y', OLD.received_at + 25200, 'unixepoch') AS INTEGER) * 12
			+ CAST(strftime('%m', OLD.received_at + 25200, 'unixepoch') AS INTEGER) - 1
		AND due_month = CAST(strftime('%Y', OLD.due_at + 25200, 'unixepoch') AS INTEGER) * 12
			+ CAST(strftime('%m', OLD.due_at + 25200, 'unixepoch') AS INTEGER) - 1;
	DELETE FROM report_feedback_open WHERE n = 0 AND unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0);
	INSERT INTO report_feedback_open(unit_id, month, due_month, n)
	SELECT coalesce(NEW.unit_id, NEW.intake_unit_id, 0),
		CAST(strftime('%Y', NEW.received_at + 25200, 'unixepoch') AS INTEGER) * 12
			+ CAST(strftime('%m', NEW.received_at + 25200, 'unixepoch') AS INTEGER) - 1,
		CAST(strftime('%Y', NEW.due_at + 25200, 'unixepoch') AS INTEGER) * 12
			+ CAST(strftime('%m', NEW.due_at + 25200, 'unixepoch') AS INTEGER) - 1, 1
	WHERE NEW.status IN ('received', 'assigned') AND NEW.due_at IS NOT NULL
	ON CONFLICT (unit_id, month, due_month) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_feedback_open_delete AFTER DELETE ON feedback
WHEN OLD.status IN ('received', 'assigned') AND OLD.due_at IS NOT NULL BEGIN
	UPDATE report_feedback_open SET n = n - 1
	WHERE unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0)
		AND month = CAST(strftime('%Y', OLD.received_at + 25200, 'unixepoch') AS INTEGER) * 12
			+ CAST(strftime('%m', OLD.received_at + 25200, 'unixepoch') AS INTEGER) - 1
		AND due_month = CAST(strftime('%Y', OLD.due_at + 25200, 'unixepoch') AS INTEGER) * 12
			+ CAST(strftime('%m', OLD.due_at + 25200, 'unixepoch') AS INTEGER) - 1;
	DELETE FROM report_feedback_open WHERE n = 0 AND unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0);
END;

-- the open items there are
INSERT INTO report_feedback_open(unit_id, month, due_month, n)
SELECT coalesce(unit_id, intake_unit_id, 0),
	CAST(strftime('%Y', received_at + 25200, 'unixepoch') AS INTEGER) * 12
		+ CAST(strftime('%m', received_at + 25200, 'unixepoch') AS INTEGER) - 1,
	CAST(strftime('%Y', due_at + 25200, 'unixepoch') AS INTEGER) * 12
		+ CAST(strftime('%m', due_at + 25200, 'unixepoch') AS INTEGER) - 1, count(*)
FROM feedback WHERE status IN ('received', 'assigned') AND due_at IS NOT NULL
GROUP BY 1, 2, 3;
