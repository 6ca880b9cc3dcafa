/* render_gitlab.c - GitLab Code Quality report: a JSON array of issues
 * with description, check_name, fingerprint, severity and location
 * (path relative to the repository root, lines.begin). */
#include "internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* GitLab's scale is info, minor, major, critical, blocker. */
static const char *gl_severity(cl_severity s) {
  return s == CL_SEV_ERROR ? "major" : s == CL_SEV_WARNING ? "minor" : "info";
}

static json_t *gl_issue(const cl_document *d, const cl_finding *f,
                        const char *path) {
  const char *member = strstr(d->path, "!/");
  cl_buf msg = CL_BUF_INIT;
  json_t *o = NULL;
  if ((member && cl_buf_printf(&msg, "%s: ", member + 2) < 0) ||
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

cl_status cl_render_gitlab(const cl_report *r, FILE *out,
                           const cl_render_options *o) {
  (void)o;
  cl_status st = CL_FATAL;
  char *root = cl_path_repo_root();
  json_t *arr = json_array();
  if (!root || !arr)
    goto cleanup;
  for (size_t i = 0; i < cl_report_document_count(r); i++) {
    const cl_document *d = cl_report_document(r, i);
    if (!d->finding_count)
      continue;
    char *path = cl_path_for_root(d->path, root);
    if (!path)
      goto cleanup;
    for (size_t j = 0; j < d->finding_count; j++) {
      json_t *issue = gl_issue(d, &d->findings[j], path);
      if (!issue || json_array_append_new(arr, issue) < 0) {
        free(path);
        goto cleanup;
      }
    }
    free(path);
  }
  st = CL_FAILED;
  if (json_dumpf(arr, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0 ||
      putc('\n', out) == EOF || ferror(out))
    goto cleanup;
  st = CL_OK;
cleanup:
  json_decref(arr);
  free(root);
  return st;
}
