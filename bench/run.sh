#!/usr/bin/env bash
# bench/run.sh - times creditline against its peers on a generated corpus.
# Run from `make bench` (see docs/performance.md).  Not a test: CI never
# runs it.  Environment:
#   ARTICLES=N   corpus size (default 20000, about 250 MB)
#   ROUNDS=N     timed rounds, commands alternating in each (default 3)
#   SEED=N       generator seed (default 1)
#   BUNDLE_MB=N  also build a tar.gz of at least N MB and report creditline's
#                peak memory on it (default: off)
#   RULES=DIR    rule files for every tool (default: creditline's built-in
#                rules, and rules/*.yaml for rg)
#   CREDITLINE, GENCORPUS: the binaries (default build/creditline, build/gencorpus)
#   BASELINE=BIN another creditline (an earlier commit's build) timed in the
#                same rounds on the same files: the ratio rows say how much
#                slower or faster this one is
#   ONLY=ID,...  time only these commands (ids as in bench/out/t.ID: cl1,
#                cln, cl1l, rgp, floor, lc, bundle, cl1txt, base1, ...)
set -u
cd "$(dirname "$0")/.." || exit 2

CL=${CREDITLINE:-build/creditline}
GEN=${GENCORPUS:-build/gencorpus}
ARTICLES=${ARTICLES:-20000}
ROUNDS=${ROUNDS:-3}
SEED=${SEED:-1}
BUNDLE_MB=${BUNDLE_MB:-0}
# RULES=DIR: time every tool with the rule files of DIR instead of the
# defaults (creditline gets --rules DIR).
CL_OPTS=(); RULES_GIVEN=0
[ -n "${RULES:-}" ] && { CL_OPTS=(--rules "$RULES"); RULES_GIVEN=1; }
RULES=${RULES:-rules}
CORPUS=bench/corpus
OUT=bench/out
# The bundle lives in bench/out/, which git ignores (bench/corpus/ is too).
BUNDLE=$OUT/corpus.tar.gz
NPROC=$(nproc 2>/dev/null || echo 1)

die() { echo "bench: $*" >&2; exit 2; }
note() { NOTES+=("$*"); echo "bench: $*" >&2; }
NOTES=()

mkdir -p "$OUT" || die "cannot create $OUT"
[ -x /usr/bin/time ] || die "GNU time is needed for peak memory: apt-get install time"
/usr/bin/time -f '%e %M' true 2>/dev/null || die "/usr/bin/time is not GNU time: apt-get install time"
[ -x "$GEN" ] || die "no $GEN: run 'make bench' (or make build/gencorpus)"

# ------------------------------------------------------------ the corpus
stamp="articles=$ARTICLES seed=$SEED gen=$(cksum <"$GEN" | cut -d' ' -f1)"
if [ "$(cat "$CORPUS/.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -s "$CORPUS/.manifest" ]; then
  echo "bench: generating $ARTICLES articles in $CORPUS" >&2
  rm -rf "$CORPUS" "$BUNDLE"
  "$GEN" "$CORPUS" "$ARTICLES" "$SEED" >"$OUT/manifest.tmp" || die "gencorpus failed"
  cat "$OUT/manifest.tmp" >&2
  mv "$OUT/manifest.tmp" "$CORPUS/.manifest"
  printf '%s\n' "$stamp" >"$CORPUS/.stamp"
fi
if [ ! -s "$BUNDLE" ] || [ "$CORPUS/.stamp" -nt "$BUNDLE" ]; then
  echo "bench: packing $BUNDLE" >&2
  tar czf "$BUNDLE.tmp" --exclude=.stamp --exclude=.manifest -C bench corpus && mv "$BUNDLE.tmp" "$BUNDLE" ||
    die "tar failed"
fi
DOCS=$(find "$CORPUS" -type f ! -name '.*' | wc -l)
BYTES=$(find "$CORPUS" -type f ! -name '.*' -printf '%s\n' | awk '{s+=$1} END {printf "%.0f", s}')
BUNDLE_BYTES=$(stat -c %s "$BUNDLE")

# licensecheck is far slower: time it on 200 files spread over the corpus.
SAMPLE=$OUT/lc-sample
if [ "$(cat "$SAMPLE/.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$SAMPLE" && mkdir -p "$SAMPLE"
  find "$CORPUS" -type f ! -name '.*' | sort |
    awk -v n="$DOCS" 'BEGIN {step = n > 200 ? n / 200 : 1} NR - 1 >= k * step && k < 200 {print; k++}' |
    while read -r f; do cp "$f" "$SAMPLE/"; done
  printf '%s\n' "$stamp" >"$SAMPLE/.stamp"
fi
SAMPLE_DOCS=$(find "$SAMPLE" -type f ! -name '.*' | wc -l)
SAMPLE_BYTES=$(find "$SAMPLE" -type f ! -name '.*' -printf '%s\n' | awk '{s+=$1} END {printf "%.0f", s}')

# ------------------------------------------------------------ the tools
HAVE_CL=0; JOBS_OK=0
if [ -x "$CL" ]; then
  HAVE_CL=1
  # bench/corpus/ is git-ignored, and creditline may honour .gitignore.
  "$CL" --help 2>&1 | grep -q -- '--no-ignore' && CL_OPTS+=(--no-ignore)
  # Missing notices are a desk's requirement, switched on by config: the
  # one the generator's truth assumes (bench/requirements.creditline).
  "$CL" --help 2>&1 | grep -q -- '--require' &&
    CL_OPTS+=(--config bench/requirements.creditline)
  # Does the binary take --jobs?  Probe with the flag: a usage error that
  # names it (or a --help without it) means no.
  printf 'Copyright 2024 Probe Media\n' >"$OUT/probe.txt"
  "$CL" scan "${CL_OPTS[@]}" --jobs 1 --format json --output /dev/null "$OUT/probe.txt" 2>"$OUT/probe.err"
  rc=$?
  if { [ "$rc" -eq 2 ] && grep -q -- 'jobs' "$OUT/probe.err"; } ||
     ! "$CL" --help 2>&1 | grep -q -- '--jobs'; then
    note "creditline does not accept --jobs yet: both creditline rows run with its default"
  else
    JOBS_OK=1
  fi
else
  note "no $CL: creditline rows skipped (run 'make' first)"
fi
HAVE_RG=0; command -v rg >/dev/null && HAVE_RG=1
[ "$HAVE_RG" -eq 1 ] || note "ripgrep missing (apt-get install ripgrep): rg rows skipped"
HAVE_XMLLINT=0; command -v xmllint >/dev/null && HAVE_XMLLINT=1
[ "$HAVE_XMLLINT" -eq 1 ] || note "xmllint missing (apt-get install libxml2-utils): the libxml2 row skipped"
HAVE_LC=0; command -v licensecheck >/dev/null && HAVE_LC=1
[ "$HAVE_LC" -eq 1 ] || note "licensecheck missing (apt-get install licensecheck): its row skipped"

# The default rules' patterns and trigger literals, one a line.  Prefer the
# binary (it knows the embedded rules); else read rules/*.yaml ourselves.
PATTERNS=$OUT/patterns.txt
TRIGGERS=$OUT/triggers.txt
rules_from_yaml() { # $1 = patterns | triggers
  if command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null; then
    python3 - "$1" "$RULES"/*.yaml <<'EOF'
import sys, yaml
what, files = sys.argv[1], sys.argv[2:]
inline = {"caseless": "i", "multiline": "m", "extended": "x", "dotall": "s", "ungreedy": "U"}
for path in files:
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    rules = doc.get("rules", []) if isinstance(doc, dict) else (doc or [])
    for r in rules:
        if not isinstance(r, dict):
            continue
        if what == "triggers":
            t = r.get("triggers") or []
            for s in [t] if isinstance(t, str) else t:
                print(str(s).lower())
            continue
        p = r.get("pattern")
        if not p:
            continue
        flags = r.get("flags") or []
        flags = [flags] if isinstance(flags, str) else flags
        opts = "".join(inline.get(str(x), "") for x in flags)
        p = p.replace("\n", " ") if "x" in opts else p.replace("\n", "")
        print(("(?%s)" % opts if opts else "") + p)
EOF
  else
    # Plain awk: one-line `pattern:` / `flags:` / `triggers:` values, quoted
    # 'like this' ('' is a quote) or "like this" (\\ and \" escapes).
    awk -v what="$1" '
      function unq(s) {
        sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s)
        if (s ~ /^'\''/) { s = substr(s, 2, length(s) - 2); gsub(/'\'''\''/, "'\''", s) }
        else if (s ~ /^"/) { s = substr(s, 2, length(s) - 2); gsub(/\\\\/, "\001", s)
          gsub(/\\"/, "\"", s); gsub(/\001/, "\\", s) }
        return s
      }
      function flush() { if (pat != "") print (opts != "" ? "(?" opts ")" : "") pat; pat = ""; opts = "" }
      /^[ \t]*-?[ \t]*id:/ { if (what == "patterns") flush(); intrig = 0 }
      /^[ \t]*pattern:/ { v = $0; sub(/^[ \t]*pattern:/, "", v); pat = unq(v); intrig = 0; next }
      /^[ \t]*flags:/ { v = $0; sub(/^[ \t]*flags:/, "", v)
        if (v ~ /caseless/) opts = opts "i"; if (v ~ /multiline/) opts = opts "m"
        if (v ~ /dotall/) opts = opts "s"; if (v ~ /extended/) opts = opts "x"; intrig = 0; next }
      /^[ \t]*triggers:/ { v = $0; sub(/^[ \t]*triggers:[ \t]*/, "", v); intrig = 1
        if (v ~ /^\[/) { gsub(/^\[|\][ \t]*$/, "", v); n = split(v, t, ",")
          for (i = 1; i <= n; i++) if (what == "triggers") print tolower(unq(t[i])); intrig = 0 }
        next }
      intrig && /^[ \t]*- / { v = $0; sub(/^[ \t]*- /, "", v); if (what == "triggers") print tolower(unq(v)); next }
      /^[ \t]*[a-z_]+:/ { intrig = 0 }
      END { if (what == "patterns") flush() }
    ' "$RULES"/*.yaml
  fi
}
for what in patterns triggers; do
  f=$OUT/$what.txt
  if [ "$HAVE_CL" -eq 1 ] && [ "$RULES_GIVEN" -eq 0 ] && "$CL" rules "$what" >"$f" 2>/dev/null && [ -s "$f" ]; then
    src="creditline rules $what"
  else
    rules_from_yaml "$what" >"$f" 2>"$OUT/$what.err"
    src="$RULES/*.yaml"
  fi
  sort -u -o "$f" "$f"
  # rg -P joins the patterns into one regex, where the same group name twice
  # is an error; rg -c needs no captures, so named groups become (?:...).
  [ "$what" = patterns ] && sed -i 's/(?P\{0,1\}<[A-Za-z_][A-Za-z0-9_]*>/(?:/g' "$f"
  # An anchored trigger ("^by ") is a plain literal to rg -F: the floor
  # then does a little more work than creditline's anchored check.
  [ "$what" = triggers ] && sed -i 's/^\^//' "$f" && sort -u -o "$f" "$f"
  echo "bench: $(wc -l <"$f") $what from $src" >&2
  eval "SRC_$what=\$src"
done
[ -s "$PATTERNS" ] || { HAVE_RG=0; note "no rule patterns found: rg rows skipped"; }
[ -s "$TRIGGERS" ] || note "no trigger literals found: the floor row is skipped"

# ---------------------------------------------------------- the commands
ids=(); declare -A CMD LABEL NDOCS NBYTES
add() { # id label docs bytes command...
  local id=$1; ids+=("$id"); LABEL[$id]=$2; NDOCS[$id]=$3; NBYTES[$id]=$4; shift 4
  CMD[$id]=$(printf '%q ' "$@")
}
jobs1=(); jobsn=()
[ "$JOBS_OK" -eq 1 ] && { jobs1=(--jobs 1); jobsn=(--jobs "$NPROC"); }
if [ "$HAVE_CL" -eq 1 ]; then
  add cl1 "creditline scan --jobs 1" "$DOCS" "$BYTES" \
    "$CL" scan "${CL_OPTS[@]}" "${jobs1[@]}" --format json --output /dev/null "$CORPUS"
  add cln "creditline scan --jobs $NPROC" "$DOCS" "$BYTES" \
    "$CL" scan "${CL_OPTS[@]}" "${jobsn[@]}" --format json --output /dev/null "$CORPUS"
fi
# The JSON report is one object built at the end; jsonl streams documents as
# they finish, which is what bounds memory on a corpus of any size.
if [ "$HAVE_CL" -eq 1 ] && "$CL" --help 2>&1 | grep -q jsonl; then
  add cl1l "creditline scan --jobs 1 --format jsonl" "$DOCS" "$BYTES" \
    "$CL" scan "${CL_OPTS[@]}" "${jobs1[@]}" --format jsonl --output /dev/null "$CORPUS"
fi
# rg writes to a file: with stdout on /dev/null a search tool may stop early.
# rg joins the patterns into one regex; past some 60 rules that is larger
# than PCRE2 compiles ("regular expression is too large"), so rg runs once
# per chunk of 16 patterns, one after the other.  Each line then meets
# every pattern once, as in one joined regex; only the reading repeats.
rm -f "$OUT"/patterns.chunk.*
split -l 16 -d "$PATTERNS" "$OUT/patterns.chunk."
[ "$HAVE_RG" -eq 1 ] && add rgp "rg -P -j1 -c -f PATTERNS (in chunks of 16)" "$DOCS" "$BYTES" \
  sh -c 'c=$1; shift; for f in "$@"; do rg --no-ignore -P -j1 -c -f "$f" "$c" || [ $? -eq 1 ] || exit 2; done' \
  sh "$CORPUS" "$OUT"/patterns.chunk.*
[ "$HAVE_RG" -eq 1 ] && [ -s "$TRIGGERS" ] && add floor "floor: rg -j1 -c -i -F -f TRIGGERS" "$DOCS" "$BYTES" \
  rg --no-ignore -j1 -c -i -F -f "$TRIGGERS" "$CORPUS"
[ "$HAVE_LC" -eq 1 ] && add lc "licensecheck --copyright -r ($SAMPLE_DOCS-file sample)" "$SAMPLE_DOCS" "$SAMPLE_BYTES" \
  licensecheck --copyright -r --lines 0 --check . "$SAMPLE"
[ "$HAVE_CL" -eq 1 ] && add bundle "creditline scan --jobs $NPROC corpus.tar.gz" "$DOCS" "$BYTES" \
  "$CL" scan "${CL_OPTS[@]}" "${jobsn[@]}" --format json --output /dev/null "$BUNDLE"

# The checks' worst case (issue 14): one document of many credits, each
# compared with the others.  Two sizes, so the table shows how time grows.
for nc in 50000 100000; do
  cdoc=$OUT/credits-$nc.txt
  if [ ! -s "$cdoc" ] || [ "$GEN" -nt "$cdoc" ]; then
    "$GEN" --credits "$cdoc" "$nc" "$SEED" >&2 || die "gencorpus --credits failed"
  fi
  [ "$HAVE_CL" -eq 1 ] && add "credits$nc" "creditline scan, one document of $nc credits" 1 "$(stat -c %s "$cdoc")" \
    "$CL" scan "${CL_OPTS[@]}" "${jobs1[@]}" --format json --output /dev/null "$cdoc"
done

# Where the time goes: each format on its own against the floor on the
# same files, and libxml2's HTML parse alone (xmllint builds the same tree
# creditline's HTML reader walks), the least any reader built on it pays.
declare -A KIND_DOCS KIND_BYTES
for ext in txt md html; do
  find "$CORPUS" -type f -name "*.$ext" | sort >"$OUT/list.$ext"
  KIND_DOCS[$ext]=$(wc -l <"$OUT/list.$ext")
  KIND_BYTES[$ext]=$( (xargs -r cat <"$OUT/list.$ext") | wc -c)
  [ "${KIND_DOCS[$ext]}" -gt 0 ] || continue
  [ "$HAVE_CL" -eq 1 ] && add "cl1$ext" "creditline scan --jobs 1, .$ext only" "${KIND_DOCS[$ext]}" "${KIND_BYTES[$ext]}" \
    "$CL" scan "${CL_OPTS[@]}" "${jobs1[@]}" --format json --output /dev/null --files-from "$OUT/list.$ext"
  [ "$HAVE_RG" -eq 1 ] && [ -s "$TRIGGERS" ] && add "floor$ext" "floor, .$ext only" "${KIND_DOCS[$ext]}" "${KIND_BYTES[$ext]}" \
    sh -c 'xargs rg --no-ignore -j1 -c -i -F -f "$1" <"$2"' sh "$TRIGGERS" "$OUT/list.$ext"
done
[ "$HAVE_XMLLINT" -eq 1 ] && [ "${KIND_DOCS[html]:-0}" -gt 0 ] && \
  add xml "libxml2 HTML parse alone: xmllint --html --noout, .html only" "${KIND_DOCS[html]}" "${KIND_BYTES[html]}" \
    sh -c 'xargs xmllint --html --noout --nonet --recover <"$1" 2>/dev/null; exit 0' sh "$OUT/list.html"

# An earlier build on the same files, in the same rounds: the regression
# check of a change (issue 12: "not worse than today by more than 10%").
if [ -n "${BASELINE:-}" ]; then
  if [ -x "$BASELINE" ]; then
    # Its own options: an earlier build may predate --no-ignore or the
    # requirement settings (its checks then ran by default).
    BASE_OPTS=()
    [ "$RULES_GIVEN" -eq 1 ] && BASE_OPTS=(--rules "$RULES")
    "$BASELINE" --help 2>&1 | grep -q -- '--no-ignore' && BASE_OPTS+=(--no-ignore)
    "$BASELINE" --help 2>&1 | grep -q -- '--require' &&
      BASE_OPTS+=(--config bench/requirements.creditline)
    add base1 "baseline creditline scan --jobs 1" "$DOCS" "$BYTES" \
      "$BASELINE" scan "${BASE_OPTS[@]}" "${jobs1[@]}" --format json --output /dev/null "$CORPUS"
    for ext in txt md html; do
      [ "${KIND_DOCS[$ext]:-0}" -gt 0 ] && add "base1$ext" "baseline creditline scan --jobs 1, .$ext only" \
        "${KIND_DOCS[$ext]}" "${KIND_BYTES[$ext]}" \
        "$BASELINE" scan "${BASE_OPTS[@]}" "${jobs1[@]}" --format json --output /dev/null --files-from "$OUT/list.$ext"
    done
  else
    note "BASELINE $BASELINE is not an executable: no baseline rows"
  fi
fi
# ONLY=id,...: keep just those commands.
if [ -n "${ONLY:-}" ]; then
  kept=()
  for id in "${ids[@]}"; do
    case ",$ONLY," in *",$id,"*) kept+=("$id") ;; esac
  done
  ids=("${kept[@]}")
fi

# Runs command ID once; appends "seconds peak_kb exit" to $OUT/t.ID.
run_one() {
  local id=$1 t0 t1 rc
  t0=$(date +%s%N)
  eval "/usr/bin/time -f '%e %M' -o $OUT/time.tmp ${CMD[$id]}" >"$OUT/stdout.$id" 2>"$OUT/stderr.$id"
  rc=$?
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(tail -1 "$OUT/time.tmp" | cut -d' ' -f2) $rc" >>"$OUT/t.$id"
}

# Warm the page cache so every command reads from memory.
find "$CORPUS" "$SAMPLE" -type f -exec cat {} + >/dev/null
cat "$BUNDLE" >/dev/null
for id in "${ids[@]}"; do rm -f "$OUT/t.$id"; done
for ((r = 1; r <= ROUNDS; r++)); do
  for id in "${ids[@]}"; do
    echo "bench: round $r/$ROUNDS: ${LABEL[$id]}" >&2
    run_one "$id"
  done
done

# ------------------------------------------------------------ the report
# median (ms), best (ms), max peak KB, worst exit code of command ID
stats() {
  sort -n "$OUT/t.$1" | awk '{ms[NR] = $1; if ($2 > kb) kb = $2; if ($3 > rc) rc = $3}
    END {m = NR % 2 ? ms[(NR + 1) / 2] : (ms[NR / 2] + ms[NR / 2 + 1]) / 2
         printf "%d %d %d %d\n", m, ms[1], kb, rc}'
}
declare -A MED BEST KB RC FAILED
for id in "${ids[@]}"; do
  read -r MED[$id] BEST[$id] KB[$id] RC[$id] < <(stats "$id")
  # Statuses that still mean "done": rg 1 = no match; creditline 1 =
  # findings, 3 = some input unreadable.
  case "$id:${RC[$id]}" in
  *:0 | rgp:1 | floor*:1 | cl1*:[13] | base1*:[13] | cln:[13] | bundle:[13] | big:[13] | credits*:1) ;;
  *) FAILED[$id]=1; note "${LABEL[$id]} exited with status ${RC[$id]}: $(head -c 300 "$OUT/stderr.$id" | tr '\n' ' ')" ;;
  esac
done
# A command that failed has no figures to compare.
have() { [ -n "${MED[$1]:-}" ] && [ -z "${FAILED[$1]:-}" ]; }

# What creditline found (untimed runs): a fast scan that finds nothing, or
# reads only part of the bundle, would prove nothing.
FOUND=()
report_summary() { # json file -> "N documents, M credits; findings: ..."
  jq -r '"\(.documents | length) documents, \([.documents[].credits // [] | length] | add // 0) credits; findings: \([.documents[].findings // [] | .[].check] | group_by(.) | map("\(.[0]) \(length)") | join(", "))"' "$1" 2>/dev/null ||
    echo "unreadable JSON"
}
if have cl1 && command -v jq >/dev/null; then
  "$CL" scan "${CL_OPTS[@]}" --format json --output "$OUT/report.json" "$CORPUS" 2>/dev/null
  FOUND+=("" "- creditline's report on the folder: $(report_summary "$OUT/report.json").")
  got=$(jq '.documents | length' "$OUT/report.json" 2>/dev/null || echo 0)
  if [ "$got" -lt "$DOCS" ]; then
    FAILED[cl1]=1; FAILED[cln]=1; FAILED[cl1l]=1
    note "creditline reported $got of the folder's $DOCS documents: folder figures left out"
  fi
  FOUND+=("- The generator's truth: $(sed 's/^gencorpus: //' "$CORPUS/.manifest" 2>/dev/null).")
  if have bundle; then
    "$CL" scan "${CL_OPTS[@]}" --format json --output "$OUT/report-bundle.json" "$BUNDLE" 2>/dev/null
    FOUND+=("- creditline's report on the bundle: $(report_summary "$OUT/report-bundle.json").")
    got=$(jq '.documents | length' "$OUT/report-bundle.json" 2>/dev/null || echo 0)
    if [ "$got" -lt "$DOCS" ]; then
      FAILED[bundle]=1
      note "creditline reported $got of the bundle's $DOCS documents (archive reading not complete?): bundle figures left out"
    fi
  fi
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}'; }
mbps() { awk -v b="${NBYTES[$1]}" -v ms="${MED[$1]}" 'BEGIN {printf "%.1f", (ms > 0 ? b / 1e6 / (ms / 1e3) : 0)}'; }
mbps_best() { awk -v b="${NBYTES[$1]}" -v ms="${BEST[$1]}" 'BEGIN {printf "%.1f", (ms > 0 ? b / 1e6 / (ms / 1e3) : 0)}'; }
# A time ratio from the medians and from the best runs: on a shared machine
# other work only ever adds time, so the two bracket what was measured.
tratio() { echo "$(ratio "${MED[$1]}" "${MED[$2]}") | $(ratio "${BEST[$1]}" "${BEST[$2]}")"; }

{
  echo "## creditline benchmark, $(date -u +%Y-%m-%d)"
  echo
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $NPROC cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM; page cache warm."
  echo "- Corpus: $DOCS documents, $(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b / 1e6}') MB (gencorpus $ARTICLES articles, seed $SEED); bundle $(awk -v b="$BUNDLE_BYTES" 'BEGIN {printf "%.1f", b / 1e6}') MB tar.gz."
  echo "- $ROUNDS rounds, commands alternating; seconds are the median (best in brackets); peak RSS is the largest seen."
  echo "- Patterns: $(wc -l <"$PATTERNS") from ${SRC_patterns}; triggers: $(wc -l <"$TRIGGERS") from ${SRC_triggers}."
  [ "$HAVE_CL" -eq 1 ] && echo "- $("$CL" --version 2>&1 | head -1); $(rg --version 2>/dev/null | head -1); licensecheck $(licensecheck --version 2>/dev/null | head -1 | awk '{print $NF}')."
  echo
  echo "| command | seconds | documents/s | MB/s | peak RSS (MB) |"
  echo "|---|---:|---:|---:|---:|"
  for id in "${ids[@]}"; do
    if ! have "$id"; then
      if [ "${RC[$id]}" -eq 0 ]; then why="left out (see notes)"; else why="failed (exit ${RC[$id]})"; fi
      printf '| %s | %s | - | - | - |\n' "${LABEL[$id]}" "$why"
      continue
    fi
    printf '| %s | %.2f (%.2f) | %.0f | %s | %.1f |\n' "${LABEL[$id]}" \
      "$(ratio "${MED[$id]}" 1000)" "$(ratio "${BEST[$id]}" 1000)" \
      "$(awk -v d="${NDOCS[$id]}" -v ms="${MED[$id]}" 'BEGIN {print (ms > 0 ? d / (ms / 1e3) : 0)}')" \
      "$(mbps "$id")" "$(ratio "${KB[$id]}" 1024)"
  done
  echo
  echo "| ratio | from medians | from best runs | aim |"
  echo "|---|---:|---:|---|"
  have cl1 && have base1 && echo "| creditline -j1 time / baseline -j1 time | $(tratio cl1 base1) | ≤ 1.10 |"
  for ext in txt md html; do
    have "cl1$ext" && have "base1$ext" && echo "| creditline -j1 time / baseline -j1 time, .$ext only | $(tratio "cl1$ext" "base1$ext") | ≤ 1.10 |"
  done
  have cl1 && have floor && echo "| creditline -j1 time / floor time | $(tratio cl1 floor) | ≤ 2 |"
  for ext in txt md html; do
    have "cl1$ext" && have "floor$ext" && echo "| creditline -j1 time / floor time, .$ext only | $(tratio "cl1$ext" "floor$ext") | - |"
  done
  have xml && have floor && echo "| libxml2's parse of the .html pages alone / floor time of the whole corpus | $(tratio xml floor) | - |"
  have rgp && have cl1 && echo "| rg -P time / creditline -j1 time | $(tratio rgp cl1) | ≥ 10 |"
  have cl1 && have lc && echo "| creditline -j1 MB/s / licensecheck MB/s | $(ratio "$(mbps cl1)" "$(mbps lc)") | $(ratio "$(mbps_best cl1)" "$(mbps_best lc)") | ≥ 100 |"
  have cl1 && have cln && echo "| -j1 time / -j$NPROC time (speed-up on $NPROC cores) | $(tratio cl1 cln) | close to $NPROC |"
  have credits50000 && have credits100000 && echo "| time for 100k credits in one document / time for 50k | $(tratio credits100000 credits50000) | ≤ 2.5 (n log n; quadratic is 4) |"
  have cln && have bundle && echo "| bundle time / folder time (both -j$NPROC) | $(tratio bundle cln) | - |"
  have cl1 && have cln && echo "| creditline peak RSS, folder, JSON (MB) | $(ratio "$(( KB[cl1] > KB[cln] ? KB[cl1] : KB[cln] ))" 1024) | - | < 64 |"
  have cl1l && echo "| creditline peak RSS, folder, JSON Lines (MB) | $(ratio "${KB[cl1l]}" 1024) | - | < 64 |"
  have bundle && echo "| creditline peak RSS, bundle (MB) | $(ratio "${KB[bundle]}" 1024) | - | < 64 |"
  have lc && echo "| licensecheck, whole corpus (projected seconds) | $(awk -v ms="${MED[lc]}" -v b="$BYTES" -v sb="$SAMPLE_BYTES" 'BEGIN {printf "%.0f", ms / 1e3 * b / sb}') | - | - |"
  for line in "${FOUND[@]}"; do echo "$line"; done
  if [ "${#NOTES[@]}" -gt 0 ]; then
    echo
    for n in "${NOTES[@]}"; do echo "- Note: $n"; done
  fi
} >"$OUT/results.md"

# ------------------------------------------------- the big-bundle memory check
if [ "$BUNDLE_MB" -gt 0 ] && [ "$HAVE_CL" -eq 1 ]; then
  BIG=$OUT/big.tar.gz
  want=$((BUNDLE_MB * 1000000))
  have_bytes=$(stat -c %s "$BIG" 2>/dev/null || echo 0)
  if [ "$have_bytes" -lt "$want" ]; then
    # Articles needed, from the main bundle's compressed bytes per article.
    per=$(( BUNDLE_BYTES / ARTICLES + 1 ))
    n=$(( want / per * 105 / 100 + 1 ))
    part=0; rm -rf "$OUT/big"; mkdir -p "$OUT/big"
    while [ "$have_bytes" -lt "$want" ]; do
      part=$((part + 1))
      echo "bench: generating $n more articles for a ${BUNDLE_MB} MB bundle" >&2
      "$GEN" "$OUT/big/part$part" "$n" $((SEED + 100 + part)) >&2 || die "gencorpus failed"
      tar czf "$BIG.tmp" -C "$OUT/big" . && mv "$BIG.tmp" "$BIG" || die "tar failed"
      have_bytes=$(stat -c %s "$BIG")
      n=$(( (want - have_bytes) / per * 110 / 100 + 1000 ))
    done
    rm -rf "$OUT/big"
  fi
  cat "$BIG" >/dev/null
  big_docs=$(tar tzf "$BIG" | grep -vc '/$')
  formats=(json); "$CL" --help 2>&1 | grep -q jsonl && formats+=(jsonl)
  "$CL" --help 2>&1 | grep -q 'html (the audit report' && formats+=(html)
  {
    echo
    printf '### Big bundle: %.1f MB tar.gz, %d documents\n\n' "$(ratio "$have_bytes" 1000000)" "$big_docs"
    echo "| command | seconds | documents/s | peak RSS (MB) | exit |"
    echo "|---|---:|---:|---:|---:|"
  } >>"$OUT/results.md"
  for fmt in "${formats[@]}"; do
    id=big$fmt; LABEL[$id]="creditline scan --jobs $NPROC --format $fmt big.tar.gz"
    CMD[$id]=$(printf '%q ' "$CL" scan "${CL_OPTS[@]}" "${jobsn[@]}" --format "$fmt" --output /dev/null "$BIG")
    echo "bench: ${LABEL[$id]}" >&2
    rm -f "$OUT/t.$id"; run_one "$id"
    read -r ms kb rc <"$OUT/t.$id"
    printf '| %s | %.2f | %.0f | %.1f | %d |\n' "${LABEL[$id]}" "$(ratio "$ms" 1000)" \
      "$(awk -v d="$big_docs" -v ms="$ms" 'BEGIN {print (ms > 0 ? d / (ms / 1e3) : 0)}')" \
      "$(ratio "$kb" 1024)" "$rc" >>"$OUT/results.md"
  done
fi
cat "$OUT/results.md"
