-- 0002_units.sql - the organisation tree: units with their history, succession
-- edges between units across reorganisations, and role grants per unit.
-- Dates are integer UTC seconds of 00:00 Vietnam time (UTC+7): valid_from is
-- the first valid day, valid_to the first day no longer valid (NULL = open).
-- See docs/organisation.md.

CREATE TABLE units (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('party_committee', 'party_cell', 'government', 'agency',
		'front', 'women', 'youth', 'veterans', 'farmers', 'trade_union', 'residential_group', 'other')),
	parent_id INTEGER REFERENCES units(id),
	valid_from INTEGER NOT NULL,
	valid_to INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (valid_to IS NULL OR valid_to > valid_from),
	CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX units_parent ON units(parent_id);

-- Every unit has one row per period in which its name and parent stayed the
-- same; the periods of a unit do not overlap and lie within the unit's own
-- validity. The latest row of an open unit has valid_to NULL and repeats
-- units.name/units.parent_id.
CREATE TABLE unit_versions (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	name TEXT NOT NULL,
	parent_id INTEGER REFERENCES units(id),
	valid_from INTEGER NOT NULL,
	valid_to INTEGER,
	CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE UNIQUE INDEX unit_versions_start ON unit_versions(unit_id, valid_from);
CREATE INDEX unit_versions_period ON unit_versions(valid_from, valid_to);

-- merged_into: from (closed) went into to; split_from: from (new) was split
-- from to (closed); renamed_to: from (closed) continues as to under a new code.
CREATE TABLE unit_successions (
	id INTEGER PRIMARY KEY,
	from_unit_id INTEGER NOT NULL REFERENCES units(id),
	to_unit_id INTEGER NOT NULL REFERENCES units(id),
	kind TEXT NOT NULL CHECK (kind IN ('merged_into', 'split_from', 'renamed_to')),
	effective_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (from_unit_id, to_unit_id, kind),
	CHECK (from_unit_id <> to_unit_id)
);
CREATE INDEX unit_successions_to ON unit_successions(to_unit_id);

-- A grant is never deleted: revoking sets revoked_at. At most one active
-- grant per (account, unit, role). granted_by/revoked_by are NULL for the
-- system or the command line.
CREATE TABLE role_grants (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	role TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'intake', 'handler', 'front', 'viewer')),
	granted_at INTEGER NOT NULL,
	granted_by INTEGER REFERENCES accounts(id),
	revoked_at INTEGER,
	revoked_by INTEGER REFERENCES accounts(id)
);
CREATE UNIQUE INDEX role_grants_active ON role_grants(account_id, unit_id, role) WHERE revoked_at IS NULL;
CREATE INDEX role_grants_unit ON role_grants(unit_id) WHERE revoked_at IS NULL;
