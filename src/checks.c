/* checks.c - the check catalogue and the checks that turn one document's
 * credits into findings: what is missing, what conflicts, what repeats.
 *
 * A check is one row of `checks` below (its catalogue entry and the
 * function that runs it); a new check is a new function and a new row.
 * The foundation checks look at the article only: credits of body scope.
 * Page chrome (a site footer's notice) is the site's, not the article's,
 * and metadata credits are compared by checks of their own. */
#include "internal.h"
#include "fmt.h" /* cl_checks_meta_run */
#include "policy.h" /* cl_policy_checks_run, aliases */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* A credit's key for grouping equal credits by sorting: a check compares
 * each credit with the first equal one, not with every earlier one, so a
 * document of n credits costs O(n log n), not O(n^2) (issue 14). */
typedef struct {
  unsigned tag, line, column;
  const char *k1, *k2; /* NULL sorts first */
  size_t idx;          /* the credit; ties keep document order */
} group_key;

/* State shared by the checks of one run: scratch buffers for names. */
typedef struct {
  cl_docres *d;
  cl_buf a, b;
  const cl_rules *policy; /* aliases of its parties count as one name */
  unsigned char *first_at; /* per credit: first of its kind at its position */
  group_key *key;          /* per credit: its key in the current check */
  group_key *sorted;       /* the keys of the current check, sorted */
  size_t *group;           /* per credit: first credit with an equal key */
  cl_arena scratch;        /* key strings, freed after the run */
  int now_year;           /* the year of --as-of, else of today */
  unsigned req;           /* requirements in force: 1u << cl_requirement */
  const char *by[CL_REQ__COUNT]; /* who asked for each */
} check_ctx;

typedef int (*check_fn)(check_ctx *cx);

/* ---------------------------------------------------------- helpers */

static int opt_strcmp(const char *a, const char *b) {
  if (!a || !b)
    return (a != NULL) - (b != NULL);
  return strcmp(a, b);
}

/* Order of keys, the credit aside. */
static int key_cmp(const group_key *a, const group_key *b) {
  if (a->tag != b->tag)
    return a->tag < b->tag ? -1 : 1;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  int c = opt_strcmp(a->k1, b->k1);
  return c ? c : opt_strcmp(a->k2, b->k2);
}

static int group_key_cmp(const void *pa, const void *pb) {
  const group_key *a = pa, *b = pb;
  int c = key_cmp(a, b);
  if (c)
    return c;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Records K as credit K.idx's key, the N-th of the current check. */
static void add_key(check_ctx *cx, size_t n, group_key k) {
  cx->key[k.idx] = k;
  cx->sorted[n] = k;
}

/* Sorts the N keys of the current check and sets group[idx] to the first
 * credit (in document order) whose key equals idx's. */
static void group_keys(check_ctx *cx, size_t n) {
  if (n > 1)
    qsort(cx->sorted, n, sizeof *cx->sorted, group_key_cmp);
  for (size_t i = 0; i < n; i++) {
    size_t idx = cx->sorted[i].idx;
    cx->group[idx] = i && key_cmp(&cx->sorted[i - 1], &cx->sorted[i]) == 0
                         ? cx->group[cx->sorted[i - 1].idx]
                         : idx;
  }
}

/* The first credit of a match stands for it: a person list split into
 * several credits at one position is one credit line. */
static void mark_first_at_position(check_ctx *cx) {
  cl_docres *d = cx->d;
  for (size_t j = 0; j < d->ncredits; j++) {
    const cl_credit *c = &d->credits[j];
    add_key(cx, j, (group_key){(unsigned)c->kind, c->line, c->column, NULL,
                               NULL, j});
  }
  group_keys(cx, d->ncredits);
  for (size_t j = 0; j < d->ncredits; j++)
    cx->first_at[j] = cx->group[j] == j;
}

/* Credit J is a body credit of KIND, first at its position. */
static int is_body(const check_ctx *cx, size_t j, cl_kind kind) {
  const cl_credit *c = &cx->d->credits[j];
  return c->kind == kind && c->scope == CL_SCOPE_BODY && cx->first_at[j];
}

/* Whether the body holds two credits of KIND (with a value, if
 * NEED_VALUE) or more: one alone conflicts with nothing, and its name
 * key (the policy's folding) is not worth building. */
static int two_in_body(const check_ctx *cx, cl_kind kind, int need_value) {
  size_t n = 0;
  for (size_t j = 0; j < cx->d->ncredits && n < 2; j++)
    n += is_body(cx, j, kind) && (!need_value || cx->d->credits[j].value);
  return n >= 2;
}

/* First body syndication credit, preferring one that names its party. */
static const cl_credit *first_syndication(const cl_docres *d) {
  const cl_credit *any = NULL;
  for (size_t i = 0; i < d->ncredits; i++) {
    const cl_credit *c = &d->credits[i];
    if (c->kind != CL_KIND_SYNDICATION || c->scope != CL_SCOPE_BODY)
      continue;
    if (c->value)
      return c;
    if (!any)
      any = c;
  }
  return any;
}

static int years_equal(const cl_credit *a, const cl_credit *b) {
  return a->year_count == b->year_count &&
         (a->year_count == 0 ||
          memcmp(a->years, b->years, a->year_count * sizeof *a->years) == 0);
}

/* "2019,2020,2023": a year set as evidence, independent of how it was
 * written.  In the arena; NULL on ENOMEM. */
static char *years_key(cl_arena *arena, const cl_credit *c) {
  cl_buf b = CL_BUF_INIT;
  char *out = NULL;
  if (cl_buf_puts(&b, "") < 0)
    goto cleanup;
  for (size_t i = 0; i < c->year_count; i++)
    if (cl_buf_printf(&b, "%s%d", i ? "," : "", c->years[i]) < 0)
      goto cleanup;
  out = cl_arena_strdup(arena, b.ptr);
cleanup:
  cl_buf_free(&b);
  return out;
}

/* "x|y" with the two sides in byte order, so the evidence (and the
 * fingerprint) does not depend on which credit came first. */
static char *pair_key(cl_docres *d, const char *prefix, const char *x,
                      const char *y) {
  if (strcmp(x, y) > 0) {
    const char *t = x;
    x = y;
    y = t;
  }
  return cl_arena_printf(&d->arena, "%s%s|%s", prefix, x, y);
}

char *cl_notice_fix(cl_arena *a, const char *years, const char *holder) {
  size_t n = strlen(holder);
  return cl_arena_printf(a, "\xC2\xA9 %s %s%s All rights reserved.", years,
                         holder, n && holder[n - 1] == '.' ? "" : ".");
}

/* Adds a finding at credit AT with references to FIRST (may be NULL) and
 * AT.  Returns 0 / -1 ENOMEM. */
#define ADD_AT(cx, check, first, at, fix, evidence, ...)                       \
  add_refs(cx, cl_docres_add_finding((cx)->d, check, (at)->line,              \
                                     (at)->column, fix, evidence,             \
                                     __VA_ARGS__),                            \
           first, at)

static int add_refs(check_ctx *cx, cl_finding *f, const cl_credit *first,
                    const cl_credit *at) {
  if (!f)
    return -1;
  if (first && cl_finding_add_ref(cx->d, f, first->line, first->column) < 0)
    return -1;
  if (at && cl_finding_add_ref(cx->d, f, at->line, at->column) < 0)
    return -1;
  return 0;
}

/* ----------------------------------------------------------- checks */

/* ---------------------------------------------------------- coverage
 *
 * What covers a document (docs/checks.md): a notice in the article, in
 * metadata (rights fields, JSON-LD of the main article, front matter), or
 * in the page chrome when the article is the site's own.  Third-party
 * content (a syndication credit, a wire dateline) is covered by a notice
 * of its own or in metadata, never by the site's footer. */

/* A syndication credit, or a wire dateline ("GENEVA (Reuters) -"): the
 * article comes from someone else. */
static const cl_credit *third_party_credit(const cl_docres *d) {
  const cl_credit *s = first_syndication(d);
  if (s)
    return s;
  for (size_t i = 0; i < d->ncredits; i++) {
    const cl_credit *c = &d->credits[i];
    if (c->kind == CL_KIND_SOURCE && c->scope == CL_SCOPE_BODY && c->value &&
        c->rule && strstr(c->rule, "dateline"))
      return c;
  }
  return NULL;
}

static const cl_credit *first_of(const cl_credit *v, size_t n, cl_kind kind,
                                 cl_scope scope) {
  for (size_t i = 0; i < n; i++)
    if (v[i].kind == kind && v[i].scope == scope)
      return &v[i];
  return NULL;
}

/* The rights statement of the metadata: a notice or holder, or usage
 * terms (NewsML-G2 usageTerms, ninjs usageterms), which state the rights
 * of a wire item as a notice does. */
static const cl_credit *meta_copyright(const cl_docres *d) {
  const cl_credit *terms = NULL;
  for (size_t i = 0; i < d->nmeta; i++) {
    const cl_credit *m = &d->meta[i];
    if (m->kind == CL_KIND_COPYRIGHT && (m->value || m->text))
      return m;
    if (!terms && m->kind == CL_KIND_LICENSE && m->rule &&
        (strstr(m->rule, "usageTerms") || strstr(m->rule, "usageterms")))
      terms = m;
  }
  return terms;
}

/* The notice that covers D, or NULL; only one in the article itself when
 * ARTICLE_ONLY (the requirement article-notice).  The page chrome covers
 * the site's own articles, and third-party content (THIRD) only when the
 * chrome's notice is its source's own.  *ERR -1 on ENOMEM. */
static const cl_credit *covering_notice(check_ctx *cx, const cl_credit *third,
                                        int article_only, int *err) {
  const cl_docres *d = cx->d;
  const cl_credit *c = first_of(d->credits, d->ncredits, CL_KIND_COPYRIGHT,
                                CL_SCOPE_BODY);
  *err = 0;
  if (article_only || c)
    return c;
  if ((c = meta_copyright(d)))
    return c;
  for (size_t i = 0; i < d->ncredits; i++) {
    const cl_credit *f = &d->credits[i];
    if (f->kind != CL_KIND_COPYRIGHT || f->scope != CL_SCOPE_CHROME)
      continue;
    if (!third)
      return f;
    int same = third->value && f->value
                   ? cl_orgs_match(cx->policy, third->value, f->value, &cx->a,
                                   &cx->b)
                   : 0;
    if (same < 0)
      *err = -1;
    if (same)
      return f;
  }
  return NULL;
}

/* Licensed content (Creative Commons...): its notice carries no "All
 * rights reserved". */
static const cl_credit *license_credit(const cl_docres *d) {
  return first_of(d->credits, d->ncredits, CL_KIND_LICENSE, CL_SCOPE_BODY);
}

/* The year a fix should name: the document's own date where it states
 * one, else "<year>".  In the arena; NULL on ENOMEM. */
static char *doc_year(cl_docres *d) {
  for (size_t i = 0; i < d->ndates; i++) {
    const char *v = d->dates[i].value;
    if (v && strlen(v) >= 4 && v[0] >= '1' && v[0] <= '2' &&
        v[1] >= '0' && v[1] <= '9' && v[2] >= '0' && v[2] <= '9' &&
        v[3] >= '0' && v[3] <= '9' && (v[4] < '0' || v[4] > '9'))
      return cl_arena_strndup(&d->arena, v, 4);
  }
  return cl_arena_strdup(&d->arena, "<year>");
}

/* A party's name as the policy spells it (its canonical name), else as
 * written. */
static const char *canonical(check_ctx *cx, const char *name) {
  if (!cx->policy || !cx->policy->policy || !name)
    return name;
  if (cl_policy_name_key(cx->policy, name, &cx->a) < 0)
    return name;
  const cl_party *p = cl_policy_party(cx->policy->policy, cx->a.ptr);
  return p ? p->name : name;
}

/* Adds requirement R's finding: the message says which requirement asked
 * for it and who switched it on. */
static int add_required(check_ctx *cx, cl_requirement r, const char *check,
                        const cl_credit *at, const cl_credit *ref,
                        const char *fix, const char *evidence,
                        const char *msg) {
  cl_docres *d = cx->d;
  cl_finding *f = cl_docres_add_finding(
      d, check, at ? at->line : 0, at ? at->column : 0, fix, evidence,
      "%s [requirement %s, switched on by %s]", msg, cl_requirement_name(r),
      cx->by[r] ? cx->by[r] : "the options");
  return add_refs(cx, f, ref, at);
}

/* --------------------------------------------------- requirement checks */

/* copyright-notice: a notice covers the document.  Third-party content
 * gets one finding naming its source (syndicated-without-copyright), the
 * site's own content missing-copyright; never both. */
static int check_missing_copyright(check_ctx *cx) {
  cl_docres *d = cx->d;
  const unsigned want = (1u << CL_REQ_COPYRIGHT) | (1u << CL_REQ_ARTICLE);
  if (!(cx->req & want) || (d->pub.bytes == 0 && d->ncredits == 0))
    return 0;
  const cl_credit *third = third_party_credit(d);
  /* The requirement that is not met names the finding: copyright-notice
   * when nothing covers the document, else article-notice. */
  cl_requirement r = CL_REQ_COPYRIGHT;
  int err = 0;
  if (!(cx->req & (1u << CL_REQ_COPYRIGHT)) ||
      covering_notice(cx, third, 0, &err)) {
    if (!(cx->req & (1u << CL_REQ_ARTICLE)) ||
        covering_notice(cx, third, 1, &err))
      return err;
    r = CL_REQ_ARTICLE;
  }
  if (err)
    return -1;
  const cl_credit *chrome = first_of(d->credits, d->ncredits,
                                     CL_KIND_COPYRIGHT, CL_SCOPE_CHROME);
  const cl_credit *lic = license_credit(d);
  char *year = doc_year(d);
  if (!year)
    return -1;
  /* The holder the fix names: the party the article comes from, else
   * the holder the metadata or the page already states. */
  const cl_credit *meta = meta_copyright(d);
  const char *holder = third && third->value   ? canonical(cx, third->value)
                       : meta && meta->kind == CL_KIND_COPYRIGHT && meta->value
                           ? meta->value
                       : chrome && chrome->value ? chrome->value
                                               : "<holder>";
  char *fix = lic ? cl_arena_printf(&d->arena, "\xC2\xA9 %s %s.", year, holder)
                  : cl_notice_fix(&d->arena, year, holder);
  if (!fix)
    return -1;
  if (third) {
    if (third->value && cl_name_normalise(third->value, &cx->a) < 0)
      return -1;
    char *msg = third->value
        ? cl_arena_printf(&d->arena,
                          "the article comes from \"%s\" but no copyright "
                          "notice covers it%s",
                          third->value,
                          chrome ? "; the site's notice in the page chrome "
                                   "does not cover another party's article"
                                 : "")
        : cl_arena_printf(&d->arena,
                          "the article carries a syndication credit (%u:%u) "
                          "but no copyright notice covers it",
                          third->line, third->column);
    return msg ? add_required(cx, r, "syndicated-without-copyright", third,
                              chrome, fix, third->value ? cx->a.ptr : "", msg)
               : -1;
  }
  return add_required(cx, r, "missing-copyright", NULL,
                      r == CL_REQ_ARTICLE ? chrome : NULL, fix, NULL,
                      r == CL_REQ_ARTICLE
                          ? "no copyright notice in the article itself"
                          : "no copyright notice in the article, its "
                            "metadata or the page");
}

/* partner-credit: third-party content names where it comes from in a
 * syndication credit (a dateline or a notice alone does not say under
 * which arrangement it is published). */
static int check_missing_partner_credit(check_ctx *cx) {
  cl_docres *d = cx->d;
  if (!(cx->req & (1u << CL_REQ_PARTNER)) || first_syndication(d) ||
      (d->pub.bytes == 0 && d->ncredits == 0))
    return 0;
  const cl_credit *from = third_party_credit(d);
  const char *partner = from && from->value ? canonical(cx, from->value)
                                            : "<partner>";
  char *fix = cl_arena_printf(&d->arena, "Produced in association with %s",
                              partner);
  if (!fix || cl_name_normalise(partner, &cx->b) < 0)
    return -1;
  return add_required(cx, CL_REQ_PARTNER, "missing-partner-credit", NULL,
                      from, fix, cx->b.ptr,
                      "no syndication credit names the partner the article "
                      "comes from");
}

/* editor-credit: an editor credit in the article. */
static int check_missing_editor_credit(check_ctx *cx) {
  cl_docres *d = cx->d;
  if (!(cx->req & (1u << CL_REQ_EDITOR)) ||
      first_of(d->credits, d->ncredits, CL_KIND_EDITOR, CL_SCOPE_BODY) ||
      (d->pub.bytes == 0 && d->ncredits == 0))
    return 0;
  return add_required(cx, CL_REQ_EDITOR, "missing-editor-credit", NULL, NULL,
                      "Edited by <editor>", "editor",
                      "no editor credit in the article");
}

/* ------------------------------------------------ malformed notices */

/* A template field left in place: "{{year}}", "{holder}", "[year]",
 * "%YEAR%", "<year>". */
static int is_placeholder(const char *s) {
  if (!s)
    return 0;
  size_t n = strlen(s);
  return n >= 2 && ((s[0] == '{' && s[n - 1] == '}') ||
                    (s[0] == '[' && s[n - 1] == ']') ||
                    (s[0] == '%' && s[n - 1] == '%') ||
                    (s[0] == '<' && s[n - 1] == '>') || s[0] == '$');
}

/* What is wrong on the face of notice C, or NULL: a placeholder or a zero
 * where the year or the holder belongs, a year after NOW. */
static const char *malformed_why(const cl_credit *c, int now, char *buf,
                                 size_t n) {
  if (c->years_text && c->year_count == 0 &&
      strpbrk(c->years_text, "123456789") == NULL)
    return strpbrk(c->years_text, "0") == c->years_text
               ? "a year of zero"
               : "a template placeholder for the year";
  if (is_placeholder(c->value))
    return "a template placeholder for the holder";
  for (size_t i = 0; i < c->year_count; i++)
    if (c->years[i] > now) {
      snprintf(buf, n, "the year %d, which is in the future", c->years[i]);
      return buf;
    }
  return NULL;
}

/* Notices the page shows, in the article or its chrome, whose year or
 * holder a template never filled in ("© {{year}} Acme", "© 0 Reuters")
 * or whose year is still to come.  The fix fills in the document's own
 * year where it states one. */
static int check_malformed_copyright(check_ctx *cx) {
  cl_docres *d = cx->d;
  char buf[80];
  for (size_t j = 0; j < d->ncredits; j++) {
    const cl_credit *c = &d->credits[j];
    if (c->kind != CL_KIND_COPYRIGHT || c->scope == CL_SCOPE_METADATA ||
        !cx->first_at[j])
      continue;
    const char *why = malformed_why(c, cx->now_year, buf, sizeof buf);
    if (!why)
      continue;
    int bad_holder = is_placeholder(c->value);
    const cl_credit *meta = meta_copyright(d);
    const char *holder =
        !bad_holder && c->value ? c->value
        : meta && meta->kind == CL_KIND_COPYRIGHT && meta->value ? meta->value
                                                                 : "<holder>";
    char *year = doc_year(d);
    if (!year)
      return -1;
    char *fix = license_credit(d)
                    ? cl_arena_printf(&d->arena, "\xC2\xA9 %s %s.", year, holder)
                    : cl_notice_fix(&d->arena, year, holder);
    if (cl_name_normalise(holder, &cx->a) < 0 || !fix)
      return -1;
    char *evidence = cl_arena_printf(&d->arena, "%s|%s", cx->a.ptr,
                                     c->years_text ? c->years_text : "");
    if (!evidence ||
        ADD_AT(cx, "malformed-copyright", NULL, c, fix, evidence,
               "copyright notice \"%s\" has %s", c->text, why) < 0)
      return -1;
  }
  return 0;
}

/* Reported once per notice: the same notice repeated ("copyright by dpa"
 * on every line of a wire header) is one thing to fix, and duplicate-credit
 * reports the repeats. */
static int check_incomplete_copyright(check_ctx *cx) {
  cl_docres *d = cx->d;
  char buf[80];
  /* A reservation alone ("Alle Rechte vorbehalten.", "Tous droits
   * réservés") on its own line reserves the rights of the notice the
   * document shows elsewhere: incomplete only if it shows none (a holder
   * in the metadata alone is no notice a reader sees). */
  int named = 0;
  for (size_t j = 0; j < d->ncredits && !named; j++)
    named = d->credits[j].kind == CL_KIND_COPYRIGHT && d->credits[j].value &&
            d->credits[j].scope != CL_SCOPE_METADATA;
  size_t n = 0;
  for (size_t j = 0; j < d->ncredits; j++) {
    if (!is_body(cx, j, CL_KIND_COPYRIGHT))
      continue;
    const cl_credit *c = &d->credits[j];
    if (malformed_why(c, cx->now_year, buf, sizeof buf))
      continue; /* malformed-copyright says what is wrong with it */
    int no_holder = c->value == NULL, no_year = c->year_count == 0;
    if ((!no_holder && !no_year) || (no_holder && no_year && named))
      continue;
    if (cl_name_normalise(c->value, &cx->a) < 0)
      return -1;
    char *evidence = cl_arena_printf(&d->arena, "%s|%s", cx->a.ptr,
                                     c->year_count ? c->years_text : "");
    if (!evidence)
      return -1;
    add_key(cx, n++, (group_key){0, 0, 0, evidence, NULL, j});
  }
  group_keys(cx, n);
  for (size_t i = 0; i < n; i++) {
    size_t j = cx->sorted[i].idx;
    if (cx->group[j] != j)
      continue;
    const cl_credit *c = &d->credits[j];
    int no_holder = c->value == NULL, no_year = c->year_count == 0;
    const char *years = c->year_count ? c->years_text : "<year>";
    const char *evidence = cx->key[j].k1;
    char *fix = cl_notice_fix(&d->arena, years, c->value ? c->value : "<holder>");
    if (!fix)
      return -1;
    int rc;
    if (no_holder && no_year)
      rc = ADD_AT(cx, "incomplete-copyright", NULL, c, fix, evidence,
                  "copyright notice has neither holder nor year");
    else if (no_holder)
      rc = ADD_AT(cx, "incomplete-copyright", NULL, c, fix, evidence,
                  "copyright notice has no holder");
    else
      rc = ADD_AT(cx, "incomplete-copyright", NULL, c, fix, evidence,
                  "copyright notice of \"%s\" has no year", c->value);
    if (rc < 0)
      return -1;
  }
  return 0;
}

/* How two notices disagree: 0 not at all, 1 holders, 2 years.  A part one
 * of them lacks cannot disagree (incomplete-copyright reports it). */
/* NAME is a known source of content: a news agency or publisher of the
 * agency table (rules/agencies.yaml) or a partner of the policy.  1/0/-1. */
static int is_content_source(check_ctx *cx, const char *name) {
  cl_buf tmp = CL_BUF_INIT;
  const char *known = cl_party_name(cx->policy, name, &tmp);
  int oom = !known && tmp.ptr == NULL && name && *name && cx->policy;
  cl_buf_free(&tmp);
  return oom ? 0 : known != NULL;
}

static int copyright_conflict(check_ctx *cx, const cl_credit *x,
                              const cl_credit *y) {
  if (x->value && y->value) {
    if (cl_policy_name_key(cx->policy, x->value, &cx->a) < 0 ||
        cl_policy_name_key(cx->policy, y->value, &cx->b) < 0)
      return -1;
    /* An agency's (or partner's) notice beside another holder's is the
     * notice of the material it supplied ("Associated Press articles:
     * Copyright ... The Associated Press") next to the site's own: two
     * scopes, no contradiction.  Two sources, or two unknown holders,
     * cannot both own the article. */
    if (strcmp(cx->a.ptr, cx->b.ptr) != 0)
      return is_content_source(cx, x->value) != is_content_source(cx, y->value)
                 ? 0
                 : 1;
  }
  if (x->year_count && y->year_count && !years_equal(x, y))
    return 2;
  return 0;
}

static int report_copyright_conflict(check_ctx *cx, int how,
                                     const cl_credit *x, const cl_credit *y) {
  cl_docres *d = cx->d;
  char *evidence;
  if (how == 1) {
    evidence = pair_key(d, "", cx->a.ptr, cx->b.ptr);
    if (!evidence)
      return -1;
    return ADD_AT(cx, "conflicting-copyright", x, y, NULL, evidence,
                  "copyright holders disagree: \"%s\" (%u:%u) and \"%s\" "
                  "(%u:%u)",
                  x->value, x->line, x->column, y->value, y->line, y->column);
  }
  char *kx = years_key(&d->arena, x), *ky = years_key(&d->arena, y);
  if (!kx || !ky ||
      cl_policy_name_key(cx->policy, x->value ? x->value : y->value,
                         &cx->a) < 0)
    return -1;
  char *prefix = cl_arena_printf(&d->arena, "%s|", cx->a.ptr);
  evidence = prefix ? pair_key(d, prefix, kx, ky) : NULL;
  if (!evidence)
    return -1;
  return ADD_AT(cx, "conflicting-copyright", x, y, NULL, evidence,
                "copyright years disagree: \"%s\" (%u:%u) and \"%s\" (%u:%u)",
                x->years_text, x->line, x->column, y->years_text, y->line,
                y->column);
}

/* The policy's name key of VALUE in the scratch arena (NULL for no
 * value); -1 on ENOMEM. */
static int scratch_name_key(check_ctx *cx, const char *value,
                            const char **out) {
  *out = NULL;
  if (!value)
    return 0;
  if (cl_policy_name_key(cx->policy, value, &cx->a) < 0)
    return -1;
  *out = cl_arena_strdup(&cx->scratch, cx->a.ptr);
  return *out ? 0 : -1;
}

/* The earlier credit that conflicts with a new notice is the first with a
 * holder of another name, or the first with other years: for each part,
 * the first credit having it and the first whose part differs from that
 * one's are enough to find it. */
typedef struct {
  const cl_credit *first, *other; /* NULL until seen */
  const char *first_key;
} first_two;

static void first_two_see(first_two *t, const cl_credit *c, const char *k) {
  if (!k)
    return;
  if (!t->first) {
    t->first = c;
    t->first_key = k;
  } else if (!t->other && strcmp(t->first_key, k) != 0) {
    t->other = c;
  }
}

/* The first seen credit whose part is not K (NULL: none, or K is NULL). */
static const cl_credit *first_two_unlike(const first_two *t, const char *k) {
  if (!k || !t->first)
    return NULL;
  return strcmp(t->first_key, k) != 0 ? t->first : t->other;
}

static int check_conflicting_copyright(check_ctx *cx) {
  cl_docres *d = cx->d;
  size_t n = 0;
  if (!two_in_body(cx, CL_KIND_COPYRIGHT, 0))
    return 0;
  for (size_t j = 0; j < d->ncredits; j++) {
    if (!is_body(cx, j, CL_KIND_COPYRIGHT))
      continue;
    const cl_credit *c = &d->credits[j];
    group_key k = {c->value != NULL, 0, 0, NULL, NULL, j};
    if (scratch_name_key(cx, c->value, &k.k1) < 0)
      return -1;
    if (c->year_count && !(k.k2 = years_key(&cx->scratch, c)))
      return -1;
    add_key(cx, n++, k);
  }
  group_keys(cx, n);
  first_two holders = {NULL, NULL, NULL}, years = {NULL, NULL, NULL};
  for (size_t j = 0; j < d->ncredits; j++) {
    if (!is_body(cx, j, CL_KIND_COPYRIGHT))
      continue;
    const cl_credit *y = &d->credits[j];
    const group_key *k = &cx->key[j];
    /* A notice is compared at its first appearance only: a repeat's
     * conflicts were reported there. */
    if (cx->group[j] == j) {
      const cl_credit *xh = first_two_unlike(&holders, k->k1),
                      *xy = first_two_unlike(&years, k->k2);
      const cl_credit *x = !xh ? xy : !xy || xh < xy ? xh : xy;
      int how = x ? copyright_conflict(cx, x, y) : 0;
      if (how < 0 || (how && report_copyright_conflict(cx, how, x, y) < 0))
        return -1;
    }
    first_two_see(&holders, y, k->k1);
    first_two_see(&years, y, k->k2);
  }
  return 0;
}

static int check_conflicting_syndication(check_ctx *cx) {
  cl_docres *d = cx->d;
  size_t n = 0;
  if (!two_in_body(cx, CL_KIND_SYNDICATION, 1))
    return 0;
  for (size_t j = 0; j < d->ncredits; j++) {
    const cl_credit *c = &d->credits[j];
    if (!is_body(cx, j, CL_KIND_SYNDICATION) || !c->value)
      continue;
    group_key k = {0, 0, 0, NULL, NULL, j};
    if (scratch_name_key(cx, c->value, &k.k1) < 0)
      return -1;
    add_key(cx, n++, k);
  }
  group_keys(cx, n);
  /* Every earlier party differs from a new one: the first stands for them. */
  const cl_credit *other = NULL;
  const char *other_key = NULL;
  for (size_t j = 0; j < d->ncredits; j++) {
    const cl_credit *y = &d->credits[j];
    if (!is_body(cx, j, CL_KIND_SYNDICATION) || !y->value)
      continue;
    if (!other) {
      other = y;
      other_key = cx->key[j].k1;
      continue;
    }
    if (cx->group[j] != j)
      continue;
    char *evidence = pair_key(d, "", other_key, cx->key[j].k1);
    if (!evidence ||
        ADD_AT(cx, "conflicting-syndication", other, y, NULL, evidence,
               "syndication partners disagree: \"%s\" (%u:%u) and \"%s\" "
               "(%u:%u)",
               other->value, other->line, other->column, y->value, y->line,
               y->column) < 0)
      return -1;
  }
  return 0;
}

/* Credit lines an article carries once: its notice, its partner line,
 * its editor line.  Bylines recur in teasers and related-article boxes,
 * sources in quotes ("told Reuters"), licences and image credits once per
 * photo: repeating those is no mistake. */
static int once_per_article(cl_kind k) {
  return k == CL_KIND_COPYRIGHT || k == CL_KIND_SYNDICATION ||
         k == CL_KIND_EDITOR;
}

static int cmp_unsigned(const void *a, const void *b) {
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return x < y ? -1 : x > y;
}

/* Lines of the wire datelines ("GENEVA (Reuters) -") of D, sorted: each
 * starts a story, so a roundup of wire items repeats each item's notice
 * after a new dateline.  Malloc'd (*N entries); NULL with *N 0 if none
 * or on ENOMEM (*OOM set). */
static unsigned *dateline_lines(const cl_docres *d, size_t *n, int *oom) {
  unsigned *v = NULL;
  *n = 0;
  for (size_t i = 0; i < d->ncredits; i++) {
    const cl_credit *c = &d->credits[i];
    if (c->kind != CL_KIND_SOURCE || c->scope != CL_SCOPE_BODY || !c->rule ||
        !strstr(c->rule, "dateline"))
      continue;
    if (!v && !(v = malloc(d->ncredits * sizeof *v))) {
      *oom = 1;
      return NULL;
    }
    v[(*n)++] = c->line;
  }
  if (*n > 1)
    qsort(v, *n, sizeof *v, cmp_unsigned);
  return v;
}

/* A dateline on a line after FROM up to TO (sorted LINES, N of them). */
static int dateline_between(const unsigned *lines, size_t n, unsigned from,
                            unsigned to) {
  size_t lo = 0, hi = n;
  while (lo < hi) { /* first line > FROM */
    size_t mid = lo + (hi - lo) / 2;
    if (lines[mid] <= from)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < n && lines[lo] <= to;
}

static int check_duplicate_credit(check_ctx *cx) {
  cl_docres *d = cx->d;
  size_t n = 0, ndl = 0;
  int oom = 0;
  unsigned *dl = dateline_lines(d, &ndl, &oom);
  if (oom)
    return -1;
  for (size_t j = 0; j < d->ncredits; j++) {
    const cl_credit *c = &d->credits[j];
    if (!is_body(cx, j, c->kind) || !c->text || !once_per_article(c->kind))
      continue;
    if (cl_name_normalise(c->text, &cx->b) < 0)
      return -1;
    group_key k = {(unsigned)c->kind, 0, 0, NULL, NULL, j};
    if (!(k.k1 = cl_arena_strdup(&cx->scratch, cx->b.ptr)))
      return -1;
    add_key(cx, n++, k);
  }
  group_keys(cx, n);
  /* One finding per repeated credit, at its first repeat: a header that
   * prints the notice four times is one thing to fix.  COPIES counts the
   * repeats per first credit; REPORTED marks the groups done. */
  size_t *copies = calloc(d->ncredits ? d->ncredits : 1, sizeof *copies);
  if (!copies) {
    free(dl);
    return -1;
  }
  for (size_t pass = 0; pass < 2; pass++) {
    for (size_t j = 0; j < d->ncredits; j++) {
      const cl_credit *y = &d->credits[j];
      if (!is_body(cx, j, y->kind) || !y->text || !once_per_article(y->kind) ||
          cx->group[j] == j)
        continue;
      size_t first = cx->group[j];
      const cl_credit *x = &d->credits[first];
      /* A later wire item of a roundup carries its own notice. */
      if (x->line < y->line && dateline_between(dl, ndl, x->line, y->line))
        continue;
      if (pass == 0) {
        copies[first]++;
        continue;
      }
      if (copies[first] == 0)
        continue; /* reported */
      size_t more = copies[first] - 1;
      copies[first] = 0;
      char *evidence = cl_arena_printf(&d->arena, "%s|%s",
                                       cl_kind_name(y->kind), cx->key[j].k1);
      int rc = !evidence ? -1
               : more ? ADD_AT(cx, "duplicate-credit", x, y, NULL, evidence,
                               "%s credit repeated: \"%s\" already at %u:%u "
                               "(and %zu more time%s)",
                               cl_kind_name(y->kind), y->text, x->line,
                               x->column, more, more == 1 ? "" : "s")
                      : ADD_AT(cx, "duplicate-credit", x, y, NULL, evidence,
                               "%s credit repeated: \"%s\" already at %u:%u",
                               cl_kind_name(y->kind), y->text, x->line,
                               x->column);
      if (rc < 0) {
        free(copies);
        free(dl);
        return -1;
      }
    }
  }
  free(copies);
  free(dl);
  return 0;
}

/* ---------------------------------------------- licensed content */

/* 1 when WORD (lower case) stands in S as a whole word, any case. */
static int has_word(const char *s, const char *word) {
  size_t n = strlen(word);
  for (const char *p = s; *p; p++) {
    if ((p > s && isalnum((unsigned char)p[-1])) ||
        strncasecmp(p, word, n) != 0 || isalnum((unsigned char)p[n]))
      continue;
    return 1;
  }
  return 0;
}

/* 1 when a licence asks to credit the author: the Creative Commons
 * licences with BY (all but CC0 and the public-domain mark). */
static int asks_attribution(const cl_credit *c) {
  const char *s = c->value ? c->value : c->text;
  if (!s || has_word(s, "cc0") || has_word(s, "zero") ||
      has_word(s, "domain"))
    return 0;
  return has_word(s, "attribution") || has_word(s, "by");
}

/* A credit that names who made or supplied the content: an author, a
 * source, a syndication party or a holder, anywhere in the document. */
static int names_creator(const cl_docres *d) {
  for (int meta = 0; meta < 2; meta++) {
    const cl_credit *v = meta ? d->meta : d->credits;
    size_t n = meta ? d->nmeta : d->ncredits;
    for (size_t i = 0; i < n; i++)
      if ((v[i].kind == CL_KIND_AUTHOR || v[i].kind == CL_KIND_SOURCE ||
           v[i].kind == CL_KIND_SYNDICATION ||
           v[i].kind == CL_KIND_COPYRIGHT) &&
          v[i].value && *v[i].value)
        return 1;
  }
  return 0;
}

/* Content published under a licence that asks for attribution (CC BY and
 * its kin, stated in the article, not a site footer's licence) must name
 * its author or source: the licence is granted on that condition. */
static int check_licensed_without_attribution(check_ctx *cx) {
  cl_docres *d = cx->d;
  const cl_credit *lic = license_credit(d);
  if (!lic || !asks_attribution(lic) || names_creator(d))
    return 0;
  const char *name = lic->value ? lic->value : "the licence";
  char *fix = cl_arena_printf(&d->arena,
                              "By <author> (<source>), licensed under %s.",
                              name);
  cl_finding *f = fix ? cl_docres_add_finding(
                            d, "licensed-without-attribution", lic->line,
                            lic->column, fix, name,
                            "published under %s, which asks to credit the "
                            "author, but no author or source is credited",
                            name)
                      : NULL;
  return add_refs(cx, f, lic, NULL);
}

/* ---------------------------------------------------------- catalogue */

/* REQ: the requirement (1u << cl_requirement) that switches the check on,
 * 0 for checks on by default. */
static const struct {
  cl_check_info info;
  check_fn run;
  unsigned req;
} checks[] = {
    {{"missing-copyright", CL_SEV_ERROR,
      "no copyright notice covers the document (requirement "
      "copyright-notice)",
      "Only when the requirement copyright-notice is switched on for the "
      "document (`require:` in .creditline).  The document has text or "
      "credits but no notice covers it: none in the article, none in its "
      "metadata (rights fields, JSON-LD, front matter) and none in the page "
      "chrome (a site footer covers the site's own articles).  The stricter "
      "requirement article-notice wants the notice in the article itself.  "
      "Third-party content is reported as syndicated-without-copyright "
      "instead.",
      "Add a notice to the article, naming the year of first publication "
      "and the owner, e.g.\n"
      "    \xC2\xA9 2024 Example Media Ltd. All rights reserved."},
     check_missing_copyright,
     (1u << CL_REQ_COPYRIGHT) | (1u << CL_REQ_ARTICLE)},
    {{"incomplete-copyright", CL_SEV_WARNING,
      "a copyright notice lacks its holder or its year",
      "A copyright notice names no holder (or only a disclaimer) or gives "
      "no year.  Such a notice does not say who to ask for permission or "
      "from when the work is protected.",
      "Complete the notice with the year and the holder, e.g.\n"
      "    \xC2\xA9 2024 Example Media Ltd. All rights reserved."},
     check_incomplete_copyright, 0},
    {{"licensed-without-attribution", CL_SEV_WARNING,
      "licensed content credits no author or source",
      "The article states a licence that asks for attribution (Creative "
      "Commons BY and its kin; not CC0 or the public-domain mark) but no "
      "credit anywhere in it, its metadata included, names an author, a "
      "source, a partner or a holder.  Republishing under such a licence "
      "is allowed on that condition.  A licence in the page chrome (a "
      "site's own footer) is the site's and is not checked.",
      "Credit the author and the source next to the licence, e.g.\n"
      "    By Ana Ruiz (Example Review), licensed under CC BY 4.0."},
     check_licensed_without_attribution, 0},
    {{"malformed-copyright", CL_SEV_ERROR,
      "a copyright notice with a placeholder, a zero year or a future year",
      "A notice on the page (in the article or its chrome) shows a "
      "template field that was never filled in (\"\xC2\xA9 {{year}} Acme\", "
      "\"Copyright [year] {holder}\"), a year of zero (\"\xC2\xA9 0 "
      "Reuters\"), or a year after both today and the document's own date.  "
      "Readers see it as it is: it is wrong on its face.",
      "Write the notice out, with the year of first publication (the fix "
      "takes the document's own date where it states one), e.g.\n"
      "    \xC2\xA9 2024 Example Media Ltd. All rights reserved."},
     check_malformed_copyright, 0},
    {{"conflicting-copyright", CL_SEV_ERROR,
      "copyright notices name different holders or years",
      "Two copyright notices of the article disagree: their holders differ "
      "once case, spacing and company suffixes (Inc., Ltd., ...) are set "
      "aside, or their years differ.  At most one of them can be right.",
      "Keep one notice, or make both say the same, e.g. change\n"
      "    \xC2\xA9 2023 Beta Ltd.\n"
      "to\n"
      "    \xC2\xA9 2019-2023 Acme Corp. All rights reserved."},
     check_conflicting_copyright, 0},
    {{"conflicting-syndication", CL_SEV_ERROR,
      "syndication credits name different parties",
      "The article credits more than one syndication party (\"Produced in "
      "association with ...\", \"Republished from ...\").  An article comes "
      "from one partner; two names usually mean a template was not updated.",
      "Keep the credit of the party the article came from, e.g.\n"
      "    This article was produced in association with Example News."},
     check_conflicting_syndication, 0},
    {{"duplicate-credit", CL_SEV_WARNING, "the same credit appears twice",
      "The same credit line (same kind, same text once case and spacing "
      "are set aside) occurs twice in the article, often from a template "
      "that adds a notice the author already wrote.  Only the lines an "
      "article carries once count: copyright notices, syndication and "
      "editor credits.  Bylines (teasers, related articles), sources "
      "(\"told Reuters\"), licences and image credits (one per photo) may "
      "recur, and a roundup of wire items repeats each item's notice after "
      "its own dateline.",
      "Remove the second occurrence and keep one line, e.g.\n"
      "    \xC2\xA9 2024 Example Media Ltd. All rights reserved."},
     check_duplicate_credit, 0},
    {{"syndicated-without-copyright", CL_SEV_ERROR,
      "third-party content has no copyright notice (requirement "
      "copyright-notice)",
      "Only when the requirement copyright-notice is switched on.  The "
      "article comes from another party (a syndication credit, a wire "
      "dateline) and neither the article nor its metadata carries a notice; "
      "the site's own footer does not cover another party's article.  "
      "Without the requirement the syndication credit is the attribution.",
      "Add the partner's notice next to the syndication credit, e.g.\n"
      "    \xC2\xA9 2024 Example News. All rights reserved."},
     NULL, (1u << CL_REQ_COPYRIGHT) | (1u << CL_REQ_ARTICLE)},
    {{"missing-partner-credit", CL_SEV_ERROR,
      "no syndication credit names the partner (requirement "
      "partner-credit)",
      "Only when the requirement partner-credit is switched on.  The "
      "article carries no syndication credit (\"Produced in association "
      "with ...\", \"Republished from ...\") saying whose content it is.",
      "Add the partner line, e.g.\n"
      "    Produced in association with Example News"},
     check_missing_partner_credit, 1u << CL_REQ_PARTNER},
    {{"missing-editor-credit", CL_SEV_ERROR,
      "the article has no editor credit (requirement editor-credit)",
      "Only when the requirement editor-credit is switched on.  The article "
      "names no editor (\"Edited by ...\").",
      "Add the editor line, e.g.\n    Edited by Lena Okafor"},
     check_missing_editor_credit, 1u << CL_REQ_EDITOR},
    /* Metadata against the visible text: run by cl_checks_meta_run
     * (checks_meta.c), hence no function here. */
    {{"metadata-holder-mismatch", CL_SEV_WARNING,
      "metadata names another copyright holder than the visible notice",
      "The copyright holder stated in machine-readable metadata (meta tags, "
      "JSON-LD, NITF or NewsML-G2 rights fields, ninjs, front matter) is not "
      "the holder of the article's visible notice, even allowing for case, "
      "company suffixes and short forms.  Feeds and search engines then "
      "credit someone else than readers see.",
      "Make both name the same holder, e.g. set copyrightHolder to the "
      "holder of the visible line\n"
      "    \xC2\xA9 2024 Example Media Ltd. All rights reserved."},
     NULL, 0},
    {{"metadata-year-mismatch", CL_SEV_WARNING,
      "metadata gives other copyright years than the visible notice",
      "The metadata and the visible notice name the same holder but share "
      "no copyright year.",
      "Use the year of first publication in both, e.g. copyrightYear 2024 "
      "and\n    \xC2\xA9 2024 Example Media Ltd."},
     NULL, 0},
    {{"metadata-credit-mismatch", CL_SEV_WARNING,
      "the metadata credit line differs from the visible credit",
      "A credit line or provider in the metadata (NewsML-G2 creditline or "
      "provider, NITF distributor, JSON-LD creditText) names another party "
      "than the visible syndication credit or dateline agency.",
      "Make the metadata credit name the party the text credits, e.g. "
      "<creditline>Example News</creditline> for\n"
      "    This article was produced in association with Example News."},
     NULL, 0},
    {{"metadata-author-mismatch", CL_SEV_WARNING,
      "the metadata author is not the visible byline",
      "No author named in metadata matches an author of the visible byline "
      "(co-authors a byline leaves out are no mismatch).  Names compare as "
      "an editor reads them: order, initials, transliterations and desk "
      "ids (\"Egleston, Nathaniel Hillyer\" and \"N.H. Egleston\", "
      "\"mueller.joerg\" and \"Von J\xC3\xB6rg M\xC3\xBCller, dpa\" are the "
      "same person).  An organisation named as author (an agency, a "
      "newspaper, the site itself) is no mismatch with a person's byline.",
      "Name the same people in both, e.g. <meta name=\"author\" "
      "content=\"Jane Doe\"> for\n    By Jane Doe"},
     NULL, 0},
    {{"missing-visible-credit", CL_SEV_WARNING,
      "metadata credits a party the visible text never credits "
      "(requirement visible-credit)",
      "Only when the requirement visible-credit is switched on (wire items "
      "are not publications: their rights live in metadata).  The metadata "
      "names a copyright holder or credit line that no visible credit of "
      "the document names: the rights statement is only machine readable.",
      "Add the visible line the metadata promises, e.g.\n"
      "    \xC2\xA9 2024 Example Media Ltd. All rights reserved."},
     NULL, 1u << CL_REQ_VISIBLE},
    /* Found while reading suppressions (suppress.c), hence no function. */
    {{"suppression-without-reason", CL_SEV_WARNING,
      "an inline suppression gives no reason",
      "A creditline-ignore comment silences a check without saying why.  "
      "Suppressions outlive the people who wrote them; without a reason "
      "nobody can tell later whether the finding may come back.",
      "Say why after a colon, e.g.\n"
      "    <!-- creditline-ignore[missing-copyright]: the agency's notice "
      "is in the feed -->"},
     NULL, 0},
    {{"suppression-unknown-check", CL_SEV_WARNING,
      "an inline suppression names no known check",
      "A creditline-ignore comment names a check id that creditline does "
      "not have, mostly a typo: it silences nothing, and the finding it "
      "was meant for is still reported.",
      "Name a check as `creditline explain` lists it, e.g.\n"
      "    <!-- creditline-ignore[duplicate-credit]: both credits required "
      "-->"},
     NULL, 0},
    {{"unused-suppression", CL_SEV_INFO,
      "an inline suppression silences no finding",
      "A creditline-ignore comment covers no finding: the problem was fixed, "
      "the line it covered moved, or it never applied.  Left in place it "
      "would silence a later, real finding on that line.",
      "Remove the comment, or move it to the line before the finding it is "
      "meant for, e.g.\n"
      "    <!-- creditline-ignore[duplicate-credit]: both credits required "
      "-->\n"
      "    Produced in association with Example Wire."},
     NULL, 0},
    /* The licensing policy (docs/policy.md): run by cl_policy_checks_run
     * (checks_policy.c), hence no function here. */
    {{"unlicensed-partner", CL_SEV_ERROR,
      "content of a partner the policy does not license",
      "The article is credited to a partner (a syndication credit or a "
      "metadata provider naming it) whose agreement is marked not licensed, "
      "or that is a declared party without any agreement (and, with "
      "`unknown-partners: report`, any party without an agreement).",
      "Do not publish the article, or record the agreement in the policy, "
      "e.g.\n"
      "    agreements:\n"
      "      - id: example-news\n"
      "        partner: Example News\n"
      "        licensed: true"},
     NULL, 0},
    {{"license-expired", CL_SEV_ERROR,
      "the agreement with the partner ended before the document's date",
      "The document's date (a metadata date, else the year of its copyright "
      "notice, else --as-of or today) is after the end (`until`) of the "
      "agreement that covers it.",
      "Take the article down or renew the agreement and extend its window, "
      "e.g.\n"
      "    until: 2026-12-31"},
     NULL, 0},
    {{"license-not-yet-valid", CL_SEV_ERROR,
      "the agreement with the partner starts after the document's date",
      "The document's date is before the start (`from`) of the agreement "
      "that covers it: the content was used before the licence began.",
      "Check the document's date, or the agreement's start, e.g.\n"
      "    from: 2024-01-01"},
     NULL, 0},
    {{"missing-required-credit", CL_SEV_ERROR,
      "a credit line the partner's agreement requires is missing",
      "The agreement covering the document requires a credit line (a "
      "template filled with the partner, holder, year and editor) or an "
      "editor credit, and the article has none.  The message quotes the "
      "exact line to add.",
      "Add the line the message quotes, e.g.\n"
      "    Produced in association with Example News"},
     NULL, 0},
    {{"credit-wording-mismatch", CL_SEV_WARNING,
      "a required credit is there but not worded as the agreement says",
      "A credit of the right kind names the right party, but its words "
      "differ from the line the agreement requires (compared without case, "
      "punctuation and spacing, aliases counting as the party's name).",
      "Word the credit exactly as required, e.g. change\n"
      "    In association with Example News\n"
      "to\n"
      "    Produced in association with Example News"},
     NULL, 0},
    {{"holder-not-allowed", CL_SEV_ERROR,
      "the copyright holder is not one the agreement allows",
      "The agreement covering the document lists the holders allowed on the "
      "partner's content, and a copyright notice of the article names "
      "another one.",
      "Name an allowed holder in the notice, e.g.\n"
      "    \xC2\xA9 2024 Example News. All rights reserved."},
     NULL, 0},
};

#define NCHECKS (sizeof checks / sizeof *checks)

size_t cl_check_count(void) { return NCHECKS; }

const cl_check_info *cl_check_at(size_t i) {
  return i < NCHECKS ? &checks[i].info : NULL;
}

int cl_check_index(const char *id) {
  for (size_t i = 0; id && i < NCHECKS; i++)
    if (strcmp(checks[i].info.id, id) == 0)
      return (int)i;
  return -1;
}

int cl_check_requirement(const char *id) {
  int i = cl_check_index(id);
  if (i < 0 || !checks[i].req)
    return -1;
  for (int r = 0; r < CL_REQ__COUNT; r++)
    if (checks[i].req & (1u << r))
      return r;
  return -1;
}

static const char *const requirement_names[CL_REQ__COUNT] = {
    "copyright-notice", "partner-credit", "editor-credit", "visible-credit",
    "article-notice"};

const char *cl_requirement_name(cl_requirement r) {
  return (unsigned)r < CL_REQ__COUNT ? requirement_names[r] : NULL;
}

int cl_requirement_parse(const char *name) {
  for (int r = 0; name && r < CL_REQ__COUNT; r++)
    if (strcmp(requirement_names[r], name) == 0)
      return r;
  return -1;
}

unsigned cl_requirement_bits(const char *name) {
  if (name && strcmp(name, "all") == 0)
    return (1u << CL_REQ__COUNT) - 1;
  int r = cl_requirement_parse(name);
  return r < 0 ? 0 : 1u << r;
}

const cl_check_info *cl_check_find(const char *id) {
  int i = cl_check_index(id);
  return i < 0 ? NULL : &checks[i].info;
}

/* ---------------------------------------------------------------- run */

int cl_finding_cmp(const void *pa, const void *pb) {
  const cl_finding *a = pa, *b = pb;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  int c = strcmp(a->check, b->check);
  if (c)
    return c;
  return strcmp(a->message, b->message);
}

/* Options change severities by check index; OFF drops the finding. */
static void apply_severities(cl_docres *d, const cl_options *opt) {
  size_t out = 0;
  for (size_t i = 0; i < d->nfindings; i++) {
    cl_finding *f = &d->findings[i];
    int idx = cl_check_index(f->check);
    size_t nover = sizeof opt->severity_override / sizeof *opt->severity_override;
    if (idx >= 0 && (size_t)idx < nover && opt->severity_overridden[idx])
      f->severity = opt->severity_override[idx];
    if (f->severity != CL_SEV_OFF)
      d->findings[out++] = *f;
  }
  d->nfindings = out;
}

/* A requirement finding the policy already asked for in its own words
 * (missing-required-credit of the same kind of credit): one finding per
 * missing line, the policy's exact one. */
static int not_said_by_policy(cl_finding *f, void *ud) {
  const cl_docres *d = ud;
  static const struct {
    const char *check;
    cl_kind kind;
  } same[] = {{"missing-copyright", CL_KIND_COPYRIGHT},
              {"syndicated-without-copyright", CL_KIND_COPYRIGHT},
              {"missing-partner-credit", CL_KIND_SYNDICATION},
              {"missing-editor-credit", CL_KIND_EDITOR}};
  for (size_t i = 0; i < sizeof same / sizeof *same; i++)
    if (strcmp(f->check, same[i].check) == 0)
      return !(d->policy_kinds & (1u << same[i].kind));
  return 1;
}

/* The requirements in force for D. */
static void requirements(check_ctx *cx, const cl_options *opt) {
  if (!opt)
    return;
  for (int r = 0; r < CL_REQ__COUNT; r++)
    if (opt->requirements & (1u << r))
      cx->by[r] = opt->requirements_by;
  cx->req = opt->requirements;
  /* The policy's require: globs, then the config's (its glob names the
   * requirement when both ask). */
  for (int k = 0; k < 2; k++) {
    const char *by[CL_REQ__COUNT] = {NULL};
    unsigned more =
        k == 0 ? cl_policy_requirements(opt->policy, cx->d->pub.path, by)
        : opt->require ? opt->require(cx->d->pub.path, opt->require_ud, by)
                       : 0;
    for (int r = 0; r < CL_REQ__COUNT; r++)
      if (more & (1u << r))
        cx->by[r] = by[r];
    cx->req |= more;
  }
}

int cl_checks_run(cl_docres *d, const cl_options *opt) {
  check_ctx cx = {d,    CL_BUF_INIT, CL_BUF_INIT, opt ? opt->policy : NULL,
                  NULL, NULL,        NULL,        NULL,
                  {NULL}, 0,         0,           {NULL}};
  int rc = -1;
  requirements(&cx, opt);
  /* A year in the future: after the clock's year and the document's own
   * date (--as-of is for licence windows: a desk checking an old archive
   * "as of 2020" has not made its 2024 notices wrong). */
  {
    time_t now = time(NULL);
    struct tm tm;
    cx.now_year = gmtime_r(&now, &tm) ? tm.tm_year + 1900 : 9999;
    for (size_t i = 0; i < d->ndates; i++) {
      int y = d->dates[i].value ? atoi(d->dates[i].value) : 0;
      if (y > cx.now_year && y < 10000)
        cx.now_year = y;
    }
  }
  size_t n = d->ncredits ? d->ncredits : 1;
  cx.first_at = malloc(n);
  cx.key = malloc(n * sizeof *cx.key);
  cx.sorted = malloc(n * sizeof *cx.sorted);
  cx.group = malloc(n * sizeof *cx.group);
  if (!cx.first_at || !cx.key || !cx.sorted || !cx.group)
    goto cleanup;
  mark_first_at_position(&cx);
  for (size_t i = 0; i < NCHECKS; i++)
    if (checks[i].run && checks[i].run(&cx) < 0)
      goto cleanup;
  if (cl_checks_meta_run(d, cx.policy,
                         cx.req & (1u << CL_REQ_VISIBLE)
                             ? cx.by[CL_REQ_VISIBLE] ? cx.by[CL_REQ_VISIBLE]
                                                     : "the options"
                             : NULL) < 0)
    goto cleanup;
  if (cl_policy_checks_run(d, opt) < 0)
    goto cleanup;
  if (d->policy_kinds)
    cl_docres_retain(d, not_said_by_policy, d);
  if (opt)
    apply_severities(d, opt);
  if (d->nfindings > 1)
    qsort(d->findings, d->nfindings, sizeof *d->findings, cl_finding_cmp);
  d->pub.findings = d->findings;
  d->pub.finding_count = d->nfindings;
  rc = 0;
cleanup:
  cl_buf_free(&cx.a);
  cl_buf_free(&cx.b);
  free(cx.first_at);
  free(cx.key);
  free(cx.sorted);
  free(cx.group);
  cl_arena_free(&cx.scratch);
  return rc;
}
