-- 0046_search_queue_locks.sql (PostgreSQL) - the search index is written
-- by a connection of its own, beside the submission writer, without the
-- write lock (store/search.c index_chunk(), db_begin_shared()): it takes
-- the queued rows with FOR UPDATE SKIP LOCKED, reads their items, and
-- writes their index rows. What keeps it right is the order of the row
-- locks:
-- - a change to an item queues it by locking its queue row first (an
--   upsert that locks the row it finds, where DO NOTHING locked nothing:
--   the indexer could then take the row and index the item's values from
--   before the change, and the change left nothing queued), then takes its
--   index row out;
-- - the indexer locks the queue rows first (those locked by a change are
--   skipped, left for the next pass), then writes the index rows.
-- A change waits for an indexer that holds its queue row and then queues
-- it again; the indexer never waits for a change that holds one. Deleting
-- an item takes its queue row out before its index row for the same reason.
-- SQLite has one writer at a time; nothing there (0046 is empty).
CREATE OR REPLACE FUNCTION feedback_search_requeue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_pending(id) VALUES (1099511627776 + NEW.id) ON CONFLICT (id) DO UPDATE SET id = excluded.id;
	DELETE FROM search_fts WHERE rowid = 1099511627776 + NEW.id;
	RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION feedback_search_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM search_pending WHERE id = 1099511627776 + OLD.id;
	DELETE FROM search_fts WHERE rowid = 1099511627776 + OLD.id;
	RETURN NULL;
END;
$$;
