-- 0042_consultations_report_index.sql (PostgreSQL) - the review reports count
-- consultations from the table itself (docs/reports.md): per unit, the
-- drafts opened in the period. Through consultations_unit (unit_id) each
-- of a city's 3,263 units read its rows from the table, whose rows carry
-- the drafts' texts: 61,202 rows of ten years in 58-73 ms on SQLite. With
-- the opening time in the index the query reads the index alone (35-38
-- ms, most of it grouping the rows), and the index still serves every
-- lookup by unit.
CREATE INDEX consultations_unit_opens ON consultations(unit_id, opens_at);
DROP INDEX consultations_unit;
