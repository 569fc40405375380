-- 0003_feedback.sql - citizens' feedback and petitions (phản ánh, kiến nghị):
-- categories with their legal deadlines, the items, their senders' contact
-- data (a table of its own so that it is never selected by accident), the
-- timeline, structured answers, content-addressed attachments, and the
-- announced working-day calendar. Time is integer UTC seconds; days are day
-- numbers (days since 1970-01-01, Vietnam local). Coordinates are integer
-- micro-degrees, so both engines store them exactly. The rules are in
-- app/fbstate.h, app/feedback.h and docs/feedback.md.

-- The taxonomy. A deadline is (amount, unit, legal basis): the due date of an
-- item is computed from it when the item is received.
CREATE TABLE categories (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE
		CHECK (length(code) BETWEEN 1 AND 40 AND code NOT GLOB '*[^a-z0-9-]*'),
	name TEXT NOT NULL CHECK (length(name) > 0),
	deadline_amount INTEGER NOT NULL CHECK (deadline_amount BETWEEN 1 AND 365),
	deadline_unit TEXT NOT NULL
		CHECK (deadline_unit IN ('working_day', 'calendar_day', 'working_hour')),
	legal_basis TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	sort INTEGER NOT NULL DEFAULT 0
);

-- One item. `code` is the tracking code ("7KQ4-M2XD", app/trackcode.h);
-- secret_hash is the keyed BLAKE2b-256 of the sender's secret. unit_id is the
-- handling unit (NULL until assigned); intake_unit_id is the unit whose
-- intake desk received it (the unit named by the sender or the officer who
-- recorded it, else the root of the tree), which decides who may see and
-- assign a received item. public_title/public_body replace title/body on
-- public pages once an item has been redacted. search_key is the folded
-- title, body and place (core/vntext.h) for accent-insensitive search.
CREATE TABLE feedback (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE CHECK (length(code) = 9),
	secret_hash BLOB NOT NULL CHECK (length(secret_hash) = 32),
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	category_id INTEGER NOT NULL REFERENCES categories(id),
	place TEXT,
	lat_e6 INTEGER CHECK (lat_e6 BETWEEN -90000000 AND 90000000),
	lon_e6 INTEGER CHECK (lon_e6 BETWEEN -180000000 AND 180000000),
	public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
	channel TEXT NOT NULL
		CHECK (channel IN ('web', 'api', 'voter_meeting', 'dialogue', 'in_person', 'hotline', 'front')),
	status TEXT NOT NULL DEFAULT 'received'
		CHECK (status IN ('received', 'assigned', 'answered', 'published', 'closed', 'rejected', 'merged')),
	intake_unit_id INTEGER REFERENCES units(id),
	unit_id INTEGER REFERENCES units(id),
	received_at INTEGER NOT NULL,
	due_at INTEGER,
	due_extended INTEGER NOT NULL DEFAULT 0 CHECK (due_extended IN (0, 1)),
	answered_at INTEGER,
	published_at INTEGER,
	closed_at INTEGER,
	merged_into_id INTEGER REFERENCES feedback(id),
	created_by INTEGER REFERENCES accounts(id),
	public_title TEXT,
	public_body TEXT,
	rating INTEGER CHECK (rating BETWEEN 1 AND 5),
	rating_comment TEXT,
	rated_at INTEGER,
	search_key TEXT NOT NULL DEFAULT '',
	updated_at INTEGER NOT NULL,
	CHECK ((status = 'merged') = (merged_into_id IS NOT NULL)),
	CHECK (status IN ('received', 'rejected', 'merged') OR unit_id IS NOT NULL),
	CHECK ((rating IS NULL) = (rated_at IS NULL))
);
-- The officer inbox is always scoped to the units an account reaches: by the
-- handling unit, or the intake desk while unassigned (the expression below is
-- the one app queries use), then by status and due date. Few indexes on
-- purpose: every one is written by each submission, and submissions are the
-- hot path (group commit, app/submit.h).
CREATE INDEX feedback_scope ON feedback(coalesce(unit_id, intake_unit_id), status, due_at);
-- what an officer recorded (the inbox also lists those), and merge chains
CREATE INDEX feedback_created_by ON feedback(created_by) WHERE created_by IS NOT NULL;
CREATE INDEX feedback_merged_into ON feedback(merged_into_id) WHERE merged_into_id IS NOT NULL;
-- The public list: published public items, newest answer first. Partial, so
-- new submissions do not touch it.
CREATE INDEX feedback_public_list ON feedback(published_at, id)
	WHERE public = 1 AND status IN ('published', 'closed');

-- Personal data of the sender, only for officers of the handling unit (every
-- read is audited as "view_contact"). At least one field is present.
CREATE TABLE feedback_contacts (
	feedback_id INTEGER PRIMARY KEY REFERENCES feedback(id),
	name TEXT,
	phone TEXT,
	email TEXT,
	CHECK (name IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL)
);

-- The timeline. `public` events are shown to the sender and on public pages;
-- notes and drafts are internal. extra is a small JSON object (the unit
-- moved from, the new due date...).
CREATE TABLE feedback_events (
	id INTEGER PRIMARY KEY,
	feedback_id INTEGER NOT NULL REFERENCES feedback(id),
	at INTEGER NOT NULL,
	type TEXT NOT NULL
		CHECK (type IN ('submit', 'assign', 'transfer', 'reject', 'note', 'answer', 'publish',
				'extend', 'merge', 'reopen', 'close', 'redact', 'rate', 'attach')),
	actor_id INTEGER REFERENCES accounts(id),
	unit_id INTEGER REFERENCES units(id),
	public INTEGER NOT NULL CHECK (public IN (0, 1)),
	status_before TEXT NOT NULL,
	status_after TEXT NOT NULL,
	text TEXT,
	extra TEXT
);
CREATE INDEX feedback_events_item ON feedback_events(feedback_id, id);

-- Answers: each `answer` event stores a draft; `publish` stamps the latest
-- draft approved_by/published_at. The public view shows the latest published
-- answer. result is the outcome: resolved (đã giải quyết), partly_resolved
-- (giải quyết một phần), explained (giải thích, trả lời), referred (hướng dẫn
-- gửi cơ quan có thẩm quyền).
CREATE TABLE feedback_answers (
	id INTEGER PRIMARY KEY,
	feedback_id INTEGER NOT NULL REFERENCES feedback(id),
	unit_id INTEGER REFERENCES units(id),
	result TEXT NOT NULL CHECK (result IN ('resolved', 'partly_resolved', 'explained', 'referred')),
	basis TEXT,
	next_steps TEXT,
	text TEXT NOT NULL,
	drafted_by INTEGER REFERENCES accounts(id),
	drafted_at INTEGER NOT NULL,
	approved_by INTEGER REFERENCES accounts(id),
	published_at INTEGER
);
CREATE INDEX feedback_answers_item ON feedback_answers(feedback_id, id);

-- Files, stored once per content: hash is the hex BLAKE2b-256 of the bytes;
-- mime is detected from the bytes (store/attachment.h), never from the name.
CREATE TABLE attachments (
	id INTEGER PRIMARY KEY,
	hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
	size INTEGER NOT NULL CHECK (size > 0),
	mime TEXT NOT NULL
		CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf')),
	bytes BLOB NOT NULL,
	created_at INTEGER NOT NULL
);

-- Which item shows which file under which name: `submission` files came
-- with the item (visible as the item is), `evidence` files were added by
-- officers (internal).
CREATE TABLE feedback_attachments (
	feedback_id INTEGER NOT NULL REFERENCES feedback(id),
	attachment_id INTEGER NOT NULL REFERENCES attachments(id),
	filename TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
	kind TEXT NOT NULL CHECK (kind IN ('submission', 'evidence')),
	added_at INTEGER NOT NULL,
	added_by INTEGER REFERENCES accounts(id),
	PRIMARY KEY (feedback_id, attachment_id)
);
CREATE INDEX feedback_attachments_attachment ON feedback_attachments(attachment_id);

-- Announced days of a year (the government's notice on Tết, National Day,
-- compensatory days and swapped working Saturdays). A year with at least one
-- row is "announced": its computed holidays are replaced by these rows
-- (core/calendar.h).
CREATE TABLE calendar_days (
	day INTEGER PRIMARY KEY,
	year INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('day_off', 'working')),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
);
CREATE INDEX calendar_days_year ON calendar_days(year, day);
