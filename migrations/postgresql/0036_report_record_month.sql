-- 0036_report_record_month.sql - the review reports' figures of meetings,
-- citizens received and comments on drafts, by unit and month: see
-- migrations/sqlite/0036_report_record_month.sql for what and why.

CREATE TABLE report_record_month (
	source text NOT NULL CHECK (source IN ('meeting', 'booking', 'comment')),
	unit_id bigint NOT NULL,
	day bigint NOT NULL,
	a bigint NOT NULL DEFAULT 0,
	b bigint NOT NULL DEFAULT 0,
	c bigint NOT NULL DEFAULT 0,
	d bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (source, unit_id, day)
);

-- the comments of a group, found by the reply triggers
CREATE INDEX consultation_comments_group ON consultation_comments(group_id) WHERE group_id IS NOT NULL;

-- the first day (Vietnam day number) of the month of an instant
CREATE FUNCTION report_month_of(x bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
	SELECT (date_trunc('month', DATE '1970-01-01' + ((x + 25200) / 86400)::integer)::date - DATE '1970-01-01')::bigint
$$;

-- the triggers: a record's contribution out of its old bucket, into its new one
CREATE FUNCTION report_record_meetings_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c, d) VALUES ('meeting', NEW.unit_id, report_month_of(NEW.starts_at), CASE WHEN NEW.status IN ('held', 'closed') AND NEW.kind = 'voter_contact' THEN 1 ELSE 0 END, CASE WHEN NEW.status IN ('held', 'closed') AND NEW.kind = 'dialogue' THEN 1 ELSE 0 END, CASE WHEN NEW.status IN ('held', 'closed') AND NEW.kind = 'reception' THEN 1 ELSE 0 END, CASE WHEN NEW.status IN ('held', 'closed') AND NEW.kind = 'conference' THEN 1 ELSE 0 END)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c, d = t.d + excluded.d;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_meetings_insert AFTER INSERT ON meetings FOR EACH ROW EXECUTE FUNCTION report_record_meetings_insert();

CREATE FUNCTION report_record_meetings_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c, d) VALUES ('meeting', OLD.unit_id, report_month_of(OLD.starts_at), -CASE WHEN OLD.status IN ('held', 'closed') AND OLD.kind = 'voter_contact' THEN 1 ELSE 0 END, -CASE WHEN OLD.status IN ('held', 'closed') AND OLD.kind = 'dialogue' THEN 1 ELSE 0 END, -CASE WHEN OLD.status IN ('held', 'closed') AND OLD.kind = 'reception' THEN 1 ELSE 0 END, -CASE WHEN OLD.status IN ('held', 'closed') AND OLD.kind = 'conference' THEN 1 ELSE 0 END)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c, d = t.d + excluded.d;
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c, d) VALUES ('meeting', NEW.unit_id, report_month_of(NEW.starts_at), CASE WHEN NEW.status IN ('held', 'closed') AND NEW.kind = 'voter_contact' THEN 1 ELSE 0 END, CASE WHEN NEW.status IN ('held', 'closed') AND NEW.kind = 'dialogue' THEN 1 ELSE 0 END, CASE WHEN NEW.status IN ('held', 'closed') AND NEW.kind = 'reception' THEN 1 ELSE 0 END, CASE WHEN NEW.status IN ('held', 'closed') AND NEW.kind = 'conference' THEN 1 ELSE 0 END)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c, d = t.d + excluded.d;
	INSERT INTO report_record_month AS t (source, unit_id, day, a)
		SELECT 'booking', OLD.unit_id, report_month_of(OLD.starts_at), -count(*) FROM reception_bookings x WHERE x.meeting_id = OLD.id AND x.status = 'held'
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a;
	INSERT INTO report_record_month AS t (source, unit_id, day, a)
		SELECT 'booking', NEW.unit_id, report_month_of(NEW.starts_at), count(*) FROM reception_bookings x WHERE x.meeting_id = NEW.id AND x.status = 'held'
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_meetings_update AFTER UPDATE OF unit_id, starts_at, status, kind ON meetings FOR EACH ROW EXECUTE FUNCTION report_record_meetings_update();

CREATE FUNCTION report_record_meetings_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c, d) VALUES ('meeting', OLD.unit_id, report_month_of(OLD.starts_at), -CASE WHEN OLD.status IN ('held', 'closed') AND OLD.kind = 'voter_contact' THEN 1 ELSE 0 END, -CASE WHEN OLD.status IN ('held', 'closed') AND OLD.kind = 'dialogue' THEN 1 ELSE 0 END, -CASE WHEN OLD.status IN ('held', 'closed') AND OLD.kind = 'reception' THEN 1 ELSE 0 END, -CASE WHEN OLD.status IN ('held', 'closed') AND OLD.kind = 'conference' THEN 1 ELSE 0 END)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c, d = t.d + excluded.d;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_meetings_delete AFTER DELETE ON meetings FOR EACH ROW EXECUTE FUNCTION report_record_meetings_delete();

CREATE FUNCTION report_record_reception_bookings_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, a)
		SELECT 'booking', m.unit_id, report_month_of(m.starts_at), CASE WHEN NEW.status = 'held' THEN 1 ELSE 0 END FROM meetings m WHERE m.id = NEW.meeting_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_reception_bookings_insert AFTER INSERT ON reception_bookings FOR EACH ROW EXECUTE FUNCTION report_record_reception_bookings_insert();

CREATE FUNCTION report_record_reception_bookings_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, a)
		SELECT 'booking', m.unit_id, report_month_of(m.starts_at), -CASE WHEN OLD.status = 'held' THEN 1 ELSE 0 END FROM meetings m WHERE m.id = OLD.meeting_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a;
	INSERT INTO report_record_month AS t (source, unit_id, day, a)
		SELECT 'booking', m.unit_id, report_month_of(m.starts_at), CASE WHEN NEW.status = 'held' THEN 1 ELSE 0 END FROM meetings m WHERE m.id = NEW.meeting_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_reception_bookings_update AFTER UPDATE OF status, meeting_id ON reception_bookings FOR EACH ROW EXECUTE FUNCTION report_record_reception_bookings_update();

CREATE FUNCTION report_record_reception_bookings_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, a)
		SELECT 'booking', m.unit_id, report_month_of(m.starts_at), -CASE WHEN OLD.status = 'held' THEN 1 ELSE 0 END FROM meetings m WHERE m.id = OLD.meeting_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_reception_bookings_delete AFTER DELETE ON reception_bookings FOR EACH ROW EXECUTE FUNCTION report_record_reception_bookings_delete();

CREATE FUNCTION report_record_consultation_comments_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c)
		SELECT 'comment', k.unit_id, report_month_of(NEW.created_at), CASE WHEN NEW.hidden_reason IS NULL THEN 1 ELSE 0 END, CASE WHEN NEW.hidden_reason IS NULL AND rp.decision IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END FROM consultations k LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(NEW.group_id, NEW.id) WHERE k.id = NEW.consultation_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_consultation_comments_insert AFTER INSERT ON consultation_comments FOR EACH ROW EXECUTE FUNCTION report_record_consultation_comments_insert();

CREATE FUNCTION report_record_consultation_comments_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c)
		SELECT 'comment', k.unit_id, report_month_of(OLD.created_at), -CASE WHEN OLD.hidden_reason IS NULL THEN 1 ELSE 0 END, -CASE WHEN OLD.hidden_reason IS NULL AND rp.decision IS NOT NULL THEN 1 ELSE 0 END, -CASE WHEN OLD.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END FROM consultations k LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(OLD.group_id, OLD.id) WHERE k.id = OLD.consultation_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c;
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c)
		SELECT 'comment', k.unit_id, report_month_of(NEW.created_at), CASE WHEN NEW.hidden_reason IS NULL THEN 1 ELSE 0 END, CASE WHEN NEW.hidden_reason IS NULL AND rp.decision IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END FROM consultations k LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(NEW.group_id, NEW.id) WHERE k.id = NEW.consultation_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_consultation_comments_update AFTER UPDATE OF consultation_id, group_id, hidden_reason, created_at ON consultation_comments FOR EACH ROW EXECUTE FUNCTION report_record_consultation_comments_update();

CREATE FUNCTION report_record_consultation_comments_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c)
		SELECT 'comment', k.unit_id, report_month_of(OLD.created_at), -CASE WHEN OLD.hidden_reason IS NULL THEN 1 ELSE 0 END, -CASE WHEN OLD.hidden_reason IS NULL AND rp.decision IS NOT NULL THEN 1 ELSE 0 END, -CASE WHEN OLD.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END FROM consultations k LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(OLD.group_id, OLD.id) WHERE k.id = OLD.consultation_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_consultation_comments_delete AFTER DELETE ON consultation_comments FOR EACH ROW EXECUTE FUNCTION report_record_consultation_comments_delete();

CREATE FUNCTION report_record_consultation_replies_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, b, c)
		SELECT 'comment', k.unit_id, report_month_of(c.created_at), count(*), count(*) * CASE WHEN NEW.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END FROM consultation_comments c JOIN consultations k ON k.id = c.consultation_id WHERE (c.group_id = NEW.comment_id OR (c.id = NEW.comment_id AND c.group_id IS NULL)) AND c.hidden_reason IS NULL GROUP BY k.unit_id, report_month_of(c.created_at)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET b = t.b + excluded.b, c = t.c + excluded.c;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_consultation_replies_insert AFTER INSERT ON consultation_replies FOR EACH ROW EXECUTE FUNCTION report_record_consultation_replies_insert();

CREATE FUNCTION report_record_consultation_replies_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, b, c)
		SELECT 'comment', k.unit_id, report_month_of(c.created_at), -count(*), -count(*) * CASE WHEN OLD.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END FROM consultation_comments c JOIN consultations k ON k.id = c.consultation_id WHERE (c.group_id = OLD.comment_id OR (c.id = OLD.comment_id AND c.group_id IS NULL)) AND c.hidden_reason IS NULL GROUP BY k.unit_id, report_month_of(c.created_at)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET b = t.b + excluded.b, c = t.c + excluded.c;
	INSERT INTO report_record_month AS t (source, unit_id, day, b, c)
		SELECT 'comment', k.unit_id, report_month_of(c.created_at), count(*), count(*) * CASE WHEN NEW.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END FROM consultation_comments c JOIN consultations k ON k.id = c.consultation_id WHERE (c.group_id = NEW.comment_id OR (c.id = NEW.comment_id AND c.group_id IS NULL)) AND c.hidden_reason IS NULL GROUP BY k.unit_id, report_month_of(c.created_at)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET b = t.b + excluded.b, c = t.c + excluded.c;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_consultation_replies_update AFTER UPDATE OF comment_id, decision ON consultation_replies FOR EACH ROW EXECUTE FUNCTION report_record_consultation_replies_update();

CREATE FUNCTION report_record_consultation_replies_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, b, c)
		SELECT 'comment', k.unit_id, report_month_of(c.created_at), -count(*), -count(*) * CASE WHEN OLD.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END FROM consultation_comments c JOIN consultations k ON k.id = c.consultation_id WHERE (c.group_id = OLD.comment_id OR (c.id = OLD.comment_id AND c.group_id IS NULL)) AND c.hidden_reason IS NULL GROUP BY k.unit_id, report_month_of(c.created_at)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET b = t.b + excluded.b, c = t.c + excluded.c;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_consultation_replies_delete AFTER DELETE ON consultation_replies FOR EACH ROW EXECUTE FUNCTION report_record_consultation_replies_delete();

CREATE FUNCTION report_record_consultations_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c)
		SELECT 'comment', OLD.unit_id, report_month_of(c.created_at), -sum(CASE WHEN c.hidden_reason IS NULL THEN 1 ELSE 0 END), -sum(CASE WHEN c.hidden_reason IS NULL AND rp.decision IS NOT NULL THEN 1 ELSE 0 END), -sum(CASE WHEN c.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END) FROM consultation_comments c LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(c.group_id, c.id) WHERE c.consultation_id = OLD.id GROUP BY report_month_of(c.created_at)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c;
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c)
		SELECT 'comment', NEW.unit_id, report_month_of(c.created_at), sum(CASE WHEN c.hidden_reason IS NULL THEN 1 ELSE 0 END), sum(CASE WHEN c.hidden_reason IS NULL AND rp.decision IS NOT NULL THEN 1 ELSE 0 END), sum(CASE WHEN c.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END) FROM consultation_comments c LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(c.group_id, c.id) WHERE c.consultation_id = NEW.id GROUP BY report_month_of(c.created_at)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_record_consultations_update AFTER UPDATE OF unit_id ON consultations FOR EACH ROW EXECUTE FUNCTION report_record_consultations_update();

-- the existing records
INSERT INTO report_record_month(source, unit_id, day, a, b, c, d)
SELECT 'meeting', m.unit_id, report_month_of(m.starts_at), sum(CASE WHEN m.status IN ('held', 'closed') AND m.kind = 'voter_contact' THEN 1 ELSE 0 END), sum(CASE WHEN m.status IN ('held', 'closed') AND m.kind = 'dialogue' THEN 1 ELSE 0 END), sum(CASE WHEN m.status IN ('held', 'closed') AND m.kind = 'reception' THEN 1 ELSE 0 END), sum(CASE WHEN m.status IN ('held', 'closed') AND m.kind = 'conference' THEN 1 ELSE 0 END)
FROM meetings m GROUP BY m.unit_id, report_month_of(m.starts_at);
INSERT INTO report_record_month(source, unit_id, day, a)
SELECT 'booking', m.unit_id, report_month_of(m.starts_at), sum(CASE WHEN x.status = 'held' THEN 1 ELSE 0 END)
FROM reception_bookings x JOIN meetings m ON m.id = x.meeting_id GROUP BY m.unit_id, report_month_of(m.starts_at);
INSERT INTO report_record_month(source, unit_id, day, a, b, c)
SELECT 'comment', k.unit_id, report_month_of(c.created_at), sum(CASE WHEN c.hidden_reason IS NULL THEN 1 ELSE 0 END), sum(CASE WHEN c.hidden_reason IS NULL AND rp.decision IS NOT NULL THEN 1 ELSE 0 END), sum(CASE WHEN c.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END)
FROM consultation_comments c JOIN consultations k ON k.id = c.consultation_id
LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(c.group_id, c.id)
GROUP BY k.unit_id, report_month_of(c.created_at);
