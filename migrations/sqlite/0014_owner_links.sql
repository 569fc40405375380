-- 0014_owner_links.sql - files and answers belong to (owner_kind, owner_id)
-- rather than to a feedback item, so that the next domains (consultation
-- replies, meetings, news) reuse store/attachment.h and store/answer.h.
-- owner_kind names the domain ('feedback'); there is no foreign key to the
-- owner (it differs by kind): the app layer loads the owner in the same
-- transaction before it links to it. Existing rows are copied with their
-- ids, so the public link ids of downloads (/phan-anh/{code}/tep/{id})
-- stay the same. feedback_attachments and feedback_answers stay as views of
-- the feedback rows, for operators' queries; danvan itself uses the tables.
CREATE TABLE attachment_links (
	id INTEGER PRIMARY KEY,
	owner_kind TEXT NOT NULL CHECK (length(owner_kind) BETWEEN 1 AND 32),
	owner_id INTEGER NOT NULL,
	attachment_id INTEGER NOT NULL REFERENCES attachments(id),
	filename TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
	kind TEXT NOT NULL CHECK (kind IN ('submission', 'evidence')),
	added_at INTEGER NOT NULL,
	added_by INTEGER REFERENCES accounts(id),
	UNIQUE (owner_kind, owner_id, attachment_id)
);
INSERT INTO attachment_links(id, owner_kind, owner_id, attachment_id, filename, kind, added_at, added_by)
	SELECT id, 'feedback', feedback_id, attachment_id, filename, kind, added_at, added_by
	FROM feedback_attachments ORDER BY id;
DROP TABLE feedback_attachments;
CREATE INDEX attachment_links_attachment ON attachment_links(attachment_id);
CREATE VIEW feedback_attachments AS
	SELECT id, owner_id AS feedback_id, attachment_id, filename, kind, added_at, added_by
	FROM attachment_links WHERE owner_kind = 'feedback';
CREATE TRIGGER feedback_attachments_delete INSTEAD OF DELETE ON feedback_attachments
BEGIN
	DELETE FROM attachment_links WHERE id = OLD.id;
END;

-- Structured answers: a draft, then approved and published. result is the
-- domain's outcome name; feedback's four are checked here.
CREATE TABLE answers (
	id INTEGER PRIMARY KEY,
	owner_kind TEXT NOT NULL CHECK (length(owner_kind) BETWEEN 1 AND 32),
	owner_id INTEGER NOT NULL,
	unit_id INTEGER REFERENCES units(id),
	result TEXT NOT NULL CHECK (length(result) BETWEEN 1 AND 32 AND (owner_kind <> 'feedback' OR
		result IN ('resolved', 'partly_resolved', 'explained', 'referred'))),
	basis TEXT,
	next_steps TEXT,
	text TEXT NOT NULL,
	drafted_by INTEGER REFERENCES accounts(id),
	drafted_at INTEGER NOT NULL,
	approved_by INTEGER REFERENCES accounts(id),
	published_at INTEGER
);
INSERT INTO answers(id, owner_kind, owner_id, unit_id, result, basis, next_steps, text, drafted_by,
		    drafted_at, approved_by, published_at)
	SELECT id, 'feedback', feedback_id, unit_id, result, basis, next_steps, text, drafted_by,
	       drafted_at, approved_by, published_at
	FROM feedback_answers ORDER BY id;
DROP TABLE feedback_answers;
CREATE INDEX answers_owner ON answers(owner_kind, owner_id, id);
CREATE VIEW feedback_answers AS
	SELECT id, owner_id AS feedback_id, unit_id, result, basis, next_steps, text, drafted_by,
	       drafted_at, approved_by, published_at
	FROM answers WHERE owner_kind = 'feedback';
CREATE TRIGGER feedback_answers_delete INSTEAD OF DELETE ON feedback_answers
BEGIN
	DELETE FROM answers WHERE id = OLD.id;
END;
