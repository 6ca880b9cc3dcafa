/*
 * internal.h - interfaces between the pipeline stages of libcreditline.
 *
 *   source  -> cl_doc      (path + bytes; source.c, later archive.c)
 *   cl_doc  -> cl_text     (decode + normalise into lines; text.c)
 *   cl_text -> credits     (rules run by a per-worker cl_matcher; match.c,
 *                           credit.c cleans fields into typed records)
 *   credits -> findings    (checks.c)
 *   docres  -> cl_report   (report.c; rendered by render_*.c)
 *
 * Not installed; the CLI must not include it.  Unit tests may.
 */
#ifndef CL_INTERNAL_H
#define CL_INTERNAL_H

#include "creditline.h"

#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* ------------------------------------------------------------ util.c */

/* Growable byte buffer; always NUL-terminated when ptr != NULL. */
typedef struct {
  char *ptr;
  size_t len, cap;
} cl_buf;

/* Non-owning view. */
typedef struct {
  const char *ptr;
  size_t len;
} cl_view;

#define CL_BUF_INIT {NULL, 0, 0}

int cl_buf_reserve(cl_buf *b, size_t extra);  /* 0 ok, -1 ENOMEM */
int cl_buf_put(cl_buf *b, const void *p, size_t n);
int cl_buf_putc(cl_buf *b, int c);
int cl_buf_puts(cl_buf *b, const char *s);
int cl_buf_printf(cl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cl_buf_clear(cl_buf *b); /* len = 0, keeps memory */
void cl_buf_free(cl_buf *b);
/* Hands the bytes to the caller (malloc'd, NUL-terminated); B is reset. */
char *cl_buf_detach(cl_buf *b);

/* Bump allocator for the strings of one document's results: everything is
 * released at once by cl_arena_free. Allocations are 8-byte aligned. */
typedef struct cl_arena_block cl_arena_block;
typedef struct {
  cl_arena_block *head;
} cl_arena;

void *cl_arena_alloc(cl_arena *a, size_t n);           /* NULL on ENOMEM */
char *cl_arena_strndup(cl_arena *a, const char *s, size_t n);
char *cl_arena_strdup(cl_arena *a, const char *s);
char *cl_arena_printf(cl_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *cl_arena_vprintf(cl_arena *a, const char *fmt, va_list ap);
void cl_arena_free(cl_arena *a);

char *cl_strdup(const char *s);
char *cl_strndup(const char *s, size_t n);
/* Drops the resident pages of [base+from, base+to) of a read-only private
 * FILE mapping (whole pages inside the range only).  The bytes stay
 * readable: they are read from the file again if touched.  Keeps the
 * resident size of a long scan bounded by what is being worked on, not by
 * the file.  Never call it on malloc'd memory (its pages would read back
 * as zeros). */
void cl_mapped_release(const void *base, size_t from, size_t to);
/* Runs FN(ARG), whose reads of the mapped bytes [BASE, BASE + LEN) may
 * fault because the file shrank meanwhile (SIGBUS): FN's return value, or
 * CL_MAPPED_FAULT when such a read faulted.  FN is then left where it
 * was, so it must keep whatever it allocates where its caller can free
 * it, and must not call into libraries that hold state across the read
 * (libxml2: markup is read, never mapped).  Thread-safe; nests. */
#define CL_MAPPED_FAULT (-1000)
int cl_mapped_run(const void *base, size_t len, int (*fn)(void *), void *arg);
/* cl_scanner_scan_buffer for bytes that are a file mapping (as source.c
 * hands over large plain-text files): read under cl_mapped_run.  Lets the
 * tests truncate the file between mapping and reading. */
cl_status cl_scanner_scan_mapped(cl_scanner *sc, const char *name,
                                 const char *data, size_t len,
                                 cl_report *report);
/* What is reported of a file that another program truncated while it was
 * read (mapped or not). */
#define CL_SHRANK_MSG "the file shrank while it was read (changed by another program)"
/* memcpy from a mapping under cl_mapped_run: 0 or CL_MAPPED_FAULT. */
int cl_mapped_copy(void *dst, const void *src, size_t n);

/* FNV-1a 64-bit, for fingerprints. */
uint64_t cl_hash64(const void *p, size_t n, uint64_t seed);
#define CL_HASH_SEED 0xcbf29ce484222325ULL

/* ------------------------------------------------------------ text.c */

/* One line of text ready for matching.  A line of the original document
 * may be split into several windows when it is longer than
 * max_line_length; a line of a markup document may span several source
 * lines.  Positions are recovered from src by cl_text_pos(). */
typedef struct {
  size_t norm_off;  /* start in cl_text.norm                     */
  size_t norm_len;  /* bytes, no newline                         */
  size_t src_off;   /* offset in cl_text.src of the first byte   */
  unsigned line;    /* 1-based source line of src_off            */
  unsigned col;     /* 1-based column (characters) of src_off    */
  cl_scope scope;
  /* What the KEEP filter of cl_text_fill_plain_filtered returned for this
   * line (0 when added otherwise); the matcher uses it to find the line's
   * prefilter result from the raw scan. */
  unsigned tag;
  /* CL_CAPTION_TEXT: the line is an image's caption (<figcaption>, a
   * shortcode caption, a Markdown image title): its credits are image
   * credits.  CL_CAPTION_ALT: an image's alt or title attribute: the same,
   * but a licence stays a licence (a licence badge's alt text). */
  unsigned char caption;
  /* 1: the page marks the line as its byline (an element whose rel,
   * itemprop or class names the author): rules with `lines: byline` run
   * on it. */
  unsigned char byline;
} cl_tline;
enum { CL_CAPTION_TEXT = 1, CL_CAPTION_ALT = 2 };

/* Normalised lines of one document, or one chunk of a long document.
 * norm is UTF-8 with: invalid sequences replaced by U+FFFD, NBSP and other
 * Unicode spaces and tabs turned into ' ', curly quotes into ' and ",
 * en/em dashes kept, the entities &copy; &#169; &#xA9; &amp; &nbsp; decoded.
 * map[i] is the offset in src of the byte that produced norm byte i. */
typedef struct {
  cl_buf norm;
  size_t *map;
  size_t map_cap;
  cl_tline *lines;
  size_t nlines, lines_cap;
  const char *src;  /* decoded UTF-8 source (borrowed)      */
  size_t src_len;
  /* Private to cl_text_fill_plain: where it left a long line mid-way and
   * the column there, so resuming never re-scans the line. */
  size_t resume_off;
  unsigned resume_col;
  int plain; /* lines are source lines (cl_text_fill_plain): may join */
} cl_text;

void cl_text_init(cl_text *t);
void cl_text_reset(cl_text *t, const char *src, size_t src_len);
void cl_text_free(cl_text *t);

/* Appends one source range [off, off+len) of t->src, starting at source
 * line LINE, column COL, as one normalised line of scope SCOPE.  Newlines
 * inside the range are turned into spaces (markup text).  0 / -1 ENOMEM. */
int cl_text_add_range(cl_text *t, size_t off, size_t len, unsigned line,
                      unsigned col, cl_scope scope);

/* Plain text: from *pos, appends whole lines of t->src (split into windows
 * of at most max_line bytes, consecutive windows overlapping by
 * CL_WINDOW_OVERLAP bytes) until about chunk bytes of normalised text are
 * held or the source ends.  *pos, *line track where to go on; call
 * cl_text_reset-less: t keeps accumulating, so the caller clears lines with
 * cl_text_clear_lines between chunks. Returns 1 if more remains, 0 at the
 * end, -1 on ENOMEM. */
#define CL_WINDOW_OVERLAP 4096
int cl_text_fill_plain(cl_text *t, size_t *pos, unsigned *line,
                       size_t max_line, size_t chunk);
void cl_text_clear_lines(cl_text *t);

/* Line continuation, plain text only: a credit cut by the line end ("
 * * Copyright (C) 2008 The Android" / " * Open Source Project") goes on
 * on the next source line.  A join is a subject built after the last line
 * of norm (same map, so positions stay exact): line L without a trailing
 * comment closer, then for each continuation one space and the next
 * source line without its comment prefix (" * ", "#", "//", ...).
 * cl_text_join_end drops it again; nothing else may add lines meanwhile. */
typedef struct {
  size_t off;      /* start of the joined subject in norm          */
  size_t len;      /* its length                                    */
  size_t first;    /* bytes of line L in it                         */
  size_t next_src; /* where the next source line starts, or SIZE_MAX */
} cl_join;
/* Starts a join of tline L from byte FROM of its normalised text (the
 * part before stays out: a long line is not copied whole).  Returns 1 if L
 * can be continued (plain text, a whole line, not the last, the next line
 * not blank after its comment prefix), 0 if not (nothing built), -1
 * ENOMEM. */
int cl_text_join_start(cl_text *t, const cl_tline *l, size_t from,
                       cl_join *j);
/* Appends the next source line (at most CL_JOIN_MAX bytes of it); *CONT
 * receives where it starts in norm.  1 appended, 0 none (end of text,
 * blank after its prefix), -1 ENOMEM. */
#define CL_JOIN_MAX 512
int cl_text_join_next(cl_text *t, cl_join *j, size_t *cont);
/* Keeps only the first LEN bytes of the joined subject. */
void cl_text_join_trim(cl_text *t, cl_join *j, size_t len);
void cl_text_join_end(cl_text *t, const cl_join *j);

/* Line and column (1-based, characters) of source offset SRC_OFF, which
 * belongs to tline L. */
void cl_text_pos(const cl_text *t, const cl_tline *l, size_t src_off,
                 unsigned *line, unsigned *col);

/* A numeric character reference "&#169" / "&#xA9" at P (N bytes): its
 * length without any ';' (0 if none), the code point in *CP (U+FFFD when
 * out of range, a surrogate or zero, and then *VALID is 0). */
size_t cl_numeric_ref(const char *p, size_t n, uint32_t *cp, int *valid);

/* Plain text, filtered: as cl_text_fill_plain, but a line (or window)
 * for which KEEP(UD, raw bytes) returns 0 is not normalised nor recorded
 * (its line still counts); any other value is kept in the line's tag.  A chunk also ends after about 4 * chunk raw
 * bytes, so that what was consumed can be released even when few lines
 * are kept.  KEEP NULL keeps every line. */
int cl_text_fill_plain_filtered(cl_text *t, size_t *pos, unsigned *line,
                                size_t max_line, size_t chunk,
                                unsigned (*keep)(void *ud, const char *s,
                                                 size_t n),
                                void *ud);

/* Every byte sequence the normaliser replaces or removes (spaces and
 * controls, quotes, zero-width characters and the soft hyphen, '&' of entities), NULL-ended.
 * A line containing none of them normalises to itself, but for invalid
 * UTF-8, whose U+FFFD no trigger contains.  QUOTE marks sequences that
 * only become ' or ".  Kept next to the normaliser in text.c; a test checks
 * every code point against it. */
typedef struct {
  const char *s;
  int quote;
} cl_norm_seq;
extern const cl_norm_seq cl_text_norm_sequences[];

/* Decoding of the raw bytes to UTF-8.  If RAW is valid UTF-8 (BOM
 * skipped), *out points into RAW and *owned is NULL; otherwise the decoded
 * text is malloc'd into *owned (caller frees) and *out points to it.
 * *enc receives "utf-8", "utf-8-bom", "utf-16le", "utf-16be",
 * "windows-1252". Returns 0, or -1 on ENOMEM. */
int cl_decode(const char *raw, size_t len, const char **out, size_t *out_len,
              char **owned, const char **enc);
/* How much of a document without BOM cl_decode reads to tell UTF-8 from
 * Windows-1252. */
#define CL_DECODE_SNIFF ((size_t)4 << 20)

/* 1 if the bytes look binary (NUL in the first 8 KiB, not UTF-16 with BOM). */
int cl_looks_binary(const char *data, size_t len);
/* Why DATA is a document creditline does not read, as a note's text ("PDF
 * is not supported ..."), or NULL: PDF (its text needs a PDF interpreter,
 * docs/security.md). */
const char *cl_unsupported_document(const char *data, size_t len);
/* 1 if DATA is an Office document (docx, odt, ...: a zip of XML parts),
 * read as one document (cl_office_text), never as a bundle of parts,
 * each of which would lack every notice. */
int cl_office_detect(const char *data, size_t len);

/* Names (paths, archive entries) as they may be shown on a terminal:
 * control characters (C0, DEL, C1), invalid UTF-8 bytes as \xHH, a
 * backslash as \\; everything else, ':' and "../" included, as is.
 * cl_name_is_plain says whether NAME would come out unchanged (ASCII
 * without those); then no copy is needed.  0 / -1 ENOMEM. */
int cl_buf_put_name(cl_buf *b, const char *name, size_t n);
int cl_name_is_plain(const char *name, size_t n);
/* S for a report read by people or log viewers: control characters and
 * invalid UTF-8 bytes as \xHH (backslashes kept; tab, LF and CR kept too
 * when KEEP_WS, for formats that escape those their own way).  Returns S
 * itself when nothing changes, else the copy in SCRATCH. */
const char *cl_printable(const char *s, cl_buf *scratch, int keep_ws);

/* Number of characters the decoder counts in [p, p+n) of UTF-8 text
 * (invalid bytes count one each, as each becomes U+FFFD). */
size_t cl_utf8_chars(const char *p, size_t n);
/* Sixteen bytes at a time (GCC vector extensions: SIMD where the target
 * has it), for the byte scans that pass over plain text: load a block,
 * compare it lane by lane, and ask whether any lane was true.  Without
 * GCC the scans go byte by byte. */
#if defined(__GNUC__)
#define CL_V16 1
typedef unsigned char cl_v16 __attribute__((vector_size(16)));
static inline cl_v16 cl_v16_load(const void *p) {
  cl_v16 x;
  memcpy(&x, p, sizeof x);
  return x;
}
static inline int cl_v16_any(cl_v16 m) {
  uint64_t half[2];
  memcpy(half, &m, sizeof half);
  return (half[0] | half[1]) != 0;
}
#endif

/* 1 if [p, p+n) is valid UTF-8 as PCRE2 defines it (RFC 3629: no
 * overlong forms, surrogates or code points past U+10FFFF), so it may be
 * matched with PCRE2_NO_UTF_CHECK; 0 if not. */
int cl_utf8_valid(const char *p, size_t n);
/* Writes code point CP (at most U+10FFFF) as UTF-8 into OUT, which has room
 * for 4 bytes; returns the byte count. */
size_t cl_utf8_encode(uint32_t cp, char *out);

/* ----------------------------------------------------------- rules.c */

typedef struct {
  char *text;
  char **names;   /* expected fields of an example */
  char **values;
  size_t nexpect;
  unsigned line;  /* line in the rule file */
} cl_example;

typedef struct {
  char *id;
  cl_kind kind;
  char *pattern;
  uint32_t options;    /* PCRE2 compile options (PCRE2_CASELESS, ...) */
  char *message;
  char *file;          /* rule file name, for messages */
  unsigned line;       /* line of the rule in the file  */
  cl_example *examples;
  size_t nexamples;
  cl_example *counter;
  size_t ncounter;
  /* Literal strings, lower-case ASCII, one of which occurs (caselessly) in
   * every line the pattern can match.  Declared by `triggers:` in the rule
   * file.  Empty = the rule runs on every line. */
  char **triggers;
  size_t ntriggers;
  /* `lines: byline`: the rule runs only on the lines a page marks as its
   * byline (cl_tline.byline), whatever its triggers. */
  int byline_only;
  /* `start:` a pattern, matched anchored, that the start of every line the
   * rule matches also matches: a cheap test the prefilter runs before a
   * line is normalised, for a rule whose trigger is a common word (see
   * cl_matcher_keep_raw).  NULL: none. */
  char *start;
  /* After cl_rules_compile: */
  pcre2_code *code;
  pcre2_code *start_code;
  int jit;             /* 1 once JIT compiled (cl_rule_jit) */
} cl_rule;

struct cl_rules {
  cl_rule *v;
  size_t n, cap;
  char **errors;
  size_t nerrors, errors_cap;
  int compiled;
  int jit_all;               /* PCRE2 has a JIT on this platform */
  /* JIT compiling takes most of the time of loading the rules, and a run
   * uses only some of them: each pattern is JIT compiled the first time a
   * worker matches it (cl_rule_jit), under JIT_LOCK, JIT_DONE[i] then set
   * (release) so the other workers see the finished code. */
  pthread_mutex_t jit_lock;
  atomic_uchar *jit_done;
  size_t nfiles;             /* files (buffers) loaded */
  struct cl_policy *policy;  /* parties, agreements...; NULL if none
                                (policy.h) */
  struct cl_agencies *agencies; /* news agencies and publishers; NULL if
                                   none (names.c) */
};

/* JIT compiles rule R of RULES unless done already; thread-safe.  Called
 * before R's pattern is matched (an interpreted match is still right). */
void cl_rule_jit(const cl_rules *rules, const cl_rule *r);

/* Record a problem "file:line: message" in rules->errors. */
void cl_rules_add_error(cl_rules *rules, const char *file, unsigned line,
                        const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The default rule files embedded at build time (build/rules_embedded.c):
 * a NULL-name-terminated table. */
typedef struct {
  const char *name;
  const char *data;
  size_t len;
} cl_embedded_file;
extern const cl_embedded_file cl_embedded_rules[];

/* ----------------------------------------------------------- match.c */

/* The literal prefilter: an Aho-Corasick automaton over the rules'
 * trigger literals (ASCII case-insensitive), built once from compiled rules
 * and shared read-only by every worker. (prefilter.c) */
typedef struct cl_prefilter cl_prefilter;

cl_prefilter *cl_prefilter_new(const cl_rules *rules); /* NULL on ENOMEM */
void cl_prefilter_free(cl_prefilter *p);
/* Words of the rule bitsets used below: (rule count + 2 + 63) / 64. */
size_t cl_prefilter_words(const cl_prefilter *p);
/* Sets in HITS (cl_prefilter_words() words, cleared first) the bit of every
 * rule that has a trigger occurring in [s, s+n), and of every rule without
 * triggers; bit (rule count) stands for CL_SUPPRESS_DIRECTIVE.  Returns 1
 * if a rule with triggers, or the directive, was hit. */
int cl_prefilter_scan(const cl_prefilter *p, const char *s, size_t n,
                      uint64_t *hits);
/* Whether TRIGGER (lower-case) occurs in [s, s+n), ASCII caselessly.  A
 * trigger "^lit" is anchored: LIT must start the line once every leading
 * byte that is not an ASCII letter or digit is skipped (sound for patterns
 * starting with ^\W*). */
int cl_trigger_in_line(const char *trigger, const char *s, size_t n);

/* On a raw, not yet normalised line: as cl_prefilter_scan, and returns 0
 * only if no trigger, no directive and no sequence normalisation changes
 * occurs in it (and every rule has triggers), i.e. if no rule can match
 * the line once normalised; 1 if HITS is also right for the normalised
 * line (nothing normalisation changes occurs: it only replaces invalid
 * bytes, which removes triggers but never makes one); 2 if the normalised
 * line must be scanned again. */
int cl_prefilter_scan_raw(const cl_prefilter *p, const char *s, size_t n,
                          uint64_t *hits);

/* Per-worker matching state: PCRE2 match data and JIT stack, never shared.
 * PF may be NULL: every rule then runs on every line. */
typedef struct cl_matcher cl_matcher;

cl_matcher *cl_matcher_new(const cl_rules *rules, const cl_prefilter *pf,
                           const cl_options *opt);
void cl_matcher_free(cl_matcher *m);
/* Forget per-document state (which rules already reported a limit). */
void cl_matcher_reset(cl_matcher *m);
/* The KEEP filter for cl_text_fill_plain_filtered (UD is the matcher): the
 * raw prefilter scan, kept for cl_match_text so a clean line is not
 * scanned twice.  The results held are dropped by cl_match_text. */
unsigned cl_matcher_keep_raw(void *m, const char *s, size_t n);
/* 0 if RULE has a start pattern (cl_rule.start) and the line S[0, N)
 * does not match it; 1 otherwise (also on a match error: the rule then
 * runs and tells).  RAW: S is not normalised, so may be invalid UTF-8.
 * MD: match data of at least one pair. */
int cl_rule_start_ok(const cl_rule *rule, const char *s, size_t n, int raw,
                     pcre2_match_data *md, pcre2_match_context *mctx);

struct cl_docres;
/* Runs RULE over line LI of T and calls FOUND(UD, subject, ovector, source
 * offset of the match) for each match.  A match whose main value the line
 * end cuts (or, if the line has no match, one that starts in the line)
 * goes on onto the next lines as far as cl_credit_continuation takes
 * them: its subject is then the joined text (cl_join), which starts at
 * byte BASE of the line (0 for the line itself).  A PCRE2 error ends
 * the line with its code in *ERR.  0, or -1 if FOUND failed or ENOMEM. */
typedef int (*cl_match_found)(void *ud, const char *subj, size_t base,
                              const PCRE2_SIZE *ov, size_t src_off);
int cl_match_line(const cl_rule *rule, cl_text *t, size_t li,
                  pcre2_match_data *md, pcre2_match_context *mctx,
                  cl_match_found found, void *ud, int *err);

/* Runs the rules over every line of T and appends the credits found to D.
 * A rule that hits its match or depth limit is reported once per document
 * as an error "rule ID hit its match limit on PATH:LINE"; the other rules
 * go on.  Returns 0, or -1 on ENOMEM. */
int cl_match_text(cl_matcher *m, cl_text *t, struct cl_docres *d);

/* ---------------------------------------------------------- credit.c */

/* Turns one match of RULE into credits appended to D: fields from named
 * groups, cleaned per kind (holder without "All rights reserved" or a
 * trailing disclaimer, years parsed and expanded, person lists split so
 * that each person gets a credit).  SUBJ is the normalised line, OV the
 * PCRE2 ovector; LINE/COL where the match starts.  0 / -1 ENOMEM. */
int cl_credit_from_match(struct cl_docres *d, const cl_rule *rule,
                         const char *subj, const PCRE2_SIZE *ov,
                         unsigned line, unsigned col, cl_scope scope);
/* Fills an image credit's person, agency, licence, years and symbol from
 * its value where the rule did not capture them ("Jana Weiss/dpa",
 * "AP Photo/Alan Diaz", "© 2024 Getty Images"), and trims the value to the
 * credit itself.  0 / -1 ENOMEM. */
int cl_credit_image_fill(cl_arena *a, cl_credit *c);
/* Makes credit C (copyright, author, source or licence found in a
 * caption) an image credit: its value becomes the credit, then as
 * cl_credit_image_fill.  0 / -1 ENOMEM. */
int cl_credit_to_image(cl_arena *a, cl_credit *c);
/* Appends field NAME = VALUE (not copied) to C.  0 / -1 ENOMEM. */
int cl_credit_add_field(cl_arena *a, cl_credit *c, const char *name,
                        const char *value);
/* Sets C's years from TEXT (kept as years_text, not copied) when it holds
 * any; C is left as it was otherwise.  0 / -1 ENOMEM. */
int cl_credit_set_years(cl_arena *a, cl_credit *c, const char *text);
/* A page's list of other articles ("By Ann Lee" under each headline):
 * when one author rule names people other than the article's byline (its
 * first in the article, else its first) at two or more other places,
 * those credits are dropped.  D's credits sorted by position.  0 / -1
 * ENOMEM. */
int cl_credits_drop_teasers(struct cl_docres *d);

/* A name read from metadata as KIND (an author's or editor's person, a
 * source's party, a copyright holder) without what pages write around it
 * (S changed in place): a leading "By", parts after a page separator that
 * are a date, slogan, byline or domain ("Ann Lee | Example Media" -> "Ann
 * Lee", "Example News | Your daily news" -> "Example News"), an author
 * box's handle and biography ("Ann Lee @annlee Ann Lee is ..."), a
 * holder's prose ("... owned by Example Press Ltd and ..." -> "Example
 * Press Ltd").  "" when no name is left (a list of site sections, a
 * sentence naming no holder). */
char *cl_credit_meta_name(cl_kind kind, char *s);

/* The persons of a metadata person name S (cleaned by
 * cl_credit_meta_name) written as a list: "Ann Lee and Bo Kim", "Ann Lee,
 * Bo Kim & Cy Dunn", "Ann Lee (avec Bo Kim et Cy Dunn)" give one name
 * each (arena copies in *OUT), without the agency or title after a comma
 * ("Ana Beck, dpa" -> "Ana Beck"; "Ann Lee and Bo Kim, Associated
 * Press").  A name whose comma is no list's ("Holt, Mia", "Sam Ode,
 * Jr.") or a list with a part that is no person's full name gives S
 * alone.  Returns the count (at least 1), (size_t)-1 on ENOMEM. */
size_t cl_credit_meta_persons(cl_arena *a, char *s, char ***out);

/* A holder written in a metadata notice, cleaned as cl_credit_meta_name
 * does (S changed in place): the years written after the name go to
 * *YEARS ("Thomson Reuters 2013. Click For Restrictions - http://..." ->
 * "Thomson Reuters", "2013"), an e-mail address and URL to *EMAIL / *URL
 * (NULL when none).  "" when no holder is named; *PROSE_ONLY is then set
 * if S is a sentence about the rights ("Content may not be reproduced
 * without permission"), not a maker's credit or a template.  NULL on
 * ENOMEM. */
char *cl_credit_meta_holder(cl_arena *a, char *s, const char **years,
                            const char **email, const char **url,
                            int *prose_only);

/* The capture group of RULE's main value (holder, party, person...), or
 * -1 if it has none. */
int cl_rule_main_group(const cl_rule *rule);

/* How many bytes of S[0, N), the line after one whose credit value the
 * line end cut, continue that value: names ("Open Source Project",
 * "David Turner, Robert Wilhelm, and Werner Lemberg."), years, e-mail
 * addresses and URLs, up to a word in lower case other than a connector
 * ("of", "and", "de"...), a label ("Author:") or "All rights
 * reserved".  Either the whole line or at least two capitalised words
 * continue it, else 0; a line with a notice of its own continues none.  *OPEN is set when the value may go on to
 * the line after (the whole line was taken and it ends in ',', '&',
 * "and" or a year). */
size_t cl_credit_continuation(const char *s, size_t n, int *open);

/* Normalises a holder or party name for comparison: case-folded ASCII,
 * spaces collapsed, trailing punctuation and corporate suffixes (Inc.,
 * Ltd., LLC, L.P., Corp., Co., plc, GmbH, AG, S.A.) removed.  Writes into
 * OUT (cleared first).  0 / -1 ENOMEM. */
int cl_name_normalise(const char *name, cl_buf *out);

/* ----------------------------------------------------------- names.c */

/* The table of news agencies and publishers (rules/agencies.yaml,
 * docs/rules.md): canonical names with legal names and aliases. */
typedef struct cl_agencies cl_agencies;
typedef struct {
  const char *name, *legal, *country; /* legal, country may be NULL */
  char *const *aliases;
  size_t naliases;
  const char *file;
  unsigned line, legal_line, alias_line;
} cl_agency_entry;

/* Adds agency E to the table of RULES (created on first use).  0 / -1. */
int cl_agencies_add(cl_rules *rules, const cl_agency_entry *e);
/* Sorts the table for look-ups; a name or alias of two agencies is a
 * problem recorded in RULES with file:line.  0 ok, 1 problems. */
int cl_agencies_compile(cl_rules *rules);
void cl_agencies_free(cl_agencies *t);
size_t cl_agencies_count(const cl_rules *rules);

/* A party name folded for comparison, before aliases: case, accents
 * ("ü", "ue" and "u" alike), punctuation, a leading "the", a web
 * address's scheme, "www." and top-level domain, trailing legal forms
 * (GmbH, Inc., S.A., Oy, ASA...): "The Example Times Co." -> "example
 * times", "www.ansa.it" -> "ansa".  0 / -1 ENOMEM. */
int cl_org_base_key(const char *name, cl_buf *out);
/* The party key of NAME: cl_org_base_key, then an alias replaced by its
 * canonical name, a policy party's (rules->policy) before an agency's
 * (rules->agencies); a policy party that names an agency takes over its
 * names.  RULES may be NULL.  0 / -1 ENOMEM. */
int cl_policy_name_key(const cl_rules *rules, const char *name, cl_buf *out);
/* Organisation names X and Y name the same party: equal keys, one a
 * whole-word part of the other ("Reuters" / "Thomson Reuters") or its
 * initials ("AP" / "Associated Press").  A, B are scratch.  1 / 0 / -1. */
int cl_orgs_match(const cl_rules *rules, const char *x, const char *y,
                  cl_buf *a, cl_buf *b);
/* NAME is an organisation's, not a person's: a known agency or party, a
 * legal form, a web address, or a word such as News, Press, Media,
 * Zeitung, Staff.  1 / 0 / -1 ENOMEM. */
int cl_name_is_org(const cl_rules *rules, const char *name, cl_buf *scratch);
/* Person names X and Y name the same person: "By"/"Von"/"Por"/"Par" and
 * a trailing outlet (", dpa", "/dpa", "| Example Post") set aside; "Last,
 * First", initials, transliterations and desk ids ("beck.anna") allowed.
 * 1 / 0 / -1 ENOMEM. */
int cl_person_names_match(const char *x, const char *y);
/* The canonical name of the party NAME names (a policy party's or the
 * agency table's, as written there), or NULL if neither knows it. */
const char *cl_party_name(const cl_rules *rules, const char *name,
                          cl_buf *scratch);

/* Parses a years string ("2019-2023", "2019, 2021", "2023") into YEARS
 * (expanded; ranges capped at 200 years).  Returns the count stored (at
 * most MAX), or 0 if none. */
size_t cl_years_parse(const char *s, int *years, size_t max);

/* ---------------------------------------------------------- report.c */

/* The rule set whose agency table and policy parties merge names in the
 * report's bundle tallies (cl_report_names in render.h); set by the
 * scanner, borrowed: it must outlive the report's rendering. */
void cl_report_set_names(cl_report *r, const cl_rules *rules);

/* Builder of one document's results; becomes part of a cl_report. */
typedef struct cl_docres {
  cl_document pub;        /* the arrays below are published through pub */
  cl_arena arena;         /* every string of this document              */
  cl_credit *credits;
  size_t ncredits, credits_cap;
  cl_credit *meta;
  size_t nmeta, meta_cap;
  cl_finding *findings;
  size_t nfindings, findings_cap;
  /* Kinds of credit (1u << cl_kind) whose line the policy checks reported
   * missing or misworded: the requirement checks then say nothing more
   * about them (one finding per missing line). */
  unsigned policy_kinds;
  /* Set by the matcher when a line holds CL_SUPPRESS_DIRECTIVE. */
  int directive_seen;
  /* Dates the document states in its metadata ("date.release", "date",
   * "first_created", ...), set by the format readers; strings in arena. */
  cl_field *dates;
  size_t ndates;
  /* The repository root fingerprints are relative to (borrowed, set by
   * the scanner; NULL: the display path as it is), and the document's
   * path relative to it, made when the first finding needs it. */
  const char *repo_root;
  const char *repo_path;
  /* The working folder when the scanner was made (borrowed; NULL: asked
   * when needed), which relative paths are read from. */
  const char *cwd;
  /* Errors met while scanning this document, moved to the report. */
  char **errors;
  size_t nerrors, errors_cap;
} cl_docres;

cl_docres *cl_docres_new(const char *path, const char *format, size_t bytes);
void cl_docres_free(cl_docres *d);
/* Appends a zeroed credit (to credits, or to metadata when META) and
 * returns it, or NULL on ENOMEM. */
cl_credit *cl_docres_add_credit(cl_docres *d, int meta);
/* Appends a finding of check CHECK_ID (must exist in the catalogue) with
 * its default severity (changed later by options and policy), at LINE/COL,
 * message from FMT.  FIX may be NULL.  EVIDENCE (may be NULL) is the
 * normalised evidence hashed into the fingerprint with check and path.
 * Returns the finding or NULL on ENOMEM. */
cl_finding *cl_docres_add_finding(cl_docres *d, const char *check_id,
                                  unsigned line, unsigned col,
                                  const char *fix, const char *evidence,
                                  const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* Adds a reference line/column to finding F (the evidence locations). */
int cl_finding_add_ref(cl_docres *d, cl_finding *f, unsigned line,
                       unsigned col);
/* Records an error for this document (copied). */
int cl_docres_add_error(cl_docres *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Takes ownership of D. */
int cl_report_add_document(cl_report *r, cl_docres *d);
int cl_report_add_error(cl_report *r, const char *path, size_t archive_len,
                        int fatal, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int cl_report_add_note(cl_report *r, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The two parts of cl_report_note(R, I), for renderers. */
const char *cl_report_note_path(const cl_report *r, size_t i);
const char *cl_report_note_message(const cl_report *r, size_t i);

/* ---------------------------------------------------------- checks.c */

/* Runs every check on D (credits and metadata already collected) and
 * applies the severities of OPT (CL_SEV_OFF drops the finding).
 * 0 / -1 ENOMEM. */
int cl_checks_run(cl_docres *d, const cl_options *opt);
/* The notice a fix proposes, "© YEARS HOLDER. All rights reserved.",
 * without a doubled period after "Corp."; in arena A (NULL on ENOMEM). */
char *cl_notice_fix(cl_arena *a, const char *years, const char *holder);
/* qsort order of findings in a document: line, column, check, message. */
int cl_finding_cmp(const void *a, const void *b);
/* Index of check ID in the catalogue, or -1. */
int cl_check_index(const char *id);

/* ---------------------------------------------------------- source.c */

/* One input document handed from a source to the scanner.  The receiver
 * owns it and calls cl_doc_free. */
typedef struct cl_doc {
  char *path;        /* display path (malloc'd), archive chains a.zip!/x  */
  size_t archive_len; /* as cl_document's: the outermost archive, or 0  */
  const char *data;
  size_t len;
  /* private to the source that made it */
  void *mem;         /* malloc'd bytes, or NULL */
  void *map;         /* mmap'd bytes, or NULL   */
  size_t map_len;
} cl_doc;

/* Releases the path, the bytes and the cl_doc itself: a source hands
 * over docs malloc'd one by one, and on_doc owns each whatever it returns. */
void cl_doc_free(cl_doc *doc);

/* What a source reports to its consumer. Return non-zero from on_doc to
 * stop the walk (fatal error). */
typedef struct {
  int (*on_doc)(void *ud, cl_doc *doc);
  /* ARCHIVE_LEN as cl_error's: 0 unless PATH is an archive member. */
  void (*on_error)(void *ud, const char *path, size_t archive_len,
                   const char *msg);
  void (*on_note)(void *ud, const char *path, const char *msg);
  void *ud;
} cl_sink;

/* Walks PATH (file, folder, or "-" for stdin): folders recursively in
 * byte order of names, skipping VCS folders (.git .hg .svn .bzr _darcs
 * CVS), hidden entries unless opt->include_hidden, symlink loops, files
 * over opt->max_file_size; binary files are noted and skipped.  Every
 * other file becomes a cl_doc given to sink->on_doc.  Returns CL_OK,
 * CL_WARN if some input could not be read, CL_FATAL if on_doc asked to
 * stop or memory ran out. */
cl_status cl_source_walk(const char *path, const cl_options *opt,
                         const cl_sink *sink);

/* ---------------------------------------------------------- format.c */

/* Kinds of document, detected by content and name. */
typedef enum {
  CL_DOCFMT_TEXT = 0, /* plain text: streamed line by line */
  CL_DOCFMT_MARKDOWN,
  CL_DOCFMT_HTML,
  CL_DOCFMT_NITF,
  CL_DOCFMT_NEWSML,
  CL_DOCFMT_XML,      /* other XML: text content scanned */
  CL_DOCFMT_JSON,     /* ninjs, JSON-LD, other JSON       */
  CL_DOCFMT_OFFICE    /* docx, odt: paragraphs of the made text (fmt_office.c) */
} cl_docfmt;

/* "text", "markdown", "html", "nitf", "newsml", "xml", "json", "office". */
const char *cl_docfmt_name(cl_docfmt f);
/* Detects the format of decoded UTF-8 SRC named PATH. */
cl_docfmt cl_docfmt_detect(const char *path, const char *src, size_t len);
/* For every format but CL_DOCFMT_TEXT: fills T (already cl_text_reset on
 * the decoded source) with the visible text as lines with their scopes and
 * true source positions, and appends the credits stated in metadata to D
 * (cl_docres_add_credit(d, 1)).  A document that does not parse is noted
 * with cl_docres_add_error and whatever could be read is kept.  KEEP
 * (may be NULL) filters the visible lines before they are normalised, as
 * for cl_text_fill_plain_filtered.  0, or -1 on ENOMEM. */
int cl_docfmt_extract(cl_docfmt f, cl_text *t, cl_docres *d,
                      unsigned (*keep)(void *ud, const char *s, size_t n),
                      void *keep_ud);

/* ------------------------------------------------------- fmt_office.c */

/* The text of the Office document (docx, odt) held in DATA: its paragraphs
 * as lines, so that line = paragraph number and column = character in the
 * paragraph.  *OUT (malloc'd, NUL-terminated) becomes the document's
 * source, read as CL_DOCFMT_OFFICE.  A zip that cannot be read, a missing
 * or over-size body part (limits of OPT) or one that does not parse is an
 * error added to D: returns 1.  0, or -1 on ENOMEM. */
int cl_office_text(const char *data, size_t len, const cl_options *opt,
                   struct cl_docres *d, char **out, size_t *out_len);

/* --------------------------------------------------------- archive.c */

/* 1 if DATA (the first bytes of a file or entry, at least what is
 * available up to 64 KiB) is an archive or a compressed stream that
 * libarchive reads (detected by content, not name). */
int cl_archive_detect(const char *data, size_t len);

/* Streams the entries of the archive held in DATA (display path PATH) to
 * SINK as cl_docs named "PATH!/entry"; nested archives are opened
 * recursively while DEPTH < opt->max_depth (DEPTH is 1 for an archive met
 * on disk).  Limits of OPT hit, corrupt or encrypted entries: sink->on_error
 * naming archive and entry; the rest goes on.  Returns CL_OK, CL_WARN when
 * something was not read, CL_FATAL when on_doc asked to stop or ENOMEM. */
cl_status cl_archive_scan(const char *path, const char *data, size_t len,
                          int depth, const cl_options *opt,
                          const cl_sink *sink);
/* The same for DATA that is a read-only private mapping of a file: it is
 * read in blocks whose pages are released once passed (cl_mapped_release),
 * so a 2 GB bundle does not become 2 GB resident. */
cl_status cl_archive_scan_mapped(const char *path, const char *data,
                                 size_t len, const cl_options *opt,
                                 const cl_sink *sink);

/* ---------------------------------------------------------- render_*.c */

/* render_json.c: the JSON of a report's summary, as the json format
 * writes it (jansson; NULL on ENOMEM), for jsonl. */
struct json_t;
struct json_t *cl_json_summary(const cl_report *r);
/* The bundle summary as the json format's "bundles" array (NULL on
 * ENOMEM); for the formats that carry it alongside (jsonl, sarif). */
struct json_t *cl_json_bundles(const cl_report *r);
/* render_json.c: a JSON string of S ("" for NULL) with bytes that are not
 * UTF-8 replaced by U+FFFD (file names need not be UTF-8); NULL on ENOMEM. */
struct json_t *cl_json_string(const char *s);

/* ------------------------------------- report post-passes (suppress.c) */

/* The builder of document I of R, for passes that change findings after
 * the scan (report.c). */
cl_docres *cl_report_docres(cl_report *r, size_t i);
/* The baseline given to cl_report_set_baseline, or NULL (report.c). */
const cl_baseline *cl_report_baseline(const cl_report *r);

/* Keeps the findings of D for which KEEP returns 1 (KEEP may change the
 * finding, e.g. its severity), in order; republishes them. */
void cl_docres_retain(cl_docres *d, int (*keep)(cl_finding *f, void *ud),
                      void *ud);
/* Inline suppressions: scans SRC (the decoded document) for
 * `creditline-ignore[check]: reason` comments, drops the findings they
 * cover and adds a suppression-without-reason finding for each one that
 * gives no reason (severity from OPT).  Called by the scanner after the
 * checks.  0 / -1 ENOMEM. */
int cl_suppress_apply(cl_docres *d, const char *src, size_t len,
                      const cl_options *opt);
/* The directive's literal; the matcher notes lines holding it (caselessly)
 * in cl_docres.directive_seen so that a plain-text document needs no
 * second pass when it has none. */
#define CL_SUPPRESS_DIRECTIVE "creditline-ignore"

/* --------------------------------------------------- paths (config.c) */

/* PATH made absolute against the working folder and normalised lexically
 * ("." and ".." segments, doubled slashes).  malloc'd; NULL on ENOMEM. */
char *cl_path_absolute(const char *path);
/* PATH made absolute against folder DIR (absolute), normalised the same
 * way.  malloc'd; NULL on ENOMEM. */
char *cl_path_resolve(const char *dir, const char *path);
/* ABS (absolute, normalised) relative to ROOT (same), or NULL when ABS is
 * not inside ROOT.  Points into ABS; "" for ROOT itself. */
const char *cl_path_inside(const char *abs, const char *root);
/* The repository root of the working folder: the nearest folder upwards
 * holding .git, else the working folder.  malloc'd; NULL on ENOMEM. */
char *cl_path_repo_root(void);
/* The member part of display path PATH whose outermost archive is its
 * first ARCHIVE_LEN bytes ("inner.zip!/x.txt" of "a.tgz!/inner.zip!/x.txt"),
 * or NULL for a plain file.  The one way to tell a member: the record
 * carries its container (cl_document.archive_len), since a folder may be
 * named "wire!". */
const char *cl_path_member(const char *path, size_t archive_len);
/* A document's display path relative to ROOT when inside it, else
 * absolute (its outermost archive for a member).  malloc'd. */
char *cl_path_for_root(const char *path, size_t archive_len, const char *root);
/* A display path (archive members included) as the repository names it:
 * relative to ROOT when inside it, else absolute; "./" never leads, ""
 * stands for ROOT itself.  What fingerprints and baselines hash and
 * store, so a baseline matches from any working folder of the checkout.
 * CWD: the working folder, when the caller knows it (NULL: asked).
 * malloc'd; NULL on ENOMEM. */
char *cl_path_in_repo(const char *path, size_t archive_len, const char *root,
                      const char *cwd);

/* Size caps of the files creditline reads besides documents
 * (docs/security.md). */
#define CL_SETTINGS_MAX ((size_t)16 << 20) /* rules, policies, configs, ignore files */
#define CL_BASELINE_MAX ((size_t)256 << 20)

/* The one way a whole file other than a document is read (source.c):
 * PATH "-" is standard input; anything else must be a regular file,
 * opened without blocking (a FIFO) and read up to MAX bytes (0: no
 * limit) into OUT (replaced, NUL-terminated).  0, or -1 with errno set
 * (ENOMEM included) and *WHY (if WHY) a message for the user: "not a
 * regular file", "larger than its size limit" or strerror's. */
int cl_read_file(const char *path, size_t max, cl_buf *out, const char **why);

/* -------------------------------------------------------- fmt_caps.c */

/* Markup past these caps is not parsed (libxml2 is quadratic in the
 * attributes of one element and holds every element in memory) but
 * scanned as plain text, the cap reported (docs/security.md). */
#define CL_MARKUP_MAX_ATTRIBUTES 1000
#define CL_MARKUP_MAX_ELEMENTS 500000

/* A linear pass over the markup S: 1 when a cap is passed (*AT the byte
 * offset, *WHAT "more than N ..."), 0 otherwise.  HTML: the content of
 * script and style is raw text, as its parser reads it. */
int cl_markup_flood(const char *s, size_t n, int html, size_t *at,
                    const char **what);
/* The line (from 1) of byte offset OFF of S. */
unsigned long cl_markup_line_at(const char *s, size_t off);
/* Blanks the tags, comments, declarations and processing instructions of
 * S in place (spaces; newlines kept), leaving the text between them. */
void cl_markup_blank(char *s, size_t n);

/* ------------------------------------------------------ checks_meta.c */

/* Name comparisons the metadata checks make for one document at most
 * (metadata credits x (metadata credits + credits)); past it they are not
 * run and the document says so (docs/security.md). */
#define CL_META_MAX_PAIRS 1000000

/* ------------------------------------------------------- yamlcheck.c */

/* Nesting no YAML reader accepts (and the most a limit may ask for). */
#define CL_YAML_MAX_DEPTH 64

typedef struct {
  size_t max_depth;       /* collections inside collections           */
  size_t max_alias_nodes; /* nodes aliases may add when expanded      */
  size_t max_anchors;     /* anchors and aliases each (an alias looks its
                           * anchor up among all of them)             */
} cl_yaml_limits;

/* Front matter: a few dozen nodes in real documents. */
#define CL_YAML_FRONT_MATTER_LIMITS ((cl_yaml_limits){32, 1000, 100})
/* Configuration, rule and policy files: larger, written by the user. */
#define CL_YAML_FILE_LIMITS ((cl_yaml_limits){CL_YAML_MAX_DEPTH, 100000, 1000})

/* Checks the YAML text DATA against LIM before it is loaded: 0 when it
 * may be loaded (a syntax error is left to the loader to report), 1 when
 * it is refused (WHY says why, WHY_LINE at which line of DATA, from 1),
 * -1 on ENOMEM. */
int cl_yaml_check(const char *data, size_t len, const cl_yaml_limits *lim,
                  cl_buf *why, unsigned long *why_line);

/* baseline.c: what a baseline adds to the text and json formats. */
int cl_baseline_text(const cl_baseline *b, FILE *out);
struct json_t *cl_baseline_json(const cl_baseline *b);

#endif
