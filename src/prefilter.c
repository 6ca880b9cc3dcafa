/* prefilter.c - finds which rules can possibly match a line.
 *
 * Most lines of an article carry no credit.  Every rule declares trigger
 * literals, one of which occurs in each line it can match; one pass of an
 * Aho-Corasick DFA over the line finds all triggers at once, so PCRE2 runs
 * only for rules whose triggers occur.  ASCII letters are folded to lower
 * case (rules are caseless); other bytes match exactly.  Bytes that occur in
 * no literal share one character class, which keeps the table small enough
 * to stay in cache.
 *
 * The same automaton also knows the byte sequences that normalisation
 * changes (cl_text_norm_sequences): a raw line holding no trigger and none
 * of those reads the same once normalised, so it can be skipped before it
 * is normalised at all, and the hits of a raw line that holds none of
 * them are those of its normalised form (cl_prefilter_scan_raw).
 *
 * States are numbered so that every state with an output comes after all
 * states without one, and transitions hold the next state's row offset:
 * the inner loop is one table load and one compare per byte. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct cl_prefilter {
  size_t nrules, words;
  unsigned nclasses;
  size_t maxlen;           /* longest literal, in bytes                     */
  unsigned char cls[256];  /* byte -> class, 0 = in no literal            */
  size_t nstates;
  uint32_t *delta;         /* row offsets: delta[row + class] = next row   */
  uint32_t out_row;        /* rows >= out_row have an output               */
  uint64_t *outsets;       /* per output state: words of rule bits         */
  uint64_t *always;        /* rules without triggers                       */
  int any_always;
  /* Anchored triggers ("^by "), checked at the start of each line. */
  struct {
    const char *lit; /* after the '^' */
    size_t len, rule;
  } *anch;
  size_t nanch;
};

static unsigned char fold(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

void cl_prefilter_free(cl_prefilter *p) {
  if (!p)
    return;
  free(p->delta);
  free(p->outsets);
  free(p->always);
  free(p->anch);
  free(p);
}

size_t cl_prefilter_words(const cl_prefilter *p) { return p->words; }

/* Literals while building: text and the bit it sets. */
typedef struct {
  const char *s;
  size_t bit;
} literal;

static int has_quote(const cl_rules *rules) {
  for (size_t r = 0; r < rules->n; r++)
    for (size_t k = 0; k < rules->v[r].ntriggers; k++)
      if (strpbrk(rules->v[r].triggers[k], "'\""))
        return 1;
  return 0;
}

cl_prefilter *cl_prefilter_new(const cl_rules *rules) {
  cl_prefilter *p = calloc(1, sizeof *p);
  literal *lits = NULL;
  uint32_t *trie = NULL, *fail = NULL, *queue = NULL, *order = NULL;
  uint32_t *rank = NULL;
  uint64_t *sets = NULL;
  size_t nlits = 0, total = 1;
  if (!p)
    goto fail;
  p->nrules = rules->n;
  /* After the rules: the suppression directive, then "normalisation would
   * change this line". */
  const size_t dir_bit = rules->n, norm_bit = rules->n + 1;
  p->words = (rules->n + 2 + 63) / 64;
  p->always = calloc(p->words, sizeof *p->always);
  size_t nseq = 0;
  while (cl_text_norm_sequences[nseq].s)
    nseq++;
  size_t cap = 1 + nseq;
  for (size_t r = 0; r < rules->n; r++)
    cap += rules->v[r].ntriggers;
  lits = calloc(cap, sizeof *lits);
  p->anch = calloc(cap, sizeof *p->anch);
  if (!p->always || !lits || !p->anch)
    goto fail;
  for (size_t r = 0; r < rules->n; r++) {
    /* A byline rule is put on its lines by the matcher. */
    if (rules->v[r].ntriggers == 0 && !rules->v[r].byline_only) {
      p->always[r / 64] |= 1ULL << (r % 64);
      p->any_always = 1;
    }
    for (size_t k = 0; k < rules->v[r].ntriggers; k++) {
      const char *t = rules->v[r].triggers[k];
      if (t[0] == '^' && t[1]) {
        p->anch[p->nanch].lit = t + 1;
        p->anch[p->nanch].len = strlen(t + 1);
        p->anch[p->nanch++].rule = r;
      } else if (t[0]) {
        lits[nlits++] = (literal){t, r};
      }
    }
  }
  lits[nlits++] = (literal){CL_SUPPRESS_DIRECTIVE, dir_bit};
  int quotes = has_quote(rules);
  for (size_t i = 0; i < nseq; i++)
    if (!cl_text_norm_sequences[i].quote || quotes)
      lits[nlits++] = (literal){cl_text_norm_sequences[i].s, norm_bit};

  for (size_t i = 0; i < nlits; i++)
    if (strlen(lits[i].s) > p->maxlen)
      p->maxlen = strlen(lits[i].s);
  /* Character classes: one per distinct folded byte used by a literal. */
  unsigned char seen[256] = {0};
  p->nclasses = 1;
  for (size_t i = 0; i < nlits; i++)
    for (const unsigned char *s = (const unsigned char *)lits[i].s; *s; s++) {
      unsigned char c = fold(*s);
      if (!seen[c]) {
        seen[c] = 1;
        p->cls[c] = (unsigned char)p->nclasses++;
      }
      total++;
    }
  for (int c = 'A'; c <= 'Z'; c++)
    p->cls[c] = p->cls[c + 32];
  const unsigned nc = p->nclasses;

  /* The trie; state 0 is the root. */
  trie = calloc(total * nc, sizeof *trie);
  sets = calloc(total * p->words, sizeof *sets);
  if (!trie || !sets)
    goto fail;
  size_t ns = 1;
  for (size_t i = 0; i < nlits; i++) {
    uint32_t st = 0;
    for (const unsigned char *s = (const unsigned char *)lits[i].s; *s; s++) {
      unsigned c = p->cls[fold(*s)];
      if (!trie[st * nc + c])
        trie[st * nc + c] = (uint32_t)ns++;
      st = trie[st * nc + c];
    }
    sets[st * p->words + lits[i].bit / 64] |= 1ULL << (lits[i].bit % 64);
  }
  p->nstates = ns;

  /* Breadth-first: failure links, output sets merged along them, and the
   * DFA completed in place. */
  fail = calloc(ns, sizeof *fail);
  queue = malloc(ns * sizeof *queue);
  if (!fail || !queue)
    goto fail;
  size_t qh = 0, qt = 0;
  for (unsigned c = 0; c < nc; c++)
    if (trie[c])
      queue[qt++] = trie[c];
  while (qh < qt) {
    uint32_t st = queue[qh++];
    for (size_t w = 0; w < p->words; w++)
      sets[st * p->words + w] |= sets[fail[st] * p->words + w];
    for (unsigned c = 0; c < nc; c++) {
      uint32_t nx = trie[st * nc + c];
      if (nx) {
        fail[nx] = trie[fail[st] * nc + c];
        queue[qt++] = nx;
      } else {
        trie[st * nc + c] = trie[fail[st] * nc + c];
      }
    }
  }

  /* Renumber: states without output first (the root is one), then those
   * with output, so a single compare tells whether a state has one. */
  order = malloc(ns * sizeof *order);
  rank = malloc(ns * sizeof *rank);
  if (!order || !rank)
    goto fail;
  size_t k = 0;
  for (int pass = 0; pass < 2; pass++)
    for (size_t st = 0; st < ns; st++) {
      int any = 0;
      for (size_t w = 0; w < p->words; w++)
        any |= sets[st * p->words + w] != 0;
      if (any == pass) {
        rank[st] = (uint32_t)k;
        order[k++] = (uint32_t)st;
      }
    }
  size_t first_out = 0;
  while (first_out < ns) {
    int any = 0;
    for (size_t w = 0; w < p->words; w++)
      any |= sets[order[first_out] * p->words + w] != 0;
    if (any)
      break;
    first_out++;
  }
  p->delta = malloc(ns * nc * sizeof *p->delta);
  p->outsets = calloc((ns - first_out + 1) * p->words, sizeof *p->outsets);
  if (!p->delta || !p->outsets)
    goto fail;
  for (size_t i = 0; i < ns; i++) {
    uint32_t st = order[i];
    for (unsigned c = 0; c < nc; c++)
      p->delta[i * nc + c] = rank[trie[st * nc + c]] * nc;
    if (i >= first_out)
      memcpy(p->outsets + (i - first_out) * p->words, sets + st * p->words,
             p->words * sizeof *sets);
  }
  p->out_row = (uint32_t)(first_out * nc);
  free(lits);
  free(trie);
  free(sets);
  free(fail);
  free(queue);
  free(order);
  free(rank);
  return p;

fail:
  free(lits);
  free(trie);
  free(sets);
  free(fail);
  free(queue);
  free(order);
  free(rank);
  cl_prefilter_free(p);
  return NULL;
}

/* Offset of the first ASCII letter or digit of S: where anchored triggers
 * are compared.  Everything else is skipped, which lets through at least
 * every line a ^\W* pattern can match. */
static size_t line_start(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
      break;
    i++;
  }
  return i;
}

static int ci_prefix(const char *s, size_t n, const char *lit, size_t len) {
  if (len > n)
    return 0;
  for (size_t j = 0; j < len; j++) {
    char c = s[j];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (c != lit[j])
      return 0;
  }
  return 1;
}

int cl_trigger_in_line(const char *trigger, const char *s, size_t n) {
  if (trigger[0] == '^' && trigger[1]) {
    size_t st = line_start(s, n);
    return ci_prefix(s + st, n - st, trigger + 1, strlen(trigger + 1));
  }
  size_t len = strlen(trigger);
  for (size_t i = 0; i + len <= n; i++)
    if (ci_prefix(s + i, n - i, trigger, len))
      return 1;
  return 0;
}

static int anchored_hits(const cl_prefilter *p, const char *s, size_t n,
                         uint64_t *hits) {
  if (!p->nanch)
    return 0;
  int any = 0;
  size_t st = line_start(s, n);
  for (size_t k = 0; k < p->nanch; k++)
    if (ci_prefix(s + st, n - st, p->anch[k].lit, p->anch[k].len)) {
      hits[p->anch[k].rule / 64] |= 1ULL << (p->anch[k].rule % 64);
      any = 1;
    }
  return any;
}

/* One pass of the automaton: HITS gets the rules without triggers, then
 * every bit an occurring literal or anchored trigger sets.  1 if any
 * literal or anchored trigger occurred. */
static int dfa_collect(const cl_prefilter *p, const char *s, size_t n,
                       uint64_t *hits) {
  const unsigned char *u = (const unsigned char *)s;
  const uint32_t *delta = p->delta;
  const unsigned char *cls = p->cls;
  const uint32_t out_row = p->out_row;
  const unsigned nc = p->nclasses;
  int any = 0;
  memcpy(hits, p->always, p->words * sizeof *hits);
#define DFA_STEP(row, i)                                                     \
  do {                                                                       \
    row = delta[row + cls[u[i]]];                                            \
    if (row >= out_row) {                                                    \
      const uint64_t *set = p->outsets + (size_t)((row - out_row) / nc) * p->words; \
      for (size_t w = 0; w < p->words; w++)                                  \
        hits[w] |= set[w];                                                   \
      any = 1;                                                               \
    }                                                                        \
  } while (0)
  /* Each step waits for the table load of the one before: four (or two)
   * parts of the line walked side by side overlap those waits.  Each part
   * but the last runs on for a literal's length less one byte, so an
   * occurrence across a boundary is seen whole; hits only accumulate, so
   * one seen twice is no harm. */
  size_t a = 0, a_end = n;
  uint32_t ra = 0;
  if (n >= 8 * p->maxlen + 128) {
    size_t q = n / 4, over = p->maxlen - 1;
    size_t b = q, c = 2 * q, d = 3 * q;
    uint32_t rb = 0, rc = 0, rd = 0;
    /* Parts a, b, c are q + over bytes long, d is n - 3q: walk what all
     * four have, then each one's rest. */
    size_t len = q + over, all = len < n - d ? len : n - d;
    for (size_t k = 0; k < all; k++) {
      DFA_STEP(ra, a + k);
      DFA_STEP(rb, b + k);
      DFA_STEP(rc, c + k);
      DFA_STEP(rd, d + k);
    }
    for (size_t k = all; k < len; k++) {
      DFA_STEP(rb, b + k);
      DFA_STEP(rc, c + k);
    }
    for (size_t k = d + all; k < n; k++)
      DFA_STEP(rd, k);
    a += all;
    a_end = len;
  } else if (n >= 2 * p->maxlen + 16) {
    /* Lines of markup are shorter: two halves. */
    size_t b = n / 2, over = p->maxlen - 1;
    uint32_t rb = 0;
    size_t len = b + over, all = n - b; /* len >= n - b: a is the longer */
    for (size_t k = 0; k < all; k++) {
      DFA_STEP(ra, a + k);
      DFA_STEP(rb, b + k);
    }
    a += all;
    a_end = len;
  }
  for (; a < a_end; a++)
    DFA_STEP(ra, a);
#undef DFA_STEP
  return anchored_hits(p, s, n, hits) | any;
}

/* Clears the "normalisation changes it" bit; 1 if it was set. */
static int take_norm_bit(const cl_prefilter *p, uint64_t *hits) {
  size_t nb = p->nrules + 1;
  uint64_t bit = 1ULL << (nb % 64);
  int was = (hits[nb / 64] & bit) != 0;
  hits[nb / 64] &= ~bit;
  return was;
}

int cl_prefilter_scan(const cl_prefilter *p, const char *s, size_t n,
                      uint64_t *hits) {
  if (!dfa_collect(p, s, n, hits))
    return 0;
  /* The normalisation bit means nothing on normalised text. */
  take_norm_bit(p, hits);
  int any = 0;
  for (size_t w = 0; w < p->words; w++)
    any |= (hits[w] & ~p->always[w]) != 0;
  return any;
}

int cl_prefilter_scan_raw(const cl_prefilter *p, const char *s, size_t n,
                          uint64_t *hits) {
  if (!dfa_collect(p, s, n, hits) && !p->any_always)
    return 0;
  return take_norm_bit(p, hits) ? 2 : 1;
}
