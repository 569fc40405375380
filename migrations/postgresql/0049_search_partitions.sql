-- 0049_search_partitions.sql (PostgreSQL) - the search index in partitions
-- of 65,536 feedback items each (by key: kind * 2^40 + id), so that a
-- search's GIN scan reads the entries of the items it looks at, not the
-- whole table's. A GIN index returns every match of its words at once
-- (the entries of "hoan & kiem:*" over 1,500,000 rows: 87 ms before the
-- first row is read); a search wants the newest thousand matches, and
-- reads them window by window from the newest (store/feedback.c
-- pg_candidates()). With the index split by key, a window inside one
-- partition decodes that partition's entries (a twentieth of them at a
-- million items), and the cost of a search no longer grows with the
-- table. The other kinds (meetings, drafts, models, articles: a few
-- thousand rows each) keep one partition for all of them, and so do keys
-- below the feedback kind.
--
-- New feedback partitions are made by search_fts_extend() (below) as the
-- items grow: store/search.c calls it before it writes a row past the
-- newest partition, and one partition ahead after each pass, outside the
-- pass's transaction. A partition is made empty and then attached, which
-- takes SHARE UPDATE EXCLUSIVE on the table (searches and writers go on);
-- an advisory lock makes two servers extending at once make it once.
--
-- The triggers that take rows out (0012, 0020, 0021, 0022, 0046) name the
-- table and so find the new one. SQLite: nothing (FTS5 keeps its own
-- segments); 0049 is empty there.

ALTER TABLE search_fts RENAME TO search_fts_old;
ALTER INDEX search_fts_pkey RENAME TO search_fts_old_pkey;
ALTER INDEX search_fts_doc RENAME TO search_fts_old_doc;
ALTER INDEX search_fts_facets RENAME TO search_fts_old_facets;
ALTER INDEX search_fts_public RENAME TO search_fts_old_public;

CREATE TABLE search_fts (
	rowid bigint NOT NULL,
	title text,
	body text,
	place text,
	internal text,
	tags text,
	doc tsvector GENERATED ALWAYS AS (
		setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
		setweight(to_tsvector('simple', coalesce(place, '')), 'B') ||
		setweight(to_tsvector('simple', coalesce(body, '')), 'C') ||
		setweight(to_tsvector('simple', coalesce(internal, '')), 'D')) STORED,
	facets tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(tags, ''))) STORED
) PARTITION BY RANGE (rowid);

-- below the feedback kind (nothing is written there), and every kind after it
CREATE TABLE search_fts_low PARTITION OF search_fts FOR VALUES FROM (MINVALUE) TO (1099511627776);
CREATE TABLE search_fts_kinds PARTITION OF search_fts FOR VALUES FROM (2199023255552) TO (MAXVALUE);

-- the feedback partitions the rows there now need, before any index: the
-- rows are copied first and each index is then built whole
DO $$
DECLARE
	top bigint := (SELECT max(rowid) FROM search_fts_old WHERE rowid >= 1099511627776 AND rowid < 2199023255552);
	c bigint;
BEGIN
	FOR c IN 0 .. coalesce((top - 1099511627776) >> 16, 0) + 1 LOOP
		EXECUTE format('CREATE TABLE search_fts_f%s PARTITION OF search_fts FOR VALUES FROM (%s) TO (%s)',
			c, 1099511627776 + c * 65536, 1099511627776 + (c + 1) * 65536);
	END LOOP;
END $$;

INSERT INTO search_fts(rowid, title, body, place, internal, tags)
	SELECT rowid, title, body, place, internal, tags FROM search_fts_old;
DROP TABLE search_fts_old;

ALTER TABLE search_fts ADD PRIMARY KEY (rowid);
CREATE INDEX search_fts_doc ON search_fts USING gin (doc);
CREATE INDEX search_fts_facets ON search_fts USING gin (facets);
CREATE INDEX search_fts_public ON search_fts (rowid) WHERE ts_match_vq(facets, 'vpub'::tsquery);

-- 0039's vacuum after 10,000 new rows, for each partition (a partitioned
-- table has no storage of its own to set it on)
DO $$
DECLARE
	p regclass;
BEGIN
	FOR p IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'search_fts'::regclass LOOP
		EXECUTE format('ALTER TABLE %s SET (autovacuum_vacuum_insert_threshold = 10000, '
			'autovacuum_vacuum_insert_scale_factor = 0.01)', p);
	END LOOP;
END $$;

-- Make the feedback partitions up to the one that holds key `upto` (those
-- missing below it too), each empty then attached (its indexes are made
-- by the attach, on no rows). Returns the number of the newest partition
-- (-1 when upto is not a feedback key).
CREATE FUNCTION search_fts_extend(upto bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	top bigint;
	c bigint;
BEGIN
	IF upto < 1099511627776 OR upto >= 2199023255552 THEN
		RETURN -1;
	END IF;
	top := (upto - 1099511627776) >> 16;
	IF to_regclass(format('search_fts_f%s', top)) IS NOT NULL THEN
		RETURN top;
	END IF;
	-- one lock for every server's extension (db_pg.c's keys: "danvan" 0 3)
	PERFORM pg_advisory_xact_lock(7233183931253522435);
	c := top;
	WHILE c > 0 AND to_regclass(format('search_fts_f%s', c - 1)) IS NULL LOOP
		c := c - 1;
	END LOOP;
	WHILE c <= top LOOP
		IF to_regclass(format('search_fts_f%s', c)) IS NULL THEN
			EXECUTE format('CREATE TABLE search_fts_f%s (LIKE search_fts INCLUDING DEFAULTS INCLUDING GENERATED) '
				'WITH (autovacuum_vacuum_insert_threshold = 10000, '
				'autovacuum_vacuum_insert_scale_factor = 0.01)', c);
			EXECUTE format('ALTER TABLE search_fts ATTACH PARTITION search_fts_f%s FOR VALUES FROM (%s) TO (%s)',
				c, 1099511627776 + c * 65536, 1099511627776 + (c + 1) * 65536);
		END IF;
		c := c + 1;
	END LOOP;
	RETURN top;
END $$;
