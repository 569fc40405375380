-- 0004_search.sql - full-text search: ONE SQLite FTS5 index for every kind of
-- content (feedback today; news, consultations, emulation models later),
-- over the folded search keys of core/vntext.h. Design and reasons in
-- docs/search.md; the query side is store/search.h.
--
-- Why FTS5 over folded text (shadow columns) and not a custom tokenizer:
-- the fold (case, every diacritic including stacked ones, đ -> d, both tone
-- placements, NFKD) is done in C by vntext_fold(), exposed to SQL as the
-- deterministic function vn_fold(text) that store/db_sqlite.c registers on
-- every connection. The folded text of a Vietnamese document is plain ASCII
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
-- Columns (the same four for every kind; bm25 weights in this order):
--   title     the public title (feedback: the redacted title when redacted)
--   body      the public text  (feedback: the redacted body when redacted)
--   place     where (feedback: the place the sender gave)
--   internal  what only officers may search: for a redacted feedback item its
--             original title and body, else NULL
-- The public searches {title body place} only, so words that an officer
-- redacted away never find an item for the public. Contact data (the table
-- feedback_contacts) is never indexed. Private items ARE indexed (officers
-- search them): who may see what is decided in the query, by joining the
-- item and applying the same visibility rules as the lists.
--
-- Consistency: triggers on feedback keep the index in the same transaction
-- as every insert, redaction or deletion of an item. Status, unit and other
-- changes do not touch the text, so they do not touch the index: visibility
-- is read from the item at query time. The triggers call vn_fold(), so a
-- connection without it (the sqlite3 shell) can read but not write items.

-- The folded title, body and place of 0003 are now the index's business.
ALTER TABLE feedback DROP COLUMN search_key;

CREATE VIEW search_src(id, title, body, place, internal) AS
	SELECT 1099511627776 + f.id,
	       vn_fold(coalesce(f.public_title, f.title)),
	       vn_fold(coalesce(f.public_body, f.body)),
	       vn_fold(f.place),
	       CASE WHEN f.public_title IS NULL AND f.public_body IS NULL THEN NULL
	            ELSE vn_fold(f.title || ' ' || f.body) END
	FROM feedback f;

-- unicode61 without diacritic removal over folded text (see above). Prefix
-- indexes of 2 and 3 characters make the last word's prefix query (people
-- typing "dan van kh") one doclist read instead of a merge of every term
-- with that prefix. detail=full: quoted phrases need positions.
CREATE VIRTUAL TABLE search_fts USING fts5(
	title, body, place, internal,
	content = 'search_src', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 0',
	prefix = '2 3'
);
-- rank = bm25 with the title weighing most
INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0, 1.0)');

-- the existing items
INSERT INTO search_fts(search_fts) VALUES ('rebuild');

CREATE TRIGGER feedback_search_insert AFTER INSERT ON feedback BEGIN
	INSERT INTO search_fts(rowid, title, body, place, internal)
	VALUES (1099511627776 + NEW.id,
		vn_fold(coalesce(NEW.public_title, NEW.title)),
		vn_fold(coalesce(NEW.public_body, NEW.body)),
		vn_fold(NEW.place),
		CASE WHEN NEW.public_title IS NULL AND NEW.public_body IS NULL THEN NULL
		     ELSE vn_fold(NEW.title || ' ' || NEW.body) END);
END;

-- External content: the old values must be given back exactly as they were
-- indexed to remove them, which vn_fold (deterministic) guarantees.
CREATE TRIGGER feedback_search_update AFTER UPDATE OF title, body, place, public_title, public_body
ON feedback
WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.place IS NOT NEW.place
	OR OLD.public_title IS NOT NEW.public_title OR OLD.public_body IS NOT NEW.public_body
BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal)
	VALUES ('delete', 1099511627776 + OLD.id,
		vn_fold(coalesce(OLD.public_title, OLD.title)),
		vn_fold(coalesce(OLD.public_body, OLD.body)),
		vn_fold(OLD.place),
		CASE WHEN OLD.public_title IS NULL AND OLD.public_body IS NULL THEN NULL
		     ELSE vn_fold(OLD.title || ' ' || OLD.body) END);
	INSERT INTO search_fts(rowid, title, body, place, internal)
	VALUES (1099511627776 + NEW.id,
		vn_fold(coalesce(NEW.public_title, NEW.title)),
		vn_fold(coalesce(NEW.public_body, NEW.body)),
		vn_fold(NEW.place),
		CASE WHEN NEW.public_title IS NULL AND NEW.public_body IS NULL THEN NULL
		     ELSE vn_fold(NEW.title || ' ' || NEW.body) END);
END;

CREATE TRIGGER feedback_search_delete AFTER DELETE ON feedback BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal)
	VALUES ('delete', 1099511627776 + OLD.id,
		vn_fold(coalesce(OLD.public_title, OLD.title)),
		vn_fold(coalesce(OLD.public_body, OLD.body)),
		vn_fold(OLD.place),
		CASE WHEN OLD.public_title IS NULL AND OLD.public_body IS NULL THEN NULL
		     ELSE vn_fold(OLD.title || ' ' || OLD.body) END);
END;
