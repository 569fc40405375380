-- 0004_search.sql - full-text search: ONE SQLite FTS5 index for every kind of
-- content (feedback today; news, consultations, emulation models later),
-- over the folded search keys of core/vntext.h. Design and reasons in
-- docs/search.md; the query side is store/search.h.
--
-- Why FTS5 over folded text (shadow columns) and not a custom tokenizer:
-- the fold (case, every diacritic including stacked ones, đ -> d, both tone
-- placements, NFKD) is done in C by vntext_fold(), exposed to SQL as the
-- deterministic function vn_fold(text) that store/search.c installs on
-- every connection (db_open). The folded text of a Vietnamese document is plain ASCII
-- letters and digits separated by single spaces, so FTS5's stock unicode61
-- tokenizer with remove_diacritics 0 splits it exactly where vntext_fold
-- does, and queries are folded with the same function. A custom tokenizer
-- would give the same tokens with more C code run inside SQLite, and
-- unicode61's own remove_diacritics does not fold đ and handles neither tone
-- placement.
--
-- Storage: the FTS table is "external content" over the view search_src,
-- which computes the folded columns from the source tables on demand. So the
-- folded text is never stored twice (only the inverted index is), and
-- INSERT INTO search_fts(search_fts) VALUES ('rebuild') re-indexes everything
-- from the source rows (needed only if vn_fold itself ever changes), while
-- ('integrity-check') compares the index with them.
--
-- Kinds are ranges of the FTS rowid: rowid = kind * 2^40 + the id in the
-- kind's own table (2^40 = 1099511627776). Kind numbers, never reused:
--   1 feedback  (table feedback)
-- A new kind adds its range to the view search_src (DROP VIEW, CREATE VIEW
-- with one more UNION ALL branch) and three triggers like the ones below.
-- A query for one kind constrains the rowid to its range, which FTS5 applies
-- inside the index, and joins the kind's table by primary key
-- (f.id = rowid - 2^40): no mapping table, one B-tree lookup per match. A
-- site-wide search is the same MATCH without the range, kind = rowid / 2^40.
--
-- Columns (the same five for every kind; rank weights in this order):
--   title     the public title (feedback: the redacted title when redacted)
--   body      the public text  (feedback: the redacted body when redacted)
--   place     where (feedback: the place the sender gave)
--   internal  what only officers may search: for a redacted feedback item its
--             original title and body, else NULL
--   tags      facet tokens for filtering inside the index (store/search.h):
--             feedback: vpub, s<status>, u<scope unit>, h<handling unit>,
--             a<recording account>, c<category>, m<yyyymm received>
-- What people type only ever searches {title body place} (the public) or
-- {title body place internal} (officers), so words that an officer redacted
-- away never find an item for the public and nobody can search the tags.
-- Contact data (the table feedback_contacts) is never indexed. Private items
-- ARE indexed (officers search them): who may see what is decided in the
-- query, by joining the item and applying the same rules as the lists; the
-- facets only narrow the candidates first, so that an officer of one ward
-- searching a common word does not join half a million items.
--
-- Ranking: rank is vn_rank() (store/search.c), BM25 without the IDF factor,
-- weights title 4, body 1, place 2, internal 1, tags 0.
--
-- Consistency: triggers on feedback keep the index in the same transaction
-- as every insert, update of an indexed column (text, status, public, units,
-- category...) or deletion of an item. The triggers call vn_fold() and
-- vn_feedback_tags(), so a connection without them (the sqlite3 shell) can
-- read but not write items.

-- The folded title, body and place of 0003 are now the index's business.
ALTER TABLE feedback DROP COLUMN search_key;

CREATE VIEW search_src(id, title, body, place, internal, tags) AS
	SELECT 1099511627776 + f.id,
	       vn_fold(coalesce(f.public_title, f.title)),
	       vn_fold(coalesce(f.public_body, f.body)),
	       vn_fold(f.place),
	       CASE WHEN f.public_title IS NULL AND f.public_body IS NULL THEN NULL
	            ELSE vn_fold(f.title || ' ' || f.body) END,
	       vn_feedback_tags(f.public, f.status, f.unit_id, f.intake_unit_id, f.created_by,
				f.category_id, f.received_at)
	FROM feedback f;

-- unicode61 without diacritic removal over folded text (see above). Prefix
-- indexes of 2, 3 and 4 characters make the last word's prefix query
-- (people typing "dan van kh") one posting list read instead of a merge of
-- every term with that prefix; longer last words are matched whole
-- (store/search.h). detail=full: quoted phrases need positions.
CREATE VIRTUAL TABLE search_fts USING fts5(
	title, body, place, internal, tags,
	content = 'search_src', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 0',
	prefix = '2 3 4'
);
INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'vn_rank()');

-- the existing items
INSERT INTO search_fts(search_fts) VALUES ('rebuild');

CREATE TRIGGER feedback_search_insert AFTER INSERT ON feedback BEGIN
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

-- External content: the old values must be given back exactly as they were
-- indexed to remove them, which the deterministic functions guarantee.
CREATE TRIGGER feedback_search_update AFTER UPDATE OF title, body, place, public_title, public_body,
	public, status, unit_id, intake_unit_id, created_by, category_id, received_at ON feedback
WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.place IS NOT NEW.place
	OR OLD.public_title IS NOT NEW.public_title OR OLD.public_body IS NOT NEW.public_body
	OR OLD.public IS NOT NEW.public OR OLD.status IS NOT NEW.status
	OR OLD.unit_id IS NOT NEW.unit_id OR OLD.intake_unit_id IS NOT NEW.intake_unit_id
	OR OLD.created_by IS NOT NEW.created_by OR OLD.category_id IS NOT NEW.category_id
	OR OLD.received_at IS NOT NEW.received_at
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

CREATE TRIGGER feedback_search_delete AFTER DELETE ON feedback BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, tags)
	VALUES ('delete', 1099511627776 + OLD.id,
		vn_fold(coalesce(OLD.public_title, OLD.title)),
		vn_fold(coalesce(OLD.public_body, OLD.body)),
		vn_fold(OLD.place),
		CASE WHEN OLD.public_title IS NULL AND OLD.public_body IS NULL THEN NULL
		     ELSE vn_fold(OLD.title || ' ' || OLD.body) END,
		vn_feedback_tags(OLD.public, OLD.status, OLD.unit_id, OLD.intake_unit_id, OLD.created_by,
				 OLD.category_id, OLD.received_at));
END;
