-- 0011_login_failures_in_memory.sql (PostgreSQL) - failed logins are
-- counted in memory by app/auth.c (migrations/sqlite/0011_...), so the
-- table that held one row per failure goes.
DROP TABLE IF EXISTS login_failures;
