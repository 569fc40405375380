-- 0007_tally.sql - the officer inbox's counts per status, kept as counters.
--
-- The inbox shows, for the items an officer reaches, how many are in each
-- of the seven statuses. Counted from the items, that is one walk over the
-- scope index per status, which at a million items meant capping each count
-- at 10,000 (store/feedback.h FEEDBACK_COUNT_CAP) and still cost most of the
-- request. Here the triggers keep, in the same transaction as every insert,
-- update and deletion of an item, the number of items per combination of
-- the columns the inbox counts by, so a count is a SUM over a few rows and
-- is exact however many items there are.
--
-- Every item is in exactly one row of each table (its key is computed from
-- the item alone), so for a scope "units U or recorded by account A" the
-- count per status is
--     SUM(n) WHERE scope_unit_id IN (U)
--   + SUM(n) WHERE created_by = A AND scope_unit_id NOT IN (U)
-- grouped by status; the query side is feedback_tally_by_status() in
-- store/feedback.c. The key columns:
--   scope_unit_id  coalesce(unit_id, intake_unit_id, 0): the unit the inbox
--                  scope tests (0005_inbox.sql); 0 for an item with neither,
--                  which no scope reaches (unit ids are positive)
--   handled        unit_id IS NOT NULL (1/0): with scope_unit_id it answers
--                  the "handling unit = X" filter, which tests unit_id and not
--                  the coalesce (handled = 1 AND scope_unit_id = X)
--   created_by     the recording officer, 0 for a citizen's item
--   status         the item's status
-- feedback_tally has only these; feedback_tally_detail also the category and
-- the channel, for the inbox's category and channel filters. The coarse table
-- keeps the common counts (no filter, a status or a unit filter) to a few
-- rows per unit (tens), where the detail table has a few hundred.
--
-- What the tally cannot answer (a search, overdue and due-date filters, a
-- period of receipt, the public list) is still counted from the items, capped
-- (feedback_tally_covers() in store/feedback.h decides).
--
-- Rows whose count falls to 0 are kept: they add nothing to a SUM, removing
-- them would cost each transition one more statement, and there are at most
-- as many as combinations ever seen (units x statuses x categories x channels
-- x recording officers in use), a few thousand for a city.
--
-- Cost to writers: an insert or deletion touches one row of each table; a
-- status change, an assignment or a transfer two (the old key goes down, the
-- new one up). The triggers fire only when one of the key's columns changes,
-- so notes, answers' text, ratings and redactions cost nothing here. The
-- counters are integers in small WITHOUT ROWID tables that stay in the page
-- cache.
--
-- Consistency: only the triggers write these tables. If they were ever
-- suspected to have drifted, the two INSERT ... SELECT statements at the end
-- of this file rebuild them (after DELETE FROM both tables) in one write
-- transaction; tests/unit/test_tally.c checks them against the items after
-- random workflows.

CREATE TABLE feedback_tally (
	scope_unit_id INTEGER NOT NULL,
	status TEXT NOT NULL,
	handled INTEGER NOT NULL,
	created_by INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (scope_unit_id, status, handled, created_by)
) WITHOUT ROWID;
-- the "recorded by A" branch; citizens' items (created_by 0) are most rows
-- and never asked for, hence partial (queries say created_by <> 0)
CREATE INDEX feedback_tally_creator ON feedback_tally(created_by, scope_unit_id)
	WHERE created_by <> 0;

CREATE TABLE feedback_tally_detail (
	scope_unit_id INTEGER NOT NULL,
	category_id INTEGER NOT NULL,
	channel TEXT NOT NULL,
	status TEXT NOT NULL,
	handled INTEGER NOT NULL,
	created_by INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (scope_unit_id, category_id, channel, status, handled, created_by)
) WITHOUT ROWID;
-- (category first: an intake desk records thousands of combinations, and a
-- category filter should seek, not read them all; covering, so the rows
-- themselves are never read)
CREATE INDEX feedback_tally_detail_creator ON feedback_tally_detail(created_by, category_id, channel, status,
	scope_unit_id, handled, n) WHERE created_by <> 0;

CREATE TRIGGER feedback_tally_insert AFTER INSERT ON feedback BEGIN
	INSERT INTO feedback_tally(scope_unit_id, status, handled, created_by, n)
	VALUES (coalesce(NEW.unit_id, NEW.intake_unit_id, 0), NEW.status, NEW.unit_id IS NOT NULL,
		coalesce(NEW.created_by, 0), 1)
	ON CONFLICT (scope_unit_id, status, handled, created_by) DO UPDATE SET n = n + 1;
	INSERT INTO feedback_tally_detail(scope_unit_id, category_id, channel, status, handled, created_by, n)
	VALUES (coalesce(NEW.unit_id, NEW.intake_unit_id, 0), NEW.category_id, NEW.channel, NEW.status,
		NEW.unit_id IS NOT NULL, coalesce(NEW.created_by, 0), 1)
	ON CONFLICT (scope_unit_id, category_id, channel, status, handled, created_by) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER feedback_tally_update AFTER UPDATE OF status, unit_id, intake_unit_id, created_by ON feedback
WHEN OLD.status IS NOT NEW.status
	OR coalesce(OLD.unit_id, OLD.intake_unit_id, 0) <> coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
	OR (OLD.unit_id IS NULL) <> (NEW.unit_id IS NULL)
	OR coalesce(OLD.created_by, 0) <> coalesce(NEW.created_by, 0)
BEGIN
	UPDATE feedback_tally SET n = n - 1
	WHERE scope_unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0) AND status = OLD.status
		AND handled = (OLD.unit_id IS NOT NULL) AND created_by = coalesce(OLD.created_by, 0);
	INSERT INTO feedback_tally(scope_unit_id, status, handled, created_by, n)
	VALUES (coalesce(NEW.unit_id, NEW.intake_unit_id, 0), NEW.status, NEW.unit_id IS NOT NULL,
		coalesce(NEW.created_by, 0), 1)
	ON CONFLICT (scope_unit_id, status, handled, created_by) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER feedback_tally_detail_update AFTER UPDATE OF status, unit_id, intake_unit_id, created_by,
	category_id, channel ON feedback
WHEN OLD.status IS NOT NEW.status
	OR coalesce(OLD.unit_id, OLD.intake_unit_id, 0) <> coalesce(NEW.unit_id, NEW.intake_unit_id, 0)
	OR (OLD.unit_id IS NULL) <> (NEW.unit_id IS NULL)
	OR coalesce(OLD.created_by, 0) <> coalesce(NEW.created_by, 0)
	OR OLD.category_id IS NOT NEW.category_id OR OLD.channel IS NOT NEW.channel
BEGIN
	UPDATE feedback_tally_detail SET n = n - 1
	WHERE scope_unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0) AND category_id = OLD.category_id
		AND channel = OLD.channel AND status = OLD.status
		AND handled = (OLD.unit_id IS NOT NULL) AND created_by = coalesce(OLD.created_by, 0);
	INSERT INTO feedback_tally_detail(scope_unit_id, category_id, channel, status, handled, created_by, n)
	VALUES (coalesce(NEW.unit_id, NEW.intake_unit_id, 0), NEW.category_id, NEW.channel, NEW.status,
		NEW.unit_id IS NOT NULL, coalesce(NEW.created_by, 0), 1)
	ON CONFLICT (scope_unit_id, category_id, channel, status, handled, created_by) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER feedback_tally_delete AFTER DELETE ON feedback BEGIN
	UPDATE feedback_tally SET n = n - 1
	WHERE scope_unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0) AND status = OLD.status
		AND handled = (OLD.unit_id IS NOT NULL) AND created_by = coalesce(OLD.created_by, 0);
	UPDATE feedback_tally_detail SET n = n - 1
	WHERE scope_unit_id = coalesce(OLD.unit_id, OLD.intake_unit_id, 0) AND category_id = OLD.category_id
		AND channel = OLD.channel AND status = OLD.status
		AND handled = (OLD.unit_id IS NOT NULL) AND created_by = coalesce(OLD.created_by, 0);
END;

-- The existing items: one pass over the table for the detail counts, the
-- coarse ones summed from those.
INSERT INTO feedback_tally_detail(scope_unit_id, category_id, channel, status, handled, created_by, n)
SELECT coalesce(unit_id, intake_unit_id, 0), category_id, channel, status, unit_id IS NOT NULL,
	coalesce(created_by, 0), count(*)
FROM feedback
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO feedback_tally(scope_unit_id, status, handled, created_by, n)
SELECT scope_unit_id, status, handled, created_by, sum(n)
FROM feedback_tally_detail
GROUP BY scope_unit_id, status, handled, created_by;
