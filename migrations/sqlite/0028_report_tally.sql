-- 0028_report_tally.sql - the review reports' feedback figures, kept as
-- counters (docs/reports.md, "Speed").
--
-- A report counts the items received in any period at any set of units:
-- received, answered, answered on time, the working days to the answer,
-- rated and satisfied, voter petitions raised and answered. Read from the
-- items, that is every item of the subtree and period, each a wide row; a
-- 10-year city summary read them all. Here triggers keep, in the same
-- transaction as every write of an item, per
--   unit_id   coalesce(unit_id, intake_unit_id): the unit a report counts
--             the item at (store/indicator.c); 0 for an item recorded
--             with no unit at all (no report counts it)
--   day       the Vietnam civil day of received_at
--   lag       the Vietnam day of answered_at minus `day` (0 when the same
--             day or, backdated, earlier); -1 while unanswered
-- the number of items `n` and of those answered on time, rated, rated 4 or
-- 5, raised at a voter contact meeting, and raised there and answered. The
-- working days of an answer are computed by the reader from (day, lag) with
-- the calendar of the moment, as for feedback_tally_day (0013).
--
-- One narrow row per (unit, day, lag): about one per unit-day with items,
-- far fewer than the items once several arrive a day; a report reads the
-- range of days of each unit of its subtree from the primary key.
--
-- Voter petitions: an item is one when its meeting_id names a meeting of
-- kind voter_contact. A meeting's kind is fixed once it is created (the app
-- never changes it; the trigger at the end refuses it), so the counter
-- follows the item's own columns only.
--
-- Not kept: overdue items (open items past their due date, which depends
-- on the time of reading) are read from feedback_scope_due (0009), and the
-- records lists from the items, with the same conditions.

CREATE TABLE report_feedback_tally (
	unit_id INTEGER NOT NULL,
	day INTEGER NOT NULL,
	lag INTEGER NOT NULL,
	n INTEGER NOT NULL,
	on_time INTEGER NOT NULL,
	rated INTEGER NOT NULL,
	satisfied INTEGER NOT NULL,
	voter INTEGER NOT NULL,
	voter_answered INTEGER NOT NULL,
	PRIMARY KEY (unit_id, day, lag)
) WITHOUT ROWID;

CREATE TRIGGER report_feedback_tally_insert AFTER INSERT ON feedback BEGIN
	INSERT INTO report_feedback_tally(unit_id, day, lag, n, on_time, rated, satisfied, voter, voter_answered)
	SELECT coalesce(NEW.unit_id, NEW.intake_unit_id, 0), (NEW.received_at + 25200) / 86400,
		CASE WHEN NEW.answered_at IS NULL THEN -1
		     ELSE max(0, (NEW.answered_at + 25200) / 86400 - (NEW.received_at + 25200) / 86400) END,
		1, NEW.answered_at IS NOT NULL AND (NEW.due_at IS NULL OR NEW.answered_at <= NEW.due_at),
		NEW.rating IS NOT NULL, coalesce(NEW.rating >= 4, 0), v.voter, v.voter AND NEW.answered_at IS NOT NULL
	FROM (SELECT EXISTS (SELECT 1 FROM meetings vm WHERE vm.id = NEW.meeting_id AND vm.kind = 'voter_contact')
		AS voter) AS v
	WHERE 1
	ON CONFLICT (unit_id, day, lag) DO UPDATE SET n = n + 1, on_time = on_time + excluded.on_time,
		rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied,
		voter = voter + excluded.voter, voter_answered = voter_answered + excluded.voter_answered;
END;

CREATE TRIGGER report_feedback_tally_delete AFTER DELETE ON feedback BEGIN
	UPDATE report_feedback_tally SET n = n - 1,
		on_time = on_time - (OLD.answered_at IS NOT NULL AND (OLD.due_at IS NULL OR OLD.answered_at <= OLD.due_at)),
		rated = rated - (OLD.rating IS NOT NULL), satisfied = satisfied - coalesce(OLD.rating >= 4, 0),
		voter = voter - EXISTS (SELECT 1 FROM meetings vm WHERE vm.id = OLD.meeting_id AND vm.kind = 'voter_contact'),
		voter_answered = voter_answered - (OLD.answered_at IS NOT NULL AND
			EXISTS (SELECT 1 FROM meetings vm WHERE vm.id = OLD.meeting_id AND vm.kind = 'voter_contact'))
	WHERE unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0) AND day = (OLD.received_at + 25200) / 86400
		AND lag = CASE WHEN OLD.answered_at IS NULL THEN -1
			       ELSE max(0, (OLD.answered_at + 25200) / 86400 - (OLD.received_at + 25200) / 86400) END;
END;

CREATE TRIGGER report_feedback_tally_update AFTER UPDATE OF unit_id, intake_unit_id, received_at, answered_at,
	due_at, rating, meeting_id ON feedback
WHEN coalesce(OLD.unit_id, OLD.intake_unit_id, 0) IS NOT coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
	OR OLD.received_at IS NOT NEW.received_at OR OLD.answered_at IS NOT NEW.answered_at
	OR OLD.due_at IS NOT NEW.due_at OR OLD.rating IS NOT NEW.rating OR OLD.meeting_id IS NOT NEW.meeting_id
BEGIN
	UPDATE report_feedback_tally SET n = n - 1,
		on_time = on_time - (OLD.answered_at IS NOT NULL AND (OLD.due_at IS NULL OR OLD.answered_at <= OLD.due_at)),
		rated = rated - (OLD.rating IS NOT NULL), satisfied = satisfied - coalesce(OLD.rating >= 4, 0),
		voter = voter - EXISTS (SELECT 1 FROM meetings vm WHERE vm.id = OLD.meeting_id AND vm.kind = 'voter_contact'),
		voter_answered = voter_answered - (OLD.answered_at IS NOT NULL AND
			EXISTS (SELECT 1 FROM meetings vm WHERE vm.id = OLD.meeting_id AND vm.kind = 'voter_contact'))
	WHERE unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0) AND day = (OLD.received_at + 25200) / 86400
		AND lag = CASE WHEN OLD.answered_at IS NULL THEN -1
			       ELSE max(0, (OLD.answered_at + 25200) / 86400 - (OLD.received_at + 25200) / 86400) END;
	INSERT INTO report_feedback_tally(unit_id, day, lag, n, on_time, rated, satisfied, voter, voter_answered)
	SELECT coalesce(NEW.unit_id, NEW.intake_unit_id, 0), (NEW.received_at + 25200) / 86400,
		CASE WHEN NEW.answered_at IS NULL THEN -1
		     ELSE max(0, (NEW.answered_at + 25200) / 86400 - (NEW.received_at + 25200) / 86400) END,
		1, NEW.answered_at IS NOT NULL AND (NEW.due_at IS NULL OR NEW.answered_at <= NEW.due_at),
		NEW.rating IS NOT NULL, coalesce(NEW.rating >= 4, 0), v.voter, v.voter AND NEW.answered_at IS NOT NULL
	FROM (SELECT EXISTS (SELECT 1 FROM meetings vm WHERE vm.id = NEW.meeting_id AND vm.kind = 'voter_contact')
		AS voter) AS v
	WHERE 1
	ON CONFLICT (unit_id, day, lag) DO UPDATE SET n = n + 1, on_time = on_time + excluded.on_time,
		rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied,
		voter = voter + excluded.voter, voter_answered = voter_answered + excluded.voter_answered;
END;

-- a meeting's kind is fixed: the voter counters above depend on it
CREATE TRIGGER meetings_kind_fixed BEFORE UPDATE OF kind ON meetings WHEN OLD.kind IS NOT NEW.kind BEGIN
	SELECT RAISE(ABORT, 'a meeting''s kind cannot change');
END;

-- the existing items
INSERT INTO report_feedback_tally(unit_id, day, lag, n, on_time, rated, satisfied, voter, voter_answered)
SELECT coalesce(f.unit_id, f.intake_unit_id, 0), (f.received_at + 25200) / 86400,
	CASE WHEN f.answered_at IS NULL THEN -1
	     ELSE max(0, (f.answered_at + 25200) / 86400 - (f.received_at + 25200) / 86400) END,
	count(*), sum(f.answered_at IS NOT NULL AND (f.due_at IS NULL OR f.answered_at <= f.due_at)),
	count(f.rating), sum(coalesce(f.rating >= 4, 0)), sum(m.id IS NOT NULL),
	sum(m.id IS NOT NULL AND f.answered_at IS NOT NULL)
FROM feedback f LEFT JOIN meetings m ON m.id = f.meeting_id AND m.kind = 'voter_contact'
GROUP BY 1, 2, 3;
