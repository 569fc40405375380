-- 0048_search_public_key.sql - on PostgreSQL a partial index of the search
-- index's public rows (migrations/postgresql/0048); FTS5 needs none:
-- numbered in step.
SELECT 1;
