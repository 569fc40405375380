-- 0007_tally.sql (PostgreSQL) - the officer inbox's counts per status, kept
-- as counters by triggers in the same transaction as every insert, update
-- and deletion of an item. As migrations/sqlite/0007_tally.sql (read its
-- comments for the key columns and the query side); the triggers are
-- PL/pgSQL functions, and `handled` is computed as 1/0 (a comparison is a
-- boolean here, an integer on SQLite). Concurrent writers cannot lose an
-- increment: ON CONFLICT ... DO UPDATE takes the counter's row lock (and
-- db_begin() serialises danvan's write transactions anyway).

CREATE TABLE feedback_tally (
	scope_unit_id bigint NOT NULL,
	status text NOT NULL,
	handled bigint NOT NULL,
	created_by bigint NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (scope_unit_id, status, handled, created_by)
);
CREATE INDEX feedback_tally_creator ON feedback_tally(created_by, scope_unit_id)
	WHERE created_by <> 0;

CREATE TABLE feedback_tally_detail (
	scope_unit_id bigint NOT NULL,
	category_id bigint NOT NULL,
	channel text NOT NULL,
	status text NOT NULL,
	handled bigint NOT NULL,
	created_by bigint NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (scope_unit_id, category_id, channel, status, handled, created_by)
);
CREATE INDEX feedback_tally_detail_creator ON feedback_tally_detail(created_by, category_id, channel, status,
	scope_unit_id, handled, n) WHERE created_by <> 0;

-- one item counted up (+1) or down (-1) in both tables
CREATE FUNCTION feedback_tally_add(f feedback, d bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO feedback_tally AS t (scope_unit_id, status, handled, created_by, n)
	VALUES (coalesce(f.unit_id, f.intake_unit_id, 0), f.status,
		CASE WHEN f.unit_id IS NULL THEN 0 ELSE 1 END, coalesce(f.created_by, 0), d)
	ON CONFLICT (scope_unit_id, status, handled, created_by) DO UPDATE SET n = t.n + d;
END;
$$;

CREATE FUNCTION feedback_tally_detail_add(f feedback, d bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO feedback_tally_detail AS t (scope_unit_id, category_id, channel, status, handled, created_by, n)
	VALUES (coalesce(f.unit_id, f.intake_unit_id, 0), f.category_id, f.channel, f.status,
		CASE WHEN f.unit_id IS NULL THEN 0 ELSE 1 END, coalesce(f.created_by, 0), d)
	ON CONFLICT (scope_unit_id, category_id, channel, status, handled, created_by) DO UPDATE SET n = t.n + d;
END;
$$;

CREATE FUNCTION feedback_tally_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM feedback_tally_add(NEW, 1);
	PERFORM feedback_tally_detail_add(NEW, 1);
	RETURN NULL;
END;
$$;

CREATE FUNCTION feedback_tally_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM feedback_tally_add(OLD, -1);
	PERFORM feedback_tally_add(NEW, 1);
	RETURN NULL;
END;
$$;

CREATE FUNCTION feedback_tally_detail_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM feedback_tally_detail_add(OLD, -1);
	PERFORM feedback_tally_detail_add(NEW, 1);
	RETURN NULL;
END;
$$;

CREATE FUNCTION feedback_tally_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM feedback_tally_add(OLD, -1);
	PERFORM feedback_tally_detail_add(OLD, -1);
	RETURN NULL;
END;
$$;

CREATE TRIGGER feedback_tally_insert AFTER INSERT ON feedback
	FOR EACH ROW EXECUTE FUNCTION feedback_tally_on_insert();

CREATE TRIGGER feedback_tally_update AFTER UPDATE OF status, unit_id, intake_unit_id, created_by ON feedback
	FOR EACH ROW
	WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR coalesce(OLD.unit_id, OLD.intake_unit_id, 0) <> coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
		OR (OLD.unit_id IS NULL) <> (NEW.unit_id IS NULL)
		OR coalesce(OLD.created_by, 0) <> coalesce(NEW.created_by, 0))
	EXECUTE FUNCTION feedback_tally_on_update();

CREATE TRIGGER feedback_tally_detail_update AFTER UPDATE OF status, unit_id, intake_unit_id, created_by,
	category_id, channel ON feedback
	FOR EACH ROW
	WHEN (OLD.status IS DISTINCT FROM NEW.status
		OR coalesce(OLD.unit_id, OLD.intake_unit_id, 0) <> coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
		OR (OLD.unit_id IS NULL) <> (NEW.unit_id IS NULL)
		OR coalesce(OLD.created_by, 0) <> coalesce(NEW.created_by, 0)
		OR OLD.category_id IS DISTINCT FROM NEW.category_id OR OLD.channel IS DISTINCT FROM NEW.channel)
	EXECUTE FUNCTION feedback_tally_detail_on_update();

CREATE TRIGGER feedback_tally_delete AFTER DELETE ON feedback
	FOR EACH ROW EXECUTE FUNCTION feedback_tally_on_delete();

-- The existing items: one pass over the table for the detail counts, the
-- coarse ones summed from those.
INSERT INTO feedback_tally_detail(scope_unit_id, category_id, channel, status, handled, created_by, n)
SELECT coalesce(unit_id, intake_unit_id, 0), category_id, channel, status,
	CASE WHEN unit_id IS NULL THEN 0 ELSE 1 END, coalesce(created_by, 0), count(*)
FROM feedback
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO feedback_tally(scope_unit_id, status, handled, created_by, n)
SELECT scope_unit_id, status, handled, created_by, sum(n)
FROM feedback_tally_detail
GROUP BY scope_unit_id, status, handled, created_by;
