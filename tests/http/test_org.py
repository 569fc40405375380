"""HTTP tests of the organisation tree pages: the tree now and on a past
date, adding a unit, renaming, moving (cycles refused), merging and
splitting with succession and role grants moving to the successor,
closing, and that refused changes write nothing."""
import sys

sys.path.insert(0, "tests/http")
from harness import TAP, Server, csrf_of  # noqa: E402

t = TAP()
srv = Server(demo=True)
admin, r = srv.login("quantri")
t.eq(r.status, 303, "admin logs in")
page = admin.get("/quan-ly/don-vi")
t.eq(page.status, 200, "tree page")
t.ok("Phường Hoàn Kiếm" in page.text and "Phường Hàng Bạc" not in page.text, "current tree shows new wards only")
tok = csrf_of(page.text)

r = admin.get("/quan-ly/don-vi?ngay=2025-06-30")
t.ok("Phường Hàng Bạc" in r.text and "Quận Hoàn Kiếm" in r.text, "tree on 30/06/2025 shows the old wards and the district")
t.ok("30/06/2025" in r.text, "the as-of date is shown dd/mm/yyyy")
r = admin.get("/quan-ly/don-vi?ngay=2025-02-30")
t.eq(r.status, 400, "an impossible date is refused")

r = admin.get("/quan-ly/don-vi/00061")
t.eq(r.status, 200, "a closed ward's page")
t.ok("Đã sáp nhập vào" in r.text and "Phường Hoàn Kiếm" in r.text, "it names its successor")
r = admin.get("/quan-ly/don-vi/khong-co")
t.eq(r.status, 404, "unknown unit 404")

# the demo's history respects the tree as it stood: every item belongs to
# units that existed the day it was received, over ten years
t.eq(srv.count("feedback f JOIN units u ON u.id = f.unit_id",
               "f.received_at < u.valid_from OR (u.valid_to IS NOT NULL AND f.received_at >= u.valid_to)"), 0,
     "no demo item is handled by a unit that did not exist the day it was received")
t.eq(srv.count("feedback f JOIN units u ON u.id = f.intake_unit_id",
               "f.received_at < u.valid_from OR (u.valid_to IS NOT NULL AND f.received_at >= u.valid_to)"), 0,
     "no demo item was received by a unit that did not exist that day")
t.ok(srv.count("feedback", "received_at < 1483203600") > 0, "the demo has items from 2016 (ten years of history)")
t.ok(srv.count("feedback f JOIN units u ON u.id = f.unit_id", "u.valid_to IS NOT NULL") > 0,
     "items before the 1/7/2025 merger stay with the wards that handled them")
t.eq(srv.count("feedback f JOIN units u ON u.id = f.unit_id",
               "u.valid_to IS NOT NULL AND f.status IN ('received', 'assigned', 'answered')"), 0,
     "a closed ward left no open case behind")

# add units
n_units = srv.count("units")
audit0 = srv.count("audit_log")
r = admin.post_form("/quan-ly/don-vi", {"csrf": tok, "code": "TEST-A", "name": "Tổ dân phố thử A",
                                        "kind": "residential_group", "parent": "00070", "valid_from": "2025-08-01"})
t.eq(r.status, 303, "unit added")
r = admin.post_form("/quan-ly/don-vi", {"csrf": tok, "code": "TEST-B", "name": "Tổ dân phố thử B",
                                        "kind": "residential_group", "parent": "00070", "valid_from": "01/08/2025"})
t.eq(r.status, 303, "second unit added (date typed dd/mm/yyyy)")
t.eq(srv.count("units"), n_units + 2, "two units written")
t.ok(srv.count("audit_log") >= audit0 + 2, "each creation audited")
r = admin.post_form("/quan-ly/don-vi", {"csrf": tok, "code": "TEST-A", "name": "Trùng mã",
                                        "kind": "residential_group", "parent": "00070"})
t.eq(r.status, 409, "a taken code is refused")
t.ok("aria-describedby=\"code-help code-error\"" in r.text, "the error is tied to the code field")
r = admin.post_form("/quan-ly/don-vi", {"csrf": tok, "code": "bad code!", "name": "",
                                        "kind": "emperor", "parent": "00070"})
t.eq(r.status, 422, "malformed unit refused")
t.ok("tom-tat-loi" in r.text, "errors are summarised at the top")
t.eq(srv.count("units"), n_units + 2, "refused units are not written")

# grant a role in TEST-A to a new account via the CLI-free path: the admin pages
r = admin.post_form("/quan-ly/tai-khoan", {"csrf": tok, "username": "to.truong", "display_name": "Tổ trưởng",
                                           "password": "mat-khau-to-truong"})
t.eq(r.status, 303, "account for the group leader")
r = admin.post_form("/quan-ly/tai-khoan/to.truong/giao", {"csrf": tok, "role": "leader", "unit": "TEST-A"})
t.eq(r.status, 303, "leader role in TEST-A")

# rename and move
r = admin.post_form("/quan-ly/don-vi/TEST-A/doi-ten", {"csrf": tok, "name": "Tổ dân phố thử A (mới)"})
t.eq(r.status, 303, "renamed")
r = admin.post_form("/quan-ly/don-vi/00070/chuyen", {"csrf": tok, "parent": "TEST-A"})
t.eq(r.status, 409, "moving a ward under its own group is refused (cycle)")
t.ok("con" in r.text, "with a Vietnamese explanation")

# merge TEST-A into TEST-B
r = admin.post_form("/quan-ly/don-vi/TEST-B/sap-nhap", {"csrf": tok, "from": "TEST-A", "date": ""})
t.eq(r.status, 303, "merged")
with srv.db() as db:
    row = db.execute("SELECT valid_to FROM units WHERE code='TEST-A'").fetchone()
    t.ok(row[0] is not None, "the merged unit is closed")
    edge = db.execute("SELECT s.kind FROM unit_successions s JOIN units f ON f.id=s.from_unit_id "
                      "JOIN units x ON x.id=s.to_unit_id WHERE f.code='TEST-A' AND x.code='TEST-B'").fetchone()
    t.eq(edge and edge[0], "merged_into", "a merged_into edge is recorded")
    g = db.execute("SELECT u.code FROM role_grants g JOIN units u ON u.id=g.unit_id JOIN accounts a "
                   "ON a.id=g.account_id WHERE a.username='to.truong' AND g.revoked_at IS NULL").fetchall()
    t.eq([x[0] for x in g], ["TEST-B"], "the leader's role moved to the successor")
r = admin.get("/quan-ly/don-vi/TEST-B")
t.ok("Tiếp nhận khi sáp nhập" in r.text, "the successor shows its predecessor")

# split TEST-B into two
r = admin.post_form("/quan-ly/don-vi/TEST-B/chia-tach", {"csrf": tok, "code1": "TEST-C", "name1": "Tổ C",
                                                         "code2": "TEST-D", "name2": "Tổ D", "date": ""})
t.eq(r.status, 303, "split")
t.eq(srv.count("units", "code IN ('TEST-C','TEST-D') AND valid_to IS NULL"), 2, "two new open units")
t.eq(srv.count("unit_successions s JOIN units u ON u.id = s.to_unit_id",
               "u.code='TEST-B' AND s.kind='split_from'"), 2, "split_from edges recorded")
t.eq(srv.count("units", "code='TEST-B' AND valid_to IS NOT NULL"), 1, "the split unit is closed")
r = admin.post_form("/quan-ly/don-vi/TEST-C/chia-tach", {"csrf": tok, "code1": "TEST-C", "name1": "Trùng",
                                                         "code2": "TEST-E", "name2": "Tổ E", "date": ""})
t.ok(r.status in (409, 422), "a split reusing a taken code is refused", r.status)
t.eq(srv.count("units", "code='TEST-E'"), 0, "a refused split writes nothing")

# close refused while children are open
r = admin.post_form("/quan-ly/don-vi/00070/giai-the", {"csrf": tok, "date": ""})
t.eq(r.status, 409, "closing a ward with open sub-units is refused")
t.ok(srv.count("units", "code='00070' AND valid_to IS NULL") == 1, "the ward stays open")

# a viewer may see the tree but not change it
viewer, r = srv.login("theodoi.hoankiem")
r = viewer.get("/quan-ly/don-vi")
t.eq(r.status, 200, "a viewer sees the tree")
t.ok("Thêm đơn vị" not in r.text, "without the add form")
r = viewer.post_form("/quan-ly/don-vi", {"csrf": csrf_of(r.text), "code": "X1", "name": "X", "kind": "other"})
t.eq(r.status, 403, "a viewer may not add units")
t.eq(srv.count("units", "code='X1'"), 0, "nothing written")

r = admin.get("/api/v1/units?closed=1")
t.ok(any(u["code"] == "TEST-A" and "valid_to" in u for u in r.json()["items"]), "the API lists closed units with valid_to")

srv.stop(t)
t.done()
