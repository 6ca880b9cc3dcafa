#!/bin/sh
# Runs the stages of `make test` one after another, each a make target
# line given as one argument, and closes with one line counting the stages
# that passed and failed.  A failed stage does not stop the others, so one
# run shows everything that is wrong; the exit status is 1 if any failed.
passed=0; failed=0; bad=""
for stage in "$@"; do
  echo "=== stage: $stage"
  if sh -c "$stage"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); bad="$bad
  $stage"
  fi
done
[ -n "$bad" ] && printf 'failed stages:%s\n' "$bad"
echo "make test stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
