-- 0025_search_src.sql - in step with SQLite's 0025, which lists every kind
-- in its view search_src. PostgreSQL has no such view: each kind's store
-- writes its rows of search_fts in C (store/search.c search_rebuild), so
-- there is nothing to change here.
SELECT 1;
