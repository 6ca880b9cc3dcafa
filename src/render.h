/*
 * render.h - the reporters behind cl_report_render and cl_renderer, and
 * the streaming state of a report (report.c, bundle.c, render_*.c).
 *
 * Every format is three callbacks over a state of its own:
 *
 *   begin     the header, from the format alone (SARIF's rules come from
 *             the check catalogue, JSON writes `{"version": ..,
 *             "documents": [`);
 *   document  one document's part, called in report order;
 *   end       what needs totals: errors, notes, bundles, summary,
 *             baseline, closing brackets.
 *
 * A whole report is begin + each document it holds + end; a streamed scan
 * calls the same three, so both write the same bytes.  Formats whose
 * header needs totals (JUnit's root counts, SARIF's invocation that lists
 * the input errors before the results) write their documents to a spool, a
 * deleted temporary file, and copy it after the header at the end: the
 * output is unchanged and memory does not grow with the documents.
 *
 * Not installed; the CLI must not include it.  Unit tests may.
 */
#ifndef CL_RENDER_H
#define CL_RENDER_H

#include "internal.h"

struct json_t;

/* One format.  STATE points to SIZE zeroed bytes owned by the caller.
 * After any callback failed the others are not called, but FINI is. */
typedef struct {
  cl_format fmt;
  const char *name;
  size_t size;
  cl_status (*begin)(void *state, FILE *out, const cl_render_options *o);
  cl_status (*document)(void *state, const cl_document *d);
  cl_status (*end)(void *state, const cl_report *r);
  void (*fini)(void *state); /* releases what STATE holds; may be NULL */
} cl_reporter;

extern const cl_reporter cl_reporter_text, cl_reporter_json,
    cl_reporter_sarif, cl_reporter_github, cl_reporter_junit,
    cl_reporter_rdjsonl, cl_reporter_gitlab, cl_reporter_csv,
    cl_reporter_jsonl, cl_reporter_html, cl_reporter_csv_findings;

/* --------------------------------------------------- spool (report.c) */

/* Output kept aside in an unlinked temporary file (in $TMPDIR, else
 * /tmp), opened on first use. */
typedef struct {
  FILE *f;
  int used; /* something was written */
} cl_spool;

/* The spool's file, opened if needed; NULL with errno set. */
FILE *cl_spool_file(cl_spool *s);
/* Copies what was spooled to OUT.  0, or -1 (read or write failed). */
int cl_spool_copy(cl_spool *s, FILE *out);
void cl_spool_close(cl_spool *s);

/* ------------------------------------------ JSON helpers (render_json.c) */

/* Writes V as json_dumpf(V, JSON_INDENT(2) | JSON_PRESERVE_ORDER) would
 * inside a value nested DEPTH levels deep: every line after the first is
 * indented 2 * DEPTH more spaces.  CL_OK, CL_FATAL (ENOMEM), CL_FAILED. */
cl_status cl_json_write_nested(struct json_t *v, size_t depth, FILE *out);

/* For the formats with one JSON object per finding (gitlab, rdjsonl): for
 * each finding of D, BUILD makes its object (PATH: D's path relative to
 * ROOT; NULL on ENOMEM) and EMIT writes it.  Stops at the first error:
 * CL_FATAL (ENOMEM) or what EMIT returned. */
cl_status cl_json_each_finding(
    const cl_document *d, const char *root,
    struct json_t *(*build)(const cl_document *d, const cl_finding *f,
                            const char *path),
    cl_status (*emit)(void *ud, struct json_t *v), void *ud);

/* ------------------------------------ streaming JSON writer (jsonw.c) */

/* Writes what json_dumps(v, JSON_PRESERVE_ORDER | JSON_INDENT(INDENT))
 * (or JSON_COMPACT for INDENT 0) writes, value by value, into a buffer
 * flushed to OUT when full and by cl_jsonw_flush: the per-document JSON
 * without a jansson tree.  Strings are escaped as jansson escapes them;
 * bytes that are not UTF-8 become U+FFFD (as cl_json_string).  Errors are
 * sticky: after one nothing more is written and cl_jsonw_flush returns it
 * (CL_FAILED: a write failed; CL_FATAL: containers misnested or nested
 * deeper than CL_JSONW_MAX_DEPTH).  Allocates nothing; no cleanup. */
#define CL_JSONW_MAX_DEPTH 64
typedef struct {
  FILE *out;
  unsigned indent;             /* spaces per level; 0: compact */
  unsigned base, depth;        /* depth given to init; current depth */
  unsigned long long nonempty; /* bit D: the open container D has a member */
  int after_key;               /* a key was written, its value comes next */
  cl_status st;
  size_t len;
  char buf[4096];
} cl_jsonw;

/* DEPTH: the nesting level the first value sits at, as if it were
 * re-indented by cl_json_write_nested(v, DEPTH, out). */
void cl_jsonw_init(cl_jsonw *w, FILE *out, unsigned indent, unsigned depth);
/* Writes what is buffered; the first error so far, or CL_OK. */
cl_status cl_jsonw_flush(cl_jsonw *w);
void cl_jsonw_object_begin(cl_jsonw *w);
void cl_jsonw_object_end(cl_jsonw *w);
void cl_jsonw_array_begin(cl_jsonw *w);
void cl_jsonw_array_end(cl_jsonw *w);
/* Inside an object: the member's key; its value is the next call. */
void cl_jsonw_key(cl_jsonw *w, const char *key);
void cl_jsonw_string(cl_jsonw *w, const char *s); /* NULL: null */
void cl_jsonw_int(cl_jsonw *w, long long v);
void cl_jsonw_bool(cl_jsonw *w, int b);
void cl_jsonw_null(cl_jsonw *w);
/* Length of the valid UTF-8 sequence at P (N > 0 bytes left), else 0. */
size_t cl_jsonw_utf8_seq(const unsigned char *p, size_t n);

/* render_json.c: document D as the object the json format writes in
 * "documents", with "type": TYPE first unless TYPE is NULL (jsonl). */
void cl_json_write_document(cl_jsonw *w, const cl_document *d,
                            const char *type);

/* ---------------------------------------------- streaming (report.c) */

/* Documents the report holds now (kept, or waiting to be passed to the
 * sink): stays at most 1 in streaming mode, whatever was scanned. */
size_t cl_report_live_documents(const cl_report *r);
/* Bundle tallies of the documents already passed to the sink, or NULL. */
const cl_bundles *cl_report_streamed_bundles(const cl_report *r);
const cl_rules *cl_report_names(const cl_report *r);

/* bundle.c: an empty tally set fed one document at a time, for a
 * streaming report; names merged through RULES (may be NULL).  Its
 * bundles are not published (see cl_bundles_new). */
cl_bundles *cl_bundles_accumulator(const cl_rules *rules);
/* Adds DOC to its bundle, if it comes from an archive.  0 / -1 ENOMEM. */
int cl_bundles_add(cl_bundles *bs, const cl_document *doc);

#endif
