/* main.c - the creditline command line.  Uses only the public header.
 *
 * Exit codes: 0 no error-level finding, 1 error-level findings, 2 usage or
 * rule-file problems, 3 some input could not be read (wins over 1),
 * 4 internal failure (out of memory, output not written). */
#include "creditline.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
  EXIT_CLEAN = 0,
  EXIT_FINDINGS = 1,
  EXIT_USAGE = 2,
  EXIT_UNREADABLE = 3,
  EXIT_INTERNAL = 4
};

static const char usage_text[] =
    "Usage: creditline scan [OPTIONS] [PATH...]\n"
    "       creditline rules test [DIR]\n"
    "       creditline rules list [DIR]\n"
    "       creditline --help | --version\n"
    "\n"
    "Finds credit lines (copyright, syndication, editor, author, source,\n"
    "licence) in articles and reports what is missing or conflicting.\n"
    "PATH is a file, a folder (walked recursively) or - for standard input;\n"
    "without PATH the current folder is scanned.\n"
    "\n"
    "Scan options:\n"
    "  --rules DIR            load the rules of DIR (or one rule file) instead\n"
    "                         of the built-in rules; may be repeated\n"
    "  --format FORMAT        text (default) or json\n"
    "  --output FILE          write the report to FILE (replaced only once the\n"
    "                         report is complete)\n"
    "  -q, --quiet            text: no summary line\n"
    "  -v, --verbose          text: also list every credit and skipped file\n"
    "  --color[=WHEN]         auto (default), always or never; auto colours a\n"
    "                         terminal unless NO_COLOR is set\n"
    "  --max-file-size N      skip larger files (suffixes K, M, G)\n"
    "  --jobs N               worker threads (0: one per core)\n"
    "  --include-hidden       also scan dot-files and dot-folders\n"
    "  --follow               follow symbolic links\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 no error-level finding, 1 error-level findings,\n"
    "2 usage or rule-file problem, 3 some input could not be read,\n"
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

/* Flushes and closes stdout; a write that failed anywhere (ENOSPC, EPIPE)
 * turns a success into exit 4, so a cut-short report never passes. */
static int finish_stdout(int rc) {
  int failed = ferror(stdout);
  int err = errno;
  if (fflush(stdout) != 0) {
    failed = 1;
    err = errno;
  }
  if (fclose(stdout) != 0 && !failed) {
    failed = 1;
    err = errno;
  }
  if (failed) {
    fprintf(stderr, "creditline: error writing output: %s\n",
            strerror(err ? err : EIO));
    return EXIT_INTERNAL;
  }
  return rc;
}

/* "1024", "64K", "10M", "1G" -> bytes.  -1 if not a size. */
static int parse_size(const char *s, size_t *out) {
  char *end;
  if (!*s || *s == '-')
    return -1;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s)
    return -1;
  unsigned shift = 0;
  if (*end) {
    switch (*end) {
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    default: return -1;
    }
    if (end[1] && !((end[1] == 'b' || end[1] == 'B') && !end[2]))
      return -1;
  }
  if (v > (SIZE_MAX >> shift))
    return -1;
  *out = (size_t)(v << shift);
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

static void print_rules_errors(const cl_rules *rules) {
  for (size_t i = 0; i < cl_rules_error_count(rules); i++)
    fprintf(stderr, "%s\n", cl_rules_error(rules, i));
}

/* Loads the rules (DIRS, or the built-in ones when NDIRS is 0) and
 * compiles them.  Returns 0, or the exit code after printing why. */
static int rules_prepare(cl_rules *rules, char **dirs, size_t ndirs) {
  cl_status st = CL_OK;
  if (ndirs == 0)
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

/* The report goes to FILE.tmp beside FILE, which is renamed over FILE only
 * once everything was written and closed. */
static int write_report_file(const cl_report *rep, cl_format fmt,
                             cl_render_options *ropt, const char *path,
                             int color_mode) {
  int rc = EXIT_INTERNAL;
  char *tmp = NULL;
  FILE *f = NULL;
  size_t n = strlen(path);
  tmp = malloc(n + 5);
  if (!tmp) {
    fputs("creditline: out of memory\n", stderr);
    goto cleanup;
  }
  memcpy(tmp, path, n);
  memcpy(tmp + n, ".tmp", 5);
  f = fopen(tmp, "w");
  if (!f) {
    fprintf(stderr, "creditline: error writing output: %s: %s\n", tmp,
            strerror(errno));
    goto cleanup;
  }
  ropt->color = color_mode == 1;
  errno = 0;
  cl_status st = cl_report_render(rep, fmt, f, ropt);
  int err = errno;
  if (st == CL_OK && fflush(f) != 0) {
    st = CL_FAILED;
    err = errno;
  }
  if (st == CL_OK && ferror(f))
    st = CL_FAILED;
  int closed = fclose(f);
  f = NULL;
  if (st == CL_OK && closed != 0) {
    st = CL_FAILED;
    err = errno;
  }
  if (st == CL_OK && rename(tmp, path) != 0) {
    st = CL_FAILED;
    err = errno;
  }
  if (st != CL_OK) {
    fprintf(stderr, "creditline: error writing output: %s: %s\n", path,
            st == CL_FATAL ? "out of memory" : strerror(err ? err : EIO));
    remove(tmp);
    goto cleanup;
  }
  rc = 0;

cleanup:
  if (f) {
    fclose(f);
    remove(tmp);
  }
  free(tmp);
  return rc;
}

enum {
  OPT_RULES = 256,
  OPT_FORMAT,
  OPT_OUTPUT,
  OPT_COLOR,
  OPT_MAX_FILE_SIZE,
  OPT_JOBS,
  OPT_INCLUDE_HIDDEN,
  OPT_FOLLOW
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
    {"follow", no_argument, NULL, OPT_FOLLOW},
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

static int cmd_scan(int argc, char **argv) {
  int rc = EXIT_INTERNAL;
  char **rule_dirs = NULL;
  size_t nrule_dirs = 0;
  cl_rules *rules = NULL;
  cl_scanner *sc = NULL;
  cl_report *rep = NULL;
  const char *output = NULL;
  int fmt = CL_FORMAT_TEXT;
  int color_mode = -1; /* -1 auto, 0 never, 1 always */
  cl_render_options ropt = {0, 0, 0};
  cl_options opt;
  cl_options_init(&opt);

  rule_dirs = calloc((size_t)argc + 1, sizeof *rule_dirs);
  if (!rule_dirs) {
    fputs("creditline: out of memory\n", stderr);
    goto cleanup;
  }
  opterr = 0;
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, ":qvh", scan_options, NULL)) != -1) {
    switch (c) {
    case OPT_RULES:
      rule_dirs[nrule_dirs++] = optarg;
      break;
    case OPT_FORMAT:
      fmt = cl_format_parse(optarg);
      if (fmt < 0) {
        rc = usage_error("unknown format '%s' (text or json)", optarg);
        goto cleanup;
      }
      break;
    case OPT_OUTPUT:
      output = optarg;
      break;
    case 'q':
      ropt.quiet = 1;
      break;
    case 'v':
      ropt.verbose = 1;
      break;
    case OPT_COLOR:
      if (!optarg || strcmp(optarg, "always") == 0)
        color_mode = 1;
      else if (strcmp(optarg, "never") == 0)
        color_mode = 0;
      else if (strcmp(optarg, "auto") == 0)
        color_mode = -1;
      else {
        rc = usage_error("--color takes auto, always or never, not '%s'",
                         optarg);
        goto cleanup;
      }
      break;
    case OPT_MAX_FILE_SIZE:
      if (parse_size(optarg, &opt.max_file_size) < 0) {
        rc = usage_error("invalid size '%s' (e.g. 1048576, 512K, 10M)",
                         optarg);
        goto cleanup;
      }
      break;
    case OPT_JOBS:
      if (parse_int(optarg, &opt.jobs) < 0) {
        rc = usage_error("invalid number of jobs '%s'", optarg);
        goto cleanup;
      }
      break;
    case OPT_INCLUDE_HIDDEN:
      opt.include_hidden = 1;
      break;
    case OPT_FOLLOW:
      opt.follow_symlinks = 1;
      break;
    case 'h':
      fputs(usage_text, stdout);
      rc = finish_stdout(EXIT_CLEAN);
      goto cleanup;
    default:
      rc = getopt_complaint(c, argv);
      goto cleanup;
    }
  }

  rules = cl_rules_new();
  if (!rules) {
    fputs("creditline: out of memory\n", stderr);
    goto cleanup;
  }
  int prc = rules_prepare(rules, rule_dirs, nrule_dirs);
  if (prc) {
    rc = prc;
    goto cleanup;
  }
  sc = cl_scanner_new(rules, &opt);
  rep = cl_report_new();
  if (!sc || !rep) {
    fputs("creditline: out of memory\n", stderr);
    goto cleanup;
  }

  int unreadable = 0;
  char *dot[] = {".", NULL};
  char **paths = optind < argc ? argv + optind : dot;
  for (; *paths; paths++) {
    cl_status st = cl_scanner_scan_path(sc, *paths, rep);
    if (st <= CL_FAILED) {
      const char *msg = cl_scanner_error(sc);
      fprintf(stderr, "creditline: %s: %s\n", *paths,
              msg && *msg ? msg : "scan failed");
      goto cleanup;
    }
    if (st == CL_WARN)
      unreadable = 1;
  }
  if (cl_report_error_count(rep) > 0)
    unreadable = 1;

  if (output) {
    if (write_report_file(rep, (cl_format)fmt, &ropt, output, color_mode))
      goto cleanup; /* rc stays EXIT_INTERNAL */
  } else {
    const char *nc = getenv("NO_COLOR");
    ropt.color = color_mode == 1 ||
                 (color_mode == -1 && isatty(STDOUT_FILENO) && !(nc && *nc));
    errno = 0;
    cl_status st = cl_report_render(rep, (cl_format)fmt, stdout, &ropt);
    if (st == CL_FATAL) {
      fputs("creditline: out of memory\n", stderr);
      goto cleanup;
    }
    /* A write error is reported by finish_stdout below. */
  }

  cl_summary sum;
  cl_report_summary(rep, &sum);
  rc = unreadable ? EXIT_UNREADABLE
                  : sum.findings[CL_SEV_ERROR] ? EXIT_FINDINGS : EXIT_CLEAN;
  if (!output)
    rc = finish_stdout(rc);

cleanup:
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_rules_free(rules);
  free(rule_dirs);
  return rc;
}

static void on_selftest_fail(const char *msg, void *ud) {
  (void)ud;
  printf("%s\n", msg);
}

/* `rules test [DIR]` and `rules list [DIR]`. */
static int cmd_rules(int argc, char **argv) {
  int rc = EXIT_INTERNAL;
  cl_rules *rules = NULL;
  if (argc < 2 || (strcmp(argv[1], "test") != 0 && strcmp(argv[1], "list") != 0))
    return usage_error("%s", "'rules' needs 'test' or 'list'");
  if (argc > 3)
    return usage_error("unexpected argument '%s'", argv[3]);
  if (argc == 3 && argv[2][0] == '-' && argv[2][1])
    return usage_error("unknown option '%s'", argv[2]);

  rules = cl_rules_new();
  if (!rules) {
    fputs("creditline: out of memory\n", stderr);
    goto cleanup;
  }
  int prc = rules_prepare(rules, argv + 2, argc == 3 ? 1 : 0);
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
    for (size_t i = 0; i < cl_rules_count(rules); i++) {
      const char *kind = cl_kind_name(cl_rules_kind(rules, i));
      printf("%-*s  %-11s  %s\n", w, cl_rules_id(rules, i),
             kind ? kind : "?", cl_rules_file(rules, i));
    }
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
    return cmd_scan(argc - 1, argv + 1);
  if (strcmp(cmd, "rules") == 0)
    return cmd_rules(argc - 1, argv + 1);
  if (cmd[0] == '-')
    return usage_error("unknown option '%s'", cmd);
  return usage_error("unknown command '%s'", cmd);
}
