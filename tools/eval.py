#!/usr/bin/env python3
"""make eval: creditline measured on the development corpus (../shared/devdata).

A measurement, not a test: it prints one table and exits 0 whatever the figures.
See eval/README.md for what each row and column means and how to add labels and
judgements.  Python 3 standard library only.

usage: eval.py [--devdata DIR] [--creditline EXE] [--labels TSV] [--judgements TSV]
               [--verbose] [--no-licensecheck]
"""
import argparse, collections, json, os, re, subprocess, sys, unicodedata

# The parts of the corpus, scanned folder by folder (sidecars such as
# readability's meta/*.json and the benchmark's urls.tsv sit outside them).
PARTS = [
    ("readability", "html/readability/pages"),
    ("benchmark", "html/article-extraction-benchmark/pages"),
    ("news-xml", "news-xml"),
    ("markdown", "markdown/digitalgov-news"),
]
# Parts whose remaining errors are listed one by one (issue 13: real pages and wire items).
LISTED = {"readability", "benchmark", "news-xml"}
SCANCODE = ["scancode/ics", "scancode/copyright_fossology", "scancode/holders"]
KINDS = ["copyright", "syndication", "author", "editor", "source"]
FIELD = {"copyright": "holder", "syndication": "party", "author": "person", "editor": "person",
         "source": "agency"}

# ---------------------------------------------------------------- comparing values
# Trailing legal forms that may differ between a label and a credit ("Example
# Media, Inc." = "Example Media"); removed repeatedly from the end.
LEGAL = {"inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "plc", "corp",
         "corporation", "co", "company", "gmbh", "mbh", "ag", "kg", "kgaa", "se", "sa",
         "sas", "sarl", "srl", "spa", "sl", "bv", "nv", "ab", "as", "asa", "oy", "oyj",
         "aps", "pty", "pvt", "ev", "e", "v", "ug", "group", "holdings", "cie"}


def norm(value):
    """Case, accents kept apart from letters, punctuation and white space do not count;
    nor does a leading "the" or a trailing legal form (see eval/README.md)."""
    s = unicodedata.normalize("NFKC", value or "").casefold()
    s = s.replace("&", " and ")
    s = re.sub(r"[\W_]+", " ", s).split()
    if s and s[0] == "the":
        s = s[1:]
    while len(s) > 1 and s[-1] in LEGAL:
        s = s[:-1]
    while len(s) > 1 and s[-1] == "and":     # "& Co." leaves a dangling "and"
        s = s[:-1]
    return " ".join(s)


def same(a, b):
    """Equal once normalised, or one is the other's initials (AP = The Associated Press,
    dpa = Deutsche Presse-Agentur, AFP = Agence France-Presse)."""
    a, b = norm(a), norm(b)
    if a == b:
        return bool(a)
    short, long_ = sorted((a, b), key=len)
    return " " not in short and len(short) >= 2 and "".join(w[0] for w in long_.split()) == short


def year_span(years):
    """(first, last) year of a label's "2005-2021" / "2019, 2020" or a credit's list."""
    if isinstance(years, str):
        years = [int(y) for y in re.findall(r"\b(?:1[89]|2\d)\d\d\b", years)]
    years = [int(y) for y in years or [] if str(y).isdigit()]
    return (min(years), max(years)) if years else None


# ------------------------------------------------------------ contaminated values
NAV = re.compile(r"\b(impressum|datenschutz|privacy|terms|cookies?|contact|about us|"
                 r"sitemap|newsletter|subscribe|log ?in|sign ?in|sign up|advertise with us|"
                 r"careers|kontakt|agb|mentions l[ée]gales|aviso legal|"
                 r"rss|faq|feedback|accessibility|disclaimer)\b", re.I)
VERB = re.compile(r"\b(is|are|was|were|be|been|has|have|had|will|would|can|could|may|"
                  r"must|should|does|do|did|not|provides?|published|reproduced|"
                  r"distributed|used|click|read|see|please|reserved|owns?|belongs?)\b")   # lower case: prose


def contaminated(value):
    """Why a holder/party/person looks like it swallowed page chrome, CSS, script or
    prose, or None.  A heuristic: see eval/README.md."""
    if not value:
        return None
    if len(value) > 80:
        return "long"
    if "function(" in value.replace(" ", "") or "=>" in value or "var " in value:
        return "script"
    if sum(value.count(c) for c in "{};") >= 2 or re.search(r"[a-z-]+\s*:\s*[^;]+;", value):
        return "css"
    m = NAV.search(value)
    if m:
        return "nav:" + m.group(0)
    m = VERB.search(value)
    if m and len(value.split()) >= 3:
        return "prose:" + m.group(0)
    if re.search(r"[|·•]", value):
        return "separator"
    return None


# ------------------------------------------------------------------- the scans
def scan(exe, devdata, folder):
    r = subprocess.run([exe, "scan", "--no-ignore", "--format", "json",
                        os.path.join(devdata, folder)],
                       capture_output=True, text=True, errors="replace")
    try:
        rep = json.loads(r.stdout)
    except ValueError:
        sys.exit(f"eval: no JSON from {exe} on {folder} (status {r.returncode}): "
                 f"{r.stderr.strip()[:300]}")
    docs = {}
    for d in rep.get("documents", []):
        docs[os.path.relpath(d["path"], devdata)] = d
    return docs, rep.get("errors", [])


def read_tsv(path, ncols):
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < ncols:
                sys.exit(f"{path}:{n}: expected {ncols} tab-separated columns, got {len(cols)}")
            rows.append((n, cols))
    return rows


def load_labels(path, known):
    """labels[doc][kind] = list of (value, years, where); value None is "none of this kind"."""
    labels = collections.defaultdict(lambda: collections.defaultdict(list))
    for n, (doc, kind, value, years, where) in ((n, c[:5]) for n, c in read_tsv(path, 5)):
        if kind not in KINDS:
            sys.exit(f"{path}:{n}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
        if where not in ("visible", "meta"):
            sys.exit(f"{path}:{n}: where must be visible or meta, not {where!r}")
        if known is not None and doc not in known:
            print(f"eval: {path}:{n}: {doc} is not in the corpus", file=sys.stderr)
        labels[doc][kind].append((None if value == "-" else value,
                                  None if years in ("-", "") else years, where))
    return labels


def credit_value(c):
    return c.get(FIELD.get(c["kind"], "value")) or c.get("value")


def match(label, credit):
    value, years, _ = label
    if value == "?":                          # a notice that names no holder
        if credit_value(credit):
            return False
    elif not same(value, credit_value(credit)):
        return False
    if years and credit["kind"] == "copyright":
        return year_span(years) == year_span(credit.get("years") or credit.get("years_text"))
    return True


def score_labels(part_docs, labels, out, misses):
    """Adds per-kind figures of one part to out[kind]; misses gets one line per miss/extra."""
    for doc in sorted(part_docs):
        d = part_docs[doc]
        for kind, rows in labels.get(doc, {}).items():
            st = out[kind]
            st["docs"] += 1
            text = [c for c in d.get("credits", []) if c["kind"] == kind]
            meta = [c for c in d.get("metadata", []) if c["kind"] == kind]
            wanted = [r for r in rows if r[0] is not None]
            st["none"] += not wanted
            if kind == "copyright":
                out["copyright, dated visible"]["docs"] += any(r[1] and r[2] == "visible" for r in wanted)
            for lab in wanted:
                st["labelled"] += 1
                pool = text if lab[2] == "visible" else meta
                hit = any(match(lab, c) for c in pool)
                if kind == "copyright" and lab[1] and lab[2] == "visible":
                    dated = out["copyright, dated visible"]   # issue 12's bar: every one found
                    dated["labelled"] += 1
                    dated["found" if hit else "missing"] += 1
                if hit:
                    st["found"] += 1
                else:
                    st["missing"] += 1
                    near = [f"{credit_value(c)!r} {c.get('years_text') or ''}".strip() for c in pool]
                    misses.append(f"{doc}: missing {kind} {lab[0]!r} {lab[1] or ''} ({lab[2]})"
                                  f"{'; got ' + ', '.join(near) if near else ''}")
            for c in text:
                if not any(match(lab, c) for lab in wanted if lab[2] == "visible"):
                    st["extra"] += 1
                    misses.append(f"{doc}:{c.get('line')}: extra {kind} "
                                  f"{credit_value(c)!r} {c.get('years_text') or ''}".rstrip())


# --------------------------------------------------------------------- the table
def table(rows):
    """rows: lists of cells, or a string for a section heading.  Numbers align right."""
    cells = [r for r in rows if not isinstance(r, str)]
    ncol = max(map(len, cells))
    cells = [list(map(str, r)) + [""] * (ncol - len(r)) for r in cells]
    w = [max(len(r[i]) for r in cells) for i in range(ncol)]
    head = max(len(r) for r in rows if isinstance(r, str))
    w[-1] += max(0, head + 2 - (sum(w) + 3 * ncol - 1))   # headings fit
    inner = sum(w) + 3 * ncol - 1
    line = "+" + "+".join("-" * (x + 2) for x in w) + "+"
    num = re.compile(r"^-?[\d.]+%?$")
    out, it = [line], iter(cells)
    for r in rows:
        if isinstance(r, str):
            out += ["| " + r.ljust(inner - 2) + " |", line]
            continue
        r = next(it)
        out.append("| " + " | ".join(c.rjust(w[i]) if i and num.match(c) else c.ljust(w[i])
                                     for i, c in enumerate(r)) + " |")
    out.append(line)
    return "\n".join(out)


def scorer(tool, devdata, exe):
    env = dict(os.environ, CREDITLINE=exe)
    return subprocess.Popen([sys.executable, os.path.join(devdata, "tools", "score_holders.py"), tool,
                             *[os.path.join(devdata, d) for d in SCANCODE]],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def scorer_result(p):
    out, err = p.communicate()
    m = dict(re.findall(r"(\w+)=([\d.]+)", out))
    if "recall" not in m:
        return ["n/a"] * 4, (err.strip() or out.strip())[:200]
    return [m["cases"], m["holders_expected"], m["recall"], m["precision"]], None


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--devdata", default=os.path.join(here, "..", "shared", "devdata"))
    ap.add_argument("--creditline", default=os.path.join(here, "build", "creditline"))
    ap.add_argument("--labels", default=os.path.join(here, "eval", "labels.tsv"))
    ap.add_argument("--judgements", default=os.path.join(here, "eval", "judgements.tsv"))
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="also list every missing and extra labelled credit")
    ap.add_argument("--no-licensecheck", action="store_true",
                    help="skip licensecheck's ScanCode figures (the slow part)")
    args = ap.parse_args()
    dd = args.devdata
    if not os.path.isdir(dd):
        print(f"eval: no development corpus at {dd}: nothing measured (set DEVDATA=...)")
        return 0
    exe = os.path.abspath(args.creditline)
    if not os.access(exe, os.X_OK):
        sys.exit(f"eval: {exe} is not an executable (build it, or set CREDITLINE=...)")

    have_scancode = all(os.path.isdir(os.path.join(dd, d)) for d in SCANCODE) and \
        os.path.exists(os.path.join(dd, "tools", "score_holders.py"))
    procs = {}
    if have_scancode:
        procs["creditline"] = scorer("creditline", dd, exe)
        if not args.no_licensecheck:
            procs["licensecheck"] = scorer("licensecheck", dd, exe)

    docs, errors = {}, []
    for name, folder in PARTS:
        if os.path.isdir(os.path.join(dd, folder)):
            docs[name], e = scan(exe, dd, folder)
            errors += e
    known = {p for part in docs.values() for p in part}
    labels = load_labels(args.labels, known)
    judged = {}
    for n, c in read_tsv(args.judgements, 4):
        if c[2] not in ("true", "false"):
            sys.exit(f"{args.judgements}:{n}: verdict must be true or false, not {c[2]!r}")
        judged[(c[0], c[1])] = (c[2], c[3])

    rows = ["ScanCode holder cases (ics, copyright_fossology, holders): devdata/tools/score_holders.py",
            ["tool", "", "cases", "holders", "recall", "precision"]]
    notes = []
    for tool, p in procs.items():
        cells, err = scorer_result(p)
        rows.append([tool, "", *cells])
        if err:
            notes.append(f"{tool} scorer: {err}")
    if not procs:
        rows.append(["(ScanCode cases or scorer absent)"])

    rows += ["Labelled credits (eval/labels.tsv), per part and kind",
             ["part", "kind", "docs", "labelled", "found", "missing", "extra", "none", "recall"]]
    misses, dirty = [], []
    for name, _ in PARTS:
        if name not in docs:
            continue
        st = collections.defaultdict(collections.Counter)
        score_labels(docs[name], labels, st, misses)
        for kind in KINDS[:1] + ["copyright, dated visible"] + KINDS[1:]:
            s = st[kind]
            rows.append([name, kind, s["docs"], s["labelled"], s["found"], s["missing"],
                         s["extra"], s["none"],
                         f"{s['found'] / s['labelled']:.3f}" if s["labelled"] else "-"])
        for doc in sorted(docs[name]):
            d = docs[name][doc]
            for where, lst in (("text", d.get("credits", [])), ("meta", d.get("metadata", []))):
                for c in lst:
                    if c["kind"] in FIELD:
                        why = contaminated(credit_value(c))
                        if why:
                            v = credit_value(c)
                            v = v if len(v) <= 160 else v[:160] + "..."
                            dirty.append((name, f"{doc}:{c.get('line') or ''}: {c['kind']} ({where}, {why}) {v!r}"))

    rows += ["Contaminated holders, parties, persons (chrome, CSS, script, prose, long)",
             ["part", "", "values", "contaminated"]]
    for name, _ in PARTS:
        if name in docs:
            n = sum(1 for d in docs[name].values() for lst in (d.get("credits", []), d.get("metadata", []))
                    for c in lst if c["kind"] in FIELD and credit_value(c))
            rows.append([name, "", n, sum(1 for p, _ in dirty if p == name)])

    rows += ["Findings (issue 13): documents with an error, findings by check id",
             ["part", "check", "docs", "w/ error", "%", "error", "warning", "info"]]
    listed = []
    for name, _ in PARTS:
        if name not in docs:
            continue
        n = len(docs[name])
        bad = 0
        by = collections.Counter()
        for doc in sorted(docs[name]):
            fs = docs[name][doc].get("findings", [])
            bad += any(f["severity"] == "error" for f in fs)
            for f in fs:
                by[(f["check"], f["severity"])] += 1
                if f["severity"] == "error" and name in LISTED:
                    listed.append((doc, f))
        sev = ("error", "warning", "info")
        rows.append([name, "(all)", n, bad, f"{100.0 * bad / n:.1f}%" if n else "-",
                     *[sum(v for (_, s), v in by.items() if s == x) for x in sev]])
        for c in sorted({c for c, _ in by}, key=lambda c: (-sum(by[(c, x)] for x in sev), c)):
            rows.append(["", c, "", "", "", *[by[(c, x)] for x in sev]])

    print(table(rows))
    for note in notes:
        print("note:", note)
    if errors:
        print(f"note: {len(errors)} input errors reported by creditline (documents still scanned)")

    print(f"\nContaminated values ({len(dirty)}):")
    for _, line in dirty:
        print("  " + line)

    verdicts = collections.Counter()
    print(f"\nError-level findings on real pages and wire items ({len(listed)}), "
          "with their judgement (eval/judgements.tsv):")
    for doc, f in listed:
        v, why = judged.get((doc, f["check"]), ("UNJUDGED", ""))
        verdicts[v] += 1
        msg = f["message"].replace("\n", " ")
        print(f"  {doc}:{f.get('line') or 0}: [{f['check']}] {msg}")
        print(f"      -> {v}{': ' + why if why else ''}")
    print("  verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())) if verdicts else "  none")
    stale = len(set(judged) - {(doc, f["check"]) for doc, f in listed})
    if stale:
        print(f"  {stale} judgements match no error-level finding any more (eval/judgements.tsv)")

    if args.verbose:
        print(f"\nMissing and extra labelled credits ({len(misses)}):")
        for m in misses:
            print("  " + m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
