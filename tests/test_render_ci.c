/* test_render_ci.c - the machine formats, each parsed back and checked:
 * json against docs/schema/report.schema.json (a validator for the subset
 * of JSON Schema the schema uses is below), jsonl, sarif, github, junit
 * (libxml2), rdjsonl, gitlab and csv. */
#include "internal.h"
#include "testutil.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char schema_path[4096];

/* ------------------------------------------------------- sample report */

/* Two documents (one an archive member) with credits whose text needs
 * escaping in every format, findings of three severities, an input error
 * and a note.  Paths are relative to the working folder, which the suite
 * makes a repository root. */
static cl_credit *credit(cl_docres *d, cl_kind kind, unsigned line,
                         unsigned col, const char *text, const char *value,
                         const char *field) {
  cl_credit *c = cl_docres_add_credit(d, 0);
  c->kind = kind;
  c->rule = "test-rule";
  c->line = line;
  c->column = col;
  c->text = cl_arena_strdup(&d->arena, text);
  c->value = cl_arena_strdup(&d->arena, value);
  cl_field *f = cl_arena_alloc(&d->arena, sizeof *f);
  f->name = field;
  f->value = c->value;
  c->fields = f;
  c->field_count = 1;
  return c;
}

static cl_report *sample(void) {
  cl_report *r = cl_report_new();
  cl_docres *d = cl_docres_new("articles/a,b:c.txt", "text", 120);
  cl_credit *c = credit(d, CL_KIND_COPYRIGHT, 3, 5, "\xC2\xA9 2024 Acme, \"Inc\"",
                        "Acme, \"Inc\"", "holder");
  static const int years[] = {2024};
  c->years = years;
  c->year_count = 1;
  c->years_text = "2024";
  credit(d, CL_KIND_SYNDICATION, 7, 1, "Produced with =SUM(A1)", "=SUM(A1)",
         "party");
  cl_finding *f = cl_docres_add_finding(d, "conflicting-copyright", 3, 5, NULL,
                                        "ev1", "100%% sure:\r\nholders, differ");
  cl_finding_add_ref(d, f, 3, 5);
  cl_docres_add_finding(d, "duplicate-credit", 7, 1, "keep one", "ev2",
                        "twice");
  cl_docres_add_finding(d, "missing-copyright", 0, 0, "\xC2\xA9 <year>", NULL,
                        "no notice");
  d->findings[2].severity = CL_SEV_INFO;
  CU_ASSERT_EQUAL_FATAL(cl_report_add_document(r, d), 0);

  d = cl_docres_new("feeds/pack.zip!/inner/b.txt", "text", 50);
  d->pub.archive_len = strlen("feeds/pack.zip");
  credit(d, CL_KIND_AUTHOR, 1, 4, "By Jane Doe", "Jane Doe", "person");
  cl_docres_add_finding(d, "missing-copyright", 0, 0, NULL, NULL,
                        "no copyright notice");
  CU_ASSERT_EQUAL_FATAL(cl_report_add_document(r, d), 0);

  d = cl_docres_new("clean.txt", "text", 10);
  CU_ASSERT_EQUAL_FATAL(cl_report_add_document(r, d), 0);
  cl_report_add_error(r, "broken.txt", 0, 1, "Permission denied");
  cl_report_add_note(r, "image.png", "binary file skipped");
  return r;
}

static char *render(const cl_report *r, cl_format fmt) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  CU_ASSERT_EQUAL(cl_report_render(r, fmt, f, NULL), CL_OK);
  fclose(f);
  return buf;
}

/* --------------------------------------------- JSON Schema (the subset) */

typedef struct {
  json_t *root; /* the schema, for $ref */
  int errors;
} validator;

static int type_is(const char *t, json_t *v) {
  if (strcmp(t, "object") == 0) return json_is_object(v);
  if (strcmp(t, "array") == 0) return json_is_array(v);
  if (strcmp(t, "string") == 0) return json_is_string(v);
  if (strcmp(t, "integer") == 0) return json_is_integer(v);
  if (strcmp(t, "number") == 0) return json_is_number(v);
  if (strcmp(t, "boolean") == 0) return json_is_boolean(v);
  if (strcmp(t, "null") == 0) return json_is_null(v);
  return 0;
}

static void fail_at(validator *va, const char *where, const char *what) {
  if (va->errors++ < 10)
    fprintf(stderr, "\nschema: %s: %s\n", where, what);
}

static void validate(validator *va, json_t *schema, json_t *v,
                     const char *where) {
  json_t *ref = json_object_get(schema, "$ref");
  if (ref) {
    const char *r = json_string_value(ref);
    CU_ASSERT_FATAL(r && strncmp(r, "#/$defs/", 8) == 0);
    schema = json_object_get(json_object_get(va->root, "$defs"), r + 8);
    CU_ASSERT_PTR_NOT_NULL_FATAL(schema);
  }
  json_t *type = json_object_get(schema, "type");
  if (json_is_string(type) && !type_is(json_string_value(type), v))
    return fail_at(va, where, json_string_value(type));
  if (json_is_array(type)) {
    size_t i;
    json_t *t;
    int ok = 0;
    json_array_foreach(type, i, t) ok |= type_is(json_string_value(t), v);
    if (!ok)
      return fail_at(va, where, "none of the types");
  }
  json_t *en = json_object_get(schema, "enum");
  if (en) {
    size_t i;
    json_t *e;
    int ok = 0;
    json_array_foreach(en, i, e) ok |= json_equal(e, v);
    if (!ok)
      fail_at(va, where, "not in enum");
  }
  json_t *min = json_object_get(schema, "minimum");
  if (min && json_is_integer(v) && json_integer_value(v) < json_integer_value(min))
    fail_at(va, where, "below minimum");
  if (json_is_object(v)) {
    size_t i;
    json_t *req;
    json_array_foreach(json_object_get(schema, "required"), i, req) {
      if (!json_object_get(v, json_string_value(req)))
        fail_at(va, where, json_string_value(req));
    }
    json_t *props = json_object_get(schema, "properties");
    json_t *extra = json_object_get(schema, "additionalProperties");
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val) {
      char sub[512];
      snprintf(sub, sizeof sub, "%s.%s", where, key);
      json_t *ps = json_object_get(props, key);
      if (ps)
        validate(va, ps, val, sub);
      else if (json_is_false(extra))
        fail_at(va, sub, "additional property");
      else if (json_is_object(extra))
        validate(va, extra, val, sub);
    }
  }
  if (json_is_array(v) && json_object_get(schema, "items")) {
    size_t i;
    json_t *it;
    json_array_foreach(v, i, it) {
      char sub[512];
      snprintf(sub, sizeof sub, "%s[%zu]", where, i);
      validate(va, json_object_get(schema, "items"), it, sub);
    }
  }
}

static json_t *load_schema(void) {
  json_error_t err;
  json_t *s = json_load_file(schema_path, 0, &err);
  if (!s)
    fprintf(stderr, "\n%s: %s\n", schema_path, err.text);
  return s;
}

static int schema_errors(json_t *doc, const char *def) {
  json_t *schema = load_schema();
  if (!schema)
    return -1;
  validator va = {schema, 0};
  json_t *s = def ? json_object_get(json_object_get(schema, "$defs"), def) : schema;
  validate(&va, s, doc, def ? def : "$");
  json_decref(schema);
  return va.errors;
}

/* The validator itself must catch what it claims to. */
static void test_schema_validator(void) {
  cl_report *r = sample();
  char *text = render(r, CL_FORMAT_JSON);
  json_t *doc = json_loads(text, 0, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
  CU_ASSERT_EQUAL(schema_errors(doc, NULL), 0);
  json_t *copy = json_deep_copy(doc);
  json_object_del(copy, "summary");
  CU_ASSERT(schema_errors(copy, NULL) > 0);
  json_decref(copy);
  copy = json_deep_copy(doc);
  json_object_set_new(json_array_get(json_object_get(copy, "documents"), 0),
                      "bytes", json_integer(-1));
  CU_ASSERT(schema_errors(copy, NULL) > 0);
  json_decref(copy);
  copy = json_deep_copy(doc);
  json_object_set_new(copy, "surprise", json_true());
  CU_ASSERT(schema_errors(copy, NULL) > 0);
  json_decref(copy);
  copy = json_deep_copy(doc);
  json_t *f0 = json_array_get(json_object_get(json_array_get(
                                  json_object_get(copy, "documents"), 0),
                                                "findings"), 0);
  json_object_set_new(f0, "severity", json_string("fatal"));
  CU_ASSERT(schema_errors(copy, NULL) > 0);
  json_decref(copy);
  json_decref(doc);
  free(text);
  cl_report_free(r);
}

/* A real scan of the fixtures, with a baseline, fits the schema. */
static void test_json_schema_real(void) {
  cl_rules *rules = cl_rules_new();
  CU_ASSERT_EQUAL_FATAL(cl_rules_load_defaults(rules), CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(rules), CL_OK);
  cl_scanner *sc = cl_scanner_new(rules, NULL);
  cl_report *r = cl_report_new();
  static const char *const docs[] = {
      "\xC2\xA9 2021 Harbor Daily News Ltd. All rights reserved.\n"
      "Copyright 2022 Northwind Wire Inc.\n",
      "<p>Produced in association with Meridian Markets.</p>\n",
      "By Jane Doe and John Roe\nEdited by Sam Poe\nReuters reported.\n"};
  for (size_t i = 0; i < 3; i++) {
    char name[32];
    snprintf(name, sizeof name, "doc%zu.%s", i, i == 1 ? "html" : "txt");
    CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, name, docs[i], strlen(docs[i]), r),
                    CL_OK);
  }
  cl_baseline *b = cl_baseline_new();
  const char *bl = "{\"version\": 1, \"findings\": [{\"fingerprint\": \"00\", "
                   "\"check\": \"x\", \"path\": \"gone.txt\", \"message\": \"m\"}]}";
  CU_ASSERT_EQUAL(cl_baseline_load_buffer(b, bl, strlen(bl)), CL_OK);
  cl_report_set_baseline(r, b);
  char *text = render(r, CL_FORMAT_JSON);
  json_t *doc = json_loads(text, 0, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
  CU_ASSERT(json_array_size(json_object_get(doc, "documents")) == 3);
  CU_ASSERT_EQUAL(schema_errors(doc, NULL), 0);
  json_decref(doc);
  free(text);
  cl_report_free(r);
  cl_baseline_free(b);
  cl_scanner_free(sc);
  cl_rules_free(rules);
}

/* ----------------------------------------------------------- jsonl */

static void test_jsonl(void) {
  cl_report *r = sample();
  char *whole = render(r, CL_FORMAT_JSONL);
  /* Streaming the halves writes exactly the same. */
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  for (size_t i = 0; i < cl_report_document_count(r); i++)
    CU_ASSERT_EQUAL(cl_render_jsonl_document(cl_report_document(r, i), f), CL_OK);
  CU_ASSERT_EQUAL(cl_render_jsonl_trailer(r, f), CL_OK);
  fclose(f);
  CU_ASSERT_STRING_EQUAL(buf, whole);
  free(buf);

  /* The archive member makes one bundle line before the summary. */
  static const char *const types[] = {"document", "document", "document",
                                      "error", "note", "bundle", "summary"};
  static const char *const defs[] = {"document", "document", "document",
                                     "error", "note", "bundle", "summary"};
  size_t n = 0;
  for (char *line = whole; *line; n++) {
    char *nl = strchr(line, '\n');
    CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
    json_t *o = json_loadb(line, (size_t)(nl - line), 0, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_FATAL(n < 7);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o, "type")), types[n]);
    json_object_del(o, "type");
    CU_ASSERT_EQUAL(schema_errors(o, defs[n]), 0);
    json_decref(o);
    line = nl + 1;
  }
  CU_ASSERT_EQUAL(n, 7);
  free(whole);
  cl_report_free(r);
}

/* ----------------------------------------------------------- sarif */

static const char *jstr(json_t *o, const char *path) {
  /* "a.b.c" through objects */
  char key[64];
  while (o && *path) {
    size_t k = strcspn(path, ".");
    snprintf(key, sizeof key, "%.*s", (int)k, path);
    o = json_object_get(o, key);
    path += k + (path[k] == '.');
  }
  return json_string_value(o);
}

static json_int_t jint(json_t *o, const char *key) {
  return json_integer_value(json_object_get(o, key));
}

static void test_sarif(void) {
  cl_report *r = sample();
  char *text = render(r, CL_FORMAT_SARIF);
  json_t *root = json_loads(text, 0, NULL);
  {
    /* The bundle summary rides in the run's property bag. */
    json_t *run0 = json_array_get(json_object_get(root, "runs"), 0);
    json_t *b = json_object_get(json_object_get(run0, "properties"), "bundles");
    CU_ASSERT_EQUAL(json_array_size(b), 1);
    CU_ASSERT_STRING_EQUAL(jstr(json_array_get(b, 0), "path") ? jstr(json_array_get(b, 0), "path") : "",
                           "feeds/pack.zip");
    CU_ASSERT_EQUAL(jint(json_array_get(b, 0), "documents"), 1);
  }
  CU_ASSERT_PTR_NOT_NULL_FATAL(root);
  CU_ASSERT_STRING_EQUAL(jstr(root, "version"), "2.1.0");
  CU_ASSERT_PTR_NOT_NULL(strstr(jstr(root, "$schema"), "sarif-2.1.0"));
  json_t *run = json_array_get(json_object_get(root, "runs"), 0);
  CU_ASSERT_PTR_NOT_NULL_FATAL(run);
  CU_ASSERT_STRING_EQUAL(jstr(run, "tool.driver.name"), "creditline");
  CU_ASSERT_STRING_EQUAL(jstr(run, "tool.driver.version"), CL_VERSION);
  CU_ASSERT_PTR_NOT_NULL(jstr(run, "tool.driver.informationUri"));
  json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
  CU_ASSERT_EQUAL_FATAL(json_array_size(rules), cl_check_count());
  for (size_t i = 0; i < cl_check_count(); i++) {
    json_t *rule = json_array_get(rules, i);
    CU_ASSERT_STRING_EQUAL(jstr(rule, "id"), cl_check_at(i)->id);
    CU_ASSERT_STRING_EQUAL(jstr(rule, "shortDescription.text"), cl_check_at(i)->summary);
    CU_ASSERT_STRING_EQUAL(jstr(rule, "fullDescription.text"), cl_check_at(i)->description);
    CU_ASSERT_STRING_EQUAL(jstr(rule, "help.text"), cl_check_at(i)->help);
  }
  json_t *results = json_object_get(run, "results");
  CU_ASSERT_EQUAL_FATAL(json_array_size(results), 4);
  static const struct {
    const char *rule, *level, *uri;
    int line, col, endcol;
  } want[] = {
      {"conflicting-copyright", "error", "articles/a,b:c.txt", 3, 5, 5 + 18},
      {"duplicate-credit", "warning", "articles/a,b:c.txt", 7, 1, 1 + 22},
      {"missing-copyright", "note", "articles/a,b:c.txt", 1, 1, 1},
      {"missing-copyright", "error", "feeds/pack.zip", 1, 1, 1},
  };
  for (size_t i = 0; i < 4; i++) {
    json_t *res = json_array_get(results, i);
    CU_ASSERT_STRING_EQUAL(jstr(res, "ruleId"), want[i].rule);
    json_int_t idx = jint(res, "ruleIndex");
    CU_ASSERT_STRING_EQUAL(jstr(json_array_get(rules, (size_t)idx), "id"), want[i].rule);
    CU_ASSERT_STRING_EQUAL(jstr(res, "level"), want[i].level);
    CU_ASSERT_PTR_NOT_NULL(jstr(res, "message.text"));
    json_t *loc = json_array_get(json_object_get(res, "locations"), 0);
    CU_ASSERT_STRING_EQUAL(jstr(loc, "physicalLocation.artifactLocation.uri"), want[i].uri);
    CU_ASSERT_STRING_EQUAL(jstr(loc, "physicalLocation.artifactLocation.uriBaseId"), "%SRCROOT%");
    json_t *region = json_object_get(json_object_get(loc, "physicalLocation"), "region");
    CU_ASSERT_EQUAL(jint(region, "startLine"), want[i].line);
    CU_ASSERT_EQUAL(jint(region, "startColumn"), want[i].col);
    CU_ASSERT_EQUAL(jint(region, "endLine"), want[i].line);
    CU_ASSERT_EQUAL(jint(region, "endColumn"), want[i].endcol);
    CU_ASSERT_PTR_NOT_NULL(jstr(res, "partialFingerprints.creditline/v1"));
  }
  /* Fingerprints are the report's own, so stable across runs. */
  CU_ASSERT_STRING_EQUAL(jstr(json_array_get(results, 0), "partialFingerprints.creditline/v1"),
                         cl_report_document(r, 0)->findings[0].fingerprint);
  /* The archive member is named in the message and a logical location. */
  json_t *res = json_array_get(results, 3);
  CU_ASSERT_PTR_NOT_NULL(strstr(jstr(res, "message.text"), "inner/b.txt"));
  json_t *ll = json_array_get(json_object_get(json_array_get(json_object_get(res, "locations"), 0),
                                              "logicalLocations"), 0);
  CU_ASSERT_STRING_EQUAL(jstr(ll, "fullyQualifiedName"), "feeds/pack.zip!/inner/b.txt");
  /* The input error makes the run unsuccessful, with a notification. */
  json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
  CU_ASSERT(json_is_false(json_object_get(inv, "executionSuccessful")));
  CU_ASSERT_EQUAL(json_array_size(json_object_get(inv, "toolExecutionNotifications")), 1);
  json_decref(root);
  free(text);
  cl_report_free(r);
}

/* ---------------------------------------------------------- github */

static void test_github(void) {
  cl_report *r = sample();
  char *text = render(r, CL_FORMAT_GITHUB);
  static const char *const want[] = {
      "::error file=articles/a%2Cb%3Ac.txt,line=3,col=5,title=conflicting-copyright"
      "::100%25 sure:%0D%0Aholders, differ [conflicting-copyright]",
      "::warning file=articles/a%2Cb%3Ac.txt,line=7,col=1,title=duplicate-credit"
      "::twice [duplicate-credit]%0Afix: keep one",
      "::notice file=articles/a%2Cb%3Ac.txt,title=missing-copyright"
      "::no notice [missing-copyright]%0Afix: \xC2\xA9 <year>",
      "::error file=feeds/pack.zip,title=missing-copyright"
      "::inner/b.txt: no copyright notice [missing-copyright]",
      "::error file=broken.txt,title=creditline input error::broken.txt: "
      "Permission denied",
      "creditline: 3 documents, 2 errors, 1 warning, 1 info, 1 input error",
  };
  char *line = text;
  for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
    char *nl = strchr(line, '\n');
    CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
    *nl = '\0';
    if (strcmp(line, want[i]) != 0)
      fprintf(stderr, "\ngot  %s\nwant %s\n", line, want[i]);
    CU_ASSERT_STRING_EQUAL(line, want[i]);
    line = nl + 1;
  }
  CU_ASSERT_STRING_EQUAL(line, "");
  free(text);
  cl_report_free(r);
}

/* ----------------------------------------------------------- junit */

static xmlNode *child(xmlNode *n, const char *name, size_t index) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0 &&
        index-- == 0)
      return c;
  return NULL;
}

static int prop_is(xmlNode *n, const char *name, const char *want) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  int ok = v && strcmp((const char *)v, want) == 0;
  if (!ok)
    fprintf(stderr, "\n%s=\"%s\", want \"%s\"\n", name, v ? (char *)v : "(none)", want);
  xmlFree(v);
  return ok;
}

static void test_junit(void) {
  cl_report *r = sample();
  char *text = render(r, CL_FORMAT_JUNIT);
  xmlDoc *doc = xmlReadMemory(text, (int)strlen(text), "junit.xml", NULL, XML_PARSE_NONET);
  CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
  xmlNode *root = xmlDocGetRootElement(doc);
  CU_ASSERT_STRING_EQUAL((const char *)root->name, "testsuites");
  /* A test case per check with findings (3 + 1), one for the clean
   * document, one per input error; only errors fail (--fail-on error). */
  CU_ASSERT(prop_is(root, "tests", "6"));
  CU_ASSERT(prop_is(root, "failures", "2"));
  CU_ASSERT(prop_is(root, "errors", "1"));
  xmlNode *s0 = child(root, "testsuite", 0);
  CU_ASSERT_PTR_NOT_NULL_FATAL(s0);
  CU_ASSERT(prop_is(s0, "name", "articles/a,b:c.txt"));
  CU_ASSERT(prop_is(s0, "failures", "1"));
  CU_ASSERT(prop_is(s0, "tests", "3"));
  size_t cases = 0, failures = 0, passing_warnings = 0;
  for (xmlNode *tc = s0->children; tc; tc = tc->next) {
    if (tc->type != XML_ELEMENT_NODE)
      continue;
    cases++;
    xmlNode *fl = child(tc, "failure", 0);
    xmlChar *tn = xmlGetProp(tc, (const xmlChar *)"name");
    /* A warning with --fail-on error passes, its findings shown. */
    passing_warnings += tn && strcmp((const char *)tn, "duplicate-credit") == 0 &&
                        !fl && child(tc, "system-out", 0);
    xmlFree(tn);
    if (!fl)
      continue;
    failures++;
    xmlChar *name = xmlGetProp(tc, (const xmlChar *)"name");
    if (name && strcmp((const char *)name, "conflicting-copyright") == 0) {
      CU_ASSERT(prop_is(fl, "type", "error"));
      CU_ASSERT(prop_is(fl, "message", "100% sure:\r\nholders, differ"));
      xmlChar *body = xmlNodeGetContent(fl);
      CU_ASSERT_PTR_NOT_NULL(strstr((const char *)body, "articles/a,b:c.txt:3:5: error:"));
      xmlFree(body);
    }
    xmlFree(name);
  }
  CU_ASSERT_EQUAL(cases, 3);
  CU_ASSERT_EQUAL(failures, 1);
  CU_ASSERT_EQUAL(passing_warnings, 1);
  xmlNode *clean = child(root, "testsuite", 2);
  CU_ASSERT(prop_is(clean, "failures", "0"));
  CU_ASSERT(prop_is(child(clean, "testcase", 0), "name", "credit lines"));
  xmlNode *errs = child(root, "testsuite", 3);
  CU_ASSERT_PTR_NOT_NULL_FATAL(errs);
  CU_ASSERT(prop_is(errs, "name", "creditline input errors"));
  CU_ASSERT(prop_is(child(child(errs, "testcase", 0), "error", 0), "message",
                    "Permission denied"));
  xmlFreeDoc(doc);
  free(text);

  /* --fail-on warning: the warning fails too, the info still passes;
   * never: nothing fails. */
  static const struct {
    int fail_on;
    const char *root, *first;
  } levels[] = {{CL_SEV_WARNING, "3", "2"}, {CL_SEV_INFO, "4", "3"},
                {-1, "0", "0"}};
  for (size_t k = 0; k < sizeof levels / sizeof *levels; k++) {
    cl_render_options ro = {0};
    ro.fail_on = levels[k].fail_on;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(cl_report_render(r, CL_FORMAT_JUNIT, f, &ro), CL_OK);
    fclose(f);
    doc = xmlReadMemory(buf, (int)len, "junit.xml", NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    root = xmlDocGetRootElement(doc);
    CU_ASSERT(prop_is(root, "failures", levels[k].root));
    CU_ASSERT(prop_is(child(root, "testsuite", 0), "failures", levels[k].first));
    xmlFreeDoc(doc);
    free(buf);
  }
  cl_report_free(r);
}

/* ---------------------------------------------------------- rdjsonl */

static void test_rdjsonl(void) {
  cl_report *r = sample();
  char *text = render(r, CL_FORMAT_RDJSONL);
  static const struct {
    const char *sev, *code, *path;
    int line;
  } want[] = {{"ERROR", "conflicting-copyright", "articles/a,b:c.txt", 3},
              {"WARNING", "duplicate-credit", "articles/a,b:c.txt", 7},
              {"INFO", "missing-copyright", "articles/a,b:c.txt", 0},
              {"ERROR", "missing-copyright", "feeds/pack.zip", 0}};
  size_t n = 0;
  for (char *line = text; *line; n++) {
    char *nl = strchr(line, '\n');
    CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
    CU_ASSERT_FATAL(n < 4);
    json_t *o = json_loadb(line, (size_t)(nl - line), 0, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT_STRING_EQUAL(jstr(o, "severity"), want[n].sev);
    CU_ASSERT_STRING_EQUAL(jstr(o, "code.value"), want[n].code);
    CU_ASSERT_STRING_EQUAL(jstr(o, "source.name"), "creditline");
    CU_ASSERT_STRING_EQUAL(jstr(o, "location.path"), want[n].path);
    CU_ASSERT_PTR_NOT_NULL(jstr(o, "message"));
    json_t *range = json_object_get(json_object_get(o, "location"), "range");
    if (want[n].line) {
      CU_ASSERT_EQUAL(jint(json_object_get(range, "start"), "line"), want[n].line);
    } else {
      CU_ASSERT_PTR_NULL(range);
    }
    json_decref(o);
    line = nl + 1;
  }
  CU_ASSERT_EQUAL(n, 4);
  free(text);
  cl_report_free(r);
}

/* ----------------------------------------------------------- gitlab */

static void test_gitlab(void) {
  cl_report *r = sample();
  char *text = render(r, CL_FORMAT_GITLAB);
  json_t *arr = json_loads(text, 0, NULL);
  CU_ASSERT_FATAL(json_is_array(arr));
  CU_ASSERT_EQUAL_FATAL(json_array_size(arr), 4);
  static const char *const sev[] = {"major", "minor", "info", "major"};
  for (size_t i = 0; i < 4; i++) {
    json_t *o = json_array_get(arr, i);
    CU_ASSERT_STRING_EQUAL(jstr(o, "severity"), sev[i]);
    CU_ASSERT_PTR_NOT_NULL(jstr(o, "description"));
    CU_ASSERT_PTR_NOT_NULL(jstr(o, "check_name"));
    CU_ASSERT_PTR_NOT_NULL(jstr(o, "fingerprint"));
    CU_ASSERT(jint(json_object_get(json_object_get(o, "location"), "lines"), "begin") >= 1);
  }
  CU_ASSERT_STRING_EQUAL(jstr(json_array_get(arr, 0), "location.path"), "articles/a,b:c.txt");
  CU_ASSERT_EQUAL(jint(json_object_get(json_object_get(json_array_get(arr, 1), "location"), "lines"), "begin"), 7);
  CU_ASSERT_STRING_EQUAL(jstr(json_array_get(arr, 3), "location.path"), "feeds/pack.zip");
  /* Fingerprints tell issues apart. */
  CU_ASSERT_STRING_NOT_EQUAL(jstr(json_array_get(arr, 0), "fingerprint"),
                             jstr(json_array_get(arr, 1), "fingerprint"));
  json_decref(arr);
  free(text);
  cl_report_free(r);
}

/* -------------------------------------------------------------- csv */

/* RFC 4180 reader: fills ROWS[r][c] (malloc'd strings); returns rows. */
#define MAXR 16
#define MAXC 16
static size_t csv_parse(const char *s, char *rows[MAXR][MAXC], size_t *ncols) {
  size_t r = 0, c = 0;
  cl_buf cell = CL_BUF_INIT;
  while (*s && r < MAXR) {
    cl_buf_clear(&cell);
    cl_buf_puts(&cell, "");
    if (*s == '"') {
      s++;
      for (;;) {
        if (!*s)
          break;
        if (*s == '"' && s[1] == '"') {
          cl_buf_putc(&cell, '"');
          s += 2;
        } else if (*s == '"') {
          s++;
          break;
        } else {
          cl_buf_putc(&cell, *s++);
        }
      }
    } else {
      while (*s && *s != ',' && *s != '\r')
        cl_buf_putc(&cell, *s++);
    }
    if (c < MAXC)
      rows[r][c++] = cl_strdup(cell.ptr);
    if (*s == ',') {
      s++;
    } else if (s[0] == '\r' && s[1] == '\n') {
      ncols[r++] = c;
      c = 0;
      s += 2;
    } else {
      break; /* malformed */
    }
  }
  cl_buf_free(&cell);
  return r;
}

static void test_csv(void) {
  cl_report *r = sample();
  char *text = render(r, CL_FORMAT_CSV);
  char *rows[MAXR][MAXC] = {{0}};
  size_t ncols[MAXR] = {0};
  size_t n = csv_parse(text, rows, ncols);
  CU_ASSERT_EQUAL_FATAL(n, 4); /* header + 3 credits */
  for (size_t i = 0; i < n; i++)
    CU_ASSERT_EQUAL(ncols[i], 14);
  CU_ASSERT_STRING_EQUAL(rows[0][0], "path");
  CU_ASSERT_STRING_EQUAL(rows[0][3], "kind");
  CU_ASSERT_STRING_EQUAL(rows[0][6], "holder");
  CU_ASSERT_STRING_EQUAL(rows[0][11], "years");
  CU_ASSERT_STRING_EQUAL(rows[1][0], "articles/a,b:c.txt");
  CU_ASSERT_STRING_EQUAL(rows[1][1], "3");
  CU_ASSERT_STRING_EQUAL(rows[1][3], "copyright");
  CU_ASSERT_STRING_EQUAL(rows[1][6], "Acme, \"Inc\"");
  CU_ASSERT_STRING_EQUAL(rows[1][11], "2024");
  CU_ASSERT_STRING_EQUAL(rows[2][3], "syndication");
  CU_ASSERT_STRING_EQUAL(rows[2][7], "'=SUM(A1)"); /* never a formula */
  CU_ASSERT_STRING_EQUAL(rows[3][0], "feeds/pack.zip!/inner/b.txt");
  CU_ASSERT_STRING_EQUAL(rows[3][8], "Jane Doe");
  for (size_t i = 0; i < MAXR; i++)
    for (size_t j = 0; j < MAXC; j++)
      free(rows[i][j]);
  free(text);
  cl_report_free(r);
}

/* Every format reports a failed write. */
static void test_write_failures(void) {
  cl_report *r = sample();
  for (int fmt = CL_FORMAT_SARIF; fmt < CL_FORMAT__COUNT; fmt++) {
    FILE *f = fopen("/dev/full", "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    setvbuf(f, NULL, _IONBF, 0);
    CU_ASSERT_EQUAL(cl_report_render(r, (cl_format)fmt, f, NULL), CL_FAILED);
    fclose(f);
  }
  cl_report_free(r);
}

static void test_format_names(void) {
  static const char *const names[] = {"sarif", "github", "junit", "rdjsonl",
                                      "gitlab", "csv", "jsonl"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    int f = cl_format_parse(names[i]);
    CU_ASSERT(f >= CL_FORMAT_SARIF && f < CL_FORMAT__COUNT);
    CU_ASSERT_STRING_EQUAL(cl_format_name((cl_format)f), names[i]);
  }
}

static const cl_test_case cases[] = {
    {"format names", test_format_names},
    {"schema validator catches errors", test_schema_validator},
    {"json of a real scan fits the schema", test_json_schema_real},
    {"jsonl", test_jsonl},
    {"sarif", test_sarif},
    {"github", test_github},
    {"junit", test_junit},
    {"rdjsonl", test_rdjsonl},
    {"gitlab", test_gitlab},
    {"csv", test_csv},
    {"write failures", test_write_failures},
    {NULL, NULL}};

/* Runs in a fresh folder made a repository root, so that paths relative
 * to it are the repository-relative paths the formats must write. */
int main(void) {
  char cwd[2048];
  if (!getcwd(cwd, sizeof cwd))
    return 2;
  snprintf(schema_path, sizeof schema_path, "%s/docs/schema/report.schema.json", cwd);
  char dir[] = "/tmp/cl-render-XXXXXX";
  if (!mkdtemp(dir) || chdir(dir) != 0)
    return 2;
  mkdir(".git", 0755);
  int rc = cl_test_run("render_ci", cases);
  if (chdir(cwd) == 0) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
      rc = 1;
  }
  xmlCleanupParser();
  return rc;
}
