/* render_github.c - GitHub Actions workflow commands, which the runner
 * turns into annotations on the pull request:
 *
 *     ::error file=articles/a.txt,line=3,col=1,title=missing-copyright::msg
 *
 * Escaping as the runner reads it: in the message % CR LF become %25 %0D
 * %0A; in property values also : and , (%3A %2C). */
#include "render.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  FILE *out;
  int failed;
  char *root; /* the repository root paths are made relative to */
  cl_buf scratch; /* for cl_printable */
} gh_writer;

static void gh_put(gh_writer *w, const char *s) {
  if (fputs(s, w->out) == EOF)
    w->failed = 1;
}

static void gh_escaped(gh_writer *w, const char *s, int property) {
  /* Controls other than CR/LF would reach the log viewer as they are. */
  for (const char *p = cl_printable(s, &w->scratch, 1); *p; p++) {
    const char *esc = NULL;
    switch (*p) {
    case '%': esc = "%25"; break;
    case '\r': esc = "%0D"; break;
    case '\n': esc = "%0A"; break;
    case ':': esc = property ? "%3A" : NULL; break;
    case ',': esc = property ? "%2C" : NULL; break;
    default: break;
    }
    if (esc)
      gh_put(w, esc);
    else if (putc(*p, w->out) == EOF)
      w->failed = 1;
  }
}

static const char *gh_level(cl_severity s) {
  return s == CL_SEV_ERROR ? "error" : s == CL_SEV_WARNING ? "warning"
                                                            : "notice";
}

static void gh_finding(gh_writer *w, const cl_document *d, const cl_finding *f,
                       const char *file) {
  char num[32];
  /* A member's lines are not the archive's: the annotation goes on the
   * archive as a whole, the member and its position in the message. */
  const char *member = cl_path_member(d->path, d->archive_len);
  gh_put(w, "::");
  gh_put(w, gh_level(f->severity));
  gh_put(w, " file=");
  gh_escaped(w, file, 1);
  if (f->line && !member) {
    snprintf(num, sizeof num, ",line=%u", f->line);
    gh_put(w, num);
    if (f->column) {
      snprintf(num, sizeof num, ",col=%u", f->column);
      gh_put(w, num);
    }
  }
  gh_put(w, ",title=");
  gh_escaped(w, f->check, 1);
  gh_put(w, "::");
  if (member) {
    gh_escaped(w, member, 0);
    if (f->line) {
      snprintf(num, sizeof num, ":%u:%u", f->line, f->column);
      gh_put(w, num);
    }
    gh_put(w, ": ");
  }
  gh_escaped(w, f->message, 0);
  gh_put(w, " [");
  gh_escaped(w, f->check, 0);
  gh_put(w, "]");
  if (f->fix) {
    gh_escaped(w, "\nfix: ", 0);
    gh_escaped(w, f->fix, 0);
  }
  gh_put(w, "\n");
}

static cl_status gh_begin(void *state, FILE *out,
                          const cl_render_options *o) {
  (void)o;
  gh_writer *w = state;
  w->out = out;
  w->root = cl_path_repo_root();
  return w->root ? CL_OK : CL_FATAL;
}

static cl_status gh_document(void *state, const cl_document *d) {
  gh_writer *w = state;
  if (!d->finding_count)
    return CL_OK;
  char *file = cl_path_for_root(d->path, d->archive_len, w->root);
  if (!file)
    return CL_FATAL;
  for (size_t j = 0; j < d->finding_count; j++)
    gh_finding(w, d, &d->findings[j], file);
  free(file);
  return w->failed ? CL_FAILED : CL_OK;
}

static cl_status gh_end(void *state, const cl_report *r) {
  gh_writer *w = state;
  for (size_t i = 0; i < cl_report_error_count(r); i++) {
    const cl_error *e = cl_report_error(r, i);
    char *file = cl_path_for_root(e->path, e->archive_len, w->root);
    if (!file)
      return CL_FATAL;
    gh_put(w, "::error file=");
    gh_escaped(w, file, 1);
    gh_put(w, ",title=creditline input error::");
    gh_escaped(w, e->path, 0);
    gh_put(w, ": ");
    gh_escaped(w, e->message, 0);
    gh_put(w, "\n");
    free(file);
  }
  /* A summary line keeps the output non-empty, and the log readable. */
  cl_summary s;
  cl_report_summary(r, &s);
#define GH_N(n) (n), (n) == 1 ? "" : "s"
  if (fprintf(w->out, "creditline: %zu document%s, %zu error%s, %zu warning%s, "
                      "%zu info, %zu input error%s\n",
              GH_N(s.documents), GH_N(s.findings[CL_SEV_ERROR]),
              GH_N(s.findings[CL_SEV_WARNING]), s.findings[CL_SEV_INFO],
              GH_N(s.errors)) < 0)
    w->failed = 1;
#undef GH_N
  return w->failed || ferror(w->out) ? CL_FAILED : CL_OK;
}

static void gh_fini(void *state) {
  gh_writer *w = state;
  free(w->root);
  cl_buf_free(&w->scratch);
}

const cl_reporter cl_reporter_github = {CL_FORMAT_GITHUB, "github",
                                        sizeof(gh_writer), gh_begin,
                                        gh_document, gh_end, gh_fini};
