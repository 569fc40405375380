"""The kill -9 test: nothing acknowledged is lost.

Several threads send feedback (POST /api/v1/feedback) as fast as the server
takes it and record every acknowledged item (201 with its code and secret).
In the middle of the burst the server is killed with SIGKILL - no shutdown,
no flush, requests half-read and batches half-written - and started again on
the same data directory. This is done for several rounds; then every
acknowledged item must be there with its title (GET /api/v1/feedback/{code}
?secret=...), the audit chain must verify (`danvan audit verify`), the
database must pass SQLite's integrity check, and no item may be half-written
(each has its submit event and its audit entry, and no audit entry lacks its
item). With DANVAN_TEST_ENGINE=postgresql (tests/pg_http.sh) the same runs
on a PostgreSQL database of its own: danvan is killed, the database server
is not, and every acknowledged item must be there all the same.

It uses the optimised ./danvan when it is newer than every source (more
submissions in flight when the kill lands), else the ASan build;
DANVAN_CRASH_BIN overrides. SIGKILL tests the process dying at
any instruction: what the kernel has been given survives, so this proves the
server acknowledges only after COMMIT and that a torn batch leaves no half
record; it does not simulate a power cut (synchronous=FULL is there for that).
"""
import http.client
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, "tests/http")
import harness  # noqa: E402
from harness import TAP  # noqa: E402

ROUNDS = int(os.environ.get("DANVAN_CRASH_ROUNDS", "5"))
THREADS = 8


def pick_binary():
    """./danvan when it is newer than every source it is built from."""
    if os.environ.get("DANVAN_CRASH_BIN"):
        return os.environ["DANVAN_CRASH_BIN"]
    rel = "./danvan"
    if os.path.exists(rel):
        newest = 0.0
        for top in ("src", "migrations", "templates", "static", "demo"):
            for dirpath, _, files in os.walk(top):
                for f in files:
                    newest = max(newest, os.path.getmtime(os.path.join(dirpath, f)))
        if os.path.getmtime(rel) >= newest:
            return rel
    return os.environ.get("DANVAN_BIN", "build/asan/danvan")


BIN = pick_binary()
harness.BIN = BIN  # run_cli uses it
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|runtime error:|^BUG: |^fatal: ", re.M)

t = TAP()
print(f"# binary: {BIN}", flush=True)
work = tempfile.mkdtemp(prefix="danvan-crash-")
data = os.path.join(work, "data")
DB_URL = None
if harness.ENGINE == "postgresql":
    _, DB_URL = harness.pg_new_database()
    harness.DATA_DB[data] = DB_URL
    print(f"# database: {DB_URL}", flush=True)


def open_db():
    return harness.PgDB(DB_URL) if DB_URL else sqlite3.connect(os.path.join(data, "danvan.db"), timeout=30)

r = harness.run_cli("init", data=data)
t.ok(r.returncode == 0, "init", r.stderr)
r = harness.run_cli("demo", data=data, env={"DANVAN_DEMO_SMALL": "1"})
t.ok(r.returncode == 0, "demo data", r.stderr)


class Server:
    def __init__(self, n):
        self.port = harness.free_port()
        self.logpath = os.path.join(work, f"server-{n}.log")
        self.log = open(self.logpath, "w+")
        env = dict(os.environ)
        env["DANVAN_PWHASH_FAST"] = "1"
        if DB_URL:
            env["DANVAN_DATABASE"] = DB_URL
        self.proc = subprocess.Popen([BIN, "serve", "--data", data, "--listen", f"127.0.0.1:{self.port}",
                                      "--quiet"], stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 60
        while time.time() < deadline and self.proc.poll() is None:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                c.request("GET", "/healthz")
                ok = c.getresponse().status == 200
                c.close()
                if ok:
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start:\n" + self.output()[-3000:])

    def output(self):
        self.log.flush()
        with open(self.logpath) as f:
            return f.read()

    def get_json(self, path):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            c.request("GET", path)
            r = c.getresponse()
            body = r.read()
            return r.status, (json.loads(body) if body else None)
        finally:
            c.close()

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return -9


acked = {}          # code -> (secret, title)
acked_lock = threading.Lock()
errors = []         # answers that are neither 201 nor a dropped connection
cut = [0]           # requests the kill cut before any answer


def burst(srv, category, round_no, stop):
    """Send feedback from THREADS threads until `stop` is set or the
    server dies; record each acknowledged item."""
    def worker(tid):
        seq = 0
        conn = None
        while not stop.is_set():
            seq += 1
            title = f"Phản ánh vòng {round_no} luồng {tid} số {seq}"
            body = json.dumps({"title": title, "category": category, "public": seq % 2 == 0,
                               "body": f"Nội dung kiểm tra độ bền: vòng {round_no}, luồng {tid}, số {seq}."})
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
                conn.request("POST", "/api/v1/feedback", body=body.encode(),
                             headers={"Content-Type": "application/json; charset=utf-8"})
                r = conn.getresponse()
                data = r.read()
            except (http.client.HTTPException, OSError):
                # the server is gone (or the connection was cut by the kill):
                # this item was not acknowledged
                if srv.proc.poll() is not None:
                    with acked_lock:
                        cut[0] += 1  # in flight when the kill landed
                    return
                conn = None
                continue
            if r.status == 201:
                item = json.loads(data)
                with acked_lock:
                    acked[item["code"]] = (item["secret"], title)
            else:
                errors.append((r.status, data[:200]))
                return

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for th in threads:
        th.start()
    return threads


srv = Server(0)
status, cats = srv.get_json("/api/v1/categories")
have_api = status == 200 and cats and cats.get("items")
if not have_api:
    t.ok(False, "POST /api/v1/feedback is there (GET /api/v1/categories answers its list)",
         f"GET /api/v1/categories answered {status}: the feedback API is not routed yet, "
         "so the kill -9 test cannot run")
    srv.stop()
    t.done()
category = cats["items"][0]["code"]

for rnd in range(1, ROUNDS + 1):
    before = len(acked)
    stop = threading.Event()
    threads = burst(srv, category, rnd, stop)
    # kill once a good number of items were acknowledged in this round
    # (and more are in flight), or after 20 s whatever happened
    deadline = time.time() + 20
    target = before + 150 * rnd
    while time.time() < deadline and len(acked) < target and not errors:
        time.sleep(0.01)
    srv.kill9()
    stop.set()
    for th in threads:
        th.join(timeout=60)
    out = srv.output()
    t.ok(not errors, f"round {rnd}: every answer during the burst was 201", errors[:5])
    t.ok(len(acked) > before, f"round {rnd}: {len(acked) - before} items acknowledged before kill -9")
    t.ok(not SANITIZER.search(out), f"round {rnd}: no sanitizer report before the kill", out[-2000:])
    try:
        srv = Server(rnd)
    except RuntimeError as e:
        t.ok(False, f"round {rnd}: the server starts again on the killed one's data", str(e))
        print(f"# kept {work}", flush=True)
        t.done()

# the kills landed under load: requests were cut without an answer
t.ok(cut[0] >= 1, f"the kills landed under load ({cut[0]} requests cut unanswered in {ROUNDS} rounds)")

# --- every acknowledged item is there ------------------------------------------------
missing, wrong = [], []
for code, (secret, title) in sorted(acked.items()):
    status, item = srv.get_json(f"/api/v1/feedback/{code}?secret={urllib.parse.quote(secret)}")
    if status != 200:
        missing.append((code, status))
    elif item.get("title") != title or item.get("code") != code:
        wrong.append((code, item.get("title"), title))
t.ok(not missing, f"all {len(acked)} acknowledged items are there after {ROUNDS} kill -9",
     f"{len(missing)} missing, e.g. {missing[:10]}")
t.ok(not wrong, "each with the title that was sent", wrong[:5])

# items committed but not yet indexed when killed wait in search_pending
# (same transaction); the restarted server's writer indexes them by itself
deadline = time.time() + 15
while time.time() < deadline:
    q = open_db()
    waiting = q.execute("SELECT count(*) FROM search_pending").fetchone()[0]
    q.close()
    if waiting == 0:
        break
    time.sleep(0.05)
t.eq(waiting, 0, "the restarted server indexes what the killed one left queued")

rc = srv.stop()
out = srv.output()
t.eq(rc, 0, "the restarted server exits cleanly on SIGTERM")
t.ok(not SANITIZER.search(out), "no sanitizer report after restart", out[-3000:])

r = harness.run_cli("audit", "verify", data=data)
t.eq(r.returncode, 0, "danvan audit verify: the chain is intact")

db = open_db()
if not DB_URL:
    t.eq(db.execute("PRAGMA integrity_check").fetchone()[0], "ok", "SQLite integrity check")
codes = [c for (c,) in db.execute("SELECT code FROM feedback")]
t.ok(set(acked) <= set(codes), "the acknowledged codes are all in the feedback table")
half = db.execute(
    "SELECT code FROM feedback f WHERE NOT EXISTS (SELECT 1 FROM feedback_events e "
    "WHERE e.feedback_id = f.id AND e.type = 'submit') OR NOT EXISTS (SELECT 1 FROM audit_log l "
    "WHERE l.object_type = 'feedback' AND l.object_id = f.code AND l.action IN ('feedback.submit', "
    "'feedback.demo'))").fetchall()
t.ok(not half, "no item without its submit event and audit entry", half[:10])
orphan = db.execute(
    "SELECT object_id FROM audit_log l WHERE l.action = 'feedback.submit' AND NOT EXISTS "
    "(SELECT 1 FROM feedback f WHERE f.code = l.object_id)").fetchall()
t.ok(not orphan, "no feedback.submit audit entry without its item", orphan[:10])
unindexed = db.execute(
    "SELECT count(*) FROM feedback f WHERE NOT EXISTS (SELECT 1 FROM " +
    ("search_fts d WHERE d.rowid" if DB_URL else "search_fts_docsize d WHERE d.id") +
    " = 1099511627776 + f.id)").fetchone()[0]
t.eq(unindexed, 0, "every stored item is in the search index")
extra = len(codes) - len(set(acked)) - db.execute(
    "SELECT count(*) FROM audit_log WHERE action = 'feedback.demo'").fetchone()[0]
print(f"# {len(acked)} acknowledged, {max(extra, 0)} stored but never acknowledged "
      f"(in flight when killed: allowed)", flush=True)
db.close()

if not t.failed:
    shutil.rmtree(work, ignore_errors=True)
else:
    print(f"# kept {work}", flush=True)
t.done()
