-- 0037_report_emulation_month.sql - models and commendations by unit and
-- month: see migrations/sqlite/0037_report_emulation_month.sql for what and why.

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

-- the triggers: a record out of its old key, into its new one
CREATE FUNCTION report_models_month_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_model_month AS t (unit_id, registered_on, status, field, n) VALUES (NEW.unit_id, report_month_of_day(NEW.registered_on), NEW.status, NEW.field, 1)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = t.n + excluded.n;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_models_month_insert AFTER INSERT ON models FOR EACH ROW EXECUTE FUNCTION report_models_month_insert();

CREATE FUNCTION report_models_month_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_model_month AS t (unit_id, registered_on, status, field, n) VALUES (OLD.unit_id, report_month_of_day(OLD.registered_on), OLD.status, OLD.field, -1)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = t.n + excluded.n;
	INSERT INTO report_model_month AS t (unit_id, registered_on, status, field, n) VALUES (NEW.unit_id, report_month_of_day(NEW.registered_on), NEW.status, NEW.field, 1)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = t.n + excluded.n;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_models_month_update AFTER UPDATE OF unit_id, registered_on, status, field ON models FOR EACH ROW EXECUTE FUNCTION report_models_month_update();

CREATE FUNCTION report_models_month_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_model_month AS t (unit_id, registered_on, status, field, n) VALUES (OLD.unit_id, report_month_of_day(OLD.registered_on), OLD.status, OLD.field, -1)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = t.n + excluded.n;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_models_month_delete AFTER DELETE ON models FOR EACH ROW EXECUTE FUNCTION report_models_month_delete();

CREATE FUNCTION report_commendations_month_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_commend_month AS t (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
		SELECT NEW.recipient_unit_id, report_month_of_day(NEW.decision_date), NEW.status, NEW.form_code, 1, coalesce(NEW.prize_vnd, 0) WHERE NEW.decision_date IS NOT NULL
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code) DO UPDATE SET n = t.n + excluded.n, prize_vnd = t.prize_vnd + excluded.prize_vnd;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_commendations_month_insert AFTER INSERT ON commendations FOR EACH ROW EXECUTE FUNCTION report_commendations_month_insert();

CREATE FUNCTION report_commendations_month_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_commend_month AS t (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
		SELECT OLD.recipient_unit_id, report_month_of_day(OLD.decision_date), OLD.status, OLD.form_code, -1, -coalesce(OLD.prize_vnd, 0) WHERE OLD.decision_date IS NOT NULL
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code) DO UPDATE SET n = t.n + excluded.n, prize_vnd = t.prize_vnd + excluded.prize_vnd;
	INSERT INTO report_commend_month AS t (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
		SELECT NEW.recipient_unit_id, report_month_of_day(NEW.decision_date), NEW.status, NEW.form_code, 1, coalesce(NEW.prize_vnd, 0) WHERE NEW.decision_date IS NOT NULL
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code) DO UPDATE SET n = t.n + excluded.n, prize_vnd = t.prize_vnd + excluded.prize_vnd;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_commendations_month_update AFTER UPDATE OF recipient_unit_id, decision_date, status, form_code, prize_vnd ON commendations FOR EACH ROW EXECUTE FUNCTION report_commendations_month_update();

CREATE FUNCTION report_commendations_month_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_commend_month AS t (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
		SELECT OLD.recipient_unit_id, report_month_of_day(OLD.decision_date), OLD.status, OLD.form_code, -1, -coalesce(OLD.prize_vnd, 0) WHERE OLD.decision_date IS NOT NULL
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code) DO UPDATE SET n = t.n + excluded.n, prize_vnd = t.prize_vnd + excluded.prize_vnd;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_commendations_month_delete AFTER DELETE ON commendations FOR EACH ROW EXECUTE FUNCTION report_commendations_month_delete();

-- the existing records
INSERT INTO report_model_month(unit_id, registered_on, status, field, n)
SELECT d.unit_id, report_month_of_day(d.registered_on), d.status, d.field, count(*) FROM models d
GROUP BY d.unit_id, report_month_of_day(d.registered_on), d.status, d.field;
INSERT INTO report_commend_month(recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
SELECT e.recipient_unit_id, report_month_of_day(e.decision_date), e.status, e.form_code, count(*), sum(coalesce(e.prize_vnd, 0)) FROM commendations e WHERE e.decision_date IS NOT NULL
GROUP BY e.recipient_unit_id, report_month_of_day(e.decision_date), e.status, e.form_code;
