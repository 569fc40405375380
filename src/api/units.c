/*
 * units.c - GET /api/v1/units: the organisation tree as a flat list,
 * current by default, or as it stood on ?date=YYYY-MM-DD, or with closed
 * units too (?closed=1).
 */
#include "api.h"
#include "core/timefmt.h"
#include "http/response.h"
#include "store/db.h"
#include "store/unit.h"
#include "web/web.h"

int api_units(struct request *req)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	const char *date = req_query(req, "date");
	const char *closed = req_query(req, "closed");
	struct unit_list l;
	int rc;
	if (date) {
		int64_t day;
		if (parse_date(date, &day) < 0)
			return http_error_fields(req, 422, "validation_failed", "date must be YYYY-MM-DD",
						 json_pack("{s:s}", "date", "must be YYYY-MM-DD"));
		rc = unit_list_as_of(db, req->arena, vn_day_start(day), &l);
	} else {
		rc = unit_list(db, req->arena, closed && !strcmp(closed, "1") ? UNIT_LIST_CLOSED : 0, &l);
	}
	if (rc < 0)
		return http_error(req, 503, "unavailable", NULL);
	json_t *items = json_array();
	char from[11], to[11];
	for (size_t i = 0; i < l.n; i++) {
		const struct unit *u = &l.items[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:s}", "code", u->code, "name", u->name, "kind", u->kind,
				      "parent", web_str(u->parent_code), "valid_from",
				      fmt_ymd(vn_day_of(u->valid_from), from));
		if (u->valid_to != UNIT_OPEN)
			json_object_set_new(o, "valid_to", json_string(fmt_ymd(vn_day_of(u->valid_to), to)));
		json_array_append_new(items, o);
	}
	return http_json(req, 200, json_pack("{s:o}", "items", items));
}
