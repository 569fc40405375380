-- 0039_autovacuum_inserts.sql - on PostgreSQL the items and their search
-- rows are vacuumed after every 10,000 new rows (migrations/postgresql/0039),
-- so that the inbox's index-only scans stay index-only; SQLite has no
-- vacuum of that kind (its indexes need no visibility map): numbered in step.
SELECT 1;
