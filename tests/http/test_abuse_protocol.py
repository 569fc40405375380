"""Abuse of the HTTP layer (issue 10, items 5, 8, 11, 12, 14): slow
connections, bodies before authorization, memory-pool exhaustion, ambiguous
framing and the metrics page. Each check failed on the code before the fix:
a slowloris from one address starved every other client, a login-only route
waited for a 50 MB body before redirecting, 255 query parameters or
"Transfer-Encoding: chunked, identity" hung for a minute, two different
Content-Length headers were accepted, and /metrics answered everybody.
"""
import os
import re
import resource
import select
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import Server, TAP  # noqa: E402

t = TAP()

# the slow-connection test holds 1000 sockets here and in the server (which
# inherits the limit)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < 4096:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard), hard))

srv = Server()
PORT = srv.port


def connect(source="127.0.0.1", timeout=10):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", PORT))
    return s


def read_response(s, timeout=10):
    """Read one response (head + Content-Length body) or until the peer
    closes; returns (status, head, body, seconds). status 0 = nothing."""
    start = time.time()
    s.settimeout(timeout)
    data = b""
    try:
        while True:
            if b"\r\n\r\n" in data:
                head, _, rest = data.partition(b"\r\n\r\n")
                m = re.search(rb"\r\nContent-Length: *(\d+)", head, re.I)
                if m and len(rest) >= int(m.group(1)):
                    break
            c = s.recv(65536)
            if not c:
                break
            data += c
    except (socket.timeout, ConnectionResetError):
        pass
    head, _, body = data.partition(b"\r\n\r\n")
    first = head.split(b"\r\n", 1)[0].split()
    status = int(first[1]) if len(first) > 1 and first[1].isdigit() else 0
    return status, head.decode("latin-1"), body, time.time() - start


def exchange(raw, source="127.0.0.1", timeout=10):
    s = connect(source, timeout)
    try:
        s.sendall(raw)
    except (BrokenPipeError, ConnectionResetError):
        pass
    r = read_response(s, timeout)
    s.close()
    return r


def closed_by_peer(s, wait=2.0):
    """True when the server closed s (EOF or reset) within `wait` seconds."""
    try:
        r, _, _ = select.select([s], [], [], wait)
        if not r:
            return False
        return s.recv(65536) == b""
    except (ConnectionResetError, BrokenPipeError, OSError):
        return True


def rss_kb(pid, field="RssAnon"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def metric(text, name):
    m = re.search(r"^" + re.escape(name) + r" (\d+)", text, re.M)
    return int(m.group(1)) if m else None


# --- 11: the connection's memory pool, and transfer codings -------------------
q = "&".join(f"p{i}=v{i}" for i in range(255))
st, _, body, secs = exchange(f"GET /phan-anh?{q} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
t.ok(st == 200 and secs < 5, "255 query parameters: answered at once (the pool is not exhausted)",
     f"status {st} after {secs:.1f}s")
q = "&".join(f"p{i}=v" for i in range(1500))
st, _, _, secs = exchange(f"GET /phan-anh?{q} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
t.ok(st in (400, 414) and secs < 5, "1500 query parameters: 400/414 at once", f"status {st} after {secs:.1f}s")
st, _, _, secs = exchange(f"GET /phan-anh?x={'a' * 20000} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
t.ok(st == 414 and secs < 5, "a 20 kB target: 414 at once", f"status {st} after {secs:.1f}s")
hdrs = "".join(f"X-H{i}: v\r\n" for i in range(400))
st, _, _, secs = exchange(f"GET /healthz HTTP/1.1\r\nHost: x\r\n{hdrs}\r\n".encode())
t.ok(st == 431 and secs < 5, "400 header lines: 431 at once", f"status {st} after {secs:.1f}s")

FORM_HEAD = ("POST /dang-nhap HTTP/1.1\r\nHost: x\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n")
CHUNKED_BODY = b"3\r\na=b\r\n0\r\n\r\n"
for coding in ("chunked, identity", "identity", "gzip, chunked"):
    st, head, _, secs = exchange((FORM_HEAD + f"Transfer-Encoding: {coding}\r\n\r\n").encode() + CHUNKED_BODY)
    t.ok(st in (400, 501) and secs < 5, f"Transfer-Encoding: {coding}: refused at once",
         f"status {st} after {secs:.1f}s")
st, head, _, _ = exchange((FORM_HEAD + "Transfer-Encoding: chunked, identity\r\n\r\n").encode() + CHUNKED_BODY)
t.ok("Connection: close" in head, "a refused transfer coding closes the connection", head)
# plain chunked still works (the CSRF check answers, after the body)
st, _, _, _ = exchange((FORM_HEAD + "Transfer-Encoding: chunked\r\nCookie: csrf=" + "a" * 32 +
                        "\r\n\r\n").encode() + CHUNKED_BODY)
t.eq(st, 403, "Transfer-Encoding: chunked is still read (and the CSRF check answers)")

# --- 12: ambiguous body length --------------------------------------------------
for name, extra, body in (
        ("two different Content-Length", "Content-Length: 3\r\nContent-Length: 40\r\n", b"a=b"),
        ("two equal Content-Length", "Content-Length: 3\r\nContent-Length: 3\r\n", b"a=b"),
        ("Content-Length with Transfer-Encoding", "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n",
         CHUNKED_BODY),
        ("two Transfer-Encoding", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
         CHUNKED_BODY)):
    st, head, _, secs = exchange((FORM_HEAD + extra + "\r\n").encode() + body)
    t.ok(st == 400 and secs < 5 and "Connection: close" in head, f"{name}: 400 and the connection closed",
         f"status {st} after {secs:.1f}s\n{head}")

# --- 14: /metrics -----------------------------------------------------------------
c = srv.client()
t.eq(c.get("/metrics").status, 200, "/metrics answers a loopback client")
for h in ("X-Forwarded-For", "X-Real-IP"):
    t.eq(c.get("/metrics", headers={h: "203.0.113.9"}).status, 404,
         f"/metrics refuses a request forwarded by a local proxy ({h})")
t.eq(c.get("/metrics", headers={"Forwarded": "for=203.0.113.9"}).status, 404,
     "/metrics refuses a request forwarded by a local proxy (Forwarded)")
c.close()

# --- 8: the body of a request the route refuses is never read ----------------------
# upload routes take 60 MB, the others 1 MiB (over it: 413 from the headers too)
BIG, SMALL = 50 * 1000 * 1000, 1000 * 1000
targets = [
    ("/quan-ly/phan-anh/moi", "multipart/form-data; boundary=xx", BIG, 303),
    ("/quan-ly/phan-anh/ABC123/thao-tac", "multipart/form-data; boundary=xx", BIG, 303),
    ("/phan-anh/gui", "multipart/form-data; boundary=xx", BIG, 403),  # no session, no CSRF cookie
    ("/api/v1/feedback/ABC123/events", "application/json", SMALL, 401),
    ("/quan-ly/don-vi", "application/x-www-form-urlencoded", SMALL, 303),
]
socks = []
for i in range(8):
    path, ctype, size, want = targets[i % len(targets)]
    s = connect()
    s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\n"
              f"Content-Length: {size}\r\n\r\n".encode() + b"x" * 4096)
    socks.append((s, targets[i % len(targets)]))
answers = [read_response(s, timeout=8) for s, _ in socks]
for (s, (path, _, size, want)), (st, head, _, secs) in zip(socks, answers):
    t.ok(st == want and secs < 5 and "Connection: close" in head,
         f"{path} without a session: {want} from the headers, the {size // 1000000} MB body unread",
         f"status {st} after {secs:.1f}s")
    s.close()
st, head, _, secs = exchange(b"POST /api/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             b"Content-Length: 999999999\r\n\r\n{")
t.ok(st == 413 and secs < 5, "an oversized Content-Length is 413 at once", f"status {st} after {secs:.1f}s")

# 8 uploads of 20 MB in flight at once to the anonymous send form (allowed
# up to 60 MB): they go to spool files, not to the heap
pid = srv.proc.pid
base = rss_kb(pid)
N, SIZE = 8, 20 * 1000 * 1000
chunk = b"z" * (1 << 20)
ups = []
for i in range(N):
    s = connect(timeout=60)
    s.sendall(f"POST /phan-anh/gui HTTP/1.1\r\nHost: x\r\nCookie: csrf={'b' * 32}\r\n"
              f"Content-Type: multipart/form-data; boundary=xx\r\nContent-Length: {SIZE}\r\n\r\n".encode())
    ups.append(s)
sent = 0
while sent < SIZE - 1:
    n = min(len(chunk), SIZE - 1 - sent)
    for s in ups:
        s.sendall(chunk[:n])
    sent += n
time.sleep(0.5)
peak = rss_kb(pid)
spooled = os.listdir(os.path.join(srv.data, "tmp")) if os.path.isdir(os.path.join(srv.data, "tmp")) else []
for s in ups:
    s.sendall(b"-")
answers = [read_response(s, timeout=30) for s in ups]
for s in ups:
    s.close()
grew = (peak - base) // 1024
t.ok(grew < 64, f"8 bodies of 20 MB in flight: the server's heap grew {grew} MB (bounded, not 160 MB)",
     f"RssAnon {base} kB -> {peak} kB")
t.ok(all(a[0] in (400, 403, 422) for a in answers), "the spooled uploads are answered when complete",
     [a[0] for a in answers])
t.eq(spooled, [], "spool files are unlinked (nothing to clean up after a crash)")

# --- 5: slow connections --------------------------------------------------------------
SLOW = 1000
slow = []
for i in range(SLOW):
    try:
        s = connect(timeout=5)
        s.setblocking(False)
        s.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
        slow.append(s)
    except OSError:
        break
t.ok(len(slow) == SLOW, f"{SLOW} slow connections opened from 127.0.0.1", len(slow))
start = time.time()
# one trickling body from another address: headers complete, then a byte a second
body_sock = connect("127.0.0.3", timeout=5)
body_sock.sendall(b"POST /api/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 100000\r\n\r\n{")

stop = threading.Event()
alive = set(range(len(slow)))
closed_at = {}
lock = threading.Lock()


def trickle():
    """Every second: one more header line on each connection still open,
    and note the ones the server closed."""
    while not stop.is_set():
        for i in list(alive):
            s = slow[i]
            try:
                r, _, _ = select.select([s], [], [], 0)
                if r and s.recv(4096) == b"":
                    raise ConnectionResetError
                s.send(b"X-Slow: 1\r\n")
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                with lock:
                    alive.discard(i)
                    closed_at[i] = time.time() - start
        try:
            body_sock.send(b" ")
        except OSError:
            pass
        stop.wait(1.0)


th = threading.Thread(target=trickle, daemon=True)
th.start()
time.sleep(1.5)
st, _, _, secs = exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", source="127.0.0.2",
                          timeout=10)
t.ok(st == 200 and secs < 5, "while 127.0.0.1 holds 1000 slow connections, 127.0.0.2 gets /healthz at once",
     f"status {st} after {secs:.1f}s")
with lock:
    held = len(alive)
t.ok(held <= 40, f"one address holds at most its limit of connections ({held} of {SLOW} still open)", held)

deadline = time.time() + 25
while time.time() < deadline:
    with lock:
        if not alive:
            break
    time.sleep(0.5)
stop.set()
th.join()
with lock:
    left = len(alive)
t.ok(left == 0, "slow connections still trickling header lines are closed after the header deadline",
     f"{left} still open")
late = sorted(v for v in closed_at.values() if v > 3)
t.ok(len(late) > 0 and late[0] > 8, "the connections within the limit were closed by the deadline, not at once",
     late[:5])
t.ok(closed_by_peer(body_sock, 1.0), "a body trickling at a byte a second is cut off")
body_sock.close()
for s in slow:
    s.close()

c = srv.client()
m = c.get("/metrics").text
t.ok((metric(m, 'danvan_http_connections_cut_total{reason="per_address_limit"}') or 0) >= SLOW - 40,
     "metrics count the connections refused per address")
t.ok((metric(m, 'danvan_http_connections_cut_total{reason="header_timeout"}') or 0) >= 1,
     "metrics count the connections closed at the header deadline")
t.ok((metric(m, 'danvan_http_connections_cut_total{reason="body_too_slow"}') or 0) >= 1,
     "metrics count the bodies cut off as too slow")
t.eq(c.get("/healthz").status, 200, "the server still answers afterwards")
c.close()
srv.stop(t)

# --- 14: behind a local reverse proxy, with a token -------------------------------------
TOKEN = "metrics-token-0123456789"
srv = Server(demo=False, args=["--trust-proxy"], extra_env={"DANVAN_METRICS_TOKEN": TOKEN})
c = srv.client()
fwd = {"X-Forwarded-For": "203.0.113.9"}
t.eq(c.get("/metrics", headers=fwd).status, 404, "trust-proxy: a forwarded request without the token gets 404")
t.eq(c.get("/metrics").status, 404, "with a token configured, loopback without it gets 404 too")
t.eq(c.get("/metrics", headers={"Authorization": "Bearer wrong-token-0123456789"}).status, 404,
     "a wrong token gets 404")
t.eq(c.get("/metrics", headers={"Authorization": "Bearer " + TOKEN[:-1]}).status, 404,
     "a prefix of the token gets 404")
r = c.get("/metrics", headers=dict(fwd, Authorization="Bearer " + TOKEN))
t.ok(r.status == 200 and "danvan_http_requests_total" in r.text, "the token opens /metrics from anywhere",
     r.status)
c.close()
srv.stop(t)

srv = Server(demo=False, args=["--trust-proxy", "--metrics-token", TOKEN])
c = srv.client()
t.eq(c.get("/metrics", headers={"Authorization": "Bearer " + TOKEN}).status, 200, "--metrics-token works as well")
t.eq(c.get("/metrics", headers=fwd).status, 404, "--metrics-token: no token, no metrics")
c.close()
srv.stop(t)

srv = Server(demo=False, args=["--trust-proxy"])
c = srv.client()
t.eq(c.get("/metrics", headers=fwd).status, 404,
     "trust-proxy without a token: a request a local proxy forwarded is not loopback")
t.eq(c.get("/metrics").status, 200, "trust-proxy without a token: a direct loopback request is")
c.close()
srv.stop(t)

t.done()
