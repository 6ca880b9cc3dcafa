/* test_limits.c - resource bounds on hostile input: PCRE2 match limits,
 * very long lines, deep markup nesting, archive bombs and huge inputs.
 *
 * Memory is measured, never time: each bounded scan runs in a forked
 * child that reports how far its peak resident size (ru_maxrss) rose
 * above what it held before the scan (the input itself already touched).
 * Under valgrind the inputs are made smaller, memory is not measured and
 * the 2 GiB cases are left out.
 * CL_TEST_HUGE=1 adds the 2 GiB scans (slow; docs/security.md). */
#include "internal.h"
#include "testutil.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#define MIB ((size_t)1 << 20)

static int quick(void) { return RUNNING_ON_VALGRIND != 0; }

/* A memory bound in KiB, loosened under ASan: its quarantine keeps freed
 * buffers (every step of a growing buffer) resident for a while. */
static long bound_kib(long kib) {
#if defined(__SANITIZE_ADDRESS__)
  return kib * 3;
#else
  return kib;
#endif
}

/* ------------------------------------------------------------- helpers */

static const char limit_rules[] =
    "rules:\n"
    "  - id: catastrophic\n"
    "    kind: source\n"
    "    pattern: '(?<agency>(a+)+)$'\n"
    "    message: backtracking bomb\n"
    "    examples:\n"
    "      - text: \"aaa\"\n"
    "        agency: aaa\n"
    "    counterexamples:\n"
    "      - \"b\"\n"
    "  - id: plain-copyright\n"
    "    kind: copyright\n"
    "    pattern: 'Copyright (?<years>\\d{4}) (?<holder>\\w+(?: \\w+)*)'\n"
    "    triggers: [\"copyright\"]\n"
    "    message: copyright notice\n"
    "    examples:\n"
    "      - text: \"Copyright 2020 Example Press\"\n"
    "        holder: Example Press\n"
    "        years: \"2020\"\n"
    "    counterexamples:\n"
    "      - \"no notice\"\n";

static cl_rules *rules_from(const char *yaml) {
  cl_rules *r = cl_rules_new();
  if (!r)
    return NULL;
  if ((yaml ? cl_rules_load_buffer(r, "limits.yaml", yaml, strlen(yaml))
            : cl_rules_load_defaults(r)) != CL_OK ||
      cl_rules_compile(r) != CL_OK) {
    for (size_t i = 0; i < cl_rules_error_count(r); i++)
      fprintf(stderr, "%s\n", cl_rules_error(r, i));
    cl_rules_free(r);
    return NULL;
  }
  return r;
}

/* Credits of DOC whose value is VALUE. */
static size_t count_value(const cl_document *doc, const char *value) {
  size_t n = 0;
  for (size_t i = 0; i < doc->credit_count; i++)
    if (doc->credits[i].value && strcmp(doc->credits[i].value, value) == 0)
      n++;
  for (size_t i = 0; i < doc->metadata_count; i++)
    if (doc->metadata[i].value && strcmp(doc->metadata[i].value, value) == 0)
      n++;
  return n;
}

/* 1 if some report error contains NEEDLE (and names PATH, if not NULL). */
static int has_error(const cl_report *rep, const char *path,
                     const char *needle) {
  for (size_t i = 0; i < cl_report_error_count(rep); i++) {
    const cl_error *e = cl_report_error(rep, i);
    if (strstr(e->message, needle) && (!path || strstr(e->path, path) ||
                                       strstr(e->message, path)))
      return 1;
  }
  return 0;
}

static long maxrss_kib(void) {
  struct rusage ru;
  return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

/* Runs FN(UD) in a child; the child returns 0 when its checks passed and
 * writes the rise of its peak RSS (KiB) during the scan to the pipe.
 * Returns that rise, or -1 if the child failed or crashed. */
static long in_child_cpu(int (*fn)(void *ud, long *rise_kib), void *ud,
                         unsigned cpu_s);

static long in_child(int (*fn)(void *ud, long *rise_kib), void *ud) {
  return in_child_cpu(fn, ud, 0);
}

/* Time is bounded the same way, never measured: with CPU_S > 0 the child
 * may use that many CPU seconds (SIGXCPU ends it, failing the test), far
 * above what the bounded scan needs and far below what the unbounded
 * path took. */
static long in_child_cpu(int (*fn)(void *ud, long *rise_kib), void *ud,
                         unsigned cpu_s) {
  int fds[2];
  if (pipe(fds) < 0)
    return -1;
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    close(fds[0]);
    struct rlimit cpu = {cpu_s, cpu_s};
    if (cpu_s && setrlimit(RLIMIT_CPU, &cpu) < 0)
      _exit(1);
    long rise = -1;
    int rc = fn(ud, &rise);
    if (write(fds[1], &rise, sizeof rise) != (ssize_t)sizeof rise)
      rc = 1;
    _exit(rc);
  }
  close(fds[1]);
  long rise = -1;
  ssize_t got = read(fds[0], &rise, sizeof rise);
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (got != (ssize_t)sizeof rise || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    fprintf(stderr, "\nchild failed (status %d)\n", status);
    return -1;
  }
  return rise;
}

/* ------------------------------------------------------- match limits */

/* (a+)+$ against a long run of a's that ends in '!' backtracks
 * exponentially: the match limit stops it, the error names rule, file
 * and line, and the other rule still finds the credits around it. */
static void test_match_limit(void) {
  cl_rules *rules = rules_from(limit_rules);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
  size_t run = 100 * 1024;
  cl_buf doc = CL_BUF_INIT;
  CU_ASSERT(cl_buf_puts(&doc, "Copyright 2020 Example Press\n") == 0);
  CU_ASSERT(cl_buf_reserve(&doc, run + 64) == 0);
  memset(doc.ptr + doc.len, 'a', run);
  doc.len += run;
  CU_ASSERT(cl_buf_puts(&doc, "!\nCopyright 2021 Later Press\n") == 0);

  for (int no_pf = 0; no_pf < 2; no_pf++) {
    cl_options opt;
    cl_options_init(&opt);
    opt.jobs = 1;
    if (no_pf)
      opt.no_prefilter = 1; /* every rule on every line */
    cl_scanner *sc = cl_scanner_new(rules, &opt);
    cl_report *rep = cl_report_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rep);
    CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, "bomb.txt", doc.ptr, doc.len, rep),
                    CL_OK);
    CU_ASSERT(has_error(rep, NULL,
                        "rule catastrophic hit its match limit on bomb.txt:2"));
    /* Reported once per document, not once per window. */
    CU_ASSERT_EQUAL(cl_report_error_count(rep), 1);
    CU_ASSERT_EQUAL_FATAL(cl_report_document_count(rep), 1);
    const cl_document *d = cl_report_document(rep, 0);
    CU_ASSERT_EQUAL(count_value(d, "Example Press"), 1);
    CU_ASSERT_EQUAL(count_value(d, "Later Press"), 1);
    cl_report_free(rep);
    cl_scanner_free(sc);
  }
  cl_buf_free(&doc);
  cl_rules_free(rules);
}

/* A low limit stops an ordinary pattern too, with the same message
 * (the depth limit only binds the interpreter; JIT obeys the match
 * limit). */
static void test_low_limit(void) {
  static const char yaml[] =
      "rules:\n"
      "  - id: backtracker\n"
      "    kind: source\n"
      "    pattern: '(?<agency>(?:a|b|ab)+c)'\n"
      "    message: backtracking\n"
      "    examples:\n"
      "      - text: \"abc\"\n"
      "        agency: abc\n"
      "    counterexamples:\n"
      "      - \"zzz\"\n";
  cl_rules *rules = rules_from(yaml);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  opt.match_limit = 50;
  opt.depth_limit = 2;
  cl_scanner *sc = cl_scanner_new(rules, &opt);
  cl_report *rep = cl_report_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  const char text[] = "one line abc\nababababababababababababababababab x c\n";
  CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, "d.txt", text, sizeof text - 1, rep),
                  CL_OK);
  CU_ASSERT(has_error(rep, NULL, "rule backtracker hit its match limit on d.txt:2"));
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_rules_free(rules);
}

/* --------------------------------------------------------- long lines */

typedef struct {
  const cl_rules *rules;
  size_t len;       /* bytes of the one line */
} long_line;

/* One line of LEN bytes ("word word ...") holding a notice in its middle
 * and one at its end: found once each, at the right columns, with the
 * scanner's memory bounded by its window, not by the line. */
static int long_line_child(void *ud, long *rise) {
  const long_line *ll = ud;
  static const char mid[] = "Copyright 2020 Middle Press. ";
  static const char end[] = "Copyright 2021 Final Press";
  char *buf = malloc(ll->len + 1);
  if (!buf)
    return 1;
  for (size_t i = 0; i < ll->len; i++)
    buf[i] = "word "[i % 5];
  size_t mid_off = (ll->len / 2) - (ll->len / 2) % 5;
  memcpy(buf + mid_off, mid, sizeof mid - 1);
  size_t end_off = ll->len - (sizeof end - 1);
  memcpy(buf + end_off, end, sizeof end - 1);
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  cl_scanner *sc = cl_scanner_new(ll->rules, &opt);
  cl_report *rep = cl_report_new();
  if (!sc || !rep)
    return 1;
  long before = maxrss_kib();
  cl_status st = cl_scanner_scan_buffer(sc, "long.txt", buf, ll->len, rep);
  *rise = maxrss_kib() - before;
  int bad = st != CL_OK || cl_report_document_count(rep) != 1;
  if (!bad) {
    const cl_document *d = cl_report_document(rep, 0);
    size_t n_mid = 0, n_end = 0;
    for (size_t i = 0; i < d->credit_count; i++) {
      const cl_credit *c = &d->credits[i];
      if (c->value && strcmp(c->value, "Middle Press") == 0) {
        n_mid++;
        bad |= c->line != 1 || c->column != mid_off + 1;
      } else if (c->value && strcmp(c->value, "Final Press") == 0) {
        n_end++;
        bad |= c->line != 1 || c->column != end_off + 1;
      }
    }
    if (n_mid != 1 || n_end != 1) {
      fprintf(stderr, "\nlong line: %zu middle, %zu final credits\n", n_mid, n_end);
      bad = 1;
    }
  }
  cl_report_free(rep);
  cl_scanner_free(sc);
  free(buf);
  return bad;
}

static void test_long_line(void) {
  cl_rules *rules = rules_from(limit_rules);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
  long_line ll = {rules, quick() ? 1 * MIB : 50 * MIB};
  long rise = in_child(long_line_child, &ll);
  CU_ASSERT(rise >= 0);
  /* Windows of 64 KiB and 1 MiB chunks: a few MiB of text and source map,
   * whatever the line length (the sanitizers add their share). */
  if (!quick()) {
    if (rise > bound_kib(48 * 1024))
      fprintf(stderr, "\nlong line: peak RSS rose by %ld KiB\n", rise);
    CU_ASSERT(rise <= bound_kib(48 * 1024));
  }
  cl_rules_free(rules);
}

/* ------------------------------------------------------------ nesting */

/* Markup nested far deeper than any parser's stack: the scan ends, the
 * document is reported, and the notice before the nesting is not lost
 * (found as a credit or, if the reader gave up, reported as an error). */
static void test_deep_nesting(void) {
  static const struct {
    const char *name, *head, *open, *close, *tail;
  } cases[] = {
      {"deep.html", "<html><body><p>Copyright 2020 Nest Press</p>", "<div>",
       "</div>", "</body></html>\n"},
      {"deep.xml", "<?xml version=\"1.0\"?><doc><p>Copyright 2020 Nest Press</p>",
       "<a>", "</a>", "</doc>\n"},
      {"deep.json", "{\"copyrightnotice\": \"Copyright 2020 Nest Press\", \"x\": ",
       "[", "]", "}\n"},
      {"deep.md", "Copyright 2020 Nest Press\n\n", "> ", "", "text\n"},
      {"deep.txt", "Copyright 2020 Nest Press\n", "(", ")", "\n"},
  };
  cl_rules *rules = rules_from(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  cl_scanner *sc = cl_scanner_new(rules, &opt);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  size_t depth = quick() ? 2000 : 200000;
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    cl_buf doc = CL_BUF_INIT;
    int ok = cl_buf_puts(&doc, cases[k].head) == 0;
    for (size_t i = 0; ok && i < depth; i++)
      ok = cl_buf_puts(&doc, cases[k].open) == 0;
    for (size_t i = 0; ok && i < depth; i++)
      ok = cl_buf_puts(&doc, cases[k].close) == 0;
    ok = ok && cl_buf_puts(&doc, cases[k].tail) == 0;
    CU_ASSERT_FATAL(ok);
    cl_report *rep = cl_report_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(rep);
    CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, cases[k].name, doc.ptr, doc.len, rep),
                    CL_OK);
    CU_ASSERT_EQUAL(cl_report_document_count(rep), 1);
    if (cl_report_document_count(rep) == 1) {
      const cl_document *d = cl_report_document(rep, 0);
      int kept = count_value(d, "Nest Press") > 0 || cl_report_error_count(rep) > 0;
      if (!kept)
        fprintf(stderr, "\n%s: notice lost without an error\n", cases[k].name);
      CU_ASSERT(kept);
    }
    cl_report_free(rep);
    cl_buf_free(&doc);
  }
  cl_scanner_free(sc);
  cl_rules_free(rules);
}

/* ---------------------------------------------------------- checks */

/* A distinct name per I (below 14^4): consonants no name layer folds
 * (transliterations join vowels and h: "ae", "ph"), no digits (they end
 * a holder). */
static void letters_name(size_t i, char out[5]) {
  static const char consonants[] = "bcdfgjklmnrtvw";
  for (int k = 0; k < 4; k++, i /= 14)
    out[k] = consonants[i % 14];
  out[0] = (char)(out[0] - 'a' + 'A');
  out[4] = '\0';
}

typedef struct {
  cl_rules *rules;
  size_t n;
} many_credits;

/* N distinct notices, each repeated once, and N distinct syndication
 * credits in one document: every check compares each credit with the
 * first equal one, so the findings come in O(n log n) (they took O(n^3):
 * 8,000 lines, 87 s). */
static int many_credits_child(void *ud, long *rise) {
  const many_credits *mc = ud;
  cl_buf doc = CL_BUF_INIT;
  char nm[5];
  int ok = 1;
  for (int pass = 0; pass < 3 && ok; pass++)
    for (size_t i = 0; i < mc->n && ok; i++) {
      letters_name(i, nm);
      ok = (pass < 2 ? cl_buf_printf(&doc, "Copyright 2020 %s Media Ltd.\n", nm)
                     : cl_buf_printf(&doc, "Produced in association with %s "
                                           "Wire.\n", nm)) == 0;
    }
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  cl_scanner *sc = cl_scanner_new(mc->rules, &opt);
  cl_report *rep = cl_report_new();
  if (!ok || !sc || !rep)
    return 1;
  long before = maxrss_kib();
  cl_status st = cl_scanner_scan_buffer(sc, "many.txt", doc.ptr, doc.len, rep);
  *rise = maxrss_kib() - before;
  int bad = st != CL_OK || cl_report_document_count(rep) != 1;
  if (!bad) {
    const cl_document *d = cl_report_document(rep, 0);
    size_t conflicts = 0, repeats = 0, partners = 0;
    for (size_t i = 0; i < d->finding_count; i++) {
      const char *c = d->findings[i].check;
      conflicts += strcmp(c, "conflicting-copyright") == 0;
      repeats += strcmp(c, "duplicate-credit") == 0;
      partners += strcmp(c, "conflicting-syndication") == 0;
    }
    /* Every new notice conflicts with the first, repeats do not; every
     * repeat is a duplicate; every new partner conflicts with the first. */
    if (d->credit_count != 3 * mc->n || conflicts != mc->n - 1 ||
        repeats != mc->n || partners != mc->n - 1) {
      fprintf(stderr, "\nmany credits: %zu credits, %zu/%zu/%zu findings\n",
              d->credit_count, conflicts, repeats, partners);
      bad = 1;
    }
  }
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_buf_free(&doc);
  return bad;
}

static void test_many_credits(void) {
  cl_rules *rules = rules_from(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
  many_credits mc = {rules, quick() ? 500 : 20000};
  CU_ASSERT(in_child_cpu(many_credits_child, &mc, 60) >= 0);
  cl_rules_free(rules);
}

/* ------------------------------------------------------------- YAML */

/* Billion laughs: nine levels of nine aliases each, "Jane Doe" at the
 * bottom, 9^8 = 43 million authors when walked (44 s, 8.8 GB before
 * the node budget). */
static int alias_bomb(cl_buf *b) {
  int bad = cl_buf_puts(b, "---\na0: &a0 [\"Jane Doe\"]\n") < 0;
  for (int i = 1; i < 9; i++) {
    bad |= cl_buf_printf(b, "a%d: &a%d [", i, i) < 0;
    for (int k = 0; k < 9; k++)
      bad |= cl_buf_printf(b, "%s*a%d", k ? ", " : "", i - 1) < 0;
    bad |= cl_buf_puts(b, "]\n") < 0;
  }
  bad |= cl_buf_puts(b, "author: *a8\n---\n\nCopyright 2020 Laugh Press\n") < 0;
  return bad ? -1 : 0;
}

/* "key: [[[...x...]]]" nested DEPTH deep. */
static int deep_yaml(cl_buf *b, const char *head, const char *key,
                     size_t depth, const char *tail) {
  int bad = cl_buf_printf(b, "%s%s: ", head, key) < 0;
  for (size_t i = 0; i < depth; i++)
    bad |= cl_buf_putc(b, '[') < 0;
  bad |= cl_buf_puts(b, "x") < 0;
  for (size_t i = 0; i < depth; i++)
    bad |= cl_buf_putc(b, ']') < 0;
  bad |= cl_buf_puts(b, tail) < 0;
  return bad ? -1 : 0;
}

/* Scans DOC as NAME: the notice after the front matter is found, the
 * refused front matter is an error naming NEEDLE, no author came of it. */
static int scan_refused(cl_scanner *sc, const char *name, const cl_buf *doc,
                        const char *needle) {
  cl_report *rep = cl_report_new();
  if (!rep)
    return 1;
  int bad = cl_scanner_scan_buffer(sc, name, doc->ptr, doc->len, rep) != CL_OK ||
            cl_report_document_count(rep) != 1;
  if (!bad) {
    const cl_document *d = cl_report_document(rep, 0);
    size_t authors = 0;
    for (size_t i = 0; i < d->metadata_count; i++)
      authors += d->metadata[i].kind == CL_KIND_AUTHOR;
    bad = authors != 0 || count_value(d, "Laugh Press") != 1 ||
          !has_error(rep, name, needle);
    if (bad)
      fprintf(stderr, "\n%s: %zu authors, %zu errors\n", name, authors,
              cl_report_error_count(rep));
  }
  cl_report_free(rep);
  return bad;
}

/* Block mappings nested DEPTH deep ("k:" DEPTH times, each indented one
 * more) or block sequences ("- " DEPTH times): one indicator a level. */
static int nested_block(cl_buf *b, size_t depth, int seq) {
  int bad = 0;
  for (size_t i = 0; i < depth; i++)
    bad |= seq ? cl_buf_puts(b, "- ") < 0
               : cl_buf_printf(b, "%*sk:%s", (int)i, "",
                               i + 1 < depth ? "\n" : " x\n") < 0;
  return bad || (seq && cl_buf_puts(b, "x\n") < 0) ? -1 : 0;
}

/* The front matter limits at their edge: nesting up to the cap is read
 * whether or not the text holds '&' or '*' (which send it through the
 * event pass), one level more is refused. */
static void test_yaml_depth_edge(void) {
  const cl_yaml_limits lim = CL_YAML_FRONT_MATTER_LIMITS;
  static const struct {
    size_t depth;
    int seq;
    const char *tail;
    int refused;
  } cases[] = {
      {32, 0, "", 0}, {33, 0, "", 1}, {32, 1, "", 0}, {33, 1, "", 1},
      {32, 0, "t: Q&A\n", 0}, {33, 0, "t: Q&A\n", 1},
      {1, 0, "a: &x 1\nb: *x\n", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cl_buf text = CL_BUF_INIT, why = CL_BUF_INIT;
    unsigned long line = 0;
    CU_ASSERT_FATAL(nested_block(&text, cases[i].depth, cases[i].seq) == 0 &&
                    cl_buf_puts(&text, cases[i].tail) == 0);
    CU_ASSERT_EQUAL(cl_yaml_check(text.ptr, text.len, &lim, &why, &line),
                    cases[i].refused);
    if (cases[i].refused)
      CU_ASSERT(why.ptr && strstr(why.ptr, "nested deeper than 32"));
    cl_buf_free(&text);
    cl_buf_free(&why);
  }
}

static int yaml_bombs_child(void *ud, long *rise) {
  cl_rules *rules = ud;
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  cl_scanner *sc = cl_scanner_new(rules, &opt);
  cl_buf bomb = CL_BUF_INIT, deep = CL_BUF_INIT, cycle = CL_BUF_INIT,
         big = CL_BUF_INIT, cfg_text = CL_BUF_INIT, rules_text = CL_BUF_INIT;
  const char *tail = "\n---\n\nCopyright 2020 Laugh Press\n";
  int bad = !sc || alias_bomb(&bomb) < 0 ||
            deep_yaml(&deep, "---\n", "author", 30000, tail) < 0 ||
            cl_buf_printf(&cycle, "---\nauthor: &a [\"Jane Doe\", *a]%s",
                          tail) < 0 ||
            cl_buf_puts(&big, "---\ntitle: \"") < 0;
  for (size_t i = 0; !bad && i < 70 * 1024 / 8; i++)
    bad = cl_buf_puts(&big, "padding ") < 0;
  bad = bad || cl_buf_printf(&big, "\"\nauthor: Jane Doe%s", tail) < 0 ||
        deep_yaml(&cfg_text, "", "include", 200000, "\n") < 0 ||
        deep_yaml(&rules_text, "", "rules", 200000, "\n") < 0;
  if (bad)
    return 1;
  long before = maxrss_kib();
  bad |= scan_refused(sc, "bomb.md", &bomb, "aliases expand past");
  bad |= scan_refused(sc, "cycle.md", &cycle, "inside its own anchor");
  bad |= scan_refused(sc, "deep.md", &deep, "nested deeper than");
  bad |= scan_refused(sc, "big.md", &big, "front matter over");
  /* Configuration and rule files: refused with the line, not loaded. */
  cl_config *cfg = cl_config_new();
  bad |= !cfg || cl_config_load_buffer(cfg, "deep.creditline", cfg_text.ptr,
                                       cfg_text.len, NULL) != CL_FAILED ||
         !strstr(cl_config_error(cfg), "deep.creditline:1: nested deeper");
  cl_config_free(cfg);
  cl_rules *r = cl_rules_new();
  bad |= !r || cl_rules_load_buffer(r, "deep.yaml", rules_text.ptr,
                                    rules_text.len) != CL_FAILED ||
         cl_rules_error_count(r) != 1 ||
         !strstr(cl_rules_error(r, 0), "nested deeper");
  cl_rules_free(r);
  /* Each alias looks its anchor up: their number is capped too. */
  cl_buf many = CL_BUF_INIT;
  bad |= cl_buf_puts(&many, "x: &a 1\nrules: [*a") < 0;
  for (int i = 0; i < 2000; i++)
    bad |= cl_buf_puts(&many, ", *a") < 0;
  bad |= cl_buf_puts(&many, "]\n") < 0;
  r = cl_rules_new();
  bad |= !r || cl_rules_load_buffer(r, "many.yaml", many.ptr, many.len) !=
                   CL_FAILED ||
         !strstr(cl_rules_error(r, 0), "more than 1000 aliases");
  cl_rules_free(r);
  cl_buf_free(&many);
  *rise = maxrss_kib() - before;
  cl_buf_free(&bomb);
  cl_buf_free(&deep);
  cl_buf_free(&cycle);
  cl_buf_free(&big);
  cl_buf_free(&cfg_text);
  cl_buf_free(&rules_text);
  cl_scanner_free(sc);
  return bad;
}

static void test_yaml_bombs(void) {
  cl_rules *rules = rules_from(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
  long rise = in_child_cpu(yaml_bombs_child, rules, 30);
  CU_ASSERT(rise >= 0);
  if (!quick()) {
    if (rise > bound_kib(32 * 1024))
      fprintf(stderr, "\nYAML bombs: peak RSS rose by %ld KiB\n", rise);
    CU_ASSERT(rise <= bound_kib(32 * 1024));
  }
  cl_rules_free(rules);
}

/* ----------------------------------------------------------- markup */

typedef struct {
  cl_rules *rules;
  const char *name, *head, *unit, *tail, *error;
  size_t count;
} flood_case;

/* HEAD, UNIT (with %zu for its number) COUNT times, TAIL: the markup is
 * not parsed past its caps but scanned as text, the notice in HEAD is
 * still found and the cap is reported. */
static int flood_child(void *ud, long *rise) {
  const flood_case *fc = ud;
  cl_buf doc = CL_BUF_INIT;
  int bad = cl_buf_puts(&doc, fc->head) < 0;
  for (size_t i = 0; !bad && i < fc->count; i++)
    bad = cl_buf_printf(&doc, fc->unit, i) < 0;
  bad = bad || cl_buf_puts(&doc, fc->tail) < 0;
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  cl_scanner *sc = cl_scanner_new(fc->rules, &opt);
  cl_report *rep = cl_report_new();
  if (bad || !sc || !rep)
    return 1;
  long before = maxrss_kib();
  bad = cl_scanner_scan_buffer(sc, fc->name, doc.ptr, doc.len, rep) != CL_OK ||
        cl_report_document_count(rep) != 1;
  *rise = maxrss_kib() - before;
  if (!bad) {
    const cl_document *d = cl_report_document(rep, 0);
    /* No ERROR expected: parsed, nothing reported. */
    bad = count_value(d, "Flood Press") != 1 ||
          (fc->error ? !has_error(rep, fc->name, fc->error)
                     : cl_report_error_count(rep) != 0);
    if (bad)
      fprintf(stderr, "\n%s: %zu Flood Press credits, %zu errors\n", fc->name,
              count_value(d, "Flood Press"), cl_report_error_count(rep));
  }
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_buf_free(&doc);
  return bad;
}

/* Attribute floods (libxml2 compares each attribute with the element's
 * others: 100k took 16.5 s in HTML, 11.3 s in XML), element floods, and a
 * document over --max-markup-size (a tree is ~20 bytes a byte of HTML:
 * 20 MiB of it took over 400 MB). */
static void test_markup_caps(void) {
  cl_rules *rules = rules_from(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
  size_t k = quick() ? 10 : 1;
  flood_case cases[] = {
      {rules, "attrs.html", "<html><body><p>Copyright 2020 Flood Press.</p><div",
       " a%zu=\"x\"", "></div></body></html>\n",
       "more than 1000 attributes in one element", 100000 / k},
      {rules, "attrs.xml",
       "<?xml version=\"1.0\"?><doc><p>Copyright 2020 Flood Press.</p><e",
       " a%zu='x'", "/></doc>\n", "more than 1000 attributes in one element",
       100000 / k},
      {rules, "elements.html", "<html><body><p>Copyright 2020 Flood Press.</p>",
       "<b>%zu</b>", "</body></html>\n", "more than 500000 elements",
       quick() ? 0 : 600000},
      /* JavaScript compares are no tags; XML has no raw-text script. */
      {rules, "script.html",
       "<html><head><script>if (a<b && c>d) x = '<div "
       "' + [1,2].join(' ');</script></head><body><p>Copyright 2020 "
       "Flood Press.</p><script>",
       "var v%zu = a<b ? 1 : 2; ", "</script></body></html>\n",
       NULL, 3000 / k},
      {rules, "script.xml",
       "<?xml version=\"1.0\"?><doc><p>Copyright 2020 Flood Press.</p>"
       "<script><e",
       " a%zu='x'", "/></script></doc>\n",
       "more than 1000 attributes in one element", 100000 / k},
      {rules, "big.html", "<html><body><p>Copyright 2020 Flood Press.</p>",
       "<p class=\"c\">paragraph %zu of the page, some words</p>\n",
       "</body></html>\n", "larger than --max-markup-size",
       quick() ? 0 : 20 * MIB / 50}, /* must outgrow the 16 MiB default */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    if (!cases[i].count)
      continue;
    long rise = in_child_cpu(flood_child, &cases[i], 10);
    CU_ASSERT(rise >= 0);
    /* The text scan holds the document and its blanked copy, no tree. */
    if (!quick() && rise > bound_kib(96 * 1024)) {
      fprintf(stderr, "\n%s: peak RSS rose by %ld KiB\n", cases[i].name, rise);
      CU_FAIL("markup memory");
    }
  }
  cl_rules_free(rules);
}

/* ------------------------------------------------------- metadata */

/* 5,000 meta authors against 5,000 bylines: the metadata checks compare
 * names pair by pair (25 million pairs took 43 s); past their budget they
 * are not run, which the document reports. */
static int meta_flood_child(void *ud, long *rise) {
  cl_rules *rules = ud;
  cl_buf doc = CL_BUF_INIT;
  char nm[5];
  int bad = cl_buf_puts(&doc, "<html><head>") < 0;
  for (size_t i = 0; i < 5000; i++) {
    letters_name(i, nm);
    bad |= cl_buf_printf(&doc, "<meta name=\"author\" content=\"Jane %s\">",
                         nm) < 0;
  }
  bad |= cl_buf_puts(&doc, "</head><body><p>Copyright 2020 Flood Press.</p>") < 0;
  for (size_t i = 0; i < 5000; i++) {
    letters_name(i, nm);
    bad |= cl_buf_printf(&doc, "<p>By John %s</p>\n", nm) < 0;
  }
  bad |= cl_buf_puts(&doc, "</body></html>\n") < 0;
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  cl_scanner *sc = cl_scanner_new(rules, &opt);
  cl_report *rep = cl_report_new();
  if (bad || !sc || !rep)
    return 1;
  long before = maxrss_kib();
  bad = cl_scanner_scan_buffer(sc, "meta.html", doc.ptr, doc.len, rep) != CL_OK ||
        cl_report_document_count(rep) != 1 ||
        !has_error(rep, "meta.html", "metadata checks not run");
  *rise = maxrss_kib() - before;
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_buf_free(&doc);
  return bad;
}

static void test_meta_flood(void) {
  cl_rules *rules = rules_from(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
  CU_ASSERT(in_child_cpu(meta_flood_child, rules, 20) >= 0);
  cl_rules_free(rules);
}

/* ------------------------------------------------------------ globs */

/* "**" + "/a*" thirty times + "/zzz" against folders 60 deep of "a": trying
 * every split at each globstar was exponential (40 deep: 20 s, 60 deep:
 * over 120 s); the NFA over pattern segments takes microseconds. */
static int glob_child(void *ud, long *rise) {
  (void)ud;
  cl_buf pat = CL_BUF_INIT, path = CL_BUF_INIT, hit = CL_BUF_INIT;
  int bad = 0;
  for (int i = 0; i < 30; i++)
    bad |= cl_buf_puts(&pat, "**/a*/") < 0;
  bad |= cl_buf_puts(&pat, "zzz") < 0;
  for (int i = 0; i < 60; i++)
    bad |= cl_buf_puts(&path, i ? "/a" : "a") < 0;
  bad |= cl_buf_printf(&hit, "%s/zzz", path.ptr) < 0;
  cl_ignore *ig = cl_ignore_new();
  if (bad || !ig || cl_ignore_add(ig, "", pat.ptr, pat.len) < 0)
    return 1;
  long before = maxrss_kib();
  bad |= cl_glob_match(pat.ptr, path.ptr, 0) != 0;
  bad |= cl_glob_match(pat.ptr, hit.ptr, 0) != 1;
  bad |= cl_ignore_match(ig, path.ptr, 1) != 0;
  bad |= cl_ignore_match(ig, hit.ptr, 0) != 1;
  *rise = maxrss_kib() - before;
  cl_ignore_free(ig);
  cl_buf_free(&pat);
  cl_buf_free(&path);
  cl_buf_free(&hit);
  return bad;
}

static void test_glob_backtracking(void) {
  CU_ASSERT(in_child_cpu(glob_child, NULL, 10) >= 0);
}

/* ----------------------------------------------------------- archives */

/* Writes an archive (FORMAT/FILTER names for libarchive) of N entries of
 * SIZE bytes of FILL each to PATH.  0 or -1. */
static int write_archive(const char *path, int raw_gzip, size_t n, size_t size,
                         char fill) {
  int rc = -1;
  struct archive *a = archive_write_new();
  struct archive_entry *e = archive_entry_new();
  char *chunk = malloc(MIB);
  if (!a || !e || !chunk)
    goto cleanup;
  memset(chunk, fill, MIB);
  if (raw_gzip) {
    if (archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
        archive_write_set_format_raw(a) != ARCHIVE_OK)
      goto cleanup;
  } else if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK) {
    goto cleanup;
  }
  if (archive_write_open_filename(a, path) != ARCHIVE_OK)
    goto cleanup;
  for (size_t i = 0; i < n; i++) {
    char name[32];
    snprintf(name, sizeof name, "entry%04zu.txt", i);
    archive_entry_clear(e);
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)size);
    if (archive_write_header(a, e) != ARCHIVE_OK)
      goto cleanup;
    for (size_t left = size; left > 0;) {
      size_t k = left < MIB ? left : MIB;
      if (archive_write_data(a, chunk, k) != (la_ssize_t)k)
        goto cleanup;
      left -= k;
    }
  }
  if (archive_write_close(a) != ARCHIVE_OK)
    goto cleanup;
  rc = 0;
cleanup:
  if (a)
    archive_write_free(a);
  if (e)
    archive_entry_free(e);
  free(chunk);
  return rc;
}

typedef struct {
  const cl_rules *rules;
  const char *path;
  const cl_options *opt;
  const char *want_error;
  size_t max_docs;
} archive_case;

static int archive_child(void *ud, long *rise) {
  const archive_case *ac = ud;
  cl_scanner *sc = cl_scanner_new(ac->rules, ac->opt);
  cl_report *rep = cl_report_new();
  if (!sc || !rep)
    return 1;
  long before = maxrss_kib();
  cl_status st = cl_scanner_scan_path(sc, ac->path, rep);
  *rise = maxrss_kib() - before;
  int bad = st != CL_WARN || !has_error(rep, ac->path, ac->want_error) ||
            cl_report_document_count(rep) > ac->max_docs;
  if (bad) {
    fprintf(stderr, "\n%s: status %d, %zu documents, errors:\n", ac->path,
            (int)st, cl_report_document_count(rep));
    for (size_t i = 0; i < cl_report_error_count(rep); i++)
      fprintf(stderr, "  %s: %s\n", cl_report_error(rep, i)->path,
              cl_report_error(rep, i)->message);
  }
  cl_report_free(rep);
  cl_scanner_free(sc);
  return bad;
}

/* A gzip bomb (ratio ~1000) and a tar of too many entries, scanned from
 * disk through the scanner: cut short with an error naming the archive,
 * memory bounded by one entry buffer, not by what the bomb expands to. */
static void test_archive_bombs(void) {
  char dir[] = "/tmp/cl-limits-XXXXXX";
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
  char bomb[64], many[64];
  snprintf(bomb, sizeof bomb, "%s/bomb.gz", dir);
  snprintf(many, sizeof many, "%s/many.tar", dir);
  size_t bomb_size = quick() ? 8 * MIB : 256 * MIB;
  CU_ASSERT_FATAL(write_archive(bomb, 1, 1, bomb_size, ' ') == 0);
  CU_ASSERT_FATAL(write_archive(many, 0, 40, 16, 'x') == 0);
  cl_rules *rules = rules_from(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rules);

  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  archive_case ratio = {rules, bomb, &opt, "--max-archive-ratio", 1};
  long rise = in_child(archive_child, &ratio);
  CU_ASSERT(rise >= 0);
  /* The guard lets an entry grow to ratio x archive size before it cuts:
   * that, one entry buffer and slack, never the 256 MiB it expands to. */
  struct stat sb;
  CU_ASSERT_FATAL(stat(bomb, &sb) == 0);
  long bound = bound_kib((long)(((unsigned long long)sb.st_size *
                                 opt.max_archive_ratio) / 1024) + 32 * 1024);
  if (!quick() && rise > bound)
    fprintf(stderr, "\nbomb: peak RSS rose by %ld KiB (bound %ld)\n", rise, bound);
  if (!quick())
    CU_ASSERT(rise <= bound && bound < bound_kib(128 * 1024));

  cl_options small = opt;
  small.max_archive_ratio = 0;
  small.max_archive_bytes = 4 * MIB;
  archive_case bytes = {rules, bomb, &small, "--max-archive-bytes", 1};
  CU_ASSERT(in_child(archive_child, &bytes) >= 0);

  cl_options few = opt;
  few.max_archive_entries = 10;
  archive_case entries = {rules, many, &few, "--max-archive-entries", 10};
  CU_ASSERT(in_child(archive_child, &entries) >= 0);

  cl_rules_free(rules);
  unlink(bomb);
  unlink(many);
  rmdir(dir);
}

/* ------------------------------------------------------- huge inputs */

typedef struct {
  const cl_rules *rules;
  const char *path;   /* NULL: standard input */
  size_t max_file_size;
  const char *want_error;
} huge_case;

static int huge_child(void *ud, long *rise) {
  const huge_case *hc = ud;
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  if (hc->max_file_size)
    opt.max_file_size = hc->max_file_size;
  cl_scanner *sc = cl_scanner_new(hc->rules, &opt);
  cl_report *rep = cl_report_new();
  if (!sc || !rep)
    return 1;
  long before = maxrss_kib();
  cl_status st = cl_scanner_scan_path(sc, hc->path ? hc->path : "-", rep);
  *rise = maxrss_kib() - before;
  int bad = st == CL_FATAL;
  if (hc->want_error)
    bad |= !has_error(rep, NULL, hc->want_error);
  else
    bad |= cl_report_document_count(rep) != 1 ||
           count_value(cl_report_document(rep, 0), "Huge Press") != 2;
  if (bad)
    fprintf(stderr, "\nhuge %s: status %d, %zu documents, %zu errors\n",
            hc->path ? hc->path : "<stdin>", (int)st,
            cl_report_document_count(rep), cl_report_error_count(rep));
  cl_report_free(rep);
  cl_scanner_free(sc);
  return bad;
}

/* A sparse file of SIZE bytes: 64 KiB of text lines (so it is not taken
 * for binary), a hole (one line of NULs, scanned in windows), a line at
 * the end. */
static int make_sparse(const char *path, unsigned long long size,
                       const char *prefix) {
  static const char tail[] = "\nCopyright 2021 Huge Press\n";
  char head[64 * 1024];
  for (size_t i = 0; i < sizeof head; i++)
    head[i] = (i % 64 == 63) ? '\n' : "text "[i % 5];
  memcpy(head, prefix, strlen(prefix));
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    return -1;
  int rc = -1;
  if (write(fd, head, sizeof head) == (ssize_t)sizeof head &&
      ftruncate(fd, (off_t)(size - (sizeof tail - 1))) == 0 &&
      lseek(fd, 0, SEEK_END) >= 0 &&
      write(fd, tail, sizeof tail - 1) == (ssize_t)(sizeof tail - 1))
    rc = 0;
  close(fd);
  return rc;
}

/* Feeds standard input of a child from a writer process: SIZE bytes of
 * text lines.  The scanner stops reading at --max-file-size. */
static int stdin_child(void *ud, long *rise) {
  int fds[2];
  if (pipe(fds) < 0)
    return 1;
  pid_t w = fork();
  if (w < 0)
    return 1;
  if (w == 0) {
    close(fds[0]);
    signal(SIGPIPE, SIG_DFL);
    char line[4096];
    for (size_t i = 0; i < sizeof line; i++)
      line[i] = (i % 64 == 63) ? '\n' : "text "[i % 5];
    for (unsigned long long left = 2ULL << 30; left > 0; left -= sizeof line)
      if (write(fds[1], line, sizeof line) < 0)
        _exit(0);
    _exit(0);
  }
  close(fds[1]);
  if (dup2(fds[0], STDIN_FILENO) < 0)
    return 1;
  close(fds[0]);
  int rc = huge_child(ud, rise);
  close(STDIN_FILENO);
  kill(w, SIGTERM);
  waitpid(w, NULL, 0);
  return rc;
}

/* 2 GiB inputs with the default --max-file-size: a markup file (read
 * whole by its parser) is refused unread, a pipe is read only up to the
 * limit.  Neither costs memory beyond the limit.  (Plain text that is
 * mapped is not limited: it is streamed, see test_huge_scan.) */
static void test_huge_default_limits(void) {
  /* Under valgrind there is no memory to measure, and its address space
   * does not take a 2 GiB map: nothing to learn here. */
  if (quick())
    return;
  cl_rules *rules = rules_from(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
  char path[] = "/tmp/cl-huge-XXXXXX.html";
  int fd = mkstemps(path, 5);
  CU_ASSERT_FATAL(fd >= 0);
  close(fd);
  CU_ASSERT_FATAL(make_sparse(path, 2ULL << 30, "<!DOCTYPE html><html><body><p>") == 0);
  huge_case file = {rules, path, 0, "--max-file-size"};
  long rise = in_child(huge_child, &file);
  CU_ASSERT(rise >= 0);
  if (!quick())
    CU_ASSERT(rise <= bound_kib(32 * 1024));
  unlink(path);

  /* A pipe is held once, up to the limit: never a buffer of twice it. */
  huge_case pipe_in = {rules, NULL, 16 * MIB, "--max-file-size"};
  rise = in_child(stdin_child, &pipe_in);
  CU_ASSERT(rise >= 0);
  if (!quick())
    CU_ASSERT(rise <= bound_kib(24 * 1024));
  cl_rules_free(rules);
}

/* Opt-in (CL_TEST_HUGE=1): a 2 GiB plain-text file scanned whole, with
 * the default limits.  The file is mapped, so its pages count in RSS as
 * they are read; what must stay bounded is everything else, i.e.
 * anonymous memory (RssAnon). */
static long rss_anon_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long v = -1;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "RssAnon: %ld kB", &v) == 1)
      break;
  if (f)
    fclose(f);
  return v;
}

typedef struct {
  int done;
  long peak;
} sampler;

static void *sample_main(void *arg) {
  sampler *s = arg;
  while (!__atomic_load_n(&s->done, __ATOMIC_SEQ_CST)) {
    long v = rss_anon_kib();
    if (v > s->peak)
      s->peak = v;
    usleep(2000);
  }
  return NULL;
}

static int huge_scan_child(void *ud, long *rise) {
  const huge_case *hc = ud;
  sampler s = {0, rss_anon_kib()};
  long before = s.peak;
  pthread_t tid;
  if (before < 0 || pthread_create(&tid, NULL, sample_main, &s) != 0)
    return 1;
  long ignored;
  int rc = huge_child(ud, &ignored);
  __atomic_store_n(&s.done, 1, __ATOMIC_SEQ_CST);
  pthread_join(tid, NULL);
  (void)hc;
  *rise = s.peak - before;
  return rc;
}

static void test_huge_scan(void) {
  const char *env = getenv("CL_TEST_HUGE");
  if (!env || strcmp(env, "1") != 0 || quick())
    return;
  cl_rules *rules = rules_from(NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(rules);
  char path[] = "/tmp/cl-huge-XXXXXX";
  int fd = mkstemp(path);
  CU_ASSERT_FATAL(fd >= 0);
  close(fd);
  CU_ASSERT_FATAL(make_sparse(path, 2ULL << 30, "Copyright 2020 Huge Press\n") == 0);
  huge_case hc = {rules, path, 0, NULL};
  long rise = in_child(huge_scan_child, &hc);
  if (rise > bound_kib(64 * 1024))
    fprintf(stderr, "\nhuge scan: anonymous memory rose by %ld KiB\n", rise);
  CU_ASSERT(rise >= 0 && rise <= bound_kib(64 * 1024));
  unlink(path);
  cl_rules_free(rules);
}

static const cl_test_case cases[] = {
    {"match limit: (a+)+$ on 100 KB of a's", test_match_limit},
    {"a low match limit binds ordinary patterns", test_low_limit},
    {"50 MB line: windows, columns, bounded memory", test_long_line},
    {"deep HTML/XML/JSON/Markdown nesting", test_deep_nesting},
    {"60,000 credits in one document: checks in O(n log n)", test_many_credits},
    {"YAML alias bombs, cycles, depth and size: front matter, config, rules",
     test_yaml_bombs},
    {"YAML nesting at the front matter cap", test_yaml_depth_edge},
    {"ignore globs with 30 globstars on a 60-deep path", test_glob_backtracking},
    {"markup caps: attribute and element floods, --max-markup-size",
     test_markup_caps},
    {"5,000 meta authors against 5,000 bylines", test_meta_flood},
    {"archive bombs through the scanner", test_archive_bombs},
    {"2 GiB inputs with default limits", test_huge_default_limits},
    {"2 GiB file scanned whole (CL_TEST_HUGE=1)", test_huge_scan},
    {NULL, NULL}};

CL_TEST_MAIN("limits", cases)
