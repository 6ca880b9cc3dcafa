/* cli.h - what the parts of the creditline command share.  The command is
 * a client of the library: it includes creditline.h and nothing of src/. */
#ifndef CL_CLI_H
#define CL_CLI_H

#include "creditline.h"

#include <stddef.h>

/* Exit statuses (README.md). */
enum {
  EXIT_CLEAN = 0,
  EXIT_FINDINGS = 1,
  EXIT_USAGE = 2,
  EXIT_UNREADABLE = 3,
  EXIT_INTERNAL = 4
};

/* main.c: loads the rules (the built-in ones when DEFAULTS is 1, then
 * DIRS, each a folder or a file) and compiles them.  0, or the exit status
 * after printing why. */
int cli_rules_prepare(cl_rules *rules, char **dirs, size_t ndirs,
                      int defaults);

/* main.c: a comma-separated list of requirement names ("all" for every
 * one; empty items ignored) as cl_options.requirements bits.  0, or -1
 * for an unknown name. */
int cli_requirements_parse(const char *list, unsigned *bits);

/* serve.c: `creditline serve ARGS` (ARGV[0] is "serve"); its exit status. */
int cli_cmd_serve(int argc, char **argv);

/* The page of `serve`, embedded at build time from src/cli/page/
 * (build/serve_assets.c, written by tools/embed.c); ends with a NULL name. */
typedef struct {
  const char *name; /* "index.html" */
  const char *type; /* Content-Type */
  const char *data;
  size_t len;
} cli_asset;
extern const cli_asset cli_serve_assets[];

#endif
