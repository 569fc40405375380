-- 0043_report_consult_month.sql - the review reports' consultations (drafts
-- put out for comment) by unit and month, and by year (docs/reports.md,
-- "Speed").
--
-- The catalogue counts a draft in the period its consultation opens in, if
-- it has opened by the time of reading (opens_at <= now). A report read
-- them from the table: a city's ten years are 61,202 drafts on as many
-- units and days (23 ms of a 10-year summary of 90). Here, per unit (the
-- drafting unit) and month (day: the first day of the month, a Vietnam
-- day number) or year (the first day of the year), the number of drafts
-- opening then, kept by triggers in the same transaction as every insert,
-- change of unit or opening time, and deletion. A month before the current
-- one holds only drafts opened by now, so a report reads its whole months
-- and years before the current month from here, and the current month,
-- anything after it and the odd days at the ends of its period from the
-- drafts (store/indicator.c).

CREATE TABLE report_consult_month (
	unit_id INTEGER NOT NULL,
	day INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (unit_id, day)
) WITHOUT ROWID;

CREATE TABLE report_consult_year (
	unit_id INTEGER NOT NULL,
	day INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (unit_id, day)
) WITHOUT ROWID;

CREATE TRIGGER report_consult_insert AFTER INSERT ON consultations BEGIN
	INSERT INTO report_consult_month (unit_id, day, n) VALUES (NEW.unit_id, CAST(strftime('%s', date((NEW.opens_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, 1)
		ON CONFLICT (unit_id, day) DO UPDATE SET n = n + 1;
	INSERT INTO report_consult_year (unit_id, day, n) VALUES (NEW.unit_id, CAST(strftime('%s', date((NEW.opens_at + 25200) / 86400 * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, 1)
		ON CONFLICT (unit_id, day) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_consult_update AFTER UPDATE OF unit_id, opens_at ON consultations BEGIN
	INSERT INTO report_consult_month (unit_id, day, n) VALUES (OLD.unit_id, CAST(strftime('%s', date((OLD.opens_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, -1)
		ON CONFLICT (unit_id, day) DO UPDATE SET n = n - 1;
	INSERT INTO report_consult_year (unit_id, day, n) VALUES (OLD.unit_id, CAST(strftime('%s', date((OLD.opens_at + 25200) / 86400 * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, -1)
		ON CONFLICT (unit_id, day) DO UPDATE SET n = n - 1;
	INSERT INTO report_consult_month (unit_id, day, n) VALUES (NEW.unit_id, CAST(strftime('%s', date((NEW.opens_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, 1)
		ON CONFLICT (unit_id, day) DO UPDATE SET n = n + 1;
	INSERT INTO report_consult_year (unit_id, day, n) VALUES (NEW.unit_id, CAST(strftime('%s', date((NEW.opens_at + 25200) / 86400 * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, 1)
		ON CONFLICT (unit_id, day) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_consult_delete AFTER DELETE ON consultations BEGIN
	INSERT INTO report_consult_month (unit_id, day, n) VALUES (OLD.unit_id, CAST(strftime('%s', date((OLD.opens_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, -1)
		ON CONFLICT (unit_id, day) DO UPDATE SET n = n - 1;
	INSERT INTO report_consult_year (unit_id, day, n) VALUES (OLD.unit_id, CAST(strftime('%s', date((OLD.opens_at + 25200) / 86400 * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, -1)
		ON CONFLICT (unit_id, day) DO UPDATE SET n = n - 1;
END;

-- the drafts there are
INSERT INTO report_consult_month (unit_id, day, n)
SELECT unit_id, CAST(strftime('%s', date((opens_at + 25200) / 86400 * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, count(*)
FROM consultations GROUP BY 1, 2;
INSERT INTO report_consult_year (unit_id, day, n)
SELECT unit_id, CAST(strftime('%s', date((opens_at + 25200) / 86400 * 86400, 'unixepoch', 'start of year')) AS INTEGER) / 86400, count(*)
FROM consultations GROUP BY 1, 2;
