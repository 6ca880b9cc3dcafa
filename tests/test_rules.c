/* test_rules.c - rule files: loading, error messages, compiling, JIT, and
 * the self-test of the default rules.  Run from the repository root (the
 * fixtures are named by their path in messages). */
#include "internal.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#define DATA "tests/data/rules/"

/* ---------------------------------------------------------- helpers */

/* 1 if some error of RULES equals MSG. */
static int has_error(const cl_rules *rules, const char *msg) {
  for (size_t i = 0; i < cl_rules_error_count(rules); i++)
    if (strcmp(cl_rules_error(rules, i), msg) == 0)
      return 1;
  return 0;
}

static void dump_errors(const cl_rules *rules) {
  for (size_t i = 0; i < cl_rules_error_count(rules); i++)
    fprintf(stderr, "  got: %s\n", cl_rules_error(rules, i));
}

typedef struct {
  char msgs[16][512];
  size_t n;
} fail_log;

static void log_fail(const char *msg, void *ud) {
  fail_log *log = ud;
  if (log->n < 16)
    snprintf(log->msgs[log->n++], sizeof log->msgs[0], "%s", msg);
}

static void print_fail(const char *msg, void *ud) {
  (void)ud;
  fprintf(stderr, "  selftest: %s\n", msg);
}

/* ------------------------------------------------------------ kinds */

static void test_kind_names(void) {
  static const char *const names[] = {"copyright", "syndication", "editor",
                                      "author", "source", "license",
                                      "image"};
  for (int k = 0; k < CL_KIND__COUNT; k++) {
    CU_ASSERT_STRING_EQUAL(cl_kind_name((cl_kind)k), names[k]);
    CU_ASSERT_EQUAL(cl_kind_parse(names[k]), k);
  }
  CU_ASSERT_PTR_NULL(cl_kind_name(CL_KIND__COUNT));
  CU_ASSERT_EQUAL(cl_kind_parse("licence"), -1);
  CU_ASSERT_EQUAL(cl_kind_parse("Copyright"), -1);
  CU_ASSERT_EQUAL(cl_kind_parse(NULL), -1);
}

/* ---------------------------------------------------- valid rule files */

static void test_load_dir_valid(void) {
  cl_rules *rules = cl_rules_new();
  CU_ASSERT_EQUAL_FATAL(cl_rules_load_dir(rules, DATA "valid"), CL_OK);
  dump_errors(rules);
  CU_ASSERT_EQUAL(cl_rules_error_count(rules), 0);
  /* Sorted by file name, README.txt ignored. */
  CU_ASSERT_EQUAL_FATAL(cl_rules_count(rules), 3);
  CU_ASSERT_STRING_EQUAL(cl_rules_id(rules, 0), "test-notice");
  CU_ASSERT_STRING_EQUAL(cl_rules_id(rules, 1), "test-editor");
  CU_ASSERT_STRING_EQUAL(cl_rules_id(rules, 2), "test-mit");
  CU_ASSERT_EQUAL(cl_rules_kind(rules, 0), CL_KIND_COPYRIGHT);
  CU_ASSERT_EQUAL(cl_rules_kind(rules, 1), CL_KIND_EDITOR);
  CU_ASSERT_EQUAL(cl_rules_kind(rules, 2), CL_KIND_LICENSE);
  CU_ASSERT_STRING_EQUAL(cl_rules_message(rules, 2), "MIT licence");
  CU_ASSERT_STRING_EQUAL(cl_rules_file(rules, 0), DATA "valid/a-notices.yaml");
  CU_ASSERT_STRING_EQUAL(cl_rules_file(rules, 2), DATA "valid/b-licence.yml");
  CU_ASSERT_PTR_NULL(cl_rules_id(rules, 3));

  /* The parsed contents, as the matcher and the prefilter see them. */
  const cl_rule *notice = &rules->v[0], *editor = &rules->v[1];
  CU_ASSERT_EQUAL(notice->options, PCRE2_MULTILINE | PCRE2_DOTALL);
  CU_ASSERT_EQUAL(editor->options, PCRE2_CASELESS);
  CU_ASSERT_EQUAL(notice->line, 2);
  CU_ASSERT_EQUAL_FATAL(notice->nexamples, 2);
  CU_ASSERT_EQUAL(notice->examples[0].nexpect, 2);
  CU_ASSERT_STRING_EQUAL(notice->examples[0].names[0], "holder");
  CU_ASSERT_STRING_EQUAL(notice->examples[0].values[0], "Acme Corp.");
  CU_ASSERT_EQUAL(notice->examples[0].line, 9);
  CU_ASSERT_EQUAL(notice->examples[1].nexpect, 0);
  CU_ASSERT_STRING_EQUAL(notice->examples[1].text, "© 1999 Old Mill");
  CU_ASSERT_EQUAL(notice->ncounter, 1);
  CU_ASSERT_EQUAL_FATAL(editor->ntriggers, 1);
  CU_ASSERT_STRING_EQUAL(editor->triggers[0], "edited"); /* lower-cased */
  CU_ASSERT_EQUAL_FATAL(editor->examples[0].nexpect, 2); /* a list */
  CU_ASSERT_STRING_EQUAL(editor->examples[0].names[1], "person");
  CU_ASSERT_STRING_EQUAL(editor->examples[0].values[1], "Bob");

  CU_ASSERT_FALSE(cl_rules_jit_active(rules)); /* not compiled yet */
  CU_ASSERT_EQUAL(cl_rules_compile(rules), CL_OK);
  CU_ASSERT_TRUE(cl_rules_jit_active(rules));
  /* JIT compiled when first matched, once. */
  for (size_t i = 0; i < cl_rules_count(rules); i++) {
    CU_ASSERT_PTR_NOT_NULL(rules->v[i].code);
    CU_ASSERT_EQUAL(rules->v[i].jit, 0);
    cl_rule_jit(rules, &rules->v[i]);
    CU_ASSERT_EQUAL(rules->v[i].jit, 1);
    cl_rule_jit(rules, &rules->v[i]);
    CU_ASSERT_EQUAL(rules->v[i].jit, 1);
  }
  /* Read-only once compiled. */
  CU_ASSERT_EQUAL(cl_rules_load_file(rules, DATA "valid/b-licence.yml"), CL_FAILED);
  CU_ASSERT_TRUE(has_error(rules, DATA "valid/b-licence.yml: rules cannot be "
                                  "added after cl_rules_compile"));
  CU_ASSERT_EQUAL(cl_rules_count(rules), 3);
  cl_rules_free(rules);
}

static void test_load_file_single(void) {
  cl_rules *rules = cl_rules_new();
  CU_ASSERT_EQUAL(cl_rules_load_file(rules, DATA "valid/b-licence.yml"), CL_OK);
  CU_ASSERT_EQUAL(cl_rules_count(rules), 1);
  CU_ASSERT_EQUAL(cl_rules_error_count(rules), 0);
  cl_rules_free(rules);
}

/* ---------------------------------------------------- broken rule files */

/* Each broken file, and the exact message it must give.  LOAD is the
 * status of loading; patterns PCRE2 rejects fail only at compile. */
static const struct {
  const char *file;
  cl_status load;
  const char *msg;
} broken_files[] = {
    {"syntax.yaml", CL_FAILED,
     DATA "syntax.yaml:4: YAML syntax error: did not find expected '-' "
          "indicator (while parsing a block collection)"},
    {"unknown-key.yaml", CL_FAILED,
     DATA "unknown-key.yaml:6: rule has-colour: unknown key \"colour\" "
          "(expected id, kind, pattern, flags, triggers, message, examples, "
          "counterexamples, lines, start)"},
    {"unknown-lines.yaml", CL_FAILED,
     DATA "unknown-lines.yaml:5: rule where-lines: unknown lines \"captions\" "
          "(expected all or byline)"},
    {"duplicate-id.yaml", CL_FAILED,
     DATA "duplicate-id.yaml:8: rule twice: duplicate id, first defined at "
     DATA "duplicate-id.yaml:2"},
    {"bad-pattern.yaml", CL_OK,
     DATA "bad-pattern.yaml:3: rule unclosed: pattern error at offset 18: "
          "missing closing parenthesis"},
    {"unknown-kind.yaml", CL_FAILED,
     DATA "unknown-kind.yaml:3: rule what-kind: unknown kind \"photographer\" "
          "(expected copyright, syndication, editor, author, source, "
          "license or image)"},
    {"missing-example.yaml", CL_FAILED,
     DATA "missing-example.yaml:2: rule no-examples: missing \"examples\""},
    {"bad-group.yaml", CL_FAILED,
     DATA "bad-group.yaml:4: rule wrong-group: group \"name\" is not a field "
          "of kind syndication (fields: party)"},
    {"bad-group.yaml", CL_FAILED,
     DATA "bad-group.yaml:4: rule wrong-group: pattern has no group \"party\" "
          "(the main field of kind syndication)"},
};

static void test_broken_files(void) {
  for (size_t i = 0; i < sizeof broken_files / sizeof *broken_files; i++) {
    char path[256];
    snprintf(path, sizeof path, DATA "%s", broken_files[i].file);
    cl_rules *rules = cl_rules_new();
    cl_status st = cl_rules_load_file(rules, path);
    CU_ASSERT_EQUAL(st, broken_files[i].load);
    if (st == CL_OK) {
      CU_ASSERT_EQUAL(cl_rules_compile(rules), CL_FAILED);
      /* Still not usable, and a retry neither leaks nor succeeds. */
      CU_ASSERT_FALSE(cl_rules_jit_active(rules));
      CU_ASSERT_EQUAL(cl_rules_compile(rules), CL_FAILED);
    }
    if (!has_error(rules, broken_files[i].msg)) {
      fprintf(stderr, "\n  want: %s\n", broken_files[i].msg);
      dump_errors(rules);
      CU_FAIL("expected message missing");
    }
    /* A rule with a problem is left out of the set. */
    if (broken_files[i].load != CL_OK)
      CU_ASSERT_TRUE(cl_rules_count(rules) <= 1);
    cl_rules_free(rules);
  }
}

/* In-memory rule files: every problem is reported, not just the first. */
static const struct {
  const char *name;
  const char *yaml;
  const char *msgs[4];
} broken_buffers[] = {
    {"flags.yaml",
     "rules:\n"
     "  - id: f\n"
     "    kind: license\n"
     "    pattern: '(?<license>MIT)'\n"
     "    flags: [caseless, global]\n"
     "    message: m\n"
     "    examples: [MIT]\n"
     "    counterexamples: [BSD]\n",
     {"flags.yaml:5: rule f: unknown flag \"global\" (expected caseless, "
      "multiline, extended, dotall or ungreedy)"}},
    {"many.yaml",
     "rules:\n"
     "  - kind: copyright\n"
     "    pattern: '(?<holder>x)'\n"
     "  - id: second\n"
     "    kind: author\n"
     "    pattern: 'By (?<persons>x)'\n"
     "    message: m\n"
     "    examples: []\n"
     "    counterexamples: [y]\n",
     {"many.yaml:2: rule #1: missing \"id\"",
      "many.yaml:2: rule #1: missing \"message\"",
      "many.yaml:8: rule second: examples: at least one is needed",
      "many.yaml:6: rule second: group \"persons\" is not a field of kind "
      "author (fields: person)"}},
    {"fields.yaml",
     "rules:\n"
     "  - id: ex\n"
     "    kind: source\n"
     "    pattern: '(?<agency>AP)'\n"
     "    message: m\n"
     "    examples:\n"
     "      - text: AP\n"
     "        holder: AP\n"
     "      - agency: AP\n"
     "    counterexamples: [{text: x}]\n",
     {"fields.yaml:7: rule ex: example field \"holder\" is not a field of "
      "kind source (fields: agency, date)",
      "fields.yaml:9: rule ex: example has no \"text\"",
      "fields.yaml:10: rule ex: counterexample must be a string"}},
    {"top.yaml", "rule:\n  - id: x\n",
     {"top.yaml:1: unknown key \"rule\" (expected rules, agencies, parties, agreements, severities, examples, unknown-partners)",
      "top.yaml:1: missing \"rules\""}},
    {"empty.yaml", "# nothing but a comment\n",
     {"empty.yaml: no rules (expected a mapping with a \"rules\" list)"}},
    {"twice.yaml",
     "rules:\n"
     "  - id: t\n"
     "    id: u\n",
     {"twice.yaml:3: rule u: key \"id\" given twice (first on line 2)"}},
};

static void test_broken_buffers(void) {
  for (size_t i = 0; i < sizeof broken_buffers / sizeof *broken_buffers; i++) {
    cl_rules *rules = cl_rules_new();
    const char *y = broken_buffers[i].yaml;
    CU_ASSERT_EQUAL(cl_rules_load_buffer(rules, broken_buffers[i].name, y,
                                         strlen(y)),
                    CL_FAILED);
    CU_ASSERT_EQUAL(cl_rules_count(rules), 0);
    for (size_t k = 0; k < 4 && broken_buffers[i].msgs[k]; k++)
      if (!has_error(rules, broken_buffers[i].msgs[k])) {
        fprintf(stderr, "\n  want: %s\n", broken_buffers[i].msgs[k]);
        dump_errors(rules);
        CU_FAIL("expected message missing");
      }
    cl_rules_free(rules);
  }
}

static void test_load_dir_errors(void) {
  cl_rules *rules = cl_rules_new();
  CU_ASSERT_EQUAL(cl_rules_load_dir(rules, DATA "no-such-folder"), CL_FAILED);
  CU_ASSERT_TRUE(has_error(rules, DATA "no-such-folder: cannot open folder: "
                                  "No such file or directory"));
  CU_ASSERT_EQUAL(cl_rules_load_file(rules, DATA "missing.yaml"), CL_FAILED);
  CU_ASSERT_TRUE(has_error(rules, DATA "missing.yaml: cannot read: No such "
                                  "file or directory"));
  /* The broken folder: every file is loaded and each problem reported. */
  CU_ASSERT_EQUAL(cl_rules_load_dir(rules, DATA), CL_FAILED);
  CU_ASSERT_TRUE(cl_rules_error_count(rules) >= 2 + 7);
  CU_ASSERT_TRUE(has_error(rules, broken_files[0].msg));
  CU_ASSERT_TRUE(has_error(rules, broken_files[2].msg));
  cl_rules_free(rules);
}

/* ------------------------------------------------------------ selftest */

/* A start pattern every example's line must match; a broken one is a
 * compile error. */
static void test_start_pattern(void) {
  static const char yaml[] =
      "rules:\n"
      "  - id: dated\n"
      "    kind: author\n"
      "    pattern: '^\\W*\\w+\\s+by\\s+(?<person>[A-Z]\\w+)$'\n"
      "    triggers: [by]\n"
      "    start: '\\W*\\d'\n"
      "    message: m\n"
      "    examples: ['12 by Ann', '- 5 by Bo', 'May by Cy']\n"
      "    counterexamples: [x]\n";
  cl_rules *rules = cl_rules_new();
  CU_ASSERT_EQUAL_FATAL(cl_rules_load_buffer(rules, "st.yaml", yaml, sizeof yaml - 1),
                        CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(rules), CL_OK);
  fail_log log = {.n = 0};
  size_t passed = 0, failed = 0;
  CU_ASSERT_EQUAL(cl_rules_selftest(rules, log_fail, &log, &passed, &failed),
                  CL_FAILED);
  CU_ASSERT_EQUAL(passed, 3);
  CU_ASSERT_EQUAL(failed, 1);
  CU_ASSERT_EQUAL_FATAL(log.n, 1);
  CU_ASSERT_STRING_EQUAL(log.msgs[0],
                         "st.yaml:8: rule dated: example \"May by Cy\" matches a "
                         "line whose start the rule's start pattern does not match");
  cl_rules_free(rules);

  static const char bad[] =
      "rules:\n"
      "  - id: broken-start\n"
      "    kind: author\n"
      "    pattern: '^by (?<person>\\w+)'\n"
      "    start: '(by'\n"
      "    message: m\n"
      "    examples: ['by Ann']\n"
      "    counterexamples: [x]\n";
  rules = cl_rules_new();
  CU_ASSERT_EQUAL_FATAL(cl_rules_load_buffer(rules, "bs.yaml", bad, sizeof bad - 1),
                        CL_OK);
  CU_ASSERT_EQUAL(cl_rules_compile(rules), CL_FAILED);
  CU_ASSERT_TRUE(has_error(rules, "bs.yaml:2: rule broken-start: start error at "
                                  "offset 3: missing closing parenthesis"));
  cl_rules_free(rules);
}

static void test_selftest_reports_failures(void) {
  static const char yaml[] =
      "rules:\n"
      "  - id: notice\n"
      "    kind: copyright\n"
      "    pattern: '©\\s*(?<years>\\d{4})\\s+(?<holder>\\w+)'\n"
      "    triggers: ['©']\n"
      "    message: m\n"
      "    examples:\n"
      "      - text: '© 2020 Acme'\n"
      "        holder: Acme\n"
      "        years: '2020'\n"
      "      - text: '© 2021 Acme'\n"
      "        holder: Zenith\n"
      "      - '© Acme'\n"
      "    counterexamples: ['© 2022 Acme', 'Acme']\n"
      "  - id: list\n"
      "    kind: editor\n"
      "    pattern: 'by (?<person>\\w+ and \\w+)'\n"
      "    triggers: [edited]\n"
      "    message: m\n"
      "    examples:\n"
      "      - text: 'edited by Ann and Bob'\n"
      "        person: [Ann, Bob]\n"
      "      - text: 'by Ann and Bob'\n"
      "      - text: 'edited by Cy and Di'\n"
      "        person: [Cy]\n"
      "    counterexamples: [x]\n";
  static const char *const want[] = {
      "mem.yaml:11: rule notice: example \"© 2021 Acme\" gave holder \"Acme\", "
      "expected \"Zenith\"",
      "mem.yaml:13: rule notice: example \"© Acme\" does not match",
      "mem.yaml:14: rule notice: counterexample \"© 2022 Acme\" matches "
      "\"© 2022 Acme\"",
      "mem.yaml:23: rule list: example \"by Ann and Bob\" matches a line that "
      "holds none of the triggers",
      "mem.yaml:24: rule list: example \"edited by Cy and Di\" gave person "
      "\"Cy\", \"Di\", expected \"Cy\"",
  };
  cl_rules *rules = cl_rules_new();
  CU_ASSERT_EQUAL_FATAL(cl_rules_load_buffer(rules, "mem.yaml", yaml, sizeof yaml - 1),
                        CL_OK);
  dump_errors(rules);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(rules), CL_OK);
  fail_log log = {.n = 0};
  size_t passed = 99, failed = 99;
  CU_ASSERT_EQUAL(cl_rules_selftest(rules, log_fail, &log, &passed, &failed),
                  CL_FAILED);
  CU_ASSERT_EQUAL(passed, 4); /* 2020 Acme, Acme, Ann and Bob, x */
  CU_ASSERT_EQUAL(failed, 5);
  CU_ASSERT_EQUAL_FATAL(log.n, 5);
  for (size_t i = 0; i < 5; i++)
    if (strcmp(log.msgs[i], want[i]) != 0) {
      fprintf(stderr, "\n  want: %s\n  got:  %s\n", want[i], log.msgs[i]);
      CU_FAIL("selftest message");
    }
  /* NULL callback and counters are allowed. */
  CU_ASSERT_EQUAL(cl_rules_selftest(rules, NULL, NULL, NULL, NULL), CL_FAILED);
  cl_rules_free(rules);
}

static void test_selftest_needs_compile(void) {
  cl_rules *rules = cl_rules_new();
  CU_ASSERT_EQUAL_FATAL(cl_rules_load_dir(rules, DATA "valid"), CL_OK);
  size_t passed = 99, failed = 0;
  CU_ASSERT_EQUAL(cl_rules_selftest(rules, NULL, NULL, &passed, &failed), CL_FAILED);
  CU_ASSERT_EQUAL(passed, 0);
  CU_ASSERT_EQUAL(failed, 1);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(rules), CL_OK);
  CU_ASSERT_EQUAL(cl_rules_selftest(rules, print_fail, NULL, &passed, &failed), CL_OK);
  CU_ASSERT_EQUAL(passed, 7);
  CU_ASSERT_EQUAL(failed, 0);
  cl_rules_free(rules);
}

/* ----------------------------------------------------- default rules */

static void test_defaults(void) {
  static const char *const kinds_needed[] = {"copyright", "syndication",
                                             "editor", "author", "source",
                                             "license", "image"};
  cl_rules *rules = cl_rules_new();
  cl_status st = cl_rules_load_defaults(rules);
  dump_errors(rules);
  CU_ASSERT_EQUAL_FATAL(st, CL_OK);
  CU_ASSERT_TRUE_FATAL(cl_rules_count(rules) >= 15);
  int have[CL_KIND__COUNT] = {0};
  for (size_t i = 0; i < cl_rules_count(rules); i++) {
    have[cl_rules_kind(rules, i)]++;
    /* Every default rule has triggers, so the prefilter can skip lines;
     * a byline rule runs only on the few lines a page marks as its byline. */
    CU_ASSERT_TRUE(rules->v[i].ntriggers > 0 || rules->v[i].byline_only);
    CU_ASSERT_TRUE(rules->v[i].nexamples >= 2);
    CU_ASSERT_TRUE(rules->v[i].ncounter >= 2);
    CU_ASSERT_EQUAL(strncmp(cl_rules_file(rules, i), "rules/", 6), 0);
  }
  for (int k = 0; k < CL_KIND__COUNT; k++)
    if (!have[k]) {
      fprintf(stderr, "\n  no default rule of kind %s\n", kinds_needed[k]);
      CU_FAIL("kind without rule");
    }
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(rules), CL_OK);
  dump_errors(rules);
  CU_ASSERT_TRUE(cl_rules_jit_active(rules));
  size_t passed = 0, failed = 99;
  CU_ASSERT_EQUAL(cl_rules_selftest(rules, print_fail, NULL, &passed, &failed), CL_OK);
  CU_ASSERT_EQUAL(failed, 0);
  CU_ASSERT_TRUE(passed > 100);
  cl_rules_free(rules);
}

/* The rule files in rules/ load from disk as well (what --rules DIR does)
 * and give the same set as the embedded copy. */
static void test_defaults_dir(void) {
  cl_rules *a = cl_rules_new(), *b = cl_rules_new();
  CU_ASSERT_EQUAL(cl_rules_load_dir(a, "rules"), CL_OK);
  CU_ASSERT_EQUAL(cl_rules_load_defaults(b), CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_rules_count(a), cl_rules_count(b));
  for (size_t i = 0; i < cl_rules_count(a); i++)
    CU_ASSERT_STRING_EQUAL(cl_rules_id(a, i), cl_rules_id(b, i));
  /* Loading the defaults twice: every id is a duplicate. */
  CU_ASSERT_EQUAL(cl_rules_load_defaults(b), CL_FAILED);
  CU_ASSERT_EQUAL(cl_rules_error_count(b), cl_rules_count(a));
  cl_rules_free(a);
  cl_rules_free(b);
}

static const cl_test_case cases[] = {
    {"kind names", test_kind_names},
    {"load folder of valid files", test_load_dir_valid},
    {"load one file", test_load_file_single},
    {"broken files give exact messages", test_broken_files},
    {"broken buffers report every problem", test_broken_buffers},
    {"unreadable folder and file", test_load_dir_errors},
    {"selftest reports failures", test_selftest_reports_failures},
    {"start pattern: self-test and compile errors", test_start_pattern},
    {"selftest needs compiled rules", test_selftest_needs_compile},
    {"default rules load, compile, pass selftest", test_defaults},
    {"rules folder equals embedded defaults", test_defaults_dir},
    {NULL, NULL},
};

CL_TEST_MAIN("rules", cases)
