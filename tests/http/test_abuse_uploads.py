"""Abuse of attachments and uploads (issue 10, items 4 and 7).

Item 7: a form refused for any reason stores none of its files (citizen
form, officer record form, an answer with evidence), repeated refused posts
do not grow the data directory, and files left unlinked (by older versions)
are removed when the server starts. A valid submission still stores its
files and they download for exactly the people who may see them.

Item 4: no client can name stored bytes by their content hash: a
`file_token` carrying the hash of another item's internal evidence attaches
nothing (citizen form and officer case page), no page or JSON shows a hash,
and sending bytes that are already stored gives a new file id (no existence
oracle through ids) that opens only through its own item."""
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import http.client

sys.path.insert(0, "tests/http")
from harness import BIN, TAP, Server, csrf_of, free_port  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"
HEX64 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")

t = TAP()
srv = Server(demo=True)


def multipart(fields, files=()):
    boundary = "----danvan-abuse-uploads-Q7x"
    out = b""
    for k, v in fields:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n").encode() + v.encode() + b"\r\n"
    for k, name, ctype, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\n"
                f"Content-Type: {ctype}\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


def post_multipart(client, path, fields, files=()):
    body, ctype = multipart(fields, files)
    return client.request("POST", path, body, {"Content-Type": ctype})


def png(n, size=256):
    """A distinct PNG-looking file (the type is decided from the magic bytes)."""
    return PNG + n.to_bytes(4, "big") + os.urandom(size)


def blake(data):
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def data_bytes():
    """Bytes of everything in the data directory (database, its log, ...)."""
    total = 0
    for root, _dirs, names in os.walk(srv.data):
        for n in names:
            try:
                total += os.path.getsize(os.path.join(root, n))
            except OSError:
                pass
    return total


def stored():
    return srv.count("attachments"), srv.count("feedback_attachments")


def orphans():
    return srv.count("attachments", "id NOT IN (SELECT attachment_id FROM feedback_attachments)")


def citizen_form():
    c = srv.client()
    r = c.get("/phan-anh/gui")
    return c, csrf_of(r.text) or ""


def send(client, tok, title, files, public="1", extra=(), unit="00070"):
    return post_multipart(client, "/phan-anh/gui",
                          [("csrf", tok), ("title", title),
                           ("body", "Nội dung phản ánh đủ dài để được nhận, có ảnh chụp kèm theo."),
                           ("category", "giao-thong"), ("unit", unit), ("public", public)] + list(extra),
                          files)


def receipt(r):
    m = re.search(r'href="/phan-anh/([0-9A-Z]{4}-[0-9A-Z]{4})\?secret=([a-z2-7]{26})"', r.text)
    return (m.group(1), m.group(2)) if m else ("XXXX-XXXX", "x")


def act(client, code, fields, files=()):
    r = client.get(f"/quan-ly/phan-anh/{code}")
    return post_multipart(client, f"/quan-ly/phan-anh/{code}/thao-tac",
                          [("csrf", csrf_of(r.text) or "")] + fields, files)


def files_of(client, code, secret=None):
    path = f"/api/v1/feedback/{code}" + (f"?secret={secret}" if secret else "")
    r = client.get(path)
    try:
        return r.json().get("files", [])
    except (ValueError, AttributeError):
        return []


# --- item 7: a refused citizen form stores none of its files ---------------------------
cit, tok = citizen_form()
before, size_before = stored(), data_bytes()
big = [("files", f"anh-{i}.png", "image/png", png(i, 2 * 1024 * 1024)) for i in range(5)]
r = send(cit, tok, "", big)  # empty title: refused
t.eq(r.status, 422, "form with five files and an empty title: 422")
t.ok('id="f-title-error"' in r.text, "the title error is shown")
t.eq(stored(), before, "refused form: no file stored and no attachment row")
t.eq(orphans(), 0, "refused form: no unlinked file left in storage")
t.ok(all(f"<li>anh-{i}.png</li>" in r.text for i in range(5)) and "chọn lại" in r.text,
     "the form lists the files to choose again")
t.ok('name="file_token"' not in r.text and not HEX64.search(r.text),
     "the form carries no file token or content hash")
for k in range(3):  # new bytes each time: deduplication cannot hide growth
    big = [("files", f"anh-{i}.png", "image/png", png(10 * (k + 1) + i, 2 * 1024 * 1024)) for i in range(5)]
    r = send(cit, tok, "", big)
    t.eq(r.status, 422, f"refused form again ({k + 2}): 422")
t.eq(stored(), before, "four refused forms (40 MB of files): still nothing stored")
grown = data_bytes() - size_before
t.ok(grown < 3 * 1024 * 1024, "four refused forms: the data directory did not grow by their files",
     f"grew by {grown} bytes")

# a file of a refused type with an otherwise valid form: nothing stored either
r = send(cit, tok, "Đèn đường hỏng ở ngõ chợ", [("files", "a.png", "image/png", png(1)),
                                                ("files", "b.jpg", "image/jpeg", b"MZ\x90\x00 not an image")])
t.eq(r.status, 422, "one refused file: 422")
t.eq(stored(), before, "one refused file: the good one is not stored either")

# the officer's record form, refused: nothing stored
intake, _ = srv.login("tiepnhan.hoankiem")
r = intake.get("/quan-ly/phan-anh/moi")
rtok = csrf_of(r.text) or ""
r = post_multipart(intake, "/quan-ly/phan-anh/moi",
                   [("csrf", rtok), ("channel", "in_person"), ("unit", "00070"), ("title", ""),
                    ("body", "Cử tri phản ánh đèn đường hỏng."), ("category", "giao-thong")],
                   [("files", "bien-ban.pdf", "application/pdf", b"%PDF-1.4\n% refused form\n")])
t.eq(r.status, 422, "officer record form with an error: 422")
t.ok("<li>bien-ban.pdf</li>" in r.text and not HEX64.search(r.text) and 'name="file_token"' not in r.text,
     "officer record form: the file is listed to choose again, without a token")
t.eq(stored(), before, "officer record form with an error: nothing stored")

# --- a valid submission stores its files; they open for the right people only -------
PUB_BYTES = png(100, 4096)
r = send(cit, tok, "Ổ gà lớn trước số 12 phố Hàng Bạc", [("files", "o-ga.png", "image/png", PUB_BYTES)])
t.eq(r.status, 200, "valid public submission with a photo: the receipt")
pub_code, pub_secret = receipt(r)
t.ok(not HEX64.search(r.text), "the receipt shows no content hash")
t.eq(srv.count("feedback_attachments", "feedback_id = (SELECT id FROM feedback WHERE code = ?)", (pub_code,)), 1,
     "the photo is stored with the item")
pub_files = files_of(srv.client(), pub_code)
t.eq(len(pub_files), 1, "the public JSON lists the photo")
pub_fid = pub_files[0]["id"] if pub_files else 0
t.ok(not HEX64.search(json.dumps(pub_files)), "the JSON names the file without a content hash")
r = srv.client().get(f"/phan-anh/{pub_code}/tep/{pub_fid}")
t.eq((r.status, r.body), (200, PUB_BYTES), "a public item's photo downloads for anyone")

PRIV_BYTES = png(101, 4096)
r = send(cit, tok, "Thu tiền không biên lai ở tổ dân phố 3", [("files", "bien-lai.png", "image/png", PRIV_BYTES)],
         public="0")
t.eq(r.status, 200, "valid private submission with a photo: the receipt")
priv_code, priv_secret = receipt(r)
priv_files = files_of(srv.client(), priv_code, priv_secret)
priv_fid = priv_files[0]["id"] if priv_files else 0
r = srv.client().get(f"/phan-anh/{priv_code}/tep/{priv_fid}?secret={priv_secret}")
t.eq((r.status, r.body), (200, PRIV_BYTES), "a private item's photo downloads for its sender")
r = srv.client().get(f"/phan-anh/{priv_code}/tep/{priv_fid}")
t.eq(r.status, 404, "a private item's photo: 404 for anyone else")
r = intake.get(f"/phan-anh/{priv_code}/tep/{priv_fid}")
t.eq(r.status, 200, "a private item's photo downloads for an officer of its unit")

# --- an answer with evidence that is refused stores nothing; evidence is internal ----
r = act(intake, priv_code, [("type", "assign"), ("unit", "00070-UBND"), ("text", "Đề nghị xác minh.")])
t.eq(r.status, 303, "assigned to the ward's committee")
handler, _ = srv.login("xuly.hoankiem")
before = stored()
r = act(handler, priv_code, [("type", "answer"), ("result", "resolved"), ("text", "")],
        [("files", "bien-ban.pdf", "application/pdf", b"%PDF-1.4\n% refused answer\n")])
t.eq(r.status, 422, "an answer without text, with evidence: 422")
t.eq(stored(), before, "refused answer: its evidence file is not stored")
EVIDENCE = b"%PDF-1.4\n% bien ban xac minh noi bo - internal evidence " + os.urandom(64)
r = act(handler, priv_code, [("type", "attach")], [("files", "xac-minh.pdf", "application/pdf", EVIDENCE)])
t.eq(r.status, 303, "internal evidence attached")
t.eq(len(files_of(srv.client(), priv_code, priv_secret)), 1, "the sender does not see the evidence in the JSON")
r = handler.get(f"/quan-ly/phan-anh/{priv_code}")
ev_ids = {int(x) for x in re.findall(rf'/phan-anh/{priv_code}/tep/(\d+)', r.text)} - {priv_fid}
t.eq(len(ev_ids), 1, "the case page links the evidence")
ev_fid = ev_ids.pop() if ev_ids else 0
t.ok(not HEX64.search(r.text), "the case page shows no content hash")
r = handler.get(f"/phan-anh/{priv_code}/tep/{ev_fid}")
t.eq((r.status, r.body), (200, EVIDENCE), "the evidence downloads for an officer of the unit")
r = srv.client().get(f"/phan-anh/{priv_code}/tep/{ev_fid}?secret={priv_secret}")
t.eq(r.status, 404, "the evidence: 404 for the sender")
other, _ = srv.login("lanhdao.cuanam")
r = other.get(f"/phan-anh/{priv_code}/tep/{ev_fid}")
t.eq(r.status, 404, "the evidence: 404 for an officer of another ward")

# --- item 4: the hash of stored bytes attaches nothing ---------------------------------
# a citizen names the internal evidence by its hash on the send form
before = stored()
r = send(cit, tok, "Phản ánh kèm mã tệp của người khác",
         [], extra=[("file_token", blake(EVIDENCE)), ("file_name", "lay-duoc.pdf")])
t.eq(r.status, 200, "a form with a foreign file token is sent (the token is ignored)")
att_code, att_secret = receipt(r)
t.eq(srv.count("feedback_attachments", "feedback_id = (SELECT id FROM feedback WHERE code = ?)", (att_code,)), 0,
     "the evidence is not attached to the attacker's item")
t.eq(files_of(srv.client(), att_code, att_secret), [], "the attacker's item lists no file")
for fid in (ev_fid, priv_fid, pub_fid):
    r = srv.client().get(f"/phan-anh/{att_code}/tep/{fid}?secret={att_secret}")
    t.eq(r.status, 404, f"file {fid} of another item does not open through the attacker's item")
r = srv.client().get(f"/phan-anh/{priv_code}/tep/{blake(EVIDENCE)}?secret={priv_secret}")
t.eq(r.status, 404, "a content hash is not a download address")

# an officer of another ward names it on the case page of an item of theirs
r = send(cit, tok, "Vỉa hè bị lấn chiếm ở phường Cửa Nam", [], unit="00082")
t.eq(r.status, 200, "an item for the other ward")
b_code, _ = receipt(r)
r = act(other, b_code, [("type", "attach"), ("file_token", blake(EVIDENCE)), ("file_name", "lay-duoc.pdf")])
t.eq(r.status, 422, "attach by a foreign file token on the case page: 422 (no file chosen)")
t.eq(srv.count("feedback_attachments", "feedback_id = (SELECT id FROM feedback WHERE code = ?)", (b_code,)), 0,
     "the other ward's item got no file")
t.eq(stored(), before, "nothing was stored or linked by tokens")

# --- no existence oracle: known bytes get a new id of their own --------------------------
before_blobs = srv.count("attachments")
r = send(cit, tok, "Gửi lại đúng tấm ảnh ổ gà đã công khai", [("files", "chep.png", "image/png", PUB_BYTES)])
t.eq(r.status, 200, "bytes already stored can be sent again")
dup_code, dup_secret = receipt(r)
dup_files = files_of(srv.client(), dup_code, dup_secret)
dup_fid = dup_files[0]["id"] if dup_files else 0
t.ok(dup_fid and dup_fid != pub_fid, "the same bytes on a new item get a new file id (no existence oracle)",
     f"{dup_fid} vs {pub_fid}")
t.ok(dup_fid > max(pub_fid, priv_fid, ev_fid), "the new id follows every earlier one, whatever the bytes",
     f"{dup_fid}")
t.eq(srv.count("attachments"), before_blobs, "the bytes are stored once (deduplication stays internal)")
r = srv.client().get(f"/phan-anh/{dup_code}/tep/{pub_fid}?secret={dup_secret}")
t.eq(r.status, 404, "the public item's file id does not open through the new item")
r = srv.client().get(f"/phan-anh/{dup_code}/tep/{dup_fid}?secret={dup_secret}")
t.eq((r.status, r.body), (200, PUB_BYTES), "the new item's own file opens for its sender")
with srv.db() as db:
    summaries = [s for (s,) in db.execute("SELECT summary FROM audit_log WHERE action = 'attachment.store'")]
t.ok(summaries and not any(blake(PUB_BYTES) in (s or "") or "hash" in (s or "") for s in summaries),
     "the audit log names stored files by row, not by content hash")

# --- files left unlinked (older versions) are removed when the server starts ------------
srv.proc.send_signal(signal.SIGTERM)
rc = srv.proc.wait(timeout=30)
t.eq(rc, 0, "server stopped for the restart")
LEFT = png(999, 1024)
with srv.db() as db:
    db.execute("INSERT INTO attachments(hash, size, mime, bytes, created_at) VALUES (?, ?, 'image/png', ?, ?)",
               (blake(LEFT), len(LEFT), LEFT, int(time.time())))
t.eq(orphans(), 1, "an unlinked file from an older version is in storage")
srv.port = free_port()
srv.proc = subprocess.Popen([BIN, "serve", "--data", srv.data, "--listen", f"127.0.0.1:{srv.port}"],
                            stdout=srv.log, stderr=subprocess.STDOUT, env=srv.env)
deadline = time.time() + 30
up = False
while time.time() < deadline and not up:
    try:
        c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=2)
        c.request("GET", "/healthz")
        up = c.getresponse().status == 200
        c.close()
    except OSError:
        time.sleep(0.05)
t.ok(up, "server restarted")
deadline = time.time() + 10
while time.time() < deadline and orphans():
    time.sleep(0.05)
t.eq(orphans(), 0, "the unlinked file is removed at start-up, not a day later")
t.eq(srv.count("feedback_attachments", "feedback_id = (SELECT id FROM feedback WHERE code = ?)", (pub_code,)), 1,
     "linked files are kept")
r = srv.client().get(f"/phan-anh/{pub_code}/tep/{pub_fid}")
t.eq((r.status, r.body), (200, PUB_BYTES), "a linked file still downloads after the restart")

srv.stop(t)
t.done()
