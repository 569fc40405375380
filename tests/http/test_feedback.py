"""HTTP tests of feedback end to end, on the pages and on the JSON API:
a citizen sends an item with a photo, gets the receipt (code, secret, QR
code), tracks it; officers assign, answer and publish it; the citizen reads
the answer and rates it once. Then every API error of API.md, each with a
check that the database did not change."""
import json
import re
import sys
import urllib.parse

sys.path.insert(0, "tests/http")
from harness import ENGINE, TAP, Server, csrf_of  # noqa: E402

ALPHABET = "23456789ABCDEFGHJKMNPQRTUVWXY"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PAGE_LIMIT = 60 * 1024

t = TAP()
srv = Server(demo=True)
css_len = len(srv.client().get("/static/app.css").body)


def code_with_check(seven):
    """A well-formed tracking code (right check character) for 7 characters."""
    s = sum((i + 1) * ALPHABET.index(ch) for i, ch in enumerate(seven))
    inv8 = pow(8, -1, 29)
    v8 = (-s * inv8) % 29
    c = seven + ALPHABET[v8]
    return c[:4] + "-" + c[4:]


def multipart(fields, files=()):
    """Encode form fields and (field, filename, type, bytes) files."""
    boundary = "----danvan-test-boundary-7MA4FLe"
    out = b""
    for k, v in fields:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n").encode() + v.encode() + b"\r\n"
    for k, name, ctype, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\n"
                f"Content-Type: {ctype}\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


def post_multipart(client, path, fields, files=()):
    body, ctype = multipart(fields, files)
    return client.request("POST", path, body, {"Content-Type": ctype})


def counts():
    return (srv.count("feedback"), srv.count("feedback_events"), srv.count("audit_log"),
            srv.count("feedback_contacts"), srv.count("feedback_answers"))


def light(r, name):
    t.ok(len(r.body) + css_len < PAGE_LIMIT, f"{name}: HTML + CSS under 60 KB",
         f"{len(r.body)} + {css_len} bytes")


def status_of(code):
    with srv.db() as db:
        row = db.execute("SELECT status FROM feedback WHERE code = ?", (code,)).fetchone()
    return row[0] if row else None


def case_csrf(client, code):
    r = client.get(f"/quan-ly/phan-anh/{code}")
    return r, csrf_of(r.text)


def act(client, code, fields, files=()):
    r, tok = case_csrf(client, code)
    return post_multipart(client, f"/quan-ly/phan-anh/{code}/thao-tac", [("csrf", tok or "")] + fields, files)


# --- the send form ------------------------------------------------------------
cit = srv.client()
r = cit.get("/phan-anh/gui")
t.eq(r.status, 200, "send form: 200")
form_csrf = csrf_of(r.text)
t.ok(form_csrf is not None, "send form carries a CSRF token")
t.ok('enctype="multipart/form-data"' in r.text, "send form is multipart")
for name in ("title", "body", "category", "place", "lat", "lon", "name", "phone", "email", "files"):
    t.ok(f'id="f-{name}"' in r.text and f'for="f-{name}"' in r.text, f"send form: field {name} has a label")
t.ok("91/2025/QH15" in r.text, "send form explains personal data under Law 91/2025/QH15")
t.ok('name="public" value="0"' in r.text, "send form offers a private choice")
t.ok("<script" not in r.text and 'style="' not in r.text, "send form has no script and no inline style")
light(r, "send form")

# no CSRF token: refused, nothing written
before = counts()
r = post_multipart(cit, "/phan-anh/gui", [("title", "Đèn đường hỏng"), ("body", "Đèn đường hỏng đã một tuần."),
                                          ("category", "giao-thong")])
t.eq(r.status, 403, "send without CSRF token: 403")
t.eq(counts(), before, "send without CSRF token: nothing written")

# errors beside the fields, summarised at the top, what was typed kept
r = post_multipart(cit, "/phan-anh/gui", [("csrf", form_csrf), ("title", ""), ("body", "Ngắn"),
                                          ("category", ""), ("place", "Số 5 phố Hàng Bạc"),
                                          ("phone", "12345"), ("lat", "abc"), ("lon", "105.85")])
t.eq(r.status, 422, "send with errors: 422")
t.ok('class="error-summary"' in r.text and 'href="#f-title"' in r.text, "errors summarised, linked to the fields")
t.ok('aria-describedby="f-title-help f-title-error"' in r.text, "title error tied by aria-describedby")
t.ok('id="f-body-error"' in r.text and 'id="f-category-error"' in r.text, "body and category errors beside the fields")
t.ok('id="f-phone-error"' in r.text, "bad phone number reported")
t.ok('id="f-lat-error"' in r.text, "bad latitude reported")
t.ok('value="Số 5 phố Hàng Bạc"' in r.text and ">Ngắn</textarea>" in r.text, "what was typed is kept")
t.eq(counts(), before, "send with errors: nothing written")

# a file that is not a photo or PDF: refused by its content, not its name
r = post_multipart(cit, "/phan-anh/gui", [("csrf", form_csrf), ("title", "Rác thải ùn ứ ở ngõ chợ"),
                                          ("body", "Rác thải ùn ứ ba ngày chưa được thu gom."),
                                          ("category", "moi-truong")],
                   [("files", "anh.jpg", "image/jpeg", b"MZ\x90\x00 this is an exe")])
t.eq(r.status, 422, "a fake JPEG is refused: 422")
t.ok('id="f-files-error"' in r.text, "the file error is shown beside the file field")
t.eq(counts(), before, "refused file: no item written")

# six files: at most five
links_before = srv.count("feedback_attachments")
r = post_multipart(cit, "/phan-anh/gui", [("csrf", form_csrf), ("title", "Rác thải ùn ứ ở ngõ chợ"),
                                          ("body", "Rác thải ùn ứ ba ngày chưa được thu gom."),
                                          ("category", "moi-truong")],
                   [("files", f"a{i}.png", "image/png", PNG + bytes([i])) for i in range(6)])
t.eq(r.status, 422, "six files: 422")
t.ok("tối đa 5 tệp" in r.text, "six files: the limit is explained")
t.eq(len(re.findall(r'<li>a[0-5]\.png</li>', r.text)), 5, "six files: the five taken are listed to choose again")
t.ok('name="file_token"' not in r.text and not re.search(r"[0-9a-f]{64}", r.text),
     "six files: no file token or hash in the page")
t.eq(counts()[:2], before[:2], "six files: no item written")
t.eq(srv.count("feedback_attachments"), links_before, "six files: nothing linked")
t.eq(srv.count("attachments", "id NOT IN (SELECT attachment_id FROM feedback_attachments)"), 0,
     "six files: nothing stored")
# the retry sends five files again
r = post_multipart(cit, "/phan-anh/gui", [("csrf", form_csrf), ("title", "Rác thải ùn ứ ở ngõ chợ"),
                                          ("body", "Rác thải ùn ứ ba ngày chưa được thu gom."),
                                          ("category", "moi-truong")],
                   [("files", f"a{i}.png", "image/png", PNG + bytes([i])) for i in range(5)])
t.eq(r.status, 200, "retry with five files: the receipt")
mk = re.search(r'href="/phan-anh/([0-9A-Z]{4}-[0-9A-Z]{4})\?secret=', r.text)
t.eq(srv.count("feedback_attachments", "feedback_id = (SELECT id FROM feedback WHERE code = ?)",
               (mk.group(1) if mk else "",)), 5, "retry: the five files are attached")
before = counts()

# --- sending with a photo: the receipt -----------------------------------------
TITLE = "Đèn chiếu sáng hỏng trên phố Hàng Bạc"
BODY = "Ba cột đèn trước số 20 Hàng Bạc không sáng từ tuần trước, buổi tối rất tối và nguy hiểm."
r = post_multipart(cit, "/phan-anh/gui", [("csrf", form_csrf), ("title", TITLE), ("body", BODY),
                                          ("category", "giao-thong"), ("unit", "00070"),
                                          ("place", "Số 20 phố Hàng Bạc"), ("public", "1"),
                                          ("lat", "21,0340"), ("lon", "105.8520")],
                   [("files", "cot-den.jpg", "image/jpeg", JPEG)])
t.eq(r.status, 200, "send with a photo: the receipt")
m = re.search(r'href="/phan-anh/([0-9A-Z]{4}-[0-9A-Z]{4})\?secret=([a-z2-7]{26})"', r.text)
t.ok(m is not None, "receipt shows the tracking link with code and secret")
code, secret = (m.group(1), m.group(2)) if m else ("XXXX-XXXX", "x")
t.ok(code in r.text and " ".join(secret[i:i + 4] for i in range(0, 26, 4)) in r.text,
     "receipt shows the code and the secret")
t.ok("giữ kỹ mã bí mật" in r.text, "receipt warns to keep the secret")
svg = re.search(r"<svg[^>]*class=\"qr\"[^>]*>.*?</svg>", r.text, re.S)
t.ok(svg is not None, "receipt has an inline SVG QR code")
t.ok(svg is not None and "<title" in svg.group(0) and 'role="img"' in svg.group(0), "QR code has a text alternative")
t.ok(svg is not None and "style=" not in svg.group(0), "QR code uses no style attribute (CSP)")
t.ok("no-store" in (r.header("Cache-Control") or ""), "receipt is not cacheable")
light(r, "receipt")
t.eq(status_of(code), "received", "the item is in the database as received")
t.eq(srv.count("feedback_attachments", "feedback_id = (SELECT id FROM feedback WHERE code = ?)", (code,)), 1,
     "the photo is attached")
with srv.db() as db:
    geo = db.execute("SELECT lat_e6, lon_e6, channel FROM feedback WHERE code = ?", (code,)).fetchone()
t.eq(geo, (21034000, 105852000, "web"), "coordinates (decimal comma accepted) and channel stored")

# --- tracking ---------------------------------------------------------------------
r = cit.get("/tra-cuu")
t.eq(r.status, 200, "look-up page")
light(r, "look-up page")
r = cit.get("/tra-cuu?code=" + urllib.parse.quote(code.lower().replace("-", " ")))
t.eq(r.status, 303, "look-up by a typed code redirects")
t.eq(r.header("Location"), f"/phan-anh/{code}", "look-up goes to the item page")
bad = code[:-1] + ALPHABET[(ALPHABET.index(code[-1]) + 1) % 29]
r = cit.get("/tra-cuu?code=" + bad)
t.eq(r.status, 422, "look-up with a typo: 422")
t.ok("gõ nhầm" in r.text, "look-up explains the typo")
unknown = code_with_check("2345678")
r = cit.get("/tra-cuu?code=" + unknown)
t.eq(r.status, 404, "look-up of an unknown code: 404")
t.ok("Không tìm thấy" in r.text, "look-up says không tìm thấy")

r = cit.get(f"/phan-anh/{code.lower()}")
t.eq(r.status, 301, "item page with a lower-case code redirects to the canonical one")
r = cit.get(f"/phan-anh/{code}")
t.eq(r.status, 200, "item page 200")
t.ok(TITLE in r.text and "Đã tiếp nhận" in r.text, "item page shows title and status")
t.ok("Hạn trả lời" in r.text and re.search(r"\d\d/\d\d/\d{4}", r.text), "item page shows the due date dd/mm/yyyy")
light(r, "item page")
fid = re.search(rf'/phan-anh/{code}/tep/(\d+)', r.text)
t.ok(fid is not None, "item page links the photo")
r = cit.get(f"/phan-anh/{code}/tep/{fid.group(1) if fid else 0}")
t.eq(r.status, 200, "photo served")
t.eq(r.header("Content-Type"), "image/jpeg", "photo has its exact type")
t.eq(r.header("X-Content-Type-Options"), "nosniff", "photo served with nosniff")
t.ok((r.header("Content-Disposition") or "").startswith("inline;"), "photo has a Content-Disposition")
t.eq(r.body, JPEG, "photo bytes intact")
r = cit.get(f"/phan-anh/{code}/tep/999999")
t.eq(r.status, 404, "unknown file: 404")

# --- officers: inbox, case page, assign ------------------------------------------
intake, r = srv.login("tiepnhan.hoankiem")
r = intake.get("/quan-ly/phan-anh")
t.eq(r.status, 200, "inbox: 200")
t.ok(code in r.text, "the new item is in the intake officer's inbox")
t.ok("Đã tiếp nhận" in r.text and "fb-count" in r.text, "inbox shows counts per status")
light(r, "inbox")
r = intake.get("/quan-ly/phan-anh?status=received&sort=due&channel=web&category=giao-thong")
t.eq(r.status, 200, "inbox with filters: 200")
t.ok(code in r.text, "filtered inbox still has the item")
t.ok(srv.search_settled(), "new items reach the search index")
r = intake.get("/quan-ly/phan-anh?status=closed&q=" + urllib.parse.quote("Hàng Bạc"))
t.ok(code not in r.text, "a status filter leaves the item out")
r = intake.get("/quan-ly/phan-anh?overdue=1")
t.eq(r.status, 200, "inbox: overdue filter")
r = intake.get("/quan-ly/phan-anh?week=1&soon=1")
t.eq(r.status, 200, "inbox: due this week and soon")
r = srv.client().get("/quan-ly/phan-anh")
t.eq(r.status, 303, "inbox needs a login")

r, tok = case_csrf(intake, code)
t.eq(r.status, 200, "case page 200")
t.ok(BODY in r.text and "Xem thông tin liên hệ" not in r.text, "case page shows the content (no contact left)")
t.ok('value="assign"' in r.text and 'value="reject"' in r.text and 'value="publish"' not in r.text,
     "case page offers what intake may do now")
light(r, "case page")
r = act(intake, code, [("type", "assign"), ("unit", "")])
t.eq(r.status, 422, "assign without a unit: 422")
t.ok('id="f-assign-unit-error"' in r.text, "assign error shown beside its field")
r = act(intake, code, [("type", "assign"), ("unit", "00070-UBND"), ("text", "Đề nghị kiểm tra, sửa chữa.")])
t.eq(r.status, 303, "assign: 303")
t.eq(status_of(code), "assigned", "assigned")

# an impossible transition re-shows the page with 409
leader, _ = srv.login("lanhdao.hoankiem")
viewer, _ = srv.login("theodoi.hoankiem")
before = counts()
r = act(leader, code, [("type", "publish")])
t.eq(r.status, 409, "publish without a draft: 409")
t.ok("Không thực hiện được" in r.text and "Hồ sơ phản ánh" in r.text, "409 re-shows the case page in Vietnamese")
t.eq(counts(), before, "the refused transition changed nothing")
r = act(viewer, code, [("type", "note"), ("text", "Ghi chú của người chỉ được xem")])
t.eq(r.status, 403, "a viewer may not add notes: 403")
t.eq(counts(), before, "the refused note changed nothing")

# the handler drafts a structured answer with evidence
handler, _ = srv.login("xuly.hoankiem")
ANSWER = "Ủy ban nhân dân phường đã thay bóng đèn cho ba cột đèn trước số 20 Hàng Bạc ngày hôm qua."
r = act(handler, code, [("type", "answer"), ("result", "resolved"), ("text", ANSWER),
                        ("basis", "Quy chế quản lý chiếu sáng đô thị"), ("next_steps", "Tiếp tục kiểm tra định kỳ.")],
        [("files", "bien-ban.pdf", "application/pdf", b"%PDF-1.4\n% test\n")])
t.eq(r.status, 303, "answer with evidence: 303")
t.eq(status_of(code), "answered", "answered (awaiting approval)")
t.eq(srv.count("feedback_attachments", "kind = 'evidence'"), 1, "evidence file attached")
r = handler.get(f"/quan-ly/phan-anh/{code}")
t.ok("Dự thảo trả lời" in r.text and ANSWER in r.text, "the draft is on the case page")
r = act(handler, code, [("type", "note"), ("text", "Đã liên hệ đội chiếu sáng.")])
t.eq(r.status, 303, "internal note: 303")
r = cit.get(f"/phan-anh/{code}")
t.ok(ANSWER not in r.text and "Đã liên hệ đội chiếu sáng" not in r.text,
     "the draft and the internal note are not public")
t.ok("Đang xử lý" in r.text, "citizens read 'being handled' while the draft waits")

# the leader approves and publishes
r = act(leader, code, [("type", "publish")])
t.eq(r.status, 303, "publish: 303")
t.eq(status_of(code), "published", "published")

# the citizen reads the answer and rates it once
r = cit.get(f"/phan-anh/{code}")
t.ok(ANSWER in r.text and "Quy chế quản lý chiếu sáng đô thị" in r.text and "Tiếp tục kiểm tra định kỳ." in r.text,
     "the citizen sees the answer with basis and next steps")
t.ok("Ủy ban nhân dân phường Hoàn Kiếm" in r.text, "the answer names the unit that gave it")
t.ok("bien-ban.pdf" not in r.text, "evidence files are not public")
t.ok('action="/phan-anh/' not in r.text or "danh-gia" not in r.text, "no rating form without the secret")
r = cit.get(f"/phan-anh/{code}?secret={secret}")
t.ok(f'action="/phan-anh/{code}/danh-gia"' in r.text, "the sender gets the rating form")
rate_csrf = csrf_of(r.text)
r = cit.post_form(f"/phan-anh/{code}/danh-gia", {"csrf": rate_csrf, "secret": secret, "score": "9"})
t.eq(r.status, 422, "rating 9: 422")
r = cit.post_form(f"/phan-anh/{code}/danh-gia", {"csrf": rate_csrf, "secret": "a" * 26, "score": "4"})
t.eq(r.status, 403, "rating with a wrong secret (public item): 403")
r = cit.post_form(f"/phan-anh/{code}/danh-gia", {"csrf": rate_csrf, "secret": secret, "score": "4",
                                                 "comment": "Xử lý nhanh, cảm ơn."})
t.eq(r.status, 303, "rating: 303")
with srv.db() as db:
    t.eq(db.execute("SELECT rating FROM feedback WHERE code = ?", (code,)).fetchone()[0], 4, "rating stored")
before = counts()
r = cit.post_form(f"/phan-anh/{code}/danh-gia", {"csrf": rate_csrf, "secret": secret, "score": "1"})
t.eq(r.status, 409, "second rating refused: 409")
t.ok("một lần" in r.text, "second rating: explained")
t.eq(counts(), before, "second rating changed nothing")
with srv.db() as db:
    t.eq(db.execute("SELECT rating FROM feedback WHERE code = ?", (code,)).fetchone()[0], 4, "rating unchanged")

# --- public list and home --------------------------------------------------------
r = cit.get("/phan-anh")
t.eq(r.status, 200, "public list 200")
t.ok(TITLE in r.text, "the published item is listed")
light(r, "public list")
srv.search_settled()
r = cit.get("/phan-anh?category=giao-thong&q=" + urllib.parse.quote("chieu sang hang bac"))
t.ok(TITLE in re.sub(r"</?mark>", "", r.text), "search without accents finds the item")
r = cit.get("/phan-anh?category=y-te&q=" + urllib.parse.quote("chieu sang hang bac"))
t.ok(TITLE not in r.text, "another category leaves it out")
r = cit.get("/phan-anh?page=2")
t.eq(r.status, 200, "public list page 2")
t.ok("Trang 2" in r.text, "pagination shows the page")
r = cit.get("/")
t.ok("Mới trả lời" in r.text and TITLE in r.text, "home page lists the latest answers")
light(r, "home page")

# --- recording an off-line petition ------------------------------------------------
front, _ = srv.login("mattran.hoankiem")
r = front.get("/quan-ly/phan-anh/moi")
t.eq(r.status, 200, "record form: 200")
light(r, "record form")
rec_csrf = csrf_of(r.text)
r = post_multipart(front, "/quan-ly/phan-anh/moi", [("csrf", rec_csrf), ("channel", "voter_meeting"),
                                                     ("unit", "00070-MTTQ"), ("received_at", ""),
                                                     ("title", "Cử tri kiến nghị sửa chữa nhà văn hoá tổ 3"),
                                                     ("body", "Tại hội nghị tiếp xúc cử tri, cử tri tổ 3 kiến nghị sửa mái nhà văn hoá."),
                                                     ("category", "khac"), ("public", "1")])
t.eq(r.status, 200, "record: the receipt")
m2 = re.search(r'href="/quan-ly/phan-anh/([0-9A-Z]{4}-[0-9A-Z]{4})"', r.text)
t.ok(m2 is not None, "the receipt links the case page")
if m2:
    with srv.db() as db:
        row = db.execute("SELECT channel, created_by IS NOT NULL FROM feedback WHERE code = ?", (m2.group(1),)).fetchone()
    t.eq(row, ("voter_meeting", 1), "the channel and the recording officer are stored")
r = post_multipart(front, "/quan-ly/phan-anh/moi", [("csrf", rec_csrf), ("channel", "web"), ("unit", "00070-MTTQ"),
                                                     ("received_at", "2099-01-01"), ("title", "x"), ("body", "y"),
                                                     ("category", "khac")])
t.eq(r.status, 422, "record with a web channel and a future date: 422")
t.ok('id="f-received_at-error"' in r.text and 'id="f-channel-error"' in r.text, "record errors beside the fields")
r = handler.get("/quan-ly/phan-anh/moi")
t.eq(r.status, 403, "a handler without a recording role: 403")

# --- dashboard ---------------------------------------------------------------------
r = leader.get("/quan-ly/tong-hop")
t.eq(r.status, 200, "dashboard 200")
charts = re.findall(r'<svg[^>]*class="chart"[^>]*>', r.text)
t.eq(len(charts), 3, "dashboard draws three SVG charts")
t.ok(all('role="img"' in c and "aria-labelledby" in c for c in charts), "each chart has a text alternative")
t.ok(r.text.count("<desc id=") == 3 and r.text.count("<table") >= 4, "charts have descriptions and tables")
t.ok("Theo đơn vị" in r.text and "Theo lĩnh vực" in r.text, "dashboard by unit and by category")
t.ok('style="' not in r.text, "dashboard has no inline style")
light(r, "dashboard")
r = leader.get("/quan-ly/tong-hop?ky=year")
t.eq(r.status, 200, "dashboard for the year")
r = handler.get("/quan-ly/tong-hop")
t.eq(r.status, 403, "dashboard is for leaders: a handler gets 403")

# ===================================================================================
# JSON API
# ===================================================================================
api = srv.client()
r = api.get_json("/api/v1/categories")
t.eq(r.status, 200, "categories 200")
cats = r.json()["items"]
t.ok(any(x["code"] == "dat-dai" and x["name"] == "Đất đai" for x in cats), "categories list code and name")


def token(username):
    r = api.post_json("/api/v1/tokens", {"username": username, "password": "demo-password"})
    return r.json().get("token") if r.status == 201 else None


r = api.post_json("/api/v1/feedback", {"title": "Ổ gà lớn trên đường Trần Hưng Đạo",
                                       "body": "Ổ gà sâu giữa đường trước số 50 Trần Hưng Đạo, xe máy dễ ngã.",
                                       "category": "giao-thong", "place": "50 Trần Hưng Đạo",
                                       "lat": 21.02, "lon": 105.85, "unit": "00070",
                                       "contact": {"name": "Lê Văn Bình"}})
t.eq(r.status, 201, "API send: 201")
j = r.json()
t.eq(j.get("status"), "received", "API send: status received")
t.ok(re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", j.get("code", "")) and len(j.get("secret", "")) == 26,
     "API send: code and secret")
t.ok(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", j.get("received_at", "")), "received_at ISO 8601 +07:00")
acode, asecret = j.get("code"), j.get("secret")
r = api.get_json(f"/api/v1/feedback/{acode}")
t.eq(r.status, 200, "API item: 200")
v = r.json()
t.eq((v["code"], v["status"], v["category"]), (acode, "received", "giao-thong"), "API item: public view")
t.ok("contact" not in v and "Lê Văn Bình" not in r.text and "events" not in v, "API public view: no contact, no events")

tk_intake, tk_handler, tk_leader = token("tiepnhan.hoankiem"), token("xuly.hoankiem"), token("lanhdao.hoankiem")
tk_viewer, tk_other = token("theodoi.hoankiem"), token("xuly.cuanam")
t.ok(all([tk_intake, tk_handler, tk_leader, tk_viewer, tk_other]), "API tokens for the demo officers")

r = api.get_json(f"/api/v1/feedback/{acode}", tk_intake)
v = r.json()
t.ok("events" in v and "notes" in v and v.get("contact", {}).get("name") == "Lê Văn Bình",
     "API officer view: events, notes and contact")
t.ok("assign" in v.get("allowed_events", []), "API officer view: allowed events")
r = api.get_json("/api/v1/feedback?status=received&per_page=100", tk_intake)
t.ok(r.status == 200 and any(x["code"] == acode for x in r.json()["items"]), "API list with a token is the inbox")
r = api.get_json("/api/v1/feedback?per_page=5&page=1")
j = r.json()
t.ok(r.status == 200 and set(j) == {"items", "page", "per_page", "total"} and len(j["items"]) <= 5,
     "API public list shape")
t.ok(all(x["status"] in ("published", "closed") for x in j["items"]), "API public list: answered items only")
r = api.get_json("/api/v1/feedback?status=received")
t.eq(r.json()["total"], 0, "API public list never shows received items")

# the workflow over the API
r = api.post_json(f"/api/v1/feedback/{acode}/events", {"type": "assign", "unit": "00070-UBND"}, tk_intake)
t.eq(r.status, 200, "API assign: 200")
t.eq(r.json().get("status"), "assigned", "API assign: the item as the caller sees it")
r = api.post_json(f"/api/v1/feedback/{acode}/events", {"type": "note", "text": "Đã chuyển đội duy tu."}, tk_handler)
t.ok(r.status == 200 and any(n["text"] == "Đã chuyển đội duy tu." for n in r.json().get("notes", [])),
     "API note: listed in notes")
r = api.post_json(f"/api/v1/feedback/{acode}/events", {"type": "extend", "days": 5, "reason": "Chờ nhà thầu vá đường."},
                  tk_leader)
t.eq(r.status, 200, "API extend: 200")
t.eq(r.json().get("due_extended"), True, "API extend: the due date moved")
before = counts()
r = api.post_json(f"/api/v1/feedback/{acode}/events", {"type": "extend", "days": 5, "reason": "Lần nữa xin gia hạn."},
                  tk_leader)
t.eq(r.status, 409, "API second extension: 409")
t.eq(r.json()["error"]["code"], "conflict", "second extension: conflict")
t.eq(counts(), before, "second extension changed nothing")
r = api.post_json(f"/api/v1/feedback/{acode}/events",
                  {"type": "answer", "text": "Đã vá ổ gà trước số 50 Trần Hưng Đạo.", "result": "resolved"}, tk_handler)
t.eq(r.json().get("status"), "answered", "API answer: answered")
r = api.post_json(f"/api/v1/feedback/{acode}/events", {"type": "publish"}, tk_leader)
t.eq(r.json().get("status"), "published", "API publish: published")
r = api.get_json(f"/api/v1/feedback/{acode}")
t.eq(r.json().get("answer", {}).get("text"), "Đã vá ổ gà trước số 50 Trần Hưng Đạo.", "API public view has the answer")
t.ok(re.search(r"\+07:00$", r.json()["answer"].get("published_at", "")), "answer published_at in +07:00")
r = api.post_json(f"/api/v1/feedback/{acode}/rating", {"secret": asecret, "score": 5, "comment": "Tốt"})
t.eq(r.status, 200, "API rating: 200")
t.eq(r.json().get("rating", {}).get("score"), 5, "API rating: stored")
before = counts()
r = api.post_json(f"/api/v1/feedback/{acode}/rating", {"secret": asecret, "score": 1})
t.eq(r.status, 409, "API second rating: 409")
t.eq(counts(), before, "API second rating changed nothing")
r = api.post_json(f"/api/v1/feedback/{acode}/events", {"type": "close"}, tk_leader)
t.eq(r.json().get("status"), "closed", "API close: closed")
r = api.post_json(f"/api/v1/feedback/{acode}/events", {"type": "reopen", "reason": "Ổ gà xuất hiện lại."}, tk_leader)
t.eq(r.json().get("status"), "assigned", "API reopen: back to assigned")

# reject and merge on fresh items
def api_item(title):
    r = api.post_json("/api/v1/feedback", {"title": title, "body": "Nội dung chi tiết của phản ánh thử nghiệm.",
                                           "category": "khac", "unit": "00070"})
    return r.json().get("code")


c1, c2 = api_item("Phản ánh trùng số một"), api_item("Phản ánh trùng số hai")
r = api.post_json(f"/api/v1/feedback/{c2}/events", {"type": "merge", "into": c1}, tk_intake)
t.eq((r.status, r.json().get("status")), (200, "merged"), "API merge: merged")
r = api.get_json(f"/api/v1/feedback/{c2}")
t.eq(r.json().get("merged_into"), c1, "a merged item names the item it follows")
c3 = api_item("Phản ánh ngoài phạm vi")
r = api.post_json(f"/api/v1/feedback/{c3}/events", {"type": "reject", "reason": "Không thuộc thẩm quyền của phường."},
                  tk_intake)
t.eq(r.json().get("status"), "rejected", "API reject: rejected")

# --- every API error, with nothing changed ----------------------------------------------
c4 = api_item("Phản ánh để thử lỗi")


def unchanged(name, fn):
    before = counts()
    r = fn()
    t.eq(counts(), before, f"{name}: database unchanged")
    return r


r = unchanged("malformed JSON", lambda: api.post_json("/api/v1/feedback", None, raw='{"title": "x",'))
t.eq((r.status, r.json()["error"]["code"]), (400, "malformed_json"), "400 malformed_json")
r = unchanged("invalid UTF-8", lambda: api.post_json("/api/v1/feedback", None,
                                                       raw=b'{"title": "\xff\xfe", "body": "x", "category": "khac"}'))
t.eq((r.status, r.json()["error"]["code"]), (400, "invalid_utf8"), "400 invalid_utf8 (body)")
r = api.get_json("/api/v1/feedback?q=%FF")
t.eq((r.status, r.json()["error"]["code"]), (400, "invalid_utf8"), "400 invalid_utf8 (query)")
r = unchanged("no token", lambda: api.post_json(f"/api/v1/feedback/{c4}/events", {"type": "assign", "unit": "00070-UBND"}))
t.eq((r.status, r.json()["error"]["code"]), (401, "unauthenticated"), "401 without a token")
r = unchanged("bad token", lambda: api.post_json(f"/api/v1/feedback/{c4}/events", {"type": "assign", "unit": "00070-UBND"},
                                                  "not-a-real-token"))
t.eq(r.status, 401, "401 with an unknown token")
r = unchanged("viewer assigns", lambda: api.post_json(f"/api/v1/feedback/{c4}/events",
                                                      {"type": "assign", "unit": "00070-UBND"}, tk_viewer))
t.eq((r.status, r.json()["error"]["code"]), (403, "forbidden"), "403 for a role that may not")
r = unchanged("other unit", lambda: api.post_json(f"/api/v1/feedback/{c4}/events",
                                                  {"type": "note", "text": "Không phải việc của tôi"}, tk_other))
t.eq((r.status, r.json()["error"]["code"]), (403, "forbidden"), "403 for an officer of another unit (public item)")
r = unchanged("unknown item", lambda: api.get_json(f"/api/v1/feedback/{unknown}"))
t.eq((r.status, r.json()["error"]["code"]), (404, "not_found"), "404 for an unknown code")
r = api.get_json("/api/v1/feedback/not-a-code")
t.eq(r.status, 404, "404 for a malformed code")
r = unchanged("event on unknown", lambda: api.post_json(f"/api/v1/feedback/{unknown}/events",
                                                        {"type": "note", "text": "x"}, tk_intake))
t.eq(r.status, 404, "404 for an event on an unknown item")
r = unchanged("publish received", lambda: api.post_json(f"/api/v1/feedback/{c4}/events", {"type": "publish"}, tk_leader))
t.eq((r.status, r.json()["error"]["code"]), (409, "invalid_transition"), "409 invalid_transition")
r = unchanged("rate unanswered", lambda: api.post_json(f"/api/v1/feedback/{c1}/rating", {"secret": "a" * 26, "score": 3}))
t.ok(r.status in (403, 409), "rating an unanswered item with a wrong secret is refused", r.status)
big = json.dumps({"title": "x", "body": "y" * (2 * 1024 * 1024), "category": "khac"})
r = unchanged("too large", lambda: api.raw("POST", "/api/v1/feedback", big.encode(),
                                           {"Content-Type": "application/json"}))
t.eq(r.status, 413, "413 for a body over the limit")
t.ok(b"too_large" in r.body, "413 code too_large")
r = unchanged("wrong type", lambda: api.request("POST", "/api/v1/feedback", "title=x",
                                                {"Content-Type": "application/x-www-form-urlencoded"}))
t.eq((r.status, r.json()["error"]["code"]), (415, "unsupported_media_type"), "415 for a form body")
r = unchanged("missing fields", lambda: api.post_json("/api/v1/feedback", {"title": "ab"}))
t.eq((r.status, r.json()["error"]["code"]), (422, "validation_failed"), "422 validation_failed")
f = r.json()["error"].get("fields", {})
t.ok({"title", "body", "category"} <= set(f), "422 names each field", f)
r = unchanged("unknown field", lambda: api.post_json("/api/v1/feedback", {"title": "Tiêu đề đủ dài", "body": "x" * 20,
                                                                         "category": "khac", "secret_admin": True}))
t.ok(r.status == 422 and "secret_admin" in r.json()["error"].get("fields", {}), "422 for an unknown field")
r = unchanged("bad contact", lambda: api.post_json("/api/v1/feedback", {"title": "Tiêu đề đủ dài", "body": "x" * 20,
                                                                       "category": "khac",
                                                                       "contact": {"phone": "12", "fax": "1"}}))
t.ok(r.status == 422 and "contact.fax" in r.json()["error"]["fields"], "422 for an unknown contact field")
r = unchanged("bad types", lambda: api.post_json("/api/v1/feedback", {"title": 5, "body": "x" * 20, "category": "khac",
                                                                     "public": "yes", "lat": "21"}))
t.ok(r.status == 422 and {"title", "public", "lat"} <= set(r.json()["error"]["fields"]), "422 for wrong JSON types")
r = unchanged("bad event", lambda: api.post_json(f"/api/v1/feedback/{c4}/events", {"type": "fly"}, tk_intake))
t.ok(r.status == 422 and "type" in r.json()["error"]["fields"], "422 for an unknown event type")
r = unchanged("assign no unit", lambda: api.post_json(f"/api/v1/feedback/{c4}/events", {"type": "assign"}, tk_intake))
t.ok(r.status == 422 and "unit" in r.json()["error"]["fields"], "422 for assign without a unit")
r = unchanged("bad score", lambda: api.post_json(f"/api/v1/feedback/{acode}/rating", {"secret": asecret, "score": 7}))
t.ok(r.status == 422 and "score" in r.json()["error"]["fields"], "422 for a score out of range")
r = api.get_json("/api/v1/feedback?per_page=1000")
t.ok(r.status == 422 and "per_page" in r.json()["error"]["fields"], "422 for per_page out of range")
r = api.get_json("/api/v1/feedback?status=flying")
t.ok(r.status == 422 and "status" in r.json()["error"]["fields"], "422 for an unknown status")

# --- the writer's counters in /metrics ----------------------------------------------
r = api.get("/metrics")
m = dict(re.findall(r"^(danvan_(?:submit|search)_[a-z_]+) (\d+)$", r.text, re.M))
# every submission of this run (the demo's petitions at meetings are older: cli:demo)
acked = srv.count("audit_log", "action = 'feedback.submit' AND actor <> 'cli:demo'")
t.ok(int(m.get("danvan_submit_items_total", -1)) == acked > 0,
     "metrics count the submissions the writer acknowledged", (m, acked))
if ENGINE == "postgresql":
    # each COMMIT is durable by itself (synchronous_commit=on): no log syncs
    t.ok(m.get("danvan_submit_syncs_total") == "0" and
         1 <= int(m.get("danvan_submit_batches_total", 0)) <= int(m.get("danvan_submit_items_total", 0)),
         "each was made durable by its batch's commit (no separate log sync)", m)
else:
    t.ok(1 <= int(m.get("danvan_submit_syncs_total", 0)) <= int(m.get("danvan_submit_items_total", 0)),
         "each was made durable by a log sync (one sync serving several)", m)
t.ok(int(m.get("danvan_search_indexed_total", 0)) >= 1, "the writer indexed new items for search", m)
t.eq(m.get("danvan_submit_queued"), "0", "nothing waits for the writer at rest")

srv.stop(t)
t.done()
