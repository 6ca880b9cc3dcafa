/* test_suppress.c - inline suppressions: which comments count, which
 * findings they cover, and the warning for a suppression without reason. */
#include "internal.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

/* A document with a duplicate-credit finding on line 3 (refs 3 and 4)
 * and a whole-document missing-copyright finding, then TEXT's
 * suppressions.  Returns "check@line" of what is left, space-separated. */
static char *run(const char *text, const cl_options *opt, cl_docres **out) {
  cl_docres *d = cl_docres_new("a.md", "markdown", strlen(text));
  cl_docres_add_finding(d, "missing-copyright", 0, 0, NULL, NULL, "none");
  cl_finding *f = cl_docres_add_finding(d, "duplicate-credit", 3, 1, NULL, "x", "dup");
  cl_finding_add_ref(d, f, 3, 1);
  cl_finding_add_ref(d, f, 4, 1);
  CU_ASSERT_EQUAL(cl_suppress_apply(d, text, strlen(text), opt), 0);
  cl_buf b = CL_BUF_INIT;
  cl_buf_puts(&b, "");
  for (size_t i = 0; i < d->pub.finding_count; i++)
    cl_buf_printf(&b, "%s%s@%u", i ? " " : "", d->pub.findings[i].check,
                  d->pub.findings[i].line);
  if (out)
    *out = d;
  else
    cl_docres_free(d);
  return cl_buf_detach(&b);
}

static const struct {
  const char *text, *left;
} cases[] = {
    /* nothing to do */
    {"plain text\nmore\n", "missing-copyright@0 duplicate-credit@3"},
    /* HTML comment, next line */
    {"one\n<!-- creditline-ignore[duplicate-credit]: template -->\nthree\n",
     "missing-copyright@0"},
    /* covers the next line only (line 2: neither the finding's line nor
     * one of its references) */
    {"<!-- creditline-ignore[duplicate-credit]: x -->\ntwo\nthree\n",
     "missing-copyright@0 unused-suppression@1 duplicate-credit@3"},
    /* a reference line counts */
    {"one\ntwo\n<!-- creditline-ignore[duplicate-credit]: x -->\nfour\n",
     "missing-copyright@0"},
    /* two stacked directives both cover the next line */
    {"one\n<!-- creditline-ignore[duplicate-credit]: r -->\n"
     "<!-- creditline-ignore[missing-copyright]: r -->\nthree\n",
     "missing-copyright@0 unused-suppression@3"},
    /* blank lines between comment and target are skipped */
    {"one\n<!-- creditline-ignore[duplicate-credit]: r -->\n\n\nfive\n",
     "missing-copyright@0 unused-suppression@2 duplicate-credit@3"},
    /* other check named: no effect, and unused */
    {"one\n<!-- creditline-ignore[incomplete-copyright]: r -->\nthree\n",
     "missing-copyright@0 unused-suppression@2 duplicate-credit@3"},
    /* an id that is no check: a warning, and not also "unused" */
    {"one\n<!-- creditline-ignore[duplicate-credits]: r -->\nthree\n",
     "missing-copyright@0 suppression-unknown-check@2 duplicate-credit@3"},
    /* a known and an unknown id: the known one still applies */
    {"one\n<!-- creditline-ignore[duplicate-credit, no-such]: r -->\nthree\n",
     "missing-copyright@0 suppression-unknown-check@2"},
    /* list of checks */
    {"one\n<!-- creditline-ignore[incomplete-copyright, duplicate-credit]: r -->\nthree\n",
     "missing-copyright@0"},
    /* plain text line of its own, with and without a leader */
    {"one\ncreditline-ignore[duplicate-credit]: r\nthree\n", "missing-copyright@0"},
    {"one\n# creditline-ignore[duplicate-credit]: r\nthree\n", "missing-copyright@0"},
    {"one\n  // creditline-ignore[duplicate-credit]: r\nthree\n", "missing-copyright@0"},
    /* not alone on its line outside a comment: prose, not a directive */
    {"one\nsee creditline-ignore[duplicate-credit]: r\nthree\n",
     "missing-copyright@0 duplicate-credit@3"},
    /* a multi-line comment: the target is the line after it */
    {"<!--\ncreditline-ignore[duplicate-credit]: r\n-->\nfour\n",
     "missing-copyright@0"},
    {"one\n<!--\ncreditline-ignore[duplicate-credit]: r\n-->\nfive\n",
     "missing-copyright@0 duplicate-credit@3 unused-suppression@3"},
    /* whole file, and [*] */
    {"<!-- creditline-ignore-file[missing-copyright]: wire copy -->\n",
     "duplicate-credit@3"},
    {"<!-- creditline-ignore-file[*]: generated -->\n", ""},
    /* malformed: no brackets, empty brackets */
    {"one\n<!-- creditline-ignore: r -->\nthree\n",
     "missing-copyright@0 duplicate-credit@3"},
    {"one\n<!-- creditline-ignore[]: r -->\nthree\n",
     "missing-copyright@0 duplicate-credit@3"},
    /* without a reason: suppresses, and is itself a warning */
    {"one\n<!-- creditline-ignore[duplicate-credit] -->\nthree\n",
     "missing-copyright@0 suppression-without-reason@2"},
    {"one\n<!-- creditline-ignore[duplicate-credit]:   -->\nthree\n",
     "missing-copyright@0 suppression-without-reason@2"},
    {"creditline-ignore-file[missing-copyright]\n",
     "suppression-without-reason@1 duplicate-credit@3"},
    /* The directive search: dashes before it, the directive as the last
     * bytes of the document, a cut-off directive. */
    {"a-b -- c---\n<!-- creditline-ignore-file[*]: r -->", ""},
    {"one -- two\n<!-- creditline-ignor", "missing-copyright@0 duplicate-credit@3"},
    {"creditline-ignor", "missing-copyright@0 duplicate-credit@3"},
};

static void test_table(void) {
  int have_check = cl_check_find("suppression-without-reason") != NULL;
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    if (!have_check && strstr(cases[i].left, "suppression-without-reason"))
      continue; /* the catalogue row is not there yet */
    char *got = run(cases[i].text, NULL, NULL);
    if (strcmp(got, cases[i].left) != 0)
      fprintf(stderr, "\ncase %zu: got \"%s\"\n", i, got);
    CU_ASSERT_STRING_EQUAL(got, cases[i].left);
    free(got);
  }
}

/* The new finding: position, message, and the options' severity. */
static void test_no_reason_finding(void) {
  if (!cl_check_find("suppression-without-reason")) {
    CU_FAIL("suppression-without-reason missing from the catalogue");
    return;
  }
  cl_docres *d = NULL;
  char *got = run("one\n  <!-- creditline-ignore[duplicate-credit] -->\nthree\n",
                  NULL, &d);
  const cl_finding *f = &d->pub.findings[1];
  CU_ASSERT_STRING_EQUAL(f->check, "suppression-without-reason");
  CU_ASSERT_EQUAL(f->line, 2);
  CU_ASSERT_EQUAL(f->column, 8);
  CU_ASSERT_EQUAL(f->severity, CL_SEV_WARNING);
  CU_ASSERT_PTR_NOT_NULL(strstr(f->message, "gives no reason"));
  free(got);
  cl_docres_free(d);

  cl_options opt;
  cl_options_init(&opt);
  int idx = cl_check_index("suppression-without-reason");
  opt.severity_overridden[idx] = 1;
  opt.severity_override[idx] = CL_SEV_OFF;
  got = run("one\n<!-- creditline-ignore[duplicate-credit] -->\nthree\n", &opt, NULL);
  CU_ASSERT_STRING_EQUAL(got, "missing-copyright@0");
  free(got);
  opt.severity_override[idx] = CL_SEV_ERROR;
  got = run("one\n<!-- creditline-ignore[duplicate-credit] -->\nthree\n", &opt, &d);
  CU_ASSERT_EQUAL(d->pub.findings[1].severity, CL_SEV_ERROR);
  free(got);
  cl_docres_free(d);
}

/* Through the scanner: the hook runs on every document. */
static void test_scanner_hook(void) {
  cl_rules *rules = cl_rules_new();
  CU_ASSERT_EQUAL_FATAL(cl_rules_load_defaults(rules), CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(rules), CL_OK);
  cl_options opt;
  cl_options_init(&opt);
  opt.requirements = 1u << CL_REQ_COPYRIGHT;
  cl_scanner *sc = cl_scanner_new(rules, &opt);
  cl_report *r = cl_report_new();
  const char *plain = "Some article text with no notice at all.\n";
  const char *quiet =
      "<!-- creditline-ignore-file[missing-copyright]: agency copy -->\n"
      "Some article text with no notice at all.\n";
  CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, "a.md", plain, strlen(plain), r), CL_OK);
  CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, "b.md", quiet, strlen(quiet), r), CL_OK);
  CU_ASSERT_EQUAL(cl_report_document(r, 0)->finding_count, 1);
  CU_ASSERT_EQUAL(cl_report_document(r, 1)->finding_count, 0);
  cl_report_free(r);
  cl_scanner_free(sc);
  cl_rules_free(rules);
}

static const cl_test_case tcases[] = {
    {"suppression table", test_table},
    {"suppression without reason", test_no_reason_finding},
    {"scanner runs suppressions", test_scanner_hook},
    {NULL, NULL}};

CL_TEST_MAIN("suppress", tcases)
