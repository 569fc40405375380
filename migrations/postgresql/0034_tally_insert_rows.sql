-- 0034_tally_insert_rows.sql (PostgreSQL) - new items are counted into the
-- roll-up tables and queued for the search index once per INSERT statement,
-- over its transition table, instead of once per row. The submission writer
-- inserts a whole batch with one statement (store/feedback.c
-- feedback_row_insert_many()); with a row trigger every item of a batch
-- upserted the same few roll-up rows again (its unit's tally, day, month,
-- report row...), each time a new row version in the same transaction that
-- the next upsert had to find. Now each distinct roll-up row is written once
-- per statement with the statement's counts. Keys and values are those of
-- feedback_tally_all_on_insert() (0030, 0031), which this replaces: an
-- INSERT of one row counts exactly as before. Updates and deletions keep
-- their row triggers. Upserts go in key order, as the row trigger's did
-- (one row at a time, in insert order) no two statements lock the same rows
-- in opposite orders. SQLite: nothing (0034 there is empty).
CREATE FUNCTION feedback_tally_all_on_insert_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO feedback_tally AS t (scope_unit_id, status, handled, created_by, n)
	SELECT coalesce(unit_id, intake_unit_id, 0), status, CASE WHEN unit_id IS NULL THEN 0 ELSE 1 END,
		coalesce(created_by, 0), count(*)
	FROM new_items GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
	ON CONFLICT (scope_unit_id, status, handled, created_by) DO UPDATE SET n = t.n + excluded.n;

	INSERT INTO feedback_tally_detail AS t (scope_unit_id, category_id, channel, status, handled, created_by, n)
	SELECT coalesce(unit_id, intake_unit_id, 0), category_id, channel, status,
		CASE WHEN unit_id IS NULL THEN 0 ELSE 1 END, coalesce(created_by, 0), count(*)
	FROM new_items GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
	ON CONFLICT (scope_unit_id, category_id, channel, status, handled, created_by)
	DO UPDATE SET n = t.n + excluded.n;

	INSERT INTO feedback_tally_day AS t (scope_unit_id, day, category_id, lag, created_by, n, on_time)
	SELECT u, rd, category_id, lg, c, count(*), sum(ot)
	FROM (SELECT coalesce(unit_id, intake_unit_id, 0) AS u, (received_at + 25200) / 86400 AS rd, category_id,
		CASE WHEN answered_at IS NULL THEN -1
		     ELSE greatest(0, (answered_at + 25200) / 86400 - (received_at + 25200) / 86400) END AS lg,
		coalesce(created_by, 0) AS c,
		CASE WHEN answered_at IS NOT NULL AND (due_at IS NULL OR answered_at <= due_at) THEN 1 ELSE 0 END AS ot
	      FROM new_items) AS x
	GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
	ON CONFLICT (scope_unit_id, day, category_id, lag, created_by)
	DO UPDATE SET n = t.n + excluded.n, on_time = t.on_time + excluded.on_time;

	INSERT INTO feedback_tally_month AS t (scope_unit_id, month, created_by, n, answered, on_time)
	SELECT coalesce(unit_id, intake_unit_id, 0), vn_month(received_at), coalesce(created_by, 0), count(*),
		count(answered_at),
		sum(CASE WHEN answered_at IS NOT NULL AND (due_at IS NULL OR answered_at <= due_at) THEN 1 ELSE 0 END)
	FROM new_items GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
	ON CONFLICT (scope_unit_id, month, created_by)
	DO UPDATE SET n = t.n + excluded.n, answered = t.answered + excluded.answered,
		on_time = t.on_time + excluded.on_time;

	INSERT INTO feedback_tally_due AS t (scope_unit_id, category_id, due_day, created_by, n)
	SELECT coalesce(unit_id, intake_unit_id, 0), category_id,
		CASE WHEN due_at IS NULL THEN -1 ELSE (due_at + 25200) / 86400 END, coalesce(created_by, 0), count(*)
	FROM new_items WHERE status IN ('received', 'assigned')
	GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
	ON CONFLICT (scope_unit_id, category_id, due_day, created_by) DO UPDATE SET n = t.n + excluded.n;

	INSERT INTO report_feedback_tally AS t (unit_id, day, lag, n, on_time, rated, satisfied, voter, voter_answered)
	SELECT u, rd, lg, count(*), sum(ot), count(rating), sum(CASE WHEN rating >= 4 THEN 1 ELSE 0 END), sum(vt),
		sum(CASE WHEN answered_at IS NULL THEN 0 ELSE vt END)
	FROM (SELECT coalesce(i.unit_id, i.intake_unit_id, 0) AS u, (i.received_at + 25200) / 86400 AS rd,
		CASE WHEN i.answered_at IS NULL THEN -1
		     ELSE greatest(0, (i.answered_at + 25200) / 86400 - (i.received_at + 25200) / 86400) END AS lg,
		CASE WHEN i.answered_at IS NOT NULL AND (i.due_at IS NULL OR i.answered_at <= i.due_at)
		     THEN 1 ELSE 0 END AS ot,
		i.rating, i.answered_at,
		CASE WHEN i.meeting_id IS NOT NULL AND EXISTS (SELECT 1 FROM meetings vm
			WHERE vm.id = i.meeting_id AND vm.kind = 'voter_contact') THEN 1 ELSE 0 END AS vt
	      FROM new_items AS i) AS x
	GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
	ON CONFLICT (unit_id, day, lag)
	DO UPDATE SET n = t.n + excluded.n, on_time = t.on_time + excluded.on_time, rated = t.rated + excluded.rated,
		satisfied = t.satisfied + excluded.satisfied, voter = t.voter + excluded.voter,
		voter_answered = t.voter_answered + excluded.voter_answered;
	RETURN NULL;
END;
$$;

CREATE FUNCTION feedback_search_queue_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO search_pending(id) SELECT 1099511627776 + id FROM new_items ORDER BY 1 ON CONFLICT DO NOTHING;
	RETURN NULL;
END;
$$;

DROP TRIGGER feedback_tally_insert ON feedback;
DROP FUNCTION feedback_tally_all_on_insert();
CREATE TRIGGER feedback_tally_insert AFTER INSERT ON feedback
	REFERENCING NEW TABLE AS new_items
	FOR EACH STATEMENT EXECUTE FUNCTION feedback_tally_all_on_insert_rows();
DROP TRIGGER feedback_search_insert ON feedback;
CREATE TRIGGER feedback_search_insert AFTER INSERT ON feedback
	REFERENCING NEW TABLE AS new_items
	FOR EACH STATEMENT EXECUTE FUNCTION feedback_search_queue_rows();

-- A new item's "submit" event announces nothing (0029: its item's stamp is
-- new already), so the trigger's condition skips the function call for it
-- instead of the function returning at once: a batch of submissions inserts
-- its events with one statement, and the calls were a third of its time.
DROP TRIGGER feedback_event_stamp_notify ON feedback_events;
CREATE TRIGGER feedback_event_stamp_notify AFTER UPDATE OR DELETE ON feedback_events
	FOR EACH ROW EXECUTE FUNCTION feedback_event_stamp_notify();
CREATE TRIGGER feedback_event_stamp_notify_insert AFTER INSERT ON feedback_events
	FOR EACH ROW WHEN (NEW.type <> 'submit') EXECUTE FUNCTION feedback_event_stamp_notify();
