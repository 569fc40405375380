-- 0047_category_version.sql (PostgreSQL) - a version stamp of the
-- categories: why in the SQLite migration of the same number. Once per
-- statement; public_versions' own trigger (0029) announces the change to
-- every server.
INSERT INTO public_versions(kind, version, at) VALUES ('category', 1, floor(extract(epoch FROM now()))::bigint);

CREATE TRIGGER category_version AFTER INSERT OR UPDATE OR DELETE ON categories
	FOR EACH STATEMENT EXECUTE FUNCTION public_version_bump('category');
