"""Privacy of feedback: a private item with contact data, sent on the web
form and on the API. For every public page, list, search, API response,
attachment and error - for anonymous visitors, wrong secrets and officers
of another unit - the contact name, phone and e-mail never appear and the
item is a 404. Officers of the handling unit see the contact only when
they ask for it, and each view is written to the audit log."""
import re
import sys
import urllib.parse

sys.path.insert(0, "tests/http")
from harness import TAP, Server, csrf_of  # noqa: E402

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32 + b"\xff\xd9"
NAME, PHONE, PHONE_NORM, EMAIL = "Trần Thị Kín Đáo", "0987 654 321", "0987654321", "kindao.test@example.vn"
NAME2, EMAIL2 = "Phạm Văn Riêng Tư", "riengtu.test@example.vn"
TITLE = "Tố cáo cán bộ tổ dân phố nhận tiền trái phép"
TITLE2 = "Kiến nghị riêng về việc cấp phép xây dựng nhà ở"
SECRETS = [NAME, PHONE, PHONE_NORM, EMAIL, NAME2, EMAIL2, "kindao.test", "riengtu.test"]

t = TAP()
srv = Server(demo=True)


def multipart(fields, files=()):
    boundary = "----danvan-privacy-9x2"
    out = b""
    for k, v in fields:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n").encode() + v.encode() + b"\r\n"
    for k, name, ctype, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\n"
                f"Content-Type: {ctype}\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


def clean(r, name, typed=""):
    """No contact data (nor its pieces) anywhere in the response, apart
    from what the request itself carried (`typed`, e.g. a search box)."""
    text = r.body.decode("utf-8", "replace") + " ".join(v for _, v in r.headers)
    found = [s for s in SECRETS if (s in text or urllib.parse.quote(s) in text) and s not in typed]
    t.ok(not found, f"{name}: no contact data", found)


def not_found(r, name, private_title=TITLE):
    t.eq(r.status, 404, f"{name}: 404")
    clean(r, name)
    t.ok(private_title not in r.text, f"{name}: the private title does not appear")


def views():
    return srv.count("audit_log", "action = 'view_contact'")


# --- a private item with contact data and a photo, on the web form -----------------
cit = srv.client()
r = cit.get("/phan-anh/gui")
tok = csrf_of(r.text)
body, ctype = multipart([("csrf", tok), ("title", TITLE),
                         ("body", "Tôi đề nghị kiểm tra việc thu tiền không có biên lai tại tổ dân phố số 2."),
                         ("category", "can-bo-cong-chuc"), ("unit", "00070"), ("public", "0"),
                         ("name", NAME), ("phone", PHONE), ("email", EMAIL)],
                        [("files", "bang-chung.jpg", "image/jpeg", JPEG)])
r = cit.request("POST", "/phan-anh/gui", body, {"Content-Type": ctype})
t.eq(r.status, 200, "private item sent")
clean(r, "receipt")
m = re.search(r'href="/phan-anh/([0-9A-Z]{4}-[0-9A-Z]{4})\?secret=([a-z2-7]{26})"', r.text)
code, secret = (m.group(1), m.group(2)) if m else ("XXXX-XXXX", "x")
with srv.db() as db:
    fid = db.execute("SELECT fa.id FROM feedback_attachments fa JOIN feedback f ON f.id = fa.feedback_id "
                     "WHERE f.code = ?", (code,)).fetchone()
fid = fid[0] if fid else 0
t.eq(srv.count("feedback_contacts", "phone = ?", (PHONE_NORM,)), 1, "the contact is stored (normalised phone)")

# --- and one on the API ------------------------------------------------------------------
api = srv.client()
r = api.post_json("/api/v1/feedback", {"title": TITLE2, "body": "Nội dung kiến nghị riêng, không muốn công khai.",
                                       "category": "xay-dung-trat-tu-do-thi", "unit": "00070", "public": False,
                                       "contact": {"name": NAME2, "email": EMAIL2}})
t.eq(r.status, 201, "private item sent on the API")
clean(r, "API 201")
code2, secret2 = r.json().get("code"), r.json().get("secret")

wrong = "a" * 26

# --- anonymous visitors and wrong secrets ---------------------------------------------------
anon = srv.client()
for path, name in [(f"/phan-anh/{code}", "item page"),
                   (f"/phan-anh/{code}?secret={wrong}", "item page, wrong secret"),
                   (f"/phan-anh/{code}/tep/{fid}", "attachment"),
                   (f"/phan-anh/{code}/tep/{fid}?secret={wrong}", "attachment, wrong secret"),
                   (f"/tra-cuu?code={code}", "look-up"),
                   (f"/tra-cuu?code={code}&secret={wrong}", "look-up, wrong secret"),
                   (f"/phan-anh/{code2}", "API item's page")]:
    not_found(anon.get(path), "anonymous " + name, TITLE2 if code2 in path else TITLE)
for path, name in [(f"/api/v1/feedback/{code}", "API item"),
                   (f"/api/v1/feedback/{code}?secret={wrong}", "API item, wrong secret"),
                   (f"/api/v1/feedback/{code2}", "API item (sent on the API)")]:
    r = anon.get_json(path)
    not_found(r, "anonymous " + name, TITLE2 if code2 in path else TITLE)
    t.eq(r.json()["error"]["code"], "not_found", f"anonymous {name}: code not_found")
# its existence is not revealed: the same answer as an unknown code
unknown = srv.client().get("/phan-anh/2345-6789")
r = anon.get(f"/phan-anh/{code}")
t.eq(r.body.replace(code.encode(), b""), unknown.body.replace(b"2345-6789", b""),
     "a private item's 404 is the same page as an unknown code's")

csrf = csrf_of(anon.get("/phan-anh/gui").text)
r = anon.post_form(f"/phan-anh/{code}/danh-gia", {"csrf": csrf, "secret": wrong, "score": "5"})
not_found(r, "rating with a wrong secret")
r = anon.post_json(f"/api/v1/feedback/{code}/rating", {"secret": wrong, "score": 5})
not_found(r, "API rating with a wrong secret")
r = anon.post_json(f"/api/v1/feedback/{code}/rating", {"secret": wrong, "score": 9, "comment": NAME})
t.eq(r.status, 422, "a bad rating answers 422 before looking the item up")
t.ok(srv.search_settled(), "new items reach the search index")
for path in ["/", "/phan-anh", "/phan-anh?q=" + urllib.parse.quote("nhan tien trai phep"),
             "/phan-anh?q=" + urllib.parse.quote(NAME), "/phan-anh?category=can-bo-cong-chuc"]:
    r = anon.get(path)
    t.eq(r.status, 200, f"anonymous {path}: 200")
    clean(r, f"anonymous {path}", urllib.parse.unquote(path))
    t.ok(code not in r.text and TITLE not in r.text, f"anonymous {path}: the private item is not listed")
for path in ["/api/v1/feedback?per_page=100", "/api/v1/feedback?q=" + urllib.parse.quote("nhan tien trai phep"),
             "/api/v1/feedback?status=received", "/api/v1/feedback?category=can-bo-cong-chuc&per_page=100"]:
    r = anon.get_json(path)
    t.eq(r.status, 200, f"anonymous {path}: 200")
    clean(r, f"anonymous {path}")
    t.ok(code not in r.text and code2 not in r.text, f"anonymous {path}: the private items are not listed")

# --- the sender, with the secret ---------------------------------------------------------------
r = anon.get(f"/phan-anh/{code}?secret={secret}")
t.eq(r.status, 200, "the sender sees the private item")
t.ok(TITLE in r.text, "the sender sees its title")
clean(r, "sender's page")
r = anon.get(f"/phan-anh/{code}/tep/{fid}?secret={secret}")
t.eq((r.status, r.header("Content-Type")), (200, "image/jpeg"), "the sender opens its photo")
r = anon.get_json(f"/api/v1/feedback/{code2}?secret={secret2}")
t.eq(r.status, 200, "the API sender sees its item")
clean(r, "API sender's view")
r = anon.get(f"/tra-cuu?code={code}&secret={secret}")
t.eq(r.status, 303, "look-up with the secret redirects to the item")

# --- officers of another unit --------------------------------------------------------------------
for user in ["xuly.cuanam", "lanhdao.cuanam"]:
    other, _ = srv.login(user)
    for path in [f"/quan-ly/phan-anh/{code}", f"/phan-anh/{code}", f"/phan-anh/{code}/tep/{fid}"]:
        not_found(other.get(path), f"{user} {path}")
    r = other.get("/quan-ly/phan-anh?per_page=100&q=" + urllib.parse.quote("nhan tien"))
    t.ok(r.status == 200 and code not in r.text, f"{user}: not in the inbox")
    clean(r, f"{user} inbox")
    ctok = csrf_of(r.text)
    before = views()
    r = other.post_form(f"/quan-ly/phan-anh/{code}/lien-he", {"csrf": ctok})
    not_found(r, f"{user} asks for the contact")
    t.eq(views(), before, f"{user}: no contact view audited")
    body, ctype = multipart([("csrf", ctok), ("type", "note"), ("text", "Thử ghi chú")])
    r = other.request("POST", f"/quan-ly/phan-anh/{code}/thao-tac", body, {"Content-Type": ctype})
    not_found(r, f"{user} acts on the item")
    r = other.get("/quan-ly/tong-hop")
    clean(r, f"{user} dashboard")
    tk = api.post_json("/api/v1/tokens", {"username": user, "password": "demo-password"}).json()["token"]
    for c in (code, code2):
        r = api.get_json(f"/api/v1/feedback/{c}", tk)
        not_found(r, f"{user} API item", TITLE2 if c == code2 else TITLE)
        r = api.post_json(f"/api/v1/feedback/{c}/events", {"type": "note", "text": "Thử"}, tk)
        not_found(r, f"{user} API event", TITLE2 if c == code2 else TITLE)
    r = api.get_json("/api/v1/feedback?per_page=100", tk)
    t.ok(r.status == 200 and code not in r.text and code2 not in r.text, f"{user}: API list leaves them out")
    clean(r, f"{user} API list")
    t.eq(views(), before, f"{user}: still no contact view audited")

# --- officers of the handling unit ------------------------------------------------------------------
intake, _ = srv.login("tiepnhan.hoankiem")
before = views()
r = intake.get(f"/quan-ly/phan-anh/{code}")
t.eq(r.status, 200, "intake officer of the unit opens the case")
t.ok(TITLE in r.text, "intake officer sees the content")
clean(r, "case page before asking")
t.ok("Xem thông tin liên hệ" in r.text, "the contact is offered on request")
t.eq(views(), before, "opening the case audits no contact view")
r = intake.get("/quan-ly/phan-anh?per_page=100")
t.ok(code in r.text, "the private item is in the unit's inbox")
clean(r, "unit inbox")
r = intake.post_form(f"/quan-ly/phan-anh/{code}/lien-he", {"csrf": csrf_of(r.text)})
t.eq(r.status, 200, "asking for the contact: 200")
t.ok(NAME in r.text and PHONE_NORM in r.text and EMAIL in r.text, "the contact is shown on request")
t.ok("no-store" in (r.header("Cache-Control") or ""), "the contact page is not cacheable")
t.eq(views(), before + 1, "the contact view is audited")
with srv.db() as db:
    row = db.execute("SELECT actor, object_id FROM audit_log WHERE action = 'view_contact' "
                     "ORDER BY id DESC LIMIT 1").fetchone()
t.eq(row, ("tiepnhan.hoankiem", code), "the audit entry names the officer and the item")
with srv.db() as db:
    summaries = " ".join(s or "" for (s,) in db.execute("SELECT summary FROM audit_log"))
t.ok(not [s for s in SECRETS if s in summaries], "the audit log holds no contact data")

viewer, _ = srv.login("theodoi.hoankiem")
before = views()
r = viewer.get(f"/quan-ly/phan-anh/{code}")
t.eq(r.status, 200, "a viewer of the unit opens the case")
clean(r, "viewer's case page")
t.ok("Xem thông tin liên hệ" not in r.text, "a viewer is not offered the contact")
r = viewer.post_form(f"/quan-ly/phan-anh/{code}/lien-he", {"csrf": csrf_of(r.text)})
clean(r, "viewer asking for the contact")
t.eq(views(), before, "a viewer's request audits nothing (nothing shown)")

tk = api.post_json("/api/v1/tokens", {"username": "tiepnhan.hoankiem", "password": "demo-password"}).json()["token"]
before = views()
r = api.get_json(f"/api/v1/feedback/{code2}?contact=0", tk)
t.eq(r.status, 200, "API officer view without contact")
clean(r, "API officer view with contact=0")
t.eq(views(), before, "contact=0 audits nothing")
r = api.get_json(f"/api/v1/feedback/{code2}", tk)
t.eq(r.json().get("contact", {}).get("email"), EMAIL2, "API officer of the unit gets the contact")
t.eq(views(), before + 1, "the API contact view is audited")
r = api.post_json(f"/api/v1/feedback/{code2}/events", {"type": "assign", "unit": "00070-UBND"}, tk)
t.eq(r.status, 200, "API assign by the unit")
clean(r, "API event answer (no contact unless asked)")

# --- a merged private item leaves no trace on a public one -----------------------------------------------
r = api.post_json("/api/v1/feedback", {"title": "Đèn đường hỏng ở ngõ Tạm Thương", "body": "Ngõ Tạm Thương tối om.",
                                       "category": "khac", "unit": "00070"})
pub = r.json().get("code")
r = api.post_json(f"/api/v1/feedback/{code}/events", {"type": "merge", "into": pub}, tk)
t.eq(r.status, 200, "the private item is merged into a public one")
r = anon.get(f"/phan-anh/{pub}")
t.eq(r.status, 200, "the public item's page")
clean(r, "public item with a private one merged in")
t.ok(code not in r.text and TITLE not in r.text, "the public page does not name the private item")
r = anon.get_json(f"/api/v1/feedback/{pub}")
clean(r, "API public item with a private one merged in")
t.ok(code not in r.text, "the API public view does not name the private item")

# --- error pages never echo contact data -----------------------------------------------------------------
r = anon.post_json("/api/v1/feedback", {"title": "x", "body": "y", "category": "khac",
                                        "contact": {"name": NAME, "phone": "12", "email": "not-an-email"}})
t.eq(r.status, 422, "invalid contact: 422")
clean(r, "422 with contact fields")
r = anon.get("/phan-anh/gui")
body, ctype = multipart([("csrf", csrf_of(r.text)), ("title", ""), ("body", ""), ("category", ""),
                         ("name", NAME), ("phone", "12")])
r = anon.request("POST", "/phan-anh/gui", body, {"Content-Type": ctype})
t.eq(r.status, 422, "form with errors: 422")
t.ok(NAME in r.text, "the form keeps what its own sender typed")

srv.stop(t)
t.done()
