/* prefilter.c - finds which rules can possibly match a line.
 *
 * Most lines of an article carry no credit.  Every rule declares trigger
 * literals, one of which occurs in each line it can match; one pass of an
 * Aho-Corasick DFA over the line finds all triggers at once, so PCRE2 runs
 * only for rules whose triggers occur.  ASCII letters are folded to lower
 * case (rules are caseless); other bytes match exactly.  Bytes that occur in
 * no trigger share one character class, which keeps the table small enough
 * to stay in cache. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct cl_prefilter {
  size_t nrules, words;
  unsigned nclasses;
  unsigned char cls[256];  /* byte -> class, 0 = in no trigger       */
  size_t nstates;
  uint32_t *delta;         /* nstates * nclasses                     */
  uint32_t *out;           /* state -> index into outsets, or 0 = none */
  uint64_t *outsets;       /* (1 + distinct output states) * words   */
  uint64_t *always;        /* rules without triggers                 */
};

static unsigned char fold(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

void cl_prefilter_free(cl_prefilter *p) {
  if (!p)
    return;
  free(p->delta);
  free(p->out);
  free(p->outsets);
  free(p->always);
  free(p);
}

size_t cl_prefilter_words(const cl_prefilter *p) { return p->words; }

cl_prefilter *cl_prefilter_new(const cl_rules *rules) {
  cl_prefilter *p = calloc(1, sizeof *p);
  uint32_t *trie = NULL;      /* goto function while building: nstates*ncls */
  uint64_t *sets = NULL;      /* per-state output sets while building       */
  uint32_t *fail = NULL, *queue = NULL;
  size_t cap = 0, total = 1, nout = 0;
  if (!p)
    goto fail;
  p->nrules = rules->n;
  /* One more bit after the rules: the suppression directive. */
  p->words = (rules->n + 1 + 63) / 64;
  p->always = calloc(p->words, sizeof *p->always);
  if (!p->always)
    goto fail;

  /* Character classes: one per distinct folded byte used by triggers. */
  unsigned char seen[256] = {0};
  p->nclasses = 1;
  for (size_t r = 0; r < rules->n; r++) {
    const cl_rule *rule = &rules->v[r];
    if (rule->ntriggers == 0)
      p->always[r / 64] |= 1ULL << (r % 64);
    for (size_t k = 0; k < rule->ntriggers; k++) {
      for (const unsigned char *s = (const unsigned char *)rule->triggers[k]; *s; s++) {
        unsigned char c = fold(*s);
        if (!seen[c]) {
          seen[c] = 1;
          p->cls[c] = (unsigned char)p->nclasses++;
        }
        total++;
      }
    }
  }
  for (const unsigned char *s = (const unsigned char *)CL_SUPPRESS_DIRECTIVE; *s; s++) {
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

  /* Build the trie; state 0 is the root. */
  cap = total;
  trie = calloc(cap * nc, sizeof *trie);
  sets = calloc(cap * p->words, sizeof *sets);
  if (!trie || !sets)
    goto fail;
  p->nstates = 1;
  for (size_t r = 0; r < rules->n; r++) {
    const cl_rule *rule = &rules->v[r];
    for (size_t k = 0; k < rule->ntriggers; k++) {
      uint32_t st = 0;
      for (const unsigned char *s = (const unsigned char *)rule->triggers[k]; *s; s++) {
        unsigned c = p->cls[fold(*s)];
        if (!trie[st * nc + c])
          trie[st * nc + c] = (uint32_t)p->nstates++;
        st = trie[st * nc + c];
      }
      sets[st * p->words + r / 64] |= 1ULL << (r % 64);
    }
  }
  {
    uint32_t st = 0;
    for (const unsigned char *s = (const unsigned char *)CL_SUPPRESS_DIRECTIVE; *s; s++) {
      unsigned c = p->cls[fold(*s)];
      if (!trie[st * nc + c])
        trie[st * nc + c] = (uint32_t)p->nstates++;
      st = trie[st * nc + c];
    }
    sets[st * p->words + rules->n / 64] |= 1ULL << (rules->n % 64);
  }

  /* Breadth-first: failure links, then complete the DFA in place. */
  fail = calloc(p->nstates, sizeof *fail);
  queue = malloc(p->nstates * sizeof *queue);
  if (!fail || !queue)
    goto fail;
  size_t qh = 0, qt = 0;
  for (unsigned c = 0; c < nc; c++) {
    uint32_t s = trie[c];
    if (s) {
      fail[s] = 0;
      queue[qt++] = s;
    }
  }
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

  /* Compact the output sets: states with an empty set point at 0. */
  p->out = calloc(p->nstates, sizeof *p->out);
  p->outsets = calloc((p->nstates + 1) * p->words, sizeof *p->outsets);
  if (!p->out || !p->outsets)
    goto fail;
  nout = 1;
  for (size_t st = 0; st < p->nstates; st++) {
    int any = 0;
    for (size_t w = 0; w < p->words; w++)
      any |= sets[st * p->words + w] != 0;
    if (any) {
      memcpy(p->outsets + nout * p->words, sets + st * p->words, p->words * sizeof *sets);
      p->out[st] = (uint32_t)nout++;
    }
  }
  p->delta = trie;
  trie = NULL;
  free(sets);
  free(fail);
  free(queue);
  return p;

fail:
  free(trie);
  free(sets);
  free(fail);
  free(queue);
  cl_prefilter_free(p);
  return NULL;
}

int cl_prefilter_scan(const cl_prefilter *p, const char *s, size_t n,
                      uint64_t *hits) {
  const unsigned char *u = (const unsigned char *)s;
  const uint32_t *delta = p->delta;
  const unsigned nc = p->nclasses;
  int any = 0;
  uint32_t st = 0;
  memcpy(hits, p->always, p->words * sizeof *hits);
  for (size_t i = 0; i < n; i++) {
    st = delta[st * nc + p->cls[u[i]]];
    uint32_t o = p->out[st];
    if (o) {
      const uint64_t *set = p->outsets + (size_t)o * p->words;
      for (size_t w = 0; w < p->words; w++)
        hits[w] |= set[w];
      any = 1;
    }
  }
  return any;
}
