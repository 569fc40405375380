-- 0038_report_overdue_index.sql - the reports' overdue feedback from an index
-- of the open items alone (docs/reports.md, "Speed").
--
-- "Overdue" (open and past due now) is the one feedback figure no roll-up
-- can keep, since it changes with the time of reading. It was counted
-- through feedback_inbox (unit, status, received_at, ...): every open
-- item of the period, each read from the table for intake_unit_id (the
-- unit expression's other half). This partial index holds the open items
-- only, in due order, with every column the count reads: the count walks
-- the overdue ones of each unit (due_at < now) and never the table.
CREATE INDEX IF NOT EXISTS feedback_open_due ON feedback(coalesce(unit_id, intake_unit_id), due_at, received_at,
	status, unit_id, intake_unit_id) WHERE status IN ('received', 'assigned');
