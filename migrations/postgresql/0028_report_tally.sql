-- 0028_report_tally.sql - the review reports' feedback figures, kept as
-- counters: see migrations/sqlite/0028_report_tally.sql for what and why.

CREATE TABLE report_feedback_tally (
	unit_id bigint NOT NULL,
	day bigint NOT NULL,
	lag bigint NOT NULL,
	n bigint NOT NULL,
	on_time bigint NOT NULL,
	rated bigint NOT NULL,
	satisfied bigint NOT NULL,
	voter bigint NOT NULL,
	voter_answered bigint NOT NULL,
	PRIMARY KEY (unit_id, day, lag)
);

CREATE FUNCTION report_feedback_tally_add(f feedback, d bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	voter bigint := CASE WHEN f.meeting_id IS NOT NULL AND EXISTS (SELECT 1 FROM meetings vm
		WHERE vm.id = f.meeting_id AND vm.kind = 'voter_contact') THEN 1 ELSE 0 END;
	answered bigint := CASE WHEN f.answered_at IS NULL THEN 0 ELSE 1 END;
BEGIN
	INSERT INTO report_feedback_tally AS t (unit_id, day, lag, n, on_time, rated, satisfied, voter, voter_answered)
	VALUES (coalesce(f.unit_id, f.intake_unit_id, 0), (f.received_at + 25200) / 86400,
		CASE WHEN f.answered_at IS NULL THEN -1
		     ELSE greatest(0, (f.answered_at + 25200) / 86400 - (f.received_at + 25200) / 86400) END,
		d, d * feedback_on_time(f), d * CASE WHEN f.rating IS NULL THEN 0 ELSE 1 END,
		d * CASE WHEN f.rating >= 4 THEN 1 ELSE 0 END, d * voter, d * voter * answered)
	ON CONFLICT (unit_id, day, lag)
	DO UPDATE SET n = t.n + excluded.n, on_time = t.on_time + excluded.on_time, rated = t.rated + excluded.rated,
		satisfied = t.satisfied + excluded.satisfied, voter = t.voter + excluded.voter,
		voter_answered = t.voter_answered + excluded.voter_answered;
END;
$$;

CREATE FUNCTION report_feedback_tally_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM report_feedback_tally_add(NEW, 1);
	RETURN NULL;
END;
$$;

CREATE FUNCTION report_feedback_tally_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM report_feedback_tally_add(OLD, -1);
	RETURN NULL;
END;
$$;

CREATE FUNCTION report_feedback_tally_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM report_feedback_tally_add(OLD, -1);
	PERFORM report_feedback_tally_add(NEW, 1);
	RETURN NULL;
END;
$$;

CREATE TRIGGER report_feedback_tally_insert AFTER INSERT ON feedback
	FOR EACH ROW EXECUTE FUNCTION report_feedback_tally_on_insert();

CREATE TRIGGER report_feedback_tally_delete AFTER DELETE ON feedback
	FOR EACH ROW EXECUTE FUNCTION report_feedback_tally_on_delete();

CREATE TRIGGER report_feedback_tally_update AFTER UPDATE OF unit_id, intake_unit_id, received_at, answered_at,
	due_at, rating, meeting_id ON feedback
	FOR EACH ROW
	WHEN (coalesce(OLD.unit_id, OLD.intake_unit_id, 0) IS DISTINCT FROM coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
		OR OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.answered_at IS DISTINCT FROM NEW.answered_at
		OR OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.rating IS DISTINCT FROM NEW.rating
		OR OLD.meeting_id IS DISTINCT FROM NEW.meeting_id)
	EXECUTE FUNCTION report_feedback_tally_on_update();

-- a meeting's kind is fixed: the voter counters above depend on it
CREATE FUNCTION meetings_kind_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'a meeting''s kind cannot change';
END;
$$;

CREATE TRIGGER meetings_kind_fixed BEFORE UPDATE OF kind ON meetings
	FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind) EXECUTE FUNCTION meetings_kind_fixed();

-- the existing items
INSERT INTO report_feedback_tally(unit_id, day, lag, n, on_time, rated, satisfied, voter, voter_answered)
SELECT coalesce(f.unit_id, f.intake_unit_id, 0), (f.received_at + 25200) / 86400,
	CASE WHEN f.answered_at IS NULL THEN -1
	     ELSE greatest(0, (f.answered_at + 25200) / 86400 - (f.received_at + 25200) / 86400) END,
	count(*), sum(feedback_on_time(f)), count(f.rating), sum(CASE WHEN f.rating >= 4 THEN 1 ELSE 0 END),
	sum(CASE WHEN m.id IS NOT NULL THEN 1 ELSE 0 END),
	sum(CASE WHEN m.id IS NOT NULL AND f.answered_at IS NOT NULL THEN 1 ELSE 0 END)
FROM feedback f LEFT JOIN meetings m ON m.id = f.meeting_id AND m.kind = 'voter_contact'
GROUP BY 1, 2, 3;
