"""HTTP tests of emulation and commendation (API.md "Emulation and
commendation"): the forms in force on a date (NĐ 98/2023 until 30/6/2025,
NĐ 152/2025 from 1/7/2025), rows and base salaries an administrator adds,
movements with the default criteria, models through their lifecycle, the
council's scoring with recusal and quorum, commendation proposals checked
against the rules, public posting, decisions with the prize computed here
independently for each recipient kind and a date before and after the base
salary change, certificates, the honour roll, the pages, and every error
(bad JSON, unknown fields, invalid UTF-8, 403/404, 409, 422)."""
import json
import math
import re
import sys
from decimal import Decimal

sys.path.insert(0, "tests/http")
from harness import ENGINE, TAP, Server, csrf_of, post_multipart  # noqa: E402

t = TAP()
srv = Server(demo=True)
c = srv.client()


def token(user):
    r = c.post_json("/api/v1/tokens", {"username": user, "password": "demo-password"})
    assert r.status == 201, (user, r.status, r.text)
    return r.json()["token"]


def post(path, obj, tok=None, raw=None):
    return c.post_json(path, obj, token=tok, raw=raw)


def get(path, tok=None):
    return c.get_json(path, token=tok)


def err_fields(r):
    try:
        return r.json()["error"].get("fields", {})
    except Exception:
        return {}


def prize(mult, factor, base):
    """multiplier × factor × base salary, rounded up to 10,000 đồng."""
    v = Decimal(str(mult)) * Decimal(str(factor)) * Decimal(base)
    return int(math.ceil(v / 10000)) * 10000


admin = token("quantri")
leader = token("lanhdao.hoankiem")
front = token("mattran.hoankiem")
handler = token("xuly.hoankiem")
viewer = token("theodoi.hoankiem")
other = token("lanhdao.cuanam")

# --- forms in force on a date ------------------------------------------------------
r = get("/api/v1/emulation/forms?date=2025-06-30")
t.eq(r.status, 200, "forms on 30/06/2025")
before = {f["code"]: f for f in r.json()["items"]}
r = get("/api/v1/emulation/forms?date=2025-07-01")
after = {f["code"]: f for f in r.json()["items"]}
t.eq(before["giay_khen"]["multiplier"], 0.15, "Giấy khen 0.15 under NĐ 98/2023")
t.eq(after["giay_khen"]["multiplier"], 0.3, "Giấy khen 0.3 under NĐ 152/2025")
t.eq((before["lao_dong_tien_tien"]["granted_by"], after["lao_dong_tien_tien"]["granted_by"]),
     ("district", "commune"), "LĐTT granted by the district, then by the commune")
t.ok(before["giay_khen"]["effective_to"] == "2025-06-30" and "effective_to" not in after["giay_khen"],
     "the old row ends on 30/06/2025, the new one is open")
t.ok(all(set(f) >= {"code", "name", "kind", "recipient", "granted_by", "multiplier", "effective_from"}
         for f in after.values()), "every row has the contract's fields")
t.eq(after["chien_si_thi_dua_toan_quoc"]["multiplier"], 4.5, "CSTĐ toàn quốc 4.5")
t.eq(after["co_thi_dua_chinh_phu"]["multiplier"], 12, "Cờ thi đua của Chính phủ 12")
t.ok(after["gia_dinh_van_hoa"]["recipient"] == "household" and after["tap_the_lao_dong_tien_tien"]["recipient"]
     == "collective", "recipient kinds")
r = get("/api/v1/emulation/forms?date=2025-02-30")
t.eq(r.status, 422, "an impossible date is 422")
t.ok("date" in err_fields(r), "naming the date")
r = get("/api/v1/emulation/forms")
t.eq(r.status, 200, "forms today")

# an administrator adds a row when a decree changes (no release)
new_row = {"code": "giay_khen", "name": "Giấy khen", "kind": "award", "recipient": "individual",
           "granted_by": "commune", "multiplier": 0.35, "effective_from": "2027-01-01",
           "legal_basis": "Nghị định giả định 2027"}
r = post("/api/v1/emulation/forms", new_row, leader)
t.eq(r.status, 403, "a ward leader may not change the forms table")
audit0 = srv.count("audit_log")
r = post("/api/v1/emulation/forms", new_row, admin)
t.eq(r.status, 201, "the root administrator adds a form row")
t.eq(r.json().get("multiplier"), 0.35, "with its multiplier")
t.eq(srv.count("audit_log"), audit0 + 1, "audited")
r = get("/api/v1/emulation/forms?date=2026-12-31")
gk = [f for f in r.json()["items"] if f["code"] == "giay_khen"][0]
t.ok(gk["multiplier"] == 0.3 and gk["effective_to"] == "2026-12-31", "the open row is closed the day before")
r = get("/api/v1/emulation/forms?date=2027-01-01")
gk = [f for f in r.json()["items"] if f["code"] == "giay_khen"][0]
t.eq(gk["multiplier"], 0.35, "the new row from its date")
r = post("/api/v1/emulation/forms", dict(new_row, effective_from="2026-12-15"), admin)
t.eq(r.status, 409, "a row starting before a later row of the code is a conflict")
r = post("/api/v1/emulation/forms", {"code": "X Y", "kind": "medal", "multiplier": "abc"}, admin)
t.eq(r.status, 422, "a malformed row is 422")
t.ok({"code", "name", "kind", "recipient", "granted_by", "multiplier", "effective_from"} <= set(err_fields(r)),
     "naming each field", err_fields(r))
r = post("/api/v1/emulation/forms", dict(new_row, colour="red"), admin)
t.eq(r.status, 422, "an unknown field is 422")
t.ok("colour" in err_fields(r), "named")

r = get("/api/v1/emulation/base-salaries")
sal = r.json()["items"]
t.ok(any(s["amount"] == 2340000 and s["effective_to"] == "2026-06-30" for s in sal) and
     any(s["amount"] == 2530000 and s["effective_from"] == "2026-07-01" for s in sal), "the base salaries")
r = post("/api/v1/emulation/base-salaries", {"amount": 2800000, "effective_from": "2027-07-01"}, viewer)
t.eq(r.status, 403, "a viewer may not change the base salary")
r = post("/api/v1/emulation/base-salaries", {"amount": 2800000, "effective_from": "2027-07-01",
                                             "legal_basis": "giả định"}, admin)
t.eq(r.status, 201, "the administrator adds a base salary")
r = get("/api/v1/emulation/base-salaries")
t.ok(any(s["amount"] == 2530000 and s["effective_to"] == "2027-06-30" for s in r.json()["items"]),
     "the previous salary now ends the day before")
r = post("/api/v1/emulation/base-salaries", {"amount": 0, "effective_from": "x"}, admin)
t.eq(r.status, 422, "a bad salary is 422")

# --- movements -----------------------------------------------------------------------
mv_body = {"title": "Dân vận khéo 2026", "unit": "00070", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
           "units": ["00070-MTTQ", "00070-TDP01"]}
r = post("/api/v1/movements", mv_body, raw='{"title": ')
t.eq(r.status, 401, "a movement needs a token")
r = post("/api/v1/movements", None, leader, raw='{"title": ')
t.eq(r.status, 400, "malformed JSON is 400")
r = c.request("POST", "/api/v1/movements", b'{"title": "D\xe2n"}',
              {"Content-Type": "application/json", "Authorization": f"Bearer {leader}"})
t.eq((r.status, r.json()["error"]["code"]), (400, "invalid_utf8"), "invalid UTF-8 is 400 invalid_utf8")
r = post("/api/v1/movements", dict(mv_body, colour=1), leader)
t.eq(r.status, 422, "unknown field 422")
r = post("/api/v1/movements", {"title": "", "unit": "NOPE", "starts_on": "2026-13-01"}, leader)
t.eq(r.status, 422, "bad movement 422")
t.ok({"title", "unit", "starts_on", "ends_on"} <= set(err_fields(r)), "fields named", err_fields(r))
r = post("/api/v1/movements", mv_body, viewer)
t.eq(r.status, 403, "a viewer may not launch a movement")
n_mv = srv.count("movements")
r = post("/api/v1/movements", mv_body, leader)
t.eq(r.status, 201, "the ward leader launches a movement")
mv = r.json()
MV = mv["id"]
t.eq(len(mv["criteria"]), 11, "with the 11 common criteria by default")
t.eq(sum(cr["weight"] for cr in mv["criteria"]), 100, "weights summing to 100")
t.eq(mv["quorum"], "2/3", "quorum two thirds by default")
t.eq(sorted(u["code"] for u in mv["units"]), ["00070-MTTQ", "00070-TDP01"], "participating units")
t.eq(srv.count("movements"), n_mv + 1, "one movement written")
r = get("/api/v1/movements")
t.ok(any(m["id"] == MV for m in r.json()["items"]), "listed publicly")
r = get("/api/v1/movements/999999")
t.eq(r.status, 404, "unknown movement 404")

# council: the leader (ward), the front (MTTQ), the handler (UBND)
for user, unit, role in (("lanhdao.hoankiem", "00070", "chair"), ("mattran.hoankiem", "00070-MTTQ", "member"),
                         ("xuly.hoankiem", "00070-UBND", "member")):
    r = post(f"/api/v1/movements/{MV}/council", {"username": user, "unit": unit, "role": role}, leader)
    t.eq(r.status, 201, f"council member {user}")
r = post(f"/api/v1/movements/{MV}/council", {"username": "xuly.hoankiem", "unit": "00070-UBND"}, leader)
t.eq(r.status, 409, "the same member twice is a conflict")
r = post(f"/api/v1/movements/{MV}/council", {"username": "lanhdao.cuanam", "unit": "00070"}, leader)
t.eq(r.status, 422, "a member must hold a role in the unit named")
r = post(f"/api/v1/movements/{MV}/council", {"username": "theodoi.hoankiem", "unit": "00070"}, front)
t.eq(r.status, 403, "only the organising unit's leader forms the council")

# --- models --------------------------------------------------------------------------------
model = {"movement": MV, "title": "Tổ tự quản phố đi bộ Hồ Gươm", "unit": "00070-MTTQ", "kind": "model",
         "field": "culture_society", "description": "Các đoàn thể cùng giữ gìn trật tự, vệ sinh phố đi bộ",
         "goals": "Phố đi bộ sạch, an toàn mỗi cuối tuần", "results": "52 buổi ra quân, 0 vụ mất trộm",
         "forces": "Mặt trận, Đoàn Thanh niên, Hội Phụ nữ", "sustain": "Nhân rộng ra các tuyến phố khác",
         "situation": "Phố đi bộ đông khách", "area": "Quanh hồ Hoàn Kiếm", "resources": "Xã hội hóa",
         "timeframe": "2026"}
r = post("/api/v1/models", dict(model, unit="00082"), other)
t.eq(r.status, 422, "a unit outside the movement may not register")
t.ok("unit" in err_fields(r), "naming the unit")
r = post("/api/v1/models", model, viewer)
t.eq(r.status, 403, "a viewer may not register a model")
r = post("/api/v1/models", dict(model, field="sports", kind="x", title=""), front)
t.eq(r.status, 422, "bad field and kind 422")
t.ok({"field", "kind", "title"} <= set(err_fields(r)), "named", err_fields(r))
r = post("/api/v1/models", dict(model, extra=1), front)
t.eq(r.status, 422, "unknown field 422")
r = post("/api/v1/models", model, front)
t.eq(r.status, 201, "the front registers a model")
t.eq(r.json()["status"], "registered", "registered")
MD = r.json()["id"]
t.ok(isinstance(MD, str), "ids are strings")

r = get(f"/api/v1/models/{MD}")
t.eq(r.status, 404, "a registered model is not public")
r = get(f"/api/v1/models/{MD}", other)
t.eq(r.status, 404, "nor shown to another ward's officer")
r = get(f"/api/v1/models/{MD}", front)
t.eq((r.status, r.json()["status"]), (200, "registered"), "its unit sees it")
t.ok(all(r.json()[k] == model[k] for k in ("title", "description", "goals", "results", "forces", "sustain",
                                           "situation", "area", "resources", "timeframe")),
     "every registration field as registered", r.json())

ev = f"/api/v1/models/{MD}/events"
r = post(ev, {"type": "recognise"}, leader)
t.eq((r.status, r.json()["error"]["code"]), (409, "invalid_transition"), "recognise before evaluation is 409")
r = post(ev, {"type": "fly"}, leader)
t.eq(r.status, 422, "an unknown event type is 422")
r = post(ev, {"type": "implement"}, front)
t.eq((r.status, r.json()["status"]), (200, "implementing"), "implementing")
r = post(ev, {"type": "self_assess"}, front)
t.eq(r.status, 422, "self-assessment needs its text")
r = post(ev, {"type": "self_assess", "comment": "Đạt các mục tiêu đề ra"}, front)
t.eq((r.status, r.json()["status"]), (200, "self_assessed"), "self-assessed")

crit = [cr["code"] for cr in mv["criteria"]]
weights = {cr["code"]: cr["weight"] for cr in mv["criteria"]}
scores_a = {code: 8 for code in crit}
scores_a["measurable"] = 10
scores_b = {code: 7 for code in crit}
r = post(ev, {"type": "evaluate", "scores": scores_a}, front)
t.eq(r.status, 403, "a member of the evaluated unit may not score it (recusal)")
t.ok("xung đột" in json.dumps(r.json(), ensure_ascii=False), "with the reason", r.text)
r = post(ev, {"type": "evaluate", "scores": scores_a}, viewer)
t.eq(r.status, 403, "a non-member may not score")
r = post(ev, {"type": "evaluate", "scores": dict(scores_a, measurable=11)}, leader)
t.eq(r.status, 422, "a score above 10 is 422")
r = post(ev, {"type": "evaluate", "scores": {"named_placed": 5}}, leader)
t.eq(r.status, 422, "every criterion must be scored")
r = post(ev, {"type": "evaluate", "scores": scores_a, "comment": "Tốt"}, leader)
t.eq((r.status, r.json()["status"]), (200, "self_assessed"), "one of two eligible members: no quorum yet")
t.ok(r.json().get("result") is None, "no result before the quorum")
r = post(ev, {"type": "evaluate", "scores": scores_a}, leader)
t.eq(r.status, 409, "a member scores once")
r = post(ev, {"type": "evaluate", "scores": scores_b}, handler)
t.eq((r.status, r.json()["status"]), (200, "evaluated"), "the quorum (2 of 2 eligible, ≥ 2/3) evaluates it")


def weighted(s):
    return sum(Decimal(str(weights[k])) * s[k] for k in crit) / sum(Decimal(str(weights[k])) for k in crit)


want = (round(weighted(scores_a), 2) + round(weighted(scores_b), 2)) / 2
t.eq(Decimal(str(r.json()["result"])), round(want, 2), "result = the weighted average of the members' scores")
t.eq(len(r.json()["evaluations"]), 2, "both evaluations shown to officers")

r = post(ev, {"type": "recognise"}, front)
t.eq(r.status, 403, "the model's own unit may not recognise it")
r = post(ev, {"type": "recognise"}, leader)
t.eq((r.status, r.json()["status"]), (200, "recognised"), "recognised by the organising unit's leader")
r = get(f"/api/v1/models/{MD}")
t.eq(r.status, 200, "a recognised model is public")
pub = r.json()
# measured outcomes: each number is the total of the public list it links to, and an independent count
START, END = 1767200400, 1798736400  # 2026-01-01 .. 2027-01-01, Vietnam time


def check_outcomes(o, code, label):
    t.ok(set(o) >= {"from", "to", "feedback_resolved", "meetings_held", "consultations", "links"},
         f"{label}: the outcomes' fields", o)
    t.eq((o.get("from"), o.get("to")), ("2026-01-01", "2026-12-31"), f"{label}: the movement's period")
    for key, link in (("feedback_resolved", "feedback"), ("meetings_held", "meetings"),
                      ("consultations", "consultations")):
        url = o.get("links", {}).get(link, "")
        t.ok(f"unit={code}&" in url and "from=2026-01-01" in url and "to=2027-01-01" in url,
             f"{label}: the {link} link names the unit and the period", url)
        lr = get(url)
        t.eq((lr.status, lr.json().get("total")), (200, o.get(key)),
             f"{label}: {key} equals the total of the list it links to")
    with srv.db() as db:
        uid = db.execute("SELECT id FROM units WHERE code = ?", (code,)).fetchone()[0]
        fb = db.execute("SELECT count(*) FROM feedback WHERE unit_id = ? AND public = 1 AND status IN "
                        "('published', 'closed') AND received_at >= ? AND received_at < ?",
                        (uid, START, END)).fetchone()[0]
        mt = db.execute("WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ? UNION SELECT u.id FROM units u "
                        "JOIN sub ON u.parent_id = sub.id) SELECT count(*) FROM meetings WHERE unit_id IN (SELECT id FROM sub) "
                        "AND public = 1 AND status IN ('held', 'closed') AND starts_at >= ? AND starts_at < ?",
                        (uid, START, END)).fetchone()[0]
        cs = db.execute("SELECT count(*) FROM consultations WHERE unit_id = ? AND opens_at >= ? AND opens_at < ?",
                        (uid, START, END)).fetchone()[0]
    t.eq((o.get("feedback_resolved"), o.get("meetings_held"), o.get("consultations")), (fb, mt, cs),
         f"{label}: the numbers counted independently")
    return fb + mt + cs


check_outcomes(pub.get("outcomes", {}), "00070-MTTQ", "the front's model")
r = post("/api/v1/models", dict(model, unit="00070", title="Mô hình của phường"), leader)
r = get(f"/api/v1/models/{r.json()['id']}", leader)
n = check_outcomes(r.json()["outcomes"], "00070", "the ward's model (an officer reads it)")
t.ok(n > 0, "the ward's demo records give outcomes to count", n)
r = get("/api/v1/feedback?unit=00070&from=2026-13-01")
t.eq((r.status, "from" in err_fields(r)), (422, True), "the feedback list refuses a bad date")
r = get("/api/v1/consultations?unit=00070&to=2026-02-30")
t.eq((r.status, "to" in err_fields(r)), (422, True), "the consultations list refuses a bad date")
r = get("/api/v1/meetings?unit=00070&status=planned")
t.eq((r.status, "status" in err_fields(r)), (422, True), "the meetings list takes only status=held")
t.ok("evaluations" not in pub and all(e["type"] != "evaluate" for e in pub["events"]),
     "the public sees no scores", pub.get("events"))
r = get("/api/v1/models?q=pho%20di%20bo")
t.ok(any(m["id"] == MD for m in r.json()["items"]), "found by unaccented words (q=)")
r = get("/api/v1/models?q=thu%20dung")
t.eq(r.json()["total"], 0, "a model that is not public is not found by the public")
n_models = srv.count("models")
with srv.db() as db:
    # the FTS5 table's own document list on SQLite, the index table on PostgreSQL
    idx, col = ("search_fts", "rowid") if ENGINE == "postgresql" else ("search_fts_docsize", "id")
    n_indexed = db.execute(f"SELECT count(*) FROM {idx} WHERE {col} >= 4398046511104 "
                           f"AND {col} < 5497558138880").fetchone()[0]
t.eq(n_indexed, n_models, "every model is in the search index (kind 4)")
r = get("/api/v1/models?q=khong%20co%20dau")
t.eq(r.json()["total"], 0, "not by other words")
r = get("/api/v1/models?field=economy&unit=00070")
t.ok(all(m["field"] == "economy" for m in r.json()["items"]), "filtered by field")
r = get("/api/v1/models?field=sports")
t.eq(r.status, 422, "an unknown field filter is 422")

# a second model, discontinued
r = post("/api/v1/models", dict(model, title="Mô hình thử dừng", field="economy"), front)
MD2 = r.json()["id"]
r = post(f"/api/v1/models/{MD2}/events", {"type": "discontinue"}, leader)
t.eq(r.status, 422, "discontinuing needs a reason")
r = post(f"/api/v1/models/{MD2}/events", {"type": "discontinue", "reason": "Không còn phù hợp"}, leader)
t.eq((r.status, r.json()["status"]), (200, "discontinued"), "discontinued")
r = post(f"/api/v1/models/{MD2}/events", {"type": "implement"}, front)
t.eq(r.status, 409, "nothing follows a discontinued model")

# --- commendations ------------------------------------------------------------------------------
person = {"kind": "individual", "name": "Nguyễn Văn An", "unit": "00070-MTTQ", "person": "CB-0001"}
r = post("/api/v1/commendations", {"form": "lao_dong_tien_tien", "year": 2026, "recipient": person,
                                   "reason": "Hoàn thành tốt nhiệm vụ"}, viewer)
t.eq(r.status, 403, "a viewer may not propose")
r = post("/api/v1/commendations", {"form": "nope", "year": 1800, "recipient": {"kind": "robot"},
                                   "reason": ""}, leader)
t.eq(r.status, 422, "a bad proposal is 422")
t.ok({"form", "year", "reason", "recipient.kind", "recipient.name", "recipient.unit"} <= set(err_fields(r)),
     "each field named", err_fields(r))
r = post("/api/v1/commendations", {"form": "tap_the_lao_dong_tien_tien", "year": 2026, "recipient": person,
                                   "reason": "x"}, leader)
t.eq(r.status, 422, "a collective's title for an individual is 422")
t.ok("recipient.kind" in err_fields(r), "naming the recipient kind")
r = post("/api/v1/commendations", {"form": "lao_dong_tien_tien", "year": 2026, "recipient": dict(person, age=3),
                                   "reason": "x"}, leader)
t.eq(r.status, 422, "an unknown recipient field is 422")

# CSTĐCS without LĐTT the same year nor an initiative: not eligible, says why
r = post("/api/v1/commendations", {"form": "chien_si_thi_dua_co_so", "year": 2026, "recipient": person,
                                   "reason": "Nhiều đóng góp"}, leader)
t.eq(r.status, 201, "an ineligible proposal is still recorded")
j = r.json()
t.eq((j["status"], j["eligible"]), ("proposed", False), "proposed, not eligible")
t.eq(len(j["unmet"]), 2, "two unmet rules")
t.ok(any("Lao động tiên tiến" in u for u in j["unmet"]) and any("sáng kiến" in u for u in j["unmet"]),
     "naming LĐTT and the initiative", j["unmet"])
CS = j["id"]
r = post(f"/api/v1/commendations/{CS}/events", {"type": "approve"}, leader)
t.eq(r.status, 422, "an ineligible proposal needs the leader's reason")
r = post(f"/api/v1/commendations/{CS}/events", {"type": "approve", "reason": "Thành tích đột xuất"}, leader)
t.eq((r.status, r.json()["status"]), (200, "approved"), "approved with a reason")
t.eq(r.json()["override_reason"], "Thành tích đột xuất", "the reason is recorded")
r = post(f"/api/v1/commendations/{CS}/events", {"type": "reject", "reason": "Hội đồng không thống nhất"}, viewer)
t.eq(r.status, 403, "a viewer may not reject")
r = post(f"/api/v1/commendations/{CS}/events", {"type": "reject", "reason": "Hội đồng không thống nhất"}, leader)
t.eq((r.status, r.json()["status"]), (200, "rejected"), "rejected")

# LĐTT decided on 01/08/2026 -> 760,000 đồng (the check)
cases = [  # form, recipient kind, name, decision date, multiplier, factor, base
    ("lao_dong_tien_tien", "individual", "Nguyễn Văn An", "2026-08-01", 0.3, 1, 2530000),
    ("lao_dong_tien_tien", "individual", "Trần Thị Bình", "2026-06-30", 0.3, 1, 2340000),
    ("giay_khen_tap_the", "collective", "Chi hội Phụ nữ Tổ dân phố số 1", "2026-08-01", 0.3, 2, 2530000),
    ("giay_khen_ho_gia_dinh", "household", "Hộ ông Lê Văn Cường", "2026-08-01", 0.3, 1.5, 2530000),
    ("giay_khen_ho_gia_dinh", "household", "Hộ bà Phạm Thị Dung", "2026-06-30", 0.3, 1.5, 2340000),
    ("giay_khen", "individual", "Đỗ Văn Em", "2025-06-30", 0.15, 1, 2340000),
    ("giay_khen", "individual", "Đỗ Văn Giang", "2025-07-01", 0.3, 1, 2340000),
    ("tap_the_lao_dong_tien_tien", "collective", "Tổ dân phố số 1", "2026-08-01", 0.8, 1, 2530000),
]
certs = []
LDTT = None
for form, kind, name, date, mult, factor, base in cases:
    unit = "00070-TDP01" if kind != "individual" else "00070-MTTQ"
    r = post("/api/v1/commendations", {"form": form, "year": 2026, "reason": "Hoàn thành tốt nhiệm vụ năm",
                                       "recipient": {"kind": kind, "name": name, "unit": unit},
                                       "model": MD if kind == "collective" else None}, leader)
    if not t.eq(r.status, 201, f"{form} proposed for {name}"):
        print("#", r.text)
        continue
    cid = r.json()["id"]
    t.ok(r.json()["eligible"], "eligible")
    r = post(f"/api/v1/commendations/{cid}/events", {"type": "approve"}, leader)
    t.eq(r.status, 200, "approved")
    r = post(f"/api/v1/commendations/{cid}/events", {"type": "decide", "number": "123/QĐ-UBND", "date": date,
                                                     "issuer": "Chủ tịch UBND phường Hoàn Kiếm"}, leader)
    if not t.eq(r.status, 200, f"decided on {date}"):
        print("#", r.text)
        continue
    j = r.json()
    want = prize(mult, factor, base)
    t.eq(j["prize_vnd"], want, f"{form} for a {kind} decided {date}: {want:,} đồng")
    t.ok(re.fullmatch(r"/xac-minh/[0-9A-Z]{4}-[0-9A-Z]{4}", j["certificate"]["url"] or "") and
         j["certificate"]["url"].endswith(j["certificate"]["code"]), "a certificate code and its url")
    certs.append(j)
    if form == "lao_dong_tien_tien" and date == "2026-08-01":
        LDTT = cid
t.eq(certs[0]["prize_vnd"], 760000, "LĐTT on 01/08/2026 is exactly 760,000 đồng")
t.eq(certs[5]["prize_vnd"] != certs[6]["prize_vnd"], True, "30/6/2025 and 1/7/2025 use different rows")

r = get(f"/api/v1/models/{MD}")
t.eq(r.json()["status"], "commended", "a commendation decided for the model commends it")

# decided: public, without the person's data
r = get(f"/api/v1/commendations/{LDTT}")
t.eq(r.status, 200, "a decided commendation is public")
pubc = r.json()
t.ok("person" not in pubc["recipient"] and "unmet" not in pubc and "initiative" not in pubc,
     "without the person's identifier or the check", pubc)
t.eq(pubc["recipient"]["name"], "Nguyễn Văn An", "name, unit and award are public")
r = get(f"/api/v1/commendations/{LDTT}", leader)
t.eq(r.json()["recipient"].get("person"), None, "no identifier was given for this one")
r = get(f"/api/v1/commendations/{CS}")
t.eq(r.status, 404, "a rejected proposal is not public")
r = get(f"/api/v1/commendations/{CS}", other)
t.eq(r.status, 404, "nor shown to another ward's officer")
r = get(f"/api/v1/commendations/{CS}", leader)
t.eq(r.json()["recipient"]["person"], "CB-0001", "the handling unit sees the identifier")

# the same recipient, form and year again: a warning
r = post("/api/v1/commendations", {"form": "lao_dong_tien_tien", "year": 2026, "reason": "Lần nữa",
                                   "recipient": {"kind": "individual", "name": "Nguyễn Văn An",
                                                 "unit": "00070-MTTQ"}}, leader)
t.eq(r.status, 201, "a second proposal is recorded")
t.eq(len(r.json()["warnings"]), 1, "with a warning that the recipient already holds it")
DUP = r.json()["id"]
# CSTĐCS now met the LĐTT rule; with an initiative, eligible
r = post("/api/v1/commendations", {"form": "chien_si_thi_dua_co_so", "year": 2026, "reason": "Sáng kiến",
                                   "initiative": "Sáng kiến số hóa sổ tổ dân phố",
                                   "recipient": {"kind": "individual", "name": "Nguyễn Văn An",
                                                 "unit": "00070-MTTQ"}}, leader)
t.eq((r.json()["eligible"], r.json()["unmet"]), (True, []), "CSTĐCS with LĐTT the same year and an initiative")
r = post(f"/api/v1/commendations/{DUP}/events", {"type": "decide", "number": "1", "date": "2026-08-01",
                                                 "issuer": "x"}, leader)
t.eq(r.status, 409, "deciding before approval is 409")
r = post(f"/api/v1/commendations/{DUP}/events", {"type": "approve"}, leader)
r = post(f"/api/v1/commendations/{DUP}/events", {"type": "decide", "number": "", "date": "2099-01-01"}, leader)
t.eq(r.status, 422, "a decision without number, issuer, or dated in the future is 422")
t.ok({"number", "issuer", "date"} <= set(err_fields(r)), "fields named", err_fields(r))
r = post(f"/api/v1/commendations/{DUP}/events", {"type": "decide", "number": "9/QĐ", "date": "2023-01-01",
                                                 "issuer": "x"}, leader)
t.eq(r.status, 422, "no form row in force on the decision date is 422")

# public posting for 10 working days before the council (Bằng khen cấp tỉnh)
r = post("/api/v1/commendations", {"form": "bang_khen_tinh", "year": 2026, "reason": "Thành tích xuất sắc",
                                   "recipient": {"kind": "individual", "name": "Vũ Thị Hạnh",
                                                 "unit": "00070-MTTQ"}}, leader)
BK = r.json()["id"]
r = post(f"/api/v1/commendations/{BK}/events", {"type": "approve"}, leader)
t.eq((r.status, r.json()["error"]["code"]), (409, "invalid_transition"), "not approved before its public posting")
r = post(f"/api/v1/commendations/{BK}/events", {"type": "post"}, handler)
t.eq(r.status, 404, "an officer outside the recipient's unit does not see the proposal")
r = post(f"/api/v1/commendations/{BK}/events", {"type": "post"}, front)
t.eq((r.status, r.json()["status"]), (200, "posted"), "posted publicly")
r = post(f"/api/v1/commendations/{BK}/events", {"type": "approve"}, leader)
t.eq(r.status, 409, "not approved before 10 working days have passed")
t.ok("niêm yết" in r.text, "saying until when", r.text)
with srv.db() as db:
    db.execute("UPDATE commendations SET posted_on = posted_on - 30 WHERE id = ?", (int(BK),))
r = post(f"/api/v1/commendations/{BK}/events", {"type": "approve"}, leader)
t.eq((r.status, r.json()["status"]), (200, "approved"), "approved once the posting period is over")
decision = {"type": "decide", "number": "5/QĐ-UBND", "date": "2026-08-01", "issuer": "Chủ tịch UBND thành phố"}
r = post(f"/api/v1/commendations/{BK}/events", decision, leader)
t.eq(r.status, 403, "a ward leader may not decide a form the province grants")
t.ok("cấp tỉnh" in r.text, "saying who decides it", r.text)
r = post(f"/api/v1/commendations/{BK}/events", decision, admin)
t.eq((r.status, r.json().get("prize_vnd")), (200, prize(1.5, 1, 2530000)),
     "the city's officer records the decision: 1.5 × 2,530,000 rounded up")

# --- certificates and the honour roll ------------------------------------------------------------
code = certs[0]["certificate"]["code"]
r = c.get(f"/xac-minh/{code}")
t.eq(r.status, 200, "the certificate page")
t.ok("Nguyễn Văn An" in r.text and "123/QĐ-UBND" in r.text and "Lao động tiên tiến" in r.text,
     "shows the recipient, the decision and the award")
t.ok("CB-0001" not in r.text, "no personal identifier")
r = c.get(f"/xac-minh/{code.lower().replace('-', '')}")
t.eq(r.status, 200, "the code in lower case too")
r = c.get("/xac-minh/ZZZZ-ZZZZ")
t.eq(r.status, 404, "an unknown code is 404")
r = get(f"/api/v1/certificates/{code}")
t.eq((r.status, r.json()["decision"]["number"]), (200, "123/QĐ-UBND"), "the certificate API")

r = get("/api/v1/honours?unit=00070&year=2026")
t.eq(r.status, 200, "the honour roll")
kinds = {(h["kind"], h["id"]) for h in r.json()["items"]}
t.ok(("commendation", LDTT) in kinds and ("model", MD) in kinds, "decided commendations and recognised models")
t.ok(("model", MD2) not in kinds, "not a discontinued model")
r = get("/api/v1/honours?field=culture_society")
t.ok(all(h["field"] == "culture_society" for h in r.json()["items"]) and r.json()["items"], "by field")
r = get("/api/v1/honours?name=Nguy%E1%BB%85n%20V%C4%83n%20An")
t.ok(r.json()["items"] and all(h["recipient"] == "Nguyễn Văn An" for h in r.json()["items"]),
     "one person's history by name")
r = c.get("/vinh-danh?ten=Nguy%E1%BB%85n%20V%C4%83n%20An")
t.ok(r.status == 200 and "Lao động tiên tiến" in r.text, "the honour roll page of one person")
r = get("/api/v1/honours?year=abc")
t.eq(r.status, 422, "a bad year is 422")

# the export of a period, in the layout units send upward
import io

r = c.request("GET", "/api/v1/commendations.xlsx?unit=00070&from=2026-01-01&to=2026-12-31",
              headers={"Authorization": f"Bearer {leader}"})
t.eq(r.status, 200, "the export of a period")
t.ok("spreadsheetml" in (r.header("Content-Type") or "") and "attachment" in (r.header("Content-Disposition") or ""),
     "as an .xlsx download")
try:
    import openpyxl
except ImportError:  # Debian's python3-openpyxl, when python3 is another build of the same version
    sys.path.append("/usr/lib/python3/dist-packages")
    import openpyxl
wb = openpyxl.load_workbook(io.BytesIO(r.body), read_only=True)
t.eq(wb.sheetnames, ["Khen thưởng"], "one sheet")
rows = [["" if x is None else str(int(x)) if isinstance(x, float) and x == int(x) else str(x) for x in row]
        for row in wb["Khen thưởng"].iter_rows(values_only=True)]
flat = [" | ".join(x) for x in rows]
t.ok(flat and "DANH SÁCH KHEN THƯỞNG" in flat[0], "the title row", flat[:2])
t.ok(any("STT" in x and "Tiền thưởng (đồng)" in x for x in flat), "the header row")
t.ok(any("Nguyễn Văn An" in x and "Lao động tiên tiến" in x and "760000" in x for x in flat),
     "a row per decided commendation with its prize", flat[:8])
t.ok(not any("2025-07-01" in x or "Đỗ Văn Giang" in x for x in flat), "only decisions of the period")
body = [row for row in rows[5:-1] if row and row[0].isdigit()]
t.ok(len(body) >= 1 and [row[0] for row in body] == [str(i + 1) for i in range(len(body))], "numbered rows")
total = sum(int(row[-1]) for row in body if row[-1].isdigit())
t.ok(rows[-1][0] == "Tổng cộng" and rows[-1][-1] == str(total), "a total row", rows[-1])
r = c.request("GET", "/api/v1/commendations.xlsx?unit=00070", headers={"Authorization": f"Bearer {other}"})
t.eq(r.status, 403, "another ward's officer may not export this ward's list")
r = c.get("/api/v1/commendations.xlsx?unit=00070")
t.eq(r.status, 401, "the export needs a token")
r = c.request("GET", "/api/v1/commendations.xlsx?unit=NOPE&from=2026-13-01",
              headers={"Authorization": f"Bearer {leader}"})
t.eq(r.status, 422, "a bad period or unit is 422")
r = get("/api/v1/commendations?unit=00070")
t.ok(all(x["status"] == "decided" for x in r.json()["items"]), "the public list has decided ones only")
r = get("/api/v1/commendations?unit=00070&status=proposed", leader)
t.ok(r.json()["total"] >= 1 and all(x["status"] == "proposed" for x in r.json()["items"]),
     "the unit's officers list proposals")

# --- "Ngày hội" events -----------------------------------------------------------------------------
r = get("/api/v1/emulation/events")
t.eq(r.status, 200, "the events list")
fair = [e for e in r.json()["items"] if e["title"] == "Ngày hội Dân vận khéo quận Hoàn Kiếm năm 2025"]
t.ok(len(fair) == 1 and fair[0]["date"] == "2025-05-20" and fair[0]["unit"] == "002-QU" and fair[0]["models"] == 3
     and fair[0]["url"] == f"/ngay-hoi/{fair[0]['id']}", "the demo's district fair of 2025 with three models",
     r.json()["items"])
FAIR = fair[0]["id"] if fair else "0"
t.ok("unit_id" not in (fair[0] if fair else {}), "no internal ids")
r = get("/api/v1/emulation/events?unit=002-QU&year=2025")
t.ok(any(e["id"] == FAIR for e in r.json()["items"]), "found by unit and year")
r = get("/api/v1/emulation/events?unit=002-QU&year=2024")
t.eq(r.json()["total"], 0, "not in another year")
r = get("/api/v1/emulation/events?year=abc")
t.eq((r.status, r.json()["error"]["code"], "year" in err_fields(r)), (422, "validation_failed", True),
     "a bad year is 422")
r = get(f"/api/v1/emulation/events/{FAIR}")
ev = r.json()
t.eq(r.status, 200, "one event")
t.eq(sorted(m["title"] for m in ev["models"]),
     sorted(["Chợ đêm Hàng Bạc văn minh, an toàn", "Tổ hòa giải “Ba cùng” phường Hàng Trống",
             "Tủ sách cộng đồng trong ngõ phố cổ"]), "the models honoured there")
t.ok(all(m["url"] == f"/mo-hinh/{m['id']}" and m["status"] in ("exemplary", "commended") for m in ev["models"]),
     "each with its page, exemplary or commended")
t.ok(ev["may_manage"] is False and "candidates" not in ev, "the public gets no form data")
M1 = next(m["id"] for m in ev["models"] if m["title"].startswith("Chợ đêm"))
r = get(f"/api/v1/models/{M1}")
t.ok([h["id"] for h in r.json().get("honoured_at", [])] == [FAIR] and
     r.json()["honoured_at"][0]["url"] == f"/ngay-hoi/{FAIR}", "the model says where it was honoured")
for path in ("/api/v1/emulation/events/999999", "/api/v1/emulation/events/abc"):
    r = get(path)
    t.eq((r.status, r.json()["error"]["code"]), (404, "not_found"), f"{path} is 404")

EV = {"title": "Ngày hội Dân vận khéo phường Hoàn Kiếm năm 2026", "unit": "00070", "date": "2026-11-15",
      "place": "Nhà văn hóa phường Hoàn Kiếm"}
n_ev, n_audit = srv.count("emulation_events"), srv.count("audit_log", "action = 'emulation.event_create'")
r = post("/api/v1/emulation/events", EV)
t.eq(r.status, 401, "creating an event needs a token")
r = post("/api/v1/emulation/events", EV, other)
t.eq((r.status, r.json()["error"]["code"]), (403, "forbidden"), "another ward's leader may not")
r = post("/api/v1/emulation/events", EV, front)
t.eq(r.status, 403, "the front officer (not a leader) may not")
r = post("/api/v1/emulation/events", {"unit": "00070"}, leader)
t.eq((r.status, sorted(k for k in err_fields(r) if k in ("title", "date", "place"))),
     (422, ["date", "place", "title"]), "missing fields are named")
r = post("/api/v1/emulation/events", dict(EV, title="Hội"), leader)  # five bytes, three characters
t.ok(r.status == 422 and "title" in err_fields(r), "a title under five characters is 422 (counted in characters)")
r = post("/api/v1/emulation/events", dict(EV, date="2030-01-01"), leader)
t.ok(r.status == 422 and "date" in err_fields(r), "a day more than a year ahead is 422")
r = post("/api/v1/emulation/events", dict(EV, date="2026-02-30"), leader)
t.ok(r.status == 422 and "date" in err_fields(r), "a bad date is 422")
r = post("/api/v1/emulation/events", dict(EV, unit="NOPE"), leader)
t.ok(r.status == 422 and "unit" in err_fields(r), "an unknown unit is 422")
r = post("/api/v1/emulation/events", dict(EV, unit="002", date="2026-01-10"), admin)
t.ok(r.status == 422 and "unit" in err_fields(r), "a unit closed on that day is 422")
r = post("/api/v1/emulation/events", dict(EV, color="red"), leader)
t.eq(r.status, 422, "an unknown field is 422")
r = post("/api/v1/emulation/events", None, leader, raw=b'{"title": "x')
t.eq(r.status, 400, "bad JSON is 400")
t.eq((srv.count("emulation_events"), srv.count("audit_log", "action = 'emulation.event_create'")), (n_ev, n_audit),
     "nothing written by a refused request")
r = post("/api/v1/emulation/events", EV, leader)
t.eq(r.status, 201, "a ward leader creates the ward's event")
EV1 = r.json()["id"]
t.ok(r.header("Location") == f"/api/v1/emulation/events/{EV1}" and r.json()["models"] == [] and
     r.json()["may_manage"] is True, "with its Location, no model yet")
t.eq((srv.count("emulation_events"), srv.count("audit_log", "action = 'emulation.event_create'")),
     (n_ev + 1, n_audit + 1), "written and audited")
cands = {c["id"] for c in r.json().get("candidates", [])}
t.ok(MD in cands, "the leader is offered the ward's commended model", cands)

A = f"/api/v1/emulation/events/{EV1}/models"
r = get(f"/api/v1/models?unit=00070&status=recognised")
REC = next((m["id"] for m in r.json()["items"] if m["status"] == "recognised"), None)
n_att = srv.count("emulation_event_models")
r = post(A, {"model": MD})
t.eq(r.status, 401, "attaching needs a token")
r = post(A, {"model": MD}, other)
t.eq(r.status, 403, "another ward's leader may not attach")
r = post(A, {"model": MD}, handler)
t.eq(r.status, 403, "a handler may not attach")
r = post(A, {}, leader)
t.ok(r.status == 422 and "model" in err_fields(r), "no model is 422")
r = post(A, {"model": "abc"}, leader)
t.ok(r.status == 422 and "model" in err_fields(r), "a malformed model is 422")
r = post(A, {"model": "99999999"}, leader)
t.ok(r.status == 422 and "model" in err_fields(r), "an unknown model is 422")
r = post(A, {"model": M1}, leader)
t.ok(r.status == 422 and "model" in err_fields(r), "a model of another unit's movement is 422")
r = post(A, {"model": REC}, leader)
t.eq((r.status, r.json()["error"]["code"]), (409, "invalid_transition"),
     "a model only recognised (not exemplary) is 409 invalid_transition")
r = post(A, {"model": MD, "extra": 1}, leader)
t.eq(r.status, 422, "an unknown field is 422")
r = post("/api/v1/emulation/events/999999/models", {"model": MD}, leader)
t.eq(r.status, 404, "an unknown event is 404")
t.eq(srv.count("emulation_event_models"), n_att, "nothing attached by refused requests")
n_audit = srv.count("audit_log", "action = 'emulation.event_attach'")
r = post(A, {"model": MD, "note": "Mô hình tiêu biểu"}, leader)
t.eq(r.status, 201, "the leader attaches the commended model")
t.ok([m["id"] for m in r.json()["models"]] == [MD] and r.json()["models"][0]["note"] == "Mô hình tiêu biểu",
     "the event lists it with its note")
t.eq(srv.count("audit_log", "action = 'emulation.event_attach'"), n_audit + 1, "audited")
r = post(A, {"model": MD}, leader)
t.eq((r.status, r.json()["error"]["code"]), (409, "conflict"), "attaching it twice is 409 conflict")
r = get(f"/api/v1/models/{MD}")
t.ok(any(h["id"] == EV1 for h in r.json()["honoured_at"]), "the model is honoured at the new event")

# privacy: a model discontinued after it was honoured leaves the public event
M2 = next(m["id"] for m in ev["models"] if m["title"].startswith("Tổ hòa giải"))
r = post(f"/api/v1/models/{M2}/events", {"type": "discontinue", "reason": "Tổ hòa giải đã sáp nhập."}, admin)
t.eq((r.status, r.json().get("status")), (200, "discontinued"), "an honoured model discontinued")
r = get(f"/api/v1/emulation/events/{FAIR}")
t.ok(M2 not in [m["id"] for m in r.json()["models"]] and r.json()["models"] and
     all(m["status"] in ("recognised", "exemplary", "commended") for m in r.json()["models"]),
     "the event shows only public models")
r = get("/api/v1/emulation/events?unit=002-QU&year=2025")
t.eq([e["models"] for e in r.json()["items"] if e["id"] == FAIR], [2], "and counts only them")

# pages
r = c.get("/ngay-hoi")
t.ok(r.status == 200 and "Ngày hội Dân vận khéo quận Hoàn Kiếm năm 2025" in r.text, "the events page")
r = c.get("/ngay-hoi?nam=2025&don-vi=002-QU")
t.ok(r.status == 200 and f'href="/ngay-hoi/{FAIR}"' in r.text, "filtered by unit and year")
r = c.get("/ngay-hoi?nam=abc")
t.eq(r.status, 400, "a bad filter is 400")
r = c.get(f"/ngay-hoi/{FAIR}")
t.ok(r.status == 200 and "Chợ đêm Hàng Bạc văn minh, an toàn" in r.text and "20/05/2025" in r.text and
     "Tổ hòa giải" not in r.text, "the event's page lists its public models")
t.ok('action="/ngay-hoi/' not in r.text, "no form for the public")
r = c.get("/ngay-hoi/999999")
t.eq(r.status, 404, "an unknown event's page is 404")
r = c.get(f"/mo-hinh/{M1}")
t.ok("Được vinh danh tại" in r.text and f'href="/ngay-hoi/{FAIR}"' in r.text, "the model page links its event")
r = c.get("/thi-dua")
t.ok('href="/ngay-hoi"' in r.text, "/thi-dua links the events")

# --- pages ---------------------------------------------------------------------------------------
for path, text in (("/thi-dua", "Dân vận khéo 2026"), (f"/mo-hinh/{MD}", "Tổ tự quản phố đi bộ Hồ Gươm"),
                   ("/mo-hinh?linh-vuc=culture_society", "Tổ tự quản phố đi bộ Hồ Gươm"),
                   ("/vinh-danh", "Nguyễn Văn An")):
    r = c.get(path)
    t.eq(r.status, 200, f"page {path}")
    t.ok(text in r.text, f"{path} shows {text}")
r = c.get(f"/mo-hinh/{MD2}")
t.eq(r.status, 404, "a discontinued model has no public page")
r = c.get("/quan-ly/thi-dua")
t.ok(r.status in (302, 303, 401), "the officer page needs a login")
lc, r = srv.login("lanhdao.hoankiem")
r = lc.get("/quan-ly/thi-dua")
t.eq(r.status, 200, "officer: movements")
t.ok("Dân vận khéo 2026" in r.text, "lists the movement")
r = lc.get("/quan-ly/khen-thuong")
t.eq(r.status, 200, "officer: commendations")
t.ok("Vũ Thị Hạnh" in r.text, "lists the proposals")
r = lc.get("/quan-ly/xuat-khen-thuong?don-vi=00070&tu=2026-01-01&den=2026-12-31")
t.ok(r.status == 200 and r.body[:2] == b"PK", "officer: the .xlsx export from the page")

# --- the officers' forms --------------------------------------------------------------------------
page = lc.get("/quan-ly/thi-dua")
tok = csrf_of(page.text)
r = lc.post_form("/quan-ly/thi-dua", {"csrf": tok, "title": "", "unit": "00070", "starts_on": "2026-02-30"})
t.eq(r.status, 422, "a movement form with errors answers 422")
t.ok("error-summary" in r.text, "with the error summary")
n_mv = srv.count("movements")
r = lc.post_form("/quan-ly/thi-dua", {"csrf": tok, "title": "Dân vận khéo thử từ trang", "unit": "00070",
                                      "starts_on": "2026-01-01", "ends_on": "2026-12-31"})
t.eq((r.status, srv.count("movements")), (303, n_mv + 1), "a movement launched from the page")
with srv.db() as db:
    MV3 = db.execute("SELECT max(id) FROM movements").fetchone()[0]
r = lc.post_form(f"/quan-ly/thi-dua/{MV3}/hoi-dong", {"csrf": tok, "username": "khong.co", "unit": "00070"})
t.eq(r.status, 422, "an unknown account for the council is 422")
r = lc.post_form(f"/quan-ly/thi-dua/{MV3}/hoi-dong", {"csrf": tok, "username": "theodoi.hoankiem",
                                                     "unit": "00070", "role": "member"})
t.eq(r.status, 303, "a council member added from the page")
r = lc.post_form("/quan-ly/thi-dua/999999/hoi-dong", {"csrf": tok, "username": "theodoi.hoankiem", "unit": "00070"})
t.eq(r.status, 404, "the council of an unknown movement is 404")
r = c.get("/mo-hinh?nam=abc")
t.eq(r.status, 400, "a malformed filter on the models page is 400")
r = c.get("/vinh-danh?linh-vuc=sports")
t.eq(r.status, 400, "and on the honour roll")
r = lc.post_form("/quan-ly/thi-dua/mo-hinh", {"movement": MV, "title": "", "unit": "00070-TDP01",
                                              "field": "economy"})
t.eq(r.status, 403, "a form without its CSRF token is refused")
r = lc.post_form("/quan-ly/thi-dua/mo-hinh", {"csrf": tok, "movement": MV, "title": "", "unit": "00070-TDP01",
                                              "kind": "model", "field": "economy"})
t.eq(r.status, 422, "a model form with errors answers 422")
t.ok("error-summary" in r.text and 'href="#f-title"' in r.text and "Vui lòng nhập tên mô hình" in r.text,
     "with the error summary linked to the field")
n_models = srv.count("models")
r = lc.post_form("/quan-ly/thi-dua/mo-hinh", {"csrf": tok, "movement": MV, "title": "Tủ sách nhân ái tổ dân phố",
                                              "unit": "00070-TDP01", "kind": "model", "field": "culture_society",
                                              "goals": "Mỗi tổ một tủ sách", "description": "Quyên góp sách",
                                              "results": "300 đầu sách"})
t.eq(r.status, 303, "a model registered from the phone form")
PM = r.header("Location").rsplit("/", 1)[-1]
t.eq(srv.count("models"), n_models + 1, "written")
for typ, extra in (("implement", {}), ("self_assess", {"comment": "Đạt"})):
    r = lc.post_form(f"/mo-hinh/{PM}/thao-tac", dict({"csrf": tok, "type": typ}, **extra))
    t.eq(r.status, 303, f"{typ} from the model page")
r = lc.get(f"/mo-hinh/{PM}")
t.ok('name="diem-measurable"' in r.text, "a council member gets the scoring form")
form = {"csrf": tok, "type": "evaluate", "comment": "Tốt"}
for code in crit:
    form[f"diem-{code}"] = "9"
form["diem-measurable"] = "11"
r = lc.post_form(f"/mo-hinh/{PM}/thao-tac", form)
t.eq(r.status, 422, "a score out of range re-renders the page with 422")
t.ok("error-summary" in r.text, "with the error summary")
form["diem-measurable"] = "10"
r = lc.post_form(f"/mo-hinh/{PM}/thao-tac", form)
t.eq(r.status, 303, "the leader's scores accepted")
fc, r = srv.login("mattran.hoankiem")
r = fc.get(f"/mo-hinh/{PM}")
t.eq(r.status, 200, "the front sees the model as a council member")
t.ok('name="diem-measurable"' in r.text, "and may score it (its unit is not the model's)")

page = lc.get("/quan-ly/khen-thuong")
r = lc.post_form("/quan-ly/khen-thuong", {"csrf": tok, "form": "lao_dong_tien_tien", "year": "2026",
                                          "recipient_kind": "individual", "recipient_name": "",
                                          "recipient_unit": "00070-UBND", "reason": ""})
t.eq(r.status, 422, "a proposal form with errors answers 422")
t.ok("error-summary" in r.text, "with the error summary")
r = lc.post_form("/quan-ly/khen-thuong", {"csrf": tok, "form": "lao_dong_tien_tien", "year": "2026",
                                          "recipient_kind": "individual", "recipient_name": "Lê Minh Thuỷ",
                                          "recipient_unit": "00070-UBND", "reason": "Hoàn thành tốt nhiệm vụ"})
t.eq(r.status, 303, "a proposal from the form")
loc = r.header("Location")
r = lc.get(loc)
t.ok(r.status == 200 and "Thông qua" in r.text, "its page offers approval", r.status)
r = lc.post_form(loc + "/thao-tac", {"csrf": tok, "type": "approve"})
t.eq(r.status, 303, "approved from the page")
r = lc.post_form(loc + "/thao-tac", {"csrf": tok, "type": "decide", "number": "", "date": "", "issuer": ""})
t.eq(r.status, 422, "a decision without its fields re-renders with 422")
r = lc.post_form(loc + "/thao-tac", {"csrf": tok, "type": "decide", "number": "77/QĐ-UBND", "date": "2026-08-01",
                                     "issuer": "Chủ tịch UBND phường Hoàn Kiếm"})
t.eq(r.status, 303, "decided from the page")
r = lc.get(loc)
t.ok("760.000" in r.text, "the page shows the prize (760.000 đồng)")
r = lc.post_form("/quan-ly/khen-thuong/luong-co-so", {"csrf": tok, "amount": "3000000",
                                                      "effective_from": "2028-01-01"})
t.eq(r.status, 403, "a ward leader may not add a base salary from the page")
ac, r = srv.login("quantri")
atok = csrf_of(ac.get("/quan-ly/khen-thuong").text)
r = ac.post_form("/quan-ly/khen-thuong/hinh-thuc", {"csrf": atok, "code": "bang_khen_tinh", "name": "Bằng khen cấp tỉnh",
                                                   "kind": "award", "recipient": "individual",
                                                   "granted_by": "province", "multiplier": "1,6",
                                                   "posting_days": "10", "effective_from": "2028-01-01",
                                                   "legal_basis": "giả định"})
t.eq(r.status, 303, "the administrator adds a form row from the page (decimal comma)")
r = get("/api/v1/emulation/forms?date=2028-01-01")
t.eq([f["multiplier"] for f in r.json()["items"] if f["code"] == "bang_khen_tinh"], [1.6], "in force from its date")

# --- the officers' Ngày hội forms -------------------------------------------------------------------
r = lc.get("/quan-ly/ngay-hoi")
t.ok(r.status == 200 and "Tạo ngày hội" in r.text, "officer: the events page with its form")
etok = csrf_of(r.text)
r = c.get("/quan-ly/ngay-hoi")
t.ok(r.status in (302, 303, 401), "it needs a login")
r = lc.post_form("/quan-ly/ngay-hoi", {"title": "Ngày hội không có mã", "unit": "00070", "date": "2026-12-01",
                                       "place": "Phường"})
t.eq(r.status, 403, "an event form without its CSRF token is refused")
r = lc.post_form("/quan-ly/ngay-hoi", {"csrf": etok, "title": "", "unit": "00070", "date": "", "place": ""})
t.ok(r.status == 422 and "error-summary" in r.text and 'href="#f-title"' in r.text, "errors shown with 422")
r = lc.post_form("/quan-ly/ngay-hoi", {"csrf": etok, "title": "Ngày hội Dân vận khéo tổ dân phố số 4",
                                       "unit": "00070", "date": "2026-12-05", "place": "Nhà văn hóa TDP 4"})
t.eq(r.status, 303, "an event created from the form")
EVP = r.header("Location")
t.ok(re.fullmatch(r"/ngay-hoi/[0-9]+", EVP or ""), "to its page", EVP)
r = lc.get(EVP)
t.ok(r.status == 200 and f'action="{EVP}/mo-hinh"' in r.text and f'value="{MD}"' in r.text,
     "the leader gets the form with the ward's commended model")
r = lc.post_form(EVP + "/mo-hinh", {"csrf": etok, "model": REC})
t.ok(r.status == 409 and "error-summary" in r.text, "a model only recognised is refused on the page (409)")
r = lc.post_form(EVP + "/mo-hinh", {"csrf": etok, "model": MD, "note": "Tiêu biểu"})
t.eq(r.status, 303, "a model attached from the page")
r = c.get(EVP)
t.ok("Tổ tự quản phố đi bộ Hồ Gươm" in r.text and "Tiêu biểu" in r.text, "the public page lists it")
oc, r = srv.login("lanhdao.cuanam")
r = oc.get(EVP)
t.ok(r.status == 200 and 'action="' + EVP + '/mo-hinh"' not in r.text, "another ward's leader gets no form")
r = oc.post_form(EVP + "/mo-hinh", {"csrf": csrf_of(r.text), "model": MD})
t.eq(r.status, 403, "and may not post it")

# --- evidence files of a model -----------------------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
U = f"/mo-hinh/{MD}/minh-chung"
r = lc.get(f"/mo-hinh/{MD}")
t.ok(f'action="{U}"' in r.text and 'enctype="multipart/form-data"' in r.text, "the unit's officer gets the upload form")
r = c.get(f"/mo-hinh/{MD}")
t.ok(f'action="{U}"' not in r.text and "Minh chứng" in r.text, "the public sees the section, not the form")
n_att, n_audit = srv.count("attachment_links", "owner_kind = 'model'"), srv.count("audit_log", "action = 'model.attach'")
r = post_multipart(lc, U, [], [("file", "bao-cao.pdf", "application/pdf", PDF)])
t.eq(r.status, 403, "an upload without its CSRF token is refused")
r = post_multipart(c, U, [("csrf", "x")], [("file", "bao-cao.pdf", "application/pdf", PDF)])
t.ok(r.status in (302, 303, 401, 403), "an anonymous upload is refused", r.status)
r = post_multipart(oc, U, [("csrf", csrf_of(oc.get(f"/mo-hinh/{MD}").text))],
                   [("file", "bao-cao.pdf", "application/pdf", PDF)])
t.eq(r.status, 403, "another ward's officer may not add evidence")
r = post_multipart(lc, U, [("csrf", etok)], [("file", "virus.pdf", "application/pdf", b"MZ not a pdf at all")])
t.ok(r.status == 415 and "Chỉ nhận tệp PDF" in r.text, "a file that is not PDF or an image is 415, typed from its bytes")
r = post_multipart(lc, U, [("csrf", etok)], [])
t.ok(r.status == 422 and "Vui lòng chọn tệp" in r.text, "no file is 422")
r = post_multipart(lc, f"/mo-hinh/{MD2}/minh-chung", [("csrf", etok)], [("file", "a.pdf", "application/pdf", PDF)])
t.eq(r.status, 409, "no evidence for a discontinued model")
t.eq((srv.count("attachment_links", "owner_kind = 'model'"), srv.count("audit_log", "action = 'model.attach'")),
     (n_att, n_audit), "nothing stored by refused uploads")
r = post_multipart(lc, U, [("csrf", etok)], [("file", "Báo cáo kết quả.pdf", "application/pdf", PDF)])
t.eq(r.status, 303, "the unit's officer adds a PDF")
r = post_multipart(lc, U, [("csrf", etok)], [("file", "anh.exe", "application/octet-stream", PNG)])
t.eq(r.status, 303, "and an image declared as something else")
t.eq((srv.count("attachment_links", "owner_kind = 'model'"), srv.count("audit_log", "action = 'model.attach'")),
     (n_att + 2, n_audit + 2), "stored and audited")
r = get(f"/api/v1/models/{MD}")
files = r.json().get("files", [])
t.eq([(f["filename"], f["mime"]) for f in files], [("Báo cáo kết quả.pdf", "application/pdf"), ("anh.png", "image/png")],
     "the model lists its files, typed from their bytes")
t.ok(all(set(f) == {"id", "filename", "mime", "size", "url"} and f["url"] == f"/mo-hinh/{MD}/tep/{f['id']}"
         for f in files), "each with its download address and no hash")
r = c.get(files[0]["url"]) if files else None
t.ok(r is not None and r.status == 200 and r.body == PDF and (r.header("Content-Type") or "").startswith(
    "application/pdf") and "attachment" in (r.header("Content-Disposition") or ""),
     "anyone downloads the evidence of a public model")
r = c.get(f"/mo-hinh/{MD}")
t.ok("Báo cáo kết quả.pdf" in r.text and "anh.png" in r.text, "the model page shows the files")
r = post_multipart(lc, U, [("csrf", etok)], [("file", "lai.pdf", "application/pdf", PDF)])
t.eq(r.status, 409, "the same file twice is 409")
for i in range(3):
    post_multipart(lc, U, [("csrf", etok)], [("file", f"p{i}.pdf", "application/pdf", PDF + str(i).encode())])
r = post_multipart(lc, U, [("csrf", etok)], [("file", "p9.pdf", "application/pdf", PDF + b"9")])
t.ok(r.status == 409 and "tối đa 5" in r.text, "a sixth file is 409")
t.eq(srv.count("attachment_links", "owner_kind = 'model'"), n_att + 5, "five files at most")
big = PDF + b"0" * (10 * 1024 * 1024)
r = post_multipart(lc, f"/mo-hinh/{PM}/minh-chung", [("csrf", etok)], [("file", "lon.pdf", "application/pdf", big)])
t.eq(r.status, 413, "a file over 10 MB is 413")
# privacy: the evidence of a model that is not public yet
r = post_multipart(lc, f"/mo-hinh/{PM}/minh-chung", [("csrf", etok)], [("file", "nhap.pdf", "application/pdf", PDF)])
t.eq(r.status, 303, "evidence on a model not yet recognised")
pf = get(f"/api/v1/models/{PM}", leader).json()["files"]
t.eq(len(pf), 1, "its officers see the file")
r = c.get(pf[0]["url"])
t.eq(r.status, 404, "the public may not download it (404)")
r = lc.get(pf[0]["url"])
t.eq(r.status, 200, "its officers may")
r = c.get(f"/mo-hinh/{MD}/tep/{pf[0]['id']}")
t.eq(r.status, 404, "a file is found only under its own model")
r = c.get(f"/mo-hinh/{MD}/tep/abc")
t.eq(r.status, 404, "a malformed file id is 404")

# reports: the monthly roll-ups of models and commendations (migration 0037)
# equal the records added up, after every write of this suite
diff = srv.record_month_diff()
t.ok(not diff, "the report roll-ups equal the models and commendations added up", repr(diff[:5]))

srv.stop(t)
t.done()
