-- 0034_tally_insert_rows.sql - on PostgreSQL new items are counted into the
-- roll-ups once per INSERT statement (migrations/postgresql/0034); SQLite's
-- row triggers stay, as its writer inserts one item at a time: numbered in
-- step.
SELECT 1;
