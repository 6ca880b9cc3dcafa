/* test_config.c - .creditline: loading, errors, discovery, options,
 * per-path severities, the starter config; and the lexical path helpers. */
#include "internal.h"
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static cl_status load(cl_config *cfg, const char *text) {
  return cl_config_load_buffer(cfg, ".creditline", text, strlen(text), "/repo");
}

static void test_load_full(void) {
  static const char text[] =
      "rules: [extra-rules/, /abs/rules]\n"
      "policy: policy\n"
      "include: [\"articles/**\", \"*.md\"]\n"
      "exclude: [\"drafts/tmp/\"]\n"
      "severities:\n"
      "  \"drafts/**\":\n"
      "    missing-copyright: off\n"
      "    duplicate-credit: error\n"
      "fail-on: warning\n"
      "hidden: true\n"
      "limits:\n"
      "  max-file-size: 10M\n"
      "  max-depth: 3\n"
      "  max-line-length: 4K\n"
      "  max-archive-entries: 500\n";
  cl_config *cfg = cl_config_new();
  CU_ASSERT_EQUAL_FATAL(load(cfg, text), CL_OK);
  CU_ASSERT_STRING_EQUAL(cl_config_root(cfg), "/repo");
  CU_ASSERT_EQUAL_FATAL(cl_config_rules_count(cfg), 2);
  CU_ASSERT_STRING_EQUAL(cl_config_rules_at(cfg, 0), "/repo/extra-rules");
  CU_ASSERT_STRING_EQUAL(cl_config_rules_at(cfg, 1), "/abs/rules");
  CU_ASSERT_EQUAL_FATAL(cl_config_policy_count(cfg), 1);
  CU_ASSERT_STRING_EQUAL(cl_config_policy_at(cfg, 0), "/repo/policy");
  CU_ASSERT_EQUAL(cl_config_include_count(cfg), 2);
  CU_ASSERT_STRING_EQUAL(cl_config_include_at(cfg, 1), "*.md");
  CU_ASSERT_EQUAL(cl_config_exclude_count(cfg), 1);
  CU_ASSERT_EQUAL(cl_config_fail_on(cfg), CL_SEV_WARNING);

  cl_options opt;
  cl_options_init(&opt);
  cl_config_apply_options(cfg, &opt);
  CU_ASSERT_EQUAL(opt.max_file_size, (size_t)10 << 20);
  CU_ASSERT_EQUAL(opt.max_depth, 3);
  CU_ASSERT_EQUAL(opt.max_line_length, 4096);
  CU_ASSERT_EQUAL(opt.max_archive_entries, 500);
  CU_ASSERT_EQUAL(opt.include_hidden, 1);
  cl_config_free(cfg);
}

/* Unset settings leave the options alone; an empty file is a config. */
static void test_load_empty(void) {
  cl_config *cfg = cl_config_new();
  CU_ASSERT_EQUAL(load(cfg, ""), CL_OK);
  CU_ASSERT_EQUAL(load(cfg, "# only a comment\n"), CL_OK);
  CU_ASSERT_EQUAL(cl_config_fail_on(cfg), -1);
  cl_options a, b;
  cl_options_init(&a);
  cl_options_init(&b);
  cl_config_apply_options(cfg, &b);
  CU_ASSERT_EQUAL(memcmp(&a, &b, sizeof a), 0);
  cl_config_free(cfg);
}

static void test_load_errors(void) {
  static const struct {
    const char *text, *msg;
  } bad[] = {
      {"colour: red\n", ".creditline:1: unknown setting 'colour'"},
      {"fail-on: sometimes\n", "invalid fail-on 'sometimes'"},
      {"severities:\n  \"a/**\":\n    no-such-check: off\n",
       ".creditline:3: unknown check 'no-such-check'"},
      {"severities:\n  \"a/**\":\n    missing-copyright: loud\n",
       "invalid severity 'loud'"},
      {"severities: [a]\n", "takes a mapping of path globs"},
      {"limits:\n  max-file-size: huge\n", "invalid value for limit 'max-file-size'"},
      {"limits:\n  max-speed: 1\n", "unknown limit 'max-speed'"},
      {"rules: {a: b}\n", "'rules' takes a string or a list of strings"},
      {"hidden: maybe\n", "'hidden' takes true or false"},
      {"- just\n- a list\n", "the config is a mapping"},
      {"rules: [unclosed\n", ".creditline:2:"},
      {"require:\n  \"a/**\": [copyright]\n", "unknown requirement 'copyright'"},
      {"require: [copyright-notice]\n", "'require' takes a mapping of path globs"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    cl_config *cfg = cl_config_new();
    CU_ASSERT_EQUAL(load(cfg, bad[i].text), CL_FAILED);
    if (!strstr(cl_config_error(cfg), bad[i].msg))
      fprintf(stderr, "\ncase %zu: error \"%s\"\n", i, cl_config_error(cfg));
    CU_ASSERT_PTR_NOT_NULL(strstr(cl_config_error(cfg), bad[i].msg));
    cl_config_free(cfg);
  }
}

/* require: per path glob, the requirements each matching glob adds, each
 * named by the glob that asked for it; the options pick the callback. */
static void test_require(void) {
  cl_config *cfg = cl_config_new();
  CU_ASSERT_EQUAL_FATAL(load(cfg, "require:\n"
                                  "  \"**\": copyright-notice\n"
                                  "  \"syndicated/**\": [partner-credit, editor-credit]\n"
                                  "  \"wire/**\": all\n"),
                        CL_OK);
  CU_ASSERT_EQUAL(cl_config_require_count(cfg), 3);
  unsigned bits = 0;
  CU_ASSERT_STRING_EQUAL(cl_config_require_glob(cfg, 1, &bits), "syndicated/**");
  CU_ASSERT_EQUAL(bits, (1u << CL_REQ_PARTNER) | (1u << CL_REQ_EDITOR));
  CU_ASSERT_PTR_NULL(cl_config_require_glob(cfg, 3, &bits));
  const struct {
    const char *path;
    unsigned bits;
    const char *by_copyright;
  } rows[] = {
      {"/repo/a.txt", 1u << CL_REQ_COPYRIGHT, ".creditline require \"**\""},
      {"/repo/syndicated/x/b.txt",
       (1u << CL_REQ_COPYRIGHT) | (1u << CL_REQ_PARTNER) | (1u << CL_REQ_EDITOR),
       ".creditline require \"**\""},
      {"/repo/wire/feed.zip!/c.xml", (1u << CL_REQ__COUNT) - 1,
       ".creditline require \"wire/**\""},
      {"/elsewhere/d.txt", 0, NULL},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    const char *by[CL_REQ__COUNT] = {NULL};
    CU_ASSERT_EQUAL(cl_config_require(rows[i].path, cfg, by), rows[i].bits);
    if (rows[i].by_copyright) {
      CU_ASSERT_STRING_EQUAL(by[CL_REQ_COPYRIGHT] ? by[CL_REQ_COPYRIGHT] : "",
                             rows[i].by_copyright);
    } else {
      CU_ASSERT_PTR_NULL(by[CL_REQ_COPYRIGHT]);
    }
  }
  cl_options opt;
  cl_options_init(&opt);
  CU_ASSERT_PTR_NULL(opt.require);
  CU_ASSERT_EQUAL(opt.requirements, 0u);
  cl_config_apply_options(cfg, &opt);
  CU_ASSERT_PTR_EQUAL(opt.require_ud, cfg);
  CU_ASSERT_TRUE(opt.require == cl_config_require);
  cl_config_free(cfg);
}

static void test_fail_on_parse(void) {
  CU_ASSERT_EQUAL(cl_fail_on_parse("error"), CL_SEV_ERROR);
  CU_ASSERT_EQUAL(cl_fail_on_parse("warning"), CL_SEV_WARNING);
  CU_ASSERT_EQUAL(cl_fail_on_parse("info"), CL_SEV_INFO);
  CU_ASSERT_EQUAL(cl_fail_on_parse("never"), CL_SEV_OFF);
  CU_ASSERT_EQUAL(cl_fail_on_parse("off"), -1);
  CU_ASSERT_EQUAL(cl_fail_on_parse(NULL), -1);
}

/* Per-path severities: the last matching glob wins; off drops. */
static void test_adjust(void) {
  static const char text[] =
      "severities:\n"
      "  \"drafts/**\":\n"
      "    missing-copyright: off\n"
      "    duplicate-credit: info\n"
      "  \"drafts/keep/**\":\n"
      "    duplicate-credit: error\n";
  char cwd[4096];
  CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
  cl_config *cfg = cl_config_new();
  CU_ASSERT_EQUAL_FATAL(
      cl_config_load_buffer(cfg, "t", text, strlen(text), cwd), CL_OK);
  static const struct {
    const char *path;
    size_t left;
    cl_severity dup;
  } docs[] = {
      {"drafts/a.txt", 1, CL_SEV_INFO},
      {"./drafts/b.txt", 1, CL_SEV_INFO},
      {"drafts/keep/c.txt", 1, CL_SEV_ERROR},
      {"articles/d.txt", 2, CL_SEV_WARNING},
      {"drafts/e.zip!/inner.txt", 1, CL_SEV_INFO},
      {"/elsewhere/drafts/f.txt", 2, CL_SEV_WARNING},
  };
  cl_report *r = cl_report_new();
  for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
    cl_docres *d = cl_docres_new(docs[i].path, "text", 5);
    CU_ASSERT_PTR_NOT_NULL(
        cl_docres_add_finding(d, "missing-copyright", 0, 0, NULL, NULL, "m"));
    CU_ASSERT_PTR_NOT_NULL(
        cl_docres_add_finding(d, "duplicate-credit", 2, 1, NULL, "x", "d"));
    CU_ASSERT_EQUAL_FATAL(cl_report_add_document(r, d), 0);
    CU_ASSERT_EQUAL(cl_config_adjust(cfg, r, i), CL_OK);
    const cl_document *doc = cl_report_document(r, i);
    CU_ASSERT_EQUAL(doc->finding_count, docs[i].left);
    const cl_finding *dup = &doc->findings[doc->finding_count - 1];
    CU_ASSERT_STRING_EQUAL(dup->check, "duplicate-credit");
    if (dup->severity != docs[i].dup)
      fprintf(stderr, "\n%s: severity %d\n", docs[i].path, dup->severity);
    CU_ASSERT_EQUAL(dup->severity, docs[i].dup);
  }
  CU_ASSERT_EQUAL(cl_config_adjust(cfg, r, 99), CL_FAILED);
  cl_report_free(r);
  cl_config_free(cfg);
}

static char tmpl[] = "/tmp/cl-config-XXXXXX";

static void mk(const char *rel, int dir) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", tmpl, rel);
  if (dir) {
    CU_ASSERT_EQUAL(mkdir(p, 0755), 0);
  } else {
    FILE *f = fopen(p, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("fail-on: never\n", f);
    fclose(f);
  }
}

static int ends_with(const char *s, const char *tail) {
  size_t a = strlen(s), b = strlen(tail);
  return a >= b && strcmp(s + a - b, tail) == 0;
}

/* Found in the folder or a parent; never past the top of a work tree. */
static void test_find(void) {
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpl));
  mk(".creditline", 0);
  mk("repo", 1);
  mk("repo/.git", 1);
  mk("repo/a", 1);
  mk("repo/a/b", 1);
  mk("plain", 1);
  mk("plain/c", 1);
  char p[512];
  snprintf(p, sizeof p, "%s/repo/a/b", tmpl);
  char *found = cl_config_find(p, NULL);
  CU_ASSERT_PTR_NULL(found); /* stops at repo/, holding .git */
  free(found);
  mk("repo/a/.creditline", 0);
  found = cl_config_find(p, NULL);
  CU_ASSERT_PTR_NOT_NULL(found);
  CU_ASSERT(found && ends_with(found, "/repo/a/.creditline"));
  free(found);
  snprintf(p, sizeof p, "%s/plain/c", tmpl);
  found = cl_config_find(p, NULL);
  CU_ASSERT(found && ends_with(found, "cl-config-") == 0 &&
            ends_with(found, "/.creditline"));
  /* Loading a found file makes its folder the root. */
  cl_config *cfg = cl_config_new();
  CU_ASSERT_EQUAL(cl_config_load_file(cfg, found), CL_OK);
  CU_ASSERT_STRING_EQUAL(cl_config_root(cfg), tmpl);
  CU_ASSERT_EQUAL(cl_config_fail_on(cfg), CL_SEV_OFF);
  CU_ASSERT_EQUAL(cl_config_load_file(cfg, "/nonexistent/.creditline"), CL_FAILED);
  CU_ASSERT_PTR_NOT_NULL(strstr(cl_config_error(cfg), "/nonexistent/.creditline"));
  cl_config_free(cfg);
  free(found);

  /* The starter: written once, never over a file, and it loads. */
  snprintf(p, sizeof p, "%s/plain/.creditline", tmpl);
  CU_ASSERT_EQUAL(cl_config_write_starter(p), CL_OK);
  errno = 0;
  CU_ASSERT_EQUAL(cl_config_write_starter(p), CL_FAILED);
  CU_ASSERT_EQUAL(errno, EEXIST);
  cfg = cl_config_new();
  CU_ASSERT_EQUAL(cl_config_load_file(cfg, p), CL_OK);
  CU_ASSERT_EQUAL(cl_config_fail_on(cfg), CL_SEV_ERROR);
  cl_config_free(cfg);
  const char *st = cl_config_starter();
  CU_ASSERT_PTR_NOT_NULL(strstr(st, "# severities:"));

  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
  CU_ASSERT_EQUAL(system(cmd), 0);
}

/* A config another user could have written is passed over, named in
 * *skipped; the search stops at the user's home (issue 14: another
 * user's file in a shared sticky folder turned a failing scan into 0). */
static void test_find_trust(void) {
  char top[] = "/tmp/cl-trust-XXXXXX", p[64], shared[64], sub[96];
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(top));
  snprintf(p, sizeof p, "%s/.creditline", top);
  FILE *f = fopen(p, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs("fail-on: error\n", f);
  fclose(f);
  snprintf(shared, sizeof shared, "%s/shared", top);
  CU_ASSERT_EQUAL_FATAL(mkdir(shared, 0755), 0);
  CU_ASSERT_EQUAL(chmod(shared, 01777), 0); /* like /tmp */
  snprintf(sub, sizeof sub, "%s/.creditline", shared);
  f = fopen(sub, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs("fail-on: never\ninclude: [\"*.nothing\"]\n", f);
  fclose(f);

  /* Trusted while it is ours and only we may write it. */
  char *skipped = NULL, *found = cl_config_find(shared, &skipped);
  CU_ASSERT(found && strcmp(found, sub) == 0);
  CU_ASSERT_PTR_NULL(skipped);
  free(found);

  /* Writable by others: passed over for the parent's. */
  CU_ASSERT_EQUAL(chmod(sub, 0666), 0);
  found = cl_config_find(shared, &skipped);
  CU_ASSERT(found && strcmp(found, p) == 0);
  CU_ASSERT(skipped && strstr(skipped, sub) && strstr(skipped, "writable by others"));
  free(found);
  free(skipped);

  /* Another user's (only root can hand a file to someone else). */
  if (geteuid() == 0) {
    CU_ASSERT_EQUAL(chmod(sub, 0644), 0);
    CU_ASSERT_EQUAL(chown(sub, 65534, 65534), 0);
    found = cl_config_find(shared, &skipped);
    CU_ASSERT(found && strcmp(found, p) == 0);
    CU_ASSERT(skipped && strstr(skipped, "owned by another user"));
    free(found);
    free(skipped);
  }

  /* Not above the user's home. */
  const char *home = getenv("HOME");
  char *saved = home ? cl_strdup(home) : NULL;
  CU_ASSERT_EQUAL(setenv("HOME", shared, 1), 0);
  found = cl_config_find(shared, &skipped);
  CU_ASSERT_PTR_NULL(found);
  CU_ASSERT_PTR_NOT_NULL(skipped);
  free(found);
  free(skipped);
  if (saved)
    setenv("HOME", saved, 1);
  else
    unsetenv("HOME");
  free(saved);

  CU_ASSERT_EQUAL(unlink(sub), 0);
  CU_ASSERT_EQUAL(rmdir(shared), 0);
  CU_ASSERT_EQUAL(unlink(p), 0);
  CU_ASSERT_EQUAL(rmdir(top), 0);
}

static void test_paths(void) {
  static const struct {
    const char *dir, *path, *want;
  } cases[] = {
      {"/a/b", "c", "/a/b/c"},
      {"/a/b", "./c/./d", "/a/b/c/d"},
      {"/a/b", "../c", "/a/c"},
      {"/a/b", "../../../c", "/c"},
      {"/a/b", "/x//y/", "/x/y"},
      {"/", ".", "/"},
      {"/a", "..", "/"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *got = cl_path_resolve(cases[i].dir, cases[i].path);
    CU_ASSERT_STRING_EQUAL(got, cases[i].want);
    free(got);
  }
  CU_ASSERT_STRING_EQUAL(cl_path_inside("/a/b/c", "/a"), "b/c");
  CU_ASSERT_STRING_EQUAL(cl_path_inside("/a", "/a"), "");
  CU_ASSERT_PTR_NULL(cl_path_inside("/ab/c", "/a"));
  CU_ASSERT_STRING_EQUAL(cl_path_inside("/a/b", "/"), "a/b");

  char cwd[4096];
  CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
  char *p = cl_path_for_root("./x/y.zip!/inner/z.txt", 9, cwd);
  CU_ASSERT_STRING_EQUAL(p, "x/y.zip");
  free(p);
  p = cl_path_for_root("/outside/file.txt", 0, cwd);
  CU_ASSERT_STRING_EQUAL(p, "/outside/file.txt");
  free(p);
  /* A folder named "wire!" is no archive: only the record says what is. */
  p = cl_path_for_root("./wire!/x.txt", 0, cwd);
  CU_ASSERT_STRING_EQUAL(p, "wire!/x.txt");
  free(p);
  p = cl_path_in_repo("./wire!/a.zip!/x.txt", 12, cwd, NULL);
  CU_ASSERT_STRING_EQUAL(p, "wire!/a.zip!/x.txt");
  free(p);
  /* The working folder given, as the scanner gives it: not asked again. */
  p = cl_path_in_repo("./wire!/a.zip!/x.txt", 12, "/repo", "/repo/sub");
  CU_ASSERT_STRING_EQUAL(p, "sub/wire!/a.zip!/x.txt");
  free(p);
  CU_ASSERT_PTR_NULL(cl_path_member("wire!/x.txt", 0));
  CU_ASSERT_STRING_EQUAL(cl_path_member("a.tgz!/in.zip!/x.txt", 5),
                         "in.zip!/x.txt");
}

static const cl_test_case cases[] = {
    {"load every setting", test_load_full},
    {"empty config", test_load_empty},
    {"config errors", test_load_errors},
    {"fail-on names", test_fail_on_parse},
    {"requirements per path", test_require},
    {"per-path severities", test_adjust},
    {"discovery and starter", test_find},
    {"discovery trusts no other user's config, stops at home", test_find_trust},
    {"lexical paths", test_paths},
    {NULL, NULL}};

CL_TEST_MAIN("config", cases)
