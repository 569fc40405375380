-- 0004_search.sql (PostgreSQL) - full-text search: ONE index for every kind
-- of content, over the folded search keys of core/vntext.h, as
-- migrations/sqlite/0004_search.sql does with FTS5 (read its comments for
-- kinds, columns, facets and ranking). What differs here:
--
-- The text is folded in C, never in SQL (PostgreSQL has no vn_fold(), and
-- unaccent folds differently): search_fts STORES the folded columns that
-- SQLite's external-content index computes through the view search_src,
-- and PostgreSQL indexes them with the `simple` text search configuration
-- (lower-case, no stemming, no stop words): the folded text is lower-case
-- ASCII words, so its tokens are exactly vntext_fold's words, as with
-- unicode61 on SQLite.
--
-- One row per indexed document; id is the same number as the FTS rowid on
-- SQLite: kind * 2^40 + the id in the kind's table (1 feedback). `doc`
-- holds the four searchable columns with a weight each, so that one GIN
-- index answers both searches: title A, place B, body C, internal D. The
-- public searches {title body place} by restricting the query's terms to
-- weights ABC (to_tsquery('simple', 'word:ABC')); officers search all four;
-- ts_rank with weights {D 1, C 1, B 2, A 4} gives title 4, body 1, place 2,
-- internal 1 as on SQLite. The facet tokens (tags) have their own
-- tsvector, `facets`, which typed text never reaches.
--
-- Consistency: the triggers below cannot fold text, so every insert of an
-- item, and every update of a column the index reads, queues the item in
-- search_pending (0006_search_queue.sql on SQLite; created here because on
-- PostgreSQL the queue is the only way in) in the same transaction, and
-- search_index_pending() (store/search.h) folds the queued items in C and
-- writes their rows. A deleted item leaves the index and the queue in its
-- transaction. The invariant: an item is either queued or indexed with its
-- current values. (The SQLite column search_key is dropped as there.)

ALTER TABLE feedback DROP COLUMN search_key;

CREATE TABLE search_fts (
	id bigint PRIMARY KEY,
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
);
CREATE INDEX search_fts_doc ON search_fts USING gin (doc);
CREATE INDEX search_fts_facets ON search_fts USING gin (facets);

CREATE TABLE search_pending (
	id bigint PRIMARY KEY -- a search_fts id (kind * 2^40 + id)
);

-- the existing items
INSERT INTO search_pending(id) SELECT 1099511627776 + id FROM feedback;

CREATE FUNCTION feedback_search_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_pending(id) VALUES (1099511627776 + NEW.id) ON CONFLICT DO NOTHING;
	RETURN NULL;
END;
$$;

CREATE FUNCTION feedback_search_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM search_fts WHERE id = 1099511627776 + OLD.id;
	DELETE FROM search_pending WHERE id = 1099511627776 + OLD.id;
	RETURN NULL;
END;
$$;

CREATE TRIGGER feedback_search_insert AFTER INSERT ON feedback
	FOR EACH ROW EXECUTE FUNCTION feedback_search_queue();

CREATE TRIGGER feedback_search_update AFTER UPDATE OF title, body, place, public_title, public_body,
	public, status, unit_id, intake_unit_id, created_by, category_id, received_at ON feedback
	FOR EACH ROW
	WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.body IS DISTINCT FROM NEW.body
		OR OLD.place IS DISTINCT FROM NEW.place
		OR OLD.public_title IS DISTINCT FROM NEW.public_title
		OR OLD.public_body IS DISTINCT FROM NEW.public_body
		OR OLD.public IS DISTINCT FROM NEW.public OR OLD.status IS DISTINCT FROM NEW.status
		OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
		OR OLD.intake_unit_id IS DISTINCT FROM NEW.intake_unit_id
		OR OLD.created_by IS DISTINCT FROM NEW.created_by
		OR OLD.category_id IS DISTINCT FROM NEW.category_id
		OR OLD.received_at IS DISTINCT FROM NEW.received_at)
	EXECUTE FUNCTION feedback_search_queue();

CREATE TRIGGER feedback_search_delete AFTER DELETE ON feedback
	FOR EACH ROW EXECUTE FUNCTION feedback_search_forget();
