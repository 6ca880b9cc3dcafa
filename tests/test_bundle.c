/* test_bundle.c - the per-archive summary. */
#include "internal.h"
#include "testutil.h"

#include <string.h>

typedef struct {
  const char *path;
  size_t archive_len; /* as the archive reader sets it: 0 for a plain file */
  cl_kind kind;     /* credit to add, or CL_KIND__COUNT for none */
  const char *value;
  int finding;
} doc_row;

static cl_report *build(const doc_row *rows) {
  cl_report *r = cl_report_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  for (const doc_row *row = rows; row->path; row++) {
    cl_docres *d = cl_docres_new(row->path, "text", 10);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    d->pub.archive_len = row->archive_len;
    if (row->kind != CL_KIND__COUNT) {
      cl_credit *c = cl_docres_add_credit(d, 0);
      CU_ASSERT_PTR_NOT_NULL_FATAL(c);
      c->kind = row->kind;
      c->value = cl_arena_strdup(&d->arena, row->value);
      c->line = c->column = 1;
    }
    if (row->finding)
      CU_ASSERT_PTR_NOT_NULL(cl_docres_add_finding(d, "missing-copyright", 0, 0, NULL, NULL, "x"));
    CU_ASSERT_EQUAL(cl_report_add_document(r, d), 0);
  }
  return r;
}

static void test_grouping(void) {
  static const doc_row rows[] = {
      {"plain.txt", 0, CL_KIND_COPYRIGHT, "Loose Holder", 0},
      {"feed.tar.gz!/a.txt", 11, CL_KIND_COPYRIGHT, "Northwind Wire", 0},
      {"feed.tar.gz!/b.txt", 11, CL_KIND_COPYRIGHT, "NORTHWIND WIRE.", 1},
      {"feed.tar.gz!/inner.zip!/c.txt", 11, CL_KIND_SYNDICATION, "Meridian Markets", 0},
      {"feed.tar.gz!/d.txt", 11, CL_KIND_COPYRIGHT, "Acme Corp", 0},
      /* Folders named "feed.tar.gz!" and "wire!": no members. */
      {"feed.tar.gz!/e.txt", 0, CL_KIND_COPYRIGHT, "Folder Holder", 1},
      {"wire!/x.txt", 0, CL_KIND_COPYRIGHT, "Folder Holder", 1},
      /* An archive inside such a folder is named whole. */
      {"wire!/other.zip!/x.md", 15, CL_KIND_SYNDICATION, "Coastline", 1},
      {"wire!/other.zip!/y.md", 15, CL_KIND__COUNT, NULL, 1},
      {NULL, 0, 0, NULL, 0}};
  cl_report *r = build(rows);
  CU_ASSERT_EQUAL(cl_report_add_error(r, "feed.tar.gz!/broken.txt", 11, 1, "bad"), 0);
  CU_ASSERT_EQUAL(cl_report_add_error(r, "feed.tar.gz", 0, 1, "truncated"), 0);
  CU_ASSERT_EQUAL(cl_report_add_error(r, "feed.tar.gzip", 0, 1, "not ours"), 0);
  CU_ASSERT_EQUAL(cl_report_add_error(r, "feed.tar.gz!/f.txt", 0, 1, "folder"), 0);
  CU_ASSERT_EQUAL(cl_report_add_error(r, "wire!/other.zip", 0, 1, "damaged"), 0);
  CU_ASSERT_EQUAL(cl_report_add_error(r, "wire!/other.zip!/z", 15, 1, "bad"), 0);
  cl_bundles *b = cl_bundles_new(r);
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  CU_ASSERT_EQUAL_FATAL(cl_bundles_count(b), 2);
  const cl_bundle *feed = cl_bundles_at(b, 0);
  CU_ASSERT_STRING_EQUAL(feed->path, "feed.tar.gz");
  CU_ASSERT_EQUAL(feed->documents, 4);
  CU_ASSERT_EQUAL(feed->documents_with_findings, 1);
  CU_ASSERT_EQUAL(feed->credits, 4);
  CU_ASSERT_EQUAL(feed->errors, 2);
  CU_ASSERT_EQUAL_FATAL(feed->holder_count, 2);
  /* Normalised together, shown as first met, most frequent first. */
  CU_ASSERT_STRING_EQUAL(feed->holders[0].name, "Northwind Wire");
  CU_ASSERT_EQUAL(feed->holders[0].count, 2);
  CU_ASSERT_STRING_EQUAL(feed->holders[1].name, "Acme Corp");
  CU_ASSERT_EQUAL_FATAL(feed->party_count, 1);
  CU_ASSERT_STRING_EQUAL(feed->parties[0].name, "Meridian Markets");
  const cl_bundle *other = cl_bundles_at(b, 1);
  CU_ASSERT_STRING_EQUAL(other->path, "wire!/other.zip");
  CU_ASSERT_EQUAL(other->documents, 2);
  CU_ASSERT_EQUAL(other->documents_with_findings, 2);
  CU_ASSERT_EQUAL(other->holder_count, 0);
  CU_ASSERT_EQUAL(other->errors, 2);
  CU_ASSERT_PTR_NULL(cl_bundles_at(b, 2));
  cl_bundles_free(b);
  cl_report_free(r);
}

static void test_no_archives(void) {
  static const doc_row rows[] = {{"a.txt", 0, CL_KIND_COPYRIGHT, "X", 1},
                                 {"dir/b!c.txt", 0, CL_KIND__COUNT, NULL, 0},
                                 {"wire!/x.txt", 0, CL_KIND_COPYRIGHT, "Y", 1},
                                 {NULL, 0, 0, NULL, 0}};
  cl_report *r = build(rows);
  cl_bundles *b = cl_bundles_new(r);
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  CU_ASSERT_EQUAL(cl_bundles_count(b), 0);
  cl_bundles_free(b);
  cl_report_free(r);
}

static const cl_test_case cases[] = {{"grouping by outermost archive", test_grouping},
                                     {"no archives, no bundles", test_no_archives},
                                     {NULL, NULL}};
CL_TEST_MAIN("bundle", cases)
