#!/bin/sh
# Runs each TAP test program, echoes its output, and ends with one summary
# line "N passed, N failed" (what CI reads). Exit status is non-zero when a
# test failed or a program exited non-zero.
build=$1
shift
passed=0
failed=0
status=0
for t in "$@"; do
	echo "# $t"
	out=$("$build/tests/$t" "$build" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ]; then
		echo "# $t exited with status $rc"
		status=1
	fi
done
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
