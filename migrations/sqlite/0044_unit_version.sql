-- 0044_unit_version.sql - a version stamp (0024) of the organisation tree:
-- every change to a unit or a succession (merge, split, rename) bumps the
-- 'unit' row of public_versions in the same transaction. A review report
-- needs every unit ever (3,263 in a city) and the successions to fold
-- them; a server keeps them in memory, read again only when this stamp has
-- changed (app/report.c), so a report of a ward's month no longer reads the
-- whole tree (8-10 ms of its 20 on PostgreSQL).
INSERT INTO public_versions(kind, version, at) VALUES ('unit', 1, CAST(strftime('%s', 'now') AS INTEGER));

CREATE TRIGGER unit_version_insert AFTER INSERT ON units
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER) WHERE kind = 'unit';
END;

CREATE TRIGGER unit_version_update AFTER UPDATE ON units
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER) WHERE kind = 'unit';
END;

CREATE TRIGGER unit_version_delete AFTER DELETE ON units
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER) WHERE kind = 'unit';
END;

CREATE TRIGGER unit_succession_version_insert AFTER INSERT ON unit_successions
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER) WHERE kind = 'unit';
END;

CREATE TRIGGER unit_succession_version_update AFTER UPDATE ON unit_successions
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER) WHERE kind = 'unit';
END;

CREATE TRIGGER unit_succession_version_delete AFTER DELETE ON unit_successions
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER) WHERE kind = 'unit';
END;
