#!/bin/sh
# Runs every CUnit suite binary; prints one closing "N passed, N failed" line
# summed over them (assertions), and fails if any suite failed.
passed=0; failed=0; bad=0
for t in "$@"; do
  out=$("$t" 2>&1); rc=$?
  printf '%s\n' "$out" | grep -E 'asserts|tests ' | sed "s|^|$(basename "$t"): |"
  p=$(printf '%s\n' "$out" | awk '$1=="asserts"{print $3-$5}')
  f=$(printf '%s\n' "$out" | awk '$1=="asserts"{print $5}')
  [ -n "$p" ] || { p=0; f=1; printf '%s\n' "$out" | tail -20; }
  passed=$((passed + p)); failed=$((failed + f))
  [ "$rc" -eq 0 ] || { bad=1; printf '%s\n' "$out" | tail -30; }
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$bad" -eq 0 ]
