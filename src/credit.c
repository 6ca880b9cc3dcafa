/* credit.c - turns one rule match into typed credit records.
 *
 * Rules capture greedily (a holder group often runs to the end of the
 * line), so every field is cleaned here by what it names: a holder loses
 * "All rights reserved" and any disclaimer sentence after it, a person list
 * becomes one credit per person, a wire agency gets its canonical name.
 * Every string lives in the document's arena; cleaning works in place on
 * an arena copy because it only ever shortens a string. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ strings */

static int is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }

static int is_digit(int c) { return c >= '0' && c <= '9'; }

static int to_lower(int c) { return is_upper(c) ? c + ('a' - 'A') : c; }

/* A letter, digit or the lead byte of a non-ASCII character. */
static int is_word_start(unsigned char c) {
  return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z') || c >= 0x80;
}

/* ASCII case-insensitive comparison of N bytes. */
static int ci_eq(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (to_lower((unsigned char)a[i]) != to_lower((unsigned char)b[i]))
      return 0;
  return 1;
}

/* ASCII case-insensitive strstr. */
static char *ci_find(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (const char *p = hay; *p; p++)
    if (ci_eq(p, needle, n))
      return (char *)p;
  return NULL;
}

/* Trims S and collapses runs of white space into one space, in place. */
static char *squeeze(char *s) {
  char *w = s;
  const char *r = s;
  while (is_space((unsigned char)*r))
    r++;
  while (*r) {
    if (is_space((unsigned char)*r)) {
      while (is_space((unsigned char)*r))
        r++;
      if (*r)
        *w++ = ' ';
    } else {
      *w++ = *r++;
    }
  }
  *w = '\0';
  return s;
}

/* Dashes a credit uses as separators: '-', en dash, em dash.  Returns the
 * byte length of the dash at P, or 0. */
static size_t dash_len(const char *p) {
  if (*p == '-')
    return 1;
  if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
      ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94))
    return 3;
  return 0;
}

/* Separators of page chrome after a name ("Acme | Impressum"): '|',
 * dashes, middle dot, bullet.  Byte length at P, or 0. */
static size_t separator_len(const char *p) {
  if (*p == '|')
    return 1;
  if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xB7)
    return 2;
  if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
      (unsigned char)p[2] == 0xA2)
    return 3;
  return dash_len(p);
}

/* Suffixes of company names, compared without their final period. */
#define W(x) {x, sizeof x - 1}
static const struct {
  const char *s;
  size_t n; /* its length: compared for every word of every holder */
} corp_suffixes[] = {
    W("inc"), W("ltd"), W("corp"), W("co"), W("l.p"), W("lp"), W("llc"),
    W("l.l.c"), W("s.a"), W("sa"), W("plc"), W("gmbh"), W("ag"), W("n.v"),
    W("nv"), W("b.v"), W("bv"), W("pty"), W("limited"), W("corporation"),
    W("incorporated"), W("s.a.s"), W("llp"), W("s.p.a"), W("kg"), W("kgaa"),
    W("ohg"), W("e.v"), W("sarl"), W("s.a.r.l"), W("s.l"), W("srl"),
    W("s.r.l"), W("a.s"), W("s.r.o"), W("oy"), W("ab"), W("c.v"),
    {NULL, 0}};
#undef W

static int is_corp_suffix(const char *w, size_t n) {
  while (n && w[n - 1] == '.')
    n--;
  for (size_t i = 0; corp_suffixes[i].s; i++)
    if (corp_suffixes[i].n == n && ci_eq(w, corp_suffixes[i].s, n))
      return 1;
  return 0;
}

/* "Q" or "J.R": capital initials, whose period ends no sentence. */
static int is_initials(const char *w, size_t n) {
  if (n == 0)
    return 0;
  for (size_t i = 0; i < n; i++) {
    if (i % 2 == 0 ? !is_upper((unsigned char)w[i]) : w[i] != '.')
      return 0;
  }
  return n % 2 == 1;
}

/* The word that ends right before S+END: after the last space or comma. */
static size_t word_before(const char *s, size_t end) {
  size_t b = end;
  while (b > 0 && !is_space((unsigned char)s[b - 1]) && s[b - 1] != ',')
    b--;
  return b;
}

/* Length of the next word at P (up to a space, comma or period end). */
static size_t word_at(const char *p) {
  size_t n = 0;
  while (p[n] && !is_space((unsigned char)p[n]) && p[n] != ',')
    n++;
  return n;
}

/* Small words inside a name: "Bank of England", "Smith & Sons". */
static const char *const connectors[] = {
    "of", "and", "the", "for", "at", "in", "de", "du", "des", "la", "le",
    "von", "van", "der", "den", "und", "et", "y", "del", "&", "+", "-", ",",
    NULL};

static int is_connector(const char *w, size_t n) {
  for (size_t i = 0; connectors[i]; i++)
    if (strlen(connectors[i]) == n && ci_eq(w, connectors[i], n))
      return 1;
  return 0;
}

/* A joint name across a dash: "Northern News Agency - Western News
 * Agency".  The part after the dash (up to the next separator) is all
 * name words and ends on the word the part before ends on, as two
 * agencies' or papers' names do; page chrome ("Acme News - Privacy
 * Policy", "Acme News - News Archive") does not.  S[0..BEFORE) precedes
 * the dash, AFTER starts the part after it. */
static int joint_name(const char *s, size_t before, const char *after) {
  size_t hb = word_before(s, before), hn = before - hb;
  const char *last = NULL;
  size_t ln = 0;
  int words = 0;
  for (const char *w = after; *w && *w != '|';) {
    size_t n = word_at(w);
    if (n == 0 || separator_len(w) == n || ++words > 8)
      break;
    unsigned char c = (unsigned char)*w;
    if (!is_upper(c) && c < 0x80 && !is_connector(w, n))
      return 0;
    last = w;
    ln = n;
    w += n;
    while (*w == ' ')
      w++;
  }
  return last && ln >= 3 && ln == hn && memcmp(last, s + hb, ln) == 0;
}

/* Where a greedy capture runs into the next sentence: ". Word", "; Word",
 * " | Word", " - Word".  A period after an initial ("John Q. Public") ends
 * no sentence; one after a company suffix does but stays with the name
 * ("Acme Inc. Acme does ..." -> "Acme Inc."), unless another suffix
 * follows ("Acme Co. Ltd.").  Returns the length to keep. */
static size_t sentence_cut(const char *s) {
  for (size_t i = 0; s[i]; i++) {
    if ((s[i] == '.' || s[i] == ';') && s[i + 1] == ' ' &&
        (is_word_start((unsigned char)s[i + 2]) ||
         (s[i + 2] == '"' && is_word_start((unsigned char)s[i + 3])))) {
      if (s[i] == ';')
        return i;
      size_t b = word_before(s, i);
      if (is_initials(s + b, i - b))
        continue;
      if (is_corp_suffix(s + b, i - b) && i > b) {
        const char *next = s + i + 2;
        if (is_corp_suffix(next, word_at(next)))
          continue;
        return i + 1;
      }
      return i;
    }
    size_t n;
    if (s[i] == ' ' && (n = separator_len(s + i + 1)) != 0 &&
        s[i + 1 + n] == ' ' && is_word_start((unsigned char)s[i + 2 + n]) &&
        !(dash_len(s + i + 1) == n && joint_name(s, i, s + i + 2 + n)))
      return i;
  }
  return strlen(s);
}

static int is_trailing_punct(int c) {
  return c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
         c == '|' || c == '/' || c == '*' || c == '-' || c == '.';
}

/* Removes trailing spaces and punctuation; the period of a company suffix
 * ("Holder, Inc.") stays when KEEP_SUFFIX. */
static void strip_trailing(char *s, int keep_suffix) {
  size_t n = strlen(s);
  for (;;) {
    while (n > 0 && is_space((unsigned char)s[n - 1]))
      n--;
    if (n == 0)
      break;
    if (n >= 3 && (separator_len(s + n - 3) == 3 || memcmp(s + n - 3, "-->", 3) == 0 ||
                   memcmp(s + n - 3, "\xE2\x84\xA2", 3) == 0 ||
                   memcmp(s + n - 3, "\xE2\x84\xA0", 3) == 0)) {
      n -= 3; /* a dash or bullet, the end of an HTML comment, a trade or
                 service mark ("360info™") */
      continue;
    }
    if (n >= 2 && memcmp(s + n - 2, "\xC2\xAE", 2) == 0) {
      n -= 2; /* a registered mark */
      continue;
    }
    if (n >= 2 && separator_len(s + n - 2) == 2) {
      n -= 2; /* a middle dot */
      continue;
    }
    char c = s[n - 1];
    if (c == '"') {
      /* A closing quote without its opening one is the quoting around
       * the line ('party: "Produced in association with X."'). */
      size_t q = 0;
      for (size_t i = 0; i < n; i++)
        q += s[i] == '"';
      if (q % 2 == 0)
        break;
      n--;
      continue;
    }
    if (!is_trailing_punct((unsigned char)c))
      break;
    if (c == '.' && keep_suffix) {
      size_t b = word_before(s, n - 1);
      if (n - 1 > b && is_corp_suffix(s + b, n - 1 - b))
        break;
    }
    n--;
  }
  s[n] = '\0';
}

/* Removes leading spaces and separators (", Acme" -> "Acme"). */
static char *strip_leading(char *s) {
  while (*s && (is_space((unsigned char)*s) || *s == ',' || *s == ';' ||
                *s == ':' || *s == '|' || *s == '.' || *s == '-'))
    s++;
  return s;
}

/* Cuts S at the first of the (lower-case) PHRASES, if any. */
static void cut_at_any(char *s, const char *const *phrases) {
  /* One lower-case copy searched with strstr (the phrases are written in
   * lower case): a case-folding search per phrase stepped through the
   * whole value some fifty times.  Cutting the copy where S is cut keeps
   * each phrase's search to what is left, as before. */
  char small[256], *low = small;
  size_t n = strlen(s);
  if (n >= sizeof small && !(low = malloc(n + 1))) {
    for (size_t i = 0; phrases[i]; i++) { /* out of memory: the slow way */
      char *p = ci_find(s, phrases[i]);
      if (p)
        *p = '\0';
    }
    return;
  }
  for (size_t i = 0; i <= n; i++)
    low[i] = (char)to_lower((unsigned char)s[i]);
  for (size_t i = 0; phrases[i]; i++) {
    char *p = strstr(low, phrases[i]);
    if (p) {
      *p = '\0';
      s[p - low] = '\0';
    }
  }
  if (low != small)
    free(low);
}

static const char *const rights_phrases[] = {
    "all rights reserved", "some rights reserved", "alle rechte vorbehalten",
    "todos los derechos reservados", "derechos reservados", "tous droits r",
    "droits r\xC3\xA9serv\xC3\xA9s", "droits reserves", "tous droits de reproduction",
    "droits de reproduction", "reproduction interdite", "prohibida su reproducci",
    "prohibida la reproducci", "alle rechte bei", "alle rechte liegen", NULL};

/* A company or publication name out of a greedy capture. */
static char *clean_name(char *s) {
  cut_at_any(s, rights_phrases);
  squeeze(s);
  s[sentence_cut(s)] = '\0';
  strip_trailing(s, 1);
  return strip_leading(s);
}

/* What follows a holder's name without being part of it: how it relates
 * to others (", a subsidiary of ...", " or its affiliated companies"), a
 * trademark sentence, page chrome after a comma or space ("Acme, Inc.,
 * Contact Us").  Lower case; cut where found. */
static const char *const holder_tails[] = {
    ", a subsidiary of", ", a division of", ", a part of", ", part of",
    ", an affiliate of", " or its affiliate", " and its affiliate",
    " and/or its affiliate", " or its licensors", " and its licensors",
    " unless otherwise", " except where", " is a registered trade",
    " is a trademark", " are registered trade", " all rights", /* "All rights resrved" */
    " contact us", " privacy policy", " terms of use", " terms of service",
    " terms and conditions", " terms & conditions", " about us", " sitemap",
    " cookie policy", " cookie settings", " advertise with us", " impressum",
    " datenschutz", " -- ", " see the ", " version ", ", though ", NULL};

/* Credits of a site's makers, not holders: "Designed by X", "Powered by". */
static const char *const maker_prefixes[] = {
    "designed by ", "powered by ", "hosted by ", "site by ", "website by ",
    "developed by ", "built by ", NULL};

/* A placeholder of a notice template: "<name of author>", "YOUR NAME". */
static int is_placeholder(const char *s) {
  size_t n = strlen(s);
  return (n > 2 && s[0] == '<' && s[n - 1] == '>') || ci_find(s, "name of author") ||
         ci_eq(s, "your name", 9) || ci_eq(s, "copyright", n > 9 ? 9 : n + 1);
}

/* Words of a postal address: "Media Centre, Harbour Way". */
static int is_address_word(const char *w, size_t n) {
  static const char *const words[] = {
      "way",   "road",  "rd",   "street", "st",     "avenue", "ave",
      "lane",  "centre", "center", "house", "square", "place",  "drive",
      "boulevard", "blvd", "plaza", "building", "floor", "suite", "box",
      "strasse", "straße", "str", NULL};
  while (n && w[n - 1] == '.')
    n--;
  if (n && is_digit((unsigned char)w[0]))
    return 1; /* a number, a postcode */
  for (size_t i = 0; words[i]; i++)
    if (strlen(words[i]) == n && ci_eq(w, words[i], n))
      return 1;
  return 0;
}

/* "Acme Media Ltd, Media Centre, Harbour Way": a postal address after the
 * company suffix, cut.  Only an address: "Red Hat, Inc., Ann Lee" names
 * two holders, "Acme AG, Nuernberg, Germany" says where it is (both kept,
 * as ScanCode keeps them), and a suffix, "and" or "&" after it makes a
 * list of holders ("Acme Ltd, Beta GmbH and Gamma Co"). */
static void cut_address(char *s) {
  for (char *p = strchr(s, ','); p; p = strchr(p + 1, ',')) {
    size_t b = word_before(s, (size_t)(p - s));
    if (!is_corp_suffix(s + b, (size_t)(p - s) - b))
      continue;
    const char *r = p + 1;
    while (*r == ' ')
      r++;
    if (is_corp_suffix(r, word_at(r)))
      continue; /* "Acme Co, Ltd." */
    int list = 0, address = 0;
    for (const char *w = r; *w && !list;) {
      size_t n = word_at(w);
      list = n && (is_corp_suffix(w, n) || (n == 3 && ci_eq(w, "and", 3)) ||
                   (n == 1 && *w == '&'));
      address = address || is_address_word(w, n);
      w += n;
      while (*w == ' ' || *w == ',')
        w++;
    }
    if (address && !list)
      *p = '\0';
    return;
  }
}

/* A reservation written before the holder's name ("© 2021 Alle Rechte bei
 * der X", "© Tous droits réservés X 2019", "(c) Derechos reservados a X")
 * is no part of it: skipped, with a lower-case article or preposition
 * after it.  Lower case, up to a word's end: "bei" also takes "beim",
 * "droits r" takes "réservés" in any case. */
static char *skip_reservation_lead(char *s) {
  static const char *const leads[] = {
      "alle rechte liegen bei", "alle rechte bei", "alle rechte vorbehalten",
      "tous droits de reproduction r",
      "tous droits r", "droits r", "todos los derechos r", "derechos r", NULL};
  static const char *const articles[] = {
      "der ", "dem ", "den ", "\xC3\xA0 la ", "\xC3\xA0 l'", "\xC3\xA0 ", "aux ",
      "au ", "a favor de ", "a la ", "a los ", "al ", "a ", NULL};
  for (size_t i = 0; leads[i]; i++) {
    size_t n = strlen(leads[i]);
    if (!ci_eq(s, leads[i], n))
      continue;
    char *p = s + n;
    while (*p && !is_space((unsigned char)*p))
      p++;
    while (*p && (is_space((unsigned char)*p) || separator_len(p) ||
                  *p == ':' || *p == ',' || *p == '.'))
      p += separator_len(p) ? separator_len(p) : 1;
    for (size_t k = 0; articles[k]; k++)
      if (strncmp(p, articles[k], strlen(articles[k])) == 0) {
        p += strlen(articles[k]);
        break;
      }
    return p;
  }
  return s;
}

static char *clean_holder(char *s) {
  /* "[Ann Lee](https://lee.example)": a Markdown link, the name shown. */
  char *lk = s[0] == '[' ? strstr(s, "](") : NULL;
  if (lk && strchr(lk, ')')) {
    memmove(lk, lk + 1, strlen(lk)); /* "Ann Lee(https://...)": a URL field */
    *lk = ' ';
    s++;
  }
  /* ", an Active Interest Media company": the owner, named after the
   * holder, is no part of its name. */
  for (char *p = ci_find(s, ", a"); p; p = ci_find(p + 1, ", a")) {
    size_t k = p[3] == 'n' ? 4 : 3;
    if (p[k] == ' ' && ci_find(p, " company") &&
        strlen(ci_find(p, " company")) <= 9) {
      *p = '\0';
      break;
    }
  }
  s = skip_reservation_lead(s);
  cut_at_any(s, holder_tails);
  cut_address(s);
  s = clean_name(s);
  /* "© 2024 by Acme" */
  if (ci_eq(s, "by ", 3))
    s += 3;
  for (size_t i = 0; maker_prefixes[i]; i++)
    if (ci_eq(s, maker_prefixes[i], strlen(maker_prefixes[i])))
      return s + strlen(s);
  return is_placeholder(s) ? s + strlen(s) : s;
}

/* ------------------------------------------------------------ contacts */

static int is_wrap(int c) {
  return c == '<' || c == '>' || c == '(' || c == ')' || c == '[' ||
         c == ']' || c == '{' || c == '}' || c == '"' || c == '\'';
}

/* "name@host.tld": something before the '@', a dot inside the host. */
static int is_email(const char *w, size_t n) {
  const char *at = memchr(w, '@', n);
  if (!at || at == w)
    return 0;
  const char *dot = memchr(at, '.', n - (size_t)(at - w));
  return dot && dot > at + 1 && dot < w + n - 1;
}

static int is_url(const char *w, size_t n) {
  static const char *const schemes[] = {"http://", "https://", "ftp://",
                                        "www.", NULL};
  for (size_t i = 0; schemes[i]; i++) {
    size_t k = strlen(schemes[i]);
    if (n > k && ci_eq(w, schemes[i], k))
      return 1;
  }
  return 0;
}

/* Whether the last word of S (length N) is a list connector left dangling
 * once what it joined is gone ("Ann Lee <ann@x.org> and" -> "Ann Lee"). */
static size_t dangling_connector(const char *s, size_t n) {
  static const char *const words[] = {"and", "&", "by", "und", "et", NULL};
  size_t b = word_before(s, n);
  for (size_t i = 0; words[i]; i++)
    if (n - b == strlen(words[i]) && ci_eq(s + b, words[i], n - b))
      return n - b;
  return 0;
}

/* E-mail addresses and URLs in a holder are how to reach the holder, not
 * its name: they are removed from S (in place) and the first of each kept
 * in *EMAIL / *URL (arena copies).  A holder that is only an address keeps
 * it as its name ("Copyright 2007 lee@x.example").  NULL on ENOMEM. */
static char *take_contacts(cl_arena *a, char *s, const char **email,
                           const char **url) {
  char *w = s;
  const char *r = s;
  *email = *url = NULL;
  while (*r) {
    if (is_space((unsigned char)*r)) {
      *w++ = *r++;
      continue;
    }
    const char *b = r, *e = r;
    while (*e && !is_space((unsigned char)*e))
      e++;
    r = e;
    const char *cb = b, *ce = e;
    while (cb < ce && is_wrap((unsigned char)*cb))
      cb++;
    while (ce > cb && (is_wrap((unsigned char)ce[-1]) ||
                       is_trailing_punct((unsigned char)ce[-1])))
      ce--;
    if (ce - cb > 7 && ci_eq(cb, "mailto:", 7))
      cb += 7;
    size_t n = (size_t)(ce - cb);
    int mail = is_email(cb, n), link = !mail && is_url(cb, n);
    if (!mail && !link) {
      memmove(w, b, (size_t)(e - b));
      w += e - b;
      continue;
    }
    const char **slot = mail ? email : url;
    if (!*slot && !(*slot = cl_arena_strndup(a, cb, n)))
      return NULL;
  }
  *w = '\0';
  squeeze(s);
  for (;;) {
    size_t n = strlen(s), k;
    strip_trailing(s, 1);
    if ((k = dangling_connector(s, strlen(s))) != 0)
      s[strlen(s) - k] = '\0';
    if (strlen(s) == n)
      break;
  }
  s = strip_leading(s);
  if (!*s)
    return (char *)(*email ? *email : *url ? *url : s);
  return s;
}

/* "The Conversation under a Creative Commons license" -> "The
 * Conversation": the licence is a credit of its own. */
static char *clean_party(char *s) {
  squeeze(s);
  for (char *p = ci_find(s, " under "); p; p = ci_find(p + 1, " under ")) {
    if (ci_find(p, "licen") || ci_find(p, "creative commons")) {
      *p = '\0';
      break;
    }
  }
  /* "the Northwind blog by Lena Park" (the author is a credit of its
   * own), "Harbor Dispatch and is republished here": the name ends where
   * a lower-case "by" or "and" + a lower-case word begins. */
  for (char *p = strchr(s, ' '); p; p = strchr(p + 1, ' ')) {
    if (strncmp(p, " by ", 4) == 0 ||
        (ci_eq(p, " and ", 5) && p[5] >= 'a' && p[5] <= 'z')) {
      *p = '\0';
      break;
    }
  }
  s = clean_name(s);
  /* A lower-case article is prose, not part of the name: "the Northwind
   * blog" is the Northwind blog ("The Conversation" keeps its "The"). */
  if (strncmp(s, "the ", 4) == 0 && s[4])
    s += 4;
  return s;
}

static char *clean_plain(char *s) {
  squeeze(s);
  strip_trailing(s, 0);
  return strip_leading(s);
}

static const struct {
  const char *const *spellings; /* lower case */
  const char *name;
} agencies[] = {
    {(const char *const[]){"ap", "associated press", "the associated press",
                           NULL},
     "Associated Press"},
    {(const char *const[]){"afp", "agence france-presse",
                           "agence france presse", NULL},
     "AFP"},
    {(const char *const[]){"reuters", "thomson reuters", NULL}, "Reuters"},
    {(const char *const[]){"bloomberg", "bloomberg news", NULL}, "Bloomberg"},
    {(const char *const[]){"dpa", "deutsche presse-agentur", NULL}, "dpa"},
};

static const char *clean_agency(char *s) {
  s = clean_plain(s);
  size_t n = strlen(s);
  for (size_t i = 0; i < sizeof agencies / sizeof *agencies; i++)
    for (const char *const *sp = agencies[i].spellings; *sp; sp++)
      if (strlen(*sp) == n && ci_eq(s, *sp, n))
        return agencies[i].name;
  return s;
}

/* The copyright symbol as the notice writes it. */
static const char *symbol_of(const char *s) {
  const char *best = NULL, *name = NULL;
  static const struct {
    const char *find, *name;
  } symbols[] = {{"\xC2\xA9", "\xC2\xA9"}, {"(c)", NULL},
                 {"copyright", "Copyright"}, {"copr", "Copr."}};
  for (size_t i = 0; i < sizeof symbols / sizeof *symbols; i++) {
    const char *p = ci_find(s, symbols[i].find);
    if (p && (!best || p < best)) {
      best = p;
      name = symbols[i].name ? symbols[i].name : (p[1] == 'C' ? "(C)" : "(c)");
    }
  }
  return name;
}

/* -------------------------------------------------------------- images */

/* An image credit as written ("Jana Weiss/dpa", "© 2024 Getty Images"):
 * a name clean-up that keeps the separators between its parts. */
static char *clean_image(char *s) {
  cut_at_any(s, rights_phrases);
  squeeze(s);
  strip_trailing(s, 1);
  s = strip_leading(s);
  /* A closing parenthesis without its opening one: "(Photo: X)". */
  size_t n = strlen(s);
  if (n && s[n - 1] == ')' && !strchr(s, '('))
    s[--n] = '\0';
  strip_trailing(s, 1);
  return s;
}

/* -------------------------------------------------------- continuation */

/* Whether a reservation starts at W (N bytes on): "All rights reserved",
 * "Alle Rechte", "Tous droits", "Droits réservés", "Todos los derechos",
 * "Derechos reservados".  A line that starts one continues no name. */
static int reservation_at(const char *w, size_t n) {
  static const char *const starts[] = {"all rights", "some rights", "alle rechte",
                                       "tous droits", "droits r", "todos los derechos",
                                       "derechos reservados", NULL};
  char buf[24];
  size_t k = 0;
  /* Runs of spaces as one, so "Alle  Rechte" is found too. */
  for (size_t i = 0; i < n && k < sizeof buf - 1; i++)
    if (w[i] != ' ' || (k && buf[k - 1] != ' '))
      buf[k++] = w[i];
  for (size_t i = 0; starts[i]; i++) {
    size_t m = strlen(starts[i]);
    if (k >= m && ci_eq(buf, starts[i], m))
      return 1;
  }
  return 0;
}

size_t cl_credit_continuation(const char *s, size_t n, int *open) {
  size_t i = 0, taken = 0, caps = 0;
  int whole = 0;
  const char *last = NULL;
  size_t last_n = 0;
  *open = 0;
  for (;;) {
    while (i < n && is_space((unsigned char)s[i]))
      i++;
    if (i >= n) {
      whole = 1;
      break;
    }
    size_t b = i;
    while (i < n && !is_space((unsigned char)s[i]))
      i++;
    const char *w = s + b;
    size_t wn = i - b;
    unsigned char c = (unsigned char)w[0];
    /* A line holding a notice of its own continues nothing: "Copyright",
     * "Copr.", "(c)" (also with a Cyrillic c), "©". */
    if ((wn >= 9 && ci_eq(w, "copyright", 9)) ||
        (wn >= 4 && ci_eq(w, "copr", 4) && (wn == 4 || w[4] == '.')) ||
        (wn >= 3 && ci_eq(w, "(c)", 3)) ||
        (wn >= 4 && w[0] == '(' && (unsigned char)w[1] == 0xD1 &&
         (unsigned char)w[2] == 0x81 && w[3] == ')') ||
        (wn >= 4 && w[0] == '(' && (unsigned char)w[1] == 0xD0 &&
         (unsigned char)w[2] == 0xA1 && w[3] == ')') ||
        (c == 0xC2 && (unsigned char)w[1] == 0xA9))
      return 0;
    if (reservation_at(w, (size_t)(s + n - w)))
      break;
    if (w[wn - 1] == ':')
      break; /* "Author:", "Contact:" */
    size_t core = 0;
    while (core < wn && is_wrap((unsigned char)w[core]))
      core++;
    int contact = is_email(w, wn) || is_url(w + core, wn - core);
    if (is_upper(c) || c >= 0x80) {
      caps++;
    } else if (!is_digit(c) && !contact && !is_connector(w, wn) &&
               !is_trailing_punct(c)) {
      break; /* a word of a sentence */
    }
    taken = i;
    last = w;
    last_n = wn;
  }
  if (!whole && caps < 2)
    return 0;
  if (whole && last) {
    unsigned char e = (unsigned char)last[last_n - 1];
    *open = e == ',' || e == '&' || is_digit(e) ||
            (last_n == 3 && ci_eq(last, "and", 3));
  }
  return taken;
}

/* ------------------------------------------------------------- persons */

static const char *const name_tails[] = {"jr", "jr.", "sr", "sr.", "ii",
                                         "iii", "iv", "phd", "ph.d.", NULL};

/* Whether S is one of the words of LIST, whatever its case. */
static int is_word_of(const char *const *list, const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; list[i]; i++)
    if (strlen(list[i]) == n && ci_eq(s, list[i], n))
      return 1;
  return 0;
}

/* Letters written after a name ("Ann Lee, MS, RD"): degrees and
 * credentials, never a person of the list. */
static const char *const post_nominals[] = {
    "ma",   "ms",   "msc", "mba", "md",  "mph", "mfa", "ba",  "bs",
    "bsc",  "rd",   "rdn", "rn",  "apd", "cpt", "dds", "dvm", "esq",
    "cfa",  "cpa",  "np",  "pa",  "lcsw", "lpc", "obe", "mbe", "cbe",
    "faan", "facp", "pharmd", "ld", "cde", NULL};

/* Length of a list separator at S+I: ",", "&", or the word "and" (German
 * "und", French "et"). */
static size_t list_sep(const char *s, size_t i) {
  static const char *const words[] = {"and", "und", "et", NULL};
  if (s[i] == ',' || s[i] == '&')
    return 1;
  /* s[i - 1] is NUL right after a separator already cut. */
  if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\0')
    return 0;
  for (size_t k = 0; words[k]; k++) {
    size_t n = strlen(words[k]);
    if (ci_eq(s + i, words[k], n) && (s[i + n] == ' ' || s[i + n] == '\0'))
      return n;
  }
  return 0;
}

/* Splits a person list in place into *OUT (arena array), one name each.
 * "A, B and C", "A & B", "A, B, and C"; "Smith, Jr." stays one name.
 * Returns the count, or (size_t)-1 on ENOMEM. */
static size_t split_persons(cl_arena *a, char *s, char ***out) {
  squeeze(s);
  char *semi = strchr(s, ';'); /* "; Editing by ..." */
  if (semi)
    *semi = '\0';
  size_t max = 1;
  for (size_t i = 0; s[i]; i++)
    max += list_sep(s, i) != 0;
  char **v = cl_arena_alloc(a, max * sizeof *v);
  if (!v)
    return (size_t)-1;
  size_t n = 0, start = 0;
  for (size_t i = 0;; i++) {
    size_t sep = s[i] ? list_sep(s, i) : 1;
    if (!sep)
      continue;
    int end = s[i] == '\0';
    s[i] = '\0';
    /* "Ann Lee in Vienna": where the person was is no part of the name. */
    char *in = strstr(s + start, " in ");
    if (in)
      *in = '\0';
    char *p = clean_plain(s + start);
    if (*p && n > 0 && (is_word_of(post_nominals, p) || strncmp(p, "The ", 4) == 0)) {
      /* letters after a name; an outlet after the names ("Ann Lee, The
       * Harbour Gazette") */
    } else if (*p && n > 0 && is_word_of(name_tails, p)) {
      char *joined = cl_arena_printf(a, "%s, %s", v[n - 1], p);
      if (!joined)
        return (size_t)-1;
      v[n - 1] = joined;
    } else if (*p) {
      v[n++] = p;
    }
    if (end)
      break;
    i += sep - 1;
    start = i + 1;
  }
  *out = v;
  return n;
}

/* --------------------------------------------------------------- years */

#define YEAR_MIN 1900
#define YEAR_MAX 2199
#define YEAR_SPAN 200

/* A year of exactly four digits at P (not part of a longer number). */
static int year_at(const char *s, size_t i, int *year) {
  if (i > 0 && is_digit((unsigned char)s[i - 1]))
    return 0;
  for (size_t k = 0; k < 4; k++)
    if (!is_digit((unsigned char)s[i + k]))
      return 0;
  if (is_digit((unsigned char)s[i + 4]))
    return 0;
  int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 +
          (s[i + 3] - '0');
  if (y < YEAR_MIN || y > YEAR_MAX)
    return 0;
  *year = y;
  return 1;
}

size_t cl_years_parse(const char *s, int *years, size_t max) {
  unsigned char seen[YEAR_MAX - YEAR_MIN + 1] = {0};
  if (!s)
    return 0;
  for (size_t i = 0; s[i]; i++) {
    int lo;
    if (!year_at(s, i, &lo))
      continue;
    int hi = lo;
    size_t j = i + 4;
    while (s[j] == ' ')
      j++;
    size_t dl = dash_len(s + j);
    if (dl) {
      j += dl;
      while (s[j] == ' ')
        j++;
      int end;
      if (year_at(s, j, &end)) {
        hi = end;
        i = j + 3;
      } else if (s[j] >= '0' && s[j] <= '9' && s[j + 1] >= '0' && s[j + 1] <= '9' &&
                 !(s[j + 2] >= '0' && s[j + 2] <= '9')) {
        /* "2010-24": the century of the first year. */
        int yy = (s[j] - '0') * 10 + (s[j + 1] - '0');
        end = lo - lo % 100 + yy;
        if (end >= lo) {
          hi = end;
          i = j + 1;
        }
      }
    }
    if (hi < lo) {
      int t = lo;
      lo = hi;
      hi = t;
    }
    if (hi - lo >= YEAR_SPAN)
      hi = lo + YEAR_SPAN - 1;
    for (int y = lo; y <= hi; y++)
      seen[y - YEAR_MIN] = 1;
  }
  size_t n = 0;
  for (int y = YEAR_MIN; y <= YEAR_MAX && n < max; y++)
    if (seen[y - YEAR_MIN])
      years[n++] = y;
  return n;
}

/* ---------------------------------------------------------- normalise */

int cl_name_normalise(const char *name, cl_buf *out) {
  cl_buf_clear(out);
  if (cl_buf_reserve(out, name ? strlen(name) : 0) < 0)
    return -1;
  out->ptr[0] = '\0';
  if (!name)
    return 0;
  for (const char *p = name; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (is_space(c)) {
      if (out->len && out->ptr[out->len - 1] != ' ')
        out->ptr[out->len++] = ' ';
    } else {
      out->ptr[out->len++] = (char)to_lower(c);
    }
  }
  out->ptr[out->len] = '\0';
  /* Suffixes go one by one: "Acme Co., Ltd." -> "acme". */
  for (;;) {
    strip_trailing(out->ptr, 0);
    out->len = strlen(out->ptr);
    size_t b = word_before(out->ptr, out->len);
    if (b == 0 || !is_corp_suffix(out->ptr + b, out->len - b))
      break;
    out->ptr[b] = '\0';
    out->len = b;
  }
  return 0;
}

/* -------------------------------------------------------------- fields */

/* Group names a rule may use for the main value of each kind; the first is
 * the field name credits carry. */
static const char *const main_names[CL_KIND__COUNT][4] = {
    [CL_KIND_COPYRIGHT] = {"holder", "owner", NULL},
    [CL_KIND_SYNDICATION] = {"party", "partner", "publisher", NULL},
    [CL_KIND_EDITOR] = {"person", "persons", "names", "name"},
    [CL_KIND_AUTHOR] = {"person", "persons", "names", "name"},
    [CL_KIND_SOURCE] = {"agency", "source", NULL},
    [CL_KIND_LICENSE] = {"license", "licence", NULL},
    [CL_KIND_IMAGE] = {"credit", "photographer", NULL},
};

int cl_rule_main_group(const cl_rule *rule) {
  if ((unsigned)rule->kind >= CL_KIND__COUNT || !rule->code)
    return -1;
  for (size_t i = 0; i < 4 && main_names[rule->kind][i]; i++) {
    int g = pcre2_substring_number_from_name(
        rule->code, (PCRE2_SPTR)main_names[rule->kind][i]);
    if (g > 0)
      return g;
  }
  return -1;
}

/* The field name to store for group NAME: aliases of the main value become
 * its canonical name.  Sets *IS_MAIN. */
static const char *field_name(cl_kind kind, const char *name, int *is_main) {
  *is_main = 0;
  if ((unsigned)kind >= CL_KIND__COUNT)
    return name;
  for (size_t i = 0; i < 4 && main_names[kind][i]; i++)
    if (strcmp(name, main_names[kind][i]) == 0) {
      *is_main = 1;
      return main_names[kind][0];
    }
  return name;
}

static int is_person_kind(cl_kind kind) {
  return kind == CL_KIND_EDITOR || kind == CL_KIND_AUTHOR;
}

/* Cleans the value of field NAME (arena copy S, changed in place). */
static const char *clean_field(cl_kind kind, const char *name, int is_main,
                               char *s) {
  if (is_main) {
    switch (kind) {
    case CL_KIND_COPYRIGHT:
      return clean_holder(s);
    case CL_KIND_SYNDICATION:
      return clean_party(s);
    case CL_KIND_SOURCE:
      return clean_agency(s);
    case CL_KIND_EDITOR:
    case CL_KIND_AUTHOR: /* split later, one credit per person */
      return squeeze(s);
    case CL_KIND_IMAGE:
      return clean_image(s);
    default:
      return clean_plain(s);
    }
  }
  if (strcmp(name, "holder") == 0 || strcmp(name, "party") == 0)
    return clean_name(s);
  if (strcmp(name, "agency") == 0)
    return clean_agency(s);
  return clean_plain(s);
}

static int field_index(const cl_field *f, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(f[i].name, name) == 0)
      return (int)i;
  return -1;
}

/* Reads the named groups of the match into an arena array of cleaned,
 * non-empty fields.  Returns 0 / -1 ENOMEM. */
static int fields_read(cl_arena *a, const cl_rule *rule, const char *subj,
                       const PCRE2_SIZE *ov, cl_field **out, size_t *nout,
                       int *main_idx) {
  uint32_t count = 0, esize = 0;
  PCRE2_SPTR table = NULL;
  *out = NULL;
  *nout = 0;
  *main_idx = -1;
  if (!rule->code ||
      pcre2_pattern_info(rule->code, PCRE2_INFO_NAMECOUNT, &count) != 0 ||
      count == 0 ||
      pcre2_pattern_info(rule->code, PCRE2_INFO_NAMEENTRYSIZE, &esize) != 0 ||
      pcre2_pattern_info(rule->code, PCRE2_INFO_NAMETABLE, &table) != 0)
    return 0;
  cl_field *f = cl_arena_alloc(a, count * sizeof *f);
  if (!f)
    return -1;
  size_t n = 0;
  for (uint32_t i = 0; i < count; i++) {
    PCRE2_SPTR e = table + (size_t)i * esize;
    uint32_t group = ((uint32_t)e[0] << 8) | e[1];
    PCRE2_SIZE s = ov[2 * group], end = ov[2 * group + 1];
    if (s == PCRE2_UNSET || end < s)
      continue;
    int is_main;
    const char *name = field_name(rule->kind, (const char *)(e + 2), &is_main);
    /* Duplicate names (PCRE2_DUPNAMES): the first set group wins. */
    if (field_index(f, n, name) >= 0)
      continue;
    char *copy = cl_arena_strndup(a, subj + s, end - s);
    if (!copy)
      return -1;
    const char *v = clean_field(rule->kind, name, is_main, copy);
    if (!*v)
      continue;
    if (is_main)
      *main_idx = (int)n;
    f[n].name = name;
    f[n].value = v;
    n++;
  }
  *out = f;
  *nout = n;
  return 0;
}

int cl_credit_add_field(cl_arena *a, cl_credit *c, const char *name,
                        const char *value) {
  cl_field *f = cl_arena_alloc(a, (c->field_count + 1) * sizeof *f);
  if (!f)
    return -1;
  if (c->field_count)
    memcpy(f, c->fields, c->field_count * sizeof *f);
  f[c->field_count].name = name;
  f[c->field_count].value = value;
  c->fields = f;
  c->field_count++;
  return 0;
}

int cl_credit_set_years(cl_arena *a, cl_credit *c, const char *text) {
  int buf[YEAR_MAX - YEAR_MIN + 1];
  size_t n = cl_years_parse(text, buf, sizeof buf / sizeof *buf);
  if (n == 0)
    return 0;
  int *years = cl_arena_alloc(a, n * sizeof *years);
  if (!years)
    return -1;
  memcpy(years, buf, n * sizeof *years);
  c->years = years;
  c->year_count = n;
  c->years_text = text;
  return 0;
}

/* ------------------------------------------------------- image credits */

/* Words that make a part of a credit an organisation, not a person. */
static const char *const org_words[] = {
    "images", "image", "photo", "photos", "photography", "pictures", "press",
    "agency", "news", "media", "library", "commons", "archive", "archives",
    "collection", "times", "group", "service", "services", "network",
    "studio", "studios", "stock", "wire", "foundation", "museum",
    "university", "institute", "office", "department", "administration",
    "council", "association", "society", "company", "magazine", "center",
    "centre", "house", "staff", "contributor", "handout", "pool", "space",
    "the", "of", "and", "all", "about", "for", "in", "on", "at", "by", NULL};

static int word_in(const char *w, size_t n, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (strlen(list[i]) == n && ci_eq(w, list[i], n))
      return 1;
  return 0;
}

/* Lower-case words inside a person's name ("Maria da Costa"). */
static const char *const particles[] = {"van", "von", "de", "der", "den",
                                        "da", "del", "della", "di", "du",
                                        "dos", "la", "le", "bin", "ibn",
                                        "ter", "ten", NULL};

/* "Jeff White", "J.R. Smith", "JIM WATSON", "Maria da Costa": two to four
 * words, each a capitalised name (or a name particle), none an
 * organisation word. */
static int person_shaped(const char *s) {
  size_t words = 0;
  for (const char *p = s; *p;) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    size_t n = 0;
    while (p[n] && p[n] != ' ')
      n++;
    if (word_in(p, n, org_words) && !word_in(p, n, particles))
      return 0;
    /* "d'Emilio", "dell'Acqua": a particle written onto the name. */
    const char *apo = memchr(p, '\'', n);
    int elided = apo && apo + 1 < p + n && is_upper((unsigned char)apo[1]);
    if (!word_in(p, n, particles) && !elided) {
      if (!is_upper((unsigned char)p[0]) && (unsigned char)p[0] < 0x80)
        return 0;
      for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (is_digit(c) || c == '@' || c == '&' || c == '/' || c == ':')
          return 0;
      }
    }
    words++;
    p += n;
  }
  return words >= 2 && words <= 4;
}

/* A licence written into a credit: "CC BY-SA 4.0", "Creative Commons
 * BY-NC-SA 2.0", "CC0", "Public Domain". */
static int is_license_part(const char *s) {
  return ci_eq(s, "cc ", 3) || ci_eq(s, "cc-", 3) || ci_eq(s, "cc0", 3) ||
         ci_eq(s, "creative commons", 16) || ci_eq(s, "public domain", 13);
}

/* Parts that say what the picture is, not who made it. */
static int is_filler_part(const char *s) {
  static const char *const fill[] = {"file", "file photo", "stf", "staff",
                                     "handout", "pool", "contributor",
                                     "photo", "foto", "image", "courtesy",
                                     NULL};
  return word_in(s, strlen(s), fill);
}

/* Known agencies that lead a credit: "AP Photo/Alan Diaz",
 * "REUTERS/Brendan McDermid". */
static int is_lead_agency(const char *s) {
  static const char *const lead[] = {"ap", "afp", "reuters", "epa", "dpa",
                                     "xinhua", "getty images", "ap photo",
                                     "afp photo", "epa photo", "dpa photo",
                                     "reuters photo", NULL};
  return word_in(s, strlen(s), lead);
}

int cl_credit_image_fill(cl_arena *a, cl_credit *c) {
  if (!c->value)
    return 0;
  int has_person = field_index(c->fields, c->field_count, "person") >= 0;
  int has_agency = field_index(c->fields, c->field_count, "agency") >= 0;
  int has_license = field_index(c->fields, c->field_count, "license") >= 0;
  int has_years = field_index(c->fields, c->field_count, "years") >= 0;
  char *w = cl_arena_strdup(a, c->value);
  if (!w)
    return -1;
  /* The symbol and years lead ("© 2024 Getty Images") or close
   * ("Inexhibit, 2018"): fields of their own. */
  char *p = w;
  if (ci_eq(p, "\xC2\xA9", 2)) {
    p += 2;
    c->symbol = "\xC2\xA9";
  } else if (ci_eq(p, "(c)", 3)) {
    p += 3;
    c->symbol = p[-2] == 'C' ? "(C)" : "(c)";
  }
  if (c->symbol && field_index(c->fields, c->field_count, "symbol") < 0 &&
      cl_credit_add_field(a, c, "symbol", c->symbol) < 0)
    return -1;
  while (*p == ' ')
    p++;
  char *ys = NULL, *ye = NULL;
  int y, trailing = 0;
  if (year_at(p, 0, &y)) {
    ys = p;
    ye = p + 4;
    while (*ye == ' ' || dash_len(ye) || *ye == ',' || is_digit((unsigned char)*ye))
      ye += dash_len(ye) ? dash_len(ye) : 1;
    p = ye;
  } else {
    size_t n = strlen(p);
    if (n > 6 && year_at(p, n - 4, &y) && (p[n - 5] == ' ' || p[n - 5] == ',')) {
      ys = p + n - 4;
      ye = p + n;
      trailing = 1;
    }
  }
  if (ys && !has_years) {
    char *yt = cl_arena_strndup(a, ys, (size_t)(ye - ys));
    if (!yt)
      return -1;
    strip_trailing(yt, 0);
    if (cl_credit_set_years(a, c, yt) < 0 ||
        (c->year_count && cl_credit_add_field(a, c, "years", yt) < 0))
      return -1;
  }
  if (trailing)
    *ys = '\0';
  p = clean_image(p);
  if (!*p)
    return 0;
  int ci = field_index(c->fields, c->field_count, "credit");
  char *value = cl_arena_strdup(a, p);
  if (!value)
    return -1;
  c->value = value;
  if (ci >= 0)
    ((cl_field *)c->fields)[ci].value = value;
  /* Parts: "Jeff White, Example Agency", "Jana Weiss/dpa", "Alex Wong |
   * Getty Images", "Ada Lind via Wikimedia Commons (CC BY-SA 4.0)". */
  char *parts[8];
  size_t np = 0;
  char *rest = p;
  while (rest && np < 8) {
    char *cut = NULL;
    size_t skip = 0;
    for (char *q = rest; *q && !cut; q++) {
      if (*q == '/' || *q == '|' || *q == ',' || *q == ';' || *q == '(' ||
          *q == ')') {
        cut = q;
        skip = 1;
      } else if (*q == ' ' && (ci_eq(q, " via ", 5) || ci_eq(q, " for ", 5))) {
        cut = q;
        skip = 5;
      } else if (*q == ' ' && dash_len(q + 1) && q[1 + dash_len(q + 1)] == ' ') {
        cut = q;
        skip = 2 + dash_len(q + 1);
      }
    }
    if (cut)
      *cut = '\0';
    char *part = clean_plain(rest);
    if (ci_eq(part, "photo by ", 9))
      part += 9;
    if (*part && !is_filler_part(part))
      parts[np++] = part;
    rest = cut ? cut + skip : NULL;
  }
  const char *person = NULL, *agency = NULL, *license = NULL;
  size_t first = 0, last = np;
  for (size_t i = 0; i < np; i++)
    if (is_license_part(parts[i])) {
      license = parts[i];
      if (last == np)
        last = i;
    }
  if (last > first && last - first >= 2 && is_lead_agency(parts[first])) {
    agency = parts[first];
    if (person_shaped(parts[first + 1]))
      person = parts[first + 1];
  } else if (last > first && last - first >= 2) {
    if (person_shaped(parts[first]))
      person = parts[first];
    agency = parts[last - 1];
  } else if (last > first) {
    if (person_shaped(parts[first]))
      person = parts[first];
    else
      agency = parts[first];
  }
  if (agency) {
    char *ag = cl_arena_strdup(a, agency);
    if (!ag)
      return -1;
    char *sp = strstr(ag, " Photo");
    if (sp && !sp[6])
      *sp = '\0'; /* "AP Photo" */
    agency = clean_agency(ag);
  }
  if (person && !has_person && cl_credit_add_field(a, c, "person", person) < 0)
    return -1;
  if (agency && !has_agency && cl_credit_add_field(a, c, "agency", agency) < 0)
    return -1;
  if (license && !has_license && cl_credit_add_field(a, c, "license", license) < 0)
    return -1;
  return 0;
}

int cl_credit_to_image(cl_arena *a, cl_credit *c) {
  if (c->kind == CL_KIND_IMAGE)
    return 0;
  c->kind = CL_KIND_IMAGE;
  if (!c->value)
    return 0;
  /* The main field keeps its name (holder, person, agency, license) and
   * the credit is added: cl_credit_image_fill derives the rest. */
  if (cl_credit_add_field(a, c, "credit", c->value) < 0)
    return -1;
  return cl_credit_image_fill(a, c);
}

/* ------------------------------------------------------ metadata names */

/* Metadata fields meant for one name often hold what a page shows around
 * it: "Ann Lee | Example Media", "by Ann Lee | May 2, 2019", "Example
 * News | Your daily news", an author box ("Ann Lee @annlee Ann Lee is the
 * editor of ..."), a list of site sections.  These cut it back to the
 * name.  Words are compared without the punctuation that ends them. */

typedef struct {
  size_t b, e; /* [b, e) of a part between page separators */
} meta_part;

#define META_PARTS 16

/* The parts of S between " | ", " - ", " · ", " • ", " – ", " — ".
 * Returns how many there are (more than MAX: only MAX are filled). */
static size_t meta_parts(const char *s, meta_part *p, size_t max) {
  size_t n = 0, b = 0, i = 0;
  for (; s[i]; i++) {
    size_t k;
    if (s[i] == ' ' && (k = separator_len(s + i + 1)) != 0 && s[i + 1 + k] == ' ') {
      if (n < max)
        p[n] = (meta_part){b, i};
      n++;
      b = i + 2 + k;
      i = b - 1;
    }
  }
  if (n < max)
    p[n] = (meta_part){b, i};
  return n + 1;
}

/* Length of the separator that ends S[0, N), or 0. */
static size_t separator_before(const char *s, size_t n) {
  for (size_t k = 1; k <= 3 && k <= n; k++)
    if (separator_len(s + n - k) == k)
      return k;
  return 0;
}

/* The word [W, W+N) without trailing punctuation. */
static size_t word_core(const char *w, size_t n) {
  while (n > 1 && (is_trailing_punct((unsigned char)w[n - 1]) || w[n - 1] == ')'))
    n--;
  return n;
}

/* A word of prose: ASCII lower case throughout ("popular", "is"), not
 * a name's ("al-Rashid", "iPhone"). */
static int is_lower_word(const char *w, size_t n) {
  if (n == 0 || w[0] < 'a' || w[0] > 'z')
    return 0;
  for (size_t i = 0; i < n; i++)
    if (is_upper((unsigned char)w[i]))
      return 0;
  return 1;
}

/* A prose word of part [B, E) that no name holds (not "of", "de", "and"). */
static int has_prose_word(const char *b, const char *e) {
  while (b < e) {
    size_t n = 0;
    while (b + n < e && b[n] != ' ')
      n++;
    size_t c = word_core(b, n);
    if (is_lower_word(b, c) && !is_connector(b, c) && !word_in(b, c, particles))
      return 1;
    b += n + (b + n < e);
  }
  return 0;
}

/* A month's or weekday's name or short form, as in English dates
 * ("Nov", "November", "Thursday"); N without trailing punctuation. */
static int is_calendar_word(const char *w, size_t n, int days) {
  static const char *const months[] = {"jan", "feb", "mar", "apr", "may",
                                       "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec", NULL};
  static const char *const weekdays[] = {"mon", "tue", "wed", "thu", "fri",
                                         "sat", "sun", NULL};
  return n >= 3 && n <= 9 && (word_in(w, 3, months) || (days && word_in(w, 3, weekdays)));
}

/* A number of a date or time: "2019", "2019-05-02", "12:01", "2nd". */
static int is_date_number(const char *w, size_t n) {
  size_t i = 0;
  while (i < n && (is_digit((unsigned char)w[i]) || w[i] == ':' || w[i] == '-' ||
                   w[i] == '/' || w[i] == '.'))
    i++;
  return i > 0 && is_digit((unsigned char)w[0]) &&
         (i == n || (n - i == 2 && (word_in(w + i, 2, (const char *const[]){
                                        "st", "nd", "rd", "th", NULL}))));
}

/* "May 2, 2019 12:01 PM", "2019-05-02", "Updated Thursday 2 May 2019". */
static int is_date_part(const char *b, const char *e) {
  static const char *const other[] = {"am", "pm", "a.m", "p.m", "at", "on",
                                      "updated", "published", "posted",
                                      "utc", "gmt", "et", "est", "edt", "cet",
                                      "cest", "bst", "pst", "pdt", NULL};
  int digit = 0;
  while (b < e) {
    size_t n = 0;
    while (b + n < e && b[n] != ' ')
      n++;
    size_t c = word_core(b, n);
    if (is_date_number(b, c)) {
      digit = 1;
    } else if (!word_in(b, c, other) && !is_calendar_word(b, c, 1)) {
      return 0;
    }
    b += n + (b + n < e);
  }
  return digit;
}

/* "JPost.com", "www.example.org": one word, a dot, a top-level domain. */
static int is_domain_part(const char *b, const char *e) {
  const char *dot = NULL;
  for (const char *p = b; p < e; p++) {
    if (*p == ' ' || *p == '@')
      return 0;
    if (*p == '.')
      dot = p;
  }
  if (!dot || dot - b < 2 || e - dot - 1 < 2 || e - dot - 1 > 24)
    return 0;
  for (const char *p = dot + 1; p < e; p++)
    if (!(is_upper((unsigned char)*p) || (*p >= 'a' && *p <= 'z')))
      return 0;
  return 1;
}

static int is_by(const char *s) { return ci_eq(s, "by ", 3) || ci_eq(s, "by:", 3); }

/* "By Ann Lee", "BY: Ann Lee" -> "Ann Lee". */
static char *drop_by(char *s) {
  if (!is_by(s))
    return s;
  char *p = s + 3;
  while (*p == ' ' || *p == ':')
    p++;
  return *p ? p : s;
}

/* Of the parts of a source or holder, those that are no name: a byline,
 * a date, a slogan, and the site's domain written after its name
 * (TRAILING, with a name left before it). */
static int party_chrome(const char *s, meta_part p, size_t left, int trailing) {
  const char *b = s + p.b, *e = s + p.e;
  return is_by(b) || is_date_part(b, e) || has_prose_word(b, e) ||
         (trailing && left > 1 && is_domain_part(b, e));
}

/* "Example News | Your daily news" -> "Example News"; "Example News |
 * ExampleNews.example" -> "Example News"; "News | Sport | Weather | Travel"
 * (three parts or more that are names: a list of sections) -> "".  Two
 * names stay as written: a separator between two names says nothing of
 * which one is meant. */
static char *meta_party(char *s) {
  meta_part p[META_PARTS];
  size_t n = meta_parts(s, p, META_PARTS);
  if (n == 1) { /* "Example Wire -": a separator with nothing after it */
    for (size_t k = strlen(s), d; k > 0; k -= d) {
      d = s[k - 1] == ' ' ? 1 : separator_before(s, k);
      if (!d)
        break;
      s[k - d] = '\0';
    }
    return drop_by(s);
  }
  if (n > META_PARTS)
    return s + strlen(s);
  size_t f = 0, l = n;
  while (l > f && party_chrome(s, p[l - 1], l - f, 1))
    l--;
  while (f < l && party_chrome(s, p[f], l - f, 0))
    f++;
  if (l == f || l - f >= 3)
    return s + strlen(s);
  s[p[l - 1].e] = '\0';
  s += p[f].b;
  strip_trailing(s, 1);
  return strip_leading(s);
}

/* Words of an author box after the name: its links and the author's
 * title ("Ann Lee Feed Ann Lee is ...", "Ann Lee Senior Editor at ...").
 * Cut only behind a name that a biography follows. */
static const char *const profile_words[] = {
    "feed", "rss", "follow", "suivre", "folgen", "seguir", "twitter",
    "facebook", "linkedin", "instagram", "email", "e-mail", "bio", "profile",
    "website", "senior", "journalist", "journaliste", "reporter", "editor",
    "writer", "correspondent", "columnist", "contributor", "redakteur",
    "redakteurin", "autor", "autorin", NULL};

/* Words joining the names of a byline: "Ann Lee and Bo Dahl", "Ann Lee
 * (with Bo Dahl)". */
static const char *const person_joins[] = {"with", "avec", "mit", "con",
                                           "e", NULL};

static size_t count_words(const char *b, const char *e) {
  size_t n = 0;
  for (const char *q = b; q < e; q++)
    n += *q != ' ' && (q == b || q[-1] == ' ');
  return n;
}

/* Words before the biography of an author box, or S itself when none
 * follows: the name stops at a handle ("@annlee"), at the name said
 * again ("Ann Lee Ann Lee is ..."), at a date, at a parenthesis that
 * closes ("Ann Lee (with Bo Dahl) Journalist ..."), or at prose once two
 * words of a name are read and two more words follow ("Ann Lee covers
 * science").  A value that starts as no name ("danah boyd", "@annlee")
 * is kept whole. */
static char *meta_person_bio(char *s) {
  size_t first_n = word_core(s, word_at(s)), kept = 0, end = 0;
  size_t left = count_words(s, s + strlen(s)); /* words from w on */
  int cut = 0;
  for (char *w = s; *w && !cut;) {
    size_t n = 0;
    while (w[n] && w[n] != ' ')
      n++;
    size_t c = word_core(w, n);
    if (w[0] == '@' && n > 1) {
      cut = 1;
    } else if (w[0] == '(') {
      char *close = strchr(w, ')');
      if (!close || close - w > 80) {
        cut = 1;
      } else {
        kept++;
        end = (size_t)(close + 1 - s);
        left -= count_words(w, close + 1);
        cut = close[1] != '\0';
        w = close + 1 + (close[1] == ' ');
      }
      continue;
    } else if (kept >= 2 && c == first_n && strncmp(w, s, c) == 0) {
      cut = 1; /* the name again, as the biography's subject */
    } else if (kept >= 2 && (is_date_number(w, c) ||
                             (is_calendar_word(w, c, 0) && w[n] == ' ' &&
                              is_digit((unsigned char)w[n + 1])))) {
      cut = 1; /* a date: "Ann Lee May 2, 2019" */
    } else if (is_lower_word(w, c) && !is_connector(w, c) &&
               !word_in(w, c, particles) && !word_in(w, c, person_joins)) {
      if (kept < 2 || left < 2)
        return s;
      cut = 1;
    }
    if (cut)
      break;
    kept++;
    left--;
    end = (size_t)(w + n - s);
    w += n + (w[n] == ' ');
  }
  if (!cut || kept == 0)
    return s;
  s[end] = '\0';
  for (;;) {
    strip_trailing(s, 1);
    size_t len = strlen(s), b = word_before(s, len);
    if (b == 0 || !(word_in(s + b, len - b, profile_words) ||
                    word_in(s + b, len - b, person_joins) ||
                    dangling_connector(s, len)))
      break;
    s[b] = '\0';
  }
  return s;
}

/* A byline's lead: "By", "Written by", "Von", "Par".  Words other than
 * "by" lead only a name of two words or more ("Von Miller" is a name). */
static char *drop_byline_lead(char *s) {
  static const char *const leads[] = {
      "written by ", "posted by ", "words by ", "story by ", "text by ",
      "reporting by ", "von ", "par ", "por ", "door ", "av ", "af ", NULL};
  for (size_t i = 0; leads[i]; i++) {
    size_t k = strlen(leads[i]);
    if (ci_eq(s, leads[i], k) && count_words(s + k, s + strlen(s)) >= 2)
      return s + k;
  }
  return drop_by(s);
}

/* [B, E) is an e-mail address, wrapped or not ("<ann@lee.example>"). */
static int is_email_word(const char *b, const char *e) {
  while (b < e && is_wrap((unsigned char)*b))
    b++;
  while (e > b && is_wrap((unsigned char)e[-1]))
    e--;
  if (e - b > 7 && ci_eq(b, "mailto:", 7))
    b += 7;
  return is_email(b, (size_t)(e - b));
}

/* "ann@lee.example (Ann Lee)", "Ann Lee <ann@lee.example>": the address
 * goes, the name stays. */
static char *drop_email(char *s) {
  size_t mails = 0, words = 0;
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1 && (!mails || mails == words))
      return s; /* an address alone still says who */
    char *w = s;
    for (char *r = s; *r;) {
      char *e = r;
      while (*e && *e != ' ')
        e++;
      int mail = is_email_word(r, e);
      mails += pass == 0 && mail;
      words += pass == 0;
      if (pass == 1 && !mail) {
        memmove(w, r, (size_t)(e - r));
        w += e - r;
        if (*e)
          *w++ = ' ';
      }
      r = *e ? e + 1 : e;
    }
    if (pass == 1)
      *w = '\0';
  }
  squeeze(s);
  size_t n = strlen(s);
  if (n > 2 && s[0] == '(' && s[n - 1] == ')' && !strchr(s + 1, '(')) {
    s[n - 1] = '\0';
    s++;
  }
  return s;
}

/* A role label before the name ("Text: Ann Lee", "Texte : Ann Lee",
 * "Текст: Анна Ли", "Autor: Ann Lee"): the label goes when a name
 * follows it. */
static char *drop_role_label(char *s) {
  static const char *const labels[] = {
      "text", "texte", "texto", "testo", "tekst", "tekstas",
      "\xD1\x82\xD0\xB5\xD0\xBA\xD1\x81\xD1\x82", /* текст */
      "\xD0\xA2\xD0\xB5\xD0\xBA\xD1\x81\xD1\x82", /* Текст */
      "\xD0\xB0\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80", /* автор */
      "\xD0\x90\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80", /* Автор */
      "author", "authors", "autor", "autorin", "autoren", "auteur", "auteurs",
      "autore", "autori", "autora", "reporter", "reporters", "writer",
      "words", "byline", NULL};
  size_t n = 0;
  while (s[n] && s[n] != ' ' && s[n] != ':')
    n++;
  size_t colon = n + (s[n] == ' ');
  if (n == 0 || s[colon] != ':' || !word_in(s, n, labels))
    return s;
  char *p = s + colon + 1;
  while (*p == ' ')
    p++;
  return *p ? p : s;
}

/* "by Ann Lee | May 2, 2019" -> "Ann Lee"; "Ann Lee | Example Media" ->
 * "Ann Lee": what follows a separator is never part of a person's name
 * (the first part that is no date or domain is the name). */
static char *meta_person(char *s) {
  meta_part p[META_PARTS];
  size_t n = meta_parts(s, p, META_PARTS);
  if (n > 1) {
    size_t k = 0;
    while (k + 1 < n && k + 1 < META_PARTS &&
           (is_date_part(s + p[k].b, s + p[k].e) ||
            is_domain_part(s + p[k].b, s + p[k].e) ||
            (is_by(s + p[k].b) && p[k].e - p[k].b <= 3)))
      k++;
    s[p[k].e] = '\0';
    s += p[k].b;
  }
  s = drop_byline_lead(drop_role_label(drop_email(s)));
  if (is_date_part(s, s + strlen(s)))
    return s + strlen(s); /* a date names nobody */
  strip_trailing(s, 1);
  return meta_person_bio(strip_leading(s));
}

/* Prose around a holder: the name after "owned by", "property of" and
 * their kin ("Content is owned by or licensed to Example Press Pty Ltd
 * (EP) and ..." -> "Example Press Pty Ltd"), else "" with *PROSE_ONLY set
 * (a sentence that names no holder: "Content may not be reproduced"). */
static char *meta_prose_holder(char *s, int *prose_only) {
  static const char *const verbs[] = {
      "is", "are", "was", "were", "be", "been", "has", "have", "had", "will",
      "may", "must", "can", "should", "does", "not", "owned", "licensed",
      "protected", "published", "reproduced", "distributed", "used",
      "provided", "belongs", "copyrighted", NULL};
  static const char *const shapes[] = {
      "owned by or licensed to ", "owned by ", "licensed to ", "property of ",
      "belongs to ", "copyright of ", NULL};
  size_t words = 0;
  int prose = 0;
  for (const char *w = s; *w;) {
    size_t n = word_at(w);
    prose |= is_lower_word(w, word_core(w, n)) && word_in(w, word_core(w, n), verbs);
    words++;
    w += n;
    while (*w == ' ' || *w == ',')
      w++;
  }
  if (!prose || words < 3)
    return s;
  char *name = NULL;
  for (size_t i = 0; shapes[i] && !name; i++)
    if ((name = ci_find(s, shapes[i])) != NULL)
      name += strlen(shapes[i]);
  if (!name) {
    *prose_only = 1;
    return s + strlen(s);
  }
  size_t end = 0;
  for (const char *w = name; *w && *w != '(';) {
    size_t n = word_at(w), c = word_core(w, n);
    if (is_lower_word(w, c) && !is_connector(w, c))
      break;
    end = (size_t)(w + n - name);
    w += n;
    while (*w == ' ' || *w == ',')
      w++;
  }
  name[end] = '\0';
  for (;;) { /* "Example Press and" */
    strip_trailing(name, 1);
    size_t len = strlen(name), b = word_before(name, len);
    if (b == 0 || !is_connector(name + b, len - b))
      break;
    name[b] = '\0';
  }
  return name;
}

/* A no-break space ("Ann Lee\u00a0| May 2") separates as a space does. */
static char *meta_spaces(char *s) {
  char *w = s;
  for (const char *r = s; *r; r++) {
    int nbsp = (unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0;
    *w++ = nbsp ? ' ' : *r;
    r += nbsp;
  }
  *w = '\0';
  return squeeze(s);
}

/* After "©" the first name is the holder: clean_holder cuts at the first
 * separator.  *PROSE_ONLY as meta_prose_holder. */
static char *meta_holder(char *s, int *prose_only) {
  *prose_only = 0;
  return meta_prose_holder(clean_holder(meta_spaces(s)), prose_only);
}

/* A picture's credit as a caption writes it: "(Image credit: X)",
 * "Photo: X", "Фото: X" -> "X"; its separators stay ("Jana Weiss /
 * dpa"). */
static char *meta_image(char *s) {
  static const char *const labels[] = {
      "image credit", "image credits", "image", "photo credit", "photo",
      "photograph", "picture", "credit", "credits", "foto", "fotos", "bild",
      "cr\xC3\xA9" "dit", "cr\xC3\xA9" "dito", "source", "quelle",
      "\xD1\x84\xD0\xBE\xD1\x82\xD0\xBE", /* фото */
      "\xD0\xA4\xD0\xBE\xD1\x82\xD0\xBE", /* Фото */
      NULL};
  s = meta_spaces(s);
  size_t n = strlen(s);
  if (n > 2 && s[0] == '(' && s[n - 1] == ')' && !strchr(s + 1, '(')) {
    s[n - 1] = '\0';
    s = squeeze(s + 1);
  }
  /* "Credit Ann Lee", "CreditCreditAnn Lee" (a label's spans run
   * together). */
  while (strncmp(s, "Credit", 6) == 0 &&
         (s[6] == ' ' || is_upper((unsigned char)s[6]) ||
          (unsigned char)s[6] >= 0x80))
    s += 6 + (s[6] == ' ');
  static const char *const by[] = {"photo by ", "photograph by ",
                                   "image by ", "picture by ", NULL};
  for (size_t i = 0; by[i]; i++)
    if (ci_eq(s, by[i], strlen(by[i])) && s[strlen(by[i])])
      return s + strlen(by[i]);
  char *colon = strchr(s, ':');
  if (!colon)
    return s;
  size_t k = (size_t)(colon - s);
  while (k && s[k - 1] == ' ')
    k--;
  char *rest = colon + 1;
  while (*rest == ' ')
    rest++;
  return *rest && word_in(s, k, labels) ? rest : s;
}

char *cl_credit_meta_name(cl_kind kind, char *s) {
  int prose_only;
  switch (kind) {
  case CL_KIND_AUTHOR:
  case CL_KIND_EDITOR:
    return meta_person(meta_spaces(s));
  case CL_KIND_SOURCE:
  case CL_KIND_SYNDICATION:
    return meta_party(meta_spaces(s));
  case CL_KIND_COPYRIGHT:
    return meta_holder(s, &prose_only);
  case CL_KIND_IMAGE:
    return meta_image(s);
  default:
    return s; /* licences keep their separators */
  }
}

/* Words between the persons of a metadata list ("Ann Lee and Bo Kim",
 * "Ann Lee (avec Bo Kim et Cy Dunn)"). */
static const char *const meta_joins[] = {"and", "und", "et", "y", "&",
                                         "with", "avec", "mit", "con", NULL};

/* Words of a title or a publication written after a name ("Ann Lee, AP
 * Auto Writer", "Ann Lee, Business Insider"): no person of a list. */
static const char *const meta_not_names[] = {
    "writer", "writers", "editor", "editors", "reporter", "reporters",
    "correspondent", "correspondents", "columnist", "columnists",
    "producer", "producers", "photographer", "photographers", "critic",
    "analyst", "insider", "post", "journal", "herald", "tribune",
    "gazette", "daily", "weekly", "today", "review", "report", "bureau",
    "desk", "team", "online", "digital", "tv", "radio", "channel",
    "national", "international", "political", "sports", "senior", "chief",
    "special", NULL};

/* Whether S has no ASCII lower-case letter ("ANN LEE"). */
static int all_caps(const char *s) {
  for (; *s; s++)
    if (*s >= 'a' && *s <= 'z')
      return 0;
  return 1;
}

/* A person's full name in a metadata list: person_shaped, no word of a
 * title or publication. */
static int meta_list_name(const char *s) {
  if (!person_shaped(s))
    return 0;
  for (const char *w = s; *w;) {
    size_t n = word_at(w) + (*w == ',');
    if (word_in(w, word_core(w, n), meta_not_names))
      return 0;
    w += n;
    while (*w == ' ')
      w++;
  }
  return 1;
}

/* Cuts S at each join word and at each comma (in place): the parts go to
 * P (at most MAX), whether a comma came before each to COMMA; their count
 * is returned ((size_t)-1 when more). */
static size_t meta_list_parts(char *s, char **p, int *comma_before,
                              size_t max) {
  size_t n = 0;
  char *start = s;
  int after_comma = 0;
  for (char *w = s;;) {
    while (*w == ' ')
      w++;
    size_t len = 0;
    while (w[len] && w[len] != ' ' && w[len] != ',')
      len++;
    int comma = w[len] == ',';
    int join = !comma && len && word_in(w, len, meta_joins);
    if (!w[len] || comma || join) {
      char *end = join ? w : w + len;
      char *next = w + len + (w[len] != '\0');
      *end = '\0';
      if (n == max)
        return (size_t)-1;
      comma_before[n] = after_comma;
      p[n++] = start;
      if (!*next && !comma && !join)
        break;
      after_comma = comma;
      start = w = next;
      continue;
    }
    w += len;
  }
  return n;
}

size_t cl_credit_meta_persons(cl_arena *a, char *s, char ***out) {
  char **v = cl_arena_alloc(a, 8 * sizeof *v);
  if (!v)
    return (size_t)-1;
  *out = v;
  v[0] = s;
  size_t len = strlen(s);
  char *copy = cl_arena_strndup(a, s, len);
  if (!copy)
    return (size_t)-1;
  /* "Ann Lee (with Bo Kim)": the parenthesis holds the rest of the list. */
  char *open = strchr(copy, '(');
  if (open && copy[len - 1] == ')' && open > copy && open[-1] == ' ') {
    size_t k = strcspn(open + 1, " ");
    if (!word_in(open + 1, k, meta_joins))
      return 1;
    *open = ' ';
    copy[len - 1] = '\0';
  }
  char *parts[8];
  int comma[8];
  size_t n = meta_list_parts(copy, parts, comma, 8), k = 0;
  if (n == (size_t)-1 || n < 2)
    return 1;
  for (size_t i = 0; i < n; i++) {
    char *name = clean_plain(parts[i]);
    if (*name) { /* "Ann Lee, Bo Kim, and Cy Dunn" */
      comma[k] = comma[i];
      parts[k++] = name;
    }
  }
  /* What follows the names after a comma and is no person's full name
   * is where they work or what they are: "Ana Beck, dpa", "Ann Lee and
   * Bo Kim, Associated Press", "Ann Lee, MS, RD".  A suffix is the
   * name's ("Sam Ode, Jr."). */
  while (k > 1 && comma[k - 1] && !meta_list_name(parts[k - 1]) &&
         !is_word_of(name_tails, parts[k - 1]))
    k--;
  /* Only full names are persons: "Holt, Mia", "Sam Ode, Jr." and "Smith
   * & Wesson" are one name each. */
  for (size_t i = 0; i < k; i++)
    /* Names of one list are written alike: "TOM LEE, AP Auto Writer" is
     * a name and its title. */
    if (!meta_list_name(parts[i]) || all_caps(parts[i]) != all_caps(parts[0]))
      return 1;
  for (size_t i = 0; i < k; i++)
    v[i] = parts[i];
  return k ? k : 1;
}

/* ------------------------------------------------------------- credits */

char *cl_credit_meta_holder(cl_arena *a, char *s, const char **years,
                            const char **email, const char **url,
                            int *prose_only) {
  *years = NULL;
  s = meta_holder(s, prose_only);
  /* "Thomson Reuters 2013": the years after the name. */
  size_t n = strlen(s), b = n;
  while (b > 0 && (is_digit((unsigned char)s[b - 1]) || s[b - 1] == '-' ||
                   (unsigned char)s[b - 1] >= 0x80 || s[b - 1] == ' ' ||
                   s[b - 1] == ','))
    b--;
  while (b < n && !is_digit((unsigned char)s[b]))
    b++;
  int y;
  if (b > 0 && b + 4 <= n && year_at(s, b, &y) && s[b - 1] == ' ') {
    if (!(*years = cl_arena_strdup(a, s + b)))
      return NULL;
    s[b] = '\0';
    strip_trailing(s, 1);
  }
  return take_contacts(a, s, email, url);
}

/* Moves the e-mail address and URL of the holder FIELDS[MAIN] into
 * fields of their own ("email", "url"), unless the rule captured those.
 * *FIELDS is replaced by a longer arena copy when needed.  0 / -1. */
static int holder_contacts(cl_arena *a, cl_field **fields, size_t *n,
                           int main) {
  const char *email, *url;
  cl_field *f = *fields;
  char *h = take_contacts(a, (char *)f[main].value, &email, &url);
  if (!h)
    return -1;
  f[main].value = h;
  if (!email && !url)
    return 0;
  cl_field *g = cl_arena_alloc(a, (*n + 2) * sizeof *g);
  if (!g)
    return -1;
  memcpy(g, f, *n * sizeof *g);
  if (email && field_index(g, *n, "email") < 0)
    g[(*n)++] = (cl_field){"email", email};
  if (url && field_index(g, *n, "url") < 0)
    g[(*n)++] = (cl_field){"url", url};
  *fields = g;
  return 0;
}

/* Fills the copyright-only members of C from its fields. */
static int copyright_fill(cl_arena *a, cl_credit *c, const char *text) {
  int idx = field_index(c->fields, c->field_count, "symbol");
  c->symbol = idx >= 0 ? symbol_of(c->fields[idx].value) : NULL;
  if (idx >= 0 && !c->symbol)
    c->symbol = c->fields[idx].value;
  if (!c->symbol)
    c->symbol = symbol_of(text);
  idx = field_index(c->fields, c->field_count, "years");
  if (idx < 0)
    return 0;
  c->years_text = c->fields[idx].value;
  return cl_credit_set_years(a, c, c->years_text);
}

int cl_credit_from_match(cl_docres *d, const cl_rule *rule, const char *subj,
                         const PCRE2_SIZE *ov, unsigned line, unsigned col,
                         cl_scope scope) {
  cl_arena *a = &d->arena;
  cl_field *fields = NULL;
  size_t nfields = 0;
  int main_idx = -1;
  char **persons = NULL;
  size_t npersons = 0;

  /* Copied: a report may outlive the rule set. */
  const char *rule_id = cl_arena_strdup(a, rule->id ? rule->id : "");
  char *text = cl_arena_strndup(a, subj + ov[0], ov[1] - ov[0]);
  if (!text || !rule_id)
    return -1;
  squeeze(text);
  if (fields_read(a, rule, subj, ov, &fields, &nfields, &main_idx) < 0)
    return -1;

  if (rule->kind == CL_KIND_COPYRIGHT && main_idx >= 0 &&
      holder_contacts(a, &fields, &nfields, main_idx) < 0)
    return -1;

  if (is_person_kind(rule->kind) && main_idx >= 0) {
    char *list = (char *)fields[main_idx].value;
    npersons = split_persons(a, list, &persons);
    if (npersons == (size_t)-1)
      return -1;
  }

  /* A person list with no name left still gives one credit, as does a
   * notice whose holder cleaned away: the checks report what is missing. */
  size_t ncredits = npersons ? npersons : 1;
  for (size_t k = 0; k < ncredits; k++) {
    const cl_field *cf = fields;
    size_t ncf = nfields;
    if (npersons) {
      cl_field *copy = cl_arena_alloc(a, nfields * sizeof *copy);
      if (!copy)
        return -1;
      memcpy(copy, fields, nfields * sizeof *copy);
      copy[main_idx].value = persons[k];
      cf = copy;
    } else if (main_idx >= 0 && is_person_kind(rule->kind)) {
      /* The list held no name: drop the empty person field. */
      cl_field *copy = cl_arena_alloc(a, (nfields ? nfields : 1) * sizeof *copy);
      if (!copy)
        return -1;
      ncf = 0;
      for (size_t i = 0; i < nfields; i++)
        if ((int)i != main_idx)
          copy[ncf++] = fields[i];
      cf = copy;
    }
    /* Everything is in the arena now; the credit array may move. */
    cl_credit *c = cl_docres_add_credit(d, 0);
    if (!c)
      return -1;
    c->kind = rule->kind;
    c->rule = rule_id;
    c->line = line;
    c->column = col;
    c->text = text;
    c->scope = scope;
    c->fields = cf;
    c->field_count = ncf;
    int mi = -1;
    for (size_t i = 0; (unsigned)rule->kind < CL_KIND__COUNT && i < ncf; i++)
      if (strcmp(cf[i].name, main_names[rule->kind][0]) == 0)
        mi = (int)i;
    c->value = mi >= 0 ? cf[mi].value : NULL;
    if (rule->kind == CL_KIND_COPYRIGHT && copyright_fill(a, c, text) < 0)
      return -1;
    if (rule->kind == CL_KIND_IMAGE && cl_credit_image_fill(a, c) < 0)
      return -1;
  }
  return 0;
}

/* ------------------------------------------------------------ teasers */

/* Whether PERSON is one of the N credits' persons at V. */
static int named_in(const cl_credit *v, size_t n, const char *person) {
  for (size_t i = 0; i < n; i++)
    if (v[i].value && person && cl_person_names_match(v[i].value, person) == 1)
      return 1;
  return 0;
}

int cl_credits_drop_teasers(cl_docres *d) {
  size_t n = d->ncredits;
  if (n < 3)
    return 0;
  unsigned char *drop = calloc(n, 1);
  if (!drop)
    return -1;
  for (size_t r = 0; r < n; r++) {
    const cl_credit *c = &d->credits[r];
    /* Each rule once: from its first author credit. */
    if (c->kind != CL_KIND_AUTHOR || drop[r])
      continue;
    int seen = 0;
    for (size_t k = 0; k < r && !seen; k++)
      seen = d->credits[k].kind == CL_KIND_AUTHOR &&
             strcmp(d->credits[k].rule, c->rule) == 0;
    if (seen)
      continue;
    /* The article's byline: the rule's first in the article, else the
     * first in the article of another rule, else the rule's first.  A
     * byline's persons share its place. */
    size_t first = n, any_body = n;
    for (size_t k = 0; k < n && first == n; k++) {
      const cl_credit *b = &d->credits[k];
      if (b->kind != CL_KIND_AUTHOR || b->scope != CL_SCOPE_BODY)
        continue;
      if (strcmp(b->rule, c->rule) == 0)
        first = k;
      else if (any_body == n)
        any_body = k;
    }
    if (first == n)
      first = any_body < n ? any_body : r;
    size_t nfirst = 1;
    while (first + nfirst < n &&
           d->credits[first + nfirst].line == d->credits[first].line &&
           d->credits[first + nfirst].column == d->credits[first].column &&
           strcmp(d->credits[first + nfirst].rule, d->credits[first].rule) == 0)
      nfirst++;
    /* Other places of the rule that name someone else. */
    size_t others = 0;
    for (size_t k = r; k < n; k++) {
      const cl_credit *o = &d->credits[k];
      if (o->kind != CL_KIND_AUTHOR || strcmp(o->rule, c->rule) != 0 ||
          (k >= first && k < first + nfirst) ||
          named_in(d->credits + first, nfirst, o->value))
        continue;
      int new_place = k == r || o->line != d->credits[k - 1].line ||
                      o->column != d->credits[k - 1].column ||
                      strcmp(d->credits[k - 1].rule, o->rule) != 0 ||
                      !drop[k - 1];
      others += new_place;
      drop[k] = 1;
    }
    /* One other byline may be the article's second; two or more are a
     * list of other articles. */
    if (others < 2)
      for (size_t k = r; k < n; k++)
        if (d->credits[k].kind == CL_KIND_AUTHOR &&
            strcmp(d->credits[k].rule, c->rule) == 0)
          drop[k] = 0;
  }
  size_t out = 0;
  for (size_t i = 0; i < n; i++)
    if (!drop[i])
      d->credits[out++] = d->credits[i];
  free(drop);
  d->ncredits = out;
  d->pub.credits = d->credits;
  d->pub.credit_count = d->ncredits;
  return 0;
}
