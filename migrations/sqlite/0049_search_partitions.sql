-- 0049_search_partitions.sql - on PostgreSQL the search index is split in
-- partitions by key (migrations/postgresql/0049); FTS5 keeps its own
-- segments: numbered in step.
SELECT 1;
