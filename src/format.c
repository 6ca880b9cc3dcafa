/* format.c - document format detection and dispatch.  (Interim: every
 * document is plain text until the format readers land.) */
#include "internal.h"

const char *cl_docfmt_name(cl_docfmt f) {
  static const char *const names[] = {"text", "markdown", "html", "nitf",
                                      "newsml", "xml", "json"};
  return (unsigned)f < sizeof names / sizeof names[0] ? names[f] : "text";
}

cl_docfmt cl_docfmt_detect(const char *path, const char *src, size_t len) {
  (void)path;
  (void)src;
  (void)len;
  return CL_DOCFMT_TEXT;
}

int cl_docfmt_extract(cl_docfmt f, cl_text *t, cl_docres *d) {
  (void)f;
  (void)t;
  (void)d;
  return 0;
}
