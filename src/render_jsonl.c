/* render_jsonl.c - JSON lines: one line per document (the object the json
 * format has in "documents", plus "type"), then a line per input error and
 * per note, the baseline line if any, and a summary line last.  A consumer
 * can act on each document as soon as its line arrives. */
#include "render.h"

#include <jansson.h>

/* Writes O (stolen) as one line with "type": TYPE first. */
static cl_status jl_line(json_t *o, const char *type, FILE *out) {
  cl_status st = CL_FATAL;
  json_t *line = json_object();
  if (!o || !line || json_object_set_new(line, "type", json_string(type)) < 0 ||
      json_object_update(line, o) < 0)
    goto cleanup;
  st = CL_FAILED;
  if (json_dumpf(line, out, JSON_COMPACT | JSON_PRESERVE_ORDER) < 0 ||
      putc('\n', out) == EOF || ferror(out))
    goto cleanup;
  st = CL_OK;
cleanup:
  json_decref(line);
  json_decref(o);
  return st;
}

/* Streamed, not built: a jansson tree per document cost an eighth of a
 * scan. */
cl_status cl_render_jsonl_document(const cl_document *doc, FILE *out) {
  cl_jsonw w;
  cl_jsonw_init(&w, out, 0, 0);
  cl_json_write_document(&w, doc, "document");
  cl_status st = cl_jsonw_flush(&w);
  if (st == CL_OK && (putc('\n', out) == EOF || ferror(out)))
    st = CL_FAILED;
  return st;
}

cl_status cl_render_jsonl_trailer(const cl_report *r, FILE *out) {
  cl_status st = CL_OK;
  for (size_t i = 0; i < cl_report_error_count(r) && st == CL_OK; i++) {
    const cl_error *e = cl_report_error(r, i);
    json_t *o = json_pack("{s:o, s:o, s:b}", "path", cl_json_string(e->path),
                          "message", cl_json_string(e->message), "fatal",
                          e->fatal_to_document);
    st = jl_line(o, "error", out);
  }
  for (size_t i = 0; i < cl_report_note_count(r) && st == CL_OK; i++) {
    json_t *o = json_pack("{s:o, s:o}", "path",
                          cl_json_string(cl_report_note_path(r, i)), "message",
                          cl_json_string(cl_report_note_message(r, i)));
    st = jl_line(o, "note", out);
  }
  if (st == CL_OK && cl_report_baseline(r))
    st = jl_line(cl_baseline_json(cl_report_baseline(r)), "baseline", out);
  /* One line per archive scanned: the auditor's summary. */
  json_t *bundles = st == CL_OK ? cl_json_bundles(r) : NULL;
  if (st == CL_OK && !bundles)
    st = CL_FATAL;
  for (size_t i = 0; bundles && i < json_array_size(bundles) && st == CL_OK; i++)
    st = jl_line(json_incref(json_array_get(bundles, i)), "bundle", out);
  json_decref(bundles);
  if (st == CL_OK)
    st = jl_line(cl_json_summary(r), "summary", out);
  return st;
}

typedef struct {
  FILE *out;
} jsonl_state;

static cl_status jsonl_begin(void *state, FILE *out,
                             const cl_render_options *o) {
  (void)o;
  ((jsonl_state *)state)->out = out;
  return CL_OK;
}

static cl_status jsonl_document(void *state, const cl_document *d) {
  return cl_render_jsonl_document(d, ((jsonl_state *)state)->out);
}

static cl_status jsonl_end(void *state, const cl_report *r) {
  return cl_render_jsonl_trailer(r, ((jsonl_state *)state)->out);
}

const cl_reporter cl_reporter_jsonl = {CL_FORMAT_JSONL, "jsonl",
                                       sizeof(jsonl_state), jsonl_begin,
                                       jsonl_document, jsonl_end, NULL};
