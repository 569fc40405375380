-- 0026_emulation_more.sql - "Ngày hội" events of emulation (docs/emulation.md):
-- an honouring event of a unit (title, day, place) and the models honoured
-- there (a model selected as exemplary, or commended). Evidence files of a
-- model need no table: they are attachment_links with owner_kind 'model'
-- (store/attachment.h).
CREATE TABLE emulation_events (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	title TEXT NOT NULL CHECK (length(title) > 0),
	held_on INTEGER NOT NULL,            -- day number (days since 1970-01-01)
	place TEXT NOT NULL CHECK (length(place) > 0),
	description TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES accounts(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX emulation_events_unit ON emulation_events(unit_id, held_on);
CREATE INDEX emulation_events_day ON emulation_events(held_on, id);

CREATE TABLE emulation_event_models (
	event_id INTEGER NOT NULL REFERENCES emulation_events(id),
	model_id INTEGER NOT NULL REFERENCES models(id),
	note TEXT NOT NULL DEFAULT '',       -- what it was honoured with, e.g. "Mô hình tiêu biểu"
	added_by INTEGER REFERENCES accounts(id),
	added_at INTEGER NOT NULL,
	PRIMARY KEY (event_id, model_id)
);
CREATE INDEX emulation_event_models_model ON emulation_event_models(model_id, event_id);
