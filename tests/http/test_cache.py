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
