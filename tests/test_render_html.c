/* test_render_html.c - the audit report (html) and the findings table
 * (csv-findings): the page parses back with libxml2's HTML parser with no
 * unclosed or misnested element, everything from the content is escaped,
 * its counts equal the summary, partners merge through the policy and
 * licence status follows the agreement's window. */
#include "render.h"
#include "testutil.h"

#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <string.h>

static char *render(const cl_report *r, cl_format fmt,
                    const cl_render_options *o) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(cl_report_render(r, fmt, f, o), CL_OK);
  fclose(f);
  return buf;
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
    n++;
  return n;
}

/* Scans each {name, text} document into one report. */
static cl_report *scan_docs(const cl_rules *rules, const char *const *docs) {
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  cl_scanner *sc = cl_scanner_new(rules, &opt);
  cl_report *r = cl_report_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  for (size_t i = 0; docs[i]; i += 2)
    CU_ASSERT(cl_scanner_scan_buffer(sc, docs[i], docs[i + 1],
                                     strlen(docs[i + 1]), r) == CL_OK);
  cl_scanner_free(sc);
  return r;
}

static cl_rules *rules_with(const char *policy) {
  cl_rules *rules = cl_rules_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
  CU_ASSERT_EQUAL(cl_rules_load_defaults(rules), CL_OK);
  if (policy)
    CU_ASSERT_EQUAL(cl_rules_load_buffer(rules, "policy.yaml", policy,
                                         strlen(policy)),
                    CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(rules), CL_OK);
  return rules;
}

/* libxml2's HTML parser knows HTML 4 names only: an unknown tag (section,
 * svg, ...) is expected; anything else (a misnested or unclosed element,
 * a bad attribute) is a defect of the page. */
static void on_error(void *ud, xmlErrorPtr e) {
  if (e->code != XML_HTML_UNKNOWN_TAG)
    (*(int *)ud)++;
}

static int parse_errors(const char *html) {
  int n = 0;
  xmlSetStructuredErrorFunc(&n, on_error);
  htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), "r.html", "UTF-8",
                                  HTML_PARSE_NONET);
  xmlSetStructuredErrorFunc(NULL, NULL);
  CU_ASSERT_PTR_NOT_NULL(doc);
  xmlFreeDoc(doc);
  return n;
}

static const char *const hostile[] = {
    "feed.tar.gz!/<img src=x onerror=alert(1)>.txt",
    "Story.\n© 2024 <script>alert(2)</script> Media Ltd.\n"
    "© 2024 Other \"Quoted\" & 'Co' Ltd.\n",
    "plain.txt", "A story with no notice at all.\n", NULL};

static void test_parses_back_and_escapes(void) {
  cl_rules *rules = rules_with(NULL);
  cl_report *r = scan_docs(rules, hostile);
  cl_render_options o = {0};
  o.rules = rules;
  const char *inputs[] = {"<b>in</b>"};
  o.inputs = inputs;
  o.input_count = 1;
  o.generated = "2026-01-02 03:04 UTC";
  char *html = render(r, CL_FORMAT_HTML, &o);
  CU_ASSERT_PTR_NOT_NULL_FATAL(html);
  CU_ASSERT_EQUAL(parse_errors(html), 0);
  /* Nothing from the content is markup: the only <script> is the page's
   * own, and no <img> or <b> from names. */
  CU_ASSERT_EQUAL(count(html, "<script"), 1);
  CU_ASSERT_EQUAL(count(html, "<img"), 0);
  CU_ASSERT_EQUAL(count(html, "<b>in"), 0);
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "&lt;img src=x onerror=alert(1)&gt;"));
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "&lt;b&gt;in&lt;/b&gt;"));
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "2026-01-02 03:04 UTC"));
  CU_ASSERT_PTR_NOT_NULL(
      strstr(html, "content=\"default-src 'none'; style-src 'unsafe-inline'"));
  /* Not timed unless asked: the page is reproducible. */
  CU_ASSERT_PTR_NULL(strstr(html, "<dt>Time</dt>"));
  free(html);
  cl_report_free(r);
  cl_rules_free(rules);
}

static void test_counts_equal_summary(void) {
  static const char *const docs[] = {
      "a.txt", "Produced in association with Copperleaf News\n"
               "© 2025 Copperleaf News. All rights reserved.\n",
      "b.txt", "Produced in association with Copperleaf\n"
               "© 2025 Dunmore Holdings. All rights reserved.\n"
               "© 2025 Quayside Ltd. All rights reserved.\n",
      "c.txt", "GENEVA (Reuters) - A story.\n",
      NULL};
  static const char policy[] =
      "parties:\n"
      "  - name: Copperleaf News\n"
      "    aliases: [Copperleaf]\n"
      "agreements:\n"
      "  - partner: Copperleaf News\n"
      "    from: 2024-01-01\n"
      "    until: 2024-12-31\n";
  cl_rules *rules = rules_with(policy);
  cl_report *r = scan_docs(rules, docs);
  cl_summary s;
  cl_report_summary(r, &s);
  cl_render_options o = {0};
  o.rules = rules;
  o.as_of = "2025-06-01";
  char *html = render(r, CL_FORMAT_HTML, &o);
  CU_ASSERT_PTR_NOT_NULL_FATAL(html);
  CU_ASSERT_EQUAL(parse_errors(html), 0);
  char want[128];
  snprintf(want, sizeof want, "id=\"n-documents\"><b>%zu</b>", s.documents);
  CU_ASSERT_PTR_NOT_NULL(strstr(html, want));
  snprintf(want, sizeof want, "id=\"n-errors\"><b>%zu</b>",
           s.findings[CL_SEV_ERROR]);
  CU_ASSERT_PTR_NOT_NULL(strstr(html, want));
  size_t findings = 0;
  for (size_t i = 0; i < cl_report_document_count(r); i++)
    findings += cl_report_document(r, i)->finding_count;
  CU_ASSERT(findings > 0);
  CU_ASSERT_EQUAL(count(html, "<tr class=\"f\""), findings);
  /* "Copperleaf" and "Copperleaf News" are one partner, in two documents,
   * and its agreement ended before the as-of day; Reuters has none. */
  CU_ASSERT_PTR_NOT_NULL(strstr(
      html, "<tr class=\"partner\"><td>Copperleaf News</td>"
            "<td class=\"n\">2</td>"));
  CU_ASSERT_EQUAL(count(html, "<tr class=\"partner\"><td>Copperleaf"), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "<td>expired</td>"));
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "<tr class=\"partner\"><td>Reuters"));
  free(html);

  /* The same day inside the window: licensed. */
  o.as_of = "2024-06-01";
  html = render(r, CL_FORMAT_HTML, &o);
  CU_ASSERT_PTR_NOT_NULL(strstr(html, "<td>licensed</td>"));
  CU_ASSERT_PTR_NULL(strstr(html, "<td>expired</td>"));
  free(html);

  /* csv-findings: a header and one row per finding. */
  char *csv = render(r, CL_FORMAT_CSV_FINDINGS, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
  const char *header = "path,bundle,line,column,severity,check,message,fix,"
                       "fingerprint\r\n";
  CU_ASSERT_EQUAL(strncmp(csv, header, strlen(header)), 0);
  CU_ASSERT_EQUAL(count(csv, "\r\n"), findings + 1);
  free(csv);
  cl_report_free(r);
  cl_rules_free(rules);
}

static void test_csv_findings_bundle_and_guard(void) {
  cl_report *r = cl_report_new();
  cl_docres *d = cl_docres_new("feed.zip!/inner.zip!/a.txt", "text", 10);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  d->pub.archive_len = strlen("feed.zip");
  cl_finding *f = cl_docres_add_finding(d, "missing-copyright", 2, 1,
                                        "=HYPERLINK(\"x\")", NULL, "%s",
                                        "no notice, \"here\"");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(cl_report_add_document(r, d), 0);
  char *csv = render(r, CL_FORMAT_CSV_FINDINGS, NULL);
  const char *row = strstr(csv, "\r\n");
  CU_ASSERT_PTR_NOT_NULL_FATAL(row);
  /* Bundle is the outermost archive; quotes doubled; a formula guarded. */
  const char *want = "feed.zip!/inner.zip!/a.txt,feed.zip,2,1,error,"
                     "missing-copyright,\"no notice, \"\"here\"\"\","
                     "\"'=HYPERLINK(\"\"x\"\")\",";
  CU_ASSERT_EQUAL(strncmp(row + 2, want, strlen(want)), 0);
  free(csv);
  cl_report_free(r);
}

/* Many findings of one check in one document: each document is counted
 * once per check, in linear time. */
static void test_documents_per_check(void) {
  cl_report *r = cl_report_new();
  for (int k = 0; k < 2; k++) {
    cl_docres *d = cl_docres_new(k ? "b.txt" : "a.txt", "text", 10);
    for (unsigned i = 1; i <= 3; i++)
      CU_ASSERT_PTR_NOT_NULL(cl_docres_add_finding(
          d, "duplicate-credit", i, 1, NULL, NULL, "dup %u", i));
    CU_ASSERT_EQUAL(cl_report_add_document(r, d), 0);
  }
  char *html = render(r, CL_FORMAT_HTML, NULL);
  CU_ASSERT_PTR_NOT_NULL(
      strstr(html, "<code>duplicate-credit</code>: 6 in 2 documents</h3>"));
  CU_ASSERT_EQUAL(parse_errors(html), 0);
  free(html);
  cl_report_free(r);
}

static const cl_test_case cases[] = {
    {"page parses back, content escaped", test_parses_back_and_escapes},
    {"counts, partners, licence status", test_counts_equal_summary},
    {"csv-findings bundle and formula guard",
     test_csv_findings_bundle_and_guard},
    {"documents per check", test_documents_per_check},
    {NULL, NULL}};

CL_TEST_MAIN("render_html", cases)
