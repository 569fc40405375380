"""HTTP tests of review reports (sơ kết, tổng kết): every figure of the
indicator catalogue against a direct count in SQL on random periods and
subtrees, with the tree as it stood and as it is now; the figures by
sub-unit and by period adding up to the total; each count equal to the
total of the list it links to; the 1/7/2025 merger (a 2021-2025 report for
phường Hoàn Kiếm as it is now includes the wards merged into it);
permissions; bad input; the XLSX export read back with openpyxl; and
`danvan report` on the command line."""
import html
import io
import json
import os
import random
import re
import sys
import tempfile
import urllib.parse
from datetime import date, timedelta

sys.path.insert(0, "tests/http")
from harness import TAP, Server, run_cli  # noqa: E402

t = TAP()
srv = Server(demo=True)
api = srv.client()
rnd = random.Random(int(os.environ.get("REPORT_SEED", "20260701")))


def token(username):
    r = api.post_json("/api/v1/tokens", {"username": username, "password": "demo-password"})
    return r.json().get("token") if r.status == 201 else None


tk_admin, tk_leader, tk_cuanam, tk_handler = (token("quantri"), token("lanhdao.hoankiem"), token("lanhdao.cuanam"),
                                              token("xuly.hoankiem"))
t.ok(all([tk_admin, tk_leader, tk_cuanam, tk_handler]), "tokens for the demo officers")

VN = 7 * 3600


def day_start(d):
    """UTC seconds of 00:00 Vietnam time on date d."""
    return (d - date(1970, 1, 1)).days * 86400 - VN


# --- meetings, receptions and voter petitions over the years ------------------
db = srv.db()
units = {r[0]: {"id": r[0], "code": r[1], "parent": r[2], "from": r[3], "to": r[4], "name": r[5]}
         for r in db.execute("SELECT id, code, parent_id, valid_from, valid_to, name FROM units")}
by_code = {u["code"]: u for u in units.values()}
edges = {}
for f, to in db.execute("SELECT from_unit_id, to_unit_id FROM unit_successions "
                        "WHERE kind IN ('merged_into', 'renamed_to') ORDER BY effective_at, id"):
    edges.setdefault(f, to)

KINDS = ("voter_contact", "dialogue", "reception", "conference")
STATUSES = ("planned", "held", "closed", "cancelled")
hosts = [u for u in units.values() if u["code"] in ("00070", "00082", "00061", "00049", "002", "01", "00070-UBND",
                                                    "HK-HANGTRONG", "00097")]
meeting_ids = []
for i in range(120):
    u = rnd.choice(hosts)
    lo = max(u["from"], day_start(date(2016, 1, 1)))
    hi = (u["to"] or day_start(date(2026, 11, 30))) - 86400
    if hi <= lo:
        continue
    start = rnd.randrange(lo, hi)
    kind = rnd.choice(KINDS)
    status = rnd.choice(STATUSES)
    cur = db.execute(
        "INSERT INTO meetings(kind, title, unit_id, starts_at, ends_at, status, attendance, cancel_reason, "
        "minutes_approved_at, announced_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        (kind, f"Hội nghị thử {i}", u["id"], start, start + 7200, status,
         50 if status in ("held", "closed") else None, "Hoãn vì mưa bão" if status == "cancelled" else None,
         start + 86400 if status == "closed" else None, start - 10 * 86400, start - 10 * 86400,
         start - 10 * 86400))
    mid = cur.fetchone()[0]
    meeting_ids.append((mid, kind, u["id"], start))
    if kind == "reception":
        for k in range(rnd.randrange(0, 4)):
            db.execute(
                "INSERT INTO reception_bookings(code, secret_hash, meeting_id, subject, status, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (f"B{mid:04d}{k:04d}"[:9], bytes(32), mid, "Hỏi về đất đai",
                 rnd.choice(("requested", "confirmed", "held", "held", "no_show", "cancelled")),
                 start - 86400, start))
# petitions: feedback items raised at voter meetings of their own unit
voter = [m for m in meeting_ids if m[1] == "voter_contact"]
for fid, uid in db.execute("SELECT id, coalesce(unit_id, intake_unit_id) FROM feedback ORDER BY id").fetchall():
    mine = [m for m in voter if m[2] == uid]
    if mine and rnd.random() < 0.5:
        db.execute("UPDATE feedback SET meeting_id = ? WHERE id = ?", (rnd.choice(mine)[0], fid))
# consultations with comments and replies (some grouped, some hidden), models and
# commendations (decided with the prize as stored, or still open) at the same hosts
DECISIONS = ("accepted", "partly_accepted", "noted", "not_accepted")
FIELDS = ("economy", "culture_society", "defence_security", "political_system")
MSTATUS = ("registered", "implementing", "self_assessed", "evaluated", "recognised", "exemplary", "commended",
           "discontinued")
movement = db.execute("SELECT min(id) FROM movements").fetchone()[0]
# the forms in turn (not drawn, so the random draws stay as they were), and one
# form no family names, counted under "other forms"
TEST_FORMS = ("giay_khen", "lao_dong_tien_tien", "bang_khen_tinh_tap_the", "chien_si_thi_dua_co_so", "huan_chuong_lao_dong",
              "gia_dinh_van_hoa", "co_thi_dua_tinh", "bang_khen_thu_tuong", "tap_the_lao_dong_xuat_sac",
              "giay_khen_ho_gia_dinh")
for i in range(40):
    u = rnd.choice(hosts)
    lo = max(u["from"], day_start(date(2016, 1, 1)))
    hi = (u["to"] or day_start(date(2026, 11, 30))) - 86400
    if hi <= lo:
        continue
    opens = rnd.randrange(lo, hi)
    kid = db.execute("INSERT INTO consultations(unit_id, title, summary, opens_at, closes_at, created_at, updated_at) "
                     "VALUES (?, ?, '', ?, ?, ?, ?) RETURNING id",
                     (u["id"], f"Dự thảo thử {i}", opens, opens + 30 * 86400, opens - 86400, opens - 86400)).fetchone()[0]
    first = None
    for k in range(rnd.randrange(0, 6)):
        at = opens + rnd.randrange(0, 30 * 86400)
        grouped = first is not None and rnd.random() < 0.2
        cid = db.execute("INSERT INTO consultation_comments(consultation_id, version, text, group_id, hidden_reason, "
                         "created_at) VALUES (?, 1, ?, ?, ?, ?) RETURNING id",
                         (kid, f"Góp ý {k}", first if grouped else None,
                          "Lời lẽ không phù hợp" if rnd.random() < 0.1 else None, at)).fetchone()[0]
        first = first or cid
        if not grouped and rnd.random() < 0.7:
            dec = rnd.choice(DECISIONS)
            db.execute("INSERT INTO consultation_replies(comment_id, decision, text, replied_at) VALUES (?, ?, ?, ?)",
                       (cid, dec, "Giải trình", at + 86400))
for i in range(60):
    u = rnd.choice(hosts)
    lo = max(u["from"], day_start(date(2016, 1, 1)))
    hi = (u["to"] or day_start(date(2026, 11, 30))) - 86400
    if hi <= lo:
        continue
    reg = (rnd.randrange(lo, hi) + VN) // 86400
    db.execute("INSERT INTO models(movement_id, kind, field, title, unit_id, status, registered_on, year, created_at, "
               "updated_at) VALUES (?, 'model', ?, ?, ?, ?, ?, ?, ?, ?)",
               (movement, rnd.choice(FIELDS), f"Mô hình thử {i}", u["id"], rnd.choice(MSTATUS), reg,
                (date(1970, 1, 1) + timedelta(days=reg)).year, reg * 86400, reg * 86400))
    dday = (rnd.randrange(lo, hi) + VN) // 86400
    status = rnd.choice(("decided", "decided", "decided", "proposed", "rejected"))
    db.execute("INSERT INTO commendations(form_code, year, recipient_kind, recipient_name, recipient_unit_id, reason, "
               "eligible, status, proposed_on, decision_number, decision_date, prize_vnd, certificate_code, "
               "created_at, updated_at) VALUES (?, ?, 'individual', ?, ?, 'Thành tích', 1, ?, ?, ?, ?, ?, ?, "
               "?, ?)",
               (TEST_FORMS[i % len(TEST_FORMS)], (date(1970, 1, 1) + timedelta(days=dday)).year, f"Người thử {i}", u["id"], status, dday - 20,
                f"{i}/QĐ" if status == "decided" else None, dday if status == "decided" else None,
                rnd.choice((350000, 710000, 760000)) if status == "decided" else None,
                f"KT-THU-{i:04d}" if status == "decided" else None, dday * 86400, dday * 86400))
db.commit()
t.ok(srv.count("meetings") > 50 and srv.count("reception_bookings") > 0, "meetings and bookings over ten years")
t.ok(srv.count("feedback", "meeting_id IS NOT NULL") > 0, "some items are voter petitions")
t.ok(srv.count("consultation_comments") > 40 and srv.count("models") > 40 and
     srv.count("commendations", "status = 'decided'") > 20, "consultations, models and commendations over ten years")


# --- the roll-up (migration 0028) stays exact through changes --------------------
# report_feedback_tally is kept by triggers in the transaction of every write:
# after answers and ratings given and withdrawn, petitions linked and
# unlinked, and due dates moved, it equals the items counted afresh (a move
# to another unit or day takes the same way: the old row -1, the new +1)
def roll_matches():
    c = srv.db()
    try:
        got = {}
        for row in c.execute("SELECT unit_id, day, lag, n, on_time, rated, satisfied, voter, voter_answered "
                             "FROM report_feedback_tally WHERE n <> 0 OR on_time <> 0 OR rated <> 0 OR voter <> 0"):
            got[(row[0], row[1], row[2])] = tuple(int(x) for x in row[3:])
        want = {}
        for r in c.execute("SELECT coalesce(f.unit_id, f.intake_unit_id), (f.received_at + 25200) / 86400, "
                           "f.answered_at, f.received_at, f.due_at, f.rating, m.id "
                           "FROM feedback f LEFT JOIN meetings m ON m.id = f.meeting_id AND m.kind = 'voter_contact'"):
            unit, day, ans, rec, due, rating, voter = r
            lag = -1 if ans is None else max(0, (ans + 25200) // 86400 - (rec + 25200) // 86400)
            w = want.setdefault((unit, day, lag), [0] * 6)
            w[0] += 1
            w[1] += ans is not None and (due is None or ans <= due)
            w[2] += rating is not None
            w[3] += rating is not None and rating >= 4
            w[4] += voter is not None
            w[5] += voter is not None and ans is not None
        want = {k: tuple(v) for k, v in want.items()}
        return got == want, [(k, got.get(k), want.get(k)) for k in set(got) | set(want) if got.get(k) != want.get(k)]
    finally:
        c.close()


ok, diff = roll_matches()
t.ok(ok, "the feedback roll-up equals the items after the petitions were linked", repr(diff[:5]))
db = srv.db()
ids = [r[0] for r in db.execute("SELECT id FROM feedback ORDER BY id").fetchall()]
chg = rnd.sample(ids, min(60, len(ids)))
for k, fid in enumerate(chg):
    what = k % 6
    if what == 0:
        db.execute("UPDATE feedback SET answered_at = received_at + ? WHERE id = ?", (rnd.randrange(0, 40) * 86400, fid))
    elif what == 1:
        db.execute("UPDATE feedback SET rating = ?, rated_at = received_at WHERE id = ?", (rnd.randrange(1, 6), fid))
    elif what == 2:
        db.execute("UPDATE feedback SET meeting_id = ? WHERE id = ?",
                   (rnd.choice(voter)[0] if voter and rnd.random() < 0.7 else None, fid))
    elif what == 3:
        db.execute("UPDATE feedback SET due_at = received_at + ? WHERE id = ?", (rnd.randrange(1, 30) * 86400, fid))
    elif what == 4:
        db.execute("UPDATE feedback SET answered_at = NULL WHERE id = ?", (fid,))
    else:
        db.execute("UPDATE feedback SET rating = NULL, rated_at = NULL WHERE id = ?", (fid,))
db.commit()
ok, diff = roll_matches()
t.ok(ok, "and after answers, ratings, petitions and due dates changed", repr(diff[:5]))
try:
    db.execute("UPDATE meetings SET kind = 'conference' WHERE id = ?", (voter[0][0],))
    db.commit()
    refused = False
except Exception:  # sqlite3.IntegrityError / psycopg2 RaiseException
    db.rollback()
    refused = True
t.ok(refused, "a meeting's kind cannot change (the voter counters depend on it)")
db.close()

# --- the reference: the same figures counted directly -------------------------
def fold(uid, depth=0):
    u = units[uid]
    if u["to"] is None:
        return uid
    if depth > 60:
        return None
    nxt = edges.get(uid, u["parent"])
    return fold(nxt, depth + 1) if nxt else None


def below(uid, top):
    """The child of top on the way up from uid (top itself for top), or None."""
    prev, cur = None, uid
    while cur is not None:
        if cur == top:
            return prev if prev is not None else top
        prev, cur = cur, units[cur]["parent"]
    return None


def scope(top_code, tree, d0, d1):
    """{unit id: row unit id} of the units a report counts."""
    top = by_code[top_code]["id"]
    p0, p1 = day_start(d0), day_start(d1 + timedelta(days=1))
    out = {}
    for uid in units:
        home = fold(uid) if tree == "now" else uid
        if home is None:
            continue
        b = below(home, top)
        if b is None:
            continue
        if b != top:
            c = units[b]
            if tree == "now" and c["to"] is not None:
                continue
            if tree == "then" and (c["from"] >= p1 or (c["to"] is not None and c["to"] <= p0)):
                continue
        out[uid] = b
    return out


SRC = {
    "feedback": ("feedback f", "coalesce(f.unit_id, f.intake_unit_id)", "f.received_at"),
    "meetings": ("meetings m", "m.unit_id", "m.starts_at"),
    "bookings": ("reception_bookings b JOIN meetings m ON m.id = b.meeting_id", "m.unit_id", "m.starts_at"),
    "consultations": ("consultations k", "k.unit_id", "k.opens_at"),
    "comments": ("consultation_comments c JOIN consultations k ON k.id = c.consultation_id", "k.unit_id",
                 "c.created_at"),
    # day numbers: compared with the days of the period (DAY_SRC)
    "models": ("models d", "d.unit_id", "d.registered_on"),
    "commendations": ("commendations e", "e.recipient_unit_id", "e.decision_date"),
}
DAY_SRC = ("models", "commendations")
DECISION = "(SELECT r.decision FROM consultation_replies r WHERE r.comment_id = coalesce(c.group_id, c.id))"
HELD = "m.status IN ('held', 'closed')"
VOTER = "f.meeting_id IN (SELECT id FROM meetings WHERE kind = 'voter_contact')"
# code -> (source, condition counted[, denominator]) written here independently of the server
COUNTS = {
    "feedback_received": ("feedback", "1 = 1"),
    "feedback_answered": ("feedback", "f.answered_at IS NOT NULL"),
    "feedback_overdue": ("feedback", "f.status IN ('received', 'assigned') AND f.due_at < :now"),
    "meetings_held": ("meetings", HELD),
    "meetings_voter_contact": ("meetings", HELD + " AND m.kind = 'voter_contact'"),
    "dialogues_held": ("meetings", HELD + " AND m.kind = 'dialogue'"),
    "meetings_reception": ("meetings", HELD + " AND m.kind = 'reception'"),
    "meetings_conference": ("meetings", HELD + " AND m.kind = 'conference'"),
    "voter_petitions": ("feedback", VOTER),
    "voter_petitions_answered": ("feedback", VOTER + " AND f.answered_at IS NOT NULL"),
    "citizens_received": ("bookings", "b.status = 'held'"),
    "consultations": ("consultations", "k.opens_at <= :now"),
    "consultation_comments": ("comments", "c.hidden_reason IS NULL"),
    "models_registered": ("models", "1 = 1"),
    "models_recognised": ("models", "d.status IN ('recognised', 'exemplary', 'commended')"),
    "models_exemplary": ("models", "d.status IN ('exemplary', 'commended')"),
    "models_economy": ("models", "d.field = 'economy'"),
    "models_culture_society": ("models", "d.field = 'culture_society'"),
    "models_defence_security": ("models", "d.field = 'defence_security'"),
    "models_political_system": ("models", "d.field = 'political_system'"),
    "commendations": ("commendations", "e.status = 'decided'"),
}
# commendations by form: the families of form codes, written here independently
FORM_FAMILIES = {
    "commendations_lao_dong_tien_tien": ("lao_dong_tien_tien", "tap_the_lao_dong_tien_tien"),
    "commendations_chien_si_thi_dua": ("chien_si_thi_dua_co_so", "chien_si_thi_dua_tinh", "chien_si_thi_dua_toan_quoc"),
    "commendations_tap_the_xuat_sac": ("tap_the_lao_dong_xuat_sac",),
    "commendations_co_thi_dua": ("co_thi_dua_tinh", "co_thi_dua_chinh_phu"),
    "commendations_van_hoa": ("gia_dinh_van_hoa", "thon_van_hoa", "xa_tieu_bieu"),
    "commendations_giay_khen": ("giay_khen", "giay_khen_tap_the", "giay_khen_ho_gia_dinh"),
    "commendations_bang_khen_tinh": ("bang_khen_tinh", "bang_khen_tinh_tap_the", "bang_khen_tinh_ho_gia_dinh"),
    "commendations_bang_khen_thu_tuong": ("bang_khen_thu_tuong", "bang_khen_thu_tuong_tap_the",
                                          "bang_khen_thu_tuong_ho_gia_dinh"),
}
ALL_FORMS = ", ".join(f"'{c}'" for fam in FORM_FAMILIES.values() for c in fam)
for code, fam in FORM_FAMILIES.items():
    COUNTS[code] = ("commendations", "e.status = 'decided' AND e.form_code IN (%s)" % ", ".join(f"'{c}'" for c in fam))
COUNTS["commendations_other_forms"] = ("commendations", f"e.status = 'decided' AND e.form_code NOT IN ({ALL_FORMS})")
FORM_CODES = tuple(FORM_FAMILIES) + ("commendations_other_forms",)
NEW_COUNTS = ("consultations", "consultation_comments", "models_registered", "models_recognised", "models_exemplary",
              "models_economy", "models_culture_society", "models_defence_security", "models_political_system",
              "commendations") + FORM_CODES
PCTS = {
    "feedback_on_time_pct": ("f.answered_at IS NOT NULL AND (f.due_at IS NULL OR f.answered_at <= f.due_at)",
                             "f.answered_at IS NOT NULL"),
    "feedback_satisfied_pct": ("f.rating >= 4", "f.rating IS NOT NULL"),
    "comments_accepted_pct": ("c.hidden_reason IS NULL AND " + DECISION + " IN ('accepted', 'partly_accepted')",
                              "c.hidden_reason IS NULL AND " + DECISION + " IS NOT NULL", "comments"),
}


def direct(src, cond, ids, d0, d1, now, what="count(*)"):
    if not ids:
        return 0
    frm, unit, dt = SRC[src]
    cond = cond.replace(":now", str(int(now)))
    marks = ",".join(str(i) for i in ids)
    if src in DAY_SRC:
        lo, hi = (d0 - date(1970, 1, 1)).days, (d1 - date(1970, 1, 1)).days + 1
    else:
        lo, hi = day_start(d0), day_start(d1 + timedelta(days=1))
    c = srv.db()
    try:
        return c.execute(f"SELECT coalesce({what}, 0) FROM {frm} WHERE {dt} >= ? AND {dt} < ? AND {unit} IN ({marks}) "
                         f"AND ({cond})", (lo, hi)).fetchone()[0]
    finally:
        c.close()


PRIZE = ("commendations", "e.status = 'decided'", "sum(e.prize_vnd)")


def summary(unit, d0, d1, tree, tk=None):
    q = urllib.parse.urlencode({"unit": unit, "from": d0.isoformat(), "to": d1.isoformat(), "tree": tree})
    return api.get_json("/api/v1/reports/summary?" + q, token=tk or tk_admin)


def ind(body, code):
    return next(i for i in body["indicators"] if i["code"] == code)


import time  # noqa: E402

CASES = [("00070", "now"), ("00070", "then"), ("01", "then"), ("01", "now"), ("00082", "now"), ("00061", "then"),
         ("002", "then"), ("00070-UBND", "then"), ("00097", "now"), ("00049", "then")]
mismatch, link_bad, sum_bad, checked, overdue_seen = [], [], [], 0, 0
for n in range(16):
    unit, tree = CASES[n % len(CASES)]
    a = date(2016, 1, 1) + timedelta(days=rnd.randrange(0, 3700))
    b = a + timedelta(days=rnd.choice((30, 91, 182, 273, 365, 800, 1826, 3652)))
    if b > date(2026, 12, 31):
        b = date(2026, 12, 31)
    r = summary(unit, a, b, tree)
    now = time.time()
    if r.status != 200:
        mismatch.append((unit, tree, a, b, r.status, r.text[:200]))
        continue
    body = r.json()
    sc = scope(unit, tree, a, b)
    ids = list(sc)
    overdue_seen = max(overdue_seen, ind(body, "feedback_overdue")["value"] or 0)
    for code, (src, cond) in COUNTS.items():
        want = direct(src, cond, ids, a, b, now)
        got = ind(body, code)["value"]
        checked += 1
        if got != want:
            mismatch.append((unit, tree, a, b, code, got, want))
    for code, (num, den, *src) in PCTS.items():
        src = src[0] if src else "feedback"
        nn, dd = direct(src, num, ids, a, b, now), direct(src, den, ids, a, b, now)
        got = ind(body, code)["value"]
        want = round(100.0 * nn / dd, 1) if dd else None
        checked += 1
        if (got is None) != (want is None) or (got is not None and abs(got - want) > 0.051):
            mismatch.append((unit, tree, a, b, code, got, want))
    want = direct(*PRIZE[:2], ids, a, b, now, PRIZE[2])
    checked += 1
    if ind(body, "prize_total_vnd")["value"] != want:
        mismatch.append((unit, tree, a, b, "prize_total_vnd", ind(body, "prize_total_vnd")["value"], want))
    # rows by sub-unit and by period add up to the total; each row's counts match directly too
    for code in list(COUNTS) + ["prize_total_vnd"]:
        total = ind(body, code)["value"]
        if sum(x["values"][code] for x in body["by_unit"]) != total or \
                sum(x["values"][code] for x in body["by_period"]) != total:
            sum_bad.append((unit, tree, a, b, code))
    row = rnd.choice(body["by_unit"])
    rid = by_code[row["code"]]["id"]
    row_ids = [u for u, bk in sc.items() if bk == rid]
    for code in ("feedback_received", "meetings_held", "consultation_comments", "models_registered", "commendations"):
        src, cond = COUNTS[code]
        if row["values"][code] != direct(src, cond, row_ids, a, b, now):
            mismatch.append((unit, tree, a, b, "by_unit", row["code"], code))
    # every count equals the total of the list it links to
    for code in rnd.sample(sorted(set(COUNTS) - set(NEW_COUNTS)), 3) + list(NEW_COUNTS):
        i = ind(body, code)
        lr = api.get_json(i["link"] + "&per_page=1", token=tk_admin)
        if lr.status != 200 or lr.json()["total"] != i["value"]:
            link_bad.append((unit, tree, code, i["value"], lr.status, lr.text[:200]))
        lrow = row["links"][code]
        lr = api.get_json(lrow + "&per_page=1", token=tk_admin)
        if lr.status != 200 or lr.json()["total"] != row["values"][code]:
            link_bad.append((unit, tree, "row", row["code"], code, lr.status))
t.ok(not mismatch and checked > 100, f"every figure equals a direct count ({checked} checks on random periods "
     "and subtrees, both trees)", repr(mismatch[:5]))
t.ok(not sum_bad, "rows by sub-unit and by period add up to the total", repr(sum_bad[:5]))

# Drafts of last month, this month (opened, and opening later today) and
# next month: a draft counts once it has opened. The roll-up by month
# (0043) holds every draft, so it serves only the months before this one;
# this month and later are read from the drafts.
now_s = int(time.time())
today = date(1970, 1, 1) + timedelta(days=(now_s + 25200) // 86400)
month0 = today.replace(day=1)
prev = (month0 - timedelta(days=1)).replace(day=1)
nxt = (month0 + timedelta(days=32)).replace(day=1)
host = by_code["00070"]["id"]
c = srv.db()
for i, at in enumerate((day_start(prev) + 86400, max(day_start(month0), now_s - 120), now_s + 3 * 3600,
                        day_start(nxt) + 86400)):
    c.execute("INSERT INTO consultations(unit_id, title, summary, opens_at, closes_at, created_at, updated_at) "
              "VALUES (?, ?, '', ?, ?, ?, ?)", (host, f"Dự thảo tháng này {i}", at, at + 30 * 86400, at - 86400,
                                                 at - 86400))
c.commit()
c.close()
t.eq(srv.record_month_diff(), [], "the drafts' roll-up equals the drafts after this month's drafts")
late = []
ids = list(scope("00070", "then", prev, nxt))
for d0, d1 in ((prev, (nxt + timedelta(days=32)).replace(day=1) - timedelta(days=1)), (date(2016, 1, 1), nxt),
               (month0, today), (prev, month0 - timedelta(days=1))):
    r = summary("00070", d0, d1, "then")
    now = time.time()
    got = ind(r.json(), "consultations")["value"] if r.status == 200 else r.status
    want = direct("consultations", COUNTS["consultations"][1], ids, d0, d1, now)
    every = direct("consultations", "1 = 1", ids, d0, d1, now)
    late.append((d0.isoformat(), d1.isoformat(), got, want, every))
t.ok(all(x[2] == x[3] for x in late) and late[0][4] - late[0][3] == 2,
     "drafts of this month and next count once opened (two not yet), from the drafts and the roll-up", repr(late))
# overdue comes from the open items' months (0040) and, for this month's due
# dates and the odd days, from the items: the checks above had some to count
t.ok(overdue_seen > 0, "some periods checked had overdue items", str(overdue_seen))
t.ok(not link_bad, "every count equals the total of the list it links to", repr(link_bad[:5]))

# --- consultations, models and commendations over ten years ------------------------
ten = []
for unit, tree in (("00070", "now"), ("01", "then"), ("002", "then")):
    a, b = date(2016, 1, 1), date(2026, 12, 31)
    body = summary(unit, a, b, tree).json()
    ids = list(scope(unit, tree, a, b))
    now = time.time()
    for code in NEW_COUNTS:
        ten.append((unit, tree, code, ind(body, code)["value"], direct(*COUNTS[code], ids, a, b, now)))
    nn, dd = (direct("comments", c, ids, a, b, now) for c in PCTS["comments_accepted_pct"][:2])
    pct = ind(body, "comments_accepted_pct")
    ten.append((unit, tree, "comments_accepted_pct", (pct["numerator"], pct["denominator"]), (nn, dd)))
    ten.append((unit, tree, "prize_total_vnd", ind(body, "prize_total_vnd")["value"],
                direct(*PRIZE[:2], ids, a, b, now, PRIZE[2])))
t.ok(all(x[3] == x[4] for x in ten), "consultations, comments, accepted share, models (by status and field), "
     "commendations and the prize total over ten years equal direct counts", repr([x for x in ten if x[3] != x[4]]))
t.ok(all(x[3] for x in ten if x[0] == "01" and x[2] != "comments_accepted_pct"),
     "and the city has some of each", repr([x for x in ten if x[0] == "01"]))
city10 = summary("01", date(2016, 1, 1), date(2026, 12, 31), "then").json()
t.eq(sum(ind(city10, c)["value"] for c in FORM_CODES), ind(city10, "commendations")["value"],
     "commendations by form add up to the commendations decided (every form in one family or under other forms)")
t.ok(ind(city10, "commendations_other_forms")["value"] > 0 and ind(city10, "commendations_giay_khen")["value"] > 0,
     "the ten years hold commendations of the named families and of other forms")
pz = ind(city10, "prize_total_vnd")
t.eq(pz["kind"], "sum", "the prize total is a sum, not a count")
refs, page = [], 1
while True:
    lr = api.get_json(pz["link"] + f"&per_page=100&page={page}", token=tk_admin).json()
    refs += [int(x["id"]) for x in lr["items"]]
    if page * 100 >= lr["total"]:
        break
    page += 1
c = srv.db()
listed = c.execute(f"SELECT coalesce(sum(prize_vnd), 0), count(*) FROM commendations WHERE id IN "
                   f"({','.join(str(x) for x in refs) or '0'})").fetchone()
c.close()
t.ok(len(refs) == lr["total"] == ind(city10, "commendations")["value"] and listed[0] == pz["value"],
     "the prize total's list holds the decided commendations, and their stored prizes add up to it",
     repr((len(refs), lr["total"], listed, pz["value"])))
pr = api.get_json(ind(city10, "comments_accepted_pct")["link"] + "&per_page=1", token=tk_admin).json()
t.eq(pr["total"], ind(city10, "comments_accepted_pct")["numerator"], "the accepted share lists its accepted comments")

# --- the merger: phường Hoàn Kiếm 2021-2025 as it is now ----------------------
a, b = date(2021, 1, 1), date(2025, 12, 31)
now_r = summary("00070", a, b, "now").json()
then_r = summary("00070", a, b, "then").json()
old = [by_code[c]["id"] for c in ("00040", "00043", "00046", "00049", "00052", "00055", "00058", "00061", "00064",
                                  "HK-HANGTRONG", "00079")]
old_all = [u for u in units if any(below(u, o) is not None for o in old)]
new_all = [u for u in units if below(u, by_code["00070"]["id"]) is not None]
before_merger = direct("feedback", "1 = 1", old_all, a, b, 0)
t.ok(before_merger > 0, "the wards merged into phường Hoàn Kiếm received items in 2021-2025")
t.eq(ind(now_r, "feedback_received")["value"], before_merger + direct("feedback", "1 = 1", new_all, a, b, 0),
     "as it is now, phường Hoàn Kiếm's 2021-2025 figure includes the wards merged into it")
t.eq(ind(then_r, "feedback_received")["value"], direct("feedback", "1 = 1", new_all, a, b, 0),
     "as it stood, only phường Hoàn Kiếm's own items (it exists from 1/7/2025)")
selfrow = next(x for x in now_r["by_unit"] if x["self"])
t.ok(selfrow["folded"] and "Phường Hàng Bạc" in selfrow["folded"], "the row says which wards were folded into it")
ward = summary("002", date(2016, 1, 1), date(2025, 12, 31), "then").json()
hb = next((x for x in ward["by_unit"] if x["code"] == "00061"), None)
t.ok(hb is not None and hb["closed"] and hb.get("closed_on") == "2025-07-01",
     "as it stood, quận Hoàn Kiếm lists phường Hàng Bạc, closed on 1/7/2025")
t.eq(ind(now_r, "dialogues_required")["value"], 3, "dialogues required: one a year from 1/7/2023 (2023, 2024, 2025)")
t.ok(now_r["previous"] == {"from": "2016-01-01", "to": "2020-12-31"} and
     now_r["year_before"] == {"from": "2020-01-01", "to": "2024-12-31"},
     "comparison periods: the same length before, and a year before")
t.eq(ind(now_r, "feedback_received")["previous"],
     direct("feedback", "1 = 1", list(scope("00070", "now", date(2016, 1, 1), date(2020, 12, 31))),
            date(2016, 1, 1), date(2020, 12, 31), 0), "the previous period's figure is a direct count too")
t.eq(now_r["granularity"], "year", "five years are shown by year")
t.eq([p["label"] for p in now_r["by_period"]], [f"Năm {y}" for y in range(2021, 2026)], "one row per year")
q1 = summary("00070", date(2025, 7, 1), date(2025, 9, 30), "now").json()
t.eq([p["label"] for p in q1["by_period"]], ["Tháng 7/2025", "Tháng 8/2025", "Tháng 9/2025"], "a quarter by month")

# --- permissions ----------------------------------------------------------------
q = "unit=00070&from=2025-01-01&to=2025-12-31"
t.eq(api.get_json("/api/v1/reports/summary?" + q).status, 401, "no token: 401")
t.eq(summary("00070", a, b, "now", tk_leader).status, 200, "the ward's leader reports on the ward")
t.eq(summary("00070-UBND", a, b, "then", tk_handler).status, 200, "a handler reports on the unit it works in")
r = summary("00070", a, b, "now", tk_handler)
t.eq((r.status, r.json()["error"]["code"]), (403, "forbidden"), "a handler of a sub-unit may not report on the ward")
r = summary("00070", a, b, "now", tk_cuanam)
t.eq((r.status, r.json()["error"]["code"]), (403, "forbidden"), "another ward's leader: 403")
t.eq(summary("00061", date(2016, 1, 1), date(2025, 6, 30), "then", tk_leader).status, 200,
     "the leader of phường Hoàn Kiếm reports on a ward merged into it, as it stood")
t.eq(summary("00073", date(2016, 1, 1), date(2025, 6, 30), "then", tk_leader).status, 403,
     "but not on a ward merged into another")
r = api.get_json("/api/v1/reports/records?indicator=feedback_received&" + q, token=tk_cuanam)
t.eq(r.status, 403, "the records list follows the same rule")

# --- bad input -------------------------------------------------------------------


def bad(path, status, code, field=None, msg=""):
    r = api.get_json(path, token=tk_admin)
    body = r.json() if r.text.startswith("{") else {}
    err = body.get("error", {})
    ok = r.status == status and err.get("code") == code and (field is None or field in err.get("fields", {}))
    t.ok(ok, msg or f"{path} -> {status} {code} {field or ''}", f"{r.status} {r.text[:300]}")


S = "/api/v1/reports/summary?"
bad(S + "unit=00070&from=2025-02-30&to=2025-12-31", 422, "validation_failed", "from", "an impossible date: 422")
bad(S + "unit=00070&from=h%C3%B4m%20qua&to=2025-12-31", 422, "validation_failed", "from", "not a date: 422")
bad(S + "unit=00070&from=2025-12-31&to=2025-01-01", 422, "validation_failed", "to", "from after to: 422")
bad(S + "unit=00070&to=2025-01-01", 422, "validation_failed", "from", "a missing date: 422")
bad(S + "unit=KHONG-CO&from=2025-01-01&to=2025-12-31", 404, "not_found", None, "an unknown unit: 404")
bad(S + "unit=00070&from=2025-01-01&to=2025-12-31&tree=sometime", 422, "validation_failed", "tree",
    "an unknown tree: 422")
bad(S + "unit=00070&from=2025-01-01&to=2025-12-31&group=1", 422, "validation_failed", "group",
    "an unknown parameter: 422")
bad(S + "unit=00061&from=2025-01-01&to=2025-12-31&tree=now", 422, "validation_failed", "tree",
    "a closed unit as it is now: 422")
bad(S + "unit=00070&from=1900-01-01&to=2025-12-31", 422, "validation_failed", "to", "a period over 40 years: 422")
R = "/api/v1/reports/records?unit=00070&from=2025-01-01&to=2025-12-31&"
bad(R + "indicator=khong_co", 422, "validation_failed", "indicator", "an unknown indicator: 422")
bad(R + "indicator=dialogues_required", 422, "validation_failed", "indicator", "a figure without records: 422")
bad(R + "indicator=feedback_received&per_page=1000", 422, "validation_failed", "per_page", "per_page bounded")
bad(R + "indicator=feedback_received&direct=2", 422, "validation_failed", "direct", "direct is 0 or 1")
r = api.get_json(R + "indicator=feedback_received&per_page=5&page=2", token=tk_admin)
t.ok(r.status == 200 and len(r.json()["items"]) <= 5 and r.json()["page"] == 2, "records page 2")
items = r.json()["items"]
t.ok(all(set(x) >= {"kind", "id", "title", "status", "unit", "at"} for x in items), "records carry what and where")
t.ok(all("phone" not in json.dumps(x) for x in items), "no contact data in records")

# --- XLSX -------------------------------------------------------------------------
xr = api.get_json(S.replace("summary?", "summary.xlsx?") + "unit=00070&from=2021-01-01&to=2025-12-31&tree=now",
                  token=tk_admin)
t.eq(xr.status, 200, "XLSX export")
t.ok((xr.header("Content-Type") or "").startswith("application/vnd.openxmlformats-officedocument.spreadsheetml"),
     "XLSX content type")
try:
    try:
        import openpyxl
    except ImportError:  # Debian's python3-openpyxl, when python3 is another build of the same version
        sys.path.append("/usr/lib/python3/dist-packages")
        import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(xr.body), read_only=True)
    t.eq(wb.sheetnames, ["Tổng hợp", "Theo đơn vị", "Theo kỳ", "Định nghĩa"], "four sheets")
    rows = list(wb["Tổng hợp"].iter_rows(values_only=True))
    fig = {row[1]: row[2] for row in rows if row and row[1] in {i["code"] for i in now_r["indicators"]}}
    t.ok(all((fig[i["code"]] if fig[i["code"]] != "-" else None) == i["value"] for i in now_r["indicators"]),
         "the workbook's figures are the API's", repr(fig))
    defs = {row[0]: row[2] for row in wb["Định nghĩa"].iter_rows(min_row=2, values_only=True)}
    t.ok(all(defs.get(i["code"]) == i["definition"] for i in now_r["indicators"]), "a definition for every figure")
    urows = list(wb["Theo đơn vị"].iter_rows(min_row=2, values_only=True))
    t.eq(len(urows), len(now_r["by_unit"]), "one row per sub-unit")
except ImportError:
    t.ok(False, "python3-openpyxl is installed (scripts/deps --test)")
bad(S.replace("summary?", "summary.xlsx?") + "unit=00070&from=2025-01-01&to=2024-01-01", 422,
    "validation_failed", "to", "the XLSX refuses bad input like the JSON")

# --- the command line -------------------------------------------------------------
r = run_cli("report", "--unit", "00070", "--from", "2021-01-01", "--to", "2025-12-31", "--tree", "now",
            data=srv.data)
t.ok(r.returncode == 0, "danvan report (json)", r.stderr)
try:
    cj = json.loads(r.stdout)
except ValueError:
    cj = {}
t.ok(cj.get("indicators") and [(i["code"], i["value"]) for i in cj["indicators"]] ==
     [(i["code"], i["value"]) for i in now_r["indicators"]], "the command line's figures are the API's")


# the API writes its JSON straight into the answer (api/report_out.h
# report_json_write), the command line and frozen reports build it with
# jansson: once parsed, the same document, to the last link (a folded tree,
# and the city's with units closed since)
def without_elapsed(doc):
    return {k: v for k, v in doc.items() if k != "elapsed_ms"}


for unit, d0, d1, tree in (("00070", "2021-01-01", "2025-12-31", "now"), ("01", "2016-01-01", "2025-12-31", "then")):
    r = run_cli("report", "--unit", unit, "--from", d0, "--to", d1, "--tree", tree, data=srv.data)
    api_doc = summary(unit, date.fromisoformat(d0), date.fromisoformat(d1), tree)
    try:
        cli_doc = json.loads(r.stdout)
    except ValueError:
        cli_doc = {}
    closed = [u for u in cli_doc.get("by_unit", []) if u.get("closed")]
    t.ok(cli_doc and api_doc.status == 200 and without_elapsed(api_doc.json()) == without_elapsed(cli_doc) and
         (tree == "now" or closed and all("closed_on" in u for u in closed)),
         f"the API's JSON of {unit} ({tree}) is the command line's, every unit and link", r.stderr[-300:])
r = run_cli("report", "--unit", "00070", "--from", "01/01/2021", "--to", "31/12/2025", "--tree", "now",
            "--format", "md", data=srv.data)
t.ok(r.returncode == 0 and "# Báo cáo: Phường Hoàn Kiếm" in r.stdout and "| Phản ánh, kiến nghị tiếp nhận" in
     r.stdout, "danvan report --format md", r.stderr)
t.ok("| Khen thưởng đã quyết định - Giấy khen" in r.stdout, "the command line shows commendations by form")
out = os.path.join(tempfile.mkdtemp(prefix="danvan-report-"), "bc.xlsx")
r = run_cli("report", "--unit", "00070", "--from", "2021-01-01", "--to", "2025-12-31", "--format", "xlsx",
            "--out", out, data=srv.data)
t.ok(r.returncode == 0 and os.path.getsize(out) > 1000, "danvan report --format xlsx --out FILE", r.stderr)
r = run_cli("report", "--unit", "00070", "--from", "2025-12-31", "--to", "2025-01-01", data=srv.data)
t.ok(r.returncode == 2 and "--to" in r.stderr, "from after to: exit 2 naming --to", r.stderr)
r = run_cli("report", "--unit", "KHONG-CO", "--from", "2025-01-01", "--to", "2025-12-31", data=srv.data)
t.ok(r.returncode == 1 and "KHONG-CO" in r.stderr, "unknown unit: exit 1", r.stderr)
r = run_cli("report", "--help")
t.ok(r.returncode == 0 and "--tree now" in r.stdout and "example" in r.stdout, "danvan report --help")
r = run_cli("report", "--unit", "00070", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "pdf",
            data=srv.data)
t.eq(r.returncode, 2, "an unknown format: exit 2")


# --- the page ---------------------------------------------------------------------
leader, r = srv.login("lanhdao.hoankiem")
t.ok('href="/quan-ly/bao-cao"' in leader.get("/quan-ly").text, "the officer home links to the reports")
r = leader.get("/quan-ly/bao-cao")
t.ok(r.status == 200 and "Báo cáo kết quả công tác dân vận — Phường Hoàn Kiếm" in r.text,
     "the report page opens on the officer's unit, this year", r.text[:300] if r.status != 200 else None)
t.ok("Tổng kết 10 năm" in r.text and "summary.xlsx?" in r.text, "one click to the 10-year review and the XLSX")
r = leader.get("/quan-ly/bao-cao?don_vi=00070&ky=10nam&nam=2025&co_cau=now&han_che=Thi%E1%BA%BFu+c%C3%A1n+b%E1%BB%99")
t.ok(r.status == 200 and "từ 01/01/2016 đến 31/12/2025" in r.text and "Năm 2016" in r.text,
     "Tổng kết 10 năm: 2016-2025 by year")
t.ok("Thiếu cán bộ" in r.text and "III. Bài học kinh nghiệm" in r.text, "the sections the officer writes follow")
t.ok("Gồm cả đơn vị trước đây" in r.text and "Phường Hàng Bạc" in r.text, "the merged wards are labelled")
t.ok("<svg" in r.text and 'role="img"' in r.text, "SVG charts with their tables")
m = re.search(r'Khen thưởng đã quyết định - Giấy khen.*?href="(bao-cao/ho-so\?indicator=commendations_giay_khen[^"]*)"',
              r.text, re.S)
t.ok(m is not None, "the page shows commendations by form, each linked to its records")
want = ind(summary("00070", date(2016, 1, 1), date(2025, 12, 31), "now").json(), "feedback_received")["value"]
m = re.search(r'href="(bao-cao/ho-so\?indicator=feedback_received&amp;unit=00070&amp;from=2016-01-01[^"]*)">'
              r'([0-9.]+)</a>', r.text)
t.ok(m and int(m.group(2).replace(".", "")) == want, "the page's figure is the API's and links to its records")
if m:
    rr = leader.get("/quan-ly/" + html.unescape(m.group(1)))  # relative to /quan-ly/bao-cao
    t.ok(rr.status == 200 and f"<strong>{want:,}</strong>".replace(",", ".") in rr.text,
         "the records page counts the same", rr.text[:300])
r = leader.get("/quan-ly/bao-cao?don_vi=00082")
t.eq(r.status, 403, "another ward's report: 403")
r = leader.get("/quan-ly/bao-cao?don_vi=00070&ky=tuy-chon&tu=2025-12-01&den=2025-01-01")
t.ok(r.status == 422 and "error-summary" in r.text and 'href="#f-den"' in r.text,
     "from after to on the page: the error summary names the field")
r = leader.get("/quan-ly/bao-cao?don_vi=00070&ky=tuy-chon&tu=2025-03-01&den=2025-03-31")
t.ok(r.status == 200 and "Tháng 3/2025" in r.text, "any dates")

# --- frozen reports -------------------------------------------------------------------
body = {"unit": "00070", "from": "2025-07-01", "to": "2025-12-31", "tree": "now", "title": "Sơ kết 6 tháng cuối năm 2025",
        "sections": {"han_che": "Một số tổ dân phố chưa họp đều.", "kien_nghi": "Đề nghị bổ sung kinh phí."}}
audit0 = srv.count("audit_log", "action = 'report.save'")
r = api.post_json("/api/v1/reports/saved", body, token=tk_leader)
t.eq(r.status, 201, "a leader saves (freezes) a report", )
saved = r.json() if r.status == 201 else {}
sid = saved.get("id")
t.ok(len(saved.get("hash", "")) == 64 and saved.get("hash_ok") is True, "saved with its hash")
t.eq(srv.count("audit_log", "action = 'report.save'"), audit0 + 1, "saving is audited")
live = summary("00070", date(2025, 7, 1), date(2025, 12, 31), "now", tk_leader).json()
t.ok([(i["code"], i["value"]) for i in saved["figures"]["indicators"]] ==
     [(i["code"], i["value"]) for i in live["indicators"]], "the frozen figures are the summary's")
t.eq(saved.get("sections", {}).get("han_che"), body["sections"]["han_che"], "the officer's sections are kept")
r = api.post_json("/api/v1/reports/saved", body, token=tk_handler)
t.eq(r.status, 403, "a handler may not save the ward's report")
r = api.post_json("/api/v1/reports/saved", dict(body, title=" "), token=tk_leader)
t.ok(r.status == 422 and "title" in r.json()["error"]["fields"], "a report needs a title")
r = api.post_json("/api/v1/reports/saved", dict(body, sections={"ghi_chu": "x"}), token=tk_leader)
t.ok(r.status == 422 and "sections.ghi_chu" in r.json()["error"]["fields"], "unknown sections refused")
r = api.post_json("/api/v1/reports/saved", dict(body, colour="đỏ"), token=tk_leader)
t.ok(r.status == 422 and "colour" in r.json()["error"]["fields"], "unknown fields refused")
r = api.post_json("/api/v1/reports/saved", dict(body, to="2025-01-01"), token=tk_leader)
t.ok(r.status == 422 and "to" in r.json()["error"]["fields"], "bad period refused when saving")
n_saved = srv.count("saved_reports")
r = api.get_json(f"/api/v1/reports/saved/{sid}", token=tk_leader)
t.ok(r.status == 200 and r.json()["changed"] == {"indicators": [], "by_unit": []}, "nothing changed yet")
# the records change: a meeting held in the period
c = srv.db()
c.execute("INSERT INTO meetings(kind, title, unit_id, starts_at, ends_at, status, attendance, announced_at, "
          "created_at, updated_at) VALUES ('dialogue', 'Đối thoại bổ sung', ?, ?, ?, 'held', 80, ?, ?, ?)",
          (by_code["00070"]["id"], day_start(date(2025, 11, 3)), day_start(date(2025, 11, 3)) + 3600,
           day_start(date(2025, 10, 1)), day_start(date(2025, 10, 1)), day_start(date(2025, 10, 1))))
c.commit()
c.close()
r = api.get_json(f"/api/v1/reports/saved/{sid}", token=tk_leader)
sv = r.json()
frozen_held = ind(sv["figures"], "dialogues_held")["value"]
t.eq(frozen_held, ind(saved["figures"], "dialogues_held")["value"], "a frozen report stays frozen")
ch = {x["code"]: x for x in sv["changed"]["indicators"]}
t.ok("dialogues_held" in ch and ch["dialogues_held"]["today"] == frozen_held + 1 and
     ch["dialogues_held"]["frozen"] == frozen_held, "it shows where today's figures differ", repr(sv["changed"]))
t.ok(any(x["unit"] == "00070" and x["code"] == "dialogues_held" for x in sv["changed"]["by_unit"]),
     "and in which row")
t.eq(api.get_json(f"/api/v1/reports/saved/{sid}", token=tk_cuanam).status, 404, "another ward's officer: 404")
t.eq(api.get_json("/api/v1/reports/saved/999999", token=tk_leader).status, 404, "an unknown saved report: 404")
c = srv.db()
c.execute("UPDATE saved_reports SET figures = replace(figures, '\"dialogues_held\"', '\"dialogues_helD\"') "
          "WHERE id = ?", (int(sid),))
c.commit()
c.close()
t.eq(api.get_json(f"/api/v1/reports/saved/{sid}", token=tk_leader).json()["hash_ok"], False,
     "a stored report changed behind danvan's back no longer matches its hash")
# the page: save from the report, see it frozen
page = leader.get("/quan-ly/bao-cao?don_vi=00070&ky=tuy-chon&tu=2025-07-01&den=2025-12-31&co_cau=now&bai_hoc=H%E1%BB%8Dc")
m = re.search(r'name="csrf" value="([^"]+)"', page.text)
r = leader.post_form("/quan-ly/bao-cao/luu", {"csrf": m.group(1) if m else "", "don_vi": "00070", "tu": "2025-07-01",
                                              "den": "2025-12-31", "co_cau": "now", "title": "Bản gửi Đảng ủy",
                                              "bai_hoc": "Học"})
t.eq(r.status, 303, "the page saves a report")
loc = r.header("Location") or ""
t.ok(loc.startswith("/quan-ly/bao-cao/da-luu/"), "and goes to it")
r = leader.get(loc)
t.ok(r.status == 200 and "Bản gửi Đảng ủy" in r.text and "khớp với nội dung đã lưu" in r.text and "Học" in r.text,
     "the saved report's page", r.text[-1500:] if r.status != 200 else None)
t.eq(srv.count("saved_reports"), n_saved + 1, "one more saved report")
r = leader.post_form("/quan-ly/bao-cao/luu", {"don_vi": "00070", "tu": "2025-07-01", "den": "2025-12-31",
                                              "title": "x"})
t.eq(r.status, 403, "saving without the form token is refused")

# --- a reorganisation made today: a merger and a split ----------------------------------
admin, r = srv.login("quantri")
tok = re.search(r'name="csrf" value="([^"]+)"', admin.get("/quan-ly/don-vi/00070").text)
tok = tok.group(1) if tok else ""
cut = (date.today() - timedelta(days=3)).isoformat()
r = admin.post_form("/quan-ly/don-vi/00070/sap-nhap", {"csrf": tok, "from": "00082", "date": cut})
t.eq(r.status, 303, "phường Cửa Nam merged into phường Hoàn Kiếm (test data)")
r = admin.post_form("/quan-ly/don-vi/00097/chia-tach", {"csrf": tok, "code1": "HH-A", "name1": "Phường Hồng Hà A",
                                                        "code2": "HH-B", "name2": "Phường Hồng Hà B", "date": cut})
t.eq(r.status, 303, "phường Hồng Hà split in two (test data)")
db = srv.db()
units = {r[0]: {"id": r[0], "code": r[1], "parent": r[2], "from": r[3], "to": r[4], "name": r[5]}
         for r in db.execute("SELECT id, code, parent_id, valid_from, valid_to, name FROM units")}
by_code = {u["code"]: u for u in units.values()}
edges = {}
for f, to in db.execute("SELECT from_unit_id, to_unit_id FROM unit_successions "
                        "WHERE kind IN ('merged_into', 'renamed_to') ORDER BY effective_at, id"):
    edges.setdefault(f, to)
db.close()
a, b = date(2016, 1, 1), date.today()
bad_after = []
for unit, tree in (("00070", "now"), ("00070", "then"), ("01", "now"), ("01", "then"), ("00082", "then"),
                   ("00097", "then")):
    r = summary(unit, a, b, tree)
    if r.status != 200:
        bad_after.append((unit, tree, r.status))
        continue
    body = r.json()
    ids = list(scope(unit, tree, a, b))
    now = time.time()
    for code in ("feedback_received", "feedback_answered", "meetings_held", "citizens_received"):
        src, cond = COUNTS[code]
        if ind(body, code)["value"] != direct(src, cond, ids, a, b, now):
            bad_after.append((unit, tree, code))
t.ok(not bad_after, "after a merger and a split, figures still equal direct counts in both trees", repr(bad_after))
now_r = summary("00070", a, b, "now").json()
selfrow = next(x for x in now_r["by_unit"] if x["self"])
t.ok("Phường Cửa Nam" in (selfrow["folded"] or ""), "as it is now, phường Hoàn Kiếm names phường Cửa Nam too")
city = summary("01", a, b, "then").json()
row = next((x for x in city["by_unit"] if x["code"] == "00082"), None)
t.ok(row is not None and row["closed"], "as it stood, the city lists phường Cửa Nam, closed")
city_now = summary("01", a, b, "now").json()
t.ok(not any(x["code"] in ("00082", "00097") for x in city_now["by_unit"]) and
     any(x["code"] == "HH-A" for x in city_now["by_unit"]), "as it is now, only the units that exist today")
t.eq(sum(x["values"]["feedback_received"] for x in city_now["by_unit"]),
     ind(city_now, "feedback_received")["value"], "and nothing is lost: the rows still add up")
t.eq(ind(city_now, "feedback_received")["value"], ind(city, "feedback_received")["value"],
     "the whole city counts the same in both trees")


# --- the month and year roll-ups (migration 0033) and the working-day calendar ----------
EPOCH = date(1970, 1, 1)


def dnum(d):
    return (d - EPOCH).days


class Cal:
    """The working days as GET /api/v1/calendar/{year} lists them, with the
    years in `announced` replaced by announced entries (as core/calendar.h:
    only those entries, plus weekends)."""

    def __init__(self, announced=None):
        self.off, self.on, self.years = set(), set(), set()
        self.announced = announced or {}

    def load(self, y):
        if y in self.years:
            return
        self.years.add(y)
        if y in self.announced:
            for day, kind in self.announced[y]:
                (self.off if kind == "day_off" else self.on).add(day)
            return
        body = api.get_json(f"/api/v1/calendar/{y}").json()
        self.off |= {dnum(date.fromisoformat(x["date"])) for x in body["days_off"]}
        self.on |= {dnum(date.fromisoformat(x["date"])) for x in body["working_days_swapped"]}

    def working(self, d):
        self.load((EPOCH + timedelta(days=d)).year)
        if d in self.on:
            return True
        return (EPOCH + timedelta(days=d)).weekday() < 5 and d not in self.off

    def between(self, d0, d1):
        """working days in (d0, d1]"""
        return sum(1 for d in range(d0 + 1, d1 + 1) if self.working(d))


def rollup_expected(cal):
    """The month and year tables as they must be: the day table added up,
    the working days counted with cal."""
    c = srv.db()
    rows = c.execute("SELECT unit_id, day, lag, n, on_time, rated, satisfied, voter, voter_answered "
                     "FROM report_feedback_tally").fetchall()
    c.close()
    want = ({}, {})
    for u, day, lag, n, ot, ra, sa, vo, va in rows:
        d = EPOCH + timedelta(days=day)
        wd = n * cal.between(day, day + lag) if lag > 0 else 0
        vals = (n, n if lag >= 0 else 0, ot, ra, sa, vo, va, wd)
        for k, start in enumerate((dnum(d.replace(day=1)), dnum(d.replace(month=1, day=1)))):
            acc = want[k].setdefault((u, start), [0] * 8)
            for i in range(8):
                acc[i] += vals[i]
    return want


def rollup_stored():
    c = srv.db()
    got = tuple({(r[0], r[1]): list(r[2:]) for r in c.execute(
        f"SELECT unit_id, day, n, answered, on_time, rated, satisfied, voter, voter_answered, wd FROM {t} "
        "WHERE n <> 0 OR answered <> 0 OR wd <> 0 OR on_time <> 0 OR rated <> 0 OR voter <> 0")}
        for t in ("report_feedback_month", "report_feedback_year"))
    c.close()
    return got


def rollup_diff(want, got):
    out = []
    for k, name in enumerate(("month", "year")):
        w = {key: v for key, v in want[k].items() if any(v)}
        for key in set(w) | set(got[k]):
            if w.get(key) != got[k].get(key):
                out.append((name, key, w.get(key), got[k].get(key)))
    return out


def direct_avg_days(cal, ids, d0, d1):
    if not ids:
        return None
    c = srv.db()
    rows = c.execute(f"SELECT received_at, answered_at FROM feedback f WHERE f.received_at >= ? AND "
                     f"f.received_at < ? AND coalesce(f.unit_id, f.intake_unit_id) IN ({','.join(map(str, ids))}) "
                     "AND f.answered_at IS NOT NULL", (day_start(d0), day_start(d1 + timedelta(days=1)))).fetchall()
    c.close()
    if not rows:
        return None
    tot = 0
    for rec, ans in rows:
        r0, a0 = (rec + VN) // 86400, (ans + VN) // 86400
        tot += cal.between(r0, max(r0, a0))
    return round(tot / len(rows), 1)


cal_now = Cal()
diff = rollup_diff(rollup_expected(cal_now), rollup_stored())
t.ok(not diff, "the month and year roll-ups equal the day table added up, working days from the calendar, after "
     "every write of this suite", repr(diff[:5]))
avg_bad = []
AVG_CASES = [("01", "then", date(2016, 1, 1), date(2025, 12, 31)), ("01", "now", date(2019, 3, 17), date(2025, 8, 3)),
             ("00070", "now", date(2021, 1, 1), date(2025, 12, 31)), ("002", "then", date(2024, 2, 10),
                                                                      date(2024, 11, 20)),
             ("00082", "then", date(2023, 1, 1), date(2023, 1, 31))]
for _ in range(4):
    a = date(2016, 1, 1) + timedelta(days=rnd.randrange(0, 3500))
    AVG_CASES.append((rnd.choice(["01", "002", "00070"]), rnd.choice(["then", "now"]), a,
                      a + timedelta(days=rnd.randrange(20, 1500))))
for unit, tree, a, b in AVG_CASES:
    body = summary(unit, a, b, tree).json()
    want = direct_avg_days(cal_now, list(scope(unit, tree, a, b)), a, b)
    got = ind(body, "feedback_avg_days")["value"]
    if (got is None) != (want is None) or (got is not None and abs(got - want) > 0.051):
        avg_bad.append((unit, tree, a, b, got, want))
t.ok(not avg_bad, "the mean working days to an answer equal a direct count over the items with the calendar "
     f"({len(AVG_CASES)} periods, whole years, months and odd days)", repr(avg_bad[:5]))

# A year announced (2024: only 1/1 and 30/4 off, no Tết) changes the working days.
# `danvan report` (like every start) makes the roll-ups agree with the new
# calendar; the running server, whose calendar is the old one, reads the day
# table and counts with its own calendar.
c = srv.db()
hash_before = c.execute("SELECT calendar_hash FROM report_rollup_state").fetchone()[0]
ANN = [(dnum(date(2024, 1, 1)), "day_off", "Tết Dương lịch"), (dnum(date(2024, 4, 30)), "day_off", "Ngày Giải phóng")]
for day, kind, name in ANN:
    c.execute("INSERT INTO calendar_days(day, year, kind, name) VALUES (?, 2024, ?, ?)", (day, kind, name))
c.commit()
c.close()
cal_new = Cal({2024: [(d, k) for d, k, _ in ANN]})
r = run_cli("report", "--unit", "01", "--from", "2016-01-01", "--to", "2025-12-31", "--format", "json", data=srv.data)
t.eq(r.returncode, 0, "danvan report after a year is announced")
c = srv.db()
hash_after = c.execute("SELECT calendar_hash FROM report_rollup_state").fetchone()[0]
c.close()
t.ok(hash_after != hash_before, "the roll-ups were remade with the announced year", hash_after)
diff = rollup_diff(rollup_expected(cal_new), rollup_stored())
t.ok(not diff, "the month and year roll-ups count the working days of the announced year", repr(diff[:5]))
cli_body = json.loads(r.stdout) if r.returncode == 0 else {}
want_new = direct_avg_days(cal_new, list(scope("01", "then", date(2016, 1, 1), date(2025, 12, 31))),
                           date(2016, 1, 1), date(2025, 12, 31))
want_old = direct_avg_days(cal_now, list(scope("01", "then", date(2016, 1, 1), date(2025, 12, 31))),
                           date(2016, 1, 1), date(2025, 12, 31))
y24 = summary("01", date(2024, 1, 1), date(2024, 12, 31), "then").json()
r24 = run_cli("report", "--unit", "01", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "json",
              data=srv.data)
cli24 = json.loads(r24.stdout) if r24.returncode == 0 else {}
w24_new = direct_avg_days(cal_new, list(scope("01", "then", date(2024, 1, 1), date(2024, 12, 31))),
                          date(2024, 1, 1), date(2024, 12, 31))
w24_old = direct_avg_days(cal_now, list(scope("01", "then", date(2024, 1, 1), date(2024, 12, 31))),
                          date(2024, 1, 1), date(2024, 12, 31))
t.ok(w24_new is not None and w24_old is not None and w24_new != w24_old,
     "test data: the announced year changes the mean working days of 2024", (w24_new, w24_old))
t.ok(cli24 and abs(ind(cli24, "feedback_avg_days")["value"] - w24_new) <= 0.051 and
     abs(ind(cli_body, "feedback_avg_days")["value"] - want_new) <= 0.051,
     "the report with the new calendar counts it (2024, and the ten years)",
     (ind(cli24, "feedback_avg_days")["value"] if cli24 else r24.stderr, w24_new))
t.ok(abs(ind(y24, "feedback_avg_days")["value"] - w24_old) <= 0.051,
     "a server still on the old calendar reads the day table and counts with its own calendar",
     (ind(y24, "feedback_avg_days")["value"], w24_old, want_old))
t.eq({i["code"]: i["value"] for i in cli24.get("indicators", []) if i["code"] != "feedback_avg_days"},
     {i["code"]: i["value"] for i in y24["indicators"] if i["code"] != "feedback_avg_days"},
     "every other figure is the same either way")

# reports: the monthly roll-up of meetings, bookings and comments (migration
# 0036) equals the records added up, after every write of this suite
diff = srv.record_month_diff()
t.ok(not diff, "the report roll-ups equal the meetings, bookings, comments, models and commendations added up", repr(diff[:5]))

srv.stop(t)
t.done()
