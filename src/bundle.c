/* bundle.c - the per-archive summary an auditor reads first: documents
 * scanned inside each bundle, how many have findings, and the credits
 * tallied by copyright holder and by syndication party.
 *
 * Tallies are fed one document at a time (cl_bundles_add), so that a
 * streaming report keeps only them; a snapshot (cl_bundles_new) merges
 * those with the documents a report still holds and sorts copies. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  cl_tally *v;    /* in order of first meeting, while counting */
  char **keys;    /* normalised names, parallel to v */
  size_t n, cap;
  cl_tally *sorted; /* published copy of v, most frequent first */
} tally_list;

typedef struct {
  cl_bundle pub;
  tally_list holders, parties;
} bundle;

struct cl_bundles {
  bundle *v;
  size_t n, cap;
  cl_arena arena;
  cl_buf scratch, scratch2;
  const cl_rules *rules; /* agency table and parties; may be NULL */
};

/* Counts COUNT more of the name normalised to KEY, shown as SHOWN when
 * first met. */
static int tally_count(cl_arena *a, tally_list *t, const char *key,
                       const char *shown, size_t count) {
  for (size_t i = 0; i < t->n; i++)
    if (strcmp(t->keys[i], key) == 0) {
      t->v[i].count += count;
      return 0;
    }
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 8;
    cl_tally *v = realloc(t->v, cap * sizeof *v);
    if (!v)
      return -1;
    t->v = v;
    char **k = realloc(t->keys, cap * sizeof *k);
    if (!k)
      return -1;
    t->keys = k;
    t->cap = cap;
  }
  char *k = cl_arena_strdup(a, key);
  char *s = cl_arena_strdup(a, shown);
  if (!k || !s)
    return -1;
  t->keys[t->n] = k;
  t->v[t->n].name = s;
  t->v[t->n].count = count;
  t->n++;
  return 0;
}

/* Counts NAME under its party key (names.c): "dpa" and "Deutsche
 * Presse-Agentur GmbH" are one party, shown by its canonical name. */
static int tally_add(cl_bundles *bs, tally_list *t, const char *name) {
  if (!name || !*name)
    return 0;
  const char *canon = cl_party_name(bs->rules, name, &bs->scratch2);
  if (cl_policy_name_key(bs->rules, name, &bs->scratch) < 0)
    return -1;
  return tally_count(&bs->arena, t, bs->scratch.ptr, canon ? canon : name, 1);
}

static int tally_cmp(const void *x, const void *y) {
  const cl_tally *a = x, *b = y;
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return strcmp(a->name, b->name);
}

static void tally_free(tally_list *t) {
  free(t->v);
  free(t->keys);
  free(t->sorted);
}

static bundle *bundle_for(cl_bundles *bs, const char *path, size_t plen) {
  for (size_t i = bs->n; i-- > 0;)
    if (strlen(bs->v[i].pub.path) == plen && strncmp(bs->v[i].pub.path, path, plen) == 0)
      return &bs->v[i];
  if (bs->n == bs->cap) {
    size_t cap = bs->cap ? bs->cap * 2 : 4;
    bundle *v = realloc(bs->v, cap * sizeof *v);
    if (!v)
      return NULL;
    bs->v = v;
    bs->cap = cap;
  }
  bundle *b = &bs->v[bs->n];
  memset(b, 0, sizeof *b);
  b->pub.path = cl_arena_strndup(&bs->arena, path, plen);
  if (!b->pub.path)
    return NULL;
  bs->n++;
  return b;
}

void cl_bundles_free(cl_bundles *bs) {
  if (!bs)
    return;
  for (size_t i = 0; i < bs->n; i++) {
    tally_free(&bs->v[i].holders);
    tally_free(&bs->v[i].parties);
  }
  free(bs->v);
  cl_arena_free(&bs->arena);
  cl_buf_free(&bs->scratch);
  cl_buf_free(&bs->scratch2);
  free(bs);
}

cl_bundles *cl_bundles_accumulator(const cl_rules *rules) {
  cl_bundles *bs = calloc(1, sizeof(cl_bundles));
  if (bs)
    bs->rules = rules;
  return bs;
}

/* A credit naming a party of the bundle: a wire dateline, a credit line
 * or provider of the metadata. */
static int names_source(const cl_credit *c) {
  if (c->kind != CL_KIND_SOURCE)
    return 0;
  if (c->scope != CL_SCOPE_METADATA)
    return c->rule && strstr(c->rule, "dateline") != NULL;
  for (size_t i = 0; i < c->field_count; i++)
    if (strcmp(c->fields[i].name, "role") == 0)
      return strcmp(c->fields[i].value, "credit") == 0 ||
             strcmp(c->fields[i].value, "dateline") == 0;
  return 0;
}

int cl_bundles_add(cl_bundles *bs, const cl_document *doc) {
  size_t plen = doc->archive_len;
  if (!plen)
    return 0;
  bundle *b = bundle_for(bs, doc->path, plen);
  if (!b)
    return -1;
  b->pub.documents++;
  if (doc->finding_count)
    b->pub.documents_with_findings++;
  /* Counted as the summary counts them: a wire item's credits are mostly
   * metadata (NewsML-G2 rights, ninjs bylines). */
  b->pub.credits += doc->credit_count + doc->metadata_count;
  /* Holders of the visible notices and of the metadata (rightsInfo);
   * parties of syndication credits, wire datelines and credit lines. */
  size_t nc = doc->credit_count, n = nc + doc->metadata_count;
  for (size_t c = 0; c < n; c++) {
    const cl_credit *cr = c < nc ? &doc->credits[c] : &doc->metadata[c - nc];
    int rc = 0;
    if (cr->kind == CL_KIND_COPYRIGHT &&
        (cr->scope == CL_SCOPE_BODY || cr->scope == CL_SCOPE_METADATA))
      rc = tally_add(bs, &b->holders, cr->value);
    else if (cr->kind == CL_KIND_SYNDICATION || names_source(cr))
      rc = tally_add(bs, &b->parties, cr->value);
    if (rc < 0)
      return -1;
  }
  return 0;
}

/* Adds the tallies of FROM (fed earlier) to BS, keeping FROM's order of
 * first meeting. */
static int bundles_merge(cl_bundles *bs, const cl_bundles *from) {
  for (size_t i = 0; i < from->n; i++) {
    const bundle *f = &from->v[i];
    bundle *b = bundle_for(bs, f->pub.path, strlen(f->pub.path));
    if (!b)
      return -1;
    b->pub.documents += f->pub.documents;
    b->pub.documents_with_findings += f->pub.documents_with_findings;
    b->pub.credits += f->pub.credits;
    for (size_t k = 0; k < f->holders.n; k++)
      if (tally_count(&bs->arena, &b->holders, f->holders.keys[k],
                      f->holders.v[k].name, f->holders.v[k].count) < 0)
        return -1;
    for (size_t k = 0; k < f->parties.n; k++)
      if (tally_count(&bs->arena, &b->parties, f->parties.keys[k],
                      f->parties.v[k].name, f->parties.v[k].count) < 0)
        return -1;
  }
  return 0;
}

static int tally_publish(tally_list *t, const cl_tally **out, size_t *n) {
  free(t->sorted);
  t->sorted = NULL;
  if (t->n) {
    t->sorted = malloc(t->n * sizeof *t->sorted);
    if (!t->sorted)
      return -1;
    memcpy(t->sorted, t->v, t->n * sizeof *t->sorted);
    qsort(t->sorted, t->n, sizeof *t->sorted, tally_cmp);
  }
  *out = t->sorted;
  *n = t->n;
  return 0;
}

cl_bundles *cl_bundles_new(const cl_report *r) {
  cl_bundles *bs = cl_bundles_accumulator(cl_report_names(r));
  if (!bs)
    return NULL;
  /* A streaming report passed its earlier documents on; their tallies
   * come first, as those documents did. */
  const cl_bundles *streamed = cl_report_streamed_bundles(r);
  if (streamed && bundles_merge(bs, streamed) < 0)
    goto fail;
  for (size_t i = 0; i < cl_report_document_count(r); i++) {
    const cl_document *doc = cl_report_document(r, i);
    if (doc && cl_bundles_add(bs, doc) < 0)
      goto fail;
  }
  /* Errors name the archive itself or one of its entries. */
  for (size_t i = 0; i < cl_report_error_count(r); i++) {
    const cl_error *e = cl_report_error(r, i);
    for (size_t k = 0; k < bs->n; k++) {
      size_t plen = strlen(bs->v[k].pub.path);
      if (strncmp(e->path, bs->v[k].pub.path, plen) == 0 &&
          (e->path[plen] == '\0' || e->archive_len == plen))
        bs->v[k].pub.errors++;
    }
  }
  for (size_t k = 0; k < bs->n; k++) {
    bundle *b = &bs->v[k];
    if (tally_publish(&b->holders, &b->pub.holders, &b->pub.holder_count) < 0 ||
        tally_publish(&b->parties, &b->pub.parties, &b->pub.party_count) < 0)
      goto fail;
  }
  return bs;

fail:
  cl_bundles_free(bs);
  return NULL;
}

size_t cl_bundles_count(const cl_bundles *bs) { return bs->n; }

const cl_bundle *cl_bundles_at(const cl_bundles *bs, size_t i) {
  return i < bs->n ? &bs->v[i].pub : NULL;
}
