-- 0022_emulation.sql - emulation and commendation (thi đua, khen thưởng):
-- the titles and forms of commendation and the base salary as
-- effective-dated data, the eligibility rules of the forms, criteria sets
-- (the 11 common criteria of "Dân vận khéo" as the default rubric),
-- movements with their criteria, participating units and council, models
-- and exemplars with their timeline and the council's scores, and
-- commendations with their timeline and certificate codes. Days are day
-- numbers (days since 1970-01-01, Vietnam local), times UTC seconds.
-- Multipliers and weights are integers in thousandths (0.3 -> 300). The
-- rules of use are in app/emulation.h and docs/emulation.md.

-- The titles and forms, one row per form and period of validity (both
-- ends inclusive; effective_to NULL: still in force). A decree that
-- changes a form closes its row and adds one (app/emulation.h
-- emul_form_add); rows of one code never overlap. recipient_factor_milli
-- is the × 2 of a collective and × 1.5 of a household for the awards (a
-- collective's title has its own multiplier). posting_days: the public
-- notice before approval (0: none), counted in posting_unit.
CREATE TABLE commendation_forms (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^a-z0-9_]*'),
	name TEXT NOT NULL CHECK (length(name) > 0),
	kind TEXT NOT NULL CHECK (kind IN ('title', 'award')),
	recipient TEXT NOT NULL CHECK (recipient IN ('individual', 'collective', 'household')),
	granted_by TEXT NOT NULL CHECK (granted_by IN ('commune', 'district', 'province', 'prime_minister',
						      'president')),
	multiplier_milli INTEGER NOT NULL CHECK (multiplier_milli BETWEEN 0 AND 1000000),
	recipient_factor_milli INTEGER NOT NULL DEFAULT 1000 CHECK (recipient_factor_milli BETWEEN 1 AND 10000),
	posting_days INTEGER NOT NULL DEFAULT 0 CHECK (posting_days BETWEEN 0 AND 100),
	posting_unit TEXT NOT NULL DEFAULT 'working_day' CHECK (posting_unit IN ('working_day', 'calendar_day')),
	effective_from INTEGER NOT NULL,
	effective_to INTEGER,
	legal_basis TEXT NOT NULL DEFAULT '',
	CHECK (effective_to IS NULL OR effective_to >= effective_from),
	UNIQUE (code, effective_from)
);
-- Day numbers: 19722 = 2023-12-31 (NĐ 98/2023 in force), 20269 =
-- 2025-06-30, 20270 = 2025-07-01 (NĐ 152/2025 replaces it).
INSERT INTO commendation_forms(code, name, kind, recipient, granted_by, multiplier_milli, recipient_factor_milli,
			       posting_days, posting_unit, effective_from, effective_to, legal_basis) VALUES
	('lao_dong_tien_tien', 'Lao động tiên tiến', 'title', 'individual', 'district', 300, 1000, 0, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('lao_dong_tien_tien', 'Lao động tiên tiến', 'title', 'individual', 'commune', 300, 1000, 0, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('chien_si_thi_dua_co_so', 'Chiến sĩ thi đua cơ sở', 'title', 'individual', 'district', 1000, 1000, 0, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('chien_si_thi_dua_co_so', 'Chiến sĩ thi đua cơ sở', 'title', 'individual', 'commune', 1000, 1000, 0, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('chien_si_thi_dua_tinh', 'Chiến sĩ thi đua cấp tỉnh', 'title', 'individual', 'province', 3000, 1000, 10, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('chien_si_thi_dua_tinh', 'Chiến sĩ thi đua cấp tỉnh', 'title', 'individual', 'province', 3000, 1000, 10, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('chien_si_thi_dua_toan_quoc', 'Chiến sĩ thi đua toàn quốc', 'title', 'individual', 'prime_minister', 4500, 1000, 10, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('chien_si_thi_dua_toan_quoc', 'Chiến sĩ thi đua toàn quốc', 'title', 'individual', 'prime_minister', 4500, 1000, 10, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('tap_the_lao_dong_tien_tien', 'Tập thể lao động tiên tiến', 'title', 'collective', 'district', 800, 1000, 0, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('tap_the_lao_dong_tien_tien', 'Tập thể lao động tiên tiến', 'title', 'collective', 'commune', 800, 1000, 0, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('tap_the_lao_dong_xuat_sac', 'Tập thể lao động xuất sắc', 'title', 'collective', 'province', 1500, 1000, 10, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('tap_the_lao_dong_xuat_sac', 'Tập thể lao động xuất sắc', 'title', 'collective', 'province', 1500, 1000, 10, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('co_thi_dua_tinh', 'Cờ thi đua cấp tỉnh', 'title', 'collective', 'province', 8000, 1000, 10, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('co_thi_dua_tinh', 'Cờ thi đua cấp tỉnh', 'title', 'collective', 'province', 8000, 1000, 10, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('co_thi_dua_chinh_phu', 'Cờ thi đua của Chính phủ', 'title', 'collective', 'prime_minister', 12000, 1000, 10, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('co_thi_dua_chinh_phu', 'Cờ thi đua của Chính phủ', 'title', 'collective', 'prime_minister', 12000, 1000, 10, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('xa_tieu_bieu', 'Xã tiêu biểu', 'title', 'collective', 'province', 2000, 1000, 10, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('xa_tieu_bieu', 'Xã tiêu biểu', 'title', 'collective', 'province', 2000, 1000, 10, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('thon_van_hoa', 'Thôn, tổ dân phố văn hóa', 'title', 'collective', 'district', 1500, 1000, 10, 'calendar_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('thon_van_hoa', 'Thôn, tổ dân phố văn hóa', 'title', 'collective', 'commune', 1500, 1000, 10, 'calendar_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('gia_dinh_van_hoa', 'Gia đình văn hóa', 'title', 'household', 'commune', 0, 1000, 10, 'calendar_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('gia_dinh_van_hoa', 'Gia đình văn hóa', 'title', 'household', 'commune', 0, 1000, 10, 'calendar_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('giay_khen', 'Giấy khen', 'award', 'individual', 'district', 150, 1000, 0, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('giay_khen', 'Giấy khen', 'award', 'individual', 'commune', 300, 1000, 0, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('giay_khen_tap_the', 'Giấy khen (tập thể)', 'award', 'collective', 'district', 150, 2000, 0, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('giay_khen_tap_the', 'Giấy khen (tập thể)', 'award', 'collective', 'commune', 300, 2000, 0, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('giay_khen_ho_gia_dinh', 'Giấy khen (hộ gia đình)', 'award', 'household', 'district', 150, 1500, 0, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('giay_khen_ho_gia_dinh', 'Giấy khen (hộ gia đình)', 'award', 'household', 'commune', 300, 1500, 0, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('bang_khen_tinh', 'Bằng khen của Chủ tịch UBND cấp tỉnh', 'award', 'individual', 'province', 1500, 1000, 10, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('bang_khen_tinh', 'Bằng khen của Chủ tịch UBND cấp tỉnh', 'award', 'individual', 'province', 1500, 1000, 10, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('bang_khen_tinh_tap_the', 'Bằng khen của Chủ tịch UBND cấp tỉnh (tập thể)', 'award', 'collective', 'province', 1500, 2000, 10, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('bang_khen_tinh_tap_the', 'Bằng khen của Chủ tịch UBND cấp tỉnh (tập thể)', 'award', 'collective', 'province', 1500, 2000, 10, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('bang_khen_tinh_ho_gia_dinh', 'Bằng khen của Chủ tịch UBND cấp tỉnh (hộ gia đình)', 'award', 'household', 'province', 1500, 1500, 10, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('bang_khen_tinh_ho_gia_dinh', 'Bằng khen của Chủ tịch UBND cấp tỉnh (hộ gia đình)', 'award', 'household', 'province', 1500, 1500, 10, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('bang_khen_thu_tuong', 'Bằng khen của Thủ tướng Chính phủ', 'award', 'individual', 'prime_minister', 3500, 1000, 10, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('bang_khen_thu_tuong', 'Bằng khen của Thủ tướng Chính phủ', 'award', 'individual', 'prime_minister', 3500, 1000, 10, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('bang_khen_thu_tuong_tap_the', 'Bằng khen của Thủ tướng Chính phủ (tập thể)', 'award', 'collective', 'prime_minister', 3500, 2000, 10, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('bang_khen_thu_tuong_tap_the', 'Bằng khen của Thủ tướng Chính phủ (tập thể)', 'award', 'collective', 'prime_minister', 3500, 2000, 10, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP'),
	('bang_khen_thu_tuong_ho_gia_dinh', 'Bằng khen của Thủ tướng Chính phủ (hộ gia đình)', 'award', 'household', 'prime_minister', 3500, 1500, 10, 'working_day', 19722, 20269, 'Nghị định 98/2023/NĐ-CP'),
	('bang_khen_thu_tuong_ho_gia_dinh', 'Bằng khen của Thủ tướng Chính phủ (hộ gia đình)', 'award', 'household', 'prime_minister', 3500, 1500, 10, 'working_day', 20270, NULL, 'Nghị định 152/2025/NĐ-CP');

-- The base salary (mức lương cơ sở), in đồng, by period (both ends
-- inclusive). 18078 = 2019-07-01, 19539 = 2023-07-01, 19905 = 2024-07-01,
-- 20635 = 2026-07-01.
CREATE TABLE base_salaries (
	id INTEGER PRIMARY KEY,
	amount INTEGER NOT NULL CHECK (amount BETWEEN 1 AND 1000000000),
	effective_from INTEGER NOT NULL UNIQUE,
	effective_to INTEGER,
	legal_basis TEXT NOT NULL DEFAULT '',
	CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
INSERT INTO base_salaries(amount, effective_from, effective_to, legal_basis) VALUES
	(1490000, 18078, 19538, 'Nghị định 38/2019/NĐ-CP'),
	(1800000, 19539, 19904, 'Nghị định 24/2023/NĐ-CP'),
	(2340000, 19905, 20634, 'Nghị định 73/2024/NĐ-CP'),
	(2530000, 20635, NULL, 'Mức lương cơ sở từ 01/7/2026');

-- What a form requires, as data: 'same_year' - the recipient holds
-- requires_form for the proposal's year; 'consecutive' - it holds
-- requires_form in each of the `years` years up to the proposal's;
-- 'initiative' - the proposal names an accepted initiative or excellent
-- completion. A proposal that fails one says so (it may still go on with
-- a leader's reason).
CREATE TABLE commendation_rules (
	id INTEGER PRIMARY KEY,
	form_code TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('same_year', 'consecutive', 'initiative')),
	requires_form TEXT,
	years INTEGER NOT NULL DEFAULT 1 CHECK (years BETWEEN 1 AND 10),
	effective_from INTEGER NOT NULL,
	effective_to INTEGER,
	note TEXT NOT NULL DEFAULT '',
	CHECK (kind = 'initiative' OR requires_form IS NOT NULL)
);
INSERT INTO commendation_rules(form_code, kind, requires_form, years, effective_from, effective_to, note) VALUES
	('chien_si_thi_dua_co_so', 'same_year', 'lao_dong_tien_tien', 1, 19722, NULL,
	 'Cần đạt danh hiệu Lao động tiên tiến trong cùng năm'),
	('chien_si_thi_dua_co_so', 'initiative', NULL, 1, 19722, NULL,
	 'Cần có sáng kiến được công nhận hoặc hoàn thành xuất sắc nhiệm vụ'),
	('chien_si_thi_dua_tinh', 'consecutive', 'chien_si_thi_dua_co_so', 3, 19722, NULL,
	 'Cần 3 lần liên tục đạt Chiến sĩ thi đua cơ sở'),
	('chien_si_thi_dua_tinh', 'initiative', NULL, 1, 19722, NULL,
	 'Cần có sáng kiến có phạm vi ảnh hưởng trong tỉnh'),
	('chien_si_thi_dua_toan_quoc', 'consecutive', 'chien_si_thi_dua_tinh', 2, 19722, NULL,
	 'Cần 2 lần liên tục đạt Chiến sĩ thi đua cấp tỉnh'),
	('chien_si_thi_dua_toan_quoc', 'initiative', NULL, 1, 19722, NULL,
	 'Cần có sáng kiến có phạm vi ảnh hưởng toàn quốc');

-- Criteria sets: a rubric a movement copies when it names none (items name
-- their set by code, without a foreign key: `danvan migrate` replaces
-- seeded tables one at a time).
-- weight_milli: the criterion's weight.
CREATE TABLE criteria_sets (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1))
);
CREATE TABLE criteria_set_items (
	set_code TEXT NOT NULL,
	position INTEGER NOT NULL,
	code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
	name TEXT NOT NULL,
	weight_milli INTEGER NOT NULL CHECK (weight_milli BETWEEN 1 AND 1000000),
	PRIMARY KEY (set_code, code)
);
INSERT INTO criteria_sets(code, name, is_default) VALUES
	('dan_van_kheo', 'Tiêu chí chung mô hình "Dân vận khéo"', 1);
INSERT INTO criteria_set_items(set_code, position, code, name, weight_milli) VALUES
	('dan_van_kheo', 1, 'named_placed', 'Có tên gọi, địa điểm cụ thể', 5000),
	('dan_van_kheo', 2, 'in_field', 'Thuộc một trong bốn lĩnh vực', 5000),
	('dan_van_kheo', 3, 'party_led', 'Có sự lãnh đạo của cấp ủy Đảng', 10000),
	('dan_van_kheo', 4, 'registered', 'Có đăng ký xây dựng', 5000),
	('dan_van_kheo', 5, 'many_forces', 'Nhiều lực lượng cùng tham gia', 10000),
	('dan_van_kheo', 6, 'spreads', 'Có sức lan tỏa', 10000),
	('dan_van_kheo', 7, 'measurable', 'Hiệu quả đo đếm được', 15000),
	('dan_van_kheo', 8, 'people_support', 'Được Nhân dân đồng tình, ủng hộ', 15000),
	('dan_van_kheo', 9, 'real_difficulty', 'Giải quyết khó khăn, vướng mắc thực tế', 10000),
	('dan_van_kheo', 10, 'recognised', 'Được công nhận', 5000),
	('dan_van_kheo', 11, 'sustained', 'Duy trì bền vững', 10000);

-- A movement (phong trào thi đua) organised by a unit over a period.
-- The council reaches its quorum when quorum_num/quorum_den of its
-- members who may score a model have scored it (default two thirds).
CREATE TABLE movements (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL CHECK (length(title) > 0),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	starts_on INTEGER NOT NULL,
	ends_on INTEGER NOT NULL,
	quorum_num INTEGER NOT NULL DEFAULT 2 CHECK (quorum_num >= 1),
	quorum_den INTEGER NOT NULL DEFAULT 3 CHECK (quorum_den >= quorum_num),
	created_by INTEGER REFERENCES accounts(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (ends_on >= starts_on)
);
CREATE INDEX movements_unit ON movements(unit_id, starts_on);

CREATE TABLE movement_criteria (
	movement_id INTEGER NOT NULL REFERENCES movements(id),
	position INTEGER NOT NULL,
	code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
	name TEXT NOT NULL CHECK (length(name) > 0),
	weight_milli INTEGER NOT NULL CHECK (weight_milli BETWEEN 1 AND 1000000),
	PRIMARY KEY (movement_id, code)
);

CREATE TABLE movement_units (
	movement_id INTEGER NOT NULL REFERENCES movements(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	PRIMARY KEY (movement_id, unit_id)
);

-- The evaluation council of a movement: each member's account and the
-- unit the member belongs to (recusal: a member does not score a model of
-- that unit or of a unit below it).
CREATE TABLE council_members (
	id INTEGER PRIMARY KEY,
	movement_id INTEGER NOT NULL REFERENCES movements(id),
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('chair', 'member')),
	UNIQUE (movement_id, account_id)
);

-- A model (mô hình) or exemplar (điển hình) registered in a movement by a
-- unit (person: the exemplar's name, for a person). The registration
-- fields of the "Dân vận khéo" guidance. status: registered ->
-- implementing -> self_assessed -> evaluated -> recognised -> exemplary
-- -> commended; discontinued. result_centi: the council's weighted
-- average (0..1000 = 0..10 points) once the quorum has scored.
-- search_key: the folded title, person, description and results
-- (core/vntext.h), what the search index reads.
CREATE TABLE models (
	id INTEGER PRIMARY KEY,
	movement_id INTEGER NOT NULL REFERENCES movements(id),
	kind TEXT NOT NULL CHECK (kind IN ('model', 'exemplar')),
	field TEXT NOT NULL CHECK (field IN ('economy', 'culture_society', 'defence_security', 'political_system')),
	title TEXT NOT NULL CHECK (length(title) > 0),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	person TEXT,
	situation TEXT NOT NULL DEFAULT '',
	goals TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	area TEXT NOT NULL DEFAULT '',
	forces TEXT NOT NULL DEFAULT '',
	resources TEXT NOT NULL DEFAULT '',
	timeframe TEXT NOT NULL DEFAULT '',
	results TEXT NOT NULL DEFAULT '',
	sustain TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'registered'
		CHECK (status IN ('registered', 'implementing', 'self_assessed', 'evaluated', 'recognised',
				  'exemplary', 'commended', 'discontinued')),
	registered_on INTEGER NOT NULL,
	year INTEGER NOT NULL,
	result_centi INTEGER,
	created_by INTEGER REFERENCES accounts(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	search_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX models_movement ON models(movement_id, id);
CREATE INDEX models_unit ON models(unit_id, year);

CREATE TABLE model_events (
	id INTEGER PRIMARY KEY,
	model_id INTEGER NOT NULL REFERENCES models(id),
	at INTEGER NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('register', 'implement', 'self_assess', 'evaluate', 'recognise',
					  'select_exemplary', 'commend', 'discontinue')),
	actor_id INTEGER REFERENCES accounts(id),
	public INTEGER NOT NULL CHECK (public IN (0, 1)),
	status_before TEXT NOT NULL,
	status_after TEXT NOT NULL,
	text TEXT,
	extra TEXT
);
CREATE INDEX model_events_model ON model_events(model_id, id);

-- One council member's scoring of a model: the weighted score (0..1000)
-- and each criterion's points (0..10).
CREATE TABLE model_evaluations (
	id INTEGER PRIMARY KEY,
	model_id INTEGER NOT NULL REFERENCES models(id),
	member_id INTEGER NOT NULL REFERENCES council_members(id),
	score_centi INTEGER NOT NULL CHECK (score_centi BETWEEN 0 AND 1000),
	comment TEXT NOT NULL DEFAULT '',
	at INTEGER NOT NULL,
	UNIQUE (model_id, member_id)
);
CREATE TABLE model_scores (
	evaluation_id INTEGER NOT NULL REFERENCES model_evaluations(id),
	criterion TEXT NOT NULL,
	score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
	PRIMARY KEY (evaluation_id, criterion)
);

-- A commendation: proposed -> posted (public notice) -> approved ->
-- decided | rejected. form_code names the form; the row in force on the
-- decision date gives the prize (decided_form_id). recipient_unit_id: the
-- collective itself, or the unit of the person or household. person: a
-- stable identifier of the person (staff code), matched with the name for
-- the history. unmet: JSON array of the rules not met at the proposal;
-- override_reason: the leader's reason to go on regardless.
CREATE TABLE commendations (
	id INTEGER PRIMARY KEY,
	form_code TEXT NOT NULL,
	year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2200),
	recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('individual', 'collective', 'household')),
	recipient_name TEXT NOT NULL CHECK (length(recipient_name) > 0),
	recipient_unit_id INTEGER NOT NULL REFERENCES units(id),
	person TEXT,
	reason TEXT NOT NULL CHECK (length(reason) > 0),
	initiative TEXT,
	model_id INTEGER REFERENCES models(id),
	eligible INTEGER NOT NULL CHECK (eligible IN (0, 1)),
	unmet TEXT NOT NULL DEFAULT '[]',
	override_reason TEXT,
	status TEXT NOT NULL DEFAULT 'proposed'
		CHECK (status IN ('proposed', 'posted', 'approved', 'decided', 'rejected')),
	proposed_on INTEGER NOT NULL,
	posted_on INTEGER,
	approved_on INTEGER,
	decision_number TEXT,
	decision_date INTEGER,
	decision_issuer TEXT,
	decided_form_id INTEGER REFERENCES commendation_forms(id),
	base_salary INTEGER,
	prize_vnd INTEGER,
	certificate_code TEXT UNIQUE,
	reject_reason TEXT,
	created_by INTEGER REFERENCES accounts(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (status <> 'decided' OR (decision_date IS NOT NULL AND prize_vnd IS NOT NULL
				       AND certificate_code IS NOT NULL))
);
CREATE INDEX commendations_unit ON commendations(recipient_unit_id, year);
CREATE INDEX commendations_status ON commendations(status, decision_date);

CREATE TABLE commendation_events (
	id INTEGER PRIMARY KEY,
	commendation_id INTEGER NOT NULL REFERENCES commendations(id),
	at INTEGER NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('propose', 'post', 'approve', 'decide', 'reject')),
	actor_id INTEGER REFERENCES accounts(id),
	public INTEGER NOT NULL CHECK (public IN (0, 1)),
	status_before TEXT NOT NULL,
	status_after TEXT NOT NULL,
	text TEXT,
	extra TEXT
);
CREATE INDEX commendation_events_c ON commendation_events(commendation_id, id);

-- Models in the search index (docs/search.md), kind 4 (SEARCH_KIND_MODEL):
-- rowid = 4 × 2^40 + models.id = 4398046511104 + id. The text is
-- search_key, folded in C when the model is registered (title, person,
-- unit, content, results); tags say whether the public may find it
-- ('spublic': recognised, exemplary or commended; else 'sprivate'). The
-- models list joins models, so its own visibility rules apply as well.
-- Models are few and written one at a time, so the triggers index them at
-- once (no queue). NOTE for the merge: search_src has one UNION ALL
-- branch per kind; the last migration to redefine it must list them all
-- (feedback of 0012, then each new kind's).
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
	SELECT 4398046511104 + o.id, vn_fold(o.search_key), NULL, NULL, NULL,
	       CASE WHEN o.status IN ('recognised', 'exemplary', 'commended') THEN 'spublic' ELSE 'sprivate' END
	FROM models o;

CREATE TRIGGER models_search_insert AFTER INSERT ON models BEGIN
	INSERT INTO search_fts(rowid, title, body, place, internal, tags)
	VALUES (4398046511104 + NEW.id, vn_fold(NEW.search_key), NULL, NULL, NULL,
		CASE WHEN NEW.status IN ('recognised', 'exemplary', 'commended') THEN 'spublic' ELSE 'sprivate' END);
END;

CREATE TRIGGER models_search_update AFTER UPDATE OF search_key, status ON models
WHEN OLD.search_key IS NOT NEW.search_key OR OLD.status IS NOT NEW.status
BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, tags)
	VALUES ('delete', 4398046511104 + OLD.id, vn_fold(OLD.search_key), NULL, NULL, NULL,
		CASE WHEN OLD.status IN ('recognised', 'exemplary', 'commended') THEN 'spublic' ELSE 'sprivate' END);
	INSERT INTO search_fts(rowid, title, body, place, internal, tags)
	VALUES (4398046511104 + NEW.id, vn_fold(NEW.search_key), NULL, NULL, NULL,
		CASE WHEN NEW.status IN ('recognised', 'exemplary', 'commended') THEN 'spublic' ELSE 'sprivate' END);
END;

CREATE TRIGGER models_search_delete AFTER DELETE ON models BEGIN
	INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, tags)
	VALUES ('delete', 4398046511104 + OLD.id, vn_fold(OLD.search_key), NULL, NULL, NULL,
		CASE WHEN OLD.status IN ('recognised', 'exemplary', 'commended') THEN 'spublic' ELSE 'sprivate' END);
END;
