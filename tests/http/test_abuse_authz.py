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

srv.stop(t)
t.done()
