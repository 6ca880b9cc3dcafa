/* bundle.c - the per-archive summary an auditor reads first: documents
 * scanned inside each bundle, how many have findings, and the credits
 * tallied by copyright holder and by syndication party. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  cl_tally *v;
  char **keys;  /* normalised names, parallel to v */
  size_t n, cap;
} tally_list;

typedef struct {
  cl_bundle pub;
  tally_list holders, parties;
} bundle;

struct cl_bundles {
  bundle *v;
  size_t n, cap;
  cl_arena arena;
};

/* Length of the outermost archive part of PATH ("a.zip" of "a.zip!/x"),
 * or 0 when the document is not inside an archive. */
static size_t archive_prefix(const char *path) {
  const char *bang = strstr(path, "!/");
  return bang ? (size_t)(bang - path) : 0;
}

static int tally_add(cl_arena *a, tally_list *t, const char *name,
                     cl_buf *scratch) {
  if (!name || !*name)
    return 0;
  if (cl_name_normalise(name, scratch) < 0)
    return -1;
  for (size_t i = 0; i < t->n; i++)
    if (strcmp(t->keys[i], scratch->ptr) == 0) {
      t->v[i].count++;
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
  char *key = cl_arena_strdup(a, scratch->ptr);
  char *shown = cl_arena_strdup(a, name);
  if (!key || !shown)
    return -1;
  t->keys[t->n] = key;
  t->v[t->n].name = shown;
  t->v[t->n].count = 1;
  t->n++;
  return 0;
}

static int tally_cmp(const void *x, const void *y) {
  const cl_tally *a = x, *b = y;
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return strcmp(a->name, b->name);
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
    free(bs->v[i].holders.v);
    free(bs->v[i].holders.keys);
    free(bs->v[i].parties.v);
    free(bs->v[i].parties.keys);
  }
  free(bs->v);
  cl_arena_free(&bs->arena);
  free(bs);
}

cl_bundles *cl_bundles_new(const cl_report *r) {
  cl_bundles *bs = calloc(1, sizeof *bs);
  cl_buf scratch = CL_BUF_INIT;
  if (!bs)
    return NULL;
  for (size_t i = 0; i < cl_report_document_count(r); i++) {
    const cl_document *doc = cl_report_document(r, i);
    size_t plen = archive_prefix(doc->path);
    if (!plen)
      continue;
    bundle *b = bundle_for(bs, doc->path, plen);
    if (!b)
      goto fail;
    b->pub.documents++;
    if (doc->finding_count)
      b->pub.documents_with_findings++;
    b->pub.credits += doc->credit_count;
    for (size_t c = 0; c < doc->credit_count; c++) {
      const cl_credit *cr = &doc->credits[c];
      int rc = 0;
      if (cr->kind == CL_KIND_COPYRIGHT && cr->scope == CL_SCOPE_BODY)
        rc = tally_add(&bs->arena, &b->holders, cr->value, &scratch);
      else if (cr->kind == CL_KIND_SYNDICATION)
        rc = tally_add(&bs->arena, &b->parties, cr->value, &scratch);
      if (rc < 0)
        goto fail;
    }
  }
  /* Errors name the archive itself or one of its entries. */
  for (size_t i = 0; i < cl_report_error_count(r); i++) {
    const cl_error *e = cl_report_error(r, i);
    for (size_t k = 0; k < bs->n; k++) {
      size_t plen = strlen(bs->v[k].pub.path);
      if (strncmp(e->path, bs->v[k].pub.path, plen) == 0 &&
          (e->path[plen] == '\0' || e->path[plen] == '!'))
        bs->v[k].pub.errors++;
    }
  }
  for (size_t k = 0; k < bs->n; k++) {
    bundle *b = &bs->v[k];
    /* The key arrays are only needed while counting; sort the tallies. */
    qsort(b->holders.v, b->holders.n, sizeof *b->holders.v, tally_cmp);
    qsort(b->parties.v, b->parties.n, sizeof *b->parties.v, tally_cmp);
    b->pub.holders = b->holders.v;
    b->pub.holder_count = b->holders.n;
    b->pub.parties = b->parties.v;
    b->pub.party_count = b->parties.n;
  }
  cl_buf_free(&scratch);
  return bs;

fail:
  cl_buf_free(&scratch);
  cl_bundles_free(bs);
  return NULL;
}

size_t cl_bundles_count(const cl_bundles *bs) { return bs->n; }

const cl_bundle *cl_bundles_at(const cl_bundles *bs, size_t i) {
  return i < bs->n ? &bs->v[i].pub : NULL;
}
