/* gencorpus.c - writes a synthetic article corpus for the benchmark.
 *
 *   gencorpus DIR [ARTICLES [SEED]]      (defaults: 20000 articles, seed 1)
 *   gencorpus --credits FILE CREDITS [SEED]
 *
 * The second form writes one text document of CREDITS credit lines (the
 * checks' worst case: every credit compared with the others, issue 14):
 * notices of many holders and years, repeats, syndication credits and
 * bylines, a sentence of text between them.
 *
 * Layout: DIR/feeds/<partner>/<yyyy>/<mm>/NNNNN.{txt,md,html}, about 12 KB
 * an article.  Body text is assembled from the word lists below (written for
 * this project, never taken from real articles); credit lines come in the
 * shapes real feeds use.  The output depends only on ARTICLES and SEED. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------- PRNG */

typedef struct {
  uint64_t s;
} gc_rng;

static uint64_t gc_rng_next(gc_rng *r) {
  /* xorshift64*: fast, good enough, and the same on every platform. */
  r->s ^= r->s >> 12;
  r->s ^= r->s << 25;
  r->s ^= r->s >> 27;
  return r->s * 0x2545F4914F6CDD1DULL;
}

static unsigned gc_rng_below(gc_rng *r, unsigned n) {
  return (unsigned)((gc_rng_next(r) >> 33) % n);
}

/* 1 with probability PCT percent. */
static int gc_rng_pct(gc_rng *r, unsigned pct) { return gc_rng_below(r, 100) < pct; }

#define GC_PICK(r, arr) ((arr)[gc_rng_below((r), sizeof(arr) / sizeof((arr)[0]))])

/* ----------------------------------------------------------- word lists */

static const char *const gc_nouns[] = {
    "council", "budget", "harbor", "bridge", "school", "market", "river",
    "library", "festival", "orchard", "factory", "station", "museum", "garden",
    "clinic", "railway", "valley", "theater", "stadium", "ferry", "tunnel",
    "village", "district", "committee", "proposal", "survey", "report",
    "election", "contract", "pipeline", "reservoir", "warehouse", "airport",
    "highway", "forest", "coastline", "vineyard", "bakery", "workshop",
    "exhibit", "orchestra", "league", "season", "harvest", "storm", "drought",
    "shelter", "courthouse", "campus", "startup", "network", "satellite",
    "turbine", "battery", "vaccine", "hospital", "fishery", "glacier",
    "wetland", "tramline", "lighthouse", "quarry", "canal", "plaza"};

static const char *const gc_adjs[] = {
    "new", "old", "local", "regional", "quiet", "busy", "northern",
    "southern", "coastal", "rural", "urban", "modest", "ambitious", "costly",
    "popular", "delayed", "temporary", "historic", "crowded", "remote",
    "seasonal", "annual", "narrow", "wider", "cautious", "recent", "bold",
    "public", "private", "unusual", "steady", "sudden", "expanded", "revised"};

static const char *const gc_verbs[] = {
    "approved", "rejected", "delayed", "reviewed", "expanded", "opened",
    "closed", "funded", "inspected", "rebuilt", "announced", "postponed",
    "welcomed", "questioned", "praised", "measured", "restored", "replaced",
    "surveyed", "discussed", "outlined", "visited", "tested", "completed"};

static const char *const gc_verbs_base[] = {
    "approve", "reject", "delay", "review", "expand", "open", "close", "fund",
    "inspect", "rebuild", "announce", "postpone", "restore", "replace"};

static const char *const gc_places[] = {
    "Millbrook", "Easthaven", "Port Alder", "Crestfield", "Lowmoor",
    "Riverbend", "Stonegate", "Ashford Hollow", "Kettle Falls", "Marrowby",
    "Westmere", "Oakridge", "Fernlea", "Brackwater", "Holloway Point",
    "Sandcliff", "Greyhaven", "Thornbury", "Willow Creek", "Copper Bay"};

static const char *const gc_states[] = {"Ore.", "Mich.", "Colo.", "N.M.", "Vt.",
                                        "Wis.", "Mont.", "Ga.", "Ohio", "Maine"};

static const char *const gc_weekdays[] = {"Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday",
                                          "Sunday"};

static const char *const gc_months[] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"};

static const char *const gc_roles[] = {
    "spokeswoman", "spokesman", "planner", "engineer", "historian",
    "economist", "teacher", "farmer", "nurse", "volunteer", "researcher",
    "shop owner", "commissioner", "analyst", "coach", "librarian"};

static const char *const gc_first[] = {
    "Ada", "Bram", "Celia", "Dario", "Elin", "Farid", "Greta", "Hugo",
    "Ines", "Jonas", "Kira", "Lars", "Mina", "Nico", "Odile", "Pavel",
    "Quinn", "Rosa", "Soren", "Tala", "Umar", "Vera", "Wren", "Yusuf",
    "Zofia", "Ansel", "Beatriz", "Cosmin", "Delphine", "Emre"};

static const char *const gc_last[] = {
    "Abernathy", "Brightwater", "Castellano", "Dunmore", "Eriksen",
    "Fairclough", "Galloway", "Hartigan", "Ivanova", "Jablonski", "Kowal",
    "Lindqvist", "Marchetti", "Nakashima", "Okonkwo", "Pellegrino", "Quarles",
    "Rautio", "Sandoval", "Thorne", "Underhill", "Valdez", "Whitcombe",
    "Yamada", "Zeller", "Ashdown", "Beaumont", "Carrow", "Delacroix"};

typedef struct {
  const char *slug;   /* folder name    */
  const char *site;   /* display name   */
  const char *holder; /* usual copyright holder */
} gc_partner;

static const gc_partner gc_partners[] = {
    {"northwind", "Northwind Daily", "Northwind Media Group"},
    {"harborlight", "Harbor Light News", "Harbor Light News, Inc."},
    {"cedarvalley", "Cedar Valley Courier", "Cedar Valley Courier LLC"},
    {"bluemesa", "Blue Mesa Review", "Blue Mesa Publishing LLC"},
    {"lakeshore", "The Lakeshore Tribune", "The Lakeshore Tribune Company"},
    {"meridian", "Meridian Wire", "Meridian Wire Services Ltd."},
    {"granite", "Granite State Press", "Granite State Press Co."},
    {"saltmarsh", "Saltmarsh Digital", "Saltmarsh Digital GmbH"},
    {"prairie", "Open Prairie Radio", "Open Prairie Public Radio"},
    {"ironbridge", "Ironbridge Broadcasting", "Ironbridge Broadcasting plc"},
    {"silverfern", "Silver Fern Times", "Silver Fern Media Ltd"},
    {"copperline", "Copperline Magazine", "Copperline Magazines, Inc."}};

/* Organisations credited by syndication lines (fictional). */
static const char *const gc_orgs[] = {
    "the Coastal Reporting Project", "Field Notes Collective",
    "the Center for Rural Journalism", "Watershed Newsroom",
    "the Midland Investigative Fund", "Commonplace Media",
    "the Tidewater Data Desk", "Open Ledger News", "Kestrel Features",
    "the Northern Press Alliance"};

static const char *const gc_licenses[] = {
    "This work is licensed under a Creative Commons Attribution 4.0 "
    "International License.",
    "This article is published under a CC BY-SA 4.0 license.",
    "Licensed under CC BY-NC-ND 4.0. Republish with attribution.",
    "Text available under the Creative Commons Attribution-ShareAlike 3.0 "
    "Unported License (CC BY-SA 3.0).",
    "Photos and text: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."};

static const char *const gc_disclaimers[] = {
    "This material may not be published, broadcast, rewritten or "
    "redistributed.",
    "All rights reserved. No part of this article may be reproduced without "
    "written permission.",
    "Used under license. Reproduction is prohibited.",
    "All Rights Reserved."};

/* ------------------------------------------------------------ article */

typedef enum { GC_TXT, GC_MD, GC_HTML } gc_fmt;

typedef struct {
  gc_fmt fmt;
  const gc_partner *partner;
  unsigned year, month;
  char author[64], author2[64], editor[64];
  const char *holder2; /* a second, conflicting holder, or NULL */
  const char *wire;    /* "AP", "Reuters", "AFP" or NULL */
  const char *syndicated; /* organisation, or NULL */
  const char *license;    /* licence sentence, or NULL */
  int missing_copyright, duplicate, long_line;
} gc_article;

typedef struct {
  unsigned long articles, missing, conflicting, duplicated, long_lines;
  unsigned long long bytes;
} gc_stats;

static void gc_name(gc_rng *r, char *out, size_t n) {
  snprintf(out, n, "%s %s", GC_PICK(r, gc_first), GC_PICK(r, gc_last));
}

/* Years as real notices write them: one year, a range, or a list. */
static int gc_years(gc_rng *r, cl_buf *b, unsigned year) {
  unsigned shape = gc_rng_below(r, 10);
  if (shape < 6)
    return cl_buf_printf(b, "%u", year);
  if (shape < 8)
    return cl_buf_printf(b, "%u-%u", year - 1 - gc_rng_below(r, 5), year);
  if (shape < 9) /* en dash, as typeset */
    return cl_buf_printf(b, "%u\xe2\x80\x93%u", year - 2, year);
  return cl_buf_printf(b, "%u, %u", year - 2, year);
}

/* HOLDER, a full stop unless its suffix has one ("Inc."), then REST. */
static int gc_holder_sentence(cl_buf *b, const char *holder, const char *rest) {
  size_t n = strlen(holder);
  return cl_buf_printf(b, " %s%s %s", holder,
                       n && holder[n - 1] == '.' ? "" : ".", rest);
}

/* One copyright notice in one of many shapes.  HTML gets entity forms. */
static int gc_copyright(gc_rng *r, cl_buf *b, const char *holder,
                        unsigned year, int html) {
  const char *sym = "\xc2\xa9";
  if (html)
    sym = gc_rng_pct(r, 50) ? "&copy;" : "&#169;";
  int rc = 0;
  switch (gc_rng_below(r, 9)) {
  case 0:
    rc |= cl_buf_printf(b, "%s ", sym);
    rc |= gc_years(r, b, year);
    rc |= gc_holder_sentence(b, holder, "All rights reserved.");
    break;
  case 1:
    rc |= cl_buf_puts(b, "(c) ");
    rc |= gc_years(r, b, year);
    rc |= cl_buf_printf(b, " %s", holder);
    break;
  case 2:
    rc |= cl_buf_puts(b, "Copyright ");
    rc |= gc_years(r, b, year);
    rc |= gc_holder_sentence(b, holder, "All rights reserved.");
    break;
  case 3:
    rc |= cl_buf_printf(b, "Copyright %s ", sym);
    rc |= gc_years(r, b, year);
    rc |= gc_holder_sentence(b, holder, GC_PICK(r, gc_disclaimers));
    break;
  case 4:
    rc |= cl_buf_printf(b, "%s%u %s", sym, year, holder);
    break;
  case 5:
    rc |= cl_buf_printf(b, "Copr. %u %s", year, holder);
    break;
  case 6:
    rc |= cl_buf_puts(b, "Copyright (C) ");
    rc |= gc_years(r, b, year);
    rc |= gc_holder_sentence(b, holder, "All Rights Reserved.");
    break;
  case 7: /* NBSP after the symbol, as CMS templates emit */
    rc |= cl_buf_printf(b, "%s\xc2\xa0%u %s", html ? "&copy;" : sym, year,
                        holder);
    break;
  default:
    rc |= cl_buf_printf(b, "COPYRIGHT %u %s", year, holder);
    break;
  }
  return rc;
}

/* One sentence of body text, no credit in it. */
static int gc_sentence(gc_rng *r, cl_buf *b) {
  switch (gc_rng_below(r, 8)) {
  case 0:
    return cl_buf_printf(b, "The %s %s %s the %s %s near %s on %s.",
                         GC_PICK(r, gc_adjs), GC_PICK(r, gc_nouns),
                         GC_PICK(r, gc_verbs), GC_PICK(r, gc_adjs),
                         GC_PICK(r, gc_nouns), GC_PICK(r, gc_places),
                         GC_PICK(r, gc_weekdays));
  case 1:
    return cl_buf_printf(b, "Officials said they would %s the %s %s before %s.",
                         GC_PICK(r, gc_verbs_base), GC_PICK(r, gc_adjs),
                         GC_PICK(r, gc_nouns), GC_PICK(r, gc_months));
  case 2:
    return cl_buf_printf(b, "In %s, %u residents %s the %s plan, and the %s "
                            "was %s again in %s.",
                         GC_PICK(r, gc_places), 20 + gc_rng_below(r, 900),
                         GC_PICK(r, gc_verbs), GC_PICK(r, gc_nouns),
                         GC_PICK(r, gc_nouns), GC_PICK(r, gc_verbs),
                         GC_PICK(r, gc_months));
  case 3: /* "by" is common in prose; a prefilter must cope with it */
    return cl_buf_printf(b, "The %s was %s by the %s %s after %u weeks of "
                            "talks.",
                         GC_PICK(r, gc_nouns), GC_PICK(r, gc_verbs),
                         GC_PICK(r, gc_adjs), GC_PICK(r, gc_nouns),
                         2 + gc_rng_below(r, 30));
  case 4: {
    char who[64];
    gc_name(r, who, sizeof who);
    return cl_buf_printf(b, "\xe2\x80\x9cThe %s is %s,\xe2\x80\x9d said %s, "
                            "a %s in %s.",
                         GC_PICK(r, gc_nouns), GC_PICK(r, gc_adjs), who,
                         GC_PICK(r, gc_roles), GC_PICK(r, gc_places));
  }
  case 5:
    return cl_buf_printf(b, "Costs rose %u percent \xe2\x80\x94 the %s "
                            "%s said the %s would be %s.",
                         1 + gc_rng_below(r, 40), GC_PICK(r, gc_adjs),
                         GC_PICK(r, gc_nouns), GC_PICK(r, gc_nouns),
                         GC_PICK(r, gc_verbs));
  case 6:
    return cl_buf_printf(b, "One %s %s in %s drew %u visitors last %s.",
                         GC_PICK(r, gc_adjs), GC_PICK(r, gc_nouns),
                         GC_PICK(r, gc_places), 100 + gc_rng_below(r, 9000),
                         GC_PICK(r, gc_months));
  default:
    return cl_buf_printf(b, "The %s and the %s were %s, while the %s %s "
                            "remained %s.",
                         GC_PICK(r, gc_nouns), GC_PICK(r, gc_nouns),
                         GC_PICK(r, gc_verbs), GC_PICK(r, gc_adjs),
                         GC_PICK(r, gc_nouns), GC_PICK(r, gc_adjs));
  }
}

/* A paragraph of 3-9 sentences (one line); TARGET > 0 makes it that long. */
static int gc_paragraph(gc_rng *r, cl_buf *b, size_t target) {
  size_t start = b->len;
  unsigned n = 3 + gc_rng_below(r, 7);
  for (unsigned i = 0; target ? b->len - start < target : i < n; i++) {
    if (i && cl_buf_putc(b, ' ') < 0)
      return -1;
    if (gc_sentence(r, b) < 0)
      return -1;
  }
  return 0;
}

/* A paragraph that carries a wire citation inside the prose. */
static int gc_wire_sentence(gc_rng *r, cl_buf *b, const char *wire) {
  const char *noun = GC_PICK(r, gc_nouns);
  const char *verb = GC_PICK(r, gc_verbs);
  if (!strcmp(wire, "Reuters"))
    return gc_rng_pct(r, 50)
               ? cl_buf_printf(b, "Reuters reported on %s that the %s had been "
                                  "%s.",
                               GC_PICK(r, gc_weekdays), noun, verb)
               : cl_buf_printf(b, "The %s was %s, Reuters reported.", noun,
                               verb);
  if (!strcmp(wire, "AP"))
    return cl_buf_printf(b, "The %s was %s, according to the Associated "
                            "Press.",
                         noun, verb);
  return cl_buf_printf(b, "The %s was %s, AFP reported.", noun, verb);
}

static void gc_article_plan(gc_rng *r, gc_article *a) {
  memset(a, 0, sizeof *a);
  unsigned f = gc_rng_below(r, 10);
  a->fmt = f < 4 ? GC_TXT : f < 7 ? GC_MD : GC_HTML;
  a->partner = &GC_PICK(r, gc_partners);
  a->year = 2015 + gc_rng_below(r, 10);
  a->month = 1 + gc_rng_below(r, 12);
  gc_name(r, a->author, sizeof a->author);
  if (gc_rng_pct(r, 25))
    gc_name(r, a->author2, sizeof a->author2);
  gc_name(r, a->editor, sizeof a->editor);
  a->missing_copyright = gc_rng_pct(r, 10);
  if (!a->missing_copyright && gc_rng_pct(r, 6)) { /* ~5% of all articles */
    const gc_partner *o = &GC_PICK(r, gc_partners);
    if (o != a->partner)
      a->holder2 = o->holder;
  }
  a->duplicate = !a->missing_copyright && gc_rng_pct(r, 8);
  unsigned w = gc_rng_below(r, 100);
  a->wire = w < 12 ? "AP" : w < 22 ? "Reuters" : w < 27 ? "AFP" : NULL;
  if (gc_rng_pct(r, 35))
    a->syndicated = GC_PICK(r, gc_orgs);
  if (gc_rng_pct(r, 10))
    a->license = GC_PICK(r, gc_licenses);
  a->long_line = gc_rng_below(r, 400) == 0;
}

/* The credit lines that close an article, each as its own paragraph. */
static int gc_credit_block(gc_rng *r, cl_buf *b, const gc_article *a,
                           const char *pre, const char *post) {
  int rc = 0;
  if (a->wire && !strcmp(a->wire, "Reuters"))
    rc |= cl_buf_printf(b, "%s(Reporting by %s%s%s; Editing by %s)%s\n", pre,
                        a->author, a->author2[0] ? " and " : "", a->author2,
                        a->editor, post);
  else if (gc_rng_pct(r, 50))
    rc |= cl_buf_printf(b, "%sEdited by %s%s\n", pre, a->editor, post);
  if (a->wire && !strcmp(a->wire, "AFP"))
    rc |= cl_buf_printf(b, "%sAFP contributed to this report.%s\n", pre, post);
  if (a->syndicated) {
    switch (gc_rng_below(r, 4)) {
    case 0:
      rc |= cl_buf_printf(b, "%sThis story was produced in association with "
                             "%s.%s\n",
                          pre, a->syndicated, post);
      break;
    case 1:
      rc |= cl_buf_printf(b, "%sDistributed by %s.%s\n", pre, a->syndicated,
                          post);
      break;
    case 2:
      rc |= cl_buf_printf(b, "%sThis article originally appeared on %s.%s\n",
                          pre, a->partner->site, post);
      break;
    default:
      rc |= cl_buf_printf(b, "%sProduced in association with %s.%s\n", pre,
                          a->syndicated, post);
      break;
    }
  }
  if (a->license)
    rc |= cl_buf_printf(b, "%s%s%s\n", pre, a->license, post);
  return rc;
}

/* The copyright notices of an article, one per line with PRE/POST around. */
static int gc_copyright_lines(gc_rng *r, cl_buf *b, const gc_article *a,
                              const char *pre, const char *post, int html) {
  int rc = 0;
  if (a->missing_copyright)
    return 0;
  /* A duplicated notice is the same line twice, as a template repeats it. */
  cl_buf line = CL_BUF_INIT;
  rc |= cl_buf_puts(&line, pre);
  rc |= gc_copyright(r, &line, a->partner->holder, a->year, html);
  rc |= cl_buf_printf(&line, "%s\n", post);
  for (int i = 0; rc == 0 && i < (a->duplicate ? 2 : 1); i++)
    rc |= cl_buf_put(b, line.ptr, line.len);
  cl_buf_free(&line);
  if (a->holder2) {
    rc |= cl_buf_puts(b, pre);
    rc |= gc_copyright(r, b, a->holder2, a->year, html);
    rc |= cl_buf_printf(b, "%s\n", post);
  }
  return rc;
}

/* The body: byline/dateline, paragraphs up to about TARGET bytes. */
static int gc_body(gc_rng *r, cl_buf *b, const gc_article *a, size_t target,
                   const char *pre, const char *post, int wrap) {
  size_t start = b->len;
  cl_buf para = CL_BUF_INIT;
  int rc = 0;
  unsigned n = 0;
  unsigned wire_at = 1 + gc_rng_below(r, 4);
  while (rc == 0 && b->len - start < target) {
    cl_buf_clear(&para);
    if (n == 0 && a->wire && !strcmp(a->wire, "AP"))
      rc |= cl_buf_printf(&para, "%s, %s (AP) \xe2\x80\x94 ",
                          GC_PICK(r, gc_places), GC_PICK(r, gc_states));
    if (n == wire_at && a->wire) {
      rc |= gc_wire_sentence(r, &para, a->wire);
      rc |= cl_buf_putc(&para, ' ');
    }
    if (n == 2 && a->long_line) {
      /* A 200 KB paragraph with a credit half-way: windows must not lose it. */
      rc |= gc_paragraph(r, &para, 100 * 1024);
      rc |= cl_buf_puts(&para, " The figures were compiled, according to the "
                               "Associated Press, from public records. ");
      rc |= gc_paragraph(r, &para, 100 * 1024);
    } else {
      rc |= gc_paragraph(r, &para, 0);
    }
    if (rc)
      break;
    if (wrap) { /* Markdown sources are often hard-wrapped near 78 columns */
      size_t col = 0;
      for (size_t i = 0; i < para.len; i++) {
        if (para.ptr[i] == ' ' && col > 72 && !a->long_line) {
          para.ptr[i] = '\n';
          col = 0;
        } else {
          col++;
        }
      }
    }
    rc |= cl_buf_printf(b, "%s%s%s\n", pre, para.ptr, post);
    if (!strcmp(pre, "")) /* plain text: blank line between paragraphs */
      rc |= cl_buf_putc(b, '\n');
    n++;
  }
  cl_buf_free(&para);
  return rc;
}

static int gc_headline(gc_rng *r, char *out, size_t n) {
  char noun[32];
  snprintf(noun, sizeof noun, "%s", GC_PICK(r, gc_nouns));
  noun[0] = (char)(noun[0] - 'a' + 'A');
  return snprintf(out, n, "%s %s %s in %s", noun, "plan",
                  GC_PICK(r, gc_verbs), GC_PICK(r, gc_places)) < 0
             ? -1
             : 0;
}

static int gc_byline(cl_buf *b, const gc_article *a, const char *pre,
                     const char *post) {
  if (a->author2[0])
    return cl_buf_printf(b, "%sBy %s and %s%s\n", pre, a->author, a->author2,
                         post);
  return cl_buf_printf(b, "%sBy %s%s\n", pre, a->author, post);
}

static int gc_render(gc_rng *r, cl_buf *b, const gc_article *a) {
  char title[160];
  size_t target = 9000 + gc_rng_below(r, 6000);
  int rc = gc_headline(r, title, sizeof title);
  switch (a->fmt) {
  case GC_TXT:
    rc |= cl_buf_printf(b, "%s\n\n", title);
    rc |= gc_byline(b, a, "", "\n");
    rc |= gc_body(r, b, a, target, "", "", 0);
    rc |= gc_credit_block(r, b, a, "", "");
    rc |= gc_copyright_lines(r, b, a, "", "", 0);
    break;
  case GC_MD:
    rc |= cl_buf_printf(b, "---\ntitle: \"%s\"\nauthor: %s\ndate: "
                           "%u-%02u-%02u\nsource: %s\n",
                        title, a->author, a->year, a->month,
                        1 + gc_rng_below(r, 28), a->partner->site);
    if (!a->missing_copyright)
      rc |= cl_buf_printf(b, "copyright: \"%u %s\"\n", a->year,
                          a->partner->holder);
    if (a->license)
      rc |= cl_buf_puts(b, "license: CC-BY-4.0\n");
    rc |= cl_buf_printf(b, "tags: [%s, %s]\n---\n\n# %s\n\n",
                        GC_PICK(r, gc_nouns), GC_PICK(r, gc_nouns), title);
    rc |= gc_byline(b, a, "*", "*\n");
    rc |= gc_body(r, b, a, target, "", "", 1);
    rc |= cl_buf_puts(b, "---\n\n");
    rc |= gc_credit_block(r, b, a, "", "\n");
    rc |= gc_copyright_lines(r, b, a, "", "\n", 0);
    break;
  case GC_HTML:
    rc |= cl_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                           "<meta charset=\"utf-8\">\n<title>%s</title>\n"
                           "<meta name=\"author\" content=\"%s\">\n"
                           "<meta property=\"og:site_name\" content=\"%s\">\n",
                        title, a->author, a->partner->site);
    if (!a->missing_copyright)
      rc |= cl_buf_printf(b, "<meta name=\"copyright\" content=\"&copy; %u "
                             "%s\">\n",
                          a->year, a->partner->holder);
    rc |= cl_buf_printf(b, "</head>\n<body>\n<nav><a href=\"/\">Home</a> "
                           "<a href=\"/news\">News</a> <a href=\"/about\">"
                           "About %s</a></nav>\n<article>\n<h1>%s</h1>\n",
                        a->partner->site, title);
    rc |= gc_byline(b, a, "<p class=\"byline\">", "</p>");
    rc |= gc_body(r, b, a, target, "<p>", "</p>", 0);
    rc |= gc_credit_block(r, b, a, "<p class=\"credit\"><em>", "</em></p>");
    /* The article's own notice; the footer's site notice is page chrome
     * and does not cover the article, so it never stands in for it. */
    rc |= gc_copyright_lines(r, b, a, "<p class=\"copyright\">", "</p>", 1);
    rc |= cl_buf_puts(b, "</article>\n<footer>\n");
    if (gc_rng_pct(r, 50))
      rc |= cl_buf_printf(b, "<p>&copy; %u %s</p>\n", a->year,
                          a->partner->holder);
    rc |= cl_buf_puts(b, "<p><a href=\"/privacy\">Privacy</a> | "
                         "<a href=\"/terms\">Terms</a></p>\n</footer>\n"
                         "</body>\n</html>\n");
    break;
  }
  return rc ? -1 : 0;
}

/* mkdir -p for the few folder levels we create; LAST caches the last one. */
static int gc_mkdirs(const char *path, cl_buf *last) {
  if (last->ptr && !strcmp(last->ptr, path))
    return 0;
  char tmp[4096];
  size_t n = strlen(path);
  if (n >= sizeof tmp)
    return -1;
  memcpy(tmp, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (tmp[i] != '/' && tmp[i] != '\0')
      continue;
    char c = tmp[i];
    tmp[i] = '\0';
    if (mkdir(tmp, 0777) < 0 && errno != EEXIST)
      return -1;
    tmp[i] = c;
  }
  cl_buf_clear(last);
  return cl_buf_puts(last, path);
}

static int gc_write(const char *path, const cl_buf *b) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  int bad = fwrite(b->ptr, 1, b->len, f) != b->len;
  bad |= fclose(f) != 0;
  return bad ? -1 : 0;
}

static const char *const gc_ext[] = {"txt", "md", "html"};

/* Writes COUNT articles under DIR.  Returns 0, or -1 with errno set. */
static int gc_corpus_write(const char *dir, unsigned long count, uint64_t seed,
                           gc_stats *st) {
  cl_buf doc = CL_BUF_INIT, folder = CL_BUF_INIT, last = CL_BUF_INIT,
         path = CL_BUF_INIT;
  gc_rng rng = {seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL};
  int rc = -1;
  if (!rng.s)
    rng.s = 1;
  memset(st, 0, sizeof *st);
  for (unsigned long i = 0; i < count; i++) {
    gc_article a;
    gc_article_plan(&rng, &a);
    cl_buf_clear(&doc);
    cl_buf_clear(&folder);
    cl_buf_clear(&path);
    if (gc_render(&rng, &doc, &a) < 0 ||
        cl_buf_printf(&folder, "%s/feeds/%s/%u/%02u", dir, a.partner->slug,
                      a.year, a.month) < 0 ||
        cl_buf_printf(&path, "%s/%05lu.%s", folder.ptr, i, gc_ext[a.fmt]) < 0)
      goto cleanup;
    if (gc_mkdirs(folder.ptr, &last) < 0 || gc_write(path.ptr, &doc) < 0)
      goto cleanup;
    st->articles++;
    st->bytes += doc.len;
    st->missing += (unsigned long)a.missing_copyright;
    st->conflicting += a.holder2 != NULL;
    st->duplicated += (unsigned long)a.duplicate;
    st->long_lines += (unsigned long)a.long_line;
  }
  rc = 0;
cleanup:
  cl_buf_free(&doc);
  cl_buf_free(&folder);
  cl_buf_free(&last);
  cl_buf_free(&path);
  return rc;
}

/* One document of COUNT credit lines (see the top of the file). */
static int gc_credits_write(const char *path, unsigned long count,
                            uint64_t seed, unsigned long long *bytes) {
  cl_buf doc = CL_BUF_INIT;
  gc_rng rng = {seed * 0x9E3779B97F4A7C15ULL + 0x7654321ULL};
  int rc = -1;
  char name[64];
  if (!rng.s)
    rng.s = 1;
  for (unsigned long i = 0; i < count; i++) {
    unsigned shape = gc_rng_below(&rng, 20);
    gc_name(&rng, name, sizeof name);
    int bad = 0;
    if (shape < 12) /* a notice: holders of names, orgs and partners */
      bad = gc_copyright(&rng, &doc,
                         shape < 6   ? name
                         : shape < 9 ? GC_PICK(&rng, gc_orgs)
                                     : GC_PICK(&rng, gc_partners).holder,
                         2000 + gc_rng_below(&rng, 26), 0);
    else if (shape < 15)
      bad = cl_buf_printf(&doc, "This article was produced in association "
                                "with %s.",
                          shape < 14 ? GC_PICK(&rng, gc_orgs) : name);
    else if (shape < 18)
      bad = cl_buf_printf(&doc, "By %s", name);
    else /* a repeat of a line already written */
      bad = cl_buf_puts(&doc, "Copyright 2024 Northwind Media Group. All "
                              "rights reserved.");
    bad |= cl_buf_putc(&doc, '\n');
    bad |= gc_sentence(&rng, &doc);
    bad |= cl_buf_puts(&doc, "\n\n");
    if (bad) {
      errno = ENOMEM;
      goto cleanup;
    }
  }
  if (gc_write(path, &doc) < 0)
    goto cleanup;
  *bytes = doc.len;
  rc = 0;
cleanup:
  cl_buf_free(&doc);
  return rc;
}

static int gc_parse_ulong(const char *s, unsigned long *out) {
  char *end = NULL;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || end == s || *end || s[0] == '-')
    return -1;
  *out = v;
  return 0;
}

int main(int argc, char **argv) {
  unsigned long count = 20000, seed = 1;
  gc_stats st;
  if (argc >= 4 && argc <= 5 && strcmp(argv[1], "--credits") == 0) {
    unsigned long long bytes = 0;
    if (gc_parse_ulong(argv[3], &count) ||
        (argc > 4 && gc_parse_ulong(argv[4], &seed))) {
      fprintf(stderr, "usage: gencorpus --credits FILE CREDITS [SEED]\n");
      return 2;
    }
    if (gc_credits_write(argv[2], count, seed, &bytes) < 0) {
      fprintf(stderr, "gencorpus: %s: %s\n", argv[2], strerror(errno));
      return 1;
    }
    printf("gencorpus: %lu credit lines, %llu bytes in %s (seed %lu)\n", count,
           bytes, argv[2], seed);
    return 0;
  }
  if (argc < 2 || argc > 4 || (argc > 2 && gc_parse_ulong(argv[2], &count)) ||
      (argc > 3 && gc_parse_ulong(argv[3], &seed))) {
    fprintf(stderr, "usage: gencorpus DIR [ARTICLES [SEED]]\n"
                    "       gencorpus --credits FILE CREDITS [SEED]\n");
    return 2;
  }
  if (gc_corpus_write(argv[1], count, seed, &st) < 0) {
    fprintf(stderr, "gencorpus: %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  printf("gencorpus: %lu articles, %llu bytes in %s (seed %lu): %lu without "
         "copyright, %lu with conflicting holders, %lu with a duplicated "
         "notice, %lu with a 200 KB line\n",
         st.articles, st.bytes, argv[1], seed, st.missing, st.conflicting,
         st.duplicated, st.long_lines);
  return 0;
}
