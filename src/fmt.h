/*
 * fmt.h - what the format readers (fmt_*.c) share: the extraction context
 * that turns decoded text with a map back to the source into cl_text lines,
 * metadata credits, entity decoding, the DOM text walker and the JSON
 * helpers.  Private to the format readers and their tests.
 *
 * Offsets: every reader works on a "span", a buffer whose bytes each have an
 * offset in the document source (t->src).  The document itself is a span
 * with no map (offset = index); a JSON string holding HTML, or a JSON-LD
 * script inside a page, is a span whose map gives each byte's document
 * offset.  Lines and credits always get document positions.
 *
 * Document dates (NITF date.release/date.expire, G2 firstCreated,
 * versionCreated, embargoed, rightsInfo@validto) have no kind of their own:
 * they are added as fields ("date.release", "embargoed", "valid_to", ...) to
 * every metadata credit of the document once it has been read.
 */
#ifndef CL_FMT_H
#define CL_FMT_H

#include "internal.h"

#include <libxml/tree.h>

/* ------------------------------------------------------------ spans */

typedef struct {
  const char *buf;
  size_t len;
  const size_t *map; /* len + 1 document offsets, or NULL: ...      */
  size_t base;       /* ... then byte i is at document offset base + i */
} cl_span;

/* Document offset of byte I of span S. */
static inline size_t cl_span_off(const cl_span *s, size_t i) {
  if (i > s->len)
    i = s->len;
  return s->map ? s->map[i] : s->base + i;
}

/* ------------------------------------------------------ the context */

#define CL_FMT_MAX_DATES 8

typedef struct {
  cl_text *t;
  cl_docres *d;
  size_t *lstart; /* offsets of line starts in t->src */
  size_t nlstart;
  /* The visible line being built: decoded UTF-8, and where its bytes came
   * from as runs: byte p of run k (seg[k].pos <= p < seg[k + 1].pos) came
   * from document offset seg[k].off + (p - seg[k].pos).  A run starts
   * wherever the source is not contiguous (a collapsed space, an entity,
   * another text node), so most lines are built without a per-byte map. */
  cl_buf line;
  struct cl_fmt_seg {
    size_t pos, off;
  } *seg;
  size_t nseg, seg_cap;
  size_t last_at; /* document offset of the line's last byte */
  size_t *lmap;   /* a kept line's runs spelt out, byte by byte */
  size_t lmap_cap;
  cl_scope lscope;
  /* Lines put while CAPTION is set are captions (cl_tline.caption);
   * LCAPTION is the state of the line being built. */
  unsigned char caption, lcaption;
  /* Text put while BYLINE is set is inside the page's byline markup;
   * LBYLINE: the line being built holds some (cl_tline.byline). */
  unsigned char byline, lbyline;
  cl_text scratch; /* normalises a built line with text.c's rules */
  /* Optional filter of built lines, as for plain text
   * (cl_text_fill_plain_filtered); its result is the line's tag. */
  unsigned (*keep)(void *ud, const char *s, size_t n);
  void *keep_ud;
  unsigned tag; /* of the line being appended */
  /* KEEP's result for the next line flushed, when a reader already asked
   * it for exactly that text (a plain Markdown paragraph): not asked
   * again.  0: ask. */
  unsigned kept;
  const char *date_names[CL_FMT_MAX_DATES];
  const char *date_values[CL_FMT_MAX_DATES];
  size_t ndates;
  /* The last position computed: a long line (a JSON document on one
   * line) is not counted again from its start for every text on it. */
  size_t pos_off;
  unsigned pos_line, pos_col;
} cl_fmt;

int cl_fmt_init(cl_fmt *f, cl_text *t, cl_docres *d); /* 0 / -1 ENOMEM */
void cl_fmt_fini(cl_fmt *f);

/* 1-based line and column (characters) of document offset OFF. */
void cl_fmt_pos(cl_fmt *f, size_t off, unsigned *line, unsigned *col);
/* Document offset where 1-based LINE starts (the end if beyond). */
size_t cl_fmt_line_start(const cl_fmt *f, unsigned line);

/* Appends N decoded bytes to the current line, byte i coming from
 * document offset MAP[i] (or OFF + i when MAP is NULL).  Runs of white
 * space collapse to one space; leading space is dropped.  A line holds one
 * scope and one caption state (f->caption): a different SCOPE or caption
 * state flushes the line first.  0 / -1 ENOMEM. */
int cl_fmt_put(cl_fmt *f, const char *s, size_t n, const size_t *map,
               size_t off, cl_scope scope);
/* 1 if text S (N bytes) ends open, so that what follows goes on the same
 * credit: on "with", "by", "of", "the", "©", "Copyright", a year, a colon
 * or a comma ("Produced in association with" / "Benzinga"). */
int cl_fmt_ends_open(const char *s, size_t n);
/* Ends the current line: normalised and added to t (if not blank). */
int cl_fmt_flush(cl_fmt *f);

/* Appends a metadata credit at document offset OFF.  VALUE is trimmed and
 * its white space collapsed; empty values are ignored (returns NULL with
 * *ERR 0).  For CL_KIND_COPYRIGHT and CL_KIND_IMAGE, YEARS (may be NULL)
 * is parsed into the year list.  With COUNT, an author's or editor's
 * list of persons ("Ann Lee and Bo Kim") gives one credit per person,
 * side by side from the one returned, *COUNT of them (cl_fmt_fields
 * adds a field to each); without, VALUE is one name (an organisation).
 * Returns the credit; NULL with *ERR = -1 on ENOMEM. */
cl_credit *cl_fmt_meta(cl_fmt *f, cl_kind kind, const char *rule, size_t off,
                       const char *value, const char *years, size_t *count,
                       int *err);
/* Adds field NAME = VALUE (copied) to each of the N credits from C.
 * 0 / -1 ENOMEM. */
int cl_fmt_fields(cl_fmt *f, cl_credit *c, size_t n, const char *name,
                  const char *value);
/* A copyright notice as metadata ("Copyright 2020 Acme. All rights
 * reserved."): holder and years are taken from the text, which is kept as
 * field "notice".  Same returns as cl_fmt_meta. */
cl_credit *cl_fmt_meta_notice(cl_fmt *f, const char *rule, size_t off,
                              const char *notice, int *err);
/* Adds field NAME = VALUE (copied) to credit C.  0 / -1 ENOMEM. */
int cl_fmt_field(cl_fmt *f, cl_credit *c, const char *name, const char *value);
/* Remembers a document date (NAME static, VALUE copied); attached to
 * every metadata credit by cl_fmt_finish_dates. */
int cl_fmt_date(cl_fmt *f, const char *name, const char *value);
int cl_fmt_finish_dates(cl_fmt *f);

/* Offset in span S of the first occurrence of NEEDLE (exact bytes) at or
 * after FROM, within LIMIT bytes (0: to the end); (size_t)-1 if absent. */
size_t cl_fmt_find(const cl_span *s, size_t from, size_t limit,
                   const char *needle);

/* ---------------------------------------------------------- entities */


/* The UTF-8 text of HTML5 named reference NAME (LEN bytes, with its ';'
 * when written with one), or NULL. (fmt_entities.c) */
const char *cl_fmt_entity_lookup(const char *name, size_t len);
/* The table itself, for tests: entry I's name (NULL past the end) and
 * its text in *UTF8. */
size_t cl_fmt_entity_count(void);
const char *cl_fmt_entity_at(size_t i, const char **utf8);

/* ------------------------------------------------- element names */

/* What the DOM walkers know of an element name (fmt_html.c): a mask of
 * block, inline, skipped, br, article, meta and script bits; 0 for a name
 * not in the table.  The table is sorted for a search by halves; for
 * tests, entry I's name (NULL past the end) and its bits in *FLAGS. */
unsigned cl_fmt_el_lookup(const char *name);
size_t cl_fmt_el_count(void);
const char *cl_fmt_el_at(size_t i, unsigned *flags);
/* Decodes the character reference at P[0] == '&' (N bytes available):
 * named (HTML5 table) or numeric.  Writes up to 8 bytes of UTF-8 to OUT,
 * sets *OUT_LEN and returns the bytes consumed, or 0 if none. */
size_t cl_fmt_entity_decode(const char *p, size_t n, char *out,
                            size_t *out_len);

/* ------------------------------------------------------- DOM walker */

/* Walks the text of a libxml2 tree whose source is span S, locating each
 * text node in S (entities decoded with the HTML5 table) so that every
 * byte keeps its true position.  Block elements end lines. */
typedef struct {
  cl_fmt *f;
  cl_span s;
  size_t cursor; /* where the next text node is searched from */
  int html;      /* 1: HTML block/skip rules; 0: every element is a block
                    except the XHTML inline ones */
  int has_article; /* HTML: the page marks its article */
  int in_comments; /* HTML: inside the readers' comments: no byline there */
  /* Scratch for one located text node. */
  cl_buf tbuf;
  size_t *tmap;
  size_t tmap_cap;
} cl_fmt_dom;

void cl_fmt_dom_init(cl_fmt_dom *w, cl_fmt *f, const cl_span *s, int html);
void cl_fmt_dom_fini(cl_fmt_dom *w);
/* Document offset of the start of 1-based LINE of span S. */
size_t cl_fmt_span_line_off(const cl_fmt *f, const cl_span *s, unsigned line);

/* Emits the visible text below NODE (not NODE's siblings) as lines of
 * SCOPE.  0 / -1 ENOMEM. */
int cl_fmt_dom_text(cl_fmt_dom *w, xmlNode *node, cl_scope scope);
/* Document offset of the start of NODE's line (fallback location). */
size_t cl_fmt_dom_node_off(cl_fmt_dom *w, xmlNode *node);
/* Document offset of VALUE near NODE (searched from the start of its line),
 * or of the line start. */
size_t cl_fmt_dom_locate(cl_fmt_dom *w, xmlNode *node, const char *value);
/* Local name equality, case-insensitive (HTML) or exact. */
int cl_fmt_name_is(const xmlNode *n, const char *name);
/* Trimmed text content of NODE (malloc'd via libxml2: xmlFree), or NULL. */
char *cl_fmt_node_text(const xmlNode *n);

/* ---------------------------------------------------------- readers */

int cl_fmt_html_extract(cl_fmt *f, const cl_span *s);
int cl_fmt_markdown_extract(cl_fmt *f);
/* The format of XML SRC: NITF, NEWSML or XML, by root element. */
cl_docfmt cl_fmt_xml_kind(const char *src, size_t len);
int cl_fmt_xml_extract(cl_fmt *f, cl_docfmt kind);
/* The made text of an Office document (cl_office_text): one line per
 * paragraph, scope BODY. */
int cl_fmt_office_extract(cl_fmt *f);
/* Whole JSON documents (ninjs, JSON-LD, other). */
int cl_fmt_json_extract(cl_fmt *f, const cl_span *s);
/* JSON-LD held in span S (a <script> of a page): metadata only. */
int cl_fmt_jsonld_extract(cl_fmt *f, const cl_span *s);
/* HTML held in span S (a JSON body_html): visible text, scope BODY. */
int cl_fmt_html_fragment(cl_fmt *f, const cl_span *s);

/* schema.org types (a JSON-LD "@type", a microdata itemtype URL):
 * an organisation's; a thing beside the article (image, person,
 * organisation, site, navigation, comment) whose names are not the
 * article's credits.  1 / 0.  (format.c) */
int cl_fmt_schema_org(const char *type);
int cl_fmt_schema_aside(const char *type);
/* A picture's type (ImageObject, Photograph): its credits are image
 * credits.  1 / 0.  (format.c) */
int cl_fmt_schema_image(const char *type);

/* ----------------------------------------------------------- checks */

/* The metadata checks (checks_meta.c), run by cl_checks_run; names are
 * compared through the party aliases of POLICY (may be NULL).
 * missing-visible-credit runs only when VISIBLE_BY (who switched the
 * requirement visible-credit on) is not NULL. */
int cl_checks_meta_run(cl_docres *d, const cl_rules *policy,
                       const char *visible_by);

#endif
