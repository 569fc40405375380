"""The same danvan on both engines: a server on SQLite and one on
PostgreSQL, each with the demo data (the same seed, so the same items and
tracking codes), must answer searches with the same results - the public's
and an officer's, with filters, phrases, prefixes, redacted words - and the
same highlighting on the public list page, and the same lists, counts and
dashboard without a search. Search text is folded in C on both engines
(core/vntext); only the ranking function differs (FTS5's vn_rank against
ts_rank), so results are compared as sets, and the order of each answer is
compared where the ranks cannot tie.

Runs only with DANVAN_TEST_ENGINE=postgresql (tests/pg_http.sh), which
names the PostgreSQL cluster; under SQLite alone it is skipped."""
import re
import sys
import urllib.parse

sys.path.insert(0, "tests/http")
import harness  # noqa: E402
from harness import TAP, Server  # noqa: E402

if harness.ENGINE != "postgresql":
    print("1..0 # SKIP needs DANVAN_TEST_ENGINE=postgresql (tests/pg_http.sh)")
    sys.exit(0)

t = TAP()
lite = Server(demo=True, engine="sqlite")
pg = Server(demo=True, engine="postgresql")
cl, cp = lite.client(), pg.client()


def token(c, username):
    r = c.post_json("/api/v1/tokens", {"username": username, "password": "demo-password"})
    return r.json().get("token") if r.status == 201 else None


tokens = {srv: {u: token(c, u) for u in ("tiepnhan.hoankiem", "lanhdao.hoankiem", "quantri")}
          for srv, c in ((lite, cl), (pg, cp))}
t.ok(all(all(v.values()) for v in tokens.values()), "tokens on both engines")

# an item with a redacted title, the same on both but for its tracking code
# (random: named NEW in what is compared)
new_code = {}
for srv, c in ((lite, cl), (pg, cp)):
    tk = tokens[srv]
    r = c.post_json("/api/v1/feedback", {"title": "Cống thoát nước trước nhà ông Bí Mật Tên bị tắc",
                                          "body": "Nước tràn ra đường mỗi khi trời mưa to, đề nghị nạo vét.",
                                          "category": "khac", "place": "Ngõ Tràng Tiền", "unit": "00070"})
    code = new_code[srv] = r.json().get("code")
    for ev, who in ((dict(type="assign", unit="00070-UBND"), "tiepnhan.hoankiem"),
                    (dict(type="redact", title="Cống thoát nước trước một nhà dân bị tắc",
                          reason="Có tên người."), "lanhdao.hoankiem")):
        c.post_json(f"/api/v1/feedback/{code}/events", ev, tk[who])
    t.ok(srv.search_settled(), f"{'sqlite' if srv is lite else 'postgresql'}: every item indexed")

QUERIES = ["đèn đường", "den duong", "Đường", "rác thải", "rac", "ngõ", "\"ngõ hẻm\"", "\"hẻm ngõ\"", "phố hàng",
           "xe máy", "kh", "khéo", "nguy", "cây xanh đổ", "ô nhiễm tiếng ồn", "cống thoát nước", "Bí Mật",
           "bi mat ten", "một nhà dân", "tràng tiền", "OR (", "\"", "中文", "zzqx không có", "a", "2024",
           "dân vận khéo", "ngập", "trật tự đô thị", "lấn chiếm vỉa hè", "hoàn kiếm"]
PARAMS = [{}, {"category": "moi-truong"}, {"status": "published"}, {"per_page": 5, "page": 2}]


def answer(srv, c, q, params, who):
    p = dict(params)
    p["q"] = q
    p.setdefault("per_page", 100)
    r = c.get_json("/api/v1/feedback?" + urllib.parse.urlencode(p), tokens[srv][who] if who else None)
    if r.status != 200:
        return r.status, None, None
    j = r.json()
    return 200, j.get("total"), codes(srv, j)


def codes(srv, j):
    return ["NEW" if x["code"] == new_code[srv] else x["code"] for x in j.get("items", [])]


differ, order_differs, compared = [], 0, 0
for who in (None, "tiepnhan.hoankiem", "quantri"):
    for q in QUERIES:
        for params in PARAMS:
            a, b = answer(lite, cl, q, params, who), answer(pg, cp, q, params, who)
            compared += 1
            if params.get("page") or (a[1] or 0) > len(a[2] or []):
                # a page of a ranked list: the same size; which items depends on the ranking
                same = a[0] == b[0] and a[1] == b[1] and len(a[2] or []) == len(b[2] or [])
            else:
                same = a[0] == b[0] and a[1] == b[1] and set(a[2] or []) == set(b[2] or [])
                order_differs += same and a[2] != b[2]
            if not same:
                differ.append((who, q, params, a[:2], b[:2],
                               sorted(set(a[2] or []) ^ set(b[2] or []))[:6]))
t.eq(differ, [], f"{compared} searches (public, intake, admin; filters, paging): the same results on both engines")
print(f"# {order_differs} of them ranked in another order (ts_rank against vn_rank)", flush=True)

# PostgreSQL collects a search's candidates by windows of the key, newest
# first (store/feedback.c pg_candidates()); the demo's items fit in the
# first. A second server on the same database with windows of 3 items
# (DANVAN_TEST_SEARCH_WINDOW, asan builds) must give exactly the same
# answers, order, totals and counts included.
pgw = Server(engine="postgresql", same_database_as=pg, extra_env={"DANVAN_TEST_SEARCH_WINDOW": "3"})
cw = pgw.client()
tokens[pgw] = {u: token(cw, u) for u in ("tiepnhan.hoankiem", "lanhdao.hoankiem", "quantri")}
wdiffer, wcompared = [], 0
for who in (None, "tiepnhan.hoankiem", "lanhdao.hoankiem"):
    for q in QUERIES:
        for params in PARAMS + [{"status": "assigned"}, {"per_page": 3, "page": 4}]:
            p = dict(params, q=q)
            p.setdefault("per_page", 100)
            path = "/api/v1/feedback?" + urllib.parse.urlencode(p)
            ra = cp.get_json(path, tokens[pg][who] if who else None)
            rb = cw.get_json(path, tokens[pgw][who] if who else None)
            wcompared += 1
            if (ra.status, ra.text) != (rb.status, rb.text):
                wdiffer.append((who, q, params, ra.status, rb.status))
t.eq(wdiffer, [], f"{wcompared} searches on PostgreSQL by windows of 3 items: the same answers as in one window")
pgw.stop(t)

# highlighting on the public list page: the same <mark>ed words (queries
# whose results all fit on the page, whatever their order)
for q in ("cống thoát nước", "tràng tiền", "một nhà dân", "\"ngõ hẻm\"", "lấn chiếm vỉa hè"):
    ml = re.findall(r"<mark>(.*?)</mark>", cl.get("/phan-anh?per_page=100&q=" + urllib.parse.quote(q)).text)
    mp = re.findall(r"<mark>(.*?)</mark>", cp.get("/phan-anh?per_page=100&q=" + urllib.parse.quote(q)).text)
    t.eq(sorted(mp), sorted(ml), f"/phan-anh?q={q!r}: the same highlighted words")

# without a search: lists, counts and the dashboard
for path in ("/api/v1/feedback?per_page=100", "/api/v1/feedback?per_page=100&status=received",
             "/api/v1/feedback?per_page=50&page=2"):
    for who in (None, "tiepnhan.hoankiem", "lanhdao.hoankiem", "quantri"):
        ra = cl.get_json(path, tokens[lite][who] if who else None)
        rb = cp.get_json(path, tokens[pg][who] if who else None)
        ja, jb = ra.json(), rb.json()
        t.ok(ra.status == rb.status == 200 and ja.get("total") == jb.get("total") and
             codes(lite, ja) == codes(pg, jb),
             f"{path} as {who or 'the public'}: the same list in the same order",
             (ra.status, rb.status, ja.get("total"), jb.get("total")))
for who in ("lanhdao.hoankiem", "quantri"):
    pages = []
    for srv in (lite, pg):
        c, r = srv.login(who)
        r = c.get("/quan-ly/tong-hop")
        pages.append((r.status, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text))))
    t.eq(pages[0][0], 200, f"dashboard as {who} (SQLite): 200")
    a, b = pages[0][1], pages[1][1]
    at = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    t.ok(pages[0] == pages[1], f"dashboard as {who}: the same figures on both engines",
         f"first difference at {at}:\nsqlite:     {a[max(0, at - 200):at + 200]}\npostgresql: {b[max(0, at - 200):at + 200]}")

lite.stop(t)
pg.stop(t)
t.done()
