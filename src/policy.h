/*
 * policy.h - the licensing policy held in a rule set (docs/policy.md):
 * parties with aliases, agreements with partners, per-check severities and
 * policy examples.  Read from the same YAML files as the rules (policy.c);
 * applied to each document by checks_policy.c.  Private to the library.
 */
#ifndef CL_POLICY_H
#define CL_POLICY_H

#include "internal.h"

#include <yaml.h>

/* A date as the range of days it may stand for, each day as YYYYMMDD:
 * "2024" is 20240101..20241231, "2024-03" 20240301..20240331. */
typedef struct {
  long lo, hi;
} cl_date_range;

/* Parses "YYYY", "YYYY-MM", "YYYY-MM-DD", also the start of an ISO 8601
 * timestamp ("2024-03-05T10:00Z", "20240305T100000Z").  0, or -1 if S is
 * no such date (or a day that does not exist). */
int cl_date_parse(const char *s, cl_date_range *out);

typedef struct {
  char *name;       /* canonical name, as written */
  char *key;        /* cl_org_base_key of name */
  char **aliases;   /* as written */
  char **alias_keys;
  size_t naliases;
  char *file;
  unsigned line;
} cl_party;

/* A required credit line: a template with {partner} {holder} {year}
 * {editor}, and the kind of credit that can satisfy it. */
typedef struct {
  char *text;
  cl_kind kind;
  unsigned line;
} cl_template;

typedef struct {
  char *id;
  char *partner;         /* as written */
  int party;             /* index in parties after compile, -1 if none */
  int licensed;
  cl_template *requires;
  size_t nrequires;
  char **holders;        /* allowed holders, as written; none = any */
  size_t nholders;
  int editor_required;
  int has_from, has_until;
  cl_date_range from, until;
  char *from_text, *until_text;
  char **paths;          /* scope: path globs */
  size_t npaths;
  int scope_credited;    /* scope: a credit or metadata provider names it */
  int scope_default;     /* scope: every document */
  char *file;
  unsigned line;
} cl_agreement;

typedef struct {
  char *text;
  char *path;            /* display path given to the scanner */
  char *as_of;
  char *expect;          /* a check id, or NULL: must pass */
  char *file;
  unsigned line;
} cl_policy_example;

/* A desk's requirement set in a policy file: a path glob and the
 * requirements (1u << cl_requirement) it switches on (docs/checks.md). */
typedef struct {
  char *glob;
  unsigned bits;
  char *by;      /* "policy FILE require \"GLOB\"", for findings */
} cl_policy_require;

typedef struct cl_policy {
  cl_party *parties;
  size_t nparties, parties_cap;
  cl_agreement *agreements;
  size_t nagreements, agreements_cap;
  cl_policy_example *examples;
  size_t nexamples, examples_cap;
  /* Severities set in policy files, by check id (checked at compile). */
  char **sev_ids;
  cl_severity *sev_values;
  char **sev_files;
  unsigned *sev_lines;
  size_t nsev, sev_cap;
  /* unknown-partners: 1 report credits of parties without agreement. */
  int unknown_report;
  /* require: path glob -> requirements. */
  cl_policy_require *requires;
  size_t nrequires, requires_cap;
} cl_policy;

/* Called by the rules loader for each top-level KEY of a rule file that
 * is not `rules`.  Returns 1 when KEY is a policy key (its VALUE parsed
 * into rules->policy; each problem added with cl_rules_add_error and
 * counted in *ERRORS), 0 when KEY is no policy key, -1 on ENOMEM. */
int cl_policy_load_key(cl_rules *rules, const char *file, yaml_document_t *doc,
                       yaml_node_t *key, yaml_node_t *value, int *errors);
/* Cross-checks the policy of RULES once everything is loaded (partners
 * declared, templates, windows, severities, example checks).  0 ok, 1
 * problems recorded, -1 ENOMEM. */
int cl_policy_compile(cl_rules *rules);
void cl_policy_free(cl_policy *p);

/* A credit line for comparison: ASCII case folded, punctuation dropped,
 * spaces collapsed, "(c)" as "©", aliases as canonical names, e.g.
 * "(C) 2024 Zenger News.com." -> "© 2024 zenger news".  0 / -1 ENOMEM. */
int cl_policy_line_key(const cl_rules *rules, const char *line, cl_buf *out);
/* The party whose name or alias has key KEY (from cl_policy_name_key), or
 * NULL. */
const cl_party *cl_policy_party(const cl_policy *p, const char *key);

/* Runs the policy examples of RULES (compiled) through a scanner; counts
 * are added to *PASSED and *FAILED.  0 / -1 ENOMEM. */
int cl_policy_selftest(const cl_rules *rules,
                       void (*on_fail)(const char *msg, void *ud), void *ud,
                       size_t *passed, size_t *failed);

/* The policy checks of checks_policy.c on D, then the severities set in
 * the policy applied to every finding of D (off drops it).  OPT->policy
 * names the rule set; nothing is done without one.  0 / -1 ENOMEM. */
int cl_policy_checks_run(cl_docres *d, const cl_options *opt);

/* The requirements the policy of RULES switches on for display PATH (its
 * `require:` globs, matched like agreement paths), each named in BY.
 * RULES may be NULL. */
unsigned cl_policy_requirements(const cl_rules *rules, const char *path,
                                const char *by[CL_REQ__COUNT]);

#endif
