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
    cl_reporter_jsonl;

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

/* ---------------------------------------------- streaming (report.c) */

/* Documents the report holds now (kept, or waiting to be passed to the
 * sink): stays at most 1 in streaming mode, whatever was scanned. */
size_t cl_report_live_documents(const cl_report *r);
/* Bundle tallies of the documents already passed to the sink, or NULL. */
const cl_bundles *cl_report_streamed_bundles(const cl_report *r);

/* bundle.c: an empty tally set fed one document at a time, for a
 * streaming report.  Its bundles are not published (see cl_bundles_new). */
cl_bundles *cl_bundles_accumulator(void);
/* Adds DOC to its bundle, if it comes from an archive.  0 / -1 ENOMEM. */
int cl_bundles_add(cl_bundles *bs, const cl_document *doc);

#endif
