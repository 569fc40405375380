-- 0050_tally_recorded.sql (PostgreSQL) - what each officer recorded, summed
-- over the units: the inbox's counts of an account's own items outside its
-- scope. Why in the SQLite migration of the same number.
CREATE TABLE feedback_tally_recorded (
	created_by bigint NOT NULL,
	channel text NOT NULL,
	category_id bigint NOT NULL,
	status text NOT NULL,
	handled bigint NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (created_by, channel, category_id, status, handled)
);

INSERT INTO feedback_tally_recorded(created_by, channel, category_id, status, handled, n)
	SELECT created_by, channel, category_id, status, handled, sum(n) FROM feedback_tally_detail
	WHERE created_by <> 0 GROUP BY created_by, channel, category_id, status, handled;

-- every change of a detail row moves its count here (its key never
-- changes: an update is of n)
CREATE FUNCTION feedback_tally_recorded_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	r feedback_tally_detail;
	d bigint;
BEGIN
	IF TG_OP = 'DELETE' THEN
		r := OLD;
		d := -OLD.n;
	ELSIF TG_OP = 'UPDATE' THEN
		r := NEW;
		d := NEW.n - OLD.n;
	ELSE
		r := NEW;
		d := NEW.n;
	END IF;
	IF r.created_by <> 0 AND d <> 0 THEN
		INSERT INTO feedback_tally_recorded(created_by, channel, category_id, status, handled, n)
		VALUES (r.created_by, r.channel, r.category_id, r.status, r.handled, d)
		ON CONFLICT (created_by, channel, category_id, status, handled)
		DO UPDATE SET n = feedback_tally_recorded.n + excluded.n;
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER feedback_tally_recorded_keep AFTER INSERT OR UPDATE OR DELETE ON feedback_tally_detail
	FOR EACH ROW EXECUTE FUNCTION feedback_tally_recorded_keep();
