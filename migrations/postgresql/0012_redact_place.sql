-- 0012_redact_place.sql (PostgreSQL) - `redact` can redact the place too
-- (migrations/sqlite/0012_redact_place.sql): public_place is the public
-- version of feedback.place, NULL when it is not redacted. The search
-- index follows: store/search.c search_index_pending() writes the public
-- place in `place` and, when the place is redacted, the original place
-- after the original title and body in `internal`; the update trigger
-- queues an item when public_place changes too.
--
-- And the update trigger now takes the item's row out of the index as it
-- queues it, in the same transaction, as SQLite's triggers keep it: an item
-- is either queued (and not found by a search) or indexed with its current
-- values. Before, a changed item stayed indexed with its old values until
-- the next indexing pass, so for a moment the words an officer had just
-- redacted still found it for the public.
ALTER TABLE feedback ADD COLUMN public_place text;

CREATE FUNCTION feedback_search_requeue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM search_fts WHERE rowid = 1099511627776 + NEW.id;
	INSERT INTO search_pending(id) VALUES (1099511627776 + NEW.id) ON CONFLICT DO NOTHING;
	RETURN NULL;
END;
$$;

DROP TRIGGER feedback_search_update ON feedback;
CREATE TRIGGER feedback_search_update AFTER UPDATE OF title, body, place, public_title, public_body,
	public_place, public, status, unit_id, intake_unit_id, created_by, category_id, received_at ON feedback
	FOR EACH ROW
	WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.body IS DISTINCT FROM NEW.body
		OR OLD.place IS DISTINCT FROM NEW.place
		OR OLD.public_title IS DISTINCT FROM NEW.public_title
		OR OLD.public_body IS DISTINCT FROM NEW.public_body
		OR OLD.public_place IS DISTINCT FROM NEW.public_place
		OR OLD.public IS DISTINCT FROM NEW.public OR OLD.status IS DISTINCT FROM NEW.status
		OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
		OR OLD.intake_unit_id IS DISTINCT FROM NEW.intake_unit_id
		OR OLD.created_by IS DISTINCT FROM NEW.created_by
		OR OLD.category_id IS DISTINCT FROM NEW.category_id
		OR OLD.received_at IS DISTINCT FROM NEW.received_at)
	EXECUTE FUNCTION feedback_search_requeue();

-- The index's key is named as on SQLite, where it is the FTS5 rowid
-- (kind * 2^40 + id), so that store/ queries join and range it the same
-- way on both engines (s.rowid); the deletion trigger's function follows.
ALTER TABLE search_fts RENAME COLUMN id TO rowid;
CREATE OR REPLACE FUNCTION feedback_search_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM search_fts WHERE rowid = 1099511627776 + OLD.id;
	DELETE FROM search_pending WHERE id = 1099511627776 + OLD.id;
	RETURN NULL;
END;
$$;
