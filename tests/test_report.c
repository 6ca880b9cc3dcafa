/* test_report.c - report building, summary, fingerprints and both
 * renderers (text lines, JSON read back with jansson, write failures). */
#include "render.h"
#include "testutil.h"

#include <jansson.h>
#include <malloc.h>
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

  CU_ASSERT_EQUAL(cl_report_add_error(r, "articles/c.txt", 0, 1, "cannot open: %s",
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
      {{.verbose = 0},
       "articles/a.txt: error: no copyright notice in body "
       "[missing-copyright]\n"
       "  fix: Copyright 2024 Acme News Ltd\n"
       "articles/a.txt:7:4: warning: holder differs [conflicting-holders]\n"
       "articles/a.txt: error: rule x hit its match limit\n"
       "articles/c.txt: error: cannot open: Permission denied\n"
       "2 documents, 2 credits, 2 findings (1 error, 1 warning, 0 info), "
       "2 input errors, 1 skipped\n"},
      {{.verbose = 1, .quiet = 1}, /* verbose + quiet: credits and notes, no summary */
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
      {{.quiet = 1, .color = 1}, /* colour: the severity word only */
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
  cl_render_options verbose = {.verbose = 1, .quiet = 1};
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
  cl_report_add_error(r, "caf\xe9.txt", 0, 1, "cannot open");
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

/* ----------------------------------------------------------- streaming */

/* Document I of a made-up scan: plain files and members of two archives,
 * credits whose holders differ only in case and suffix (one tally), a
 * metadata credit, findings with fixes and refs, and now and then an
 * error of the document itself (when WITH_ERRORS). */
static cl_docres *stream_doc(size_t i, int with_errors) {
  static const char *const holders[] = {"Acme News Ltd", "ACME NEWS",
                                        "Northwind Wire"};
  char path[64];
  if (i % 3 == 0)
    snprintf(path, sizeof path, "articles/%04zu.txt", i);
  else if (i % 3 == 1)
    snprintf(path, sizeof path, "feed.tar.gz!/a/%04zu.md", i);
  else
    snprintf(path, sizeof path, "other.zip!/%04zu.html", i);
  cl_docres *d = cl_docres_new(path, i % 3 == 2 ? "html" : "text", 100 + i);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  d->pub.archive_len = i % 3 == 0 ? 0 : i % 3 == 1 ? strlen("feed.tar.gz")
                                                   : strlen("other.zip");
  if (i % 4 != 3)
    add_copyright(d, 0, 2, 1, holders[(i / 3) % 3], "2019-2021");
  if (i % 5 == 0)
    add_copyright(d, 1, 0, 0, "Acme News Ltd", "2019-2021");
  if (i % 7 == 0) {
    cl_credit *c = cl_docres_add_credit(d, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    c->kind = CL_KIND_SYNDICATION;
    c->rule = "syndication-association";
    c->line = 9;
    c->column = 3;
    c->text = "Produced in association with Meridian";
    c->value = "Meridian";
  }
  if (i % 4 == 3) {
    cl_finding *f = cl_docres_add_finding(
        d, "missing-copyright", 0, 0, "Copyright 2024 Acme News Ltd", "ev",
        "no copyright notice in document %zu", i);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    f->severity = CL_SEV_ERROR;
  }
  if (i % 6 == 1) {
    cl_finding *f = cl_docres_add_finding(d, "conflicting-holders", 2, 1,
                                          NULL, "h", "holder \"%s\" differs",
                                          holders[i % 3]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    f->severity = i % 12 == 1 ? CL_SEV_WARNING : CL_SEV_INFO;
    CU_ASSERT_EQUAL(cl_finding_add_ref(d, f, 2, 1), 0);
  }
  if (with_errors && i % 11 == 5)
    CU_ASSERT_EQUAL(cl_docres_add_error(d, "rule x hit its match limit"), 0);
  return d;
}

/* A baseline holding the missing-copyright finding of document 3 and an
 * entry that matches nothing. */
static cl_baseline *stream_baseline(void) {
  cl_docres *d = stream_doc(3, 0);
  char json[512];
  snprintf(json, sizeof json,
           "{\"version\": 1, \"findings\": ["
           "{\"fingerprint\": \"%s\", \"check\": \"missing-copyright\", "
           "\"path\": \"articles/0003.txt\", \"message\": \"m\"},"
           "{\"fingerprint\": \"00000000deadbeef\", \"check\": \"x\", "
           "\"path\": \"gone.txt\", \"message\": \"gone\"}]}",
           d->pub.findings[0].fingerprint);
  cl_docres_free(d);
  cl_baseline *b = cl_baseline_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  CU_ASSERT_EQUAL_FATAL(cl_baseline_load_buffer(b, json, strlen(json)), CL_OK);
  return b;
}

/* Adds N documents to R as a scanner would, with input errors and notes
 * between them, applying baseline B (may be NULL) to each one added. */
static void stream_fill(cl_report *r, size_t n, cl_baseline *b) {
  for (size_t i = 0; i < n; i++) {
    CU_ASSERT_EQUAL_FATAL(cl_report_add_document(r, stream_doc(i, 1)), 0);
    if (b)
      CU_ASSERT_EQUAL(
          cl_baseline_apply(b, r, cl_report_document_count(r) - 1), CL_OK);
    if (i % 13 == 4)
      CU_ASSERT_EQUAL(cl_report_add_error(r, "feed.tar.gz!/broken.txt", 11, 1,
                                          "truncated entry %zu", i), 0);
    if (i % 17 == 2)
      CU_ASSERT_EQUAL(cl_report_add_note(r, "img.png", "binary file skipped"),
                      0);
  }
}

typedef struct {
  cl_renderer *rd[CL_FORMAT__COUNT];
  size_t calls;
  const cl_report *report;
  size_t max_live;
} stream_sink;

static void stream_to_renderers(const cl_document *doc, void *ud) {
  stream_sink *s = ud;
  s->calls++;
  size_t live = cl_report_live_documents(s->report);
  if (live > s->max_live)
    s->max_live = live;
  for (int f = 0; f < CL_FORMAT__COUNT; f++)
    if (s->rd[f])
      cl_renderer_document(s->rd[f], doc);
}

/* Every format, streamed document by document, writes the bytes of the
 * whole report rendered at once; with no document, one, or many. */
static void test_stream_same_bytes(void) {
  static const size_t counts[] = {0, 1, 4, 60};
  static const cl_render_options ropts[] = {
      {.verbose = 0}, {.verbose = 1, .color = 1}, {.quiet = 1}};
  for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
    for (size_t o = 0; o < sizeof ropts / sizeof *ropts; o++) {
      cl_baseline *bw = stream_baseline(), *bs = stream_baseline();
      cl_report *whole = cl_report_new(), *streamed = cl_report_new();
      CU_ASSERT_PTR_NOT_NULL_FATAL(whole);
      CU_ASSERT_PTR_NOT_NULL_FATAL(streamed);
      char *buf[CL_FORMAT__COUNT] = {0};
      size_t len[CL_FORMAT__COUNT] = {0};
      FILE *out[CL_FORMAT__COUNT];
      stream_sink sink = {{0}, 0, streamed, 0};
      for (int f = 0; f < CL_FORMAT__COUNT; f++) {
        out[f] = open_memstream(&buf[f], &len[f]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(out[f]);
        sink.rd[f] = cl_renderer_new((cl_format)f, out[f], &ropts[o]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(sink.rd[f]);
      }
      CU_ASSERT_EQUAL(cl_report_set_sink(streamed, stream_to_renderers, &sink),
                      CL_OK);
      stream_fill(whole, counts[c], bw);
      stream_fill(streamed, counts[c], bs);
      CU_ASSERT_EQUAL(cl_report_flush(streamed), CL_OK);
      CU_ASSERT_EQUAL(sink.calls, counts[c]);
      CU_ASSERT(sink.max_live <= 1);
      cl_report_set_baseline(whole, bw);
      cl_report_set_baseline(streamed, bs);
      if (counts[c] > 3)
        CU_ASSERT_EQUAL(cl_baseline_suppressed(bs), 1);

      cl_summary sw, ss;
      cl_report_summary(whole, &sw);
      cl_report_summary(streamed, &ss);
      CU_ASSERT_EQUAL(memcmp(&sw, &ss, sizeof sw), 0);
      CU_ASSERT_EQUAL(cl_report_document_count(streamed), counts[c]);

      for (int f = 0; f < CL_FORMAT__COUNT; f++) {
        CU_ASSERT_EQUAL(cl_renderer_end(sink.rd[f], streamed), CL_OK);
        fclose(out[f]);
        cl_status st;
        char *want = render_to_string(whole, (cl_format)f, &ropts[o], &st);
        CU_ASSERT_EQUAL(st, CL_OK);
        CU_ASSERT_PTR_NOT_NULL_FATAL(want);
        CU_ASSERT_PTR_NOT_NULL_FATAL(buf[f]);
        if (strcmp(want, buf[f]) != 0) {
          fprintf(stderr, "\n%s, %zu documents: streamed output differs\n",
                  cl_format_name((cl_format)f), counts[c]);
          CU_FAIL("streamed output differs");
        }
        /* A streaming report renders its totals, not documents again. */
        if (counts[c] && f == CL_FORMAT_CSV) {
          char *rest = render_to_string(streamed, CL_FORMAT_CSV, NULL, &st);
          CU_ASSERT_PTR_NOT_NULL_FATAL(rest);
          CU_ASSERT_PTR_NULL(strstr(rest, "articles/"));
          free(rest);
        }
        free(want);
        free(buf[f]);
        cl_renderer_free(sink.rd[f]);
      }
      cl_report_free(whole);
      cl_report_free(streamed);
      cl_baseline_free(bw);
      cl_baseline_free(bs);
    }
  }
}

/* The bundle tallies of a streamed report equal those of the whole one:
 * names normalised together, shown as first met, in the same order. */
static void test_stream_bundles(void) {
  cl_report *whole = cl_report_new(), *streamed = cl_report_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(whole);
  CU_ASSERT_EQUAL(cl_report_set_sink(streamed, NULL, NULL), CL_OK);
  stream_fill(whole, 50, NULL);
  stream_fill(streamed, 50, NULL);
  cl_bundles *bw = cl_bundles_new(whole), *bs = cl_bundles_new(streamed);
  CU_ASSERT_PTR_NOT_NULL_FATAL(bw);
  CU_ASSERT_PTR_NOT_NULL_FATAL(bs);
  CU_ASSERT_EQUAL_FATAL(cl_bundles_count(bw), 2);
  CU_ASSERT_EQUAL_FATAL(cl_bundles_count(bs), 2);
  for (size_t i = 0; i < 2; i++) {
    const cl_bundle *a = cl_bundles_at(bw, i), *b = cl_bundles_at(bs, i);
    CU_ASSERT_STRING_EQUAL(a->path, b->path);
    CU_ASSERT_EQUAL(a->documents, b->documents);
    CU_ASSERT_EQUAL(a->documents_with_findings, b->documents_with_findings);
    CU_ASSERT_EQUAL(a->credits, b->credits);
    CU_ASSERT_EQUAL(a->errors, b->errors);
    CU_ASSERT_EQUAL_FATAL(a->holder_count, b->holder_count);
    for (size_t k = 0; k < a->holder_count; k++) {
      CU_ASSERT_STRING_EQUAL(a->holders[k].name, b->holders[k].name);
      CU_ASSERT_EQUAL(a->holders[k].count, b->holders[k].count);
    }
    CU_ASSERT_EQUAL_FATAL(a->party_count, b->party_count);
  }
  /* "Acme News Ltd" and "ACME NEWS" are one holder in feed.tar.gz,
   * shown as first met (document 1). */
  const cl_bundle *feed = cl_bundles_at(bs, 0);
  CU_ASSERT_STRING_EQUAL(feed->path, "feed.tar.gz");
  CU_ASSERT_EQUAL_FATAL(feed->holder_count, 2);
  CU_ASSERT_STRING_EQUAL(feed->holders[0].name, "Acme News Ltd");
  CU_ASSERT_STRING_EQUAL(feed->holders[1].name, "Northwind Wire");
  cl_bundles_free(bw);
  cl_bundles_free(bs);
  cl_report_free(whole);
  cl_report_free(streamed);
}

/* A streaming report holds one document at most, and the heap it uses
 * does not grow with the documents passed through it. */
static void test_stream_memory_flat(void) {
  cl_report *r = cl_report_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL(cl_report_set_sink(r, NULL, NULL), CL_OK);
  size_t after_warmup = 0, max_live = 0;
  for (size_t i = 0; i < 5000; i++) {
    CU_ASSERT_EQUAL_FATAL(cl_report_add_document(r, stream_doc(i, 0)), 0);
    size_t live = cl_report_live_documents(r);
    max_live = live > max_live ? live : max_live;
    if (i == 499)
      after_warmup = mallinfo2().uordblks;
  }
  size_t grown = mallinfo2().uordblks - after_warmup;
  CU_ASSERT_EQUAL(max_live, 1);
  /* 4500 more documents of about 1 KiB each: kept, they would be MiBs. */
  if (grown > 64 * 1024)
    fprintf(stderr, "\nstreaming report grew by %zu bytes\n", grown);
  CU_ASSERT(grown <= 64 * 1024);
  CU_ASSERT_EQUAL(cl_report_flush(r), CL_OK);
  CU_ASSERT_EQUAL(cl_report_live_documents(r), 0);
  CU_ASSERT_EQUAL(cl_report_document_count(r), 5000);
  CU_ASSERT_PTR_NULL(cl_report_document(r, 0));
  CU_ASSERT_PTR_NULL(cl_report_document(r, 4999));
  cl_summary s;
  cl_report_summary(r, &s);
  CU_ASSERT_EQUAL(s.documents, 5000);
  CU_ASSERT_EQUAL(s.findings[CL_SEV_ERROR], 1250);
  /* i % 4 == 3, or i % 6 == 1, less both (i % 12 == 7). */
  CU_ASSERT_EQUAL(s.documents_with_findings, 1250 + 834 - 417);

  /* A report that already holds documents cannot start streaming. */
  cl_report *kept = cl_report_new();
  CU_ASSERT_EQUAL(cl_report_add_document(kept, stream_doc(0, 0)), 0);
  CU_ASSERT_EQUAL(cl_report_set_sink(kept, NULL, NULL), CL_FAILED);
  CU_ASSERT_EQUAL(cl_report_live_documents(kept), 1);
  cl_report_free(kept);
  cl_report_free(r);
}

/* The document just added stays reachable by index for per-document
 * passes until it is flushed; the sink sees the adjusted document. */
static void test_stream_held_document(void) {
  cl_report *r = cl_report_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  stream_sink sink = {{0}, 0, r, 0};
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  sink.rd[0] = cl_renderer_new(CL_FORMAT_TEXT, f, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sink.rd[0]);
  CU_ASSERT_EQUAL(cl_report_set_sink(r, stream_to_renderers, &sink), CL_OK);
  cl_baseline *b = stream_baseline();
  stream_fill(r, 4, b); /* document 3's finding is in the baseline */
  CU_ASSERT_EQUAL(sink.calls, 3);
  const cl_document *held = cl_report_document(r, 3);
  CU_ASSERT_PTR_NOT_NULL_FATAL(held);
  CU_ASSERT_EQUAL(held->finding_count, 0);
  CU_ASSERT_PTR_NULL(cl_report_document(r, 2));
  CU_ASSERT_EQUAL(cl_report_flush(r), CL_OK);
  CU_ASSERT_EQUAL(sink.calls, 4);
  CU_ASSERT_EQUAL(cl_report_flush(r), CL_OK); /* nothing held: no call */
  CU_ASSERT_EQUAL(sink.calls, 4);
  cl_report_set_baseline(r, b);
  CU_ASSERT_EQUAL(cl_renderer_end(sink.rd[0], r), CL_OK);
  fclose(f);
  CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
  CU_ASSERT_PTR_NULL(strstr(buf, "articles/0003.txt"));
  CU_ASSERT_PTR_NOT_NULL(strstr(buf, "baseline: 1 finding not shown"));
  free(buf);
  cl_renderer_free(sink.rd[0]);
  cl_baseline_free(b);
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
    {"stream_same_bytes", test_stream_same_bytes},
    {"stream_bundles", test_stream_bundles},
    {"stream_memory_flat", test_stream_memory_flat},
    {"stream_held_document", test_stream_held_document},
    {NULL, NULL}};

CL_TEST_MAIN("report", cases)
