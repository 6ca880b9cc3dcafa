/* test_jsonw.c - the streaming JSON writer (jsonw.c) against jansson: every
 * expected text is what jansson writes for the same input, so passing
 * proves the json and jsonl formats kept their bytes. */
#include "render.h"
#include "testutil.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

/* A memory stream and its text. */
typedef struct {
  FILE *f;
  char *text;
  size_t len;
} mem_out;

static FILE *mem_open(mem_out *m) {
  m->text = NULL;
  m->len = 0;
  m->f = open_memstream(&m->text, &m->len);
  CU_ASSERT_PTR_NOT_NULL_FATAL(m->f);
  return m->f;
}

/* Closes the stream; the text stays (free it with mem_free). */
static const char *mem_close(mem_out *m) {
  CU_ASSERT_EQUAL(fclose(m->f), 0);
  m->f = NULL;
  return m->text ? m->text : "";
}

static void mem_free(mem_out *m) { free(m->text); }

/* What jansson writes for V nested DEPTH deep (INDENT 2), or compact. */
static char *jansson_text(json_t *v, int compact, unsigned depth) {
  if (compact)
    return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
  mem_out m;
  mem_open(&m);
  CU_ASSERT_EQUAL(cl_json_write_nested(v, depth, m.f), CL_OK);
  mem_close(&m);
  return m.text;
}

/* Writes V through the writer, value by value, in jansson's order. */
static void mirror(cl_jsonw *w, json_t *v) {
  const char *key;
  json_t *item;
  size_t i;
  switch (json_typeof(v)) {
  case JSON_OBJECT:
    cl_jsonw_object_begin(w);
    json_object_foreach(v, key, item) {
      cl_jsonw_key(w, key);
      mirror(w, item);
    }
    cl_jsonw_object_end(w);
    break;
  case JSON_ARRAY:
    cl_jsonw_array_begin(w);
    json_array_foreach(v, i, item) mirror(w, item);
    cl_jsonw_array_end(w);
    break;
  case JSON_STRING:
    cl_jsonw_string(w, json_string_value(v));
    break;
  case JSON_INTEGER:
    cl_jsonw_int(w, json_integer_value(v));
    break;
  case JSON_TRUE:
  case JSON_FALSE:
    cl_jsonw_bool(w, json_is_true(v));
    break;
  default:
    cl_jsonw_null(w);
    break;
  }
}

/* The writer's text for V (through mirror), as the layout asks. */
static char *writer_text(json_t *v, int compact, unsigned depth) {
  mem_out m;
  cl_jsonw w;
  cl_jsonw_init(&w, mem_open(&m), compact ? 0 : 2, depth);
  mirror(&w, v);
  CU_ASSERT_EQUAL(cl_jsonw_flush(&w), CL_OK);
  mem_close(&m);
  return m.text;
}

/* Every layout the formats use (and a few more depths): same bytes. */
static void check_same(json_t *v, const char *what) {
  static const struct {
    int compact;
    unsigned depth;
  } layouts[] = {{1, 0}, {0, 0}, {0, 1}, {0, 2}, {0, 5}};
  for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++) {
    char *want = jansson_text(v, layouts[i].compact, layouts[i].depth);
    char *got = writer_text(v, layouts[i].compact, layouts[i].depth);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    if (strcmp(want, got) != 0)
      fprintf(stderr, "\n%s (compact %d depth %u):\nwant %s\ngot  %s\n", what,
              layouts[i].compact, layouts[i].depth, want, got);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(want);
    free(got);
  }
}

/* The writer's text for string S alone. */
static char *string_text(const char *s) {
  mem_out m;
  cl_jsonw w;
  cl_jsonw_init(&w, mem_open(&m), 0, 0);
  cl_jsonw_string(&w, s);
  CU_ASSERT_EQUAL(cl_jsonw_flush(&w), CL_OK);
  mem_close(&m);
  return m.text;
}

/* ------------------------------------------------------------ strings */

static const struct {
  const char *name, *in, *want; /* WANT: the exact JSON text */
} strings[] = {
    {"empty", "", "\"\""},
    {"plain", "Edited by Ann", "\"Edited by Ann\""},
    {"quote", "say \"hi\"", "\"say \\\"hi\\\"\""},
    {"backslash", "a\\b\\", "\"a\\\\b\\\\\""},
    {"slash kept", "a/b</c>", "\"a/b</c>\""},
    {"named escapes", "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\""},
    {"hex escapes upper", "\x01\x0b\x1f", "\"\\u0001\\u000B\\u001F\""},
    {"DEL raw", "\x7f", "\"\x7f\""},
    {"2-byte", "\xc2\xa9 2024", "\"\xc2\xa9 2024\""},
    {"3-byte", "\xe2\x82\xac\xef\xbf\xbd", "\"\xe2\x82\xac\xef\xbf\xbd\""},
    {"4-byte", "\xf0\x9f\x98\x80!", "\"\xf0\x9f\x98\x80!\""},
    {"max code point", "\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\""},
    {"lone continuation", "a\x80z", "\"a\xef\xbf\xbdz\""},
    {"two continuations", "\xbf\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\""},
    {"overlong 2", "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\""},
    {"overlong 3", "\xe0\x80\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""},
    {"overlong 4", "\xf0\x80\x80\xaf",
     "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""},
    {"surrogate", "\xed\xa0\x80x", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx\""},
    {"above U+10FFFF", "\xf4\x90\x80\x80",
     "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""},
    {"f5 lead", "\xf5", "\"\xef\xbf\xbd\""},
    {"truncated at end", "ok\xe2\x82", "\"ok\xef\xbf\xbd\xef\xbf\xbd\""},
    {"truncated mid", "\xe2\x82z", "\"\xef\xbf\xbd\xef\xbf\xbdz\""},
    {"truncated 4 then valid", "\xf0\x9f\xc2\xa9",
     "\"\xef\xbf\xbd\xef\xbf\xbd\xc2\xa9\""},
    {"invalid then escape", "\xff\n\"", "\"\xef\xbf\xbd\\n\\\"\""},
    {NULL, NULL, NULL}};

static void test_strings(void) {
  for (size_t i = 0; strings[i].name; i++) {
    char *got = string_text(strings[i].in);
    /* What the json format wrote before: jansson over cl_json_string. */
    json_t *v = cl_json_string(strings[i].in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    char *want = json_dumps(v, JSON_ENCODE_ANY);
    if (strcmp(got, strings[i].want) != 0 || strcmp(got, want) != 0)
      fprintf(stderr, "\nstring %s: got %s, jansson %s\n", strings[i].name,
              got, want);
    CU_ASSERT_STRING_EQUAL(got, strings[i].want);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(want);
    json_decref(v);
    free(got);
  }
}

/* Each control character alone and amid text, against jansson itself. */
static void test_control_chars(void) {
  for (int c = 1; c < 0x80; c++) {
    char in[4] = {'a', (char)c, 'b', 0};
    json_t *v = json_string(in);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    char *want = json_dumps(v, JSON_ENCODE_ANY);
    char *got = string_text(in);
    if (strcmp(got, want) != 0)
      fprintf(stderr, "\nbyte 0x%02x: got %s, jansson %s\n", c, got, want);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(want);
    free(got);
    json_decref(v);
  }
}

/* Every valid sequence class and stray byte, alone: the writer's UTF-8
 * test must agree with jansson's, or a name would change bytes. */
static void test_utf8_classes(void) {
  for (int b0 = 0x80; b0 < 0x100; b0++) {
    static const unsigned char tails[][3] = {
        {0x80, 0x80, 0x80}, {0xbf, 0xbf, 0xbf}, {0x9f, 0x80, 0x80},
        {0xa0, 0x80, 0x80}, {0x8f, 0xbf, 0xbf}, {0x90, 0x80, 0x80}};
    for (size_t t = 0; t < sizeof tails / sizeof *tails; t++) {
      char in[5] = {(char)b0, (char)tails[t][0], (char)tails[t][1],
                    (char)tails[t][2], 0};
      json_t *v = cl_json_string(in);
      CU_ASSERT_PTR_NOT_NULL_FATAL(v);
      char *want = json_dumps(v, JSON_ENCODE_ANY);
      char *got = string_text(in);
      CU_ASSERT_STRING_EQUAL(got, want);
      /* Valid for jansson exactly when valid for the writer. */
      json_t *raw = json_string(in);
      size_t k = cl_jsonw_utf8_seq((const unsigned char *)in, 4);
      CU_ASSERT_EQUAL(raw != NULL, k == 4);
      json_decref(raw);
      free(want);
      free(got);
      json_decref(v);
    }
  }
}

/* ------------------------------------------------------------ layout */

static const char *const trees[] = {
    "{}",
    "[]",
    "{\"a\": []}",
    "{\"a\": {}, \"b\": [[]], \"c\": [{}]}",
    "[0, 1, -1, 2019, 9223372036854775807, -9223372036854775808]",
    "{\"k\": \"v\", \"n\": null, \"t\": true, \"f\": false, \"i\": 0}",
    "[{\"line\": 3, \"refs\": [{\"line\": 1, \"column\": 2}, {}]}, \"x\", []]",
    "{\"s\\\"k\\\\ey\\n\": \"\\u0001 / \\u00e9\"}",
    "\"top-level string\"",
    "42",
    "null",
    NULL};

static void test_trees(void) {
  for (size_t i = 0; trees[i]; i++) {
    json_error_t err;
    json_t *v = json_loads(trees[i], JSON_DECODE_ANY, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    check_same(v, trees[i]);
    json_decref(v);
  }
}

/* Nested 40 deep, objects and arrays alternating, a member at each. */
static void test_deep(void) {
  json_t *root = json_object();
  json_t *cur = root;
  for (int d = 0; d < 40; d++) {
    json_t *next = d % 2 ? json_object() : json_array();
    if (json_is_object(cur)) {
      json_object_set_new(cur, "n", json_integer(d));
      json_object_set_new(cur, "in", next);
    } else {
      json_array_append_new(cur, json_integer(d));
      json_array_append_new(cur, next);
    }
    cur = next;
  }
  check_same(root, "deep");
  json_decref(root);
}

/* Long strings and many members: the buffer fills, flushes and is
 * bypassed for a string larger than itself, with no byte lost. */
static void test_buffer_edges(void) {
  static const size_t sizes[] = {1, 4093, 4094, 4095, 4096, 4097, 9000, 20000};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    char *s = malloc(sizes[i] + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    for (size_t k = 0; k < sizes[i]; k++)
      s[k] = "ab\"\n\xc2\xa9"[k % 6];
    s[sizes[i]] = 0;
    /* Cut inside a UTF-8 pair at the end is a truncated sequence. */
    json_t *v = json_pack("{s:[o,s,i]}", "k", cl_json_string(s), "tail",
                          (json_int_t)sizes[i]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    check_same(v, "long string");
    json_decref(v);
    free(s);
  }
  json_t *many = json_array();
  for (int k = 0; k < 3000; k++)
    json_array_append_new(many, json_integer(k * 7919));
  check_same(many, "many");
  json_decref(many);
}

/* ------------------------------------------------------------ errors */

static void test_errors(void) {
  /* A stream open for reading only: every write fails. */
  FILE *ro = fopen("/dev/null", "r");
  CU_ASSERT_PTR_NOT_NULL_FATAL(ro);
  cl_jsonw w;
  cl_jsonw_init(&w, ro, 2, 0);
  cl_jsonw_object_begin(&w);
  cl_jsonw_key(&w, "k");
  cl_jsonw_string(&w, "v");
  cl_jsonw_object_end(&w);
  CU_ASSERT_EQUAL(cl_jsonw_flush(&w), CL_FAILED);
  /* Sticky: a later flush of nothing still reports it. */
  CU_ASSERT_EQUAL(cl_jsonw_flush(&w), CL_FAILED);

  cl_document d = {.path = "a.txt", .format = "text", .bytes = 1};
  CU_ASSERT_EQUAL(cl_render_jsonl_document(&d, ro), CL_FAILED);
  fclose(ro);

  /* Misnested: a close with nothing open. */
  mem_out m;
  cl_jsonw_init(&w, mem_open(&m), 2, 1);
  cl_jsonw_array_end(&w);
  CU_ASSERT_EQUAL(cl_jsonw_flush(&w), CL_FATAL);
  mem_close(&m);
  mem_free(&m);

  /* Deeper than the writer tracks. */
  cl_jsonw_init(&w, mem_open(&m), 0, 0);
  for (int k = 0; k < CL_JSONW_MAX_DEPTH + 1; k++)
    cl_jsonw_array_begin(&w);
  CU_ASSERT_EQUAL(cl_jsonw_flush(&w), CL_FATAL);
  mem_close(&m);
  mem_free(&m);

  /* Just within: fine. */
  cl_jsonw_init(&w, mem_open(&m), 0, 0);
  for (int k = 0; k < CL_JSONW_MAX_DEPTH - 1; k++)
    cl_jsonw_array_begin(&w);
  for (int k = 0; k < CL_JSONW_MAX_DEPTH - 1; k++)
    cl_jsonw_array_end(&w);
  CU_ASSERT_EQUAL(cl_jsonw_flush(&w), CL_OK);
  mem_close(&m);
  CU_ASSERT_EQUAL(m.len, 2 * (size_t)(CL_JSONW_MAX_DEPTH - 1));
  mem_free(&m);
}

/* ------------------------------------------------------------ documents */

/* The oracle: the jansson builder the json format used before the writer
 * (keys in this order; a captured field is left out when the credit
 * already has a key of that name, and the first of two fields wins). */
/* A string as jansson had it: null for NULL. */
static json_t *ref_str(const char *s) {
  return s ? cl_json_string(s) : json_null();
}

static int ref_reserved(json_t *o, const char *name) {
  static const char *const keys[] = {"years", "years_text", "symbol"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    if (strcmp(name, keys[i]) == 0)
      return 1;
  return json_object_get(o, name) != NULL;
}

static json_t *ref_credits(const cl_credit *v, size_t n) {
  json_t *arr = json_array();
  for (size_t k = 0; k < n; k++) {
    const cl_credit *c = &v[k];
    json_t *o = json_pack("{s:o, s:o, s:I, s:I, s:o, s:o, s:o}",
                          "kind", ref_str(cl_kind_name(c->kind)),
                          "rule", ref_str(c->rule),
                          "line", (json_int_t)c->line,
                          "column", (json_int_t)c->column,
                          "text", ref_str(c->text),
                          "scope", ref_str(cl_scope_name(c->scope)),
                          "value", ref_str(c->value));
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    for (size_t i = 0; i < c->field_count; i++) {
      const cl_field *f = &c->fields[i];
      if (f->name && !ref_reserved(o, f->name))
        json_object_set_new(o, f->name,
                            ref_str(f->value));
    }
    /* An image credit may carry years and a symbol too. */
    if (c->kind == CL_KIND_COPYRIGHT || c->kind == CL_KIND_IMAGE) {
      json_t *years = json_array();
      for (size_t i = 0; i < c->year_count; i++)
        json_array_append_new(years, json_integer(c->years[i]));
      json_object_set_new(o, "years", years);
      json_object_set_new(o, "years_text", ref_str(c->years_text));
      json_object_set_new(o, "symbol", ref_str(c->symbol));
    }
    json_array_append_new(arr, o);
  }
  return arr;
}

static json_t *ref_document(const cl_document *d) {
  json_t *findings = json_array();
  for (size_t i = 0; i < d->finding_count; i++) {
    const cl_finding *f = &d->findings[i];
    json_t *refs = json_array();
    for (size_t k = 0; k < f->ref_count; k++)
      json_array_append_new(refs, json_pack("{s:I, s:I}",
                                            "line", (json_int_t)f->ref_lines[k],
                                            "column", (json_int_t)f->ref_columns[k]));
    json_array_append_new(
        findings,
        json_pack("{s:o, s:o, s:I, s:I, s:o, s:o, s:o, s:o}",
                  "check", ref_str(f->check),
                  "severity", ref_str(cl_severity_name(f->severity)),
                  "line", (json_int_t)f->line, "column", (json_int_t)f->column,
                  "message", ref_str(f->message),
                  "fix", ref_str(f->fix),
                  "fingerprint", ref_str(f->fingerprint),
                  "refs", refs));
  }
  return json_pack("{s:o, s:o, s:I, s:o, s:o, s:o}",
                   "path", ref_str(d->path),
                   "format", ref_str(d->format),
                   "bytes", (json_int_t)d->bytes,
                   "credits", ref_credits(d->credits, d->credit_count),
                   "metadata", ref_credits(d->metadata, d->metadata_count),
                   "findings", findings);
}

/* The document as the json format wrote it with jansson, and now. */
static void check_document(const cl_document *d) {
  json_t *o = ref_document(d);
  CU_ASSERT_PTR_NOT_NULL_FATAL(o);

  mem_out m;
  mem_open(&m);
  CU_ASSERT_EQUAL(cl_json_write_nested(o, 2, m.f), CL_OK);
  char *want = (char *)mem_close(&m);
  mem_out g;
  cl_jsonw w;
  cl_jsonw_init(&w, mem_open(&g), 2, 2);
  cl_json_write_document(&w, d, NULL);
  CU_ASSERT_EQUAL(cl_jsonw_flush(&w), CL_OK);
  const char *got = mem_close(&g);
  if (strcmp(got, want) != 0)
    fprintf(stderr, "\njson document:\nwant %s\ngot  %s\n", want, got);
  CU_ASSERT_STRING_EQUAL(got, want);
  mem_free(&g);
  mem_free(&m);

  /* jsonl: "type" first, then the document's keys, compact, newline. */
  json_t *line = json_pack("{s:s}", "type", "document");
  CU_ASSERT_EQUAL_FATAL(json_object_update(line, o), 0);
  char *text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
  CU_ASSERT_PTR_NOT_NULL_FATAL(text);
  CU_ASSERT_EQUAL(cl_render_jsonl_document(d, mem_open(&g)), CL_OK);
  got = mem_close(&g);
  size_t n = strlen(text);
  CU_ASSERT_EQUAL(g.len, n + 1);
  CU_ASSERT(strncmp(got, text, n) == 0 && got[n] == '\n');
  if (strncmp(got, text, n) != 0)
    fprintf(stderr, "\njsonl document:\nwant %s\ngot  %s\n", text, got);
  free(text);
  json_decref(line);
  mem_free(&g);
  json_decref(o);
}

static void test_documents_by_hand(void) {
  static const int years[] = {2019, 2020, 2023};
  static const cl_field fields[] = {
      {"holder", "Harbor Light Media"},
      {"years", "2019-2023"},       /* reserved: the credit has its own */
      {"holder", "second wins not"}, /* duplicate: the first stays */
      {NULL, "nameless"},
      {"kind", "reserved"},
      {"note", NULL},
      {"party", "Caf\xc3\xa9 \"Nord\" \\ / \x01"}};
  static const cl_credit credits[] = {
      {.kind = CL_KIND_COPYRIGHT, .rule = "copyright-symbol", .line = 54,
       .column = 1, .text = "\xc2\xa9 2019-2023 Harbor Light Media.",
       .scope = CL_SCOPE_BODY, .value = "Harbor Light Media",
       .years_text = "2019-2023", .years = years, .year_count = 3,
       .symbol = "\xc2\xa9", .fields = fields, .field_count = 7},
      {.kind = CL_KIND_COPYRIGHT, .rule = "copyright-word", .line = 1,
       .column = 9, .text = "Copyright Nobody", .scope = CL_SCOPE_CHROME,
       .value = NULL},
      {.kind = CL_KIND_SYNDICATION, .rule = "syndication-originally",
       .line = 4000000000u, .column = 0, .text = "bad \xe2\x82 text",
       .scope = CL_SCOPE_BODY, .value = "Northwind", .fields = fields + 6,
       .field_count = 1},
      {.kind = (cl_kind)99, .rule = NULL, .scope = (cl_scope)7}};
  static const cl_credit meta[] = {
      {.kind = CL_KIND_AUTHOR, .rule = "author", .line = 1, .column = 1,
       .text = "Ann", .scope = CL_SCOPE_METADATA, .value = "Ann"}};
  static const unsigned rl[] = {1, 54}, rc[] = {2, 1};
  static const cl_finding findings[] = {
      {.check = "conflicting-holders", .severity = CL_SEV_WARNING, .line = 54,
       .column = 1, .message = "two holders: \"A\" and \"B\"", .fix = NULL,
       .fingerprint = "abc123", .ref_lines = rl, .ref_columns = rc,
       .ref_count = 2},
      {.check = "missing-copyright", .severity = CL_SEV_ERROR,
       .message = "no copyright line", .fix = "\xc2\xa9 2024 X.",
       .fingerprint = "f"},
      {.check = "x", .severity = (cl_severity)42, .message = "m"}};

  cl_document docs[] = {
      {.path = "a.txt", .format = "text", .bytes = 0},
      {.path = "dir/caf\xe9 \xff.txt", .format = "html", .bytes = 123456789,
       .credits = credits, .credit_count = 4, .metadata = meta,
       .metadata_count = 1, .findings = findings, .finding_count = 3},
      {.path = "z.zip!/x\n\ty.md", .format = NULL, .bytes = (size_t)-1 / 2,
       .findings = findings + 1, .finding_count = 1},
      {.path = NULL, .format = "markdown", .credits = credits + 1,
       .credit_count = 1}};
  for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
    check_document(&docs[i]);
}

/* Documents from a real scan of fixture text, with the default rules. */
static void test_documents_scanned(void) {
  static const struct {
    const char *name, *text;
  } inputs[] = {
      {"story.txt",
       "Harbor wins the cup\nBy Nico Abernathy\n\nThe match was close.\n"
       "Edited by Mara Quill\n"
       "This article originally appeared on Northwind Daily.\n"
       "\xc2\xa9 2019, 2021-2023 Northwind Media Group. All rights reserved.\n"},
      {"page.html",
       "<html><head><meta name=\"copyright\" content=\"Lighthouse\">"
       "<meta name=\"author\" content=\"Ann \\\"Q\\\"\"></head><body>"
       "<article><p>Story.</p><p>\xc2\xa9 2024 Harbor Light Media. "
       "All rights reserved.</p></article>"
       "<footer>Copyright 2020 Other Holder Ltd.</footer></body></html>\n"},
      {"empty.md", ""},
      {"bad\xff.txt", "Copyright \xff 2021 Bytes \xe2\x82 Inc.\n"}};
  cl_rules *r = cl_rules_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL(cl_rules_load_defaults(r), CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(r), CL_OK);
  cl_scanner *sc = cl_scanner_new(r, NULL);
  cl_report *rep = cl_report_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rep);
  for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
    CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, inputs[i].name, inputs[i].text,
                                           strlen(inputs[i].text), rep),
                    CL_OK);
  CU_ASSERT_EQUAL(cl_report_document_count(rep), 4);
  size_t credits = 0;
  for (size_t i = 0; i < cl_report_document_count(rep); i++) {
    credits += cl_report_document(rep, i)->credit_count;
    check_document(cl_report_document(rep, i));
  }
  CU_ASSERT(credits >= 4); /* the fixtures did exercise credit objects */
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_rules_free(r);
}

static const cl_test_case cases[] = {
    {"strings", test_strings},
    {"control characters", test_control_chars},
    {"utf-8 classes", test_utf8_classes},
    {"trees", test_trees},
    {"deep nesting", test_deep},
    {"buffer edges", test_buffer_edges},
    {"errors", test_errors},
    {"documents by hand", test_documents_by_hand},
    {"documents scanned", test_documents_scanned},
    {NULL, NULL}};

CL_TEST_MAIN("jsonw", cases)
