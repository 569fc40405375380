-- 0043_report_consult_month.sql (PostgreSQL) - the review reports'
-- consultations by unit and month, and by year: what and why in the SQLite
-- migration of the same number. One function adds a draft's opening times
-- a sign to its month and its year; one trigger function takes the old row
-- out and puts the new one in.

CREATE TABLE report_consult_month (
	unit_id bigint NOT NULL,
	day bigint NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (unit_id, day)
);

CREATE TABLE report_consult_year (
	unit_id bigint NOT NULL,
	day bigint NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (unit_id, day)
);

CREATE FUNCTION report_consult_add(u bigint, opens bigint, sgn bigint) RETURNS void LANGUAGE sql AS $$
	INSERT INTO report_consult_month AS t (unit_id, day, n) VALUES (u, report_month_of(opens), sgn)
	ON CONFLICT (unit_id, day) DO UPDATE SET n = t.n + excluded.n;
	INSERT INTO report_consult_year AS t (unit_id, day, n) VALUES (u, report_year_of_day(report_month_of(opens)), sgn)
	ON CONFLICT (unit_id, day) DO UPDATE SET n = t.n + excluded.n;
$$;

CREATE FUNCTION report_consult_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM report_consult_add(OLD.unit_id, OLD.opens_at, -1);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM report_consult_add(NEW.unit_id, NEW.opens_at, 1);
	END IF;
	RETURN NULL;
END;
$$;

CREATE TRIGGER report_consult_write AFTER INSERT OR DELETE ON consultations
FOR EACH ROW EXECUTE FUNCTION report_consult_changed();
CREATE TRIGGER report_consult_update AFTER UPDATE OF unit_id, opens_at ON consultations
FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.opens_at IS DISTINCT FROM NEW.opens_at)
EXECUTE FUNCTION report_consult_changed();

-- the drafts there are
INSERT INTO report_consult_month (unit_id, day, n)
SELECT unit_id, report_month_of(opens_at), count(*) FROM consultations GROUP BY 1, 2;
INSERT INTO report_consult_year (unit_id, day, n)
SELECT unit_id, report_year_of_day(report_month_of(opens_at)), count(*) FROM consultations GROUP BY 1, 2;
