-- 0013_tally_period.sql (PostgreSQL) - the dashboard's period figures, kept
-- as counters by triggers in the same transaction as every write of an item.
-- As migrations/sqlite/0013_tally_period.sql (read its comments for the
-- keys, the sizes and the query side), with the triggers as PL/pgSQL
-- functions in the manner of 0007_tally.sql: an item is counted down (-1)
-- under its old keys and up (+1) under its new ones; a comparison stored
-- as a count is CASE WHEN ... THEN 1 ELSE 0 END; max(a, b) is greatest();
-- the Vietnam month of a time is vn_month() below (SQLite: strftime).
-- Integer division truncates on both engines, and times are positive.

-- year * 12 + month - 1 of a UTC time in Vietnam time (UTC+7)
CREATE FUNCTION vn_month(t bigint) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT (extract(year FROM d) * 12 + extract(month FROM d) - 1)::bigint
	FROM (SELECT to_timestamp(t + 25200) AT TIME ZONE 'UTC' AS d) AS x
$$;

-- 1 when an answered item was answered on time (no due date, or by it)
CREATE FUNCTION feedback_on_time(f feedback) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN f.answered_at IS NOT NULL AND (f.due_at IS NULL OR f.answered_at <= f.due_at)
		THEN 1 ELSE 0 END::bigint
$$;

CREATE TABLE feedback_tally_day (
	scope_unit_id bigint NOT NULL,
	day bigint NOT NULL,
	category_id bigint NOT NULL,
	lag bigint NOT NULL,
	created_by bigint NOT NULL,
	n bigint NOT NULL,
	on_time bigint NOT NULL,
	PRIMARY KEY (scope_unit_id, day, category_id, lag, created_by)
);
CREATE INDEX feedback_tally_day_creator ON feedback_tally_day(created_by, day, scope_unit_id, category_id, lag,
	n, on_time) WHERE created_by <> 0;

CREATE FUNCTION feedback_tally_day_add(f feedback, d bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO feedback_tally_day AS t (scope_unit_id, day, category_id, lag, created_by, n, on_time)
	VALUES (coalesce(f.unit_id, f.intake_unit_id, 0), (f.received_at + 25200) / 86400, f.category_id,
		CASE WHEN f.answered_at IS NULL THEN -1
		     ELSE greatest(0, (f.answered_at + 25200) / 86400 - (f.received_at + 25200) / 86400) END,
		coalesce(f.created_by, 0), d, d * feedback_on_time(f))
	ON CONFLICT (scope_unit_id, day, category_id, lag, created_by)
	DO UPDATE SET n = t.n + excluded.n, on_time = t.on_time + excluded.on_time;
END;
$$;

CREATE TABLE feedback_tally_month (
	scope_unit_id bigint NOT NULL,
	month bigint NOT NULL,
	created_by bigint NOT NULL,
	n bigint NOT NULL,
	answered bigint NOT NULL,
	on_time bigint NOT NULL,
	PRIMARY KEY (scope_unit_id, month, created_by)
);
CREATE INDEX feedback_tally_month_creator ON feedback_tally_month(created_by, month, scope_unit_id, n, answered,
	on_time) WHERE created_by <> 0;

CREATE FUNCTION feedback_tally_month_add(f feedback, d bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO feedback_tally_month AS t (scope_unit_id, month, created_by, n, answered, on_time)
	VALUES (coalesce(f.unit_id, f.intake_unit_id, 0), vn_month(f.received_at), coalesce(f.created_by, 0), d,
		CASE WHEN f.answered_at IS NULL THEN 0 ELSE d END, d * feedback_on_time(f))
	ON CONFLICT (scope_unit_id, month, created_by)
	DO UPDATE SET n = t.n + excluded.n, answered = t.answered + excluded.answered,
		on_time = t.on_time + excluded.on_time;
END;
$$;

CREATE TABLE feedback_tally_due (
	scope_unit_id bigint NOT NULL,
	category_id bigint NOT NULL,
	due_day bigint NOT NULL,
	created_by bigint NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (scope_unit_id, category_id, due_day, created_by)
);
CREATE INDEX feedback_tally_due_creator ON feedback_tally_due(created_by, scope_unit_id, category_id, due_day, n)
	WHERE created_by <> 0;

-- open items only (received or assigned)
CREATE FUNCTION feedback_tally_due_add(f feedback, d bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF f.status NOT IN ('received', 'assigned') THEN
		RETURN;
	END IF;
	INSERT INTO feedback_tally_due AS t (scope_unit_id, category_id, due_day, created_by, n)
	VALUES (coalesce(f.unit_id, f.intake_unit_id, 0), f.category_id,
		CASE WHEN f.due_at IS NULL THEN -1 ELSE (f.due_at + 25200) / 86400 END, coalesce(f.created_by, 0), d)
	ON CONFLICT (scope_unit_id, category_id, due_day, created_by) DO UPDATE SET n = t.n + excluded.n;
END;
$$;

CREATE FUNCTION feedback_tally_period_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM feedback_tally_day_add(NEW, 1);
	PERFORM feedback_tally_month_add(NEW, 1);
	PERFORM feedback_tally_due_add(NEW, 1);
	RETURN NULL;
END;
$$;

CREATE FUNCTION feedback_tally_period_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM feedback_tally_day_add(OLD, -1);
	PERFORM feedback_tally_month_add(OLD, -1);
	PERFORM feedback_tally_due_add(OLD, -1);
	RETURN NULL;
END;
$$;

CREATE FUNCTION feedback_tally_day_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM feedback_tally_day_add(OLD, -1);
	PERFORM feedback_tally_day_add(NEW, 1);
	RETURN NULL;
END;
$$;

CREATE FUNCTION feedback_tally_month_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM feedback_tally_month_add(OLD, -1);
	PERFORM feedback_tally_month_add(NEW, 1);
	RETURN NULL;
END;
$$;

CREATE FUNCTION feedback_tally_due_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM feedback_tally_due_add(OLD, -1);
	PERFORM feedback_tally_due_add(NEW, 1);
	RETURN NULL;
END;
$$;

CREATE TRIGGER feedback_tally_period_insert AFTER INSERT ON feedback
	FOR EACH ROW EXECUTE FUNCTION feedback_tally_period_on_insert();

CREATE TRIGGER feedback_tally_period_delete AFTER DELETE ON feedback
	FOR EACH ROW EXECUTE FUNCTION feedback_tally_period_on_delete();

CREATE TRIGGER feedback_tally_day_update AFTER UPDATE OF unit_id, intake_unit_id, received_at, category_id,
	answered_at, due_at, created_by ON feedback
	FOR EACH ROW
	WHEN (coalesce(OLD.unit_id, OLD.intake_unit_id, 0) <> coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
		OR OLD.received_at IS DISTINCT FROM NEW.received_at
		OR OLD.category_id IS DISTINCT FROM NEW.category_id
		OR OLD.answered_at IS DISTINCT FROM NEW.answered_at OR OLD.due_at IS DISTINCT FROM NEW.due_at
		OR coalesce(OLD.created_by, 0) <> coalesce(NEW.created_by, 0))
	EXECUTE FUNCTION feedback_tally_day_on_update();

CREATE TRIGGER feedback_tally_month_update AFTER UPDATE OF unit_id, intake_unit_id, received_at, answered_at,
	due_at, created_by ON feedback
	FOR EACH ROW
	WHEN (coalesce(OLD.unit_id, OLD.intake_unit_id, 0) <> coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
		OR OLD.received_at IS DISTINCT FROM NEW.received_at
		OR OLD.answered_at IS DISTINCT FROM NEW.answered_at OR OLD.due_at IS DISTINCT FROM NEW.due_at
		OR coalesce(OLD.created_by, 0) <> coalesce(NEW.created_by, 0))
	EXECUTE FUNCTION feedback_tally_month_on_update();

CREATE TRIGGER feedback_tally_due_update AFTER UPDATE OF status, unit_id, intake_unit_id, category_id, due_at,
	created_by ON feedback
	FOR EACH ROW
	WHEN ((OLD.status IN ('received', 'assigned') OR NEW.status IN ('received', 'assigned'))
		AND ((OLD.status IN ('received', 'assigned')) <> (NEW.status IN ('received', 'assigned'))
		OR coalesce(OLD.unit_id, OLD.intake_unit_id, 0) <> coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
		OR OLD.category_id IS DISTINCT FROM NEW.category_id OR OLD.due_at IS DISTINCT FROM NEW.due_at
		OR coalesce(OLD.created_by, 0) <> coalesce(NEW.created_by, 0)))
	EXECUTE FUNCTION feedback_tally_due_on_update();

-- the existing items
INSERT INTO feedback_tally_day(scope_unit_id, day, category_id, lag, created_by, n, on_time)
SELECT coalesce(f.unit_id, f.intake_unit_id, 0), (f.received_at + 25200) / 86400, f.category_id,
	CASE WHEN f.answered_at IS NULL THEN -1
	     ELSE greatest(0, (f.answered_at + 25200) / 86400 - (f.received_at + 25200) / 86400) END,
	coalesce(f.created_by, 0), count(*), sum(feedback_on_time(f))
FROM feedback f
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO feedback_tally_month(scope_unit_id, month, created_by, n, answered, on_time)
SELECT coalesce(f.unit_id, f.intake_unit_id, 0), vn_month(f.received_at), coalesce(f.created_by, 0), count(*),
	count(f.answered_at), sum(feedback_on_time(f))
FROM feedback f
GROUP BY 1, 2, 3;

INSERT INTO feedback_tally_due(scope_unit_id, category_id, due_day, created_by, n)
SELECT coalesce(unit_id, intake_unit_id, 0), category_id,
	CASE WHEN due_at IS NULL THEN -1 ELSE (due_at + 25200) / 86400 END, coalesce(created_by, 0), count(*)
FROM feedback
WHERE status IN ('received', 'assigned')
GROUP BY 1, 2, 3, 4;
