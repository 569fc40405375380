-- 0025_search_src.sql - the view search_src lists every kind of the one
-- search index (docs/search.md), one UNION ALL branch per kind: 0018
-- (meetings), 0020 (consultations), 0021 (articles) and 0022 (models) each
-- redefined it with feedback's branch and their own only, so the last of
-- them would have left the others out of a rebuild and of the integrity
-- check. A new kind redefines it here again in a later migration, with
-- every branch. The branches are those of the migrations named.
DROP VIEW search_src;
CREATE VIEW search_src(id, title, body, place, internal, tags) AS
	-- feedback (kind 1; 0012_redact_place.sql)
	SELECT 1099511627776 + f.id,
	       vn_fold(coalesce(f.public_title, f.title)),
	       vn_fold(coalesce(f.public_body, f.body)),
	       vn_fold(coalesce(f.public_place, f.place)),
	       CASE WHEN f.public_title IS NULL AND f.public_body IS NULL AND f.public_place IS NULL THEN NULL
	            WHEN f.public_place IS NULL THEN vn_fold(f.title || ' ' || f.body)
	            ELSE vn_fold(f.title || ' ' || f.body || ' ' || coalesce(f.place, '')) END,
	       vn_feedback_tags(f.public, f.status, f.unit_id, f.intake_unit_id, f.created_by,
				f.category_id, f.received_at)
	FROM feedback f
	UNION ALL
	-- meetings (kind 2; 0018_meeting_search.sql)
	SELECT 2199023255552 + m.id, vn_fold(m.title), vn_fold(m.hosts), vn_fold(m.place), NULL,
	       CASE WHEN m.public = 1 THEN 'vpub' ELSE '' END
	FROM meetings m
	UNION ALL
	-- consultations (kind 3; 0020_consultations.sql)
	SELECT 3298534883328 + c.id, vn_fold(c.title), vn_fold(c.summary), NULL, NULL, 'vpub'
	FROM consultations c
	UNION ALL
	-- models (kind 4; 0022_emulation.sql)
	SELECT 4398046511104 + o.id, vn_fold(o.search_key), NULL, NULL, NULL,
	       CASE WHEN o.status IN ('recognised', 'exemplary', 'commended') THEN 'spublic' ELSE 'sprivate' END
	FROM models o
	UNION ALL
	-- articles (kind 5; 0021_news.sql)
	SELECT 5497558138880 + a.id, vn_fold(a.title), vn_fold(a.lead || ' ' || a.body), NULL, NULL,
	       CASE WHEN a.status IN ('published', 'scheduled') THEN 'vpub ' ELSE '' END
	       || 's' || a.status || ' u' || a.unit_id
	FROM articles a;
