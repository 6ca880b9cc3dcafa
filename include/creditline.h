/*
 * creditline.h - the one public header of libcreditline.
 *
 * creditline finds credit lines (copyright notices, syndication, editor,
 * author, source and licence credits) in articles, checks them against a
 * rule set and a licensing policy, and reports what is missing or
 * conflicting.
 *
 * Life cycle:
 *
 *     cl_rules   *rules = cl_rules_new();
 *     cl_rules_load_defaults(rules);          // or cl_rules_load_dir()
 *     cl_rules_compile(rules);                // PCRE2 compile + JIT, once
 *     cl_options  opt;  cl_options_init(&opt);
 *     cl_scanner *sc = cl_scanner_new(rules, &opt);
 *     cl_report  *rep = cl_report_new();
 *     cl_scanner_scan_path(sc, "articles/", rep);
 *     cl_report_render(rep, CL_FORMAT_TEXT, stdout, NULL);
 *     cl_report_free(rep); cl_scanner_free(sc); cl_rules_free(rules);
 *
 * For a large corpus, see "streaming" below: the report then keeps only
 * totals, not every document.
 *
 * Ownership: every object returned by a *_new function is owned by the
 * caller and released with the matching *_free.  Every `const` pointer
 * returned by an accessor is borrowed: it stays valid until the object it
 * came from is freed (or, for a report, until cl_report_free).
 *
 * Errors are values: functions return a cl_status and keep a message in the
 * handle (cl_rules_error, cl_scanner_error).  The library never prints.
 *
 * Thread safety: a compiled cl_rules is read-only and may be shared by any
 * number of scanners and threads.  A cl_scanner and a cl_report are used by
 * one thread at a time.
 */
#ifndef CREDITLINE_H
#define CREDITLINE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CL_VERSION "0.3.0"

/* ---------------------------------------------------------------- status */

/* Graded status codes, in the manner of libarchive: CL_OK, then a warning
 * (the operation finished but something was skipped or could not be read),
 * then failures.  Compare with <, e.g. `if (st < CL_WARN)`. Never positive. */
typedef enum {
  CL_OK = 0,
  CL_WARN = -20,   /* done, but some input was unreadable or skipped   */
  CL_FAILED = -25, /* this operation failed; the handle is still usable */
  CL_FATAL = -30   /* out of memory or a broken invariant               */
} cl_status;

/* ------------------------------------------------------------- severities */

typedef enum {
  CL_SEV_OFF = 0, /* check disabled */
  CL_SEV_INFO = 1,
  CL_SEV_WARNING = 2,
  CL_SEV_ERROR = 3
} cl_severity;

/* "error", "warning", "info", "off"; NULL for an invalid value. */
const char *cl_severity_name(cl_severity sev);
/* Parses the names above (and "none" for off).  Returns -1 if unknown. */
int cl_severity_parse(const char *name);

/* ----------------------------------------------------------------- rules */

typedef enum {
  CL_KIND_COPYRIGHT = 0,
  CL_KIND_SYNDICATION,
  CL_KIND_EDITOR,
  CL_KIND_AUTHOR,
  CL_KIND_SOURCE,
  CL_KIND_LICENSE,
  /* A photo or image credit (caption, "Photo: X/Agency", an image's
   * metadata): never the article's holder, author or partner. */
  CL_KIND_IMAGE,
  CL_KIND__COUNT
} cl_kind;

/* "copyright", "syndication", ... ; NULL for an invalid kind. */
const char *cl_kind_name(cl_kind kind);
/* Returns -1 if unknown. */
int cl_kind_parse(const char *name);

typedef struct cl_rules cl_rules;

/* A new, empty rule set.  NULL on out of memory. */
cl_rules *cl_rules_new(void);
void cl_rules_free(cl_rules *rules);

/* Adds the default rules embedded in the library at build time. */
cl_status cl_rules_load_defaults(cl_rules *rules);
/* Adds every *.yaml / *.yml file of DIR (sorted by name, not recursive). */
cl_status cl_rules_load_dir(cl_rules *rules, const char *dir);
/* Adds one rule file. */
cl_status cl_rules_load_file(cl_rules *rules, const char *path);
/* Adds rules from memory; NAME is used in messages. */
cl_status cl_rules_load_buffer(cl_rules *rules, const char *name,
                               const char *data, size_t len);

/* Compiles every pattern with PCRE2 and JIT.  Must be called once, after
 * loading and before the rules are given to a scanner.  Afterwards the rule
 * set is read-only. */
cl_status cl_rules_compile(cl_rules *rules);

/* Problems found while loading or compiling, each "file:line: message".
 * Valid until the next call on RULES. */
size_t cl_rules_error_count(const cl_rules *rules);
const char *cl_rules_error(const cl_rules *rules, size_t i);

size_t cl_rules_count(const cl_rules *rules);
/* Id, kind, message and source file of rule I (borrowed strings). */
const char *cl_rules_id(const cl_rules *rules, size_t i);
cl_kind cl_rules_kind(const cl_rules *rules, size_t i);
const char *cl_rules_message(const cl_rules *rules, size_t i);
const char *cl_rules_file(const cl_rules *rules, size_t i);
/* 1 if PCRE2 has a JIT here (each pattern is JIT compiled the first time
 * it is matched), 0 if the patterns run interpreted. */
int cl_rules_jit_active(const cl_rules *rules);
/* Number of files (or buffers) read into RULES, with or without problems. */
size_t cl_rules_file_count(const cl_rules *rules);
/* Agreements of the policy held in RULES (docs/policy.md): id, partner
 * and source file of agreement I (borrowed strings). */
size_t cl_rules_agreement_count(const cl_rules *rules);
const char *cl_rules_agreement_id(const cl_rules *rules, size_t i);
const char *cl_rules_agreement_partner(const cl_rules *rules, size_t i);
const char *cl_rules_agreement_file(const cl_rules *rules, size_t i);

/* Runs every example and counterexample of every rule, then every policy
 * example (a document that must pass or fail with a given check).  Each
 * failure is passed to ON_FAIL (may be NULL) as "file:line: rule ID: what"
 * or "file:line: policy example: what".  Stores
 * the counts; returns CL_OK when nothing failed, CL_FAILED otherwise. */
cl_status cl_rules_selftest(const cl_rules *rules,
                            void (*on_fail)(const char *msg, void *ud),
                            void *ud, size_t *passed, size_t *failed);

/* ---------------------------------------------------------------- checks */

/* The catalogue of checks, for reporters (SARIF rules), `explain` and
 * policies.  Indices are stable within one build. */
typedef struct {
  const char *id;          /* "missing-copyright"          */
  cl_severity severity;    /* default severity             */
  const char *summary;     /* one line                     */
  const char *description; /* a paragraph: what it means   */
  const char *help;        /* how to fix it, with example  */
} cl_check_info;

size_t cl_check_count(void);
const cl_check_info *cl_check_at(size_t i);
/* NULL if ID names no check. */
const cl_check_info *cl_check_find(const char *id);

/* Requirements: what a desk asks of its documents beyond what is wrong on
 * their face (docs/checks.md).  The checks that enforce one are quiet
 * until it is switched on, for every document (cl_options.requirements)
 * or per path (cl_options.require, e.g. a .creditline's `require:`); each
 * of their findings names the requirement and who asked for it. */
typedef enum {
  CL_REQ_COPYRIGHT = 0, /* "copyright-notice": a notice covers the document */
  CL_REQ_PARTNER,       /* "partner-credit": third-party content names its
                           partner in a syndication credit               */
  CL_REQ_EDITOR,        /* "editor-credit": an editor credit              */
  CL_REQ_VISIBLE,       /* "visible-credit": what metadata credits is
                           also visible                                   */
  CL_REQ_ARTICLE,       /* "article-notice": a notice in the article itself
                           (metadata and page chrome do not count)        */
  CL_REQ__COUNT
} cl_requirement;

/* "copyright-notice", ...; NULL for an invalid value. */
const char *cl_requirement_name(cl_requirement r);
/* Returns -1 if NAME is no requirement. */
int cl_requirement_parse(const char *name);
/* NAME as bits for cl_options.requirements: one requirement's bit, every
 * bit for "all"; 0 if NAME is neither.  The one reading of a name that
 * options, configs and policies share. */
unsigned cl_requirement_bits(const char *name);
/* The (first) requirement check ID enforces, or -1 when it is on by
 * default. */
int cl_check_requirement(const char *id);

/* --------------------------------------------------------------- options */

/* Limits beyond these make no sense and are refused (options, config):
 * a window of a long line must hold a whole credit line, and no real
 * archive nests deeper (the messages of both say 1K and 32). */
#define CL_MIN_LINE_LENGTH 1024
#define CL_MAX_ARCHIVE_DEPTH 32

typedef struct {
  int jobs;                /* worker threads; 0 = number of cores        */
  size_t max_file_size;    /* bytes; larger documents are reported, skipped */
  size_t max_line_length;  /* longer lines are scanned in windows          */
  size_t max_markup_size;  /* larger HTML/XML is scanned as plain text, not
                            * parsed (a tree takes ~20x its size); 0: none */
  int max_depth;           /* archive nesting depth                        */
  unsigned long long max_archive_bytes; /* bytes expanded per archive       */
  unsigned max_archive_ratio;           /* expanded/compressed ratio limit  */
  unsigned long max_archive_entries;    /* entries per archive              */
  unsigned match_limit;    /* PCRE2 match limit per match call             */
  unsigned depth_limit;    /* PCRE2 depth limit per match call             */
  int follow_symlinks;     /* 1: follow symlinks met in a walk (no loops)  */
  int include_hidden;      /* 1: scan dot-files and dot-folders            */
  int no_prefilter;        /* 1: run every rule on every line (testing)    */
  cl_severity severity_override[64]; /* by check index; 0 = default   */
  int severity_overridden[64];
  /* Optional: asked about every entry met inside a folder walk (PATH as
   * the walker spells it, IS_DIR 1 for folders) before it is read or
   * descended into; returning 0 skips it.  Not asked about the paths given
   * to cl_scanner_scan_path.  Called from the thread that scans.  See
   * cl_pathfilter_accept for a ready-made filter. */
  int (*path_filter)(const char *path, int is_dir, void *ud);
  void *path_filter_ud;
  /* The day that stands for "today" when a licence window is checked and a
   * document states no date: "YYYY-MM-DD", "YYYY-MM" or "YYYY"; NULL for
   * the current date.  Borrowed.  (docs/policy.md) */
  const char *as_of;
  /* The rule set whose policy (parties, agreements, severities) the checks
   * apply.  NULL (the default): the RULES given to cl_scanner_new, so a
   * policy loaded with the rules is always in force.  Borrowed. */
  const cl_rules *policy;
  /* The path that standard input ("-") stands for (--stdin-filename): its
   * display path, so its format, config severities and policy scope are
   * those of that file; NULL: "<stdin>".  Borrowed. */
  const char *stdin_name;
  /* Requirements in force for every document: bit (1u << r) for each
   * cl_requirement r; 0 by default (quiet).  REQUIREMENTS_BY says who
   * asked, for the findings' messages ("--require"); borrowed. */
  unsigned requirements;
  const char *requirements_by;
  /* Optional: the requirements in force for the document at display PATH,
   * as bits like REQUIREMENTS, each with who asked in BY[r] (borrowed
   * strings that outlive the scan).  Called from worker threads, so it
   * must only read UD.  See cl_config_require. */
  unsigned (*require)(const char *path, void *ud,
                      const char *by[CL_REQ__COUNT]);
  void *require_ud;
  /* 1: walk a static site's folder whole.  By default a folder holding a
   * Hugo, Jekyll, Eleventy or MkDocs config file is walked for content
   * only (Hugo's content/, MkDocs' docs/, Jekyll's and Eleventy's pages
   * outside their layouts, includes, data and output folders). */
  int whole_site;
} cl_options;

/* 1 when PATH (a file or folder) is no article by the walk's rules: in a
 * static site's folder outside its content (see cl_options.whole_site),
 * or a package manifest or report of an earlier run.  For paths that are
 * not walked but named one by one (--force-exclude, file lists). */
int cl_path_not_content(const char *path);

/* A memo of the folders cl_path_not_content_memo has looked at (which
 * static site's root each is, whether it is a work tree's top), for a
 * caller that names many files of one tree (file lists, pre-commit): each
 * folder's config files are looked for once, not once per file named.
 * Folders are taken not to change while it lives.  One per thread. */
typedef struct cl_sitememo cl_sitememo;
cl_sitememo *cl_sitememo_new(void); /* NULL: out of memory */
void cl_sitememo_free(cl_sitememo *memo);
/* cl_path_not_content, looking each folder up in MEMO first (NULL: no
 * memo).  Out of memory only costs the memo, never the answer. */
int cl_path_not_content_memo(const char *path, cl_sitememo *memo);

/* Parses a size as options and config files write it: "1048576", "512K",
 * "10M", "4G" (optionally "KB", "MB", "GB"; powers of 1024).  0, or -1 if S
 * is not a size or it overflows. */
int cl_size_parse(const char *s, unsigned long long *out);

/* Fills OPT with the defaults. */
void cl_options_init(cl_options *opt);

/* ---------------------------------------------------------------- report */

/* Where a credit was found. */
typedef enum {
  CL_SCOPE_BODY = 0,  /* plain text, or the article part of a page  */
  CL_SCOPE_CHROME,    /* page chrome: site footer, navigation       */
  CL_SCOPE_METADATA   /* machine-readable metadata, not visible     */
} cl_scope;

const char *cl_scope_name(cl_scope scope);

typedef struct {
  const char *name;  /* "holder", "years", "party", "person", ... */
  const char *value;
} cl_field;

/* One credit line, as a typed record. */
typedef struct {
  cl_kind kind;
  const char *rule;      /* id of the rule that found it, or metadata key  */
  unsigned line;         /* 1-based line in the original document          */
  unsigned column;       /* 1-based, in characters                         */
  const char *text;      /* the matched text (normalised)                  */
  cl_scope scope;
  /* The main value: holder, party, person, agency or license. */
  const char *value;
  /* Copyright only: years as written ("2019-2023"), expanded list, symbol. */
  const char *years_text;
  const int *years;
  size_t year_count;
  const char *symbol;
  /* Every named field the rule captured, after clean-up. */
  const cl_field *fields;
  size_t field_count;
} cl_credit;

/* One problem: something missing or conflicting. */
typedef struct {
  const char *check;     /* check id                                       */
  cl_severity severity;
  unsigned line, column; /* 0 when the finding concerns the whole document */
  const char *message;
  const char *fix;       /* the exact line to add or change, or NULL        */
  const char *fingerprint; /* stable, independent of line numbers          */
  /* Evidence: lines and columns of the credits involved. */
  const unsigned *ref_lines;
  const unsigned *ref_columns;
  size_t ref_count;
} cl_finding;

/* The result of one document. */
typedef struct {
  const char *path;      /* display path; archive members as a.zip!/x.txt  */
  /* Archive members: PATH's first ARCHIVE_LEN bytes name the outermost
   * archive ("a.zip" of "a.zip!/b.tar!/x.txt"), followed by "!/".  0 for
   * a plain file, even one whose path holds "!/" (a folder named "wire!"). */
  size_t archive_len;
  const char *format;    /* "text", "html", "markdown", ...                */
  size_t bytes;
  const cl_credit *credits;
  size_t credit_count;
  const cl_credit *metadata;  /* credits stated in metadata (scope METADATA) */
  size_t metadata_count;
  const cl_finding *findings;
  size_t finding_count;
  /* Dates the document states in its metadata, as {name, value}: "date"
   * (front matter), "date.release" (NITF), "first_created" (NewsML-G2),
   * ...; values as written. */
  const cl_field *dates;
  size_t date_count;
  /* NULL, or why the document was read only in part (the message of an
   * error the XML parser recovered from, at line DAMAGED_LINE): text
   * after that point may be missing, so its findings may be wrong. */
  const char *damaged;
  unsigned damaged_line;
} cl_document;

/* An input that could not be read, or a limit that was hit. */
typedef struct {
  const char *path;      /* file, or archive member chain */
  size_t archive_len;    /* as cl_document's: 0 unless PATH is a member   */
  const char *message;
  int fatal_to_document; /* 1: the document was not (fully) scanned */
} cl_error;

typedef struct {
  size_t documents;
  size_t documents_with_findings;
  size_t skipped;        /* binary files and the like (reported as info) */
  size_t credits;
  size_t findings[4];    /* by cl_severity */
  size_t errors;
  unsigned long long bytes;
} cl_summary;

typedef struct cl_report cl_report;

cl_report *cl_report_new(void);
void cl_report_free(cl_report *report);

size_t cl_report_document_count(const cl_report *report);
const cl_document *cl_report_document(const cl_report *report, size_t i);
size_t cl_report_error_count(const cl_report *report);
const cl_error *cl_report_error(const cl_report *report, size_t i);
/* Informational notes (e.g. "binary file skipped"), as "path: message". */
size_t cl_report_note_count(const cl_report *report);
const char *cl_report_note(const cl_report *report, size_t i);
void cl_report_summary(const cl_report *report, cl_summary *out);

/* The auditor's view of syndicated bundles: documents found inside
 * archives, grouped by the outermost archive ("feed.tar.gz" for
 * "feed.tar.gz!/inner.zip!/a.txt"), with their credits tallied by
 * copyright holder and by syndication party (names compared normalised,
 * shown as first met; most frequent first, then by name). */
typedef struct {
  const char *name;
  size_t count;
} cl_tally;

typedef struct {
  const char *path;               /* the archive                        */
  size_t documents;
  size_t documents_with_findings;
  size_t credits;                 /* in text and metadata, as cl_summary */
  size_t errors;                  /* errors naming the archive or entries */
  const cl_tally *holders;
  size_t holder_count;
  const cl_tally *parties;
  size_t party_count;
} cl_bundle;

typedef struct cl_bundles cl_bundles;

/* Computes the bundle summary of REPORT.  The result is a snapshot owned
 * by the caller (cl_bundles_free); its strings are copies.  NULL on ENOMEM. */
cl_bundles *cl_bundles_new(const cl_report *report);
void cl_bundles_free(cl_bundles *b);
size_t cl_bundles_count(const cl_bundles *b);
const cl_bundle *cl_bundles_at(const cl_bundles *b, size_t i);

/* --------------------------------------------------------------- scanner */

typedef struct cl_scanner cl_scanner;

/* A scanner over compiled RULES (borrowed; must outlive the scanner) with
 * a copy of OPT (NULL for defaults).  NULL on out of memory.  The first
 * call initialises libxml2 (xmlInitParser), which libxml2 requires to
 * happen in one thread: create the first scanner before starting threads
 * of your own that use libxml2 or other scanners. */
cl_scanner *cl_scanner_new(const cl_rules *rules, const cl_options *opt);
void cl_scanner_free(cl_scanner *sc);

/* Scans PATH: a file, a folder (walked recursively) or "-" for standard
 * input.  Results are appended to REPORT in a deterministic order.
 * Returns CL_OK, CL_WARN when some input could not be read (see the
 * report's errors), CL_FATAL on out of memory. */
cl_status cl_scanner_scan_path(cl_scanner *sc, const char *path,
                               cl_report *report);
/* Scans one document held in memory. NAME is its display path.  An
 * archive (detected by content) is read entry by entry as on disk, its
 * members named "NAME!/entry"; CL_WARN when some entry could not be read
 * (see the report's errors). */
cl_status cl_scanner_scan_buffer(cl_scanner *sc, const char *name,
                                 const char *data, size_t len,
                                 cl_report *report);
/* Calls FN (may be NULL) for every document as it is added to a report,
 * in the report's deterministic order, from the thread that called
 * cl_scanner_scan_path.  Lets a caller stream output as documents finish. */
typedef void (*cl_document_fn)(const cl_document *doc, void *ud);
void cl_scanner_set_document_callback(cl_scanner *sc, cl_document_fn fn,
                                      void *ud);

/* Message of the last CL_FATAL/CL_FAILED, or "" */
const char *cl_scanner_error(const cl_scanner *sc);

/* ------------------------------------------------------------- rendering */

/* Report formats; docs/output.md and docs/ci.md describe each. */
typedef enum {
  CL_FORMAT_TEXT = 0, /* gcc-style lines and a summary               */
  CL_FORMAT_JSON,     /* one JSON object: documents, summary, errors;
                         schema in docs/schema/report.schema.json    */
  CL_FORMAT_SARIF,    /* SARIF 2.1.0 (GitHub code scanning): a rule per
                         check, a result per finding                 */
  CL_FORMAT_GITHUB,   /* GitHub Actions workflow commands, one
                         ::error/::warning/::notice line per finding */
  CL_FORMAT_JUNIT,    /* JUnit XML: a testsuite per document, a
                         testcase per check                          */
  CL_FORMAT_RDJSONL,  /* reviewdog diagnostics, one JSON per line    */
  CL_FORMAT_GITLAB,   /* GitLab Code Quality report (JSON array)     */
  CL_FORMAT_CSV,      /* the credit inventory, one credit per row    */
  CL_FORMAT_JSONL,    /* a JSON line per document, then errors, notes
                         and a summary line; streamable              */
  CL_FORMAT_HTML,     /* the audit report: one self-contained page with
                         partners, charts, findings, bundles, errors  */
  CL_FORMAT_CSV_FINDINGS, /* the findings, one per row, for pivoting  */
  CL_FORMAT__COUNT
} cl_format;

/* Returns -1 if NAME is no format. */
int cl_format_parse(const char *name);
const char *cl_format_name(cl_format fmt);

typedef struct {
  int verbose;  /* text: also list every credit */
  int quiet;    /* text: findings only, no summary */
  int color;    /* text: ANSI colours */
  /* html only, all optional and borrowed: */
  const cl_rules *rules;      /* partner names merged through its policy
                                 and agencies; licence status per partner */
  const char *const *inputs;  /* what was scanned, as given */
  size_t input_count;
  const char *generated;      /* when, as shown ("2026-11-30 12:00 UTC") */
  const char *as_of;          /* the day licence windows are judged on:
                                 "YYYY-MM-DD"; NULL: GENERATED's date */
  int timed;                  /* show the time from the renderer's creation
                                 (before the scan) to its end */
  /* junit: the least severity whose findings fail a test case, as
   * --fail-on gives it (CL_SEV_INFO .. CL_SEV_ERROR); 0 stands for error,
   * the default, and -1 for never.  Findings below it are reported in the
   * test case's <system-out>, which passes. */
  int fail_on;
} cl_render_options;

/* Writes REPORT to OUT.  Returns CL_FAILED if writing failed (ferror). */
cl_status cl_report_render(const cl_report *report, cl_format fmt,
                           FILE *out, const cl_render_options *ropt);

/* The jsonl format in two halves, for streaming: one line for DOC (call it
 * from a cl_document_fn as documents finish), then, after the scan, the
 * error, note, baseline and summary lines of REPORT.  Together they write
 * exactly what cl_report_render(..., CL_FORMAT_JSONL, ...) writes. */
cl_status cl_render_jsonl_document(const cl_document *doc, FILE *out);
cl_status cl_render_jsonl_trailer(const cl_report *report, FILE *out);

/* ------------------------------------------------------------- streaming */

/* Memory that does not grow with the documents scanned: a report in
 * streaming mode passes each document on and frees it, and renderers
 * write each format piece by piece.
 *
 *     cl_renderer *rd = cl_renderer_new(CL_FORMAT_JSON, out, NULL);
 *     cl_report_set_sink(rep, on_doc, rd);   // on_doc: cl_renderer_document
 *     cl_scanner_scan_path(sc, "articles/", rep);
 *     cl_report_flush(rep);                  // the last document
 *     cl_renderer_end(rd, rep);              // errors, notes, summary...
 *     cl_renderer_free(rd);
 *
 * Every format streams and writes exactly what cl_report_render writes
 * for the same documents (JUnit and SARIF, whose headers carry totals,
 * keep their documents' part in a deleted temporary file until the end).
 * cl_report_render itself is cl_renderer_new, cl_renderer_document for
 * each document the report holds, cl_renderer_end. */
typedef struct cl_renderer cl_renderer;

/* A renderer of FMT writing to OUT (borrowed, must outlive it); ROPT is
 * copied (NULL: defaults).  Writes the format's header now.  NULL on out
 * of memory or an unknown format; a failed write shows in
 * cl_renderer_status.  Freed with cl_renderer_free. */
cl_renderer *cl_renderer_new(cl_format fmt, FILE *out,
                             const cl_render_options *ropt);
/* Writes DOC's part.  Returns the renderer's status. */
cl_status cl_renderer_document(cl_renderer *rd, const cl_document *doc);
/* Writes what needs the whole report: errors, notes, bundles, summary,
 * baseline of REPORT, and the closing brackets.  Once only. */
cl_status cl_renderer_end(cl_renderer *rd, const cl_report *report);
/* CL_OK, or the first failure (CL_FAILED: a write failed; CL_FATAL: out
 * of memory); after a failure the renderer writes nothing more. */
cl_status cl_renderer_status(const cl_renderer *rd);
void cl_renderer_free(cl_renderer *rd);

/* Puts REPORT in streaming mode; call it before the first document is
 * added (CL_FAILED otherwise).  From then on the report keeps one document
 * at most: a document added waits (for per-document passes such as
 * cl_config_adjust and cl_baseline_apply on index
 * cl_report_document_count() - 1) until cl_report_flush or the next
 * document added, then is given to FN (may be NULL), counted into the
 * summary and the bundle tallies, and freed.  Errors and notes are kept.
 * cl_report_document() of a document passed on returns NULL;
 * cl_report_document_count() and cl_report_summary() still count every
 * document; cl_report_render() writes the totals and the document held.
 * Documents go to FN in the order they were added, from the thread that
 * adds them. */
cl_status cl_report_set_sink(cl_report *report, cl_document_fn fn, void *ud);
/* Passes the held document, if any, to the sink now.  Call it after the
 * last scan, before rendering totals.  CL_OK, or CL_FATAL on out of memory
 * (the document was still passed on and freed). */
cl_status cl_report_flush(cl_report *report);

/* ------------------------------------------------- repository config */

/* A `.creditline` file (YAML, like the rule files):
 *
 *     rules: [rules/]            # rule folders added to the built-in rules
 *     policy: [policy/]          # policy folders
 *     include: ["articles/"]     # gitignore-style globs, relative to the
 *     exclude: ["drafts/tmp/"]   #   folder holding the .creditline file
 *     severities:                # per path glob: check -> severity
 *       "drafts/": {missing-copyright: off}
 *     require:                   # per path glob: requirements switched on
 *       "syndicated-*.txt": [copyright-notice, partner-credit, editor-credit]
 *     fail-on: error             # error, warning, info or never
 *     hidden: false              # also scan dot-files
 *     limits: {max-file-size: 10M, max-depth: 5, max-line-length: 64K,
 *              max-archive-bytes: 4G, max-archive-entries: 1000000}
 *
 * Relative folders and globs are relative to the folder holding the file
 * (the config root). */
typedef struct cl_config cl_config;

cl_config *cl_config_new(void); /* empty config; NULL on out of memory */
void cl_config_free(cl_config *cfg);

#define CL_CONFIG_NAME ".creditline"
/* Looks for CL_CONFIG_NAME in START (a folder, or a file's folder) and its
 * parents, stopping after the filesystem root, a folder holding .git or
 * the user's home.  A file another user could have written (owned by
 * neither the user nor root, writable by group or others, or in a folder
 * others may write to that is not sticky) is passed over: *SKIPPED (if
 * SKIPPED is not NULL) gets "PATH: why" of the nearest one (malloc'd, or
 * NULL).  Returns the malloc'd path of the file (caller frees) or NULL. */
char *cl_config_find(const char *start, char **skipped);
/* Loads a config file; problems are kept as "file:line: message"
 * (cl_config_error).  CL_OK, CL_FAILED (bad file), CL_FATAL (ENOMEM). */
cl_status cl_config_load_file(cl_config *cfg, const char *path);
/* Same from memory; ROOT is the config root for relative paths. */
cl_status cl_config_load_buffer(cl_config *cfg, const char *name,
                                const char *data, size_t len,
                                const char *root);
const char *cl_config_error(const cl_config *cfg); /* "" if none */

/* Absolute config root (borrowed). */
const char *cl_config_root(const cl_config *cfg);
/* Rule and policy folders, resolved against the config root (borrowed). */
size_t cl_config_rules_count(const cl_config *cfg);
const char *cl_config_rules_at(const cl_config *cfg, size_t i);
size_t cl_config_policy_count(const cl_config *cfg);
const char *cl_config_policy_at(const cl_config *cfg, size_t i);
/* include/exclude globs as written (relative to the config root). */
size_t cl_config_include_count(const cl_config *cfg);
const char *cl_config_include_at(const cl_config *cfg, size_t i);
size_t cl_config_exclude_count(const cl_config *cfg);
const char *cl_config_exclude_at(const cl_config *cfg, size_t i);
/* fail-on: a cl_severity (CL_SEV_OFF for "never"), or -1 when not set. */
int cl_config_fail_on(const cl_config *cfg);
/* Copies the limits and `hidden` of CFG into OPT (what CFG leaves unset is
 * not touched), and sets OPT's require callback to cl_config_require when
 * CFG has a `require:` setting. */
void cl_config_apply_options(const cl_config *cfg, cl_options *opt);
/* The cl_options.require callback of a config (UD is the cl_config): the
 * requirements of every `require:` glob matching PATH made relative to
 * the config root, each named in BY as `.creditline require "GLOB"`.  A
 * relative PATH is read from the working folder of cl_config_new's time
 * (asked once, not for every document). */
unsigned cl_config_require(const char *path, void *ud,
                           const char *by[CL_REQ__COUNT]);
/* Requirements of CFG for the path glob list shown by `explain`: the
 * number of `require:` entries, and entry I's glob and bits. */
size_t cl_config_require_count(const cl_config *cfg);
const char *cl_config_require_glob(const cl_config *cfg, size_t i,
                                   unsigned *bits);
/* Applies the per-path severities to document DOC of REPORT: a finding
 * whose document path (made relative to the config root) matches a glob
 * gets that glob's severity for its check (the last matching glob wins);
 * `off` removes the finding.  Call it before rendering, e.g. from a
 * cl_document_fn with DOC = cl_report_document_count(report) - 1. */
cl_status cl_config_adjust(const cl_config *cfg, cl_report *report,
                           size_t doc);
/* The commented starter config of `creditline init` (static string). */
const char *cl_config_starter(void);
/* Writes the starter config to PATH; CL_FAILED with errno EEXIST when the
 * file exists (never overwritten), or another errno. */
cl_status cl_config_write_starter(const char *path);

/* Parses "error", "warning", "info", "never" for fail-on: a cl_severity,
 * CL_SEV_OFF for never, -1 if unknown. */
int cl_fail_on_parse(const char *name);

/* ------------------------------------------------------------- ignores */

/* gitignore-style matching: `*` `?` `[a-z]` `[!a]` within a segment, `**`
 * across segments, `!` negation (last match wins), a leading or inner `/`
 * anchors a pattern to its base folder, a trailing `/` matches folders
 * only, `\` escapes, `#` comments. */
typedef struct cl_ignore cl_ignore;

cl_ignore *cl_ignore_new(void);
void cl_ignore_free(cl_ignore *ig);
/* Adds the patterns of TEXT (lines), relative to folder BASE ("" or "." for
 * the folder paths are given relative to).  0, or -1 on ENOMEM. */
int cl_ignore_add(cl_ignore *ig, const char *base, const char *text,
                  size_t len);
/* 1 if PATH (relative, '/'-separated; IS_DIR for a folder) is ignored by
 * the last pattern that matches it, 0 if not ignored or re-included. */
int cl_ignore_match(const cl_ignore *ig, const char *path, int is_dir);
/* One pattern against one path, both relative to the same base: 1 match,
 * 0 not.  Negation is not interpreted here. */
int cl_glob_match(const char *pattern, const char *path, int is_dir);

/* What a folder walk should skip: .gitignore and .creditlineignore files
 * (in git work trees, from the work tree's root down; .creditlineignore
 * everywhere), include and exclude globs.  Use as
 *     opt.path_filter = cl_pathfilter_accept; opt.path_filter_ud = pf;
 * A pathfilter is used by one scan at a time. */
typedef struct cl_pathfilter cl_pathfilter;

/* SCAN_ROOT: the folder about to be walked.  USE_IGNORE_FILES: 0 for
 * --no-ignore.  NULL on out of memory. */
cl_pathfilter *cl_pathfilter_new(const char *scan_root, int use_ignore_files);
void cl_pathfilter_free(cl_pathfilter *pf);
/* Globs relative to folder BASE (NULL: the scan root).  0 / -1 ENOMEM. */
int cl_pathfilter_include(cl_pathfilter *pf, const char *base,
                          const char *glob);
int cl_pathfilter_exclude(cl_pathfilter *pf, const char *base,
                          const char *glob);
/* The cl_options.path_filter callback; UD is the cl_pathfilter. */
int cl_pathfilter_accept(const char *path, int is_dir, void *ud);

/* ------------------------------------------------------------ baseline */

/* A baseline records the findings of a report by fingerprint so that a
 * later scan reports only new ones.  File: JSON
 *     {"version": 1, "findings": [{"fingerprint", "check", "path",
 *                                  "message"}, ...]} */
typedef struct {
  const char *fingerprint, *check, *path, *message;
} cl_baseline_entry;

typedef struct cl_baseline cl_baseline;

cl_baseline *cl_baseline_new(void);
void cl_baseline_free(cl_baseline *b);
cl_status cl_baseline_load_file(cl_baseline *b, const char *path);
cl_status cl_baseline_load_buffer(cl_baseline *b, const char *data,
                                  size_t len);
const char *cl_baseline_error(const cl_baseline *b); /* "" if none */
size_t cl_baseline_count(const cl_baseline *b);
const cl_baseline_entry *cl_baseline_at(const cl_baseline *b, size_t i);
/* Writes every finding of REPORT as a baseline file to OUT. */
cl_status cl_baseline_write(const cl_report *report, FILE *out);
/* Removes from document DOC of REPORT the findings the baseline holds
 * (each entry stands for one finding) and counts them. */
cl_status cl_baseline_apply(cl_baseline *b, cl_report *report, size_t doc);
/* Tells B that PATH (a file or folder, relative to the working folder) is
 * part of the scan.  Once any path is told, only the entries of files at
 * or below those paths can be stale: a partial scan (a list of changed
 * files, a subfolder) says nothing of the others.  CL_OK / CL_FATAL. */
cl_status cl_baseline_scanned(cl_baseline *b, const char *path);
/* After applying: findings suppressed, and entries that matched nothing
 * (stale: fixed or gone) among the scanned paths. */
size_t cl_baseline_suppressed(const cl_baseline *b);
size_t cl_baseline_stale_count(const cl_baseline *b);
const cl_baseline_entry *cl_baseline_stale_at(const cl_baseline *b,
                                              size_t i);
/* Makes the text and json formats of REPORT show B's counts and stale
 * entries.  B is borrowed and must outlive the rendering. */
void cl_report_set_baseline(cl_report *report, const cl_baseline *b);

#ifdef __cplusplus
}
#endif
#endif
