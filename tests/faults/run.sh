#!/bin/sh
# I/O fault tests: sh tests/faults/run.sh path/to/creditline path/to/libclfault.so
#
# Runs the CLI over a small generated tree in four ways (report to
# --output FILE, files read instead of mapped, report to standard output,
# document from a pipe), first without a fault to learn the expected result
# and how often each I/O call is made, then once for every N = 1..K with
# the Nth call of read, write, open, openat, fopen, fclose, fflush, mmap,
# opendir, close or of stdio's output functions failing (tests/faults/fault.c;
# K capped at $FAULT_MAX, default 40).  Every run must:
#   - not crash: exit status < 128, no sanitizer report;
#   - either give the fault-free result byte for byte with the same exit
#     status (the fault hit nothing that matters, e.g. mmap fell back to
#     read), or exit non-zero (2, 3 or 4) naming the file that failed, on
#     standard error or in the report;
#   - with --output: leave either the old report untouched or a complete
#     one (ending in the summary line), never a FILE.tmp.* temporary.
# The last line is "faults: N passed, N failed"; exit status 1 on failure.

bin=${1:?usage: run.sh path/to/creditline path/to/libclfault.so}
lib=${2:?usage: run.sh path/to/creditline path/to/libclfault.so}
max=${FAULT_MAX:-40}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $lib in /*) ;; *) lib=$(pwd)/$lib ;; esac
[ -x "$bin" ] && [ -f "$lib" ] || { echo "faults: missing $bin or $lib" >&2; exit 2; }

work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work" || exit 2
mkdir -p in/sub pack
printf 'Copyright 2023 Example Press\nEdited by Jane Roe\n' >in/a.txt
printf 'Produced in association with Nord Wire\nNo notice here.\n' >in/c.txt
printf '<html><body><p>Reuters reported the tide.</p>\n<footer>&copy; 2022 Harbour Media</footer></body></html>\n' >in/sub/b.html
printf 'Copyright 2021 Packed Story Ltd\n' >pack/p.txt
(cd pack && tar cf - p.txt) | gzip -c >in/bundle.tar.gz

passed=0
failed=0
calls="read write open openat fopen fclose fflush mmap opendir close stdio"

# run SCENARIO [VAR=VALUE...]: runs the binary, and only it, with the shim
# and the fault variables; sets rc, leaves out/err/report.txt in $work.
run() {
  scen=$1
  shift
  rm -f out err report.txt.tmp*
  printf 'OLD REPORT\n' >report.txt
  set -- env LD_PRELOAD="$lib" "$@"
  case $scen in
  output) "$@" "$bin" scan --output report.txt in >out 2>err </dev/null ;;
  nommap) "$@" CL_FAULT_NOMMAP=1 "$bin" scan --output report.txt in >out 2>err </dev/null ;;
  stdout) "$@" "$bin" scan in >out 2>err </dev/null ;;
  pipe) cat in/a.txt | "$@" "$bin" scan - >out 2>err ;;
  esac
  rc=$?
}

# The result a scenario shows: the report, wherever it went.
result() {
  case $1 in output | nommap) cat report.txt ;; *) cat out ;; esac
}

fail() {
  failed=$((failed + 1))
  echo "FAIL $scen $call N=$n: $*"
  sed 's/^/  stderr: /' err | head -5
}

for scen in output nommap stdout pipe; do
  run $scen
  rc0=$rc
  result $scen >expected
  if [ "$rc0" -ge 2 ]; then
    echo "FAIL $scen: fault-free run exited $rc0"; cat err
    failed=$((failed + 1))
    continue
  fi
  for call in $calls; do
    run $scen CL_FAULT_CALL=$call CL_FAULT_N=0 CL_FAULT_LOG="$work/count"
    k=$(awk '{print $2}' count 2>/dev/null)
    rm -f count
    [ -n "$k" ] || k=0
    [ -n "${FAULT_VERBOSE:-}" ] && echo "faults: $scen $call: $k calls"
    [ "$k" -le "$max" ] || k=$max
    n=1
    while [ "$n" -le "$k" ]; do
      run $scen CL_FAULT_CALL=$call CL_FAULT_N=$n
      result $scen >got
      ok=1
      if [ "$rc" -ge 128 ] || grep -q -E 'Sanitizer|runtime error|Segmentation' err; then
        fail "crashed (exit $rc)"; ok=0
      elif [ "$rc" -eq "$rc0" ]; then
        if ! cmp -s expected got; then
          fail "report changed but exit status did not ($rc)"; ok=0
        fi
      elif [ "$rc" -lt 2 ]; then
        fail "exit $rc, fault-free $rc0"; ok=0
      elif ! cat err got | grep -q -E 'in/|<stdin>|report\.txt|output'; then
        fail "exit $rc without naming the file"; ok=0
      fi
      if [ "$scen" = output ] || [ "$scen" = nommap ]; then
        if ls report.txt.tmp* >/dev/null 2>&1; then
          fail "a report.txt.tmp.* temporary left behind"; ok=0
        fi
        if ! cmp -s report.txt - <<OLD
OLD REPORT
OLD
        then
          if [ "$rc" -ge 4 ] || ! tail -n 1 report.txt | grep -q -E '^[0-9]+ documents, '; then
            fail "report.txt replaced by an incomplete report (exit $rc)"; ok=0
          fi
        fi
      fi
      [ "$ok" = 1 ] && passed=$((passed + 1))
      n=$((n + 1))
    done
  done
done
echo "faults: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
