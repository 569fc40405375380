-- 0031_tally_insert_reports.sql (SQLite) - nothing: on PostgreSQL the
-- reports' roll-up joins the one insert trigger of 0030
-- (migrations/postgresql/0031_tally_insert_reports.sql); SQLite's triggers stay.
SELECT 1;
