-- 0006_search_queue.sql - new items reach the search index in batches.
--
-- Until now the insert trigger of 0004 indexed every new item in the same
-- transaction. FTS5 writes a new segment for each transaction that changes
-- it and merges segments as they pile up, so with the group-commit writer
-- (app/submit.h: ~64 items per transaction under load) the index's segment
-- writes and merges were most of the cost of a submission on a database of
-- a million items (~1,000 submissions/s with the trigger, ~8,500/s without).
-- The same items indexed a thousand at a time cost a fraction of that.
--
-- So a new item is now queued: its FTS rowid goes into search_pending in
-- the same transaction as the item (a crash loses neither), and
-- search_index_pending() (store/search.h) indexes the queue in batches: the
-- submission writer runs it when it is idle, when a thousand items wait or
-- when the oldest has waited a quarter of a second; the direct submission
-- path and the command line run it at once. Until then a new item is in
-- every list, the inbox and its own page, but not yet in search results.
--
-- The invariant the triggers keep: an item is either in search_pending (not
-- indexed) or indexed with exactly its current values (what the 'delete'
-- of external-content FTS5 needs). Updating or deleting a queued item
-- leaves the index alone; the queue entry goes with a deleted item.

-- FTS5 merges segments when `automerge` of them (default 4) sit at one
-- level. Every merge is written through the write-ahead log and copied back
-- by a checkpoint, and under a stream of submissions merging at 4 was half
-- of the indexing cost and a third of the commits' pages. At 16 the index
-- merges four times less often, at the price of more segments for a query
-- to read; the submission writer gives them back when it is idle, with
-- FTS5's 'merge' command, which merges levels of `usermerge` (4) segments
-- (search_merge(), store/search.h).
INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 16);

CREATE TABLE search_pending (
	id INTEGER PRIMARY KEY -- an FTS rowid (kind * 2^40 + id), 0004_search.sql
);

-- what is queued now is not indexed: nothing to queue at migration time
-- (0004 indexed every existing item)

DROP TRIGGER feedback_search_insert;
CREATE TRIGGER feedback_search_insert AFTER INSERT ON feedback BEGIN
	INSERT INTO search_pending(id) VALUES (1099511627776 + NEW.id);
END;

DROP TRIGGER feedback_search_update;
CREATE TRIGGER feedback_search_update AFTER UPDATE OF title, body, place, public_title, public_body,
	public, status, unit_id, intake_unit_id, created_by, category_id, received_at ON feedback
WHEN (OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.place IS NOT NEW.place
	OR OLD.public_title IS NOT NEW.public_title OR OLD.public_body IS NOT NEW.public_body
	OR OLD.public IS NOT NEW.public OR OLD.status IS NOT NEW.status
	OR OLD.unit_id IS NOT NEW.unit_id OR OLD.intake_unit_id IS NOT NEW.intake_unit_id
	OR OLD.created_by IS NOT NEW.created_by OR OLD.category_id IS NOT NEW.category_id
	OR OLD.received_at IS NOT NEW.received_at)
	AND NOT EXISTS (SELECT 1 FROM search_pending WHERE id = 1099511627776 + OLD.id)
BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, tags)
	VALUES ('delete', 1099511627776 + OLD.id,
		vn_fold(coalesce(OLD.public_title, OLD.title)),
		vn_fold(coalesce(OLD.public_body, OLD.body)),
		vn_fold(OLD.place),
		CASE WHEN OLD.public_title IS NULL AND OLD.public_body IS NULL THEN NULL
		     ELSE vn_fold(OLD.title || ' ' || OLD.body) END,
		vn_feedback_tags(OLD.public, OLD.status, OLD.unit_id, OLD.intake_unit_id, OLD.created_by,
				 OLD.category_id, OLD.received_at));
	INSERT INTO search_fts(rowid, title, body, place, internal, tags)
	VALUES (1099511627776 + NEW.id,
		vn_fold(coalesce(NEW.public_title, NEW.title)),
		vn_fold(coalesce(NEW.public_body, NEW.body)),
		vn_fold(NEW.place),
		CASE WHEN NEW.public_title IS NULL AND NEW.public_body IS NULL THEN NULL
		     ELSE vn_fold(NEW.title || ' ' || NEW.body) END,
		vn_feedback_tags(NEW.public, NEW.status, NEW.unit_id, NEW.intake_unit_id, NEW.created_by,
				 NEW.category_id, NEW.received_at));
END;

DROP TRIGGER feedback_search_delete;
CREATE TRIGGER feedback_search_delete AFTER DELETE ON feedback BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, tags)
	SELECT 'delete', 1099511627776 + OLD.id,
		vn_fold(coalesce(OLD.public_title, OLD.title)),
		vn_fold(coalesce(OLD.public_body, OLD.body)),
		vn_fold(OLD.place),
		CASE WHEN OLD.public_title IS NULL AND OLD.public_body IS NULL THEN NULL
		     ELSE vn_fold(OLD.title || ' ' || OLD.body) END,
		vn_feedback_tags(OLD.public, OLD.status, OLD.unit_id, OLD.intake_unit_id, OLD.created_by,
				 OLD.category_id, OLD.received_at)
	WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE id = 1099511627776 + OLD.id);
	DELETE FROM search_pending WHERE id = 1099511627776 + OLD.id;
END;
