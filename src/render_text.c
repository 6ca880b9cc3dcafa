/* render_text.c - gcc-style lines, one per finding, and a summary line.
 * The format is documented in docs/output.md; keep the two in step. */
#include "render.h"

#include <stdarg.h>
#include <string.h>

typedef struct {
  FILE *out;
  const cl_render_options *o;
  int failed; /* a write returned an error */
  cl_buf scratch; /* for cl_printable */
} text_writer;

static void tw_printf(text_writer *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void tw_printf(text_writer *w, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (vfprintf(w->out, fmt, ap) < 0)
    w->failed = 1;
  va_end(ap);
}

static void tw_puts(text_writer *w, const char *s) {
  if (fputs(s, w->out) == EOF)
    w->failed = 1;
}

/* "path:line:col: ", "path:line: " or "path: ". */
/* Anything that came from a document or an error text: no control
 * character reaches the terminal. */
static const char *tw_safe(text_writer *w, const char *s) {
  return cl_printable(s, &w->scratch, 0);
}

static void tw_location(text_writer *w, const char *path, unsigned line,
                        unsigned col) {
  tw_puts(w, tw_safe(w, path));
  if (line) {
    tw_printf(w, ":%u", line);
    if (col)
      tw_printf(w, ":%u", col);
  }
  tw_puts(w, ": ");
}

/* The word after the location ("error", "note", ...), coloured on request:
 * colour never touches the rest of the line, so greps keep working. */
static void tw_word(text_writer *w, const char *word) {
  static const struct {
    const char *word, *sgr;
  } colors[] = {{"error", "1;31"},  {"warning", "1;35"}, {"info", "1;36"},
                {"note", "1;36"},   {"credit", "1;32"}};
  const char *sgr = NULL;
  for (size_t i = 0; w->o->color && i < sizeof colors / sizeof *colors; i++)
    if (strcmp(word, colors[i].word) == 0)
      sgr = colors[i].sgr;
  if (sgr)
    tw_printf(w, "\033[%sm%s\033[0m: ", sgr, word);
  else
    tw_printf(w, "%s: ", word);
}

/* A double-quoted value: \" \\ and control characters escaped, so that a
 * credit stays on one line whatever its text. */
static void tw_quoted(text_writer *w, const char *s) {
  tw_puts(w, "\"");
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      tw_printf(w, "\\%c", *p);
    else if (*p == '\n')
      tw_puts(w, "\\n");
    else if (*p == '\t')
      tw_puts(w, "\\t");
    else if (*p < 0x20 || *p == 0x7f)
      tw_printf(w, "\\x%02x", *p);
    else if (putc(*p, w->out) == EOF)
      w->failed = 1;
  }
  tw_puts(w, "\"");
}

static void tw_credit(text_writer *w, const char *path, const cl_credit *c) {
  const char *kind = cl_kind_name(c->kind);
  tw_location(w, path, c->line, c->column);
  tw_word(w, "credit");
  tw_printf(w, "%s rule=%s", kind ? kind : "unknown", c->rule ? c->rule : "");
  if (c->scope != CL_SCOPE_BODY)
    tw_printf(w, " scope=%s", cl_scope_name(c->scope));
  if (c->value) {
    tw_puts(w, " value=");
    tw_quoted(w, c->value);
  }
  if (c->years_text) {
    tw_puts(w, " years=");
    tw_quoted(w, c->years_text);
  }
  tw_puts(w, "\n");
}

static void tw_finding(text_writer *w, const char *path, const cl_finding *f) {
  const char *sev = cl_severity_name(f->severity);
  tw_location(w, path, f->line, f->column);
  tw_word(w, sev ? sev : "unknown");
  tw_printf(w, "%s [%s]\n", tw_safe(w, f->message), f->check);
  if (f->fix)
    tw_printf(w, "  fix: %s\n", tw_safe(w, f->fix));
}

/* "1 document" / "2 documents". */
static void tw_count(text_writer *w, size_t n, const char *what,
                     const char *sep) {
  tw_printf(w, "%zu %s%s%s", n, what, n == 1 ? "" : "s", sep);
}

static void tw_summary(text_writer *w, const cl_report *r) {
  cl_summary s;
  cl_report_summary(r, &s);
  size_t nfind = s.findings[CL_SEV_ERROR] + s.findings[CL_SEV_WARNING] +
                 s.findings[CL_SEV_INFO];
  tw_count(w, s.documents, "document", ", ");
  tw_count(w, s.credits, "credit", ", ");
  tw_count(w, nfind, "finding", " (");
  tw_count(w, s.findings[CL_SEV_ERROR], "error", ", ");
  tw_count(w, s.findings[CL_SEV_WARNING], "warning", ", ");
  tw_printf(w, "%zu info), ", s.findings[CL_SEV_INFO]);
  tw_count(w, s.errors, "input error", ", ");
  tw_printf(w, "%zu skipped\n", s.skipped);
}

static void tw_tallies(text_writer *w, const char *what, const cl_tally *v,
                       size_t n) {
  if (n == 0)
    return;
  tw_printf(w, "  %s: ", what);
  for (size_t i = 0; i < n; i++)
    tw_printf(w, "%s%s (%zu)", i ? ", " : "", v[i].name, v[i].count);
  tw_puts(w, "\n");
}

/* What an auditor reads first about each archive scanned. */
static int tw_bundles(text_writer *w, const cl_report *r) {
  cl_bundles *bs = cl_bundles_new(r);
  if (!bs)
    return -1;
  for (size_t i = 0; i < cl_bundles_count(bs); i++) {
    const cl_bundle *b = cl_bundles_at(bs, i);
    tw_printf(w, "bundle %s: ", b->path);
    tw_count(w, b->documents, "document", ", ");
    tw_printf(w, "%zu with findings, ", b->documents_with_findings);
    tw_count(w, b->credits, "credit", ", ");
    tw_count(w, b->errors, "error", "\n");
    tw_tallies(w, "holders", b->holders, b->holder_count);
    tw_tallies(w, "parties", b->parties, b->party_count);
  }
  cl_bundles_free(bs);
  return 0;
}

static cl_status text_begin(void *state, FILE *out,
                            const cl_render_options *o) {
  text_writer *w = state;
  w->out = out;
  w->o = o;
  return CL_OK;
}

static cl_status text_document(void *state, const cl_document *d) {
  text_writer *w = state;
  if (w->o->verbose) {
    for (size_t j = 0; j < d->credit_count; j++)
      tw_credit(w, d->path, &d->credits[j]);
    for (size_t j = 0; j < d->metadata_count; j++)
      tw_credit(w, d->path, &d->metadata[j]);
  }
  if (d->damaged) {
    tw_location(w, d->path, d->damaged_line, 0);
    tw_word(w, "warning");
    tw_printf(w, "damaged document, read only in part (%s); its findings "
                 "may be wrong\n",
              tw_safe(w, d->damaged));
  }
  for (size_t j = 0; j < d->finding_count; j++)
    tw_finding(w, d->path, &d->findings[j]);
  return w->failed ? CL_FAILED : CL_OK;
}

static cl_status text_end(void *state, const cl_report *r) {
  text_writer *w = state;
  for (size_t i = 0; i < cl_report_error_count(r); i++) {
    const cl_error *e = cl_report_error(r, i);
    tw_location(w, e->path, 0, 0);
    tw_word(w, "error");
    tw_printf(w, "%s\n", tw_safe(w, e->message));
  }
  for (size_t i = 0; w->o->verbose && i < cl_report_note_count(r); i++) {
    tw_location(w, cl_report_note_path(r, i), 0, 0);
    tw_word(w, "note");
    tw_printf(w, "%s\n", tw_safe(w, cl_report_note_message(r, i)));
  }
  if (!w->o->quiet) {
    if (tw_bundles(w, r) < 0)
      return CL_FATAL;
    tw_summary(w, r);
  }
  if (cl_report_baseline(r) &&
      cl_baseline_text(cl_report_baseline(r), w->out) < 0)
    w->failed = 1;
  return w->failed || ferror(w->out) ? CL_FAILED : CL_OK;
}

static void text_fini(void *state) {
  text_writer *w = state;
  cl_buf_free(&w->scratch);
}

const cl_reporter cl_reporter_text = {CL_FORMAT_TEXT, "text",
                                      sizeof(text_writer), text_begin,
                                      text_document, text_end, text_fini};
