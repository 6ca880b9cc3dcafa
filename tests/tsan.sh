#!/bin/sh
# ThreadSanitizer pass of `make test`: sh tests/tsan.sh path/to/tsan/creditline
#
# Scans the fixtures and a generated tree of a few hundred documents (text,
# HTML, Markdown, JSON, a tar.gz bundle, an unreadable file) with --jobs 4
# and --jobs 1, in text and JSON: each pair must be identical byte for
# byte, with the same exit status, and TSan must report nothing (it exits
# 66 on a race).
bin=${1:?usage: tsan.sh path/to/creditline}
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
cd "$root" || exit 2
work=$(mktemp -d) || exit 2
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT INT TERM
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"

tree=$work/tree
i=0
while [ $i -lt 300 ]; do
  d=$tree/part$((i % 7))/sub$((i % 3))
  mkdir -p "$d"
  case $((i % 5)) in
  0) printf 'Story %d\nCopyright %d Holder %d Ltd\nEdited by Person %d\n' $i $((1990 + i % 30)) $((i % 4)) $i >"$d/s$i.txt" ;;
  1) printf '<html><body><p>Story %d</p><footer>&copy; %d Site %d</footer></body></html>\n' $i $((2000 + i % 20)) $((i % 3)) >"$d/p$i.html" ;;
  2) printf -- '---\ntitle: "Post %d"\nauthor: Writer %d\ncopyright: "(c) 2021 Blog %d"\n---\nProduced in association with Wire %d\n' $i $i $((i % 2)) $((i % 5)) >"$d/m$i.md" ;;
  3) printf '{"headline": "Item %d", "copyrightholder": "Feed %d", "body_text": "Reuters reported %d"}\n' $i $((i % 6)) $i >"$d/j$i.json" ;;
  4) printf 'No credit in story %d, (c) 1999-2001 Old %d and Copyright 2002 New %d\n' $i $i $((i % 9)) >"$d/n$i.txt" ;;
  esac
  i=$((i + 1))
done
(cd "$tree/part1" && tar cf - sub0 | gzip -c >"$tree/bundle.tar.gz")
printf 'secret\n' >"$tree/locked.txt"
chmod 000 "$tree/locked.txt"

rc=0
for target in fixtures "$tree"; do
  for fmt in text json; do
    "$bin" scan --jobs 1 --format $fmt "$target" >"$work/one" 2>"$work/one.err"
    r1=$?
    "$bin" scan --jobs 4 --format $fmt "$target" >"$work/four" 2>"$work/four.err"
    r4=$?
    name="${target#"$work"/} $fmt"
    if [ $r1 -ge 64 ] || [ $r4 -ge 64 ] || grep -q ThreadSanitizer "$work/four.err" "$work/one.err"; then
      echo "FAIL tsan $name: exit $r1/$r4"; head -40 "$work/four.err"; rc=1
    elif [ $r1 -ne $r4 ] || ! cmp -s "$work/one" "$work/four"; then
      echo "FAIL tsan $name: --jobs 4 differs from --jobs 1 (exit $r4/$r1)"
      diff "$work/one" "$work/four" | head -20; rc=1
    else
      echo "tsan $name: same output ($(wc -l <"$work/one") lines), exit $r1"
    fi
  done
done
exit $rc
