-- 0027_public_versions_more.sql - the version stamps (0024) of the other
-- kinds the public portal shows and searches: meetings, consultations and
-- models. Any change to a row of their tables bumps the kind's row in the
-- same transaction, so the cached home page and the cached anonymous search
-- across kinds (/tim-kiem, /api/v1/search; web/cache.h) are served only
-- while nothing they could show has changed (store/stamp.h
-- stamp_public_all). Every change counts, public or not: these tables
-- change seldom, and a wrong guess at what the public sees would be stale.
INSERT INTO public_versions(kind, version, at) VALUES
	('meeting', 1, CAST(strftime('%s', 'now') AS INTEGER)),
	('consultation', 1, CAST(strftime('%s', 'now') AS INTEGER)),
	('model', 1, CAST(strftime('%s', 'now') AS INTEGER));

CREATE TRIGGER meeting_public_version_insert AFTER INSERT ON meetings
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER)
	WHERE kind = 'meeting';
END;

CREATE TRIGGER meeting_public_version_update AFTER UPDATE ON meetings
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER)
	WHERE kind = 'meeting';
END;

CREATE TRIGGER meeting_public_version_delete AFTER DELETE ON meetings
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER)
	WHERE kind = 'meeting';
END;

CREATE TRIGGER consultation_public_version_insert AFTER INSERT ON consultations
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER)
	WHERE kind = 'consultation';
END;

CREATE TRIGGER consultation_public_version_update AFTER UPDATE ON consultations
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER)
	WHERE kind = 'consultation';
END;

CREATE TRIGGER consultation_public_version_delete AFTER DELETE ON consultations
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER)
	WHERE kind = 'consultation';
END;

CREATE TRIGGER model_public_version_insert AFTER INSERT ON models
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER)
	WHERE kind = 'model';
END;

CREATE TRIGGER model_public_version_update AFTER UPDATE ON models
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER)
	WHERE kind = 'model';
END;

CREATE TRIGGER model_public_version_delete AFTER DELETE ON models
BEGIN
	UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER)
	WHERE kind = 'model';
END;
