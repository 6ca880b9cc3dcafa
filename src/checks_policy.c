/* checks_policy.c - the licensing policy applied to one document: which
 * agreements cover it (scope), whether they license the partner, whether
 * the document's date falls in their window, whether the credit lines they
 * require are there and worded as required, and whether the copyright
 * holder is one they allow.  Run from cl_checks_run; docs/policy.md. */
#include "policy.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

typedef struct {
  cl_docres *d;
  const cl_rules *rules;
  const cl_policy *p;
  cl_date_range date;    /* the document's date */
  const char *date_from; /* where it comes from, for messages */
  cl_buf a, b, line, fill;
} pol_ctx;

/* ----------------------------------------------------------- helpers */

/* "2024-03-05", "2024-03" or "2024": the date R stands for. */
static void date_text(const cl_date_range *r, char *out, size_t n) {
  int y = (int)(r->lo / 10000 % 10000), m = (int)(r->lo / 100 % 100);
  int day = (int)(r->lo % 100);
  if (r->lo == r->hi)
    snprintf(out, n, "%04d-%02d-%02d", y, m, day);
  else if (r->lo / 100 == r->hi / 100)
    snprintf(out, n, "%04d-%02d", y, m);
  else
    snprintf(out, n, "%04d", y);
}

static const char *field_of(const cl_credit *c, const char *name) {
  for (size_t i = 0; i < c->field_count; i++)
    if (c->fields[i].name && strcmp(c->fields[i].name, name) == 0)
      return c->fields[i].value;
  return NULL;
}

/* "June 3", "Nov. 29, 2023": month and day, and the year if given (else
 * 0).  0 if it is not such a date. */
static int dateline_parse(const char *s, int *year, int *month, int *day) {
  static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
  *month = 0;
  for (int m = 0; m < 12; m++)
    if (strncasecmp(s, months[m], 3) == 0)
      *month = m + 1;
  if (!*month)
    return 0;
  while (*s && !(*s >= '0' && *s <= '9'))
    s++;
  char *end;
  long d = strtol(s, &end, 10);
  if (end == s || d < 1 || d > 31)
    return 0;
  *day = (int)d;
  *year = 0;
  while (*end == ',' || *end == ' ')
    end++;
  if (*end >= '0' && *end <= '9') {
    long y = strtol(end, NULL, 10);
    if (y >= 1900 && y < 2200)
      *year = (int)y;
  }
  return 1;
}

/* The date of the first dateline with one: a full date when it names the
 * year, else month and day in YEAR (the notice's), else nothing. */
static int dateline_date(const cl_docres *d, int year, cl_date_range *out) {
  for (size_t i = 0; i < d->ncredits; i++) {
    const cl_credit *c = &d->credits[i];
    const char *v = c->kind == CL_KIND_SOURCE ? field_of(c, "date") : NULL;
    int y, m, dd;
    if (!v || !dateline_parse(v, &y, &m, &dd))
      continue;
    if (!y)
      y = year;
    if (!y)
      continue;
    out->lo = out->hi = y * 10000L + m * 100L + dd;
    return 1;
  }
  return 0;
}

/* The document's date: a metadata date, else a dateline's date, else the
 * latest year of its copyright notices, else the as-of date, else today
 * (UTC). */
static void doc_date(pol_ctx *cx, const cl_options *opt) {
  static const char *const names[] = {"date.release", "first_created", "date",
                                      "version_created"};
  const cl_docres *d = cx->d;
  for (size_t k = 0; k < sizeof names / sizeof *names; k++)
    for (size_t i = 0; i < d->ndates; i++)
      if (strcmp(d->dates[i].name, names[k]) == 0 &&
          cl_date_parse(d->dates[i].value, &cx->date) == 0) {
        cx->date_from = "metadata date";
        return;
      }
  int year = 0;
  for (size_t i = 0; i < d->ncredits; i++) {
    const cl_credit *c = &d->credits[i];
    if (c->kind == CL_KIND_COPYRIGHT && c->scope == CL_SCOPE_BODY)
      for (size_t j = 0; j < c->year_count; j++)
        year = c->years[j] > year ? c->years[j] : year;
  }
  if (dateline_date(d, year, &cx->date)) {
    cx->date_from = "dateline";
    return;
  }
  if (year > 0 && year < 10000) {
    cx->date.lo = year * 10000L + 101;
    cx->date.hi = year * 10000L + 1231;
    cx->date_from = "year of its copyright notice";
    return;
  }
  if (opt->as_of && cl_date_parse(opt->as_of, &cx->date) == 0) {
    cx->date_from = "no date in the document; as-of date";
    return;
  }
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  cx->date.lo = cx->date.hi =
      (tm.tm_year + 1900) * 10000L + (tm.tm_mon + 1) * 100L + tm.tm_mday;
  cx->date_from = "no date in the document; today";
}

/* Glob G against path S: `*` and `?` within a folder, `**` across. */
static int glob_match(const char *g, const char *s) {
  for (;;) {
    if (g[0] == '*' && g[1] == '*') {
      g += 2;
      if (*g == '/') { /* "**<slash>": zero or more folders */
        if (glob_match(g + 1, s))
          return 1;
        for (const char *t = s; *t; t++)
          if (*t == '/' && glob_match(g + 1, t + 1))
            return 1;
        return 0;
      }
      for (const char *t = s;; t++) {
        if (glob_match(g, t))
          return 1;
        if (!*t)
          return 0;
      }
    }
    if (*g == '*') {
      g++;
      for (const char *t = s;; t++) {
        if (glob_match(g, t))
          return 1;
        if (!*t || *t == '/')
          return 0;
      }
    }
    if (!*g || !*s)
      return !*g && !*s;
    if ((*g == '?' && *s == '/') || (*g != '?' && *g != *s))
      return 0;
    g++;
    s++;
  }
}

/* A glob matches the path or any tail of it that starts a folder, so
 * "feeds/x/" + "**" matches /srv/site/feeds/x/a.txt and a.zip!/feeds/x/b. */
static int path_in_scope(const cl_agreement *a, const char *path) {
  for (size_t i = 0; i < a->npaths; i++) {
    const char *g = a->paths[i][0] == '/' ? a->paths[i] + 1 : a->paths[i];
    for (const char *s = path; s; s = strchr(s, '/')) {
      if (*s == '/')
        s++;
      if (glob_match(g, s))
        return 1;
    }
  }
  return 0;
}

unsigned cl_policy_requirements(const cl_rules *rules, const char *path,
                                const char *by[CL_REQ__COUNT]) {
  const cl_policy *p = rules ? rules->policy : NULL;
  unsigned bits = 0;
  for (size_t i = 0; p && path && i < p->nrequires; i++) {
    const cl_policy_require *q = &p->requires[i];
    cl_agreement scope = {0};
    char *globs[1] = {q->glob};
    scope.paths = globs;
    scope.npaths = 1;
    if (!path_in_scope(&scope, path))
      continue;
    bits |= q->bits;
    for (int r = 0; r < CL_REQ__COUNT; r++)
      if (q->bits & (1u << r))
        by[r] = q->by;
  }
  return bits;
}

/* A credit naming a party: a syndication credit of the article, or a
 * metadata syndication credit or credit line / provider. */
static int names_party(const cl_credit *c) {
  if (!c->value)
    return 0;
  if (c->scope == CL_SCOPE_BODY)
    return c->kind == CL_KIND_SYNDICATION;
  if (c->scope != CL_SCOPE_METADATA)
    return 0;
  const char *role = field_of(c, "role");
  return c->kind == CL_KIND_SYNDICATION ||
         (c->kind == CL_KIND_SOURCE && role && strcmp(role, "credit") == 0);
}

/* The first credit naming the party of key KEY, or NULL.  -1 ENOMEM via
 * *ERR. */
static const cl_credit *party_credit(pol_ctx *cx, const char *key, int *err) {
  for (int meta = 0; meta < 2; meta++) {
    const cl_credit *v = meta ? cx->d->meta : cx->d->credits;
    size_t n = meta ? cx->d->nmeta : cx->d->ncredits;
    for (size_t i = 0; i < n; i++) {
      if (!names_party(&v[i]))
        continue;
      if (cl_policy_name_key(cx->rules, v[i].value, &cx->a) < 0) {
        *err = -1;
        return NULL;
      }
      if (strcmp(cx->a.ptr, key) == 0)
        return &v[i];
    }
  }
  return NULL;
}

static int add(pol_ctx *cx, const char *check, const cl_credit *at,
               const char *fix, const char *evidence, const char *msg) {
  cl_finding *f = cl_docres_add_finding(cx->d, check, at ? at->line : 0,
                                        at ? at->column : 0, fix, evidence,
                                        "%s", msg);
  if (!f)
    return -1;
  if (at && cl_finding_add_ref(cx->d, f, at->line, at->column) < 0)
    return -1;
  return 0;
}

/* 1 if HOLDER is one agreement A allows (or A allows any), 0, -1. */
static int holder_allowed(pol_ctx *cx, const cl_agreement *a,
                          const char *holder) {
  if (a->nholders == 0)
    return 1;
  if (cl_policy_name_key(cx->rules, holder, &cx->a) < 0)
    return -1;
  for (size_t i = 0; i < a->nholders; i++) {
    if (cl_policy_name_key(cx->rules, a->holders[i], &cx->b) < 0)
      return -1;
    if (strcmp(cx->a.ptr, cx->b.ptr) == 0)
      return 1;
  }
  return 0;
}

/* The value {holder} stands for: the document's allowed holder as it
 * writes it, else the first allowed holder, else the partner. */
static const char *holder_fill(pol_ctx *cx, const cl_agreement *a) {
  for (size_t i = 0; i < cx->d->ncredits; i++) {
    const cl_credit *c = &cx->d->credits[i];
    if (c->kind == CL_KIND_COPYRIGHT && c->scope == CL_SCOPE_BODY &&
        c->value && holder_allowed(cx, a, c->value) == 1)
      return c->value;
  }
  return a->nholders ? a->holders[0] : cx->p->parties[a->party].name;
}

static const cl_credit *first_body(const cl_docres *d, cl_kind kind) {
  for (size_t i = 0; i < d->ncredits; i++)
    if (d->credits[i].kind == kind && d->credits[i].scope == CL_SCOPE_BODY &&
        d->credits[i].value)
      return &d->credits[i];
  return NULL;
}

/* Fills template T of agreement A into cx->fill.  0 / -1. */
static int fill_template(pol_ctx *cx, const cl_agreement *a, const char *t) {
  cl_buf_clear(&cx->fill);
  if (cl_buf_puts(&cx->fill, "") < 0)
    return -1;
  for (const char *p = t; *p;) {
    const char *e = *p == '{' ? strchr(p, '}') : NULL;
    if (!e) {
      if (cl_buf_putc(&cx->fill, *p++) < 0)
        return -1;
      continue;
    }
    size_t n = (size_t)(e - p - 1);
    const char *v = NULL;
    char year[24];
    if (n == 7 && memcmp(p + 1, "partner", 7) == 0) {
      v = cx->p->parties[a->party].name;
    } else if (n == 6 && memcmp(p + 1, "holder", 6) == 0) {
      v = holder_fill(cx, a);
    } else if (n == 4 && memcmp(p + 1, "year", 4) == 0) {
      snprintf(year, sizeof year, "%ld", cx->date.lo / 10000);
      v = year;
    } else if (n == 6 && memcmp(p + 1, "editor", 6) == 0) {
      const cl_credit *ed = first_body(cx->d, CL_KIND_EDITOR);
      v = ed ? ed->value : "<editor>";
    }
    if (v) {
      /* "{holder}." after a holder ending in "Inc." keeps one period. */
      size_t vn = strlen(v);
      if (vn && v[vn - 1] == '.' && e[1] == '.')
        vn--;
      if (cl_buf_put(&cx->fill, v, vn) < 0)
        return -1;
    } else if (cl_buf_put(&cx->fill, p, n + 2) < 0) {
      return -1;
    }
    p = e + 1;
  }
  return 0;
}

/* -------------------------------------------------------- the checks */

static int check_window(pol_ctx *cx, const cl_agreement *a,
                        const cl_credit *at) {
  const char *check, *verb, *bound, *side;
  char when[48];
  if (a->has_until && cx->date.lo > a->until.hi) {
    check = "license-expired";
    verb = "ended on";
    bound = a->until_text;
    side = "until";
  } else if (a->has_from && cx->date.hi < a->from.lo) {
    check = "license-not-yet-valid";
    verb = "starts on";
    bound = a->from_text;
    side = "from";
  } else {
    return 0;
  }
  date_text(&cx->date, when, sizeof when);
  char *msg = cl_arena_printf(&cx->d->arena,
                              "agreement %s with \"%s\" %s %s, but the "
                              "document is dated %s (%s)",
                              a->id, cx->p->parties[a->party].name, verb,
                              bound, when, cx->date_from);
  char *ev = cl_arena_printf(&cx->d->arena, "%s|%s|%s", a->id, side, bound);
  return msg && ev ? add(cx, check, at, NULL, ev, msg) : -1;
}

/* Words a rule leaves out of a credit it finds mid-line ("This article
 * was produced in ..." gives "produced in ..."). */
static int lead_in_only(const char *s, size_t n) {
  static const char *const words[] = {
      "this", "the", "a", "version", "of", "article", "story", "content",
      "report", "piece", "post", "column", "feature", "was", "is", "has",
      "been", "first", NULL};
  for (size_t i = 0; i < n;) {
    while (i < n && s[i] == ' ')
      i++;
    size_t j = i;
    while (j < n && s[j] != ' ')
      j++;
    if (j == i)
      break;
    int known = 0;
    for (const char *const *w = words; *w && !known; w++)
      known = strlen(*w) == j - i && memcmp(*w, s + i, j - i) == 0;
    if (!known)
      return 0;
    i = j;
  }
  return 1;
}

/* Required line T: there as worded, there but worded otherwise, or
 * missing. */
static int check_required(pol_ctx *cx, const cl_agreement *a,
                          const cl_template *t) {
  if (fill_template(cx, a, t->text) < 0 ||
      cl_policy_line_key(cx->rules, cx->fill.ptr, &cx->line) < 0)
    return -1;
  const cl_credit *near = NULL;
  for (size_t i = 0; i < cx->d->ncredits; i++) {
    const cl_credit *c = &cx->d->credits[i];
    if (c->kind != t->kind || c->scope != CL_SCOPE_BODY || !c->text)
      continue;
    if (cl_policy_line_key(cx->rules, c->text, &cx->a) < 0)
      return -1;
    /* The credit holds the line, or the line is the credit with a lead-in
     * ("This article was ...") the rule does not take into the credit. */
    const char *r = cx->line.ptr;
    size_t rn = cx->line.len, cn = cx->a.len;
    if (strstr(cx->a.ptr, r) ||
        (cn > 2 && rn >= cn && memcmp(r + rn - cn, cx->a.ptr, cn) == 0 &&
         lead_in_only(r, rn - cn)))
      return 0;
    if (!near && c->value) {
      if (cl_policy_line_key(cx->rules, c->value, &cx->b) < 0)
        return -1;
      if (cx->b.len > 2 && strstr(r, cx->b.ptr))
        near = c;
    }
  }
  char *fix = cl_arena_strdup(&cx->d->arena, cx->fill.ptr);
  char *evidence = cl_arena_printf(&cx->d->arena, "%s|%s", a->id, cx->line.ptr);
  if (!fix || !evidence)
    return -1;
  char *msg = near ? cl_arena_printf(&cx->d->arena,
                                     "credit \"%s\" is not worded as agreement "
                                     "%s requires: \"%s\"",
                                     near->text, a->id, fix)
                   : cl_arena_printf(&cx->d->arena,
                                     "agreement %s requires the line \"%s\"",
                                     a->id, fix);
  if (!msg)
    return -1;
  cx->d->policy_kinds |= 1u << t->kind;
  return add(cx, near ? "credit-wording-mismatch" : "missing-required-credit",
             near, fix, evidence, msg);
}

static int check_holders(pol_ctx *cx, const cl_agreement *a) {
  if (a->nholders == 0)
    return 0;
  for (size_t i = 0; i < cx->d->ncredits; i++) {
    const cl_credit *c = &cx->d->credits[i];
    if (c->kind != CL_KIND_COPYRIGHT || c->scope != CL_SCOPE_BODY || !c->value)
      continue;
    int ok = holder_allowed(cx, a, c->value);
    if (ok < 0)
      return -1;
    if (ok)
      continue;
    cl_buf_clear(&cx->b);
    for (size_t h = 0; h < a->nholders; h++)
      if (cl_buf_printf(&cx->b, "%s\"%s\"", h ? ", " : "", a->holders[h]) < 0)
        return -1;
    char *msg = cl_arena_printf(&cx->d->arena,
                                "copyright holder \"%s\" is not allowed by "
                                "agreement %s (allowed: %s)",
                                c->value, a->id, cx->b.ptr);
    char *evidence = cl_arena_printf(&cx->d->arena, "%s|%s", a->id, cx->a.ptr);
    if (!msg || !evidence || add(cx, "holder-not-allowed", c, NULL, evidence,
                                 msg) < 0)
      return -1;
  }
  return 0;
}

static int check_agreement(pol_ctx *cx, const cl_agreement *a) {
  if (a->party < 0)
    return 0; /* not compiled: its problem was reported */
  const cl_party *q = &cx->p->parties[a->party];
  int err = 0;
  const cl_credit *at = party_credit(cx, q->key, &err);
  if (err)
    return -1;
  if (!(a->scope_default || (a->scope_credited && at) ||
        path_in_scope(a, cx->d->pub.path)))
    return 0;
  if (!a->licensed) {
    char *msg = cl_arena_printf(&cx->d->arena,
                                "\"%s\" is not licensed: agreement %s marks it "
                                "not licensed",
                                q->name, a->id);
    return msg ? add(cx, "unlicensed-partner", at, NULL, q->key, msg) : -1;
  }
  if (check_window(cx, a, at) < 0)
    return -1;
  for (size_t i = 0; i < a->nrequires; i++)
    if (check_required(cx, a, &a->requires[i]) < 0)
      return -1;
  if (a->editor_required && !first_body(cx->d, CL_KIND_EDITOR)) {
    char *msg = cl_arena_printf(&cx->d->arena,
                                "agreement %s requires an editor credit", a->id);
    char *evidence = cl_arena_printf(&cx->d->arena, "%s|editor", a->id);
    cx->d->policy_kinds |= 1u << CL_KIND_EDITOR;
    if (!msg || !evidence ||
        add(cx, "missing-required-credit", NULL, "Edited by <editor>",
            evidence, msg) < 0)
      return -1;
  }
  return check_holders(cx, a);
}

/* Parties credited without an agreement: declared parties always, others
 * when the policy says `unknown-partners: report`.  Once per party. */
static int check_unlisted(pol_ctx *cx) {
  for (int meta = 0; meta < 2; meta++) {
    const cl_credit *v = meta ? cx->d->meta : cx->d->credits;
    size_t n = meta ? cx->d->nmeta : cx->d->ncredits;
    for (size_t i = 0; i < n; i++) {
      if (!names_party(&v[i]))
        continue;
      if (cl_policy_name_key(cx->rules, v[i].value, &cx->line) < 0)
        return -1;
      if (cx->line.len == 0)
        continue;
      const cl_party *q = cl_policy_party(cx->p, cx->line.ptr);
      int covered = 0;
      for (size_t k = 0; k < cx->p->nagreements && !covered; k++)
        covered = q && cx->p->agreements[k].party == (int)(q - cx->p->parties);
      if (covered || (!q && !cx->p->unknown_report))
        continue;
      int err = 0;
      if (party_credit(cx, cx->line.ptr, &err) != &v[i]) {
        if (err)
          return -1;
        continue; /* reported at its first credit */
      }
      char *msg = cl_arena_printf(&cx->d->arena,
                                  "\"%s\" is credited but no agreement with "
                                  "it exists",
                                  q ? q->name : v[i].value);
      if (!msg || add(cx, "unlicensed-partner", &v[i], NULL, cx->line.ptr,
                      msg) < 0)
        return -1;
    }
  }
  return 0;
}

/* Severities set in the policy; OFF findings are dropped later by
 * cl_checks_run unless the options set them back. */
static void apply_policy_severities(pol_ctx *cx) {
  for (size_t i = 0; i < cx->d->nfindings; i++) {
    cl_finding *f = &cx->d->findings[i];
    for (size_t k = 0; k < cx->p->nsev; k++)
      if (strcmp(cx->p->sev_ids[k], f->check) == 0)
        f->severity = cx->p->sev_values[k];
  }
}

int cl_policy_checks_run(cl_docres *d, const cl_options *opt) {
  pol_ctx cx;
  int rc = -1;
  memset(&cx, 0, sizeof cx);
  if (!opt || !opt->policy || !opt->policy->policy)
    return 0;
  cx.d = d;
  cx.rules = opt->policy;
  cx.p = opt->policy->policy;
  doc_date(&cx, opt);
  for (size_t i = 0; i < cx.p->nagreements; i++)
    if (check_agreement(&cx, &cx.p->agreements[i]) < 0)
      goto cleanup;
  if (check_unlisted(&cx) < 0)
    goto cleanup;
  apply_policy_severities(&cx);
  rc = 0;
cleanup:
  cl_buf_free(&cx.a);
  cl_buf_free(&cx.b);
  cl_buf_free(&cx.line);
  cl_buf_free(&cx.fill);
  return rc;
}
