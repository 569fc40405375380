-- 0021_news.sql - news (tin tức): articles with Vietnamese slugs (old slugs
-- kept so that they answer 301), tags, pinned related articles, the log of
-- corrections shown under an article ("Đính chính"), images uploaded for
-- articles (typed from their content, width and height stored), links to
-- danvan records (a meeting, a consultation, a model, a feedback answer),
-- the article's own timeline (the news version stamp), and the articles in
-- the search index as kind 5 (rowid 5 * 2^40 + id). Rules: app/article.h,
-- docs/news.md.

-- status: draft (officers only) -> published (publish_at <= now) or
-- scheduled (publish_at later: public from publish_at on) -> unpublished.
-- The public sees status IN ('published','scheduled') AND publish_at <= now.
CREATE TABLE articles (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 120),
	title TEXT NOT NULL,
	lead TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL DEFAULT '',
	unit_id INTEGER NOT NULL REFERENCES units(id),
	author_id INTEGER REFERENCES accounts(id),
	status TEXT NOT NULL DEFAULT 'draft'
		CHECK (status IN ('draft', 'scheduled', 'published', 'unpublished')),
	publish_at INTEGER,
	image_id INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX articles_public ON articles(publish_at DESC, id DESC) WHERE status IN ('published', 'scheduled');
CREATE INDEX articles_unit ON articles(unit_id, publish_at DESC);
-- the news stamp counts the scheduled articles that have come due (store/article.h)
CREATE INDEX articles_status ON articles(status, publish_at);

-- Slugs an article answered to before a change of title: 301 to the current one.
CREATE TABLE article_old_slugs (
	slug TEXT PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);

CREATE TABLE tags (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL
);

CREATE TABLE article_tags (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	tag_id INTEGER NOT NULL REFERENCES tags(id),
	PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags(tag_id, article_id);

-- Related articles an editor pinned, first in "Có thể bạn quan tâm".
CREATE TABLE article_pins (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	related_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	PRIMARY KEY (article_id, related_id),
	CHECK (article_id <> related_id)
);

-- Đính chính: every change to a published article, with what was wrong.
CREATE TABLE article_corrections (
	id INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	author_id INTEGER REFERENCES accounts(id),
	note TEXT NOT NULL,
	old_title TEXT,
	old_lead TEXT,
	old_body TEXT
);
CREATE INDEX article_corrections_article ON article_corrections(article_id, id);

-- Images of articles, stored as uploaded; mime typed from the bytes.
CREATE TABLE article_images (
	id INTEGER PRIMARY KEY,
	article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	mime TEXT NOT NULL,
	width INTEGER NOT NULL CHECK (width > 0),
	height INTEGER NOT NULL CHECK (height > 0),
	alt TEXT NOT NULL DEFAULT '',
	size INTEGER NOT NULL,
	data BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES accounts(id)
);

-- An article's links to danvan records, by kind and the record's public id
-- (feedback: its code; the others: their id as text).
CREATE TABLE article_links (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('meeting', 'consultation', 'model', 'feedback')),
	ref TEXT NOT NULL CHECK (length(ref) BETWEEN 1 AND 64),
	PRIMARY KEY (article_id, kind, ref)
);
CREATE INDEX article_links_record ON article_links(kind, ref);

-- Every write to an article: its id is the news version stamp (store/article.h).
CREATE TABLE article_events (
	id INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	type TEXT NOT NULL,
	actor_id INTEGER
);
CREATE INDEX article_events_article ON article_events(article_id, id);

-- The search index: kind 5. Articles are few, so the triggers index them in
-- the writing transaction (no queue). tags: vpub when public at some time
-- (published or scheduled), s<status>, u<unit>.
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
	SELECT 5497558138880 + a.id, vn_fold(a.title), vn_fold(a.lead || ' ' || a.body), NULL, NULL,
	       CASE WHEN a.status IN ('published', 'scheduled') THEN 'vpub ' ELSE '' END
	       || 's' || a.status || ' u' || a.unit_id
	FROM articles a;

CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
	INSERT INTO search_fts(rowid, title, body, place, internal, tags)
	VALUES (5497558138880 + NEW.id, vn_fold(NEW.title), vn_fold(NEW.lead || ' ' || NEW.body), NULL, NULL,
		CASE WHEN NEW.status IN ('published', 'scheduled') THEN 'vpub ' ELSE '' END
		|| 's' || NEW.status || ' u' || NEW.unit_id);
END;

CREATE TRIGGER article_search_update AFTER UPDATE OF title, lead, body, status, unit_id ON articles
WHEN OLD.title IS NOT NEW.title OR OLD.lead IS NOT NEW.lead OR OLD.body IS NOT NEW.body
	OR OLD.status IS NOT NEW.status OR OLD.unit_id IS NOT NEW.unit_id
BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, tags)
	VALUES ('delete', 5497558138880 + OLD.id, vn_fold(OLD.title), vn_fold(OLD.lead || ' ' || OLD.body), NULL, NULL,
		CASE WHEN OLD.status IN ('published', 'scheduled') THEN 'vpub ' ELSE '' END
		|| 's' || OLD.status || ' u' || OLD.unit_id);
	INSERT INTO search_fts(rowid, title, body, place, internal, tags)
	VALUES (5497558138880 + NEW.id, vn_fold(NEW.title), vn_fold(NEW.lead || ' ' || NEW.body), NULL, NULL,
		CASE WHEN NEW.status IN ('published', 'scheduled') THEN 'vpub ' ELSE '' END
		|| 's' || NEW.status || ' u' || NEW.unit_id);
END;

CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, tags)
	VALUES ('delete', 5497558138880 + OLD.id, vn_fold(OLD.title), vn_fold(OLD.lead || ' ' || OLD.body), NULL, NULL,
		CASE WHEN OLD.status IN ('published', 'scheduled') THEN 'vpub ' ELSE '' END
		|| 's' || OLD.status || ' u' || OLD.unit_id);
END;
