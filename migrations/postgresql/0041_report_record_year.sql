-- 0041_report_record_year.sql (PostgreSQL) - the monthly roll-ups of
-- meetings, bookings, comments, models and commendations added up by year
-- (docs/reports.md, "Speed"); what the tables hold and why: the SQLite
-- migration of the same number. A row trigger on each month table adds
-- its change to the year.

CREATE TABLE report_record_year (
	source text NOT NULL CHECK (source IN ('meeting', 'booking', 'comment')),
	unit_id bigint NOT NULL,
	day bigint NOT NULL,
	a bigint NOT NULL DEFAULT 0,
	b bigint NOT NULL DEFAULT 0,
	c bigint NOT NULL DEFAULT 0,
	d bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (source, unit_id, day)
);

CREATE TABLE report_model_year (
	unit_id bigint NOT NULL,
	registered_on bigint NOT NULL,
	status text NOT NULL,
	field text NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (unit_id, registered_on, status, field)
);

CREATE TABLE report_commend_year (
	recipient_unit_id bigint NOT NULL,
	decision_date bigint NOT NULL,
	status text NOT NULL,
	form_code text NOT NULL,
	n bigint NOT NULL,
	prize_vnd bigint NOT NULL,
	PRIMARY KEY (recipient_unit_id, decision_date, status, form_code)
);

-- the first day of the year of a Vietnam day number
CREATE FUNCTION report_year_of_day(d bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
	SELECT (date_trunc('year', DATE '1970-01-01' + d::integer)::date - DATE '1970-01-01')::bigint
$$;

-- a month row's change, added to its year: the old row out, the new one in
CREATE FUNCTION report_record_year_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		INSERT INTO report_record_year AS t (source, unit_id, day, a, b, c, d)
		VALUES (OLD.source, OLD.unit_id, report_year_of_day(OLD.day), -OLD.a, -OLD.b, -OLD.c, -OLD.d)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c, d = t.d + excluded.d;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO report_record_year AS t (source, unit_id, day, a, b, c, d)
		VALUES (NEW.source, NEW.unit_id, report_year_of_day(NEW.day), NEW.a, NEW.b, NEW.c, NEW.d)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c, d = t.d + excluded.d;
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_year_changed AFTER INSERT OR UPDATE OR DELETE ON report_record_month
FOR EACH ROW EXECUTE FUNCTION report_record_year_changed();

CREATE FUNCTION report_model_year_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		INSERT INTO report_model_year AS t (unit_id, registered_on, status, field, n)
		VALUES (OLD.unit_id, report_year_of_day(OLD.registered_on), OLD.status, OLD.field, -OLD.n)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = t.n + excluded.n;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO report_model_year AS t (unit_id, registered_on, status, field, n)
		VALUES (NEW.unit_id, report_year_of_day(NEW.registered_on), NEW.status, NEW.field, NEW.n)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = t.n + excluded.n;
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_model_year_changed AFTER INSERT OR UPDATE OR DELETE ON report_model_month
FOR EACH ROW EXECUTE FUNCTION report_model_year_changed();

CREATE FUNCTION report_commend_year_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		INSERT INTO report_commend_year AS t (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
		VALUES (OLD.recipient_unit_id, report_year_of_day(OLD.decision_date), OLD.status, OLD.form_code, -OLD.n, -OLD.prize_vnd)
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code)
		DO UPDATE SET n = t.n + excluded.n, prize_vnd = t.prize_vnd + excluded.prize_vnd;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO report_commend_year AS t (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
		VALUES (NEW.recipient_unit_id, report_year_of_day(NEW.decision_date), NEW.status, NEW.form_code, NEW.n, NEW.prize_vnd)
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code)
		DO UPDATE SET n = t.n + excluded.n, prize_vnd = t.prize_vnd + excluded.prize_vnd;
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_commend_year_changed AFTER INSERT OR UPDATE OR DELETE ON report_commend_month
FOR EACH ROW EXECUTE FUNCTION report_commend_year_changed();

-- what is there already
INSERT INTO report_record_year (source, unit_id, day, a, b, c, d)
	SELECT source, unit_id, report_year_of_day(day), sum(a), sum(b), sum(c), sum(d)
	FROM report_record_month GROUP BY source, unit_id, report_year_of_day(day);
INSERT INTO report_model_year (unit_id, registered_on, status, field, n)
	SELECT unit_id, report_year_of_day(registered_on), status, field, sum(n)
	FROM report_model_month GROUP BY unit_id, report_year_of_day(registered_on), status, field;
INSERT INTO report_commend_year (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
	SELECT recipient_unit_id, report_year_of_day(decision_date), status, form_code, sum(n), sum(prize_vnd)
	FROM report_commend_month GROUP BY recipient_unit_id, report_year_of_day(decision_date), status, form_code;
