"""Issue 10, items 6 and 15: deep pages and the dashboard.

6. A list shows its first 10,000 items (1,000 with a search): a page that
   starts beyond is 404 on the HTML lists and 422 `page_out_of_range` in the
   API, for the public list, the officer inbox, search results and the API's
   lists, and the last reachable page still works (with items on it).
15. The leader's dashboard is built from counters: its figures must equal
   counts computed here, independently, with sqlite3 over the test's
   database (demo data plus items created and answered in the test).
"""
import datetime
import html
import re
import sys
import time
import urllib.parse

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from harness import ENGINE, Server, TAP  # noqa: E402

VN = 25200
t = TAP()
srv = Server()
c = srv.client()

# --- 10,050 public answered items, so that the last reachable page has items ----------
with srv.db() as db:
    cat = db.execute("SELECT id FROM categories ORDER BY id LIMIT 1").fetchone()[0]
    unit = db.execute("SELECT unit_id FROM feedback WHERE unit_id IS NOT NULL LIMIT 1").fetchone()[0]
    now = int(time.time())
    db.execute(
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 10050) "
        "INSERT INTO feedback(code, secret_hash, title, body, category_id, channel, status, public, "
        "intake_unit_id, unit_id, received_at, due_at, answered_at, published_at, updated_at) "
        "SELECT " + ("'Q' || lpad((i / 10000)::text, 3, '0') || '-' || lpad((i % 10000)::text, 4, '0'), "
                     "decode(repeat('00', 32), 'hex'), " if ENGINE == "postgresql" else
                     "printf('Q%03d-%04d', i / 10000, i % 10000), zeroblob(32), ") +
        "'Đèn đường hỏng số ' || i, "
        "'Đèn đường trước nhà đã hỏng nhiều ngày.', ?, 'web', 'published', 1, ?, ?, "
        "? - 400 * 86400 - i, ? - 380 * 86400, ? - 390 * 86400 - i, ? - 390 * 86400 - i, ? FROM k",
        (cat, unit, unit, now, now, now, now, now))
    published = db.execute("SELECT count(*) FROM feedback WHERE public = 1 AND status IN "
                           "('published', 'closed')").fetchone()[0]
t.ok(published > 10000, f"{published} public answered items")

# --- public list (HTML) ------------------------------------------------------------------
r = c.get("/phan-anh?page=500")
t.eq(r.status, 200, "/phan-anh?page=500 (items 9,981-10,000, the last page shown) answers 200")
t.ok(r.text.count('href="/phan-anh/') >= 20, "the last reachable page lists 20 items",
     r.text[-1500:])
t.ok("page=501" not in r.text, "the pager offers no page past the last reachable one")
for page in ("501", "100000", "1000000", "99999999999999999999999999"):
    r = c.get("/phan-anh?page=" + page)
    t.eq(r.status, 404, f"/phan-anh?page={page} is 404")
r = c.get("/phan-anh?page=abc")
t.eq(r.status, 200, "a page that is not a number shows the first page")
r = c.get("/phan-anh?q=" + urllib.parse.quote("đèn đường") + "&page=50")
t.eq(r.status, 200, "a search's last reachable page (50 x 20 = 1,000) answers 200")
r = c.get("/phan-anh?q=" + urllib.parse.quote("đèn đường") + "&page=51")
t.eq(r.status, 404, "a search page past its 1,000 results is 404")

# --- public list (API) ---------------------------------------------------------------------
r = c.get("/api/v1/feedback?per_page=100&page=100")
t.eq(r.status, 200, "API per_page=100&page=100 (the last reachable page) answers 200")
t.eq(len(r.json().get("items", [])), 100, "... with 100 items")


def out_of_range(path, name, token=None):
    r = c.get_json(path, token=token) if token else c.get(path)
    body = r.json() if r.status == 422 else {}
    err = body.get("error", {})
    t.ok(r.status == 422 and err.get("code") == "page_out_of_range" and "page" in err.get("fields", {}),
         name, f"{r.status} {r.text[:300]}")


out_of_range("/api/v1/feedback?per_page=100&page=101", "API page 101 of 100 is 422 page_out_of_range")
out_of_range("/api/v1/feedback?per_page=100&page=1000000", "API page 1,000,000 is 422 page_out_of_range")
out_of_range("/api/v1/feedback?page=99999999999999999999999", "API page beyond a long is 422 page_out_of_range")
out_of_range("/api/v1/feedback?status=received&page=1000000",
             "API far page with a status anonymous callers never see is 422 too")
out_of_range("/api/v1/feedback?per_page=20&page=51&q=" + urllib.parse.quote("đèn"),
             "API search page past 1,000 results is 422 page_out_of_range")
r = c.get("/api/v1/feedback?per_page=20&page=50&q=" + urllib.parse.quote("đèn"))
t.eq(r.status, 200, "API search page 50 x 20 answers 200")
r = c.get("/api/v1/feedback?page=0")
t.ok(r.status == 422 and r.json()["error"]["code"] == "validation_failed", "API page=0 is validation_failed")

# --- officer inbox (HTML and API) ------------------------------------------------------------
leader, _ = srv.login("lanhdao.hoankiem")
r = leader.get("/quan-ly/phan-anh?page=400")
t.eq(r.status, 200, "inbox page 400 (25 a page: items 9,976-10,000) answers 200")
for page in ("401", "1000000"):
    r = leader.get("/quan-ly/phan-anh?page=" + page)
    t.eq(r.status, 404, f"inbox page {page} is 404")
    r = leader.get("/quan-ly/phan-anh?sort=due&page=" + page)
    t.eq(r.status, 404, f"inbox page {page} due first is 404")
tok = c.post_json("/api/v1/tokens", {"username": "lanhdao.hoankiem", "password": "demo-password"}).json()["token"]
r = c.get_json("/api/v1/feedback?per_page=100&page=100", token=tok)
t.eq(r.status, 200, "API inbox page 100 of 100 answers 200")
out_of_range("/api/v1/feedback?per_page=100&page=101", "API inbox page 101 of 100 is 422 page_out_of_range", tok)
out_of_range("/api/v1/feedback?per_page=100&page=1000000&overdue=true",
             "API inbox far page with a filter is 422 page_out_of_range", tok)

# --- the dashboard equals independent counts ----------------------------------------------------
# items created here: sent, assigned, answered (today), one left received
admin_tok = c.post_json("/api/v1/tokens", {"username": "quantri", "password": "demo-password"}).json()["token"]
made = []
for i in range(4):
    r = c.post_json("/api/v1/feedback", {"title": f"Ổ gà trên đường số {i}",
                                         "body": "Mặt đường có ổ gà lớn, xe máy dễ ngã.",
                                         "category": "giao-thong", "unit": "00070", "public": True})
    made.append(r.json().get("code"))
t.ok(all(made), "four items sent for the dashboard", made)
ok = True
for code in made[:3]:
    r = c.post_json(f"/api/v1/feedback/{code}/events", {"type": "assign", "unit": "00070-UBND"}, token=admin_tok)
    ok &= r.status == 200
for code in made[:2]:
    r = c.post_json(f"/api/v1/feedback/{code}/events", {"type": "answer", "text": "Đã vá ổ gà, cảm ơn ông bà."},
                    token=tok)
    ok &= r.status == 200
t.ok(ok, "created items assigned and answered")

cal_cache = {}


def off_days(year):
    if year not in cal_cache:
        j = c.get(f"/api/v1/calendar/{year}").json()
        day = lambda s: (datetime.date.fromisoformat(s) - datetime.date(1970, 1, 1)).days
        cal_cache[year] = ({day(d["date"]) for d in j["days_off"]},
                           {day(d["date"]) for d in j["working_days_swapped"]})
    return cal_cache[year]


def working(d):
    y = (datetime.date(1970, 1, 1) + datetime.timedelta(days=d)).year
    off, swapped = off_days(y)
    weekend = (d + 3) % 7 >= 5  # 1970-01-01 was a Thursday
    return d not in off and (not weekend or d in swapped)


def wd_between(a, b):
    return sum(1 for d in range(a + 1, b + 1) if working(d))


def vday(ts):
    return (ts + VN) // 86400


def day_start(d):
    return d * 86400 - VN


def num(s):
    return int(s.replace(".", ""))


def dec(v):
    return "%d,%d" % divmod(int(v * 10 + 0.5), 10)


def expected(username, now):
    db = srv.db()
    acct = db.execute("SELECT id FROM accounts WHERE username = ?", (username,)).fetchone()[0]
    scope = [r[0] for r in db.execute(
        "WITH RECURSIVE s(id) AS (SELECT unit_id FROM role_grants WHERE account_id = ? AND revoked_at IS NULL "
        "UNION SELECT u.id FROM units u JOIN s ON u.parent_id = s.id) SELECT id FROM s", (acct,))]
    marks = ",".join("?" * len(scope)) or "NULL"
    rows = db.execute(
        f"SELECT coalesce(unit_id, intake_unit_id, 0), category_id, status, received_at, due_at, answered_at "
        f"FROM feedback WHERE coalesce(unit_id, intake_unit_id) IN ({marks}) OR created_by = ?",
        scope + [acct]).fetchall()
    names = dict(db.execute("SELECT id, name FROM units"))
    names[0] = "Chưa phân công"
    cats = dict(db.execute("SELECT id, name FROM categories"))
    db.close()
    today = vday(now)
    y, m = (datetime.date(1970, 1, 1) + datetime.timedelta(days=today)).year, \
        (datetime.date(1970, 1, 1) + datetime.timedelta(days=today)).month
    from_day = (datetime.date(y, m, 1) - datetime.date(1970, 1, 1)).days
    to_day = (datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.date(1970, 1, 1)).days
    d, k = today, 0
    while k < 3:
        d += 1
        k += working(d)
    soon = day_start(d + 1) - 1

    def blank():
        return {"received": 0, "open": 0, "overdue": 0, "due_soon": 0, "answered": 0, "on_time": 0, "days": []}

    allg, units, catg = blank(), {}, {}
    statuses = {}
    months = {}
    for u, cid, st, ra, due, ans in rows:
        statuses[st] = statuses.get(st, 0) + 1
        rd = vday(ra)
        mk = (datetime.date(1970, 1, 1) + datetime.timedelta(days=rd)).strftime("%m/%Y")
        mo = months.setdefault(mk, [0, 0, 0])
        mo[0] += 1
        if ans is not None:
            mo[1] += 1
            mo[2] += due is None or ans <= due
        for g in (allg, units.setdefault(names.get(u, ""), blank()), catg.setdefault(cats[cid], blank())):
            if st in ("received", "assigned"):
                g["open"] += 1
                if due and now > due:
                    g["overdue"] += 1
                elif due and due <= soon:
                    g["due_soon"] += 1
            if from_day <= rd < to_day:
                g["received"] += 1
                if ans is not None:
                    g["answered"] += 1
                    g["on_time"] += due is None or ans <= due
                    g["days"].append(wd_between(rd, vday(ans)))
    shown = lambda gs: {k: v for k, v in gs.items() if v["open"] or v["received"]}
    return allg, shown(units), shown(catg), statuses, months


def row_figures(cells):
    return {"received": num(cells[0]), "open": num(cells[1]), "overdue": num(cells[2]),
            "due_soon": num(cells[3]), "answered": num(cells[4]), "on_time_text": cells[5], "avg_text": cells[6]}


def want_figures(g):
    return {"received": g["received"], "open": g["open"], "overdue": g["overdue"], "due_soon": g["due_soon"],
            "answered": g["answered"],
            "on_time_text": dec(100.0 * g["on_time"] / g["answered"]) if g["answered"] else "—",
            "avg_text": dec(sum(g["days"]) / len(g["days"])) if g["days"] else "—"}


def table(page, section):
    part = page.split(f'id="{section}"', 1)[1].split("</table>", 1)[0]
    out = {}
    for th, tds in re.findall(r'<tr><th scope="row">(.*?)</th>((?:<td class="num">.*?</td>)+)</tr>', part):
        out[html.unescape(th)] = [html.unescape(x) for x in re.findall(r'<td class="num">(.*?)</td>', tds)]
    return out


def check_dashboard(username):
    who, _ = srv.login(username)
    for attempt in range(2):
        t0 = int(time.time())
        r = who.get("/quan-ly/tong-hop")
        t1 = int(time.time())
        if r.status != 200:
            break
        page = r.text
        allg, units, catg, statuses, months = expected(username, t1)
        kpis = [html.unescape(x) for x in re.findall(r'<span class="fb-kpi">(.*?)</span>', page)]
        got_all = {"open": num(kpis[0]), "overdue": num(kpis[1]), "due_soon": num(kpis[2]),
                   "received": num(kpis[3])}
        m = re.search(r"trả lời đúng hạn \(([\d.]+)/([\d.]+)\)", page)
        got_all["answered"] = num(m.group(2)) if m else None
        got_all["on_time"] = num(m.group(1)) if m else None
        got_all["avg_text"] = kpis[5]
        w = want_figures(allg)
        want_all = {"open": w["open"], "overdue": w["overdue"], "due_soon": w["due_soon"],
                    "received": w["received"], "answered": w["answered"], "on_time": allg["on_time"],
                    "avg_text": w["avg_text"]}
        got_units = {k: row_figures(v) for k, v in table(page, "by-unit").items()}
        got_cats = {k: row_figures(v) for k, v in table(page, "by-category").items()}
        want_units = {k: want_figures(v) for k, v in units.items()}
        want_cats = {k: want_figures(v) for k, v in catg.items()}
        got_status = {k: num(v[0]) for k, v in table(page, "c1").items()}
        from_db = {html.unescape(lbl): statuses.get(st, 0) for st, lbl in (
            ("received", "Đã tiếp nhận"), ("assigned", "Đang xử lý"), ("answered", "Đã có dự thảo trả lời"),
            ("published", "Đã trả lời"), ("closed", "Đã kết thúc"), ("rejected", "Không thụ lý"),
            ("merged", "Đã gộp"))}
        got_months = {k: [num(v[0]), num(v[1]), v[2]] for k, v in table(page, "c2").items()}
        want_months = {k: [months.get(k, [0, 0, 0])[0], months.get(k, [0, 0, 0])[1],
                           dec(100.0 * months[k][2] / months[k][1]) if months.get(k, [0, 0, 0])[1] else "—"]
                       for k in got_months}
        same = (got_all == want_all and got_units == want_units and got_cats == want_cats
                and got_status == from_db and len(got_months) == 12 and got_months == want_months)
        if same or t0 == t1 or attempt:
            break
    t.eq(r.status, 200, f"dashboard of {username} answers 200")
    if r.status != 200:
        return
    t.eq(got_all, want_all, f"{username}: dashboard totals equal independent counts")
    t.eq(got_units, want_units, f"{username}: figures by unit equal independent counts")
    t.eq(got_cats, want_cats, f"{username}: figures by category equal independent counts")
    t.eq(got_status, from_db, f"{username}: counts per status equal independent counts")
    t.ok(len(got_months) == 12 and got_months == want_months,
         f"{username}: the twelve months equal independent counts", f"got {got_months}\nwant {want_months}")
    t.ok(want_all["open"] > 0 and want_all["overdue"] > 0 and want_all["answered"] > 0,
         f"{username}: the data exercises open, overdue and answered figures", want_all)


check_dashboard("lanhdao.hoankiem")
check_dashboard("quantri")
check_dashboard("theodoi.hoankiem")

srv.stop(t)
t.done()
