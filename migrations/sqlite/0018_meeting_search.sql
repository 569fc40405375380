-- 0018_meeting_search.sql - meetings in the search index (docs/search.md,
-- docs/meetings.md): kind 2 owns the rowids 2 * 2^40 + meetings.id. A
-- meeting's document: title = its title, body = its hosts, place = its
-- place, no internal text, and the facet token "vpub" when it is public
-- (what the public may find, as feedback's). The speakers of its
-- petitions are feedback contacts and are never indexed. On PostgreSQL
-- store/meeting.c writes the same row with the text folded in C.
--
-- And an index for the public schedule (public meetings by time).
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
	FROM feedback f
	UNION ALL
	SELECT 2199023255552 + m.id, vn_fold(m.title), vn_fold(m.hosts), vn_fold(m.place), NULL,
	       CASE WHEN m.public = 1 THEN 'vpub' ELSE '' END
	FROM meetings m;

CREATE TRIGGER meeting_search_insert AFTER INSERT ON meetings BEGIN
	INSERT INTO search_fts(rowid, title, body, place, internal, tags)
	VALUES (2199023255552 + NEW.id, vn_fold(NEW.title), vn_fold(NEW.hosts), vn_fold(NEW.place), NULL,
		CASE WHEN NEW.public = 1 THEN 'vpub' ELSE '' END);
END;

CREATE TRIGGER meeting_search_update AFTER UPDATE OF title, hosts, place, public ON meetings
WHEN OLD.title IS NOT NEW.title OR OLD.hosts IS NOT NEW.hosts OR OLD.place IS NOT NEW.place
	OR OLD.public IS NOT NEW.public
BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, tags)
	VALUES ('delete', 2199023255552 + OLD.id, vn_fold(OLD.title), vn_fold(OLD.hosts), vn_fold(OLD.place), NULL,
		CASE WHEN OLD.public = 1 THEN 'vpub' ELSE '' END);
	INSERT INTO search_fts(rowid, title, body, place, internal, tags)
	VALUES (2199023255552 + NEW.id, vn_fold(NEW.title), vn_fold(NEW.hosts), vn_fold(NEW.place), NULL,
		CASE WHEN NEW.public = 1 THEN 'vpub' ELSE '' END);
END;

CREATE TRIGGER meeting_search_delete AFTER DELETE ON meetings BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, tags)
	VALUES ('delete', 2199023255552 + OLD.id, vn_fold(OLD.title), vn_fold(OLD.hosts), vn_fold(OLD.place), NULL,
		CASE WHEN OLD.public = 1 THEN 'vpub' ELSE '' END);
END;

-- meetings written before this migration
INSERT INTO search_fts(rowid, title, body, place, internal, tags)
	SELECT id, title, body, place, internal, tags FROM search_src WHERE id >= 2199023255552 AND id < 3298534883328;

CREATE INDEX meetings_public_time ON meetings(public, starts_at, id);
