-- 0020_consultations.sql - consultations on drafts (góp ý dự thảo): the
-- draft and its versions, its parts with stable ids (a part keeps its id
-- in a new version while its label survives), comments by citizens,
-- organisations and officers recording conferences and letters, the
-- commenters' contact data kept apart (never public), the drafting unit's
-- reply to each comment, and the published report. Time is integer UTC
-- seconds. Rules of use: app/consultation.h, docs/consultations.md.

-- The kinds of consultation and the legal rule (legal_rules.key) that
-- gives each kind its minimum open period, read for the opening day.
CREATE TABLE consultation_kinds (
	code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
	name TEXT NOT NULL,
	rule_key TEXT NOT NULL
);
INSERT INTO consultation_kinds(code, name, rule_key) VALUES
	('community', 'Dự thảo lấy ý kiến Nhân dân', 'consultation.min_open');

-- A consultation. Its status follows from the clock and one event:
-- upcoming (before opens_at) -> open -> closed (from closes_at) -> report
-- published (report_published_at). version is the current version's number.
-- audience 'invited': only the units of consultation_invited comment.
-- search_key is the folded title and summary (core/vntext.h).
CREATE TABLE consultations (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	kind TEXT NOT NULL DEFAULT 'community' REFERENCES consultation_kinds(code),
	title TEXT NOT NULL CHECK (length(title) > 0),
	summary TEXT NOT NULL DEFAULT '',
	audience TEXT NOT NULL DEFAULT 'public' CHECK (audience IN ('public', 'invited')),
	opens_at INTEGER NOT NULL,
	closes_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	report_published_at INTEGER,
	report_published_by INTEGER REFERENCES accounts(id),
	sent_to_front_at INTEGER,
	sent_to_front_by INTEGER REFERENCES accounts(id),
	created_by INTEGER REFERENCES accounts(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	search_key TEXT NOT NULL DEFAULT '',
	CHECK (closes_at > opens_at),
	CHECK (sent_to_front_at IS NULL OR report_published_at IS NOT NULL)
);
CREATE INDEX consultations_unit ON consultations(unit_id);
CREATE INDEX consultations_closes ON consultations(closes_at);

CREATE TABLE consultation_invited (
	consultation_id INTEGER NOT NULL REFERENCES consultations(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	PRIMARY KEY (consultation_id, unit_id)
);

-- Every version's whole text as it was given.
CREATE TABLE consultation_versions (
	id INTEGER PRIMARY KEY,
	consultation_id INTEGER NOT NULL REFERENCES consultations(id),
	number INTEGER NOT NULL CHECK (number >= 1),
	text TEXT NOT NULL,
	created_by INTEGER REFERENCES accounts(id),
	created_at INTEGER NOT NULL,
	UNIQUE (consultation_id, number)
);

-- A part, identified by its label within its consultation (its id is
-- what comments and replies point at); its text per version below. A
-- part absent from a version keeps its row (its comments stay).
CREATE TABLE consultation_parts (
	id INTEGER PRIMARY KEY,
	consultation_id INTEGER NOT NULL REFERENCES consultations(id),
	label TEXT NOT NULL CHECK (length(label) > 0),
	UNIQUE (consultation_id, label)
);

CREATE TABLE consultation_part_texts (
	version_id INTEGER NOT NULL REFERENCES consultation_versions(id),
	part_id INTEGER NOT NULL REFERENCES consultation_parts(id),
	position INTEGER NOT NULL,
	level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 5),
	text TEXT NOT NULL,
	PRIMARY KEY (version_id, part_id)
);

-- A comment on the whole draft (part_id NULL) or on one part, made on
-- version `version`. name is what the commenter gave (personal data:
-- public only when show_name); org_unit_id, when set, is the organisation
-- in whose name an officer commented. channel: web and api (typed by the
-- commenter), conference, writing, letter (recorded by an officer,
-- recorded_by). group_id: answered by the reply of that comment (a
-- near-duplicate). A hidden comment (hidden_reason) stays in the register.
CREATE TABLE consultation_comments (
	id INTEGER PRIMARY KEY,
	consultation_id INTEGER NOT NULL REFERENCES consultations(id),
	part_id INTEGER REFERENCES consultation_parts(id),
	version INTEGER NOT NULL,
	text TEXT NOT NULL CHECK (length(text) > 0),
	name TEXT,
	show_name INTEGER NOT NULL DEFAULT 0 CHECK (show_name IN (0, 1)),
	org_unit_id INTEGER REFERENCES units(id),
	channel TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'api', 'conference', 'writing', 'letter')),
	recorded_by INTEGER REFERENCES accounts(id),
	group_id INTEGER REFERENCES consultation_comments(id),
	hidden_reason TEXT,
	hidden_by INTEGER REFERENCES accounts(id),
	hidden_at INTEGER,
	created_at INTEGER NOT NULL,
	CHECK (group_id IS NULL OR group_id <> id)
);
CREATE INDEX consultation_comments_of ON consultation_comments(consultation_id, id);

-- The commenter's contact, as given (JSON object text): never public.
CREATE TABLE consultation_comment_contacts (
	comment_id INTEGER PRIMARY KEY REFERENCES consultation_comments(id),
	contact TEXT NOT NULL
);

-- The drafting unit's reply to a comment (tiếp thu, giải trình).
CREATE TABLE consultation_replies (
	comment_id INTEGER PRIMARY KEY REFERENCES consultation_comments(id),
	decision TEXT NOT NULL CHECK (decision IN ('accepted', 'partly_accepted', 'noted', 'not_accepted')),
	text TEXT NOT NULL DEFAULT '',
	part_id INTEGER REFERENCES consultation_parts(id),
	replied_by INTEGER REFERENCES accounts(id),
	replied_at INTEGER NOT NULL,
	CHECK (decision <> 'not_accepted' OR length(text) > 0)
);

-- Search (docs/search.md): consultations are kind 3 of the one index,
-- rowid = 3 * 2^40 + id, title and summary folded, public to everyone
-- (tag vpub). The view gains their branch; triggers keep the index in
-- step in the same transaction (consultations are few: no queue).
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
	SELECT 3298534883328 + c.id, vn_fold(c.title), vn_fold(c.summary), NULL, NULL, 'vpub'
	FROM consultations c;

CREATE TRIGGER consultation_search_insert AFTER INSERT ON consultations BEGIN
	INSERT INTO search_fts(rowid, title, body, place, internal, tags)
	VALUES (3298534883328 + NEW.id, vn_fold(NEW.title), vn_fold(NEW.summary), NULL, NULL, 'vpub');
END;

CREATE TRIGGER consultation_search_update AFTER UPDATE OF title, summary ON consultations
WHEN OLD.title IS NOT NEW.title OR OLD.summary IS NOT NEW.summary
BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, tags)
	VALUES ('delete', 3298534883328 + OLD.id, vn_fold(OLD.title), vn_fold(OLD.summary), NULL, NULL, 'vpub');
	INSERT INTO search_fts(rowid, title, body, place, internal, tags)
	VALUES (3298534883328 + NEW.id, vn_fold(NEW.title), vn_fold(NEW.summary), NULL, NULL, 'vpub');
END;

CREATE TRIGGER consultation_search_delete AFTER DELETE ON consultations BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, tags)
	VALUES ('delete', 3298534883328 + OLD.id, vn_fold(OLD.title), vn_fold(OLD.summary), NULL, NULL, 'vpub');
END;
