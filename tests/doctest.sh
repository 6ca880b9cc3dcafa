#!/bin/sh
# Docs that run: sh tests/doctest.sh path/to/creditline [FILE.md...]
# (default: README.md and docs/*.md).
#
# Every fenced block whose info string is `sh` or `console` is run, in a
# scratch folder per Markdown file (blocks in file order, so a later block
# sees what an earlier one wrote).  The scratch folder is a git work tree
# holding copies of fixtures/, rules/ and docs/, my-rules/ (a copy of rules/) and
# articles/ (the fixtures' articles), and `creditline` (and
# ./build/creditline) is the binary under test.
#
#   ```console    lines "$ COMMAND" (a trailing \ continues it on the next
#                 line); the lines up to the next "$ " are the output shown,
#                 compared with what the command writes (stdout and stderr),
#                 where a line "..." stands for any number of lines
#   ```sh         each command (a trailing \ continues it) is run; its
#                 output is not compared
#
# A block must end within DOCTEST_TIMEOUT seconds (default 300).
# Every command must end with status 0 or 1 (1: findings); 2 and above
# (usage, config or rule-file error, unreadable input, internal error)
# fail the test.  A comment on the line before the fence changes that:
#   <!-- doctest: skip REASON -->     the block is not run (REASON says why:
#                                      network, root, the test suite itself)
#   <!-- doctest: no-compare -->       run, output not compared (it depends
#                                      on the machine: times, paths)
#   <!-- doctest: fails -->            every command must end with status 2+
# The last line is "doctest: N passed, N failed"; status 1 if any failed.

bin=${1:?usage: doctest.sh path/to/creditline [FILE.md...]}
shift
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
[ -x "$bin" ] || { echo "doctest: $bin is not an executable" >&2; exit 2; }
cd "$root" || exit 2
if [ $# -gt 0 ]; then files=$*; else files="README.md $(ls docs/*.md)"; fi

work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/bin" && ln -s "$bin" "$work/bin/creditline" || exit 2
passed=0
failed=0

# Splits FILE's runnable blocks into $work/blocks/N.{info,text}: info holds
# "LINE LANG FLAG", text the block's lines.
split_blocks() {
  rm -rf "$work/blocks" && mkdir "$work/blocks"
  awk -v dir="$work/blocks" '
    /^```/ {
      if (inb) { inb = 0; close(text); next }
      lang = substr($0, 4); sub(/[ \t].*/, "", lang)
      if (lang != "sh" && lang != "console") { skipb = 1; next }
      n++; inb = 1
      text = dir "/" n ".text"
      printf "" > text
      flag = "run"
      if (prev ~ /<!-- *doctest: *skip/) flag = "skip"
      else if (prev ~ /<!-- *doctest: *no-compare/) flag = "no-compare"
      else if (prev ~ /<!-- *doctest: *fails/) flag = "fails"
      print NR, lang, flag > (dir "/" n ".info")
      close(dir "/" n ".info")
      next
    }
    skipb && /^```/ { skipb = 0; next }
    inb { print >> text }
    { prev = $0 }
  ' "$1"
}

# Expected EXP against actual ACT, a line "..." matching any run of lines.
# Exit 0 when they match.
compare() {
  awk -v expf="$1" '
    BEGIN {
      ne = 0
      while ((getline l < expf) > 0) want[++ne] = l
    }
    { act[++na] = $0 }
    END {
      pos = 1; i = 1; anchored = 1
      while (i <= ne) {
        if (want[i] == "...") { anchored = 0; i++; continue }
        j = i
        while (j <= ne && want[j] != "...") j++
        len = j - i
        last = j > ne
        found = 0
        for (p = pos; p + len - 1 <= na; p++) {
          if (anchored && p != pos) break
          if (last && !anchored && p + len - 1 != na) continue
          ok = 1
          for (k = 0; k < len; k++) if (act[p + k] != want[i + k]) { ok = 0; break }
          if (ok) { found = 1; break }
        }
        if (!found) exit 1
        pos = p + len; i = j; anchored = 1
      }
      if (anchored && pos != na + 1) exit 1
      exit 0
    }
  ' "$2"
}

for doc in $files; do
  scratch=$work/scratch
  rm -rf "$scratch" && mkdir "$scratch" || exit 2
  (cd "$scratch" && git init -q . && mkdir build my-rules articles &&
    ln -s "$bin" build/creditline) || exit 2
  cp -R fixtures rules docs "$scratch/" && cp rules/*.yaml "$scratch/my-rules/" &&
    cp fixtures/article-*.txt "$scratch/articles/" || exit 2
  split_blocks "$doc"
  n=1
  while [ -f "$work/blocks/$n.info" ]; do
    read -r line lang flag <"$work/blocks/$n.info"
    where="$doc:$line"
    n=$((n + 1))
    if [ "$flag" = skip ]; then
      continue
    fi
    # The block as a script: each command's output and status to files.
    script=$work/script.sh
    : >"$script"
    rm -rf "$work/out" && mkdir "$work/out"
    awk -v lang="$lang" -v out="$work/out" -v script="$script" '
      function flush() {
        if (cmd == "") return
        c++
        printf "{ %s\n} >%s/%d.act 2>&1 </dev/null; echo $? >%s/%d.status\n", \
          cmd, out, c, out, c >> script
        printf "%s\n", cmd > (out "/" c ".cmd")
        close(out "/" c ".cmd")
        cmd = ""
      }
      {
        if (cont) { cmd = cmd "\n" $0; cont = /\\$/; next }
        if (lang == "console") {
          if (/^\$ /) { flush(); cmd = substr($0, 3); cont = /\\$/
                        idx = c + 1; printf "" > (out "/" idx ".exp"); next }
          if (idx) print >> (out "/" idx ".exp")
          next
        }
        if (/^[ \t]*(#.*)?$/) next
        flush(); cmd = $0; cont = /\\$/
      }
      END { flush() }
    ' "$work/blocks/$((n - 1)).text"
    # A block that never ends (a server started without `doctest: skip`)
    # fails rather than hangs the test run.
    (cd "$scratch" && PATH="$work/bin:$PATH" NO_COLOR=1 \
      timeout -k 5 "${DOCTEST_TIMEOUT:-300}" sh "$script")
    rc=$?
    if [ "$rc" -ne 0 ]; then
      echo "FAIL $where: the block did not end within ${DOCTEST_TIMEOUT:-300}s (a server? mark it <!-- doctest: skip ... -->)"
      failed=$((failed + 1))
    fi
    c=1
    while [ -f "$work/out/$c.cmd" ]; do
      bad=
      st=$(cat "$work/out/$c.status" 2>/dev/null || echo none)
      if [ "$flag" = fails ]; then
        [ "$st" != none ] && [ "$st" -ge 2 ] || bad="exit status $st, expected 2 or more"
      elif [ "$st" = none ] || [ "$st" -ge 2 ]; then
        bad="exit status $st"
      fi
      if [ "$lang" = console ] && [ "$flag" != no-compare ] &&
        [ -f "$work/out/$c.exp" ] && [ -s "$work/out/$c.exp" ] &&
        ! compare "$work/out/$c.exp" "$work/out/$c.act"; then
        bad="$bad${bad:+; }output differs
--- shown
$(cat "$work/out/$c.exp")
--- got
$(cat "$work/out/$c.act")"
      fi
      if [ -n "$bad" ]; then
        echo "FAIL $where: $(cat "$work/out/$c.cmd")"
        echo "$bad"
        [ "$lang" = sh ] && [ -s "$work/out/$c.act" ] && sed 's/^/  | /' "$work/out/$c.act" | head -20
        failed=$((failed + 1))
      else
        passed=$((passed + 1))
      fi
      c=$((c + 1))
    done
  done
done

echo "doctest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
