/* test_baseline.c - baseline files: written from a report, read back,
 * applied document by document, stale entries and their rendering. */
#include "internal.h"
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* A report of documents PATHS[i] with one finding each of CHECK with
 * evidence EVIDENCE[i]. */
static cl_report *report_of(const char *const *paths, const char *check,
                            const char *const *evidence, size_t n) {
  cl_report *r = cl_report_new();
  for (size_t i = 0; i < n; i++) {
    cl_docres *d = cl_docres_new(paths[i], "text", 10);
    CU_ASSERT_PTR_NOT_NULL_FATAL(
        cl_docres_add_finding(d, check, 3, 1, NULL, evidence[i], "msg %zu", i));
    CU_ASSERT_EQUAL_FATAL(cl_report_add_document(r, d), 0);
  }
  return r;
}

static char *write_baseline(const cl_report *r) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  CU_ASSERT_EQUAL(cl_baseline_write(r, f), CL_OK);
  fclose(f);
  return buf;
}

static void test_write_format(void) {
  const char *paths[] = {"a.txt", "b.txt"};
  const char *ev[] = {"x", "y"};
  cl_report *r = report_of(paths, "conflicting-copyright", ev, 2);
  char *text = write_baseline(r);
  json_error_t err;
  json_t *root = json_loads(text, 0, &err);
  CU_ASSERT_PTR_NOT_NULL_FATAL(root);
  CU_ASSERT_EQUAL(json_integer_value(json_object_get(root, "version")), 1);
  json_t *list = json_object_get(root, "findings");
  CU_ASSERT_EQUAL(json_array_size(list), 2);
  json_t *e = json_array_get(list, 1);
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(e, "path")), "b.txt");
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(e, "check")),
                         "conflicting-copyright");
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(e, "message")), "msg 1");
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(e, "fingerprint")),
                         cl_report_document(r, 1)->findings[0].fingerprint);
  json_decref(root);
  free(text);
  cl_report_free(r);
}

/* Write today's findings, then scan "tomorrow": one fixed, one new, one
 * unchanged, and a second finding with a known fingerprint (which is new:
 * an entry stands for one finding). */
static void test_apply(void) {
  const char *p1[] = {"a.txt", "b.txt", "c.txt"};
  const char *e1[] = {"a", "b", "c"};
  cl_report *today = report_of(p1, "duplicate-credit", e1, 3);
  char *text = write_baseline(today);

  cl_baseline *b = cl_baseline_new();
  CU_ASSERT_EQUAL_FATAL(cl_baseline_load_buffer(b, text, strlen(text)), CL_OK);
  CU_ASSERT_EQUAL(cl_baseline_count(b), 3);

  const char *p2[] = {"a.txt", "c.txt", "d.txt", "c.txt"};
  const char *e2[] = {"a", "c", "d", "c"};
  cl_report *tomorrow = report_of(p2, "duplicate-credit", e2, 4);
  for (size_t i = 0; i < cl_report_document_count(tomorrow); i++)
    CU_ASSERT_EQUAL(cl_baseline_apply(b, tomorrow, i), CL_OK);
  CU_ASSERT_EQUAL(cl_report_document(tomorrow, 0)->finding_count, 0);
  CU_ASSERT_EQUAL(cl_report_document(tomorrow, 1)->finding_count, 0);
  CU_ASSERT_EQUAL(cl_report_document(tomorrow, 2)->finding_count, 1);
  CU_ASSERT_EQUAL(cl_report_document(tomorrow, 3)->finding_count, 1);
  CU_ASSERT_EQUAL(cl_baseline_suppressed(b), 2);
  CU_ASSERT_EQUAL_FATAL(cl_baseline_stale_count(b), 1);
  CU_ASSERT_STRING_EQUAL(cl_baseline_stale_at(b, 0)->path, "b.txt");
  CU_ASSERT_PTR_NULL(cl_baseline_stale_at(b, 1));

  cl_summary s;
  cl_report_summary(tomorrow, &s);
  CU_ASSERT_EQUAL(s.findings[CL_SEV_WARNING], 2);

  /* The text and json formats show the outcome once the report knows. */
  cl_report_set_baseline(tomorrow, b);
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  cl_render_options ro = {.quiet = 1};
  CU_ASSERT_EQUAL(cl_report_render(tomorrow, CL_FORMAT_TEXT, f, &ro), CL_OK);
  fclose(f);
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "baseline: 2 findings not shown, 1 stale entry\n"));
  CU_ASSERT_PTR_NOT_NULL(strstr(out, "b.txt: note: stale baseline entry "));
  free(out);
  f = open_memstream(&out, &len);
  CU_ASSERT_EQUAL(cl_report_render(tomorrow, CL_FORMAT_JSON, f, NULL), CL_OK);
  fclose(f);
  json_t *root = json_loads(out, 0, NULL);
  json_t *bj = json_object_get(root, "baseline");
  CU_ASSERT_EQUAL(json_integer_value(json_object_get(bj, "suppressed")), 2);
  CU_ASSERT_EQUAL(json_array_size(json_object_get(bj, "stale")), 1);
  json_decref(root);
  free(out);

  cl_report_free(tomorrow);
  cl_report_free(today);
  cl_baseline_free(b);
  free(text);
}

/* A finding's fingerprint does not depend on its line, nor on a "./". */
static void test_fingerprint_stable(void) {
  cl_docres *a = cl_docres_new("./x/a.txt", "text", 1);
  cl_docres *b = cl_docres_new("x/a.txt", "text", 1);
  cl_finding *fa = cl_docres_add_finding(a, "duplicate-credit", 3, 1, NULL, "e", "m");
  cl_finding *fb = cl_docres_add_finding(b, "duplicate-credit", 9, 4, NULL, "e", "m");
  CU_ASSERT_STRING_EQUAL(fa->fingerprint, fb->fingerprint);
  cl_docres_free(a);
  cl_docres_free(b);
}

static void test_bad_files(void) {
  static const char *const bad[] = {
      "", "[]", "{\"version\": 2, \"findings\": []}",
      "{\"version\": 1}", "{\"version\": 1, \"findings\": [{\"check\": \"x\"}]}",
      "{\"version\": 1, \"findings\": [{\"fingerprint\": 5}]}", "{not json"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    cl_baseline *b = cl_baseline_new();
    CU_ASSERT_EQUAL(cl_baseline_load_buffer(b, bad[i], strlen(bad[i])), CL_FAILED);
    CU_ASSERT_NOT_EQUAL(cl_baseline_error(b)[0], '\0');
    cl_baseline_free(b);
  }
  cl_baseline *b = cl_baseline_new();
  CU_ASSERT_EQUAL(cl_baseline_load_file(b, "/nonexistent/baseline.json"), CL_FAILED);
  const char *ok = "{\"version\": 1, \"findings\": []}";
  CU_ASSERT_EQUAL(cl_baseline_load_buffer(b, ok, strlen(ok)), CL_OK);
  CU_ASSERT_EQUAL(cl_baseline_count(b), 0);
  CU_ASSERT_EQUAL(cl_baseline_stale_count(b), 0);
  cl_baseline_free(b);
}

static void test_write_failure(void) {
  const char *paths[] = {"a.txt"};
  const char *ev[] = {"x"};
  cl_report *r = report_of(paths, "duplicate-credit", ev, 1);
  FILE *f = fopen("/dev/full", "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  setvbuf(f, NULL, _IONBF, 0);
  CU_ASSERT_EQUAL(cl_baseline_write(r, f), CL_FAILED);
  fclose(f);
  cl_report_free(r);
}

static const cl_test_case cases[] = {
    {"write format", test_write_format},
    {"apply, suppressed and stale", test_apply},
    {"fingerprint ignores line and ./", test_fingerprint_stable},
    {"bad baseline files", test_bad_files},
    {"write failure", test_write_failure},
    {NULL, NULL}};

CL_TEST_MAIN("baseline", cases)
