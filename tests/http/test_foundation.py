"""HTTP tests of the foundation: server basics, errors, security headers,
static files, metrics, log in / out, CSRF, API tokens, units, calendar,
accounts administration, and that bad input changes nothing."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, "tests/http")
import harness  # noqa: E402
from harness import TAP, Server, csrf_of  # noqa: E402

t = TAP()
srv = Server(demo=True)
c = srv.client()

# --- basics ---------------------------------------------------------------
r = c.get("/healthz")
t.eq(r.status, 200, "healthz answers 200")
t.eq(r.json(), {"status": "ok"}, "healthz body")
for h, want in [("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY")]:
    t.eq(r.header(h), want, f"security header {h}")
csp = r.header("Content-Security-Policy") or ""
t.ok("frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp,
     "CSP forbids framing and inline script", csp)
t.ok(r.header("Referrer-Policy") is not None, "Referrer-Policy set")

r = c.get("/")
t.eq(r.status, 200, "home page 200")
t.ok('<html lang="vi">' in r.text, "home page is Vietnamese")
t.ok("Gửi phản ánh" in r.text, "home page offers sending feedback")
t.ok("name=\"viewport\"" in r.text, "home page has a viewport for phones")
t.eq(r.header("Cache-Control"), "no-store", "dynamic pages are not cached")

r = c.get("/khong-co-trang-nay")
t.eq(r.status, 404, "unknown page is 404")
t.ok("Không tìm thấy" in r.text and "text/html" in (r.header("Content-Type") or ""), "404 page in Vietnamese HTML")
r = c.get("/api/v1/khong-co")
t.eq(r.status, 404, "unknown API path is 404")
t.eq(r.json()["error"]["code"], "not_found", "unknown API path: JSON error not_found")
r = c.request("DELETE", "/")
t.eq(r.status, 405, "wrong method is 405")
t.ok("GET" in (r.header("Allow") or ""), "405 carries Allow", r.header("Allow"))
r = c.request("PUT", "/api/v1/units")
t.eq(r.status, 405, "wrong method on the API is 405")
t.eq(r.json()["error"]["code"], "method_not_allowed", "405 JSON code")

r = c.get("/%C0%AE%C0%AE/x")
t.eq(r.status, 400, "overlong UTF-8 in the path is 400")
r = c.get("/api/v1/units?date=%FF")
t.eq(r.status, 400, "invalid UTF-8 in the query is 400")
t.eq(r.json()["error"]["code"], "invalid_utf8", "invalid UTF-8: stable code")

# --- static files ------------------------------------------------------------
r = c.get("/static/app.css")
t.eq(r.status, 200, "stylesheet served")
t.ok((r.header("Content-Type") or "").startswith("text/css"), "stylesheet type")
etag = r.header("ETag")
t.ok(etag is not None, "stylesheet has an ETag")
r = c.get("/static/app.css", headers={"If-None-Match": etag or ""})
t.eq(r.status, 304, "matching If-None-Match gives 304")
r = c.get("/static/../danvan.db")
t.ok(r.status in (400, 404), "no path traversal out of static/", r.status)

# --- metrics -------------------------------------------------------------------
r = c.get("/metrics")
t.eq(r.status, 200, "metrics served")
t.ok("danvan_http_requests_total" in r.text or "danvan_requests_total" in r.text, "request counter exposed", r.text[:500])
t.ok("_bucket" in r.text, "latency histogram exposed")

# --- JSON API: units, calendar ---------------------------------------------------
r = c.get("/api/v1/units")
t.eq(r.status, 200, "units API 200")
units = r.json()["items"]
codes = {u["code"]: u for u in units}
t.ok(len(units) > 20, "demo tree has many units", len(units))
t.ok(all(set(u) >= {"code", "name", "kind", "parent"} for u in units), "unit items have code, name, kind, parent")
t.ok(any("Hoàn Kiếm" in u["name"] for u in units), "demo tree has phường Hoàn Kiếm with diacritics")
r = c.get("/api/v1/units?date=2025-06-30")
old = r.json()["items"]
r2 = c.get("/api/v1/units?date=2025-07-01")
new = r2.json()["items"]
t.ok(any(u["name"] == "Phường Hàng Bạc" for u in old) and not any(u["name"] == "Phường Hàng Bạc" for u in new),
     "phường Hàng Bạc exists on 30/6/2025 and not on 1/7/2025")
r = c.get("/api/v1/units?date=2025-02-30")
t.eq(r.status, 422, "impossible date is 422")

r = c.get("/api/v1/calendar/2030")
t.eq(r.status, 200, "calendar year 200")
t.eq(r.json()["lunar_new_year"], "2030-02-02", "Tết 2030 is 2 February in Vietnam")
r = c.get("/api/v1/calendar/1985")
t.eq(r.json()["lunar_new_year"], "1985-01-21", "Tết 1985 is 21 January in Vietnam")
r = c.get("/api/v1/calendar/2026")
cal = r.json()
t.eq(cal["hung_kings"], "2026-04-26", "Giỗ Tổ Hùng Vương 2026")
t.ok(any(d["date"] == "2026-09-02" for d in cal["days_off"]), "2/9 is a day off")
r = c.get("/api/v1/calendar/due?from=2026-04-24&amount=3&unit=working_day")
t.eq(r.status, 200, "due date 200")
# 24/4/2026 Friday; 25,26 weekend (26 Giỗ Tổ, Sunday -> compensatory 27), 30/4, 1/5 off
t.ok(r.json()["due"] >= "2026-04-29", "due date skips the weekend and holidays", r.json())
r = c.get("/api/v1/calendar/due?from=2026-13-01&amount=3")
t.eq(r.status, 422, "bad due-date query is 422")
t.ok("from" in r.json()["error"].get("fields", {}), "422 names the bad field")
r = c.get("/api/v1/calendar/abc")
t.eq(r.status, 404, "calendar of a non-year is 404")

# --- tokens -------------------------------------------------------------------
r = c.post_json("/api/v1/tokens", {"username": "quantri", "password": "demo-password"})
t.eq(r.status, 201, "API token issued")
token = r.json().get("token", "")
t.ok(len(token) >= 40, "token is long and random")
r = c.post_json("/api/v1/tokens", {"username": "quantri", "password": "sai-mat-khau"})
t.eq(r.status, 401, "wrong password is 401")
t.eq(r.json()["error"]["code"], "unauthenticated", "wrong password code")
r = c.post_json("/api/v1/tokens", None, raw="{not json")
t.eq(r.status, 400, "malformed JSON is 400")
t.eq(r.json()["error"]["code"], "malformed_json", "malformed JSON code")
r = c.post_json("/api/v1/tokens", {"username": "quantri", "password": "x", "admin": True})
t.eq(r.status, 422, "unknown field is 422")
t.ok("admin" in r.json()["error"].get("fields", {}), "unknown field is named")
r = c.request("POST", "/api/v1/tokens", b'{"username":"a","password":"b"}', {"Content-Type": "text/plain"})
t.eq(r.status, 415, "wrong content type is 415")
r = c.post_json("/api/v1/tokens", None, raw=b'{"username":"\xff\xfe","password":"x"}')
t.eq(r.status, 400, "invalid UTF-8 in JSON is 400")
big = b"{\"username\":\"" + b"a" * (2 * 1024 * 1024) + b"\"}"
r = srv.client().raw("POST", "/api/v1/tokens", big, {"Content-Type": "application/json"})
t.eq(r.status, 413, "oversized body is 413")
t.eq(r.json()["error"]["code"], "too_large", "oversized body code")
r = c.request("DELETE", "/api/v1/tokens/current", headers={"Authorization": f"Bearer {token}"})
t.eq(r.status, 204, "token revoked")
r = c.request("DELETE", "/api/v1/tokens/current", headers={"Authorization": f"Bearer {token}"})
t.eq(r.status, 401, "revoked token no longer works")

# --- log in / out, CSRF --------------------------------------------------------
audit_before = srv.count("audit_log")
web = srv.client()
r = web.get("/quan-ly")
t.eq(r.status, 303, "officer area redirects anonymous visitors")
t.ok((r.header("Location") or "").startswith("/dang-nhap"), "... to the log-in page")
r = web.get("/dang-nhap")
tok = csrf_of(r.text)
t.ok(tok is not None, "log-in form carries a CSRF token")
r = web.post_form("/dang-nhap", {"username": "quantri", "password": "demo-password"})
t.eq(r.status, 403, "log-in without the CSRF token is refused")
r = web.post_form("/dang-nhap", {"csrf": tok, "username": "quantri", "password": "sai"})
t.eq(r.status, 401, "wrong password re-shows the form")
t.ok("không đúng" in r.text, "with a Vietnamese message")
r = web.post_form("/dang-nhap", {"csrf": tok, "username": "quantri", "password": "demo-password"})
t.eq(r.status, 303, "log-in succeeds")
sid = [v for k, v in r.headers if k.lower() == "set-cookie" and v.startswith("sid=")]
t.ok(sid and "HttpOnly" in sid[0] and "SameSite=Lax" in sid[0], "session cookie is HttpOnly, SameSite=Lax", sid)
r = web.get("/quan-ly")
t.eq(r.status, 200, "officer area after log-in")
t.ok("Quản trị" in r.text, "shows the admin role")
page_csrf = csrf_of(r.text)
t.ok(page_csrf is not None and page_csrf != tok, "session has its own CSRF token")

# --- accounts administration ---------------------------------------------------
r = web.get("/quan-ly/tai-khoan")
t.eq(r.status, 200, "accounts page for the admin")
n_accounts = srv.count("accounts")
r = web.post_form("/quan-ly/tai-khoan", {"csrf": page_csrf, "username": "cb.moi", "display_name": "Cán bộ Mới",
                                         "password": "ngan"})
t.eq(r.status, 422, "short password is refused")
t.ok("aria-describedby" in r.text and "10" in r.text, "field error tied to its field")
t.eq(srv.count("accounts"), n_accounts, "a refused account is not written")
r = web.post_form("/quan-ly/tai-khoan", {"username": "cb.moi", "display_name": "Cán bộ Mới",
                                         "password": "mat-khau-dai-du"})
t.eq(r.status, 403, "account creation without CSRF is 403")
t.eq(srv.count("accounts"), n_accounts, "... and writes nothing")
r = web.post_form("/quan-ly/tai-khoan", {"csrf": page_csrf, "username": "cb.moi", "display_name": "Cán bộ Mới",
                                         "password": "mat-khau-dai-du"})
t.eq(r.status, 303, "account created")
t.eq(srv.count("accounts"), n_accounts + 1, "one more account")
ward = next((u for u in units if u["name"] == "Phường Hoàn Kiếm"), None) or \
    next(u for u in units if "Hoàn Kiếm" in u["name"] and u["kind"] == "government")
r = web.post_form("/quan-ly/tai-khoan/cb.moi/giao", {"csrf": page_csrf, "role": "viewer", "unit": ward["code"]})
t.eq(r.status, 303, "role granted")
r = web.post_form("/quan-ly/tai-khoan/cb.moi/giao", {"csrf": page_csrf, "role": "emperor", "unit": ward["code"]})
t.eq(r.status, 422, "unknown role refused")

new, rr = srv.login("cb.moi", "mat-khau-dai-du")
t.eq(rr.status, 303, "the new officer can log in")
r = new.get("/quan-ly/tai-khoan")
t.eq(r.status, 403, "a viewer may not open account administration")
r = new.post_form("/quan-ly/tai-khoan", {"csrf": csrf_of(new.get("/quan-ly").text), "username": "hacker",
                                         "display_name": "X", "password": "mat-khau-dai-du"})
t.eq(r.status, 403, "a viewer may not create accounts")
t.eq(srv.count("accounts", "username='hacker'"), 0, "... and nothing was written")

r = web.post_form("/quan-ly/tai-khoan/cb.moi/khoa", {"csrf": page_csrf})
t.eq(r.status, 303, "account disabled")
r = new.get("/quan-ly")
t.eq(r.status, 303, "a disabled officer's session ends")

# --- audit ---------------------------------------------------------------------------
t.ok(srv.count("audit_log") > audit_before, "changes were audited")

r = web.post_form("/dang-xuat", {"csrf": page_csrf})
t.eq(r.status, 303, "log out")
r = web.get("/quan-ly")
t.eq(r.status, 303, "after log out the officer area needs log-in again")

# --- a second server on the same address fails instead of sharing it -----------------
other = tempfile.mkdtemp(prefix="danvan-test-")
try:
    harness.run_cli("init", data=os.path.join(other, "data"))
    p = subprocess.run([harness.BIN, "serve", "--data", os.path.join(other, "data"), "--listen",
                        f"127.0.0.1:{srv.port}", "--quiet"], capture_output=True, text=True, timeout=60)
    t.ok(p.returncode != 0, "a second server on a port in use exits with an error", p.returncode)
    t.ok("Address already in use" in p.stderr + p.stdout, "and says the address is in use",
         (p.stderr + p.stdout)[-300:])
finally:
    shutil.rmtree(other, ignore_errors=True)
r = web.get("/healthz")
t.eq(r.status, 200, "the first server still answers")

srv.stop(t)
t.done()
