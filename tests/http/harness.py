"""HTTP test harness: runs the real danvan binary on a free port with a
temporary data directory and speaks HTTP to it over real sockets.

Each test file creates a Server, calls t.ok(...) / t.eq(...) for TAP output,
and finishes with t.done(). The server is stopped with SIGTERM at the end;
a non-zero exit or a sanitizer report in its stderr is a failed test.

The engine: SQLite (a file in the data directory) unless
DANVAN_TEST_ENGINE=postgresql, when each Server gets a new database of its
own on the PostgreSQL cluster named by DANVAN_TEST_PG_URL (a throwaway one
from scripts/pg-test-cluster; tests/pg_http.sh sets both), created with the
C collation and dropped when the server stops. The data directory is still
made (audit key, upload spool). Server.db() then answers the same calls as
a sqlite3 connection (execute with ? parameters, fetchone/fetchall,
iteration, `with` to commit) through psycopg2, and run_cli(data=DIR) of a
Server's data directory names its database.
"""
import atexit
from datetime import date, timedelta
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
import time
import urllib.parse

BIN = os.environ.get("DANVAN_BIN", "build/asan/danvan")
ENGINE = os.environ.get("DANVAN_TEST_ENGINE", "sqlite") or "sqlite"
PG_URL = os.environ.get("DANVAN_TEST_PG_URL", "")
# data directory -> database URL of the Servers on PostgreSQL (for run_cli)
DATA_DB = {}


def pg_driver():
    """psycopg2 (Debian's python3-psycopg2, scripts/deps --test); also found
    when python3 is not Debian's own (pyenv) but of the same version."""
    try:
        import psycopg2
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")
        import psycopg2
    return psycopg2


def pg_url_for(url, dbname):
    """The cluster URL with another database name."""
    u = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + dbname, u.query, u.fragment))


def pg_admin(sql):
    """Run one statement on the cluster's own database, outside a transaction."""
    con = pg_driver().connect(PG_URL)
    try:
        con.autocommit = True
        con.cursor().execute(sql)
    finally:
        con.close()


def pg_new_database():
    name = f"danvan_t{os.getpid()}_{int(time.time() * 1000) % 100000000}_{len(DATA_DB)}"
    pg_admin(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
    return name, pg_url_for(PG_URL, name)


def _pg_sql(sql):
    """sqlite3's ? parameters as psycopg2's %s (outside quotes), % doubled."""
    out, quote = [], None
    for ch in sql:
        if quote:
            if ch == quote:
                quote = None
            out.append("%%" if ch == "%" else ch)
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


def _pg_row(row):
    return None if row is None else tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)


class PgCursor:
    def __init__(self, cur):
        self.cur = cur
        self.rowcount = cur.rowcount

    def fetchone(self):
        return _pg_row(self.cur.fetchone()) if self.cur.description else None

    def fetchall(self):
        return [_pg_row(r) for r in self.cur.fetchall()] if self.cur.description else []

    def __iter__(self):
        return iter(self.fetchall())


def _vn_fold(s):
    if s is None:
        return None
    import unicodedata
    s = unicodedata.normalize("NFD", str(s).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lower()


class PgDB:
    """The part of a sqlite3 connection the tests use, on PostgreSQL."""

    def __init__(self, url):
        self.con = pg_driver().connect(url)

    def execute(self, sql, args=()):
        cur = self.con.cursor()
        cur.execute(_pg_sql(sql), tuple(args))
        return PgCursor(cur)

    def commit(self):
        self.con.commit()

    def rollback(self):
        self.con.rollback()

    def close(self):
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type:
            self.con.rollback()
        else:
            self.con.commit()
        return False


class TAP:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=None):
        self.n += 1
        if cond:
            print(f"ok {self.n} - {name}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.n} - {name}", flush=True)
            if detail is not None:
                for line in str(detail).splitlines()[:20]:
                    print(f"#   {line}", flush=True)
        return cond

    def eq(self, got, want, name):
        return self.ok(got == want, name, f"got {got!r}, want {want!r}")

    def done(self):
        print(f"1..{self.n}", flush=True)
        sys.exit(1 if self.failed else 0)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_cli(*args, data=None, stdin=None, env=None):
    e = dict(os.environ)
    e.setdefault("DANVAN_PWHASH_FAST", "1")
    if env:
        e.update(env)
    cmd = [BIN] + list(args)
    if data:
        cmd += ["--data", data]
        if data in DATA_DB and "DANVAN_DATABASE" not in (env or {}):
            e["DANVAN_DATABASE"] = DATA_DB[data]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=e, timeout=300)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class Client:
    """One keep-alive connection with a cookie jar."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, str):
            body = body.encode()
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                val = rest.split(";")[0]
                if "Max-Age=0" in v or val == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = val
        return Response(r.status, r.getheaders(), data)

    def raw(self, method, path, body, headers=None):
        """Send a request on a fresh socket, tolerating the server closing
        it before the whole body is sent (413), and parse the answer."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
        for k, v in (headers or {}).items():
            head += f"{k}: {v}\r\n"
        try:
            s.sendall(head.encode() + b"\r\n" + body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
                if b"\r\n\r\n" in data:
                    hdr, _, rest = data.partition(b"\r\n\r\n")
                    m = re.search(rb"Content-Length: (\d+)", hdr, re.I)
                    if m and len(rest) >= int(m.group(1)):
                        break
        except (ConnectionResetError, socket.timeout):
            pass
        s.close()
        hdr, _, rest = data.partition(b"\r\n\r\n")
        lines = hdr.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
        headers = [tuple(x.split(": ", 1)) for x in lines[1:] if ": " in x]
        return Response(status, headers, rest)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields, headers=None):
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, urllib.parse.urlencode(fields), h)

    def post_json(self, path, obj, token=None, raw=None):
        h = {"Content-Type": "application/json; charset=utf-8"}
        if token:
            h["Authorization"] = f"Bearer {token}"
        body = raw if raw is not None else json.dumps(obj)
        return self.request("POST", path, body, h)

    def get_json(self, path, token=None):
        h = {"Authorization": f"Bearer {token}"} if token else {}
        return self.request("GET", path, headers=h)

    def close(self):
        self.conn.close()


def post_multipart(client, path, fields, files=()):
    """POST form fields [(name, value)] and files [(field, filename, type, bytes)] as multipart/form-data."""
    boundary = "----danvan-test-boundary-5QX7"
    out = b""
    for k, v in fields:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n").encode() + v.encode() + b"\r\n"
    for k, name, ctype, data in files:
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\n"
                f"Content-Type: {ctype}\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return client.request("POST", path, out, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def csrf_of(html):
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    return m.group(1) if m else None


class Server:
    def __init__(self, demo=True, extra_env=None, args=(), engine=None, same_database_as=None):
        """engine: "sqlite" or "postgresql" whatever DANVAN_TEST_ENGINE says.
        same_database_as: another (running) Server whose data directory and
        database this one serves too, on a port of its own (the scale-out
        test): nothing is initialised, and stop() leaves the directory and
        the database to that Server (stop this one first)."""
        engine = engine or ENGINE
        self.shared = same_database_as is not None
        if self.shared:
            self._start_shared(same_database_as, extra_env, args)
            return
        self.dir = tempfile.mkdtemp(prefix="danvan-test-")
        self.data = os.path.join(self.dir, "data")
        self.env = dict(os.environ)
        self.env["DANVAN_PWHASH_FAST"] = "1"
        self.pg_name = self.url = None
        if engine == "postgresql":
            if not PG_URL:
                raise RuntimeError("DANVAN_TEST_ENGINE=postgresql needs DANVAN_TEST_PG_URL (tests/pg_http.sh)")
            self.pg_name, self.url = pg_new_database()
            self.env["DANVAN_DATABASE"] = self.url
            DATA_DB[self.data] = self.url
        elif engine != "sqlite":
            raise RuntimeError(f"unknown DANVAN_TEST_ENGINE {engine!r}")
        if extra_env:
            self.env.update(extra_env)
        r = run_cli("init", data=self.data)
        if r.returncode != 0:
            raise RuntimeError("init failed: " + r.stderr)
        if demo:
            r = run_cli("demo", data=self.data, env={"DANVAN_DEMO_SMALL": "1"})
            if r.returncode != 0:
                raise RuntimeError("demo failed: " + r.stderr)
        self._start(args, "server.log")

    def _start_shared(self, other, extra_env, args):
        self.dir, self.data, self.url, self.pg_name = other.dir, other.data, other.url, None
        self.env = dict(other.env)
        if extra_env:
            self.env.update(extra_env)
        self._start(args, f"server-{id(self)}.log")

    def _start(self, args, log_name):
        """Run `danvan serve` on a free port and wait for /healthz."""
        self.port = free_port()
        self.log = open(os.path.join(self.dir, log_name), "w+")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--data", self.data, "--listen", f"127.0.0.1:{self.port}"] + list(args),
            stdout=self.log, stderr=subprocess.STDOUT, env=self.env)
        # a suite that dies before stop() leaves no server behind
        atexit.register(lambda: self.proc.poll() is None and self.proc.kill())
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    c.close()
                    return
            except OSError:
                time.sleep(0.05)
            if self.proc.poll() is not None:
                break
        self.log.seek(0)
        raise RuntimeError("server did not start:\n" + self.log.read()[-3000:])

    def client(self):
        return Client(self.port)

    def db(self):
        if self.url:
            return PgDB(self.url)
        c = sqlite3.connect(os.path.join(self.data, "danvan.db"), timeout=10)
        # the server's SQL function that the search triggers call (a test
        # that writes rows directly fires them): an approximation of
        # core/vntext's folding, enough to keep the index consistent
        c.create_function("vn_fold", 1, _vn_fold, deterministic=True)
        return c

    def count(self, table, where="1=1", args=()):
        c = self.db()
        try:
            return c.execute(f"SELECT count(*) FROM {table} WHERE {where}", args).fetchone()[0]
        finally:
            c.close()

    def record_month_diff(self):
        """The differences between the monthly roll-ups of the reports
        (report_record_month, 0036; report_model_month and
        report_commend_month, 0037), their yearly ones (0041), the
        consultations' (0043) and the meetings, bookings, comments,
        models, commendations and drafts added up here: [] when right."""
        def month(t):
            d = date(1970, 1, 1) + timedelta(days=(t + 25200) // 86400)
            return (d.replace(day=1) - date(1970, 1, 1)).days
        want = {}

        def add(key, i, v=1):
            want.setdefault(key, [0, 0, 0, 0])[i] += v
        kinds = ("voter_contact", "dialogue", "reception", "conference")
        c = self.db()
        try:
            for unit, at, status, kind in c.execute("SELECT unit_id, starts_at, status, kind FROM meetings"):
                add(("meeting", unit, month(at)), kinds.index(kind), int(status in ("held", "closed")))
            for unit, at, status in c.execute("SELECT m.unit_id, m.starts_at, x.status FROM reception_bookings x "
                                              "JOIN meetings m ON m.id = x.meeting_id"):
                add(("booking", unit, month(at)), 0, int(status == "held"))
            for unit, at, hidden, dec in c.execute(
                    "SELECT k.unit_id, c.created_at, c.hidden_reason, r.decision FROM consultation_comments c "
                    "JOIN consultations k ON k.id = c.consultation_id "
                    "LEFT JOIN consultation_replies r ON r.comment_id = coalesce(c.group_id, c.id)"):
                shown = hidden is None
                key = ("comment", unit, month(at))
                add(key, 0, int(shown))
                add(key, 1, int(shown and dec is not None))
                add(key, 2, int(shown and dec in ("accepted", "partly_accepted")))
            got = {(r[0], r[1], r[2]): list(r[3:]) for r in c.execute(
                "SELECT source, unit_id, day, a, b, c, d FROM report_record_month")}
            # models and commendations (migration 0037), keyed by what the catalogue tests
            def mday(d):
                x = date(1970, 1, 1) + timedelta(days=d)
                return (x.replace(day=1) - date(1970, 1, 1)).days
            for unit, on, status, field in c.execute("SELECT unit_id, registered_on, status, field FROM models"):
                want.setdefault(("model", unit, mday(on), status, field), [0, 0, 0, 0])[0] += 1
            for unit, on, status, form, prize in c.execute(
                    "SELECT recipient_unit_id, decision_date, status, form_code, prize_vnd FROM commendations "
                    "WHERE decision_date IS NOT NULL"):
                w = want.setdefault(("commendation", unit, mday(on), status, form), [0, 0, 0, 0])
                w[0] += 1
                w[1] += prize or 0
            for r in c.execute("SELECT unit_id, registered_on, status, field, n FROM report_model_month"):
                got[("model",) + tuple(r[:4])] = [r[4], 0, 0, 0]
            for r in c.execute("SELECT recipient_unit_id, decision_date, status, form_code, n, prize_vnd "
                               "FROM report_commend_month"):
                got[("commendation",) + tuple(r[:4])] = [r[4], r[5], 0, 0]
            # consultations (0043): the drafts by unit and month of opening
            for unit, at in c.execute("SELECT unit_id, opens_at FROM consultations"):
                add(("consultation", unit, month(at)), 0)
            for r in c.execute("SELECT unit_id, day, n FROM report_consult_month"):
                got[("consultation",) + tuple(r[:2])] = [r[2], 0, 0, 0]
            # and by year (0041): the months above added up by year, keyed "year"
            def yday(d):
                x = date(1970, 1, 1) + timedelta(days=d)
                return (x.replace(month=1, day=1) - date(1970, 1, 1)).days
            for key, w in list(want.items()):
                y = want.setdefault(("year",) + key[:2] + (yday(key[2]),) + key[3:], [0, 0, 0, 0])
                for i in range(4):
                    y[i] += w[i]
            for r in c.execute("SELECT source, unit_id, day, a, b, c, d FROM report_record_year"):
                got[("year",) + tuple(r[:3])] = list(r[3:])
            for r in c.execute("SELECT unit_id, registered_on, status, field, n FROM report_model_year"):
                got[("year", "model") + tuple(r[:4])] = [r[4], 0, 0, 0]
            for r in c.execute("SELECT recipient_unit_id, decision_date, status, form_code, n, prize_vnd "
                               "FROM report_commend_year"):
                got[("year", "commendation") + tuple(r[:4])] = [r[4], r[5], 0, 0]
            for r in c.execute("SELECT unit_id, day, n FROM report_consult_year"):
                got[("year", "consultation") + tuple(r[:2])] = [r[2], 0, 0, 0]
        finally:
            c.close()
        out = []
        for key in set(want) | set(got):
            w, g = want.get(key, [0] * 4), got.get(key, [0] * 4)
            if w != g:
                out.append((key, w, g))
        return sorted(out)

    def search_settled(self, timeout=10.0):
        """Wait until the server has indexed every new item for search (new
        items wait in search_pending for the writer's next pass, a few ms
        when idle); True when the queue is empty."""
        end = time.time() + timeout
        while time.time() < end:
            if self.count("search_pending") == 0:
                return True
            time.sleep(0.01)
        return False

    def login(self, username, password="demo-password"):
        c = self.client()
        r = c.get("/dang-nhap")
        token = csrf_of(r.text)
        r = c.post_form("/dang-nhap", {"csrf": token or "", "username": username, "password": password})
        return c, r

    def stop(self, t):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = -9
        self.log.seek(0)
        out = self.log.read()
        t.ok(rc == 0, "server exits cleanly on SIGTERM", f"exit {rc}\n{out[-2000:]}")
        bad = re.search(r"(AddressSanitizer|LeakSanitizer|runtime error:)", out)
        t.ok(not bad, "no sanitizer report in the server log", out[-3000:] if bad else None)
        if self.shared:
            return  # the directory and the database belong to the first Server
        if os.environ.get("DANVAN_TEST_KEEP"):
            print(f"# kept {self.dir}", flush=True)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)
        if self.pg_name and not os.environ.get("DANVAN_TEST_KEEP"):
            DATA_DB.pop(self.data, None)
            try:
                pg_admin(f"DROP DATABASE IF EXISTS {self.pg_name} WITH (FORCE)")
            except Exception:  # the cluster goes at the end anyway
                pass
