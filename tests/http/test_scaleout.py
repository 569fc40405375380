"""Scale-out (issue 12): two `danvan serve` processes, A and B, on one
PostgreSQL database (the same data directory for the audit key, different
ports), as behind a reverse proxy. What one server writes the other reads at
once; A's response cache is checked against the item's version stamp, kept
in A's memory and forgotten when the database announces a change (NOTIFY,
store/stamp_pg.h), so an answer published on B shows on A's cached public
page within the notification's delay (the test polls up to 2 s) and on B's
at once; with A's listening connection terminated, A reads every stamp from
the database (never stale) until the listener is back; the same for
the news stamp (home page, news list), and a scheduled article shows on
the cached news list once its time has come; a
session made on A (cookie and its CSRF token) is good on B, and an anonymous
form's double-submit token from A is good on B; failed logins on A and B
count together (the throttle's counters are in the database), so the same
user is throttled on both; the audit chain both servers wrote verifies.

PostgreSQL only (tests/pg_http.sh): on SQLite it prints one skipped test."""
import re
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, "tests/http")
import harness  # noqa: E402
from harness import TAP, Server, csrf_of, run_cli  # noqa: E402

t = TAP()
if harness.ENGINE != "postgresql":
    print("ok 1 # SKIP the scale-out test runs on PostgreSQL only (tests/pg_http.sh)", flush=True)
    print("1..1", flush=True)
    sys.exit(0)

TITLE = "Cống thoát nước bị tắc trên phố Hàng Đào"
BODY = "Cống thoát nước trước số 12 Hàng Đào bị tắc, mỗi khi mưa nước tràn lên vỉa hè."
ANSWER = "Ủy ban nhân dân phường đã nạo vét cống thoát nước trước số 12 Hàng Đào sáng nay."
NOTE = "Đội duy tu đã đến hiện trường kiểm tra."


def multipart(fields):
    boundary = "----danvan-scaleout-boundary-3kQ"
    out = b""
    for k, v in fields:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n").encode() + v.encode() + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


def post_multipart(client, path, fields):
    body, ctype = multipart(fields)
    return client.request("POST", path, body, {"Content-Type": ctype})


def on(server, client):
    """A client of `server` carrying `client`'s cookies (the same browser,
    its next request sent to the other server by the proxy)."""
    c = server.client()
    c.cookies = client.cookies  # shared: what either server sets, both see
    return c


def act(client, code, fields, csrf_from=None):
    """An officer action on the case page; the CSRF token is read from the
    case page on `csrf_from` (a client of either server, same cookies)."""
    r = (csrf_from or client).get(f"/quan-ly/phan-anh/{code}")
    return post_multipart(client, f"/quan-ly/phan-anh/{code}/thao-tac", [("csrf", csrf_of(r.text) or "")] + fields)


def cache_hits(server):
    m = server.client().get("/metrics").text
    for line in m.splitlines():
        if line.startswith("danvan_cache_hits_total "):
            return int(line.split()[1])
    return -1


def metric(server, name):
    for line in server.client().get("/metrics").text.splitlines():
        if line.startswith(name + " "):
            return int(line.split()[1])
    return -1


def soon(fn, timeout=2.0):
    """fn() is true at once or within `timeout` seconds: another server
    learns of a change from the database's NOTIFY, asynchronously (store/
    stamp_pg.h); the value of the last try."""
    end = time.time() + timeout
    while True:
        v = fn()
        if v or time.time() >= end:
            return v
        time.sleep(0.05)


def status_of(server, code):
    with server.db() as db:
        row = db.execute("SELECT status FROM feedback WHERE code = ?", (code,)).fetchone()
    return row[0] if row else None


# A retries a lost stamp listener after 8 s (store/stamp_pg.h), long enough
# to see it fall back to the database (the last part). B's listener handles
# each batch of notifications 1 s late (a test-only delay of the asan build):
# what B shows "at once" after its own change cannot have come from its
# listener, only from its own connection's notifications at COMMIT.
a = Server(demo=True, extra_env={"DANVAN_STAMP_RETRY_MS": "8000"})
b = Server(same_database_as=a, extra_env={"DANVAN_STAMP_RETRY_MS": "1000", "DANVAN_TEST_STAMP_DELAY_MS": "1000"})
t.ok(a.port != b.port and a.url == b.url and a.url, "two servers, two ports, one PostgreSQL database")

# --- a submission on A is readable at once on B ---------------------------------
cit = a.client()
r = cit.get("/phan-anh/gui")
form_csrf = csrf_of(r.text)
t.ok(form_csrf is not None, "A's send form carries a CSRF token")
r = post_multipart(cit, "/phan-anh/gui", [("csrf", form_csrf), ("title", TITLE), ("body", BODY),
                                          ("category", "moi-truong"), ("unit", "00070"),
                                          ("place", "Số 12 phố Hàng Đào"), ("public", "1")])
t.eq(r.status, 200, "submission on A: the receipt")
m = re.search(r'href="/phan-anh/([0-9A-Z]{4}-[0-9A-Z]{4})\?secret=([a-z2-7]{26})"', r.text)
t.ok(m is not None, "the receipt names the tracking code")
code = m.group(1) if m else "XXXX-XXXX"
pub_b = b.client()
r = pub_b.get(f"/phan-anh/{code}")
t.ok(r.status == 200 and TITLE in r.text, "B shows the new item's public page at once", r.status)
r = pub_b.get(f"/api/v1/feedback/{code}")
t.ok(r.status == 200 and r.json().get("title") == TITLE and r.json().get("status") == "received",
     "B's API shows the new item at once", r.text[:300])

# --- an anonymous form's token from A is accepted by B ----------------------------
r = post_multipart(on(b, cit), "/phan-anh/gui",
                   [("csrf", form_csrf), ("title", "Vỉa hè bị lấn chiếm trên phố Hàng Đào"),
                    ("body", "Các cửa hàng bày hàng kín vỉa hè, người đi bộ phải xuống lòng đường."),
                    ("category", "moi-truong"), ("unit", "00070"), ("public", "1")])
t.eq(r.status, 200, "B takes a submission with the double-submit token of A's form")
m2 = re.search(r'href="/phan-anh/([0-9A-Z]{4}-[0-9A-Z]{4})\?secret=', r.text)
t.ok(m2 is not None and a.client().get(f"/phan-anh/{m2.group(1)}").status == 200,
     "... and A shows that item at once")
r = post_multipart(b.client(), "/phan-anh/gui", [("csrf", form_csrf), ("title", "x" * 20), ("body", "y" * 40)])
t.eq(r.status, 403, "B refuses A's form token without its cookie (403)")

# --- a login on A is valid on B; its CSRF token is accepted by B --------------------
intake_a, r = a.login("tiepnhan.hoankiem")
t.eq(r.status, 303, "the intake officer logs in on A")
t.ok("sid" in intake_a.cookies, "A set a session cookie")
intake_b = on(b, intake_a)
r = intake_b.get("/quan-ly/phan-anh")
t.eq(r.status, 200, "B accepts A's session cookie (the inbox, not a redirect to log in)")
t.ok(code in r.text, "B's inbox lists the item submitted on A")
r = b.client().get("/quan-ly/phan-anh")
t.eq(r.status, 303, "B without the cookie: to the login page")

r = act(intake_b, code, [("type", "assign"), ("unit", "00070-UBND"), ("text", "Đề nghị nạo vét cống.")],
        csrf_from=intake_a)
t.eq(r.status, 303, "an action POSTed to B with the CSRF token of A's case page: accepted")
t.eq(status_of(a, code), "assigned", "the item is assigned")
r = post_multipart(intake_b, f"/quan-ly/phan-anh/{code}/thao-tac",
                   [("csrf", "A" * 43), ("type", "note"), ("text", "Ghi chú với mã sai")])
t.eq(r.status, 403, "B refuses a wrong CSRF token for the same session (403)")

# --- an officer action on A is visible on B's officer page --------------------------
handler_a, r = a.login("xuly.hoankiem")
t.eq(r.status, 303, "the handler logs in on A")
r = act(handler_a, code, [("type", "note"), ("text", NOTE)])
t.eq(r.status, 303, "the handler adds an internal note on A")
r = on(b, handler_a).get(f"/quan-ly/phan-anh/{code}")
t.ok(r.status == 200 and NOTE in r.text, "B's case page shows the note written on A", r.status)
r = act(handler_a, code, [("type", "answer"), ("result", "resolved"), ("text", ANSWER),
                          ("basis", "Quy chế quản lý hệ thống thoát nước"), ("next_steps", "Kiểm tra lại sau mưa.")])
t.eq(r.status, 303, "the handler drafts the answer on A")
r = intake_b.get("/quan-ly/phan-anh?status=answered")
t.ok(r.status == 200 and code in r.text, "B's inbox lists the item as answered at once")

# --- an answer published on B invalidates A's cached public page --------------------
# A (another server) sees it after the database's NOTIFY reaches its
# listener: within 2 s; B (the server that made the change) at once.
t.ok(soon(lambda: metric(a, "danvan_stamp_listener_up") == 1 and metric(b, "danvan_stamp_listener_up") == 1, 10),
     "both servers' stamp listeners are up (danvan_stamp_listener_up 1)")
time.sleep(3)  # only stamps at least 2 s old are cached (web/cache.h)
pub_a = a.client()
hits0 = cache_hits(a)
hits_b0 = cache_hits(b)
b1 = pub_b.get(f"/phan-anh/{code}")
b2 = pub_b.get(f"/phan-anh/{code}")
bj1 = pub_b.get(f"/api/v1/feedback/{code}")
bj2 = pub_b.get(f"/api/v1/feedback/{code}")
t.ok(b1.body == b2.body and bj1.body == bj2.body and ANSWER not in b1.text and cache_hits(b) >= hits_b0 + 2,
     "B too shows the page and API item (no answer yet), repeats from its cache", (hits_b0, cache_hits(b)))
mem0 = metric(a, "danvan_stamp_memory_hits_total")
p1 = pub_a.get(f"/phan-anh/{code}")
p2 = pub_a.get(f"/phan-anh/{code}")
j1 = pub_a.get(f"/api/v1/feedback/{code}")
j2 = pub_a.get(f"/api/v1/feedback/{code}")
t.ok(p1.status == 200 and p1.body == p2.body and ANSWER not in p1.text,
     "A shows the public page (no answer yet) twice, the same")
t.ok(j1.status == 200 and j1.body == j2.body and j1.json().get("status") != "published",
     "A's API shows the item (not published) twice, the same")
t.ok(cache_hits(a) >= hits0 + 2, "A served the repeats from its cache", (hits0, cache_hits(a)))
t.ok(metric(a, "danvan_stamp_memory_hits_total") >= mem0 + 2,
     "... checked against the stamps in A's memory, not read from the database")

leader_b, r = b.login("lanhdao.hoankiem")
t.eq(r.status, 303, "the leader logs in on B")
r = act(leader_b, code, [("type", "publish")])
t.eq(r.status, 303, "the leader publishes the answer on B")
t.eq(status_of(b, code), "published", "published")
b3 = pub_b.get(f"/phan-anh/{code}")
t.ok(b3.status == 200 and ANSWER in b3.text, "B's public page shows the answer it published at once")
bj3 = pub_b.get(f"/api/v1/feedback/{code}")
t.ok(bj3.json().get("status") == "published" and ANSWER in bj3.text, "B's API shows it published at once")
t.ok(soon(lambda: ANSWER in pub_a.get(f"/phan-anh/{code}").text),
     "A's public page shows the answer published on B (within 2 s)")
j3 = soon(lambda: (lambda r: r if r.json().get("status") == "published" else None)(
    pub_a.get(f"/api/v1/feedback/{code}")))
t.ok(j3 is not None, "A's API shows it published (within 2 s)")
t.ok(j3 is not None and ANSWER in j3.text, "A's API carries the answer")

# --- news: the news stamp in memory too (0032, 'a:*') --------------------------------
# The home page and the news list are cached under the news stamp
# (store/article.h article_stamp), kept in each server's memory and forgotten
# on any change to articles or their events. An article published on A: on
# A at once (its own connection's notifications at COMMIT), on B within 2 s
# (B's listener, 1 s late in this test). A scheduled article comes due with
# no write at all: the stamp in memory holds only until its publish_at.
def news_token(username):
    r = a.client().post_json("/api/v1/tokens", {"username": username, "password": "demo-password"})
    return r.json().get("token") if r.status == 201 else None


ntok_handler, ntok_leader = news_token("xuly.hoankiem"), news_token("lanhdao.hoankiem")
t.ok(ntok_handler and ntok_leader, "API tokens for the news writers")


def new_article(server, title):
    r = server.client().post_json("/api/v1/articles", {"title": title, "lead": "Sapo", "body": "Nội dung bài viết.",
                                                       "unit": "00070-UBND"}, token=ntok_handler)
    return r.json().get("slug") if r.status == 201 else None


def article_event(server, slug, **kw):
    return server.client().post_json(f"/api/v1/articles/{urllib.parse.quote(slug)}/events", kw, token=ntok_leader)


NEWS_TITLE = "Phường Hàng Đào ra quân nạo vét cống trước mùa mưa"
nslug = new_article(a, NEWS_TITLE)
t.ok(nslug is not None, "a draft article written on A")
time.sleep(3)  # only stamps at least 2 s old are cached (web/cache.h)
for srv in (a, b):
    for path in ("/", "/tin-tuc"):
        srv.client().get(path)
hits_a0, hits_b0 = cache_hits(a), cache_hits(b)
home_b, home_a = b.client().get("/"), a.client().get("/")
# the news list's only stamp is the news stamp: each request one memory hit
mem_a0, mem_b0 = metric(a, "danvan_stamp_memory_hits_total"), metric(b, "danvan_stamp_memory_hits_total")
list_b, list_a = b.client().get("/tin-tuc"), a.client().get("/tin-tuc")
b.client().get("/tin-tuc")
a.client().get("/tin-tuc")
mem_a1, mem_b1 = metric(a, "danvan_stamp_memory_hits_total"), metric(b, "danvan_stamp_memory_hits_total")
t.ok(NEWS_TITLE not in list_b.text and NEWS_TITLE not in home_b.text and NEWS_TITLE not in list_a.text,
     "the draft is on neither server's home page nor news list")
t.ok(cache_hits(a) >= hits_a0 + 3 and cache_hits(b) >= hits_b0 + 3,
     "both servers serve their home page and news list from the cache", (hits_a0, cache_hits(a)))
t.ok(mem_a1 >= mem_a0 + 2 and mem_b1 >= mem_b0 + 2,
     "... the news list checked against the news stamp in each server's memory, not read from the database",
     (mem_a0, mem_a1, mem_b0, mem_b1))
r = article_event(a, nslug, type="publish")
t.ok(r.status == 200 and r.json().get("status") == "published", "the leader publishes the article on A", r.text)
t.ok(NEWS_TITLE in a.client().get("/tin-tuc").text, "A's news list shows it at once")
t.ok(NEWS_TITLE in a.client().get("/").text, "A's home page shows it at once")
t.ok(soon(lambda: NEWS_TITLE in b.client().get("/tin-tuc").text), "B's news list shows it within 2 s")
t.ok(soon(lambda: NEWS_TITLE in b.client().get("/").text), "B's home page shows it within 2 s")
r = article_event(b, nslug, type="unpublish")
t.ok(r.status == 200 and r.json().get("status") == "unpublished", "the leader unpublishes it on B", r.text)
t.ok(NEWS_TITLE not in b.client().get("/tin-tuc").text, "B's news list drops it at once (B's listener is late)")
t.ok(soon(lambda: NEWS_TITLE not in a.client().get("/tin-tuc").text), "A's news list drops it within 2 s")

# a scheduled article appears on the cached list once its time has come
SCHED_TITLE = "Lịch tiếp công dân tháng sau của Ủy ban nhân dân phường"
sslug = new_article(a, SCHED_TITLE)
due_at = int(time.time()) + 5
r = article_event(a, sslug, type="publish",
                  publish_at=time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(due_at)))
t.ok(r.status == 200 and r.json().get("status") == "scheduled", "an article scheduled on A a few seconds ahead",
     r.text)
time.sleep(max(0.0, due_at - 2.5 - time.time()))  # the stamp is 2 s old: pages are cached
a.client().get("/tin-tuc")
hits_a0, mem_a0 = cache_hits(a), metric(a, "danvan_stamp_memory_hits_total")
early = a.client().get("/tin-tuc").text
if time.time() < due_at - 0.2:
    t.ok(SCHED_TITLE not in early, "not on A's news list before its time")
    t.ok(cache_hits(a) >= hits_a0 + 1 and metric(a, "danvan_stamp_memory_hits_total") >= mem_a0 + 1,
         "... served from the cache, the news stamp from memory")
else:
    print("# the machine was too slow to look before the scheduled time", flush=True)
time.sleep(max(0.0, due_at + 0.2 - time.time()))
t.ok(SCHED_TITLE in a.client().get("/tin-tuc").text,
     "A's cached news list shows it once its time has passed, with no change announced")
t.ok(SCHED_TITLE in b.client().get("/tin-tuc").text, "so does B's")
mem_a1 = metric(a, "danvan_stamp_memory_hits_total")
a.client().get("/tin-tuc")
a.client().get("/tin-tuc")
t.ok(metric(a, "danvan_stamp_memory_hits_total") >= mem_a1 + 2, "then A's news stamp comes from memory again")

# --- a logout on B ends the session on A too ------------------------------------------
leader_a = on(a, leader_b)
r = leader_a.get("/quan-ly")
t.eq(r.status, 200, "the leader's session made on B works on A")
sid = leader_b.cookies.get("sid")
r = leader_b.post_form("/dang-xuat", {"csrf": csrf_of(r.text) or ""})
t.eq(r.status, 303, "the leader logs out on B with the CSRF token of A's page")
stale = a.client()
stale.cookies = {"sid": sid or "none"}
t.eq(stale.get("/quan-ly/phan-anh").status, 303, "A no longer accepts the session ended on B")

# --- both servers writing at once: one write lock, one audit chain --------------------
tok = a.client().post_json("/api/v1/tokens", {"username": "xuly.hoankiem", "password": "demo-password"})
token = tok.json().get("token") if tok.status in (200, 201) else None
t.ok(token is not None, "an API token made on A", tok.status)
r = b.client().get_json("/api/v1/feedback?status=assigned", token=token)
t.eq(r.status, 200, "B accepts the API token made on A")
N = 24
sent, noted, lock = [], [], threading.Lock()


def writer(i):
    srv = (a, b)[i % 2]
    c = srv.client()
    for j in range(N // 4):
        r = c.post_json("/api/v1/feedback", {"title": f"Đèn đường hỏng số {i}-{j} trên phố Hàng Đào",
                                             "body": "Đèn đường không sáng từ tối hôm qua, đề nghị sửa chữa.",
                                             "category": "moi-truong", "unit": "00070", "public": True})
        r2 = c.post_json(f"/api/v1/feedback/{code}/events", {"type": "note", "text": f"Ghi chú {i}-{j}"},
                         token=token)
        with lock:
            sent.append((i, r.status, r.json().get("code") if r.status == 201 else None))
            noted.append(r2.status)


threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
for th in threads:
    th.start()
for th in threads:
    th.join()
codes = [(i, c) for i, st, c in sent if st == 201]
t.eq(len(codes), N, "every submission sent to A or B at once is acknowledged (201)",)
t.eq(noted.count(200), N, "every note sent to A or B on one item at once is recorded")
other = {0: b.client(), 1: a.client()}
missing = [c for i, c in codes if other[i % 2].get(f"/api/v1/feedback/{c}").status != 200]
t.eq(missing, [], "each acknowledged item is readable on the other server")
with a.db() as db:
    notes = db.execute("SELECT count(*) FROM feedback_events e JOIN feedback f ON f.id = e.feedback_id "
                       "WHERE f.code = ? AND e.type = 'note' AND e.text LIKE 'Ghi chú %'", (code,)).fetchone()[0]
t.eq(notes, N, "the item holds every note from both servers")

# --- a change that waited for the write lock still invalidates the cache -------------
# A change is stamped with its request's time (updated_at), but committed only
# once it holds the write lock, which another server may hold for seconds
# (up to lock_timeout). Meanwhile A may cache the item under the stamp the
# change will write again: two changes in one second, the second held up.
lt = a.client().post_json("/api/v1/tokens", {"username": "lanhdao.hoankiem", "password": "demo-password"})
ltoken = lt.json().get("token") if lt.status in (200, 201) else None
WRITE_LOCK = 7233183931253522433  # store/db_pg.c: every danvan transaction takes it (docs/postgresql.md)
while time.time() % 1 > 0.2:  # start early in a second
    time.sleep(0.01)
second = int(time.time())
r1 = b.client().post_json(f"/api/v1/feedback/{code}/events", {"type": "note", "text": "Ghi chú trước khi đóng"},
                          token=ltoken)
holder = harness.PgDB(a.url)
holder.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))  # a transaction of "another server"
closed = {}
th = threading.Thread(target=lambda: closed.update(r=b.client().post_json(
    f"/api/v1/feedback/{code}/events", {"type": "close"}, token=ltoken)))
th.start()
time.sleep(max(0.0, second + 2.6 - time.time()))
hits0 = cache_hits(a)
c1 = a.client().get(f"/phan-anh/{code}")
c2 = a.client().get(f"/phan-anh/{code}")  # from A's cache: the stamp is 2 s old
a.client().get(f"/api/v1/feedback/{code}")
a.client().get(f"/api/v1/feedback/{code}")
hits1 = cache_hits(a)
holder.commit()  # the lock goes; the close commits
holder.close()
th.join()
with a.db() as db:
    closed_at = db.execute("SELECT max(e.at) FROM feedback f JOIN feedback_events e ON e.feedback_id = f.id "
                           "AND e.type = 'close' WHERE f.code = ?", (code,)).fetchone()[0]
t.eq((r1.status, closed["r"].status if closed.get("r") else None), (200, 200),
     "a note on B, then a close on B held up by another transaction's write lock")
if closed_at != second:
    print(f"# the close was stamped {closed_at}, not in the note's second {second}: the race was not set up",
          flush=True)
t.ok(c1.status == 200 and c1.body == c2.body, "A showed the item twice while the close waited")
t.ok(hits1 >= hits0 + 2, "... page and API repeats from its cache", (hits0, hits1))
t.eq(b.client().get_json(f"/api/v1/feedback/{code}").json().get("status"), "closed",
     "B's API shows the item closed at once after its held-up close")
t.ok(soon(lambda: a.client().get_json(f"/api/v1/feedback/{code}").json().get("status") == "closed"),
     "A's API shows the item closed after the held-up close on B (within 2 s)")
t.ok(soon(lambda: a.client().get(f"/phan-anh/{code}").body != c2.body),
     "A's public page changed after the held-up close on B (not served stale from its cache)")

# --- a unit renamed on B: A's reports name it so (A keeps the tree in memory) ---------
# A server reads the organisation tree for its reports once per version of
# the 'unit' stamp (0044) and keeps it; a change on another server is
# announced through the database like the other stamps.
qa = a.client().post_json("/api/v1/tokens", {"username": "quantri", "password": "demo-password"}).json()["token"]


def unit_row_name(server, code="00082"):
    r = server.client().get_json(f"/api/v1/reports/summary?unit={code}&from=2025-01-01&to=2025-06-30&tree=then",
                                 token=qa)
    return next((u["name"] for u in r.json().get("by_unit", []) if u["code"] == code), None) if r.status == 200 \
        else r.status


name0 = unit_row_name(a)
t.ok(isinstance(name0, str) and unit_row_name(a) == name0, "A's report of phường Cửa Nam (00082) names it "
     "(twice: the second from the tree A keeps)", name0)
admin_b, r = b.login("quantri")
tok_b = csrf_of(admin_b.get("/quan-ly/don-vi/00082").text)
r = admin_b.post_form("/quan-ly/don-vi/00082/doi-ten", {"csrf": tok_b or "", "name": "Phường Cửa Nam (tên thử)"})
t.eq(r.status, 303, "the administrator renames 00082 on B")
t.eq(unit_row_name(b), "Phường Cửa Nam (tên thử)", "B's report names it so at once")
t.ok(soon(lambda: unit_row_name(a) == "Phường Cửa Nam (tên thử)"), "A's report names it so (within 2 s)")

# --- a category closed in the database: A refuses it (A keeps the categories) --------
# Every submission looks its category up; a server keeps them all, read
# again when the 'category' stamp changes (0047), announced like the others.
ITEM = {"title": "Cây đổ chắn ngang phố Hàng Bông", "body": "Cây lớn đổ sau cơn mưa chắn ngang lòng đường.",
        "category": "moi-truong"}
r = a.client().post_json("/api/v1/feedback", ITEM)
t.eq(r.status, 201, "A takes a submission in the category moi-truong")
with a.db() as db:
    db.execute("UPDATE categories SET active = 0 WHERE code = 'moi-truong'")
    db.commit()
t.ok(soon(lambda: a.client().post_json("/api/v1/feedback", ITEM).status == 422),
     "closed in the database by another connection: A refuses it (within 2 s)")
with a.db() as db:
    db.execute("UPDATE categories SET active = 1 WHERE code = 'moi-truong'")
    db.commit()
t.ok(soon(lambda: a.client().post_json("/api/v1/feedback", ITEM).status == 201), "opened again: A takes it")

# --- failed logins on A throttle the same user on B ----------------------------------
# AUTH_PAIR_FAILURES (5) wrong passwords for one user from one address, some
# sent to A and some to B: the counters are in the database, so they add up.
fails = []
for i, srv in enumerate([a, b, a, b, a]):
    r = srv.client().post_json("/api/v1/tokens", {"username": "xuly.cuanam", "password": f"sai mật khẩu {i}"})
    fails.append(r.status)
t.eq(fails, [401] * 5, "five wrong passwords for one officer, sent to A and B in turn (401 each)")
r = b.client().post_json("/api/v1/tokens", {"username": "xuly.cuanam", "password": "demo-password"})
t.eq(r.status, 429, "then B refuses the right password (429): it counted A's failures too")
t.ok((r.header("Retry-After") or "").isdigit(), "with a Retry-After header", r.headers)
r = a.client().post_json("/api/v1/tokens", {"username": "xuly.cuanam", "password": "demo-password"})
t.eq(r.status, 429, "and so does A")
r = b.client().post_json("/api/v1/tokens", {"username": "lanhdao.cuanam", "password": "demo-password"})
t.eq(r.status, 201, "another officer from the same address still logs in on B")
with a.db() as db:
    rows = db.execute("SELECT count(*), max(count) FROM login_throttle").fetchone()
t.eq(tuple(rows), (3, 5), "three counters in the database (address, user and address, user), at 5 failures")

# --- A's stamp listener lost: A reads stamps from the database, then recovers --------
# Each server keeps version stamps in memory while its listener connection
# (application_name danvan-stamp-PID) LISTENs for the database's NOTIFY; with
# it gone, a change on B could not reach A's memory, so A must stop trusting
# it and read every stamp from the database until the listener is back.
def listener_pid(server):
    with server.db() as db:
        row = db.execute("SELECT pid FROM pg_stat_activity WHERE application_name = ?",
                         (f"danvan-stamp-{server.proc.pid}",)).fetchone()
    return row[0] if row else None


def warm(server):
    """The item's page and API item twice on `server`; the second answers."""
    c = server.client()
    c.get(f"/phan-anh/{code}")
    c.get(f"/api/v1/feedback/{code}")
    return c.get(f"/phan-anh/{code}"), c.get_json(f"/api/v1/feedback/{code}")


lp = listener_pid(a)
t.ok(lp is not None, "A's stamp listener is a connection named danvan-stamp-PID", lp)
time.sleep(3)  # only stamps at least 2 s old are cached (web/cache.h)
hits0, mem0 = cache_hits(a), metric(a, "danvan_stamp_memory_hits_total")
w_page, w_api = warm(a)
t.ok(cache_hits(a) >= hits0 + 2 and metric(a, "danvan_stamp_memory_hits_total") >= mem0 + 2,
     "A serves the closed item from its cache, stamps from memory")
losses0 = metric(a, "danvan_stamp_listener_losses_total")
with a.db() as db:
    db.execute("SELECT pg_terminate_backend(?)", (lp,)).fetchone()
t.ok(soon(lambda: metric(a, "danvan_stamp_listener_losses_total") > losses0, 10),
     "A notices its listener's connection was terminated (danvan_stamp_listener_losses_total)")
t.eq(metric(a, "danvan_stamp_listener_up"), 0, "A no longer trusts its stamps in memory (listener_up 0)")
mem1, reads1 = metric(a, "danvan_stamp_memory_hits_total"), metric(a, "danvan_stamp_reads_total")
r = b.client().post_json(f"/api/v1/feedback/{code}/events", {"type": "reopen", "text": "Mở lại để kiểm tra."},
                         token=ltoken)
t.eq(r.status, 200, "while A's listener is down, the leader reopens the item on B")
j = a.client().get_json(f"/api/v1/feedback/{code}")
t.eq(j.json().get("status"), "assigned", "A's API shows it reopened at once (the stamp read from the database)")
t.ok(a.client().get(f"/phan-anh/{code}").body != w_page.body, "A's public page changed at once too")
t.ok(metric(a, "danvan_stamp_memory_hits_total") == mem1 and metric(a, "danvan_stamp_reads_total") >= reads1 + 2,
     "... no stamp came from A's memory while its listener was down")
t.ok(soon(lambda: metric(a, "danvan_stamp_listener_up") == 1, 30),
     "A's listener reconnects (DANVAN_STAMP_RETRY_MS) and A trusts its memory again")
lp2 = listener_pid(a)
t.ok(lp2 is not None and lp2 != lp, "a new listener connection", (lp, lp2))
time.sleep(3)
mem2 = metric(a, "danvan_stamp_memory_hits_total")
w_page, w_api = warm(a)
t.ok(w_api.json().get("status") == "assigned" and metric(a, "danvan_stamp_memory_hits_total") >= mem2 + 2,
     "after the reconnection A's stamps come from memory again, and are current")
r = b.client().post_json(f"/api/v1/feedback/{code}/events", {"type": "reject", "text": "Trùng với phản ánh khác."},
                         token=ltoken)
t.eq(r.status, 200, "the leader rejects the item on B")
t.ok(b.client().get(f"/phan-anh/{code}").body != w_page.body, "B shows the change at once")
t.ok(soon(lambda: a.client().get_json(f"/api/v1/feedback/{code}").body != w_api.body),
     "A's API shows the change made on B (within 2 s): the new listener forwards it")

# --- the audit chain both servers wrote verifies -------------------------------------
with a.db() as db:
    writers = db.execute("SELECT count(*) FROM audit_log WHERE action LIKE 'feedback.%'").fetchone()[0]
t.ok(writers >= 4, "both servers' actions are in the one audit log", writers)
b.stop(t)
r = run_cli("audit", "verify", "--data", a.data, "--database", a.url)
t.ok(r.returncode == 0, "danvan audit verify --database URL: the chain verifies", r.stdout + r.stderr)
a.stop(t)
t.done()
