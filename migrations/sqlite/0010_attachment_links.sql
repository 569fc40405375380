-- 0010_attachment_links.sql - every use of a stored file by an item gets
-- its own id. Clients named a file by the id of its stored bytes, which are
-- shared by every item holding the same bytes (content deduplication), so
-- sending known bytes and reading the id back told whether they were stored
-- already. Now a file is (item, link id); the bytes' id and their content
-- hash never leave the server (store/attachment.h). The old key (item,
-- bytes) stays unique: an item holds given bytes at most once.
CREATE TABLE feedback_files (
	id INTEGER PRIMARY KEY,
	feedback_id INTEGER NOT NULL REFERENCES feedback(id),
	attachment_id INTEGER NOT NULL REFERENCES attachments(id),
	filename TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
	kind TEXT NOT NULL CHECK (kind IN ('submission', 'evidence')),
	added_at INTEGER NOT NULL,
	added_by INTEGER REFERENCES accounts(id),
	UNIQUE (feedback_id, attachment_id)
);
INSERT INTO feedback_files(feedback_id, attachment_id, filename, kind, added_at, added_by)
	SELECT feedback_id, attachment_id, filename, kind, added_at, added_by FROM feedback_attachments
	ORDER BY added_at, feedback_id, attachment_id;
DROP TABLE feedback_attachments;
ALTER TABLE feedback_files RENAME TO feedback_attachments;
CREATE INDEX feedback_attachments_attachment ON feedback_attachments(attachment_id);
