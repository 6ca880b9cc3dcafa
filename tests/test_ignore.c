/* test_ignore.c - gitignore-style matching (cl_ignore, cl_glob_match) and
 * the path filter of folder walks (cl_pathfilter). */
#include "internal.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------- pattern table */

typedef struct {
  const char *patterns; /* an ignore file, lines */
  const char *path;
  int is_dir;
  int ignored;
} ig_case;

static const ig_case ig_cases[] = {
    /* plain names match at any depth */
    {"foo.txt", "foo.txt", 0, 1},
    {"foo.txt", "a/b/foo.txt", 0, 1},
    {"foo.txt", "a/foo.txt.bak", 0, 0},
    {"foo.txt", "xfoo.txt", 0, 0},
    {"foo", "foo", 1, 1},
    {"foo", "a/foo", 1, 1},
    /* star and question mark stay inside a segment */
    {"*.bak", "x.bak", 0, 1},
    {"*.bak", "deep/er/x.bak", 0, 1},
    {"*.bak", "x.bak.txt", 0, 0},
    {"a*", "abc", 0, 1},
    {"a/*.txt", "a/x.txt", 0, 1},
    {"a/*.txt", "a/b/x.txt", 0, 0},
    {"?.md", "x.md", 0, 1},
    {"?.md", "xy.md", 0, 0},
    {"*", "anything", 0, 1},
    {"*.txt", ".hidden.txt", 0, 1}, /* no special dot rule in gitignore */
    /* character classes */
    {"[abc].txt", "b.txt", 0, 1},
    {"[abc].txt", "d.txt", 0, 0},
    {"[a-c]x", "bx", 0, 1},
    {"[!a-c]x", "bx", 0, 0},
    {"[!a-c]x", "dx", 0, 1},
    {"[^a-c]x", "dx", 0, 1},
    {"draft[0-9]", "draft7", 0, 1},
    {"draft[0-9]", "drafts", 0, 0},
    /* anchoring: a leading or inner slash ties the pattern to the base */
    {"/root.txt", "root.txt", 0, 1},
    {"/root.txt", "sub/root.txt", 0, 0},
    {"doc/frotz", "doc/frotz", 0, 1},
    {"doc/frotz", "a/doc/frotz", 0, 0},
    {"/doc/frotz/", "doc/frotz", 1, 1},
    /* trailing slash: folders only (and so everything in them) */
    {"build/", "build", 1, 1},
    {"build/", "build", 0, 0},
    {"build/", "a/build", 1, 1},
    {"build/", "build/x.txt", 0, 1},
    {"build/", "a/build/deep/x.txt", 0, 1},
    {"build/", "builds/x.txt", 0, 0},
    /* globstars */
    {"**/foo", "foo", 0, 1},
    {"**/foo", "a/b/foo", 0, 1},
    {"**/foo/bar", "x/foo/bar", 0, 1},
    {"**/foo/bar", "foo/bar", 0, 1},
    {"abc/**", "abc/x", 0, 1},
    {"abc/**", "abc/x/y/z", 0, 1},
    {"abc/**", "abc", 1, 0},
    {"a/**/b", "a/b", 0, 1},
    {"a/**/b", "a/x/b", 0, 1},
    {"a/**/b", "a/x/y/b", 0, 1},
    {"a/**/b", "a/x/y/c", 0, 0},
    {"a/**/**/b", "a/x/b", 0, 1},
    {"drafts/**", "drafts/2024/x.md", 0, 1},
    {"drafts/**", "other/drafts/x.md", 0, 0},
    {"**", "x/y", 0, 1},
    {"**/a*/**/a*/zzz", "ab/x/ac/zzz", 0, 1},
    {"**/a*/**/a*/zzz", "a/a/zzz", 0, 1},
    {"**/a*/**/a*/zzz", "a/zzz", 0, 0},
    {"a/**/**/**", "a/b", 0, 1},
    {"a/**/**/**", "a", 1, 0},
    /* stars and classes inside a segment, as fnmatch(3) */
    {"*a*a*b", "xaayab", 0, 1},
    {"*a*a*b", "xaayaba", 0, 0},
    {"[]]x", "]x", 0, 1},
    {"[[:digit:]]*", "7up", 0, 1},
    {"[[:digit:]]*", "up7", 0, 0},
    {"\\*x", "*x", 0, 1},
    {"\\*x", "ax", 0, 0},
    {"[ab", "[ab", 0, 1},
    /* negation: the last matching pattern wins */
    {"*.txt\n!keep.txt", "keep.txt", 0, 0},
    {"*.txt\n!keep.txt", "drop.txt", 0, 1},
    {"!keep.txt\n*.txt", "keep.txt", 0, 1},
    {"*.txt\n!keep.txt\nkeep.txt", "keep.txt", 0, 1},
    {"!x", "x", 0, 0},
    /* a file in an ignored folder cannot be re-included */
    {"build/\n!build/keep.txt", "build/keep.txt", 0, 1},
    {"build/*\n!build/keep.txt", "build/keep.txt", 0, 0},
    {"build/*\n!build/keep.txt", "build/drop.txt", 0, 1},
    /* comments, blank lines, escapes, spaces */
    {"# comment\n\n   \nfoo", "foo", 0, 1},
    {"# foo", "# foo", 0, 0},
    {"\\#hash", "#hash", 0, 1},
    {"\\!bang", "!bang", 0, 1},
    {"trail   ", "trail", 0, 1},
    {"trail\\ ", "trail ", 0, 1},
    {"star\\*", "star*", 0, 1},
    {"star\\*", "starx", 0, 0},
    {"crlf\r\nnext", "crlf", 0, 1},
    {"crlf\r\nnext", "next", 0, 1},
    /* nothing to match */
    {"", "x", 0, 0},
    {"/", "x", 0, 0},
    {"a", "", 0, 0},
};

static void test_pattern_table(void) {
  for (size_t i = 0; i < sizeof ig_cases / sizeof *ig_cases; i++) {
    const ig_case *c = &ig_cases[i];
    cl_ignore *ig = cl_ignore_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(ig);
    CU_ASSERT_EQUAL(cl_ignore_add(ig, "", c->patterns, strlen(c->patterns)), 0);
    int got = cl_ignore_match(ig, c->path, c->is_dir);
    if (got != c->ignored)
      fprintf(stderr, "\ncase %zu: patterns \"%s\" path \"%s\" dir %d: got %d\n",
              i, c->patterns, c->path, c->is_dir, got);
    CU_ASSERT_EQUAL(got, c->ignored);
    cl_ignore_free(ig);
  }
}

/* Patterns of a nested ignore file only see paths below their base. */
static void test_bases(void) {
  cl_ignore *ig = cl_ignore_new();
  const char *top = "*.log\n";
  const char *sub = "/local.txt\n!keep.log\n";
  CU_ASSERT_EQUAL(cl_ignore_add(ig, ".", top, strlen(top)), 0);
  CU_ASSERT_EQUAL(cl_ignore_add(ig, "./sub/", sub, strlen(sub)), 0);
  CU_ASSERT_EQUAL(cl_ignore_match(ig, "x.log", 0), 1);
  CU_ASSERT_EQUAL(cl_ignore_match(ig, "sub/keep.log", 0), 0);
  CU_ASSERT_EQUAL(cl_ignore_match(ig, "keep.log", 0), 1);
  CU_ASSERT_EQUAL(cl_ignore_match(ig, "sub/local.txt", 0), 1);
  CU_ASSERT_EQUAL(cl_ignore_match(ig, "local.txt", 0), 0);
  CU_ASSERT_EQUAL(cl_ignore_match(ig, "sub/deeper/local.txt", 0), 0);
  CU_ASSERT_EQUAL(cl_ignore_match(ig, "subway/local.txt", 0), 0);
  cl_ignore_free(ig);
}

static void test_glob_match(void) {
  CU_ASSERT_EQUAL(cl_glob_match("drafts/**", "drafts/a/b.md", 0), 1);
  CU_ASSERT_EQUAL(cl_glob_match("*.md", "x/y.md", 0), 1);
  CU_ASSERT_EQUAL(cl_glob_match("/x.md", "y/x.md", 0), 0);
  CU_ASSERT_EQUAL(cl_glob_match("dir/", "dir", 0), 0);
  CU_ASSERT_EQUAL(cl_glob_match("dir/", "dir", 1), 1);
  /* negation is the caller's business */
  CU_ASSERT_EQUAL(cl_glob_match("!x", "x", 0), 1);
  CU_ASSERT_EQUAL(cl_glob_match("# c", "# c", 0), 0);
}

/* ------------------------------------------------------- path filter */

static char tmpl[] = "/tmp/cl-ignore-XXXXXX";

static void put_file(const char *rel, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", tmpl, rel);
  FILE *f = fopen(path, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs(text, f);
  fclose(f);
}

static void put_dir(const char *rel) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", tmpl, rel);
  mkdir(path, 0755);
}

/* What a walk of ROOT keeps: the walker asks about folders before their
 * entries, which is when their ignore files are read. */
static int accept(cl_pathfilter *pf, const char *rel, int is_dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", tmpl, rel);
  return cl_pathfilter_accept(path, is_dir, pf);
}

static void test_pathfilter(void) {
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpl));
  put_dir(".git");
  put_dir(".git/info");
  put_dir("repo-sub");
  put_dir("repo-sub/nested");
  put_dir("repo-sub/tmp");
  put_file(".gitignore", "*.log\ntmp/\n");
  put_file("repo-sub/nested/.gitignore", "secret.txt\n");
  put_file("repo-sub/.creditlineignore", "skip-me.md\n");
  put_file(".git/info/exclude", "excluded.txt\n");

  /* A scan of repo-sub/ in the work tree: the top's .gitignore applies. */
  char root[512];
  snprintf(root, sizeof root, "%s/repo-sub", tmpl);
  cl_pathfilter *pf = cl_pathfilter_new(root, 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
  CU_ASSERT_EQUAL(cl_pathfilter_exclude(pf, NULL, "*.bak"), 0);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/a.txt", 0), 1);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/a.log", 0), 0);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/tmp", 1), 0);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/skip-me.md", 0), 0);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/excluded.txt", 0), 0);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/x.bak", 0), 0);
  /* nested/.gitignore is read when the walk reaches nested/ */
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/nested", 1), 1);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/nested/secret.txt", 0), 0);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/nested/public.txt", 0), 1);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/secret.txt", 0), 1);
  cl_pathfilter_free(pf);

  /* --no-ignore: only the globs. */
  pf = cl_pathfilter_new(root, 0);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/a.log", 0), 1);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/skip-me.md", 0), 1);
  /* includes choose files, never folders */
  CU_ASSERT_EQUAL(cl_pathfilter_include(pf, NULL, "*.md"), 0);
  CU_ASSERT_EQUAL(cl_pathfilter_include(pf, NULL, "nested/"), 0);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/skip-me.md", 0), 1);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/a.txt", 0), 0);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/tmp", 1), 1);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/nested/public.txt", 0), 1);
  cl_pathfilter_free(pf);

  /* Outside a work tree .gitignore means nothing; .creditlineignore does. */
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s/.git'", tmpl);
  CU_ASSERT_EQUAL(system(cmd), 0);
  pf = cl_pathfilter_new(root, 1);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/a.log", 0), 1);
  CU_ASSERT_EQUAL(accept(pf, "repo-sub/skip-me.md", 0), 0);
  cl_pathfilter_free(pf);

  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
  CU_ASSERT_EQUAL(system(cmd), 0);
}

/* The walker asks the filter about every entry and skips what it refuses. */
typedef struct {
  int calls;
} walk_count;

static int refuse_b(const char *path, int is_dir, void *ud) {
  walk_count *wc = ud;
  wc->calls++;
  (void)is_dir;
  const char *base = strrchr(path, '/');
  return strcmp(base ? base + 1 : path, "b") != 0;
}

static void test_walker_hook(void) {
  char dir[] = "/tmp/cl-walk-XXXXXX";
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
  char p[256];
  snprintf(p, sizeof p, "%s/a", dir);
  FILE *f = fopen(p, "w");
  fputs("text a\n", f);
  fclose(f);
  snprintf(p, sizeof p, "%s/b", dir);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/b/c", dir);
  f = fopen(p, "w");
  fputs("text c\n", f);
  fclose(f);

  cl_rules *rules = cl_rules_new();
  CU_ASSERT_EQUAL(cl_rules_compile(rules), CL_OK);
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  walk_count wc = {0};
  opt.path_filter = refuse_b;
  opt.path_filter_ud = &wc;
  cl_scanner *sc = cl_scanner_new(rules, &opt);
  cl_report *rep = cl_report_new();
  CU_ASSERT_EQUAL(cl_scanner_scan_path(sc, dir, rep), CL_OK);
  CU_ASSERT_EQUAL(cl_report_document_count(rep), 1);
  CU_ASSERT_EQUAL(wc.calls, 2); /* a and b; b/c never reached */
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_rules_free(rules);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  CU_ASSERT_EQUAL(system(cmd), 0);
}

static const cl_test_case cases[] = {
    {"pattern table", test_pattern_table},
    {"nested bases", test_bases},
    {"single glob", test_glob_match},
    {"path filter over a work tree", test_pathfilter},
    {"walker asks the filter", test_walker_hook},
    {NULL, NULL}};

CL_TEST_MAIN("ignore", cases)
