"""Regression tests of issue 10's authorization items, tried as an attacker
would on the demo data:
  1. a ward administrator is not a city administrator (accounts, grants,
     units: only within the subtree below its grant);
  2. a public item merged into a private one shows nothing of the private
     item (page, JSON, cached page, list, search);
  3. merging needs a merging role on both items' units, and the contact of
     merged items is shown (and audited) only to who may see the source's;
  16. `redact` redacts `place`; intake and assignment take only units that
     receive feedback (not a Party cell or a residential group).
Each assertion failed on the code before the fix."""
import json
import sys

sys.path.insert(0, "tests/http")
from harness import TAP, Server, csrf_of, run_cli  # noqa: E402

PW = "mat-khau-quan-tri-phuong"

t = TAP()
srv = Server(demo=True)


def one(sql, args=()):
    with srv.db() as c:
        row = c.execute(sql, args).fetchone()
        return row[0] if row else None


def active_grants(username):
    with srv.db() as c:
        return sorted(c.execute(
            "SELECT u.code || ':' || g.role FROM role_grants g JOIN units u ON u.id = g.unit_id "
            "JOIN accounts a ON a.id = g.account_id WHERE a.username = ? AND g.revoked_at IS NULL",
            (username,)).fetchall())


# --- 1. a ward administrator ---------------------------------------------------

# the demo's way of making one: the command line, an admin grant in ward 00070
r = run_cli("user", "add", "--username", "quantri.hoankiem", "--role", "admin", "--unit", "00070",
            "--name", "Quản trị phường Hoàn Kiếm", data=srv.data, stdin=PW + "\n")
t.eq(r.returncode, 0, "ward administrator created with the CLI")
ward, r = srv.login("quantri.hoankiem", PW)
t.eq(r.status, 303, "ward administrator logs in")
page = ward.get("/quan-ly/tai-khoan")
t.eq(page.status, 200, "the ward administrator reaches the accounts page")
tok = csrf_of(page.text)
t.ok("xuly.hoankiem" in page.text and "mattran.hoankiem" in page.text,
     "it lists the accounts whose roles are all below its ward")
for other in ("quantri", "lanhdao.cuanam", "xuly.cuanam", "lanhdao.hoankiem"):
    t.ok(f">{other}<" not in page.text, f"it does not list '{other}' (a role outside its subtree)")

hash_root = one("SELECT password_hash FROM accounts WHERE username = 'quantri'")
hash_leader = one("SELECT password_hash FROM accounts WHERE username = 'lanhdao.cuanam'")
r = ward.post_form("/quan-ly/tai-khoan/quantri.hoankiem/giao", {"csrf": tok, "role": "admin", "unit": "01"})
t.eq(r.status, 403, "granting itself admin at the city's root is refused")
r = ward.post_form("/quan-ly/tai-khoan/xuly.hoankiem/giao", {"csrf": tok, "role": "admin", "unit": "01"})
t.eq(r.status, 403, "granting a ward officer admin at the root is refused")
r = ward.post_form("/quan-ly/tai-khoan/xuly.hoankiem/giao", {"csrf": tok, "role": "leader", "unit": "00070"})
t.eq(r.status, 403, "granting a role at its own unit (not strictly below) is refused")
r = ward.post_form("/quan-ly/tai-khoan/xuly.hoankiem/giao", {"csrf": tok, "role": "leader", "unit": "00082-UBND"})
t.eq(r.status, 403, "granting a role in another ward is refused")
t.eq(active_grants("quantri.hoankiem"), [("00070:admin",)], "the ward administrator still holds only its grant")
t.eq(active_grants("xuly.hoankiem"), [("00070-UBND:handler",)], "no role was granted to the ward officer")
r = ward.post_form("/quan-ly/tai-khoan/xuly.hoankiem/giao", {"csrf": tok, "role": "viewer", "unit": "00070-TDP01"})
t.eq(r.status, 303, "granting a role strictly below the ward works")

for target in ("quantri", "lanhdao.cuanam", "lanhdao.hoankiem"):
    r = ward.get(f"/quan-ly/tai-khoan/{target}")
    t.eq(r.status, 403, f"the page of '{target}' is refused")
    r = ward.post_form(f"/quan-ly/tai-khoan/{target}/mat-khau", {"csrf": tok, "password": "mat-khau-moi-12345"})
    t.eq(r.status, 403, f"resetting the password of '{target}' is refused")
    r = ward.post_form(f"/quan-ly/tai-khoan/{target}/khoa", {"csrf": tok})
    t.eq(r.status, 403, f"disabling '{target}' is refused")
t.eq(one("SELECT password_hash FROM accounts WHERE username = 'quantri'"), hash_root,
     "the root administrator's password is unchanged")
t.eq(one("SELECT password_hash FROM accounts WHERE username = 'lanhdao.cuanam'"), hash_leader,
     "the other ward's leader's password is unchanged")
t.eq(one("SELECT count(*) FROM accounts WHERE disabled = 1"), 0, "no account was disabled")
r = ward.post_form("/quan-ly/tai-khoan/quantri/thu-hoi", {"csrf": tok, "role": "admin", "unit": "01"})
t.eq(r.status, 403, "revoking the root administrator's grant is refused")
t.eq(active_grants("quantri"), [("01:admin",)], "the root administrator keeps its grant")
r = ward.post_form("/quan-ly/tai-khoan/quantri.hoankiem/mat-khau", {"csrf": tok, "password": "mat-khau-moi-12345"})
t.eq(r.status, 403, "it cannot manage its own account (its role is at its ward, not below)")

# accounts it creates come with a role in its scope
n_acc = one("SELECT count(*) FROM accounts")
r = ward.post_form("/quan-ly/tai-khoan", {"csrf": tok, "username": "khong.vai.tro", "display_name": "Không vai trò",
                                         "password": "mat-khau-12345678"})
t.eq(r.status, 422, "an account without a first role is refused for a ward administrator")
r = ward.post_form("/quan-ly/tai-khoan", {"csrf": tok, "username": "xuly.cuanam2", "display_name": "Cửa Nam",
                                         "password": "mat-khau-12345678", "role": "handler", "unit": "00082-UBND"})
t.eq(r.status, 403, "an account with a role in another ward is refused")
t.eq(one("SELECT count(*) FROM accounts"), n_acc, "and neither account was written")
r = ward.post_form("/quan-ly/tai-khoan", {"csrf": tok, "username": "xuly2.hoankiem", "display_name": "Xử lý 2",
                                         "password": "mat-khau-12345678", "role": "handler", "unit": "00070-UBND"})
t.eq(r.status, 303, "an account with a role below the ward is created")
t.eq(active_grants("xuly2.hoankiem"), [("00070-UBND:handler",)], "with its first role, in one step")
r = ward.get("/quan-ly/tai-khoan/xuly2.hoankiem")
t.eq(r.status, 200, "and the ward administrator manages it")
t.ok('value="01"' not in r.text and 'value="00082-UBND"' not in r.text and 'value="00070-UBND"' in r.text,
     "the grant form offers only units below the ward")

# units: only below its ward
n_units = one("SELECT count(*) FROM units")
for path, form, what in (
        ("/quan-ly/don-vi/01/doi-ten", {"name": "Thành phố khác"}, "renaming the city"),
        ("/quan-ly/don-vi/00070/doi-ten", {"name": "Phường khác"}, "renaming its own ward"),
        ("/quan-ly/don-vi/00082/doi-ten", {"name": "Phường khác"}, "renaming another ward"),
        ("/quan-ly/don-vi/00082-TDP04/giai-the", {}, "closing a group of another ward"),
        ("/quan-ly/don-vi/00070-TDP04/chuyen", {"parent": "00082"}, "moving its group into another ward"),
        ("/quan-ly/don-vi/00082-TDP03/chuyen", {"parent": "00070"}, "moving another ward's group into its ward"),
        ("/quan-ly/don-vi/00070/chuyen", {"parent": ""}, "moving its ward to the root"),
        ("/quan-ly/don-vi/00070-TDP02/sap-nhap", {"from": "00082-TDP01"}, "merging another ward's group in"),
        ("/quan-ly/don-vi/00082-TDP02/sap-nhap", {"from": "00070-TDP01"}, "merging its group into another ward"),
        ("/quan-ly/don-vi/00082-TDP01/chia-tach", {"code1": "X1", "name1": "Tổ X1", "code2": "X2", "name2": "Tổ X2"},
         "splitting another ward's group"),
        ("/quan-ly/don-vi", {"code": "X-ROOT", "name": "Gốc khác", "kind": "government", "parent": ""},
         "creating a new root"),
        ("/quan-ly/don-vi", {"code": "X-CN", "name": "Tổ mới", "kind": "residential_group", "parent": "00082"},
         "creating a unit in another ward"),
        ("/quan-ly/don-vi", {"code": "X-TP", "name": "Ban mới", "kind": "agency", "parent": "01"},
         "creating a unit under the city")):
    f = dict(form)
    f["csrf"] = tok
    r = ward.post_form(path, f)
    t.eq(r.status, 403, f"{what} is refused")
t.eq(one("SELECT count(*) FROM units"), n_units, "no unit was created")
t.eq(one("SELECT name FROM units WHERE code = '01'"), "Thành phố Hà Nội", "the city keeps its name")
t.eq(one("SELECT valid_to FROM units WHERE code = '00082-TDP04'"), None, "the other ward's group stays open")
t.eq(one("SELECT p.code FROM units u JOIN units p ON p.id = u.parent_id WHERE u.code = '00070-TDP04'"), "00070",
     "its group stays in its ward")
r = ward.post_form("/quan-ly/don-vi", {"csrf": tok, "code": "00070-TDP05", "name": "Tổ dân phố số 5",
                                       "kind": "residential_group", "parent": "00070"})
t.eq(r.status, 303, "creating a unit in its ward works")
r = ward.post_form("/quan-ly/don-vi/00070-TDP05/doi-ten", {"csrf": tok, "name": "Tổ dân phố số 5 (mới)"})
t.eq(r.status, 303, "renaming a unit below its ward works")
r = ward.get("/quan-ly/don-vi")
t.ok('value="00082"' not in r.text and 'value="00070"' in r.text and "đơn vị gốc" not in r.text,
     "the create form offers only parents in its scope")

# the root administrator still manages everything
root, r = srv.login("quantri")
page = root.get("/quan-ly/tai-khoan")
t.ok(">lanhdao.cuanam<" in page.text and ">quantri.hoankiem<" in page.text, "the root administrator lists everyone")
rtok = csrf_of(page.text)
r = root.post_form("/quan-ly/don-vi/01/doi-ten", {"csrf": rtok, "name": "Thành phố Hà Nội"})
t.eq(r.status, 303, "the root administrator may change the root")
r = root.post_form("/quan-ly/tai-khoan/quantri.hoankiem/giao", {"csrf": rtok, "role": "viewer", "unit": "00082"})
t.eq(r.status, 303, "the root administrator grants anywhere")
r = ward.get("/quan-ly/tai-khoan/quantri.hoankiem")
t.eq(r.status, 403, "an account holding a role outside the ward is out of its scope")


# --- 2. a public item merged into a private one ---------------------------------

api = srv.client()


def token(username, password="demo-password"):
    r = api.post_json("/api/v1/tokens", {"username": username, "password": password})
    return r.json().get("token") if r.status == 201 else None


def send(title, unit, public=True, contact=None, place=None):
    body = {"title": title, "body": "Nội dung phản ánh để kiểm tra phân quyền khi gộp.", "category": "khac",
            "unit": unit, "public": public}
    if contact:
        body["contact"] = contact
    if place:
        body["place"] = place
    r = api.post_json("/api/v1/feedback", body)
    t.eq(r.status, 201, f"sent '{title}'")
    return r.json().get("code", "XXXX-XXXX")


def event(code, tk, **ev):
    return api.post_json(f"/api/v1/feedback/{code}/events", ev, tk)


tk_intake = token("tiepnhan.hoankiem")
tk_handler = token("xuly.hoankiem")
tk_leader = token("lanhdao.hoankiem")
tk_leader_cn = token("lanhdao.cuanam")
tk_root = token("quantri")
PRIV_TITLE = "Kiến nghị riêng tư về tranh chấp ranh giới đất"
PRIV_ANSWER = "Trả lời riêng: đã hòa giải tranh chấp ranh giới giữa hai hộ gia đình."
priv = send(PRIV_TITLE, "00070", public=False, contact={"name": "Nguyễn Văn Kín", "phone": "0912 000 111"})
pub = send("Đèn đường ngõ Hàng Hành hỏng nhiều ngày", "00070")
t.eq(event(priv, tk_intake, type="assign", unit="00070-UBND").status, 200, "private item assigned")
t.eq(event(priv, tk_handler, type="answer", text=PRIV_ANSWER).status, 200, "private item answered")
t.eq(event(priv, tk_leader, type="publish").status, 200, "private item's answer published")
r = event(pub, tk_intake, type="merge", into=priv)
t.eq(r.status, 200, "the public item is merged into the private one")

anon = srv.client()


def shows_nothing_private(r, what):
    t.ok(priv not in r.text and PRIV_ANSWER not in r.text and PRIV_TITLE not in r.text,
         f"{what}: neither the private item's code, title nor answer",
         [x for x in (priv, PRIV_ANSWER, PRIV_TITLE) if x in r.text])


r = anon.get(f"/phan-anh/{pub}")
t.eq(r.status, 200, "the public item's page")
shows_nothing_private(r, "anonymous page")
t.ok("đã được trả lời" in r.text, "the page says only that it was merged and answered")
r = anon.get_json(f"/api/v1/feedback/{pub}")
t.eq(r.status, 200, "the public item's JSON")
shows_nothing_private(r, "public JSON")
j = r.json()
t.ok("merged_into" not in j and "answer" not in j and j.get("merged_into_hidden") is True
     and j.get("merged_answered") is True, "the JSON says merged into a hidden item, answered", j)
r = api.get_json(f"/api/v1/feedback/{pub}", tk_leader_cn)
shows_nothing_private(r, "another ward's leader (public view)")
# the cached copy (web/cache.c stores pages whose stamp is 2 s old)
import time  # noqa: E402
time.sleep(2.2)
for i in range(2):
    shows_nothing_private(anon.get(f"/phan-anh/{pub}"), f"anonymous page, cached pass {i + 1}")
    shows_nothing_private(anon.get_json(f"/api/v1/feedback/{pub}"), f"public JSON, cached pass {i + 1}")
srv.search_settled()
shows_nothing_private(anon.get("/phan-anh"), "public list")
shows_nothing_private(anon.get("/phan-anh?q=ranh+gi%E1%BB%9Bi+%C4%91%E1%BA%A5t"), "public search")
shows_nothing_private(anon.get_json("/api/v1/feedback?q=ranh+gioi"), "API search")
r = api.get_json(f"/api/v1/feedback/{priv}", tk_leader)
t.ok(PRIV_ANSWER in r.text and pub in r.text, "the private item's own unit still sees both")

# --- 3. merging across units ----------------------------------------------------

A_TITLE = "Phản ánh riêng của phường Hoàn Kiếm về hàng xóm"
a_code = send(A_TITLE, "00070", public=False, contact={"name": "Trần Thị Riêng", "phone": "0913 222 333"})
b_code = send("Rác thải ùn ứ tại phố Tràng Thi", "00082")
r = event(a_code, tk_intake, type="merge", into=b_code)
t.eq(r.status, 403, "an intake officer of ward A cannot merge into ward B's item")
t.ok("into" in r.text, "the refusal names the field")
t.eq(one("SELECT status FROM feedback WHERE code = ?", (a_code,)), "received", "the item is not merged")
# someone holding a merging role over both may merge; contact stays with those who may see it
r = event(a_code, tk_root, type="merge", into=b_code)
t.eq(r.status, 200, "an administrator over both wards may merge")
before_a = one("SELECT count(*) FROM audit_log WHERE action = 'view_contact' AND object_id = ?", (a_code,))
r = api.get_json(f"/api/v1/feedback/{b_code}", tk_leader_cn)
t.eq(r.status, 200, "ward B's leader reads its item")
t.ok(r.json().get("officer") is not False and any(m.get("code") == a_code for m in r.json().get("merged", [])),
     "it sees that an item was merged in", r.json().get("merged"))
t.ok("Trần Thị Riêng" not in r.text and "0913222333" not in r.text, "but not the merged sender's name or phone")
t.ok(A_TITLE not in r.text, "nor the merged private item's title")
t.eq(one("SELECT count(*) FROM audit_log WHERE action = 'view_contact' AND object_id = ?", (a_code,)), before_a,
     "no contact view of the merged item is audited for it")
leader_cn, _ = srv.login("lanhdao.cuanam")
r = leader_cn.get(f"/quan-ly/phan-anh/{b_code}")
r = leader_cn.post_form(f"/quan-ly/phan-anh/{b_code}/lien-he", {"csrf": csrf_of(r.text)})
t.eq(r.status, 200, "ward B's leader asks for the contact on its page")
t.ok("Trần Thị Riêng" not in r.text and "0913222333" not in r.text and A_TITLE not in r.text,
     "the officer page shows none of it either")
r = api.get_json(f"/api/v1/feedback/{b_code}", tk_root)
merged = [m for m in r.json().get("merged", []) if m.get("code") == a_code]
t.ok(merged and merged[0].get("contact", {}).get("phone") == "0913222333" and merged[0].get("title") == A_TITLE,
     "whoever may see the source's contact sees it", merged)
t.eq(one("SELECT count(*) FROM audit_log WHERE action = 'view_contact' AND object_id = ?", (a_code,)),
     before_a + 1, "and that view is audited on the merged item")


# --- 16. redacting the place; units that receive feedback -----------------------

HOME = "Số nhà 7 ngõ Xuân Khuyết riêng"
code = send("Cống thoát nước bị tắc trước nhà dân", "00070", place=HOME)
r = api.post_json("/api/v1/feedback", {"title": "Vỉa hè bị lấn chiếm làm bãi xe", "category": "khac",
                                       "body": "Vỉa hè bị chiếm dụng, người đi bộ phải đi xuống lòng đường.",
                                       "unit": "00070", "place": HOME, "lat": 21.03, "lon": 105.85})
geo_code = r.json().get("code", "XXXX-XXXX")
for c_ in (code, geo_code):
    t.eq(event(c_, tk_intake, type="assign", unit="00070-UBND").status, 200, "assigned")
    t.eq(event(c_, tk_handler, type="answer", text="Đã cử người nạo vét, xử lý xong.").status, 200, "answered")
    t.eq(event(c_, tk_leader, type="publish").status, 200, "published")
r = event(code, tk_leader, type="redact", place="Phố Hàng Bạc", text="Ẩn địa chỉ nhà riêng của người gửi")
t.eq(r.status, 200, "redact accepts the place")
r = event(geo_code, tk_leader, type="redact", place="Phường Hoàn Kiếm", text="Ẩn địa chỉ nhà riêng")
t.eq(r.status, 200, "redact the place of an item with a map point")
r = event(code, tk_leader, type="redact", place="Phố Hàng Bạc", text="Lần nữa, giữ nguyên")
t.eq(r.status, 200, "redacting to the same public place again is fine")
r = event(code, tk_handler, type="redact", place="Chỗ khác", text="Người xử lý không được biên tập")
t.eq(r.status, 403, "a handler may not redact the place (same roles as title and body)")
t.ok(one("SELECT count(*) FROM audit_log WHERE action = 'feedback.redact' AND object_id = ? "
         "AND summary LIKE '%place%'", (code,)) >= 1, "the redaction of the place is audited")
srv.search_settled()
for what, r in (("page", anon.get(f"/phan-anh/{code}")), ("JSON", anon.get_json(f"/api/v1/feedback/{code}")),
                ("list", anon.get("/phan-anh")), ("API list", anon.get_json("/api/v1/feedback?per_page=100"))):
    t.ok(HOME not in r.text and "Xuân Khuyết" not in r.text, f"public {what}: the original place is gone")
r = anon.get("/phan-anh?q=Xu%C3%A2n+Khuy%E1%BA%BFt")
t.ok(HOME not in r.text and code not in r.text and geo_code not in r.text,
     "a public search for the original place shows nothing of it")
r = anon.get_json(f"/api/v1/feedback/{code}")
t.eq(r.json().get("place"), "Phố Hàng Bạc", "the public JSON shows the redacted place")
t.ok("Phố Hàng Bạc" in anon.get(f"/phan-anh/{code}").text, "the public page shows the redacted place")
r = anon.get_json(f"/api/v1/feedback/{geo_code}")
t.ok(r.json().get("place") == "Phường Hoàn Kiếm" and "lat" not in r.json() and "lon" not in r.json(),
     "a redacted place hides the map point from the public", r.json())
r = anon.get_json("/api/v1/feedback?q=xuan+khuyet")
t.ok(code not in r.text and geo_code not in r.text, "a public search for the original place finds nothing")
r = api.get_json("/api/v1/feedback?q=xuan+khuyet", tk_leader)
t.ok(code in r.text, "officers still find the original place")
r = api.get_json(f"/api/v1/feedback/{code}", tk_leader)
t.ok(r.json().get("place") == HOME and r.json().get("public_version", {}).get("place") == "Phố Hàng Bạc",
     "officers see the original and the public version", r.json().get("public_version"))

for unit, kind in (("00070-CB01", "a Party cell"), ("00070-TDP01", "a residential group")):
    r = api.post_json("/api/v1/feedback", {"title": "Gửi nhầm đến chi bộ hay tổ dân phố",
                                           "body": "Nội dung phản ánh gửi đến một đơn vị không tiếp nhận.",
                                           "category": "khac", "unit": unit})
    t.eq(r.status, 422, f"intake at {kind} is refused")
    t.ok("unit" in r.json().get("error", {}).get("fields", {}), "on the unit field", r.text)
    r = event(code, tk_leader, type="reopen", reason="Mở lại để chuyển", unit=unit)
    t.eq(r.status, 422, f"reopening to {kind} is refused")
fresh = send("Phản ánh để thử giao việc", "00070")
r = event(fresh, tk_intake, type="assign", unit="00070-CB01")
t.eq(r.status, 422, "assigning to a Party cell is refused")
t.eq(one("SELECT u.code FROM feedback f LEFT JOIN units u ON u.id = f.unit_id WHERE f.code = ?", (fresh,)), None,
     "the item stays unassigned")
for unit in ("00070-MTTQ", "00070-UBND", "00070-DU", "00070-PN"):
    r = api.post_json("/api/v1/feedback", {"title": "Gửi đến đơn vị tiếp nhận hợp lệ",
                                           "body": "Nội dung phản ánh gửi đến đơn vị được tiếp nhận.",
                                           "category": "khac", "unit": unit})
    t.eq(r.status, 201, f"intake at {unit} works")
intake_web, _ = srv.login("tiepnhan.hoankiem")
r = intake_web.get("/quan-ly/phan-anh/moi")
t.ok('value="00070-CB01"' not in r.text and 'value="00070-TDP01"' not in r.text and 'value="00070-UBND"' in r.text,
     "the officer's record form offers only receiving units")

srv.stop(t)
t.done()
