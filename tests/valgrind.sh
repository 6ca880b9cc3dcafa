#!/bin/sh
# Memcheck pass of `make test`: sh tests/valgrind.sh BUILD
#
# Runs every unit suite, every fuzz replay (corpora and regressions) and
# every CLI case once under valgrind memcheck: any error, or any definite
# or possible leak, fails the run (exit status 99 of the wrapped program,
# which no test expects).  Suppressions, for proven false positives only,
# are in tests/valgrind.supp.
build=${1:?usage: valgrind.sh BUILD}
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
command -v valgrind >/dev/null || { echo "valgrind: not installed" >&2; exit 2; }
cd "$root" || exit 2

wrap=$build/valgrind
rm -rf "$wrap" && mkdir -p "$wrap/tests" || exit 2
vg="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,possible --errors-for-leak-kinds=definite,possible --suppressions=$root/tests/valgrind.supp"

# A wrapper script per binary, so the existing runners need no change.
# Valgrind cannot start without a usable $TMPDIR (it keeps files of its own
# there): a case that points TMPDIR at nothing, to make the program's own
# temporary files fail, runs the program unwrapped.
wrapper() {
  cat >"$2" <<EOF && chmod +x "$2"
#!/bin/sh
if [ -n "\${TMPDIR:-}" ] && [ ! -d "\$TMPDIR" ]; then
  exec $root/$1 "\$@"
fi
exec $vg $root/$1 "\$@"
EOF
}

rc=0
suites=
for t in "$build"/tests/test_*; do
  [ -x "$t" ] || continue
  wrapper "$t" "$wrap/tests/$(basename "$t")"
  suites="$suites $wrap/tests/$(basename "$t")"
done
sh tests/run-unit.sh $suites || rc=1

for r in "$build"/replay/fuzz_*; do
  [ -x "$r" ] || continue
  t=${r##*/fuzz_}
  printf 'valgrind %s: ' "$t"
  $vg "$r" tests/fuzz/corpus/$t tests/fuzz/regressions/$t || rc=1
done

wrapper "$build/creditline" "$wrap/creditline"
sh tests/cli/run.sh "$wrap/creditline" || rc=1
[ "$rc" -eq 0 ] && echo "valgrind: clean" || echo "valgrind: FAILED"
exit $rc
