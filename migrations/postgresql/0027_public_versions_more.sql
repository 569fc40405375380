-- 0027_public_versions_more.sql - the version stamps (0024) of the other
-- kinds the public portal shows and searches: meetings, consultations and
-- models. Any change to a row of their tables bumps the kind's row in the
-- same transaction, so the cached home page and the cached anonymous search
-- across kinds (/tim-kiem, /api/v1/search; web/cache.h) are served only
-- while nothing they could show has changed (store/stamp.h
-- stamp_public_all). Every change counts, public or not: these tables
-- change seldom, and a wrong guess at what the public sees would be stale.
INSERT INTO public_versions(kind, version, at) VALUES
	('meeting', 1, floor(extract(epoch FROM now()))::bigint),
	('consultation', 1, floor(extract(epoch FROM now()))::bigint),
	('model', 1, floor(extract(epoch FROM now()))::bigint);

-- A stamp's time is whole seconds truncated, as time(NULL) is: a bare
-- ::bigint rounds to the nearest, up to half a second ahead of the clock,
-- which kept fresh entries out of the cache for a second longer (web/cache.h
-- stores an entry once its stamp's time is two seconds old). 0024's
-- function is redefined so.
CREATE OR REPLACE FUNCTION feedback_public_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE public_versions SET version = version + 1, at = floor(extract(epoch FROM clock_timestamp()))::bigint
	WHERE kind = 'feedback';
	RETURN NULL;
END;
$$;

-- the kind is the trigger's argument
CREATE FUNCTION public_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE public_versions SET version = version + 1, at = floor(extract(epoch FROM clock_timestamp()))::bigint
	WHERE kind = TG_ARGV[0];
	RETURN NULL;
END;
$$;

CREATE TRIGGER meeting_public_version AFTER INSERT OR UPDATE OR DELETE ON meetings
	FOR EACH ROW EXECUTE FUNCTION public_version_bump('meeting');

CREATE TRIGGER consultation_public_version AFTER INSERT OR UPDATE OR DELETE ON consultations
	FOR EACH ROW EXECUTE FUNCTION public_version_bump('consultation');

CREATE TRIGGER model_public_version AFTER INSERT OR UPDATE OR DELETE ON models
	FOR EACH ROW EXECUTE FUNCTION public_version_bump('model');
