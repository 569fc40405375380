-- 0047_category_version.sql - a version stamp (0024) of the categories:
-- every change to the table bumps the 'category' row of public_versions in
-- the same transaction. Every submission looks its category up; a server
-- keeps them all in memory, read again only when this stamp has changed
-- (store/category.c category_get_by_code()).
INSERT INTO public_versions(kind, version, at) VALUES ('category', 1, CAST(strftime('%s', 'now') AS INTEGER));

CREATE TRIGGER category_version_insert AFTER INSERT ON categories
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER) WHERE kind = 'category';
END;

CREATE TRIGGER category_version_update AFTER UPDATE ON categories
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER) WHERE kind = 'category';
END;

CREATE TRIGGER category_version_delete AFTER DELETE ON categories
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER) WHERE kind = 'category';
END;
