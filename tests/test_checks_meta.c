/* test_checks_meta.c - the checks comparing metadata with visible credits:
 * which findings come out, where, with what message and references. */
#include "fmt.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

/* One credit of a hand-made document. */
typedef struct {
  int meta;
  cl_kind kind;
  const char *value;
  unsigned line, column;
  cl_scope scope;
  const char *years; /* copyright only, or NULL */
  const char *role;  /* metadata "role" field, or NULL */
} in_credit;

#define MAX_IN 6

typedef struct {
  const char *name;
  in_credit in[MAX_IN];
  size_t nin;
  const char *check;    /* expected metadata finding, or NULL for none */
  unsigned line, column;
  const char *message;  /* NULL: not compared */
} meta_case;

#define BODY CL_SCOPE_BODY
#define CHROME CL_SCOPE_CHROME
#define META CL_SCOPE_METADATA

static const meta_case cases[] = {
    {"holder differs",
     {{1, CL_KIND_COPYRIGHT, "Acme Corp.", 2, 5, META, "2020", NULL},
      {0, CL_KIND_COPYRIGHT, "Beta Ltd", 10, 1, BODY, "2020", NULL}},
     2, "metadata-holder-mismatch", 10, 1,
     "metadata names copyright holder \"Acme Corp.\" (test:meta, 2:5) but the "
     "visible notice names \"Beta Ltd\" (10:1)"},
    {"holder same once normalised",
     {{1, CL_KIND_COPYRIGHT, "ACME, Inc.", 2, 5, META, "2020", NULL},
      {0, CL_KIND_COPYRIGHT, "Acme", 10, 1, BODY, "2020", NULL}},
     2, NULL, 0, 0, NULL},
    {"holder short form",
     {{1, CL_KIND_COPYRIGHT, "Reuters", 2, 5, META, NULL, NULL},
      {0, CL_KIND_COPYRIGHT, "Thomson Reuters", 10, 1, BODY, "2020", NULL}},
     2, NULL, 0, 0, NULL},
    {"holder initials",
     {{1, CL_KIND_COPYRIGHT, "AP", 2, 5, META, NULL, NULL},
      {0, CL_KIND_COPYRIGHT, "The Associated Press", 10, 1, BODY, "2020", NULL}},
     2, NULL, 0, 0, NULL},
    {"holder with and without the",
     {{1, CL_KIND_COPYRIGHT, "The Valley Gazette", 2, 5, META, NULL, NULL},
      {0, CL_KIND_COPYRIGHT, "Valley Gazette", 10, 1, BODY, "2020", NULL}},
     2, NULL, 0, 0, NULL},
    {"chrome notice is not the article's",
     {{1, CL_KIND_COPYRIGHT, "Harbour Lights Press", 2, 5, META, "2023", NULL},
      {0, CL_KIND_COPYRIGHT, "The Associated Press", 40, 4, CHROME, "2016", NULL}},
     2, "missing-visible-credit", 2, 5,
     "metadata names copyright holder \"Harbour Lights Press\" (test:meta, 2:5) "
     "but the visible text never credits it [requirement visible-credit, "
     "switched on by the test]"},
    {"years differ",
     {{1, CL_KIND_COPYRIGHT, "Acme", 2, 5, META, "2020", NULL},
      {0, CL_KIND_COPYRIGHT, "Acme", 10, 3, BODY, "2021", NULL}},
     2, "metadata-year-mismatch", 10, 3,
     "metadata gives copyright year 2020 for \"Acme\" (test:meta, 2:5) but the "
     "visible notice gives 2021 (10:3)"},
    {"years overlap",
     {{1, CL_KIND_COPYRIGHT, "Acme", 2, 5, META, "2020", NULL},
      {0, CL_KIND_COPYRIGHT, "Acme", 10, 3, BODY, "2019-2021", NULL}},
     2, NULL, 0, 0, NULL},
    {"credit line differs",
     {{1, CL_KIND_SOURCE, "Northwind Wire", 3, 7, META, NULL, "credit"},
      {0, CL_KIND_SYNDICATION, "Southgate Press", 12, 2, BODY, NULL, NULL}},
     2, "metadata-credit-mismatch", 12, 2,
     "metadata credits \"Northwind Wire\" (test:meta, 3:7) but the visible "
     "syndication credit names \"Southgate Press\" (12:2)"},
    {"credit line matches the dateline agency",
     {{1, CL_KIND_SOURCE, "Northwind", 3, 7, META, NULL, "credit"},
      {0, CL_KIND_SOURCE, "Northwind Wire", 12, 2, BODY, NULL, NULL}},
     2, NULL, 0, 0, NULL},
    {"a publisher is no credit line",
     {{1, CL_KIND_SOURCE, "The Valley Gazette", 3, 7, META, NULL, "publisher"},
      {0, CL_KIND_SYNDICATION, "Southgate Press", 12, 2, BODY, NULL, NULL},
      {0, CL_KIND_COPYRIGHT, "Southgate Press", 13, 1, BODY, "2020", NULL}},
     3, NULL, 0, 0, NULL},
    {"author in another order with initials",
     {{1, CL_KIND_AUTHOR, "Egleston, Nathaniel Hillyer", 6, 30, META, NULL, NULL},
      {0, CL_KIND_AUTHOR, "N.H. Egleston", 24, 19, BODY, NULL, NULL}},
     2, NULL, 0, 0, NULL},
    {"author differs",
     {{1, CL_KIND_AUTHOR, "Jane Doe", 6, 30, META, NULL, NULL},
      {0, CL_KIND_AUTHOR, "Jane Roe", 24, 19, BODY, NULL, NULL}},
     2, "metadata-author-mismatch", 24, 19,
     "metadata names author \"Jane Doe\" (test:meta, 6:30) but the visible "
     "author credit names \"Jane Roe\" (24:19)"},
    {"author a user name, not a name",
     {{1, CL_KIND_AUTHOR, "jane-doe-42", 6, 30, META, NULL, NULL},
      {0, CL_KIND_AUTHOR, "Jane Roe", 24, 19, BODY, NULL, NULL}},
     2, NULL, 0, 0, NULL},
    {"author an account id, not a name",
     {{1, CL_KIND_AUTHOR, "JD4711", 6, 30, META, NULL, NULL},
      {0, CL_KIND_AUTHOR, "Jane Roe", 24, 19, BODY, NULL, NULL}},
     2, NULL, 0, 0, NULL},
    {"author one word, still a name",
     {{1, CL_KIND_AUTHOR, "Madonna", 6, 30, META, NULL, NULL},
      {0, CL_KIND_AUTHOR, "Jane Roe", 24, 19, BODY, NULL, NULL}},
     2, "metadata-author-mismatch", 24, 19, NULL},
    {"author one of several",
     {{1, CL_KIND_AUTHOR, "Kim Ho", 6, 30, META, NULL, NULL},
      {0, CL_KIND_AUTHOR, "Sara Blum", 24, 19, BODY, NULL, NULL},
      {0, CL_KIND_AUTHOR, "Kim Ho", 24, 19, BODY, NULL, NULL}},
     3, NULL, 0, 0, NULL},
    {"authors of one metadata list, none visible: one finding",
     {{1, CL_KIND_AUTHOR, "Ann Lee", 6, 30, META, NULL, NULL},
      {1, CL_KIND_AUTHOR, "Bo Kim", 6, 30, META, NULL, NULL},
      {0, CL_KIND_AUTHOR, "Sara Finch", 24, 19, BODY, NULL, NULL}},
     3, "metadata-author-mismatch", 24, 19,
     "metadata names author \"Ann Lee\" (test:meta, 6:30) but the visible "
     "author credit names \"Sara Finch\" (24:19)"},
    {"authors of one metadata list, one visible",
     {{1, CL_KIND_AUTHOR, "Ann Lee", 6, 30, META, NULL, NULL},
      {1, CL_KIND_AUTHOR, "Bo Kim", 6, 30, META, NULL, NULL},
      {0, CL_KIND_AUTHOR, "Bo Kim", 24, 19, BODY, NULL, NULL}},
     3, NULL, 0, 0, NULL},
    {"no visible credit at all",
     {{1, CL_KIND_COPYRIGHT, "Greenfield Daily", 6, 23, META, "2020", NULL}},
     1, "missing-visible-credit", 6, 23, NULL},
    {"credit line named by a visible credit of another kind",
     {{1, CL_KIND_SOURCE, "Meridian Wire", 6, 23, META, NULL, "credit"},
      {0, CL_KIND_COPYRIGHT, "Meridian Wire", 30, 1, CHROME, "2020", NULL}},
     2, NULL, 0, 0, NULL},
    {"repeated metadata reported once",
     {{1, CL_KIND_COPYRIGHT, "Acme", 2, 5, META, NULL, NULL},
      {1, CL_KIND_COPYRIGHT, "ACME", 9, 5, META, NULL, NULL},
      {0, CL_KIND_COPYRIGHT, "Beta", 10, 1, BODY, "2020", NULL}},
     3, "metadata-holder-mismatch", 10, 1, NULL},
};

static cl_docres *make_doc(const meta_case *mc) {
  cl_docres *d = cl_docres_new("case.html", "html", 100);
  if (!d)
    return NULL;
  for (size_t i = 0; i < mc->nin; i++) {
    const in_credit *in = &mc->in[i];
    cl_credit *c = cl_docres_add_credit(d, in->meta);
    if (!c)
      return NULL;
    c->kind = in->kind;
    c->rule = in->meta ? "test:meta" : "test-rule";
    c->value = in->value;
    c->text = in->value;
    c->line = in->line;
    c->column = in->column;
    c->scope = in->scope;
    cl_field *f = cl_arena_alloc(&d->arena, 2 * sizeof *f);
    if (!f)
      return NULL;
    c->fields = f;
    if (in->role) {
      f[c->field_count].name = "role";
      f[c->field_count++].value = in->role;
    }
    if (in->years) {
      int *y = cl_arena_alloc(&d->arena, 64 * sizeof *y);
      if (!y)
        return NULL;
      c->years_text = in->years;
      c->year_count = cl_years_parse(in->years, y, 64);
      c->years = y;
    }
  }
  return d;
}

static int is_meta_check(const char *id) {
  return strncmp(id, "metadata-", 9) == 0 || strcmp(id, "missing-visible-credit") == 0;
}

/* missing-visible-credit is a requirement: switched on for these cases. */
static cl_options visible_required(void) {
  cl_options opt;
  cl_options_init(&opt);
  opt.requirements = 1u << CL_REQ_VISIBLE;
  opt.requirements_by = "the test";
  return opt;
}

static void test_cases(void) {
  cl_options opt = visible_required();
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const meta_case *mc = &cases[i];
    cl_docres *d = make_doc(mc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(cl_checks_run(d, &opt), 0);
    const cl_finding *hit = NULL;
    size_t nmeta = 0;
    for (size_t k = 0; k < d->nfindings; k++) {
      if (!is_meta_check(d->findings[k].check))
        continue;
      nmeta++;
      hit = &d->findings[k];
      if (!mc->check)
        fprintf(stderr, "case \"%s\": unexpected %s: %s\n", mc->name, hit->check,
                hit->message);
    }
    CU_ASSERT_EQUAL(nmeta, mc->check ? 1u : 0u);
    if (mc->check && hit) {
      if (strcmp(hit->check, mc->check) != 0)
        fprintf(stderr, "case \"%s\": got %s\n", mc->name, hit->check);
      CU_ASSERT_STRING_EQUAL(hit->check, mc->check);
      CU_ASSERT_EQUAL(hit->line, mc->line);
      CU_ASSERT_EQUAL(hit->column, mc->column);
      if (mc->message)
        CU_ASSERT_STRING_EQUAL(hit->message, mc->message);
      /* Both places: the metadata first, then the visible credit. */
      CU_ASSERT_TRUE(hit->ref_count >= 1);
      if (hit->ref_count >= 1) {
        CU_ASSERT_EQUAL(hit->ref_lines[0], mc->in[0].line);
        CU_ASSERT_EQUAL(hit->ref_columns[0], mc->in[0].column);
      }
      if (strcmp(mc->check, "missing-visible-credit") != 0) {
        CU_ASSERT_EQUAL(hit->ref_count, 2);
        if (hit->ref_count == 2) {
          CU_ASSERT_EQUAL(hit->ref_lines[1], mc->line);
          CU_ASSERT_EQUAL(hit->ref_columns[1], mc->column);
        }
      }
      CU_ASSERT_PTR_NOT_NULL(cl_check_find(hit->check));
    } else if (mc->check) {
      fprintf(stderr, "case \"%s\": no finding\n", mc->name);
    }
    cl_docres_free(d);
  }
}

static void test_missing_fix(void) {
  cl_options opt = visible_required();
  cl_docres *d = make_doc(&cases[sizeof cases / sizeof cases[0] - 3]);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(cl_checks_run(d, &opt), 0);
  /* Off unless asked for: wire items keep their rights in metadata. */
  cl_docres *quiet = make_doc(&cases[sizeof cases / sizeof cases[0] - 3]);
  CU_ASSERT_PTR_NOT_NULL_FATAL(quiet);
  CU_ASSERT_EQUAL(cl_checks_run(quiet, NULL), 0);
  for (size_t k = 0; k < quiet->nfindings; k++)
    CU_ASSERT_STRING_NOT_EQUAL(quiet->findings[k].check,
                               "missing-visible-credit");
  cl_docres_free(quiet);
  const cl_finding *f = NULL;
  for (size_t k = 0; k < d->nfindings; k++)
    if (strcmp(d->findings[k].check, "missing-visible-credit") == 0)
      f = &d->findings[k];
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_STRING_EQUAL(f->fix, "\xC2\xA9 2020 Greenfield Daily. All rights reserved.");
  CU_ASSERT_PTR_NOT_NULL(f->fingerprint);
  cl_docres_free(d);
}

static void test_catalogue(void) {
  static const char *const ids[] = {
      "metadata-holder-mismatch", "metadata-year-mismatch",
      "metadata-credit-mismatch", "metadata-author-mismatch",
      "missing-visible-credit", NULL};
  for (const char *const *id = ids; *id; id++) {
    const cl_check_info *info = cl_check_find(*id);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    CU_ASSERT_EQUAL(info->severity, CL_SEV_WARNING);
    CU_ASSERT_TRUE(strlen(info->summary) > 10);
    CU_ASSERT_TRUE(strlen(info->description) > 40);
    CU_ASSERT_PTR_NOT_NULL(strstr(info->help, "e.g."));
  }
}

/* A severity override turns a metadata check off like any other. */
static void test_severity_off(void) {
  cl_options opt;
  cl_options_init(&opt);
  int idx = cl_check_index("metadata-holder-mismatch");
  CU_ASSERT_TRUE_FATAL(idx >= 0);
  opt.severity_override[idx] = CL_SEV_OFF;
  opt.severity_overridden[idx] = 1;
  cl_docres *d = make_doc(&cases[0]);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(cl_checks_run(d, &opt), 0);
  for (size_t k = 0; k < d->nfindings; k++)
    CU_ASSERT_STRING_NOT_EQUAL(d->findings[k].check, "metadata-holder-mismatch");
  cl_docres_free(d);
}

/* Party aliases of a policy make two names one holder here too. */
static size_t holder_mismatches(const char *policy_yaml) {
  cl_rules *r = cl_rules_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL(cl_rules_load_defaults(r), CL_OK);
  if (policy_yaml)
    CU_ASSERT_EQUAL(cl_rules_load_buffer(r, "p.yaml", policy_yaml, strlen(policy_yaml)), CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(r), CL_OK);
  cl_scanner *sc = cl_scanner_new(r, NULL);
  cl_report *rep = cl_report_new();
  static const char page[] =
      "<html><head><meta name=\"copyright\" content=\"Lighthouse Holdings\">"
      "</head><body><article><p>Story.</p>"
      "<p>\xC2\xA9 2024 Harbor Light Media. All rights reserved.</p>"
      "</article></body></html>\n";
  CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, "p.html", page, sizeof page - 1, rep), CL_OK);
  const cl_document *doc = cl_report_document(rep, 0);
  CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
  size_t n = 0;
  for (size_t i = 0; i < doc->finding_count; i++)
    n += strcmp(doc->findings[i].check, "metadata-holder-mismatch") == 0;
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_rules_free(r);
  return n;
}

static void test_policy_aliases(void) {
  CU_ASSERT_EQUAL(holder_mismatches(NULL), 1);
  CU_ASSERT_EQUAL(holder_mismatches("parties:\n"
                                    "  - name: Harbor Light Media\n"
                                    "    aliases: [Lighthouse Holdings]\n"),
                  0);
}

static const cl_test_case suite[] = {
    {"policy aliases join names", test_policy_aliases},
    {"cases", test_cases},
    {"missing-visible-credit fix", test_missing_fix},
    {"catalogue", test_catalogue},
    {"severity off", test_severity_off},
    {NULL, NULL},
};

CL_TEST_MAIN("checks_meta", suite)
