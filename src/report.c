/* report.c - per-document result builders (cl_docres), the report that
 * collects them, and the render driver. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* A note keeps its two parts so renderers can place the word "note"
 * between them; `full` is the "path: message" form of the public API. */
typedef struct {
  const char *path;
  const char *message;
  const char *full;
} report_note;

struct cl_report {
  cl_docres **docs;
  size_t ndocs, docs_cap;
  cl_error *errors;
  size_t nerrors, errors_cap;
  report_note *notes;
  size_t nnotes, notes_cap;
  cl_arena arena; /* strings of errors and notes */
  const cl_baseline *baseline; /* borrowed; shown by text and json */
};

/* Makes room for one more element of SIZE bytes in *V (capacity doubles).
 * 0, or -1 on ENOMEM with *V untouched. */
static int array_grow(void **v, size_t *cap, size_t n, size_t size) {
  if (n < *cap)
    return 0;
  size_t ncap = *cap ? *cap * 2 : 8;
  if (ncap < *cap || ncap > SIZE_MAX / size)
    return -1;
  void *p = realloc(*v, ncap * size);
  if (!p)
    return -1;
  *v = p;
  *cap = ncap;
  return 0;
}

#define ARRAY_GROW(arr, cap, n) \
  array_grow((void **)&(arr), &(cap), (n), sizeof *(arr))

/* ---------------------------------------------------------------- names */

static const char *const severity_names[] = {"off", "info", "warning",
                                             "error"};

const char *cl_severity_name(cl_severity sev) {
  if ((int)sev < 0 || (size_t)sev >= sizeof severity_names / sizeof *severity_names)
    return NULL;
  return severity_names[sev];
}

int cl_severity_parse(const char *name) {
  if (!name)
    return -1;
  if (strcmp(name, "none") == 0)
    return CL_SEV_OFF;
  for (size_t i = 0; i < sizeof severity_names / sizeof *severity_names; i++)
    if (strcmp(name, severity_names[i]) == 0)
      return (int)i;
  return -1;
}

const char *cl_scope_name(cl_scope scope) {
  switch (scope) {
  case CL_SCOPE_BODY:
    return "body";
  case CL_SCOPE_CHROME:
    return "chrome";
  case CL_SCOPE_METADATA:
    return "metadata";
  }
  return NULL;
}

/* One entry per format; a new renderer is one more line here. */
static const struct {
  cl_format fmt;
  const char *name;
  cl_status (*render)(const cl_report *, FILE *, const cl_render_options *);
} renderers[] = {
    {CL_FORMAT_TEXT, "text", cl_render_text},
    {CL_FORMAT_JSON, "json", cl_render_json},
    {CL_FORMAT_SARIF, "sarif", cl_render_sarif},
    {CL_FORMAT_GITHUB, "github", cl_render_github},
    {CL_FORMAT_JUNIT, "junit", cl_render_junit},
    {CL_FORMAT_RDJSONL, "rdjsonl", cl_render_rdjsonl},
    {CL_FORMAT_GITLAB, "gitlab", cl_render_gitlab},
    {CL_FORMAT_CSV, "csv", cl_render_csv},
    {CL_FORMAT_JSONL, "jsonl", cl_render_jsonl},
};

#define NRENDERERS (sizeof renderers / sizeof *renderers)

int cl_format_parse(const char *name) {
  for (size_t i = 0; name && i < NRENDERERS; i++)
    if (strcmp(name, renderers[i].name) == 0)
      return (int)renderers[i].fmt;
  return -1;
}

const char *cl_format_name(cl_format fmt) {
  for (size_t i = 0; i < NRENDERERS; i++)
    if (renderers[i].fmt == fmt)
      return renderers[i].name;
  return NULL;
}

cl_status cl_report_render(const cl_report *report, cl_format fmt, FILE *out,
                           const cl_render_options *ropt) {
  static const cl_render_options defaults = {0, 0, 0};
  if (!report || !out)
    return CL_FAILED;
  for (size_t i = 0; i < NRENDERERS; i++)
    if (renderers[i].fmt == fmt)
      return renderers[i].render(report, out, ropt ? ropt : &defaults);
  return CL_FAILED;
}

/* --------------------------------------------------------------- docres */

/* Publishes the arrays through d->pub: they move when they grow. */
static void docres_publish(cl_docres *d) {
  d->pub.credits = d->credits;
  d->pub.credit_count = d->ncredits;
  d->pub.metadata = d->meta;
  d->pub.metadata_count = d->nmeta;
  d->pub.findings = d->findings;
  d->pub.finding_count = d->nfindings;
}

cl_docres *cl_docres_new(const char *path, const char *format, size_t bytes) {
  cl_docres *d = calloc(1, sizeof *d);
  if (!d)
    return NULL;
  d->pub.path = cl_arena_strdup(&d->arena, path ? path : "");
  d->pub.format = cl_arena_strdup(&d->arena, format ? format : "text");
  if (!d->pub.path || !d->pub.format) {
    cl_docres_free(d);
    return NULL;
  }
  d->pub.bytes = bytes;
  return d;
}

void cl_docres_free(cl_docres *d) {
  if (!d)
    return;
  free(d->errors);
  free(d->credits);
  free(d->meta);
  free(d->findings);
  cl_arena_free(&d->arena);
  free(d);
}

cl_credit *cl_docres_add_credit(cl_docres *d, int meta) {
  cl_credit *c;
  if (meta) {
    if (ARRAY_GROW(d->meta, d->meta_cap, d->nmeta) < 0)
      return NULL;
    c = &d->meta[d->nmeta++];
  } else {
    if (ARRAY_GROW(d->credits, d->credits_cap, d->ncredits) < 0)
      return NULL;
    c = &d->credits[d->ncredits++];
  }
  memset(c, 0, sizeof *c);
  if (meta)
    c->scope = CL_SCOPE_METADATA;
  docres_publish(d);
  return c;
}

/* "check\0path\0evidence" hashed: no line numbers, so a finding keeps its
 * fingerprint when lines are added above it. */
static char *fingerprint_make(cl_arena *a, const char *check,
                              const char *path, const char *evidence) {
  uint64_t h = CL_HASH_SEED;
  /* "./a.txt" (a walk of ".") and "a.txt" (git's file lists) are one file:
   * a baseline written by one must match the other. */
  while (path[0] == '.' && path[1] == '/') {
    path += 2;
    while (*path == '/')
      path++;
  }
  h = cl_hash64(check, strlen(check) + 1, h);
  h = cl_hash64(path, strlen(path) + 1, h);
  if (evidence)
    h = cl_hash64(evidence, strlen(evidence), h);
  return cl_arena_printf(a, "%016llx", (unsigned long long)h);
}

/* The finding returned stays valid until the next finding is added (the
 * array may move); add its refs before that. */
cl_finding *cl_docres_add_finding(cl_docres *d, const char *check_id,
                                  unsigned line, unsigned col,
                                  const char *fix, const char *evidence,
                                  const char *fmt, ...) {
  const cl_check_info *info = cl_check_find(check_id);
  cl_finding f = {0};
  f.check = cl_arena_strdup(&d->arena, check_id);
  /* An id missing from the catalogue is a bug of the caller; still report
   * it rather than lose the finding. */
  f.severity = info ? info->severity : CL_SEV_WARNING;
  f.line = line;
  f.column = col;
  f.fix = fix ? cl_arena_strdup(&d->arena, fix) : NULL;
  f.fingerprint = fingerprint_make(&d->arena, check_id, d->pub.path, evidence);

  va_list ap;
  va_start(ap, fmt);
  f.message = cl_arena_vprintf(&d->arena, fmt, ap);
  va_end(ap);

  if (!f.check || !f.fingerprint || !f.message || (fix && !f.fix))
    return NULL;
  if (ARRAY_GROW(d->findings, d->findings_cap, d->nfindings) < 0)
    return NULL;
  d->findings[d->nfindings++] = f;
  docres_publish(d);
  return &d->findings[d->nfindings - 1];
}

/* The reference arrays live in the arena with a capacity equal to the next
 * power of two of ref_count, so no capacity field is needed. */
int cl_finding_add_ref(cl_docres *d, cl_finding *f, unsigned line,
                       unsigned col) {
  size_t n = f->ref_count;
  unsigned *lines = (unsigned *)f->ref_lines;
  unsigned *cols = (unsigned *)f->ref_columns;
  if ((n & (n - 1)) == 0) { /* 0, 1, 2, 4, ...: full */
    size_t cap = n ? n * 2 : 1;
    unsigned *nl = cl_arena_alloc(&d->arena, cap * sizeof *nl);
    unsigned *nc = cl_arena_alloc(&d->arena, cap * sizeof *nc);
    if (!nl || !nc)
      return -1;
    if (n) {
      memcpy(nl, lines, n * sizeof *nl);
      memcpy(nc, cols, n * sizeof *nc);
    }
    lines = nl;
    cols = nc;
  }
  lines[n] = line;
  cols[n] = col;
  f->ref_lines = lines;
  f->ref_columns = cols;
  f->ref_count = n + 1;
  return 0;
}

/* The messages live in the arena; the report copies them when the
 * document is added. */
int cl_docres_add_error(cl_docres *d, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = cl_arena_vprintf(&d->arena, fmt, ap);
  va_end(ap);
  if (!msg || ARRAY_GROW(d->errors, d->errors_cap, d->nerrors) < 0)
    return -1;
  d->errors[d->nerrors++] = msg;
  return 0;
}

/* --------------------------------------------------------------- report */

cl_report *cl_report_new(void) { return calloc(1, sizeof(cl_report)); }

void cl_report_free(cl_report *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->ndocs; i++)
    cl_docres_free(r->docs[i]);
  free(r->docs);
  free(r->errors);
  free(r->notes);
  cl_arena_free(&r->arena);
  free(r);
}

static int report_push_error(cl_report *r, const char *path, int fatal,
                             const char *msg) {
  if (ARRAY_GROW(r->errors, r->errors_cap, r->nerrors) < 0)
    return -1;
  cl_error e = {cl_arena_strdup(&r->arena, path ? path : ""),
                cl_arena_strdup(&r->arena, msg ? msg : ""), fatal};
  if (!e.path || !e.message)
    return -1;
  r->errors[r->nerrors++] = e;
  return 0;
}

/* On failure D stays with the caller, so nothing is half-owned. */
int cl_report_add_document(cl_report *r, cl_docres *d) {
  if (ARRAY_GROW(r->docs, r->docs_cap, r->ndocs) < 0)
    return -1;
  size_t nerr = r->nerrors;
  for (size_t i = 0; i < d->nerrors; i++) {
    /* The document was scanned; what the error names (a rule's match
     * limit, ...) was not: not fatal to the document as a whole. */
    if (report_push_error(r, d->pub.path, 0, d->errors[i]) < 0) {
      r->nerrors = nerr;
      return -1;
    }
  }
  free(d->errors);
  d->errors = NULL;
  d->nerrors = d->errors_cap = 0;
  docres_publish(d);
  r->docs[r->ndocs++] = d;
  return 0;
}

int cl_report_add_error(cl_report *r, const char *path, int fatal,
                        const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = cl_arena_vprintf(&r->arena, fmt, ap);
  va_end(ap);
  if (!msg)
    return -1;
  return report_push_error(r, path, fatal, msg);
}

int cl_report_add_note(cl_report *r, const char *path, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = cl_arena_vprintf(&r->arena, fmt, ap);
  va_end(ap);
  if (!path)
    path = "";
  report_note n = {cl_arena_strdup(&r->arena, path), msg,
                   msg ? cl_arena_printf(&r->arena, "%s: %s", path, msg) : NULL};
  if (!n.path || !n.message || !n.full ||
      ARRAY_GROW(r->notes, r->notes_cap, r->nnotes) < 0)
    return -1;
  r->notes[r->nnotes++] = n;
  return 0;
}

size_t cl_report_document_count(const cl_report *r) { return r->ndocs; }

const cl_document *cl_report_document(const cl_report *r, size_t i) {
  return i < r->ndocs ? &r->docs[i]->pub : NULL;
}

cl_docres *cl_report_docres(cl_report *r, size_t i) {
  return i < r->ndocs ? r->docs[i] : NULL;
}

void cl_report_set_baseline(cl_report *r, const cl_baseline *b) {
  r->baseline = b;
}

const cl_baseline *cl_report_baseline(const cl_report *r) {
  return r->baseline;
}

size_t cl_report_error_count(const cl_report *r) { return r->nerrors; }

const cl_error *cl_report_error(const cl_report *r, size_t i) {
  return i < r->nerrors ? &r->errors[i] : NULL;
}

size_t cl_report_note_count(const cl_report *r) { return r->nnotes; }

const char *cl_report_note(const cl_report *r, size_t i) {
  return i < r->nnotes ? r->notes[i].full : NULL;
}

const char *cl_report_note_path(const cl_report *r, size_t i) {
  return i < r->nnotes ? r->notes[i].path : NULL;
}

const char *cl_report_note_message(const cl_report *r, size_t i) {
  return i < r->nnotes ? r->notes[i].message : NULL;
}

void cl_report_summary(const cl_report *r, cl_summary *out) {
  memset(out, 0, sizeof *out);
  out->documents = r->ndocs;
  out->errors = r->nerrors;
  out->skipped = r->nnotes;
  for (size_t i = 0; i < r->ndocs; i++) {
    const cl_document *doc = &r->docs[i]->pub;
    out->credits += doc->credit_count + doc->metadata_count;
    out->bytes += doc->bytes;
    if (doc->finding_count)
      out->documents_with_findings++;
    for (size_t j = 0; j < doc->finding_count; j++) {
      cl_severity s = doc->findings[j].severity;
      if ((int)s >= 0 && (size_t)s < sizeof out->findings / sizeof *out->findings)
        out->findings[s]++;
    }
  }
}
