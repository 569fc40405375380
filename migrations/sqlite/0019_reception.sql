-- 0019_reception.sql - citizen reception (tiếp công dân): what 0016 left
-- to this domain. Generating a rule's sessions twice must not make
-- duplicates, so a rule has at most one session starting at a given
-- instant (rule_id NULL - meetings created by hand - never conflicts:
-- NULLs are distinct in a UNIQUE index on both engines). A rule may be
-- retired (active = 0) without losing the sessions it generated. The
-- officer list of bookings reads them by status. The rules of use are in
-- app/reception.h and docs/reception.md.
CREATE UNIQUE INDEX meetings_rule_start ON meetings(rule_id, starts_at);
ALTER TABLE reception_rules ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
CREATE INDEX reception_bookings_status ON reception_bookings(status, meeting_id);
