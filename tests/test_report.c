/* test_report.c - report building, summary, fingerprints and both
 * renderers (text lines, JSON read back with jansson, write failures). */
#include "internal.h"
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------- helpers */

/* Renders R in FMT into a malloc'd string (caller frees). */
static char *render_to_string(const cl_report *r, cl_format fmt,
                              const cl_render_options *o, cl_status *st) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  *st = cl_report_render(r, fmt, f, o);
  fclose(f);
  return buf;
}

static void add_copyright(cl_docres *d, int meta, unsigned line, unsigned col,
                          const char *holder, const char *years_text) {
  static const int years[] = {2019, 2020, 2021};
  cl_credit *c = cl_docres_add_credit(d, meta);
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  c->kind = CL_KIND_COPYRIGHT;
  c->rule = meta ? "dc.rights" : "copyright-symbol";
  c->line = line;
  c->column = col;
  c->text = cl_arena_printf(&d->arena, "(c) %s %s", years_text, holder);
  c->value = holder;
  c->years_text = years_text;
  c->years = years;
  c->year_count = 3;
  c->symbol = "(c)";
  static const cl_field fields[] = {{"holder", "Acme \"News\" Ltd"},
                                    {"value", "must not override"},
                                    {"extra", "x"}};
  c->fields = fields;
  c->field_count = 3;
}

/* A small report: one document with a credit, a metadata credit and two
 * findings (one with a fix and refs), one clean document, a read error, a
 * document error and a note. */
static cl_report *build_sample(void) {
  cl_report *r = cl_report_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);

  cl_docres *d = cl_docres_new("articles/a.txt", "text", 120);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  add_copyright(d, 0, 3, 1, "Acme News Ltd", "2019-2021");
  add_copyright(d, 1, 0, 0, "Acme News Ltd", "2019-2021");
  cl_finding *f = cl_docres_add_finding(d, "missing-copyright", 0, 0,
                                        "Copyright 2024 Acme News Ltd", "ev1",
                                        "no copyright notice in %s", "body");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  f->severity = CL_SEV_ERROR;
  CU_ASSERT_EQUAL(cl_finding_add_ref(d, f, 3, 1), 0);
  CU_ASSERT_EQUAL(cl_finding_add_ref(d, f, 7, 4), 0);
  f = cl_docres_add_finding(d, "conflicting-holders", 7, 4, NULL, NULL,
                            "holder differs");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  f->severity = CL_SEV_WARNING;
  CU_ASSERT_EQUAL(cl_docres_add_error(d, "rule %s hit its match limit", "x"),
                  0);
  CU_ASSERT_EQUAL(cl_report_add_document(r, d), 0);

  d = cl_docres_new("articles/b.html", "html", 30);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(cl_report_add_document(r, d), 0);

  CU_ASSERT_EQUAL(cl_report_add_error(r, "articles/c.txt", 1, "cannot open: %s",
                                      "Permission denied"),
                  0);
  CU_ASSERT_EQUAL(cl_report_add_note(r, "img.png", "binary file skipped"), 0);
  return r;
}

/* --------------------------------------------------------------- names */

static void test_names(void) {
  static const struct {
    cl_severity sev;
    const char *name;
  } sevs[] = {{CL_SEV_OFF, "off"},
              {CL_SEV_INFO, "info"},
              {CL_SEV_WARNING, "warning"},
              {CL_SEV_ERROR, "error"}};
  for (size_t i = 0; i < sizeof sevs / sizeof *sevs; i++) {
    CU_ASSERT_STRING_EQUAL(cl_severity_name(sevs[i].sev), sevs[i].name);
    CU_ASSERT_EQUAL(cl_severity_parse(sevs[i].name), (int)sevs[i].sev);
  }
  CU_ASSERT_EQUAL(cl_severity_parse("none"), CL_SEV_OFF);
  CU_ASSERT_EQUAL(cl_severity_parse("fatal"), -1);
  CU_ASSERT_EQUAL(cl_severity_parse(NULL), -1);
  CU_ASSERT_PTR_NULL(cl_severity_name((cl_severity)7));

  CU_ASSERT_STRING_EQUAL(cl_scope_name(CL_SCOPE_BODY), "body");
  CU_ASSERT_STRING_EQUAL(cl_scope_name(CL_SCOPE_CHROME), "chrome");
  CU_ASSERT_STRING_EQUAL(cl_scope_name(CL_SCOPE_METADATA), "metadata");

  static const struct {
    const char *name;
    int fmt;
  } fmts[] = {{"text", CL_FORMAT_TEXT}, {"json", CL_FORMAT_JSON},
              {"xml", -1}, {"", -1}, {"TEXT", -1}};
  for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
    CU_ASSERT_EQUAL(cl_format_parse(fmts[i].name), fmts[i].fmt);
    if (fmts[i].fmt >= 0) {
      CU_ASSERT_STRING_EQUAL(cl_format_name((cl_format)fmts[i].fmt),
                             fmts[i].name);
    }
  }
  CU_ASSERT_PTR_NULL(cl_format_name(CL_FORMAT__COUNT));
  /* Every format of the enum has a renderer. */
  for (int f = 0; f < CL_FORMAT__COUNT; f++)
    CU_ASSERT_PTR_NOT_NULL(cl_format_name((cl_format)f));
}

/* --------------------------------------------------------------- docres */

/* Credits are filled in place after cl_docres_add_credit returned them;
 * many of them force the array to move, and the published view must
 * follow. */
static void test_docres_growth(void) {
  cl_docres *d = cl_docres_new("many.txt", NULL, 5);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_STRING_EQUAL(d->pub.path, "many.txt");
  CU_ASSERT_STRING_EQUAL(d->pub.format, "text");
  for (unsigned i = 0; i < 100; i++) {
    cl_credit *c = cl_docres_add_credit(d, (int)(i % 4 == 0));
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    c->line = i + 1;
    c->kind = CL_KIND_AUTHOR;
    CU_ASSERT_PTR_EQUAL(d->pub.credits, d->credits);
    CU_ASSERT_PTR_EQUAL(d->pub.metadata, d->meta);
  }
  CU_ASSERT_EQUAL(d->pub.credit_count, 75);
  CU_ASSERT_EQUAL(d->pub.metadata_count, 25);
  CU_ASSERT_EQUAL(d->pub.metadata[24].line, 97);
  CU_ASSERT_EQUAL(d->pub.metadata[24].scope, CL_SCOPE_METADATA);
  CU_ASSERT_EQUAL(d->pub.credits[74].line, 100);
  CU_ASSERT_EQUAL(d->pub.credits[74].scope, CL_SCOPE_BODY);

  for (unsigned i = 0; i < 40; i++) {
    cl_finding *f = cl_docres_add_finding(d, "missing-copyright", i, 1, NULL,
                                          "e", "finding %u", i);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (unsigned k = 0; k < i % 7; k++)
      CU_ASSERT_EQUAL(cl_finding_add_ref(d, f, i * 10 + k, k + 1), 0);
  }
  CU_ASSERT_EQUAL(d->pub.finding_count, 40);
  CU_ASSERT_PTR_EQUAL(d->pub.findings, d->findings);
  const cl_finding *f = &d->pub.findings[13];
  CU_ASSERT_STRING_EQUAL(f->message, "finding 13");
  CU_ASSERT_STRING_EQUAL(f->check, "missing-copyright");
  CU_ASSERT_PTR_NULL(f->fix);
  CU_ASSERT_EQUAL(f->ref_count, 6);
  for (unsigned k = 0; k < 6; k++) {
    CU_ASSERT_EQUAL(f->ref_lines[k], 130 + k);
    CU_ASSERT_EQUAL(f->ref_columns[k], k + 1);
  }
  /* Severity comes from the catalogue (warning if the id is unknown). */
  const cl_check_info *info = cl_check_find("missing-copyright");
  CU_ASSERT_EQUAL(f->severity, info ? info->severity : CL_SEV_WARNING);
  cl_docres_free(d);
  cl_docres_free(NULL);
}

/* ---------------------------------------------------------- fingerprint */

static void test_fingerprint(void) {
  static const struct {
    const char *check, *path, *evidence;
    unsigned line;
    int same; /* 1: same fingerprint as the first row */
  } rows[] = {
      {"missing-copyright", "a.txt", "acme", 1, 1},
      {"missing-copyright", "a.txt", "acme", 99, 1},   /* line moved  */
      {"missing-copyright", "a.txt", "acme2", 1, 0},   /* evidence    */
      {"missing-copyright", "b.txt", "acme", 1, 0},    /* path        */
      {"conflicting-holders", "a.txt", "acme", 1, 0},  /* check       */
      {"missing-copyright", "a.txt", NULL, 1, 0},      /* no evidence */
      /* The separators keep field boundaries apart. */
      {"missing-copyright", "a.tx", "tacme", 1, 0},
  };
  char first[17] = "";
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    cl_docres *d = cl_docres_new(rows[i].path, "text", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    cl_finding *f = cl_docres_add_finding(d, rows[i].check, rows[i].line, 1,
                                          NULL, rows[i].evidence, "m");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(strlen(f->fingerprint), 16);
    CU_ASSERT_EQUAL(strspn(f->fingerprint, "0123456789abcdef"), 16);
    if (i == 0) {
      memcpy(first, f->fingerprint, 17);
    } else if (rows[i].same) {
      CU_ASSERT_STRING_EQUAL(f->fingerprint, first);
    } else {
      CU_ASSERT_STRING_NOT_EQUAL(f->fingerprint, first);
    }
    cl_docres_free(d);
  }
  /* Stable across runs: pinned to the value of the FNV-1a definition. */
  uint64_t h = cl_hash64("missing-copyright", 18, CL_HASH_SEED);
  h = cl_hash64("a.txt", 6, h);
  h = cl_hash64("acme", 4, h);
  char want[17];
  snprintf(want, sizeof want, "%016llx", (unsigned long long)h);
  CU_ASSERT_STRING_EQUAL(first, want);
}

/* --------------------------------------------------------------- report */

static void test_report_contents(void) {
  cl_report *r = build_sample();
  CU_ASSERT_EQUAL(cl_report_document_count(r), 2);
  const cl_document *d = cl_report_document(r, 0);
  CU_ASSERT_STRING_EQUAL(d->path, "articles/a.txt");
  CU_ASSERT_EQUAL(d->credit_count, 1);
  CU_ASSERT_EQUAL(d->metadata_count, 1);
  CU_ASSERT_EQUAL(d->finding_count, 2);
  CU_ASSERT_STRING_EQUAL(d->findings[0].message, "no copyright notice in body");
  CU_ASSERT_STRING_EQUAL(d->findings[0].fix, "Copyright 2024 Acme News Ltd");
  CU_ASSERT_PTR_NULL(cl_report_document(r, 2));

  /* The document's error moved to the report, under the document path. */
  CU_ASSERT_EQUAL(cl_report_error_count(r), 2);
  const cl_error *e = cl_report_error(r, 0);
  CU_ASSERT_STRING_EQUAL(e->path, "articles/a.txt");
  CU_ASSERT_STRING_EQUAL(e->message, "rule x hit its match limit");
  CU_ASSERT_EQUAL(e->fatal_to_document, 0);
  e = cl_report_error(r, 1);
  CU_ASSERT_STRING_EQUAL(e->path, "articles/c.txt");
  CU_ASSERT_STRING_EQUAL(e->message, "cannot open: Permission denied");
  CU_ASSERT_EQUAL(e->fatal_to_document, 1);
  CU_ASSERT_PTR_NULL(cl_report_error(r, 2));

  CU_ASSERT_EQUAL(cl_report_note_count(r), 1);
  CU_ASSERT_STRING_EQUAL(cl_report_note(r, 0), "img.png: binary file skipped");
  CU_ASSERT_STRING_EQUAL(cl_report_note_path(r, 0), "img.png");
  CU_ASSERT_STRING_EQUAL(cl_report_note_message(r, 0), "binary file skipped");
  CU_ASSERT_PTR_NULL(cl_report_note(r, 1));

  cl_summary s;
  cl_report_summary(r, &s);
  static const struct {
    const char *what;
    unsigned long long got, want;
  } counts[] = {{"documents", 0, 2},  {"with findings", 0, 1},
                {"credits", 0, 2},    {"errors", 0, 1},
                {"warnings", 0, 1},   {"infos", 0, 0},
                {"input errors", 0, 2}, {"skipped", 0, 1},
                {"bytes", 0, 150}};
  unsigned long long got[] = {s.documents, s.documents_with_findings,
                              s.credits, s.findings[CL_SEV_ERROR],
                              s.findings[CL_SEV_WARNING],
                              s.findings[CL_SEV_INFO], s.errors, s.skipped,
                              s.bytes};
  for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
    if (got[i] != counts[i].want)
      fprintf(stderr, "summary %s: %llu, want %llu\n", counts[i].what, got[i],
              counts[i].want);
    CU_ASSERT_EQUAL(got[i], counts[i].want);
  }
  cl_report_free(r);

  /* An empty report. */
  r = cl_report_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  cl_report_summary(r, &s);
  CU_ASSERT_EQUAL(s.documents + s.credits + s.errors + s.skipped + s.bytes, 0);
  cl_report_free(r);
  cl_report_free(NULL);
}

/* ----------------------------------------------------------------- text */

static void test_render_text(void) {
  static const struct {
    cl_render_options o;
    const char *want;
  } cases[] = {
      {{0, 0, 0},
       "articles/a.txt: error: no copyright notice in body "
       "[missing-copyright]\n"
       "  fix: Copyright 2024 Acme News Ltd\n"
       "articles/a.txt:7:4: warning: holder differs [conflicting-holders]\n"
       "articles/a.txt: error: rule x hit its match limit\n"
       "articles/c.txt: error: cannot open: Permission denied\n"
       "2 documents, 2 credits, 2 findings (1 error, 1 warning, 0 info), "
       "2 input errors, 1 skipped\n"},
      {{1, 1, 0}, /* verbose + quiet: credits and notes, no summary */
       "articles/a.txt:3:1: credit: copyright rule=copyright-symbol "
       "value=\"Acme News Ltd\" years=\"2019-2021\"\n"
       "articles/a.txt: credit: copyright rule=dc.rights scope=metadata "
       "value=\"Acme News Ltd\" years=\"2019-2021\"\n"
       "articles/a.txt: error: no copyright notice in body "
       "[missing-copyright]\n"
       "  fix: Copyright 2024 Acme News Ltd\n"
       "articles/a.txt:7:4: warning: holder differs [conflicting-holders]\n"
       "articles/a.txt: error: rule x hit its match limit\n"
       "articles/c.txt: error: cannot open: Permission denied\n"
       "img.png: note: binary file skipped\n"},
      {{0, 1, 1}, /* colour: the severity word only */
       "articles/a.txt: \033[1;31merror\033[0m: no copyright notice in body "
       "[missing-copyright]\n"
       "  fix: Copyright 2024 Acme News Ltd\n"
       "articles/a.txt:7:4: \033[1;35mwarning\033[0m: holder differs "
       "[conflicting-holders]\n"
       "articles/a.txt: \033[1;31merror\033[0m: rule x hit its match limit\n"
       "articles/c.txt: \033[1;31merror\033[0m: cannot open: Permission "
       "denied\n"},
  };
  cl_report *r = build_sample();
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    cl_status st;
    char *got = render_to_string(r, CL_FORMAT_TEXT, &cases[i].o, &st);
    CU_ASSERT_EQUAL(st, CL_OK);
    if (strcmp(got, cases[i].want) != 0)
      fprintf(stderr, "text case %zu:\n--- got\n%s--- want\n%s", i, got,
              cases[i].want);
    CU_ASSERT_STRING_EQUAL(got, cases[i].want);
    free(got);
  }
  cl_report_free(r);

  /* Singular wording, quoting of awkward values, NULL options. */
  r = cl_report_new();
  cl_docres *d = cl_docres_new("x.md", "markdown", 1);
  cl_credit *c = cl_docres_add_credit(d, 0);
  c->kind = CL_KIND_EDITOR;
  c->rule = "edited-by";
  c->line = 2;
  c->column = 5;
  c->value = "Ann \"The\" Ed\\itor\tX\n";
  cl_finding *f = cl_docres_add_finding(d, "missing-copyright", 4, 0, NULL,
                                        NULL, "m");
  f->severity = CL_SEV_INFO;
  cl_report_add_document(r, d);
  cl_status st;
  char *got = render_to_string(r, CL_FORMAT_TEXT, NULL, &st);
  CU_ASSERT_EQUAL(st, CL_OK);
  CU_ASSERT_STRING_EQUAL(got, "x.md:4: info: m [missing-copyright]\n"
                              "1 document, 1 credit, 1 finding (0 errors, "
                              "0 warnings, 1 info), 0 input errors, "
                              "0 skipped\n");
  free(got);
  cl_render_options verbose = {1, 1, 0};
  got = render_to_string(r, CL_FORMAT_TEXT, &verbose, &st);
  CU_ASSERT_STRING_EQUAL(got, "x.md:2:5: credit: editor rule=edited-by "
                              "value=\"Ann \\\"The\\\" Ed\\\\itor\\tX\\n\"\n"
                              "x.md:4: info: m [missing-copyright]\n");
  free(got);
  CU_ASSERT_EQUAL(cl_report_render(r, CL_FORMAT__COUNT, stdout, NULL),
                  CL_FAILED);
  cl_report_free(r);
}

/* ----------------------------------------------------------------- json */

static json_t *jpath(json_t *v, const char *key) {
  return json_is_object(v) ? json_object_get(v, key) : NULL;
}

static void test_render_json(void) {
  cl_report *r = build_sample();
  cl_status st;
  char *got = render_to_string(r, CL_FORMAT_JSON, NULL, &st);
  CU_ASSERT_EQUAL(st, CL_OK);
  json_error_t err;
  json_t *root = json_loads(got, 0, &err);
  CU_ASSERT_PTR_NOT_NULL_FATAL(root);
  free(got);

  /* Top-level keys, in their fixed order. */
  static const char *const top[] = {"version", "documents", "bundles",
                                    "summary", "errors", "notes"};
  void *it = json_object_iter(root);
  for (size_t i = 0; i < sizeof top / sizeof *top; i++) {
    CU_ASSERT_PTR_NOT_NULL_FATAL(it);
    CU_ASSERT_STRING_EQUAL(json_object_iter_key(it), top[i]);
    it = json_object_iter_next(root, it);
  }
  CU_ASSERT_PTR_NULL(it);
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(root, "version")), CL_VERSION);

  json_t *docs = jpath(root, "documents");
  CU_ASSERT_EQUAL(json_array_size(docs), 2);
  json_t *doc = json_array_get(docs, 0);
  static const struct {
    const char *key, *want;
  } strs[] = {{"path", "articles/a.txt"}, {"format", "text"}};
  for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
    CU_ASSERT_STRING_EQUAL(json_string_value(jpath(doc, strs[i].key)),
                           strs[i].want);
  CU_ASSERT_EQUAL(json_integer_value(jpath(doc, "bytes")), 120);

  json_t *cr = json_array_get(jpath(doc, "credits"), 0);
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(cr, "kind")), "copyright");
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(cr, "rule")),
                         "copyright-symbol");
  CU_ASSERT_EQUAL(json_integer_value(jpath(cr, "line")), 3);
  CU_ASSERT_EQUAL(json_integer_value(jpath(cr, "column")), 1);
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(cr, "scope")), "body");
  /* The fixed "value" key wins over a captured field of that name. */
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(cr, "value")),
                         "Acme News Ltd");
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(cr, "holder")),
                         "Acme \"News\" Ltd");
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(cr, "extra")), "x");
  json_t *years = jpath(cr, "years");
  CU_ASSERT_EQUAL(json_array_size(years), 3);
  CU_ASSERT_EQUAL(json_integer_value(json_array_get(years, 2)), 2021);
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(cr, "years_text")),
                         "2019-2021");
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(cr, "symbol")), "(c)");
  json_t *meta = json_array_get(jpath(doc, "metadata"), 0);
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(meta, "scope")), "metadata");

  json_t *fs = jpath(doc, "findings");
  CU_ASSERT_EQUAL(json_array_size(fs), 2);
  json_t *f0 = json_array_get(fs, 0);
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(f0, "check")),
                         "missing-copyright");
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(f0, "severity")), "error");
  CU_ASSERT_EQUAL(json_integer_value(jpath(f0, "line")), 0);
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(f0, "fix")),
                         "Copyright 2024 Acme News Ltd");
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(f0, "fingerprint")),
                         cl_report_document(r, 0)->findings[0].fingerprint);
  json_t *refs = jpath(f0, "refs");
  CU_ASSERT_EQUAL(json_array_size(refs), 2);
  CU_ASSERT_EQUAL(json_integer_value(jpath(json_array_get(refs, 1), "line")),
                  7);
  CU_ASSERT_EQUAL(
      json_integer_value(jpath(json_array_get(refs, 1), "column")), 4);
  json_t *f1 = json_array_get(fs, 1);
  CU_ASSERT_TRUE(json_is_null(jpath(f1, "fix")));
  CU_ASSERT_EQUAL(json_array_size(jpath(f1, "refs")), 0);

  json_t *sum = jpath(root, "summary");
  CU_ASSERT_EQUAL(json_integer_value(jpath(sum, "documents")), 2);
  CU_ASSERT_EQUAL(json_integer_value(jpath(sum, "documents_with_findings")), 1);
  CU_ASSERT_EQUAL(json_integer_value(jpath(sum, "credits")), 2);
  CU_ASSERT_EQUAL(json_integer_value(jpath(jpath(sum, "findings"), "error")), 1);
  CU_ASSERT_EQUAL(
      json_integer_value(jpath(jpath(sum, "findings"), "warning")), 1);
  CU_ASSERT_EQUAL(json_integer_value(jpath(sum, "errors")), 2);
  CU_ASSERT_EQUAL(json_integer_value(jpath(sum, "skipped")), 1);
  CU_ASSERT_EQUAL(json_integer_value(jpath(sum, "bytes")), 150);

  json_t *e1 = json_array_get(jpath(root, "errors"), 1);
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(e1, "path")),
                         "articles/c.txt");
  CU_ASSERT_TRUE(json_is_true(jpath(e1, "fatal")));
  json_t *n0 = json_array_get(jpath(root, "notes"), 0);
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(n0, "path")), "img.png");
  CU_ASSERT_STRING_EQUAL(json_string_value(jpath(n0, "message")),
                         "binary file skipped");
  json_decref(root);
  cl_report_free(r);
}

/* A file name that is not UTF-8 must not lose the report. */
static void test_render_json_bad_utf8(void) {
  cl_report *r = cl_report_new();
  cl_report_add_error(r, "caf\xe9.txt", 1, "cannot open");
  cl_status st;
  char *got = render_to_string(r, CL_FORMAT_JSON, NULL, &st);
  CU_ASSERT_EQUAL(st, CL_OK);
  json_t *root = json_loads(got, 0, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(root);
  json_t *e = json_array_get(json_object_get(root, "errors"), 0);
  CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(e, "path")),
                         "caf\xef\xbf\xbd.txt");
  json_decref(root);
  free(got);
  cl_report_free(r);
}

/* ------------------------------------------------------ write failures */

static void test_render_write_failure(void) {
  cl_report *r = build_sample();
  for (int fmt = 0; fmt < CL_FORMAT__COUNT; fmt++) {
    FILE *f = fopen("/dev/full", "w");
    if (!f) {
      CU_FAIL("cannot open /dev/full");
      break;
    }
    setvbuf(f, NULL, _IONBF, 0);
    CU_ASSERT_EQUAL(cl_report_render(r, (cl_format)fmt, f, NULL), CL_FAILED);
    fclose(f);
  }
  cl_report_free(r);
}

static const cl_test_case cases[] = {
    {"names", test_names},
    {"docres_growth", test_docres_growth},
    {"fingerprint", test_fingerprint},
    {"report_contents", test_report_contents},
    {"render_text", test_render_text},
    {"render_json", test_render_json},
    {"render_json_bad_utf8", test_render_json_bad_utf8},
    {"render_write_failure", test_render_write_failure},
    {NULL, NULL}};

CL_TEST_MAIN("report", cases)
