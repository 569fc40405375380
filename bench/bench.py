"""make bench: measure danvan against nginx on this machine, in one run.

1. Build (or reuse) a benchmark database with N items (default 1,000,000):
   `danvan init` + `danvan demo --items N` into build/bench/data-N.
2. Start `danvan serve` (the optimised build, access log off) and an nginx
   serving a static copy of the public item page.
3. For each endpoint, run wrk against danvan and then against nginx, and
   report requests/s, p50, p99 and the ratio to nginx.
4. Measure server RSS idle, under load, and holding 10,000 idle keep-alive
   connections.
5. Write bench/RESULTS.md. The bench reports; it never fails on a figure.
"""
import datetime
import http.client
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "danvan")
N = int(os.environ.get("N", "1000000"))
DURATION = os.environ.get("DURATION", "8s")
CONNS = int(os.environ.get("CONNS", "64"))
THREADS = os.environ.get("WRK_THREADS", "2")
WORK = os.path.join(ROOT, "build", "bench")
DATA = os.path.join(WORK, f"data-{N}")


def sh(*args, **kw):
    return subprocess.run(args, check=True, **kw)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_http(port, path="/healthz", timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", path)
            if c.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"bench: nothing answers on port {port}")


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def build_data():
    marker = os.path.join(DATA, ".complete")
    if os.path.exists(marker):
        print(f"bench: reusing {DATA}")
        return 0.0
    shutil.rmtree(DATA, ignore_errors=True)
    os.makedirs(WORK, exist_ok=True)
    t0 = time.time()
    sh(BIN, "init", "--data", DATA)
    sh(BIN, "demo", "--data", DATA, "--items", str(N))
    secs = time.time() - t0
    with open(marker, "w") as f:
        f.write(f"{secs:.1f}\n")
    return secs


def parse_wrk(out):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def lat(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return None
        v = float(m.group(1))
        return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50": lat(50), "p99": lat(99), "errors": int(non2xx.group(1)) if non2xx else 0}


def wrk(url, headers=(), script=None, conns=CONNS):
    cmd = ["wrk", "-t", THREADS, "-c", str(conns), "-d", DURATION, "--latency"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def fetch(port, path, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    return r.status, r.read(), r.getheaders()


def login(port, username, password):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"username": username, "password": password})
    c.request("POST", "/api/v1/tokens", body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    data = json.loads(r.read() or b"{}")
    return data.get("token")


def idle_connections(port, n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 1000), hard))
    socks = []
    req = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(req)
        socks.append(s)
    for s in socks:
        s.settimeout(10)
        try:
            s.recv(4096)
        except OSError:
            pass
    return socks


def main():
    if not shutil.which("wrk") or not shutil.which("nginx"):
        raise SystemExit("bench: wrk and nginx are needed (scripts/deps --bench)")
    gen_secs = build_data()
    port = free_port()
    env = dict(os.environ)
    log = open(os.path.join(WORK, "server.log"), "w")
    srv = subprocess.Popen([BIN, "serve", "--data", DATA, "--listen", f"127.0.0.1:{port}", "--quiet",
                            "--max-connections", "20000"], stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        wait_http(port)
        rows = run_all(port, srv.pid, gen_secs)
    finally:
        srv.send_signal(signal.SIGTERM)
        srv.wait(timeout=60)
    write_results(rows)


def run_all(port, pid, gen_secs):
    base = f"http://127.0.0.1:{port}"
    token = login(port, "lanhdao.hoankiem", "demo-password")
    auth = [f"Authorization: Bearer {token}"] if token else []
    # a published public item to read
    st, body, _ = fetch(port, "/api/v1/feedback?per_page=1")
    items = json.loads(body).get("items", []) if st == 200 else []
    code = items[0]["code"] if items else "NONE"

    # nginx serving a static copy of the same public page
    ngx_root = os.path.join(WORK, "nginx")
    os.makedirs(os.path.join(ngx_root, "logs"), exist_ok=True)
    st, page, _ = fetch(port, f"/phan-anh/{code}")
    with open(os.path.join(ngx_root, "page.html"), "wb") as f:
        f.write(page)
    nport = free_port()
    conf = os.path.join(ngx_root, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes auto; daemon off; pid {ngx_root}/nginx.pid;
error_log {ngx_root}/logs/error.log warn;
events {{ worker_connections 20000; }}
http {{ access_log off; keepalive_requests 1000000;
  server {{ listen 127.0.0.1:{nport}; root {ngx_root};
    location / {{ default_type text/html; try_files /page.html =404; }} }} }}
""")
    ngx = subprocess.Popen(["nginx", "-c", conf, "-p", ngx_root], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        wait_http(nport, "/")
        rows = {"meta": {"items": N, "generate_seconds": gen_secs, "code": code,
                         "page_bytes": len(page)}}
        rows["rss_idle_kb"] = rss_kb(pid)
        lua = os.path.join(WORK, "post.lua")
        with open(lua, "w") as f:
            f.write('wrk.method = "POST"\n'
                    'wrk.headers["Content-Type"] = "application/json"\n'
                    'wrk.body = \'{"title":"Đèn đường hỏng ở ngõ 12","body":"Đèn đường trước nhà số 5 '
                    'ngõ 12 phố Hàng Bạc đã hỏng hai tuần nay, buổi tối rất tối.","category":"giao-thong",'
                    '"place":"Ngõ 12 Hàng Bạc","public":true}\'\n')
        endpoints = [
            ("public item page", f"/phan-anh/{code}", [], None),
            ("public list", "/phan-anh", [], None),
            ("API item", f"/api/v1/feedback/{code}", [], None),
            ("search", "/phan-anh?q=" + urllib.parse.quote("đèn đường"), [], None),
            ("officer inbox (API)", "/api/v1/feedback?status=assigned&per_page=20", auth, None),
            ("durable submission (POST)", "/api/v1/feedback", [], lua),
        ]
        results = []
        for name, path, hdrs, script in endpoints:
            d = wrk(base + path, hdrs, script)
            if name == "public item page":
                rows["rss_load_kb"] = rss_kb(pid)
            n = wrk(f"http://127.0.0.1:{nport}/")
            results.append((name, path, d, n))
            print(f"{name:28s} danvan {d['rps']:>10.0f} rps p50 {d['p50']} ms p99 {d['p99']} ms"
                  f"  nginx {n['rps']:>10.0f} rps  ratio {d['rps'] / n['rps']:.2f}"
                  f"{'  (non-2xx: %d)' % d['errors'] if d['errors'] else ''}", flush=True)
        rows["results"] = results
        socks = idle_connections(port, 10000)
        time.sleep(1)
        rows["rss_10k_idle_kb"] = rss_kb(pid)
        for s in socks:
            s.close()
        print(f"RSS idle {rows['rss_idle_kb']} kB, under load {rows['rss_load_kb']} kB, "
              f"10,000 idle keep-alive connections {rows['rss_10k_idle_kb']} kB")
        return rows
    finally:
        ngx.send_signal(signal.SIGQUIT)
        ngx.wait(timeout=30)


def git_commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=ROOT).stdout.strip()
    except OSError:
        return "unknown"


def write_results(rows):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    lines = [
        "# danvan benchmark results",
        "",
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- commit: {git_commit()}",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}",
        f"- database: SQLite, {rows['meta']['items']:,} items (generated in {rows['meta']['generate_seconds']:.0f} s"
        " or reused)",
        f"- load: wrk -t{THREADS} -c{CONNS} -d{DURATION}, on the same machine as the server",
        f"- reference: nginx {subprocess.run(['nginx', '-v'], capture_output=True, text=True).stderr.strip()}"
        f" serving a static copy of the public item page ({rows['meta']['page_bytes']:,} bytes)",
        "",
        "| endpoint | danvan req/s | p50 ms | p99 ms | nginx req/s | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, path, d, n in rows["results"]:
        lines.append(f"| {name} (`{path[:40]}`) | {d['rps']:,.0f} | {d['p50']} | {d['p99']} | "
                     f"{n['rps']:,.0f} | {d['rps'] / n['rps']:.2f} |")
    lines += ["",
              f"Server memory (RSS): idle {rows['rss_idle_kb'] / 1024:.1f} MB, under load "
              f"{rows['rss_load_kb'] / 1024:.1f} MB, holding 10,000 idle keep-alive connections "
              f"{rows['rss_10k_idle_kb'] / 1024:.1f} MB.", ""]
    extra = os.path.join(WORK, "extra.md")
    if os.path.exists(extra):
        lines += open(extra).read().splitlines()
    with open(os.path.join(ROOT, "bench", "RESULTS.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("bench: wrote bench/RESULTS.md")


if __name__ == "__main__":
    main()
