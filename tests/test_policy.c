/* test_policy.c - the licensing policy: dates, loading and the error of
 * each broken policy file, aliases in name and line keys, the policy checks
 * on the fixture articles (id, message, location), severities, scope and
 * the policy examples of `rules test`. */
#include "policy.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#define FIXTURES "fixtures/policy/"
#define AS_OF "2025-01-01"

/* ------------------------------------------------------------ helpers */

/* Built-in rules plus the policy text POLICY (named "p.yaml"), compiled. */
static cl_rules *rules_with(const char *policy) {
  cl_rules *r = cl_rules_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL(cl_rules_load_defaults(r), CL_OK);
  if (policy)
    CU_ASSERT_EQUAL(cl_rules_load_buffer(r, "p.yaml", policy, strlen(policy)),
                    CL_OK);
  CU_ASSERT_EQUAL(cl_rules_compile(r), CL_OK);
  for (size_t i = 0; i < cl_rules_error_count(r); i++)
    fprintf(stderr, "  %s\n", cl_rules_error(r, i));
  return r;
}

static cl_rules *fixture_rules(void) {
  cl_rules *r = cl_rules_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL(cl_rules_load_defaults(r), CL_OK);
  CU_ASSERT_EQUAL(cl_rules_load_dir(r, FIXTURES "rules"), CL_OK);
  CU_ASSERT_EQUAL(cl_rules_compile(r), CL_OK);
  return r;
}

/* Scans PATH (or TEXT named PATH when TEXT is not NULL) with R's policy. */
static cl_report *scan(const cl_rules *r, const char *path, const char *text,
                       const char *as_of) {
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  opt.policy = r;
  opt.as_of = as_of;
  cl_scanner *sc = cl_scanner_new(r, &opt);
  cl_report *rep = cl_report_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rep);
  if (text)
    CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, path, text, strlen(text), rep),
                    CL_OK)
  else
    CU_ASSERT_EQUAL(cl_scanner_scan_path(sc, path, rep), CL_OK)
  cl_scanner_free(sc);
  CU_ASSERT_EQUAL_FATAL(cl_report_document_count(rep), 1);
  return rep;
}

static const char *const policy_ids[] = {
    "unlicensed-partner",      "license-expired",         "license-not-yet-valid",
    "missing-required-credit", "credit-wording-mismatch", "holder-not-allowed",
    NULL};

static int is_policy(const char *id) {
  for (const char *const *p = policy_ids; *p; p++)
    if (strcmp(*p, id) == 0)
      return 1;
  return 0;
}

static size_t policy_findings(const cl_document *d) {
  size_t n = 0;
  for (size_t i = 0; i < d->finding_count; i++)
    n += is_policy(d->findings[i].check);
  return n;
}

static const cl_finding *find(const cl_document *d, const char *check,
                              size_t nth) {
  for (size_t i = 0; i < d->finding_count; i++)
    if (strcmp(d->findings[i].check, check) == 0 && nth-- == 0)
      return &d->findings[i];
  return NULL;
}

static void dump(const cl_document *d) {
  for (size_t i = 0; i < d->finding_count; i++)
    fprintf(stderr, "  %s %u:%u %s\n", d->findings[i].check,
            d->findings[i].line, d->findings[i].column,
            d->findings[i].message);
}

/* -------------------------------------------------------------- dates */

static void test_dates(void) {
  static const struct {
    const char *s;
    long lo, hi; /* 0: invalid */
  } cases[] = {
      {"2024", 20240101, 20241231},
      {"2024-02", 20240201, 20240229},
      {"2023-02", 20230201, 20230228},
      {"2024-03-05", 20240305, 20240305},
      {"2024-03-05T10:00:00Z", 20240305, 20240305},
      {"20240305T100000Z", 20240305, 20240305},
      {"2024-02-30", 0, 0},
      {"2024-13", 0, 0},
      {"2024-3-5", 0, 0},
      {"24", 0, 0},
      {"2024-03x", 0, 0},
      {"2024T10", 0, 0},
      {"", 0, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    cl_date_range r = {0, 0};
    int rc = cl_date_parse(cases[i].s, &r);
    CU_ASSERT_EQUAL(rc, cases[i].lo ? 0 : -1);
    if (cases[i].lo) {
      CU_ASSERT_EQUAL(r.lo, cases[i].lo);
      CU_ASSERT_EQUAL(r.hi, cases[i].hi);
    }
    if (rc != (cases[i].lo ? 0 : -1))
      fprintf(stderr, "  date \"%s\"\n", cases[i].s);
  }
  CU_ASSERT_EQUAL(cl_date_parse(NULL, NULL), -1);
}

/* ------------------------------------------------------ broken files */

#define PARTY "parties: [{name: Acme News, aliases: [Acme]}]\n"

static void test_broken_files(void) {
  static const struct {
    const char *text;
    const char *errors[3];
  } cases[] = {
      {"parties: [{name: Acme News}\n",
       {"p.yaml:2: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence)"}},
      {"agreement: []\n",
       {"p.yaml:1: unknown key \"agreement\" (expected rules, agencies, parties, agreements, severities, examples, unknown-partners)",
        "p.yaml:1: missing \"rules\""}},
      {PARTY "agreements:\n  - partner: Acme News\n    licenced: true\n",
       {"p.yaml:4: agreement Acme News: unknown key \"licenced\" (expected id, "
        "partner, licensed, requires, holders, editor-required, from, until, "
        "scope)"}},
      {PARTY "agreements:\n  - id: a\n    partner: Acme News\n"
             "  - id: a\n    partner: Acme\n",
       {"p.yaml:5: agreement a: duplicate id, first defined at p.yaml:3"}},
      {PARTY "agreements:\n  - partner: Acme News\n"
             "    requires: [\"Produced with {partnr}\"]\n",
       {"p.yaml:4: agreement Acme News: template \"Produced with {partnr}\" "
        "names unknown field {partnr} (fields: partner, holder, year, "
        "editor)"}},
      {PARTY "agreements:\n  - partner: Acme News\n"
             "    requires: [\"By {partner\"]\n",
       {"p.yaml:4: agreement Acme News: template \"By {partner\" has a \"{\" "
        "without \"}\""}},
      {PARTY "agreements:\n  - partner: Acme News\n    from: 2024-06-01\n"
             "    until: 2024-01-31\n",
       {"p.yaml:5: agreement Acme News: the window ends (until 2024-01-31) "
        "before it starts (from 2024-06-01)"}},
      {PARTY "agreements:\n  - partner: Acme News\n    until: 2024-02-30\n",
       {"p.yaml:4: agreement Acme News: until \"2024-02-30\" is not a date "
        "(YYYY-MM-DD, YYYY-MM or YYYY)"}},
      {PARTY "agreements:\n  - id: b\n    partner: Beta Wire\n",
       {"p.yaml:3: agreement b: partner \"Beta Wire\" is not a declared party "
        "(add it under \"parties\")"}},
      {PARTY "agreements:\n  - {id: a, partner: Acme News}\n"
             "  - {id: b, partner: Acme}\n",
       {"p.yaml:4: agreement b: party \"Acme News\" already has agreement a "
        "(p.yaml:3)"}},
      {PARTY "agreements:\n  - partner: Acme News\n    licensed: maybe\n",
       {"p.yaml:4: agreement Acme News: licensed must be true or false"}},
      {"parties:\n  - name: Acme News\n  - name: Beta\n    aliases: [\"ACME "
       "NEWS, Inc.\"]\n",
       {"p.yaml:4: party \"Beta\": \"ACME NEWS, Inc.\" already names party "
        "\"Acme News\" (p.yaml:2)"}},
      {"parties:\n  - aliases: [X]\n",
       {"p.yaml:2: party #1: missing \"name\""}},
      {"severities: {missing-copyrite: off, missing-copyright: loud}\n",
       {"p.yaml:1: severities: unknown check \"missing-copyrite\"",
        "p.yaml:1: severities: missing-copyright: severity must be error, "
        "warning, info or off"}},
      {"severities:\n  missing-copyright: off\n  missing-copyright: info\n",
       {"p.yaml:3: severities: missing-copyright set twice (first at "
        "p.yaml:2)"}},
      {"examples:\n  - text: x\n    expect: missing-thing\n",
       {"p.yaml:3: policy example #1: expect \"missing-thing\" is neither "
        "\"pass\" nor a check id"}},
      {"examples:\n  - text: x\n",
       {"p.yaml:2: policy example #1: missing \"expect\""}},
      {"examples:\n  - {text: x, expect: pass, as-of: soon}\n",
       {"p.yaml:2: policy example #1: as-of \"soon\" is not a date "
        "(YYYY-MM-DD, YYYY-MM or YYYY)"}},
      {"unknown-partners: always\n",
       {"p.yaml:1: unknown-partners must be report or ignore"}},
      {"agreements: {partner: x}\n", {"p.yaml:1: \"agreements\" must be a list"}},
      {"rules:\n  - id: r\n    kind: syndication\n    pattern: '(?<party>x'\n"
       "    message: m\n    examples: [x]\n    counterexamples: [y]\n",
       {"p.yaml:2: rule r: pattern error at offset 10: missing closing "
        "parenthesis"}},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    cl_rules *r = cl_rules_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    cl_rules_load_buffer(r, "p.yaml", cases[i].text, strlen(cases[i].text));
    cl_rules_compile(r); /* cross-file checks and patterns */
    size_t want = 0;
    while (want < 3 && cases[i].errors[want])
      want++;
    CU_ASSERT_EQUAL(cl_rules_error_count(r), want);
    for (size_t k = 0; k < want && k < cl_rules_error_count(r); k++)
      CU_ASSERT_STRING_EQUAL(cl_rules_error(r, k), cases[i].errors[k]);
    if (cl_rules_error_count(r) != want ||
        (want && strcmp(cl_rules_error(r, 0), cases[i].errors[0]) != 0))
      for (size_t k = 0; k < cl_rules_error_count(r); k++)
        fprintf(stderr, "  case %zu: %s\n", i, cl_rules_error(r, k));
    cl_rules_free(r);
  }
}

/* A file may hold rules and policy together; the fixture and the shipped
 * example load without a problem. */
static void test_good_files(void) {
  cl_rules *r = fixture_rules();
  CU_ASSERT_EQUAL(cl_rules_error_count(r), 0);
  CU_ASSERT_EQUAL(cl_rules_agreement_count(r), 3);
  CU_ASSERT_STRING_EQUAL(cl_rules_agreement_id(r, 0), "bramblewood");
  CU_ASSERT_STRING_EQUAL(cl_rules_agreement_partner(r, 0), "Bramblewood Press");
  CU_ASSERT_STRING_EQUAL(cl_rules_agreement_file(r, 0),
                         FIXTURES "rules/partners.yaml");
  CU_ASSERT_PTR_NULL(cl_rules_agreement_id(r, 3));
  size_t ids = 0;
  for (size_t i = 0; i < cl_rules_count(r); i++)
    ids += strcmp(cl_rules_id(r, i), "syndication-in-association") == 0;
  CU_ASSERT_EQUAL(ids, 1);
  /* Files read: the embedded defaults plus the fixture's one file. */
  CU_ASSERT_TRUE(cl_rules_file_count(r) >= 2);
  cl_rules_free(r);

  /* The shipped example policy is not built in, and loads cleanly. */
  cl_rules *ex = cl_rules_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(ex);
  CU_ASSERT_EQUAL(cl_rules_load_defaults(ex), CL_OK);
  CU_ASSERT_EQUAL(cl_rules_agreement_count(ex), 0);
  CU_ASSERT_EQUAL(cl_rules_load_dir(ex, "rules/policies"), CL_OK);
  CU_ASSERT_EQUAL(cl_rules_compile(ex), CL_OK);
  CU_ASSERT_EQUAL(cl_rules_error_count(ex), 0);
  CU_ASSERT_EQUAL(cl_rules_agreement_count(ex), 2);
  CU_ASSERT_STRING_EQUAL(cl_rules_agreement_id(ex, 0), "copperleaf");
  size_t passed = 0, failed = 0;
  CU_ASSERT_EQUAL(cl_policy_selftest(ex, NULL, NULL, &passed, &failed), 0);
  CU_ASSERT_EQUAL(passed, 6);
  CU_ASSERT_EQUAL(failed, 0);
  cl_rules_free(ex);
}

/* --------------------------------------------------------------- keys */

static void test_keys(void) {
  cl_rules *r = fixture_rules();
  cl_buf b = CL_BUF_INIT;
  static const struct {
    const char *in, *name_key;
  } names[] = {
      {"Bramblewood Press", "bramblewood press"},
      {"BRAMBLEWOOD PRESS.COM", "bramblewood press"},
      {"Bramblewood", "bramblewood press"},
      {"Bramblewood Press Inc.", "bramblewood press"},
      {"Quillon", "quillon wire"},
      {"Greyfen Holdings", "greyfen holdings"},
  };
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    CU_ASSERT_EQUAL(cl_policy_name_key(r, names[i].in, &b), 0);
    CU_ASSERT_STRING_EQUAL(b.ptr, names[i].name_key);
  }
  CU_ASSERT_EQUAL(cl_policy_name_key(NULL, "Bramblewood", &b), 0);
  CU_ASSERT_STRING_EQUAL(b.ptr, "bramblewood");
  static const struct {
    const char *in, *key;
  } lines[] = {
      {"(C) 2024 Bramblewood Press.com. All Rights Reserved.",
       " \xC2\xA9 2024 bramblewood press all rights reserved "},
      {"Produced in association with Bramblewood",
       " produced in association with bramblewood press "},
      {"Produced  in   association with  Bramblewood Press",
       " produced in association with bramblewood press "},
      {"\xC2\xA9" "2024 Quillon \xE2\x80\x94 wire desk",
       " \xC2\xA9 2024 quillon wire desk "},
      {"", " "},
  };
  for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
    CU_ASSERT_EQUAL(cl_policy_line_key(r, lines[i].in, &b), 0);
    CU_ASSERT_STRING_EQUAL(b.ptr, lines[i].key);
    if (strcmp(b.ptr, lines[i].key) != 0)
      fprintf(stderr, "  line key [%s]\n", b.ptr);
  }
  cl_buf_free(&b);
  cl_rules_free(r);
}

/* ------------------------------------------------------------- checks */

/* Each fixture document and the policy findings it must give. */
static void test_fixture_findings(void) {
  static const struct {
    const char *path;
    size_t count;
    const char *check;
    unsigned line, column;
    const char *message;
    const char *fix;
  } cases[] = {
      {"docs/articles/pass.txt", 0, NULL, 0, 0, NULL, NULL},
      {"docs/articles/aliases.txt", 0, NULL, 0, 0, NULL, NULL},
      {"docs/articles/wording.txt", 1, "credit-wording-mismatch", 3, 1,
       "credit \"In association with Bramblewood Press\" is not worded as "
       "agreement bramblewood requires: \"Produced in association with "
       "Bramblewood Press\"",
       "Produced in association with Bramblewood Press"},
      {"docs/articles/holder.txt", 2, "holder-not-allowed", 3, 1,
       "copyright holder \"Greyfen Holdings\" is not allowed by agreement "
       "bramblewood (allowed: \"Bramblewood Press\", \"Bramblewood Media "
       "Group\")",
       NULL},
      {"docs/articles/holder.txt", 2, "missing-required-credit", 0, 0,
       "agreement bramblewood requires the line \"\xC2\xA9 2024 Bramblewood "
       "Press. All rights reserved.\"",
       "\xC2\xA9 2024 Bramblewood Press. All rights reserved."},
      {"docs/articles/expired-window.txt", 1, "license-expired", 2, 1,
       "agreement bramblewood with \"Bramblewood Press\" ended on 2025-12-31, "
       "but the document is dated 2026 (year of its copyright notice)",
       NULL},
      {"docs/articles/early-window.txt", 1, "license-not-yet-valid", 2, 1,
       "agreement bramblewood with \"Bramblewood Press\" starts on "
       "2023-01-01, but the document is dated 2022 (year of its copyright "
       "notice)",
       NULL},
      {"docs/articles/lanternfish.txt", 1, "license-expired", 2, 1,
       "agreement lanternfish with \"Lanternfish Media\" ended on 2022-06-30, "
       "but the document is dated 2024 (year of its copyright notice)",
       NULL},
      {"docs/articles/metadata-date.md", 1, "license-expired", 8, 1,
       "agreement bramblewood with \"Bramblewood Press\" ended on 2025-12-31, "
       "but the document is dated 2026-03-01 (metadata date)",
       NULL},
      {"docs/articles/quillon.txt", 1, "unlicensed-partner", 2, 17,
       "\"Quillon Wire\" is not licensed: agreement quillon marks it not "
       "licensed",
       NULL},
      {"docs/feeds/bramblewood/missing-line.txt", 2, "missing-required-credit",
       0, 0,
       "agreement bramblewood requires an editor credit", "Edited by <editor>"},
  };
  cl_rules *r = fixture_rules();
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char path[256];
    snprintf(path, sizeof path, FIXTURES "%s", cases[i].path);
    cl_report *rep = scan(r, path, NULL, AS_OF);
    const cl_document *d = cl_report_document(rep, 0);
    CU_ASSERT_EQUAL(policy_findings(d), cases[i].count);
    if (cases[i].check) {
      const cl_finding *f = NULL;
      for (size_t k = 0; (f = find(d, cases[i].check, k)) != NULL; k++)
        if (strcmp(f->message, cases[i].message) == 0)
          break;
      CU_ASSERT_PTR_NOT_NULL(f);
      if (f) {
        CU_ASSERT_EQUAL(f->line, cases[i].line);
        CU_ASSERT_EQUAL(f->column, cases[i].column);
        if (cases[i].fix)
          CU_ASSERT_STRING_EQUAL(f->fix ? f->fix : "(none)", cases[i].fix)
        else
          CU_ASSERT_PTR_NULL(f->fix);
      }
    }
    if (policy_findings(d) != cases[i].count || (cases[i].check && !find(d, cases[i].check, 0))) {
      fprintf(stderr, "  %s:\n", path);
      dump(d);
    }
    cl_report_free(rep);
  }
  cl_rules_free(r);
}

/* Aliases make "Bramblewood" and "Bramblewood Press.com" one party for
 * the foundation checks too; without the policy they conflict. */
static void test_aliases_in_conflicts(void) {
  static const char doc[] =
      "Produced in association with Bramblewood\n"
      "Republished from Bramblewood Press.com\n"
      "\xC2\xA9 2024 Bramblewood Press. All rights reserved.\n"
      "\xC2\xA9 2024 Bramblewood. All rights reserved.\n";
  cl_rules *with = fixture_rules(), *without = rules_with(NULL);
  cl_report *a = scan(with, "x.txt", doc, AS_OF);
  cl_report *b = scan(without, "x.txt", doc, AS_OF);
  const cl_document *da = cl_report_document(a, 0);
  const cl_document *db = cl_report_document(b, 0);
  CU_ASSERT_PTR_NULL(find(da, "conflicting-syndication", 0));
  CU_ASSERT_PTR_NULL(find(da, "conflicting-copyright", 0));
  CU_ASSERT_PTR_NOT_NULL(find(db, "conflicting-syndication", 0));
  CU_ASSERT_PTR_NOT_NULL(find(db, "conflicting-copyright", 0));
  /* A rule set without the policy: nothing of it applies. */
  CU_ASSERT_EQUAL(policy_findings(db), 0);
  cl_report_free(a);
  cl_report_free(b);
  cl_rules_free(with);
  cl_rules_free(without);
}

#define ACME                                                                  \
  "parties:\n  - name: Acme News\n    aliases: [Acme]\n"                      \
  "  - name: Zeta Press\n"                                                    \
  "agreements:\n  - id: acme\n    partner: Acme News\n"                       \
  "    requires: [\"Produced in association with {partner}\"]\n"              \
  "    from: 2024\n    until: 2024-06\n"

/* Scope by path glob, by credit, by default; documents without a date
 * use --as-of; per-check severities; parties without agreement. */
static void test_scope_dates_severities(void) {
  static const struct {
    const char *top;    /* top-level keys before ACME */
    const char *agr;    /* keys added to agreement acme */
    const char *path, *text, *as_of;
    const char *check;  /* the one policy finding expected, or NULL */
    cl_severity sev;
    const char *message;
  } cases[] = {
      /* Not credited, no glob, no default: out of scope. */
      {"", "", "a/b.txt", "Plain text.\n", "2024-03-01", NULL, 0, NULL},
      {"", "    scope: {paths: [\"feeds/acme/**\"]}\n",
       "/srv/x/feeds/acme/2024/b.txt", "Plain text.\n", "2024-03-01",
       "missing-required-credit", CL_SEV_ERROR,
       "agreement acme requires the line \"Produced in association with Acme "
       "News\""},
      {"", "    scope: {paths: [\"feeds/acme/*.txt\"]}\n",
       "feeds/acme/2024/b.txt", "Plain text.\n", "2024-03-01", NULL, 0, NULL},
      {"", "    scope: {default: true}\n", "b.txt", "Plain text.\n",
       "2024-03-01", "missing-required-credit", CL_SEV_ERROR, NULL},
      {"", "    scope: {default: true, credited: false}\n", "b.txt",
       "Produced in association with Acme News\n", "2024-07-01", "license-expired", CL_SEV_ERROR,
       "agreement acme with \"Acme News\" ended on 2024-06, but the document "
       "is dated 2024-07-01 (no date in the document; as-of date)"},
      {"", "", "b.txt", "Produced in association with Acme\n", "2023-12",
       "license-not-yet-valid", CL_SEV_ERROR,
       "agreement acme with \"Acme News\" starts on 2024, but the document is "
       "dated 2023-12 (no date in the document; as-of date)"},
      /* A lead-in before the credit is not compared. */
      {"", "", "b.txt", "This story was produced in association with Acme.\n",
       "2024-02-29", NULL, 0, NULL},
      {"severities: {missing-required-credit: info}\n",
       "    scope: {default: true}\n", "b.txt", "Plain text.\n", "2024-03-01",
       "missing-required-credit", CL_SEV_INFO, NULL},
      /* Declared party with no agreement. */
      {"", "", "b.txt", "Republished from Zeta Press\n", "2024-03-01",
       "unlicensed-partner", CL_SEV_ERROR,
       "\"Zeta Press\" is credited but no agreement with it exists"},
      /* Unknown party: reported only on request. */
      {"", "", "b.txt", "Republished from Omega Daily\n", "2024-03-01", NULL, 0,
       NULL},
      {"unknown-partners: report\n", "", "b.txt",
       "Republished from Omega Daily\n", "2024-03-01", "unlicensed-partner",
       CL_SEV_ERROR,
       "\"Omega Daily\" is credited but no agreement with it exists"},
      {"severities: {unlicensed-partner: warning}\nunknown-partners: report\n",
       "", "b.txt", "Republished from Omega Daily\n", "2024-03-01",
       "unlicensed-partner", CL_SEV_WARNING, NULL},
      {"severities: {unlicensed-partner: off}\nunknown-partners: report\n", "",
       "b.txt", "Republished from Omega Daily\n", "2024-03-01", NULL, 0, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char text[1024];
    snprintf(text, sizeof text, "%s" ACME "%s", cases[i].top, cases[i].agr);
    cl_rules *r = rules_with(text);
    cl_report *rep = scan(r, cases[i].path, cases[i].text, cases[i].as_of);
    const cl_document *d = cl_report_document(rep, 0);
    size_t n = policy_findings(d);
    const cl_finding *f = cases[i].check ? find(d, cases[i].check, 0) : NULL;
    CU_ASSERT_EQUAL(n, cases[i].check ? 1u : 0u);
    if (cases[i].check) {
      CU_ASSERT_PTR_NOT_NULL(f);
      if (f) {
        CU_ASSERT_EQUAL(f->severity, cases[i].sev);
        if (cases[i].message)
          CU_ASSERT_STRING_EQUAL(f->message, cases[i].message);
      }
    }
    if (n != (cases[i].check ? 1u : 0u) || (cases[i].check && !f)) {
      fprintf(stderr, "  case %zu:\n", i);
      dump(d);
    }
    cl_report_free(rep);
    cl_rules_free(r);
  }
}

/* A severity set in policy applies to every check; the options win. */
static void test_policy_severity_vs_options(void) {
  cl_rules *r = rules_with(ACME "    scope: {default: true}\n"
                                "severities: {missing-required-credit: info,"
                                " missing-copyright: off}\n");
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  opt.policy = r;
  opt.as_of = "2024-03-01";
  opt.requirements = 1u << CL_REQ_COPYRIGHT; /* missing-copyright can fire */
  cl_scanner *sc = cl_scanner_new(r, &opt);
  cl_report *rep = cl_report_new();
  CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, "a.txt", "Text.\n", 6, rep), CL_OK);
  const cl_document *d = cl_report_document(rep, 0);
  const cl_finding *f = find(d, "missing-required-credit", 0);
  CU_ASSERT_PTR_NOT_NULL(f);
  if (f)
    CU_ASSERT_EQUAL(f->severity, CL_SEV_INFO);
  CU_ASSERT_PTR_NULL(find(d, "missing-copyright", 0));
  cl_scanner_free(sc);
  cl_report_free(rep);

  int idx = cl_check_index("missing-copyright");
  CU_ASSERT_TRUE_FATAL(idx >= 0);
  opt.severity_override[idx] = CL_SEV_WARNING;
  opt.severity_overridden[idx] = 1;
  sc = cl_scanner_new(r, &opt);
  rep = cl_report_new();
  CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, "a.txt", "Text.\n", 6, rep), CL_OK);
  f = find(cl_report_document(rep, 0), "missing-copyright", 0);
  CU_ASSERT_PTR_NOT_NULL(f);
  if (f)
    CU_ASSERT_EQUAL(f->severity, CL_SEV_WARNING);
  cl_scanner_free(sc);
  cl_report_free(rep);
  cl_rules_free(r);
}

/* Every check has a catalogue entry that explain can show. */
static void test_catalogue(void) {
  for (const char *const *p = policy_ids; *p; p++) {
    const cl_check_info *c = cl_check_find(*p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_TRUE(strlen(c->summary) > 10);
    CU_ASSERT_TRUE(strlen(c->description) > 40);
    CU_ASSERT_PTR_NOT_NULL(strstr(c->help, "e.g."));
  }
  CU_ASSERT_EQUAL(cl_check_find("credit-wording-mismatch")->severity,
                  CL_SEV_WARNING);
  CU_ASSERT_EQUAL(cl_check_find("license-expired")->severity, CL_SEV_ERROR);
}

/* --------------------------------------------------------- selftest */

static void collect(const char *msg, void *ud) {
  cl_buf *b = ud;
  cl_buf_printf(b, "%s\n", msg);
}

static void test_selftest(void) {
  cl_rules *r = rules_with(
      ACME "examples:\n"
           "  - {text: \"Produced in association with Acme\", as-of: 2024-03,"
           " expect: pass}\n"
           "  - {text: \"In association with Acme\", as-of: 2024-03,"
           " expect: credit-wording-mismatch}\n"
           "  - {text: \"Produced in association with Acme\", as-of: 2025,"
           " expect: pass}\n"
           "  - {text: \"Produced in association with Acme\", as-of: 2024-03,"
           " expect: license-expired}\n");
  cl_buf msgs = CL_BUF_INIT;
  size_t passed = 0, failed = 0, rp = 0, rf = 0;
  CU_ASSERT_EQUAL(cl_policy_selftest(r, collect, &msgs, &passed, &failed), 0);
  CU_ASSERT_EQUAL(passed, 2);
  CU_ASSERT_EQUAL(failed, 2);
  CU_ASSERT_STRING_EQUAL(
      msgs.ptr ? msgs.ptr : "",
      "p.yaml:14: policy example: expected to pass, got license-expired "
      "(agreement acme with \"Acme News\" ended on 2024-06, but the document "
      "is dated 2025 (no date in the document; as-of date))\n"
      "p.yaml:15: policy example: expected license-expired, got no "
      "finding\n");
  /* cl_rules_selftest counts them with the rules' examples. */
  CU_ASSERT_EQUAL(cl_rules_selftest(r, NULL, NULL, &rp, &rf), CL_FAILED);
  CU_ASSERT_EQUAL(rf, 2);
  CU_ASSERT_TRUE(rp > passed);
  cl_buf_free(&msgs);
  cl_rules_free(r);
}

/* A dateline's date dates the document: with its own year, or in the
 * year of the notice; a metadata date still comes first. */
static void test_dateline_dates(void) {
  static const struct {
    const char *text;
    const char *want; /* substring of the license-* message, or NULL */
  } rows[] = {
      {"LONDON, Nov. 29, 2022 (Reuters) - Text.\n"
       "Produced in association with Lanternfish Media\n",
       "dated 2022-11-29 (dateline)"},
      {"PARIS, June 3 (AFP) - Text.\n"
       "\xC2\xA9 2021 Lanternfish Media. All rights reserved.\n"
       "Produced in association with Lanternfish Media\n",
       NULL}, /* 2021-06-03: inside the window */
      {"PARIS, Sept. 3 (AFP) - Text.\n"
       "\xC2\xA9 2022 Lanternfish Media. All rights reserved.\n"
       "Produced in association with Lanternfish Media\n",
       "dated 2022-09-03 (dateline)"},
      {"---\ndate: 2021-02-01\n---\n"
       "LONDON, Nov. 29, 2022 (Reuters) - Text.\n\n"
       "Produced in association with Lanternfish Media\n",
       NULL}, /* the front matter's date wins */
      {NULL, NULL}};
  cl_rules *r = fixture_rules();
  for (size_t i = 0; rows[i].text; i++) {
    const char *name = strncmp(rows[i].text, "---", 3) == 0 ? "a.md" : "a.txt";
    cl_report *rep = scan(r, name, rows[i].text, "2021-01-01");
    const cl_document *d = cl_report_document(rep, 0);
    const cl_finding *f = find(d, "license-expired", 0);
    if (rows[i].want) {
      CU_ASSERT_PTR_NOT_NULL(f);
      if (f && !strstr(f->message, rows[i].want))
        fprintf(stderr, "\n  row %zu: %s", i, f->message);
      CU_ASSERT_PTR_NOT_NULL(f ? strstr(f->message, rows[i].want) : NULL);
    } else {
      if (f)
        dump(d);
      CU_ASSERT_PTR_NULL(f);
    }
    cl_report_free(rep);
  }
  cl_rules_free(r);
}

static const cl_test_case cases[] = {
    {"dateline dates the document", test_dateline_dates},
    {"dates", test_dates},
    {"broken policy files", test_broken_files},
    {"good files", test_good_files},
    {"name and line keys", test_keys},
    {"fixture findings", test_fixture_findings},
    {"aliases in conflicts", test_aliases_in_conflicts},
    {"scope, dates, severities", test_scope_dates_severities},
    {"policy severity vs options", test_policy_severity_vs_options},
    {"catalogue", test_catalogue},
    {"selftest", test_selftest},
    {NULL, NULL}};

CL_TEST_MAIN("policy", cases)
