-- 0016_meetings.sql - contact and dialogue: voter contact meetings (tiếp xúc
-- cử tri), dialogues (đối thoại), citizen reception sessions (tiếp công
-- dân), conferences; their timeline; the petitions raised there (ordinary
-- feedback items that point back to the meeting); reception bookings with
-- their booker's personal data kept apart; the rules that generate
-- reception sessions; and the legal rules of every domain as
-- effective-dated data (legal_rules), read by app/ with the day a rule
-- applies to. Time is integer UTC seconds, days are day numbers (days since
-- 1970-01-01, Vietnam local), as everywhere. The rules of use are in
-- app/meeting.h, app/reception.h and docs/meetings.md.

-- The legal rules, one row per rule and period of validity. key names the
-- rule ("dialogue.notice"); amount and unit say how much ("7 calendar_day",
-- "2 per_month"); valid_from/valid_to are day numbers, both inclusive
-- (valid_to NULL: still in force). A decree that changes a rule closes its
-- row and adds one; no release is needed. Rows of one key never overlap.
CREATE TABLE legal_rules (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 64 AND key NOT GLOB '*[^a-z0-9._]*'),
	amount INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 1000000),
	unit TEXT NOT NULL CHECK (unit IN ('working_day', 'calendar_day', 'per_week', 'per_month',
					   'per_year', 'people', 'percent')),
	valid_from INTEGER NOT NULL,
	valid_to INTEGER,
	legal_basis TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	CHECK (valid_to IS NULL OR valid_to >= valid_from),
	UNIQUE (key, valid_from)
);
-- Day numbers: 16252 = 2014-07-01 (Law 42/2013 on citizen reception in
-- force), 19539 = 2023-07-01 (Law 10/2022 on grassroots democracy),
-- 20270 = 2025-07-01 (two-level local government; NQLT 72/2025),
-- 20634 = 2026-06-30, 20635 = 2026-07-01 (Law 136/2025 on citizen reception).
INSERT INTO legal_rules(key, amount, unit, valid_from, valid_to, legal_basis, note) VALUES
	('voter_contact.notice', 7, 'working_day', 20270, NULL, 'NQLT 72/2025',
	 'Kế hoạch tiếp xúc cử tri được công bố trước ít nhất 7 ngày làm việc'),
	('dialogue.notice', 7, 'calendar_day', 19539, NULL, 'Luật 10/2022/QH15, Điều 32',
	 'Thông báo đối thoại trước ít nhất 7 ngày'),
	('dialogue.results', 10, 'calendar_day', 19539, NULL, 'Luật 10/2022/QH15, Điều 32',
	 'Công khai kết quả đối thoại trong 10 ngày'),
	('dialogue.per_year', 1, 'per_year', 19539, NULL, 'Luật 10/2022/QH15, Điều 32; Luật Tổ chức chính quyền địa phương 2025, Điều 43',
	 'Mỗi năm ít nhất một cuộc đối thoại với Nhân dân'),
	('reception.chair_days', 1, 'per_week', 16252, 20634, 'Luật Tiếp công dân 42/2013/QH13, Điều 15',
	 'Chủ tịch UBND cấp xã tiếp công dân ít nhất 1 ngày trong tuần'),
	('reception.chair_days', 2, 'per_month', 20635, NULL, 'Luật 136/2025/QH15',
	 'Chủ tịch UBND cấp xã tiếp công dân ít nhất 2 ngày trong tháng'),
	('reception.refusal_notice', 3, 'working_day', 16252, NULL, 'Luật Tiếp công dân 42/2013/QH13',
	 'Thông báo từ chối tiếp trong 3 ngày làm việc'),
	('reception.answer', 10, 'working_day', 16252, NULL, 'Luật Tiếp công dân 42/2013/QH13, Điều 27-28',
	 'Trả lời nội dung tiếp nhận trong 10 ngày làm việc'),
	('reception.forward_notice', 7, 'working_day', 16252, NULL, 'Luật Tiếp công dân 42/2013/QH13, Điều 28',
	 'Thông báo việc chuyển đơn trong 7 ngày làm việc'),
	('reception.group_min', 5, 'people', 16252, NULL, 'Luật Tiếp công dân 42/2013/QH13, Điều 30',
	 'Nhóm từ 5 người trở lên cử người đại diện'),
	('reception.group_reps_small', 2, 'people', 16252, NULL, 'Luật Tiếp công dân 42/2013/QH13, Điều 30',
	 'Nhóm 5-10 người cử 1-2 người đại diện'),
	('reception.group_large', 10, 'people', 16252, NULL, 'Luật Tiếp công dân 42/2013/QH13, Điều 30',
	 'Nhóm trên 10 người'),
	('reception.group_reps_large', 5, 'people', 16252, NULL, 'Luật Tiếp công dân 42/2013/QH13, Điều 30',
	 'Nhóm trên 10 người cử không quá 5 người đại diện'),
	('consultation.min_open', 20, 'calendar_day', 19539, NULL, 'Luật 10/2022/QH15, Điều 28(2)',
	 'Dự thảo lấy ý kiến Nhân dân ít nhất 20 ngày');

-- A meeting. status: planned -> held (attendance) -> closed (minutes
-- approved by a leader); cancelled. A postponed meeting stays planned with
-- its new time; postponed_from keeps the first announced start and
-- postpone_reason the latest reason, so the public page can say so.
-- announced_at is when it was first made public (the legal notice periods
-- count from it). hosts is a JSON array of names (leaders and deputies:
-- public office holders, not personal data). booked counts the people of
-- live reception bookings; the CHECK makes the database itself refuse an
-- overbooking, so two citizens racing for the last place cannot both win.
-- search_key is the folded title, place and hosts (core/vntext.h).
CREATE TABLE meetings (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('voter_contact', 'dialogue', 'reception', 'conference')),
	title TEXT NOT NULL CHECK (length(title) > 0),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	starts_at INTEGER NOT NULL,
	ends_at INTEGER NOT NULL,
	place TEXT NOT NULL DEFAULT '',
	online_url TEXT,
	hosts TEXT NOT NULL DEFAULT '[]',
	public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
	capacity INTEGER CHECK (capacity IS NULL OR capacity BETWEEN 1 AND 100000),
	booked INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0),
	status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'closed', 'cancelled')),
	attendance INTEGER CHECK (attendance IS NULL OR attendance >= 0),
	postponed_from INTEGER,
	postpone_reason TEXT,
	cancel_reason TEXT,
	minutes_text TEXT,
	minutes_by INTEGER REFERENCES accounts(id),
	minutes_at INTEGER,
	minutes_approved_by INTEGER REFERENCES accounts(id),
	minutes_approved_at INTEGER,
	results_published_at INTEGER,
	rule_id INTEGER,
	announced_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES accounts(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	search_key TEXT NOT NULL DEFAULT '',
	CHECK (ends_at > starts_at),
	CHECK (capacity IS NULL OR booked <= capacity),
	CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL)),
	CHECK (status <> 'closed' OR minutes_approved_at IS NOT NULL)
);
-- the schedule: by unit and time, and all public ones by time
CREATE INDEX meetings_unit ON meetings(unit_id, starts_at);
CREATE INDEX meetings_time ON meetings(starts_at, id);

-- The timeline of a meeting, as feedback_events is for an item.
CREATE TABLE meeting_events (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meetings(id),
	at INTEGER NOT NULL,
	type TEXT NOT NULL
		CHECK (type IN ('create', 'hold', 'minutes', 'approve_minutes', 'postpone', 'cancel',
				'publish_results', 'petition', 'edit', 'attach')),
	actor_id INTEGER REFERENCES accounts(id),
	public INTEGER NOT NULL CHECK (public IN (0, 1)),
	status_before TEXT NOT NULL,
	status_after TEXT NOT NULL,
	text TEXT,
	extra TEXT
);
CREATE INDEX meeting_events_meeting ON meeting_events(meeting_id, id);

-- Reception rules: "the chairman receives on the 2nd and 4th Thursday of
-- each month, 8:00-11:00". weekday 1 = Monday .. 7 = Sunday; weeks is a
-- bit set of the weeks of the month (bit 0 = first .. bit 4 = fifth;
-- 31 = every week); minutes are local time (Asia/Ho_Chi_Minh) from
-- midnight. Generated sessions are meetings of kind 'reception' with
-- rule_id set; days off in the calendar are skipped.
CREATE TABLE reception_rules (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	host TEXT NOT NULL CHECK (length(host) > 0),
	weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
	weeks INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 31),
	start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
	end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
	place TEXT NOT NULL DEFAULT '',
	capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
	created_by INTEGER REFERENCES accounts(id),
	created_at INTEGER NOT NULL,
	CHECK (end_minute > start_minute)
);

-- A citizen's booking of a place at a reception session. code and the
-- hashed secret work as a feedback item's do (app/trackcode.h). people is
-- the size of the group; status: requested -> confirmed | refused (reason)
-- -> held | no_show; cancelled by the citizen (or an officer) before the
-- session. The booker's personal data is in reception_booking_contacts.
CREATE TABLE reception_bookings (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE CHECK (length(code) = 9),
	secret_hash BLOB NOT NULL CHECK (length(secret_hash) = 32),
	meeting_id INTEGER NOT NULL REFERENCES meetings(id),
	subject TEXT NOT NULL CHECK (length(subject) > 0),
	people INTEGER NOT NULL DEFAULT 1 CHECK (people BETWEEN 1 AND 1000),
	status TEXT NOT NULL DEFAULT 'requested'
		CHECK (status IN ('requested', 'confirmed', 'refused', 'held', 'no_show', 'cancelled')),
	reason TEXT,
	decided_by INTEGER REFERENCES accounts(id),
	decided_at INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (status <> 'refused' OR reason IS NOT NULL)
);
CREATE INDEX reception_bookings_meeting ON reception_bookings(meeting_id, id);

-- Personal data of the booker, only for officers of the session's unit
-- (every read audited as "view_contact"). representatives is a JSON array
-- of names when the group is large enough to need them.
CREATE TABLE reception_booking_contacts (
	booking_id INTEGER PRIMARY KEY REFERENCES reception_bookings(id),
	name TEXT NOT NULL CHECK (length(name) > 0),
	phone TEXT NOT NULL CHECK (length(phone) > 0),
	representatives TEXT
);

-- Petitions: a feedback item raised at a meeting points back to it (and,
-- from a reception, to the booking). The item is otherwise an ordinary
-- item; the speaker's name and phone are its sender contact.
ALTER TABLE feedback ADD COLUMN meeting_id INTEGER REFERENCES meetings(id);
ALTER TABLE feedback ADD COLUMN booking_id INTEGER REFERENCES reception_bookings(id);
CREATE INDEX feedback_meeting ON feedback(meeting_id, id) WHERE meeting_id IS NOT NULL;
CREATE INDEX feedback_booking ON feedback(booking_id) WHERE booking_id IS NOT NULL;
