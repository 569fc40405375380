-- Failed logins are now counted in a bounded table in memory by app/auth.c
-- (per address, per username and address, and per username), so the table
-- that held one row per failure goes.
DROP TABLE IF EXISTS login_failures;
