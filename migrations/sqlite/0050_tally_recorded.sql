-- 0050_tally_recorded.sql - what each officer recorded, summed over the
-- units: the inbox's counts of an account's own items outside its scope.
--
-- An officer's inbox counts the items of its scope's units and the items
-- it recorded itself elsewhere (store/feedback_tally.c tally_sql()). The
-- second part read the creator's rows of feedback_tally_detail, one per
-- unit, category, channel and status: an intake desk that records for a
-- whole district's wards summed 29,236 of them for "channel=hotline" (25 ms
-- p99 on PostgreSQL, at 1,375,999 items). This table holds the same counts
-- without the unit, a few rows per category and channel; the part outside
-- the scope is read as the account's total here minus its rows inside the
-- scope (the scope's rows of the tally, which the first part reads anyway).
-- Kept by triggers on feedback_tally_detail itself, so that every path
-- that moves a count there (the feedback triggers of 0007, the bulk folds
-- of store/feedback_bulk.c) moves it here too.
CREATE TABLE feedback_tally_recorded (
	created_by INTEGER NOT NULL,
	channel TEXT NOT NULL,
	category_id INTEGER NOT NULL,
	status TEXT NOT NULL,
	handled INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (created_by, channel, category_id, status, handled)
) WITHOUT ROWID;

INSERT INTO feedback_tally_recorded(created_by, channel, category_id, status, handled, n)
	SELECT created_by, channel, category_id, status, handled, sum(n) FROM feedback_tally_detail
	WHERE created_by <> 0 GROUP BY created_by, channel, category_id, status, handled;

CREATE TRIGGER feedback_tally_recorded_insert AFTER INSERT ON feedback_tally_detail
WHEN NEW.created_by <> 0 BEGIN
	INSERT INTO feedback_tally_recorded(created_by, channel, category_id, status, handled, n)
	VALUES (NEW.created_by, NEW.channel, NEW.category_id, NEW.status, NEW.handled, NEW.n)
	ON CONFLICT (created_by, channel, category_id, status, handled) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER feedback_tally_recorded_update AFTER UPDATE OF n ON feedback_tally_detail
WHEN NEW.created_by <> 0 AND NEW.n <> OLD.n BEGIN
	INSERT INTO feedback_tally_recorded(created_by, channel, category_id, status, handled, n)
	VALUES (NEW.created_by, NEW.channel, NEW.category_id, NEW.status, NEW.handled, NEW.n - OLD.n)
	ON CONFLICT (created_by, channel, category_id, status, handled) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER feedback_tally_recorded_delete AFTER DELETE ON feedback_tally_detail
WHEN OLD.created_by <> 0 BEGIN
	UPDATE feedback_tally_recorded SET n = n - OLD.n
	WHERE created_by = OLD.created_by AND channel = OLD.channel AND category_id = OLD.category_id
		AND status = OLD.status AND handled = OLD.handled;
END;
