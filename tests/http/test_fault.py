"""Fault injection in the style of curl's torture tests: the ASan server is
run again and again with the Nth allocation (DANVAN_FAIL_ALLOC=N) or the Nth
database call (DANVAN_FAIL_DB=N) failing, optionally with every later one
failing too (..._STICKY=1), while a fixed script of requests runs against it
(home page, log in, create an account and grant it a role on the admin
pages, an API token, the units, a feedback item through the API and its
view with the secret, one through the web form with a file, log out).

Each run must show: no crash (the server serves, or refuses to start with a
message), no sanitizer or leak report, a well-formed HTTP response with a
sensible status to every request (500/503 allowed), a clean exit on SIGTERM,
and a database whose audit chain verifies and holds no half-written record
(every account, grant, session, unit and feedback item has its audit entry
and every item its timeline event, and no audit entry lacks its record).

N runs over 1..40, then over values spread up to the number of calls the
script makes (found with sticky runs). DANVAN_FAULT_RUNS=K changes how many
spread values per kind (default 64); DANVAN_FAULT_JOBS the parallel servers.
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, "tests/http")
import harness  # noqa: E402
from harness import TAP, csrf_of, run_cli  # noqa: E402

SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:|"
                       r"^BUG: |^fatal: ", re.M)
SPREAD = int(os.environ.get("DANVAN_FAULT_RUNS", "64"))
JOBS = int(os.environ.get("DANVAN_FAULT_JOBS", str(min(4, max(2, os.cpu_count() or 2)))))

t = TAP()
t0 = time.time()

# --- one data directory with the demo, copied for every run ----------------------
work = tempfile.mkdtemp(prefix="danvan-fault-")
# a private copy of the binary: every run uses the same one, even if it is
# rebuilt meanwhile
BIN = os.path.join(work, "danvan")
shutil.copy2(harness.BIN, BIN)
harness.BIN = BIN
base = os.path.join(work, "base")
r = run_cli("init", data=base)
t.ok(r.returncode == 0, "init the base data directory", r.stderr)
r = run_cli("demo", data=base, env={"DANVAN_DEMO_SMALL": "1"})
t.ok(r.returncode == 0, "load the demo into it", r.stderr)

_port_lock = threading.Lock()
_ports_used = set()


def new_port():
    with _port_lock:
        while True:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            s.close()
            if port not in _ports_used:
                _ports_used.add(port)
                return port


class Run:
    """One server under one fault setting, and what the script saw."""

    def __init__(self, kind, n, sticky, optional):
        self.kind, self.n, self.sticky = kind, n, sticky
        self.optional = optional
        self.problems = []
        self.statuses = []
        self.started = False
        self.rc = None
        self.log = ""
        self.dir = tempfile.mkdtemp(prefix=f"run-{kind}-{n}-", dir=work)
        self.data = os.path.join(self.dir, "data")
        shutil.copytree(base, self.data)
        self.cookies = {}

    @property
    def label(self):
        return f"DANVAN_FAIL_{self.kind}={self.n}{' sticky' if self.sticky else ''}"

    def bad(self, msg):
        self.problems.append(msg)

    # -- HTTP: a new connection per request, no retries, so the count of
    # -- calls is the same in every run up to the failure
    def request(self, step, method, path, allowed, body=None, headers=None, json_route=False):
        h = dict(headers or {})
        h["Connection"] = "close"
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, str):
            body = body.encode()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
        except (http.client.HTTPException, OSError) as e:
            self.bad(f"{step}: no well-formed HTTP response ({type(e).__name__}: {e})")
            self.statuses.append((step, 0))
            return None, None
        finally:
            conn.close()
        self.statuses.append((step, resp.status))
        if resp.status not in allowed and resp.status not in (500, 503):
            self.bad(f"{step}: status {resp.status}, expected one of {sorted(allowed)} or 500/503")
        clen = resp.getheader("Content-Length")
        if clen is not None and int(clen) != len(data):
            self.bad(f"{step}: Content-Length {clen} but {len(data)} bytes")
        for v in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = v.partition("=")
            val = rest.split(";")[0]
            if "Max-Age=0" in v or val == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = val
        ctype = resp.getheader("Content-Type") or ""
        if json_route and resp.status not in (204, 303):
            try:
                doc = json.loads(data)
                if resp.status >= 400 and not (isinstance(doc, dict) and isinstance(doc.get("error"), dict)
                                               and isinstance(doc["error"].get("code"), str)):
                    self.bad(f"{step}: {resp.status} without the JSON error shape: {data[:200]!r}")
            except ValueError:
                self.bad(f"{step}: {resp.status} with a body that is not JSON: {data[:200]!r}")
        elif resp.status == 200 and "text/html" in ctype and b"</html>" not in data:
            self.bad(f"{step}: a 200 page cut short ({len(data)} bytes)")
        elif resp.status >= 400 and not data:
            self.bad(f"{step}: {resp.status} with an empty body")
        return resp, data

    def form(self, step, path, fields, allowed):
        return self.request(step, "POST", path, allowed, urllib.parse.urlencode(fields),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def api(self, step, method, path, allowed, obj=None, token=None):
        h = {"Content-Type": "application/json; charset=utf-8"} if obj is not None else {}
        if token:
            h["Authorization"] = f"Bearer {token}"
        return self.request(step, method, path, allowed, json.dumps(obj) if obj is not None else None, h,
                            json_route=True)

    def script(self):
        self.request("GET /", "GET", "/", {200})
        _, page = self.request("GET /dang-nhap", "GET", "/dang-nhap", {200})
        tok = csrf_of(page.decode("utf-8", "replace")) if page else None
        self.form("POST /dang-nhap", "/dang-nhap",
                  {"csrf": tok or "", "username": "quantri", "password": "demo-password"}, {303, 403})
        _, page = self.request("GET /quan-ly/tai-khoan", "GET", "/quan-ly/tai-khoan", {200, 303})
        tok = csrf_of(page.decode("utf-8", "replace")) if page else None
        self.form("POST /quan-ly/tai-khoan", "/quan-ly/tai-khoan",
                  {"csrf": tok or "", "username": "cb.thu", "display_name": "Cán bộ Thử",
                   "password": "mat-khau-dai-du"}, {303, 403})
        self.form("POST /quan-ly/tai-khoan/cb.thu/giao", "/quan-ly/tai-khoan/cb.thu/giao",
                  {"csrf": tok or "", "role": "viewer", "unit": "00070"}, {303, 403, 404})
        resp, body = self.api("POST /api/v1/tokens", "POST", "/api/v1/tokens", {201},
                              {"username": "quantri", "password": "demo-password"})
        token = loads(body).get("token") if resp is not None and resp.status == 201 else None
        self.api("GET /api/v1/units", "GET", "/api/v1/units", {200})
        if "feedback" in self.optional:
            resp, body = self.api("POST /api/v1/feedback", "POST", "/api/v1/feedback", {201}, {
                "title": "Đèn đường hỏng ở ngõ 5",
                "body": "Đèn đường trước nhà số 12 ngõ 5 đã hỏng hai tuần nay, buổi tối rất tối.",
                "category": self.optional["feedback"], "public": False})
            item = loads(body) if resp is not None and resp.status == 201 else {}
            if "code" in item and "secret" in item:
                self.api("GET /api/v1/feedback/{code}", "GET",
                         f"/api/v1/feedback/{item['code']}?secret={urllib.parse.quote(item['secret'])}", {200})
        if "feedback" in self.optional:
            _, page = self.request("GET /phan-anh/gui", "GET", "/phan-anh/gui", {200})
            tok = csrf_of(page.decode("utf-8", "replace")) if page else None
            body, ctype = multipart({"csrf": tok or "", "title": "Cống thoát nước bị tắc",
                                     "body": "Cống thoát nước đầu ngõ 7 bị tắc, mưa xuống là ngập.",
                                     "category": self.optional["feedback"], "public": "1"},
                                    ("files", "anh.png", "image/png", PNG))
            self.request("POST /phan-anh/gui", "POST", "/phan-anh/gui", {200, 403}, body,
                         {"Content-Type": ctype})
        if token:
            self.api("DELETE /api/v1/tokens/current", "DELETE", "/api/v1/tokens/current", {204, 401},
                     token=token)
        page_tok = None
        _, page = self.request("GET /quan-ly", "GET", "/quan-ly", {200, 303})
        if page:
            page_tok = csrf_of(page.decode("utf-8", "replace"))
        self.form("POST /dang-xuat", "/dang-xuat", {"csrf": page_tok or ""}, {303, 403})

    def go(self, env_extra):
        env = dict(os.environ)
        env["DANVAN_PWHASH_FAST"] = "1"
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
        env.update(env_extra)
        self.port = new_port()
        logf = open(os.path.join(self.dir, "server.log"), "w+")
        proc = subprocess.Popen([BIN, "serve", "--data", self.data, "--listen", f"127.0.0.1:{self.port}",
                                 "--threads", "2"], stdout=logf, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                self.started = True
                break
            except OSError:
                time.sleep(0.05)
        if self.started:
            try:
                self.script()
            finally:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
        try:
            self.rc = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            self.rc = proc.wait()
            self.bad("did not stop within 60 s of SIGTERM")
        logf.seek(0)
        self.log = logf.read()
        logf.close()
        m = SANITIZER.search(self.log)
        if m:
            start = max(0, m.start() - 200)
            self.bad("sanitizer report or abort in the server log:\n" + self.log[start:start + 2500])
        if self.rc is not None and self.rc < 0:
            self.bad(f"killed by signal {-self.rc}")
        if not self.started:
            if self.rc == 0:
                self.bad("exited with status 0 without serving")
            elif "error" not in self.log:
                self.bad(f"refused to start (status {self.rc}) without saying why")
        elif self.rc not in (0, 1):
            self.bad(f"exit status {self.rc} after SIGTERM")
        self.check_data()
        if not self.problems:
            shutil.rmtree(self.dir, ignore_errors=True)
        return self

    def check_data(self):
        r = run_cli("audit", "verify", data=self.data)
        if r.returncode != 0:
            self.bad(f"audit verify exit {r.returncode}: {r.stdout} {r.stderr}")
        db = sqlite3.connect(os.path.join(self.data, "danvan.db"), timeout=30)
        try:
            for what, sql in HALF_WRITTEN:
                rows = db.execute(sql).fetchall()
                if rows:
                    self.bad(f"half-written record: {what}: {rows[:5]}")
        finally:
            db.close()


def loads(body):
    """A JSON object, or {} (a bad body is reported by Run.request)."""
    try:
        v = json.loads(body)
        return v if isinstance(v, dict) else {}
    except ValueError:
        return {}


# A 1x1 PNG, for the web form's file field.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000b"
                    "49444154789c6360000200000500017a5eab3f0000000049454e44ae426082")


def multipart(fields, file):
    b = "----danvan-fault-7d3c1"
    out = b""
    for k, v in fields.items():
        out += f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
    name, fname, ctype, data = file
    out += (f'--{b}\r\nContent-Disposition: form-data; name="{name}"; filename="{fname}"\r\n'
            f"Content-Type: {ctype}\r\n\r\n").encode() + data + f"\r\n--{b}--\r\n".encode()
    return out, f"multipart/form-data; boundary={b}"


def audited(table, key, actions, object_type):
    acts = ", ".join(f"'{a}'" for a in actions)
    return (f"SELECT {key} FROM {table} x WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE "
            f"l.action IN ({acts}) AND l.object_type = '{object_type}' AND l.object_id = CAST(x.{key} AS TEXT))")


def orphan_audit(table, key, action, object_type):
    return (f"SELECT l.id FROM audit_log l WHERE l.action = '{action}' AND l.object_type = '{object_type}' "
            f"AND NOT EXISTS (SELECT 1 FROM {table} x WHERE CAST(x.{key} AS TEXT) = l.object_id)")


HALF_WRITTEN = [
    ("account without account.create", audited("accounts", "id", ["account.create"], "account")),
    ("account.create without its account", orphan_audit("accounts", "id", "account.create", "account")),
    ("grant without role.grant", audited("role_grants", "id", ["role.grant"], "role_grant")),
    ("role.grant without its grant", orphan_audit("role_grants", "id", "role.grant", "role_grant")),
    ("session without session.login", audited("sessions", "id", ["session.login"], "session")),
    ("unit without unit.create", audited("units", "code", ["unit.create"], "unit")),
    ("unit.create without its unit", orphan_audit("units", "code", "unit.create", "unit")),
    ("feedback without its audit entry",
     audited("feedback", "code", ["feedback.submit", "feedback.demo"], "feedback")),
    ("feedback.submit without its item", orphan_audit("feedback", "code", "feedback.submit", "feedback")),
    ("attachment without attachment.store",
     audited("attachments", "id", ["attachment.store"], "attachment")),
    ("feedback without a timeline event",
     "SELECT code FROM feedback f WHERE NOT EXISTS (SELECT 1 FROM feedback_events e WHERE e.feedback_id = f.id)"),
    ("feedback without a submit event",
     "SELECT code FROM feedback f WHERE NOT EXISTS (SELECT 1 FROM feedback_events e WHERE "
     "e.feedback_id = f.id AND e.type = 'submit')"),
]


def run(kind, n, sticky=False):
    env = {f"DANVAN_FAIL_{kind}": str(n)}
    if sticky:
        env[f"DANVAN_FAIL_{kind}_STICKY"] = "1"
    r = Run(kind, n, sticky, optional)
    try:
        return r.go(env)
    except Exception as e:  # a bug of this test or of the server: report it, go on
        r.bad(f"the run itself failed: {type(e).__name__}: {e}")
        return r


# --- a run without faults: the script must do what it says -------------------------
# Is the feedback API there yet? GET /api/v1/categories gives a category to
# send feedback in, or 404 while it is not routed.
optional = {}


def probe_routes(r):
    cats = r.api("GET /api/v1/categories", "GET", "/api/v1/categories", {200, 404})[1]
    r.problems.clear()
    r.statuses.clear()
    try:
        items = json.loads(cats)["items"] if cats else []
    except (ValueError, KeyError):
        items = []
    if items:
        optional["feedback"] = items[0]["code"]


clean = Run("NONE", 0, False, {})
clean.script = lambda: probe_routes(clean)
clean.go({})
baseline = Run("NONE", 0, False, optional).go({})
t.ok(baseline.started and not baseline.problems, "the script runs clean without faults",
     "\n".join(baseline.problems) + "\n" + baseline.log[-2000:])
expected = {"GET /": 200, "POST /dang-nhap": 303, "POST /quan-ly/tai-khoan": 303,
            "POST /quan-ly/tai-khoan/cb.thu/giao": 303, "POST /api/v1/tokens": 201,
            "GET /api/v1/units": 200, "POST /dang-xuat": 303}
if "feedback" in optional:
    expected["POST /api/v1/feedback"] = 201
    expected["GET /api/v1/feedback/{code}"] = 200
    expected["POST /phan-anh/gui"] = 200
got = dict(baseline.statuses)
t.ok(all(got.get(k) == v for k, v in expected.items()), "... with the expected answers",
     {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != v})
t.ok("feedback" in optional, "POST /api/v1/feedback is exercised (the feedback API is routed)",
     "GET /api/v1/categories gave no categories: the feedback API is not there yet")


def sig(r):
    return (r.started, tuple(r.statuses))


def spread(lo, hi, k):
    """k integers spread over (lo, hi], denser at the low end (deterministic)."""
    if hi <= lo:
        return []
    out = set()
    for i in range(1, k + 1):
        x = lo + (hi - lo) * (i / k) ** 1.6
        out.add(max(lo + 1, min(hi, int(round(x)))))
    return sorted(out)


def campaign(kind):
    runs = []
    with ThreadPoolExecutor(JOBS) as pool:
        runs += list(pool.map(lambda n: run(kind, n), range(1, 41)))
        # sticky runs double N until a run sees no failure: past the last
        # call the script makes
        n, top = 32, None
        while n <= 1 << 22:
            batch = [n * (1 << i) for i in range(JOBS)]
            res = list(pool.map(lambda m: run(kind, m, True), batch))
            runs += res
            for m, r in zip(batch, res):
                if sig(r) == sig(baseline) and "error:" not in r.log:
                    top = m
                    break
            if top:
                break
            n = batch[-1] * 2
        t.ok(top is not None, f"{kind}: the script makes fewer than {top or n} calls (a sticky run past them "
             "sees no failure)")
        top = top or n
        runs += list(pool.map(lambda m: run(kind, m), spread(40, top, SPREAD)))
    return runs, top


for kind in ("ALLOC", "DB"):
    start = time.time()
    runs, top = campaign(kind)
    failed = [r for r in runs if r.problems]
    refused = sum(1 for r in runs if not r.started)
    n500 = sum(1 for r in runs for _, s in r.statuses if s in (500, 503))
    ns = sorted({r.n for r in runs})
    print(f"# {kind}: {len(runs)} runs (N = 1..40 and {len([x for x in ns if x > 40])} values up to {ns[-1]}), "
          f"{refused} refused to start, {n500} answers 500/503, {time.time() - start:.0f}s", flush=True)
    hit = {}
    for r in runs:
        for step, st in r.statuses:
            if st in (500, 503):
                hit[step] = hit.get(step, 0) + 1
    print(f"# {kind}: answers 500/503 per request: " + ", ".join(f"{k} {v}" for k, v in hit.items()), flush=True)
    t.ok(not failed, f"{kind}: no crash, leak, bad answer or half-written record in {len(runs)} runs",
         "\n".join(f"{r.label}: {p}  [kept {r.dir}]" for r in failed for p in r.problems))
    t.ok(refused < len(runs) and n500 > 0, f"{kind}: the faults were felt (some runs served, some answered 500)",
         f"refused {refused} of {len(runs)}, {n500} answers 500/503")

print(f"# fault injection took {time.time() - t0:.0f}s", flush=True)
if not t.failed:
    shutil.rmtree(work, ignore_errors=True)
t.done()
