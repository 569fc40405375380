"""The response cache of anonymous public views (web/cache.h): repeated
views are served identically, a change to the item shows at once, and
private items or secret-bearing views are never served from it."""
import sys
import time

sys.path.insert(0, "tests/http")
from harness import TAP, Server  # noqa: E402

t = TAP()
srv = Server(demo=True)
c = srv.client()
time.sleep(3)  # demo items were written just now; only stamps 2 s old are cached
with srv.db() as db:
    row = db.execute("SELECT f.code FROM feedback f JOIN units u ON u.id = f.unit_id WHERE f.status = 'published' "
                     "AND f.public = 1 AND (u.code = '00070' OR u.code LIKE '00070-%') "
                     "LIMIT 1").fetchone()
    private = db.execute("SELECT code FROM feedback WHERE public = 0 LIMIT 1").fetchone()
t.ok(row is not None, "a published public demo item of phường Hoàn Kiếm")
code = row[0]
a = c.get(f"/phan-anh/{code}")
b = c.get(f"/phan-anh/{code}")
t.eq((a.status, b.status), (200, 200), "public item page twice")
t.ok(a.body == b.body, "the second view is the same page")
t.ok(not any(k.lower() == "set-cookie" for k, v in b.headers), "anonymous public views set no cookie")
t.eq(b.header("Cache-Control"), "no-store", "cached pages still say no-store to browsers and proxies")
ja = c.get(f"/api/v1/feedback/{code}")
jb = c.get(f"/api/v1/feedback/{code}")
t.ok(ja.status == 200 and ja.body == jb.body, "API view twice, identical")
t.eq(jb.json()["status"], "published", "API view says published")
m = c.get("/metrics").text
hits = [int(x.split()[1]) for x in m.splitlines() if x.startswith("danvan_cache_hits_total ")]
t.ok(hits and hits[0] >= 2, "the repeated views were cache hits", hits)


# the public list and search: cached under the public items' stamp
import re  # noqa: E402
import urllib.parse  # noqa: E402


def total_of(page):
    m = re.search(r"Có ([0-9.]+) phản ánh", page.text)
    return int(m.group(1).replace(".", "")) if m else 0


def hits_now():
    m = c.get("/metrics").text
    return [int(x.split()[1]) for x in m.splitlines() if x.startswith("danvan_cache_hits_total ")][0]


with srv.db() as db:
    title = db.execute("SELECT title FROM feedback WHERE code = ?", (code,)).fetchone()[0]
word = title.split()[0]
lists = ["/phan-anh", "/phan-anh?status=published", "/phan-anh?q=" + urllib.parse.quote(word), "/phan-anh?page=2"]
first = [c.get(u) for u in lists]
h0 = hits_now()
again = [c.get(u) for u in lists]
t.ok(all(a.status == 200 for a in first + again), "public list, filters, search and page 2 answer 200")
t.ok(all(a.body == b.body for a, b in zip(first, again)), "a repeated list or search view is the same page")
t.ok(hits_now() - h0 >= len(lists), "... served from the cache", hits_now() - h0)
same = c.get("/phan-anh?page=1&status=published&q=")
t.ok(same.body == again[1].body, "an equivalent query string shares the entry of its canonical form")
published_before = total_of(again[1])
t.ok(published_before > 0, "the published filter counts published items", published_before)

r = c.post_json("/api/v1/tokens", {"username": "lanhdao.hoankiem", "password": "demo-password"})
token = r.json()["token"]
r = c.post_json(f"/api/v1/feedback/{code}/events", {"type": "close"}, token=token)
t.eq(r.status, 200, "the leader closes the item")
after = c.get(f"/api/v1/feedback/{code}")
t.eq(after.json()["status"], "closed", "the public API view shows the change at once")
page = c.get(f"/phan-anh/{code}")
t.ok(page.body != a.body, "the public page shows the change at once")
published_after = total_of(c.get("/phan-anh?status=published"))
t.eq(published_after, published_before - 1, "the cached published list shows the change at once")
closed = c.get("/phan-anh?status=closed")
t.ok(code in closed.text or total_of(closed) > 0, "the closed list answers after the change")

# the public list's pages are apart in the cache (its key once left the page out)
p1, p2 = c.get("/phan-anh"), c.get("/phan-anh?page=2")
p1b, p2b = c.get("/phan-anh"), c.get("/phan-anh?page=2")
t.ok(p1.body == p1b.body and p2.body == p2b.body and p1.body != p2.body,
     "pages 1 and 2 of the cached public list are each their own page")

# --- the portal (news): home page and search across kinds, never stale -------------------------------
tk = {u: c.post_json("/api/v1/tokens", {"username": u, "password": "demo-password"}).json().get("token")
      for u in ("tiepnhan.hoankiem", "xuly.hoankiem", "lanhdao.hoankiem")}
LEAD = tk["lanhdao.hoankiem"]


def iso(secs):
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(int(time.time()) + secs))


def warm(paths):
    """Let the stamps age (web/cache.h), view each path twice; True when the
    second views were all cache hits. PostgreSQL indexes a changed item
    again after its transaction, and that pass bumps the public stamp: wait
    for it first, or the stamp may be younger than the sleep."""
    srv.search_settled()
    time.sleep(2.1)
    for p in paths:
        c.get(p)
    h = hits_now()
    for p in paths:
        c.get(p)
    return hits_now() - h >= len(paths)


def search_titles(word):
    """What the public search shows for word: the page's text and the API's titles."""
    q = urllib.parse.quote(word)
    page = c.get("/tim-kiem?q=" + q).text
    api = c.get("/api/v1/search?q=" + q)
    return page, [i["title"] for i in api.json().get("items", [])] if api.status == 200 else None


def spaths(word):
    q = urllib.parse.quote(word)
    return ["/tim-kiem?q=" + q, "/api/v1/search?q=" + q]


# an article: publish, correction, unpublish
W = "Xylanhcache"
r = c.post_json("/api/v1/articles", {"title": f"Tin {W} về bộ nhớ đệm cổng", "lead": "Sapo", "body": "Nội dung",
                                     "unit": "00070-UBND"}, token=tk["xuly.hoankiem"])
t.eq(r.status, 201, "a draft article")
aslug = r.json().get("slug")
t.ok(warm(spaths(W) + ["/"]), "search (page and API) and the home page are served from the cache")
page, titles = search_titles(W)
t.ok(f"/tin-tuc/{aslug}" not in page and titles == [], "a draft is not found")
t.eq(c.post_json(f"/api/v1/articles/{aslug}/events", {"type": "publish"}, token=LEAD).status, 200, "published")
page, titles = search_titles(W)
t.ok(f"/tin-tuc/{aslug}" in page and any(W in x for x in titles), "search shows the publish at once (page and API)",
     titles)
t.ok(W in c.get("/").text, "the home page shows the publish at once")
t.ok(warm(spaths(W) + ["/"]), "cached again")
r = c.post_json(f"/api/v1/articles/{aslug}/events", {"type": "correct", "note": "Sửa tiêu đề.",
                                                     "title": f"Tin {W} Đínhchínhcache về bộ nhớ đệm"}, token=LEAD)
t.eq(r.status, 200, "corrected")
aslug = r.json().get("slug") or aslug
page, titles = search_titles(W)
t.ok(f"/tin-tuc/{aslug}" in page and any("Đínhchínhcache" in x for x in titles),
     "search shows the correction at once")
t.ok("Đínhchínhcache" in c.get("/").text, "the home page shows the correction at once")
t.ok(warm(spaths(W) + ["/"]), "cached again")
t.eq(c.post_json(f"/api/v1/articles/{aslug}/events", {"type": "unpublish"}, token=LEAD).status, 200, "unpublished")
page, titles = search_titles(W)
t.ok(f"/tin-tuc/{aslug}" not in page and titles == [], "search never shows an unpublished article (page and API)",
     titles)
t.ok(W not in c.get("/").text, "nor does the home page")

# a feedback answer published
F = "Quzzbxcache"
r = c.post_json("/api/v1/feedback", {"title": f"Cống {F} bị tắc trước nhà", "body": "Cống thoát nước bị tắc "
                                     "nhiều ngày, nước tràn ra đường.", "category": "khac", "unit": "00070",
                                     "public": True})
t.eq(r.status, 201, "a public feedback item")
fcode = r.json().get("code")
ev = [("tiepnhan.hoankiem", {"type": "assign", "unit": "00070-UBND"}),
      ("xuly.hoankiem", {"type": "answer", "text": "Đã nạo vét cống, nước đã thoát."})]
t.ok(all(c.post_json(f"/api/v1/feedback/{fcode}/events", e, token=tk[u]).status == 200 for u, e in ev),
     "assigned and answered")
srv.search_settled()
t.ok(warm(spaths(F) + ["/"]), "search and home cached")
page, titles = search_titles(F)
t.ok(f"/phan-anh/{fcode}" not in page and titles == [], "an answer not yet published is not found")
t.eq(c.post_json(f"/api/v1/feedback/{fcode}/events", {"type": "publish"}, token=LEAD).status, 200,
     "the answer is published")
srv.search_settled()  # PostgreSQL indexes a changed item again after its transaction (search_pending)
page, titles = search_titles(F)
t.ok(f"/phan-anh/{fcode}" in page and any(F in x for x in titles), "search shows the published answer at once",
     titles)
t.ok(F in c.get("/").text, "the home page's latest answers show it at once")

# a meeting: planned, then cancelled
M = "Mitinhcache"
t.ok(warm(spaths(M) + ["/"]), "search and home cached")
r = c.post_json("/api/v1/meetings", {"kind": "dialogue", "title": f"Đối thoại {M} với Nhân dân phường",
                                     "unit": "00070", "starts_at": iso(600), "ends_at": iso(4200),
                                     "place": "Hội trường UBND phường"}, token=LEAD)
t.eq(r.status, 201, "a public meeting is planned")
mid = r.json().get("id")
page, titles = search_titles(M)
t.ok(f"/hoi-nghi/{mid}" in page and any(M in x for x in titles), "search shows a new meeting at once", titles)
t.ok(M in c.get("/").text, "the home page's upcoming meetings show it at once")
t.ok(warm(spaths(M) + ["/"]), "cached again")
r = c.post_json(f"/api/v1/meetings/{mid}/events", {"type": "cancel", "reason": "Hoãn vì mưa bão."}, token=LEAD)
t.eq(r.status, 200, "the meeting is cancelled")
t.ok(M not in c.get("/").text, "the home page drops a cancelled meeting at once")
r = c.get("/api/v1/search?q=" + urllib.parse.quote(M))
t.eq(r.status, 200, "search answers after the change")

if private:
    for i in range(2):
        r = c.get(f"/phan-anh/{private[0]}")
        t.eq(r.status, 404, f"a private item stays 404 to the public (view {i + 1})")
        r = c.get(f"/api/v1/feedback/{private[0]}")
        t.eq(r.status, 404, f"... and in the API (view {i + 1})")
r = c.get(f"/api/v1/feedback/{code}?secret=wrongwrongwrongwrongwrongwr")
t.ok(r.status in (200, 404), "a wrong secret is answered, not served a cached sender view", r.status)
t.ok("can_rate" not in r.text or '"can_rate":false' in r.text, "a wrong secret gets no sender view")

srv.stop(t)
t.done()
