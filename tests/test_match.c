/* test_match.c - the matcher: every match of every rule in a line, true
 * positions, one credit per credit line when windows of a long line
 * overlap, match limits reported once per rule and document while the
 * other rules go on, and the same credits with the prefilter on and off. */
#include "internal.h"
#include "testutil.h"

#include <string.h>

static const char rules_yaml[] =
    "rules:\n"
    "  - id: t-copy\n"
    "    kind: copyright\n"
    "    pattern: '(?<symbol>\xC2\xA9)\\s*(?<years>\\d{4})\\s+(?<holder>[A-Z]\\w+(?: [A-Z]\\w+)*)'\n"
    "    triggers: [\"\xC2\xA9\"]\n"
    "    message: notice\n"
    "    examples: [\"\xC2\xA9 2024 Acme\"]\n"
    "    counterexamples: [\"none\"]\n"
    "  - id: t-edit\n"
    "    kind: editor\n"
    "    pattern: '(?i:edited by) (?<person>[A-Z]\\w+ [A-Z]\\w+)'\n"
    "    triggers: [\"edited by\"]\n"
    "    message: editor\n"
    "    examples: [\"Edited by Ann Lee\"]\n"
    "    counterexamples: [\"none\"]\n"
    "  - id: t-slow\n"
    "    kind: source\n"
    "    pattern: '(?<agency>aaaa(a+)+)$'\n"
    "    triggers: [\"aaaa\"]\n"
    "    message: catastrophic backtracking on purpose\n"
    "    examples: [\"aaaaa\"]\n"
    "    counterexamples: [\"b\"]\n";

static cl_rules *load(void) {
  cl_rules *r = cl_rules_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL_FATAL(cl_rules_load_buffer(r, "t.yaml", rules_yaml, sizeof rules_yaml - 1), CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(r), CL_OK);
  return r;
}

/* Runs the matcher over SRC as plain text; returns the document result. */
static cl_docres *run(const cl_rules *r, const char *src, size_t max_line,
                      int prefilter, unsigned match_limit) {
  cl_options o;
  cl_options_init(&o);
  if (match_limit)
    o.match_limit = match_limit;
  cl_prefilter *pf = prefilter ? cl_prefilter_new(r) : NULL;
  cl_matcher *m = cl_matcher_new(r, pf, &o);
  CU_ASSERT_PTR_NOT_NULL_FATAL(m);
  cl_docres *d = cl_docres_new("doc.txt", "text", strlen(src));
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  cl_text t;
  cl_text_init(&t);
  cl_text_reset(&t, src, strlen(src));
  size_t pos = 0;
  unsigned line = 1;
  int more;
  do {
    more = cl_text_fill_plain(&t, &pos, &line, max_line, 1 << 20);
    CU_ASSERT(more >= 0);
    CU_ASSERT_EQUAL(cl_match_text(m, &t, d), 0);
    cl_text_clear_lines(&t);
  } while (more > 0);
  cl_text_free(&t);
  cl_matcher_free(m);
  cl_prefilter_free(pf);
  return d;
}

typedef struct {
  const char *rule, *value;
  unsigned line, col;
} want_credit;

static void expect_credits(const cl_docres *d, const want_credit *w) {
  size_t n = 0;
  while (w[n].rule)
    n++;
  if (d->ncredits != n)
    for (size_t i = 0; i < d->ncredits; i++)
      fprintf(stderr, "\n  got %s \"%s\" %u:%u", d->credits[i].rule,
              d->credits[i].value ? d->credits[i].value : "", d->credits[i].line,
              d->credits[i].column);
  CU_ASSERT_EQUAL(d->ncredits, n);
  for (size_t i = 0; i < n && i < d->ncredits; i++) {
    const cl_credit *c = &d->credits[i];
    if (strcmp(c->rule, w[i].rule) || strcmp(c->value ? c->value : "", w[i].value) ||
        c->line != w[i].line || c->column != w[i].col)
      fprintf(stderr, "\ncredit %zu: %s \"%s\" %u:%u, want %s \"%s\" %u:%u", i,
              c->rule, c->value ? c->value : "", c->line, c->column, w[i].rule,
              w[i].value, w[i].line, w[i].col);
    CU_ASSERT_STRING_EQUAL(c->rule, w[i].rule);
    CU_ASSERT_STRING_EQUAL(c->value ? c->value : "", w[i].value);
    CU_ASSERT_EQUAL(c->line, w[i].line);
    CU_ASSERT_EQUAL(c->column, w[i].col);
  }
}

static void test_positions(void) {
  cl_rules *r = load();
  const char *src = "Intro line\n"
                    "\xC2\xA9 2024 Acme and \xC2\xA9 2023 Beta Corp, edited by Ann Lee\n"
                    "caf\xC3\xA9 \xC2\xA9 2022 Gamma\n";
  static const want_credit want[] = {{"t-copy", "Acme", 2, 1},
                                     {"t-copy", "Beta Corp", 2, 17},
                                     {"t-edit", "Ann Lee", 2, 35},
                                     {"t-copy", "Gamma", 3, 6},
                                     {NULL, NULL, 0, 0}};
  for (int pf = 0; pf <= 1; pf++) {
    cl_docres *d = run(r, src, 64 * 1024, pf, 0);
    /* Rule order within a line; the scanner sorts by column later. */
    CU_ASSERT_EQUAL(d->ncredits, 4);
    if (d->ncredits == 4) {
      cl_credit tmp = d->credits[1];
      d->credits[1] = d->credits[2];
      d->credits[2] = tmp;
      if (strcmp(d->credits[1].rule, "t-copy") != 0) {
        tmp = d->credits[1];
        d->credits[1] = d->credits[2];
        d->credits[2] = tmp;
      }
    }
    expect_credits(d, want);
    CU_ASSERT_EQUAL(d->nerrors, 0);
    cl_docres_free(d);
  }
  cl_rules_free(r);
}

/* A notice sitting in the overlap of two windows of a long line is seen by
 * both windows but is one credit. */
static void test_window_overlap(void) {
  cl_rules *r = load();
  size_t max_line = 16 * 1024, n = 40 * 1024;
  char *src = malloc(n + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(src);
  memset(src, 'x', n);
  for (size_t i = 0; i < n; i += 97)
    src[i] = ' ';
  /* Just before the first window's end: inside the overlap. */
  size_t at = max_line - CL_WINDOW_OVERLAP / 2;
  memcpy(src + at, " \xC2\xA9 2024 Acme ", 14);
  src[n] = '\0';
  cl_docres *d = run(r, src, max_line, 1, 0);
  want_credit want[] = {{"t-copy", "Acme", 1, (unsigned)at + 2}, {NULL, NULL, 0, 0}};
  expect_credits(d, want);
  cl_docres_free(d);
  free(src);
  cl_rules_free(r);
}

/* (a+)+$ on a long run of a's followed by 'b' explodes; the limit stops it,
 * the error names rule, path and line once, and the other rules still find
 * their credits in the same document. */
static void test_match_limit(void) {
  cl_rules *r = load();
  size_t n = 5000;
  char *src = malloc(n + 200);
  CU_ASSERT_PTR_NOT_NULL_FATAL(src);
  strcpy(src, "Edited by Ann Lee\n");
  size_t k = strlen(src);
  memset(src + k, 'a', n);
  strcpy(src + k + n, "b\n");
  strcat(src, "\xC2\xA9 2024 Acme\n");
  k = strlen(src);
  memset(src + k, 'a', 100);
  strcpy(src + k + 100, "b\n");
  cl_docres *d = run(r, src, 64 * 1024, 1, 100000);
  static const want_credit want[] = {{"t-edit", "Ann Lee", 1, 1},
                                     {"t-copy", "Acme", 3, 1},
                                     {NULL, NULL, 0, 0}};
  expect_credits(d, want);
  CU_ASSERT_EQUAL_FATAL(d->nerrors, 1);
  CU_ASSERT_STRING_EQUAL(d->errors[0], "rule t-slow hit its match limit on doc.txt:2");
  cl_docres_free(d);
  free(src);
  cl_rules_free(r);
}

/* The directive is seen through the prefilter and without it. */
static void test_directive_seen(void) {
  cl_rules *r = load();
  static const struct {
    const char *src;
    int seen;
  } rows[] = {{"plain\n", 0},
              {"x\n<!-- creditline-ignore[duplicate-credit]: ok -->\n", 1},
              {"CREDITLINE-IGNORE-FILE[*]: legacy\n", 1},
              {"creditline ignore\n", 0},
              {NULL, 0}};
  for (size_t i = 0; rows[i].src; i++)
    for (int pf = 0; pf <= 1; pf++) {
      cl_docres *d = run(r, rows[i].src, 64 * 1024, pf, 0);
      CU_ASSERT_EQUAL(d->directive_seen, rows[i].seen);
      cl_docres_free(d);
    }
  cl_rules_free(r);
}

/* A value the line end cuts goes on onto the next line: the credit keeps
 * its start position, whatever the prefilter; a line that ends the value
 * (".") or a next line of prose is no continuation. */
static void test_continuation(void) {
  cl_rules *r = load();
  static const struct {
    const char *src;
    want_credit want[3];
  } rows[] = {
      {"x\n * \xC2\xA9 2008 The Ash\n * Open Source Project\n",
       {{"t-copy", "The Ash Open Source Project", 2, 4}, {NULL, NULL, 0, 0}}},
      {"# \xC2\xA9 2008\n#   Acme Works\n",
       {{"t-copy", "Acme Works", 1, 3}, {NULL, NULL, 0, 0}}},
      {"\xC2\xA9 2008 Acme\nThis program is free software.\n",
       {{"t-copy", "Acme", 1, 1}, {NULL, NULL, 0, 0}}},
      {"\xC2\xA9 2008 Acme\n\nOpen Source Project\n",
       {{"t-copy", "Acme", 1, 1}, {NULL, NULL, 0, 0}}},
      /* A reservation on the next line is the notice's, not the name's. */
      {"\xC2\xA9 2008 Acme Verlag\nAlle Rechte vorbehalten.\n",
       {{"t-copy", "Acme Verlag", 1, 1}, {NULL, NULL, 0, 0}}},
      {"\xC2\xA9 2008 Acme Presse\nTous  droits r\xC3\xA9serv\xC3\xA9s\n",
       {{"t-copy", "Acme Presse", 1, 1}, {NULL, NULL, 0, 0}}},
      {"\xC2\xA9 2008 Acme Prensa\nDerechos Reservados\n",
       {{"t-copy", "Acme Prensa", 1, 1}, {NULL, NULL, 0, 0}}},
      {"Edited by\nAnn Lee\n", {{"t-edit", "Ann Lee", 1, 1}, {NULL, NULL, 0, 0}}},
      {"\xC2\xA9 2008\nLegal Notice \xC2\xA9 2009 Beta\n",
       {{"t-copy", "Beta", 2, 14}, {NULL, NULL, 0, 0}}},
      {"\xC2\xA9 2008 Acme\n\xC2\xA9 2009 Beta\n",
       {{"t-copy", "Acme", 1, 1}, {"t-copy", "Beta", 2, 1}, {NULL, NULL, 0, 0}}},
      {NULL, {{NULL, NULL, 0, 0}}}};
  for (size_t i = 0; rows[i].src; i++)
    for (int pf = 0; pf <= 1; pf++) {
      cl_docres *d = run(r, rows[i].src, 64 * 1024, pf, 0);
      expect_credits(d, rows[i].want);
      cl_docres_free(d);
    }
  cl_rules_free(r);
}

/* A rule's start pattern (cl_rule.start): the raw filter drops a line
 * where the trigger occurs but the start does not match, keeps one where
 * it does or where normalisation would change the line, and the credits
 * are those found with the prefilter off. */
static void test_start_pattern(void) {
  static const char yaml[] =
      "rules:\n"
      "  - id: t-dated\n"
      "    kind: author\n"
      "    pattern: '^\\W*(?:\\d+|(?i:may))\\s+(?i:by)\\s+(?<person>[A-Z]\\w+ [A-Z]\\w+)$'\n"
      "    triggers: [\"by\"]\n"
      "    start: '\\W*(?:\\d|(?i:may))'\n"
      "    message: dated byline\n"
      "    examples: [\"12 by Ann Lee\"]\n"
      "    counterexamples: [\"Nearby Ann Lee\"]\n";
  cl_rules *r = cl_rules_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL_FATAL(cl_rules_load_buffer(r, "s.yaml", yaml, sizeof yaml - 1), CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(r), CL_OK);
  CU_ASSERT_PTR_NOT_NULL_FATAL(r->v[0].start_code);
  cl_options o;
  cl_options_init(&o);
  cl_prefilter *pf = cl_prefilter_new(r);
  cl_matcher *m = cl_matcher_new(r, pf, &o);
  CU_ASSERT_PTR_NOT_NULL_FATAL(m);
  static const struct {
    const char *line;
    int kept;
  } lines[] = {
      {"It was built by the town in 2019.", 0}, /* "by", but no date first */
      {"12 by Ann Lee", 1},
      {"-- May by Ann Lee", 1},
      {"Nearby Ann Lee", 0},
      {"No trigger here", 0},
      {"It was built\xC2\xA0" "by the town", 1}, /* NBSP: normalised first */
      {"Bad \xFF UTF-8 by a byte", 1},          /* the start cannot tell */
  };
  for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
    unsigned tag = cl_matcher_keep_raw(m, lines[i].line, strlen(lines[i].line));
    if ((tag != 0) != lines[i].kept)
      fprintf(stderr, "\n  line %zu: tag %u", i, tag);
    CU_ASSERT_EQUAL(tag != 0, lines[i].kept);
  }
  cl_matcher_free(m);
  cl_prefilter_free(pf);
  static const char doc[] = "Built by the town.\n12 by Ann Lee\nMay by Bo Ek\n"
                            "nearby\n7 by Cy Dahl\n";
  static const want_credit want[] = {{"t-dated", "Ann Lee", 2, 1},
                                     {"t-dated", "Bo Ek", 3, 1},
                                     {"t-dated", "Cy Dahl", 5, 1},
                                     {NULL, NULL, 0, 0}};
  for (int prefilter = 0; prefilter < 2; prefilter++) {
    cl_docres *d = run(r, doc, 1 << 20, prefilter, 0);
    expect_credits(d, want);
    cl_docres_free(d);
  }
  cl_rules_free(r);
}

static const cl_test_case cases[] = {
    {"a cut value continues onto the next line", test_continuation},
    {"matches, positions, prefilter on and off", test_positions},
    {"one credit from overlapping windows", test_window_overlap},
    {"match limit reported, other rules go on", test_match_limit},
    {"suppression directive noticed", test_directive_seen},
    {"a start pattern drops lines before normalising", test_start_pattern},
    {NULL, NULL}};
CL_TEST_MAIN("match", cases)
