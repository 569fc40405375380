-- 0001_core.sql - the core of danvan: the hash-chained audit log, officer
-- accounts, login sessions and API tokens, and the login-failure record used
-- for throttling. Time is integer UTC seconds everywhere. The PostgreSQL
-- version of this file differs only in the CHECK on usernames (GLOB -> ~)
-- and in the append-only triggers (a plpgsql function instead of RAISE).

-- Append-only: store/audit.c assigns id = previous id + 1 and
-- hash = BLAKE2b-256(prev_hash || canonical encoding of the other columns);
-- the first entry chains from 32 zero bytes. Nothing updates or deletes a row
-- (the triggers below refuse it); `danvan audit verify` finds any edit made
-- behind their back.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor_id INTEGER,                 -- accounts.id, NULL for the system / CLI / citizens
	actor TEXT NOT NULL,              -- username, "system", "cli:<user>", "citizen", "anonymous"
	addr TEXT,                        -- client address when known
	action TEXT NOT NULL,             -- "account.create", "session.login", ...
	object_type TEXT,
	object_id TEXT,
	summary TEXT,                     -- short JSON, before/after values
	prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
	hash BLOB NOT NULL CHECK (length(hash) = 32)
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Officer accounts. Usernames are lower-case ASCII letters, digits, '.', '_'
-- and '-', 3 to 40 characters (app/auth.c checks the same rule and explains
-- it in Vietnamese); display names are NFC UTF-8; password_hash is the
-- libsodium crypto_pwhash_str() string (argon2id, parameters included).
-- Accounts are disabled, never deleted: the audit log refers to them.
CREATE TABLE accounts (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE
		CHECK (length(username) BETWEEN 3 AND 40 AND username NOT GLOB '*[^a-z0-9._-]*'),
	display_name TEXT NOT NULL CHECK (length(display_name) > 0),
	password_hash TEXT NOT NULL CHECK (length(password_hash) > 0),
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	password_changed_at INTEGER NOT NULL
);

-- Web sessions (cookie + CSRF token) and API tokens (Bearer). Only a
-- BLAKE2b-256 hash of the 256-bit random token is stored, so a copy of the
-- database does not let anyone log in. expires_at is the absolute end; web
-- sessions also end after an idle period measured from last_seen_at (see
-- app/auth.h for the lifetimes).
CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	kind TEXT NOT NULL CHECK (kind IN ('web', 'api')),
	csrf TEXT,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	addr TEXT,
	user_agent TEXT,
	CHECK ((kind = 'web' AND csrf IS NOT NULL) OR (kind = 'api' AND csrf IS NULL))
);
CREATE INDEX sessions_account ON sessions(account_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- One row per failed login, keyed "user:<username>" and "addr:<address>";
-- app/auth.c decides from the most recent rows whether to refuse attempts for
-- a while. A successful login deletes the account's rows; rows older than a
-- day are purged with expired sessions.
CREATE TABLE login_failures (
	key TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures(key, at);
CREATE INDEX login_failures_at ON login_failures(at);
