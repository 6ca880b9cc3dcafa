/* fuzz_scan.c - the whole scan of one document (decode, format detection,
 * reader, rules, credits, checks, suppressions) through
 * cl_scanner_scan_buffer with the default rules, then every report format
 * rendered to memory.  The first byte picks the document's name, which
 * steers format detection. */
#include "fuzz.h"

#include <string.h>

static cl_rules *g_rules;
static cl_scanner *g_scanner;

static int fuzz_scan_init(void) {
  if (g_scanner)
    return 0;
  g_rules = cl_rules_new();
  if (!g_rules || cl_rules_load_defaults(g_rules) != CL_OK ||
      cl_rules_compile(g_rules) != CL_OK)
    abort();
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  g_scanner = cl_scanner_new(g_rules, &opt);
  if (!g_scanner)
    abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const names[] = {"doc.txt", "doc.html", "doc.md",
                                      "doc.xml", "doc.json", "doc",
                                      "doc.nitf.xml", "doc.htm"};
  if (size < 1)
    return 0;
  fuzz_scan_init();
  const char *name = names[data[0] % (sizeof names / sizeof names[0])];
  cl_report *rep = cl_report_new();
  if (!rep)
    return 0;
  cl_status st = cl_scanner_scan_buffer(g_scanner, name, (const char *)data + 1,
                                        size - 1, rep);
  if (st == CL_OK) {
    FUZZ_CHECK(cl_report_document_count(rep) == 1);
    const cl_document *doc = cl_report_document(rep, 0);
    for (size_t i = 0; i < doc->credit_count; i++) {
      const cl_credit *c = &doc->credits[i];
      FUZZ_CHECK(c->line >= 1 && c->column >= 1);
      FUZZ_CHECK(c->text && fuzz_utf8_valid(c->text, strlen(c->text)));
      FUZZ_CHECK(!c->value || fuzz_utf8_valid(c->value, strlen(c->value)));
    }
    for (size_t i = 0; i < doc->finding_count; i++)
      FUZZ_CHECK(doc->findings[i].check && doc->findings[i].message);
    for (int f = 0; f < CL_FORMAT__COUNT; f++) {
      char *buf = NULL;
      size_t len = 0;
      FILE *out = open_memstream(&buf, &len);
      if (!out)
        break;
      cl_render_options ropt = {.verbose = f & 1, .color = f == 0};
      (void)cl_report_render(rep, (cl_format)f, out, &ropt);
      fclose(out);
      free(buf);
    }
  }
  cl_report_free(rep);
  return 0;
}
