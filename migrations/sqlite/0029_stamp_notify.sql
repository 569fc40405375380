-- 0029_stamp_notify.sql - PostgreSQL announces stamp changes with NOTIFY
-- (migrations/postgresql/0029_stamp_notify.sql, store/stamp_pg.c); SQLite
-- reads its stamps in process and needs nothing: numbered in step.
SELECT 1;
