-- 0035_inbox_index_only.sql - nothing to do on SQLite: its covering indexes
-- (0008_inbox_walk.sql, 0009_inbox_due.sql) already answer the inbox walk
-- from the index alone. On PostgreSQL this migration rebuilds them with the
-- columns an index-only scan needs (migrations/postgresql/0035_inbox_index_only.sql).
SELECT 1;
