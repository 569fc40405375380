-- 0036_report_record_month.sql - the review reports' figures of meetings,
-- citizens received and comments on drafts, by unit and month
-- (docs/reports.md, "Speed").
--
-- Like the feedback roll-ups (0028, 0033): a report read every meeting,
-- booking and comment of its period and subtree, so a 10-year review of a
-- city grew with the records. report_record_month keeps, per source, unit
-- and month (day: the first day of the month, a Vietnam day number):
--   meeting  a, b, c, d: meetings held (status held or closed) of kind
--            voter_contact, dialogue, reception, conference, by the unit
--            and month the meeting starts in
--   booking  a: bookings held (citizens received), at their meeting's unit
--            and month
--   comment  a: comments shown (not hidden), b: of those, answered (the
--            reply of the comment or of its group), c: accepted or partly
--            accepted; at the consultation's unit and the comment's month
-- Triggers add every change, in the same transaction as the write: a
-- record's contribution is taken out of its old bucket and added to its
-- new one. A report reads whole months (and years, as their months) from
-- here and the odd days at the ends of a period from the records
-- (store/indicator.c).

CREATE TABLE report_record_month (
	source text NOT NULL CHECK (source IN ('meeting', 'booking', 'comment')),
	unit_id INTEGER NOT NULL,
	day INTEGER NOT NULL,
	a INTEGER NOT NULL DEFAULT 0,
	b INTEGER NOT NULL DEFAULT 0,
	c INTEGER NOT NULL DEFAULT 0,
	d INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (source, unit_id, day)
) WITHOUT ROWID;

-- the comments of a group, found by the reply triggers
CREATE INDEX consultation_comments_group ON consultation_comments(group_id) WHERE group_id IS NOT NULL;

-- the triggers: a record's contribution out of its old bucket, into its new one
CREATE TRIGGER report_record_meetings_insert AFTER INSERT ON meetings BEGIN
	INSERT INTO report_record_month (source, unit_id, day, a, b, c, d) VALUES ('meeting', NEW.unit_id, CAST(strftime('%s', date((NEW.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, coalesce((NEW.status IN ('held', 'closed') AND NEW.kind = 'voter_contact'), 0), coalesce((NEW.status IN ('held', 'closed') AND NEW.kind = 'dialogue'), 0), coalesce((NEW.status IN ('held', 'closed') AND NEW.kind = 'reception'), 0), coalesce((NEW.status IN ('held', 'closed') AND NEW.kind = 'conference'), 0))
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c, d = d + excluded.d;
END;

CREATE TRIGGER report_record_meetings_update AFTER UPDATE OF unit_id, starts_at, status, kind ON meetings BEGIN
	INSERT INTO report_record_month (source, unit_id, day, a, b, c, d) VALUES ('meeting', OLD.unit_id, CAST(strftime('%s', date((OLD.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, -coalesce((OLD.status IN ('held', 'closed') AND OLD.kind = 'voter_contact'), 0), -coalesce((OLD.status IN ('held', 'closed') AND OLD.kind = 'dialogue'), 0), -coalesce((OLD.status IN ('held', 'closed') AND OLD.kind = 'reception'), 0), -coalesce((OLD.status IN ('held', 'closed') AND OLD.kind = 'conference'), 0))
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c, d = d + excluded.d;
	INSERT INTO report_record_month (source, unit_id, day, a, b, c, d) VALUES ('meeting', NEW.unit_id, CAST(strftime('%s', date((NEW.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, coalesce((NEW.status IN ('held', 'closed') AND NEW.kind = 'voter_contact'), 0), coalesce((NEW.status IN ('held', 'closed') AND NEW.kind = 'dialogue'), 0), coalesce((NEW.status IN ('held', 'closed') AND NEW.kind = 'reception'), 0), coalesce((NEW.status IN ('held', 'closed') AND NEW.kind = 'conference'), 0))
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c, d = d + excluded.d;
	INSERT INTO report_record_month (source, unit_id, day, a)
		SELECT 'booking', OLD.unit_id, CAST(strftime('%s', date((OLD.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, -count(*) FROM reception_bookings x WHERE x.meeting_id = OLD.id AND x.status = 'held'
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a;
	INSERT INTO report_record_month (source, unit_id, day, a)
		SELECT 'booking', NEW.unit_id, CAST(strftime('%s', date((NEW.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, count(*) FROM reception_bookings x WHERE x.meeting_id = NEW.id AND x.status = 'held'
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a;
END;

CREATE TRIGGER report_record_meetings_delete AFTER DELETE ON meetings BEGIN
	INSERT INTO report_record_month (source, unit_id, day, a, b, c, d) VALUES ('meeting', OLD.unit_id, CAST(strftime('%s', date((OLD.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, -coalesce((OLD.status IN ('held', 'closed') AND OLD.kind = 'voter_contact'), 0), -coalesce((OLD.status IN ('held', 'closed') AND OLD.kind = 'dialogue'), 0), -coalesce((OLD.status IN ('held', 'closed') AND OLD.kind = 'reception'), 0), -coalesce((OLD.status IN ('held', 'closed') AND OLD.kind = 'conference'), 0))
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c, d = d + excluded.d;
END;

CREATE TRIGGER report_record_reception_bookings_insert AFTER INSERT ON reception_bookings BEGIN
	INSERT INTO report_record_month (source, unit_id, day, a)
		SELECT 'booking', m.unit_id, CAST(strftime('%s', date((m.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, coalesce((NEW.status = 'held'), 0) FROM meetings m WHERE m.id = NEW.meeting_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a;
END;

CREATE TRIGGER report_record_reception_bookings_update AFTER UPDATE OF status, meeting_id ON reception_bookings BEGIN
	INSERT INTO report_record_month (source, unit_id, day, a)
		SELECT 'booking', m.unit_id, CAST(strftime('%s', date((m.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, -coalesce((OLD.status = 'held'), 0) FROM meetings m WHERE m.id = OLD.meeting_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a;
	INSERT INTO report_record_month (source, unit_id, day, a)
		SELECT 'booking', m.unit_id, CAST(strftime('%s', date((m.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, coalesce((NEW.status = 'held'), 0) FROM meetings m WHERE m.id = NEW.meeting_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a;
END;

CREATE TRIGGER report_record_reception_bookings_delete AFTER DELETE ON reception_bookings BEGIN
	INSERT INTO report_record_month (source, unit_id, day, a)
		SELECT 'booking', m.unit_id, CAST(strftime('%s', date((m.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, -coalesce((OLD.status = 'held'), 0) FROM meetings m WHERE m.id = OLD.meeting_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a;
END;

CREATE TRIGGER report_record_consultation_comments_insert AFTER INSERT ON consultation_comments BEGIN
	INSERT INTO report_record_month (source, unit_id, day, a, b, c)
		SELECT 'comment', k.unit_id, CAST(strftime('%s', date((NEW.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, coalesce((NEW.hidden_reason IS NULL), 0), coalesce((NEW.hidden_reason IS NULL AND rp.decision IS NOT NULL), 0), coalesce((NEW.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted')), 0) FROM consultations k LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(NEW.group_id, NEW.id) WHERE k.id = NEW.consultation_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c;
END;

CREATE TRIGGER report_record_consultation_comments_update AFTER UPDATE OF consultation_id, group_id, hidden_reason, created_at ON consultation_comments BEGIN
	INSERT INTO report_record_month (source, unit_id, day, a, b, c)
		SELECT 'comment', k.unit_id, CAST(strftime('%s', date((OLD.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, -coalesce((OLD.hidden_reason IS NULL), 0), -coalesce((OLD.hidden_reason IS NULL AND rp.decision IS NOT NULL), 0), -coalesce((OLD.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted')), 0) FROM consultations k LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(OLD.group_id, OLD.id) WHERE k.id = OLD.consultation_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c;
	INSERT INTO report_record_month (source, unit_id, day, a, b, c)
		SELECT 'comment', k.unit_id, CAST(strftime('%s', date((NEW.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, coalesce((NEW.hidden_reason IS NULL), 0), coalesce((NEW.hidden_reason IS NULL AND rp.decision IS NOT NULL), 0), coalesce((NEW.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted')), 0) FROM consultations k LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(NEW.group_id, NEW.id) WHERE k.id = NEW.consultation_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c;
END;

CREATE TRIGGER report_record_consultation_comments_delete AFTER DELETE ON consultation_comments BEGIN
	INSERT INTO report_record_month (source, unit_id, day, a, b, c)
		SELECT 'comment', k.unit_id, CAST(strftime('%s', date((OLD.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, -coalesce((OLD.hidden_reason IS NULL), 0), -coalesce((OLD.hidden_reason IS NULL AND rp.decision IS NOT NULL), 0), -coalesce((OLD.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted')), 0) FROM consultations k LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(OLD.group_id, OLD.id) WHERE k.id = OLD.consultation_id
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c;
END;

CREATE TRIGGER report_record_consultation_replies_insert AFTER INSERT ON consultation_replies BEGIN
	INSERT INTO report_record_month (source, unit_id, day, b, c)
		SELECT 'comment', k.unit_id, CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, count(*), count(*) * coalesce((NEW.decision IN ('accepted', 'partly_accepted')), 0) FROM consultation_comments c JOIN consultations k ON k.id = c.consultation_id WHERE (c.group_id = NEW.comment_id OR (c.id = NEW.comment_id AND c.group_id IS NULL)) AND c.hidden_reason IS NULL GROUP BY k.unit_id, CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400
		ON CONFLICT (source, unit_id, day) DO UPDATE SET b = b + excluded.b, c = c + excluded.c;
END;

CREATE TRIGGER report_record_consultation_replies_update AFTER UPDATE OF comment_id, decision ON consultation_replies BEGIN
	INSERT INTO report_record_month (source, unit_id, day, b, c)
		SELECT 'comment', k.unit_id, CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, -count(*), -count(*) * coalesce((OLD.decision IN ('accepted', 'partly_accepted')), 0) FROM consultation_comments c JOIN consultations k ON k.id = c.consultation_id WHERE (c.group_id = OLD.comment_id OR (c.id = OLD.comment_id AND c.group_id IS NULL)) AND c.hidden_reason IS NULL GROUP BY k.unit_id, CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400
		ON CONFLICT (source, unit_id, day) DO UPDATE SET b = b + excluded.b, c = c + excluded.c;
	INSERT INTO report_record_month (source, unit_id, day, b, c)
		SELECT 'comment', k.unit_id, CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, count(*), count(*) * coalesce((NEW.decision IN ('accepted', 'partly_accepted')), 0) FROM consultation_comments c JOIN consultations k ON k.id = c.consultation_id WHERE (c.group_id = NEW.comment_id OR (c.id = NEW.comment_id AND c.group_id IS NULL)) AND c.hidden_reason IS NULL GROUP BY k.unit_id, CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400
		ON CONFLICT (source, unit_id, day) DO UPDATE SET b = b + excluded.b, c = c + excluded.c;
END;

CREATE TRIGGER report_record_consultation_replies_delete AFTER DELETE ON consultation_replies BEGIN
	INSERT INTO report_record_month (source, unit_id, day, b, c)
		SELECT 'comment', k.unit_id, CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, -count(*), -count(*) * coalesce((OLD.decision IN ('accepted', 'partly_accepted')), 0) FROM consultation_comments c JOIN consultations k ON k.id = c.consultation_id WHERE (c.group_id = OLD.comment_id OR (c.id = OLD.comment_id AND c.group_id IS NULL)) AND c.hidden_reason IS NULL GROUP BY k.unit_id, CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400
		ON CONFLICT (source, unit_id, day) DO UPDATE SET b = b + excluded.b, c = c + excluded.c;
END;

CREATE TRIGGER report_record_consultations_update AFTER UPDATE OF unit_id ON consultations BEGIN
	INSERT INTO report_record_month (source, unit_id, day, a, b, c)
		SELECT 'comment', OLD.unit_id, CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, -sum(coalesce((c.hidden_reason IS NULL), 0)), -sum(coalesce((c.hidden_reason IS NULL AND rp.decision IS NOT NULL), 0)), -sum(coalesce((c.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted')), 0)) FROM consultation_comments c LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(c.group_id, c.id) WHERE c.consultation_id = OLD.id GROUP BY CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c;
	INSERT INTO report_record_month (source, unit_id, day, a, b, c)
		SELECT 'comment', NEW.unit_id, CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, sum(coalesce((c.hidden_reason IS NULL), 0)), sum(coalesce((c.hidden_reason IS NULL AND rp.decision IS NOT NULL), 0)), sum(coalesce((c.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted')), 0)) FROM consultation_comments c LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(c.group_id, c.id) WHERE c.consultation_id = NEW.id GROUP BY CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c;
END;

-- the existing records
INSERT INTO report_record_month(source, unit_id, day, a, b, c, d)
SELECT 'meeting', m.unit_id, CAST(strftime('%s', date((m.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, sum(coalesce((m.status IN ('held', 'closed') AND m.kind = 'voter_contact'), 0)), sum(coalesce((m.status IN ('held', 'closed') AND m.kind = 'dialogue'), 0)), sum(coalesce((m.status IN ('held', 'closed') AND m.kind = 'reception'), 0)), sum(coalesce((m.status IN ('held', 'closed') AND m.kind = 'conference'), 0))
FROM meetings m GROUP BY m.unit_id, CAST(strftime('%s', date((m.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400;
INSERT INTO report_record_month(source, unit_id, day, a)
SELECT 'booking', m.unit_id, CAST(strftime('%s', date((m.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, sum(coalesce((x.status = 'held'), 0))
FROM reception_bookings x JOIN meetings m ON m.id = x.meeting_id GROUP BY m.unit_id, CAST(strftime('%s', date((m.starts_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400;
INSERT INTO report_record_month(source, unit_id, day, a, b, c)
SELECT 'comment', k.unit_id, CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, sum(coalesce((c.hidden_reason IS NULL), 0)), sum(coalesce((c.hidden_reason IS NULL AND rp.decision IS NOT NULL), 0)), sum(coalesce((c.hidden_reason IS NULL AND rp.decision IN ('accepted', 'partly_accepted')), 0))
FROM consultation_comments c JOIN consultations k ON k.id = c.consultation_id
LEFT JOIN consultation_replies rp ON rp.comment_id = coalesce(c.group_id, c.id)
GROUP BY k.unit_id, CAST(strftime('%s', date((c.created_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400;
