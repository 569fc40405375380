-- 0039_autovacuum_inserts.sql (PostgreSQL) - vacuum the items and their
-- search rows after every 10,000 new rows (or 1 % of the table), not after
-- 20 % of it (PostgreSQL's default). The inbox pages and counts are
-- index-only scans (0035) of the newest items first, and an index-only scan
-- must still read the table for every page the visibility map does not mark
-- all-visible: only a vacuum marks them. With the default, a table of
-- 245,000 items took 35,000 submissions without a vacuum, and the inbox read
-- the table for most of the items it showed. The vacuum also moves the GIN
-- index's pending list (the new items' words, which every search scans row
-- by row) into the index proper. A vacuum of inserted rows only visits the
-- pages written since the last one. SQLite: nothing (0039 there is empty).
ALTER TABLE feedback SET (autovacuum_vacuum_insert_threshold = 10000,
	autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE search_fts SET (autovacuum_vacuum_insert_threshold = 10000,
	autovacuum_vacuum_insert_scale_factor = 0.01);
