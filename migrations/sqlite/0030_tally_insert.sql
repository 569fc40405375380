-- 0030_tally_insert.sql (SQLite) - nothing: on PostgreSQL this migration
-- merges the tally insert triggers into one function (see
-- migrations/postgresql/0030_tally_insert.sql); SQLite's triggers stay.
SELECT 1;
