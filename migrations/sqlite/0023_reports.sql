-- 0023_reports.sql - saved (frozen) review reports: the figures of a report
-- as they were when an officer saved it, the query that made them, the
-- sections the officer wrote and a hash over all of it, so that the version
-- sent upward can be shown later, after records have changed, next to
-- today's figures. Rows are never updated or deleted. The rules are in
-- app/report.h and docs/reports.md.
--
-- query is "unit=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD&tree=then|now";
-- figures the summary JSON of GET /api/v1/reports/summary at saving time;
-- sections a JSON object of the officer's texts (han_che, bai_hoc,
-- phuong_huong, kien_nghi); hash the lower-case hex BLAKE2b-256 of
-- query, figures and sections (app/report.c report_hash()).
CREATE TABLE saved_reports (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	from_day INTEGER NOT NULL,
	to_day INTEGER NOT NULL,
	tree TEXT NOT NULL CHECK (tree IN ('then', 'now')),
	title TEXT NOT NULL CHECK (length(title) > 0),
	query TEXT NOT NULL,
	figures TEXT NOT NULL,
	sections TEXT NOT NULL,
	hash TEXT NOT NULL CHECK (length(hash) = 64),
	created_by INTEGER REFERENCES accounts(id),
	created_at INTEGER NOT NULL,
	CHECK (to_day >= from_day)
);
CREATE INDEX saved_reports_unit ON saved_reports(unit_id, id);
