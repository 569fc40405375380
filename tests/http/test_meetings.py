"""HTTP tests of meetings (API.md "Meetings, dialogues and citizen
reception"; docs/meetings.md): planning, the list and one meeting as each
caller may see them, the workflow events and their 409s, petitions that
become ordinary feedback items linked to the meeting (one by one and as a
batch, all or nothing), the results, the legal timing warnings, the
iCalendar feed read back by Python's icalendar, the pages, and privacy: no
speaker's name or phone in any public page, JSON, feed or search."""
import datetime
import sys

sys.path.insert(0, "tests/http")
from harness import ENGINE, TAP, Server, csrf_of  # noqa: E402

try:
    import icalendar
except ImportError:
    sys.path.append("/usr/lib/python3/dist-packages")
    import icalendar

VN = datetime.timezone(datetime.timedelta(hours=7))

t = TAP()
srv = Server(demo=True)
api = srv.client()


def token(username):
    r = api.post_json("/api/v1/tokens", {"username": username, "password": "demo-password"})
    return r.json()["token"] if r.status == 201 else None


LEADER = token("lanhdao.hoankiem")      # leader at 00070
FRONT = token("mattran.hoankiem")       # front at 00070-MTTQ
HANDLER = token("xuly.hoankiem")        # handler at 00070-UBND
VIEWER = token("theodoi.hoankiem")      # viewer at 00070
OTHER = token("lanhdao.cuanam")         # leader of another ward (00082)
t.ok(all([LEADER, FRONT, HANDLER, VIEWER, OTHER]), "API tokens for the demo officers")


def iso(days, hour=8, minute=0):
    d = datetime.datetime.now(VN).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return (d + datetime.timedelta(days=days)).isoformat()


def post_multipart(client, path, fields, files=()):
    """POST form fields and (field, filename, type, bytes) files."""
    boundary = "----danvan-meeting-boundary-5QX"
    out = b""
    for k, v in fields:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n").encode() + v.encode() + b"\r\n"
    for k, name, ctype, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\n"
                f"Content-Type: {ctype}\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return client.request("POST", path, out, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def meeting(**kw):
    m = {"kind": "voter_contact", "title": "Tiếp xúc cử tri trước kỳ họp thứ 5 HĐND phường",
         "unit": "00070", "starts_at": iso(20), "ends_at": iso(20, 11), "place": "Hội trường UBND phường",
         "hosts": ["Nguyễn Thị Hoà", "Đại biểu Trần Văn An"]}
    m.update(kw)
    return m


SPEAKER = "Bùi Văn Phát Biểu"
SPEAKER_PHONE = "0987 654 321"

# --- create -------------------------------------------------------------------
N0 = srv.count("meetings")
t.ok(N0 > 0, "the demo has meetings")
db = srv.db()
st = {row[0] for row in db.execute("SELECT status FROM meetings")}
t.ok({"planned", "held", "closed", "cancelled"} <= st, "demo meetings in every status")
t.ok(db.execute("SELECT count(*) FROM meetings WHERE postponed_from IS NOT NULL").fetchone()[0] >= 1, "one postponed")
t.ok({"voter_contact", "dialogue", "conference"} <= {row[0] for row in db.execute("SELECT kind FROM meetings")},
     "voter contact, dialogue and conferences")
fst = {row[0] for row in db.execute("SELECT status FROM feedback WHERE meeting_id IS NOT NULL")}
t.ok({"received", "assigned", "answered", "published", "closed", "rejected"} <= fst, "petitions in every status")
bad = db.execute("SELECT count(*) FROM meetings m JOIN units u ON u.id = m.unit_id "
                 "WHERE m.starts_at < u.valid_from OR (u.valid_to IS NOT NULL AND m.starts_at >= u.valid_to)").fetchone()[0]
t.eq(bad, 0, "every demo meeting's unit existed on its date")
db.close()
r = api.post_json("/api/v1/meetings", meeting(), token=LEADER)
t.eq(r.status, 201, "a leader plans a voter contact meeting")
m1 = r.json()
t.eq(m1.get("status"), "planned", "it is planned")
t.ok(isinstance(m1.get("id"), str), "ids are strings")
t.eq(m1.get("hosts"), ["Nguyễn Thị Hoà", "Đại biểu Trần Văn An"], "hosts kept")
t.ok(m1.get("starts_at", "").endswith("+07:00"), "times in Vietnam time")
t.ok(r.header("Location") == f"/api/v1/meetings/{m1['id']}", "Location names it")
MID = m1["id"]

r = api.post_json("/api/v1/meetings", meeting(kind="dialogue", title="Đối thoại với Nhân dân phường về bãi gửi xe Hàng Khay",
                                              unit="00070-MTTQ", starts_at=iso(3, 14), ends_at=iso(3, 17)),
                  token=FRONT)
t.eq(r.status, 201, "the front plans a dialogue in its unit")
DIALOGUE = r.json()["id"]

r = api.post_json("/api/v1/meetings", meeting(title="Hội nghị nội bộ chi bộ phường", kind="conference",
                                              public=False), token=LEADER)
t.eq(r.status, 201, "an internal conference")
INTERNAL = r.json()["id"]
t.eq(r.json().get("public"), False, "it is internal")

r = api.post_json("/api/v1/meetings", meeting(kind="reception", title="Tiếp công dân định kỳ của Chủ tịch",
                                              capacity=10), token=LEADER)
t.eq(r.status, 201, "a reception session")
RECEPTION = r.json()["id"]
t.eq(r.json().get("capacity"), 10, "with its capacity")

# errors of create
r = api.post_json("/api/v1/meetings", meeting(), token=HANDLER)
t.eq(r.status, 403, "a handler may not plan meetings")
r = api.post_json("/api/v1/meetings", meeting(), token=OTHER)
t.eq(r.status, 403, "another ward's leader may not plan ours")
r = api.post_json("/api/v1/meetings", meeting(), token=None)
t.eq(r.status, 401, "no token: 401")
r = api.post_json("/api/v1/meetings", meeting(colour="red"), token=LEADER)
t.eq(r.status, 422, "unknown field refused")
t.ok("colour" in r.json()["error"].get("fields", {}), "and named")
r = api.post_json("/api/v1/meetings", None, token=LEADER, raw='{"kind": "dialogue",')
t.eq(r.status, 400, "malformed JSON 400")
t.eq(r.json()["error"]["code"], "malformed_json", "malformed_json")
r = api.post_json("/api/v1/meetings", None, token=LEADER, raw=b'{"kind": "dialogue", "title": "\xff\xfe"}')
t.eq(r.status, 400, "invalid UTF-8 400")
t.eq(r.json()["error"]["code"], "invalid_utf8", "invalid_utf8")
r = api.post_json("/api/v1/meetings", meeting(kind="party", title="abc", starts_at="mai", ends_at=iso(1),
                                              place="", unit="KHONG-CO", capacity=0, online_url="ftp://x"),
                  token=LEADER)
t.eq(r.status, 422, "bad fields 422")
fields = r.json()["error"].get("fields", {})
for f in ("starts_at", "capacity"):
    t.ok(f in fields, f"field {f} named (format)")
r = api.post_json("/api/v1/meetings", meeting(kind="party", title="abc", ends_at=iso(19), place="",
                                              online_url="ftp://x"), token=LEADER)
t.eq(r.status, 422, "bad values 422")
fields = r.json()["error"].get("fields", {})
for f in ("kind", "title", "ends_at", "place", "online_url"):
    t.ok(f in fields, f"field {f} named")
n_meetings = srv.count("meetings")
t.eq(n_meetings, N0 + 4, "refused meetings wrote nothing")

# --- reading -------------------------------------------------------------------
r = api.get_json("/api/v1/meetings?per_page=100")
t.eq(r.status, 200, "public list")
ids = [m["id"] for m in r.json()["items"]]
t.ok(MID in ids and DIALOGUE in ids and RECEPTION in ids, "public meetings listed, reception ones too")
t.ok(INTERNAL not in ids, "the internal one is not public")
t.ok(ids.index(DIALOGUE) < ids.index(MID) < ids.index(RECEPTION) or ids.index(DIALOGUE) < ids.index(RECEPTION),
     "upcoming first: the soonest first")
past = [m for m in r.json()["items"] if m["status"] in ("closed", "cancelled")]
t.ok(past and ids.index(past[0]["id"]) > ids.index(MID), "past meetings after the upcoming ones")
r = api.get_json("/api/v1/meetings", token=VIEWER)
t.ok(INTERNAL in [m["id"] for m in r.json()["items"]], "an officer of the unit sees it")
r = api.get_json("/api/v1/meetings", token=OTHER)
t.ok(INTERNAL not in [m["id"] for m in r.json()["items"]], "another ward's officer does not")
r = api.get_json(f"/api/v1/meetings/{INTERNAL}")
t.eq(r.status, 404, "internal meeting: 404 to the public")
r = api.get_json(f"/api/v1/meetings/{INTERNAL}", token=OTHER)
t.eq(r.status, 404, "and to another ward")
r = api.get_json(f"/api/v1/meetings/{INTERNAL}", token=VIEWER)
t.eq(r.status, 200, "and 200 to its unit")
r = api.get_json("/api/v1/meetings/999999")
t.eq(r.status, 404, "unknown meeting 404")
r = api.get_json("/api/v1/meetings/abc")
t.eq(r.status, 404, "malformed id 404")
r = api.get_json("/api/v1/meetings?kind=dialogue&per_page=100")
t.ok(DIALOGUE in [m["id"] for m in r.json()["items"]] and {m["kind"] for m in r.json()["items"]} == {"dialogue"},
     "filter by kind")
r = api.get_json("/api/v1/meetings?unit=00070-MTTQ&per_page=100")
t.ok(DIALOGUE in [m["id"] for m in r.json()["items"]] and {m["unit"] for m in r.json()["items"]} == {"00070-MTTQ"},
     "filter by unit")
r = api.get_json("/api/v1/meetings?unit=00070&per_page=100")
t.ok({MID, DIALOGUE, RECEPTION} <= {m["id"] for m in r.json()["items"]}, "a unit with its sub-units")
r = api.get_json("/api/v1/meetings?unit=00082")
t.eq(r.json()["total"], 0, "another ward's list is empty")
r = api.get_json("/api/v1/meetings?q=bai%20gui%20xe%20hang%20khay")
t.eq([m["id"] for m in r.json()["items"]], [DIALOGUE], "q finds without accents")
r = api.get_json("/api/v1/meetings?q=noi%20bo%20chi%20bo")
t.eq(r.json()["total"], 0, "search: the public does not find an internal meeting")
r = api.get_json("/api/v1/meetings?q=noi%20bo%20chi%20bo", token=VIEWER)
t.eq([m["id"] for m in r.json()["items"]], [INTERNAL], "its unit's officer does")
r = api.get_json("/api/v1/meetings?q=Tr%E1%BA%A7n%20V%C4%83n%20An")
t.ok(MID in [m["id"] for m in r.json()["items"]], "search finds a meeting by its hosts")
r = api.get_json("/api/v1/meetings?q=%22OR%20(")
t.eq(r.status, 200, "search syntax typed by a person is harmless")
FTS = ("search_fts", "rowid") if ENGINE == "postgresql" else ("search_fts_docsize", "id")  # SQLite: the index's own rows
t.eq(srv.count(FTS[0], f"{FTS[1]} > 2199023255552 AND {FTS[1]} < 3298534883328"), srv.count("meetings"),
     "every meeting is in the search index, kind 2")
r = api.get_json("/api/v1/meetings?kind=party&from=hom-qua")
t.eq(r.status, 422, "bad filters 422")
t.ok({"kind", "from"} <= set(r.json()["error"]["fields"]), "each named")
r = api.get_json(f"/api/v1/meetings?from={iso(10)[:10]}")
t.ok(DIALOGUE not in [m["id"] for m in r.json()["items"]] and MID in [m["id"] for m in r.json()["items"]],
     "from= filters by start")
r = api.get_json(f"/api/v1/meetings/{MID}")
t.eq(r.status, 200, "one public meeting")
t.eq(r.json().get("results"), {"petitions": 0, "answered": 0, "published": 0, "overdue": 0}, "results empty")
t.ok("events" not in r.json() and "warnings" not in r.json(), "no timeline or warnings for the public")

# --- warnings -----------------------------------------------------------------------
r = api.get_json(f"/api/v1/meetings/{DIALOGUE}", token=FRONT)
rules = [w["rule"] for w in r.json().get("warnings", [])]
t.ok("dialogue.notice" in rules, "a dialogue announced 3 days ahead is warned (7 days)")
r = api.post_json("/api/v1/meetings", meeting(starts_at=iso(2), ends_at=iso(2, 11)), token=LEADER)
SOON = r.json()["id"]
r = api.get_json(f"/api/v1/meetings/{SOON}", token=LEADER)
t.ok("voter_contact.notice" in [w["rule"] for w in r.json().get("warnings", [])],
     "a voter meeting 2 days ahead is warned (7 working days)")
r = api.get_json(f"/api/v1/meetings/{MID}", token=LEADER)
t.ok("voter_contact.notice" not in [w["rule"] for w in r.json().get("warnings", [])],
     "one 20 days ahead is not")

# --- events ----------------------------------------------------------------------
def event(mid, tok, **kw):
    return api.post_json(f"/api/v1/meetings/{mid}/events", kw, token=tok)


r = event(MID, LEADER, type="minutes", text="Biên bản chưa thể có trước khi họp.")
t.eq(r.status, 409, "minutes before the meeting is held: 409")
t.eq(r.json()["error"]["code"], "invalid_transition", "invalid_transition")
r = event(MID, LEADER, type="approve_minutes")
t.eq(r.status, 409, "approve while planned: 409")
r = event(MID, HANDLER, type="hold", attendance=120)
t.eq(r.status, 403, "a handler may not hold it")
r = event(MID, OTHER, type="hold", attendance=120)
t.eq(r.status, 403, "another ward may not (public meeting: 403)")
r = event(INTERNAL, OTHER, type="hold", attendance=12)
t.eq(r.status, 404, "another ward, internal meeting: 404")
r = event(MID, LEADER, type="fly")
t.eq(r.status, 422, "unknown type 422")
r = event(MID, LEADER, type="hold", attendance=120, colour=1)
t.eq(r.status, 422, "unknown field 422")
r = event(MID, LEADER, type="hold")
t.eq(r.status, 422, "hold without attendance 422")
t.ok("attendance" in r.json()["error"]["fields"], "attendance named")
r = event(MID, LEADER, type="postpone", starts_at=iso(30), ends_at=iso(30, 11), reason="x")
t.eq(r.status, 422, "postpone with a short reason 422")
r = event(MID, LEADER, type="postpone", starts_at=iso(30), ends_at=iso(29), reason="Trùng lịch họp HĐND thành phố")
t.eq(r.status, 422, "postpone ending before it starts 422")
r = event(MID, LEADER, type="postpone", starts_at=iso(30), ends_at=iso(30, 11), reason="Trùng lịch họp HĐND thành phố")
t.eq(r.status, 200, "postponed")
t.eq(r.json()["status"], "planned", "still planned")
t.eq(r.json().get("postponed"), True, "marked postponed")
t.eq(r.json().get("postpone_reason"), "Trùng lịch họp HĐND thành phố", "with its reason")
t.eq(r.json().get("postponed_from"), m1["starts_at"], "and the first announced start")
page = api.get(f"/hoi-nghi/{MID}")
t.ok("Hoãn" in page.text and "Trùng lịch họp HĐND thành phố" in page.text, "the public page says Hoãn, and why")

r = event(SOON, LEADER, type="cancel")
t.eq(r.status, 422, "cancel without a reason 422")
r = event(SOON, LEADER, type="cancel", reason="Thay bằng hội nghị trực tuyến")
t.eq(r.status, 200, "cancelled")
t.eq(r.json()["status"], "cancelled", "status cancelled")
r = event(SOON, LEADER, type="hold", attendance=3)
t.eq(r.status, 409, "a cancelled meeting cannot be held")
page = api.get(f"/hoi-nghi/{SOON}")
t.ok("Đã hủy" in page.text and "Thay bằng hội nghị trực tuyến" in page.text, "the public page says cancelled")

audit0 = srv.count("audit_log", "action LIKE 'meeting.%'")
r = event(MID, LEADER, type="hold", attendance=120)
t.eq(r.status, 200, "held")
t.eq((r.json()["status"], r.json().get("attendance")), ("held", 120), "held with its attendance")
r = event(MID, LEADER, type="hold", attendance=120)
t.eq(r.status, 409, "held twice: 409")
r = event(MID, LEADER, type="approve_minutes")
t.eq(r.status, 409, "approve before any minutes: 409")
r = event(MID, FRONT, type="minutes", text="Biên bản: 120 cử tri dự, 3 ý kiến về trật tự đô thị.")
t.eq(r.status, 403, "the ward's front officer (in 00070-MTTQ) does not reach 00070")
r = event(MID, LEADER, type="minutes", text="ngắn")
t.eq(r.status, 422, "too short minutes 422")
r = event(MID, LEADER, type="minutes", text="Biên bản: 120 cử tri dự, 3 ý kiến về trật tự đô thị.")
t.eq(r.status, 200, "minutes drafted")
pub = api.get_json(f"/api/v1/meetings/{MID}").json()
t.ok("minutes" not in pub, "draft minutes are not public")
r = event(MID, LEADER, type="approve_minutes")
t.eq(r.status, 200, "a leader approves the minutes")
t.eq(r.json()["status"], "closed", "closed")
pub = api.get_json(f"/api/v1/meetings/{MID}").json()
t.ok(pub.get("minutes", "").startswith("Biên bản: 120"), "approved minutes are public")
r = event(MID, LEADER, type="cancel", reason="Muộn rồi không hủy được")
t.eq(r.status, 409, "a closed meeting cannot be cancelled")
t.eq(srv.count("audit_log", "action LIKE 'meeting.%'"), audit0 + 3, "each event audited once (hold, minutes, approve)")
t.eq(srv.count("meeting_events", "meeting_id = ?", (int(MID),)), 5, "timeline: create, postpone, hold, minutes, approve")

# --- petitions -------------------------------------------------------------------
def petition(mid, tok, **kw):
    p = {"title": "Lấn chiếm vỉa hè phố Hàng Bạc", "body": "Nhiều hộ kinh doanh lấn chiếm vỉa hè, người đi bộ phải đi xuống lòng đường.",
         "category": "xay-dung-trat-tu-do-thi", "speaker": {"name": SPEAKER, "phone": SPEAKER_PHONE}}
    p.update(kw)
    return api.post_json(f"/api/v1/meetings/{mid}/petitions", p, token=tok)


r = petition(MID, LEADER)
t.eq(r.status, 201, "a petition recorded")
t.eq(r.json().get("status"), "received", "status received")
t.ok(set(r.json()) == {"code", "status"}, "only code and status")
P1 = r.json()["code"]
item = api.get_json(f"/api/v1/feedback/{P1}", token=LEADER).json()
t.eq(item.get("meeting"), MID, "the item's view carries the meeting")
t.eq(item.get("channel"), "voter_meeting", "the channel of a voter meeting")
t.eq(item.get("contact", {}).get("name"), SPEAKER, "the speaker is the sender (officers)")
pubitem = api.get_json(f"/api/v1/feedback/{P1}").json()
t.eq(pubitem.get("meeting"), MID, "the public view names the meeting too")
t.ok(SPEAKER not in str(pubitem) and "0987654321" not in str(pubitem), "but not the speaker")
r = petition(DIALOGUE, FRONT, title="Cần thêm đèn chiếu sáng ngõ 12", public=False)
t.eq(r.status, 201, "a private petition at the dialogue")
P2 = r.json()["code"]
t.eq(api.get_json(f"/api/v1/feedback/{P2}", token=FRONT).json().get("channel"), "dialogue", "dialogue channel")
r = petition(RECEPTION, LEADER, title="Khiếu nại về cấp giấy phép xây dựng")
t.eq(api.get_json(f"/api/v1/feedback/{r.json()['code']}", token=LEADER).json().get("channel"), "in_person",
     "a reception session's petitions: in person")
r = petition(MID, VIEWER)
t.eq(r.status, 403, "a viewer may not record")
r = petition(INTERNAL, OTHER)
t.eq(r.status, 404, "another ward, internal meeting: 404")
r = petition(SOON, LEADER)
t.eq(r.status, 409, "not at a cancelled meeting")
r = petition(MID, LEADER, title="x", category="khong-co", speaker={"name": SPEAKER, "phone": "123"})
t.eq(r.status, 422, "bad petition 422")
t.ok({"title", "category", "speaker.phone"} <= set(r.json()["error"]["fields"]), "fields named, the speaker's too")
r = petition(MID, LEADER, speaker={"name": SPEAKER, "age": 70})
t.eq(r.status, 422, "unknown speaker field 422")
r = petition(MID, LEADER, speaker={"phone": SPEAKER_PHONE})
t.eq(r.status, 422, "a speaker needs a name")

# the public meeting: petitions and live results
pub = api.get_json(f"/api/v1/meetings/{MID}").json()
t.eq([p["code"] for p in pub["petitions"]], [P1], "its petitions")
t.eq(pub["petitions"][0]["status"], "received", "with their live status")
t.eq(pub["results"]["petitions"], 1, "results: one raised")
d = api.get_json(f"/api/v1/meetings/{DIALOGUE}").json()
t.eq(d["petitions"], [], "a private petition is not listed publicly")
t.eq(d["results"]["petitions"], 1, "but counted")

# answer and publish P1: the results follow
ev = lambda code, tok, **kw: api.post_json(f"/api/v1/feedback/{code}/events", kw, token=tok)  # noqa: E731
t.eq(ev(P1, LEADER, type="assign", unit="00070-UBND").status, 200, "assigned")
t.eq(ev(P1, HANDLER, type="answer", text="UBND phường đã ra quân xử lý lấn chiếm vỉa hè.").status, 200, "answered")
res = api.get_json(f"/api/v1/meetings/{MID}").json()["results"]
t.eq((res["answered"], res["published"]), (1, 0), "answered, not yet published")
t.eq(ev(P1, LEADER, type="publish").status, 200, "published")
res = api.get_json(f"/api/v1/meetings/{MID}").json()["results"]
t.eq((res["answered"], res["published"]), (1, 1), "results follow the item live")

# --- the iCalendar feed --------------------------------------------------------------
r = api.get("/api/v1/meetings.ics?unit=00070")
t.eq(r.status, 200, "the feed of a unit")
t.ok((r.header("Content-Type") or "").startswith("text/calendar"), "text/calendar")
cal = icalendar.Calendar.from_ical(r.body)
evs = [c for c in cal.walk("VEVENT")]
uids = [str(e["UID"]) for e in evs]
t.ok(any(u.startswith(f"meeting-{MID}@") for u in uids), "the closed meeting is in it")
t.ok(any(u.startswith(f"meeting-{DIALOGUE}@") for u in uids), "a sub-unit's too")
t.ok(not any(u.startswith(f"meeting-{INTERNAL}@") for u in uids), "not the internal one")
t.eq(len(set(uids)), len(uids), "UIDs are unique")
e = [e for e in evs if str(e["UID"]).startswith(f"meeting-{DIALOGUE}@")][0]
start = e.decoded("DTSTART")
t.eq(start.utcoffset(), datetime.timedelta(hours=7), "DTSTART in Asia/Ho_Chi_Minh (+07:00)")
t.eq(start.isoformat(), iso(3, 14), "at the right time")
t.ok(e.get("DTSTAMP") is not None and e.get("DTEND") is not None, "DTSTAMP and DTEND")
t.eq(str(e["SUMMARY"]), "Đối thoại với Nhân dân phường về bãi gửi xe Hàng Khay", "SUMMARY in Vietnamese")
t.eq(str(e["LOCATION"]), "Hội trường UBND phường", "LOCATION")
t.ok(str(e["URL"]).endswith(f"/hoi-nghi/{DIALOGUE}"), "URL back to its page")
t.ok(b"\r\n" in r.body and all(len(line) <= 75 for line in r.body.split(b"\r\n")), "lines folded at 75 octets")
cancelled = [e for e in evs if str(e["UID"]).startswith(f"meeting-{SOON}@")][0]
t.eq(str(cancelled["STATUS"]), "CANCELLED", "a cancelled meeting says so")
r = api.get("/api/v1/meetings.ics")
t.eq(r.status, 422, "the feed needs a unit")
r = api.get("/api/v1/meetings.ics?unit=KHONG-CO")
t.eq(r.status, 404, "unknown unit 404")
t.ok(SPEAKER.encode() not in api.get("/api/v1/meetings.ics?unit=00070").body, "no speaker in the feed")

ICS_TEXT = api.get("/api/v1/meetings.ics?unit=00070").text

# --- pages -------------------------------------------------------------------------------
page = api.get("/hoi-nghi")
t.eq(page.status, 200, "public schedule page")
t.ok("Đối thoại với Nhân dân phường về bãi gửi xe Hàng Khay" in page.text, "lists a meeting")
t.ok("Hội nghị nội bộ chi bộ phường" not in page.text, "not the internal one")
t.ok(page.text.index("Đối thoại với Nhân dân phường về bãi gửi xe Hàng Khay") <
     page.text.index("Tiếp công dân định kỳ của Chủ tịch"), "upcoming first")
page = api.get("/hoi-nghi?kind=dialogue")
t.ok("Tiếp công dân định kỳ" not in page.text and "bãi gửi xe Hàng Khay" in page.text, "filter by kind")
page = api.get("/hoi-nghi?kind=bogus")
t.eq(page.status, 200, "an unknown kind shows the schedule unfiltered")
page = api.get(f"/hoi-nghi/{MID}")
t.eq(page.status, 200, "a meeting's page")
t.ok(P1 in page.text and "Biên bản: 120" in page.text, "its petitions and approved minutes")
t.eq(api.get(f"/hoi-nghi/{INTERNAL}").status, 404, "internal meeting page 404")
t.eq(api.get("/hoi-nghi/khong-co").status, 404, "bad id page 404")

PUBLIC_TEXT = "".join([api.get("/hoi-nghi").text, api.get(f"/hoi-nghi/{MID}").text,
                       api.get(f"/hoi-nghi/{DIALOGUE}").text, api.get(f"/hoi-nghi/{RECEPTION}").text,
                       api.get_json("/api/v1/meetings").text, api.get_json(f"/api/v1/meetings/{MID}").text,
                       api.get_json(f"/api/v1/meetings/{DIALOGUE}").text, ICS_TEXT,
                       api.get("/phan-anh").text, api.get_json(f"/api/v1/feedback/{P1}").text])
srv.search_settled()
PUBLIC_TEXT += api.get_json("/api/v1/feedback?q=Hang%20Bac").text + api.get("/phan-anh?q=bui%20van").text
PUBLIC_TEXT += api.get_json("/api/v1/meetings?q=bui%20van").text
for needle in (SPEAKER, "0987654321", "0987 654 321", "Bui Van Phat"):
    t.ok(needle not in PUBLIC_TEXT, f"privacy: '{needle}' in no public page, JSON, feed or search")

# officer pages
off, r = srv.login("lanhdao.hoankiem")
page = off.get("/quan-ly/hoi-nghi")
t.eq(page.status, 200, "officer list")
t.ok("Hội nghị nội bộ chi bộ phường" in page.text or off.get("/quan-ly/hoi-nghi?page=2").text.count("Hội nghị nội bộ chi bộ phường"),
     "with the unit's internal meetings")
t.ok("lưu ý thời hạn" in page.text, "the list marks meetings with legal timing warnings")
tok = csrf_of(page.text)
r = off.post_form("/quan-ly/hoi-nghi", {"csrf": tok, "kind": "conference", "title": "Hội nghị sơ kết công tác dân vận",
                                        "unit": "00070", "starts_at": iso(15)[:16], "ends_at": iso(15, 11)[:16],
                                        "place": "Hội trường phường", "hosts": "Nguyễn Thị Hoà", "public": "1"})
t.eq(r.status, 303, "a meeting planned from the form")
NEW = r.header("Location").rsplit("/", 1)[-1]
r = off.post_form("/quan-ly/hoi-nghi", {"csrf": tok, "kind": "conference", "title": "x", "unit": "00070",
                                        "starts_at": "mai", "ends_at": "", "place": ""})
t.eq(r.status, 422, "a bad form 422")
t.ok("error-summary" in r.text, "with an error summary")
page = off.get(f"/quan-ly/hoi-nghi/{NEW}")
t.eq(page.status, 200, "officer meeting page")
r = off.post_form(f"/quan-ly/hoi-nghi/{NEW}/thao-tac", {"csrf": tok, "type": "hold", "attendance": "45"})
t.eq(r.status, 303, "held from the page")
r = off.post_form(f"/quan-ly/hoi-nghi/{NEW}/thao-tac", {"csrf": tok, "type": "approve_minutes"})
t.eq(r.status, 409, "approve without minutes from the page: 409")
n_fb = srv.count("feedback")
batch = ("Ngập úng phố Hàng Bông | Mưa lớn là phố Hàng Bông ngập sâu, đề nghị nạo vét cống. | Lê Thị Mai | 0912345678\n"
         "Tiếng ồn karaoke | Quán karaoke hát đến khuya ảnh hưởng dân cư. | Phạm Văn Bình |\n"
         "x | quá ngắn | Người Thứ Ba | 12\n")
r = off.post_form(f"/quan-ly/hoi-nghi/{NEW}/kien-nghi", {"csrf": tok, "category": "moi-truong", "batch": batch})
t.eq(r.status, 422, "a batch with a bad line is refused whole")
t.ok("Dòng 3" in r.text, "the bad line is named")
t.eq(srv.count("feedback"), n_fb, "nothing written")
r = off.post_form(f"/quan-ly/hoi-nghi/{NEW}/kien-nghi", {"csrf": tok, "category": "moi-truong",
                                                         "batch": "\n".join(batch.splitlines()[:2])})
t.eq(r.status, 303, "a good batch is recorded")
t.eq(srv.count("feedback"), n_fb + 2, "two items")
t.eq(srv.count("feedback", "meeting_id = ?", (int(NEW),)), 2, "linked to the meeting")
t.eq(srv.count("feedback", "meeting_id = ? AND channel = 'front'", (int(NEW),)), 2, "a conference's channel")
csv = "title,content,speaker,phone\n\"Cây đổ, chắn lối\",\"Cây xà cừ đổ chắn ngõ 5, cần dọn gấp.\",Đỗ Văn Cường,0901234567\n"
r = post_multipart(off, f"/quan-ly/hoi-nghi/{NEW}/kien-nghi", [("csrf", tok), ("category", "moi-truong"), ("public", "1")],
                   [("file", "kien-nghi.csv", "text/csv", csv.encode())])
t.eq(r.status, 303, "a CSV file is recorded")
t.eq(srv.count("feedback", "meeting_id = ?", (int(NEW),)), 3, "its line too (the heading skipped)")
bad_csv = "Tiêu đề,Nội dung\nĐèn hỏng ngõ 7,Đèn đường ngõ 7 hỏng đã lâu.\nx,y\n"
r = post_multipart(off, f"/quan-ly/hoi-nghi/{NEW}/kien-nghi", [("csrf", tok), ("category", "moi-truong")],
                   [("file", "kien-nghi.csv", "text/csv", bad_csv.encode())])
t.eq(r.status, 422, "a CSV with a bad line is refused whole")
t.ok("Dòng 3" in r.text, "naming the file's line")
t.eq(srv.count("feedback", "meeting_id = ?", (int(NEW),)), 3, "nothing more written")
r = off.post_form(f"/quan-ly/hoi-nghi/{NEW}/kien-nghi-mot", {"csrf": tok, "title": "Thiếu chỗ gửi xe",
                                                             "body": "Khu phố cổ thiếu bãi gửi xe máy cho khách.",
                                                             "category": "giao-thong", "speaker_name": "Ngô Thị Hạnh",
                                                             "speaker_phone": "0911222333"})
t.eq(r.status, 303, "one petition from the page")
case = off.get(f"/quan-ly/phan-anh/{P1}")
t.ok(f'href="/quan-ly/hoi-nghi/{MID}"' in case.text, "the officer's case page links to the meeting")
page = off.get(f"/quan-ly/hoi-nghi/{NEW}")
t.ok("Thiếu chỗ gửi xe" in page.text and "Ngập úng phố Hàng Bông" in page.text, "petitions listed for officers")
r = off.post_form(f"/quan-ly/hoi-nghi/{NEW}/thao-tac", {"csrf": tok, "type": "minutes",
                                                        "text": "Biên bản hội nghị sơ kết: 45 đại biểu."})
t.eq(r.status, 303, "minutes from the page")
r = off.post_form(f"/quan-ly/hoi-nghi/{NEW}/thao-tac", {"csrf": tok, "type": "approve_minutes"})
t.eq(r.status, 303, "approved from the page")
t.eq(api.get_json(f"/api/v1/meetings/{NEW}").json()["status"], "closed", "closed")
pubpage = api.get(f"/hoi-nghi/{NEW}").text
for needle in ("Lê Thị Mai", "0912345678", "Ngô Thị Hạnh", "0911222333"):
    t.ok(needle not in pubpage, f"privacy: '{needle}' not on the public meeting page")

# the commune without its yearly dialogue (dialogue.per_year): phường Cửa Nam has none in the demo
cn, r = srv.login("lanhdao.cuanam")
page = cn.get("/quan-ly/hoi-nghi")
t.ok("Phường Cửa Nam chưa có cuộc đối thoại" in page.text and "Luật 10/2022/QH15" in page.text,
     "a commune without this year's dialogue is warned, with the legal basis")

# --- the files of the minutes --------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
audit0 = srv.count("audit_log", "action = 'meeting.attach'")
r = post_multipart(off, f"/quan-ly/hoi-nghi/{NEW}/bien-ban", [("csrf", tok)], [("file", "bien-ban.pdf", "application/pdf", PDF)])
t.eq(r.status, 303, "the signed minutes uploaded to a closed meeting")
t.eq(srv.count("audit_log", "action = 'meeting.attach'"), audit0 + 1, "audited")
r = post_multipart(off, f"/quan-ly/hoi-nghi/{NEW}/bien-ban", [("csrf", tok)], [("file", "x.pdf", "application/pdf", b"not a pdf")])
t.eq(r.status, 415, "a file that is not a PDF or an image is refused")
r = post_multipart(off, f"/quan-ly/hoi-nghi/{DIALOGUE}/bien-ban", [("csrf", tok)], [("file", "b.pdf", "application/pdf", PDF)])
t.eq(r.status, 409, "no minutes' file before the meeting is held")
pub = api.get_json(f"/api/v1/meetings/{NEW}").json()
t.eq(len(pub.get("files", [])), 1, "the approved minutes' file is public")
r = api.get(pub["files"][0]["url"])
t.eq((r.status, (r.header("Content-Type") or "").split(";")[0]), (200, "application/pdf"), "and downloads as a PDF")
HELD = [m["id"] for m in api.get_json("/api/v1/meetings?per_page=100").json()["items"] if m["status"] == "held"][0]
r = post_multipart(off, f"/quan-ly/hoi-nghi/{HELD}/bien-ban", [("csrf", tok)], [("file", "nhap.pdf", "application/pdf", PDF)])
t.eq(r.status, 303, "a file added to a held meeting")
files = api.get_json(f"/api/v1/meetings/{HELD}", token=LEADER).json().get("files", [])
t.eq(len(files), 1, "officers see it")
t.eq(api.get_json(f"/api/v1/meetings/{HELD}").json().get("files"), [], "the public does not before approval")
t.eq(api.get(files[0]["url"]).status, 404, "nor can it download it")
t.eq(off.get(files[0]["url"]).status, 200, "the officer can")

# reports: the monthly roll-up of meetings, bookings and comments (migration
# 0036) equals the records added up, after every write of this suite
diff = srv.record_month_diff()
t.ok(not diff, "the report roll-ups equal the meetings, bookings, comments, models and commendations added up", repr(diff[:5]))

srv.stop(t)
t.done()
