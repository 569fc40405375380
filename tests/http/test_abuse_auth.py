"""Abuse of logins and of the audit log (issue 10, items 9, 10 and 13).

Login throttling: a stranger's wrong passwords lock only the (account,
address) pair and, past its own limit, the stranger's address; the owner
logs in from another address; an account attacked from many addresses
slows those addresses down while a clean one with the right password still
gets in; X-Forwarded-For counts only with --trust-proxy. Client addresses
are real: the test binds its sockets to other loopback addresses
(127.0.0.0/8 all reach the server on Linux).

`next` after login and the query of the lowercase-code redirect never give
a 500, and no failed login leaves a session row or a session cookie.

The audit chain: a server refuses to start without the audit key; a chain
recomputed without the key (plain BLAKE2b as before the key, or another
key), a NUL-padded field and a tail cut off against an anchored head are all
caught, while the same recomputation with the real key passes (so it is the
key that stops the forger); an unkeyed log from an older danvan is sealed by
init.
"""
import hashlib
import http.client
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, "tests/http")
import harness  # noqa: E402
from harness import TAP, Client, Server, csrf_of, free_port, run_cli  # noqa: E402

PW = "demo-password"

t = TAP()
srv = Server()


class BoundClient(Client):
    """A client whose connections come from the loopback address `src`,
    optionally sending X-Forwarded-For."""

    def __init__(self, port, src, xff=None):
        self.src = src
        self.xff = xff
        Client.__init__(self, port)
        self.conn = self._connect()

    def _connect(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.src, 0))

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.xff:
            h["X-Forwarded-For"] = self.xff
        # a fresh connection per request, always from self.src
        self.conn.close()
        self.conn = self._connect()
        return Client.request(self, method, path, body, h)


def login(port, src, username, password, xff=None, nxt=None):
    c = BoundClient(port, src, xff)
    r = c.get("/dang-nhap")
    fields = {"csrf": csrf_of(r.text) or "", "username": username, "password": password}
    if nxt is not None:
        fields["next"] = nxt
    r = c.post_form("/dang-nhap", fields)
    c.close()
    return c, r


def set_cookies(r):
    return [v for k, v in r.headers if k.lower() == "set-cookie"]


def sid_set(r):
    return any(v.startswith("sid=") and not v.startswith("sid=;") and "Max-Age=0" not in v
               for v in set_cookies(r))


# --- item 9: a stranger cannot lock an officer out ---------------------------

for i in range(5):
    c, r = login(srv.port, "127.0.0.2", "xuly.cuanam", "sai mật khẩu %d" % i)
    if r.status != 401:
        break
t.eq(r.status, 401, "five wrong passwords from address A are refused as wrong (401)")
c, r = login(srv.port, "127.0.0.2", "xuly.cuanam", PW)
t.eq(r.status, 429, "then the right password from A is refused while A is throttled (429)")
t.ok("thử lại sau" in r.text, "with a Vietnamese message saying when to try again", r.text[-600:])
t.ok((r.header("Retry-After") or "").isdigit(), "and a Retry-After header", r.headers)
t.ok(not sid_set(r), "and no session cookie", set_cookies(r))
c, r = login(srv.port, "127.0.0.3", "xuly.cuanam", PW)
t.eq(r.status, 303, "the right password from address B logs the officer in")
t.ok(sid_set(r), "with a session cookie", set_cookies(r))

# X-Forwarded-For is not believed without --trust-proxy: one source address
# with five different forwarded addresses is one address
for i in range(5):
    c, r = login(srv.port, "127.0.0.4", "lanhdao.cuanam", "sai %d" % i, xff="198.51.100.%d" % (i + 1))
c, r = login(srv.port, "127.0.0.4", "lanhdao.cuanam", PW, xff="198.51.100.99")
t.eq(r.status, 429, "without --trust-proxy, X-Forwarded-For does not change the address counted")

# one account attacked from many addresses, one guess each
for i in range(12):
    c, r = login(srv.port, "127.0.1.%d" % (i + 1), "tiepnhan.hoankiem", "đoán mò %d" % i)
    if r.status != 401:
        break
t.eq(r.status, 401, "twelve addresses each fail once against one account (401 each)")
c, r = login(srv.port, "127.0.1.1", "tiepnhan.hoankiem", "đoán mò nữa")
t.eq(r.status, 429, "an address that already failed on the attacked account is slowed down (429)")
c, r = login(srv.port, "127.0.1.200", "tiepnhan.hoankiem", PW)
t.eq(r.status, 303, "the owner's right password from a clean address still logs in")

# an address that fails on many accounts is stopped for all of them
for i in range(20):
    c, r = login(srv.port, "127.0.2.1", "khong.co.%d" % i, "sai")
c, r = login(srv.port, "127.0.2.1", "theodoi.hoankiem", PW)
t.eq(r.status, 429, "an address with twenty failures is refused even with a right password")
c, r = login(srv.port, "127.0.2.2", "theodoi.hoankiem", PW)
t.eq(r.status, 303, "the same account from another address logs in")
t.eq(srv.count("audit_log", "action = 'session.login_failed'"), 5 + 5 + 12 + 20,
     "every checked failure is audited, no refused attempt is")


# --- item 13: next and the lowercase-code redirect ----------------------------

sessions_before = srv.count("sessions")
for bad in ["/quan-ly\x01", "/phan-anh\r\nX-Evil: 1", "/quan-ly\x7f", "/a b", "//evil.example",
            "/\\evil.example", "https://evil.example/", "/phan-anh\u00e9"]:
    c, r = login(srv.port, "127.0.3.1", "quantri", PW, nxt=bad)
    t.ok(r.status == 303 and r.header("Location") == "/quan-ly" and sid_set(r),
         "login with next=%r goes to the inbox (303 /quan-ly), no 500" % bad,
         f"status {r.status}, Location {r.header('Location')!r}")
t.eq(srv.count("sessions"), sessions_before + 8, "each of those logins made exactly one session")
c, r = login(srv.port, "127.0.3.1", "quantri", PW, nxt="/phan-anh?page=2&q=x%20y")
t.eq(r.header("Location"), "/phan-anh?page=2&q=x%20y", "a safe local next is kept")

# GET /dang-nhap?next=... when already logged in
c, r = login(srv.port, "127.0.3.1", "quantri", PW)
r = c.get("/dang-nhap?next=%2Fquan-ly%01")
t.ok(r.status == 303 and r.header("Location") == "/quan-ly",
     "logged in, /dang-nhap?next= with a control character goes to the inbox", f"{r.status} {r.headers}")

with srv.db() as db:
    code = db.execute("SELECT code FROM feedback WHERE public = 1 ORDER BY id LIMIT 1").fetchone()[0]
lower = code.lower().replace("-", "")


def raw_get(target):
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1]) if head and len(head[0].split()) > 1 else 0
    headers = dict(x.split(": ", 1) for x in head[1:] if ": " in x)
    return status, headers


status, headers = raw_get(b"/phan-anh/" + lower.encode() + b"?a=1\x01b&c=\x7f")
t.ok(status in (301, 400) and status != 500,
     "the lowercase-code redirect with control characters in the query is no 500", f"{status} {headers}")
if status == 301:
    loc = headers.get("Location", "")
    t.ok(loc.startswith("/phan-anh/" + code) and all(0x20 < ord(ch) < 0x7f for ch in loc),
         "and its Location is the canonical code with the query re-encoded", loc)
status, headers = raw_get(b"/phan-anh/" + lower.encode() + b"?a=" + b"x" * 3000)
t.ok(status in (301, 414, 431) and status != 500, "a long query on the redirect is no 500", f"{status}")
status, headers = raw_get(b"/phan-anh/" + lower.encode() + b"?page=2")
t.ok(status == 301 and headers.get("Location") == "/phan-anh/" + code + "?page=2",
     "a plain query is carried along", f"{status} {headers}")

srv.stop(t)


# --- item 9: --trust-proxy -----------------------------------------------------

def start_serve(data, *extra, env_extra=None):
    """Start 'danvan serve' on a free port; (proc, port, log path) when it
    answers /healthz, or (proc, None, log) when it exits first."""
    port = free_port()
    env = dict(os.environ)
    env["DANVAN_PWHASH_FAST"] = "1"
    if env_extra:
        env.update(env_extra)
    logp = os.path.join(os.path.dirname(data), "serve-%d.log" % port)
    log = open(logp, "w+")
    proc = subprocess.Popen([harness.BIN, "serve", "--data", data, "--listen", f"127.0.0.1:{port}"] + list(extra),
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            return proc, None, logp
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                c.close()
                return proc, port, logp
        except OSError:
            time.sleep(0.05)
    return proc, None, logp


def stop_serve(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        return -9


tmp = tempfile.mkdtemp(prefix="danvan-abuse-auth-")
data = os.path.join(tmp, "data")
r = run_cli("init", data=data)
t.eq(r.returncode, 0, "init a fresh data directory")
r = run_cli("demo", data=data, env={"DANVAN_DEMO_SMALL": "1"})
t.eq(r.returncode, 0, "load the demo")

proc, port, logp = start_serve(data, "--trust-proxy")
t.ok(port is not None, "serve --trust-proxy starts")
if port:
    for i in range(5):
        c, r = login(port, "127.0.0.1", "xuly.cuanam", "sai %d" % i, xff="10.0.0.7, 198.51.100.1")
    c, r = login(port, "127.0.0.1", "xuly.cuanam", PW, xff="198.51.100.1")
    t.eq(r.status, 429, "with --trust-proxy the forwarded address that failed is throttled")
    c, r = login(port, "127.0.0.1", "xuly.cuanam", PW, xff="10.0.0.7, 198.51.100.2")
    t.eq(r.status, 303, "and another forwarded address (same proxy) logs the officer in")
    t.eq(stop_serve(proc), 0, "the --trust-proxy server exits cleanly")
log = open(logp).read()
t.ok("AddressSanitizer" not in log and "runtime error:" not in log, "no sanitizer report", log[-2000:])


# --- item 10: the audit chain ---------------------------------------------------

db_path = os.path.join(data, "danvan.db")
key_path = os.path.join(data, "audit.key")
t.eq(oct(os.stat(key_path).st_mode & 0o777), "0o600", "init made the audit key DIR/audit.key, mode 0600")
key = bytes.fromhex(open(key_path).read().strip())

# a server without its key refuses to start, saying why
os.rename(key_path, key_path + ".away")
proc, port, logp = start_serve(data)
if port:
    stop_serve(proc)
t.ok(port is None and proc.returncode not in (None, 0), "serve on an existing database without the audit key refuses")
log = open(logp).read()
t.ok("no audit key at '%s'" % key_path in log and "restore" in log, "and says which file is missing and what to do",
     log[-1500:])
t.ok(not os.path.exists(key_path), "and makes no new key")
os.rename(key_path + ".away", key_path)


def u64(n):
    return n.to_bytes(8, "big", signed=n < 0) if n < 0 else n.to_bytes(8, "big")


def enc_text(v):
    if v is None:
        return b"\x00"
    b = v if isinstance(v, bytes) else v.encode()
    return b"\x02" + len(b).to_bytes(8, "big") + b


def enc_int(v):
    return b"\x01" + (v & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "big")


def entry_hash(prev, row, k, domain):
    """The chain's encoding, written out from store/audit.h: plain BLAKE2b
    (k None, the old danvan-audit-v1) or keyed (danvan-audit-v2)."""
    eid, at, actor_id, actor, addr, action, otype, oid, summary = row
    h = hashlib.blake2b(digest_size=32, key=k or b"")
    h.update(prev)
    h.update(enc_text(domain))
    h.update(enc_int(eid))
    h.update(enc_int(at))
    h.update(b"\x00" if actor_id is None else enc_int(actor_id))
    for v in (actor, addr, action, otype, oid, summary):
        h.update(enc_text(v))
    return h.digest()


COLS = "id, at, actor_id, actor, addr, action, object_type, object_id, summary"


def rechain(path, k, domain, from_id=1):
    """Recompute prev_hash/hash from entry from_id on, as a forger would."""
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    rows = con.execute(f"SELECT {COLS} FROM audit_log WHERE id >= ? ORDER BY id", (from_id,)).fetchall()
    prev = bytes(32)
    if from_id > 1:
        prev = con.execute("SELECT hash FROM audit_log WHERE id = ?", (from_id - 1,)).fetchone()[0]
    for row in rows:
        hsh = entry_hash(prev, row, k, domain)
        con.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, hsh, row[0]))
        prev = hsh
    con.commit()
    con.close()


def verify(path, *extra):
    return run_cli("audit", "verify", "--database", path, "--audit-key", key_path, *extra)


def copy_db(name):
    p = os.path.join(tmp, name)
    src = sqlite3.connect(db_path)
    dst = sqlite3.connect(p)
    src.backup(dst)
    src.close()
    dst.close()
    return p


r = verify(db_path)
t.ok(r.returncode == 0 and "audit log intact" in r.stdout, "the log as written verifies", r.stdout + r.stderr)
n = sqlite3.connect(db_path).execute("SELECT max(id) FROM audit_log").fetchone()[0]
t.ok(n > 50, "the demo wrote many entries (%d)" % n)

FORGED = "UPDATE audit_log SET summary = '{\"username\":\"mallory\"}' WHERE id = 10"

# the same edit, rechained with the real key, passes: our encoding is the
# chain's, so what stops a forger below is only the key
p = copy_db("with-key.db")
con = sqlite3.connect(p)
con.executescript("DROP TRIGGER IF EXISTS audit_log_no_update; " + FORGED)
con.close()
rechain(p, key, "danvan-audit-v2", 10)
r = verify(p)
t.ok(r.returncode == 0, "(control) the edit rechained WITH the key verifies: the test encodes as danvan does",
     r.stdout + r.stderr)

p = copy_db("plain.db")
con = sqlite3.connect(p)
con.executescript("DROP TRIGGER IF EXISTS audit_log_no_update; " + FORGED)
con.close()
rechain(p, None, "danvan-audit-v1", 10)
r = verify(p)
t.ok(r.returncode == 1 and "audit log broken at entry #10:" in r.stderr,
     "an edit rechained with plain BLAKE2b (the old, unkeyed chain) is caught at the edited entry",
     r.stdout + r.stderr)

p = copy_db("plain-all.db")
con = sqlite3.connect(p)
con.executescript("DROP TRIGGER IF EXISTS audit_log_no_update; " + FORGED)
con.close()
rechain(p, None, "danvan-audit-v1", 1)
r = verify(p)
t.ok(r.returncode == 1 and "no entry up to here is sealed" in r.stderr,
     "a whole log rechained with plain BLAKE2b is caught (nothing in it is sealed with the key)",
     r.stdout + r.stderr)

p = copy_db("other-key.db")
con = sqlite3.connect(p)
con.executescript("DROP TRIGGER IF EXISTS audit_log_no_update; " + FORGED)
con.close()
rechain(p, os.urandom(32), "danvan-audit-v2", 1)
r = verify(p)
t.ok(r.returncode == 1 and "audit log broken at entry #1:" in r.stderr,
     "a log rechained with another key is caught from its first entry", r.stdout + r.stderr)

p = copy_db("nul.db")
con = sqlite3.connect(p)
con.executescript("DROP TRIGGER IF EXISTS audit_log_no_update; "
                  "UPDATE audit_log SET summary = summary || char(0) || 'ẩn sau NUL' WHERE id = 12")
con.close()
r = verify(p)
t.ok(r.returncode == 1 and "audit log broken at entry #12:" in r.stderr,
     "bytes hidden after a NUL in a field are caught", r.stdout + r.stderr)

p = copy_db("cut.db")
r = run_cli("audit", "head", "--database", p, "--audit-key", key_path)
head = r.stdout.strip()
t.ok(r.returncode == 0 and head.startswith("%d:" % n) and len(head.split(":")[1]) == 64,
     "audit head prints ID:HASH of the last entry", r.stdout + r.stderr)
con = sqlite3.connect(p)
con.executescript("DROP TRIGGER IF EXISTS audit_log_no_delete; DELETE FROM audit_log WHERE id > %d" % (n - 3))
con.close()
r = verify(p)
t.eq(r.returncode, 0, "cutting the last three entries leaves the chain itself intact")
r = verify(p, "--head", head)
t.ok(r.returncode == 1 and "audit log broken at entry #%d:" % n in r.stderr and "cut from the end" in r.stderr,
     "but verify --head with the anchored head catches the cut tail", r.stdout + r.stderr)
r = verify(db_path, "--head", head)
t.ok(r.returncode == 0 and "anchored head #%d" % n in r.stdout, "the uncut log passes against the same head",
     r.stdout + r.stderr)

# an unkeyed log from an older danvan: sealed by init
old = os.path.join(tmp, "old")
os.makedirs(old)
os.chmod(old, 0o700)
p = os.path.join(old, "danvan.db")
shutil.copy(copy_db("old.db"), p)
rechain(p, None, "danvan-audit-v1", 1)
r = run_cli("audit", "verify", data=old, env={"DANVAN_AUDIT_KEY": ""})
t.ok(r.returncode == 1 and "no audit key" in r.stderr, "an old database without a key: verify asks for the key",
     r.stderr)
r = run_cli("init", data=old)
t.ok(r.returncode == 0 and "created audit key" in r.stdout and "sealed the %d audit log entries" % n in r.stdout,
     "init creates a key for the old unkeyed log and seals it", r.stdout + r.stderr)
r = run_cli("audit", "verify", data=old)
t.ok(r.returncode == 0 and "audit log intact: %d entries (the first %d from before the audit key, sealed)"
     % (n + 1, n) in r.stdout, "the sealed log verifies, the old entries included", r.stdout + r.stderr)
with sqlite3.connect(p) as con:
    act, summ = con.execute("SELECT action, summary FROM audit_log WHERE id = ?", (n + 1,)).fetchone()
t.ok(act == "audit.seal" and ("%d:" % n) in summ, "the seal entry names the unkeyed head", f"{act} {summ}")
con = sqlite3.connect(p)
con.executescript("DROP TRIGGER IF EXISTS audit_log_no_update; " + FORGED)
con.close()
rechain(p, None, "danvan-audit-v1", 10)
r = run_cli("audit", "verify", data=old)
t.ok(r.returncode == 1 and "audit log broken at entry #%d:" % (n + 1) in r.stderr,
     "rewriting the sealed unkeyed entries (rechained with plain BLAKE2b) breaks the seal", r.stdout + r.stderr)

shutil.rmtree(tmp, ignore_errors=True)
t.done()
