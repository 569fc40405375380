-- 0041_report_record_year.sql - the review reports' figures of meetings,
-- citizens received, comments, models and commendations by year too
-- (docs/reports.md, "Speed").
--
-- A 10-year review of a city read every month row of the monthly roll-ups
-- (0036, 0037): up to units x 120 rows per source (400,000 for the
-- meetings of 3,300 units). These tables hold the same rows added up by
-- year (the date column: the first day of the year, a Vietnam day number),
-- kept by triggers on the month tables, so in the same transaction as the
-- record's own write; a report reads whole years from here, whole months
-- from the month tables and odd days from the records (store/indicator.c).

CREATE TABLE report_record_year (
	source text NOT NULL CHECK (source IN ('meeting', 'booking', 'comment')),
	unit_id INTEGER NOT NULL,
	day INTEGER NOT NULL,
	a INTEGER NOT NULL DEFAULT 0,
	b INTEGER NOT NULL DEFAULT 0,
	c INTEGER NOT NULL DEFAULT 0,
	d INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (source, unit_id, day)
) WITHOUT ROWID;

CREATE TABLE report_model_year (
	unit_id INTEGER NOT NULL,
	registered_on INTEGER NOT NULL,
	status text NOT NULL,
	field text NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (unit_id, registered_on, status, field)
) WITHOUT ROWID;

CREATE TABLE report_commend_year (
	recipient_unit_id INTEGER NOT NULL,
	decision_date INTEGER NOT NULL,
	status text NOT NULL,
	form_code text NOT NULL,
	n INTEGER NOT NULL,
	prize_vnd INTEGER NOT NULL,
	PRIMARY KEY (recipient_unit_id, decision_date, status, form_code)
) WITHOUT ROWID;

-- a month row's change, added to its year (the keys of a month row never
-- change: its triggers add to it; the old key out and the new one in
-- all the same)
CREATE TRIGGER report_record_year_insert AFTER INSERT ON report_record_month BEGIN
	INSERT INTO report_record_year (source, unit_id, day, a, b, c, d) VALUES (NEW.source, NEW.unit_id, CAST(strftime('%s', date(NEW.day * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, NEW.a, NEW.b, NEW.c, NEW.d)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c, d = d + excluded.d;
END;

CREATE TRIGGER report_record_year_update AFTER UPDATE ON report_record_month BEGIN
	INSERT INTO report_record_year (source, unit_id, day, a, b, c, d) VALUES (OLD.source, OLD.unit_id, CAST(strftime('%s', date(OLD.day * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, -OLD.a, -OLD.b, -OLD.c, -OLD.d)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c, d = d + excluded.d;
	INSERT INTO report_record_year (source, unit_id, day, a, b, c, d) VALUES (NEW.source, NEW.unit_id, CAST(strftime('%s', date(NEW.day * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, NEW.a, NEW.b, NEW.c, NEW.d)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c, d = d + excluded.d;
END;

CREATE TRIGGER report_record_year_delete AFTER DELETE ON report_record_month BEGIN
	INSERT INTO report_record_year (source, unit_id, day, a, b, c, d) VALUES (OLD.source, OLD.unit_id, CAST(strftime('%s', date(OLD.day * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, -OLD.a, -OLD.b, -OLD.c, -OLD.d)
		ON CONFLICT (source, unit_id, day) DO UPDATE SET a = a + excluded.a, b = b + excluded.b, c = c + excluded.c, d = d + excluded.d;
END;

CREATE TRIGGER report_model_year_insert AFTER INSERT ON report_model_month BEGIN
	INSERT INTO report_model_year (unit_id, registered_on, status, field, n) VALUES (NEW.unit_id, CAST(strftime('%s', date(NEW.registered_on * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, NEW.status, NEW.field, NEW.n)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_model_year_update AFTER UPDATE ON report_model_month BEGIN
	INSERT INTO report_model_year (unit_id, registered_on, status, field, n) VALUES (OLD.unit_id, CAST(strftime('%s', date(OLD.registered_on * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, OLD.status, OLD.field, -OLD.n)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = n + excluded.n;
	INSERT INTO report_model_year (unit_id, registered_on, status, field, n) VALUES (NEW.unit_id, CAST(strftime('%s', date(NEW.registered_on * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, NEW.status, NEW.field, NEW.n)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_model_year_delete AFTER DELETE ON report_model_month BEGIN
	INSERT INTO report_model_year (unit_id, registered_on, status, field, n) VALUES (OLD.unit_id, CAST(strftime('%s', date(OLD.registered_on * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, OLD.status, OLD.field, -OLD.n)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_commend_year_insert AFTER INSERT ON report_commend_month BEGIN
	INSERT INTO report_commend_year (recipient_unit_id, decision_date, status, form_code, n, prize_vnd) VALUES (NEW.recipient_unit_id, CAST(strftime('%s', date(NEW.decision_date * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, NEW.status, NEW.form_code, NEW.n, NEW.prize_vnd)
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code) DO UPDATE SET n = n + excluded.n, prize_vnd = prize_vnd + excluded.prize_vnd;
END;

CREATE TRIGGER report_commend_year_update AFTER UPDATE ON report_commend_month BEGIN
	INSERT INTO report_commend_year (recipient_unit_id, decision_date, status, form_code, n, prize_vnd) VALUES (OLD.recipient_unit_id, CAST(strftime('%s', date(OLD.decision_date * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, OLD.status, OLD.form_code, -OLD.n, -OLD.prize_vnd)
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code) DO UPDATE SET n = n + excluded.n, prize_vnd = prize_vnd + excluded.prize_vnd;
	INSERT INTO report_commend_year (recipient_unit_id, decision_date, status, form_code, n, prize_vnd) VALUES (NEW.recipient_unit_id, CAST(strftime('%s', date(NEW.decision_date * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, NEW.status, NEW.form_code, NEW.n, NEW.prize_vnd)
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code) DO UPDATE SET n = n + excluded.n, prize_vnd = prize_vnd + excluded.prize_vnd;
END;

CREATE TRIGGER report_commend_year_delete AFTER DELETE ON report_commend_month BEGIN
	INSERT INTO report_commend_year (recipient_unit_id, decision_date, status, form_code, n, prize_vnd) VALUES (OLD.recipient_unit_id, CAST(strftime('%s', date(OLD.decision_date * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, OLD.status, OLD.form_code, -OLD.n, -OLD.prize_vnd)
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code) DO UPDATE SET n = n + excluded.n, prize_vnd = prize_vnd + excluded.prize_vnd;
END;

-- what is there already
INSERT INTO report_record_year (source, unit_id, day, a, b, c, d)
	SELECT source, unit_id, CAST(strftime('%s', date(day * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400 AS y, sum(a), sum(b), sum(c), sum(d)
	FROM report_record_month GROUP BY source, unit_id, y;
INSERT INTO report_model_year (unit_id, registered_on, status, field, n)
	SELECT unit_id, CAST(strftime('%s', date(registered_on * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400 AS y, status, field, sum(n)
	FROM report_model_month GROUP BY unit_id, y, status, field;
INSERT INTO report_commend_year (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
	SELECT recipient_unit_id, CAST(strftime('%s', date(decision_date * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400 AS y, status, form_code, sum(n), sum(prize_vnd)
	FROM report_commend_month GROUP BY recipient_unit_id, y, status, form_code;
