-- 0012_redact_place.sql - `redact` can redact the place too.
--
-- public_place is the public version of feedback.place, NULL when the place
-- is not redacted; like public_title/public_body it replaces the original
-- in every public view, list and search, and the original stays for the
-- officers (a redacted place also hides the map point from the public,
-- app/feedback.c).
--
-- The search index (0004_search.sql, 0006_search_queue.sql) follows: its
-- place column holds the public place, and `internal` (what only officers
-- search) the original place after the original title and body when the
-- place is redacted. An item indexed before this migration has
-- public_place NULL, and for it the new expressions give exactly the old
-- values, which the external-content 'delete' needs.
ALTER TABLE feedback ADD COLUMN public_place TEXT;

DROP VIEW search_src;
CREATE VIEW search_src(id, title, body, place, internal, tags) AS
	SELECT 1099511627776 + f.id,
	       vn_fold(coalesce(f.public_title, f.title)),
	       vn_fold(coalesce(f.public_body, f.body)),
	       vn_fold(coalesce(f.public_place, f.place)),
	       CASE WHEN f.public_title IS NULL AND f.public_body IS NULL AND f.public_place IS NULL THEN NULL
	            WHEN f.public_place IS NULL THEN vn_fold(f.title || ' ' || f.body)
	            ELSE vn_fold(f.title || ' ' || f.body || ' ' || coalesce(f.place, '')) END,
	       vn_feedback_tags(f.public, f.status, f.unit_id, f.intake_unit_id, f.created_by,
				f.category_id, f.received_at)
	FROM feedback f;

DROP TRIGGER feedback_search_update;
CREATE TRIGGER feedback_search_update AFTER UPDATE OF title, body, place, public_title, public_body,
	public_place, public, status, unit_id, intake_unit_id, created_by, category_id, received_at ON feedback
WHEN (OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.place IS NOT NEW.place
	OR OLD.public_title IS NOT NEW.public_title OR OLD.public_body IS NOT NEW.public_body
	OR OLD.public_place IS NOT NEW.public_place
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
		vn_fold(coalesce(OLD.public_place, OLD.place)),
		CASE WHEN OLD.public_title IS NULL AND OLD.public_body IS NULL AND OLD.public_place IS NULL THEN NULL
		     WHEN OLD.public_place IS NULL THEN vn_fold(OLD.title || ' ' || OLD.body)
		     ELSE vn_fold(OLD.title || ' ' || OLD.body || ' ' || coalesce(OLD.place, '')) END,
		vn_feedback_tags(OLD.public, OLD.status, OLD.unit_id, OLD.intake_unit_id, OLD.created_by,
				 OLD.category_id, OLD.received_at));
	INSERT INTO search_fts(rowid, title, body, place, internal, tags)
	VALUES (1099511627776 + NEW.id,
		vn_fold(coalesce(NEW.public_title, NEW.title)),
		vn_fold(coalesce(NEW.public_body, NEW.body)),
		vn_fold(coalesce(NEW.public_place, NEW.place)),
		CASE WHEN NEW.public_title IS NULL AND NEW.public_body IS NULL AND NEW.public_place IS NULL THEN NULL
		     WHEN NEW.public_place IS NULL THEN vn_fold(NEW.title || ' ' || NEW.body)
		     ELSE vn_fold(NEW.title || ' ' || NEW.body || ' ' || coalesce(NEW.place, '')) END,
		vn_feedback_tags(NEW.public, NEW.status, NEW.unit_id, NEW.intake_unit_id, NEW.created_by,
				 NEW.category_id, NEW.received_at));
END;

DROP TRIGGER feedback_search_delete;
CREATE TRIGGER feedback_search_delete AFTER DELETE ON feedback BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, tags)
	SELECT 'delete', 1099511627776 + OLD.id,
		vn_fold(coalesce(OLD.public_title, OLD.title)),
		vn_fold(coalesce(OLD.public_body, OLD.body)),
		vn_fold(coalesce(OLD.public_place, OLD.place)),
		CASE WHEN OLD.public_title IS NULL AND OLD.public_body IS NULL AND OLD.public_place IS NULL THEN NULL
		     WHEN OLD.public_place IS NULL THEN vn_fold(OLD.title || ' ' || OLD.body)
		     ELSE vn_fold(OLD.title || ' ' || OLD.body || ' ' || coalesce(OLD.place, '')) END,
		vn_feedback_tags(OLD.public, OLD.status, OLD.unit_id, OLD.intake_unit_id, OLD.created_by,
				 OLD.category_id, OLD.received_at)
	WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE id = 1099511627776 + OLD.id);
	DELETE FROM search_pending WHERE id = 1099511627776 + OLD.id;
END;
