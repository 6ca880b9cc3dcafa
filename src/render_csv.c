/* render_csv.c - two tables for auditors' spreadsheets: the credit
 * inventory (csv: one row per credit, text and metadata) and the findings
 * (csv-findings: one row per finding, to pivot by check, severity or
 * bundle).  Both RFC 4180 (CRLF, fields with , " CR LF
 * quoted, quotes doubled).  A cell that a spreadsheet would take for a
 * formula (= + - @ tab CR first) gets a leading ' so that article text
 * never runs as one. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

static const char *const columns[] = {
    "path", "line", "column", "kind", "scope", "value", "holder",
    "party", "person", "agency", "license", "years", "rule", "text"};
#define NCOLUMNS (sizeof columns / sizeof *columns)

typedef struct {
  FILE *out;
  int failed;
} csv_writer;

static void csv_cell(csv_writer *w, const char *s, int first) {
  if (!first && putc(',', w->out) == EOF)
    w->failed = 1;
  if (!s)
    return;
  int quote = strpbrk(s, ",\"\r\n") != NULL;
  int guard = strchr("=+-@\t\r", s[0]) && s[0];
  if (quote && putc('"', w->out) == EOF)
    w->failed = 1;
  if (guard && putc('\'', w->out) == EOF)
    w->failed = 1;
  for (const char *p = s; *p; p++) {
    if (*p == '"' && putc('"', w->out) == EOF)
      w->failed = 1;
    if (putc(*p, w->out) == EOF)
      w->failed = 1;
  }
  if (quote && putc('"', w->out) == EOF)
    w->failed = 1;
}

static void csv_end(csv_writer *w) {
  if (fputs("\r\n", w->out) == EOF)
    w->failed = 1;
}

static const char *credit_field(const cl_credit *c, const char *name) {
  for (size_t i = 0; i < c->field_count; i++)
    if (c->fields[i].name && strcmp(c->fields[i].name, name) == 0)
      return c->fields[i].value;
  return NULL;
}

/* Line and column cells; empty for 0 (the whole document). */
static void csv_pos(csv_writer *w, unsigned line, unsigned column) {
  char l[16] = "", c[16] = "";
  if (line)
    snprintf(l, sizeof l, "%u", line);
  if (column)
    snprintf(c, sizeof c, "%u", column);
  csv_cell(w, l, 0);
  csv_cell(w, c, 0);
}

static void csv_credit(csv_writer *w, const char *path, const cl_credit *c) {
  csv_cell(w, path, 1);
  csv_pos(w, c->line, c->column);
  csv_cell(w, cl_kind_name(c->kind), 0);
  csv_cell(w, cl_scope_name(c->scope), 0);
  csv_cell(w, c->value, 0);
  csv_cell(w, credit_field(c, "holder"), 0);
  csv_cell(w, credit_field(c, "party"), 0);
  csv_cell(w, credit_field(c, "person"), 0);
  csv_cell(w, credit_field(c, "agency"), 0);
  csv_cell(w, credit_field(c, "license"), 0);
  csv_cell(w, c->years_text, 0);
  csv_cell(w, c->rule, 0);
  csv_cell(w, c->text, 0);
  csv_end(w);
}

static cl_status csv_begin(void *state, FILE *out,
                           const cl_render_options *o) {
  (void)o;
  csv_writer *w = state;
  w->out = out;
  for (size_t i = 0; i < NCOLUMNS; i++)
    csv_cell(w, columns[i], i == 0);
  csv_end(w);
  return w->failed ? CL_FAILED : CL_OK;
}

static cl_status csv_document(void *state, const cl_document *d) {
  csv_writer *w = state;
  for (size_t j = 0; j < d->credit_count; j++)
    csv_credit(w, d->path, &d->credits[j]);
  for (size_t j = 0; j < d->metadata_count; j++)
    csv_credit(w, d->path, &d->metadata[j]);
  return w->failed ? CL_FAILED : CL_OK;
}

static cl_status csv_finish(void *state, const cl_report *r) {
  (void)r; /* the inventory has no totals */
  csv_writer *w = state;
  return w->failed || ferror(w->out) ? CL_FAILED : CL_OK;
}

/* ------------------------------------------------------ csv-findings */

static const char *const finding_columns[] = {
    "path", "bundle", "line", "column", "severity", "check",
    "message", "fix", "fingerprint"};
#define NFINDING_COLUMNS (sizeof finding_columns / sizeof *finding_columns)

static cl_status csvf_begin(void *state, FILE *out,
                            const cl_render_options *o) {
  (void)o;
  csv_writer *w = state;
  w->out = out;
  for (size_t i = 0; i < NFINDING_COLUMNS; i++)
    csv_cell(w, finding_columns[i], i == 0);
  csv_end(w);
  return w->failed ? CL_FAILED : CL_OK;
}

static cl_status csvf_document(void *state, const cl_document *d) {
  csv_writer *w = state;
  /* The outermost archive, as the bundle summary names it. */
  char *bundle = d->archive_len ? cl_strndup(d->path, d->archive_len) : NULL;
  if (d->archive_len && !bundle)
    return CL_FATAL;
  for (size_t i = 0; i < d->finding_count; i++) {
    const cl_finding *f = &d->findings[i];
    csv_cell(w, d->path, 1);
    csv_cell(w, bundle, 0);
    csv_pos(w, f->line, f->column);
    csv_cell(w, cl_severity_name(f->severity), 0);
    csv_cell(w, f->check, 0);
    csv_cell(w, f->message, 0);
    csv_cell(w, f->fix, 0);
    csv_cell(w, f->fingerprint, 0);
    csv_end(w);
  }
  free(bundle);
  return w->failed ? CL_FAILED : CL_OK;
}

const cl_reporter cl_reporter_csv_findings = {
    CL_FORMAT_CSV_FINDINGS, "csv-findings", sizeof(csv_writer),
    csvf_begin,             csvf_document,  csv_finish,
    NULL};

const cl_reporter cl_reporter_csv = {CL_FORMAT_CSV, "csv", sizeof(csv_writer),
                                     csv_begin, csv_document, csv_finish,
                                     NULL};
