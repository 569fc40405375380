-- 0029_stamp_notify.sql - every change to a version stamp (store/stamp.h)
-- is announced with NOTIFY, so that each danvan server keeps the stamps in
-- its memory (store/stamp_pg.c) instead of asking the database on every
-- cached page: an item's stamp (its row or a new event) as 'f:CODE', a
-- public list's stamp (public_versions) as 'p:KIND'. Two channels:
-- 'danvan_stamp', which each server's listener connection LISTENs to, and
-- the writing session's own channel (the setting danvan.stamp_self, set by
-- store/db_pg.c to a name LISTENed to by that connection alone), which
-- delivers the change to the writer at its COMMIT, so the server that made
-- it forgets the old stamp before it answers. NOTIFY is transactional: a
-- rolled-back change announces nothing; equal payloads in one transaction
-- are sent once.
CREATE FUNCTION danvan_stamp_notify(payload text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	self text := current_setting('danvan.stamp_self', true);
BEGIN
	PERFORM pg_notify('danvan_stamp', payload);
	IF self IS NOT NULL AND self <> '' THEN
		PERFORM pg_notify(self, payload);
	END IF;
END;
$$;

CREATE FUNCTION feedback_stamp_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM danvan_stamp_notify('f:' || OLD.code);
	IF TG_OP = 'UPDATE' AND NEW.code <> OLD.code THEN
		PERFORM danvan_stamp_notify('f:' || NEW.code);
	END IF;
	RETURN NULL;
END;
$$;

-- Not on INSERT: a server keeps no stamp of an item it did not find, so a
-- new item (its row and its 'submit' event, the durable submissions' path)
-- has nothing to announce.
CREATE TRIGGER feedback_stamp_notify AFTER UPDATE OR DELETE ON feedback
	FOR EACH ROW EXECUTE FUNCTION feedback_stamp_notify();

CREATE FUNCTION feedback_event_stamp_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	c text;
BEGIN
	IF TG_OP = 'INSERT' AND NEW.type = 'submit' THEN
		RETURN NULL; -- a new item's first event (see above)
	END IF;
	SELECT code INTO c FROM feedback WHERE id = COALESCE(NEW.feedback_id, OLD.feedback_id);
	IF c IS NOT NULL THEN
		PERFORM danvan_stamp_notify('f:' || c);
	END IF;
	IF TG_OP = 'UPDATE' AND NEW.feedback_id <> OLD.feedback_id THEN
		SELECT code INTO c FROM feedback WHERE id = OLD.feedback_id;
		IF c IS NOT NULL THEN
			PERFORM danvan_stamp_notify('f:' || c);
		END IF;
	END IF;
	RETURN NULL;
END;
$$;

CREATE TRIGGER feedback_event_stamp_notify AFTER INSERT OR UPDATE OR DELETE ON feedback_events
	FOR EACH ROW EXECUTE FUNCTION feedback_event_stamp_notify();

CREATE FUNCTION public_version_stamp_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM danvan_stamp_notify('p:' || COALESCE(NEW.kind, OLD.kind));
	RETURN NULL;
END;
$$;

CREATE TRIGGER public_version_stamp_notify AFTER INSERT OR UPDATE OR DELETE ON public_versions
	FOR EACH ROW EXECUTE FUNCTION public_version_stamp_notify();
