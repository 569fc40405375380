-- 0040_report_open_month.sql (PostgreSQL) - the reports' overdue feedback
-- from a roll-up of the open items (docs/reports.md, "Speed"); what the
-- table holds and why: the SQLite migration of the same number. New items
-- are counted once per INSERT statement over its transition table (as
-- 0034), changes and deletions by a row trigger; a row whose count falls
-- to 0 is deleted.
CREATE TABLE report_feedback_open (
	unit_id bigint NOT NULL,
	month bigint NOT NULL,
	due_month bigint NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (unit_id, month, due_month)
);

CREATE FUNCTION report_feedback_open_add(u bigint, received bigint, due bigint, d bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF d > 0 THEN
		INSERT INTO report_feedback_open AS t (unit_id, month, due_month, n)
		VALUES (u, vn_month(received), vn_month(due), d)
		ON CONFLICT (unit_id, month, due_month) DO UPDATE SET n = t.n + excluded.n;
	ELSE
		UPDATE report_feedback_open SET n = n + d
		WHERE unit_id = u AND month = vn_month(received) AND due_month = vn_month(due);
		DELETE FROM report_feedback_open
		WHERE unit_id = u AND month = vn_month(received) AND due_month = vn_month(due) AND n <= 0;
	END IF;
END;
$$;

CREATE FUNCTION report_feedback_open_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.status IN ('received', 'assigned') AND OLD.due_at IS NOT NULL THEN
		PERFORM report_feedback_open_add(coalesce(OLD.unit_id, OLD.intake_unit_id, 0), OLD.received_at,
			OLD.due_at, -1);
	END IF;
	IF TG_OP = 'UPDATE' AND NEW.status IN ('received', 'assigned') AND NEW.due_at IS NOT NULL THEN
		PERFORM report_feedback_open_add(coalesce(NEW.unit_id, NEW.intake_unit_id, 0), NEW.received_at,
			NEW.due_at, 1);
	END IF;
	RETURN NULL;
END;
$$;

CREATE FUNCTION report_feedback_open_on_insert_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_feedback_open AS t (unit_id, month, due_month, n)
	SELECT coalesce(unit_id, intake_unit_id, 0), vn_month(received_at), vn_month(due_at), count(*)
	FROM new_items WHERE status IN ('received', 'assigned') AND due_at IS NOT NULL
	GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
	ON CONFLICT (unit_id, month, due_month) DO UPDATE SET n = t.n + excluded.n;
	RETURN NULL;
END;
$$;

CREATE TRIGGER report_feedback_open_insert AFTER INSERT ON feedback
	REFERENCING NEW TABLE AS new_items
	FOR EACH STATEMENT EXECUTE FUNCTION report_feedback_open_on_insert_rows();

CREATE TRIGGER report_feedback_open_update AFTER UPDATE OF status, unit_id, intake_unit_id, received_at, due_at
	ON feedback
	FOR EACH ROW
	WHEN (((OLD.status IN ('received', 'assigned') AND OLD.due_at IS NOT NULL)
			OR (NEW.status IN ('received', 'assigned') AND NEW.due_at IS NOT NULL))
		AND ((OLD.status IN ('received', 'assigned') AND OLD.due_at IS NOT NULL)
			IS DISTINCT FROM (NEW.status IN ('received', 'assigned') AND NEW.due_at IS NOT NULL)
		OR coalesce(OLD.unit_id, OLD.intake_unit_id, 0) <> coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
		OR OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.due_at IS DISTINCT FROM NEW.due_at))
	EXECUTE FUNCTION report_feedback_open_on_change();

CREATE TRIGGER report_feedback_open_delete AFTER DELETE ON feedback
	FOR EACH ROW WHEN (OLD.status IN ('received', 'assigned') AND OLD.due_at IS NOT NULL)
	EXECUTE FUNCTION report_feedback_open_on_change();

-- the open items there are
INSERT INTO report_feedback_open(unit_id, month, due_month, n)
SELECT coalesce(unit_id, intake_unit_id, 0), vn_month(received_at), vn_month(due_at), count(*)
FROM feedback WHERE status IN ('received', 'assigned') AND due_at IS NOT NULL
GROUP BY 1, 2, 3;
