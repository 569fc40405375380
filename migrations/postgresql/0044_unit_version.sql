-- 0044_unit_version.sql (PostgreSQL) - a version stamp of the organisation
-- tree (units and their successions): why in the SQLite migration of the
-- same number. Once per statement; public_versions' own trigger (0029)
-- announces the change to every server.
INSERT INTO public_versions(kind, version, at) VALUES ('unit', 1, floor(extract(epoch FROM now()))::bigint);

CREATE TRIGGER unit_version AFTER INSERT OR UPDATE OR DELETE ON units
	FOR EACH STATEMENT EXECUTE FUNCTION public_version_bump('unit');

CREATE TRIGGER unit_succession_version AFTER INSERT OR UPDATE OR DELETE ON unit_successions
	FOR EACH STATEMENT EXECUTE FUNCTION public_version_bump('unit');
