#!/bin/sh
# CLI tests: sh tests/cli/run.sh path/to/creditline [CASE...]
#
# Each case is a folder tests/cli/cases/NAME/ holding
#   cmd       a shell command line, run with sh from the repository root,
#             with $CREDITLINE set to the binary (absolute path), $CASE to
#             the case folder (relative to the root) and $T to a fresh empty
#             scratch folder removed afterwards; stdin is /dev/null
#   expected  the exact expected standard output
#   status    the expected exit status
#   stderr    (optional) the exact expected standard error; when absent,
#             standard error is not compared
# Every failing case is printed with a diff; the last line is
# "cli: N passed, N failed" and the exit status is 1 if any case failed.
#
# Maintainers: CL_UPDATE=1 sh tests/cli/run.sh build/creditline [CASE...]
# rewrites expected, status (and stderr, where the case has one) from what
# the binary does now.  Review the result with `git diff` before committing.
# NO_COLOR is set so that no case depends on the terminal.

bin=${1:?usage: run.sh path/to/creditline [CASE...]}
shift
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
[ -x "$bin" ] || { echo "cli: $bin is not an executable" >&2; exit 2; }
cd "$root" || exit 2

if [ $# -gt 0 ]; then
  cases=$*
else
  cases=$(ls tests/cli/cases)
fi

work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
passed=0
failed=0

for name in $cases; do
  dir=tests/cli/cases/$name
  if [ ! -f "$dir/cmd" ]; then
    echo "cli: $name: no cmd file" >&2
    failed=$((failed + 1))
    continue
  fi
  scratch=$work/scratch
  rm -rf "$scratch" && mkdir "$scratch"
  CREDITLINE=$bin CASE=$dir T=$scratch NO_COLOR=1 \
    sh -c "$(cat "$dir/cmd")" >"$work/out" 2>"$work/err" </dev/null
  rc=$?
  echo "$rc" >"$work/status"

  if [ "${CL_UPDATE:-0}" = 1 ]; then
    cp "$work/out" "$dir/expected"
    cp "$work/status" "$dir/status"
    [ -f "$dir/stderr" ] && cp "$work/err" "$dir/stderr"
    echo "cli: $name: updated"
    passed=$((passed + 1))
    continue
  fi

  bad=
  if [ "$rc" != "$(cat "$dir/status" 2>/dev/null)" ]; then
    bad="$bad
exit status $rc, expected $(cat "$dir/status" 2>/dev/null)"
  fi
  if ! diff -u "$dir/expected" "$work/out" >"$work/diff" 2>&1; then
    bad="$bad
stdout differs:
$(cat "$work/diff")"
  fi
  if [ -f "$dir/stderr" ] && ! diff -u "$dir/stderr" "$work/err" >"$work/diff" 2>&1; then
    bad="$bad
stderr differs:
$(cat "$work/diff")"
  fi
  if [ -n "$bad" ]; then
    echo "FAIL $name: $(cat "$dir/cmd")$bad"
    if [ ! -f "$dir/stderr" ] && [ -s "$work/err" ]; then
      echo "stderr was:"
      cat "$work/err"
    fi
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
done

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
