#!/bin/sh
# tests/fuzz_test.sh - the fuzzers' brief pass for `make check`: every
# libFuzzer target in tests/fuzz/ is built (clang, ASan+UBSan), replays its
# seed and regression inputs in tests/fuzz/corpus/NAME/, then runs a fixed
# number of mutations with a fixed seed, so the pass is deterministic. One
# TAP line per target; a failure prints the reproducer (see scripts/fuzz).
# Longer runs: `make fuzz` (FUZZ_SECONDS=60 per target by default).
set -u
cd "$(dirname "$0")/.."

n=0
failed=0
tap() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# The parsers of untrusted bytes that must each have a target (issue 6).
missing=""
for name in query path form multipart json cookie tmpl vntext csv search draftparts; do
	[ -f "tests/fuzz/fuzz_$name.c" ] || missing="$missing $name"
done
tap "$([ -z "$missing" ]; echo $?)" "a fuzz target for every parser of untrusted bytes${missing:+ (missing:$missing)}"

start=$(date +%s)
out=$(scripts/fuzz --smoke 2>&1)
echo "# scripts/fuzz --smoke: $(($(date +%s) - start))s"
for f in tests/fuzz/fuzz_*.c; do
	name=${f#tests/fuzz/fuzz_}
	name=${name%.c}
	line=$(echo "$out" | grep -E "^ok +fuzz_$name " | head -1)
	if [ -n "$line" ]; then
		tap 0 "fuzz_$name: $(echo "$line" | sed "s/^ok *fuzz_$name *//")"
	else
		tap 1 "fuzz_$name"
		# its block of the report: from its heading to the next heading
		block=$(echo "$out" | awk -v t="fuzz_$name" '
			/^(ok |[A-Z])/ { on = ($0 ~ (" " t "([ :]|$)")) }
			on { print "# " $0 }')
		[ -n "$block" ] || block=$(echo "$out" | head -10 | sed 's/^/# /')
		echo "$block"
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
