/* render_gitlab.c - GitLab Code Quality report: a JSON array of issues
 * with description, check_name, fingerprint, severity and location
 * (path relative to the repository root, lines.begin). */
#include "render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* GitLab's scale is info, minor, major, critical, blocker. */
static const char *gl_severity(cl_severity s) {
  return s == CL_SEV_ERROR ? "major" : s == CL_SEV_WARNING ? "minor" : "info";
}

static json_t *gl_issue(const cl_document *d, const cl_finding *f,
                        const char *path) {
  const char *member = cl_path_member(d->path, d->archive_len);
  cl_buf msg = CL_BUF_INIT;
  json_t *o = NULL;
  if ((member && cl_buf_printf(&msg, "%s: ", member) < 0) ||
      cl_buf_printf(&msg, "%s [%s]", f->message, f->check) < 0)
    goto cleanup;
  o = json_pack("{s:s, s:o, s:s, s:o, s:s, s:[s], s:{s:o, s:{s:I}}}",
                "type", "issue", "description", cl_json_string(msg.ptr),
                "check_name", f->check, "fingerprint",
                cl_json_string(f->fingerprint), "severity",
                gl_severity(f->severity), "categories", "Compatibility",
                "location", "path", cl_json_string(path), "lines", "begin",
                (json_int_t)(f->line ? f->line : 1));
cleanup:
  cl_buf_free(&msg);
  return o;
}

/* The array written piece by piece as json_dumpf(JSON_INDENT(2)) writes
 * it: "[", each issue on its own lines, "]" ("[]" when empty). */
typedef struct {
  FILE *out;
  char *root;
  size_t nissues;
} gl_state;

static cl_status gl_begin(void *state, FILE *out, const cl_render_options *o) {
  (void)o;
  gl_state *gs = state;
  gs->out = out;
  gs->root = cl_path_repo_root();
  if (!gs->root)
    return CL_FATAL;
  return putc('[', out) == EOF ? CL_FAILED : CL_OK;
}

static cl_status gl_emit(void *ud, json_t *issue) {
  gl_state *gs = ud;
  if (fputs(gs->nissues++ ? ",\n  " : "\n  ", gs->out) == EOF)
    return CL_FAILED;
  return cl_json_write_nested(issue, 1, gs->out);
}

static cl_status gl_document(void *state, const cl_document *d) {
  gl_state *gs = state;
  return cl_json_each_finding(d, gs->root, gl_issue, gl_emit, gs);
}

static cl_status gl_end(void *state, const cl_report *r) {
  (void)r;
  gl_state *gs = state;
  if (fputs(gs->nissues ? "\n]\n" : "]\n", gs->out) == EOF ||
      ferror(gs->out))
    return CL_FAILED;
  return CL_OK;
}

static void gl_fini(void *state) { free(((gl_state *)state)->root); }

const cl_reporter cl_reporter_gitlab = {CL_FORMAT_GITLAB, "gitlab",
                                        sizeof(gl_state), gl_begin,
                                        gl_document, gl_end, gl_fini};
