-- 0024_public_versions.sql - one version stamp per kind of public list:
-- any change to a record the public can see in a list (feedback: public and
-- published or closed) bumps its kind's row in the same transaction, so a
-- cached public list or search page (web/cache.h) is served only while
-- nothing it could show has changed, on every server sharing the database.
-- version increases by one per change; at is the UTC second of the last
-- change (store/stamp.h stamp_public). Derived: `danvan migrate` does not
-- copy it (the target's triggers keep its own).
CREATE TABLE public_versions (
	kind text PRIMARY KEY,
	version bigint NOT NULL DEFAULT 0,
	at bigint NOT NULL DEFAULT 0
);
INSERT INTO public_versions(kind, version, at) VALUES ('feedback', 1, extract(epoch FROM now())::bigint);

CREATE FUNCTION feedback_public_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE public_versions SET version = version + 1, at = extract(epoch FROM clock_timestamp())::bigint
	WHERE kind = 'feedback';
	RETURN NULL;
END;
$$;

CREATE TRIGGER feedback_public_version_insert AFTER INSERT ON feedback
	FOR EACH ROW WHEN (NEW.public = 1 AND NEW.status IN ('published', 'closed'))
	EXECUTE FUNCTION feedback_public_version_bump();

CREATE TRIGGER feedback_public_version_update AFTER UPDATE ON feedback
	FOR EACH ROW WHEN ((OLD.public = 1 AND OLD.status IN ('published', 'closed'))
		OR (NEW.public = 1 AND NEW.status IN ('published', 'closed')))
	EXECUTE FUNCTION feedback_public_version_bump();

CREATE TRIGGER feedback_public_version_delete AFTER DELETE ON feedback
	FOR EACH ROW WHEN (OLD.public = 1 AND OLD.status IN ('published', 'closed'))
	EXECUTE FUNCTION feedback_public_version_bump();
