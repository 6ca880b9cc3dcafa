/* suppress.c - inline suppressions and the finding filter the report
 * post-passes share.
 *
 *     <!-- creditline-ignore[missing-copyright]: licensed by the agency -->
 *     # creditline-ignore[duplicate-credit, incomplete-copyright]: reason
 *     creditline-ignore-file[*]: generated file
 *
 * A directive is honoured inside an HTML/Markdown comment, or on a line of
 * its own (optionally after a comment leader: # // -- ; %).  The plain form
 * covers the next line that is not blank and holds no other directive; the
 * -file form the whole document.  [*] names every check. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void cl_docres_retain(cl_docres *d, int (*keep)(cl_finding *f, void *ud),
                      void *ud) {
  size_t out = 0;
  for (size_t i = 0; i < d->nfindings; i++)
    if (keep(&d->findings[i], ud))
      d->findings[out++] = d->findings[i];
  d->nfindings = out;
  d->pub.findings = d->findings;
  d->pub.finding_count = d->nfindings;
}

#define DIRECTIVE CL_SUPPRESS_DIRECTIVE
#define DIRECTIVE_LEN (sizeof DIRECTIVE - 1)
#define MAX_IDS 16

typedef struct {
  char ids[MAX_IDS][64];
  size_t nids;      /* 0 with all = 1 for [*] */
  int all;
  int whole_file;
  unsigned target;  /* line covered; 0 while pending */
  unsigned line, col; /* where the directive stands */
  int used;         /* it covered a finding */
} suppression;

typedef struct {
  suppression *v;
  size_t n, cap;
} supp_list;

static suppression *supp_push(supp_list *l) {
  if (l->n == l->cap) {
    size_t ncap = l->cap ? l->cap * 2 : 8;
    suppression *nv = realloc(l->v, ncap * sizeof *nv);
    if (!nv)
      return NULL;
    l->v = nv;
    l->cap = ncap;
  }
  memset(&l->v[l->n], 0, sizeof *l->v);
  return &l->v[l->n++];
}

/* Every markup document is searched whole for a directive: memchr on a
 * byte prose rarely holds ('-' in "creditline-ignore", "-->") runs at SIMD
 * speed and a compare confirms. */
static const char *find_in(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle);
  const char *dash = strchr(needle, '-');
  size_t at = dash ? (size_t)(dash - needle) : 0;
  if (k == 0 || n < k)
    return NULL;
  /* P + AT runs over the bytes where the anchor byte may stand. */
  for (const char *p = s, *last = s + n - k; p <= last; p++) {
    p = memchr(p + at, needle[at], (size_t)(last - p) + 1);
    if (!p)
      return NULL;
    p -= at;
    if (memcmp(p, needle, k) == 0)
      return p;
  }
  return NULL;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Parses the directive at P (line ends at END): fills S and the reason
 * span.  Returns 1 if it is a well-formed directive. */
static int parse_directive(const char *p, const char *end, suppression *s,
                           const char **reason, size_t *reason_len) {
  p += DIRECTIVE_LEN;
  if (end - p >= 5 && memcmp(p, "-file", 5) == 0) {
    s->whole_file = 1;
    p += 5;
  }
  if (p >= end || *p != '[')
    return 0;
  p++;
  const char *close = memchr(p, ']', (size_t)(end - p));
  if (!close)
    return 0;
  while (p < close) {
    while (p < close && (is_space(*p) || *p == ','))
      p++;
    const char *q = p;
    while (q < close && !is_space(*q) && *q != ',')
      q++;
    size_t n = (size_t)(q - p);
    if (n == 1 && *p == '*')
      s->all = 1;
    else if (n && n < sizeof s->ids[0] && s->nids < MAX_IDS) {
      memcpy(s->ids[s->nids], p, n);
      s->ids[s->nids][n] = '\0';
      s->nids++;
    }
    p = q;
  }
  if (!s->all && s->nids == 0)
    return 0;
  p = close + 1;
  *reason = NULL;
  *reason_len = 0;
  if (p < end && *p == ':') {
    p++;
    const char *stop = find_in(p, (size_t)(end - p), "-->");
    const char *e = stop ? stop : end;
    while (p < e && is_space(*p))
      p++;
    while (e > p && is_space(e[-1]))
      e--;
    *reason = p;
    *reason_len = (size_t)(e - p);
  }
  return 1;
}

/* A plain-text directive must be alone on its line, after an optional
 * comment leader. */
static int alone_on_line(const char *line, const char *at) {
  const char *p = line;
  while (p < at && is_space(*p))
    p++;
  static const char *const leaders[] = {"//", "--", "#", ";", "%"};
  for (size_t i = 0; i < sizeof leaders / sizeof *leaders; i++) {
    size_t k = strlen(leaders[i]);
    if ((size_t)(at - p) >= k && memcmp(p, leaders[i], k) == 0) {
      p += k;
      break;
    }
  }
  while (p < at && is_space(*p))
    p++;
  return p == at;
}


/* A finding about directive S (check ID, with OPT's severity); EVIDENCE
 * keeps its fingerprint.  0, or -1 on ENOMEM. */
static int add_supp_finding(cl_docres *d, const cl_options *opt,
                            const char *id, const suppression *s,
                            const char *evidence, const char *fmt,
                            const char *a1, const char *a2) {
  int idx = cl_check_index(id);
  if (idx < 0)
    return 0; /* the catalogue lacks the check: nothing to report with */
  cl_severity sev = cl_check_at((size_t)idx)->severity;
  size_t nover = sizeof opt->severity_override / sizeof *opt->severity_override;
  if (opt && (size_t)idx < nover && opt->severity_overridden[idx])
    sev = opt->severity_override[idx];
  if (sev == CL_SEV_OFF)
    return 0;
  cl_finding *f =
      cl_docres_add_finding(d, id, s->line, s->col, NULL, evidence, fmt, a1, a2);
  if (!f)
    return -1;
  f->severity = sev;
  return 0;
}

static const char *directive_name(const suppression *s) {
  return s->whole_file ? DIRECTIVE "-file" : DIRECTIVE;
}

/* What the directive is told apart by in fingerprints: its ids. */
static void ids_text(const suppression *s, char *out, size_t size) {
  size_t n = (size_t)snprintf(out, size, "%s", s->all ? "*" : "");
  for (size_t i = 0; i < s->nids && n < size; i++)
    n += (size_t)snprintf(out + n, size - n, "%s%s", n ? ", " : "", s->ids[i]);
}

/* After the suppressions applied: an id no check has, and a directive
 * that covered nothing, are findings of their own. */
static int report_unknown_unused(cl_docres *d, const cl_options *opt,
                                 const supp_list *l, int *added) {
  for (size_t i = 0; i < l->n; i++) {
    const suppression *s = &l->v[i];
    char ids[MAX_IDS * 66 + 2];
    ids_text(s, ids, sizeof ids);
    int unknown = 0;
    for (size_t k = 0; k < s->nids; k++) {
      if (cl_check_find(s->ids[k]))
        continue;
      unknown = 1;
      if (add_supp_finding(d, opt, "suppression-unknown-check", s, s->ids[k],
                           "%s names \"%s\", which is no check "
                           "('creditline explain' lists them)",
                           directive_name(s), s->ids[k]) < 0)
        return -1;
      *added = 1;
    }
    if (!unknown && !s->used) {
      if (add_supp_finding(d, opt, "unused-suppression", s, ids,
                           "%s[%s] covers no finding; remove it",
                           directive_name(s), ids) < 0)
        return -1;
      *added = 1;
    }
  }
  return 0;
}

static int supp_covers(const suppression *s, const cl_finding *f) {
  int named = s->all;
  for (size_t i = 0; i < s->nids && !named; i++)
    named = strcmp(s->ids[i], f->check) == 0;
  if (!named)
    return 0;
  if (s->whole_file)
    return 1;
  if (!s->target)
    return 0;
  if (f->line == s->target)
    return 1;
  for (size_t i = 0; i < f->ref_count; i++)
    if (f->ref_lines[i] == s->target)
      return 1;
  return 0;
}

static int supp_keep(cl_finding *f, void *ud) {
  supp_list *l = ud;
  /* A directive's own problems are not silenced by directives. */
  if (strcmp(f->check, "suppression-without-reason") == 0)
    return 1;
  int keep = 1;
  for (size_t i = 0; i < l->n; i++)
    if (supp_covers(&l->v[i], f)) {
      l->v[i].used = 1; /* every directive covering it was needed */
      keep = 0;
    }
  return keep;
}

int cl_suppress_apply(cl_docres *d, const char *src, size_t len,
                      const cl_options *opt) {
  supp_list l = {NULL, 0, 0};
  int rc = -1, in_comment = 0;
  size_t pending = 0; /* suppressions of l waiting for their line */
  int added = 0;
  if (!src || !find_in(src, len, DIRECTIVE))
    return 0;
  unsigned lineno = 0;
  for (const char *line = src; line < src + len;) {
    const char *nl = memchr(line, '\n', (size_t)(src + len - line));
    const char *end = nl ? nl : src + len;
    lineno++;
    int directives = 0, content = 0;
    for (const char *p = line; p < end; p++) {
      if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
        in_comment = 1;
        p += 3;
      } else if (in_comment && end - p >= 3 && memcmp(p, "-->", 3) == 0) {
        in_comment = 0;
        p += 2;
      } else if (!in_comment && !is_space(*p) &&
                 !((size_t)(end - p) >= DIRECTIVE_LEN &&
                   memcmp(p, DIRECTIVE, DIRECTIVE_LEN) == 0)) {
        content = 1;
      } else if ((size_t)(end - p) >= DIRECTIVE_LEN &&
                 memcmp(p, DIRECTIVE, DIRECTIVE_LEN) == 0) {
        if (!in_comment && !alone_on_line(line, p))
          continue;
        suppression s;
        memset(&s, 0, sizeof s);
        const char *reason;
        size_t reason_len;
        if (!parse_directive(p, end, &s, &reason, &reason_len))
          continue;
        directives++;
        s.line = lineno;
        s.col = (unsigned)cl_utf8_chars(line, (size_t)(p - line)) + 1;
        if (!reason_len) {
          char evidence[32];
          snprintf(evidence, sizeof evidence, "%u", lineno);
          if (add_supp_finding(d, opt, "suppression-without-reason", &s,
                               evidence,
                               "%s gives no reason; write %s[check]: why the "
                               "finding does not apply",
                               directive_name(&s), directive_name(&s)) < 0)
            goto cleanup;
          added = 1;
        }
        suppression *slot = supp_push(&l);
        if (!slot)
          goto cleanup;
        *slot = s;
        if (!s.whole_file)
          pending++;
        p += DIRECTIVE_LEN - 1;
      }
    }
    /* The next line with something outside comments takes the pending
     * suppressions: blank, comment and directive lines are passed over. */
    if (pending && !directives && content) {
      for (size_t i = l.n; i-- > 0 && pending;)
        if (!l.v[i].whole_file && !l.v[i].target) {
          l.v[i].target = lineno;
          pending--;
        }
    }
    line = nl ? nl + 1 : src + len;
  }
  cl_docres_retain(d, supp_keep, &l);
  if (report_unknown_unused(d, opt, &l, &added) < 0)
    goto cleanup;
  if (added && d->nfindings > 1)
    qsort(d->findings, d->nfindings, sizeof *d->findings, cl_finding_cmp);
  d->pub.findings = d->findings;
  rc = 0;
cleanup:
  free(l.v);
  return rc;
}
