/* match.c - runs the compiled rules over normalised lines.
 *
 * A matcher belongs to one worker: it owns the PCRE2 match data, match
 * context (limits) and JIT stack, so compiled rules can be shared
 * read-only between threads. */
#include "internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct cl_matcher {
  const cl_rules *rules;
  const cl_prefilter *pf;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jstack;
  uint64_t *hits;      /* prefilter result for the current line     */
  uint64_t *byline;    /* the rules of `lines: byline`              */
  size_t words;
  unsigned char *limit_reported; /* per rule, for the current document */
  /* The rules with a start pattern (cl_rule.start), as indexes and bits. */
  size_t *starts;
  size_t nstarts;
  uint64_t *startmask;
  /* Raw scans of the lines kept by cl_matcher_keep_raw for the chunk being
   * filled: words of rule bits, then one word: 1 reusable, 2 rescan. */
  uint64_t *raw;
  size_t nraw, raw_cap;
  /* The matches of the current line: which credits each gave and where
   * it lay, so an image credit can claim its span (claim_image_spans). */
  struct line_match {
    size_t first, end;  /* credits [first, end) of the document */
    size_t start, stop; /* match in the normalised line */
    int image;
  } *lm;
  size_t nlm, lm_cap;
};

void cl_matcher_free(cl_matcher *m) {
  if (!m)
    return;
  pcre2_match_data_free(m->md);
  pcre2_match_context_free(m->mctx);
  pcre2_jit_stack_free(m->jstack);
  free(m->hits);
  free(m->byline);
  free(m->limit_reported);
  free(m->raw);
  free(m->lm);
  free(m->starts);
  free(m->startmask);
  free(m);
}

cl_matcher *cl_matcher_new(const cl_rules *rules, const cl_prefilter *pf,
                           const cl_options *opt) {
  cl_matcher *m = calloc(1, sizeof *m);
  if (!m)
    return NULL;
  m->rules = rules;
  m->pf = pf;
  /* + the directive's and the normalisation bits */
  m->words = (rules->n + 2 + 63) / 64;
  m->hits = calloc(m->words, sizeof *m->hits);
  m->byline = calloc(m->words, sizeof *m->byline);
  for (size_t i = 0; m->byline && i < rules->n; i++)
    if (rules->v[i].byline_only)
      m->byline[i / 64] |= 1ULL << (i % 64);
  m->limit_reported = calloc(rules->n ? rules->n : 1, 1);
  /* Enough ovector pairs for any rule: 1 + max capture count. */
  uint32_t maxcap = 0;
  for (size_t i = 0; i < rules->n; i++) {
    uint32_t c = 0;
    if (rules->v[i].code &&
        pcre2_pattern_info(rules->v[i].code, PCRE2_INFO_CAPTURECOUNT, &c) == 0 &&
        c > maxcap)
      maxcap = c;
  }
  m->starts = calloc(rules->n ? rules->n : 1, sizeof *m->starts);
  m->startmask = calloc(m->words, sizeof *m->startmask);
  for (size_t i = 0; m->starts && m->startmask && i < rules->n; i++)
    if (rules->v[i].start_code) {
      m->starts[m->nstarts++] = i;
      m->startmask[i / 64] |= 1ULL << (i % 64);
    }
  m->md = pcre2_match_data_create(maxcap + 1, NULL);
  m->mctx = pcre2_match_context_create(NULL);
  m->jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
  if (!m->hits || !m->byline || !m->starts || !m->startmask ||
      !m->limit_reported || !m->md ||
      !m->mctx || !m->jstack) {
    cl_matcher_free(m);
    return NULL;
  }
  pcre2_set_match_limit(m->mctx, opt->match_limit);
  pcre2_set_depth_limit(m->mctx, opt->depth_limit);
  pcre2_jit_stack_assign(m->mctx, NULL, m->jstack);
  return m;
}

/* Whether every bit of HITS (rules, directive) is a rule with a start
 * pattern. */
static int only_start_rules(const cl_matcher *m, const uint64_t *hits) {
  for (size_t w = 0; w < m->words; w++)
    if (hits[w] & ~m->startmask[w])
      return 0;
  return 1;
}

unsigned cl_matcher_keep_raw(void *ud, const char *s, size_t n) {
  cl_matcher *m = ud;
  if (!m->pf)
    return UINT_MAX; /* keep, no reusable result */
  size_t stride = m->words + 1;
  if (m->nraw == m->raw_cap) {
    size_t cap = m->raw_cap ? m->raw_cap * 2 : 256;
    uint64_t *v = realloc(m->raw, cap * stride * sizeof *v);
    if (!v)
      return UINT_MAX; /* keep it; the matcher scans it again */
    m->raw = v;
    m->raw_cap = cap;
  }
  uint64_t *slot = m->raw + m->nraw * stride;
  int rc = cl_prefilter_scan_raw(m->pf, s, n, slot);
  if (rc == 0)
    return 0;
  if (rc == 1 && m->nstarts && only_start_rules(m, slot)) {
    /* The line reads the same once normalised, and only rules with a
     * start pattern would run on it: one whose start does not match
     * cannot match, and a line left with no rule to run is not normalised
     * at all.  (A line kept anyway leaves the rules to the matcher.) */
    for (size_t k = 0; k < m->nstarts; k++) {
      size_t ri = m->starts[k];
      uint64_t bit = 1ULL << (ri % 64);
      if ((slot[ri / 64] & bit) &&
          !cl_rule_start_ok(&m->rules->v[ri], s, n, 1, m->md, m->mctx))
        slot[ri / 64] &= ~bit;
    }
    uint64_t any = 0;
    for (size_t w = 0; w < m->words; w++)
      any |= slot[w];
    if (!any)
      return 0;
  }
  slot[m->words] = (uint64_t)rc;
  return (unsigned)++m->nraw;
}

int cl_rule_start_ok(const cl_rule *rule, const char *s, size_t n, int raw,
                     pcre2_match_data *md, pcre2_match_context *mctx) {
  if (!rule->start_code)
    return 1;
  /* A raw line may hold invalid UTF-8: it is kept (and normalised).  Our
   * own check: PCRE2's walks the line byte by byte, the anchored match
   * only its first few.  Normalised text is valid UTF-8. */
  if (raw && !cl_utf8_valid(s, n))
    return 1;
  return pcre2_match(rule->start_code, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK,
                     md, mctx) != PCRE2_ERROR_NOMATCH;
}

void cl_matcher_reset(cl_matcher *m) {
  memset(m->limit_reported, 0, m->rules->n ? m->rules->n : 1);
}

/* Overlapping windows of one long line find the same credit twice. */
static int same_credit(const cl_credit *a, const cl_credit *b) {
  return a->line == b->line && a->column == b->column && a->kind == b->kind &&
         strcmp(a->rule, b->rule) == 0 &&
         strcmp(a->text ? a->text : "", b->text ? b->text : "") == 0 &&
         strcmp(a->value ? a->value : "", b->value ? b->value : "") == 0;
}

static void drop_window_duplicates(cl_docres *d, size_t first_new) {
  size_t out = first_new;
  for (size_t i = first_new; i < d->ncredits; i++) {
    int dup = 0;
    for (size_t j = first_new; j-- > 0;) {
      if (d->credits[j].line != d->credits[i].line)
        break;
      if (same_credit(&d->credits[j], &d->credits[i])) {
        dup = 1;
        break;
      }
    }
    if (!dup)
      d->credits[out++] = d->credits[i];
  }
  d->ncredits = out;
}

/* Case-insensitive (ASCII) search; only used with the prefilter off. */
static int ci_contains(const char *s, size_t n, const char *lit) {
  size_t k = strlen(lit);
  for (size_t i = 0; i + k <= n; i++) {
    size_t j = 0;
    while (j < k && (s[i + j] | 0x20) == lit[j])
      j++;
    if (j == k)
      return 1;
  }
  return 0;
}

static int is_limit_error(int rc) {
  return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
         rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

static int note_match(cl_matcher *m, size_t first, size_t end, size_t start,
                      size_t stop, int image) {
  if (m->nlm == m->lm_cap) {
    size_t cap = m->lm_cap ? m->lm_cap * 2 : 16;
    struct line_match *v = realloc(m->lm, cap * sizeof *v);
    if (!v)
      return -1;
    m->lm = v;
    m->lm_cap = cap;
  }
  m->lm[m->nlm++] = (struct line_match){first, end, start, stop, image};
  return 0;
}

/* An image credit claims its span: a credit whose match starts inside it
 * ("© 2024 Getty Images" in "Photo: © 2024 Getty Images") is the image's,
 * not the article's, and is dropped (as is a second image credit of the
 * same span).  On a
 * caption line, the credits left are image credits.  0 / -1 ENOMEM. */
static int claim_image_spans(cl_matcher *m, const cl_tline *l, cl_docres *d,
                             size_t line_first) {
  int any = 0;
  for (size_t i = 0; i < m->nlm && !any; i++)
    any = m->lm[i].image;
  if (any) {
    unsigned char *drop = calloc(d->ncredits - line_first, 1);
    if (!drop)
      return -1;
    for (size_t i = 0; i < m->nlm; i++) {
      const struct line_match *x = &m->lm[i];
      for (size_t k = 0; k < m->nlm; k++) {
        const struct line_match *im = &m->lm[k];
        /* Of two image credits on one span, the one that starts first
         * (or is longer, or was found first) stays. */
        int inside = k != i && im->image && x->start >= im->start &&
                     x->start < im->stop;
        if (inside && x->image)
          inside = x->start > im->start || x->stop < im->stop ||
                   (x->stop == im->stop && i > k);
        if (inside) {
          for (size_t c = x->first; c < x->end; c++)
            drop[c - line_first] = 1;
          break;
        }
      }
    }
    size_t out = line_first;
    for (size_t c = line_first; c < d->ncredits; c++)
      if (!drop[c - line_first])
        d->credits[out++] = d->credits[c];
    d->ncredits = out;
    free(drop);
  }
  for (size_t c = line_first; l->caption && c < d->ncredits; c++) {
    cl_credit *cr = &d->credits[c];
    if ((cr->kind == CL_KIND_COPYRIGHT || cr->kind == CL_KIND_AUTHOR ||
         cr->kind == CL_KIND_SOURCE ||
         (cr->kind == CL_KIND_LICENSE && l->caption == CL_CAPTION_TEXT)) &&
        cl_credit_to_image(&d->arena, cr) < 0)
      return -1;
  }
  return 0;
}

/* ------------------------------------------------------ continuation */

/* Lines a value may continue onto. */
#define JOIN_LINES 3
/* Bytes of the line kept before a match tried on a join: room for the
 * rules' look-behinds. */
#define JOIN_BEFORE 64
/* A line without a match is joined from this many bytes before its end:
 * a notice the line end cuts starts near it. */
#define JOIN_TAIL 1024

/* Joins line L (from byte FROM) with the next lines, as far as
 * cl_credit_continuation takes them.  1 built, 0 nothing to join, -1. */
static int build_join(cl_text *t, const cl_tline *l, size_t from,
                      cl_join *j) {
  int rc = cl_text_join_start(t, l, from, j);
  if (rc <= 0)
    return rc;
  for (int k = 0; k < JOIN_LINES; k++) {
    size_t cont;
    rc = cl_text_join_next(t, j, &cont);
    if (rc < 0)
      return -1;
    if (rc == 0)
      break;
    int open;
    size_t keep = cl_credit_continuation(t->norm.ptr + cont,
                                         j->off + j->len - cont, &open);
    cl_text_join_trim(t, j, keep ? cont - j->off + keep : cont - 1 - j->off);
    if (!keep || !open)
      break;
  }
  if (j->len == j->first) {
    cl_text_join_end(t, j);
    return 0;
  }
  return 1;
}

/* Whether the value (group G) of the match in OV reaches the end of the
 * line (LEN bytes) without ending a sentence there: "Copyright 2008 The
 * Android", "Copyright 2003 by", a holder that is only a comment's end. */
static int value_cut(const char *subj, size_t len, const PCRE2_SIZE *ov,
                     int g) {
  PCRE2_SIZE b = ov[2 * g], e = ov[2 * g + 1];
  if (b == PCRE2_UNSET || e < len)
    return 0;
  while (e > b && strchr(" */->#", subj[e - 1]))
    e--;
  if (e == b)
    return 1;
  if (subj[e - 1] == '.' || subj[e - 1] == ';')
    return 0;
  return !(e - b >= 8 && strncasecmp(subj + e - 8, "reserved", 8) == 0);
}

/* Char boundary at or before I in S. */
static size_t char_start(const char *s, size_t i) {
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
    i--;
  return i;
}

/* Tries RULE on line L joined with its continuation, from byte FROM of L:
 * the first match found must start in L and its value must go on into
 * the continuation.  1 found (and reported), 0 not, -1 error. */
static int match_joined(const cl_rule *rule, cl_text *t, const cl_tline *l,
                        size_t from, int g, pcre2_match_data *md,
                        pcre2_match_context *mctx, cl_match_found found,
                        void *ud, int *err) {
  const char *line = t->norm.ptr + l->norm_off;
  size_t base = char_start(line, from > JOIN_BEFORE ? from - JOIN_BEFORE : 0);
  cl_join j;
  int rc = build_join(t, l, base, &j);
  if (rc <= 0)
    return rc;
  const char *subj = t->norm.ptr + j.off;
  int m = pcre2_match(rule->code, (PCRE2_SPTR)subj, j.len, from - base,
                      PCRE2_NO_UTF_CHECK, md, mctx);
  rc = 0;
  if (m < 0 && m != PCRE2_ERROR_NOMATCH)
    *err = m;
  if (m >= 0) {
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (ov[0] <= ov[1] && ov[0] < j.first && ov[2 * g] != PCRE2_UNSET &&
        ov[2 * g + 1] > j.first + 1)
      rc = found(ud, subj, base, ov, t->map[j.off + ov[0]]) < 0 ? -1 : 1;
  }
  cl_text_join_end(t, &j);
  return rc;
}

int cl_match_line(const cl_rule *rule, cl_text *t, size_t li,
                  pcre2_match_data *md, pcre2_match_context *mctx,
                  cl_match_found found, void *ud, int *err) {
  const cl_tline *l = &t->lines[li];
  /* Licences are names of their own, never cut names. */
  int g = rule->kind == CL_KIND_LICENSE ? -1 : cl_rule_main_group(rule);
  int any = 0;
  PCRE2_SIZE start = 0;
  while (start <= l->norm_len) {
    const char *subj = t->norm.ptr + l->norm_off;
    int rc = pcre2_match(rule->code, (PCRE2_SPTR)subj, l->norm_len, start,
                         PCRE2_NO_UTF_CHECK, md, mctx);
    if (rc == PCRE2_ERROR_NOMATCH) {
      if (any || g < 0 || !t->plain)
        return 0;
      size_t from = l->norm_len > JOIN_TAIL ? l->norm_len - JOIN_TAIL : 0;
      return match_joined(rule, t, l, char_start(subj, from), g, md, mctx,
                          found, ud, err) < 0
                 ? -1
                 : 0;
    }
    if (rc < 0) {
      *err = rc;
      return 0;
    }
    any = 1;
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (ov[1] < ov[0]) /* \K tricks: ignore such a match */
      return 0;
    if (g >= 0 && t->plain && value_cut(subj, l->norm_len, ov, g)) {
      PCRE2_SIZE at = ov[0];
      rc = match_joined(rule, t, l, at, g, md, mctx, found, ud, err);
      if (rc != 0)
        return rc < 0 ? -1 : 0;
      /* No continuation: the match on the line alone, again (the join
       * used the same match data; PCRE2_ANCHORED would leave the JIT). */
      subj = t->norm.ptr + l->norm_off;
      rc = pcre2_match(rule->code, (PCRE2_SPTR)subj, l->norm_len, start,
                       PCRE2_NO_UTF_CHECK, md, mctx);
      if (rc < 0) {
        *err = rc == PCRE2_ERROR_NOMATCH ? 0 : rc;
        return 0;
      }
      ov = pcre2_get_ovector_pointer(md);
    }
    size_t src_off = l->src_off;
    if (ov[0] < l->norm_len)
      src_off = t->map[l->norm_off + ov[0]];
    if (found(ud, subj, 0, ov, src_off) < 0)
      return -1;
    if (ov[1] == l->norm_len)
      return 0;
    if (ov[1] > start)
      start = ov[1];
    else {
      /* Empty match: step over one UTF-8 character. */
      start++;
      while (start < l->norm_len && ((unsigned char)subj[start] & 0xC0) == 0x80)
        start++;
    }
  }
  return 0;
}

/* What the scanner does with each match: a credit at its position, and
 * where it lay in the line for claim_image_spans. */
typedef struct {
  cl_matcher *m;
  const cl_text *t;
  const cl_tline *l;
  const cl_rule *rule;
  cl_docres *d;
} scan_ctx;

static int scan_found(void *ud, const char *subj, size_t base,
                      const PCRE2_SIZE *ov, size_t src_off) {
  scan_ctx *c = ud;
  unsigned line, col;
  cl_text_pos(c->t, c->l, src_off, &line, &col);
  size_t before = c->d->ncredits;
  if (cl_credit_from_match(c->d, c->rule, subj, ov, line, col, c->l->scope) < 0)
    return -1;
  drop_window_duplicates(c->d, before);
  if (c->d->ncredits > before &&
      note_match(c->m, before, c->d->ncredits, base + ov[0], base + ov[1],
                 c->rule->kind == CL_KIND_IMAGE) < 0)
    return -1;
  return 0;
}

static int match_rule(cl_matcher *m, size_t ri, cl_text *t, size_t li,
                      cl_docres *d) {
  const cl_rule *rule = &m->rules->v[ri];
  const cl_tline *l = &t->lines[li];
  scan_ctx c = {m, t, l, rule, d};
  int rc = 0;
  /* A line kept for other rules keeps this rule's bit: its start pattern
   * still rules it out here, before the pattern and a continuation. */
  if (!cl_rule_start_ok(rule, t->norm.ptr + l->norm_off, l->norm_len, 0,
                        m->md, m->mctx))
    return 0;
  cl_rule_jit(m->rules, rule);
  if (cl_match_line(rule, t, li, m->md, m->mctx, scan_found, &c, &rc) < 0)
    return -1;
  if (rc < 0 && !m->limit_reported[ri]) {
    m->limit_reported[ri] = 1;
    unsigned line, col;
    cl_text_pos(t, l, l->src_off, &line, &col);
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(rc, msg, sizeof msg);
    if (cl_docres_add_error(d, is_limit_error(rc)
                                   ? "rule %s hit its match limit on %s:%u"
                                   : "rule %s failed on %s:%u: %s",
                            rule->id, d->pub.path, line, (const char *)msg) < 0)
      return -1;
  }
  return 0;
}

int cl_match_text(cl_matcher *m, cl_text *t, cl_docres *d) {
  for (size_t li = 0; li < t->nlines; li++) {
    const cl_tline *l = &t->lines[li];
    const uint64_t *raw = NULL;
    if (m->pf && l->tag && l->tag <= m->nraw) {
      raw = m->raw + (size_t)(l->tag - 1) * (m->words + 1);
      if (raw[m->words] != 1)
        raw = NULL; /* normalisation changed it: scan the normalised line */
    }
    if (raw) {
      memcpy(m->hits, raw, m->words * sizeof *m->hits);
    } else if (m->pf) {
      if (!cl_prefilter_scan(m->pf, t->norm.ptr + l->norm_off, l->norm_len, m->hits)) {
        /* Only rules without triggers can match; skip if there are none. */
        int any = 0;
        for (size_t w = 0; w < m->words; w++)
          any |= m->hits[w] != 0;
        if (!any && !(l->byline && !l->caption))
          continue;
      }
    } else {
      memset(m->hits, 0xff, m->words * sizeof *m->hits);
      if (!ci_contains(t->norm.ptr + l->norm_off, l->norm_len, CL_SUPPRESS_DIRECTIVE))
        m->hits[m->rules->n / 64] &= ~(1ULL << (m->rules->n % 64));
    }
    /* Byline rules run on the page's byline lines only (an author's
     * avatar alt is a caption: not there). */
    for (size_t w = 0; w < m->words; w++)
      m->hits[w] = l->byline && !l->caption ? m->hits[w] | m->byline[w]
                                            : m->hits[w] & ~m->byline[w];
    size_t line_first = d->ncredits;
    m->nlm = 0;
    uint64_t dbit = 1ULL << (m->rules->n % 64);
    if (m->hits[m->rules->n / 64] & dbit) {
      d->directive_seen = 1;
      m->hits[m->rules->n / 64] &= ~dbit;
    }
    for (size_t w = 0; w < m->words; w++) {
      uint64_t bits = m->hits[w];
      while (bits) {
        size_t ri = w * 64 + (size_t)__builtin_ctzll(bits);
        bits &= bits - 1;
        if (ri >= m->rules->n)
          break;
        if (match_rule(m, ri, t, li, d) < 0) {
          m->nraw = 0;
          return -1;
        }
      }
    }
    if (m->nlm && claim_image_spans(m, l, d, line_first) < 0) {
      m->nraw = 0;
      return -1;
    }
  }
  m->nraw = 0; /* the raw results belonged to these lines */
  return 0;
}
