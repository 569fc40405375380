-- 0031_tally_insert_reports.sql (PostgreSQL) - the review reports' roll-up
-- (0028) counted by the one insert trigger of 0030 too, as the five tallies
-- are: its own trigger called report_feedback_tally_add(NEW, 1) through
-- PERFORM, the costly way 0030 removed. The values are those of
-- report_feedback_tally_add(), which still serves updates and deletions.
-- (No variable is named after a column: in ON CONFLICT (…, lag) PL/pgSQL
-- would find it ambiguous.)
CREATE OR REPLACE FUNCTION feedback_tally_all_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	u bigint := coalesce(NEW.unit_id, NEW.intake_unit_id, 0);
	h bigint := CASE WHEN NEW.unit_id IS NULL THEN 0 ELSE 1 END;
	c bigint := coalesce(NEW.created_by, 0);
	rd bigint := (NEW.received_at + 25200) / 86400;
	lg bigint := CASE WHEN NEW.answered_at IS NULL THEN -1
		ELSE greatest(0, (NEW.answered_at + 25200) / 86400 - (NEW.received_at + 25200) / 86400) END;
	ot bigint := CASE WHEN NEW.answered_at IS NOT NULL AND (NEW.due_at IS NULL OR NEW.answered_at <= NEW.due_at)
		THEN 1 ELSE 0 END;
	vt bigint := CASE WHEN NEW.meeting_id IS NOT NULL AND EXISTS (SELECT 1 FROM meetings vm
		WHERE vm.id = NEW.meeting_id AND vm.kind = 'voter_contact') THEN 1 ELSE 0 END;
BEGIN
	INSERT INTO feedback_tally AS t (scope_unit_id, status, handled, created_by, n)
	VALUES (u, NEW.status, h, c, 1)
	ON CONFLICT (scope_unit_id, status, handled, created_by) DO UPDATE SET n = t.n + 1;

	INSERT INTO feedback_tally_detail AS t (scope_unit_id, category_id, channel, status, handled, created_by, n)
	VALUES (u, NEW.category_id, NEW.channel, NEW.status, h, c, 1)
	ON CONFLICT (scope_unit_id, category_id, channel, status, handled, created_by) DO UPDATE SET n = t.n + 1;

	INSERT INTO feedback_tally_day AS t (scope_unit_id, day, category_id, lag, created_by, n, on_time)
	VALUES (u, rd, NEW.category_id, lg, c, 1, ot)
	ON CONFLICT (scope_unit_id, day, category_id, lag, created_by)
	DO UPDATE SET n = t.n + 1, on_time = t.on_time + excluded.on_time;

	INSERT INTO feedback_tally_month AS t (scope_unit_id, month, created_by, n, answered, on_time)
	VALUES (u, vn_month(NEW.received_at), c, 1, CASE WHEN NEW.answered_at IS NULL THEN 0 ELSE 1 END, ot)
	ON CONFLICT (scope_unit_id, month, created_by)
	DO UPDATE SET n = t.n + 1, answered = t.answered + excluded.answered, on_time = t.on_time + excluded.on_time;

	IF NEW.status IN ('received', 'assigned') THEN
		INSERT INTO feedback_tally_due AS t (scope_unit_id, category_id, due_day, created_by, n)
		VALUES (u, NEW.category_id, CASE WHEN NEW.due_at IS NULL THEN -1 ELSE (NEW.due_at + 25200) / 86400 END,
			c, 1)
		ON CONFLICT (scope_unit_id, category_id, due_day, created_by) DO UPDATE SET n = t.n + 1;
	END IF;

	INSERT INTO report_feedback_tally AS t (unit_id, day, lag, n, on_time, rated, satisfied, voter, voter_answered)
	VALUES (u, rd, lg, 1, ot, CASE WHEN NEW.rating IS NULL THEN 0 ELSE 1 END,
		CASE WHEN NEW.rating >= 4 THEN 1 ELSE 0 END, vt,
		vt * CASE WHEN NEW.answered_at IS NULL THEN 0 ELSE 1 END)
	ON CONFLICT (unit_id, day, lag)
	DO UPDATE SET n = t.n + 1, on_time = t.on_time + excluded.on_time, rated = t.rated + excluded.rated,
		satisfied = t.satisfied + excluded.satisfied, voter = t.voter + excluded.voter,
		voter_answered = t.voter_answered + excluded.voter_answered;
	RETURN NULL;
END;
$$;

DROP TRIGGER report_feedback_tally_insert ON feedback;
