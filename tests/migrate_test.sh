#!/bin/sh
# tests/migrate_test.sh - 'danvan migrate' between the engines, on a
# throwaway PostgreSQL cluster (scripts/pg-test-cluster): demo data on
# SQLite -> a fresh PostgreSQL database; both served, the public API answers
# the same (the first pages of /api/v1/feedback and a sample of
# /api/v1/feedback/{code}), and so does the city's review report; audit
# verify passes on the target; migrating again into the now non-empty
# target is refused; PostgreSQL -> a new SQLite file works and answers the
# same too; a wrong --to URL gives one line without the password, exit 1;
# a demo made straight on PostgreSQL ends with its report roll-ups compact. Prints TAP; run by scripts/run-tests
# with $DANVAN_BIN. The cluster is removed at the end.
set -u

BIN=${DANVAN_BIN:-build/asan/danvan}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
export DANVAN_PWHASH_FAST=1
unset DANVAN_DATABASE DANVAN_AUDIT_KEY PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE

n=0
fails=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
	[ -f "$T/out" ] && sed 's/^/# /' "$T/out" | head -30
}
check() { # DESCRIPTION, then the last run's status must be 0
	if [ "$rc" -eq 0 ]; then pass "$1"; else fail "$1 (status $rc)"; fi
}

T=$(mktemp -d)
CLUSTER=""
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	[ -n "$CLUSTER" ] && scripts/pg-test-cluster stop "$CLUSTER"
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

if [ ! -x "$BIN" ]; then
	echo "not ok 1 - no $BIN (build it with: make build/asan/danvan)"
	echo "1..1"
	exit 1
fi
if ! CLUSTER=$(scripts/pg-test-cluster start 2>"$T/out"); then
	CLUSTER=""
	fail "a throwaway PostgreSQL cluster starts (scripts/pg-test-cluster start)"
	echo "1..$n"
	exit 1
fi
pass "a throwaway PostgreSQL cluster starts"
URL=$(scripts/pg-test-cluster url "$CLUSTER")
TCP=$(scripts/pg-test-cluster url-tcp "$CLUSTER")
PW=$(cat "$CLUSTER/password")

run() {
	"$BIN" "$@" </dev/null >"$T/out" 2>&1
	rc=$?
}

# demo data on SQLite
run init --data "$T/a"
check "init a SQLite installation"
run demo --data "$T/a" --items 200
check "demo --items 200 on SQLite"
KEY=$T/a/audit.key

# SQLite -> PostgreSQL
run migrate --from "$T/a" --to "$URL"
check "migrate SQLite -> a fresh PostgreSQL database"
# 200 sample items plus the petitions of the reception demo (docs/reception.md)
if grep -q "audit log intact on the target: [1-9]" "$T/out" && grep -q "^  feedback  *2[0-9][0-9] rows" "$T/out" &&
	grep -q "same key file, $KEY" "$T/out"; then
	pass "the report names the copied rows, the verified audit chain and the audit key file"
else
	fail "the report names the copied rows, the verified audit chain and the audit key file"
fi
run audit verify --database "$URL" --audit-key "$KEY"
check "audit verify passes on the PostgreSQL target (same key file)"

# the kinds whose search rows PostgreSQL folds in C are written again on
# the target (search_rebuild()), each within its own range of rowids
idx=$(psql "$URL" -XAtc "SELECT (SELECT count(*) FROM meetings) || ' ' || (SELECT count(*) FROM consultations) \
	|| ' / ' || (SELECT count(*) FROM search_fts WHERE rowid / 1099511627776 = 2) \
	|| ' ' || (SELECT count(*) FROM search_fts WHERE rowid / 1099511627776 = 3)")
if [ "${idx%% / *}" = "${idx##* / }" ] && [ "${idx#* }" != "0 / ${idx##* / }" ]; then
	pass "every meeting and consultation is in the PostgreSQL target's search index ($idx)"
else
	fail "every meeting and consultation is in the PostgreSQL target's search index ($idx)"
fi

# the target is no longer empty: refused, nothing changed
run migrate --from "$T/a" --to "$URL"
if [ "$rc" -eq 1 ] && grep -q "not empty" "$T/out"; then
	pass "migrating again into the non-empty target is refused, exit 1"
else
	fail "migrating again into the non-empty target is refused, exit 1 (status $rc)"
fi

# PostgreSQL -> a new SQLite file
mkdir -p "$T/c"
run migrate --from "$URL" --audit-key "$KEY" --to "$T/c/danvan.db"
check "migrate PostgreSQL -> a new SQLite file"
cp "$KEY" "$T/c/audit.key"
run audit verify --data "$T/c"
check "audit verify passes on the SQLite copy of the copy"

# the review report (every figure of ten years of the city, by unit and by
# year, in both trees) is the same on the three: the roll-ups are made by
# the targets' triggers, not copied on top of them
cat >"$T/same.py" <<'EOF2'
import json, sys
docs = []
for f in sys.argv[1:]:
    d = json.load(open(f))
    d.pop("elapsed_ms", None)
    docs.append(d)
held = sum(i.get("value") or 0 for i in docs[0]["indicators"] if i.get("code") == "meetings_held")
print("# meetings held: %s" % held)
sys.exit(0 if held and all(d == docs[0] for d in docs) else 1)
EOF2
for tree in then now; do
	"$BIN" report --data "$T/a" --unit 01 --from 2016-01-01 --to 2026-12-31 --tree $tree >"$T/r_a.json" 2>"$T/out" &&
		"$BIN" report --database "$URL" --audit-key "$KEY" --unit 01 --from 2016-01-01 --to 2026-12-31 \
			--tree $tree >"$T/r_pg.json" 2>"$T/out" &&
		"$BIN" report --data "$T/c" --unit 01 --from 2016-01-01 --to 2026-12-31 --tree $tree >"$T/r_c.json" 2>"$T/out" &&
		python3 "$T/same.py" "$T/r_a.json" "$T/r_pg.json" "$T/r_c.json" >"$T/out" 2>&1
	rc=$?
	check "the 2016-2026 city report (tree $tree) is the same on SQLite, its PostgreSQL copy and the copy's copy"
done

# a wrong --to URL: one line, no password, exit 1
BAD=$(printf '%s' "$TCP" | sed "s/:$PW@/:not-the-password-9f3@/")
run migrate --from "$T/a" --to "$BAD"
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$T/out")" -eq 1 ] && ! grep -q "not-the-password-9f3" "$T/out"; then
	pass "a wrong password in --to: one line without the password, exit 1"
else
	fail "a wrong password in --to: one line without the password, exit 1 (status $rc)"
fi
run migrate --from "$T/a" --to "mysql://u:hunter2@localhost/x"
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$T/out")" -eq 1 ] && ! grep -q "hunter2" "$T/out"; then
	pass "an unknown scheme in --to: one line without the password, exit 1"
else
	fail "an unknown scheme in --to: one line without the password, exit 1 (status $rc)"
fi

# rows that refer to a later row of their own table (a unit moved under a
# newer one, an item merged into a newer one) go in after it: PostgreSQL
# checks each row's foreign keys at once
mkdir -p "$T/s"
run backup --data "$T/a" --to "$T/s/danvan.db"
cp "$KEY" "$T/s/audit.key"
python3 - "$T/s/danvan.db" >"$T/out" 2>&1 <<'EOF2'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
mx = db.execute("SELECT max(id) FROM feedback").fetchone()[0]
db.execute("UPDATE feedback SET merged_into_id = ? WHERE id = (SELECT min(id) FROM feedback "
           "WHERE merged_into_id IS NOT NULL)", (mx,))
top = db.execute("SELECT max(id) FROM units").fetchone()[0]
db.execute("UPDATE units SET parent_id = ? WHERE id = (SELECT min(id) FROM units WHERE parent_id IS NOT NULL "
           "AND id <> ?)", (top, top))
db.commit()
EOF2
URL2=$(printf '%s' "$URL" | sed 's|/danvan?|/forward?|')
if psql "$URL" -qc "CREATE DATABASE forward LOCALE 'C' TEMPLATE template0" >"$T/out" 2>&1; then
	run migrate --from "$T/s" --to "$URL2"
	check "rows referring to later rows of their own table are copied into PostgreSQL"
else
	fail "a second database in the cluster (psql CREATE DATABASE)"
fi

# a demo straight onto PostgreSQL ends by rewriting the reports' roll-ups
# compactly (store/rollup.h, rollup_compact(): VACUUM FULL, ANALYZE)
URL3=$(printf '%s' "$URL" | sed 's|/danvan?|/demo?|')
if psql "$URL" -qc "CREATE DATABASE demo LOCALE 'C' TEMPLATE template0" >"$T/out" 2>&1; then
	mkdir -p "$T/d"
	run init --database "$URL3" --data "$T/d"
	# above REPORT_DEMO_MIN (app/report_demo.h): ten years of history too
	[ "$rc" -eq 0 ] && run demo --database "$URL3" --data "$T/d" --items 10001
	if [ "$rc" -eq 0 ] && [ "$(psql "$URL3" -XAtc "SELECT count(*) FROM pg_stat_user_tables WHERE relname LIKE 'report\_%' \
		AND relname <> 'report_rollup_state' AND last_analyze IS NULL")" = 0 ]; then
		pass "demo on PostgreSQL, then the report roll-ups rewritten and analyzed"
	else
		fail "demo on PostgreSQL, then the report roll-ups rewritten and analyzed (status $rc)"
	fi
	# the history's meetings (kind 2), consultations (3) and articles (5)
	# each have their row in the search index, which PostgreSQL's are
	# given from C (store/search.h)
	idx=$(psql "$URL3" -XAtc "SELECT (SELECT count(*) FROM meetings) || ' ' || (SELECT count(*) FROM consultations) \
		|| ' ' || (SELECT count(*) FROM articles) || ' / ' || (SELECT count(*) FROM search_fts WHERE rowid / 1099511627776 = 2) \
		|| ' ' || (SELECT count(*) FROM search_fts WHERE rowid / 1099511627776 = 3) \
		|| ' ' || (SELECT count(*) FROM search_fts WHERE rowid / 1099511627776 = 5)")
	if [ "${idx%% / *}" = "${idx##* / }" ] && [ "${idx%% *}" -gt 1000 ]; then
		pass "demo history on PostgreSQL: every meeting, consultation and article in the search index ($idx)"
	else
		fail "demo history on PostgreSQL: every meeting, consultation and article in the search index ($idx)"
	fi
else
	fail "a third database in the cluster (psql CREATE DATABASE)"
fi

# serve the three and compare the public API
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
serve() { # NAME, then serve's options
	name=$1
	shift
	port=$(free_port)
	"$BIN" serve --listen "127.0.0.1:$port" --quiet "$@" >"$T/$name.log" 2>&1 &
	PIDS="$PIDS $!"
	eval "PORT_$name=$port"
}
mkdir -p "$T/pgdata"
serve a --data "$T/a"
serve pg --data "$T/pgdata" --database "$URL" --audit-key "$KEY"
serve c --data "$T/c"
for name in a pg c; do
	eval "port=\$PORT_$name"
	ok=0
	for _ in $(seq 1 100); do
		if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=2)" 2>/dev/null; then
			ok=1
			break
		fi
		sleep 0.1
	done
	if [ "$ok" -eq 1 ]; then pass "serve ($name) answers /healthz"; else cp "$T/$name.log" "$T/out"; fail "serve ($name) answers /healthz"; fi
done

cat >"$T/compare.py" <<'EOF'
import json, sys, urllib.request, urllib.error
a, b = sys.argv[1], sys.argv[2]
def get(port, path):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%s%s" % (port, path), timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")
paths = ["/api/v1/feedback", "/api/v1/feedback?page=2", "/api/v1/feedback?page=3",
         "/api/v1/feedback?per_page=100"]
bad = 0
st, first = get(a, "/api/v1/feedback?per_page=100")
codes = []
for it in (first.get("items") or []) if isinstance(first, dict) else []:
    if isinstance(it, dict) and it.get("code"):
        codes.append(it["code"])
if len(codes) < 10:
    print("# only %d codes in the first page: %r" % (len(codes), first)[:400])
    bad += 1
sample = codes[::max(1, len(codes) // 25)]
paths += ["/api/v1/feedback/" + c for c in sample] + ["/api/v1/feedback/KHONG-CO-MA"]
for p in paths:
    ra, rb = get(a, p), get(b, p)
    if ra != rb:
        bad += 1
        print("# differs: %s\n#   %s\n#   %s" % (p, json.dumps(ra, ensure_ascii=False)[:300],
                                               json.dumps(rb, ensure_ascii=False)[:300]))
print("# compared %d answers (%d items)" % (len(paths), len(sample)))
sys.exit(1 if bad else 0)
EOF
python3 "$T/compare.py" "$PORT_a" "$PORT_pg" >"$T/out" 2>&1
rc=$?
cat "$T/out" | grep '^# compared'
check "SQLite and its PostgreSQL copy answer the same public API (list pages and items)"
python3 "$T/compare.py" "$PORT_a" "$PORT_c" >"$T/out" 2>&1
rc=$?
check "the SQLite copy of the PostgreSQL copy answers the same public API"

echo "1..$n"
[ "$fails" -eq 0 ]
