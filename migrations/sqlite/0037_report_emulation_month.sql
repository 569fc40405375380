-- 0037_report_emulation_month.sql - the review reports' figures of models and
-- commendations by unit and month (docs/reports.md, "Speed").
--
-- As 0036 for meetings and comments, but keyed by the columns the
-- catalogue's conditions test, and named as in the records: a report runs
-- the very same grouped query (store/indicator.c, sources[]) over these
-- tables instead of models d / commendations e, counting n for each row
-- instead of 1, so every indicator of the two sources (by status, field,
-- form of commendation, prize total) comes from them with no expression of
-- its own. The date column holds the first day of the month.
--   report_model_month    per unit, month registered, status, field: n
--   report_commend_month  per recipient unit, month decided, status, form:
--                         n and the prizes added up (prize_vnd); only
--                         commendations with a decision date
-- Triggers add every change in the same transaction: out of the old key,
-- into the new one.

CREATE TABLE report_model_month (
	unit_id INTEGER NOT NULL,
	registered_on INTEGER NOT NULL,
	status text NOT NULL,
	field text NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (unit_id, registered_on, status, field)
) WITHOUT ROWID;

CREATE TABLE report_commend_month (
	recipient_unit_id INTEGER NOT NULL,
	decision_date INTEGER NOT NULL,
	status text NOT NULL,
	form_code text NOT NULL,
	n INTEGER NOT NULL,
	prize_vnd INTEGER NOT NULL,
	PRIMARY KEY (recipient_unit_id, decision_date, status, form_code)
) WITHOUT ROWID;

-- the triggers: a record out of its old key, into its new one
CREATE TRIGGER report_models_month_insert AFTER INSERT ON models BEGIN
	INSERT INTO report_model_month (unit_id, registered_on, status, field, n) VALUES (NEW.unit_id, CAST(strftime('%s', date(NEW.registered_on * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, NEW.status, NEW.field, 1)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_models_month_update AFTER UPDATE OF unit_id, registered_on, status, field ON models BEGIN
	INSERT INTO report_model_month (unit_id, registered_on, status, field, n) VALUES (OLD.unit_id, CAST(strftime('%s', date(OLD.registered_on * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, OLD.status, OLD.field, -1)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = n + excluded.n;
	INSERT INTO report_model_month (unit_id, registered_on, status, field, n) VALUES (NEW.unit_id, CAST(strftime('%s', date(NEW.registered_on * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, NEW.status, NEW.field, 1)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_models_month_delete AFTER DELETE ON models BEGIN
	INSERT INTO report_model_month (unit_id, registered_on, status, field, n) VALUES (OLD.unit_id, CAST(strftime('%s', date(OLD.registered_on * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, OLD.status, OLD.field, -1)
		ON CONFLICT (unit_id, registered_on, status, field) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_commendations_month_insert AFTER INSERT ON commendations BEGIN
	INSERT INTO report_commend_month (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
		SELECT NEW.recipient_unit_id, CAST(strftime('%s', date(NEW.decision_date * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, NEW.status, NEW.form_code, 1, coalesce(NEW.prize_vnd, 0) WHERE NEW.decision_date IS NOT NULL
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code) DO UPDATE SET n = n + excluded.n, prize_vnd = prize_vnd + excluded.prize_vnd;
END;

CREATE TRIGGER report_commendations_month_update AFTER UPDATE OF recipient_unit_id, decision_date, status, form_code, prize_vnd ON commendations BEGIN
	INSERT INTO report_commend_month (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
		SELECT OLD.recipient_unit_id, CAST(strftime('%s', date(OLD.decision_date * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, OLD.status, OLD.form_code, -1, -coalesce(OLD.prize_vnd, 0) WHERE OLD.decision_date IS NOT NULL
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code) DO UPDATE SET n = n + excluded.n, prize_vnd = prize_vnd + excluded.prize_vnd;
	INSERT INTO report_commend_month (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
		SELECT NEW.recipient_unit_id, CAST(strftime('%s', date(NEW.decision_date * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, NEW.status, NEW.form_code, 1, coalesce(NEW.prize_vnd, 0) WHERE NEW.decision_date IS NOT NULL
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code) DO UPDATE SET n = n + excluded.n, prize_vnd = prize_vnd + excluded.prize_vnd;
END;

CREATE TRIGGER report_commendations_month_delete AFTER DELETE ON commendations BEGIN
	INSERT INTO report_commend_month (recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
		SELECT OLD.recipient_unit_id, CAST(strftime('%s', date(OLD.decision_date * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, OLD.status, OLD.form_code, -1, -coalesce(OLD.prize_vnd, 0) WHERE OLD.decision_date IS NOT NULL
		ON CONFLICT (recipient_unit_id, decision_date, status, form_code) DO UPDATE SET n = n + excluded.n, prize_vnd = prize_vnd + excluded.prize_vnd;
END;

-- the existing records
INSERT INTO report_model_month(unit_id, registered_on, status, field, n)
SELECT d.unit_id, CAST(strftime('%s', date(d.registered_on * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, d.status, d.field, count(*) FROM models d
GROUP BY d.unit_id, CAST(strftime('%s', date(d.registered_on * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, d.status, d.field;
INSERT INTO report_commend_month(recipient_unit_id, decision_date, status, form_code, n, prize_vnd)
SELECT e.recipient_unit_id, CAST(strftime('%s', date(e.decision_date * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, e.status, e.form_code, count(*), sum(coalesce(e.prize_vnd, 0)) FROM commendations e WHERE e.decision_date IS NOT NULL
GROUP BY e.recipient_unit_id, CAST(strftime('%s', date(e.decision_date * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400, e.status, e.form_code;
