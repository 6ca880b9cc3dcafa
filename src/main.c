/* main.c - the creditline command line.  Uses only the public header.
 *
 * Exit codes: 0 no finding at the --fail-on level (default error), 1 such
 * findings, 2 usage, config or rule-file problems, 3 some input could not be read (wins over 1),
 * 4 internal failure (out of memory, output not written). */
#include "creditline.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;


static const char usage_text[] =
    "Usage: creditline scan [OPTIONS] [PATH...]\n"
    "       creditline baseline write FILE [OPTIONS] [PATH...]\n"
    "       creditline init [DIR]\n"
    "       creditline rules check|test|list [DIR]\n"
    "       creditline explain [CHECK-ID]\n"
    "       creditline serve [--port N] [--policy DIR]...\n"
    "       creditline --help | --version\n"
    "\n"
    "Finds credit lines (copyright, syndication, editor, author, source,\n"
    "licence, image) in articles and reports what is missing or conflicting.\n"
    "PATH is a file, a folder (walked recursively) or - for standard input;\n"
    "without PATH the current folder is scanned.  Settings are read from\n"
    "the first .creditline file in the scanned folder or its parents.\n"
    "\n"
    "Scan options:\n"
    "  --rules DIR            load the rules of DIR (or one rule file) instead\n"
    "                         of the built-in rules; may be repeated\n"
    "  --policy DIR           add the licensing policy of DIR (or one policy\n"
    "                         file); may be repeated (docs/policy.md)\n"
    "  --as-of DATE           the day that stands for today in licence\n"
    "                         windows (YYYY-MM-DD, YYYY-MM or YYYY)\n"
    "  --format FORMAT        text (default), json, jsonl, sarif, github,\n"
    "                         junit, rdjsonl, gitlab, csv (credits),\n"
    "                         csv-findings or html (the audit report);\n"
    "                         may be repeated\n"
    "  --output FILE          write the report of the last --format to FILE\n"
    "                         (replaced only once the report is complete;\n"
    "                         '-' is standard output)\n"
    "  --fail-on LEVEL        exit 1 on findings of LEVEL or worse: error\n"
    "                         (default), warning, info or never\n"
    "  --baseline FILE        report only findings not in FILE\n"
    "  --select CHECK         report only these checks (ids, comma lists or\n"
    "                         repeated; 'creditline explain' lists them)\n"
    "  --ignore CHECK         do not report these checks (same form)\n"
    "  --require NAME         switch a requirement on for every document:\n"
    "                         copyright-notice, article-notice, partner-credit,\n"
    "                         editor-credit, visible-credit or all\n"
    "                         (docs/checks.md)\n"
    "  --statistics           print findings counted by check instead of the\n"
    "                         report on standard output\n"
    "  --config FILE          read settings from FILE, not .creditline\n"
    "  --no-config            read no .creditline\n"
    "  --include GLOB         scan only files matching GLOB; may be repeated\n"
    "  --exclude GLOB         skip files and folders matching GLOB\n"
    "  --files-from FILE      scan the paths listed in FILE (- for standard\n"
    "                         input), one a line or NUL-separated\n"
    "  --changed-since REV    scan the files changed since REV (git)\n"
    "  --no-ignore            do not read .gitignore and .creditlineignore\n"
    "  --force-exclude        PATH arguments that are files pass --exclude,\n"
    "                         the config's include/exclude and ignore files\n"
    "                         too (for pre-commit, which names staged files)\n"
    "  --allow-empty          finding no document to scan is no error\n"
    "  --whole-site           walk a Hugo, Jekyll, Eleventy or MkDocs site\n"
    "                         whole, not only its content (also implied by\n"
    "                         --include or the config's include)\n"
    "  --stdin-filename PATH  standard input (-) stands for PATH: its format,\n"
    "                         config and severities are those of PATH\n"
    "  -q, --quiet            text: no summary line\n"
    "  -v, --verbose          text: also list every credit and skipped file\n"
    "  --color[=WHEN]         auto (default), always or never; auto colours a\n"
    "                         terminal unless NO_COLOR is set\n"
    "  --no-progress          no progress line on a terminal's stderr\n"
    "  --max-file-size N      skip larger files (suffixes K, M, G)\n"
    "  --jobs N               worker threads (0: one per core)\n"
    "  --hidden, --include-hidden\n"
    "                         also scan dot-files and dot-folders\n"
    "  --follow               follow symbolic links\n"
    "\n"
    "Limits (docs/security.md); sizes take K, M, G:\n"
    "  --max-line-length N    longer lines are scanned in overlapping windows\n"
    "                         (default 64K)\n"
    "  --max-markup-size N    larger HTML/XML is scanned as plain text, not\n"
    "                         parsed (default 16M)\n"
    "  --max-depth N          nested archives opened (default 5)\n"
    "  --max-archive-bytes N  bytes expanded per input archive, nested ones\n"
    "                         included (default 4G)\n"
    "  --max-archive-ratio N  expanded/compressed ratio, against the outermost\n"
    "                         archive (default 200)\n"
    "  --max-archive-entries N entries per input archive, nested ones\n"
    "                         included (default 1000000)\n"
    "  --match-limit N        PCRE2 match limit per rule and line\n"
    "                         (default 1000000)\n"
    "  --no-prefilter         run every rule on every line (slower; for\n"
    "                         checking that the trigger prefilter is exact)\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 no finding at the --fail-on level, 1 such findings,\n"
    "2 usage, config or rule-file problem, 3 some input could not be read,\n"
    "4 internal error or the output could not be written.\n";

static const char usage_hint[] =
    "Try 'creditline --help' for more information.\n";

/* A usage error: message, hint, exit 2. */
static int usage_error(const char *fmt, const char *arg) {
  fputs("creditline: ", stderr);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  fputs(usage_hint, stderr);
  return EXIT_USAGE;
}

/* 1 when standard output is a pipe or socket whose reader has gone
 * (`creditline scan | head -1`): the reader chose to stop reading. */
static int stdout_reader_gone(void) {
  struct stat sb;
  if (fstat(STDOUT_FILENO, &sb) != 0 ||
      !(S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode)))
    return 0;
  struct pollfd p = {STDOUT_FILENO, POLLOUT, 0};
  return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

/* Flushes and closes stdout; a write that failed anywhere (ENOSPC, EIO)
 * turns a success into exit 4, so a cut-short report never passes.  A
 * reader that closed the pipe (head, less quit early) is no failure: exit
 * 0 quietly, as grep and rg do. */
static int finish_stdout(int rc) {
  int failed = ferror(stdout);
  int err = errno;
  if (fflush(stdout) != 0) {
    failed = 1;
    err = errno;
  }
  int gone = failed && stdout_reader_gone();
  if (fclose(stdout) != 0 && !failed) {
    failed = 1;
    err = errno;
  }
  if (failed && (gone || err == EPIPE))
    return EXIT_CLEAN;
  if (failed) {
    fprintf(stderr, "creditline: error writing output: %s\n",
            strerror(err ? err : EIO));
    return EXIT_INTERNAL;
  }
  return rc;
}

/* A size option -> bytes; -1 if not a size or too big for this machine. */
static int parse_size(const char *s, size_t *out) {
  unsigned long long v;
  if (cl_size_parse(s, &v) < 0 || v > SIZE_MAX)
    return -1;
  *out = (size_t)v;
  return 0;
}

static int parse_int(const char *s, int *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < 0 || v > 4096)
    return -1;
  *out = (int)v;
  return 0;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD", a day that exists. */
static int date_valid(const char *s) {
  static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  size_t n = strlen(s);
  for (size_t i = 0; i < n; i++)
    if (!((i == 4 || i == 7) ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9')))
      return 0;
  if (n != 4 && n != 7 && n != 10)
    return 0;
  int y = atoi(s), m = n > 4 ? atoi(s + 5) : 1, d = n > 7 ? atoi(s + 8) : 1;
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 &&
         d <= (m == 2 && !leap ? 28 : days[m - 1]);
}

static void print_rules_errors(const cl_rules *rules) {
  for (size_t i = 0; i < cl_rules_error_count(rules); i++)
    fprintf(stderr, "%s\n", cl_rules_error(rules, i));
}

int cli_requirements_parse(const char *list, unsigned *bits) {
  char buf[256];
  *bits = 0;
  for (const char *p = list; *p;) {
    size_t len = strcspn(p, ",");
    if (len) {
      unsigned b = 0;
      if (len < sizeof buf) {
        memcpy(buf, p, len);
        buf[len] = '\0';
        b = cl_requirement_bits(buf);
      }
      if (!b)
        return -1;
      *bits |= b;
    }
    p += len + (p[len] == ',');
  }
  return 0;
}

/* Loads the rules (the built-in ones when DEFAULTS, then DIRS; with
 * DEFAULTS 2 the built-in ones only when DIRS hold no rule, i.e. are a
 * policy folder) and compiles them.  Returns 0, or the exit code after
 * printing why. */
int cli_rules_prepare(cl_rules *rules, char **dirs, size_t ndirs,
                         int defaults) {
  cl_status st = CL_OK;
  if (defaults == 1)
    st = cl_rules_load_defaults(rules);
  for (size_t i = 0; i < ndirs && st > CL_FATAL; i++) {
    struct stat sb;
    cl_status s;
    if (stat(dirs[i], &sb) == 0 && S_ISREG(sb.st_mode))
      s = cl_rules_load_file(rules, dirs[i]);
    else
      s = cl_rules_load_dir(rules, dirs[i]);
    if (s < st)
      st = s;
  }
  if (defaults == 2 && st > CL_FATAL && cl_rules_count(rules) == 0 &&
      cl_rules_error_count(rules) == 0)
    st = cl_rules_load_defaults(rules);
  if (st > CL_FATAL && cl_rules_error_count(rules) == 0)
    st = cl_rules_compile(rules);
  if (st == CL_FATAL) {
    fputs("creditline: out of memory loading rules\n", stderr);
    return EXIT_INTERNAL;
  }
  if (cl_rules_error_count(rules) > 0) {
    print_rules_errors(rules);
    return EXIT_USAGE;
  }
  if (st < CL_OK) {
    fputs("creditline: the rules could not be loaded\n", stderr);
    return EXIT_USAGE;
  }
  return 0;
}

/* ------------------------------------------------------------ outputs */

/* One requested report: a format and where it goes (NULL: stdout).  A
 * file is written to a fresh temporary beside PATH (PATH.tmp.XXXXXX,
 * created O_EXCL: a symlink planted there is never followed) and renamed
 * over PATH only once complete; a PATH that exists and is no regular file
 * (/dev/null, a FIFO) is written directly: renaming over it would
 * replace the device. */
typedef struct {
  cl_format fmt;
  const char *path;
  char *tmp;
  FILE *f;
  int direct;      /* PATH written in place, no temporary */
  cl_renderer *rd; /* the format, written as documents stream */
  int err;         /* errno of the first failed write */
} out_spec;

static FILE *out_open(out_spec *o) {
  if (!o->path) {
    o->f = stdout;
    return o->f;
  }
  struct stat sb;
  if (stat(o->path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
    o->direct = 1;
    o->f = fopen(o->path, "w");
    if (!o->f)
      fprintf(stderr, "creditline: error writing output: %s: %s\n", o->path,
              strerror(errno));
    return o->f;
  }
  size_t n = strlen(o->path);
  o->tmp = malloc(n + sizeof ".tmp.XXXXXX");
  if (!o->tmp) {
    fputs("creditline: out of memory\n", stderr);
    return NULL;
  }
  memcpy(o->tmp, o->path, n);
  memcpy(o->tmp + n, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
  /* mkstemp: O_CREAT|O_EXCL, mode 0600; the report gets the mode any new
   * file would (0666 less the umask) before it is renamed into place. */
  int fd = mkstemp(o->tmp);
  if (fd >= 0) {
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(o->f = fdopen(fd, "w"))) {
      int e = errno;
      close(fd);
      remove(o->tmp);
      errno = e;
    }
  }
  if (!o->f) {
    fprintf(stderr, "creditline: error writing output: %s: %s\n", o->path,
            strerror(errno));
    free(o->tmp);
    o->tmp = NULL;
  }
  return o->f;
}

/* Closes a file output and renames it into place, or removes it.
 * Returns 0, or -1 after printing why. */
static int out_close(out_spec *o, cl_status st) {
  int rc = 0;
  if (!o->path || !o->f)
    goto cleanup;
  int err = o->err;
  if (st == CL_OK && fflush(o->f) != 0) {
    st = CL_FAILED;
    err = errno;
  }
  if (st == CL_OK && ferror(o->f))
    st = CL_FAILED;
  int closed = fclose(o->f);
  o->f = NULL;
  if (st == CL_OK && closed != 0) {
    st = CL_FAILED;
    err = errno;
  }
  if (st == CL_OK && !o->direct && rename(o->tmp, o->path) != 0) {
    st = CL_FAILED;
    err = errno;
  }
  if (st != CL_OK) {
    fprintf(stderr, "creditline: error writing output: %s: %s\n", o->path,
            st == CL_FATAL ? "out of memory" : strerror(err ? err : EIO));
    if (!o->direct)
      remove(o->tmp);
    rc = -1;
  }
cleanup:
  if (o->path && o->f) {
    fclose(o->f);
    if (!o->direct)
      remove(o->tmp);
  }
  o->f = NULL;
  free(o->tmp);
  o->tmp = NULL;
  return rc;
}

/* -------------------------------------------------------- scan context */

typedef struct {
  cl_report *rep;
  const cl_config *cfg;
  cl_baseline *baseline;
  out_spec *outs;
  size_t nouts;
  int oom;
  int stdout_tty; /* a format streams to the terminal showing progress */
  /* progress line on a terminal's stderr */
  int progress;
  size_t docs;
  unsigned long long bytes;
  struct timespec start, last;
  int progress_shown;
  /* --statistics: findings by check index and severity. */
  size_t *stats;
} scan_ctx;

static double seconds_between(const struct timespec *a,
                              const struct timespec *b) {
  return (double)(b->tv_sec - a->tv_sec) +
         (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress_update(scan_ctx *cx, int force) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (!force && seconds_between(&cx->last, &now) < 0.1)
    return;
  cx->last = now;
  double secs = seconds_between(&cx->start, &now);
  double mb = (double)cx->bytes / 1048576.0;
  fprintf(stderr, "\r\033[Kscanning: %zu documents, %.1f MiB, %.1f MiB/s",
          cx->docs, mb, secs > 0 ? mb / secs : 0.0);
  fflush(stderr);
  cx->progress_shown = 1;
}

static void progress_clear(scan_ctx *cx) {
  if (cx->progress_shown) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
  }
}

/* The report's sink: a document, adjusted, goes to every format, then
 * the report frees it. */
static void on_stream(const cl_document *doc, void *ud) {
  scan_ctx *cx = ud;
  /* Lines on a terminal must not run into the progress line. */
  if (cx->stdout_tty && cx->progress_shown &&
      (doc->finding_count || doc->credit_count || doc->metadata_count)) {
    progress_clear(cx);
    cx->progress_shown = 0;
  }
  for (size_t k = 0; k < cx->nouts; k++) {
    out_spec *o = &cx->outs[k];
    if (!o->rd || cl_renderer_status(o->rd) != CL_OK)
      continue;
    errno = 0;
    if (cl_renderer_document(o->rd, doc) != CL_OK)
      o->err = errno;
  }
}

/* Every document as the scanner adds it: config severities, baseline,
 * then out to the formats (on_stream) and the progress line. */
static void on_document(const cl_document *doc, void *ud) {
  scan_ctx *cx = ud;
  size_t i = cl_report_document_count(cx->rep) - 1;
  cx->docs++;
  cx->bytes += doc->bytes;
  if ((cx->cfg && cl_config_adjust(cx->cfg, cx->rep, i) == CL_FATAL) ||
      (cx->baseline && cl_baseline_apply(cx->baseline, cx->rep, i) == CL_FATAL))
    cx->oom = 1;
  const cl_document *adj = cl_report_document(cx->rep, i);
  for (size_t k = 0; cx->stats && adj && k < adj->finding_count; k++)
    for (size_t c = 0; c < cl_check_count(); c++)
      if (strcmp(cl_check_at(c)->id, adj->findings[k].check) == 0)
        cx->stats[c * 4 + adj->findings[k].severity]++;
  /* (`baseline write` keeps its documents: there is nothing to flush.) */
  if (cl_report_flush(cx->rep) == CL_FATAL)
    cx->oom = 1;
  if (cx->progress)
    progress_update(cx, 0);
}

/* ------------------------------------------------------ path sources */

/* Splits BUF into paths: NUL-separated when it holds a NUL, else lines
 * (CR LF or LF).  Empty entries are dropped.  Pointers into BUF. */
static char **split_paths(char *buf, size_t len, size_t *count) {
  int nul = memchr(buf, '\0', len) != NULL;
  size_t cap = 16, n = 0;
  char **v = malloc(cap * sizeof *v);
  if (!v)
    return NULL;
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && buf[i] != (nul ? '\0' : '\n'))
      continue;
    size_t end = i;
    if (!nul && end > start && buf[end - 1] == '\r')
      end--;
    if (i < len)
      buf[i] = '\0';
    buf[end] = '\0';
    if (end > start) {
      if (n + 1 >= cap) {
        char **nv = realloc(v, (cap *= 2) * sizeof *nv);
        if (!nv) {
          free(v);
          return NULL;
        }
        v = nv;
      }
      v[n++] = buf + start;
    }
    start = i + 1;
  }
  v[n] = NULL;
  *count = n;
  return v;
}

/* A list of paths (--files-from, git's output) is read up to this size:
 * /dev/zero given as the list must not take all memory. */
#define LIST_MAX ((size_t)256 << 20)

/* Reads all of FD into *OUT (malloc'd, one spare byte for a NUL), at most
 * LIST_MAX bytes (else -1, EFBIG). */
static int read_fd(int fd, char **out, size_t *len) {
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  if (!buf)
    return -1;
  for (;;) {
    if (n > LIST_MAX) {
      free(buf);
      errno = EFBIG;
      return -1;
    }
    if (cap - n < 2) {
      char *nb = realloc(buf, cap *= 2);
      if (!nb) {
        free(buf);
        return -1;
      }
      buf = nb;
    }
    ssize_t r = read(fd, buf + n, cap - n - 1);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0) {
      free(buf);
      return -1;
    }
    if (r == 0)
      break;
    n += (size_t)r;
  }
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return 0;
}

/* 1 when the working folder is inside a git work tree (a .git file or
 * folder here or in a parent). */
static int in_git_work_tree(void) {
  char dir[4096];
  if (!getcwd(dir, sizeof dir - 8))
    return 0;
  for (;;) {
    size_t n = strlen(dir);
    struct stat sb;
    memcpy(dir + n, "/.git", 6);
    if (lstat(dir, &sb) == 0)
      return 1;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash)
      return 0;
    *(slash == dir ? slash + 1 : slash) = '\0';
    if (slash == dir && n == 1)
      return 0;
  }
}

/* `git diff --name-only -z --diff-filter=d --relative REV...`: spawned
 * with an argument vector, never through a shell, so REV is only ever a
 * revision.  Returns 0 with the output in *OUT, or the exit code after
 * printing why. */
static int git_changed_since(const char *rev, char **out, size_t *len) {
  int rc = EXIT_USAGE, pipefd[2] = {-1, -1};
  char *range = NULL;
  pid_t pid = -1;
  posix_spawn_file_actions_t fa;
  int have_fa = 0;
  if (rev[0] == '-' || !*rev) {
    fprintf(stderr, "creditline: --changed-since: '%s' is not a revision\n",
            rev);
    return EXIT_USAGE;
  }
  if (!in_git_work_tree()) {
    fputs("creditline: --changed-since needs a git work tree, and the "
          "working folder is in none\n", stderr);
    return EXIT_USAGE;
  }
  size_t n = strlen(rev);
  range = malloc(n + 4);
  if (!range || pipe(pipefd) != 0 || posix_spawn_file_actions_init(&fa) != 0) {
    fprintf(stderr, "creditline: cannot run git: %s\n", strerror(errno));
    rc = EXIT_INTERNAL;
    goto cleanup;
  }
  have_fa = 1;
  memcpy(range, rev, n);
  memcpy(range + n, "...", 4);
  char *argv[] = {"git", "diff", "--name-only", "-z", "--diff-filter=d",
                  "--relative", range, "--", NULL};
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, pipefd[0]);
  posix_spawn_file_actions_addclose(&fa, pipefd[1]);
  int err = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
  close(pipefd[1]);
  pipefd[1] = -1;
  if (err != 0) {
    fprintf(stderr, "creditline: cannot run git: %s\n", strerror(err));
    pid = -1;
    goto cleanup;
  }
  if (read_fd(pipefd[0], out, len) < 0) {
    fprintf(stderr, "creditline: reading git's output: %s\n", strerror(errno));
    rc = EXIT_INTERNAL;
    goto cleanup;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  pid = -1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "creditline: git diff against '%s' failed\n", rev);
    free(*out);
    *out = NULL;
    goto cleanup;
  }
  rc = 0;
cleanup:
  if (pid > 0)
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
      ;
  if (have_fa)
    posix_spawn_file_actions_destroy(&fa);
  if (pipefd[0] >= 0)
    close(pipefd[0]);
  if (pipefd[1] >= 0)
    close(pipefd[1]);
  free(range);
  return rc;
}

/* ---------------------------------------------------------------- scan */

enum {
  OPT_RULES = 256,
  OPT_FORMAT,
  OPT_OUTPUT,
  OPT_COLOR,
  OPT_MAX_FILE_SIZE,
  OPT_JOBS,
  OPT_INCLUDE_HIDDEN,
  OPT_FOLLOW,
  OPT_FAIL_ON,
  OPT_BASELINE,
  OPT_CONFIG,
  OPT_NO_CONFIG,
  OPT_INCLUDE,
  OPT_EXCLUDE,
  OPT_FILES_FROM,
  OPT_CHANGED_SINCE,
  OPT_NO_IGNORE,
  OPT_NO_PROGRESS,
  OPT_POLICY,
  OPT_AS_OF,
  OPT_MAX_LINE_LENGTH,
  OPT_MAX_DEPTH,
  OPT_MAX_ARCHIVE_BYTES,
  OPT_MAX_ARCHIVE_RATIO,
  OPT_MAX_ARCHIVE_ENTRIES,
  OPT_MATCH_LIMIT,
  OPT_MAX_MARKUP_SIZE,
  OPT_NO_PREFILTER,
  OPT_ALLOW_EMPTY,
  OPT_FORCE_EXCLUDE,
  OPT_STDIN_FILENAME,
  OPT_SELECT,
  OPT_IGNORE,
  OPT_REQUIRE,
  OPT_STATISTICS,
  OPT_WHOLE_SITE
};

static const struct option scan_options[] = {
    {"rules", required_argument, NULL, OPT_RULES},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, OPT_OUTPUT},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"color", optional_argument, NULL, OPT_COLOR},
    {"colour", optional_argument, NULL, OPT_COLOR},
    {"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"include-hidden", no_argument, NULL, OPT_INCLUDE_HIDDEN},
    {"hidden", no_argument, NULL, OPT_INCLUDE_HIDDEN},
    {"follow", no_argument, NULL, OPT_FOLLOW},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"no-config", no_argument, NULL, OPT_NO_CONFIG},
    {"include", required_argument, NULL, OPT_INCLUDE},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"files-from", required_argument, NULL, OPT_FILES_FROM},
    {"changed-since", required_argument, NULL, OPT_CHANGED_SINCE},
    {"no-ignore", no_argument, NULL, OPT_NO_IGNORE},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {"policy", required_argument, NULL, OPT_POLICY},
    {"as-of", required_argument, NULL, OPT_AS_OF},
    {"max-line-length", required_argument, NULL, OPT_MAX_LINE_LENGTH},
    {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
    {"max-archive-bytes", required_argument, NULL, OPT_MAX_ARCHIVE_BYTES},
    {"max-archive-ratio", required_argument, NULL, OPT_MAX_ARCHIVE_RATIO},
    {"max-archive-entries", required_argument, NULL, OPT_MAX_ARCHIVE_ENTRIES},
    {"match-limit", required_argument, NULL, OPT_MATCH_LIMIT},
    {"max-markup-size", required_argument, NULL, OPT_MAX_MARKUP_SIZE},
    {"no-prefilter", no_argument, NULL, OPT_NO_PREFILTER},
    {"allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY},
    {"force-exclude", no_argument, NULL, OPT_FORCE_EXCLUDE},
    {"stdin-filename", required_argument, NULL, OPT_STDIN_FILENAME},
    {"select", required_argument, NULL, OPT_SELECT},
    {"ignore", required_argument, NULL, OPT_IGNORE},
    {"require", required_argument, NULL, OPT_REQUIRE},
    {"statistics", no_argument, NULL, OPT_STATISTICS},
    {"whole-site", no_argument, NULL, OPT_WHOLE_SITE},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

/* The report of getopt's complaint, in our words. */
static int getopt_complaint(int c, char **argv) {
  const char *bad = argv[optind - 1];
  if (c == ':')
    return usage_error("option '%s' needs an argument", bad);
  if (optopt && optopt < 256) {
    char s[3] = {'-', (char)optopt, '\0'};
    return usage_error("unknown option '%s'", s);
  }
  return usage_error("unknown option '%s'", bad);
}

/* What the command line asked for, beyond cl_options. */
typedef struct {
  char **rule_dirs;
  size_t nrule_dirs;
  char **policy_dirs; /* --policy */
  size_t npolicy_dirs;
  const char *as_of;
  out_spec *outs;
  size_t nouts;
  const char *pending_output; /* --output before any --format */
  char **includes, **excludes;
  size_t nincludes, nexcludes;
  const char *baseline, *config, *files_from, *changed_since;
  int no_config, no_ignore, no_progress;
  int allow_empty;   /* a scan that finds no document is no error */
  int force_exclude; /* PATH arguments pass the globs and ignores too */
  const char *stdin_filename;
  int fail_on; /* -1: from the config, else error */
  int color_mode; /* -1 auto, 0 never, 1 always */
  int max_file_size_set, jobs_set, hidden_set, follow_set;
  unsigned limits_set; /* bits: 1 << (OPT_MAX_LINE_LENGTH..OPT_MAX_MARKUP_SIZE) */
  /* --select / --ignore by check index: 1 selected, 2 ignored. */
  unsigned char pick[64];
  int selecting, statistics;
  unsigned requirements; /* --require */
  cl_render_options ropt;
} scan_args;

/* Check ids of --select / --ignore ARG (a comma list) marked MARK in
 * A->pick.  0, or the exit code after saying which id is unknown. */
static int pick_checks(scan_args *a, const char *arg, unsigned char mark,
                       const char *opt) {
  char buf[256];
  const char *p = arg;
  while (*p) {
    size_t n = strcspn(p, ",");
    if (n == 0 || n >= sizeof buf) {
      p += n + (p[n] == ',');
      if (n == 0)
        continue;
      return usage_error("unknown check '%s' ('creditline explain' lists "
                         "them)",
                         arg);
    }
    memcpy(buf, p, n);
    buf[n] = '\0';
    int idx = -1;
    for (size_t i = 0; i < cl_check_count(); i++)
      if (strcmp(cl_check_at(i)->id, buf) == 0)
        idx = (int)i;
    if (idx < 0 || (size_t)idx >= sizeof a->pick) {
      char msg[320];
      snprintf(msg, sizeof msg, "%s: unknown check '%s' ('creditline "
               "explain' lists them)", opt, buf);
      return usage_error("%s", msg);
    }
    a->pick[idx] |= mark;
    p += n + (p[n] == ',');
  }
  return 0;
}

static void scan_args_free(scan_args *a) {
  free(a->rule_dirs);
  free(a->policy_dirs);
  free(a->outs);
  free(a->includes);
  free(a->excludes);
}

/* Whether two --output names are one file: the same name in one folder
 * ("r" and "./r"), or one existing regular file (links). */
static int same_output(const char *x, const char *y) {
  struct stat sx, sy;
  if (strcmp(x, y) == 0)
    return 1;
  if (stat(x, &sx) == 0 && stat(y, &sy) == 0 && S_ISREG(sx.st_mode))
    return sx.st_dev == sy.st_dev && sx.st_ino == sy.st_ino;
  const char *bx = strrchr(x, '/'), *by = strrchr(y, '/');
  bx = bx ? bx + 1 : x;
  by = by ? by + 1 : y;
  if (strcmp(bx, by) != 0)
    return 0;
  char *dx = bx > x ? strndup(x, (size_t)(bx - x)) : strdup(".");
  char *dy = by > y ? strndup(y, (size_t)(by - y)) : strdup(".");
  int same = dx && dy && stat(dx, &sx) == 0 && stat(dy, &sy) == 0 &&
             sx.st_dev == sy.st_dev && sx.st_ino == sy.st_ino;
  free(dx);
  free(dy);
  return same;
}

/* The date a report shows: now, or SOURCE_DATE_EPOCH (reproducible
 * reports, and the CLI tests), as "YYYY-MM-DD HH:MM UTC". */
static void report_date(char *buf, size_t n) {
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
  struct tm tm;
  if (!gmtime_r(&t, &tm) || !strftime(buf, n, "%Y-%m-%d %H:%M UTC", &tm))
    snprintf(buf, n, "unknown");
}

/* Parses the options of scan (and baseline write).  Returns -1 to go on,
 * else the exit code. */
static int scan_parse(int argc, char **argv, scan_args *a, cl_options *opt) {
  size_t n = (size_t)argc + 1;
  a->rule_dirs = calloc(n, sizeof *a->rule_dirs);
  a->policy_dirs = calloc(n, sizeof *a->policy_dirs);
  a->outs = calloc(n, sizeof *a->outs);
  a->includes = calloc(n, sizeof *a->includes);
  a->excludes = calloc(n, sizeof *a->excludes);
  a->fail_on = -1;
  a->color_mode = -1;
  if (!a->rule_dirs || !a->policy_dirs || !a->outs || !a->includes ||
      !a->excludes) {
    fputs("creditline: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  opterr = 0;
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, ":qvh", scan_options, NULL)) != -1) {
    switch (c) {
    case OPT_RULES:
      a->rule_dirs[a->nrule_dirs++] = optarg;
      break;
    case OPT_FORMAT: {
      int fmt = cl_format_parse(optarg);
      if (fmt < 0)
        return usage_error("unknown format '%s' (text, json, jsonl, sarif, "
                           "github, junit, rdjsonl, gitlab, csv, "
                           "csv-findings or html)",
                           optarg);
      a->outs[a->nouts].fmt = (cl_format)fmt;
      a->outs[a->nouts].path = a->pending_output;
      a->pending_output = NULL;
      a->nouts++;
      break;
    }
    case OPT_OUTPUT:
      if (!*optarg)
        return usage_error("%s", "--output needs a file name ('-' for "
                                 "standard output)");
      /* An --output belongs to the --format before it; a lone one to the
       * --format after it, or to text. */
      if (a->nouts && !a->outs[a->nouts - 1].path)
        a->outs[a->nouts - 1].path = optarg;
      else if (!a->pending_output)
        a->pending_output = optarg;
      else
        return usage_error("--output '%s' follows another --output without "
                           "a --format between them",
                           optarg);
      break;
    case 'q':
      a->ropt.quiet = 1;
      break;
    case 'v':
      a->ropt.verbose = 1;
      break;
    case OPT_COLOR:
      if (!optarg || strcmp(optarg, "always") == 0)
        a->color_mode = 1;
      else if (strcmp(optarg, "never") == 0)
        a->color_mode = 0;
      else if (strcmp(optarg, "auto") == 0)
        a->color_mode = -1;
      else
        return usage_error("--color takes auto, always or never, not '%s'",
                           optarg);
      break;
    case OPT_MAX_FILE_SIZE:
      if (parse_size(optarg, &opt->max_file_size) < 0)
        return usage_error("invalid size '%s' (e.g. 1048576, 512K, 10M)",
                           optarg);
      a->max_file_size_set = 1;
      break;
    case OPT_JOBS:
      if (parse_int(optarg, &opt->jobs) < 0)
        return usage_error("invalid number of jobs '%s'", optarg);
      a->jobs_set = 1;
      break;
    case OPT_INCLUDE_HIDDEN:
      opt->include_hidden = 1;
      a->hidden_set = 1;
      break;
    case OPT_FOLLOW:
      opt->follow_symlinks = 1;
      a->follow_set = 1;
      break;
    case OPT_MAX_LINE_LENGTH:
    case OPT_MAX_ARCHIVE_BYTES:
    case OPT_MAX_ARCHIVE_ENTRIES:
    case OPT_MAX_MARKUP_SIZE:
    case OPT_MATCH_LIMIT: {
      size_t v;
      if (parse_size(optarg, &v) < 0 || v == 0 ||
          (c == OPT_MATCH_LIMIT && v > UINT32_MAX))
        return usage_error("invalid limit '%s' (a positive number; sizes take K, M, G)", optarg);
      if (c == OPT_MAX_LINE_LENGTH && v < CL_MIN_LINE_LENGTH)
        return usage_error("--max-line-length %s is too small (at least 1K: "
                           "a window must hold a credit line)",
                           optarg);
      if (c == OPT_MAX_LINE_LENGTH)
        opt->max_line_length = v;
      else if (c == OPT_MAX_ARCHIVE_BYTES)
        opt->max_archive_bytes = v;
      else if (c == OPT_MAX_ARCHIVE_ENTRIES)
        opt->max_archive_entries = (unsigned long)v;
      else if (c == OPT_MAX_MARKUP_SIZE)
        opt->max_markup_size = v;
      else
        opt->match_limit = (unsigned)v;
      a->limits_set |= 1u << (c - OPT_MAX_LINE_LENGTH);
      break;
    }
    case OPT_MAX_DEPTH:
    case OPT_MAX_ARCHIVE_RATIO: {
      int v;
      if (parse_int(optarg, &v) < 0 || v == 0)
        return usage_error("invalid limit '%s' (a positive number; sizes take K, M, G)", optarg);
      if (c == OPT_MAX_DEPTH && v > CL_MAX_ARCHIVE_DEPTH)
        return usage_error("--max-depth %s is too large (at most 32)", optarg);
      if (c == OPT_MAX_DEPTH)
        opt->max_depth = v;
      else
        opt->max_archive_ratio = (unsigned)v;
      a->limits_set |= 1u << (c - OPT_MAX_LINE_LENGTH);
      break;
    }
    case OPT_NO_PREFILTER:
      opt->no_prefilter = 1;
      break;
    case OPT_WHOLE_SITE:
      opt->whole_site = 1;
      break;
    case OPT_ALLOW_EMPTY:
      a->allow_empty = 1;
      break;
    case OPT_FORCE_EXCLUDE:
      a->force_exclude = 1;
      break;
    case OPT_STDIN_FILENAME:
      if (!*optarg)
        return usage_error("%s", "--stdin-filename needs a path");
      a->stdin_filename = optarg;
      break;
    case OPT_SELECT:
    case OPT_IGNORE: {
      int r = pick_checks(a, optarg, c == OPT_SELECT ? 1 : 2,
                          c == OPT_SELECT ? "--select" : "--ignore");
      if (r)
        return r;
      a->selecting |= c == OPT_SELECT;
      break;
    }
    case OPT_REQUIRE: {
      unsigned bits;
      if (cli_requirements_parse(optarg, &bits) < 0)
        return usage_error("--require takes copyright-notice, "
                           "article-notice, partner-credit, editor-credit, "
                           "visible-credit or all, not '%s'",
                           optarg);
      a->requirements |= bits;
      break;
    }
    case OPT_STATISTICS:
      a->statistics = 1;
      break;
    case OPT_FAIL_ON:
      a->fail_on = cl_fail_on_parse(optarg);
      if (a->fail_on < 0)
        return usage_error("--fail-on takes error, warning, info or never, "
                           "not '%s'",
                           optarg);
      break;
    case OPT_BASELINE:
      a->baseline = optarg;
      break;
    case OPT_CONFIG:
      a->config = optarg;
      break;
    case OPT_NO_CONFIG:
      a->no_config = 1;
      break;
    case OPT_INCLUDE:
      a->includes[a->nincludes++] = optarg;
      break;
    case OPT_EXCLUDE:
      a->excludes[a->nexcludes++] = optarg;
      break;
    case OPT_FILES_FROM:
      a->files_from = optarg;
      break;
    case OPT_CHANGED_SINCE:
      a->changed_since = optarg;
      break;
    case OPT_NO_IGNORE:
      a->no_ignore = 1;
      break;
    case OPT_NO_PROGRESS:
      a->no_progress = 1;
      break;
    case OPT_POLICY:
      a->policy_dirs[a->npolicy_dirs++] = optarg;
      break;
    case OPT_AS_OF:
      if (!date_valid(optarg))
        return usage_error("invalid date '%s' for --as-of (YYYY-MM-DD, "
                           "YYYY-MM or YYYY)",
                           optarg);
      a->as_of = optarg;
      break;
    case 'h':
      fputs(usage_text, stdout);
      return finish_stdout(EXIT_CLEAN);
    default:
      return getopt_complaint(c, argv);
    }
  }
  if (a->pending_output || a->nouts == 0) {
    a->outs[a->nouts].fmt = CL_FORMAT_TEXT;
    a->outs[a->nouts].path = a->pending_output;
    a->nouts++;
  }
  size_t to_stdout = 0;
  for (size_t i = 0; i < a->nouts; i++) {
    if (a->outs[i].path && strcmp(a->outs[i].path, "-") == 0)
      a->outs[i].path = NULL;
    to_stdout += a->outs[i].path == NULL;
  }
  /* Two formats into one file would interleave, or one would replace
   * the other. */
  for (size_t i = 0; i < a->nouts; i++)
    for (size_t j = i + 1; a->outs[i].path && j < a->nouts; j++)
      if (a->outs[j].path && same_output(a->outs[i].path, a->outs[j].path))
        return usage_error("two formats cannot share --output '%s'",
                           a->outs[j].path);
  if (to_stdout > 1)
    return usage_error("%s", "only one --format can go to standard output; "
                             "give the others an --output");
  if (a->files_from && a->changed_since)
    return usage_error("%s", "--files-from and --changed-since exclude each "
                             "other");
  return -1;
}

/* --statistics: one line per check that found something, most first (as
 * ruff prints them), then the total. */
static void print_statistics(const size_t *stats) {
  size_t n = cl_check_count(), total = 0;
  size_t *order = malloc(n * sizeof *order), *count = calloc(n, sizeof *count);
  if (!order || !count) {
    free(order);
    free(count);
    fputs("creditline: out of memory\n", stderr);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    order[i] = i;
    for (int s = 0; s < 4; s++)
      count[i] += stats[i * 4 + s];
    total += count[i];
  }
  /* Insertion sort: a few dozen checks, stable by catalogue order. */
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && count[order[j]] > count[order[j - 1]]; j--) {
      size_t t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  for (size_t i = 0; i < n && count[order[i]]; i++) {
    const cl_check_info *c = cl_check_at(order[i]);
    int worst = CL_SEV_ERROR;
    while (worst > CL_SEV_INFO && !stats[order[i] * 4 + (size_t)worst])
      worst--;
    printf("%6zu  %-30s %-8s %s\n", count[order[i]], c->id,
           cl_severity_name((cl_severity)worst), c->summary);
  }
  printf("%6zu  finding%s\n", total, total == 1 ? "" : "s");
  free(order);
  free(count);
}

/* PATH (absolute) as the user would write it: relative to the working
 * folder when inside it. */
static const char *shown_path(const char *path) {
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd))
    return path;
  size_t n = strlen(cwd);
  if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/')
    return path + n + 1;
  return path;
}

/* The config: --config FILE, else the first .creditline found from START,
 * unless --no-config.  Returns 0 (with *CFG possibly NULL) or the exit
 * code after printing why. */
static int config_prepare(const scan_args *a, const char *start,
                          cl_config **cfg) {
  char *found = NULL;
  *cfg = NULL;
  if (a->no_config)
    return 0;
  const char *path = a->config;
  if (!path) {
    char *skipped = NULL;
    found = cl_config_find(start, &skipped);
    path = found;
    if (skipped)
      fprintf(stderr, "creditline: ignoring config %s\n", shown_path(skipped));
    free(skipped);
    /* Settings found by searching change what is scanned and the exit
     * code: say whose they are. */
    if (path)
      fprintf(stderr, "creditline: using %s\n", shown_path(path));
  }
  if (!path)
    return 0;
  cl_config *c = cl_config_new();
  if (!c) {
    free(found);
    fputs("creditline: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  cl_status st = cl_config_load_file(c, path);
  free(found);
  if (st != CL_OK) {
    fprintf(stderr, "creditline: %s\n",
            st == CL_FATAL ? "out of memory" : cl_config_error(c));
    cl_config_free(c);
    return st == CL_FATAL ? EXIT_INTERNAL : EXIT_USAGE;
  }
  *cfg = c;
  return 0;
}

/* 1 when a segment of PATH names a dot-file or dot-folder (not "." or
 * ".."): what a walk skips unless --hidden. */
static int path_is_hidden(const char *path) {
  for (const char *p = path; *p; p++)
    if (*p == '.' && (p == path || p[-1] == '/') && p[1] && p[1] != '/' &&
        !(p[1] == '.' && (!p[2] || p[2] == '/')))
      return 1;
  return 0;
}

/* Excludes the file PATH itself (no glob): creditline's own outputs and
 * baseline must not be scanned when they sit in the scanned folder.
 * 0 / -1 ENOMEM. */
static int exclude_file(cl_pathfilter *pf, const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  size_t n = strlen(base);
  char *dir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup(".");
  char *glob = malloc(2 * n + 2);
  int rc = -1;
  if (!dir || !glob)
    goto cleanup;
  char *g = glob;
  *g++ = '/';
  for (const char *p = base; *p; p++) {
    if (strchr("*?[]\\!# ", *p))
      *g++ = '\\';
    *g++ = *p;
  }
  *g = '\0';
  rc = cl_pathfilter_exclude(pf, dir, glob);
cleanup:
  free(dir);
  free(glob);
  return rc;
}

/* A filter for a walk rooted at ROOT: ignore files, config and command
 * line globs.  NULL after printing why. */
static cl_pathfilter *filter_make(const scan_args *a, const cl_config *cfg,
                                  const char *root) {
  cl_pathfilter *pf = cl_pathfilter_new(root, !a->no_ignore);
  int bad = !pf;
  for (size_t i = 0; cfg && !bad && i < cl_config_include_count(cfg); i++)
    bad = cl_pathfilter_include(pf, cl_config_root(cfg),
                                cl_config_include_at(cfg, i)) < 0;
  for (size_t i = 0; cfg && !bad && i < cl_config_exclude_count(cfg); i++)
    bad = cl_pathfilter_exclude(pf, cl_config_root(cfg),
                                cl_config_exclude_at(cfg, i)) < 0;
  for (size_t i = 0; !bad && i < a->nincludes; i++)
    bad = cl_pathfilter_include(pf, NULL, a->includes[i]) < 0;
  for (size_t i = 0; !bad && i < a->nexcludes; i++)
    bad = cl_pathfilter_exclude(pf, NULL, a->excludes[i]) < 0;
  for (size_t i = 0; !bad && i < a->nouts; i++) {
    if (!a->outs[i].path)
      continue;
    /* The temporary exists by now: the outputs open before the scan. */
    bad = exclude_file(pf, a->outs[i].path) < 0 ||
          (a->outs[i].tmp && exclude_file(pf, a->outs[i].tmp) < 0);
  }
  if (!bad && a->baseline)
    bad = exclude_file(pf, a->baseline) < 0;
  if (bad) {
    cl_pathfilter_free(pf);
    fputs("creditline: out of memory\n", stderr);
    return NULL;
  }
  return pf;
}

/* `scan`, and `baseline write FILE` when BASELINE_OUT is set. */
static int cmd_scan(int argc, char **argv, const char *baseline_out) {
  int rc = EXIT_INTERNAL;
  scan_args a;
  cl_config *cfg = NULL;
  cl_rules *rules = NULL;
  cl_scanner *plain = NULL;
  cl_report *rep = NULL;
  cl_baseline *bl = NULL;
  cl_pathfilter *pf = NULL;
  cl_sitememo *memo = NULL; /* folders seen by cl_path_not_content_memo */
  char *list_buf = NULL;
  char **list = NULL;
  cl_options opt, cli;
  scan_ctx cx;
  memset(&a, 0, sizeof a);
  memset(&cx, 0, sizeof cx);
  cl_options_init(&cli);

  int prc = scan_parse(argc, argv, &a, &cli);
  if (prc >= 0) {
    rc = prc;
    goto cleanup;
  }
  char *dot[] = {".", NULL};
  char **paths = optind < argc ? argv + optind : dot;
  if (baseline_out)
    a.baseline = baseline_out; /* not read: only kept out of the scan */

  const char *start = paths[0];
  if (strcmp(start, "-") == 0)
    start = a.stdin_filename ? a.stdin_filename : ".";
  prc = config_prepare(&a, start, &cfg);
  if (prc) {
    rc = prc;
    goto cleanup;
  }
  /* Defaults, then the config, then what the command line said. */
  cl_options_init(&opt);
  if (cfg)
    cl_config_apply_options(cfg, &opt);
  if (a.max_file_size_set)
    opt.max_file_size = cli.max_file_size;
  if (a.jobs_set)
    opt.jobs = cli.jobs;
  if (a.hidden_set)
    opt.include_hidden = cli.include_hidden;
  if (a.follow_set)
    opt.follow_symlinks = cli.follow_symlinks;
  if (a.limits_set & (1u << (OPT_MAX_LINE_LENGTH - OPT_MAX_LINE_LENGTH)))
    opt.max_line_length = cli.max_line_length;
  if (a.limits_set & (1u << (OPT_MAX_DEPTH - OPT_MAX_LINE_LENGTH)))
    opt.max_depth = cli.max_depth;
  if (a.limits_set & (1u << (OPT_MAX_ARCHIVE_BYTES - OPT_MAX_LINE_LENGTH)))
    opt.max_archive_bytes = cli.max_archive_bytes;
  if (a.limits_set & (1u << (OPT_MAX_ARCHIVE_RATIO - OPT_MAX_LINE_LENGTH)))
    opt.max_archive_ratio = cli.max_archive_ratio;
  if (a.limits_set & (1u << (OPT_MAX_ARCHIVE_ENTRIES - OPT_MAX_LINE_LENGTH)))
    opt.max_archive_entries = cli.max_archive_entries;
  if (a.limits_set & (1u << (OPT_MATCH_LIMIT - OPT_MAX_LINE_LENGTH)))
    opt.match_limit = cli.match_limit;
  if (a.limits_set & (1u << (OPT_MAX_MARKUP_SIZE - OPT_MAX_LINE_LENGTH)))
    opt.max_markup_size = cli.max_markup_size;
  opt.no_prefilter = cli.no_prefilter;
  opt.stdin_name = a.stdin_filename;
  /* --select keeps only the checks named, --ignore drops its checks. */
  for (size_t i = 0; i < cl_check_count() && i < sizeof a.pick; i++)
    if ((a.selecting && !(a.pick[i] & 1)) || (a.pick[i] & 2)) {
      opt.severity_override[i] = CL_SEV_OFF;
      opt.severity_overridden[i] = 1;
    }
  opt.requirements = a.requirements;
  opt.requirements_by = "--require";
  /* Include globs say themselves what is content: a site repository's
   * own notion of it (its templates skipped) would only get in the way. */
  opt.whole_site = cli.whole_site || a.nincludes ||
                   (cfg && cl_config_include_count(cfg));
  int fail_on = a.fail_on >= 0                  ? a.fail_on
                : cfg && cl_config_fail_on(cfg) >= 0 ? cl_config_fail_on(cfg)
                                                     : CL_SEV_ERROR;

  rules = cl_rules_new();
  if (!rules) {
    fputs("creditline: out of memory\n", stderr);
    goto cleanup;
  }
  {
    /* --rules, else the config's rule folders on top of the built-in
     * rules; then the policy folders of --policy and of the config. */
    size_t nr = a.nrule_dirs ? a.nrule_dirs
                             : cfg ? cl_config_rules_count(cfg) : 0;
    size_t np = cfg ? cl_config_policy_count(cfg) : 0;
    char **dirs = calloc(nr + a.npolicy_dirs + np + 1, sizeof *dirs);
    if (!dirs) {
      fputs("creditline: out of memory\n", stderr);
      goto cleanup;
    }
    for (size_t i = 0; i < nr; i++)
      dirs[i] = a.nrule_dirs ? a.rule_dirs[i]
                             : (char *)cl_config_rules_at(cfg, i);
    for (size_t i = 0; i < a.npolicy_dirs; i++)
      dirs[nr + i] = a.policy_dirs[i];
    for (size_t i = 0; i < np; i++)
      dirs[nr + a.npolicy_dirs + i] = (char *)cl_config_policy_at(cfg, i);
    prc = cli_rules_prepare(rules, dirs, nr + a.npolicy_dirs + np,
                        a.nrule_dirs == 0);
    free(dirs);
  }
  if (prc) {
    rc = prc;
    goto cleanup;
  }
  opt.policy = rules;
  opt.as_of = a.as_of;

  if (a.baseline && !baseline_out) {
    bl = cl_baseline_new();
    if (!bl) {
      fputs("creditline: out of memory\n", stderr);
      goto cleanup;
    }
    cl_status st = cl_baseline_load_file(bl, a.baseline);
    if (st != CL_OK) {
      fprintf(stderr, "creditline: --baseline %s: %s\n", a.baseline,
              st == CL_FATAL ? "out of memory" : cl_baseline_error(bl));
      rc = st == CL_FATAL ? EXIT_INTERNAL : EXIT_USAGE;
      goto cleanup;
    }
  }

  /* Listed files replace the PATH arguments. */
  if (a.files_from || a.changed_since) {
    size_t len = 0, count = 0;
    if (a.changed_since) {
      prc = git_changed_since(a.changed_since, &list_buf, &len);
      if (prc) {
        rc = prc;
        goto cleanup;
      }
    } else {
      int fd = strcmp(a.files_from, "-") == 0
                   ? STDIN_FILENO
                   : open(a.files_from, O_RDONLY | O_CLOEXEC);
      if (fd < 0 || read_fd(fd, &list_buf, &len) < 0) {
        fprintf(stderr, "creditline: --files-from %s: %s\n", a.files_from,
                errno == EFBIG ? "larger than 256 MiB" : strerror(errno));
        if (fd > STDIN_FILENO)
          close(fd);
        rc = EXIT_USAGE;
        goto cleanup;
      }
      if (fd > STDIN_FILENO)
        close(fd);
    }
    list = split_paths(list_buf, len, &count);
    if (!list) {
      fputs("creditline: out of memory\n", stderr);
      goto cleanup;
    }
    paths = list;
  }

  rep = cl_report_new();
  if (!rep) {
    fputs("creditline: out of memory\n", stderr);
    goto cleanup;
  }
  cx.rep = rep;
  cx.cfg = cfg;
  if (a.statistics) {
    cx.stats = calloc(cl_check_count() * 4, sizeof *cx.stats);
    if (!cx.stats) {
      fputs("creditline: out of memory\n", stderr);
      goto cleanup;
    }
    /* The table takes standard output's place. */
    size_t k = 0;
    for (size_t i = 0; i < a.nouts; i++)
      if (a.outs[i].path)
        a.outs[k++] = a.outs[i];
    a.nouts = k;
  }
  cx.baseline = bl;
  cx.outs = baseline_out ? NULL : a.outs;
  cx.nouts = baseline_out ? 0 : a.nouts;
  cx.progress = !a.no_progress && isatty(STDERR_FILENO);
  clock_gettime(CLOCK_MONOTONIC, &cx.start);
  cx.last = cx.start;

  /* Every format streams: opened before the scan, fed document by
   * document, the report keeping only totals; an output that cannot be
   * opened fails the run (status 4) but not the others. */
  int write_failed = 0, to_stdout = 0;
  char generated[64];
  report_date(generated, sizeof generated);
  for (size_t i = 0; i < cx.nouts; i++) {
    out_spec *o = &a.outs[i];
    cl_render_options ropt = a.ropt;
    ropt.rules = rules;
    ropt.inputs = (const char *const *)paths;
    ropt.input_count = 0;
    while (paths[ropt.input_count])
      ropt.input_count++;
    ropt.generated = generated;
    ropt.as_of = a.as_of;
    ropt.timed = !getenv("SOURCE_DATE_EPOCH");
    ropt.fail_on = fail_on == CL_SEV_OFF ? -1 : fail_on;
    if (!o->path) {
      const char *nc = getenv("NO_COLOR");
      to_stdout = 1;
      ropt.color = a.color_mode == 1 || (a.color_mode == -1 &&
                                         isatty(STDOUT_FILENO) && !(nc && *nc));
      cx.stdout_tty = cx.progress && isatty(STDOUT_FILENO);
    } else {
      ropt.color = a.color_mode == 1;
    }
    if (!out_open(o)) {
      write_failed = 1;
      continue;
    }
    errno = 0;
    o->rd = cl_renderer_new(o->fmt, o->f, &ropt);
    if (!o->rd) {
      fputs("creditline: out of memory\n", stderr);
      goto cleanup;
    }
    if (cl_renderer_status(o->rd) != CL_OK)
      o->err = errno;
  }
  if (cx.nouts && cl_report_set_sink(rep, on_stream, &cx) != CL_OK)
    goto cleanup;

  int unreadable = 0, walked = 0;
  /* Listed files (and with --force-exclude the PATH arguments) pass the
   * globs and ignore files here, one filter for them all; a folder's
   * entries pass them in its walk, with a filter and so a scanner of its
   * own.  Files and stdin share one unfiltered scanner. */
  int filtered = list || a.force_exclude;
  if (filtered && !(pf = filter_make(&a, cfg, ".")))
    goto cleanup;
  if (filtered && !(memo = cl_sitememo_new())) {
    fputs("creditline: out of memory\n", stderr);
    goto cleanup;
  }
  for (; *paths; paths++) {
    struct stat sb;
    int is_dir = strcmp(*paths, "-") != 0 && stat(*paths, &sb) == 0 &&
                 S_ISDIR(sb.st_mode);
    if (filtered && strcmp(*paths, "-") != 0 &&
        (!cl_pathfilter_accept(*paths, is_dir, pf) ||
         (!opt.whole_site && cl_path_not_content_memo(*paths, memo)) ||
         (!opt.include_hidden && path_is_hidden(*paths))))
      continue;
    walked |= is_dir;
    if (bl && strcmp(*paths, "-") != 0 &&
        cl_baseline_scanned(bl, *paths) != CL_OK) {
      fputs("creditline: out of memory\n", stderr);
      goto cleanup;
    }
    cl_pathfilter *walk_pf = NULL;
    cl_scanner *use = plain;
    if (is_dir) {
      walk_pf = filter_make(&a, cfg, *paths);
      cl_options o = opt;
      o.path_filter = cl_pathfilter_accept;
      o.path_filter_ud = walk_pf;
      use = walk_pf ? cl_scanner_new(rules, &o) : NULL;
    } else if (!plain) {
      use = plain = cl_scanner_new(rules, &opt);
    }
    if (!use) {
      cl_pathfilter_free(walk_pf);
      fputs("creditline: out of memory\n", stderr);
      goto cleanup;
    }
    cl_scanner_set_document_callback(use, on_document, &cx);
    cl_status st = cl_scanner_scan_path(use, *paths, rep);
    char msg[300];
    snprintf(msg, sizeof msg, "%s", cx.oom ? "out of memory" : cl_scanner_error(use));
    if (use != plain)
      cl_scanner_free(use);
    cl_pathfilter_free(walk_pf);
    if (st <= CL_FAILED || cx.oom) {
      progress_clear(&cx);
      fprintf(stderr, "creditline: %s: %s\n", *paths,
              *msg ? msg : "scan failed");
      goto cleanup;
    }
    if (st == CL_WARN)
      unreadable = 1;
  }
  if (cl_report_flush(rep) == CL_FATAL) {
    progress_clear(&cx);
    fputs("creditline: out of memory\n", stderr);
    goto cleanup;
  }
  if (cx.progress)
    progress_update(&cx, 1);
  progress_clear(&cx);
  if (cl_report_error_count(rep) > 0)
    unreadable = 1;
  if (bl)
    cl_report_set_baseline(rep, bl);

  if (baseline_out) {
    out_spec o = {CL_FORMAT_JSON, baseline_out, NULL, NULL, 0, NULL, 0};
    if (!out_open(&o))
      goto cleanup;
    errno = 0;
    cl_status st = cl_baseline_write(rep, o.f);
    o.err = errno;
    if (out_close(&o, st) < 0)
      goto cleanup;
    size_t n = 0;
    for (size_t i = 0; i < cl_report_document_count(rep); i++)
      n += cl_report_document(rep, i)->finding_count;
    printf("baseline: %zu finding%s written to %s\n", n, n == 1 ? "" : "s",
           baseline_out);
    rc = finish_stdout(unreadable ? EXIT_UNREADABLE : EXIT_CLEAN);
    goto cleanup;
  }

  /* What needs totals: errors, notes, bundles, summary, baseline. */
  for (size_t i = 0; i < a.nouts; i++) {
    out_spec *o = &a.outs[i];
    if (!o->rd)
      continue;
    errno = 0;
    cl_status st = cl_renderer_status(o->rd);
    if (st == CL_OK && (st = cl_renderer_end(o->rd, rep)) != CL_OK && !o->err)
      o->err = errno;
    /* A renderer that failed on standard output (its spool file could
     * not be made, say) fails the run like a file would; a write error
     * on stdout itself is reported by finish_stdout below. */
    if (st != CL_OK && !o->path) {
      write_failed = 1;
      if (st == CL_FATAL)
        fputs("creditline: out of memory\n", stderr);
      else if (!ferror(stdout))
        fprintf(stderr, "creditline: error writing the %s report: %s\n",
                cl_format_name(o->fmt), strerror(o->err ? o->err : EIO));
    }
    if (out_close(o, st) < 0)
      write_failed = 1;
  }

  if (cx.stats) {
    print_statistics(cx.stats);
    to_stdout = 1;
  }
  cl_summary sum;
  cl_report_summary(rep, &sum);
  int failing = 0;
  for (int s = fail_on; fail_on != CL_SEV_OFF && s <= CL_SEV_ERROR; s++)
    failing |= sum.findings[s] > 0;
  rc = unreadable ? EXIT_UNREADABLE : failing ? EXIT_FINDINGS : EXIT_CLEAN;
  /* A folder that yields nothing is mostly a wrong path or an ignore rule
   * that hides everything: never a silent pass.  (A list, e.g. of the
   * files a commit changed, may rightly hold no article.) */
  if (walked && !list && sum.documents == 0 && !unreadable &&
      !a.allow_empty) {
    fprintf(stderr, "creditline: no document found to scan (ignored, "
                    "excluded or not articles); --allow-empty accepts that\n");
    rc = EXIT_USAGE;
  }
  if (write_failed)
    rc = EXIT_INTERNAL;
  if (to_stdout)
    rc = finish_stdout(rc);

cleanup:
  for (size_t i = 0; a.outs && i < a.nouts; i++) {
    if (a.outs[i].f || a.outs[i].tmp)
      out_close(&a.outs[i], CL_FAILED);
    cl_renderer_free(a.outs[i].rd);
  }
  cl_pathfilter_free(pf);
  cl_sitememo_free(memo);
  cl_report_free(rep);
  cl_scanner_free(plain);
  cl_rules_free(rules);
  cl_baseline_free(bl);
  cl_config_free(cfg);
  free(cx.stats);
  free(list);
  free(list_buf);
  scan_args_free(&a);
  return rc;
}

/* `init [DIR]`: a commented starter .creditline, never over an old one. */
static int cmd_init(int argc, char **argv) {
  if (argc > 2)
    return usage_error("unexpected argument '%s'", argv[2]);
  if (argc == 2 && argv[1][0] == '-')
    return usage_error("unknown option '%s'", argv[1]);
  const char *dir = argc == 2 ? argv[1] : ".";
  size_t n = strlen(dir);
  char *path = malloc(n + sizeof CL_CONFIG_NAME + 1);
  if (!path) {
    fputs("creditline: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  snprintf(path, n + sizeof CL_CONFIG_NAME + 1, "%s/%s", dir, CL_CONFIG_NAME);
  int rc;
  if (cl_config_write_starter(path) != CL_OK) {
    if (errno == EEXIST)
      fprintf(stderr, "creditline: %s exists; not overwritten\n", path);
    else
      fprintf(stderr, "creditline: %s: %s\n", path, strerror(errno));
    rc = errno == EEXIST ? EXIT_USAGE : EXIT_INTERNAL;
  } else {
    printf("wrote %s\n", path);
    rc = finish_stdout(EXIT_CLEAN);
  }
  free(path);
  return rc;
}

/* `baseline write FILE [OPTIONS] [PATH...]`. */
static int cmd_baseline(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "write") != 0)
    return usage_error("%s", "'baseline' needs 'write FILE'");
  if (argc < 3 || argv[2][0] == '-')
    return usage_error("%s", "'baseline write' needs a FILE");
  /* The scan's own argv: "write" stands in for argv[0]. */
  const char *file = argv[2];
  argv[2] = argv[1];
  return cmd_scan(argc - 2, argv + 2, file);
}

static void on_selftest_fail(const char *msg, void *ud) {
  (void)ud;
  printf("%s\n", msg);
}

/* `rules check [DIR]`: every problem of the rule and policy files (the
 * built-in ones without DIR), compiled even when loading found problems
 * so that pattern errors show too. */
static int rules_check(const char *dir) {
  int rc = EXIT_INTERNAL;
  cl_rules *rules = cl_rules_new();
  cl_status st;
  struct stat sb;
  if (!rules) {
    fputs("creditline: out of memory\n", stderr);
    goto cleanup;
  }
  if (!dir)
    st = cl_rules_load_defaults(rules);
  else if (stat(dir, &sb) == 0 && S_ISREG(sb.st_mode))
    st = cl_rules_load_file(rules, dir);
  else
    st = cl_rules_load_dir(rules, dir);
  size_t files = cl_rules_file_count(rules);
  /* A policy folder's partners are found by the built-in rules. */
  if (st > CL_FATAL && dir && cl_rules_count(rules) == 0 &&
      cl_rules_error_count(rules) == 0)
    st = cl_rules_load_defaults(rules);
  if (st > CL_FATAL && cl_rules_compile(rules) == CL_FATAL)
    st = CL_FATAL;
  if (st == CL_FATAL) {
    fputs("creditline: out of memory checking rules\n", stderr);
    goto cleanup;
  }
  if (cl_rules_error_count(rules) > 0) {
    for (size_t i = 0; i < cl_rules_error_count(rules); i++)
      printf("%s\n", cl_rules_error(rules, i));
    rc = finish_stdout(EXIT_USAGE);
    goto cleanup;
  }
  printf("%zu file%s checked, no problems\n", files, files == 1 ? "" : "s");
  rc = finish_stdout(EXIT_CLEAN);
cleanup:
  cl_rules_free(rules);
  return rc;
}

/* `rules check|test|list [DIR]`. */
static int cmd_rules(int argc, char **argv) {
  int rc = EXIT_INTERNAL;
  cl_rules *rules = NULL;
  if (argc < 2 || (strcmp(argv[1], "test") != 0 &&
                   strcmp(argv[1], "list") != 0 &&
                   strcmp(argv[1], "check") != 0))
    return usage_error("%s", "'rules' needs 'check', 'test' or 'list'");
  if (argc > 3)
    return usage_error("unexpected argument '%s'", argv[3]);
  if (argc == 3 && argv[2][0] == '-' && argv[2][1])
    return usage_error("unknown option '%s'", argv[2]);
  if (strcmp(argv[1], "check") == 0)
    return rules_check(argc == 3 ? argv[2] : NULL);

  rules = cl_rules_new();
  if (!rules) {
    fputs("creditline: out of memory\n", stderr);
    goto cleanup;
  }
  int prc = cli_rules_prepare(rules, argv + 2, argc == 3 ? 1 : 0,
                          argc == 3 ? 2 : 1);
  if (prc) {
    rc = prc;
    goto cleanup;
  }

  if (strcmp(argv[1], "list") == 0) {
    int w = 0;
    for (size_t i = 0; i < cl_rules_count(rules); i++) {
      int len = (int)strlen(cl_rules_id(rules, i));
      w = len > w ? len : w;
    }
    for (size_t i = 0; i < cl_rules_agreement_count(rules); i++) {
      int len = (int)strlen(cl_rules_agreement_id(rules, i));
      w = len > w ? len : w;
    }
    for (size_t i = 0; i < cl_rules_count(rules); i++) {
      const char *kind = cl_kind_name(cl_rules_kind(rules, i));
      printf("%-*s  %-11s  %s\n", w, cl_rules_id(rules, i),
             kind ? kind : "?", cl_rules_file(rules, i));
    }
    for (size_t i = 0; i < cl_rules_agreement_count(rules); i++)
      printf("%-*s  %-11s  %s\n", w, cl_rules_agreement_id(rules, i),
             "agreement", cl_rules_agreement_file(rules, i));
    rc = finish_stdout(EXIT_CLEAN);
    goto cleanup;
  }

  size_t passed = 0, failed = 0;
  cl_status st =
      cl_rules_selftest(rules, on_selftest_fail, NULL, &passed, &failed);
  if (st == CL_FATAL) {
    fputs("creditline: out of memory running the rule tests\n", stderr);
    goto cleanup;
  }
  printf("%zu passed, %zu failed\n", passed, failed);
  rc = finish_stdout(st == CL_OK && failed == 0 ? EXIT_CLEAN : EXIT_FINDINGS);

cleanup:
  cl_rules_free(rules);
  return rc;
}

/* Prints the LEN bytes of TEXT wrapped at 72 columns, each line after
 * INDENT spaces. */
static void print_wrapped(const char *text, size_t len, int indent) {
  int col = 0;
  const char *end = text + len;
  for (const char *p = text; p < end;) {
    while (p < end && *p == ' ')
      p++;
    size_t n = 0;
    while (p + n < end && p[n] != ' ')
      n++;
    if (!n)
      break;
    if (col && col + 1 + (int)n > 72) {
      putchar('\n');
      col = 0;
    }
    if (!col)
      col = printf("%*s", indent, "");
    else
      col += printf(" ");
    col += printf("%.*s", (int)n, p);
    p += n;
  }
  if (col)
    putchar('\n');
}

/* `explain [CHECK-ID]`: one check from the catalogue, or the list. */
/* Which requirements the .creditline of the working folder switches on,
 * and where (REQ -1: all of them).  Nothing when there is no config. */
static void explain_requirements(int req) {
  char *path = cl_config_find(".", NULL);
  cl_config *cfg = path ? cl_config_new() : NULL;
  if (!cfg || cl_config_load_file(cfg, path) != CL_OK) {
    if (path && !req)
      printf("\nRequirements: %s does not load: %s\n", path,
             cfg ? cl_config_error(cfg) : "out of memory");
    else if (req < 0)
      printf("\nRequirements: none is on (no .creditline here).\n");
    cl_config_free(cfg);
    free(path);
    return;
  }
  /* The config as found from here: "./.creditline", "../.creditline". */
  char cwd[4096];
  const char *shown_path = path;
  size_t n = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
  if (n && strncmp(path, cwd, n) == 0 && path[n] == '/')
    shown_path = path + n + 1;
  int shown = 0;
  for (size_t i = 0; i < cl_config_require_count(cfg); i++) {
    unsigned bits;
    const char *glob = cl_config_require_glob(cfg, i, &bits);
    if (req >= 0 && !(bits & (1u << req)))
      continue;
    if (!shown++)
      printf("\nRequirements switched on by %s:\n", shown_path);
    printf("  %s:", glob);
    for (int r = 0, first = 1; r < CL_REQ__COUNT; r++)
      if (bits & (1u << r)) {
        printf("%s %s", first ? "" : ",", cl_requirement_name((cl_requirement)r));
        first = 0;
      }
    printf("\n");
  }
  if (!shown)
    printf("\nRequirements: %s switches %s on.\n", shown_path,
           req >= 0 ? "this one nowhere" : "none");
  cl_config_free(cfg);
  free(path);
}

static int cmd_explain(int argc, char **argv) {
  if (argc > 2)
    return usage_error("unexpected argument '%s'", argv[2]);
  if (argc == 1) {
    for (size_t i = 0; i < cl_check_count(); i++)
      printf("%-30s %-8s %s\n", cl_check_at(i)->id,
             cl_severity_name(cl_check_at(i)->severity),
             cl_check_at(i)->summary);
    explain_requirements(-1);
    return finish_stdout(EXIT_CLEAN);
  }
  const cl_check_info *c = cl_check_find(argv[1]);
  if (!c)
    return usage_error("unknown check '%s' ('creditline explain' lists "
                       "them)",
                       argv[1]);
  printf("%s (default severity: %s)\n%s\n\n", c->id,
         cl_severity_name(c->severity), c->summary);
  print_wrapped(c->description, strlen(c->description), 0);
  printf("\nHow to fix it:\n");
  /* The help keeps its line breaks: its examples are indented lines. */
  for (const char *p = c->help; *p;) {
    size_t n = strcspn(p, "\n");
    if (n && p[0] == ' ')
      printf("  %.*s\n", (int)n, p);
    else if (n)
      print_wrapped(p, n, 2);
    p += n + (p[n] == '\n');
  }
  int req = cl_check_requirement(c->id);
  if (req >= 0) {
    printf("\nOff unless required: requirement %s (also --require %s).\n",
           cl_requirement_name((cl_requirement)req),
           cl_requirement_name((cl_requirement)req));
    explain_requirements(req);
  }
  return finish_stdout(EXIT_CLEAN);
}

int main(int argc, char **argv) {
  /* A closed pipe must surface as EPIPE, reported, not kill us silently. */
  signal(SIGPIPE, SIG_IGN);

  if (argc < 2)
    return usage_error("%s", "missing command");
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
      strcmp(cmd, "help") == 0) {
    fputs(usage_text, stdout);
    return finish_stdout(EXIT_CLEAN);
  }
  if (strcmp(cmd, "--version") == 0) {
    printf("creditline %s\n", CL_VERSION);
    return finish_stdout(EXIT_CLEAN);
  }
  if (strcmp(cmd, "scan") == 0)
    return cmd_scan(argc - 1, argv + 1, NULL);
  if (strcmp(cmd, "baseline") == 0)
    return cmd_baseline(argc - 1, argv + 1);
  if (strcmp(cmd, "init") == 0)
    return cmd_init(argc - 1, argv + 1);
  if (strcmp(cmd, "rules") == 0)
    return cmd_rules(argc - 1, argv + 1);
  if (strcmp(cmd, "explain") == 0)
    return cmd_explain(argc - 1, argv + 1);
  if (strcmp(cmd, "serve") == 0)
    return cli_cmd_serve(argc - 1, argv + 1);
  if (cmd[0] == '-')
    return usage_error("unknown option '%s'", cmd);
  return usage_error("unknown command '%s'", cmd);
}
