"""HTTP tests of citizen reception (tiếp công dân) end to end: an
administrator defines a rule and generates a unit's sessions (idempotent,
days off skipped); citizens book without an account (groups name their
representatives), look their booking up and cancel it with the secret;
the last places of a session taken by many concurrent requests (exactly
the capacity wins); officers confirm, refuse, mark held and no-show and
turn what was raised into feedback items linked to the booking; the
booker's contact is audited and never public; the leader's count of
reception days; the pages; every error of the contract."""
import datetime
import json
import re
import sys
import threading

sys.path.insert(0, "tests/http")
from harness import ENGINE, TAP, Server, csrf_of  # noqa: E402

t = TAP()
srv = Server(demo=True)
api = srv.client()

VN = datetime.timezone(datetime.timedelta(hours=7))
today = datetime.datetime.now(VN).date()


def ymd(d):
    return d.isoformat()


def token(username):
    r = api.post_json("/api/v1/tokens", {"username": username, "password": "demo-password"})
    return r.json().get("token") if r.status == 201 else None


def err(r):
    try:
        return r.json()["error"]["code"]
    except Exception:  # noqa: BLE001
        return None


def counts():
    return (srv.count("reception_bookings"), srv.count("reception_booking_contacts"), srv.count("audit_log"),
            srv.count("meetings"), srv.count("feedback"))


def unchanged(name, fn):
    before = counts()
    r = fn()
    t.eq(counts(), before, f"{name}: nothing written")
    return r


def booked_of(mid):
    with srv.db() as db:
        return db.execute("SELECT booked, capacity FROM meetings WHERE id = ?", (int(mid),)).fetchone()


tk_admin, tk_leader, tk_intake = token("quantri"), token("lanhdao.hoankiem"), token("tiepnhan.hoankiem")
tk_viewer, tk_other, tk_handler = token("theodoi.hoankiem"), token("xuly.cuanam"), token("xuly.hoankiem")
t.ok(all([tk_admin, tk_leader, tk_intake, tk_viewer, tk_other, tk_handler]), "API tokens for the demo officers")

# --- 1. rules and generation ---------------------------------------------------------
RULE = {"unit": "00070", "host": "Chủ tịch UBND phường Trần Văn Kiểm thử", "weekday": 4, "weeks": [1, 2, 3, 4, 5],
        "start": "08:00", "end": "11:00", "capacity": 30, "place": "Trụ sở UBND phường, phòng tiếp dân"}
r = unchanged("rule by a leader", lambda: api.post_json("/api/v1/reception/rules", RULE, tk_leader))
t.eq((r.status, err(r)), (403, "forbidden"), "a leader who is not an administrator cannot define a rule: 403")
r = unchanged("rule without token", lambda: api.post_json("/api/v1/reception/rules", RULE))
t.eq(r.status, 401, "rule without a token: 401")
r = unchanged("bad rule", lambda: api.post_json("/api/v1/reception/rules",
                                                dict(RULE, weekday=9, weeks=[0, 6], start="25:00", capacity=0,
                                                     host=""), tk_admin))
t.eq((r.status, err(r)), (422, "validation_failed"), "bad rule: 422")
t.ok(all(k in r.json()["error"].get("fields", {}) for k in ("weekday", "weeks", "start", "capacity")),
     "bad rule: each field named")
r = unchanged("rule with unknown field", lambda: api.post_json("/api/v1/reception/rules", dict(RULE, colour="x"),
                                                               tk_admin))
t.eq((r.status, "colour" in r.json()["error"].get("fields", {})), (422, True), "unknown field in a rule: 422")
r = unchanged("rule end before start", lambda: api.post_json("/api/v1/reception/rules",
                                                             dict(RULE, start="11:00", end="08:00"), tk_admin))
t.eq((r.status, "end" in r.json()["error"].get("fields", {})), (422, True), "end before start: 422 on end")

r = api.post_json("/api/v1/reception/rules", RULE, tk_admin)
t.eq(r.status, 201, "an administrator defines a rule: 201")
rule = r.json()
t.eq((rule["weekday"], rule["weeks"], rule["start"], rule["end"], rule["capacity"]),
     (4, [1, 2, 3, 4, 5], "08:00", "11:00", 30), "the rule as defined")
rid = rule["id"]

# a year that crosses the national days off: 2026-04-30 (Thursday) is a day off
r = api.post_json(f"/api/v1/reception/rules/{rid}/generate", {"from": "2026-04-01", "to": "2026-05-31"}, tk_admin)
t.eq(r.status, 200, "generate April-May 2026: 200")
g = r.json()
t.ok("2026-04-30" in g["skipped"] and g["days_off"] >= 1, "30/4 (a day off) is skipped", g)
with srv.db() as db:
    rows = db.execute("SELECT starts_at FROM meetings WHERE rule_id = ? ORDER BY starts_at", (int(rid),)).fetchall()
days = [datetime.datetime.fromtimestamp(x[0], VN) for x in rows]
t.ok(all(d.weekday() == 3 and d.hour == 8 for d in days), "every session is a Thursday at 8:00 Vietnam time")
t.ok(datetime.date(2026, 4, 30) not in [d.date() for d in days], "no session on 30/4")
t.eq(g["created"], len(rows), "created counts the sessions")
r = unchanged("generate twice", lambda: api.post_json(f"/api/v1/reception/rules/{rid}/generate",
                                                      {"from": "2026-04-01", "to": "2026-05-31"}, tk_admin))
t.eq((r.status, r.json()["created"], r.json()["existing"]), (200, 0, g["created"]), "generating twice: 0 new")
t.eq(srv.count("meetings", "rule_id = ?", (int(rid),)), g["created"], "no duplicate sessions")
r = api.post_json(f"/api/v1/reception/rules/{rid}/generate", {"from": "2026-05-01", "to": "2025-05-01"}, tk_admin)
t.eq((r.status, err(r)), (422, "validation_failed"), "to before from: 422")
r = api.post_json(f"/api/v1/reception/rules/{rid}/generate", {"from": "2026-01-01", "to": "2028-01-01"}, tk_admin)
t.eq(r.status, 422, "more than 400 days at once: 422")
r = api.post_json(f"/api/v1/reception/rules/{rid}/generate", {"from": "2026-05-01", "to": "2026-05-31"}, tk_leader)
t.eq(r.status, 403, "a leader cannot generate: 403")
r = api.post_json("/api/v1/reception/rules/999999/generate", {"from": "2026-05-01", "to": "2026-05-31"}, tk_admin)
t.eq(r.status, 404, "unknown rule: 404")

# the sessions a citizen books: a rule for every weekday of the coming weeks
FUT = dict(RULE, weekday=today.isoweekday() % 7 + 1, capacity=30)
rid2 = api.post_json("/api/v1/reception/rules", FUT, tk_admin).json()["id"]
r = api.post_json(f"/api/v1/reception/rules/{rid2}/generate",
                  {"from": ymd(today + datetime.timedelta(days=1)), "to": ymd(today + datetime.timedelta(days=90))},
                  tk_admin)
t.ok(r.status == 200 and r.json()["created"] >= 8, "future sessions generated", r.json())
SMALL = dict(RULE, weekday=today.isoweekday() % 7 + 1, capacity=5, start="14:00", end="16:00")
rid3 = api.post_json("/api/v1/reception/rules", SMALL, tk_admin).json()["id"]
api.post_json(f"/api/v1/reception/rules/{rid3}/generate",
              {"from": ymd(today + datetime.timedelta(days=1)), "to": ymd(today + datetime.timedelta(days=30))},
              tk_admin)
PAST = dict(RULE, weekday=1, capacity=10, start="07:30", end="10:00")
rid4 = api.post_json("/api/v1/reception/rules", PAST, tk_admin).json()["id"]
api.post_json(f"/api/v1/reception/rules/{rid4}/generate",
              {"from": ymd(today - datetime.timedelta(days=40)), "to": ymd(today - datetime.timedelta(days=1))},
              tk_admin)
r = api.get_json("/api/v1/reception/rules", tk_admin)
t.ok(r.status == 200 and {rid, rid2, rid3, rid4} <= {x["id"] for x in r.json()["items"]}, "the rules list")

# --- 2. slots and booking --------------------------------------------------------------
r = api.get_json("/api/v1/reception/slots?unit=00070")
t.eq(r.status, 200, "slots: 200")
slots = r.json()["items"]
with srv.db() as db:
    ids2 = {str(x[0]) for x in db.execute("SELECT id FROM meetings WHERE rule_id = ?", (int(rid2),)).fetchall()}
    ids3 = sorted(db.execute("SELECT id, starts_at FROM meetings WHERE rule_id = ? ORDER BY starts_at",
                             (int(rid3),)).fetchall(), key=lambda x: x[1])
    past = db.execute("SELECT id FROM meetings WHERE rule_id = ? ORDER BY starts_at DESC", (int(rid4),)).fetchone()
mine = [s for s in slots if s["id"] in ids2]
t.ok(len(mine) >= 8, "slots list the unit's upcoming sessions")
s0 = mine[0]
t.ok(s0["capacity"] == 30 and s0["booked"] == 0 and s0["places_left"] == 30 and s0["unit"]["code"] == "00070",
     "a slot has capacity, booked and places left", s0)
t.ok(all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", s["starts_at"]) for s in mine), "ISO times +07:00")
t.ok(str(past[0]) not in {s["id"] for s in slots}, "past sessions are not offered")
r = api.get_json("/api/v1/reception/slots?unit=NOPE")
t.eq(r.status, 422, "slots of an unknown unit: 422")
r = api.get_json("/api/v1/reception/slots?from=2026-13-01")
t.eq(r.status, 422, "slots with a bad date: 422")

BOOK = {"meeting": s0["id"], "name": "Nguyễn Văn Đặt Lịch", "phone": "0913 579 246",
        "subject": "Đề nghị xem xét việc cấp giấy chứng nhận quyền sử dụng đất", "people": 1}
r = api.post_json("/api/v1/reception/bookings", BOOK)
t.eq(r.status, 201, "a citizen books without an account: 201")
b1 = r.json()
t.eq(b1["status"], "requested", "booking status requested")
t.ok(re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", b1["code"]) and len(b1["secret"]) == 26, "booking code and secret")
t.ok("Nguyễn Văn Đặt Lịch" not in r.text and "0913" not in r.text, "the answer carries no name or phone")
t.eq(booked_of(s0["id"])[0], 1, "booked counts the place")
with srv.db() as db:
    c = db.execute("SELECT c.name, c.phone FROM reception_booking_contacts c JOIN reception_bookings b "
                   "ON b.id = c.booking_id WHERE b.code = ?", (b1["code"],)).fetchone()
t.eq(c, ("Nguyễn Văn Đặt Lịch", "0913579246"), "name and phone stored apart, phone normalised")
with srv.db() as db:
    summ = db.execute("SELECT summary FROM audit_log WHERE action = 'reception.book' ORDER BY id DESC").fetchone()
t.ok(summ and "Nguyễn" not in summ[0] and "0913" not in summ[0], "the audit entry has no personal data")

r = api.get_json(f"/api/v1/reception/bookings/{b1['code']}?secret={b1['secret']}")
t.eq((r.status, r.json().get("status")), (200, "requested"), "the citizen reads the status with the secret")
t.ok("Nguyễn Văn Đặt Lịch" not in r.text and "0913" not in r.text, "status view: no name or phone")
r = api.get_json(f"/api/v1/reception/bookings/{b1['code']}?secret={'a' * 26}")
t.eq((r.status, err(r)), (404, "not_found"), "wrong secret: 404")
r = api.get_json(f"/api/v1/reception/bookings/{b1['code']}")
t.eq(r.status, 404, "no secret: 404")
r = api.get_json("/api/v1/reception/bookings/ZZZZ-ZZZZ?secret=x")
t.eq(r.status, 404, "malformed code: 404")

# errors of booking
r = unchanged("bad JSON", lambda: api.post_json("/api/v1/reception/bookings", None, raw='{"meeting": '))
t.eq(r.status, 400, "malformed JSON: 400")
r = unchanged("invalid UTF-8", lambda: api.post_json("/api/v1/reception/bookings", None,
                                                     raw=b'{"meeting": "1", "name": "\xff\xfe"}'))
t.eq((r.status, err(r)), (400, "invalid_utf8"), "invalid UTF-8: 400 invalid_utf8")
r = unchanged("unknown field", lambda: api.post_json("/api/v1/reception/bookings", dict(BOOK, email="a@b.vn")))
t.eq((r.status, "email" in r.json()["error"].get("fields", {})), (422, True), "unknown field: 422 naming it")
r = unchanged("missing fields", lambda: api.post_json("/api/v1/reception/bookings", {"meeting": s0["id"]}))
t.eq(r.status, 422, "missing name, phone, subject: 422")
t.ok(all(k in r.json()["error"]["fields"] for k in ("name", "phone", "subject")), "each missing field named")
r = unchanged("bad phone", lambda: api.post_json("/api/v1/reception/bookings", dict(BOOK, phone="12345")))
t.eq((r.status, "phone" in r.json()["error"]["fields"]), (422, True), "bad phone: 422")
r = unchanged("bad people", lambda: api.post_json("/api/v1/reception/bookings", dict(BOOK, people=0)))
t.eq((r.status, "people" in r.json()["error"]["fields"]), (422, True), "0 people: 422")
r = unchanged("people as text", lambda: api.post_json("/api/v1/reception/bookings", dict(BOOK, people="2")))
t.eq(r.status, 422, "people as text: 422")
r = unchanged("unknown session", lambda: api.post_json("/api/v1/reception/bookings", dict(BOOK, meeting="999999")))
t.eq((r.status, err(r)), (404, "not_found"), "unknown session: 404")
r = unchanged("bad session id", lambda: api.post_json("/api/v1/reception/bookings", dict(BOOK, meeting="abc")))
t.eq((r.status, "meeting" in r.json()["error"]["fields"]), (422, True), "malformed session id: 422")
r = unchanged("past session", lambda: api.post_json("/api/v1/reception/bookings", dict(BOOK, meeting=str(past[0]))))
t.eq((r.status, err(r)), (409, "closed"), "a past session: 409 closed")

# groups: 5 or more name representatives (legal_rules reception.group_*)
r = unchanged("group without reps", lambda: api.post_json("/api/v1/reception/bookings", dict(BOOK, people=6)))
t.eq((r.status, "representatives" in r.json()["error"]["fields"]), (422, True),
     "a group of 6 without representatives: 422")
r = unchanged("group with 3 reps", lambda: api.post_json("/api/v1/reception/bookings",
                                                         dict(BOOK, people=6, representatives=["A Một", "B Hai",
                                                                                              "C Ba"])))
t.eq(r.status, 422, "a group of 6 naming 3 representatives (at most 2): 422")
r = api.post_json("/api/v1/reception/bookings", dict(BOOK, people=6, representatives=["Lê Thị Đại Diện"]))
t.eq(r.status, 201, "a group of 6 with one representative: 201")
bgroup = r.json()
r = api.post_json("/api/v1/reception/bookings",
                  dict(BOOK, people=12, representatives=["Đại diện 1", "Đại diện 2", "Đại diện 3", "Đại diện 4"]))
t.eq(r.status, 201, "a group of 12 with four representatives (at most 5): 201")
bbig = r.json()
r = unchanged("big group 6 reps", lambda: api.post_json("/api/v1/reception/bookings", dict(
    BOOK, people=12, representatives=["A1", "A2", "A3", "A4", "A5", "A6"])))
t.eq(r.status, 422, "a group of 12 naming 6 representatives: 422")
t.eq(booked_of(s0["id"])[0], 19, "booked counts every person of the groups")

# the citizen cancels: the places come back
r = api.post_json(f"/api/v1/reception/bookings/{bbig['code']}/cancel", {"secret": "a" * 26})
t.eq(r.status, 404, "cancel with a wrong secret: 404")
r = api.post_json(f"/api/v1/reception/bookings/{bbig['code']}/cancel", {"secret": bbig["secret"], "x": 1})
t.eq(r.status, 422, "cancel with an unknown field: 422")
r = api.post_json(f"/api/v1/reception/bookings/{bbig['code']}/cancel", {"secret": bbig["secret"]})
t.eq((r.status, r.json().get("status")), (200, "cancelled"), "the citizen cancels with the secret")
t.eq(booked_of(s0["id"])[0], 7, "the 12 places are given back")
r = api.post_json(f"/api/v1/reception/bookings/{bbig['code']}/cancel", {"secret": bbig["secret"]})
t.eq((r.status, err(r)), (409, "invalid_transition"), "cancelling twice: 409 invalid_transition")

# --- the race for the last places -----------------------------------------------------
race = str(ids3[0][0])
t.eq(booked_of(race), (0, 5), "the small session: 5 places")
N = 16
results = []
lock = threading.Lock()
barrier = threading.Barrier(N)


def racer(i):
    c = srv.client()
    body = {"meeting": race, "name": f"Người thứ {i}", "phone": f"09{i:08d}", "subject": f"Nội dung số {i} cần trình bày"}
    barrier.wait()
    r = c.post_json("/api/v1/reception/bookings", body)
    with lock:
        results.append((r.status, err(r) if r.status != 201 else "ok"))
    c.close()


threads = [threading.Thread(target=racer, args=(i,)) for i in range(N)]
for th in threads:
    th.start()
for th in threads:
    th.join()
wins = sum(1 for s, _ in results if s == 201)
fulls = sum(1 for s, e in results if s == 409 and e == "full")
t.eq((wins, fulls), (5, N - 5), f"{N} concurrent bookings for 5 places: exactly 5 win, the rest 409 full")
t.eq(booked_of(race), (5, 5), "booked == capacity after the race")
t.eq(srv.count("reception_bookings", "meeting_id = ? AND status = 'requested'", (int(race),)), 5,
     "exactly 5 bookings stored")
r = unchanged("full session", lambda: api.post_json("/api/v1/reception/bookings", dict(BOOK, meeting=race)))
t.eq((r.status, err(r)), (409, "full"), "a full session: 409 full")

# --- 3. officers ------------------------------------------------------------------------
r = api.get_json("/api/v1/reception/bookings", tk_intake)
t.eq(r.status, 200, "officer list: 200")
codes = {x["code"] for x in r.json()["items"]}
t.ok(b1["code"] in codes and bgroup["code"] in codes, "the officer lists the unit's bookings")
t.ok("Nguyễn Văn Đặt Lịch" not in r.text and "0913" not in r.text, "the list carries no contact")
x = next(x for x in r.json()["items"] if x["code"] == b1["code"])
t.ok("decide_by" in x and x["decision_overdue"] is False, "a new booking: decide_by, not overdue")
r = api.get_json("/api/v1/reception/bookings", tk_other)
t.ok(r.status == 200 and b1["code"] not in {x["code"] for x in r.json()["items"]},
     "an officer of another ward does not see them")
r = api.get_json("/api/v1/reception/bookings")
t.eq(r.status, 401, "officer list without a token: 401")

r = api.get_json(f"/api/v1/reception/bookings/{b1['code']}", tk_intake)
t.ok(r.status == 200 and "decision_overdue" in r.json(), "officer view of one booking")

ev = f"/api/v1/reception/bookings/{b1['code']}/events"
r = unchanged("event by another ward", lambda: api.post_json(ev, {"type": "confirm"}, tk_other))
t.eq(r.status, 404, "an officer out of reach: 404")
r = unchanged("event by a viewer", lambda: api.post_json(ev, {"type": "confirm"}, tk_viewer))
t.eq(r.status, 403, "a viewer may see but not decide: 403")
r = unchanged("unknown event", lambda: api.post_json(ev, {"type": "approve"}, tk_intake))
t.eq(r.status, 422, "unknown event type: 422")
r = unchanged("refuse without reason", lambda: api.post_json(ev, {"type": "refuse"}, tk_intake))
t.eq((r.status, "reason" in r.json()["error"].get("fields", {})), (422, True), "refuse without reason: 422")
r = unchanged("held before the session", lambda: api.post_json(ev, {"type": "held"}, tk_intake))
t.eq((r.status, err(r)), (409, "invalid_transition"), "held before the session started: 409")
r = api.post_json(ev, {"type": "confirm"}, tk_intake)
t.eq((r.status, r.json().get("status")), (200, "confirmed"), "intake confirms")
r = unchanged("confirm twice", lambda: api.post_json(ev, {"type": "confirm"}, tk_intake))
t.eq((r.status, err(r)), (409, "invalid_transition"), "confirming twice: 409 invalid_transition")

r = api.post_json(f"/api/v1/reception/bookings/{bgroup['code']}/events",
                  {"type": "refuse", "reason": "Nội dung đã được giải quyết dứt điểm, không tiếp lại."}, tk_leader)
t.eq((r.status, r.json().get("status")), (200, "refused"), "the leader refuses with a reason")
t.eq(booked_of(s0["id"])[0], 1, "a refusal gives the places back")
r = api.get_json(f"/api/v1/reception/bookings/{bgroup['code']}?secret={bgroup['secret']}")
t.ok(r.json().get("status") == "refused" and "giải quyết dứt điểm" in r.json().get("reason", ""),
     "the citizen sees the refusal and its reason")
r = api.post_json(f"/api/v1/reception/bookings/{bgroup['code']}/cancel", {"secret": bgroup["secret"]})
t.eq((r.status, err(r)), (409, "invalid_transition"), "a refused booking cannot be cancelled")

# overdue refusal: a booking made 10 days ago still undecided
b_old = api.post_json("/api/v1/reception/bookings", dict(BOOK, subject="Đề nghị giải quyết tranh chấp lối đi")).json()
with srv.db() as db:
    db.execute("UPDATE reception_bookings SET created_at = created_at - 14 * 86400 WHERE code = ?", (b_old["code"],))
r = api.get_json(f"/api/v1/reception/bookings/{b_old['code']}", tk_intake)
t.eq(r.json().get("decision_overdue"), True, "undecided after 3 working days: decision overdue")

# the contact: audited, only for contact roles
cp = f"/api/v1/reception/bookings/{b1['code']}/contact"
before = srv.count("audit_log", "action = 'view_contact'")
r = api.get_json(cp, tk_intake)
t.eq((r.status, r.json().get("name"), r.json().get("phone")), (200, "Nguyễn Văn Đặt Lịch", "0913579246"),
     "intake reads the booker's contact")
t.eq(srv.count("audit_log", "action = 'view_contact'"), before + 1, "the read is audited as view_contact")
r = api.get_json(cp, tk_viewer)
t.eq(r.status, 403, "a viewer may not read the contact: 403")
r = api.get_json(cp, tk_other)
t.eq(r.status, 404, "out of reach: 404")
t.eq(srv.count("audit_log", "action = 'view_contact'"), before + 1, "refused reads are not audited as views")
r = api.get_json(f"/api/v1/reception/bookings/{bgroup['code']}/contact", tk_leader)
t.eq(r.json().get("representatives"), ["Lê Thị Đại Diện"], "the group's representatives are in the contact")

# the session takes place: held, no-show, petitions
with srv.db() as db:
    db.execute("UPDATE meetings SET starts_at = starts_at - 200 * 86400, ends_at = ends_at - 200 * 86400 "
               "WHERE id = ?", (int(s0["id"]),))
r = api.post_json(ev, {"type": "held"}, tk_intake)
t.eq((r.status, r.json().get("status")), (200, "held"), "received: held")
with srv.db() as db:
    t.eq(db.execute("SELECT status FROM meetings WHERE id = ?", (int(s0["id"]),)).fetchone()[0], "held",
         "the session is held")
r = api.post_json(f"/api/v1/reception/bookings/{b_old['code']}/events", {"type": "no_show"}, tk_intake)
t.eq((r.status, r.json().get("status")), (200, "no_show"), "did not come: no_show")

pp = f"/api/v1/reception/bookings/{b1['code']}/petitions"
PET = {"title": "Đề nghị cấp giấy chứng nhận quyền sử dụng đất",
       "body": "Công dân trình bày hồ sơ cấp giấy chứng nhận đã nộp từ năm 2024 nhưng chưa được giải quyết.",
       "category": "dat-dai"}
r = unchanged("petition by viewer", lambda: api.post_json(pp, PET, tk_viewer))
t.eq(r.status, 403, "a viewer cannot record a petition: 403")
r = unchanged("petition bad", lambda: api.post_json(pp, dict(PET, title="x", category="nope"), tk_intake))
t.eq(r.status, 422, "a petition with errors: 422")
r = unchanged("petition unknown field", lambda: api.post_json(pp, dict(PET, unit="00082"), tk_intake))
t.eq(r.status, 422, "a petition with an unknown field: 422")
r = unchanged("petition on a refused booking", lambda: api.post_json(
    f"/api/v1/reception/bookings/{bgroup['code']}/petitions", PET, tk_intake))
t.eq((r.status, err(r)), (409, "invalid_transition"), "a petition needs a held booking: 409")
r = api.post_json(pp, PET, tk_intake)
t.eq((r.status, r.json().get("status")), (201, "received"), "what was raised becomes a feedback item: 201")
fcode = r.json()["code"]
due = datetime.datetime.fromisoformat(r.json()["due_at"]).date()
t.ok(today < due <= today + datetime.timedelta(days=20), "due within 10 working days", r.json())
with srv.db() as db:
    row = db.execute("SELECT f.channel, f.booking_id, f.meeting_id, b.code FROM feedback f JOIN reception_bookings b "
                     "ON b.id = f.booking_id WHERE f.code = ?", (fcode,)).fetchone()
t.eq((row[0], row[3], str(row[2])), ("in_person", b1["code"], s0["id"]), "linked by booking_id, channel in_person")
r = api.get_json(f"/api/v1/feedback/{fcode}", tk_intake)
t.ok(r.status == 200 and r.json().get("contact", {}).get("name") == "Nguyễn Văn Đặt Lịch",
     "the item's sender is the booker (officer view)")
r = api.get_json(f"/api/v1/feedback/{fcode}")
t.eq(r.status, 404, "the item is not public")
r = api.get_json(f"/api/v1/reception/bookings/{b1['code']}", tk_intake)
t.eq(r.json().get("feedback"), 1, "the booking counts its items")

# --- 4. the leader's count ------------------------------------------------------------------
m = datetime.datetime.fromisoformat(s0["starts_at"]) - datetime.timedelta(days=200)
month = f"{m.year:04d}-{m.month:02d}"
r = api.get_json(f"/api/v1/reception/summary?unit=00070&month={month}", tk_leader)
t.eq(r.status, 200, "summary: 200")
sm = r.json()
t.ok(sm["held"] >= 1 and m.date().isoformat() in sm["days"], "the held day counts", sm)
r = api.get_json("/api/v1/reception/summary?unit=00070&month=2026-06", tk_leader)
t.eq((r.json()["rule"]["unit"], r.json()["required"]), ("per_week", 4), "June 2026: 1 a week (4 Thursdays)")
r = api.get_json("/api/v1/reception/summary?unit=00070&month=2026-07", tk_leader)
t.eq((r.json()["rule"]["unit"], r.json()["required"]), ("per_month", 2), "July 2026: 2 a month (Law 136/2025)")
r = api.get_json("/api/v1/reception/summary?unit=00070&month=2026-7", tk_leader)
t.eq(r.status, 422, "a bad month: 422")

# --- 5. the pages ----------------------------------------------------------------------------
web = srv.client()
r = web.get("/tiep-cong-dan")
t.eq(r.status, 200, "public page: 200")
t.ok("Phường Hoàn Kiếm" in r.text and "chỗ" in r.text, "the page lists sessions by unit with places left")
for name in ("meeting", "name", "phone", "subject", "people", "representatives"):
    t.ok(f'id="f-{name}"' in r.text and f'for="f-{name}"' in r.text, f"booking form: field {name} has a label")
t.ok("<script" not in r.text and 'style="' not in r.text, "no script and no inline style")
tok = csrf_of(r.text)
before = counts()
r = web.post_form("/tiep-cong-dan", {"meeting": s0["id"], "name": "", "phone": "123", "subject": "x"})
t.eq(r.status, 403, "booking form without CSRF: 403")
r = web.post_form("/tiep-cong-dan", {"csrf": tok, "meeting": mine[1]["id"], "name": "", "phone": "123",
                                     "subject": "x", "people": "7"})
t.eq(r.status, 422, "booking form with errors: 422")
t.ok('class="error-summary"' in r.text and 'href="#f-name"' in r.text and 'href="#f-phone"' in r.text
     and 'href="#f-representatives"' in r.text, "errors summarised and linked to the fields")
t.ok('id="f-subject-error"' in r.text and 'aria-invalid="true"' in r.text, "errors beside the fields")
t.eq(counts(), before, "booking form with errors: nothing written")
r = web.post_form("/tiep-cong-dan", {"csrf": tok, "meeting": race, "name": "Phạm Thị Trang Web",
                                     "phone": "0987654321", "subject": "Đề nghị sửa chữa cống thoát nước"})
t.eq(r.status, 409, "booking a full session on the page: 409")
t.ok("hết chỗ" in r.text and 'href="#f-meeting"' in r.text, "the page says the session is full")
r = web.post_form("/tiep-cong-dan", {"csrf": tok, "meeting": mine[1]["id"], "name": "Phạm Thị Trang Web",
                                     "phone": "0987 654 321", "subject": "Đề nghị sửa chữa cống thoát nước",
                                     "people": "6", "representatives": "Phạm Thị Trang Web\n"})
t.eq(r.status, 201, "booking on the page: 201 receipt")
m_code = re.search(r'class="code-big">([0-9A-Z]{4}-[0-9A-Z]{4})<', r.text)
m_sec = re.search(r"secret=([a-z2-7]{26})", r.text)
t.ok(m_code and m_sec, "the receipt shows the code and the secret")
t.ok("<svg" in r.text and 'role="img"' in r.text, "the receipt has a QR code")
t.ok("Phạm Thị Trang Web" not in r.text and "0987" not in r.text, "the receipt shows no name or phone")
wcode, wsec = m_code.group(1), m_sec.group(1)
r = web.get(f"/tiep-cong-dan/tra-cuu?code={wcode}&secret={wsec}")
t.ok(r.status == 200 and "Đã đăng ký" in r.text and "Huỷ đăng ký" in r.text, "the status page, with cancel")
r = web.get(f"/tiep-cong-dan/tra-cuu?code={wcode}&secret={'b' * 26}")
t.eq(r.status, 404, "status page with a wrong secret: 404")
r = web.post_form("/tiep-cong-dan/huy", {"csrf": tok, "code": wcode, "secret": wsec})
t.ok(r.status == 200 and "Đã huỷ" in r.text, "the citizen cancels on the page")

b_late = api.post_json("/api/v1/reception/bookings", dict(BOOK, meeting=mine[3]["id"])).json()
with srv.db() as db:
    db.execute("UPDATE reception_bookings SET created_at = created_at - 14 * 86400 WHERE code = ?", (b_late["code"],))
off, r = srv.login("tiepnhan.hoankiem")
r = off.get("/quan-ly/tiep-cong-dan")
t.eq(r.status, 200, "officer page: 200")
t.ok(b_late["code"] in r.text and "Quá hạn thông báo" in r.text, "bookings listed, the overdue decision shown")
t.ok("Số ngày tiếp công dân" in r.text and "tối thiểu" in r.text, "the monthly count against the minimum")
t.ok("Nguyễn Văn Đặt Lịch" not in r.text, "the officer list shows no contact")
r = off.get(f"/quan-ly/tiep-cong-dan/{bgroup['code']}")
t.eq(r.status, 200, "booking page: 200")
ocsrf = csrf_of(r.text)
before = srv.count("audit_log", "action = 'view_contact'")
r = off.post_form(f"/quan-ly/tiep-cong-dan/{bgroup['code']}/lien-he", {"csrf": ocsrf})
t.ok(r.status == 200 and "Lê Thị Đại Diện" in r.text, "the contact shown on request")
t.eq(srv.count("audit_log", "action = 'view_contact'"), before + 1, "and audited")
newb = api.post_json("/api/v1/reception/bookings", dict(BOOK, meeting=mine[2]["id"])).json()
r = off.post_form(f"/quan-ly/tiep-cong-dan/{newb['code']}/thao-tac", {"csrf": ocsrf, "type": "refuse", "reason": ""})
t.eq(r.status, 422, "refusing on the page without a reason: 422")
r = off.post_form(f"/quan-ly/tiep-cong-dan/{newb['code']}/thao-tac", {"csrf": ocsrf, "type": "confirm"})
t.eq(r.status, 303, "confirming on the page: 303")
t.eq(api.get_json(f"/api/v1/reception/bookings/{newb['code']}?secret={newb['secret']}").json()["status"],
     "confirmed", "confirmed")
viewer, r = srv.login("theodoi.hoankiem")
r = viewer.get(f"/quan-ly/tiep-cong-dan/{newb['code']}")
t.ok(r.status == 200 and "Xác nhận</button>" not in r.text and "lien-he" not in r.text,
     "a viewer sees the booking without actions or contact")
adm, r = srv.login("quantri")
r = adm.get("/quan-ly/tiep-cong-dan")
t.ok(r.status == 200 and "Thêm lịch tiếp định kỳ" in r.text and "Tạo lịch" in r.text, "the administrator's forms")
acsrf = csrf_of(r.text)
n_before = srv.count("reception_rules")
r = adm.post_form("/quan-ly/tiep-cong-dan/quy-tac", [("csrf", acsrf), ("unit", "00082"),
                                                     ("host", "Chủ tịch UBND phường Cửa Nam"), ("weekday", "2"),
                                                     ("weeks", "1"), ("weeks", "3"), ("start", "08:00"),
                                                     ("end", "11:00"), ("capacity", "15"), ("place", "Trụ sở")])
t.eq((r.status, srv.count("reception_rules")), (303, n_before + 1), "a rule from the page")

# --- privacy: no booker's name or phone anywhere public ---------------------------------------
cit = srv.client()
pub = ""
for path in ("/tiep-cong-dan", "/api/v1/reception/slots", "/api/v1/reception/slots?unit=00070", "/hoi-nghi",
             "/phan-anh", f"/api/v1/feedback/{fcode}", "/api/v1/search?q=Nguy%E1%BB%85n"):
    pub += cit.get(path).text
for secret_word in ("Nguyễn Văn Đặt Lịch", "0913579246", "0913 579 246", "Lê Thị Đại Diện", "Người thứ"):
    t.ok(secret_word not in pub, f"'{secret_word}' in no public page or JSON")

# reports: the monthly roll-up of meetings, bookings and comments (migration
# 0036) equals the records added up, after every write of this suite
diff = srv.record_month_diff()
t.ok(not diff, "the report roll-ups equal the meetings, bookings, comments, models and commendations added up", repr(diff[:5]))

t.done()
