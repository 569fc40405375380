#!/bin/sh
# tests/cli_test.sh - the command line as scripts use it: init (idempotent,
# data kept), user add/passwd/disable/enable with the password on standard
# input, the audit key, audit head and verify (with an anchored head) before
# and after tampering, backup, --help, the exit codes 0/1/2, and demo --city
# (the rest of the city: its units, successions, items and a report as it is
# now). Prints TAP; run by scripts/run-tests with $DANVAN_BIN.
set -u

BIN=${DANVAN_BIN:-build/asan/danvan}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
if [ ! -x "$BIN" ]; then
	echo "not ok 1 - no danvan binary at $BIN (build it with: make build/asan/danvan)"
	echo "1..1"
	exit 1
fi
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "not ok 1 - the sqlite3 command is needed (apt-get install sqlite3)"
	echo "1..1"
	exit 1
fi
export DANVAN_PWHASH_FAST=1 # cheap argon2id in test builds (app/auth.h)
unset DANVAN_DATABASE

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
D=$T/data
PW='mật khẩu đủ dài 2026'

n=0
fails=0
pass() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
	sed 's/^/# /' "$T/out" | head -20
}

# run ARGS...: run danvan with stdin from /dev/null; output in $T/out, status in $rc
run() {
	"$BIN" "$@" </dev/null >"$T/out" 2>&1
	rc=$?
}
# run_in INPUT ARGS...: the same with INPUT as standard input
run_in() {
	input=$1
	shift
	printf '%s' "$input" | "$BIN" "$@" >"$T/out" 2>&1
	rc=$?
}
# expect DESCRIPTION STATUS [TEXT]: the last run exited STATUS and printed TEXT
expect() {
	if [ "$rc" -ne "$2" ]; then
		echo "# exit status $rc, wanted $2" >>"$T/out"
		fail "$1"
	elif [ $# -ge 3 ] && ! grep -qF -- "$3" "$T/out"; then
		echo "# output lacks: $3" >>"$T/out"
		fail "$1"
	else
		pass "$1"
	fi
}
# is DESCRIPTION GOT WANT
is() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		echo "got '$2', wanted '$3'" >"$T/out"
		fail "$1"
	fi
}
q() { sqlite3 "$1" "$2" 2>&1; }

# --- help and usage --------------------------------------------------------
run --help
expect "danvan --help exits 0 and lists the commands" 0 "audit"
for c in init user audit backup; do
	run "$c" --help
	expect "danvan $c --help exits 0" 0 "usage: danvan $c"
	grep -q "example" "$T/out" && pass "danvan $c --help shows an example" || fail "danvan $c --help shows an example"
	run help "$c"
	expect "danvan help $c exits 0" 0 "usage: danvan $c"
done
run user add --help
expect "danvan user add --help exits 0" 0 "--role ROLE"
run audit verify --help
expect "danvan audit verify --help exits 0" 0 "audit log intact"

run init --bogus
expect "init with an unknown option exits 2" 2 "unknown option '--bogus'"
run audit verify --data "$D" --nope
expect "audit verify with an unknown option exits 2" 2 "unknown option"
run audit
expect "audit without a subcommand exits 2" 2 "usage"
run audit check
expect "audit with an unknown subcommand exits 2" 2 "unknown subcommand 'check'"
run backup --data "$D"
expect "backup without --to exits 2" 2 "missing '--to FILE'"
run backup --data "$D" --to
expect "backup --to without a value exits 2" 2 "needs a value"
run user
expect "user without a subcommand exits 2" 2 "usage"
run user frob
expect "user with an unknown subcommand exits 2" 2 "unknown subcommand 'frob'"
run user add --data "$D" --role admin --unit 79
expect "user add without --username exits 2" 2 "missing '--username U'"
run user add --data "$D" --username abc --unit 79
expect "user add without --role exits 2" 2 "missing '--role ROLE'"
run user add --data "$D" --username abc --role boss --unit 79
expect "user add with an unknown role exits 2" 2 "unknown role 'boss'"
run user add --data "$D" --username 'a b' --role admin --unit 79
expect "user add with a malformed username exits 2" 2 "username 'a b'"

# --- no database yet -------------------------------------------------------
run audit verify --data "$D"
expect "audit verify without a database says to run init, exits 1" 1 "run 'danvan init --data $D' first"
run backup --data "$D" --to "$T/b0.db"
expect "backup without a database says to run init, exits 1" 1 "run 'danvan init"
run_in "$PW
" user add --data "$D" --username abc --role admin --unit 79
expect "user add without a database says to run init, exits 1" 1 "run 'danvan init"
run user disable --data "$D" --username abc
expect "user disable without a database says to run init, exits 1" 1 "run 'danvan init"
[ ! -e "$D" ] && pass "commands without a database create nothing" || fail "commands without a database create nothing"

# --- init ------------------------------------------------------------------
run init --data "$D"
expect "init creates the database" 0 "created database $D/danvan.db"
grep -qF "next: danvan demo --data $D, then danvan serve --data $D" "$T/out" &&
	pass "init says what to do next" || fail "init says what to do next"
is "the data directory has mode 0700" "$(stat -c %a "$D")" "700"
is "the database is readable by its owner only" "$(stat -c %a "$D/danvan.db")" "600"
is "init creates the core tables" "$(q "$D/danvan.db" "SELECT count(*) FROM sqlite_master WHERE name IN ('accounts','sessions','audit_log')")" "3"
grep -qF "created audit key $D/audit.key" "$T/out" && pass "init creates the audit key and says where" ||
	fail "init creates the audit key and says where"
is "the audit key is readable by its owner only" "$(stat -c %a "$D/audit.key")" "600"
is "the audit key is 64 hex digits" "$(grep -cE '^[0-9a-f]{64}$' "$D/audit.key")" "1"
cp "$D/audit.key" "$T/key.before"

touch "$T/plainfile"
run init --data "$T/plainfile"
expect "init on a file that is not a directory exits 1" 1 "is not a directory"
run init --data "$T/deep/er/data"
expect "init creates missing parent directories" 0 "created database"

# a unit to grant roles in (the organisation tree, migrations/sqlite/0002_units.sql)
q "$D/danvan.db" "INSERT INTO units(code, name, kind, parent_id, valid_from, created_at, updated_at)
	VALUES ('79', 'Thành phố Hồ Chí Minh', 'government', NULL, 1751302800, 1751302800, 1751302800);
	INSERT INTO unit_versions(unit_id, name, parent_id, valid_from)
	SELECT id, name, NULL, valid_from FROM units WHERE code = '79';" >"$T/out"
is "a test unit is inserted" "$(q "$D/danvan.db" "SELECT count(*) FROM units WHERE code = '79'")" "1"

# --- user add --------------------------------------------------------------
run_in "$PW
" user add --data "$D" --username Admin --role admin --unit 79 --name "Quản trị viên"
expect "user add reads the password from stdin and creates the account" 0 "created account 'admin'"
is "the account is stored with its display name" \
	"$(q "$D/danvan.db" "SELECT username || '|' || display_name || '|' || disabled FROM accounts")" "admin|Quản trị viên|0"
is "the password is stored as an argon2id hash" \
	"$(q "$D/danvan.db" "SELECT substr(password_hash, 1, 10) FROM accounts WHERE username = 'admin'")" '$argon2id$'
is "the role is granted in the unit" \
	"$(q "$D/danvan.db" "SELECT g.role || '@' || u.code FROM role_grants g JOIN units u ON u.id = g.unit_id")" "admin@79"
is "account and grant are audited by the CLI user" \
	"$(q "$D/danvan.db" "SELECT group_concat(action, ',') FROM (SELECT action FROM audit_log WHERE actor LIKE 'cli:%' ORDER BY id)")" \
	"account.create,role.grant"
if grep -rqF "$PW" "$D" 2>/dev/null; then fail "the password is stored nowhere in the clear"; else pass "the password is stored nowhere in the clear"; fi

run_in "ngắn
" user add --data "$D" --username tran.b --role handler --unit 79
expect "user add refuses a short password, exits 1" 1 "Mật khẩu cần ít nhất 10 ký tự"
run_in "" user add --data "$D" --username tran.b --role handler --unit 79
expect "user add refuses an empty stdin, exits 1" 1 "no password on standard input"
run_in "
$PW
" user add --data "$D" --username tran.b --role handler --unit 79
expect "user add refuses an empty first line, exits 1" 1 "no password"
run_in "$PW
" user add --data "$D" --username admin --role viewer --unit 79
expect "user add refuses a taken username, exits 1" 1 "already an account 'admin'"
run_in "$PW
" user add --data "$D" --username tran.b --role handler --unit 00001
expect "user add refuses an unknown unit, exits 1" 1 "no open unit with code '00001'"
is "failed user adds leave no account and no audit entry" \
	"$(q "$D/danvan.db" "SELECT (SELECT count(*) FROM accounts) || '/' || (SELECT count(*) FROM audit_log)")" "1/2"

printf '%s\r\n' "$PW" | "$BIN" user add --data "$D" --username tran.b --role handler --unit 79 --name "  Trần   Thị B " >"$T/out" 2>&1
rc=$?
expect "user add accepts a CRLF line end" 0 "created account 'tran.b'"
is "the display name is cleaned" "$(q "$D/danvan.db" "SELECT display_name FROM accounts WHERE username = 'tran.b'")" "Trần Thị B"

# --- init again: idempotent ------------------------------------------------
run init --data "$D"
expect "init on an existing database exits 0 and says so" 0 "up to date"
is "init again keeps the data" "$(q "$D/danvan.db" "SELECT count(*) FROM accounts")" "2"
cmp -s "$D/audit.key" "$T/key.before" && pass "init again keeps the audit key" || fail "init again keeps the audit key"

# --- the audit key is needed -----------------------------------------------
mv "$D/audit.key" "$T/key.away"
run user disable --data "$D" --username tran.b
expect "without the audit key a command refuses, naming the file, exits 1" 1 "no audit key at '$D/audit.key'"
run init --data "$D"
expect "init does not make a new key for a keyed log, exits 1" 1 "restore the key from your backup"
[ ! -e "$D/audit.key" ] && pass "no new key was made" || fail "no new key was made"
run user disable --data "$D" --username tran.b --audit-key "$T/key.away"
expect "--audit-key FILE names the key" 0 "disabled account 'tran.b'"
DANVAN_AUDIT_KEY="$T/key.away" "$BIN" user enable --data "$D" --username tran.b </dev/null >"$T/out" 2>&1
rc=$?
expect "DANVAN_AUDIT_KEY names the key" 0 "enabled account 'tran.b'"
mv "$T/key.away" "$D/audit.key"

# --- passwd, disable, enable ----------------------------------------------
run_in "mật khẩu mới 2026
" user passwd --data "$D" --username tran.b
expect "user passwd sets a new password" 0 "new password set for 'tran.b'"
run_in "ngắn
" user passwd --data "$D" --username tran.b
expect "user passwd refuses a short password, exits 1" 1 "ít nhất 10 ký tự"
run user disable --data "$D" --username tran.b
expect "user disable disables the account" 0 "disabled account 'tran.b'"
is "the account is disabled" "$(q "$D/danvan.db" "SELECT disabled FROM accounts WHERE username = 'tran.b'")" "1"
run user enable --data "$D" --username TRAN.B
expect "user enable enables it again" 0 "enabled account 'tran.b'"
run user disable --data "$D" --username nobody
expect "user disable of an unknown account exits 1" 1 "no account 'nobody'"

# --- audit verify ----------------------------------------------------------
N=$(q "$D/danvan.db" "SELECT count(*) FROM audit_log")
run audit verify --data "$D"
expect "audit verify on an intact log exits 0 with the count" 0 "audit log intact: $N entries"
[ "$N" -ge 6 ] && pass "every change above was audited ($N entries)" || fail "every change above was audited ($N entries)"
run audit head --data "$D"
expect "audit head prints the last entry's id and hash" 0 "$N:"
HEAD=$(cat "$T/out")
is "the head is ID:HASH on one line" "$(printf '%s\n' "$HEAD" | grep -cE "^$N:[0-9a-f]{64}\$")" "1"
run audit verify --data "$D" --head "$HEAD"
expect "audit verify --head accepts the current head" 0 "the anchored head #$N is in it"
run audit verify --data "$D" --head "$N:abc"
expect "audit verify --head refuses a malformed head, exits 2" 2 "is not a head"

# --- backup ----------------------------------------------------------------
run backup --data "$D" --to "$T/backup.db"
expect "backup writes the copy and says its size" 0 "wrote $T/backup.db ("
is "the backup opens and has the same audit entries" "$(q "$T/backup.db" "SELECT count(*) FROM audit_log")" "$N"
is "the backup passes SQLite's integrity check" "$(q "$T/backup.db" "PRAGMA integrity_check")" "ok"
is "the backup is readable by its owner only" "$(stat -c %a "$T/backup.db")" "600"
grep -qF "the audit key $D/audit.key is not in the copy" "$T/out" && pass "backup reminds that the key is kept apart" ||
	fail "backup reminds that the key is kept apart"
run audit verify --database "$T/backup.db" --audit-key "$D/audit.key"
expect "the backup's audit chain is intact" 0 "audit log intact: $N entries"
cksum <"$T/backup.db" >"$T/sum1"
run backup --data "$D" --to "$T/backup.db"
expect "backup to an existing file refuses, exits 1" 1 "already exists"
cksum <"$T/backup.db" >"$T/sum2"
cmp -s "$T/sum1" "$T/sum2" && pass "the existing file is left untouched" || fail "the existing file is left untouched"

# --- database faults: all or nothing ---------------------------------------
# Make the Nth database call of 'user add' fail, for every N until it
# succeeds: each run must either create the account, its grant and both
# audit entries, or nothing, and leave the chain intact. (The bound grows
# with the migrations: opening the database checks each one.)
cp "$D/danvan.db" "$T/fault.db"
bad=""
i=1
while [ "$i" -le 300 ]; do
	before=$(q "$T/fault.db" "SELECT count(*) FROM audit_log")
	printf '%s\n' "$PW" | DANVAN_FAIL_DB=$i "$BIN" user add --database "$T/fault.db" --audit-key "$D/audit.key" --username "fault$i" \
		--role viewer --unit 79 >"$T/out" 2>&1
	st=$?
	got=$(q "$T/fault.db" "SELECT (SELECT count(*) FROM accounts WHERE username = 'fault$i') || '/' ||
		(SELECT count(*) FROM role_grants g JOIN accounts a ON a.id = g.account_id WHERE a.username = 'fault$i') || '/' ||
		((SELECT count(*) FROM audit_log) - $before)")
	if [ "$st" -eq 0 ] && [ "$got" = "1/1/2" ]; then
		break
	elif [ "$st" -ne 1 ] || [ "$got" != "0/0/0" ]; then
		bad="$bad fault $i: exit $st, account/grant/audit $got;"
	fi
	i=$((i + 1))
done
if [ -z "$bad" ] && [ "$i" -gt 2 ] && [ "$i" -le 300 ]; then
	pass "user add with a database fault at each of calls 1..$((i - 1)) changes nothing"
else
	echo "#$bad (stopped at $i)" >"$T/out"
	fail "user add with a database fault at each call changes nothing"
fi
run audit verify --database "$T/fault.db" --audit-key "$D/audit.key"
expect "the chain is intact after the faults" 0 "audit log intact"

# --- tampering -------------------------------------------------------------
q "$D/danvan.db" "UPDATE audit_log SET summary = '{}' WHERE id = 2" >"$T/out"
grep -q "append-only" "$T/out" && pass "the database refuses to edit the audit log" ||
	fail "the database refuses to edit the audit log"
run audit verify --data "$D"
expect "the refused edit left the log intact" 0 "audit log intact"

q "$D/danvan.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET summary = '{\"username\":\"mallory\"}' WHERE id = 2" >"$T/out"
run audit verify --data "$D"
expect "an edited entry is found: exit 1 naming it" 1 "audit log broken at entry #2:"

q "$T/backup.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 3" >"$T/out"
run audit verify --database "$T/backup.db" --audit-key "$D/audit.key"
expect "a deleted entry is found: exit 1 naming the next one" 1 "audit log broken at entry #4:"

cp "$D/danvan.db" "$T/swap.db"
q "$T/swap.db" "DROP TRIGGER IF EXISTS audit_log_no_update;
	UPDATE audit_log SET summary = (SELECT summary FROM audit_log WHERE id = 1) WHERE id = 2;
	UPDATE audit_log SET id = 1000 WHERE id = 4; UPDATE audit_log SET id = 4 WHERE id = 5;
	UPDATE audit_log SET id = 5 WHERE id = 1000;" >"$T/out"
run audit verify --database "$T/swap.db" --audit-key "$D/audit.key"
expect "the first bad entry is named when several are bad" 1 "audit log broken at entry #2:"

# a cut tail: the chain alone is fine, the anchored head is not
cp "$T/fault.db" "$T/cut.db"
CUTHEAD=$("$BIN" audit head --database "$T/cut.db" --audit-key "$D/audit.key")
q "$T/cut.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)" >"$T/out"
run audit verify --database "$T/cut.db" --audit-key "$D/audit.key"
expect "a cut tail alone leaves the chain intact" 0 "audit log intact"
run audit verify --database "$T/cut.db" --audit-key "$D/audit.key" --head "$CUTHEAD"
expect "a cut tail is found against the anchored head" 1 "entries were cut from the end"

# a log checked with another key fails from its first entry
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T/other.key"
run audit verify --database "$T/cut.db" --audit-key "$T/other.key"
expect "a wrong audit key fails at entry #1" 1 "audit log broken at entry #1:"

# --- demo --city: the rest of the city at city scale (issue 17) ------------
C=$T/city
run init --data "$C"
run demo --data "$C" --city --items 2000
expect "demo --city adds the rest of the city" 0 "the rest of the city: 3190 units"
got=$(q "$C/danvan.db" "SELECT count(*) FROM units")
[ "$got" = 3263 ] && pass "about 3,300 units in all (3263)" || { echo "# $got units" >"$T/out"; fail "about 3,300 units in all"; }
got=$(q "$C/danvan.db" "SELECT count(*) FROM units WHERE code GLOB 'D[0-9][0-9][0-9]W[0-9][0-9]'
	AND (valid_to IS NULL OR id NOT IN (SELECT from_unit_id FROM unit_successions WHERE kind = 'merged_into'))")
[ "$got" = 0 ] && pass "every synthetic ward closed on 1/7/2025 into a new ward" ||
	{ echo "# $got wards without a successor" >"$T/out"; fail "every synthetic ward closed into a new ward"; }
got=$(q "$C/danvan.db" "SELECT count(*) FROM feedback f JOIN units u ON u.id = f.unit_id
	WHERE NOT (u.valid_from <= f.received_at AND (u.valid_to IS NULL OR f.received_at < u.valid_to))")
spread=$(q "$C/danvan.db" "SELECT count(DISTINCT unit_id) FROM feedback")
[ "$got" = 0 ] && [ "$spread" -gt 500 ] && pass "the items spread over the city's units ($spread), each valid at its date" ||
	{ echo "# $got items at a unit not valid then, $spread units" >"$T/out"; fail "the items spread over the city, each valid at its date"; }
run demo --data "$C" --city --items 2000
expect "demo --city again adds nothing" 0 "unchanged: all 73 units"
got=$(q "$C/danvan.db" "SELECT count(*) FROM units")
[ "$got" = 3263 ] && pass "... still 3263 units" || { echo "# $got units" >"$T/out"; fail "... still 3263 units"; }
# a large demo while another connection holds the database (a running
# server): the load stays in the write-ahead log instead of its journal
S=$T/shared
run init --data "$S"
python3 - "$BIN" "$S" >"$T/out" 2>&1 <<'PY'
import sqlite3, subprocess, sys
held = sqlite3.connect(sys.argv[2] + "/danvan.db", isolation_level=None)
held.execute("SELECT count(*) FROM units").fetchall()
r = subprocess.run([sys.argv[1], "demo", "--data", sys.argv[2], "--items", "300"], capture_output=True, text=True)
print(r.stdout, r.stderr)
mode = held.execute("PRAGMA journal_mode").fetchone()[0]
items = held.execute("SELECT count(*) FROM feedback").fetchone()[0]
print("exit", r.returncode, "mode", mode, "items", "300 or more" if items >= 300 else items)
PY
grep -q "exit 0 mode wal items 300 or more" "$T/out" && ! grep -q "error:" "$T/out" &&
	pass "demo --items beside an open connection loads in the write-ahead log, without an error" ||
	fail "demo --items beside an open connection loads in the write-ahead log, without an error"
# a new ward's ten years as it is now count the wards it absorbed
"$BIN" report --data "$C" --unit D001N1 --from 2016-01-01 --to 2026-12-31 --tree now >"$T/now.json" 2>"$T/out"
"$BIN" report --data "$C" --unit D001N1 --from 2016-01-01 --to 2026-12-31 --tree then >"$T/then.json" 2>>"$T/out"
want_now=$(q "$C/danvan.db" "SELECT count(*) FROM feedback f JOIN units u ON u.id = coalesce(f.unit_id, f.intake_unit_id)
	WHERE (u.code GLOB 'D001N1*' OR substr(u.code, 1, 7) IN ('D001W01', 'D001W02', 'D001W03', 'D001W04', 'D001W05'))
	AND f.received_at >= 1451581200 AND f.received_at < 1798736400")
want_then=$(q "$C/danvan.db" "SELECT count(*) FROM feedback f JOIN units u ON u.id = coalesce(f.unit_id, f.intake_unit_id)
	WHERE u.code GLOB 'D001N1*' AND f.received_at >= 1451581200 AND f.received_at < 1798736400")
got=$(python3 -c 'import json, sys
v = lambda p: [i["value"] for i in json.load(open(p))["indicators"] if i["code"] == "feedback_received"][0]
print(v(sys.argv[1]), v(sys.argv[2]))' "$T/now.json" "$T/then.json")
[ "$got" = "$want_now $want_then" ] && [ "$want_now" -gt "$want_then" ] &&
	pass "a new ward's report as it is now counts the wards it absorbed ($got)" ||
	{ echo "# report $got, records $want_now $want_then" >>"$T/out"; fail "a new ward's report as it is now counts the wards it absorbed"; }

echo "1..$n"
[ "$fails" -eq 0 ]
