-- 0037_report_emulation_month.sql - models and commendations by unit and
-- month: see migrations/sqlite/0037_report_emulation_month.sql for what and
-- why. One function per kind of record adds a row times a sign; one trigger
-- function per table takes the old row out and puts the new one in.

CREATE TABLE report_model_month (
	unit_id bigint NOT NULL,
	registered_on bigint NOT NULL,
	status text NOT NULL,
	field text NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (unit_id, registered_on, status, field)
);

CREATE TABLE report_commend_month (
	recipient_unit_id bigint NOT NULL,
	decision_date bigint NOT NULL,
	status text NOT NULL,
	form_code text NOT NULL,
	n bigint NOT NULL,
	prize_vnd bigint NOT NULL,
	PRIMARY KEY (recipient_unit_id, decision_date, status, form_code)
);

-- the first day of the month of a Vietnam day number
CREATE FUNCTION report_month_of_day(d bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
	SELECT (date_trunc('month', DATE '1970-01-01' + d::integer)::date - DATE '1970-01-01')::bigint
$$;

CREATE FUNCTION report_model_add(m models, sgn bigint) RETURNS void LANGUAGE sql AS $$
	INSERT INTO report_model_month AS t (unit_id, registered_on, status, field, n)
	VALUES (m.unit_id, report_month_of_day(m.registered_on), m.status, m.field, sgn)
	ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = t.n + excluded.n;
$$;

-- only a commendation with a decision date (no period can count the others)
CREATE FUNCTION report_commend_add(e commendations, sgn bigint) RETURNS void LANGUAGE sql AS $$
	INSERT INTO report_commend_month AS t (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
	SELECT e.recipient_unit_id, report_month_of_day(e.decision_date), e.status, e.form_code, sgn,
		sgn * coalesce(e.prize_vnd, 0)
	WHERE e.decision_date IS NOT NULL
	ON CONFLICT (recipient_unit_id, decision_date, status, form_code)
	DO UPDATE SET n = t.n + excluded.n, prize_vnd = t.prize_vnd + excluded.prize_vnd;
$$;

-- the triggers: the old row out, the new one in
CREATE FUNCTION report_models_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM report_model_add(OLD, -1);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM report_model_add(NEW, 1);
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_models_changed AFTER INSERT OR UPDATE OF unit_id, registered_on, status, field OR DELETE ON models
FOR EACH ROW EXECUTE FUNCTION report_models_changed();

CREATE FUNCTION report_commendations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM report_commend_add(OLD, -1);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM report_commend_add(NEW, 1);
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_commendations_changed AFTER INSERT OR UPDATE OF recipient_unit_id, decision_date, status, form_code, prize_vnd OR DELETE ON commendations
FOR EACH ROW EXECUTE FUNCTION report_commendations_changed();

-- the existing records
INSERT INTO report_model_month(unit_id, registered_on, status, field, n)
SELECT d.unit_id, report_month_of_day(d.registered_on), d.status, d.field, count(*) FROM models d
GROUP BY d.unit_id, report_month_of_day(d.registered_on), d.status, d.field;
INSERT INTO report_commend_month(recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
SELECT e.recipient_unit_id, report_month_of_day(e.decision_date), e.status, e.form_code, count(*), sum(coalesce(e.prize_vnd, 0)) FROM commendations e WHERE e.decision_date IS NOT NULL
GROUP BY e.recipient_unit_id, report_month_of_day(e.decision_date), e.status, e.form_code;
