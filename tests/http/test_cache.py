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

r = c.post_json("/api/v1/tokens", {"username": "lanhdao.hoankiem", "password": "demo-password"})
token = r.json()["token"]
r = c.post_json(f"/api/v1/feedback/{code}/events", {"type": "close"}, token=token)
t.eq(r.status, 200, "the leader closes the item")
after = c.get(f"/api/v1/feedback/{code}")
t.eq(after.json()["status"], "closed", "the public API view shows the change at once")
page = c.get(f"/phan-anh/{code}")
t.ok(page.body != a.body, "the public page shows the change at once")

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
