/* report.c - per-document result builders (cl_docres), the report that
 * collects them (whole, or streaming: each document passed to a sink and
 * freed), and the render driver shared by every format (render.h). */
#include "render.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
  /* Streaming mode (cl_report_set_sink): docs stays empty; the document
   * added last waits in `held` for the caller's adjustments, then goes to
   * the sink and is freed.  What is kept of it: the counters and the
   * bundle tallies. */
  int streaming;
  cl_document_fn sink;
  void *sink_ud;
  cl_docres *held;
  size_t nstreamed;
  cl_summary streamed;  /* documents, credits, findings, bytes passed on */
  cl_bundles *bundles;  /* tallies of the documents passed on */
  const cl_rules *names; /* agency table and parties for the tallies */
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

/* One entry per format; a new format is one more reporter here. */
static const cl_reporter *const reporters[] = {
    &cl_reporter_text,   &cl_reporter_json,   &cl_reporter_sarif,
    &cl_reporter_github, &cl_reporter_junit,  &cl_reporter_rdjsonl,
    &cl_reporter_gitlab, &cl_reporter_csv,    &cl_reporter_jsonl,
    &cl_reporter_html,   &cl_reporter_csv_findings,
};

#define NREPORTERS (sizeof reporters / sizeof *reporters)

static const cl_reporter *reporter_find(cl_format fmt) {
  for (size_t i = 0; i < NREPORTERS; i++)
    if (reporters[i]->fmt == fmt)
      return reporters[i];
  return NULL;
}

int cl_format_parse(const char *name) {
  for (size_t i = 0; name && i < NREPORTERS; i++)
    if (strcmp(name, reporters[i]->name) == 0)
      return (int)reporters[i]->fmt;
  return -1;
}

const char *cl_format_name(cl_format fmt) {
  const cl_reporter *rp = reporter_find(fmt);
  return rp ? rp->name : NULL;
}

/* ------------------------------------------------------------ renderer */

struct cl_renderer {
  const cl_reporter *rp;
  cl_render_options ropt;
  cl_status status; /* the first failure; nothing is written after it */
  int ended;
  void *state;
};

cl_renderer *cl_renderer_new(cl_format fmt, FILE *out,
                             const cl_render_options *ropt) {
  const cl_reporter *rp = reporter_find(fmt);
  cl_renderer *rd = NULL;
  if (!rp || !out)
    return NULL;
  rd = calloc(1, sizeof *rd);
  if (!rd || !(rd->state = calloc(1, rp->size))) {
    free(rd);
    return NULL;
  }
  rd->rp = rp;
  if (ropt)
    rd->ropt = *ropt;
  rd->status = rp->begin(rd->state, out, &rd->ropt);
  return rd;
}

cl_status cl_renderer_document(cl_renderer *rd, const cl_document *doc) {
  if (rd->status == CL_OK && !rd->ended && doc)
    rd->status = rd->rp->document(rd->state, doc);
  return rd->status;
}

cl_status cl_renderer_end(cl_renderer *rd, const cl_report *report) {
  if (rd->status == CL_OK && !rd->ended)
    rd->status = rd->rp->end(rd->state, report);
  rd->ended = 1;
  return rd->status;
}

cl_status cl_renderer_status(const cl_renderer *rd) { return rd->status; }

void cl_renderer_free(cl_renderer *rd) {
  if (!rd)
    return;
  if (rd->rp->fini)
    rd->rp->fini(rd->state);
  free(rd->state);
  free(rd);
}

/* The documents the report holds, then its totals: in streaming mode the
 * documents already passed on are not written again. */
cl_status cl_report_render(const cl_report *report, cl_format fmt, FILE *out,
                           const cl_render_options *ropt) {
  if (!report || !out || !reporter_find(fmt))
    return CL_FAILED;
  cl_renderer *rd = cl_renderer_new(fmt, out, ropt);
  if (!rd)
    return CL_FATAL;
  for (size_t i = 0; i < cl_report_document_count(report); i++)
    cl_renderer_document(rd, cl_report_document(report, i));
  cl_status st = cl_renderer_end(rd, report);
  cl_renderer_free(rd);
  return st;
}

/* --------------------------------------------------------------- spool */

FILE *cl_spool_file(cl_spool *s) {
  if (s->f)
    return s->f;
  const char *dir = getenv("TMPDIR");
  cl_buf name = CL_BUF_INIT;
  if (!dir || !*dir)
    dir = "/tmp";
  if (cl_buf_printf(&name, "%s/creditline-spool-XXXXXX", dir) < 0) {
    errno = ENOMEM;
    return NULL;
  }
  int fd = mkstemp(name.ptr);
  if (fd >= 0) {
    unlink(name.ptr); /* gone when closed, whatever happens */
    s->f = fdopen(fd, "w+");
    if (!s->f)
      close(fd);
  }
  cl_buf_free(&name);
  return s->f;
}

int cl_spool_copy(cl_spool *s, FILE *out) {
  char buf[65536];
  size_t n;
  if (!s->f)
    return 0;
  if (fflush(s->f) != 0 || fseek(s->f, 0, SEEK_SET) != 0)
    return -1;
  while ((n = fread(buf, 1, sizeof buf, s->f)) > 0)
    if (fwrite(buf, 1, n, out) != n)
      return -1;
  return ferror(s->f) ? -1 : 0;
}

void cl_spool_close(cl_spool *s) {
  if (s->f)
    fclose(s->f);
  s->f = NULL;
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
  d->pub.dates = d->dates;
  d->pub.date_count = d->ndates;
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
  if (!d->repo_path) {
    char *rp = d->repo_root ? cl_path_in_repo(d->pub.path, d->pub.archive_len,
                                              d->repo_root, d->cwd)
                            : NULL;
    d->repo_path = cl_arena_strdup(&d->arena, rp ? rp : d->pub.path);
    free(rp);
    if (!d->repo_path)
      return NULL;
  }
  f.fingerprint = fingerprint_make(&d->arena, check_id, d->repo_path, evidence);

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
  cl_docres_free(r->held);
  cl_bundles_free(r->bundles);
  free(r->errors);
  free(r->notes);
  cl_arena_free(&r->arena);
  free(r);
}

static int report_push_error(cl_report *r, const char *path,
                             size_t archive_len, int fatal, const char *msg) {
  if (ARRAY_GROW(r->errors, r->errors_cap, r->nerrors) < 0)
    return -1;
  cl_error e = {.path = cl_arena_strdup(&r->arena, path ? path : ""),
                .archive_len = archive_len,
                .message = cl_arena_strdup(&r->arena, msg ? msg : ""),
                .fatal_to_document = fatal};
  if (!e.path || !e.message)
    return -1;
  r->errors[r->nerrors++] = e;
  return 0;
}

/* Adds the counters of DOC to S (documents and errors aside). */
static void summary_add(cl_summary *s, const cl_document *doc) {
  s->credits += doc->credit_count + doc->metadata_count;
  s->bytes += doc->bytes;
  if (doc->finding_count)
    s->documents_with_findings++;
  for (size_t j = 0; j < doc->finding_count; j++) {
    cl_severity sev = doc->findings[j].severity;
    if ((int)sev >= 0 && (size_t)sev < sizeof s->findings / sizeof *s->findings)
      s->findings[sev]++;
  }
}

cl_status cl_report_set_sink(cl_report *r, cl_document_fn fn, void *ud) {
  if (r->ndocs)
    return CL_FAILED;
  r->streaming = 1;
  r->sink = fn;
  r->sink_ud = ud;
  return CL_OK;
}

/* The held document goes to the sink, into the counters and tallies, and
 * is freed even when the tallies run out of memory (reported). */
cl_status cl_report_flush(cl_report *r) {
  cl_docres *d = r->held;
  if (!d)
    return CL_OK;
  r->held = NULL;
  if (r->sink)
    r->sink(&d->pub, r->sink_ud);
  summary_add(&r->streamed, &d->pub);
  r->nstreamed++;
  int rc = 0;
  if (d->pub.archive_len) {
    if (!r->bundles)
      r->bundles = cl_bundles_accumulator(r->names);
    rc = r->bundles ? cl_bundles_add(r->bundles, &d->pub) : -1;
  }
  cl_docres_free(d);
  return rc < 0 ? CL_FATAL : CL_OK;
}

size_t cl_report_live_documents(const cl_report *r) {
  return r->ndocs + (r->held != NULL);
}

void cl_report_set_names(cl_report *r, const cl_rules *rules) {
  r->names = rules;
}

const cl_rules *cl_report_names(const cl_report *r) { return r->names; }

const cl_bundles *cl_report_streamed_bundles(const cl_report *r) {
  return r->bundles;
}

/* On failure D stays with the caller, so nothing is half-owned. */
int cl_report_add_document(cl_report *r, cl_docres *d) {
  if (r->streaming) {
    if (cl_report_flush(r) != CL_OK)
      return -1;
  } else if (ARRAY_GROW(r->docs, r->docs_cap, r->ndocs) < 0) {
    return -1;
  }
  size_t nerr = r->nerrors;
  for (size_t i = 0; i < d->nerrors; i++) {
    /* The document was scanned; what the error names (a rule's match
     * limit, ...) was not: not fatal to the document as a whole. */
    if (report_push_error(r, d->pub.path, d->pub.archive_len, 0,
                          d->errors[i]) < 0) {
      r->nerrors = nerr;
      return -1;
    }
  }
  free(d->errors);
  d->errors = NULL;
  d->nerrors = d->errors_cap = 0;
  docres_publish(d);
  if (r->streaming)
    r->held = d;
  else
    r->docs[r->ndocs++] = d;
  return 0;
}

int cl_report_add_error(cl_report *r, const char *path, size_t archive_len,
                        int fatal, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = cl_arena_vprintf(&r->arena, fmt, ap);
  va_end(ap);
  if (!msg)
    return -1;
  return report_push_error(r, path, archive_len, fatal, msg);
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

/* Indices count every document added; a streaming report holds only the
 * last one, at index nstreamed. */
size_t cl_report_document_count(const cl_report *r) {
  return r->ndocs + r->nstreamed + (r->held != NULL);
}

cl_docres *cl_report_docres(cl_report *r, size_t i) {
  if (i < r->ndocs)
    return r->docs[i];
  return r->held && i == r->nstreamed ? r->held : NULL;
}

const cl_document *cl_report_document(const cl_report *r, size_t i) {
  cl_docres *d = cl_report_docres((cl_report *)r, i);
  return d ? &d->pub : NULL;
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
  *out = r->streamed;
  out->documents = cl_report_document_count(r);
  out->errors = r->nerrors;
  out->skipped = r->nnotes;
  for (size_t i = 0; i < r->ndocs; i++)
    summary_add(out, &r->docs[i]->pub);
  if (r->held)
    summary_add(out, &r->held->pub);
}
