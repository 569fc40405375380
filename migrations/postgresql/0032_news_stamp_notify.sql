-- 0032_news_stamp_notify.sql - the news stamp (store/article.h
-- article_stamp(): the latest article_events row, and the scheduled
-- articles come due) kept in each server's memory like the stamps of 0029:
-- every change to the two tables it reads is announced as 'a:*', on
-- 'danvan_stamp' and on the writing session's own channel (through
-- danvan_stamp_notify() of 0029, so the writer forgets it at its COMMIT).
-- Per statement: one announcement, whatever the number of rows (equal
-- payloads in one transaction are sent once anyway). The other article
-- tables (tags, pins, links, corrections, images) do not count in the
-- stamp: the application writes them with an article event. What the stamp
-- owes to the time alone (a scheduled article coming due) is announced by
-- no one: the server keeps the stamp only until the next scheduled
-- publish_at (store/article.c).
CREATE FUNCTION article_stamp_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM danvan_stamp_notify('a:*');
	RETURN NULL;
END;
$$;

CREATE TRIGGER article_stamp_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON articles
	FOR EACH STATEMENT EXECUTE FUNCTION article_stamp_notify();
CREATE TRIGGER article_event_stamp_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON article_events
	FOR EACH STATEMENT EXECUTE FUNCTION article_stamp_notify();
