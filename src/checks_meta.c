/* checks_meta.c - the checks that compare what a document states in
 * metadata (meta tags, JSON-LD, NITF/NewsML-G2 rights fields, ninjs, front
 * matter) with the credits visible in its text.  Each finding names both
 * sides and both places; the metadata place is also a reference.
 *
 * Visible article credits are those of body scope: a site footer's notice
 * (chrome) is the site's and is not the article's notice.  Names are
 * compared after cl_name_normalise, ignoring a leading "the", and a short
 * name matches a longer one it is a whole-word part of ("Reuters" /
 * "Thomson Reuters") or the initials of ("AP" / "Associated Press"). */
#include "fmt.h"
#include "policy.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
  cl_docres *d;
  cl_buf a, b;
  /* Per metadata credit: 1 once a mismatch has been reported for it. */
  unsigned char *reported;
  /* Whose policy's party aliases count as one name (may be NULL). */
  const cl_rules *policy;
} meta_ctx;

/* The comparison key of a name: normalised, an alias replaced by its
 * party's canonical name (policy.c), so "Zenger News.com" in metadata
 * and "Zenger News" in the text are the same holder. */
static int name_key(meta_ctx *cx, const char *name, cl_buf *out) {
  return cl_policy_name_key(cx->policy, name, out);
}

/* ------------------------------------------------------------ names */

static const char *skip_the(const char *s) {
  return strncmp(s, "the ", 4) == 0 ? s + 4 : s;
}

/* 1 if WORD (N bytes) occurs in S as whole words. */
static int has_words(const char *s, const char *word, size_t n) {
  for (const char *p = s; (p = strstr(p, word)) != NULL; p++) {
    int start = p == s || p[-1] == ' ';
    int end = p[n] == '\0' || p[n] == ' ';
    if (start && end)
      return 1;
  }
  return 0;
}

/* "ap" against "associated press": the initials of the significant words. */
static int is_initials_of(const char *shortn, const char *longn) {
  size_t n = strlen(shortn), k = 0;
  if (n < 2 || strchr(shortn, ' '))
    return 0;
  for (const char *p = longn; *p;) {
    while (*p == ' ')
      p++;
    const char *w = p;
    while (*p && *p != ' ')
      p++;
    size_t wl = (size_t)(p - w);
    if (wl == 0 || (wl == 3 && strncmp(w, "and", 3) == 0) ||
        (wl == 2 && strncmp(w, "of", 2) == 0))
      continue;
    if (k >= n || shortn[k] != w[0])
      return 0;
    k++;
  }
  return k == n;
}

/* Holder or party names X and Y name the same party.  1 / 0 / -1. */
static int names_match(meta_ctx *cx, const char *x, const char *y) {
  if (!x || !y)
    return 0;
  if (name_key(cx, x, &cx->a) < 0 || name_key(cx, y, &cx->b) < 0)
    return -1;
  const char *a = skip_the(cx->a.ptr), *b = skip_the(cx->b.ptr);
  if (!*a || !*b)
    return 0;
  if (strcmp(a, b) == 0)
    return 1;
  size_t la = strlen(a), lb = strlen(b);
  if (la < lb ? has_words(b, a, la) : has_words(a, b, lb))
    return 1;
  return is_initials_of(a, b) || is_initials_of(b, a);
}

#define MAX_TOKENS 12

/* Splits a person's name into lower-case tokens, surname last: "Egleston,
 * Nathaniel Hillyer" and "N.H. Egleston" both end with "egleston". */
static size_t person_tokens(const char *name, char *store, size_t cap,
                            const char **tok) {
  size_t nt = 0, o = 0;
  const char *comma = strchr(name, ',');
  const char *parts[2][2] = {{name, name + strlen(name)}, {NULL, NULL}};
  if (comma) { /* "Last, First": the given names first */
    parts[0][0] = comma + 1;
    parts[0][1] = name + strlen(name);
    parts[1][0] = name;
    parts[1][1] = comma;
  }
  for (int pi = 0; pi < 2 && parts[pi][0]; pi++) {
    const char *p = parts[pi][0], *e = parts[pi][1];
    while (p < e) {
      while (p < e && (*p == ' ' || *p == '.' || *p == ',' || *p == '-'))
        p++;
      const char *w = p;
      while (p < e && *p != ' ' && *p != '.' && *p != ',' && *p != '-')
        p++;
      size_t wl = (size_t)(p - w);
      if (wl == 0 || nt == MAX_TOKENS || o + wl + 1 > cap)
        continue;
      if ((wl == 2 && strncasecmp(w, "jr", 2) == 0) ||
          (wl == 2 && strncasecmp(w, "sr", 2) == 0))
        continue;
      tok[nt++] = store + o;
      for (size_t i = 0; i < wl; i++) {
        char c = w[i];
        store[o++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
      }
      store[o++] = '\0';
    }
  }
  return nt;
}

/* One given name against another: equal, or one is the other's initial. */
static int given_match(const char *x, const char *y) {
  if (strcmp(x, y) == 0)
    return 1;
  if (strlen(x) == 1 && x[0] == y[0])
    return 1;
  return strlen(y) == 1 && y[0] == x[0];
}

int cl_person_names_match(const char *x, const char *y) {
  char sx[256], sy[256];
  const char *tx[MAX_TOKENS], *ty[MAX_TOKENS];
  size_t nx = person_tokens(x, sx, sizeof sx, tx);
  size_t ny = person_tokens(y, sy, sizeof sy, ty);
  if (nx == 0 || ny == 0 || strcmp(tx[nx - 1], ty[ny - 1]) != 0)
    return 0;
  size_t k = nx < ny ? nx - 1 : ny - 1;
  for (size_t i = 0; i < k; i++)
    if (!given_match(tx[i], ty[i]))
      return 0;
  return 1;
}

/* ---------------------------------------------------------- helpers */

static const char *field(const cl_credit *c, const char *name) {
  for (size_t i = 0; i < c->field_count; i++)
    if (strcmp(c->fields[i].name, name) == 0)
      return c->fields[i].value;
  return NULL;
}

/* A metadata credit that states a credit line (not a publisher). */
static int is_meta_creditline(const cl_credit *m) {
  const char *role = field(m, "role");
  return m->kind == CL_KIND_SOURCE && role &&
         (strcmp(role, "credit") == 0 || strcmp(role, "dateline") == 0);
}

/* An earlier metadata credit of the same kind names the same value:
 * JSON-LD and a meta tag often repeat each other. */
static int meta_repeat(meta_ctx *cx, size_t i) {
  const cl_credit *m = &cx->d->meta[i];
  for (size_t j = 0; j < i; j++) {
    const cl_credit *o = &cx->d->meta[j];
    if (o->kind != m->kind || !o->value || !m->value)
      continue;
    if (name_key(cx, o->value, &cx->a) < 0 || name_key(cx, m->value, &cx->b) < 0)
      return -1;
    if (strcmp(cx->a.ptr, cx->b.ptr) == 0)
      return 1;
  }
  return 0;
}

static int years_overlap(const cl_credit *x, const cl_credit *y) {
  for (size_t i = 0; i < x->year_count; i++)
    for (size_t j = 0; j < y->year_count; j++)
      if (x->years[i] == y->years[j])
        return 1;
  return 0;
}

/* Evidence for the fingerprint: both names normalised, no positions. */
static char *evidence(meta_ctx *cx, const char *x, const char *y) {
  if (name_key(cx, x, &cx->a) < 0 || name_key(cx, y ? y : "", &cx->b) < 0)
    return NULL;
  return cl_arena_printf(&cx->d->arena, "%s|%s", cx->a.ptr, cx->b.ptr);
}

static int add(meta_ctx *cx, const char *check, const cl_credit *at,
               const cl_credit *m, const cl_credit *v, const char *fix,
               const char *ev, const char *msg) {
  cl_finding *f = cl_docres_add_finding(cx->d, check, at->line, at->column,
                                        fix, ev, "%s", msg);
  if (!f || cl_finding_add_ref(cx->d, f, m->line, m->column) < 0 ||
      (v && cl_finding_add_ref(cx->d, f, v->line, v->column) < 0))
    return -1;
  return 0;
}

/* The first visible body credit of one of KINDS matching M's value, or
 * NULL; *FIRST gets the first such credit at all.  -1 in *ERR on ENOMEM. */
static const cl_credit *visible_match(meta_ctx *cx, const cl_credit *m,
                                      const cl_kind *kinds, size_t nkinds,
                                      int person, const cl_credit **first,
                                      int *err) {
  *first = NULL;
  *err = 0;
  for (size_t i = 0; i < cx->d->ncredits; i++) {
    const cl_credit *c = &cx->d->credits[i];
    int kind_ok = 0;
    for (size_t k = 0; k < nkinds; k++)
      kind_ok |= c->kind == kinds[k];
    if (!kind_ok || c->scope != CL_SCOPE_BODY || !c->value)
      continue;
    if (!*first)
      *first = c;
    int r = person ? cl_person_names_match(m->value, c->value)
                   : names_match(cx, m->value, c->value);
    if (r < 0) {
      *err = -1;
      return NULL;
    }
    if (r)
      return c;
  }
  return NULL;
}

/* ----------------------------------------------------------- checks */

static int check_holder_and_year(meta_ctx *cx) {
  static const cl_kind kinds[] = {CL_KIND_COPYRIGHT};
  for (size_t i = 0; i < cx->d->nmeta; i++) {
    const cl_credit *m = &cx->d->meta[i];
    if (m->kind != CL_KIND_COPYRIGHT || !m->value)
      continue;
    int rep = meta_repeat(cx, i), err;
    if (rep < 0)
      return -1;
    const cl_credit *first, *v = visible_match(cx, m, kinds, 1, 0, &first, &err);
    if (err < 0)
      return -1;
    if (!first || rep)
      continue;
    if (!v) {
      cx->reported[i] = 1;
      char *ev = evidence(cx, m->value, first->value);
      char *msg = cl_arena_printf(
          &cx->d->arena,
          "metadata names copyright holder \"%s\" (%s, %u:%u) but the "
          "visible notice names \"%s\" (%u:%u)",
          m->value, m->rule, m->line, m->column, first->value, first->line,
          first->column);
      if (!ev || !msg ||
          add(cx, "metadata-holder-mismatch", first, m, first, NULL, ev, msg) < 0)
        return -1;
      continue;
    }
    if (m->year_count && v->year_count && !years_overlap(m, v)) {
      char *ev = cl_arena_printf(&cx->d->arena, "%s|%s|%s", m->value,
                                 m->years_text ? m->years_text : "",
                                 v->years_text ? v->years_text : "");
      char *msg = cl_arena_printf(
          &cx->d->arena,
          "metadata gives copyright year %s for \"%s\" (%s, %u:%u) but the "
          "visible notice gives %s (%u:%u)",
          m->years_text ? m->years_text : "?", m->value, m->rule, m->line,
          m->column, v->years_text ? v->years_text : "?", v->line, v->column);
      if (!ev || !msg ||
          add(cx, "metadata-year-mismatch", v, m, v, NULL, ev, msg) < 0)
        return -1;
    }
  }
  return 0;
}

/* A metadata credit that has no counterpart among the visible credits of
 * KINDS, when the text has some: one spec per check. */
typedef struct {
  const char *check;
  int (*wanted)(const cl_credit *m);
  cl_kind kinds[2];
  size_t nkinds;
  int person;
  const char *what; /* "credits" / "names author" */
} mismatch_spec;

static int is_meta_author(const cl_credit *m) { return m->kind == CL_KIND_AUTHOR; }

static const mismatch_spec credit_spec = {
    "metadata-credit-mismatch", is_meta_creditline,
    {CL_KIND_SYNDICATION, CL_KIND_SOURCE}, 2, 0, "credits"};
static const mismatch_spec author_spec = {
    "metadata-author-mismatch", is_meta_author, {CL_KIND_AUTHOR}, 1, 1,
    "names author"};

static int check_mismatch(meta_ctx *cx, const mismatch_spec *sp) {
  for (size_t i = 0; i < cx->d->nmeta; i++) {
    const cl_credit *m = &cx->d->meta[i];
    if (!sp->wanted(m) || !m->value)
      continue;
    int rep = meta_repeat(cx, i), err;
    if (rep < 0)
      return -1;
    const cl_credit *first,
        *v = visible_match(cx, m, sp->kinds, sp->nkinds, sp->person, &first, &err);
    if (err < 0)
      return -1;
    if (!first || v || rep)
      continue;
    cx->reported[i] = 1;
    char *ev = evidence(cx, m->value, first->value);
    char *msg = cl_arena_printf(
        &cx->d->arena,
        "metadata %s \"%s\" (%s, %u:%u) but the visible %s credit names "
        "\"%s\" (%u:%u)",
        sp->what, m->value, m->rule, m->line, m->column,
        cl_kind_name(first->kind), first->value, first->line, first->column);
    if (!ev || !msg || add(cx, sp->check, first, m, first, NULL, ev, msg) < 0)
      return -1;
  }
  return 0;
}

/* A holder or credit line of the metadata that no visible credit (of any
 * kind or scope) names. */
static int check_missing_visible(meta_ctx *cx) {
  for (size_t i = 0; i < cx->d->nmeta; i++) {
    const cl_credit *m = &cx->d->meta[i];
    if (cx->reported[i] || !m->value ||
        !(m->kind == CL_KIND_COPYRIGHT || is_meta_creditline(m)))
      continue;
    int rep = meta_repeat(cx, i);
    if (rep < 0)
      return -1;
    if (rep)
      continue;
    int found = 0;
    for (size_t j = 0; j < cx->d->ncredits && !found; j++) {
      int r = names_match(cx, m->value, cx->d->credits[j].value);
      if (r < 0)
        return -1;
      found = r;
    }
    if (found)
      continue;
    int copyright = m->kind == CL_KIND_COPYRIGHT;
    char *fix = copyright
                    ? cl_arena_printf(&cx->d->arena,
                                      "\xC2\xA9 %s %s. All rights reserved.",
                                      m->years_text ? m->years_text : "<year>",
                                      m->value)
                    : cl_arena_printf(&cx->d->arena, "Credit: %s", m->value);
    char *ev = evidence(cx, m->value, m->rule);
    char *msg = cl_arena_printf(
        &cx->d->arena,
        "metadata names %s \"%s\" (%s, %u:%u) but the visible text never "
        "credits it",
        copyright ? "copyright holder" : "credit", m->value, m->rule, m->line,
        m->column);
    if (!fix || !ev || !msg ||
        add(cx, "missing-visible-credit", m, m, NULL, fix, ev, msg) < 0)
      return -1;
  }
  return 0;
}

int cl_checks_meta_run(cl_docres *d, const cl_rules *policy) {
  meta_ctx cx = {d, CL_BUF_INIT, CL_BUF_INIT, NULL, policy};
  int rc = -1;
  if (d->nmeta == 0)
    return 0;
  cx.reported = calloc(d->nmeta, 1);
  if (!cx.reported)
    goto cleanup;
  if (check_holder_and_year(&cx) < 0 || check_mismatch(&cx, &credit_spec) < 0 ||
      check_mismatch(&cx, &author_spec) < 0 || check_missing_visible(&cx) < 0)
    goto cleanup;
  rc = 0;
cleanup:
  free(cx.reported);
  cl_buf_free(&cx.a);
  cl_buf_free(&cx.b);
  return rc;
}
