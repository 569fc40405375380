"""HTTP tests of news (API.md "News") and of the search across kinds
("Search across kinds"): the API contract and every error, drafts never
public, roles, the status machine (409), corrections shown and a title
change answering 301 from the old slug, XSS through markdown, related
articles, RSS read by a real feed parser, the sitemap, images, the
officers' pages, the home page, and that a publish, an unpublish or a
correction is never served stale from the response cache."""
import re
import sys
import time
import struct
import urllib.parse
import xml.etree.ElementTree as ET
import zlib

sys.path.insert(0, "tests/http")
from harness import TAP, Server, csrf_of  # noqa: E402

try:
    import feedparser
except ImportError:  # Debian's python3-feedparser under another python3 (pyenv)
    sys.path.append("/usr/lib/python3/dist-packages")
    import feedparser

t = TAP()
srv = Server(demo=True)
api = srv.client()


def token(username):
    r = api.post_json("/api/v1/tokens", {"username": username, "password": "demo-password"})
    return r.json().get("token") if r.status == 201 else None


tk_handler, tk_leader, tk_viewer, tk_other, tk_other_leader = (
    token("xuly.hoankiem"), token("lanhdao.hoankiem"), token("theodoi.hoankiem"), token("xuly.cuanam"),
    token("lanhdao.cuanam"))
t.ok(all([tk_handler, tk_leader, tk_viewer, tk_other, tk_other_leader]), "tokens for the demo officers")


def audits(prefix="article."):
    return srv.count("audit_log", "action LIKE ?", (prefix + "%",))


def create(tok=tk_handler, **kw):
    body = {"title": "Bài viết thử nghiệm", "lead": "Sapo", "body": "Nội dung", "tags": ["Thử nghiệm"],
            "unit": "00070-UBND"}
    body.update(kw)
    return api.post_json("/api/v1/articles", body, tok)


def event(slug, tok, **kw):
    return api.post_json(f"/api/v1/articles/{urllib.parse.quote(slug)}/events", kw, tok)


def error_code(r):
    try:
        return r.json()["error"]["code"]
    except Exception:  # noqa: BLE001
        return None


# --- the demo ------------------------------------------------------------------------
r = api.get_json("/api/v1/articles?per_page=100")
t.eq(r.status, 200, "GET /api/v1/articles: 200")
demo_total = r.json()["total"]
t.ok(demo_total >= 30, f"the demo has 30 or more public articles ({demo_total})")
items = r.json()["items"]
t.ok(all(set(i) >= {"slug", "title", "lead", "unit", "published_at"} for i in items), "list items carry the fields")
t.ok(all("status" not in i for i in items), "the public list does not show statuses")
# the demo links articles to the records they tell of: the model's page lists them
page = api.get("/mo-hinh/1")
t.ok(page.status == 200 and "Bài viết liên quan" in page.text
     and "/tin-tuc/phuong-hang-bac-ra-mat-mo-hinh-tuyen-pho-van-minh-hang-bac" in page.text,
     "the demo's first model shows the articles that link to it")
linked = [i for i in items if i["title"].startswith("Từ 1/7/2026, Chủ tịch UBND phường tiếp công dân")]
r = api.get_json(f"/api/v1/articles/{linked[0]['slug']}") if linked else None
links = (r.json().get("links") or []) if r is not None and r.status == 200 else []
t.ok(any(x.get("kind") == "meeting" for x in links), "the demo's article on reception days links to one", links)
conf = [i for i in items if "10 năm thực hiện Nghị quyết 25" in i["title"] and "Quyết định 218" in i["title"]]
t.ok(len(conf) == 1, "the ward's conference on 10 years of Resolution 25 and Decision 218 is there")
cs = conf[0]["slug"] if conf else ""
r = api.get_json(f"/api/v1/articles/{cs}")
t.eq(r.status, 200, "GET the conference article: 200")
a = r.json()
t.ok(set(a) >= {"slug", "title", "lead", "body_html", "tags", "unit", "published_at", "related"}, "article fields")
t.ok("<h2>Kết quả 10 năm</h2>" in a.get("body_html", ""), "body_html is rendered CommonMark")
rel = [x["title"] for x in a.get("related", [])]
t.ok(len(rel) >= 3, "the conference has related articles", rel)
t.ok(rel[:2] == ["Quận ủy Hoàn Kiếm hướng dẫn tổng kết 10 năm Nghị quyết 25-NQ/TW",
                 "Quận ủy Hoàn Kiếm lấy ý kiến nhân dân góp ý xây dựng Đảng theo Quyết định 218"],
     "related: the editor's pins first, in order", rel)
t.ok("Quận Hoàn Kiếm tổng kết 10 năm thực hiện Nghị quyết 25-NQ/TW" in rel[2:4],
     "related: then the article sharing most tags", rel)
t.ok(all(set(x) == {"slug", "title"} for x in a.get("related", [])), "related items are {slug, title}")
t.ok(a.get("slug") not in [x["slug"] for x in a.get("related", [])], "an article is not related to itself")

# --- creating: contract and errors ------------------------------------------------------
before = audits()
r = create(title="Phường Hoàn Kiếm ra mắt Tổ hoà giải kiểu mẫu Khoèo Nguểnh", tags=["Hoà giải", "hòa giải", "Mẫu"])
t.eq(r.status, 201, "POST /api/v1/articles (handler): 201")
d = r.json()
t.eq(d, {"slug": "phuong-hoan-kiem-ra-mat-to-hoa-giai-kieu-mau-khoeo-nguenh", "status": "draft"},
     "201 {slug (folded, '-' separated), status: draft}")
t.eq(r.header("Location"), "/api/v1/articles/" + d["slug"], "Location of the new article")
slug = d["slug"]
t.eq(audits(), before + 1, "the creation is audited")
r = create(title="Phường Hoàn Kiếm ra mắt Tổ hoà giải kiểu mẫu Khoèo Nguểnh")
t.eq(r.json().get("slug"), slug + "-2", "the same title gets a unique slug")
slug2 = r.json().get("slug")

r = api.post_json("/api/v1/articles", None, tk_handler, raw='{"title": ')
t.ok(r.status == 400 and error_code(r) == "malformed_json", "bad JSON: 400 malformed_json", r.text)
r = api.post_json("/api/v1/articles", None, tk_handler, raw=b'{"title": "\xff\xfe bad", "unit": "00070"}')
t.ok(r.status == 400 and error_code(r) == "invalid_utf8", "invalid UTF-8: 400 invalid_utf8", r.text)
r = create(colour="red")
t.ok(r.status == 422 and "colour" in r.json()["error"].get("fields", {}), "unknown field: 422 naming it", r.text)
r = create(title="Abc")
t.ok(r.status == 422 and "title" in r.json()["error"].get("fields", {}), "short title: 422 on title", r.text)
r = create(unit="KHONG-CO")
t.ok(r.status == 422 and "unit" in r.json()["error"].get("fields", {}), "unknown unit: 422 on unit", r.text)
r = create(tags="Dân vận")
t.ok(r.status == 422 and "tags" in r.json()["error"].get("fields", {}), "tags not a list: 422", r.text)
r = create(tags=[str(i) * 3 for i in range(11)])
t.ok(r.status == 422 and "tags" in r.json()["error"].get("fields", {}), "more than 10 tags: 422", r.text)
r = create(links=[{"kind": "spaceship", "id": "1"}])
t.ok(r.status == 422 and "links" in r.json()["error"].get("fields", {}), "unknown link kind: 422", r.text)
r = create(related=["khong-co-bai-nay"])
t.ok(r.status == 422 and "related" in r.json()["error"].get("fields", {}), "unknown related slug: 422", r.text)
r = create(tok=None)
t.ok(r.status == 401 and error_code(r) == "unauthenticated", "no token: 401", r.text)
r = create(tok=tk_viewer, unit="00070")
t.ok(r.status == 403 and error_code(r) == "forbidden", "a viewer may not write: 403", r.text)
r = create(tok=tk_other, unit="00070-UBND")
t.ok(r.status == 403, "a handler of another ward may not write here: 403", r.text)
t.eq(srv.count("articles", "slug LIKE 'bai-viet-thu-nghiem%'"), 0, "nothing half-written by the refused requests")

# --- a draft is never public ----------------------------------------------------------------
r = api.get_json(f"/api/v1/articles/{slug}")
t.eq(r.status, 404, "a draft: 404 to the public (API)")
t.eq(api.get(f"/tin-tuc/{slug}").status, 404, "a draft: 404 to the public (page)")
t.ok(slug not in api.get("/tin-tuc").text, "a draft is not in the public list")
t.ok(slug not in api.get("/tin-tuc/rss.xml").text, "a draft is not in the RSS feed")
t.ok(slug not in api.get("/sitemap.xml").text, "a draft is not in the sitemap")
r = api.get_json("/api/v1/search?q=Khoeo+Nguenh")
t.ok(r.status == 200 and not r.json()["items"], "a draft is not found by the public search", r.text)
r = api.get_json(f"/api/v1/articles/{slug}", tk_handler)
t.ok(r.status == 200 and r.json().get("status") == "draft", "its unit's officers see the draft", r.text)
t.eq(api.get_json(f"/api/v1/articles/{slug}", tk_other).status, 404, "an officer of another ward: 404")
r = api.get_json("/api/v1/search?q=Khoeo+Nguenh&kind=article", tk_handler)
t.ok(r.status == 200 and [i["id"] for i in r.json()["items"]] == [slug, slug2] or
     sorted(i["id"] for i in r.json()["items"]) == sorted([slug, slug2]), "the officer's search finds drafts", r.text)

# --- statuses and roles -------------------------------------------------------------------------
r = event(slug, tk_handler, type="publish")
t.ok(r.status == 403 and error_code(r) == "forbidden", "a handler may not publish: 403", r.text)
r = event(slug, tk_other_leader, type="publish")
t.eq(r.status, 404, "a leader of another ward does not see the draft: 404")
r = event(slug, tk_leader, type="fly")
t.ok(r.status == 422 and "type" in r.json()["error"]["fields"], "unknown event: 422", r.text)
r = event(slug, tk_leader, type="correct", note="Sửa tên tổ hoà giải")
t.ok(r.status == 409 and error_code(r) == "invalid_transition", "correct a draft: 409 invalid_transition", r.text)
r = event(slug, tk_handler, type="edit", body="Tổ hoà giải **Khoèo Nguểnh** ra mắt.\n\n[Liên hệ](https://example.vn)")
t.ok(r.status == 200 and "<strong>Khoèo Nguểnh</strong>" in r.json().get("body_html", ""), "a handler edits a draft")
before = audits()
r = event(slug, tk_leader, type="publish")
t.ok(r.status == 200 and r.json().get("status") == "published", "the leader publishes: 200, published", r.text)
t.eq(audits(), before + 1, "publishing is audited")
r = event(slug, tk_leader, type="publish")
t.ok(r.status == 409 and error_code(r) == "invalid_transition", "publish twice: 409 invalid_transition", r.text)
r = event(slug, tk_handler, type="edit", body="Sửa âm thầm")
t.ok(r.status == 409 and error_code(r) == "invalid_transition", "silent edit of a published article: 409", r.text)
r = api.get_json(f"/api/v1/articles/{slug}")
t.ok(r.status == 200 and "status" not in r.json(), "public now (no status shown to the public)", r.text)
t.eq(r.json()["tags"], ["Hòa giải", "Mẫu"], "tags once per folded name, an existing tag keeps its name")
t.ok(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$", r.json().get("published_at", "")), "published_at ISO")
r = api.get_json("/api/v1/articles?q=khoeo+nguenh")
t.ok(r.status == 200 and [i["slug"] for i in r.json()["items"]] == [slug], "found by folded words once public",
     r.text)
r = api.get_json("/api/v1/articles?tag=hoa-giai")
t.ok(slug in [i["slug"] for i in r.json()["items"]], "listed under its tag")
r = api.get_json("/api/v1/articles?unit=00070")
t.ok(slug in [i["slug"] for i in r.json()["items"]], "listed under its unit's parent (unit=00070)")
r = api.get_json("/api/v1/articles?unit=00082")
t.ok(slug not in [i["slug"] for i in r.json()["items"]], "not listed under another ward")
r = api.get_json("/api/v1/articles?per_page=0")
t.ok(r.status == 422 and "per_page" in r.json()["error"]["fields"], "bad per_page: 422", r.text)
r = api.get_json("/api/v1/articles?status=bogus")
t.ok(r.status == 422 and "status" in r.json()["error"]["fields"], "bad status: 422", r.text)

# --- corrections and the old slug -----------------------------------------------------------------
r = event(slug, tk_leader, type="correct", title="Phường Hoàn Kiếm ra mắt Tổ hoà giải Khoèo Nguểnh")
t.ok(r.status == 422 and "note" in r.json()["error"]["fields"], "a correction needs its note: 422", r.text)
before = audits()
r = event(slug, tk_leader, type="correct", note="Tên đúng của tổ là Tổ hoà giải Khoèo Nguểnh.",
          title="Phường Hoàn Kiếm ra mắt Tổ hoà giải Khoèo Nguểnh")
t.eq(r.status, 200, "the leader corrects: 200")
new_slug = r.json().get("slug")
t.eq(new_slug, "phuong-hoan-kiem-ra-mat-to-hoa-giai-khoeo-nguenh", "a new title gives a new slug")
t.eq(audits(), before + 1, "the correction is audited")
corr = r.json().get("corrections", [])
t.ok(len(corr) == 1 and corr[0]["note"] == "Tên đúng của tổ là Tổ hoà giải Khoèo Nguểnh.", "the correction is logged")
r = api.get(f"/tin-tuc/{slug}")
t.ok(r.status == 301 and r.header("Location") == f"/tin-tuc/{new_slug}", "the old slug answers 301 (page)",
     (r.status, r.header("Location")))
r = api.get_json(f"/api/v1/articles/{slug}")
t.ok(r.status == 301 and r.header("Location") == f"/api/v1/articles/{new_slug}", "the old slug answers 301 (API)")
page = api.get(f"/tin-tuc/{new_slug}").text
t.ok("Đính chính" in page and "Tên đúng của tổ là Tổ hoà giải Khoèo Nguểnh." in page, "the page shows Đính chính")
t.ok(f'<link rel="canonical" href="http://127.0.0.1:{srv.port}/tin-tuc/{new_slug}">' in page, "canonical URL")
for tag in ('property="og:title"', 'property="og:type" content="article"', 'name="twitter:card"',
            'property="og:description"', 'property="og:url"'):
    t.ok(tag in page, f"Open Graph / Twitter meta: {tag}")
t.ok("Có thể bạn quan tâm" in page or "Tin khác" in page, "related or latest articles beside it")

# --- markdown cannot carry script -------------------------------------------------------------------
evil = ("<script>alert('x1')</script>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n"
        "[bấm](javascript:alert('x2')) <img src=x onerror=alert('x3')> "
        "<a href=\"javascript:alert('x4')\">a</a>\n\n[ref][r]\n\n[r]: javascript:alert('x5')\n\n"
        "![ảnh](javascript:alert('x6'))\n\n<div onclick=\"alert('x7')\">div</div>")
r = create(title="Bài thử mã độc trong nội dung bài viết", body=evil, lead="<b>lead</b>")
xs = r.json().get("slug")
event(xs, tk_leader, type="publish")
r = api.get_json(f"/api/v1/articles/{xs}")
bh = r.json().get("body_html", "")
t.ok(r.status == 200 and bh, "the article with markup renders")
t.ok(not re.search(r"<(script|iframe|div|style)|<img src=x|<[^>]*\son\w+=|(href|src)=\"\s*javascript", bh, re.I),
     "no script, iframe, raw HTML, event handler or javascript: link in body_html", bh)
page = api.get(f"/tin-tuc/{xs}").text
t.ok(not re.search(r"<script>alert|<iframe|<img src=x|<[^>]*\son\w+=|(href|src)=\"\s*javascript", page, re.I),
     "nor anywhere in the page")
t.ok("&lt;b&gt;lead&lt;/b&gt;" in page, "the lead is escaped text")

# --- scheduled, unpublished ---------------------------------------------------------------------------
r = create(title="Thông báo lịch tiếp công dân tháng sau của phường")
sch = r.json().get("slug")
r = event(sch, tk_leader, type="publish", publish_at="2099-01-01T08:00:00+07:00")
t.ok(r.status == 200 and r.json().get("status") == "scheduled", "publish at a later time: scheduled", r.text)
t.eq(api.get_json(f"/api/v1/articles/{sch}").status, 404, "a scheduled article is not public before its time")
r = event(sch, tk_leader, type="publish", publish_at="not a date")
t.ok(r.status == 422 and "publish_at" in r.json()["error"]["fields"], "bad publish_at: 422", r.text)
r = event(sch, tk_leader, type="unpublish")
t.ok(r.status == 200 and r.json().get("status") == "unpublished", "unpublish a scheduled article", r.text)
r = event(sch, tk_leader, type="unpublish")
t.ok(r.status == 409 and error_code(r) == "invalid_transition", "unpublish twice: 409", r.text)
r = event(sch, tk_leader, type="publish", publish_at="2020-01-01T08:00:00+07:00")
t.ok(r.status == 200 and r.json().get("status") == "published", "a time in the past publishes now", r.text)

# --- the response cache never serves stale news ---------------------------------------------------------


def cache_hits():
    m = re.search(r"^danvan_cache_hits_total (\d+)", api.get("/metrics").text, re.M)
    return int(m.group(1)) if m else None


time.sleep(2.1)  # cache entries are stored only for a stamp at least 2 s old (web/cache.h)
anon = srv.client()
p1 = anon.get("/tin-tuc").text
h0 = cache_hits()
p2 = anon.get("/tin-tuc").text
t.ok(p1 == p2 and h0 is not None and cache_hits() > h0, "the news list is served from the cache", (h0, cache_hits()))
r = create(title="Tin mới đăng không được chậm trễ trên trang")
fresh = r.json().get("slug")
event(fresh, tk_leader, type="publish")
t.ok(fresh in anon.get("/tin-tuc").text, "a publish shows at once in the cached list")
t.ok(fresh in anon.get("/tin-tuc/rss.xml").text, "and in the RSS feed")
time.sleep(2.1)
anon.get(f"/tin-tuc/{fresh}")
h0 = cache_hits()
t.eq(anon.get(f"/tin-tuc/{fresh}").status, 200, "the article page (cached)")
t.ok(cache_hits() > h0, "the article page is served from the cache")
event(fresh, tk_leader, type="correct", note="Bổ sung nội dung.", body="Nội dung đã đính chính ĐCX.")
t.ok("ĐCX" in anon.get(f"/tin-tuc/{fresh}").text, "a correction shows at once")
event(fresh, tk_leader, type="unpublish")
t.eq(anon.get(f"/tin-tuc/{fresh}").status, 404, "an unpublish is never served stale (page)")
t.ok(fresh not in anon.get("/tin-tuc").text, "nor in the list")
t.eq(anon.get_json(f"/api/v1/articles/{fresh}").status, 404, "nor in the API")

# a scheduled article appears at its time, even in a list cached before it
r = create(title="Bài hẹn giờ đăng sau vài giây trên cổng")
due = r.json().get("slug")
at = int(time.time()) + 5
iso = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(at))
r = event(due, tk_leader, type="publish", publish_at=iso)
t.ok(r.status == 200 and r.json().get("status") == "scheduled", "publish in a few seconds: scheduled", r.text)
time.sleep(2.1)
early = anon.get("/tin-tuc").text
anon.get("/tin-tuc")
if time.time() < at - 0.5:
    t.ok(due not in early, "not listed before its time")
time.sleep(max(0.0, at + 1.1 - time.time()))
t.ok(due in anon.get("/tin-tuc").text, "listed once its time has come, though the list was cached")
t.eq(anon.get(f"/tin-tuc/{due}").status, 200, "and its page is public")

# --- articles on the pages of the records they link to ("Bài viết liên quan") -------------------------
with srv.db() as db:
    fb_codes = [r[0] for r in db.execute(
        "SELECT code FROM feedback WHERE public = 1 AND status = 'published' ORDER BY id LIMIT 2").fetchall()]
    meeting_id = db.execute("SELECT id FROM meetings WHERE public = 1 ORDER BY id LIMIT 1").fetchone()[0]
    consult_id = db.execute("SELECT id FROM consultations ORDER BY id LIMIT 1").fetchone()[0]
    model_id = db.execute("SELECT id FROM models WHERE status IN ('recognised', 'exemplary', 'commended') "
                          "ORDER BY id LIMIT 1").fetchone()[0]
    linked_before = {r[0] for r in db.execute("SELECT ref FROM article_links WHERE kind = 'feedback'").fetchall()}
t.ok(len(fb_codes) == 2, "two published public feedback items to link to")
fb_code, fb_free = fb_codes[0], fb_codes[1]
record_pages = {"meeting": f"/hoi-nghi/{meeting_id}", "consultation": f"/gop-y/{consult_id}",
                "model": f"/mo-hinh/{model_id}", "feedback": f"/phan-anh/{fb_code}"}
BLOCK = "Bài viết liên quan"
if fb_free not in linked_before:
    t.ok(BLOCK not in anon.get(f"/phan-anh/{fb_free}").text, "a record no article links to has no block")
# the feedback item is linked by its code as typed (lower case, no dashes): stored canonical
typed = fb_code.replace("-", "").lower()
r = create(title="Bài viết gắn với hồ sơ Liênkết Hồsơ", links=[
    {"kind": "meeting", "id": str(meeting_id)}, {"kind": "consultation", "id": "0" + str(consult_id)},
    {"kind": "model", "id": str(model_id)}, {"kind": "feedback", "id": typed}])
t.ok(r.status == 201, "an article linking to a meeting, a consultation, a model and a feedback item", r.text)
lslug = r.json().get("slug")
with srv.db() as db:
    refs = sorted(tuple(x) for x in db.execute(
        "SELECT kind, ref FROM article_links l JOIN articles a ON a.id = l.article_id WHERE a.slug = ?", (lslug,)).fetchall())
t.eq(refs, sorted([("consultation", str(consult_id)), ("feedback", fb_code), ("meeting", str(meeting_id)),
                   ("model", str(model_id))]), "links are stored as the records' pages look them up")
time.sleep(2.1)
for kind, path in record_pages.items():
    anon.get(path)
    pg = anon.get(path)
    t.ok(pg.status == 200 and "Liênkết Hồsơ" not in pg.text, f"{kind}: a draft article is not on the record's page",
         pg.status)
h0 = cache_hits()
anon.get(record_pages["feedback"])
t.ok(cache_hits() > h0, "the feedback item's page is served from the cache")
r = event(lslug, tk_leader, type="publish")
t.ok(r.status == 200, "the linked article is published", r.text)
for kind, path in record_pages.items():
    pg = anon.get(path)
    t.ok(BLOCK in pg.text and "Liênkết Hồsơ" in pg.text and f'href="/tin-tuc/{lslug}"' in pg.text,
         f"{kind}: the publish shows at once in \"{BLOCK}\" (title and link)")
time.sleep(2.1)
anon.get(record_pages["feedback"])
h0 = cache_hits()
anon.get(record_pages["feedback"])
t.ok(cache_hits() > h0, "the feedback page with its block is cached again")
r = event(lslug, tk_leader, type="correct", note="Sửa tiêu đề.", title="Bài viết gắn với hồ sơ Đínhchính Hồsơ")
t.ok(r.status == 200, "the linked article is corrected", r.text)
lslug = r.json().get("slug") or lslug  # a new title, a new slug (the old one answers 301)
for kind, path in record_pages.items():
    pg = anon.get(path).text
    t.ok("Đínhchính Hồsơ" in pg and "Liênkết Hồsơ" not in pg, f"{kind}: the correction shows at once")
time.sleep(2.1)
anon.get(record_pages["feedback"])
r = event(lslug, tk_leader, type="unpublish")
t.ok(r.status == 200, "the linked article is unpublished", r.text)
for kind, path in record_pages.items():
    pg = anon.get(path).text
    t.ok("Đínhchính Hồsơ" not in pg, f"{kind}: the unpublish is never served stale")

# --- RSS 2.0 and the sitemap, read by real parsers -----------------------------------------------------
r = api.get("/tin-tuc/rss.xml")
t.ok(r.status == 200 and r.header("Content-Type").startswith("application/rss+xml"), "RSS: 200 rss+xml")
feed = feedparser.parse(r.body)
t.ok(not feed.bozo, "feedparser reads the feed without error", getattr(feed, "bozo_exception", None))
t.eq(feed.version, "rss20", "it is RSS 2.0")
t.ok(feed.feed.get("title", "").startswith("Tin tức") and feed.feed.get("language") == "vi", "channel title, language")
listed = [i["slug"] for i in api.get_json("/api/v1/articles?per_page=30").json()["items"]]
t.eq([e.link.rsplit("/", 1)[-1] for e in feed.entries], listed, "the feed lists the newest public articles")
t.ok(all(e.get("published_parsed") and e.get("title") and e.get("id") for e in feed.entries),
     "each item has title, guid and a parsable pubDate")
root = ET.fromstring(r.body)
t.ok(root.tag == "rss" and root.get("version") == "2.0" and root.find("channel/link") is not None and
     root.find("channel/description") is not None, "the RSS rules: rss version 2.0, channel title/link/description")
r = api.get("/tin-tuc/the/dan-van-kheo/rss.xml")
tf = feedparser.parse(r.body)
t.ok(r.status == 200 and not tf.bozo and len(tf.entries) >= 5, "the per-tag feed parses", len(tf.entries))
t.ok(all(any(tg.term == "Dân vận khéo" for tg in e.get("tags", [])) for e in tf.entries),
     "every item of the tag feed carries the tag")
t.eq(api.get("/tin-tuc/the/khong-co-the-nay/rss.xml").status, 404, "an unknown tag's feed: 404")
r = api.get("/sitemap.xml")
sm = ET.fromstring(r.body)
ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
locs = [u.findtext(ns + "loc") for u in sm.findall(ns + "url")]
t.ok(r.status == 200 and sm.tag == ns + "urlset", "sitemap.xml is a well-formed urlset")
t.ok(f"http://127.0.0.1:{srv.port}/tin-tuc/{new_slug}" in locs and all(lo.startswith("http") for lo in locs),
     "it lists public articles with absolute URLs")
t.ok(not any(lo.endswith("/" + slug2) or lo.endswith("/" + fresh) for lo in locs), "and no draft or unpublished")

# --- related: never padded ------------------------------------------------------------------------------
r = create(tok=tk_other_leader, unit="00082-UBND", title="Cửa Nam thí điểm thu gom pin cũ ở chung cư",
           tags=["Pin cũ"])
lone = r.json().get("slug")
event(lone, tk_other_leader, type="publish")
r = api.get_json(f"/api/v1/articles/{lone}")
t.eq(r.json().get("related"), [], "an article with nothing in common has no related articles (no padding)")
r = create(tok=tk_other_leader, unit="00082-UBND", title="Cửa Nam mở rộng thu gom pin cũ ra các tổ dân phố",
           tags=["Môi trường"])
two = r.json().get("slug")
event(two, tk_other_leader, type="publish")
r = api.get_json(f"/api/v1/articles/{lone}")
t.eq([x["slug"] for x in r.json().get("related", [])], [two], "the same unit's article is related")

# --- images ---------------------------------------------------------------------------------------------


def png(w, h):
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * w for _ in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def multipart(fields, files):
    b = "----danvanNews7"
    out = b""
    for k, v in fields.items():
        out += f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
    for k, (name, data, ctype) in files.items():
        out += (f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\n"
                f"Content-Type: {ctype}\r\n\r\n").encode() + data + b"\r\n"
    return out + f"--{b}--\r\n".encode(), f"multipart/form-data; boundary={b}"


leader, r = srv.login("lanhdao.hoankiem")
r = leader.get(f"/quan-ly/tin-tuc/{new_slug}")
t.ok(r.status == 200 and "Xem trước" in r.text and "Đính chính" in r.text, "officer page: preview and forms")
csrf = csrf_of(r.text)
body, ctype = multipart({"csrf": csrf, "alt": "Ra mắt tổ hoà giải"}, {"image": ("anh.png", png(40, 30), "image/png")})
r = leader.request("POST", f"/quan-ly/tin-tuc/{new_slug}/anh", body, {"Content-Type": ctype})
t.eq(r.status, 303, "upload an image: 303")
img_id = srv.db().execute("SELECT max(id) FROM article_images").fetchone()[0]
r = api.get(f"/tin-tuc/anh/{img_id}")
t.ok(r.status == 200 and r.header("Content-Type") == "image/png" and r.body == png(40, 30), "the image as uploaded")
t.ok("max-age=31536000" in (r.header("Cache-Control") or ""), "served with long caching")
page = api.get(f"/tin-tuc/{new_slug}").text
t.ok(f'src="/tin-tuc/anh/{img_id}" width="40" height="30"' in page, "shown with its width and height")
t.ok(f'property="og:image" content="http://127.0.0.1:{srv.port}/tin-tuc/anh/{img_id}"' in page, "og:image")
body, ctype = multipart({"csrf": csrf}, {"image": ("x.png", b"<svg onload=alert(1)>", "image/png")})
r = leader.request("POST", f"/quan-ly/tin-tuc/{new_slug}/anh", body, {"Content-Type": ctype})
t.eq(r.status, 415, "a file that is not an image (whatever it claims): 415")
t.eq(api.get("/tin-tuc/anh/999999").status, 404, "an unknown image: 404")

# --- officers' pages ------------------------------------------------------------------------------------
handler, r = srv.login("xuly.hoankiem")
r = handler.get("/quan-ly/tin-tuc")
t.ok(r.status == 200 and "Viết bài mới" in r.text, "/quan-ly/tin-tuc: the writing form")
csrf = csrf_of(r.text)
r = handler.post_form("/quan-ly/tin-tuc", {"csrf": csrf, "unit": "00070-UBND", "title": "Ngắn"})
t.ok(r.status == 422 and "Tiêu đề từ 5 đến 200 ký tự." in r.text and "error-summary" in r.text,
     "a bad form: 422 with the error summary")
r = handler.post_form("/quan-ly/tin-tuc", {"csrf": csrf, "unit": "00070-UBND", "title": "Bài viết từ trang quản lý",
                                           "lead": "Sapo", "body": "## Mục\n\nNội dung", "tags": "Quản lý, Thử"})
t.ok(r.status == 303 and r.header("Location") == "/quan-ly/tin-tuc/bai-viet-tu-trang-quan-ly", "create: 303",
     (r.status, r.header("Location")))
r = handler.get("/quan-ly/tin-tuc/bai-viet-tu-trang-quan-ly")
t.ok(r.status == 200 and "<h2>Mục</h2>" in r.text and "Bản nháp" in r.text, "the draft's preview")
r = handler.post_form("/quan-ly/tin-tuc/bai-viet-tu-trang-quan-ly/thao-tac",
                      {"csrf": csrf, "type": "edit", "title": "Bài viết từ trang quản lý", "lead": "Sapo",
                       "body": "## Mục\n\nNội dung", "tags": "Quản lý, Thử", "related": "khong-co-bai-nay"})
t.ok(r.status == 422 and "Không tìm thấy bài viết" in r.text, "pinning an unknown article: 422")
r = handler.post_form("/quan-ly/tin-tuc/bai-viet-tu-trang-quan-ly/thao-tac",
                      {"csrf": csrf, "type": "edit", "title": "Bài viết từ trang quản lý", "lead": "Sapo",
                       "body": "## Mục\n\nNội dung", "tags": "Quản lý, Thử", "related": cs})
t.eq(r.status, 303, "an editor pins a related article on the page")
r = handler.post_form("/quan-ly/tin-tuc/bai-viet-tu-trang-quan-ly/thao-tac", {"csrf": csrf, "type": "publish"})
t.eq(r.status, 403, "a handler's publish form: 403")
r = leader.get("/quan-ly/tin-tuc/bai-viet-tu-trang-quan-ly")
r = leader.post_form("/quan-ly/tin-tuc/bai-viet-tu-trang-quan-ly/thao-tac",
                     {"csrf": csrf_of(r.text), "type": "publish"})
t.eq(r.status, 303, "the leader publishes from the page: 303")
t.eq(api.get("/tin-tuc/bai-viet-tu-trang-quan-ly").status, 200, "now public")
r = api.get_json("/api/v1/articles/bai-viet-tu-trang-quan-ly")
t.eq([x["slug"] for x in r.json().get("related", [])][:1], [cs], "the pinned article comes first among related")
r = leader.post_form("/quan-ly/tin-tuc/bai-viet-tu-trang-quan-ly/thao-tac", {"csrf": "wrong", "type": "unpublish"})
t.eq(r.status, 403, "a form without the right CSRF token: 403")
t.ok(srv.client().get("/quan-ly/tin-tuc").status in (302, 303, 401), "the officer page needs a login")

# --- search across kinds ----------------------------------------------------------------------------------
r = api.post_json("/api/v1/feedback", {"title": "Tổ hoà giải Khoèo Nguểnh cần thêm người",
                                       "body": "Riêng tư: xin giữ kín việc nhà Khoèo Nguểnh.", "category": "khac",
                                       "public": False, "unit": "00070"})
t.eq(r.status, 201, "a private feedback item with the same words")
srv.search_settled()
r = api.get_json("/api/v1/search?q=khoeo+nguenh")
t.eq(r.status, 200, "GET /api/v1/search: 200")
res = r.json()
t.ok(set(res) >= {"items", "page", "per_page", "total"}, "the list shape")
t.ok(all(set(i) >= {"kind", "id", "title", "snippet", "url"} for i in res["items"]), "items: kind, id, title, "
     "snippet, url")
t.ok([i["kind"] for i in res["items"]] == ["article"] and res["items"][0]["id"] == new_slug,
     "the public finds the public article, never the private item", res["items"])
t.ok("<mark>Khoèo Nguểnh</mark>" in res["items"][0]["title_html"], "highlighted in the original text")
r = api.get_json("/api/v1/search?q=khoeo+nguenh", tk_leader)
kinds = sorted({i["kind"] for i in r.json()["items"]})
t.eq(kinds, ["article", "feedback"], "an officer in reach finds both kinds")
r = api.get_json("/api/v1/search?q=dan+van+kheo&kind=article")
t.ok(r.json()["items"] and all(i["kind"] == "article" for i in r.json()["items"]), "kind=article: articles only")
r = api.get_json("/api/v1/search?q=" + urllib.parse.quote("Dân vận khéo") + "&kind=feedback")
t.ok(all(i["kind"] == "feedback" for i in r.json()["items"]), "kind=feedback: feedback only")
r = api.get_json("/api/v1/search?q=NGHI+QUYET+25&kind=article")
t.ok(any("Nghị quyết 25" in i["title"] for i in r.json()["items"]), "folding: NGHI QUYET 25 finds Nghị quyết 25")
r = api.get_json("/api/v1/search?q=x&kind=spaceship")
t.ok(r.status == 422 and "kind" in r.json()["error"]["fields"], "unknown kind: 422", r.text)

# meetings, consultations and models in the one search, each with its visibility
def kinds_of(path, token=None):
    r = api.get_json(path, token) if token else api.get_json(path)
    return r.status, [(i["kind"], i["title"], i["url"]) for i in r.json().get("items", [])]


st, got = kinds_of("/api/v1/search?q=" + urllib.parse.quote("tiếp xúc cử tri") + "&kind=meeting")
t.ok(st == 200 and got and all(k == "meeting" and u.startswith("/hoi-nghi/") for k, _, u in got),
     "kind=meeting: the demo's voter meetings, each linking to its page", got[:3])
st, got = kinds_of("/api/v1/search?q=" + urllib.parse.quote("giao ban công tác dân vận") + "&kind=meeting")
t.ok(st == 200 and not any("giao ban" in ti for _, ti, _ in got), "an internal meeting is not found by the public", got)
st, got = kinds_of("/api/v1/search?q=" + urllib.parse.quote("vỉa hè lòng đường") + "&kind=consultation")
t.ok(st == 200 and got and all(k == "consultation" and u.startswith("/gop-y/") for k, _, u in got)
     and any("vỉa hè" in ti for _, ti, _ in got), "kind=consultation: the draft on pavements", got[:3])
st, got = kinds_of("/api/v1/search?q=" + urllib.parse.quote("Phố đi bộ Hồ Gươm") + "&kind=model")
t.ok(st == 200 and any(ti.startswith("Phố đi bộ Hồ Gươm") and u.startswith("/mo-hinh/") for k, ti, u in got),
     "kind=model: a commended model", got[:3])
st, got = kinds_of("/api/v1/search?q=" + urllib.parse.quote("Lớp tiếng Anh miễn phí") + "&kind=model")
t.ok(st == 200 and not any("tiếng Anh" in ti for _, ti, _ in got), "a model still being implemented is not public", got)
st, got = kinds_of("/api/v1/search?q=" + urllib.parse.quote("phường Hoàn Kiếm"))
t.ok({"meeting", "consultation"} <= {k for k, _, _ in got}, "a search over every kind lists meetings and drafts too",
     sorted({k for k, _, _ in got}))
r = api.get("/tim-kiem?q=" + urllib.parse.quote("Phố đi bộ Hồ Gươm"))
t.ok(r.status == 200 and "/mo-hinh/" in r.text, "/tim-kiem lists the model")
r = api.get_json("/api/v1/search?q=")
t.ok(r.status == 200 and r.json()["items"] == [] and r.json()["total"] == 0, "no words: no results")
r = api.get_json("/api/v1/search?q=%22%28OR%20NEAR%2A")
t.eq(r.status, 200, "FTS syntax typed by a person: 200")
r = api.get("/tim-kiem?q=khoeo+nguenh")
t.ok(r.status == 200 and "<mark>Khoèo Nguểnh</mark>" in r.text and "Riêng tư" not in r.text,
     "/tim-kiem: highlighted public results only")
r = api.get("/tim-kiem?q=%3Cscript%3Ealert(1)%3C/script%3E")
t.ok(r.status == 200 and "<script>alert(1)" not in r.text, "/tim-kiem echoes what was typed escaped")

# --- the home page ------------------------------------------------------------------------------------------
r = api.get("/")
t.ok(r.status == 200 and "Tin mới" in r.text and "/tin-tuc/bai-viet-tu-trang-quan-ly" in r.text,
     "the home page shows the latest news")
t.ok("Mới trả lời" in r.text and "Bạn có thể làm gì ở đây" in r.text, "and what you can do, the latest answers")
# the demo has an open consultation (consultations' demo): its section shows
t.ok("Dự thảo đang lấy ý kiến" in r.text and 'href="/gop-y/' in r.text,
     "the home page lists the open consultation of the demo")

# the home page is cached, and a published answer or article shows at once
tk_intake = token("tiepnhan.hoankiem")
r = api.post_json("/api/v1/feedback", {"title": "Đề nghị sửa vòi nước công cộng ở vườn hoa Lê Thạch Nhất",
                                       "body": "Vòi nước công cộng ở vườn hoa bị hỏng đã một tuần.",
                                       "category": "khac", "unit": "00070"})
fb = r.json().get("code")
api.post_json(f"/api/v1/feedback/{fb}/events", {"type": "assign", "unit": "00070-UBND"}, tk_intake)
api.post_json(f"/api/v1/feedback/{fb}/events", {"type": "answer", "text": "Đã thay vòi nước mới."}, tk_handler)
time.sleep(2.1)
home = srv.client()
home.get("/")
h0 = cache_hits()
t.ok("Lê Thạch Nhất" not in home.get("/").text and cache_hits() > h0, "the home page is served from the cache")
r = api.post_json(f"/api/v1/feedback/{fb}/events", {"type": "publish"}, tk_leader)
t.eq(r.status, 200, "the leader publishes an answer")
t.ok("Lê Thạch Nhất" in home.get("/").text, "the published answer shows at once on the home page")
r = create(title="Tin trang chủ phải hiện ngay sau khi đăng")
event(r.json().get("slug"), tk_leader, type="publish")
t.ok("Tin trang chủ phải hiện ngay" in home.get("/").text, "so does a published article")

# upcoming meetings and reception days show once that table (0016) has rows
db = srv.db()
uid = db.execute("SELECT id FROM units WHERE code = '00070-UBND'").fetchone()[0]
now = int(time.time())
mid = db.execute("INSERT INTO meetings(kind, title, unit_id, starts_at, ends_at, place, announced_at, created_at, "
                 "updated_at) VALUES ('reception', 'Tiếp công dân định kỳ tháng Mười hai', ?, ?, ?, "
                 "'Trụ sở UBND phường', ?, ?, ?) RETURNING id",
                 (uid, now + 86400, now + 97200, now, now, now)).fetchone()[0]
db.execute("INSERT INTO meeting_events(meeting_id, at, type, public, status_before, status_after) "
           "VALUES (?, ?, 'create', 1, 'planned', 'planned')", (mid, now))
db.commit()
db.close()
r = home.get("/")
t.ok("Sắp diễn ra" in r.text and "Tiếp công dân định kỳ tháng Mười hai" in r.text and f'href="/hoi-nghi/{mid}"' in r.text,
     "the home page lists the upcoming reception day at once")

# --- audit chain intact --------------------------------------------------------------------------------------
srv.stop(t)
t.done()
