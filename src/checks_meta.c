/* checks_meta.c - the checks that compare what a document states in
 * metadata (meta tags, JSON-LD, NITF/NewsML-G2 rights fields, ninjs, front
 * matter) with the credits visible in its text.  Each finding names both
 * sides and both places; the metadata place is also a reference.
 *
 * Visible article credits are those of body scope: a site footer's notice
 * (chrome) is the site's and is not the article's notice.  Names are
 * compared as names.c does: parties through their keys (agency table and
 * policy aliases), persons as bylines are written. */
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
  /* Who switched the requirement visible-credit on, or NULL. */
  const char *visible_by;
} meta_ctx;

/* The comparison key of a name: normalised, an alias replaced by its
 * party's canonical name (policy.c), so "Zenger News.com" in metadata
 * and "Zenger News" in the text are the same holder. */
static int name_key(meta_ctx *cx, const char *name, cl_buf *out) {
  return cl_policy_name_key(cx->policy, name, out);
}

/* Holder or party names X and Y name the same party.  1 / 0 / -1. */
static int names_match(meta_ctx *cx, const char *x, const char *y) {
  return cl_orgs_match(cx->policy, x, y, &cx->a, &cx->b);
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

/* Two names of KIND name the same person (authors, editors) or party. */
static int same_name(meta_ctx *cx, cl_kind kind, const char *x, const char *y) {
  if (kind == CL_KIND_AUTHOR || kind == CL_KIND_EDITOR)
    return cl_person_names_match(x, y);
  if (name_key(cx, x, &cx->a) < 0 || name_key(cx, y, &cx->b) < 0)
    return -1;
  return strcmp(cx->a.ptr, cx->b.ptr) == 0;
}

/* An earlier metadata credit of the same kind names the same value:
 * JSON-LD and a meta tag often repeat each other ("kevin-r" and "Kevin
 * Rebong"). */
static int meta_repeat(meta_ctx *cx, size_t i) {
  const cl_credit *m = &cx->d->meta[i];
  for (size_t j = 0; j < i; j++) {
    const cl_credit *o = &cx->d->meta[j];
    if (o->kind != m->kind || !o->value || !m->value)
      continue;
    int r = same_name(cx, m->kind, o->value, m->value);
    if (r)
      return r;
  }
  return 0;
}

/* An organisation named as author (an agency, a newspaper, the site
 * itself): a person's byline does not contradict it.  1 / 0 / -1. */
static int is_org_author(meta_ctx *cx, const cl_credit *c) {
  const char *entity = field(c, "entity");
  if (entity && strcmp(entity, "organization") == 0)
    return 1;
  int r = cl_name_is_org(cx->policy, c->value, &cx->a);
  for (size_t i = 0; i < cx->d->nmeta && r == 0; i++) {
    const cl_credit *p = &cx->d->meta[i];
    const char *role = field(p, "role");
    if (p->kind == CL_KIND_SOURCE && p->value && role &&
        strcmp(role, "publisher") == 0)
      r = same_name(cx, CL_KIND_SOURCE, c->value, p->value);
  }
  return r;
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
    /* "Additional reporting by": a contributor, not the byline. */
    if (person && c->text && strncasecmp(c->text, "additional ", 11) == 0)
      continue;
    int org = person ? is_org_author(cx, c) : 0;
    if (org) {
      *err = org < 0 ? -1 : 0;
      if (org < 0)
        return NULL;
      continue;
    }
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

/* 1 if one of the metadata's persons of SP is among the visible ones:
 * the others are co-authors the byline left out, no contradiction. */
static int some_person_seen(meta_ctx *cx, const mismatch_spec *sp) {
  for (size_t i = 0; i < cx->d->nmeta; i++) {
    const cl_credit *m = &cx->d->meta[i], *first;
    int err;
    if (!sp->wanted(m) || !m->value)
      continue;
    if (visible_match(cx, m, sp->kinds, sp->nkinds, 1, &first, &err))
      return 1;
    if (err < 0)
      return -1;
  }
  return 0;
}

/* A user name or slug ("andrea-lind", "alind_42", "CC7567"): one word
 * that is all lower case, or holds a digit or an underscore.  It names an
 * account, not what a byline prints, so no comparison with one says
 * anything. */
static int is_handle(const char *v) {
  if (!*v)
    return 0;
  int lower = 1, marked = 0;
  for (const char *p = v; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == ' ' || c >= 0x80)
      return 0;
    marked |= (c >= '0' && c <= '9') || c == '_';
    lower &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
             c == '_' || c == '.';
  }
  return lower || marked;
}

/* Persons of one metadata list ("Ann Lee and Bo Kim": credits of one
 * rule at one place) of which one is reported already: the list
 * contradicts the byline once. */
static int list_reported(const meta_ctx *cx, size_t i) {
  const cl_credit *m = &cx->d->meta[i];
  for (size_t j = 0; j < i; j++) {
    const cl_credit *o = &cx->d->meta[j];
    if (cx->reported[j] && o->kind == m->kind && o->line == m->line &&
        o->column == m->column && strcmp(o->rule, m->rule) == 0)
      return 1;
  }
  return 0;
}

static int check_mismatch(meta_ctx *cx, const mismatch_spec *sp) {
  int seen = sp->person ? some_person_seen(cx, sp) : 0;
  if (seen)
    return seen < 0 ? -1 : 0;
  for (size_t i = 0; i < cx->d->nmeta; i++) {
    const cl_credit *m = &cx->d->meta[i];
    if (!sp->wanted(m) || !m->value || (sp->person && is_handle(m->value)) ||
        list_reported(cx, i))
      continue;
    int rep = meta_repeat(cx, i), err;
    if (rep == 0 && sp->person)
      rep = is_org_author(cx, m);
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
  /* Parties already reported: a holder and a provider naming the same
   * party are one missing line, one finding (at most a few per item). */
  const char *said[8];
  size_t nsaid = 0;
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
    for (size_t j = 0; j < nsaid && !found; j++) {
      int r = names_match(cx, m->value, said[j]);
      if (r < 0)
        return -1;
      found = r;
    }
    if (found)
      continue;
    if (nsaid < sizeof said / sizeof *said)
      said[nsaid++] = m->value;
    int copyright = m->kind == CL_KIND_COPYRIGHT;
    char *fix = copyright
                    ? cl_notice_fix(&cx->d->arena,
                                    m->years_text ? m->years_text : "<year>",
                                    m->value)
                    : cl_arena_printf(&cx->d->arena, "Credit: %s", m->value);
    char *ev = evidence(cx, m->value, m->rule);
    char *msg = cl_arena_printf(
        &cx->d->arena,
        "metadata names %s \"%s\" (%s, %u:%u) but the visible text never "
        "credits it [requirement visible-credit, switched on by %s]",
        copyright ? "copyright holder" : "credit", m->value, m->rule, m->line,
        m->column, cx->visible_by);
    if (!fix || !ev || !msg ||
        add(cx, "missing-visible-credit", m, m, NULL, fix, ev, msg) < 0)
      return -1;
  }
  return 0;
}

int cl_checks_meta_run(cl_docres *d, const cl_rules *policy,
                       const char *visible_by) {
  meta_ctx cx = {d, CL_BUF_INIT, CL_BUF_INIT, NULL, policy, visible_by};
  int rc = -1;
  if (d->nmeta == 0)
    return 0;
  /* Names are compared fuzzily (initials, name order, short forms), pair
   * by pair: metadata credits times all credits.  Real documents make a
   * few thousand pairs; a flood (5,000 meta authors against 5,000 bylines
   * took 43 s) is reported and its metadata left uncompared. */
  if ((double)d->nmeta * (double)(d->nmeta + d->ncredits) >
      CL_META_MAX_PAIRS)
    return cl_docres_add_error(d,
                               "%s: %zu metadata credits against %zu credits: "
                               "more than %d name comparisons, metadata "
                               "checks not run",
                               d->pub.path, d->nmeta, d->ncredits,
                               CL_META_MAX_PAIRS);
  cx.reported = calloc(d->nmeta, 1);
  if (!cx.reported)
    goto cleanup;
  if (check_holder_and_year(&cx) < 0 || check_mismatch(&cx, &credit_spec) < 0 ||
      check_mismatch(&cx, &author_spec) < 0 ||
      (visible_by && check_missing_visible(&cx) < 0))
    goto cleanup;
  rc = 0;
cleanup:
  free(cx.reported);
  cl_buf_free(&cx.a);
  cl_buf_free(&cx.b);
  return rc;
}
