#!/bin/sh
# tests/pg_test.sh - the PostgreSQL engine on a throwaway cluster
# (scripts/pg-test-cluster): the store/db.h contract tests of
# tests/unit/test_db.c run on PostgreSQL (build/asan/tests/test_db_pg), so
# do the other unit suites that hit a database (every
# build/asan/tests/test_*_pg: tests/unit/testdb.h), and
# the command line against a PostgreSQL URL: init creates and then keeps
# the schema, and a wrong password, a server that is down and an unknown
# URL scheme each give one line that names the database without its
# password, exit 1; backup points to pg_dump. Prints TAP; run by
# scripts/run-tests with $DANVAN_BIN. The cluster is removed at the end.
set -u

BIN=${DANVAN_BIN:-build/asan/danvan}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
UNIT=${DANVAN_PG_UNIT:-build/asan/tests/test_db_pg}
export DANVAN_PWHASH_FAST=1
export CMOCKA_MESSAGE_OUTPUT=TAP
unset DANVAN_DATABASE PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE

n=0
fails=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
	[ -f "$T/out" ] && sed 's/^/# /' "$T/out" | head -20
}

T=$(mktemp -d)
CLUSTER=""
cleanup() {
	[ -n "$CLUSTER" ] && scripts/pg-test-cluster stop "$CLUSTER"
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

for f in "$BIN" "$UNIT"; do
	if [ ! -x "$f" ]; then
		echo "not ok 1 - no $f (build it with: make build/asan/danvan build/asan/tests/test_db_pg)"
		echo "1..1"
		exit 1
	fi
done

if ! CLUSTER=$(scripts/pg-test-cluster start 2>"$T/out"); then
	CLUSTER=""
	fail "a throwaway PostgreSQL cluster starts (scripts/pg-test-cluster start)"
	echo "1..$n"
	exit 1
fi
pass "a throwaway PostgreSQL cluster starts"
URL=$(scripts/pg-test-cluster url "$CLUSTER")
TCP=$(scripts/pg-test-cluster url-tcp "$CLUSTER")
PORT=$(cat "$CLUSTER/port")
PW=$(cat "$CLUSTER/password")

# unit_suite NAME BINARY: a unit suite on the cluster (a database of the
# unit suites' own: they empty its schema), its TAP renumbered into this
# stream
UNIT_URL=$(echo "$URL" | sed 's|@/danvan?|@/danvan_unit?|')
psql -X -q "$URL" -c "CREATE DATABASE danvan_unit" >"$T/out" 2>&1 || fail "a database for the unit suites"
unit_suite() {
	DANVAN_TEST_PG_URL=$UNIT_URL "$2" >"$T/unit" 2>"$T/unit.err"
	urc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) pass "$1: ${line#ok * - }" ;;
		"not ok "*)
			echo "$line" >"$T/out"
			fail "$1: ${line#not ok * - }"
			;;
		"# "*) echo "$line" ;;
		esac
	done <"$T/unit"
	if [ "$urc" -ne 0 ]; then
		tail -30 "$T/unit.err" >"$T/out"
		fail "$(basename "$2") exits 0 (status $urc; sanitizer reports or failures above)"
	fi
}

# the contract tests of store/db.h
unit_suite db_pg "$UNIT"
# every other suite that hits a database, the same test bodies on
# PostgreSQL (tests/unit/testdb.h: test_X_pg.c includes test_X.c)
if [ -z "${DANVAN_PG_UNIT:-}" ]; then
	for u in build/asan/tests/test_*_pg; do
		[ -x "$u" ] && [ "$u" != build/asan/tests/test_db_pg ] || continue
		s=$(basename "$u")
		unit_suite "${s#test_}" "$u"
	done
fi

run() {
	"$BIN" "$@" </dev/null >"$T/out" 2>&1
	rc=$?
}
# one_line DESCRIPTION TEXT: the last run failed with exit 1 and one line
# holding TEXT and no password
one_line() {
	if [ "$rc" -ne 1 ]; then
		echo "exit status $rc, wanted 1" >>"$T/out"
		fail "$1"
	elif [ "$(wc -l <"$T/out")" -ne 1 ]; then
		echo "wanted one line" >>"$T/out"
		fail "$1"
	elif ! grep -qF -- "$2" "$T/out"; then
		echo "output lacks: $2" >>"$T/out"
		fail "$1"
	elif grep -qF -- "$PW" "$T/out" || grep -qF "wrong-secret" "$T/out"; then
		echo "the password is shown" >>"$T/out"
		fail "$1"
	else
		pass "$1"
	fi
}

run init --data "$T/data" --database "$URL"
if [ "$rc" -eq 0 ] && grep -q "created database .*schema version" "$T/out"; then
	pass "init --database postgresql://... creates the schema"
else
	fail "init --database postgresql://... creates the schema"
fi
# 0039: the items and their search rows are vacuumed after 10,000 new rows
# (0049: each partition of the search rows)
opts=$(psql -X -A -t "$URL" -c "SELECT string_agg(relname || ':' || array_to_string(reloptions, ','), ' ' ORDER BY relname)
	FROM pg_class WHERE relname IN ('feedback', 'search_fts_f0', 'search_fts_kinds')" 2>&1)
case $opts in
*"feedback:autovacuum_vacuum_insert_threshold=10000,autovacuum_vacuum_insert_scale_factor=0.01 search_fts_f0:autovacuum_vacuum_insert_threshold=10000,autovacuum_vacuum_insert_scale_factor=0.01 search_fts_kinds:autovacuum_vacuum_insert_threshold=10000"*)
	pass "the items and their search rows are vacuumed after 10,000 new rows" ;;
*) echo "# reloptions: $opts" >"$T/out"; fail "the items and their search rows are vacuumed after 10,000 new rows" ;;
esac
run init --data "$T/data" --database "$TCP"
if [ "$rc" -eq 0 ] && grep -q "up to date" "$T/out" && ! grep -qF "$PW" "$T/out"; then
	pass "init again (over TCP with the password) changes nothing and does not show the password"
else
	fail "init again (over TCP with the password) changes nothing and does not show the password"
fi

run init --database "postgresql://danvan:wrong-secret@127.0.0.1:$PORT/danvan"
one_line "a wrong password: one line naming the URL without it, exit 1" \
	"'postgresql://danvan@127.0.0.1:$PORT/danvan'"
grep -q "password authentication failed" "$T/out" && pass "... saying the password was refused" ||
	fail "... saying the password was refused"

DOWN=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run init --database "postgresql://danvan:wrong-secret@127.0.0.1:$DOWN/danvan"
one_line "a server that is down: one line naming the URL without the password, exit 1" \
	"'postgresql://danvan@127.0.0.1:$DOWN/danvan'"
run audit verify --database "postgresql://danvan:wrong-secret@127.0.0.1:$DOWN/danvan"
one_line "... also for a command that opens an existing database" "postgresql://danvan@127.0.0.1:$DOWN/danvan"

run init --database "mysql://danvan:wrong-secret@127.0.0.1/danvan"
one_line "an unknown URL scheme is refused, exit 1" "unknown database URL scheme 'mysql'"

run backup --database "$URL" --to "$T/copy.db"
if [ "$rc" -eq 1 ] && grep -q "pg_dump" "$T/out" && [ ! -e "$T/copy.db" ]; then
	pass "backup of a PostgreSQL database says to use pg_dump, exit 1"
else
	fail "backup of a PostgreSQL database says to use pg_dump, exit 1"
fi

echo "1..$n"
[ "$fails" -eq 0 ]
