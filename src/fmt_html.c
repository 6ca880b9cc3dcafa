/* fmt_html.c - HTML pages: visible text with article/chrome scopes, and the
 * credits pages state in metadata (meta tags, rel=license, microdata,
 * JSON-LD).  Also the DOM text walker the XML readers share: libxml2 gives
 * decoded text nodes, and each is located again in the source so every
 * byte keeps its true line and column. */
#include "fmt.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LOCATE_CANDIDATES 2048     /* tag ends tried per text node   */
#define LOCATE_WINDOW (256u << 10) /* bytes searched per text node   */
#define NEAR_WINDOW 8192           /* metadata value near its node   */

/* ------------------------------------------------------- DOM walker */

void cl_fmt_dom_init(cl_fmt_dom *w, cl_fmt *f, const cl_span *s, int html) {
  memset(w, 0, sizeof *w);
  w->f = f;
  w->s = *s;
  w->html = html;
}

void cl_fmt_dom_fini(cl_fmt_dom *w) {
  cl_buf_free(&w->tbuf);
  free(w->tmap);
  w->tmap = NULL;
}

int cl_fmt_name_is(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->name &&
         strcasecmp((const char *)n->name, name) == 0;
}

/* What the walkers need to know of an element name.  One lookup per
 * element instead of strcasecmp against each list. */
enum {
  EL_BLOCK = 1u,   /* HTML: ends a line */
  EL_INLINE = 2u,  /* XML: the XHTML and NITF inline elements */
  EL_SKIP = 4u,    /* HTML: not visible */
  EL_BR = 8u,
  EL_ARTICLE = 16u, /* article, main */
  EL_META = 32u,
  EL_SCRIPT = 64u,
  EL_IMG = 128u,    /* its alt and title are caption lines */
  EL_CAPTION = 256u /* figcaption: its lines are captions */
};

typedef struct {
  const char *name;
  size_t len;
  unsigned flags;
} el_name;

/* Sorted by length, then bytes (el_cmp's order): searched by halves. */
#define EL(name, flags) {name, sizeof name - 1, flags}
static const el_name el_names[] = {
    EL("a", EL_INLINE), EL("b", EL_INLINE), EL("i", EL_INLINE),
    EL("p", EL_BLOCK), EL("q", EL_INLINE), EL("s", EL_INLINE),
    EL("u", EL_INLINE), EL("br", EL_BR), EL("dd", EL_BLOCK),
    EL("dl", EL_BLOCK), EL("dt", EL_BLOCK), EL("em", EL_INLINE),
    EL("h1", EL_BLOCK), EL("h2", EL_BLOCK), EL("h3", EL_BLOCK),
    EL("h4", EL_BLOCK), EL("h5", EL_BLOCK), EL("h6", EL_BLOCK),
    EL("hr", EL_BLOCK), EL("li", EL_BLOCK), EL("ol", EL_BLOCK),
    EL("td", EL_BLOCK), EL("th", EL_BLOCK), EL("tr", EL_BLOCK),
    EL("ul", EL_BLOCK), EL("bdi", EL_INLINE), EL("bdo", EL_INLINE),
    EL("dfn", EL_INLINE), EL("div", EL_BLOCK), EL("img", EL_IMG),
    EL("kbd", EL_INLINE),
    EL("nav", EL_BLOCK), EL("num", EL_INLINE), EL("org", EL_INLINE),
    EL("pre", EL_BLOCK), EL("sub", EL_INLINE), EL("sup", EL_INLINE),
    EL("svg", EL_SKIP), EL("var", EL_INLINE), EL("abbr", EL_INLINE),
    EL("body", EL_BLOCK), EL("cite", EL_INLINE), EL("code", EL_INLINE),
    EL("data", EL_INLINE), EL("font", EL_INLINE), EL("form", EL_BLOCK),
    EL("head", EL_SKIP), EL("html", EL_BLOCK),
    EL("main", EL_BLOCK|EL_ARTICLE), EL("mark", EL_INLINE),
    EL("math", EL_SKIP), EL("meta", EL_META), EL("samp", EL_INLINE),
    EL("span", EL_INLINE), EL("time", EL_INLINE), EL("aside", EL_BLOCK),
    EL("chron", EL_INLINE), EL("event", EL_INLINE), EL("money", EL_INLINE),
    EL("small", EL_INLINE), EL("style", EL_SKIP), EL("table", EL_BLOCK),
    EL("tbody", EL_BLOCK), EL("tfoot", EL_BLOCK), EL("thead", EL_BLOCK),
    EL("title", EL_BLOCK), EL("dialog", EL_BLOCK), EL("figure", EL_BLOCK),
    EL("footer", EL_BLOCK), EL("header", EL_BLOCK), EL("iframe", EL_SKIP),
    EL("legend", EL_BLOCK), EL("object", EL_SKIP), EL("option", EL_BLOCK),
    EL("person", EL_INLINE), EL("script", EL_SKIP|EL_SCRIPT),
    EL("strong", EL_INLINE), EL("address", EL_BLOCK),
    EL("article", EL_BLOCK|EL_ARTICLE), EL("caption", EL_BLOCK),
    EL("details", EL_BLOCK), EL("section", EL_BLOCK), EL("summary", EL_BLOCK),
    EL("virtloc", EL_INLINE), EL("alt-code", EL_INLINE),
    EL("copyrite", EL_INLINE), EL("fieldset", EL_BLOCK),
    EL("function", EL_INLINE), EL("location", EL_INLINE),
    EL("noscript", EL_SKIP), EL("template", EL_SKIP),
    EL("pronounce", EL_INLINE), EL("blockquote", EL_BLOCK),
    EL("classifier", EL_INLINE), EL("figcaption", EL_BLOCK|EL_CAPTION),
    EL("object.title", EL_INLINE), EL("copyrite.year", EL_INLINE),
    EL("copyrite.holder", EL_INLINE),
};
#undef EL

static int el_cmp(const char *a, size_t an, const char *b, size_t bn) {
  if (an != bn)
    return an < bn ? -1 : 1;
  return memcmp(a, b, an);
}

/* The EL_ flags of element NAME, compared case-insensitively as
 * cl_fmt_name_is does (the names are ASCII, so only ASCII folds). */
unsigned cl_fmt_el_lookup(const char *name) {
  char low[16];
  size_t len = 0;
  for (; name[len]; len++) {
    unsigned char c = (unsigned char)name[len];
    if (len == sizeof low || c >= 0x80)
      return 0;
    low[len] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }
  size_t lo = 0, hi = sizeof el_names / sizeof el_names[0];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = el_cmp(low, len, el_names[mid].name, el_names[mid].len);
    if (c == 0)
      return el_names[mid].flags;
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return 0;
}

size_t cl_fmt_el_count(void) { return sizeof el_names / sizeof el_names[0]; }

const char *cl_fmt_el_at(size_t i, unsigned *flags) {
  if (i >= cl_fmt_el_count())
    return NULL;
  *flags = el_names[i].flags;
  return el_names[i].name;
}

static unsigned el_class(const xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE || !n->name)
    return 0;
  return cl_fmt_el_lookup((const char *)n->name);
}

char *cl_fmt_node_text(const xmlNode *n) {
  xmlChar *s = xmlNodeGetContent(n);
  if (!s)
    return NULL;
  if (!*s) {
    xmlFree(s);
    return NULL;
  }
  return (char *)s;
}

size_t cl_fmt_span_line_off(const cl_fmt *f, const cl_span *s,
                            unsigned line) {
  if (!s->map && s->base == 0 && s->buf == f->t->src)
    return cl_fmt_line_start(f, line);
  size_t i = 0;
  for (unsigned l = 1; l < line && i < s->len; i++)
    if (s->buf[i] == '\n')
      l++;
  return i;
}

size_t cl_fmt_dom_node_off(cl_fmt_dom *w, xmlNode *node) {
  long line = xmlGetLineNo(node);
  size_t i = cl_fmt_span_line_off(w->f, &w->s, line > 0 ? (unsigned)line : 1);
  return cl_span_off(&w->s, i);
}

size_t cl_fmt_dom_locate(cl_fmt_dom *w, xmlNode *node, const char *value) {
  long line = xmlGetLineNo(node);
  size_t from = cl_fmt_span_line_off(w->f, &w->s, line > 0 ? (unsigned)line : 1);
  char probe[48];
  size_t n = value ? strlen(value) : 0;
  /* The first few bytes are enough and are less likely to hold entities. */
  if (n > sizeof probe - 1)
    n = sizeof probe - 1;
  memcpy(probe, value ? value : "", n);
  probe[n] = '\0';
  size_t at = n ? cl_fmt_find(&w->s, from, NEAR_WINDOW, probe) : (size_t)-1;
  return cl_span_off(&w->s, at == (size_t)-1 ? from : at);
}

static int tmap_reserve(cl_fmt_dom *w, size_t n) {
  if (n + 1 <= w->tmap_cap)
    return 0;
  size_t cap = w->tmap_cap ? w->tmap_cap : 256;
  while (cap < n + 1)
    cap *= 2;
  size_t *m = realloc(w->tmap, cap * sizeof *m);
  if (!m)
    return -1;
  w->tmap = m;
  w->tmap_cap = cap;
  return 0;
}

/* Matches decoded text D against the span from P; on success the decoded
 * text (entities resolved with the HTML5 table even where the parser left
 * them raw) is in tbuf/tmap and the end offset in *END.  1 / 0 / -1. */
static int match_at(cl_fmt_dom *w, const char *d, size_t dn, size_t p,
                    int prefer_raw, size_t *end) {
  const char *b = w->s.buf;
  size_t n = w->s.len, i = 0, s = p;
  cl_buf_clear(&w->tbuf);
  if (cl_buf_reserve(&w->tbuf, dn + 8) < 0 || tmap_reserve(w, dn + 8) < 0)
    return -1;
  while (i < dn) {
    if (s >= n)
      return 0;
    if (w->tbuf.len + 8 >= w->tbuf.cap || w->tbuf.len + 8 >= w->tmap_cap) {
      if (cl_buf_reserve(&w->tbuf, 64) < 0 || tmap_reserve(w, w->tbuf.cap) < 0)
        return -1;
    }
    char c = b[s];
    if (c == '&') {
      char ent[8];
      size_t el, k = cl_fmt_entity_decode(b + s, n - s, ent, &el);
      /* The parser decoded the reference, or left it as written (one it
       * does not know: "&AMP;").  Both may fit; the caller tries both. */
      int raw = k && k <= dn - i && memcmp(d + i, b + s, k) == 0;
      int decoded = k && el && el <= dn - i && memcmp(d + i, ent, el) == 0 &&
                    !(raw && prefer_raw);
      raw = raw && !decoded;
      /* libxml2 knows HTML 4's table, where a few names (&lang;) differ:
       * its character is taken as this reference, written HTML5's way. */
      size_t other = 0;
      if (k && el && !decoded && !raw && (unsigned char)d[i] >= 0xC0) {
        other = 1;
        while (i + other < dn && ((unsigned char)d[i + other] & 0xC0) == 0x80)
          other++;
      }
      if (decoded || raw || other) {
        for (size_t j = 0; j < el; j++) {
          w->tmap[w->tbuf.len] = cl_span_off(&w->s, s);
          w->tbuf.ptr[w->tbuf.len++] = ent[j];
        }
        i += decoded ? el : raw ? k : other;
        s += k;
        continue;
      }
    }
    if (c == '\r' && d[i] == '\n') {
      s += (s + 1 < n && b[s + 1] == '\n') ? 2 : 1;
    } else if (c == d[i]) {
      s++;
    } else {
      return 0;
    }
    w->tmap[w->tbuf.len] = cl_span_off(&w->s, s - 1);
    w->tbuf.ptr[w->tbuf.len++] = d[i];
    i++;
  }
  *end = s;
  return 1;
}

static int is_blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
      return 0;
  return 1;
}

/* Whether match_at can start at P: its first byte must match, begin a
 * reference, or be a CR standing for the text's LF. */
static int may_start(const cl_fmt_dom *w, size_t p, char d0) {
  if (p >= w->s.len)
    return 0;
  char c = w->s.buf[p];
  return c == d0 || c == '&' || (c == '\r' && d0 == '\n');
}

/* Emits one text node's content at its place in the source. */
static int dom_put_text(cl_fmt_dom *w, xmlNode *node, cl_scope scope) {
  const char *d = (const char *)node->content;
  size_t dn = d ? strlen(d) : 0;
  if (dn == 0)
    return 0;
  if (is_blank(d, dn)) /* only spacing: no need to find it */
    return cl_fmt_put(w->f, " ", 1, NULL, cl_span_off(&w->s, w->cursor), scope);
  const char *b = w->s.buf;
  int has_amp = memchr(d, '&', dn) != NULL;
  size_t p = w->cursor, end = 0, tried = 0;
  size_t limit = w->s.len - w->cursor > LOCATE_WINDOW ? w->cursor + LOCATE_WINDOW
                                                      : w->s.len;
  while (p <= limit && tried < LOCATE_CANDIDATES) {
    if (may_start(w, p, d[0])) {
      /* Most text is written as is: then match_at would copy it byte by
       * byte to the same result (no '&' in it means none in the source
       * run either), so it goes out with the span's own offsets. */
      if (!has_amp && dn <= w->s.len - p && memcmp(b + p, d, dn) == 0) {
        w->cursor = p + dn;
        return cl_fmt_put(w->f, d, dn, w->s.map ? w->s.map + p : NULL,
                          w->s.base + p, scope);
      }
      int rc = match_at(w, d, dn, p, 0, &end);
      if (rc == 0 && has_amp)
        rc = match_at(w, d, dn, p, 1, &end);
      if (rc < 0)
        return -1;
      if (rc == 1) {
        w->cursor = end;
        return cl_fmt_put(w->f, w->tbuf.ptr, w->tbuf.len, w->tmap, 0, scope);
      }
    }
    tried++;
    /* Text starts after a tag, a reference or a CDATA opening. */
    p++;
    while (p < limit && b[p - 1] != '>' && b[p - 1] != ';' && b[p - 1] != '[')
      p++;
    if (p >= limit)
      break;
  }
  /* Not found (parser repairs): keep the text, placed at its line. */
  size_t at = cl_fmt_dom_node_off(w, node);
  return cl_fmt_put(w->f, d, dn, NULL, at, scope) < 0 ? -1 : 0;
}

/* The first attribute NAME of N, as xmlHasProp finds it (HTML has no
 * attribute defaults), without copying its value. */
static const xmlAttr *attr_find(const xmlNode *n, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (a->name && a->name[0] == (unsigned char)name[0] &&
        strcmp((const char *)a->name, name) == 0)
      return a;
  return NULL;
}

/* The value of A without a copy when it is one text node (the usual
 * case); else a copy in *OWNED (xmlFree) as xmlGetProp makes it. */
static const char *attr_value(const xmlNode *n, const xmlAttr *a,
                              xmlChar **owned) {
  *owned = NULL;
  const xmlNode *t = a->children;
  if (t && !t->next && (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE))
    return t->content ? (const char *)t->content : "";
  *owned = xmlGetProp(n, a->name);
  return *owned ? (const char *)*owned : "";
}

static int is_article(const xmlNode *n, unsigned cls) {
  if (cls & EL_ARTICLE)
    return 1;
  const xmlAttr *a = n->type == XML_ELEMENT_NODE ? attr_find(n, "itemprop") : NULL;
  if (!a)
    return 0;
  xmlChar *owned;
  int yes = strstr(attr_value(n, a, &owned), "articleBody") != NULL;
  xmlFree(owned);
  return yes;
}

/* Text that only separates links: white space and "|", "·", "•", "/", "-". */
static int is_separator_text(const xmlNode *n) {
  if (n->type != XML_TEXT_NODE)
    return 0;
  for (const unsigned char *p = n->content; p && *p; p++) {
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '|' ||
        *p == '/' || *p == '-')
      continue;
    if ((p[0] == 0xC2 && p[1] == 0xB7) || (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xA2)) {
      p += p[0] == 0xC2 ? 1 : 2; /* · or • */
      continue;
    }
    return 0;
  }
  return 1;
}

/* A link, or an inline element holding nothing but one ("<li>"s are
 * blocks already): an item of a menu when a sibling is one too. */
static int is_link_item(const xmlNode *n, int depth) {
  if (n->type != XML_ELEMENT_NODE || depth > 3)
    return 0;
  if (cl_fmt_name_is(n, "a"))
    return 1;
  if (!(el_class(n) & EL_INLINE))
    return 0;
  const xmlNode *only = NULL;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (is_separator_text(c) || c->type == XML_COMMENT_NODE)
      continue;
    if (only || c->type != XML_ELEMENT_NODE)
      return 0;
    only = c;
  }
  return only && is_link_item(only, depth + 1);
}

static const xmlNode *sibling_item(const xmlNode *n, int next) {
  for (n = next ? n->next : n->prev; n; n = next ? n->next : n->prev)
    if (!is_separator_text(n) && n->type != XML_COMMENT_NODE)
      return n;
  return NULL;
}

/* Footer menus (<a>Impressum</a><a>Datenschutz</a>) are sibling links
 * with nothing but separators between them: each is a line of its own,
 * so none glues onto a holder ("© 2018 Wendelstein Medien GmbH"). */
static int is_menu_link(const xmlNode *n) {
  if (!is_link_item(n, 0))
    return 0;
  const xmlNode *p = sibling_item(n, 0), *x = sibling_item(n, 1);
  return (p && is_link_item(p, 0)) || (x && is_link_item(x, 0));
}

/* A class token that names a picture's caption: "caption",
 * "wp-caption-text", "photo-credit", "image_caption", "media-credit"...
 * ("text-caption" is a type style, not a picture's caption). */
static int caption_token(const char *t, size_t n) {
  static const char *const heads[] = {"photo", "image", "img", "media",
                                      "figure", "picture", "pic", "wp", NULL};
  if (n == 7 && memcmp(t, "caption", 7) == 0)
    return 1;
  for (const char *const *h = heads; *h; h++) {
    size_t k = strlen(*h);
    if (n > k + 1 && memcmp(t, *h, k) == 0 && (t[k] == '-' || t[k] == '_')) {
      for (size_t i = k; i + 6 <= n; i++)
        if (memcmp(t + i, "credit", 6) == 0 ||
            (i + 7 <= n && memcmp(t + i, "caption", 7) == 0))
          return 1;
    }
  }
  return 0;
}

/* Whether element N is a picture or holds one among its children. */
static int is_picture(const xmlNode *n) {
  if (!n || n->type != XML_ELEMENT_NODE)
    return 0;
  if (el_class(n) & EL_IMG)
    return 1;
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (el_class(c) & EL_IMG))
      return 1;
  return 0;
}

/* The element before N, skipping text and comments. */
static const xmlNode *prev_element(const xmlNode *n) {
  for (n = n->prev; n && n->type != XML_ELEMENT_NODE; n = n->prev)
    ;
  return n;
}

/* A caption by its class: many pages caption pictures without
 * <figcaption>. */
static int has_caption_class(const xmlNode *n) {
  const xmlAttr *a = attr_find(n, "class");
  if (!a)
    return 0;
  xmlChar *owned;
  const char *v = attr_value(n, a, &owned);
  int yes = 0;
  /* class="credit" is a picture's credit right after the picture; in a
   * footer it credits the site ("© 2019 Acme"). */
  int after_picture = -1;
  while (*v && !yes) {
    size_t k = strcspn(v, " \t\n\r");
    yes = k && caption_token(v, k);
    if (!yes && ((k == 6 && memcmp(v, "credit", 6) == 0) ||
                 (k == 7 && memcmp(v, "credits", 7) == 0))) {
      if (after_picture < 0)
        after_picture = is_picture(prev_element(n));
      yes = after_picture;
    }
    v += k;
    v += strspn(v, " \t\n\r");
  }
  xmlFree(owned);
  return yes;
}

/* Emits attribute text T of element EL at its place in the source: the
 * value follows a quote (or '=') after the cursor, inside EL's tag. */
static int dom_put_attr(cl_fmt_dom *w, xmlNode *el, xmlNode *t,
                        cl_scope scope) {
  const char *d = (const char *)t->content;
  size_t dn = strlen(d), end = 0;
  size_t limit = w->s.len - w->cursor > LOCATE_WINDOW ? w->cursor + LOCATE_WINDOW
                                                      : w->s.len;
  if (!memchr(d, '&', dn)) {
    size_t at = cl_fmt_find(&w->s, w->cursor, limit - w->cursor, d);
    if (at != (size_t)-1) {
      w->cursor = at + dn;
      return cl_fmt_put(w->f, d, dn, w->s.map ? w->s.map + at : NULL,
                        w->s.base + at, scope);
    }
  } else {
    for (size_t p = w->cursor + 1; p < limit; p++) {
      char q = w->s.buf[p - 1];
      if (q != '"' && q != '\'' && q != '=')
        continue;
      int rc = match_at(w, d, dn, p, 0, &end);
      if (rc < 0)
        return -1;
      if (rc == 1) {
        w->cursor = end;
        return cl_fmt_put(w->f, w->tbuf.ptr, w->tbuf.len, w->tmap, 0, scope);
      }
    }
  }
  /* Not found: kept, placed at the element's line. */
  return cl_fmt_put(w->f, d, dn, NULL, cl_fmt_dom_node_off(w, el), scope);
}

static int f_line_open(const cl_fmt *f);

/* A copyright notice waiting for its holder: the line ends open and holds
 * the symbol or the word. */
static int notice_open(const cl_fmt *f) {
  if (!f_line_open(f))
    return 0;
  static const char *const marks[] = {"\xC2\xA9", "(c)", "(C)", "opyright"};
  cl_span line = {f->line.ptr, f->line.len, NULL, 0};
  for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
    if (cl_fmt_find(&line, 0, 0, marks[i]) != (size_t)-1)
      return 1;
  return 0;
}

/* An image's alt and title: caption lines where the image is.  A logo
 * inside a notice ("© 2019 <img alt="Acme Media"> All rights reserved.")
 * stands for the holder: its alt goes on the notice's line, its title is
 * left out. */
static int img_captions(cl_fmt_dom *w, xmlNode *img, cl_scope scope) {
  static const char *const names[] = {"alt", "title"};
  for (size_t i = 0; i < 2; i++) {
    const xmlAttr *a = attr_find(img, names[i]);
    xmlNode *t = a ? a->children : NULL;
    if (!t || t->next || t->type != XML_TEXT_NODE || !t->content ||
        is_blank((const char *)t->content, strlen((const char *)t->content)))
      continue;
    if (i == 0 && !w->f->caption && notice_open(w->f)) {
      /* its title, a caption line, would cut the notice in two */
      return dom_put_attr(w, img, t, scope);
    }
    unsigned char was = w->f->caption;
    w->f->caption = CL_CAPTION_ALT;
    int rc = dom_put_attr(w, img, t, scope);
    if (rc == 0)
      rc = cl_fmt_flush(w->f);
    w->f->caption = was;
    if (rc < 0)
      return -1;
  }
  return 0;
}

/* Whether lower-case ASCII WORD occurs in T (K bytes), whatever T's case. */
static int token_has(const char *t, size_t k, const char *word) {
  size_t n = strlen(word);
  for (size_t i = 0; i + n <= k; i++)
    if (strncasecmp(t + i, word, n) == 0)
      return 1;
  return 0;
}

/* Whether a token of the space-separated attribute NAME of N holds one
 * of WORDS (ASCII, compared caselessly) and none of BUT (may be NULL). */
static int attr_token_has(const xmlNode *n, const char *name,
                          const char *const *words, const char *const *but) {
  const xmlAttr *a = attr_find(n, name);
  if (!a)
    return 0;
  xmlChar *owned;
  const char *v = attr_value(n, a, &owned);
  int yes = 0;
  while (*v && !yes) {
    size_t k = strcspn(v, " \t\n\r");
    for (size_t i = 0; words[i] && !yes; i++)
      yes = token_has(v, k, words[i]);
    for (size_t i = 0; yes && but && but[i]; i++)
      yes = !token_has(v, k, but[i]);
    v += k;
    v += strspn(v, " \t\n\r");
  }
  xmlFree(owned);
  return yes;
}

/* The page footer of a page that marks no article: <footer>, or an
 * element whose id, role or class says so (id="footer",
 * role="contentinfo", a class token such as "site-footer", "menu-footer",
 * "mobileFooter"; not an article's own "entry-footer", "post-footer",
 * which carries the article's credits).  Its notice is the site's
 * (chrome), as on a page that marks one; a responsive page that prints
 * its footer twice (for phones and for desktops) repeats no credit. */
static int is_page_footer(const xmlNode *n) {
  static const char *const footer[] = {"footer", NULL};
  static const char *const article_parts[] = {"entry",   "post",    "article",
                                              "story",   "content", "body",
                                              NULL};
  if (n->name && strcasecmp((const char *)n->name, "footer") == 0)
    return 1;
  if (attr_token_has(n, "class", footer, article_parts))
    return 1;
  static const char *const attrs[][2] = {{"id", "footer"},
                                         {"role", "contentinfo"}};
  for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++) {
    const xmlAttr *a = attr_find(n, attrs[i][0]);
    if (!a)
      continue;
    xmlChar *owned;
    int yes = strcasecmp(attr_value(n, a, &owned), attrs[i][1]) == 0;
    xmlFree(owned);
    if (yes)
      return 1;
  }
  return 0;
}

static int f_line_open(const cl_fmt *f) {
  return f->line.len && cl_fmt_ends_open(f->line.ptr, f->line.len);
}

/* The page's byline markup: rel="author", itemprop="author", a class
 * such as "byline", "author-name", "c-byline__link" (not an author's
 * avatar or picture). */
static int is_byline_markup(const xmlNode *n) {
  static const char *const author[] = {"author", NULL};
  static const char *const classes[] = {"author", "byline", NULL};
  static const char *const not_name[] = {"avatar", "photo", "image", "img",
                                         "comment", NULL};
  return attr_token_has(n, "rel", author, NULL) ||
         attr_token_has(n, "itemprop", author, NULL) ||
         attr_token_has(n, "class", classes, not_name);
}

/* Whether N's text, spacing aside, is at most LIMIT bytes. */
static int text_within(const xmlNode *n, size_t *limit, int depth) {
  for (const xmlNode *c = n->children; c && depth < 64; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
        c->content) {
      for (const unsigned char *p = c->content; *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && (*limit)-- == 0)
          return 0;
    } else if (c->type == XML_ELEMENT_NODE && !(el_class(c) & EL_SKIP) &&
               !text_within(c, limit, depth + 1)) {
      return 0;
    }
  }
  return 1;
}

/* A byline is a few words: an element with more text marks a whole post
 * ("author-12" on WordPress's article) or a widget, not a byline. */
#define BYLINE_MAX_TEXT 160

static int is_heading(const xmlNode *n) {
  const char *s = (const char *)n->name;
  return s && (s[0] == 'h' || s[0] == 'H') && s[1] >= '1' && s[1] <= '6' && !s[2];
}

/* The readers' comments, whose authors are not the article's. */
static int is_comments(const xmlNode *n) {
  static const char *const comment[] = {"comment", NULL};
  return attr_token_has(n, "class", comment, NULL) ||
         attr_token_has(n, "id", comment, NULL);
}

/* Whether the nearest item before (NEXT 0) or after N is an element: the
 * page sets the two apart by style, as text they would run together
 * ("By Ann Lee" + "Staff Writer" as "Ann LeeStaff Writer"). */
static int element_beside(const xmlNode *n, int next) {
  const xmlNode *s = sibling_item(n, next);
  return s && s->type == XML_ELEMENT_NODE;
}

static int dom_walk(cl_fmt_dom *w, xmlNode *node, cl_scope scope, int depth) {
  if (depth > 256) /* libxml2 caps nesting too; stay well inside the stack */
    return 0;
  for (xmlNode *c = node->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (dom_put_text(w, c, scope) < 0)
        return -1;
      continue;
    }
    if (c->type != XML_ELEMENT_NODE)
      continue;
    unsigned cls = el_class(c);
    if (w->html && (cls & EL_SKIP))
      continue;
    if (cls & EL_BR) {
      if (cl_fmt_flush(w->f) < 0)
        return -1;
      continue;
    }
    if (w->html && (cls & EL_IMG)) {
      if (c->properties && img_captions(w, c, scope) < 0)
        return -1;
      continue;
    }
    int block = w->html ? (cls & EL_BLOCK) != 0 : !(cls & EL_INLINE);
    int menu = w->html && !block && (c->prev || c->next) && is_menu_link(c);
    /* A menu link ends the line before it, unless that line ends open
     * ("By" + <a>Name</a><a>| Source</a>: the byline goes on). */
    if (menu && f_line_open(w->f)) {
      if (dom_walk(w, c, scope, depth + 1) < 0 || cl_fmt_flush(w->f) < 0)
        return -1;
      continue;
    }
    block |= menu;
    cl_scope cs = scope;
    if (w->html && w->has_article && is_article(c, cls))
      cs = CL_SCOPE_BODY;
    else if (w->html && !w->has_article && scope == CL_SCOPE_BODY &&
             is_page_footer(c))
      cs = CL_SCOPE_CHROME;
    unsigned char was = w->f->caption;
    int caption = w->html && !was &&
                  ((cls & EL_CAPTION) || (c->properties && has_caption_class(c)));
    if (caption && cl_fmt_flush(w->f) < 0)
      return -1;
    if (caption)
      w->f->caption = CL_CAPTION_TEXT;
    /* The byline's parts: a part set beside another element ends the line
     * before and after it, unless the line ends open ("By" + a name); so
     * does any element inside the byline followed by another. */
    unsigned char was_byline = w->f->byline;
    int comments = w->html && c->properties && is_comments(c);
    size_t room = BYLINE_MAX_TEXT;
    /* NITF and NewsML-G2 say so by name: <byline>, <by> (NITF inside a
     * G2 item is read as XHTML). */
    int byline = cl_fmt_name_is(c, "byline") || cl_fmt_name_is(c, "by") ||
                 (w->html && !w->in_comments && !comments && c->properties &&
                  is_byline_markup(c) && text_within(c, &room, 0));
    /* A heading inside the byline's markup titles a box ("Tech"), it
     * names no one. */
    if (was_byline && is_heading(c))
      w->f->byline = 0;
    if (byline) {
      if (!f_line_open(w->f) && element_beside(c, 0) && cl_fmt_flush(w->f) < 0)
        return -1;
      w->f->byline = 1;
    } else if (was_byline && w->f->line.len &&
               w->f->line.ptr[w->f->line.len - 1] != ' ' && f_line_open(w->f) &&
               cl_fmt_put(w->f, " ", 1, NULL, cl_span_off(&w->s, w->cursor),
                          cs) < 0) {
      /* "By<person>Ann Lee</person>": the name is a word of its own (a
       * name's last letter set apart, "Le<span>e</span>", is not). */
      return -1;
    }
    w->in_comments += comments;
    int rc = (block && cl_fmt_flush(w->f) < 0) || dom_walk(w, c, cs, depth + 1) < 0 ||
             ((block || caption) && cl_fmt_flush(w->f) < 0);
    w->in_comments -= comments;
    w->f->caption = was;
    if (!rc && (byline || was_byline) && !f_line_open(w->f) && element_beside(c, 1))
      rc = cl_fmt_flush(w->f) < 0;
    w->f->byline = was_byline;
    if (rc)
      return -1;
  }
  return 0;
}

int cl_fmt_dom_text(cl_fmt_dom *w, xmlNode *node, cl_scope scope) {
  if (cl_fmt_flush(w->f) < 0)
    return -1;
  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    return dom_put_text(w, node, scope) < 0 || cl_fmt_flush(w->f) < 0 ? -1 : 0;
  return dom_walk(w, node, scope, 0) < 0 || cl_fmt_flush(w->f) < 0 ? -1 : 0;
}

/* ------------------------------------------------------- page metadata */

static int find_article(const xmlNode *n, int depth) {
  for (const xmlNode *c = n ? n->children : NULL; c && depth < 256; c = c->next)
    if (c->type == XML_ELEMENT_NODE &&
        (is_article(c, el_class(c)) || find_article(c, depth + 1)))
      return 1;
  return 0;
}

static char *attr(const xmlNode *n, const char *name) {
  return (char *)xmlGetProp(n, BAD_CAST name);
}

/* Appends the text of N without scripts and styles: a template script
 * holds markup, no name.  0 / -1. */
static int text_no_script(const xmlNode *n, cl_buf *b, int depth) {
  for (const xmlNode *c = n->children; c && depth < 64; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
        c->content) {
      if (cl_buf_puts(b, (const char *)c->content) < 0)
        return -1;
    } else if (c->type == XML_ELEMENT_NODE && !(el_class(c) & EL_SKIP) &&
               text_no_script(c, b, depth + 1) < 0) {
      return -1;
    }
  }
  return 0;
}

/* The value of a microdata item: content/href attribute, a nested
 * itemprop="name", or the text. */
static char *microdata_value(const xmlNode *n, int depth) {
  if (el_class(n) & EL_SKIP)
    return NULL; /* a script's text is no value */
  char *v = attr(n, "content");
  if (!v && (cl_fmt_name_is(n, "link") || cl_fmt_name_is(n, "a")) &&
      !xmlHasProp(n, BAD_CAST "itemscope"))
    v = cl_fmt_name_is(n, "link") ? attr(n, "href") : NULL;
  if (v)
    return v;
  if (xmlHasProp(n, BAD_CAST "itemscope")) {
    for (const xmlNode *c = n->children; c && depth < 64; c = c->next) {
      if (c->type != XML_ELEMENT_NODE)
        continue;
      char *ip = attr(c, "itemprop");
      int is_name = ip && strcmp(ip, "name") == 0;
      xmlFree(ip);
      if (is_name)
        return microdata_value(c, depth + 1);
      char *inner = NULL;
      if (!xmlHasProp(c, BAD_CAST "itemprop") && (inner = microdata_value(c, depth + 1)))
        return inner;
    }
    return NULL;
  }
  cl_buf b = CL_BUF_INIT;
  char *text = NULL;
  if (text_no_script(n, &b, depth) == 0 && b.len &&
      b.ptr[strspn(b.ptr, " \t\r\n")])
    text = (char *)xmlStrdup(BAD_CAST b.ptr);
  cl_buf_free(&b);
  return text;
}

typedef struct {
  cl_fmt_dom *w;
  char *md_year;      /* microdata copyrightYear (xmlFree) */
  size_t md_year_off;
} page_meta;

static int add_meta(page_meta *pm, xmlNode *n, cl_kind kind, const char *rule,
                    const char *value, const char *role) {
  int err = 0;
  size_t off = cl_fmt_dom_locate(pm->w, n, value);
  size_t k = 1;
  cl_credit *c = kind == CL_KIND_COPYRIGHT && strcmp(rule, "meta:copyright") == 0
                     ? cl_fmt_meta_notice(pm->w->f, rule, off, value, &err)
                     : cl_fmt_meta(pm->w->f, kind, rule, off, value, NULL, &k, &err);
  if (c && role && cl_fmt_fields(pm->w->f, c, k, "role", role) < 0)
    return -1;
  return err;
}

static int is_url(const char *s) {
  return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

static int meta_tag(page_meta *pm, xmlNode *n) {
  char *name = attr(n, "name");
  if (!name)
    name = attr(n, "property");
  char *content = attr(n, "content");
  int rc = 0;
  if (name && content) {
    if (strcasecmp(name, "author") == 0)
      rc = add_meta(pm, n, CL_KIND_AUTHOR, "meta:author", content, NULL);
    else if (strcasecmp(name, "article:author") == 0 && !is_url(content))
      rc = add_meta(pm, n, CL_KIND_AUTHOR, "meta:article:author", content, NULL);
    else if (strcasecmp(name, "copyright") == 0 ||
             strcasecmp(name, "dc.rights") == 0)
      rc = add_meta(pm, n, CL_KIND_COPYRIGHT, "meta:copyright", content, NULL);
    else if (strcasecmp(name, "og:site_name") == 0)
      rc = add_meta(pm, n, CL_KIND_SOURCE, "meta:og:site_name", content,
                    "publisher");
    else if (strcasecmp(name, "article:published_time") == 0 ||
             strcasecmp(name, "date") == 0 || strcasecmp(name, "dc.date") == 0)
      rc = cl_fmt_date(pm->w->f, "date", content); /* a fix's {year} */
  }
  xmlFree(name);
  xmlFree(content);
  return rc;
}

/* Where a microdata property is: the page's own item, an item beside it
 * (its names are not the article's), a picture's item (ImageObject: its
 * maker and holder are the picture's) or a figure the markup leaves
 * untyped (its holder and credit are the picture's, a name may be the
 * page's author shown with a portrait). */
typedef enum { MD_PAGE, MD_ASIDE, MD_PICTURE, MD_FIGURE } md_scope;

/* Properties that credit a picture: the holder's and credit's first
 * (FIGURE_PROPS of them: those an untyped figure gives its picture). */
static const char *const picture_props[] = {"copyrightHolder", "creditText",
                                            "copyrightNotice", "author",
                                            "creator", NULL};
#define FIGURE_PROPS 3

static int is_prop_of(const char *prop, size_t max) {
  for (size_t i = 0; i < max && picture_props[i]; i++)
    if (strcmp(prop, picture_props[i]) == 0)
      return 1;
  return 0;
}

/* A picture's credit written as a property of its item: an image credit
 * (as a JSON-LD ImageObject's), never the page's holder or author. */
static int picture_prop(page_meta *pm, xmlNode *n, const char *prop) {
  if (!is_prop_of(prop, (size_t)-1))
    return 0;
  char *v = microdata_value(n, 0);
  int err = 0;
  char rule[48];
  snprintf(rule, sizeof rule, "microdata:image:%s", prop);
  cl_credit *c = v ? cl_fmt_meta(pm->w->f, CL_KIND_IMAGE, rule,
                                 cl_fmt_dom_locate(pm->w, n, v), v, NULL,
                                 NULL, &err)
                   : NULL;
  xmlFree(v);
  return c ? cl_credit_image_fill(&pm->w->f->d->arena, c) : err;
}

static int itemprop(page_meta *pm, xmlNode *n, const char *prop) {
  static const struct {
    const char *prop;
    cl_kind kind;
    const char *rule, *role;
  } props[] = {
      {"author", CL_KIND_AUTHOR, "microdata:author", NULL},
      {"creator", CL_KIND_AUTHOR, "microdata:creator", NULL},
      {"editor", CL_KIND_EDITOR, "microdata:editor", NULL},
      {"copyrightHolder", CL_KIND_COPYRIGHT, "microdata:copyrightHolder", NULL},
      {"publisher", CL_KIND_SOURCE, "microdata:publisher", "publisher"},
      {"sourceOrganization", CL_KIND_SOURCE, "microdata:sourceOrganization",
       "credit"},
      {"license", CL_KIND_LICENSE, "microdata:license", NULL},
  };
  if (strcmp(prop, "copyrightYear") == 0) {
    if (!pm->md_year) {
      pm->md_year = microdata_value(n, 0);
      pm->md_year_off = cl_fmt_dom_locate(pm->w, n, pm->md_year);
    }
    return 0;
  }
  for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
    if (strcmp(prop, props[i].prop) != 0)
      continue;
    char *v = microdata_value(n, 0);
    int rc = v ? add_meta(pm, n, props[i].kind, props[i].rule, v, props[i].role) : 0;
    xmlFree(v);
    return rc;
  }
  return 0;
}

/* The JSON inside a script's text T (N bytes): without the CDATA or
 * comment wrapping pages put around it for old XHTML parsers
 * ("<![CDATA[ {...} ]]>", "//<![CDATA[", "<!-- ... -->"), as browsers
 * and search engines read it.  Sets *LO and returns the end. */
static size_t jsonld_unwrap(const char *t, size_t n, size_t *lo) {
  static const char *const heads[] = {"//<![CDATA[", "/*<![CDATA[*/",
                                      "<![CDATA[", "<!--"};
  static const char *const tails[] = {"//]]>", "/*]]>*/", "]]>", "-->"};
  size_t a = 0, b = n;
  while (a < b && strchr(" \t\r\n", t[a]))
    a++;
  while (b > a && strchr(" \t\r\n", t[b - 1]))
    b--;
  for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
    size_t k = strlen(heads[i]);
    if (b - a >= k && memcmp(t + a, heads[i], k) == 0) {
      a += k;
      break;
    }
  }
  for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
    size_t k = strlen(tails[i]);
    if (b - a >= k && memcmp(t + b - k, tails[i], k) == 0) {
      b -= k;
      break;
    }
  }
  *lo = a;
  return b;
}

/* JSON-LD held in a script: its text is raw in the source (no entities in
 * script), so it is found as is and read as a span of the document. */
static int jsonld_script(page_meta *pm, xmlNode *n) {
  char *whole = cl_fmt_node_text(n);
  if (!whole)
    return 0;
  size_t lo, hi = jsonld_unwrap(whole, strlen(whole), &lo);
  whole[hi] = '\0';
  char *text = whole + lo;
  cl_fmt_dom *w = pm->w;
  size_t from = cl_fmt_span_line_off(w->f, &w->s, (unsigned)xmlGetLineNo(n));
  char probe[64];
  size_t k = strlen(text);
  if (k > sizeof probe - 1)
    k = sizeof probe - 1;
  memcpy(probe, text, k);
  probe[k] = '\0';
  size_t at = cl_fmt_find(&w->s, from, 0, probe), tl = strlen(text);
  int rc = -1;
  if (at != (size_t)-1 && tl <= w->s.len - at &&
      memcmp(w->s.buf + at, text, tl) == 0) {
    cl_span sub = {w->s.buf + at, tl, w->s.map ? w->s.map + at : NULL,
                   w->s.base + at};
    rc = cl_fmt_jsonld_extract(w->f, &sub);
  } else {
    /* Not found verbatim: read it, placing everything at the script. */
    size_t *map = malloc((tl + 1) * sizeof *map);
    if (map) {
      size_t base = cl_fmt_dom_node_off(w, n);
      for (size_t i = 0; i <= tl; i++)
        map[i] = base;
      cl_span sub = {text, tl, map, 0};
      rc = cl_fmt_jsonld_extract(w->f, &sub);
      free(map);
    }
  }
  xmlFree(whole);
  return rc;
}

/* Each itemprop name of the space-separated list V (as strtok_r with
 * " \t\n" splits it), read as SCOPE says. */
static int itemprops(page_meta *pm, xmlNode *n, const char *v, md_scope scope) {
  char tok[32]; /* longer than every known name: no match, skipped */
  int rc = 0;
  while (rc == 0 && *v) {
    size_t k = strcspn(v, " \t\n");
    if (k > 0 && k < sizeof tok) {
      memcpy(tok, v, k);
      tok[k] = '\0';
      rc = scope == MD_PICTURE ||
                   (scope == MD_FIGURE && is_prop_of(tok, FIGURE_PROPS))
               ? picture_prop(pm, n, tok)
               : itemprop(pm, n, tok);
    }
    v += k;
    v += strspn(v, " \t\n");
  }
  return rc;
}

/* The scope of what is inside N, N being in SCOPE: a picture's item or
 * a figure is the picture's, an item beside the article (a comment, a
 * person: cl_fmt_schema_aside) is no credit's. */
static md_scope md_inner(xmlNode *n, md_scope scope) {
  if (scope == MD_ASIDE)
    return scope;
  if (xmlHasProp(n, BAD_CAST "itemscope")) {
    char *type = attr(n, "itemtype");
    md_scope in = !type                         ? scope
                  : cl_fmt_schema_image(type)   ? MD_PICTURE
                  : cl_fmt_schema_aside(type)   ? MD_ASIDE
                                                : scope;
    xmlFree(type);
    if (in != scope)
      return in;
  }
  if (scope == MD_PAGE && (cl_fmt_name_is(n, "figure") ||
                           cl_fmt_name_is(n, "figcaption") ||
                           cl_fmt_name_is(n, "picture")))
    return MD_FIGURE;
  return scope;
}

/* Walks the children of NODE, in microdata scope SCOPE (md_scope). */
static int meta_walk(page_meta *pm, xmlNode *node, int depth, md_scope scope) {
  for (xmlNode *n = node->children; n && depth < 256; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    int rc = 0;
    unsigned cls = el_class(n);
    if (cls & EL_META)
      rc = meta_tag(pm, n);
    /* Most elements have neither attribute: look before copying. */
    const xmlAttr *rel = attr_find(n, "rel"), *ip = attr_find(n, "itemprop");
    xmlChar *owned = NULL;
    if (rc == 0 && rel && strcasecmp(attr_value(n, rel, &owned), "license") == 0) {
      char *href = attr(n, "href");
      if (href)
        rc = add_meta(pm, n, CL_KIND_LICENSE, "html:rel=license", href, NULL);
      xmlFree(href);
    }
    xmlFree(owned);
    owned = NULL;
    if (rc == 0 && ip && scope != MD_ASIDE)
      rc = itemprops(pm, n, attr_value(n, ip, &owned), scope);
    xmlFree(owned);
    md_scope inner = md_inner(n, scope);
    if (rc == 0 && (cls & EL_SCRIPT)) {
      char *type = attr(n, "type");
      if (type && strcasecmp(type, "application/ld+json") == 0)
        rc = jsonld_script(pm, n);
      xmlFree(type);
    }
    if (rc < 0 || meta_walk(pm, n, depth + 1, inner) < 0)
      return -1;
  }
  return 0;
}

/* A microdata copyrightYear belongs to the microdata holder. */
static int apply_md_year(page_meta *pm) {
  if (!pm->md_year)
    return 0;
  cl_fmt *f = pm->w->f;
  for (size_t i = 0; i < f->d->nmeta; i++) {
    cl_credit *c = &f->d->meta[i];
    if (c->kind != CL_KIND_COPYRIGHT || strcmp(c->rule, "microdata:copyrightHolder") != 0)
      continue;
    if (c->year_count)
      continue;
    char *yt = cl_arena_strdup(&f->d->arena, pm->md_year);
    if (!yt || cl_credit_set_years(&f->d->arena, c, yt) < 0 ||
        (c->year_count && cl_fmt_field(f, c, "years", pm->md_year) < 0))
      return -1;
  }
  return 0;
}

static htmlDocPtr html_parse(const cl_span *s) {
  int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
             HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC;
  if (s->len > 0x7fffffff)
    return NULL;
  return htmlReadMemory(s->buf, (int)s->len, NULL, "UTF-8", opts);
}

static int html_read(cl_fmt *f, const cl_span *s, int with_meta) {
  htmlDocPtr doc = NULL;
  cl_fmt_dom w;
  page_meta pm = {&w, NULL, 0};
  int rc = -1;

  cl_fmt_dom_init(&w, f, s, 1);
  doc = html_parse(s);
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!root) {
    rc = cl_docres_add_error(f->d, "%s: not readable as HTML", f->d->pub.path);
    goto cleanup;
  }
  w.has_article = is_article(root, el_class(root)) || find_article(root, 0);
  if (cl_fmt_dom_text(&w, root, w.has_article ? CL_SCOPE_CHROME : CL_SCOPE_BODY) < 0)
    goto cleanup;
  if (with_meta && (meta_walk(&pm, root, 0, MD_PAGE) < 0 || apply_md_year(&pm) < 0))
    goto cleanup;
  rc = 0;
cleanup:
  xmlFree(pm.md_year);
  cl_fmt_dom_fini(&w);
  xmlFreeDoc(doc);
  return rc;
}

int cl_fmt_html_extract(cl_fmt *f, const cl_span *s) {
  return html_read(f, s, 1);
}

int cl_fmt_html_fragment(cl_fmt *f, const cl_span *s) {
  return html_read(f, s, 0);
}
