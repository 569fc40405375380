-- 0036_report_record_month.sql - the review reports' figures of meetings,
-- citizens received and comments on drafts, by unit and month: see
-- migrations/sqlite/0036_report_record_month.sql for what and why. Here one
-- function per kind of record adds a row's contribution times a sign, and
-- one trigger function per table takes the old row out and puts the new in.

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

-- a meeting held, by kind
CREATE FUNCTION report_meeting_add(m meetings, sgn bigint) RETURNS void LANGUAGE sql AS $$
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c, d)
	VALUES ('meeting', m.unit_id, report_month_of(m.starts_at), sgn * CASE WHEN m.status IN ('held', 'closed') AND m.kind = 'voter_contact' THEN 1 ELSE 0 END, sgn * CASE WHEN m.status IN ('held', 'closed') AND m.kind = 'dialogue' THEN 1 ELSE 0 END, sgn * CASE WHEN m.status IN ('held', 'closed') AND m.kind = 'reception' THEN 1 ELSE 0 END, sgn * CASE WHEN m.status IN ('held', 'closed') AND m.kind = 'conference' THEN 1 ELSE 0 END)
	ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c, d = t.d + excluded.d;
$$;

-- the bookings held at a meeting, at its unit and month
CREATE FUNCTION report_meeting_bookings_add(m meetings, sgn bigint) RETURNS void LANGUAGE sql AS $$
	INSERT INTO report_record_month AS t (source, unit_id, day, a)
	SELECT 'booking', m.unit_id, report_month_of(m.starts_at), sgn * count(*) FROM reception_bookings x
	WHERE x.meeting_id = m.id AND x.status = 'held'
	ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a;
$$;

-- one booking
CREATE FUNCTION report_booking_add(x reception_bookings, sgn bigint) RETURNS void LANGUAGE sql AS $$
	INSERT INTO report_record_month AS t (source, unit_id, day, a)
	SELECT 'booking', m.unit_id, report_month_of(m.starts_at), sgn * CASE WHEN x.status = 'held' THEN 1 ELSE 0 END FROM meetings m
	WHERE m.id = x.meeting_id
	ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a;
$$;

-- one comment: shown, answered, accepted (its group's reply)
CREATE FUNCTION report_comment_add(cm consultation_comments, sgn bigint) RETURNS void LANGUAGE sql AS $$
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c)
	SELECT 'comment', k.unit_id, report_month_of(cm.created_at), sgn * CASE WHEN cm.hidden_reason IS NULL THEN 1 ELSE 0 END,
		sgn * CASE WHEN cm.hidden_reason IS NULL AND rp.decision IS NOT NULL THEN 1 ELSE 0 END,
		sgn * CASE WHEN cm.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END
	FROM consultations k LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(cm.group_id, cm.id)
	WHERE k.id = cm.consultation_id
	ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c;
$$;

-- a reply: answered and accepted for every shown comment of its group
CREATE FUNCTION report_reply_add(r consultation_replies, sgn bigint) RETURNS void LANGUAGE sql AS $$
	INSERT INTO report_record_month AS t (source, unit_id, day, b, c)
	SELECT 'comment', k.unit_id, report_month_of(c.created_at), sgn * count(*), sgn * count(*) * CASE WHEN r.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END
	FROM consultation_comments c JOIN consultations k ON k.id = c.consultation_id
	WHERE (c.group_id = r.comment_id OR (c.id = r.comment_id AND c.group_id IS NULL)) AND c.hidden_reason IS NULL
	GROUP BY k.unit_id, report_month_of(c.created_at)
	ON CONFLICT (source, unit_id, day) DO UPDATE SET b = t.b + excluded.b, c = t.c + excluded.c;
$$;

-- every comment of a consultation, at its unit
CREATE FUNCTION report_consultation_add(k consultations, sgn bigint) RETURNS void LANGUAGE sql AS $$
	INSERT INTO report_record_month AS t (source, unit_id, day, a, b, c)
	SELECT 'comment', k.unit_id, report_month_of(c.created_at), sgn * sum(CASE WHEN c.hidden_reason IS NULL THEN 1 ELSE 0 END),
		sgn * sum(CASE WHEN c.hidden_reason IS NULL AND rp.decision IS NOT NULL THEN 1 ELSE 0 END),
		sgn * sum(CASE WHEN c.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted') THEN 1 ELSE 0 END)
	FROM consultation_comments c LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(c.group_id, c.id)
	WHERE c.consultation_id = k.id GROUP BY report_month_of(c.created_at)
	ON CONFLICT (source, unit_id, day) DO UPDATE SET a = t.a + excluded.a, b = t.b + excluded.b, c = t.c + excluded.c;
$$;

-- the triggers: the old row out, the new one in
CREATE FUNCTION report_meetings_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM report_meeting_add(OLD, -1);
		PERFORM report_meeting_bookings_add(OLD, -1);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM report_meeting_add(NEW, 1);
		IF TG_OP = 'UPDATE' THEN
			PERFORM report_meeting_bookings_add(NEW, 1);
		END IF;
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_meetings_changed AFTER INSERT OR UPDATE OF unit_id, starts_at, status, kind OR DELETE ON meetings
FOR EACH ROW EXECUTE FUNCTION report_meetings_changed();

CREATE FUNCTION report_reception_bookings_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM report_booking_add(OLD, -1);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM report_booking_add(NEW, 1);
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_reception_bookings_changed AFTER INSERT OR UPDATE OF status, meeting_id OR DELETE ON reception_bookings
FOR EACH ROW EXECUTE FUNCTION report_reception_bookings_changed();

CREATE FUNCTION report_consultation_comments_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM report_comment_add(OLD, -1);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM report_comment_add(NEW, 1);
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_consultation_comments_changed AFTER INSERT OR UPDATE OF consultation_id, group_id, hidden_reason, created_at OR DELETE ON consultation_comments
FOR EACH ROW EXECUTE FUNCTION report_consultation_comments_changed();

CREATE FUNCTION report_consultation_replies_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM report_reply_add(OLD, -1);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM report_reply_add(NEW, 1);
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_consultation_replies_changed AFTER INSERT OR UPDATE OF comment_id, decision OR DELETE ON consultation_replies
FOR EACH ROW EXECUTE FUNCTION report_consultation_replies_changed();

CREATE FUNCTION report_consultations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM report_consultation_add(OLD, -1);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM report_consultation_add(NEW, 1);
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER report_consultations_changed AFTER UPDATE OF unit_id ON consultations
FOR EACH ROW EXECUTE FUNCTION report_consultations_changed();

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
