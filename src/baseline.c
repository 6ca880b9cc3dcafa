/* baseline.c - baseline files: today's findings by fingerprint, so that a
 * team adopting creditline on an old archive sees only new findings.
 *
 * Entries are kept sorted by fingerprint; an entry stands for one finding,
 * so a second finding with the same fingerprint is new. */
#include "internal.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  cl_baseline_entry pub;
  int used;
} bl_entry;

struct cl_baseline {
  bl_entry *v;
  size_t n, cap;
  cl_arena arena;
  size_t suppressed;
  /* The files and folders scanned (cl_baseline_scanned), relative to the
   * repository root: only their entries can be stale. */
  char **scanned;
  size_t nscanned;
  const cl_baseline_entry **stale; /* built on demand */
  size_t nstale;
  int stale_valid;
  char error[256];
};

cl_baseline *cl_baseline_new(void) { return calloc(1, sizeof(cl_baseline)); }

void cl_baseline_free(cl_baseline *b) {
  if (!b)
    return;
  free(b->v);
  free(b->stale);
  for (size_t i = 0; i < b->nscanned; i++)
    free(b->scanned[i]);
  free(b->scanned);
  cl_arena_free(&b->arena);
  free(b);
}

const char *cl_baseline_error(const cl_baseline *b) { return b->error; }
size_t cl_baseline_count(const cl_baseline *b) { return b->n; }

const cl_baseline_entry *cl_baseline_at(const cl_baseline *b, size_t i) {
  return i < b->n ? &b->v[i].pub : NULL;
}

static int entry_cmp(const void *pa, const void *pb) {
  const bl_entry *a = pa, *b = pb;
  return strcmp(a->pub.fingerprint, b->pub.fingerprint);
}

static const char *field(json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

cl_status cl_baseline_load_buffer(cl_baseline *b, const char *data,
                                  size_t len) {
  json_error_t jerr;
  cl_status st = CL_FAILED;
  json_t *root = json_loadb(data, len, 0, &jerr);
  b->error[0] = '\0';
  if (!root) {
    snprintf(b->error, sizeof b->error, "line %d: %s", jerr.line, jerr.text);
    return CL_FAILED;
  }
  json_t *version = json_object_get(root, "version");
  json_t *findings = json_object_get(root, "findings");
  if (!json_is_integer(version) || json_integer_value(version) != 1 ||
      !json_is_array(findings)) {
    snprintf(b->error, sizeof b->error,
             "not a creditline baseline (version 1 with a findings list)");
    goto cleanup;
  }
  size_t i;
  json_t *it;
  json_array_foreach(findings, i, it) {
    const char *fp = field(it, "fingerprint");
    if (!fp || !*fp) {
      snprintf(b->error, sizeof b->error,
               "finding %zu has no fingerprint", i + 1);
      goto cleanup;
    }
    if (b->n == b->cap) {
      size_t ncap = b->cap ? b->cap * 2 : 64;
      bl_entry *nv = realloc(b->v, ncap * sizeof *nv);
      if (!nv) {
        st = CL_FATAL;
        goto cleanup;
      }
      b->v = nv;
      b->cap = ncap;
    }
    const char *check = field(it, "check"), *path = field(it, "path"),
               *msg = field(it, "message");
    /* Written by an older version from the root: "./a.txt" is "a.txt". */
    while (path && path[0] == '.' && path[1] == '/')
      path += 2;
    bl_entry e = {{cl_arena_strdup(&b->arena, fp),
                   cl_arena_strdup(&b->arena, check ? check : ""),
                   cl_arena_strdup(&b->arena, path ? path : ""),
                   cl_arena_strdup(&b->arena, msg ? msg : "")},
                  0};
    if (!e.pub.fingerprint || !e.pub.check || !e.pub.path || !e.pub.message) {
      st = CL_FATAL;
      goto cleanup;
    }
    b->v[b->n++] = e;
  }
  if (b->n > 1)
    qsort(b->v, b->n, sizeof *b->v, entry_cmp);
  b->stale_valid = 0;
  st = CL_OK;
cleanup:
  json_decref(root);
  return st;
}

cl_status cl_baseline_load_file(cl_baseline *b, const char *path) {
  cl_buf buf = CL_BUF_INIT;
  cl_status st;
  const char *why;
  if (cl_read_file(path, CL_BASELINE_MAX, &buf, &why) < 0) {
    st = errno == ENOMEM ? CL_FATAL : CL_FAILED;
    snprintf(b->error, sizeof b->error, "%s", why);
  } else {
    st = cl_baseline_load_buffer(b, buf.ptr, buf.len);
  }
  cl_buf_free(&buf);
  return st;
}

cl_status cl_baseline_write(const cl_report *report, FILE *out) {
  cl_status st = CL_FATAL;
  json_t *root = json_object(), *list = json_array();
  char *repo = cl_path_repo_root(), *path = NULL;
  if (!root || !list || !repo)
    goto cleanup;
  for (size_t i = 0; i < cl_report_document_count(report); i++) {
    const cl_document *d = cl_report_document(report, i);
    /* The path as the fingerprint has it: relative to the repository.
     * Reset, or a document without findings leaves it to be freed twice. */
    free(path);
    path = NULL;
    if (d->finding_count && !(path = cl_path_in_repo(d->path, d->archive_len, repo, NULL)))
      goto cleanup;
    for (size_t j = 0; j < d->finding_count; j++) {
      const cl_finding *f = &d->findings[j];
      json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "fingerprint",
                            f->fingerprint, "check", f->check, "path",
                            path, "message", f->message);
      if (!o || json_array_append_new(list, o) < 0)
        goto cleanup;
    }
  }
  if (json_object_set_new(root, "version", json_integer(1)) < 0 ||
      json_object_set(root, "findings", list) < 0)
    goto cleanup;
  st = CL_FAILED;
  if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0 ||
      putc('\n', out) == EOF || ferror(out))
    goto cleanup;
  st = CL_OK;
cleanup:
  free(repo);
  free(path);
  json_decref(list);
  json_decref(root);
  return st;
}

cl_status cl_baseline_scanned(cl_baseline *b, const char *path) {
  char *repo = cl_path_repo_root();
  char *rel = repo ? cl_path_in_repo(path, 0, repo, NULL) : NULL;
  char **nv = rel ? realloc(b->scanned, (b->nscanned + 1) * sizeof *nv) : NULL;
  free(repo);
  if (!nv) {
    free(rel);
    return CL_FATAL;
  }
  b->scanned = nv;
  b->scanned[b->nscanned++] = rel;
  b->stale_valid = 0;
  return CL_OK;
}

/* Whether entry path P lies in what was scanned: every path when no scope
 * was given, else at or below a scanned file or folder (an archive's
 * members below the archive). */
static int in_scanned(const cl_baseline *b, const char *p) {
  if (!b->nscanned)
    return 1;
  for (size_t i = 0; i < b->nscanned; i++) {
    const char *s = b->scanned[i];
    size_t n = strlen(s);
    if (n == 0 || (strncmp(p, s, n) == 0 &&
                   (p[n] == '\0' || p[n] == '/' ||
                    (p[n] == '!' && p[n + 1] == '/'))))
      return 1;
  }
  return 0;
}

/* The first unused entry with fingerprint FP, or NULL. */
static bl_entry *entry_take(cl_baseline *b, const char *fp) {
  size_t lo = 0, hi = b->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(b->v[mid].pub.fingerprint, fp) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i < b->n && strcmp(b->v[i].pub.fingerprint, fp) == 0;
       i++)
    if (!b->v[i].used)
      return &b->v[i];
  return NULL;
}

static int baseline_keep(cl_finding *f, void *ud) {
  cl_baseline *b = ud;
  bl_entry *e = entry_take(b, f->fingerprint);
  if (!e)
    return 1;
  e->used = 1;
  b->suppressed++;
  return 0;
}

cl_status cl_baseline_apply(cl_baseline *b, cl_report *report, size_t doc) {
  cl_docres *d = cl_report_docres(report, doc);
  if (!d)
    return CL_FAILED;
  cl_docres_retain(d, baseline_keep, b);
  b->stale_valid = 0;
  return CL_OK;
}

size_t cl_baseline_suppressed(const cl_baseline *b) { return b->suppressed; }

/* The stale list in file order of the entries (path, then fingerprint). */
static int stale_cmp(const void *pa, const void *pb) {
  const cl_baseline_entry *a = *(const cl_baseline_entry *const *)pa;
  const cl_baseline_entry *b = *(const cl_baseline_entry *const *)pb;
  int c = strcmp(a->path, b->path);
  return c ? c : strcmp(a->fingerprint, b->fingerprint);
}

static void stale_build(const cl_baseline *cb) {
  cl_baseline *b = (cl_baseline *)cb; /* a cache, not a visible change */
  if (b->stale_valid)
    return;
  free(b->stale);
  b->stale = NULL;
  b->nstale = 0;
  size_t n = 0;
  for (size_t i = 0; i < b->n; i++)
    n += !b->v[i].used && in_scanned(b, b->v[i].pub.path);
  if (n && !(b->stale = malloc(n * sizeof *b->stale)))
    return; /* out of memory: no list rather than a wrong one */
  for (size_t i = 0; i < b->n; i++)
    if (!b->v[i].used && in_scanned(b, b->v[i].pub.path))
      b->stale[b->nstale++] = &b->v[i].pub;
  if (b->nstale > 1)
    qsort(b->stale, b->nstale, sizeof *b->stale, stale_cmp);
  b->stale_valid = 1;
}

size_t cl_baseline_stale_count(const cl_baseline *b) {
  stale_build(b);
  return b->nstale;
}

const cl_baseline_entry *cl_baseline_stale_at(const cl_baseline *b,
                                              size_t i) {
  stale_build(b);
  return i < b->nstale ? b->stale[i] : NULL;
}

/* "baseline: 3 findings not shown, 1 stale entry", then the stale ones. */
int cl_baseline_text(const cl_baseline *b, FILE *out) {
  size_t ns = cl_baseline_stale_count(b);
  if (fprintf(out, "baseline: %zu finding%s not shown, %zu stale entr%s\n",
              b->suppressed, b->suppressed == 1 ? "" : "s", ns,
              ns == 1 ? "y" : "ies") < 0)
    return -1;
  for (size_t i = 0; i < ns; i++) {
    const cl_baseline_entry *e = cl_baseline_stale_at(b, i);
    if (fprintf(out, "%s: note: stale baseline entry %s: %s [%s]\n", e->path,
                e->fingerprint, e->message, e->check) < 0)
      return -1;
  }
  return 0;
}

json_t *cl_baseline_json(const cl_baseline *b) {
  json_t *o = json_object(), *list = json_array();
  int bad = !o || !list;
  size_t ns = cl_baseline_stale_count(b);
  for (size_t i = 0; i < ns && !bad; i++) {
    const cl_baseline_entry *e = cl_baseline_stale_at(b, i);
    json_t *s = json_pack("{s:s, s:s, s:s, s:s}", "fingerprint",
                          e->fingerprint, "check", e->check, "path", e->path,
                          "message", e->message);
    bad = !s || json_array_append_new(list, s) < 0;
  }
  if (!bad)
    bad = json_object_set_new(o, "suppressed",
                              json_integer((json_int_t)b->suppressed)) < 0 ||
          json_object_set(o, "stale", list) < 0;
  json_decref(list);
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}
