-- 0033_report_rollup.sql - the review reports' feedback figures by month and
-- by year: see migrations/sqlite/0033_report_rollup.sql for what and why.
-- Here one trigger function keeps both tables from every change of the
-- day table (report_feedback_tally), however that table is written.

CREATE TABLE workday_index (
	day bigint PRIMARY KEY,
	w bigint NOT NULL,
	month_day bigint NOT NULL,
	year_day bigint NOT NULL
);

CREATE TABLE report_rollup_state (
	id integer PRIMARY KEY CHECK (id = 1),
	calendar_hash text NOT NULL
);

CREATE TABLE report_feedback_month (
	unit_id bigint NOT NULL,
	day bigint NOT NULL,
	n bigint NOT NULL,
	answered bigint NOT NULL,
	on_time bigint NOT NULL,
	rated bigint NOT NULL,
	satisfied bigint NOT NULL,
	voter bigint NOT NULL,
	voter_answered bigint NOT NULL,
	wd bigint NOT NULL,
	PRIMARY KEY (unit_id, day)
);

CREATE TABLE report_feedback_year (LIKE report_feedback_month INCLUDING ALL);

-- add the figures of one day-table row, times sgn, to its month and year
CREATE FUNCTION report_rollup_add(r report_feedback_tally, sgn bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	c workday_index;
	wd bigint := 0;
	ans bigint := CASE WHEN r.lag >= 0 THEN r.n ELSE 0 END;
BEGIN
	SELECT * INTO c FROM workday_index WHERE day = r.day;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	IF r.lag > 0 THEN
		wd := r.n * coalesce((SELECT e.w FROM workday_index e WHERE e.day = r.day + r.lag) - c.w, 0);
	END IF;
	INSERT INTO report_feedback_month AS t (unit_id, day, n, answered, on_time, rated, satisfied, voter, voter_answered, wd)
	VALUES (r.unit_id, c.month_day, sgn * r.n, sgn * ans, sgn * r.on_time, sgn * r.rated, sgn * r.satisfied, sgn * r.voter,
		sgn * r.voter_answered, sgn * wd)
	ON CONFLICT (unit_id, day) DO UPDATE SET n = t.n + excluded.n, answered = t.answered + excluded.answered,
		on_time = t.on_time + excluded.on_time, rated = t.rated + excluded.rated,
		satisfied = t.satisfied + excluded.satisfied, voter = t.voter + excluded.voter,
		voter_answered = t.voter_answered + excluded.voter_answered, wd = t.wd + excluded.wd;
	INSERT INTO report_feedback_year AS t (unit_id, day, n, answered, on_time, rated, satisfied, voter, voter_answered, wd)
	VALUES (r.unit_id, c.year_day, sgn * r.n, sgn * ans, sgn * r.on_time, sgn * r.rated, sgn * r.satisfied, sgn * r.voter,
		sgn * r.voter_answered, sgn * wd)
	ON CONFLICT (unit_id, day) DO UPDATE SET n = t.n + excluded.n, answered = t.answered + excluded.answered,
		on_time = t.on_time + excluded.on_time, rated = t.rated + excluded.rated,
		satisfied = t.satisfied + excluded.satisfied, voter = t.voter + excluded.voter,
		voter_answered = t.voter_answered + excluded.voter_answered, wd = t.wd + excluded.wd;
END;
$$;

CREATE FUNCTION report_rollup_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	d report_feedback_tally;
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.unit_id = NEW.unit_id AND OLD.day = NEW.day AND OLD.lag = NEW.lag THEN
		-- the usual case: counts changed in place, add the difference once
		d := NEW;
		d.n := NEW.n - OLD.n;
		d.on_time := NEW.on_time - OLD.on_time;
		d.rated := NEW.rated - OLD.rated;
		d.satisfied := NEW.satisfied - OLD.satisfied;
		d.voter := NEW.voter - OLD.voter;
		d.voter_answered := NEW.voter_answered - OLD.voter_answered;
		PERFORM report_rollup_add(d, 1);
		RETURN NULL;
	END IF;
	IF TG_OP <> 'INSERT' THEN
		PERFORM report_rollup_add(OLD, -1);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM report_rollup_add(NEW, 1);
	END IF;
	RETURN NULL;
END;
$$;

CREATE TRIGGER report_rollup AFTER INSERT OR UPDATE OR DELETE ON report_feedback_tally
FOR EACH ROW EXECUTE FUNCTION report_rollup_on_change();

-- workday_index and the two tables are filled by the first rollup_sync
-- (store/rollup.c), which every command that serves or writes runs at start;
-- until then report_rollup_state is empty and reports read the day table.
