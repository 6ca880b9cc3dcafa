/* names.c - when two names name the same party or the same person.
 *
 * Organisations: a party key (cl_org_key) folds case, accents and
 * punctuation, drops a leading "the", a web address's "www." and top-level
 * domain and legal suffixes (GmbH, Inc., S.A., Oy, ASA...), then maps an
 * alias to its canonical name: a policy party's first (docs/policy.md),
 * then the agency table of rules/agencies.yaml (docs/rules.md), whose
 * entries a policy party that shares one of their names takes over.  So
 * "dpa", "DPA" and "Deutsche Presse-Agentur GmbH" are one party.
 *
 * Persons: cl_person_names_match compares bylines as an editor reads
 * them: "By"/"Von"/"Por"/"Par" and a trailing agency or outlet ("Von Anna
 * Beck, dpa", "Ben Hale/dpa", "Ben Hale | Example Post") are set aside;
 * "Last, First", initials, transliterations (ü, ue and u) and desk user
 * ids ("beck.anna", "anna-b") compare equal where the person is the same.
 */
#include "policy.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ folding */

/* ASCII base of the letters U+00C0..U+017F, lower case ('?': see multi;
 * ' ': the signs × and ÷), and which of them are capitals. */
static const char latin_base[] =
    "aaaaaa?ceeeeiiiidnooooo ouuuuy??"
    "aaaaaa?ceeeeiiiidnooooo ouuuuy?y"
    "aaaaaaccccccccddddeeeeeeeeeegggg"
    "gggghhhhiiiiiiiiiiiijjkkklllllll"
    "lllnnnnnnnnnoooooo??rrrrrrssssss"
    "ssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static const char latin_upper[] =
    "1111111111111111111111101111111000000000000000000000000000000000"
    "1010101010101010101010101010101010101010101010101010101001010101"
    "0101010100101010101010101010101010101010101010101010101011010100";

/* Letters written as two ASCII letters: a transliteration in both
 * directions must meet, so ß -> ss, æ -> ae (then folded as below). */
static const char *multi(unsigned cp) {
  switch (cp) {
  case 0xDF: return "ss";
  case 0xC6: case 0xE6: return "ae";
  case 0x152: case 0x153: return "oe";
  case 0xDE: case 0xFE: return "th";
  default: return NULL;
  }
}

/* Decodes one UTF-8 sequence at P (0 for a bad one, taken as 1 byte). */
static unsigned utf8_at(const unsigned char *p, size_t *len) {
  if (p[0] < 0x80) {
    *len = 1;
    return p[0];
  }
  if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
    *len = 2;
    return ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
  }
  if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
    *len = 3;
    return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
  }
  *len = 1;
  return 0;
}

static int is_alnum(int c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Folded words W with "ae", "oe" and "ue" as their first letter, so
 * "Müller", "Mueller" and "Muller" (and "Süddeutsche", "Sueddeutsche")
 * meet.  Both sides of a comparison are folded alike. */
static void fold_umlauts(char *w) {
  char *o = w;
  for (char *p = w; *p; p++) {
    *o++ = *p;
    if (p[1] == 'e' && (*p == 'a' || *p == 'o' || *p == 'u'))
      p++;
  }
  *o = '\0';
}

/* Folds S[0..N) into words: ASCII letters and digits lower-cased, Latin
 * letters to their ASCII base, apostrophes dropped inside a word ("O'Neil"
 * is "oneil"), everything else a word break; other scripts' characters
 * are kept as they are.  A lower-to-upper step starts a new word when
 * CAMEL ("JamesStaff": a byline glued to the title after it).  Words are
 * separated by one space; each glued word is marked in GLUED (bit i for
 * word i, when not NULL).  0 / -1 ENOMEM. */
static int fold_words(const char *s, size_t n, cl_buf *out, int camel,
                      unsigned *glued) {
  cl_buf_clear(out);
  if (cl_buf_reserve(out, n * 2 + 1) < 0)
    return -1;
  out->ptr[0] = '\0';
  if (glued)
    *glued = 0;
  const unsigned char *p = (const unsigned char *)s, *e = p + n;
  int prev_lower = 0;
  unsigned word = 0;
  while (p < e && *p) {
    size_t len;
    unsigned cp = utf8_at(p, &len);
    const char *put = NULL;
    char one[2] = {0, 0};
    int upper = 0, letter = 0;
    if (cp < 0x80 && cp) {
      if (cp >= 'A' && cp <= 'Z') {
        one[0] = (char)(cp - 'A' + 'a');
        upper = 1;
      } else if (is_alnum((int)cp)) {
        one[0] = (char)cp;
      }
      if (one[0])
        put = one;
      letter = put != NULL;
      if (cp == '\'' && out->len && out->ptr[out->len - 1] != ' ' &&
          p + 1 < e && (p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z') {
        p += len; /* O'Neil */
        continue;
      }
    } else if (cp == 0x2019 && out->len && out->ptr[out->len - 1] != ' ') {
      p += len;
      continue;
    } else if (cp >= 0xC0 && cp <= 0x17F && cp != 0xD7 && cp != 0xF7) {
      put = multi(cp);
      if (!put) {
        one[0] = latin_base[cp - 0xC0];
        put = one;
      }
      upper = latin_upper[cp - 0xC0] == '1';
      letter = 1;
    } else if (cp >= 0x80) {
      /* Another script: kept whole, lower case unknown. */
      if ((cp >= 0x2000 && cp <= 0x206F) || cp == 0xA0 ||
          cp == 0xA9 || cp == 0xAE || cp == 0x2122) {
        put = NULL;
      } else {
        if (cl_buf_put(out, p, len) < 0)
          return -1;
        p += len;
        prev_lower = 0;
        continue;
      }
    }
    if (put && camel && upper && prev_lower && out->len &&
        out->ptr[out->len - 1] != ' ') {
      if (cl_buf_putc(out, ' ') < 0)
        return -1;
      word++;
      if (glued && word < 32)
        *glued |= 1u << word;
    }
    if (put) {
      if (cl_buf_puts(out, put) < 0)
        return -1;
    } else if (out->len && out->ptr[out->len - 1] != ' ') {
      if (cl_buf_putc(out, ' ') < 0)
        return -1;
      word++;
    }
    prev_lower = letter && !upper;
    p += len;
  }
  while (out->len && out->ptr[out->len - 1] == ' ')
    out->len--;
  out->ptr[out->len] = '\0';
  return 0;
}

/* ---------------------------------------------------------- org keys */

/* Legal forms, as folded words; the longest first where one ends another.
 * With their lengths: drop_legal_forms compares each with the end of
 * every name a check keys. */
#define W(x) {x, sizeof x - 1}
static const struct {
  const char *s;
  size_t n;
} legal_forms[] = {
    W("s de r l de c v"), W("s a de c v"), W("s de r l"), W("gmbh co kg"),
    W("ag co kg"), W("s p a"), W("s a s"), W("s r l"), W("l l c"),
    W("l l p"), W("s a"), W("n v"), W("b v"), W("a s"), W("e v"), W("k k"),
    W("s l"), W("l p"), W("p l c"), W("inc"), W("incorporated"), W("ltd"),
    W("limited"), W("llc"), W("llp"), W("lp"), W("corp"), W("corporation"),
    W("co"), W("plc"), W("gmbh"), W("mbh"), W("ag"), W("kg"), W("ohg"),
    W("se"), W("sa"), W("sas"), W("spa"), W("srl"), W("sl"), W("nv"),
    W("bv"), W("oy"), W("oyj"), W("ab"), W("as"), W("asa"), W("aps"),
    W("kk"), W("pty"), W("pte"), W("bhd"), W("sdn"), W("ev"), W("eg"),
    W("gesmbh"), W("sarl"), W("sae"),
    {NULL, 0}};
#undef W

/* Top-level domains dropped from a web address used as a name. */
static const char *const tlds[] = {"com", "net", "org", "info", "biz",
                                   "news", "media", "press", "online", NULL};

static int in_list(const char *const *list, const char *w, size_t n) {
  for (; *list; list++)
    if (strlen(*list) == n && memcmp(*list, w, n) == 0)
      return 1;
  return 0;
}

/* The address part of NAME when it is a web address ("www.ansa.it",
 * "https://reuters.com/x", "Zenger News.com"): [*S, *E) without scheme,
 * "www." and path, and *DOT where its top-level domain starts; 0 if
 * NAME is none. */
static int web_address(const char *name, const char **s, const char **e,
                       const char **dot) {
  const char *p = name;
  while (*p == ' ')
    p++;
  int scheme = 0;
  if (strncmp(p, "http://", 7) == 0 || strncmp(p, "https://", 8) == 0) {
    p = strchr(p, '/') + 2;
    scheme = 1;
  }
  if (strncmp(p, "www.", 4) == 0 || strncmp(p, "WWW.", 4) == 0) {
    p += 4;
    scheme = 1;
  }
  const char *q = p;
  while (*q && *q != '/' && *q != '?' && *q != '#')
    q++;
  while (q > p && (q[-1] == ' ' || q[-1] == '.'))
    q--;
  /* The last dot: a top-level domain of letters follows. */
  const char *d = NULL;
  for (const char *r = p; r < q; r++)
    if (*r == '.')
      d = r;
  if (!d || d == p)
    return 0;
  size_t tl = (size_t)(q - d - 1);
  char tld[8];
  if (tl < 2 || tl >= sizeof tld)
    return 0;
  for (size_t i = 0; i < tl; i++) {
    char c = d[1 + i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c < 'a' || c > 'z')
      return 0;
    tld[i] = c;
  }
  tld[tl] = '\0';
  /* "S.A." and "Co.Ltd" are no addresses: a known or two-letter domain
   * after a word of two letters or more. */
  if (!(in_list(tlds, tld, tl) || tl == 2) || (!scheme && d - p < 2) ||
      (!scheme && d[-1] == ' ') || (!scheme && d - p >= 2 && d[-2] == '.'))
    return 0;
  /* A country's second level: "bbc.co.uk", "abc.net.au". */
  const char *d2 = NULL;
  for (const char *r = p; r < d; r++)
    if (*r == '.')
      d2 = r;
  if (tl == 2 && d2 && d - d2 - 1 <= 3 && d - d2 - 1 >= 2) {
    char sl[4] = {0};
    memcpy(sl, d2 + 1, (size_t)(d - d2 - 1));
    if (strcmp(sl, "co") == 0 || strcmp(sl, "com") == 0 ||
        strcmp(sl, "net") == 0 || strcmp(sl, "org") == 0 ||
        strcmp(sl, "ne") == 0 || strcmp(sl, "or") == 0)
      d = d2;
  }
  *s = p;
  *e = q;
  *dot = d;
  return 1;
}

/* Drops trailing legal forms from the folded words of W (keeping one word
 * at least).  Returns 1 if one was dropped. */
static int drop_legal_forms(cl_buf *w) {
  int dropped = 0;
  for (int again = 1; again;) {
    again = 0;
    for (size_t k = 0; legal_forms[k].s; k++) {
      size_t fl = legal_forms[k].n;
      if (w->len <= fl + 1 || w->ptr[w->len - fl - 1] != ' ' ||
          memcmp(w->ptr + w->len - fl, legal_forms[k].s, fl) != 0)
        continue;
      w->len -= fl + 1;
      w->ptr[w->len] = '\0';
      dropped = again = 1;
      break;
    }
  }
  return dropped;
}

/* The folded party name without a leading "the", web address parts or
 * legal forms.  Sets *LEGAL when a legal form was dropped, *WEB when NAME
 * is a web address.  0 / -1 ENOMEM. */
static int org_base(const char *name, cl_buf *out, int *legal, int *web) {
  const char *s, *e, *dot;
  *legal = *web = 0;
  if (!name)
    name = "";
  if (web_address(name, &s, &e, &dot)) {
    *web = 1;
    if (fold_words(s, (size_t)(dot - s), out, 0, NULL) < 0)
      return -1;
  } else if (fold_words(name, strlen(name), out, 0, NULL) < 0) {
    return -1;
  }
  if (strncmp(out->ptr, "the ", 4) == 0) {
    memmove(out->ptr, out->ptr + 4, out->len - 3);
    out->len -= 4;
  }
  *legal = drop_legal_forms(out);
  fold_umlauts(out->ptr);
  out->len = strlen(out->ptr);
  return 0;
}

int cl_org_base_key(const char *name, cl_buf *out) {
  int legal, web;
  return org_base(name, out, &legal, &web);
}

/* ------------------------------------------------------ agency table */

typedef struct {
  char *name, *legal, *country, *file;
  unsigned line;
} agency;

typedef struct {
  char *key;     /* cl_org_base_key of the text */
  char *text;    /* as written */
  size_t agency; /* index in v */
  unsigned line;
} agency_key;

struct cl_agencies {
  agency *v;
  size_t n, cap;
  agency_key *keys; /* sorted by key once compiled */
  size_t nkeys, keys_cap;
  int sorted;
};

void cl_agencies_free(cl_agencies *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->n; i++) {
    free(t->v[i].name);
    free(t->v[i].legal);
    free(t->v[i].country);
    free(t->v[i].file);
  }
  for (size_t i = 0; i < t->nkeys; i++) {
    free(t->keys[i].key);
    free(t->keys[i].text);
  }
  free(t->v);
  free(t->keys);
  free(t);
}

static int grow(void *v, size_t *cap, size_t n, size_t size) {
  if (n < *cap)
    return 0;
  size_t ncap = *cap ? *cap * 2 : 16;
  void *q = realloc(*(void **)v, ncap * size);
  if (!q)
    return -1;
  *(void **)v = q;
  *cap = ncap;
  return 0;
}

static int add_key(cl_agencies *t, const char *text, unsigned line,
                   cl_buf *kb) {
  if (cl_org_base_key(text, kb) < 0 ||
      grow(&t->keys, &t->keys_cap, t->nkeys, sizeof *t->keys) < 0)
    return -1;
  if (kb->len == 0)
    return 0;
  agency_key *k = &t->keys[t->nkeys];
  k->key = cl_strdup(kb->ptr);
  k->text = cl_strdup(text);
  k->agency = t->n - 1;
  k->line = line;
  if (!k->key || !k->text) {
    free(k->key);
    free(k->text);
    return -1;
  }
  t->nkeys++;
  return 0;
}

int cl_agencies_add(cl_rules *rules, const cl_agency_entry *e) {
  if (!rules->agencies &&
      !(rules->agencies = calloc(1, sizeof *rules->agencies)))
    return -1;
  cl_agencies *t = rules->agencies;
  /* The same file loaded twice declares nothing new. */
  for (size_t i = 0; i < t->n; i++)
    if (t->v[i].line == e->line && strcmp(t->v[i].file, e->file) == 0)
      return 0;
  if (grow(&t->v, &t->cap, t->n, sizeof *t->v) < 0)
    return -1;
  agency *a = &t->v[t->n];
  memset(a, 0, sizeof *a);
  a->name = cl_strdup(e->name);
  a->legal = e->legal ? cl_strdup(e->legal) : NULL;
  a->country = e->country ? cl_strdup(e->country) : NULL;
  a->file = cl_strdup(e->file);
  a->line = e->line;
  t->n++;
  t->sorted = 0;
  if (!a->name || !a->file || (e->legal && !a->legal) ||
      (e->country && !a->country))
    return -1;
  cl_buf kb = CL_BUF_INIT;
  int rc = add_key(t, e->name, e->line, &kb);
  if (rc == 0 && e->legal)
    rc = add_key(t, e->legal, e->legal_line, &kb);
  for (size_t i = 0; rc == 0 && i < e->naliases; i++)
    rc = add_key(t, e->aliases[i], e->alias_line, &kb);
  cl_buf_free(&kb);
  return rc;
}

static int key_cmp(const void *x, const void *y) {
  const agency_key *a = x, *b = y;
  int c = strcmp(a->key, b->key);
  if (c)
    return c;
  return a->agency < b->agency ? -1 : a->agency > b->agency;
}

int cl_agencies_compile(cl_rules *rules) {
  cl_agencies *t = rules->agencies;
  int bad = 0;
  if (!t || t->sorted)
    return 0;
  qsort(t->keys, t->nkeys, sizeof *t->keys, key_cmp);
  /* Equal keys of one agency say nothing new; of two, they make one name
   * two parties. */
  size_t o = 0;
  for (size_t i = 0; i < t->nkeys; i++) {
    if (o && strcmp(t->keys[o - 1].key, t->keys[i].key) == 0) {
      const agency_key *k = &t->keys[i], *f = &t->keys[o - 1];
      if (f->agency != k->agency) {
        const agency *a = &t->v[k->agency], *b = &t->v[f->agency];
        cl_rules_add_error(rules, a->file, k->line,
                           "agency \"%s\": \"%s\" already names agency "
                           "\"%s\" (%s:%u)",
                           a->name, k->text, b->name, b->file, f->line);
        bad = 1;
      }
      free(t->keys[i].key);
      free(t->keys[i].text);
      continue;
    }
    t->keys[o++] = t->keys[i];
  }
  t->nkeys = o;
  t->sorted = 1;
  return bad;
}

/* The agency with base key KEY, or -1. */
static long agency_of(const cl_agencies *t, const char *key) {
  if (!t || !t->sorted)
    return -1;
  size_t lo = 0, hi = t->nkeys;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(key, t->keys[mid].key);
    if (c == 0)
      return (long)t->keys[mid].agency;
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return -1;
}

size_t cl_agencies_count(const cl_rules *rules) {
  return rules && rules->agencies ? rules->agencies->n : 0;
}

/* ------------------------------------------------------------ parties */

/* The canonical key of base key KEY (in OUT): a policy party's, else an
 * agency's, which a policy party naming the same agency takes over.
 * Sets *KNOWN when either knows the name.  0 / -1 ENOMEM. */
static int canonical(const cl_rules *rules, cl_buf *out, int *known) {
  const cl_policy *p = rules ? rules->policy : NULL;
  const cl_party *q = p ? cl_policy_party(p, out->ptr) : NULL;
  *known = 0;
  if (!q && rules) {
    long a = agency_of(rules->agencies, out->ptr);
    if (a >= 0) {
      const cl_agencies *t = rules->agencies;
      *known = 1;
      for (size_t i = 0; p && i < t->nkeys && !q; i++)
        if (t->keys[i].agency == (size_t)a)
          q = cl_policy_party(p, t->keys[i].key);
      if (!q) {
        cl_buf kb = CL_BUF_INIT;
        int rc = cl_org_base_key(t->v[a].name, &kb);
        if (rc == 0) {
          cl_buf_clear(out);
          rc = cl_buf_puts(out, kb.ptr);
        }
        cl_buf_free(&kb);
        return rc;
      }
    }
  }
  if (q) {
    *known = 1;
    if (strcmp(q->key, out->ptr) != 0) {
      cl_buf_clear(out);
      if (cl_buf_puts(out, q->key) < 0)
        return -1;
    }
  }
  return 0;
}

int cl_policy_name_key(const cl_rules *rules, const char *name, cl_buf *out) {
  int known;
  if (cl_org_base_key(name, out) < 0)
    return -1;
  return canonical(rules, out, &known);
}

const char *cl_party_name(const cl_rules *rules, const char *name,
                          cl_buf *scratch) {
  if (!rules || cl_org_base_key(name, scratch) < 0)
    return NULL;
  const cl_party *q = rules->policy ? cl_policy_party(rules->policy, scratch->ptr) : NULL;
  if (q)
    return q->name;
  long a = agency_of(rules->agencies, scratch->ptr);
  if (a < 0)
    return NULL;
  /* A policy party that names the agency speaks for it. */
  const cl_agencies *t = rules->agencies;
  for (size_t i = 0; rules->policy && i < t->nkeys; i++)
    if (t->keys[i].agency == (size_t)a &&
        (q = cl_policy_party(rules->policy, t->keys[i].key)) != NULL)
      return q->name;
  return t->v[a].name;
}

/* Words that make a name an organisation's, not a person's. */
static const char *const org_words[] = {
    "news", "press", "presse", "media", "agency", "agence", "agencia",
    "agenzia", "agentur", "wire", "newswire", "wires", "service", "services",
    "associated", "network", "times", "post", "journal", "herald", "tribune",
    "gazette", "daily", "weekly", "magazine", "zeitung", "redaktion",
    "staff", "newsroom", "desk", "editors", "editorial", "online", "radio",
    "television", "tv", "broadcasting", "group", "publishing", "publications",
    "newspaper", "newspapers", "reporters", "correspondents", "bureau",
    "foundation", "institute", "university", "ministry", "department",
    "office", "council", "association", "company", "inc", "zeitungsverlag",
    "verlag", "nachrichten", "noticias", "nouvelles", "notizie", NULL};

int cl_name_is_org(const cl_rules *rules, const char *name, cl_buf *scratch) {
  int legal, web, known;
  if (!name)
    return 0;
  if (org_base(name, scratch, &legal, &web) < 0)
    return -1;
  if (legal || web)
    return 1;
  for (const char *w = scratch->ptr; *w;) {
    size_t n = strcspn(w, " ");
    if (in_list(org_words, w, n))
      return 1;
    w += n;
    w += *w == ' ';
  }
  if (canonical(rules, scratch, &known) < 0)
    return -1;
  return known;
}

/* Initials of the significant words of LONGN ("associated press") are
 * SHORTN ("ap"). */
static int is_initials_of(const char *shortn, const char *longn) {
  size_t n = strlen(shortn), k = 0;
  if (n < 2 || strchr(shortn, ' '))
    return 0;
  for (const char *p = longn; *p;) {
    while (*p == ' ')
      p++;
    const char *w = p;
    while (*p && *p != ' ')
      p++;
    size_t wl = (size_t)(p - w);
    if (wl == 0 || (wl == 3 && strncmp(w, "and", 3) == 0) ||
        (wl == 2 && strncmp(w, "of", 2) == 0))
      continue;
    if (k >= n || shortn[k] != w[0])
      return 0;
    k++;
  }
  return k == n;
}

/* 1 if WORD (N bytes) occurs in S as whole words. */
static int has_words(const char *s, const char *word, size_t n) {
  for (const char *p = s; (p = strstr(p, word)) != NULL; p++) {
    int start = p == s || p[-1] == ' ';
    int end = p[n] == '\0' || p[n] == ' ';
    if (start && end)
      return 1;
  }
  return 0;
}

int cl_orgs_match(const cl_rules *rules, const char *x, const char *y,
                  cl_buf *a, cl_buf *b) {
  if (!x || !y)
    return 0;
  if (cl_policy_name_key(rules, x, a) < 0 || cl_policy_name_key(rules, y, b) < 0)
    return -1;
  if (!a->len || !b->len)
    return 0;
  if (strcmp(a->ptr, b->ptr) == 0)
    return 1;
  if (a->len < b->len ? has_words(b->ptr, a->ptr, a->len)
                      : has_words(a->ptr, b->ptr, b->len))
    return 1;
  return is_initials_of(a->ptr, b->ptr) || is_initials_of(b->ptr, a->ptr);
}

/* ------------------------------------------------------------ persons */

#define MAX_TOKENS 12

typedef struct {
  const char *tok[MAX_TOKENS];
  size_t n;
  unsigned glued; /* bit i: token i was glued to the one before */
  int desk;       /* a desk user id: "beck.anna", "anna-b" */
  char store[256];
} person;

/* Bylines' leading words (by, titles) and name tails that are no part of
 * the name. */
static const char *const by_words[] = {
    "by", "von", "por", "par", "door", "av", "af", "text", "dr", "mr",
    "mrs", "ms", "mx", "prof", "professor", "sir", "dame", "rev", "hon",
    "administrator", "secretary", "director", "deputy", "senator",
    "governor", "minister", "president", "ambassador", NULL};
static const char *const tails[] = {"jr", "sr", "ii", "iii", "iv", "phd",
                                    NULL};

/* Reads [S, E) as a person: folded words, "By"/"Von" dropped.  A desk id
 * is one lower-case word with '.', '_' or '-' inside.  0 if it has no
 * word (or too many to be a name). */
static int person_read(const char *s, const char *e, int camel, person *pr) {
  cl_buf w = CL_BUF_INIT;
  memset(pr, 0, sizeof *pr);
  while (s < e && *s == ' ')
    s++;
  while (e > s && e[-1] == ' ')
    e--;
  int lower = 1, inner = 0;
  for (const char *p = s; p < e; p++) {
    if (*p == ' ')
      inner = -1;
    if (*p >= 'A' && *p <= 'Z')
      lower = 0;
    if ((*p == '.' || *p == '_' || *p == '-') && inner >= 0 && p > s &&
        p + 1 < e)
      inner = 1;
  }
  pr->desk = lower && inner == 1;
  if (fold_words(s, (size_t)(e - s), &w, camel, &pr->glued) < 0) {
    cl_buf_free(&w);
    return -1;
  }
  unsigned glued = pr->glued;
  size_t o = 0, word = 0;
  pr->glued = 0;
  for (const char *p = w.ptr ? w.ptr : ""; *p; word++) {
    size_t n = strcspn(p, " ");
    int skip = (pr->n == 0 && in_list(by_words, p, n) && p[n]) ||
               in_list(tails, p, n);
    if (!skip && pr->n < MAX_TOKENS && o + n + 1 <= sizeof pr->store) {
      memcpy(pr->store + o, p, n);
      pr->store[o + n] = '\0';
      fold_umlauts(pr->store + o);
      if (word < 32 && (glued >> word & 1u))
        pr->glued |= 1u << pr->n;
      pr->tok[pr->n++] = pr->store + o;
      o += n + 1;
    }
    p += n;
    p += *p == ' ';
  }
  cl_buf_free(&w);
  return pr->n > 0;
}

/* Short forms of given names that are not their beginning, folded as
 * fold_umlauts leaves them ("michael" is "michal"). */
static const char *const nicknames[][2] = {
    {"mike", "michal"}, {"bill", "william"}, {"will", "william"},
    {"bob", "robert"},   {"rob", "robert"},   {"jim", "james"},
    {"tom", "thomas"},   {"dick", "richard"}, {"rick", "richard"},
    {"jack", "john"},    {"ted", "edward"},   {"ed", "edward"},
    {"tony", "anthony"}, {"liz", "elizabeth"}, {"beth", "elizabeth"},
    {"kate", "katherine"}, {"kate", "catherine"}, {"kathy", "katherine"},
    {"peggy", "margaret"}, {"maggie", "margaret"}, {"sasha", "alexander"},
};

/* One given name against another: equal, one the other's initial, its
 * beginning of three letters or more ("Steve" / "Steven") or a known
 * short form ("Mike" / "Michael"). */
static int given_match(const char *x, const char *y) {
  size_t xl = strlen(x), yl = strlen(y);
  if (strcmp(x, y) == 0)
    return 1;
  if ((xl == 1 && x[0] == y[0]) || (yl == 1 && y[0] == x[0]))
    return 1;
  if (xl >= 3 && yl >= 3 && strncmp(x, y, xl < yl ? xl : yl) == 0)
    return 1;
  for (size_t i = 0; i < sizeof nicknames / sizeof nicknames[0]; i++)
    if ((strcmp(x, nicknames[i][0]) == 0 && strcmp(y, nicknames[i][1]) == 0) ||
        (strcmp(y, nicknames[i][0]) == 0 && strcmp(x, nicknames[i][1]) == 0))
      return 1;
  return 0;
}

/* Surname last in both: same surname, given names or their initials
 * agree as far as both go. */
static int ordered_match(const person *x, size_t nx, const person *y,
                         size_t ny) {
  if (nx == 0 || ny == 0 || strcmp(x->tok[nx - 1], y->tok[ny - 1]) != 0)
    return 0;
  size_t k = nx < ny ? nx - 1 : ny - 1;
  for (size_t i = 0; i < k; i++)
    if (!given_match(x->tok[i], y->tok[i]))
      return 0;
  return 1;
}

/* A desk id's words against a name's, in either order: as a name
 * ("erica-groshen" / "Erica L. Groshen", "groshen.erica"), or word by word
 * with initials allowed and one of them whole ("kevin-r" / "Kevin
 * Rebong"). */
static int desk_match(const person *id, const person *y) {
  person back = *id;
  for (size_t i = 0; i < id->n; i++)
    back.tok[i] = id->tok[id->n - 1 - i];
  if (ordered_match(id, id->n, y, y->n) || ordered_match(&back, back.n, y, y->n))
    return 1;
  if (id->n != y->n || id->n < 2)
    return 0;
  for (int rev = 0; rev < 2; rev++) {
    int ok = 1, whole = 0;
    for (size_t i = 0; i < id->n && ok; i++) {
      const char *t = id->tok[rev ? id->n - 1 - i : i];
      ok = given_match(t, y->tok[i]);
      whole |= strlen(t) > 1 && strcmp(t, y->tok[i]) == 0;
    }
    if (ok && whole)
      return 1;
  }
  return 0;
}

/* Words of a byline's title, after the name. */
static const char *const titles[] = {
    "writer", "staff", "contributor", "contributing", "correspondent",
    "columnist", "editor", "reporter", "journalist", "photographer",
    "producer", "analyst", "critic", "author", "redakteur", "redakteurin",
    "korrespondent", "korrespondentin", "autor", "autorin", NULL};

/* One of P's words from K on is a title word. */
static int has_title(const person *p, size_t k) {
  for (; k < p->n; k++)
    if (in_list(titles, p->tok[k], strlen(p->tok[k])))
      return 1;
  return 0;
}

/* One word T against a name of several: its first or last name ("Regan"),
 * or a login of initial and surname ("lmartinez", "martinezl"). */
static int one_word_match(const char *t, const person *p) {
  const char *first = p->tok[0], *last = p->tok[p->n - 1];
  size_t tl = strlen(t), ll = strlen(last);
  if (strcmp(t, first) == 0 || strcmp(t, last) == 0)
    return 1;
  if (p->n < 2 || tl != ll + 1)
    return 0;
  return (t[0] == first[0] && strcmp(t + 1, last) == 0) ||
         (t[ll] == first[0] && strncmp(t, last, ll) == 0);
}

static int persons_match(const person *x, const person *y) {
  if (x->n == 1 || y->n == 1) {
    const person *one = x->n == 1 ? x : y, *other = x->n == 1 ? y : x;
    return one_word_match(one->tok[0], other);
  }
  if (x->desk || y->desk)
    return x->desk ? desk_match(x, y) : desk_match(y, x);
  if (ordered_match(x, x->n, y, y->n))
    return 1;
  /* A byline followed by a title or outlet: "Lucy Beck, Example
   * Contributor", or glued to it: "Meg JamesStaff Writer". */
  for (int side = 0; side < 2; side++) {
    const person *a = side ? y : x, *b = side ? x : y;
    for (size_t k = 2; k < b->n; k++)
      if (((b->glued >> k & 1u) || has_title(b, k)) &&
          ordered_match(a, a->n, b, k))
        return 1;
  }
  return 0;
}

/* The readings of NAME as a person: the whole of it, the part before a
 * separator of an outlet ("|", " - ", "/", "(") and, with a comma, both
 * "Last, First" and "Name, Outlet". */
typedef struct {
  person v[6];
  size_t n;
} readings;

/* Adds the readings of [S, E): as written, and split where a lower-case
 * letter meets a capital when that makes a difference ("Meg DoeStaff
 * Writer"; "MacArthur" is read whole too).  0 / -1. */
static int add_reading(readings *r, const char *s, const char *e) {
  for (int camel = 0; camel < 2; camel++) {
    int rc = person_read(s, e, camel, &r->v[r->n]);
    if (rc < 0)
      return -1;
    if (rc && (!camel || r->v[r->n].glued))
      r->n++;
  }
  return 0;
}

static int read_person(const char *name, readings *r) {
  r->n = 0;
  if (!name)
    return 0;
  const char *e = name + strlen(name);
  /* "Anna Beck | Example Post", "Anna Beck/dpa", "Anna Beck (dpa)". */
  for (const char *p = name; *p; p++)
    if ((*p == '|' || *p == '/' || *p == '(' ||
         (p[0] == ' ' && (p[1] == '-' || (unsigned char)p[1] == 0xE2) &&
          p > name)) &&
        p > name) {
      e = p;
      break;
    }
  const char *comma = memchr(name, ',', (size_t)(e - name));
  if (!comma)
    return add_reading(r, name, e);
  /* "Last, First": the given names first. */
  char swapped[256];
  size_t after = (size_t)(e - comma - 1), before = (size_t)(comma - name);
  if (after + before + 2 <= sizeof swapped) {
    memcpy(swapped, comma + 1, after);
    swapped[after] = ' ';
    memcpy(swapped + after + 1, name, before);
    swapped[after + 1 + before] = '\0';
    if (add_reading(r, swapped, swapped + after + 1 + before) < 0)
      return -1;
  }
  /* "Name, Outlet". */
  return add_reading(r, name, comma);
}

int cl_person_names_match(const char *x, const char *y) {
  readings *rx = malloc(sizeof *rx), *ry = malloc(sizeof *ry);
  int rc = -1;
  if (!rx || !ry || read_person(x, rx) < 0 || read_person(y, ry) < 0)
    goto done;
  rc = 0;
  for (size_t i = 0; i < rx->n && !rc; i++)
    for (size_t j = 0; j < ry->n && !rc; j++)
      rc = persons_match(&rx->v[i], &ry->v[j]);
done:
  free(rx);
  free(ry);
  return rc;
}
