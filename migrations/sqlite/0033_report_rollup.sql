-- 0033_report_rollup.sql - the review reports' feedback figures by month and
-- by year (docs/reports.md, "Speed").
--
-- report_feedback_tally (0028) holds one row per (unit, day, answer lag):
-- about one per unit-day, so a 10-year summary of a city still read
-- hundreds of thousands of rows. These two tables add those rows up per
-- unit and month, and per unit and year; a report reads whole years from
-- the first, whole months from the second and only the odd days at the
-- ends of a period from the day table (store/indicator.c). They are kept
-- by the triggers below, from every change of the day table, in the same
-- transaction as the item's write.
--
-- The working days to an answer, which the day table leaves to the reader
-- (they depend on the announced calendar), are added up here too: with
-- W(d) the number of working days from 1970-01-01 to day d, an item
-- received on day r and answered on day a took W(a) - W(r) working days.
-- workday_index holds W for every day of the calendar's range
-- (1970-2199), written by the application from its calendar
-- (store/rollup.c, rollup_sync at every start): when the calendar changes,
-- W changes from the first day that differs, and the months and years
-- from there (less the longest answer) are rebuilt from the day table in
-- one transaction. report_rollup_state records which calendar the
-- working-day sums were made with (a hash of W); a reader whose calendar
-- differs reads the day table, as before.
--
-- Columns: day is the first day of the month / 1 January (a Vietnam day
-- number, as in 0028), answered the items answered (lag >= 0), wd their
-- working days added up; the others as in report_feedback_tally.

CREATE TABLE workday_index (
	day INTEGER PRIMARY KEY,
	w INTEGER NOT NULL,
	month_day INTEGER NOT NULL,
	year_day INTEGER NOT NULL
);

CREATE TABLE report_rollup_state (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	calendar_hash TEXT NOT NULL
);

CREATE TABLE report_feedback_month (
	unit_id INTEGER NOT NULL,
	day INTEGER NOT NULL,
	n INTEGER NOT NULL,
	answered INTEGER NOT NULL,
	on_time INTEGER NOT NULL,
	rated INTEGER NOT NULL,
	satisfied INTEGER NOT NULL,
	voter INTEGER NOT NULL,
	voter_answered INTEGER NOT NULL,
	wd INTEGER NOT NULL,
	PRIMARY KEY (unit_id, day)
) WITHOUT ROWID;

CREATE TABLE report_feedback_year (
	unit_id INTEGER NOT NULL,
	day INTEGER NOT NULL,
	n INTEGER NOT NULL,
	answered INTEGER NOT NULL,
	on_time INTEGER NOT NULL,
	rated INTEGER NOT NULL,
	satisfied INTEGER NOT NULL,
	voter INTEGER NOT NULL,
	voter_answered INTEGER NOT NULL,
	wd INTEGER NOT NULL,
	PRIMARY KEY (unit_id, day)
) WITHOUT ROWID;

-- A change of the day table adds its difference to the month and the year
-- (an update takes the old row's figures away and adds the new row's; a
-- row whose day is outside workday_index adds nothing, and a reader never
-- reads months or years there).
CREATE TRIGGER report_rollup_insert AFTER INSERT ON report_feedback_tally BEGIN
	INSERT INTO report_feedback_month(unit_id, day, n, answered, on_time, rated, satisfied, voter, voter_answered, wd)
	SELECT NEW.unit_id, c.month_day, NEW.n, CASE WHEN NEW.lag >= 0 THEN NEW.n ELSE 0 END, NEW.on_time, NEW.rated,
		NEW.satisfied, NEW.voter, NEW.voter_answered,
		CASE WHEN NEW.lag > 0 THEN NEW.n * (coalesce((SELECT e.w FROM workday_index e WHERE e.day = NEW.day + NEW.lag), c.w) - c.w) ELSE 0 END
	FROM workday_index c WHERE c.day = NEW.day
	ON CONFLICT (unit_id, day) DO UPDATE SET n = n + excluded.n, answered = answered + excluded.answered,
		on_time = on_time + excluded.on_time, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied,
		voter = voter + excluded.voter, voter_answered = voter_answered + excluded.voter_answered, wd = wd + excluded.wd;
	INSERT INTO report_feedback_year(unit_id, day, n, answered, on_time, rated, satisfied, voter, voter_answered, wd)
	SELECT NEW.unit_id, c.year_day, NEW.n, CASE WHEN NEW.lag >= 0 THEN NEW.n ELSE 0 END, NEW.on_time, NEW.rated,
		NEW.satisfied, NEW.voter, NEW.voter_answered,
		CASE WHEN NEW.lag > 0 THEN NEW.n * (coalesce((SELECT e.w FROM workday_index e WHERE e.day = NEW.day + NEW.lag), c.w) - c.w) ELSE 0 END
	FROM workday_index c WHERE c.day = NEW.day
	ON CONFLICT (unit_id, day) DO UPDATE SET n = n + excluded.n, answered = answered + excluded.answered,
		on_time = on_time + excluded.on_time, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied,
		voter = voter + excluded.voter, voter_answered = voter_answered + excluded.voter_answered, wd = wd + excluded.wd;
END;

-- the day table's counts change in place (0028 never moves a row to another
-- key: an item that changes goes out of one row and into another)
CREATE TRIGGER report_rollup_key_fixed BEFORE UPDATE OF unit_id, day, lag ON report_feedback_tally
WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.day IS NOT NEW.day OR OLD.lag IS NOT NEW.lag BEGIN
	SELECT RAISE(ABORT, 'a report_feedback_tally row keeps its key');
END;

CREATE TRIGGER report_rollup_update AFTER UPDATE ON report_feedback_tally BEGIN
	UPDATE report_feedback_month SET n = n + NEW.n - OLD.n,
		answered = answered + CASE WHEN NEW.lag >= 0 THEN NEW.n - OLD.n ELSE 0 END,
		on_time = on_time + NEW.on_time - OLD.on_time, rated = rated + NEW.rated - OLD.rated,
		satisfied = satisfied + NEW.satisfied - OLD.satisfied, voter = voter + NEW.voter - OLD.voter,
		voter_answered = voter_answered + NEW.voter_answered - OLD.voter_answered,
		wd = wd + CASE WHEN NEW.lag > 0 THEN (NEW.n - OLD.n) * coalesce((SELECT e.w FROM workday_index e
			WHERE e.day = NEW.day + NEW.lag) - (SELECT c.w FROM workday_index c WHERE c.day = NEW.day), 0) ELSE 0 END
	WHERE unit_id = NEW.unit_id AND day = (SELECT c.month_day FROM workday_index c WHERE c.day = NEW.day);
	UPDATE report_feedback_year SET n = n + NEW.n - OLD.n,
		answered = answered + CASE WHEN NEW.lag >= 0 THEN NEW.n - OLD.n ELSE 0 END,
		on_time = on_time + NEW.on_time - OLD.on_time, rated = rated + NEW.rated - OLD.rated,
		satisfied = satisfied + NEW.satisfied - OLD.satisfied, voter = voter + NEW.voter - OLD.voter,
		voter_answered = voter_answered + NEW.voter_answered - OLD.voter_answered,
		wd = wd + CASE WHEN NEW.lag > 0 THEN (NEW.n - OLD.n) * coalesce((SELECT e.w FROM workday_index e
			WHERE e.day = NEW.day + NEW.lag) - (SELECT c.w FROM workday_index c WHERE c.day = NEW.day), 0) ELSE 0 END
	WHERE unit_id = NEW.unit_id AND day = (SELECT c.year_day FROM workday_index c WHERE c.day = NEW.day);
END;

CREATE TRIGGER report_rollup_delete AFTER DELETE ON report_feedback_tally BEGIN
	UPDATE report_feedback_month SET n = n - OLD.n, answered = answered - CASE WHEN OLD.lag >= 0 THEN OLD.n ELSE 0 END,
		on_time = on_time - OLD.on_time, rated = rated - OLD.rated, satisfied = satisfied - OLD.satisfied,
		voter = voter - OLD.voter, voter_answered = voter_answered - OLD.voter_answered,
		wd = wd - CASE WHEN OLD.lag > 0 THEN OLD.n * coalesce((SELECT e.w FROM workday_index e
			WHERE e.day = OLD.day + OLD.lag) - (SELECT c.w FROM workday_index c WHERE c.day = OLD.day), 0) ELSE 0 END
	WHERE unit_id = OLD.unit_id AND day = (SELECT c.month_day FROM workday_index c WHERE c.day = OLD.day);
	UPDATE report_feedback_year SET n = n - OLD.n, answered = answered - CASE WHEN OLD.lag >= 0 THEN OLD.n ELSE 0 END,
		on_time = on_time - OLD.on_time, rated = rated - OLD.rated, satisfied = satisfied - OLD.satisfied,
		voter = voter - OLD.voter, voter_answered = voter_answered - OLD.voter_answered,
		wd = wd - CASE WHEN OLD.lag > 0 THEN OLD.n * coalesce((SELECT e.w FROM workday_index e
			WHERE e.day = OLD.day + OLD.lag) - (SELECT c.w FROM workday_index c WHERE c.day = OLD.day), 0) ELSE 0 END
	WHERE unit_id = OLD.unit_id AND day = (SELECT c.year_day FROM workday_index c WHERE c.day = OLD.day);
END;

-- workday_index and the two tables are filled by the first rollup_sync
-- (store/rollup.c), which every command that serves or writes runs at start;
-- until then report_rollup_state is empty and reports read the day table.
