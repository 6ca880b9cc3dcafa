/* render_rdjsonl.c - reviewdog's rdjsonl: one Diagnostic JSON object per
 * line (message, location.path/range, severity, source, code). */
#include "render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *rd_pos(unsigned line, unsigned col) {
  return json_pack("{s:I, s:I}", "line", (json_int_t)line, "column",
                   (json_int_t)(col ? col : 1));
}

static json_t *rd_diagnostic(const cl_document *d, const cl_finding *f,
                             const char *path) {
  const char *sev = f->severity == CL_SEV_ERROR     ? "ERROR"
                    : f->severity == CL_SEV_WARNING ? "WARNING"
                                                    : "INFO";
  const char *member = cl_path_member(d->path, d->archive_len);
  cl_buf msg = CL_BUF_INIT;
  json_t *o = NULL;
  if ((member && cl_buf_printf(&msg, "%s: ", member) < 0) ||
      cl_buf_puts(&msg, f->message) < 0)
    goto cleanup;
  json_t *loc = json_pack("{s:o}", "path", cl_json_string(path));
  if (loc && f->line) {
    json_t *range = json_pack("{s:o}", "start", rd_pos(f->line, f->column));
    if (!range || json_object_set_new(loc, "range", range) < 0) {
      json_decref(loc);
      loc = NULL;
    }
  }
  if (!loc)
    goto cleanup;
  o = json_pack("{s:o, s:o, s:s, s:{s:s}, s:{s:s}}", "message",
                cl_json_string(msg.ptr), "location", loc, "severity", sev,
                "source", "name", "creditline", "code", "value", f->check);
cleanup:
  cl_buf_free(&msg);
  return o;
}

typedef struct {
  FILE *out;
  char *root;
} rd_state;

static cl_status rd_begin(void *state, FILE *out, const cl_render_options *o) {
  (void)o;
  rd_state *rs = state;
  rs->out = out;
  rs->root = cl_path_repo_root();
  return rs->root ? CL_OK : CL_FATAL;
}

static cl_status rd_emit(void *ud, json_t *diag) {
  rd_state *rs = ud;
  if (json_dumpf(diag, rs->out, JSON_COMPACT | JSON_PRESERVE_ORDER) < 0 ||
      putc('\n', rs->out) == EOF)
    return CL_FAILED;
  return CL_OK;
}

static cl_status rd_document(void *state, const cl_document *d) {
  rd_state *rs = state;
  return cl_json_each_finding(d, rs->root, rd_diagnostic, rd_emit, rs);
}

static cl_status rd_end(void *state, const cl_report *r) {
  (void)r; /* diagnostics only: input errors are in the other formats */
  rd_state *rs = state;
  return fflush(rs->out) != 0 || ferror(rs->out) ? CL_FAILED : CL_OK;
}

static void rd_fini(void *state) { free(((rd_state *)state)->root); }

const cl_reporter cl_reporter_rdjsonl = {CL_FORMAT_RDJSONL, "rdjsonl",
                                         sizeof(rd_state), rd_begin,
                                         rd_document, rd_end, rd_fini};
