#!/bin/sh
# tests/fuzz_test.sh - the fuzzers' brief pass for `make check`: every
# libFuzzer target in tests/fuzz/ is built (clang, ASan+UBSan), replays its
# seed and regression inputs in tests/fuzz/corpus/NAME/, then runs a fixed
# number of mutations with a fixed seed, so the pass is deterministic. One
# TAP line per target; a failure prints the reproducer (scripts/fuzz).
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
for name in query path form multipart json cookie tmpl vntext csv; do
	[ -f "tests/fuzz/fuzz_$name.c" ] || missing="${missing:-} $name"
done
tap "$([ -z "${missing:-}" ]; echo $?)" "a fuzz target for every parser of untrusted bytes${missing:+ (missing:$missing)}"

out=$(scripts/fuzz --build 2>&1)
build_rc=$?
[ "$build_rc" -ne 0 ] && echo "$out" | sed 's/^/# /'

for f in tests/fuzz/fuzz_*.c; do
	name=${f#tests/fuzz/fuzz_}
	name=${name%.c}
	start=$(date +%s)
	out=$(scripts/fuzz --smoke "$name" 2>&1)
	rc=$?
	secs=$(($(date +%s) - start))
	summary=$(echo "$out" | sed -n "s/^ok *fuzz_$name *//p" | sed 's/ ([0-9]*s)$//')
	if [ "$rc" -eq 0 ]; then
		tap 0 "fuzz_$name: ${summary:-clean} (${secs}s)"
	else
		tap 1 "fuzz_$name"
		echo "$out" | sed 's/^/# /'
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
