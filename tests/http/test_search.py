"""HTTP tests of search (q=) end to end: the public list page and the JSON
API, the officer inbox page and the API with a token. Any spelling of the
words finds an item; whatever a person types answers 200 with results or a
friendly "no results", never a 500; private items, contact data and
redacted words never reach someone who may not see them, in any result."""
import html
import re
import sys
import unicodedata
import urllib.parse

sys.path.insert(0, "tests/http")
from harness import TAP, Server  # noqa: E402

t = TAP()
srv = Server(demo=True)
api = srv.client()

CONTACT = {"name": "Trịnh Thị Kín Đáo", "phone": "0987654321", "email": "kin.dao@example.vn"}
SECRET_WORDS = ("Kín Đáo", "0987654321", "kin.dao", "Riêng Tư Lắm", "Xích Mích")


def token(username):
    r = api.post_json("/api/v1/tokens", {"username": username, "password": "demo-password"})
    return r.json().get("token") if r.status == 201 else None


tk_intake, tk_handler, tk_leader, tk_other = (token("tiepnhan.hoankiem"), token("xuly.hoankiem"),
                                             token("lanhdao.hoankiem"), token("xuly.cuanam"))
t.ok(all([tk_intake, tk_handler, tk_leader, tk_other]), "tokens for the demo officers")


def send(title, body, public=True, place="Ngõ Khoèo Nguểnh, phố Hàng Bạc"):
    r = api.post_json("/api/v1/feedback", {"title": title, "body": body, "category": "khac", "place": place,
                                           "public": public, "unit": "00070", "contact": CONTACT})
    t.eq(r.status, 201, f"send '{title[:30]}': 201")
    return r.json().get("code")


def event(code, tok, **kw):
    r = api.post_json(f"/api/v1/feedback/{code}/events", kw, tok)
    t.eq(r.status, 200, f"{kw['type']} {code}: 200")


def publish(code):
    event(code, tk_intake, type="assign", unit="00070-UBND")
    event(code, tk_handler, type="answer", text="Đơn vị đã tiếp nhận, kiểm tra và xử lý xong.")
    event(code, tk_leader, type="publish")


pub = send("Mô hình Dân vận khéo ở ngõ Khoèo Nguểnh",
           "Tổ dân phố làm tốt công tác dân vận, người dân đồng lòng giữ ngõ sạch đẹp.")
priv = send("Dân vận khéo giúp hoà giải Xích Mích hàng xóm",
            "Việc riêng của gia đình, xin giữ kín: hai nhà hàng xóm có mâu thuẫn về lối đi.", public=False)
fresh = send("Dân vận khéo: đề nghị biểu dương tổ hoà giải",
             "Đề nghị phường biểu dương tổ hoà giải đã làm tốt công việc năm nay.")
khoa = send("Đề nghị mở khoá học kỹ năng số cho người cao tuổi",
            "Người cao tuổi cần được hướng dẫn dùng điện thoại thông minh và dịch vụ công.")
red = send("Đèn đường hỏng trước nhà bà Riêng Tư Lắm",
           "Đèn đường trước cửa nhà đã hỏng hơn hai tuần, buổi tối ngõ rất tối.")
for c in (pub, priv, khoa, red):
    publish(c)
event(red, tk_leader, type="redact", title="Đèn đường hỏng trước một nhà dân",
      reason="Tiêu đề có tên người cụ thể.")
# new items reach the index in the writer's next pass (0006_search_queue.sql)
t.ok(srv.search_settled(), "every new item indexed within seconds")


def public_api(q, **params):
    params["q"] = q
    params.setdefault("per_page", 100)
    return api.get_json("/api/v1/feedback?" + urllib.parse.urlencode(params))


def codes_of(r):
    return {x["code"] for x in r.json().get("items", [])} if r.status == 200 else set()


def without_echo(text, q):
    """The text of an answer without the search box and links echoing q
    back (the person's own words are not a leak)."""
    if q:
        for form in (q, html.escape(q, quote=True), urllib.parse.quote(q), urllib.parse.quote_plus(q)):
            text = text.replace(form, "")
    return text


def no_secret(text, name, q=None):
    text = without_echo(text, q)
    leaked = [w for w in SECRET_WORDS if w.lower() in text.lower()] + ([priv] if priv in text else [])
    t.ok(not leaked, f"{name}: nothing private in the answer", f"leaked: {leaked}")


# --- any spelling finds it --------------------------------------------------------------
nfd = unicodedata.normalize("NFD", "Dân vận khéo")
for q in ("dan van kheo", "Dân vận khéo", "DÂN VẬN KHÉO", nfd, "dân vận kh", "\"dân vận khéo\"", "dân-vận, khéo!"):
    r = public_api(q)
    t.eq(r.status, 200, f"public API q={q!r}: 200")
    got = codes_of(r)
    t.ok(pub in got, f"public API q={q!r} finds the published item", got)
    t.ok(priv not in got and fresh not in got, f"public API q={q!r}: no private or unpublished item", got)
    no_secret(r.text, f"public API q={q!r}")
for q, want in (("Khóa học", khoa), ("khoa hoc ky nang", khoa), ("KHOÁ", khoa), ("khoeo nguenh", pub)):
    t.ok(want in codes_of(public_api(q)), f"public API q={q!r} finds the item")
t.eq(public_api("\"khéo vận\"").json()["total"], 0, "a quoted phrase keeps its order")

# combined with filters and paging, stable order
r = public_api("ngõ khoèo nguểnh", category="khac")
t.ok({pub, khoa, red} <= codes_of(r), "q with a category filter", codes_of(r))
t.eq(public_api("ngõ khoèo nguểnh", category="y-te").json()["total"], 0, "q with another category: nothing")
seen = []
for page in (1, 2, 3):
    seen += [x["code"] for x in public_api("khoèo nguểnh", per_page=1, page=page).json()["items"]]
t.eq(sorted(seen), sorted({pub, khoa, red}), "q pages: each result once")
t.eq(seen, [x["code"] for x in public_api("khoèo nguểnh", per_page=3).json()["items"]], "q pages: a stable order")

# --- the public list page -----------------------------------------------------------------
cit = srv.client()
r = cit.get("/phan-anh?q=" + urllib.parse.quote("dan van kheo"))
t.eq(r.status, 200, "/phan-anh?q=: 200")
plain = re.sub(r"</?mark>", "", r.text)
t.ok("Mô hình Dân vận khéo ở ngõ Khoèo Nguểnh" in plain, "/phan-anh?q= lists the item, diacritics intact")
marked = " ".join(re.findall(r"<mark>(.*?)</mark>", r.text))
t.ok("Dân" in marked and "khéo" in marked, "/phan-anh?q= highlights the words found, diacritics intact", marked[:200])
t.ok("Dân vận khéo: đề nghị biểu dương" not in r.text, "/phan-anh?q= does not list an unanswered item")
no_secret(r.text, "/phan-anh?q=dan van kheo")
r = cit.get("/phan-anh?q=" + urllib.parse.quote("không có từ này zzqx"))
t.eq(r.status, 200, "/phan-anh with no result: 200")
t.ok("Không có phản ánh nào" in r.text, "/phan-anh with no result says so")

# --- redaction and contact data -------------------------------------------------------------
for q in ("Riêng Tư Lắm", "rieng tu lam", "Kín Đáo", "0987654321", "kin.dao@example.vn", "Xích Mích"):
    r = public_api(q)
    t.eq((r.status, r.json()["total"]), (200, 0), f"public API q={q!r}: nothing")
    r = cit.get("/phan-anh?q=" + urllib.parse.quote(q))
    t.eq(r.status, 200, f"/phan-anh?q={q!r}: 200")
    no_secret(r.text, f"/phan-anh?q={q!r}", q)
r = public_api("đèn đường một nhà dân")
t.ok(red in codes_of(r), "the public finds a redacted item by its public words")
no_secret(r.text, "the redacted item in the public list")
for q in ("Kín Đáo", "0987654321", "kin dao example"):
    t.eq(api.get_json("/api/v1/feedback?q=" + urllib.parse.quote(q), tk_intake).json()["total"], 0,
         f"officer q={q!r}: contact data is never searched")

# --- officers: what their roles reach -------------------------------------------------------
r = api.get_json("/api/v1/feedback?per_page=100&q=" + urllib.parse.quote("dan van kheo"), tk_intake)
t.eq(r.status, 200, "inbox API q=: 200")
t.ok({pub, priv, fresh} <= codes_of(r), "intake finds public, private and new items", codes_of(r))
r = api.get_json("/api/v1/feedback?per_page=100&q=" + urllib.parse.quote("dan van kheo"), tk_handler)
t.ok({pub, priv} <= codes_of(r) and fresh not in codes_of(r), "the handling unit finds what it handles",
     codes_of(r))
r = api.get_json("/api/v1/feedback?per_page=100&q=" + urllib.parse.quote("xich mich"), tk_handler)
t.eq(codes_of(r), {priv}, "the handling unit finds the private item by its words")
r = api.get_json("/api/v1/feedback?per_page=100&q=" + urllib.parse.quote("dan van kheo"), tk_other)
t.ok(not ({pub, priv, fresh} & codes_of(r)), "another ward's officer finds none of them", codes_of(r))
no_secret(r.text, "another ward's officer")
r = api.get_json("/api/v1/feedback?per_page=100&q=" + urllib.parse.quote("Riêng Tư Lắm bà"), tk_leader)
t.ok(red in codes_of(r), "officers still find a redacted item by its original words", codes_of(r))
r = api.get_json("/api/v1/feedback?per_page=100&status=assigned&q=" + urllib.parse.quote("dan van kheo"), tk_intake)
t.eq(codes_of(r), set(), "inbox q= with a status filter")
r = api.get_json("/api/v1/feedback?per_page=100&status=received&q=" + urllib.parse.quote("dan van kheo"), tk_intake)
t.eq(codes_of(r), {fresh}, "inbox q= with the received filter")

intake, r = srv.login("tiepnhan.hoankiem")
r = intake.get("/quan-ly/phan-anh?q=" + urllib.parse.quote("Dân vận khéo"))
t.eq(r.status, 200, "/quan-ly/phan-anh?q=: 200")
plain = re.sub(r"</?mark>", "", r.text)
t.ok("Mô hình Dân vận khéo" in plain and "Xích Mích" in plain and "biểu dương tổ hoà giải" in plain,
     "/quan-ly/phan-anh?q= lists the items in reach")
other, r = srv.login("xuly.cuanam")
r = other.get("/quan-ly/phan-anh?q=" + urllib.parse.quote("Dân vận khéo"))
t.eq(r.status, 200, "another ward's inbox q=: 200")
t.ok("Xích Mích" not in r.text and "Mô hình Dân vận khéo" not in r.text, "another ward's inbox: none of them")
no_secret(r.text, "another ward's inbox page", "Dân vận khéo")

# --- whatever a person types ----------------------------------------------------------------
HOSTILE = ["OR (", "*", "NEAR", "NEAR(a b)", "\"", "\"\"\"", "\"dân vận", "a\"b\"c", "AND OR NOT", "'", "\\",
           "title:khéo", "{title body}: khéo", "internal:Riêng", "tags:vpub", "vpub", "-khéo", "^khéo", "(((", ")))",
           "; DROP TABLE feedback; --", "%", "_", "😀👍", "😀 khéo 😀", "\u200b", "\u202e khéo", "中文",
           "Ｋhéo", "<script>alert(1)</script>"]
LONG = ["x" * 5000, ("dân vận khéo " * 400)[:5000], "a " * 2500, "\"" * 5000, "* " * 2500]
pages = [("public API", lambda q: api.get_json("/api/v1/feedback?q=" + urllib.parse.quote(q))),
         ("inbox API", lambda q: api.get_json("/api/v1/feedback?q=" + urllib.parse.quote(q), tk_intake)),
         ("/phan-anh", lambda q: cit.get("/phan-anh?q=" + urllib.parse.quote(q))),
         ("/quan-ly/phan-anh", lambda q: intake.get("/quan-ly/phan-anh?q=" + urllib.parse.quote(q)))]
for name, fetch in pages:
    bad = []
    leaks = []
    for q in HOSTILE:
        r = fetch(q)
        if r.status != 200:
            bad.append((q[:20], r.status))
        if name.startswith("/phan-anh") or name == "public API":
            text = without_echo(r.text, q)
            if priv in text or any(w.lower() in text.lower() for w in SECRET_WORDS):
                leaks.append(q[:20])
        if name == "/phan-anh" and r.status == 200 and "Không có phản ánh nào" not in r.text \
                and "phản ánh phù hợp" not in r.text:
            bad.append((q[:20], "no friendly status line"))
    t.eq(bad, [], f"{name}: every hostile query answers 200 with results or 'no results'")
    t.eq(leaks, [], f"{name}: no hostile query shows private data")
    # 5,000 characters typed or pasted
    bad = [(q[:10], r.status) for q in LONG for r in [fetch(q)] if r.status != 200]
    t.eq(bad, [], f"{name}: 5,000-character queries answer 200")
r = public_api("<script>alert(1)</script>")
t.ok("<script>" not in r.text, "a script in q is not echoed raw by the API")
r = cit.get("/phan-anh?q=" + urllib.parse.quote("<script>alert(1)</script>"))
t.ok("<script>alert(1)</script>" not in r.text, "a script in q is not echoed raw by the page")
r = api.get_json("/api/v1/feedback?q=%FF%FE")
t.eq((r.status, r.json()["error"]["code"]), (400, "invalid_utf8"), "invalid UTF-8 in q: 400 invalid_utf8")
r = cit.get("/phan-anh?q=%C0%AF")
t.eq(r.status, 400, "invalid UTF-8 in q on a page: 400")

srv.stop(t)
t.done()
