-- 0032_news_stamp_notify.sql - PostgreSQL announces changes to the news
-- stamp with NOTIFY (migrations/postgresql/0032_news_stamp_notify.sql,
-- store/article.c article_stamp()); SQLite reads it in process and needs
-- nothing: numbered in step.
SELECT 1;
