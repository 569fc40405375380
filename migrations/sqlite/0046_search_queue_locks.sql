-- 0046_search_queue_locks.sql - on PostgreSQL the search index is written
-- beside the submission writer, and the queue's triggers take their row
-- locks in a fixed order (migrations/postgresql/0046); SQLite has one
-- writer at a time: numbered in step.
SELECT 1;
