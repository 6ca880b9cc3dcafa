/* test_checks.c - the check catalogue and each foundation check, on
 * documents built by hand from credits. */
#include "internal.h"
#include "testutil.h"

#include <string.h>
#include <time.h>

/* One credit of a hand-made document.  YEARS is parsed like the real
 * extractor does; a NULL value or years means the part is absent. */
typedef struct {
  cl_kind kind;
  unsigned line, col;
  cl_scope scope;
  const char *text;
  const char *value;
  const char *years;
} credit_spec;

#define END_OF_CREDITS {CL_KIND__COUNT, 0, 0, 0, NULL, NULL, NULL}

static cl_docres *doc_make(size_t bytes, const credit_spec *specs) {
  cl_docres *d = cl_docres_new("a/article.txt", "text", bytes);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  for (const credit_spec *s = specs; s && s->text; s++) {
    int years[64];
    size_t ny = s->years ? cl_years_parse(s->years, years, 64) : 0;
    int *ay = ny ? cl_arena_alloc(&d->arena, ny * sizeof *ay) : NULL;
    if (ny)
      memcpy(ay, years, ny * sizeof *ay);
    cl_credit *c = cl_docres_add_credit(d, s->scope == CL_SCOPE_METADATA);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    c->kind = s->kind;
    c->rule = "test-rule";
    c->line = s->line;
    c->column = s->col;
    c->scope = s->scope;
    c->text = s->text;
    c->value = s->value;
    c->years_text = s->years;
    c->years = ay;
    c->year_count = ny;
  }
  return d;
}

static cl_docres *doc_checked(size_t bytes, const credit_spec *specs,
                              const cl_options *opt) {
  cl_docres *d = doc_make(bytes, specs);
  CU_ASSERT_EQUAL(cl_checks_run(d, opt), 0);
  CU_ASSERT_EQUAL(d->pub.finding_count, d->nfindings);
  CU_ASSERT_PTR_EQUAL(d->pub.findings, d->findings);
  return d;
}

static size_t count_check(const cl_docres *d, const char *id) {
  size_t n = 0;
  for (size_t i = 0; i < d->nfindings; i++)
    n += strcmp(d->findings[i].check, id) == 0;
  return n;
}

static const cl_finding *find_check(const cl_docres *d, const char *id) {
  for (size_t i = 0; i < d->nfindings; i++)
    if (strcmp(d->findings[i].check, id) == 0)
      return &d->findings[i];
  return NULL;
}

static void dump_findings(const cl_docres *d) {
  for (size_t i = 0; i < d->nfindings; i++)
    fprintf(stderr, "\n  %u:%u %s: %s", d->findings[i].line,
            d->findings[i].column, d->findings[i].check,
            d->findings[i].message);
}

/* The finding of check ID exists once, with this severity, place, message
 * and references (pairs line, col; 0-terminated). */
static void expect_one(const cl_docres *d, const char *id, cl_severity sev,
                       unsigned line, unsigned col, const char *message,
                       const unsigned *refs) {
  if (count_check(d, id) != 1) {
    fprintf(stderr, "\n  expected one %s, got:", id);
    dump_findings(d);
  }
  CU_ASSERT_EQUAL(count_check(d, id), 1);
  const cl_finding *f = find_check(d, id);
  if (!f)
    return;
  CU_ASSERT_EQUAL(f->severity, sev);
  CU_ASSERT_EQUAL(f->line, line);
  CU_ASSERT_EQUAL(f->column, col);
  if (message) {
    if (strcmp(f->message, message) != 0)
      fprintf(stderr, "\n  %s: want \"%s\"\n        got  \"%s\"", id, message,
              f->message);
    CU_ASSERT_STRING_EQUAL(f->message, message);
  }
  CU_ASSERT_PTR_NOT_NULL(f->fingerprint);
  size_t n = 0;
  while (refs && refs[2 * n])
    n++;
  CU_ASSERT_EQUAL(f->ref_count, n);
  for (size_t i = 0; i < n && i < f->ref_count; i++) {
    CU_ASSERT_EQUAL(f->ref_lines[i], refs[2 * i]);
    CU_ASSERT_EQUAL(f->ref_columns[i], refs[2 * i + 1]);
  }
}

/* ------------------------------------------------------------ catalogue */

static void test_catalogue(void) {
  static const struct {
    const char *id;
    cl_severity sev;
  } want[] = {{"missing-copyright", CL_SEV_ERROR},
              {"incomplete-copyright", CL_SEV_WARNING},
              {"conflicting-copyright", CL_SEV_ERROR},
              {"conflicting-syndication", CL_SEV_ERROR},
              {"duplicate-credit", CL_SEV_WARNING},
              {"syndicated-without-copyright", CL_SEV_ERROR}};
  size_t n = cl_check_count();
  CU_ASSERT(n >= sizeof want / sizeof *want);
  CU_ASSERT(n <= 64); /* cl_options holds 64 severities */
  for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
    const cl_check_info *c = cl_check_find(want[i].id);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->severity, want[i].sev);
    int idx = cl_check_index(want[i].id);
    CU_ASSERT(idx >= 0);
    CU_ASSERT_PTR_EQUAL(cl_check_at((size_t)idx), c);
  }
  for (size_t i = 0; i < n; i++) {
    const cl_check_info *c = cl_check_at(i);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT(c->id && *c->id);
    CU_ASSERT(c->summary && *c->summary);
    CU_ASSERT(c->description && strlen(c->description) > 60);
    CU_ASSERT(c->help && strstr(c->help, "e.g.") != NULL);
    CU_ASSERT_EQUAL(cl_check_index(c->id), (int)i);
  }
  CU_ASSERT_PTR_NULL(cl_check_at(n));
  CU_ASSERT_PTR_NULL(cl_check_find("no-such-check"));
  CU_ASSERT_PTR_NULL(cl_check_find(NULL));
  CU_ASSERT_EQUAL(cl_check_index("no-such-check"), -1);
}

/* ------------------------------------------------------------- articles */

/* A complete, consistent article: nothing to report, whatever the page
 * chrome and the metadata say. */
static void test_clean_article(void) {
  static const credit_spec specs[] = {
      {CL_KIND_AUTHOR, 2, 1, CL_SCOPE_BODY, "By Ann Lee and Bo Kim", "Ann Lee", NULL},
      {CL_KIND_AUTHOR, 2, 1, CL_SCOPE_BODY, "By Ann Lee and Bo Kim", "Bo Kim", NULL},
      {CL_KIND_SYNDICATION, 20, 1, CL_SCOPE_BODY,
       "Produced in association with Zenger News.", "Zenger News", NULL},
      {CL_KIND_COPYRIGHT, 21, 1, CL_SCOPE_BODY,
       "\xC2\xA9 2019-2024 Zenger News Inc. All rights reserved.",
       "Zenger News Inc.", "2019-2024"},
      {CL_KIND_COPYRIGHT, 22, 5, CL_SCOPE_BODY, "Copyright 2019 - 2024 ZENGER NEWS",
       "ZENGER NEWS", "2019 - 2024"},
      {CL_KIND_SOURCE, 23, 1, CL_SCOPE_BODY, "Reuters contributed", "Reuters", NULL},
      {CL_KIND_COPYRIGHT, 40, 1, CL_SCOPE_CHROME, "\xC2\xA9 2025 Site Ltd", "Site Ltd", "2025"},
      {CL_KIND_COPYRIGHT, 40, 30, CL_SCOPE_CHROME, "\xC2\xA9 Site", "Site", NULL},
      {CL_KIND_COPYRIGHT, 1, 1, CL_SCOPE_METADATA, "Other Holder", "Other Holder", "2001"},
      END_OF_CREDITS};
  cl_docres *d = doc_checked(2000, specs, NULL);
  /* Chrome and metadata never feed the text checks; the metadata notice
   * disagreeing with the text is the metadata checks' business. */
  static const char *const text_checks[] = {
      "missing-copyright", "incomplete-copyright", "conflicting-copyright",
      "conflicting-syndication", "duplicate-credit", "syndicated-without-copyright", NULL};
  for (size_t i = 0; text_checks[i]; i++)
    CU_ASSERT_EQUAL(count_check(d, text_checks[i]), 0);
  CU_ASSERT_EQUAL(count_check(d, "metadata-holder-mismatch"), 1);
  if (d->nfindings != count_check(d, "metadata-holder-mismatch") +
                          count_check(d, "metadata-year-mismatch"))
    dump_findings(d);
  CU_ASSERT_EQUAL(d->nfindings, count_check(d, "metadata-holder-mismatch") +
                                    count_check(d, "metadata-year-mismatch"));
  CU_ASSERT_EQUAL(d->nmeta, 1);
  cl_docres_free(d);
}

/* Options with requirements BITS switched on "by the test". */
static cl_options required(unsigned bits) {
  cl_options opt;
  cl_options_init(&opt);
  opt.requirements = bits;
  opt.requirements_by = "the test";
  return opt;
}

#define REQ_COPYRIGHT (1u << CL_REQ_COPYRIGHT)
#define BY_TEST(req) " [requirement " req ", switched on by the test]"

/* What covers a document, with the requirement copyright-notice on; a row
 * gives the credits, the check that fires (NULL: covered) and its fix. */
typedef struct {
  const char *name;
  credit_spec credits[4];
  const char *date; /* the document's metadata date, or NULL */
  const char *check, *message, *fix;
  unsigned line, col;
} cover_row;

static const cover_row cover_rows[] = {
    {"text alone",
     {END_OF_CREDITS},
     NULL,
     "missing-copyright",
     "no copyright notice in the article, its metadata or the page" BY_TEST(
         "copyright-notice"),
     "\xC2\xA9 <year> <holder>. All rights reserved.", 0, 0},
    {"its date gives the year",
     {END_OF_CREDITS},
     "2023-05-04T10:00:00Z",
     "missing-copyright", NULL,
     "\xC2\xA9 2023 <holder>. All rights reserved.", 0, 0},
    {"a site footer covers the site's own article",
     {{CL_KIND_AUTHOR, 2, 1, CL_SCOPE_BODY, "By Ann Lee", "Ann Lee", NULL},
      {CL_KIND_COPYRIGHT, 30, 4, CL_SCOPE_CHROME, "\xC2\xA9 2024 Site Ltd",
       "Site Ltd", "2024"},
      END_OF_CREDITS},
     NULL, NULL, NULL, NULL, 0, 0},
    {"metadata rights cover",
     {{CL_KIND_COPYRIGHT, 3, 9, CL_SCOPE_METADATA, "Meridian Wire",
       "Meridian Wire", "2024"},
      END_OF_CREDITS},
     NULL, NULL, NULL, NULL, 0, 0},
    {"licensed content: no All rights reserved",
     {{CL_KIND_AUTHOR, 8, 1, CL_SCOPE_BODY, "By Ana Ruiz", "Ana Ruiz", NULL},
      {CL_KIND_LICENSE, 9, 1, CL_SCOPE_BODY, "under a CC BY 4.0 licence",
       "CC BY 4.0", NULL},
      END_OF_CREDITS},
     "2022",
     "missing-copyright", NULL, "\xC2\xA9 2022 <holder>.", 0, 0},
    {"syndicated: one finding naming the partner",
     {{CL_KIND_SYNDICATION, 12, 3, CL_SCOPE_BODY,
       "Produced in association with Zenger News.", "Zenger News", NULL},
      END_OF_CREDITS},
     NULL,
     "syndicated-without-copyright",
     "the article comes from \"Zenger News\" but no copyright notice "
     "covers it" BY_TEST("copyright-notice"),
     "\xC2\xA9 <year> Zenger News. All rights reserved.", 12, 3},
    {"a site footer does not cover another party's article",
     {{CL_KIND_SYNDICATION, 12, 3, CL_SCOPE_BODY,
       "Republished from Zenger News.", "Zenger News", NULL},
      {CL_KIND_COPYRIGHT, 30, 4, CL_SCOPE_CHROME, "\xC2\xA9 2024 Site Ltd",
       "Site Ltd", "2024"},
      END_OF_CREDITS},
     NULL,
     "syndicated-without-copyright",
     "the article comes from \"Zenger News\" but no copyright notice "
     "covers it; the site's notice in the page chrome does not cover another "
     "party's article" BY_TEST("copyright-notice"),
     NULL, 12, 3},
    {"the footer's notice is the source's own: it covers",
     {{CL_KIND_SYNDICATION, 12, 3, CL_SCOPE_BODY,
       "This article originally appeared on Zenger News.", "Zenger News", NULL},
      {CL_KIND_COPYRIGHT, 30, 4, CL_SCOPE_CHROME,
       "\xC2\xA9 2024 Zenger News Inc.", "Zenger News Inc.", "2024"},
      END_OF_CREDITS},
     NULL, NULL, NULL, NULL, 0, 0},
    {"the partner's notice covers its article",
     {{CL_KIND_SYNDICATION, 12, 3, CL_SCOPE_BODY,
       "Produced in association with Zenger News.", "Zenger News", NULL},
      {CL_KIND_COPYRIGHT, 13, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Zenger News",
       "Zenger News", "2024"},
      END_OF_CREDITS},
     NULL, NULL, NULL, NULL, 0, 0},
};

static void test_coverage(void) {
  cl_options opt = required(REQ_COPYRIGHT);
  for (size_t i = 0; i < sizeof cover_rows / sizeof *cover_rows; i++) {
    const cover_row *r = &cover_rows[i];
    cl_docres *d = doc_make(700, r->credits);
    if (r->date) {
      cl_field *f = cl_arena_alloc(&d->arena, sizeof *f);
      f->name = "date";
      f->value = r->date;
      d->dates = f;
      d->ndates = 1;
    }
    CU_ASSERT_EQUAL(cl_checks_run(d, &opt), 0);
    if (d->nfindings != (r->check ? 1u : 0u)) {
      fprintf(stderr, "\n  case \"%s\":", r->name);
      dump_findings(d);
    }
    CU_ASSERT_EQUAL(d->nfindings, r->check ? 1u : 0u);
    if (r->check && d->nfindings == 1) {
      const cl_finding *f = &d->findings[0];
      CU_ASSERT_STRING_EQUAL(f->check, r->check);
      CU_ASSERT_EQUAL(f->line, r->line);
      CU_ASSERT_EQUAL(f->column, r->col);
      if (r->message)
        CU_ASSERT_STRING_EQUAL(f->message, r->message);
      if (r->fix)
        CU_ASSERT_STRING_EQUAL(f->fix, r->fix);
    }
    cl_docres_free(d);
    /* Quiet without the requirement. */
    d = doc_checked(700, r->credits, NULL);
    CU_ASSERT_EQUAL(count_check(d, "missing-copyright") +
                        count_check(d, "syndicated-without-copyright"),
                    0);
    cl_docres_free(d);
  }
}

static void test_missing_copyright(void) {
  cl_options opt = required(REQ_COPYRIGHT);
  /* An empty document has nothing to protect. */
  cl_docres *d = doc_checked(0, NULL, &opt);
  CU_ASSERT_EQUAL(d->nfindings, 0);
  cl_docres_free(d);

  /* Credits but no copyright notice even without byte count. */
  static const credit_spec metaonly[] = {
      {CL_KIND_EDITOR, 5, 1, CL_SCOPE_BODY, "Edited by Ann Lee", "Ann Lee", NULL},
      END_OF_CREDITS};
  d = doc_checked(0, metaonly, &opt);
  CU_ASSERT_EQUAL(count_check(d, "missing-copyright"), 1);
  cl_docres_free(d);
}

/* A wire dateline makes the article the agency's: third-party content. */
static void test_syndicated_without_copyright(void) {
  cl_options opt = required(REQ_COPYRIGHT);
  static const credit_spec specs[] = {
      {CL_KIND_SOURCE, 1, 1, CL_SCOPE_BODY, "GENEVA (Reuters) -", "Reuters",
       NULL},
      {CL_KIND_COPYRIGHT, 30, 4, CL_SCOPE_CHROME, "\xC2\xA9 2024 Site Ltd",
       "Site Ltd", "2024"},
      END_OF_CREDITS};
  cl_docres *d = doc_make(900, specs);
  d->credits[0].rule = "source-dateline";
  CU_ASSERT_EQUAL(cl_checks_run(d, &opt), 0);
  CU_ASSERT_EQUAL(d->nfindings, 1);
  const cl_finding *f = find_check(d, "syndicated-without-copyright");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_STRING_EQUAL(f->fix,
                         "\xC2\xA9 <year> Reuters. All rights reserved.");
  cl_docres_free(d);
  /* "..., Reuters reported." cites a source: the site's footer covers. */
  d = doc_checked(900, specs, &opt);
  CU_ASSERT_EQUAL(d->nfindings, 0);
  cl_docres_free(d);
}

/* partner-credit and editor-credit: the lines the reference article has. */
static void test_partner_and_editor(void) {
  cl_options opt =
      required((1u << CL_REQ_PARTNER) | (1u << CL_REQ_EDITOR) | REQ_COPYRIGHT);
  static const credit_spec reference[] = {
      {CL_KIND_COPYRIGHT, 10, 1, CL_SCOPE_BODY,
       "\xC2\xA9 2023 Zenger News.com. All rights reserved.", "Zenger News.com",
       "2023"},
      {CL_KIND_SYNDICATION, 11, 1, CL_SCOPE_BODY,
       "Produced in association with Benzinga", "Benzinga", NULL},
      {CL_KIND_EDITOR, 12, 1, CL_SCOPE_BODY, "Edited by Arnab Nandy",
       "Arnab Nandy", NULL},
      END_OF_CREDITS};
  cl_docres *d = doc_checked(900, reference, &opt);
  CU_ASSERT_EQUAL(d->nfindings, 0);
  cl_docres_free(d);

  static const credit_spec notice_only[] = {
      {CL_KIND_COPYRIGHT, 10, 1, CL_SCOPE_BODY,
       "\xC2\xA9 2023 Zenger News.com. All rights reserved.", "Zenger News.com",
       "2023"},
      END_OF_CREDITS};
  d = doc_checked(900, notice_only, &opt);
  CU_ASSERT_EQUAL(d->nfindings, 2);
  const cl_finding *f = find_check(d, "missing-partner-credit");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_STRING_EQUAL(f->fix, "Produced in association with <partner>");
  CU_ASSERT_STRING_EQUAL(f->message,
                         "no syndication credit names the partner the article "
                         "comes from" BY_TEST("partner-credit"));
  f = find_check(d, "missing-editor-credit");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_STRING_EQUAL(f->fix, "Edited by <editor>");
  cl_docres_free(d);
  d = doc_checked(900, notice_only, NULL);
  CU_ASSERT_EQUAL(d->nfindings, 0);
  cl_docres_free(d);
}

static void test_requirement_names(void) {
  for (int r = 0; r < CL_REQ__COUNT; r++)
    CU_ASSERT_EQUAL(cl_requirement_parse(cl_requirement_name((cl_requirement)r)),
                    r);
  CU_ASSERT_EQUAL(cl_requirement_parse("copyright"), -1);
  /* Bits: one per name, all of them for "all", none for anything else. */
  for (int r = 0; r < CL_REQ__COUNT; r++)
    CU_ASSERT_EQUAL(cl_requirement_bits(cl_requirement_name((cl_requirement)r)),
                    1u << r);
  CU_ASSERT_EQUAL(cl_requirement_bits("all"), (1u << CL_REQ__COUNT) - 1);
  CU_ASSERT_EQUAL(cl_requirement_bits("All"), 0u);
  CU_ASSERT_EQUAL(cl_requirement_bits(""), 0u);
  CU_ASSERT_EQUAL(cl_requirement_bits(NULL), 0u);
  CU_ASSERT_PTR_NULL(cl_requirement_name(CL_REQ__COUNT));
  CU_ASSERT_EQUAL(cl_check_requirement("missing-copyright"), CL_REQ_COPYRIGHT);
  CU_ASSERT_EQUAL(cl_check_requirement("syndicated-without-copyright"),
                  CL_REQ_COPYRIGHT);
  CU_ASSERT_EQUAL(cl_check_requirement("missing-visible-credit"),
                  CL_REQ_VISIBLE);
  CU_ASSERT_EQUAL(cl_check_requirement("conflicting-copyright"), -1);
}

typedef struct {
  const char *holder, *years;
  const char *message, *fix;
} incomplete_row;

static void test_incomplete_copyright(void) {
  static const incomplete_row rows[] = {
      {NULL, "2024", "copyright notice has no holder",
       "\xC2\xA9 2024 <holder>. All rights reserved."},
      {"Acme Inc.", NULL, "copyright notice of \"Acme Inc.\" has no year",
       "\xC2\xA9 <year> Acme Inc. All rights reserved."},
      {"Acme", "1850", "copyright notice of \"Acme\" has no year",
       "\xC2\xA9 <year> Acme. All rights reserved."},
      {NULL, NULL, "copyright notice has neither holder nor year",
       "\xC2\xA9 <year> <holder>. All rights reserved."},
      {"Acme", "2019-2024", NULL, NULL},
      {NULL, NULL, NULL, NULL}};
  static const unsigned refs[] = {4, 2, 0};
  for (const incomplete_row *r = rows; r->message || r->holder; r++) {
    credit_spec specs[] = {{CL_KIND_COPYRIGHT, 4, 2, CL_SCOPE_BODY,
                            "\xC2\xA9 (some notice)", r->holder, r->years},
                           END_OF_CREDITS};
    cl_docres *d = doc_checked(100, specs, NULL);
    if (!r->message) {
      CU_ASSERT_EQUAL(d->nfindings, 0);
    } else {
      expect_one(d, "incomplete-copyright", CL_SEV_WARNING, 4, 2, r->message,
                 refs);
      const cl_finding *f = find_check(d, "incomplete-copyright");
      if (f)
        CU_ASSERT_STRING_EQUAL(f->fix, r->fix);
      CU_ASSERT_EQUAL(d->nfindings, 1);
    }
    cl_docres_free(d);
  }

  /* A reservation alone beside a notice that names the holder is that
   * notice's ("© 2024 Acme" over "Alle Rechte vorbehalten."); alone in
   * the document it is incomplete. */
  static const credit_spec reserved[] = {
      {CL_KIND_COPYRIGHT, 4, 2, CL_SCOPE_BODY, "\xC2\xA9 2024 Acme", "Acme", "2024"},
      {CL_KIND_COPYRIGHT, 5, 1, CL_SCOPE_BODY, "Alle Rechte vorbehalten.", NULL, NULL},
      END_OF_CREDITS};
  cl_docres *rd = doc_checked(100, reserved, NULL);
  CU_ASSERT_EQUAL(rd->nfindings, 0);
  cl_docres_free(rd);
  static const credit_spec reserved_meta[] = {
      {CL_KIND_COPYRIGHT, 1, 1, CL_SCOPE_METADATA, "Acme", "Acme", "2024"},
      {CL_KIND_COPYRIGHT, 5, 1, CL_SCOPE_BODY, "Alle Rechte vorbehalten.", NULL, NULL},
      END_OF_CREDITS};
  rd = doc_checked(100, reserved_meta, NULL);
  CU_ASSERT_PTR_NOT_NULL(find_check(rd, "incomplete-copyright"));
  cl_docres_free(rd);

  /* Chrome notices are the site's business. */
  static const credit_spec chrome[] = {
      {CL_KIND_COPYRIGHT, 4, 2, CL_SCOPE_BODY, "\xC2\xA9 2024 Acme", "Acme", "2024"},
      {CL_KIND_COPYRIGHT, 50, 1, CL_SCOPE_CHROME, "\xC2\xA9 Site", "Site", NULL},
      END_OF_CREDITS};
  cl_docres *d = doc_checked(100, chrome, NULL);
  CU_ASSERT_EQUAL(d->nfindings, 0);
  cl_docres_free(d);

  /* One notice repeated is one thing to fix (duplicate-credit reports the
   * repeats); another holder's notice is another. */
  static const credit_spec repeated[] = {
      {CL_KIND_COPYRIGHT, 7, 10, CL_SCOPE_BODY, "copyright by kna", "kna", NULL},
      {CL_KIND_COPYRIGHT, 7, 40, CL_SCOPE_BODY, "copyright by kna", "kna", NULL},
      {CL_KIND_COPYRIGHT, 8, 10, CL_SCOPE_BODY, "copyright by KNA", "KNA", NULL},
      {CL_KIND_COPYRIGHT, 9, 1, CL_SCOPE_BODY, "\xC2\xA9 Acme", "Acme", NULL},
      END_OF_CREDITS};
  d = doc_checked(100, repeated, NULL);
  CU_ASSERT_EQUAL(count_check(d, "incomplete-copyright"), 2);
  for (size_t i = 0; i < d->nfindings; i++) {
    const cl_finding *f = &d->findings[i];
    if (strcmp(f->check, "incomplete-copyright") == 0)
      CU_ASSERT(f->line == 7 ? f->column == 10 : f->line == 9);
  }
  cl_docres_free(d);
}

/* Two body notices that disagree: the finding sits at the second and
 * quotes both sides with their positions. */
typedef struct {
  credit_spec first, second;
  const char *message;
} conflict_row;

static void test_conflicting_copyright(void) {
  static const conflict_row rows[] = {
      {{CL_KIND_COPYRIGHT, 3, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Acme Corp",
        "Acme Corp", "2024"},
       {CL_KIND_COPYRIGHT, 9, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Beta Ltd",
        "Beta Ltd", "2024"},
       "copyright holders disagree: \"Acme Corp\" (3:1) and \"Beta Ltd\" "
       "(9:1)"},
      {{CL_KIND_COPYRIGHT, 3, 1, CL_SCOPE_BODY, "\xC2\xA9 2019-2023 Acme",
        "Acme", "2019-2023"},
       {CL_KIND_COPYRIGHT, 9, 7, CL_SCOPE_BODY, "\xC2\xA9 2024 Acme Inc.",
        "Acme Inc.", "2024"},
       "copyright years disagree: \"2019-2023\" (3:1) and \"2024\" (9:7)"},
      {{CL_KIND_COPYRIGHT, 2, 4, CL_SCOPE_BODY, "(c) 2023 Acme", "Acme", "2023"},
       {CL_KIND_COPYRIGHT, 5, 2, CL_SCOPE_BODY, "(c) 2024 Beta", "Beta", "2024"},
       "copyright holders disagree: \"Acme\" (2:4) and \"Beta\" (5:2)"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    const conflict_row *r = &rows[i];
    credit_spec specs[] = {r->first, r->second, END_OF_CREDITS};
    unsigned refs[] = {r->first.line, r->first.col, r->second.line,
                       r->second.col, 0};
    cl_docres *d = doc_checked(300, specs, NULL);
    expect_one(d, "conflicting-copyright", CL_SEV_ERROR, r->second.line,
               r->second.col, r->message, refs);
    CU_ASSERT_EQUAL(d->nfindings, 1);
    cl_docres_free(d);
  }
}

/* Pairs of notices that agree once normalised, or lack what would
 * disagree: no conflict. */
typedef struct {
  const char *h1, *y1, *h2, *y2;
  int conflict;
} pair_row;

static void test_copyright_pairs(void) {
  static const pair_row rows[] = {
      {"Acme Corp.", "2024", "ACME  Corporation", "2024", 0},
      {"Acme, Inc.", "2019-2021", "Acme Inc", "2019, 2020, 2021", 0},
      {"Bloomberg L.P.", "2024", "Bloomberg", "2024", 0},
      {"Acme", NULL, "Beta", "2024", 1},
      {"Acme", NULL, "Acme", "2024", 0},
      {NULL, "2024", "Beta", "2024", 0},
      {NULL, "2023", "Beta", "2024", 1},
      {"Acme", "2023", "Acme", "2024", 1},
      {"Acme", "2023", "Acmes", "2023", 1},
      {NULL, NULL, NULL, NULL, 0}};
  for (const pair_row *r = rows; r->h1 || r->h2; r++) {
    credit_spec specs[] = {
        {CL_KIND_COPYRIGHT, 1, 1, CL_SCOPE_BODY, "\xC2\xA9 one", r->h1, r->y1},
        {CL_KIND_COPYRIGHT, 2, 1, CL_SCOPE_BODY, "\xC2\xA9 two", r->h2, r->y2},
        END_OF_CREDITS};
    cl_docres *d = doc_checked(100, specs, NULL);
    if (count_check(d, "conflicting-copyright") != (size_t)r->conflict)
      fprintf(stderr, "\n  pair %s/%s ~ %s/%s: want %d", r->h1, r->y1, r->h2,
              r->y2, r->conflict);
    CU_ASSERT_EQUAL(count_check(d, "conflicting-copyright"), (size_t)r->conflict);
    cl_docres_free(d);
  }
}

/* A, B, B: the conflict is reported once, at the first B; the second B is
 * a duplicate, not another conflict.  A chrome notice takes no part. */
static void test_conflict_reported_once(void) {
  static const credit_spec specs[] = {
      {CL_KIND_COPYRIGHT, 1, 1, CL_SCOPE_CHROME, "\xC2\xA9 2024 Site", "Site", "2024"},
      {CL_KIND_COPYRIGHT, 3, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Acme", "Acme", "2024"},
      {CL_KIND_COPYRIGHT, 9, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Beta", "Beta", "2024"},
      {CL_KIND_COPYRIGHT, 15, 1, CL_SCOPE_BODY, "\xC2\xA9  2024 BETA", "BETA", "2024"},
      END_OF_CREDITS};
  static const unsigned conflict_refs[] = {3, 1, 9, 1, 0};
  static const unsigned dup_refs[] = {9, 1, 15, 1, 0};
  cl_docres *d = doc_checked(300, specs, NULL);
  CU_ASSERT_EQUAL(d->nfindings, 2);
  expect_one(d, "conflicting-copyright", CL_SEV_ERROR, 9, 1,
             "copyright holders disagree: \"Acme\" (3:1) and \"Beta\" (9:1)",
             conflict_refs);
  expect_one(d, "duplicate-credit", CL_SEV_WARNING, 15, 1,
             "copyright credit repeated: \"\xC2\xA9  2024 BETA\" already at 9:1",
             dup_refs);
  cl_docres_free(d);
}

static void test_conflicting_syndication(void) {
  static const credit_spec specs[] = {
      {CL_KIND_SYNDICATION, 2, 1, CL_SCOPE_BODY,
       "Produced in association with Zenger News", "Zenger News", NULL},
      {CL_KIND_SYNDICATION, 8, 4, CL_SCOPE_BODY,
       "Republished from The Conversation", "The Conversation", NULL},
      {CL_KIND_SYNDICATION, 9, 1, CL_SCOPE_BODY,
       "Distributed by ZENGER NEWS.", "ZENGER NEWS", NULL},
      {CL_KIND_COPYRIGHT, 10, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Zenger News",
       "Zenger News", "2024"},
      END_OF_CREDITS};
  static const unsigned refs[] = {2, 1, 8, 4, 0};
  cl_docres *d = doc_checked(300, specs, NULL);
  expect_one(d, "conflicting-syndication", CL_SEV_ERROR, 8, 4,
             "syndication partners disagree: \"Zenger News\" (2:1) and \"The "
             "Conversation\" (8:4)",
             refs);
  CU_ASSERT_EQUAL(d->nfindings, 1);
  cl_docres_free(d);
}

static void test_duplicate_credit(void) {
  static const credit_spec specs[] = {
      {CL_KIND_COPYRIGHT, 1, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Acme", "Acme", "2024"},
      /* one split person list: one credit line, not a duplicate */
      {CL_KIND_EDITOR, 4, 1, CL_SCOPE_BODY, "Edited by Ann Lee and Bo Kim", "Ann Lee", NULL},
      {CL_KIND_EDITOR, 4, 1, CL_SCOPE_BODY, "Edited by Ann Lee and Bo Kim", "Bo Kim", NULL},
      /* the same line again, spaced and cased differently */
      {CL_KIND_EDITOR, 30, 2, CL_SCOPE_BODY, "edited by Ann  Lee and Bo Kim.", "Ann Lee", NULL},
      {CL_KIND_EDITOR, 30, 2, CL_SCOPE_BODY, "edited by Ann  Lee and Bo Kim.", "Bo Kim", NULL},
      /* same text, other kind: not a duplicate */
      {CL_KIND_AUTHOR, 31, 1, CL_SCOPE_BODY, "Edited by Ann Lee and Bo Kim", "Ann Lee", NULL},
      /* chrome repeats do not count */
      {CL_KIND_COPYRIGHT, 50, 1, CL_SCOPE_CHROME, "\xC2\xA9 2024 Acme", "Acme", "2024"},
      END_OF_CREDITS};
  static const unsigned refs[] = {4, 1, 30, 2, 0};
  cl_docres *d = doc_checked(300, specs, NULL);
  expect_one(d, "duplicate-credit", CL_SEV_WARNING, 30, 2,
             "editor credit repeated: \"edited by Ann  Lee and Bo Kim.\" "
             "already at 4:1",
             refs);
  CU_ASSERT_EQUAL(d->nfindings, 1);
  cl_docres_free(d);

  /* Three copies: one finding, at the first repeat, counting the rest. */
  static const credit_spec three[] = {
      {CL_KIND_COPYRIGHT, 7, 10, CL_SCOPE_BODY, "copyright by kna", "kna", NULL},
      {CL_KIND_COPYRIGHT, 7, 40, CL_SCOPE_BODY, "copyright by kna", "kna", NULL},
      {CL_KIND_COPYRIGHT, 8, 10, CL_SCOPE_BODY, "copyright by kna", "kna", NULL},
      END_OF_CREDITS};
  static const unsigned three_refs[] = {7, 10, 7, 40, 0};
  d = doc_checked(300, three, NULL);
  expect_one(d, "duplicate-credit", CL_SEV_WARNING, 7, 40,
             "copyright credit repeated: \"copyright by kna\" already at 7:10 "
             "(and 1 more time)",
             three_refs);
  cl_docres_free(d);
}

/* Notices wrong on their face: one malformed-copyright finding each, and
 * no incomplete-copyright besides. */
static void test_malformed_copyright(void) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  char next[16];
  snprintf(next, sizeof next, "%d", tm.tm_year + 1900 + 1);
  const struct {
    const char *years, *holder, *why, *fix;
  } rows[] = {
      {"0", "Reuters", "has a year of zero",
       "\xC2\xA9 <year> Reuters. All rights reserved."},
      {"{{year}}", "Acme Media", "has a template placeholder for the year",
       NULL},
      {"{year}", "{holder}", "has a template placeholder for the year",
       "\xC2\xA9 <year> <holder>. All rights reserved."},
      {"2023", "[holder]", "has a template placeholder for the holder", NULL},
      {next, "Acme Media", "which is in the future", NULL},
      {"2023", "Acme Media", NULL, NULL},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    credit_spec specs[] = {{CL_KIND_COPYRIGHT, 4, 2, CL_SCOPE_CHROME,
                            "\xC2\xA9 (a notice)", rows[i].holder,
                            rows[i].years},
                           END_OF_CREDITS};
    cl_docres *d = doc_checked(100, specs, NULL);
    CU_ASSERT_EQUAL(d->nfindings, rows[i].why ? 1u : 0u);
    const cl_finding *f = find_check(d, "malformed-copyright");
    if (rows[i].why) {
      CU_ASSERT_PTR_NOT_NULL_FATAL(f);
      CU_ASSERT_EQUAL(f->line, 4);
      CU_ASSERT_PTR_NOT_NULL(strstr(f->message, rows[i].why));
      if (rows[i].fix)
        CU_ASSERT_STRING_EQUAL(f->fix, rows[i].fix);
    }
    cl_docres_free(d);
  }
}

/* Lines that recur without anyone having to delete one: bylines (teasers,
 * related articles), quoted sources, licences and image credits once per
 * photo, and each wire item's own notice in a roundup. */
static void test_duplicate_not_a_mistake(void) {
  static const credit_spec specs[] = {
      {CL_KIND_AUTHOR, 2, 1, CL_SCOPE_BODY, "By Ann Lee", "Ann Lee", NULL},
      {CL_KIND_AUTHOR, 90, 1, CL_SCOPE_BODY, "By Ann Lee", "Ann Lee", NULL},
      {CL_KIND_SOURCE, 5, 40, CL_SCOPE_BODY, "told Reuters", "Reuters", NULL},
      {CL_KIND_SOURCE, 7, 12, CL_SCOPE_BODY, "told Reuters", "Reuters", NULL},
      {CL_KIND_IMAGE, 10, 1, CL_SCOPE_BODY, "Photo: Bo Kim, AP", "Bo Kim", NULL},
      {CL_KIND_IMAGE, 20, 1, CL_SCOPE_BODY, "Photo: Bo Kim, AP", "Bo Kim", NULL},
      {CL_KIND_LICENSE, 11, 1, CL_SCOPE_BODY, "CC BY 4.0", "CC BY 4.0", NULL},
      {CL_KIND_LICENSE, 21, 1, CL_SCOPE_BODY, "CC BY 4.0", "CC BY 4.0", NULL},
      /* a roundup: two wire items, each with its dateline and notice */
      {CL_KIND_SOURCE, 30, 1, CL_SCOPE_BODY, "LIMA (AP) -", "AP", NULL},
      {CL_KIND_COPYRIGHT, 40, 1, CL_SCOPE_BODY,
       "\xC2\xA9 2024 The Associated Press", "The Associated Press", "2024"},
      {CL_KIND_SOURCE, 50, 1, CL_SCOPE_BODY, "OSLO (AP) -", "AP", NULL},
      {CL_KIND_COPYRIGHT, 60, 1, CL_SCOPE_BODY,
       "\xC2\xA9 2024 The Associated Press", "The Associated Press", "2024"},
      END_OF_CREDITS};
  cl_docres *d = doc_make(3000, specs);
  d->credits[8].rule = d->credits[10].rule = "source-dateline";
  CU_ASSERT_EQUAL(cl_checks_run(d, NULL), 0);
  if (d->nfindings)
    dump_findings(d);
  CU_ASSERT_EQUAL(d->nfindings, 0);
  cl_docres_free(d);
  /* Without the second dateline the notice is there twice. */
  d = doc_make(3000, specs);
  d->credits[8].rule = "source-dateline";
  CU_ASSERT_EQUAL(cl_checks_run(d, NULL), 0);
  CU_ASSERT_EQUAL(count_check(d, "duplicate-credit"), 1);
  cl_docres_free(d);
}

/* Fingerprints do not depend on line numbers or on which side came
 * first; they do depend on what conflicts. */
static void test_fingerprints(void) {
  credit_spec a[] = {
      {CL_KIND_COPYRIGHT, 3, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Acme", "Acme", "2024"},
      {CL_KIND_COPYRIGHT, 9, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Beta", "Beta", "2024"},
      END_OF_CREDITS};
  credit_spec b[] = {
      {CL_KIND_COPYRIGHT, 13, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Beta Ltd.", "Beta Ltd.", "2024"},
      {CL_KIND_COPYRIGHT, 40, 5, CL_SCOPE_BODY, "\xC2\xA9 2024 ACME", "ACME", "2024"},
      END_OF_CREDITS};
  credit_spec c[] = {
      {CL_KIND_COPYRIGHT, 3, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Acme", "Acme", "2024"},
      {CL_KIND_COPYRIGHT, 9, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Gamma", "Gamma", "2024"},
      END_OF_CREDITS};
  cl_docres *da = doc_checked(100, a, NULL);
  cl_docres *db = doc_checked(100, b, NULL);
  cl_docres *dc = doc_checked(100, c, NULL);
  CU_ASSERT_EQUAL_FATAL(da->nfindings, 1);
  CU_ASSERT_EQUAL_FATAL(db->nfindings, 1);
  CU_ASSERT_EQUAL_FATAL(dc->nfindings, 1);
  CU_ASSERT_STRING_EQUAL(da->findings[0].fingerprint, db->findings[0].fingerprint);
  CU_ASSERT_STRING_NOT_EQUAL(da->findings[0].fingerprint, dc->findings[0].fingerprint);
  cl_docres_free(da);
  cl_docres_free(db);
  cl_docres_free(dc);
}

/* Several findings come out sorted by line, column, check id. */
static void test_sorted(void) {
  static const credit_spec specs[] = {
      {CL_KIND_SYNDICATION, 20, 1, CL_SCOPE_BODY, "From Beta", "Beta", NULL},
      {CL_KIND_SYNDICATION, 5, 1, CL_SCOPE_BODY, "From Acme", "Acme", NULL},
      {CL_KIND_COPYRIGHT, 7, 1, CL_SCOPE_CHROME, "\xC2\xA9 Site", "Site", NULL},
      END_OF_CREDITS};
  cl_options opt = required(REQ_COPYRIGHT | (1u << CL_REQ_EDITOR));
  cl_docres *d = doc_checked(100, specs, &opt);
  /* missing-editor-credit (0:0), conflicting-syndication at 5:1 (Acme came
   * second in the credit list), syndicated-without-copyright at its first
   * credit 20:1 */
  CU_ASSERT_EQUAL_FATAL(d->nfindings, 3);
  CU_ASSERT_STRING_EQUAL(d->findings[0].check, "missing-editor-credit");
  CU_ASSERT_STRING_EQUAL(d->findings[1].check, "conflicting-syndication");
  CU_ASSERT_EQUAL(d->findings[1].line, 5);
  CU_ASSERT_STRING_EQUAL(d->findings[2].check, "syndicated-without-copyright");
  CU_ASSERT_EQUAL(d->findings[2].line, 20);
  for (size_t i = 1; i < d->nfindings; i++)
    CU_ASSERT(d->findings[i - 1].line <= d->findings[i].line);
  cl_docres_free(d);
}

/* Options: a changed severity sticks; OFF removes the finding. */
static void test_severity_override(void) {
  static const credit_spec specs[] = {
      {CL_KIND_COPYRIGHT, 3, 1, CL_SCOPE_BODY, "\xC2\xA9 Acme", "Acme", NULL},
      {CL_KIND_COPYRIGHT, 9, 1, CL_SCOPE_BODY, "\xC2\xA9 2024 Beta", "Beta", "2024"},
      END_OF_CREDITS};
  cl_options opt;
  memset(&opt, 0, sizeof opt);
  int conflict = cl_check_index("conflicting-copyright");
  int incomplete = cl_check_index("incomplete-copyright");
  CU_ASSERT_FATAL(conflict >= 0 && incomplete >= 0);

  cl_docres *d = doc_checked(100, specs, &opt); /* nothing overridden */
  CU_ASSERT_EQUAL(d->nfindings, 2);
  cl_docres_free(d);

  opt.severity_overridden[conflict] = 1;
  opt.severity_override[conflict] = CL_SEV_INFO;
  opt.severity_overridden[incomplete] = 1;
  opt.severity_override[incomplete] = CL_SEV_OFF;
  d = doc_checked(100, specs, &opt);
  CU_ASSERT_EQUAL(count_check(d, "incomplete-copyright"), 0);
  CU_ASSERT_EQUAL_FATAL(d->nfindings, 1);
  CU_ASSERT_STRING_EQUAL(d->findings[0].check, "conflicting-copyright");
  CU_ASSERT_EQUAL(d->findings[0].severity, CL_SEV_INFO);
  cl_docres_free(d);

  /* An override value without its flag changes nothing. */
  opt.severity_overridden[conflict] = 0;
  opt.severity_overridden[incomplete] = 0;
  d = doc_checked(100, specs, &opt);
  CU_ASSERT_EQUAL(d->nfindings, 2);
  const cl_finding *f = find_check(d, "conflicting-copyright");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(f->severity, CL_SEV_ERROR);
  cl_docres_free(d);
}

/* licensed-without-attribution: a licence that asks for attribution, in
 * the article, with nothing naming who made or supplied the content. */
static void test_licensed_attribution(void) {
  static const struct {
    const char *name;
    credit_spec credits[3];
    int fires;
  } rows[] = {
      {"CC BY, nobody credited",
       {{CL_KIND_LICENSE, 4, 1, CL_SCOPE_BODY, "CC BY 4.0", "CC BY 4.0", NULL},
        END_OF_CREDITS},
       1},
      {"CC BY-SA spelled out, nobody credited",
       {{CL_KIND_LICENSE, 4, 1, CL_SCOPE_BODY, "licence",
         "Creative Commons Attribution-ShareAlike 4.0", NULL},
        END_OF_CREDITS},
       1},
      {"CC BY with an author",
       {{CL_KIND_AUTHOR, 3, 1, CL_SCOPE_BODY, "By Ana Ruiz", "Ana Ruiz", NULL},
        {CL_KIND_LICENSE, 4, 1, CL_SCOPE_BODY, "CC BY 4.0", "CC BY 4.0", NULL},
        END_OF_CREDITS},
       0},
      {"CC BY with a holder in metadata",
       {{CL_KIND_COPYRIGHT, 0, 0, CL_SCOPE_METADATA, "Quay Press", "Quay Press",
         "2024"},
        {CL_KIND_LICENSE, 4, 1, CL_SCOPE_BODY, "CC BY 4.0", "CC BY 4.0", NULL},
        END_OF_CREDITS},
       0},
      {"CC0 asks for nothing",
       {{CL_KIND_LICENSE, 4, 1, CL_SCOPE_BODY, "CC0 1.0", "CC0 1.0", NULL},
        END_OF_CREDITS},
       0},
      {"a site footer's licence is the site's",
       {{CL_KIND_LICENSE, 40, 1, CL_SCOPE_CHROME, "CC BY-SA 4.0",
         "CC BY-SA 4.0", NULL},
        END_OF_CREDITS},
       0},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    cl_docres *d = doc_make(500, rows[i].credits);
    CU_ASSERT_EQUAL(cl_checks_run(d, NULL), 0);
    size_t n = 0;
    for (size_t k = 0; k < d->nfindings; k++)
      n += strcmp(d->findings[k].check, "licensed-without-attribution") == 0;
    if (n != (size_t)rows[i].fires)
      fprintf(stderr, "\n  case \"%s\": %zu findings\n", rows[i].name, n);
    CU_ASSERT_EQUAL(n, (size_t)rows[i].fires);
    cl_docres_free(d);
  }
}

static const cl_test_case cases[] = {
    {"catalogue", test_catalogue},
    {"clean article", test_clean_article},
    {"missing-copyright", test_missing_copyright},
    {"coverage", test_coverage},
    {"licensed-without-attribution", test_licensed_attribution},
    {"partner and editor requirements", test_partner_and_editor},
    {"requirement names", test_requirement_names},
    {"syndicated-without-copyright", test_syndicated_without_copyright},
    {"incomplete-copyright", test_incomplete_copyright},
    {"conflicting-copyright", test_conflicting_copyright},
    {"copyright pairs", test_copyright_pairs},
    {"conflict reported once", test_conflict_reported_once},
    {"conflicting-syndication", test_conflicting_syndication},
    {"duplicate-credit", test_duplicate_credit},
    {"duplicate-credit: not a mistake", test_duplicate_not_a_mistake},
    {"malformed-copyright", test_malformed_copyright},
    {"fingerprints", test_fingerprints},
    {"sorted findings", test_sorted},
    {"severity override", test_severity_override},
    {NULL, NULL}};

CL_TEST_MAIN("checks", cases)
