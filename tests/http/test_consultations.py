"""HTTP tests of consultations on drafts (API.md "Consultations on drafts"):
creating a draft split into parts, the legal minimum period, comments by
citizens, organisations and recorded channels, invited-only drafts, the
period's end, new versions keeping part ids and comments, replies and
grouping, moderation, publishing the report (409 while a comment is
unanswered), the report as JSON and as XLSX read back with openpyxl, the
pages, and that no contact or hidden name leaks into any public output."""
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

sys.path.insert(0, "tests/http")
from harness import TAP, Server, csrf_of  # noqa: E402

VN = timezone(timedelta(hours=7))
t = TAP()
srv = Server(demo=True)
c = srv.client()


def token(user):
    r = c.post_json("/api/v1/tokens", {"username": user, "password": "demo-password"})
    assert r.status == 201, r.text
    return r.json()["token"]


def iso(dt):
    return dt.astimezone(VN).isoformat(timespec="seconds")


leader = token("lanhdao.hoankiem")
handler = token("xuly.hoankiem")
front = token("mattran.hoankiem")
viewer = token("theodoi.hoankiem")
other_leader = token("lanhdao.cuanam")

now = datetime.now(VN)
DRAFT = """KẾ HOẠCH
Sắp xếp trật tự vỉa hè phường Hoàn Kiếm năm 2026

Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi
Kế hoạch áp dụng trên các tuyến phố thuộc phường.
Điều 2. Sử dụng vỉa hè
1. Dành tối thiểu 1,5 m cho người đi bộ.
2. Hộ kinh doanh được sử dụng tạm thời phần còn lại:
a) Có đăng ký với Ủy ban nhân dân phường;
b) Nộp phí theo quy định.
Chương II
TỔ CHỨC THỰC HIỆN
Điều 3. Trách nhiệm
Các tổ dân phố phổ biến đến từng hộ.
"""

base = {"title": "Kế hoạch sắp xếp trật tự vỉa hè", "unit": "00070-UBND", "summary": "Lấy ý kiến Nhân dân về vỉa hè.",
        "text": DRAFT, "opens_at": iso(now - timedelta(hours=1)), "closes_at": iso(now + timedelta(days=21)),
        "audience": "public"}

# --- create ---------------------------------------------------------------------------------------
r = c.post_json("/api/v1/consultations", base)
t.eq(r.status, 401, "creating needs a token")
r = c.post_json("/api/v1/consultations", base, token=handler)
t.eq(r.status, 403, "a handler may not create a consultation")
r = c.post_json("/api/v1/consultations", base, token=other_leader)
t.eq(r.status, 403, "a leader of another ward may not create one for Hoàn Kiếm")
r = c.post_json("/api/v1/consultations", dict(base, closes_at=iso(now + timedelta(days=19))), token=leader)
t.eq(r.status, 422, "a period shorter than 20 days is refused")
t.ok("closes_at" in r.json()["error"].get("fields", {}), "... on closes_at")
t.ok("20" in r.json()["error"]["fields"]["closes_at"], "... naming the minimum")
r = c.post_json("/api/v1/consultations", dict(base, colour="red"), token=leader)
t.eq(r.status, 422, "an unknown field is refused")
t.ok("colour" in r.json()["error"]["fields"], "... and named")
r = c.post_json("/api/v1/consultations", None, token=leader, raw="{not json")
t.eq(r.status, 400, "malformed JSON is 400")
r = c.post_json("/api/v1/consultations", None, token=leader, raw=b'{"title": "\xff\xfe"}')
t.eq(r.status, 400, "invalid UTF-8 is 400")
t.eq(r.json()["error"]["code"], "invalid_utf8", "... invalid_utf8")
r = c.post_json("/api/v1/consultations", dict(base, opens_at="hôm qua"), token=leader)
t.eq(r.status, 422, "a malformed time is refused")
t.ok("opens_at" in r.json()["error"]["fields"], "... on opens_at")
r = c.post_json("/api/v1/consultations", dict(base, text="  ", title="", unit="KHONG-CO"), token=leader)
t.eq(r.status, 422, "blank text and title, unknown unit refused")
t.ok({"text", "title", "unit"} <= set(r.json()["error"]["fields"]), "... each named")
n0 = srv.count("consultations")
r = c.post_json("/api/v1/consultations", base, token=leader)
t.eq(r.status, 201, "the ward's leader creates a consultation")
d = r.json()
cid = d["id"]
t.eq(srv.count("consultations"), n0 + 1, "one consultation written (the refused ones wrote nothing)")
labels = [p["label"] for p in d["parts"]]
t.eq(labels, ["Phần mở đầu", "Chương I", "Điều 1", "Điều 2", "Điều 2, khoản 1", "Điều 2, khoản 2",
              "Điều 2, khoản 2, điểm a", "Điều 2, khoản 2, điểm b", "Chương II", "Điều 3"],
     "the draft is split into labelled parts")
t.eq(d["status"], "open", "it is open")
t.eq(d["min_days"], 20, "the minimum period comes from the legal rule")
part = {p["label"]: p["id"] for p in d["parts"]}
t.ok(all(isinstance(p["id"], str) for p in d["parts"]), "part ids are strings")

# --- comments --------------------------------------------------------------------------------------
SECRET_NAME = "Nguyễn Văn Bí Mật"
SECRET_PHONE = "0912345678"
r = c.post_json(f"/api/v1/consultations/{cid}/comments",
                {"part": part["Điều 2, khoản 1"], "text": "Nên để 2 m cho người đi bộ ở phố Hàng Bạc.",
                 "name": SECRET_NAME, "contact": {"phone": SECRET_PHONE}})
t.eq(r.status, 201, "a citizen comments on a part without an account")
t.eq(r.json()["status"], "received", "... received")
c1 = r.json()["id"]
r = c.post_json(f"/api/v1/consultations/{cid}/comments",
                {"part": part["Điều 2, khoản 1"], "text": "Đề nghị để 2 m vỉa hè cho người đi bộ.",
                 "name": "Trần Thị Mai", "show_name": True})
t.eq(r.status, 201, "a second, similar comment with the name shown")
c2 = r.json()["id"]
r = c.post_json(f"/api/v1/consultations/{cid}/comments", {"text": "Kế hoạch cần nêu rõ lộ trình."}, token=front)
t.eq(r.status, 201, "the Front's officer comments on the whole draft")
c3 = r.json()["id"]
r = c.post_json(f"/api/v1/consultations/{cid}/comments",
                {"part": part["Điều 2, khoản 2, điểm b"], "text": "Mức phí cần công khai tại tổ dân phố.",
                 "channel": "conference", "name": "Cử tri tổ dân phố số 3"}, token=handler)
t.eq(r.status, 201, "an officer records a comment from a conference")
c4 = r.json()["id"]
r = c.post_json(f"/api/v1/consultations/{cid}/comments", {"text": "Abc", "channel": "letter"})
t.eq(r.status, 403, "a citizen may not record a letter")
r = c.post_json(f"/api/v1/consultations/{cid}/comments", {"text": "x", "channel": "fax"}, token=handler)
t.eq(r.status, 422, "an unknown channel is 422")
r = c.post_json(f"/api/v1/consultations/{cid}/comments", {"text": "", "part": "999999"})
t.eq(r.status, 422, "a blank comment on a foreign part is 422")
t.ok({"text", "part"} <= set(r.json()["error"]["fields"]), "... naming text and part")
r = c.post_json(f"/api/v1/consultations/{cid}/comments", {"text": "x", "contact": {"fax": "1"}})
t.eq(r.status, 422, "an unknown contact field is refused")
r = c.post_json("/api/v1/consultations/999999/comments", {"text": "x"})
t.eq(r.status, 404, "an unknown consultation is 404")
r = c.post_json(f"/api/v1/consultations/{cid}/comments", {"text": "Vi phạm: số điện thoại 0987654321"})
c5 = r.json()["id"]

# --- the public view ------------------------------------------------------------------------------
r = c.get_json(f"/api/v1/consultations/{cid}")
t.eq(r.status, 200, "anyone reads the consultation")
pub = r.json()
counts = {p["label"]: p["comments"] for p in pub["parts"]}
t.eq(counts["Điều 2, khoản 1"], 2, "parts carry their comment counts")
t.ok(SECRET_NAME not in r.text and SECRET_PHONE not in r.text, "no hidden name nor contact in the public JSON")
t.ok("Trần Thị Mai" in r.text, "a name the commenter chose to show is shown")
t.ok(all("reply" not in m for m in pub["comments"]), "no replies in public before the report")

# officers of the drafting unit see names, the contact only through its audited route
names0 = srv.count("audit_log", "action = 'view_contact' AND object_type = 'consultation'")
r = c.get_json(f"/api/v1/consultations/{cid}", token=handler)
t.ok(SECRET_NAME in r.text and SECRET_PHONE not in r.text, "the drafting unit sees the name, not the contact")
t.eq(srv.count("audit_log", "action = 'view_contact' AND object_type = 'consultation'"), names0 + 1,
     "... and that view of names is audited")
audit0 = srv.count("audit_log", "action = 'view_contact'")
r = c.get_json(f"/api/v1/consultations/{cid}/comments/{c1}/contact", token=handler)
t.eq(r.json().get("contact"), {"phone": SECRET_PHONE}, "the contact for the drafting unit")
t.eq(srv.count("audit_log", "action = 'view_contact'"), audit0 + 1, "... and that view is audited")
r = c.get_json(f"/api/v1/consultations/{cid}/comments/{c1}/contact", token=front)
t.eq(r.status, 404, "another unit's officer cannot see the contact")

# --- moderation ------------------------------------------------------------------------------------
r = c.post_json(f"/api/v1/consultations/{cid}/comments/{c5}/hide", {"reason": ""}, token=handler)
t.eq(r.status, 422, "hiding needs a reason")
r = c.post_json(f"/api/v1/consultations/{cid}/comments/{c5}/hide", {"reason": "Có thông tin cá nhân"}, token=front)
t.eq(r.status, 403, "another unit may not hide a comment")
r = c.post_json(f"/api/v1/consultations/{cid}/comments/{c5}/hide", {"reason": "Có thông tin cá nhân"}, token=handler)
t.eq(r.status, 200, "the drafting unit hides a comment with a reason")
r = c.get_json(f"/api/v1/consultations/{cid}")
t.ok("0987654321" not in r.text, "the hidden comment is gone from the public view")
r = c.get_json(f"/api/v1/consultations/{cid}", token=handler)
t.ok(any(m.get("hidden_reason") == "Có thông tin cá nhân" for m in r.json()["comments"]),
     "it stays in the register with its reason")

# --- versions ----------------------------------------------------------------------------------------
v2 = DRAFT.replace("Dành tối thiểu 1,5 m", "Dành tối thiểu 2 m").replace(
    "Điều 3. Trách nhiệm", "Điều 3. Lộ trình\n1. Quý I: rà soát.\nĐiều 4. Trách nhiệm").replace(
    "b) Nộp phí theo quy định.\n", "")
r = c.post_json(f"/api/v1/consultations/{cid}/versions", {"text": v2}, token=front)
t.eq(r.status, 403, "another unit may not post a version")
r = c.post_json(f"/api/v1/consultations/{cid}/versions", {"text": v2, "x": 1}, token=handler)
t.eq(r.status, 422, "unknown field in a version")
r = c.post_json(f"/api/v1/consultations/{cid}/versions", {"text": v2}, token=handler)
t.eq(r.status, 201, "the drafting unit posts version 2")
d2 = r.json()
t.eq(d2["version"], 2, "the current version is 2")
part2 = {p["label"]: p["id"] for p in d2["parts"]}
t.eq(part2["Điều 2, khoản 1"], part["Điều 2, khoản 1"], "a part keeps its id when its label survives")
t.ok("Điều 4" in part2 and part2["Điều 4"] not in part.values(), "a new part gets a new id")
t.ok("Điều 2, khoản 2, điểm b" not in part2, "a removed part is not in the new version")
t.eq({p["label"]: p["comments"] for p in d2["parts"]}["Điều 2, khoản 1"], 2, "comments stay on their part")
r = c.get_json(f"/api/v1/consultations/{cid}/diff?from=1&to=2")
t.eq(r.status, 200, "the diff between versions")
ch = {p["label"]: p["change"] for p in r.json()["parts"]}
t.eq((ch["Điều 2, khoản 1"], ch["Điều 4"], ch["Điều 2, khoản 2, điểm b"], ch["Điều 1"]),
     ("changed", "added", "removed", "unchanged"), "part by part: changed, added, removed, unchanged")
r = c.get_json(f"/api/v1/consultations/{cid}?version=1")
t.eq(len(r.json()["parts"]), 10, "version 1 can still be read")
r = c.get_json(f"/api/v1/consultations/{cid}?version=9")
t.eq(r.status, 404, "a version that does not exist is 404")

# --- replies --------------------------------------------------------------------------------------------
r = c.post_json(f"/api/v1/consultations/{cid}/comments/{c1}/reply", {"decision": "not_accepted"}, token=handler)
t.eq(r.status, 422, "not_accepted without text is 422")
t.ok("text" in r.json()["error"]["fields"], "... on text")
r = c.post_json(f"/api/v1/consultations/{cid}/comments/{c1}/reply", {"decision": "maybe", "text": "x"}, token=handler)
t.eq(r.status, 422, "an unknown decision is 422")
r = c.post_json(f"/api/v1/consultations/{cid}/comments/{c1}/reply",
                {"decision": "accepted", "text": "Đã sửa thành 2 m.", "part": part["Điều 2, khoản 1"]}, token=front)
t.eq(r.status, 403, "another unit may not reply")
r = c.post_json(f"/api/v1/consultations/{cid}/comments/{c1}/reply",
                {"decision": "accepted", "text": "Đã sửa thành 2 m.", "part": part["Điều 2, khoản 1"]}, token=handler)
t.eq(r.status, 200, "the drafting unit replies: accepted, with the changed part")
r = c.post_json(f"/api/v1/consultations/{cid}/comments/{c2}/group", {"into": c1}, token=handler)
t.eq(r.status, 200, "a near-duplicate is grouped with the first")
r = c.post_json(f"/api/v1/consultations/{cid}/comments/{c2}/reply", {"decision": "noted"}, token=handler)
t.eq(r.status, 409, "a grouped comment is answered through its group")
r = c.post_json(f"/api/v1/consultations/{cid}/comments/{c3}/reply",
                {"decision": "partly_accepted", "text": "Bổ sung Điều 3 về lộ trình."}, token=handler)
t.eq(r.status, 200, "the Front's comment gets a reply")

# --- publishing -----------------------------------------------------------------------------------------
r = c.post_json(f"/api/v1/consultations/{cid}/events", {"type": "publish_report"}, token=leader)
t.eq(r.status, 409, "publishing before closes_at is refused")
t.eq(r.json()["error"]["code"], "invalid_transition", "... invalid_transition")
r = c.get_json(f"/api/v1/consultations/{cid}/report")
t.eq(r.status, 404, "the report is not public before it is published")
r = c.get_json(f"/api/v1/consultations/{cid}/report", token=handler)
t.eq(r.status, 200, "the drafting unit reads the report any time")
t.eq(r.json()["totals"]["unanswered"], 1, "one comment is still unanswered")

# the period ends (the clock is the server's: move the consultation into the past)
db = srv.db()
past = int(time.time()) - 60
db.execute("UPDATE consultations SET closes_at = ?, opens_at = ? WHERE id = ?", (past, past - 21 * 86400, int(cid)))
db.commit()
r = c.post_json(f"/api/v1/consultations/{cid}/comments", {"text": "Muộn rồi"})
t.eq(r.status, 409, "a comment after closing is 409")
t.eq(r.json()["error"]["code"], "closed", "... closed")
r = c.post_json(f"/api/v1/consultations/{cid}/events", {"type": "publish_report"}, token=handler)
t.eq(r.status, 403, "a handler may not publish the report")
r = c.post_json(f"/api/v1/consultations/{cid}/events", {"type": "publish_report"}, token=leader)
t.eq(r.status, 409, "publishing with an unanswered comment is refused")
t.eq(r.json()["error"]["code"], "unanswered_comments", "... unanswered_comments")
r = c.post_json(f"/api/v1/consultations/{cid}/events", {"type": "send_to_front"}, token=leader)
t.eq(r.status, 409, "sending to the Front before publishing is an invalid transition")
r = c.post_json(f"/api/v1/consultations/{cid}/events", {"type": "dance"}, token=leader)
t.eq(r.status, 422, "an unknown event is 422")
r = c.post_json(f"/api/v1/consultations/{cid}/comments/{c4}/reply",
                {"decision": "noted", "text": "Mức phí sẽ niêm yết tại nhà văn hoá tổ dân phố."}, token=handler)
t.eq(r.status, 200, "the last comment is answered")
r = c.get_json("/api/v1/consultations?status=closed")
t.ok(any(i["id"] == cid for i in r.json()["items"]), "it lists as closed")
r = c.post_json(f"/api/v1/consultations/{cid}/events", {"type": "publish_report"}, token=leader)
t.eq(r.status, 200, "the leader publishes the report")
t.eq(r.json()["status"], "report_published", "... report_published")
r = c.post_json(f"/api/v1/consultations/{cid}/events", {"type": "publish_report"}, token=leader)
t.eq(r.status, 409, "publishing twice is an invalid transition")
r = c.post_json(f"/api/v1/consultations/{cid}/comments/{c1}/reply", {"decision": "noted", "text": "x"}, token=handler)
t.eq(r.status, 409, "replies are frozen once published")
r = c.post_json(f"/api/v1/consultations/{cid}/events", {"type": "send_to_front"}, token=leader)
t.eq(r.status, 200, "sending the report to the Front is recorded")
t.ok("sent_to_front_at" in r.json(), "... with its time")

# --- the report, JSON and XLSX ---------------------------------------------------------------------------
r = c.get_json(f"/api/v1/consultations/{cid}/report")
t.eq(r.status, 200, "the published report is public")
rep = r.json()
tot = rep["totals"]
t.eq((tot["comments"], tot["accepted"], tot["partly_accepted"], tot["noted"], tot["not_accepted"], tot["unanswered"]),
     (4, 2, 1, 1, 0, 0), "totals per decision (the grouped comment shares its group's reply)")
t.eq(tot["comments"], len(rep["rows"]), "the totals equal the rows")
for k in ("accepted", "partly_accepted", "noted", "not_accepted"):
    t.eq(tot[k], sum(1 for w in rep["rows"] if w["decision"] == k), f"total {k} equals its rows")
t.ok(SECRET_NAME not in r.text and SECRET_PHONE not in r.text and "0987654321" not in r.text,
     "the report has no hidden name, contact or hidden comment")
by = {w["comment"]: w["by"] for w in rep["rows"]}
t.eq(by["Kế hoạch cần nêu rõ lộ trình."], "Ủy ban Mặt trận Tổ quốc Việt Nam phường Hoàn Kiếm",
     "the Front's comment is in the organisation's name")
t.eq(by["Đề nghị để 2 m vỉa hè cho người đi bộ."], "Trần Thị Mai", "a shown name")
t.eq(by["Nên để 2 m cho người đi bộ ở phố Hàng Bạc."], "Người dân", "a hidden name is 'Người dân'")
t.ok(by["Mức phí cần công khai tại tổ dân phố."].endswith("(Hội nghị)"), "a recorded comment names its channel")
r = c.get(f"/api/v1/consultations/{cid}/report.xlsx")
t.eq(r.status, 200, "the report as XLSX")
t.ok((r.header("Content-Type") or "").startswith("application/vnd.openxmlformats"), "... with its media type")
READ_XLSX = """
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
print(json.dumps([[("" if v is None else v) for v in row] for row in wb.active.iter_rows(values_only=True)]))
"""
with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
    f.write(r.body)
    f.flush()
    # Debian's python3-openpyxl (scripts/deps --test), whichever python3 runs this test
    py = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    out = subprocess.run([py, "-c", READ_XLSX, f.name], capture_output=True, text=True)
t.eq(out.returncode, 0, "openpyxl opens the XLSX")
rows = json.loads(out.stdout or "[[]]")
t.eq(rows[0], ["part", "comment", "by", "decision", "reply"], "openpyxl reads the header row")
want = [[w["part"], w["comment"], w["by"], w["decision"] or "", w["reply"]] for w in rep["rows"]]
t.eq(rows[1:], want, "the XLSX rows equal the JSON report's rows")

# --- invited-only -----------------------------------------------------------------------------------------
r = c.post_json("/api/v1/consultations", dict(base, title="Dự thảo quy chế phối hợp", audience="invited"), token=leader)
t.eq(r.status, 422, "an invited-only draft needs its invited units")
r = c.post_json("/api/v1/consultations", dict(base, title="Dự thảo quy chế phối hợp", audience="invited",
                                              invited=["00070-MTTQ", "00070-PN"]), token=leader)
t.eq(r.status, 201, "an invited-only draft for the Front and the Women's Union")
iid = r.json()["id"]
t.eq(r.json()["invited"], ["00070-MTTQ", "00070-PN"], "its invited units")
r = c.get_json(f"/api/v1/consultations/{iid}")
t.eq(r.status, 200, "others may read it")
r = c.post_json(f"/api/v1/consultations/{iid}/comments", {"text": "Tôi muốn góp ý"})
t.eq(r.status, 403, "a citizen may not comment on an invited-only draft")
r = c.post_json(f"/api/v1/consultations/{iid}/comments", {"text": "Ý kiến của Mặt trận"}, token=front)
t.eq(r.status, 201, "the invited Front comments")

# --- list and search ----------------------------------------------------------------------------------------
r = c.get_json("/api/v1/consultations?status=open&q=quy%20che%20phoi%20hop")
t.eq([i["id"] for i in r.json()["items"]], [iid], "q= finds a draft by folded words")
r = c.get_json("/api/v1/consultations?q=Bi%20Mat%200912345678")
t.eq(r.json()["total"], 0, "names and contacts are not searchable")
r = c.get_json("/api/v1/consultations?q=via%20he&per_page=1&page=2")
t.ok(r.json()["total"] >= 2 and len(r.json()["items"]) == 1 and r.json()["page"] == 2,
     "q= with paging (the demo's pavement plan, and this suite's two drafts)")
r = c.get("/gop-y?q=phoi%20hop&status=open")
t.ok("Dự thảo quy chế phối hợp" in r.text and "Kế hoạch sắp xếp trật tự vỉa hè" not in r.text, "the list page searches too")
r = c.get_json("/api/v1/consultations?status=sometime")
t.eq(r.status, 422, "a bad status is 422")
r = c.get_json("/api/v1/consultations?page=0")
t.eq(r.status, 422, "a bad page is 422")

# --- pages ----------------------------------------------------------------------------------------------------
r = c.get("/gop-y")
t.eq(r.status, 200, "the public list page")
t.ok("Dự thảo quy chế phối hợp" in r.text, "it lists the drafts")
r = c.get(f"/gop-y/{cid}")
t.eq(r.status, 200, "a closed draft's page")
t.ok("Đã sửa thành 2 m." in r.text and "Tiếp thu" in r.text, "it shows each comment with its reply")
t.ok(SECRET_NAME not in r.text and SECRET_PHONE not in r.text and "0987654321" not in r.text,
     "no hidden name, contact or hidden comment on the page")
r = c.get(f"/gop-y/{cid}/bao-cao")
t.eq(r.status, 200, "the printable report page")
t.ok("Tổng số ý kiến" in r.text and SECRET_NAME not in r.text, "it has the totals and no hidden name")
r = c.get("/gop-y/999999")
t.eq(r.status, 404, "an unknown draft page is 404")
r = c.get(f"/gop-y/{iid}")
t.ok("tổ chức được mời" in r.text, "an invited-only page says who may comment")

# --- the pages' forms ------------------------------------------------------------------------------------------
r = c.post_json("/api/v1/consultations", dict(base, title="Phương án đặt thùng rác phân loại"), token=leader)
pid = r.json()["id"]
ppart = {p["label"]: p["id"] for p in r.json()["parts"]}
web = srv.client()
page = web.get(f"/gop-y/{pid}")
t.ok("còn 20 ngày" in page.text or "còn 21 ngày" in page.text, "an open draft shows the time left")
t.ok(f'id="p-{ppart["Điều 3"]}"' in page.text, "each part has its anchor and form")
tok = csrf_of(page.text)
n0 = srv.count("consultation_comments")
r = web.post_form(f"/gop-y/{pid}/y-kien", {"csrf": tok, "part": ppart["Điều 3"], "text": "Nên đặt thùng ở đầu ngõ.",
                                           "name": "Hoàng Văn Kín", "phone": "0901112223"})
t.eq(r.status, 303, "a citizen comments on a part from the page")
t.ok(f"#p-{ppart['Điều 3']}" in (r.header("Location") or ""), "... and goes back to that part")
t.eq(srv.count("consultation_comments"), n0 + 1, "one comment written")
page = web.get(r.header("Location").split("#")[0])
t.ok("Nên đặt thùng ở đầu ngõ." in page.text and "Hoàng Văn Kín" not in page.text and "0901112223" not in page.text,
     "the comment is public, the name not shown without consent, the phone never")
r = web.post_form(f"/gop-y/{pid}/y-kien", {"csrf": tok, "part": ppart["Điều 3"], "text": " "})
t.eq(r.status, 422, "a blank comment is refused on the page")
t.ok("error-summary" in r.text, "... with an error summary")
r = web.post_form(f"/gop-y/{pid}/y-kien", {"csrf": tok, "text": "Số sai", "phone": "gọi tôi <script>"})
t.eq(r.status, 422, "a malformed phone is refused")
r = c.post_json("/api/v1/consultations", dict(base, invited=["00070-MTTQ"]), token=leader)
t.eq(r.status, 422, "invited units on a public draft are refused")
r = web.post_form(f"/gop-y/{pid}/y-kien", {"part": ppart["Điều 3"], "text": "Không có CSRF"})
t.eq(r.status, 403, "a form without its CSRF token is refused")
t.eq(srv.count("consultation_comments"), n0 + 1, "refused comments write nothing")
r = web.post_form(f"/gop-y/{iid}/y-kien", {"csrf": tok, "text": "Tôi không được mời"})
t.eq(r.status, 403, "the page refuses a citizen on an invited-only draft")

off, r = srv.login("xuly.hoankiem")
page = off.get(f"/quan-ly/gop-y/{pid}")
t.eq(page.status, 200, "the drafting unit's register")
t.ok("Hoàng Văn Kín" in page.text and "0901112223" not in page.text, "it shows the name, not the contact")
otok = csrf_of(page.text)
web_cid = str(srv.db().execute("SELECT max(id) FROM consultation_comments").fetchone()[0])
r = off.post_form(f"/quan-ly/gop-y/{pid}/thao-tac", {"csrf": otok, "action": "reply", "comment": web_cid,
                                                  "decision": "not_accepted", "text": ""})
t.eq(r.status, 422, "not accepted without a reason is refused on the page")
r = off.post_form(f"/quan-ly/gop-y/{pid}/thao-tac", {"csrf": otok, "action": "reply", "comment": web_cid,
                                                  "decision": "accepted", "text": "Bổ sung vị trí đầu ngõ.",
                                                  "part": ppart["Điều 3"]})
t.eq(r.status, 303, "the officer replies from the register")
r = off.post_form(f"/quan-ly/gop-y/{pid}/thao-tac", {"csrf": otok, "action": "record", "channel": "letter",
                                                  "text": "Thư của ông Tư đề nghị thêm thùng ở chợ.", "name": "Ông Tư"})
t.eq(r.status, 303, "the officer records a letter")
t.ok(srv.count("consultation_comments", "channel = 'letter'") >= 1, "... with its channel")
r = off.post_form(f"/quan-ly/gop-y/{pid}/thao-tac", {"csrf": otok, "action": "publish_report"})
t.eq(r.status, 403, "a handler may not publish from the page")
front_web, r = srv.login("mattran.hoankiem")
r = front_web.get(f"/quan-ly/gop-y/{pid}")
t.eq(r.status, 403, "another unit's officer has no register")
lead_web, r = srv.login("lanhdao.hoankiem")
page = lead_web.get("/quan-ly/gop-y")
t.ok("Đăng dự thảo mới" in page.text, "the leader has the form to publish a draft")
ltok = csrf_of(page.text)
r = lead_web.post_form("/quan-ly/gop-y", {"csrf": ltok, "unit": "00070-UBND", "title": "Dự thảo ngắn hạn",
                                          "text": "Điều 1. Thử", "opens_on": "2026-01-01", "closes_on": "2026-01-10"})
t.eq(r.status, 422, "the page refuses a period under the minimum")
t.ok("ít nhất 20 ngày" in r.text, "... saying the minimum")
r = lead_web.post_form("/quan-ly/gop-y", {"csrf": ltok, "unit": "00070-UBND", "title": "Dự thảo từ trang quản lý",
                                          "text": "Điều 1. Thử\n1. Khoản một", "opens_on": "2026-01-01",
                                          "closes_on": "2026-01-31"})
t.eq(r.status, 303, "the leader publishes a draft from the page")
r = lead_web.get(f"/quan-ly/gop-y/{cid}")
t.ok("Đã sửa thành 2 m." in r.text, "the register shows the replies")
r = c.get(f"/gop-y/{cid}/so-sanh?tu=1&den=2")
t.eq(r.status, 200, "the diff page")
t.ok("Đã sửa" in r.text and "Mới" in r.text and "Đã bỏ" in r.text, "it marks changed, new and removed parts")

# reports: the monthly roll-up of meetings, bookings and comments (migration
# 0036) equals the records added up, after every write of this suite
diff = srv.record_month_diff()
t.ok(not diff, "the report roll-ups equal the meetings, bookings, comments, models and commendations added up", repr(diff[:5]))

srv.stop(t)
t.done()
