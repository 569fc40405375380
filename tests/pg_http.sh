#!/bin/sh
# tests/pg_http.sh - the HTTP suites on PostgreSQL: one throwaway cluster
# (scripts/pg-test-cluster) for the whole run, and each suite of SUITES run
# by tests/http/harness.py with DANVAN_TEST_ENGINE=postgresql, so that each
# of its servers gets a database of its own on that cluster. The suites'
# TAP is renumbered into one stream, each test named "suite: name". Run by
# scripts/run-tests with $DANVAN_BIN; PG_HTTP_SUITES="a b" runs only those.
# test_engines (one server per engine) and test_scaleout (two servers on one
# database) need PostgreSQL and skip under SQLite alone.
#
# Not here: test_fault (it copies a SQLite data directory for each of its
# hundreds of runs), and the parts of test_abuse_auth that forge the audit
# chain in the SQLite file (that suite's own data directories stay SQLite;
# its server-side checks run here all the same).
set -u

# Every suite of tests/http but test_fault: a new domain's suite runs on
# both engines without being listed here.
if [ -n "${PG_HTTP_SUITES:-}" ]; then
	SUITES=$PG_HTTP_SUITES
else
	SUITES=""
	for f in tests/http/test_*.py; do
		s=$(basename "$f" .py)
		[ "$s" = test_fault ] || SUITES="$SUITES $s"
	done
fi
export DANVAN_BIN=${DANVAN_BIN:-build/asan/danvan}
export DANVAN_PWHASH_FAST=1
unset DANVAN_DATABASE PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE

n=0
fails=0
T=$(mktemp -d)
CLUSTER=""
cleanup() {
	[ -n "$CLUSTER" ] && scripts/pg-test-cluster stop "$CLUSTER"
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

if [ ! -x "$DANVAN_BIN" ]; then
	echo "not ok 1 - no $DANVAN_BIN (build it with: make build/asan/danvan)"
	echo "1..1"
	exit 1
fi
if ! python3 -c 'import sys; sys.path.insert(0, "tests/http"); import harness; harness.pg_driver()' 2>"$T/err"; then
	echo "not ok 1 - psycopg2 for python3 (Debian's python3-psycopg2: scripts/deps --test)"
	sed 's/^/# /' "$T/err" | tail -5
	echo "1..1"
	exit 1
fi
if ! CLUSTER=$(scripts/pg-test-cluster start 2>"$T/err"); then
	CLUSTER=""
	echo "not ok 1 - a throwaway PostgreSQL cluster starts (scripts/pg-test-cluster start)"
	sed 's/^/# /' "$T/err" | tail -20
	echo "1..1"
	exit 1
fi
export DANVAN_TEST_ENGINE=postgresql
DANVAN_TEST_PG_URL=$(scripts/pg-test-cluster url "$CLUSTER")
export DANVAN_TEST_PG_URL

for s in $SUITES; do
	python3 "tests/http/$s.py" >"$T/out" 2>&1
	rc=$?
	bad=0
	while IFS= read -r line; do
		case $line in
		"ok "*)
			n=$((n + 1))
			echo "ok $n - $s: ${line#ok * - }"
			;;
		"not ok "*)
			n=$((n + 1))
			fails=$((fails + 1))
			bad=1
			echo "not ok $n - $s: ${line#not ok * - }"
			;;
		"#"*) echo "$line" ;;
		esac
	done <"$T/out"
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		n=$((n + 1))
		fails=$((fails + 1))
		echo "not ok $n - $s exits 0 on PostgreSQL (status $rc)"
		tail -20 "$T/out" | sed 's/^/# /'
	fi
done

echo "1..$n"
[ "$fails" -eq 0 ]
