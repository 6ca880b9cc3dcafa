/* test_formats.c - format detection, the readers' visible lines (text,
 * true line/column, scope) and metadata credits, character references,
 * encodings, and whole fixtures scanned end to end. */
#include "fmt.h"
#include "testutil.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------- helpers */

/* One document read by cl_docfmt_extract, kept for inspection. */
typedef struct {
  cl_text t;
  cl_docres *d;
  int rc;
} extracted;

static void extract(extracted *x, cl_docfmt fmt, const char *src) {
  cl_text_init(&x->t);
  x->d = cl_docres_new("mem", cl_docfmt_name(fmt), strlen(src));
  cl_text_reset(&x->t, src, strlen(src));
  x->rc = x->d ? cl_docfmt_extract(fmt, &x->t, x->d, NULL, NULL) : -1;
}

static void extracted_free(extracted *x) {
  cl_text_free(&x->t);
  cl_docres_free(x->d);
}

/* Finds NEEDLE in the visible lines: its position in the original and
 * the line's scope.  0 if absent. */
static int text_find(const extracted *x, const char *needle, unsigned *line,
                     unsigned *col, cl_scope *scope) {
  for (size_t i = 0; i < x->t.nlines; i++) {
    const cl_tline *l = &x->t.lines[i];
    char *s = x->t.norm.ptr + l->norm_off;
    char save = s[l->norm_len];
    s[l->norm_len] = '\0';
    const char *hit = strstr(s, needle);
    s[l->norm_len] = save;
    if (hit) {
      cl_text_pos(&x->t, l, x->t.map[l->norm_off + (size_t)(hit - s)], line, col);
      if (scope)
        *scope = l->scope;
      return 1;
    }
  }
  return 0;
}

static int text_has(const extracted *x, const char *needle) {
  unsigned l, c;
  return text_find(x, needle, &l, &c, NULL);
}

/* The text of visible line I, NUL-terminated copy in BUF. */
static const char *line_text(const extracted *x, size_t i, char *buf,
                             size_t cap) {
  const cl_tline *l = &x->t.lines[i];
  size_t n = l->norm_len < cap - 1 ? l->norm_len : cap - 1;
  memcpy(buf, x->t.norm.ptr + l->norm_off, n);
  buf[n] = '\0';
  return buf;
}

static const cl_credit *meta_find(const cl_docres *d, const char *rule,
                                  const char *value) {
  for (size_t i = 0; i < d->nmeta; i++)
    if (strcmp(d->meta[i].rule, rule) == 0 &&
        (!value || (d->meta[i].value && strcmp(d->meta[i].value, value) == 0)))
      return &d->meta[i];
  return NULL;
}

static const char *field_of(const cl_credit *c, const char *name) {
  for (size_t i = 0; c && i < c->field_count; i++)
    if (strcmp(c->fields[i].name, name) == 0)
      return c->fields[i].value;
  return NULL;
}

/* ------------------------------------------------------- detection */

static void test_detect(void) {
  static const struct {
    const char *path, *src;
    cl_docfmt want;
  } cases[] = {
      {"a.html", "Copyright 2020 Acme", CL_DOCFMT_HTML},
      {"a.htm", "<p>x</p>", CL_DOCFMT_HTML},
      {"page", "<!DOCTYPE html><html><body>x</body></html>", CL_DOCFMT_HTML},
      {"page", "  <html lang=en><p>x", CL_DOCFMT_HTML},
      {"frag", "<p>Copyright 2020 Acme</p>", CL_DOCFMT_HTML},
      {"a.xhtml", "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"/>",
       CL_DOCFMT_HTML},
      {"x", "<?xml version=\"1.0\"?>\n<!-- c -->\n<nitf><head/></nitf>", CL_DOCFMT_NITF},
      {"x.xml", "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"/>",
       CL_DOCFMT_NEWSML},
      {"x.xml", "<g2:newsMessage xmlns:g2=\"http://iptc.org/std/nar/2006-10-01/\"/>",
       CL_DOCFMT_NEWSML},
      {"x.xml", "<newsItem xmlns=\"urn:other\"/>", CL_DOCFMT_XML},
      {"feed.rss", "<?xml version=\"1.0\"?><rss><channel/></rss>", CL_DOCFMT_XML},
      {"a.md", "Copyright 2020 Acme", CL_DOCFMT_MARKDOWN},
      {"a.markdown", "# T", CL_DOCFMT_MARKDOWN},
      {"post", "+++\ntitle = \"T\"\n+++\nBody\n", CL_DOCFMT_MARKDOWN},
      {"post", "---\ntitle: x\n---\n# Hello\n", CL_DOCFMT_MARKDOWN},
      {"post", "---\nno closing line\n", CL_DOCFMT_TEXT},
      {"a.json", "not json at all", CL_DOCFMT_JSON},
      {"a.jsonld", "{}", CL_DOCFMT_JSON},
      {"data", " {\"byline\": \"X\"}", CL_DOCFMT_JSON},
      {"data", "[1, 2]", CL_DOCFMT_JSON},
      {"data", "{ not json", CL_DOCFMT_TEXT},
      {"a.txt", "<html><body>x</body></html>", CL_DOCFMT_TEXT},
      {"notes", "Copyright 2020 Acme\n", CL_DOCFMT_TEXT},
      {"notes", "a < b and c > d", CL_DOCFMT_TEXT},
      {"", "", CL_DOCFMT_TEXT},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cl_docfmt got = cl_docfmt_detect(cases[i].path, cases[i].src, strlen(cases[i].src));
    if (got != cases[i].want)
      fprintf(stderr, "detect case %zu (%s): got %s\n", i, cases[i].path,
              cl_docfmt_name(got));
    CU_ASSERT_EQUAL(got, cases[i].want);
  }
  CU_ASSERT_STRING_EQUAL(cl_docfmt_name(CL_DOCFMT_NEWSML), "newsml");
  CU_ASSERT_STRING_EQUAL(cl_docfmt_name((cl_docfmt)99), "text");
}

/* ------------------------------------------------------------ HTML */

static void test_html_positions(void) {
  extracted x;
  extract(&x, CL_DOCFMT_HTML,
          "<html><body>\n"
          "<p class=\"a\">Caf&eacute; &amp; <b>bold</b> text</p>\n"
          "<div>\n"
          "   Copyright &copy; 2021\n"
          "   <i>Acme</i> Corp.</div>\n"
          "<p>one<br>two</p>\n"
          "</body></html>\n");
  CU_ASSERT_EQUAL(x.rc, 0);
  unsigned line, col;
  cl_scope scope;
  /* Entities decoded; the word after them keeps its source column. */
  CU_ASSERT_TRUE(text_find(&x, "Café & bold text", &line, &col, &scope));
  CU_ASSERT_EQUAL(line, 2);
  CU_ASSERT_EQUAL(col, 14);
  CU_ASSERT_EQUAL(scope, CL_SCOPE_BODY); /* no article: all body */
  CU_ASSERT_TRUE(text_find(&x, "bold", &line, &col, NULL));
  CU_ASSERT_EQUAL(col, 35);
  /* A block spanning source lines is one visible line, white space
   * collapsed; the symbol maps to its entity. */
  CU_ASSERT_TRUE(text_find(&x, "Copyright © 2021 Acme Corp.", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 4);
  CU_ASSERT_EQUAL(col, 4);
  CU_ASSERT_TRUE(text_find(&x, "© 2021", &line, &col, NULL));
  CU_ASSERT_EQUAL(col, 14);
  CU_ASSERT_TRUE(text_find(&x, "Acme Corp.", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 5);
  CU_ASSERT_EQUAL(col, 7);
  /* <br> ends a line */
  CU_ASSERT_FALSE(text_has(&x, "one two"));
  CU_ASSERT_TRUE(text_find(&x, "two", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 6);
  CU_ASSERT_EQUAL(col, 11);
  extracted_free(&x);
}

static void test_html_scopes_and_skips(void) {
  static const struct {
    const char *page, *needle;
    cl_scope want;
  } cases[] = {
      {"<body><nav>Home</nav><article><p>Story</p><footer>By Ann</footer>"
       "</article><footer>Site foot</footer></body>", "Story", CL_SCOPE_BODY},
      {"<body><nav>Home</nav><article><p>Story</p><footer>By Ann</footer>"
       "</article><footer>Site foot</footer></body>", "By Ann", CL_SCOPE_BODY},
      {"<body><nav>Home</nav><article><p>Story</p></article>"
       "<footer>Site foot</footer></body>", "Site foot", CL_SCOPE_CHROME},
      {"<body><nav>Home</nav><article><p>Story</p></article></body>", "Home",
       CL_SCOPE_CHROME},
      {"<body><div>Aside</div><main><p>Main text</p></main></body>", "Aside",
       CL_SCOPE_CHROME},
      {"<body><div>Aside</div><main><p>Main text</p></main></body>",
       "Main text", CL_SCOPE_BODY},
      {"<body><div itemprop=\"articleBody\"><p>Micro</p></div><p>Else</p></body>",
       "Micro", CL_SCOPE_BODY},
      {"<body><div itemprop=\"articleBody\"><p>Micro</p></div><p>Else</p></body>",
       "Else", CL_SCOPE_CHROME},
      /* No article marked: the page footer is still the site's. */
      {"<body><p>Plain page</p><footer>Foot</footer></body>", "Foot",
       CL_SCOPE_CHROME},
      {"<body><p>Plain page</p><footer>Foot</footer></body>", "Plain page",
       CL_SCOPE_BODY},
      {"<body><p>Plain page</p><div id=\"footer\"><p>Foot</p></div></body>",
       "Foot", CL_SCOPE_CHROME},
      {"<body><p>Plain page</p><div role=\"contentinfo\">Foot</div></body>",
       "Foot", CL_SCOPE_CHROME},
      /* A footer by its class, also a phone's copy of it; an entry's own
       * footer holds the article's credits. */
      {"<body><p>Plain page</p><div class=\"grid menu-footer\"><p>Foot</p></div></body>",
       "Foot", CL_SCOPE_CHROME},
      {"<body><p>Plain page</p><div class=\"channel-mobileFooter\">Foot</div></body>",
       "Foot", CL_SCOPE_CHROME},
      {"<body><p>Plain page</p><div class=\"entry-footer\">Foot</div></body>",
       "Foot", CL_SCOPE_BODY},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    extracted x;
    unsigned line, col;
    cl_scope scope = (cl_scope)-1;
    extract(&x, CL_DOCFMT_HTML, cases[i].page);
    CU_ASSERT_TRUE(text_find(&x, cases[i].needle, &line, &col, &scope));
    if (scope != cases[i].want)
      fprintf(stderr, "scope case %zu: %d\n", i, (int)scope);
    CU_ASSERT_EQUAL(scope, cases[i].want);
    extracted_free(&x);
  }

  extracted x;
  extract(&x, CL_DOCFMT_HTML,
          "<html><head><title>T</title><style>p{} /* Copyright 1 S */</style>"
          "</head><body><p>Seen</p><script>var c = 'Copyright 2 J';</script>"
          "<noscript>Copyright 3 N</noscript><template><p>Copyright 4 T</p>"
          "</template><!-- Copyright 5 C --><p>After</p></body></html>");
  CU_ASSERT_TRUE(text_has(&x, "Seen"));
  CU_ASSERT_TRUE(text_has(&x, "After"));
  CU_ASSERT_FALSE(text_has(&x, "Copyright"));
  extracted_free(&x);
}

/* Every HTML5 named reference is decoded in page text (libxml2 2.9 only
 * knows the HTML 4 ones), each decoded character placed at its '&'. */
static void test_html5_entities(void) {
  cl_buf page = CL_BUF_INIT, want = CL_BUF_INIT;
  cl_text norm;
  cl_text_init(&norm);
  size_t n = 0;
  CU_ASSERT_EQUAL(cl_buf_puts(&page, "<html><body>\n"), 0);
  for (size_t i = 0; i < cl_fmt_entity_count(); i++) {
    const char *utf8, *name = cl_fmt_entity_at(i, &utf8);
    if (name[strlen(name) - 1] != ';')
      continue;
    CU_ASSERT_EQUAL(cl_buf_printf(&page, "<p>E%zu[&%s]</p>\n", n++, name), 0);
  }
  CU_ASSERT_EQUAL(cl_buf_puts(&page, "</body></html>\n"), 0);
  CU_ASSERT_TRUE(n > 2000);

  extracted x;
  extract(&x, CL_DOCFMT_HTML, page.ptr);
  CU_ASSERT_EQUAL(x.rc, 0);
  CU_ASSERT_EQUAL(x.t.nlines, n);
  size_t k = 0, bad = 0;
  char got[64];
  for (size_t i = 0; i < cl_fmt_entity_count() && k < x.t.nlines; i++) {
    const char *utf8, *name = cl_fmt_entity_at(i, &utf8);
    if (name[strlen(name) - 1] != ';')
      continue;
    /* What the line should read once normalised like any text. */
    cl_buf_clear(&want);
    cl_buf_printf(&want, "E%zu[%s]", k, utf8);
    cl_text_reset(&norm, want.ptr, want.len);
    cl_text_add_range(&norm, 0, want.len, 1, 1, CL_SCOPE_BODY);
    const char *expect = norm.norm.ptr;
    size_t elen = norm.lines[0].norm_len;
    line_text(&x, k, got, sizeof got);
    if (strlen(got) != elen || memcmp(got, expect, elen) != 0) {
      if (bad++ < 5)
        fprintf(stderr, "entity &%s: got \"%s\"\n", name, got);
    }
    /* The decoded character sits at the column of its '&' (unless the
     * normaliser drops it: zero-width space). */
    const cl_tline *l = &x.t.lines[k];
    if (strstr(got, "[]")) {
      k++;
      continue;
    }
    const char *br = memchr(x.t.norm.ptr + l->norm_off, '[', l->norm_len);
    unsigned line, col;
    cl_text_pos(&x.t, l, x.t.map[(size_t)(br - x.t.norm.ptr) + 1], &line, &col);
    char lead[32];
    int lead_len = snprintf(lead, sizeof lead, "<p>E%zu[", k);
    if (line != k + 2 || col != (unsigned)lead_len + 1) {
      if (bad++ < 5)
        fprintf(stderr, "entity &%s at %u:%u\n", name, line, col);
    }
    k++;
  }
  CU_ASSERT_EQUAL(k, n);
  CU_ASSERT_EQUAL(bad, 0);
  extracted_free(&x);
  cl_text_free(&norm);
  cl_buf_free(&page);
  cl_buf_free(&want);

  /* References the parser leaves raw: legacy ones without ';', numeric. */
  extract(&x, CL_DOCFMT_HTML,
          "<p>&copy 2020 &#xA9; &#169; &bigstar; &check; &NotANamedRef; x</p>");
  CU_ASSERT_TRUE(text_has(&x, "© 2020 © © ★ ✓ &NotANamedRef; x"));
  extracted_free(&x);
}

static void test_html_metadata(void) {
  extracted x;
  extract(&x, CL_DOCFMT_HTML,
          "<html><head>\n"
          "<meta name=\"author\" content=\"Jane Doe\">\n"
          "<meta property=\"article:author\" content=\"https://example.org/jane\">\n"
          "<meta name=\"copyright\" content=\"&copy; 2020-2022 Acme Corp. All rights reserved.\">\n"
          "<link rel=\"license\" href=\"https://example.org/l\">\n"
          "</head><body>\n"
          "<div itemscope itemtype=\"https://schema.org/NewsArticle\">\n"
          " <span itemprop=\"author\" itemscope><span itemprop=\"name\">Tom Field</span></span>\n"
          " <meta itemprop=\"copyrightHolder\" content=\"Beta Ltd\">\n"
          " <meta itemprop=\"copyrightYear\" content=\"2019\">\n"
          " <span itemprop=\"publisher\">Gamma News</span>\n"
          "</div>\n"
          "<script type=\"application/ld+json\">[{\"@type\": \"Article\",\n"
          "  \"editor\": [\"Ann Lee\", {\"name\": \"Bo Ray\"}], \"copyrightNotice\": \"(c) 2018 Delta\"}]</script>\n"
          "</body></html>\n");
  CU_ASSERT_EQUAL(x.rc, 0);
  const cl_credit *c = meta_find(x.d, "meta:author", "Jane Doe");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->kind, CL_KIND_AUTHOR);
  CU_ASSERT_EQUAL(c->scope, CL_SCOPE_METADATA);
  CU_ASSERT_EQUAL(c->line, 2);
  CU_ASSERT_EQUAL(c->column, 30);
  CU_ASSERT_PTR_NULL(meta_find(x.d, "meta:article:author", NULL)); /* a URL */
  c = meta_find(x.d, "meta:copyright", "Acme Corp.");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->year_count, 3);
  CU_ASSERT_STRING_EQUAL(c->years_text, "2020-2022");
  CU_ASSERT_EQUAL(c->line, 4);
  c = meta_find(x.d, "html:rel=license", "https://example.org/l");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->kind, CL_KIND_LICENSE);
  CU_ASSERT_EQUAL(c->line, 5);
  CU_ASSERT_EQUAL(c->column, 27);
  c = meta_find(x.d, "microdata:author", "Tom Field");
  CU_ASSERT_PTR_NOT_NULL(c);
  c = meta_find(x.d, "microdata:copyrightHolder", "Beta Ltd");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->year_count, 1);
  CU_ASSERT_EQUAL(c->year_count ? c->years[0] : 0, 2019);
  c = meta_find(x.d, "microdata:publisher", "Gamma News");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_STRING_EQUAL(field_of(c, "role"), "publisher");
  c = meta_find(x.d, "jsonld:editor", "Ann Lee");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->kind, CL_KIND_EDITOR);
  CU_ASSERT_EQUAL(c->line, 14);
  CU_ASSERT_EQUAL(c->column, 15);
  CU_ASSERT_PTR_NOT_NULL(meta_find(x.d, "jsonld:editor", "Bo Ray"));
  c = meta_find(x.d, "jsonld:copyrightNotice", "Delta");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->year_count, 1);
  /* Metadata is not visible text. */
  CU_ASSERT_FALSE(text_has(&x, "Jane Doe"));
  CU_ASSERT_FALSE(text_has(&x, "Delta"));
  extracted_free(&x);
}

/* A person list in metadata gives one credit per person, each with the
 * fields the format adds (a G2 creator's role); an author typed as an
 * organisation stays one name. */
static void test_meta_person_lists(void) {
  static const struct {
    cl_docfmt fmt;
    const char *doc, *rule;
    const char *want[3];
    const char *field, *field_value; /* on every credit of RULE */
  } rows[] = {
      {CL_DOCFMT_HTML,
       "<html><head><meta name=\"author\" content=\"Ann Lee and Bo Kim\">"
       "</head><body><p>x</p></body></html>",
       "meta:author", {"Ann Lee", "Bo Kim"}, NULL, NULL},
      {CL_DOCFMT_HTML,
       "<html><body><article itemscope itemtype=\"https://schema.org/NewsArticle\">"
       "<span itemprop=\"author\">Martin Vell (avec Dana Roux et Paul Tisse)</span>"
       "</article></body></html>",
       "microdata:author", {"Martin Vell", "Dana Roux", "Paul Tisse"}, NULL, NULL},
      {CL_DOCFMT_HTML,
       "<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\","
       " \"author\": \"Ann Lee, Bo Kim & Cy Dunn\"}</script></head><body></body></html>",
       "jsonld:author", {"Ann Lee", "Bo Kim", "Cy Dunn"}, NULL, NULL},
      {CL_DOCFMT_HTML,
       "<html><head><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\","
       " \"author\": {\"@type\": \"Organization\", \"name\": \"Ann Lee and Bo Kim\"}}"
       "</script></head><body></body></html>",
       "jsonld:author", {"Ann Lee and Bo Kim"}, "entity", "organization"},
      {CL_DOCFMT_HTML,
       "<html><head><meta name=\"author\" content=\"Holt, Mia\"></head></html>",
       "meta:author", {"Holt, Mia"}, NULL, NULL},
      {CL_DOCFMT_MARKDOWN, "---\nauthor: Ann Lee with Bo Kim\n---\n# T\n",
       "frontmatter:author", {"Ann Lee", "Bo Kim"}, NULL, NULL},
      {CL_DOCFMT_NEWSML,
       "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><contentMeta>"
       "<creator role=\"crole:writer\"><name>Ann Lee and Bo Kim</name></creator>"
       "</contentMeta></newsItem>",
       "newsml:creator", {"Ann Lee", "Bo Kim"}, "role", "crole:writer"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    extracted x;
    extract(&x, rows[i].fmt, rows[i].doc);
    CU_ASSERT_EQUAL(x.rc, 0);
    size_t want = 0, got = 0;
    while (want < 3 && rows[i].want[want])
      want++;
    for (size_t k = 0; k < x.d->nmeta; k++) {
      const cl_credit *c = &x.d->meta[k];
      if (strcmp(c->rule, rows[i].rule) != 0)
        continue;
      got++;
      CU_ASSERT_TRUE(c->kind == CL_KIND_AUTHOR);
      if (rows[i].field) {
        const char *v = field_of(c, rows[i].field);
        CU_ASSERT_PTR_NOT_NULL(v);
        if (v)
          CU_ASSERT_STRING_EQUAL(v, rows[i].field_value);
      }
    }
    for (size_t k = 0; k < want; k++)
      if (!meta_find(x.d, rows[i].rule, rows[i].want[k])) {
        fprintf(stderr, "\n  row %zu: no %s \"%s\"\n", i, rows[i].rule,
                rows[i].want[k]);
        CU_FAIL("person missing");
      }
    if (got != want)
      fprintf(stderr, "\n  row %zu: want %zu credits, got %zu\n", i, want, got);
    CU_ASSERT_EQUAL(got, want);
    extracted_free(&x);
  }
}

/* Microdata of a picture (inside an ImageObject item, or a figure the
 * markup leaves untyped) credits the picture: an image credit, never the
 * page's holder; a name in an untyped figure (an author's portrait) is
 * still the page's author, and a video's item credits no one. */
static void test_microdata_pictures(void) {
  static const struct {
    const char *body, *rule, *value; /* VALUE NULL: no credit of RULE */
    cl_kind kind;
  } rows[] = {
      {"<div itemprop=\"image\" itemscope itemtype=\"https://schema.org/ImageObject\">"
       "<span itemprop=\"copyrightHolder\">(Image credit: Quayside Pictures)</span></div>",
       "microdata:image:copyrightHolder", "Quayside Pictures", CL_KIND_IMAGE},
      {"<div itemprop=\"image\" itemscope itemtype=\"https://schema.org/ImageObject\">"
       "<span itemprop=\"copyrightHolder\">(Image credit: Quayside Pictures)</span></div>",
       "microdata:copyrightHolder", NULL, CL_KIND_COPYRIGHT},
      {"<figure><img src=\"a.jpg\"><figcaption>The quay. <span itemprop=\"copyrightHolder\">"
       "(Image credit: Lena Moor)</span></figcaption></figure>",
       "microdata:image:copyrightHolder", "Lena Moor", CL_KIND_IMAGE},
      {"<figure><img src=\"a.jpg\"><figcaption>The quay. <span itemprop=\"copyrightHolder\">"
       "(Image credit: Lena Moor)</span></figcaption></figure>",
       "microdata:copyrightHolder", NULL, CL_KIND_COPYRIGHT},
      {"<div itemscope itemtype=\"https://schema.org/ImageObject\">"
       "<span itemprop=\"author\" itemscope itemtype=\"https://schema.org/Person\">"
       "<span itemprop=\"name\">Lena Moor</span></span></div>",
       "microdata:image:author", "Lena Moor", CL_KIND_IMAGE},
      {"<div itemscope itemtype=\"https://schema.org/ImageObject\">"
       "<span itemprop=\"author\">Lena Moor</span></div>",
       "microdata:author", NULL, CL_KIND_AUTHOR},
      {"<figure class=\"author\"><img src=\"p.jpg\"><figcaption itemprop=\"author\">"
       "Ann Lee</figcaption></figure>",
       "microdata:author", "Ann Lee", CL_KIND_AUTHOR},
      {"<div itemscope itemtype=\"https://schema.org/VideoObject\">"
       "<span itemprop=\"copyrightHolder\">Quayside Pictures</span></div>",
       "microdata:copyrightHolder", NULL, CL_KIND_COPYRIGHT},
      {"<div itemscope itemtype=\"https://schema.org/VideoObject\">"
       "<span itemprop=\"copyrightHolder\">Quayside Pictures</span></div>",
       "microdata:image:copyrightHolder", NULL, CL_KIND_IMAGE},
      {"<meta itemprop=\"copyrightHolder\" content=\"Eastport Gazette\">"
       "<figure><img src=\"a.jpg\"></figure>",
       "microdata:copyrightHolder", "Eastport Gazette", CL_KIND_COPYRIGHT},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    char page[1024];
    snprintf(page, sizeof page,
             "<html><body><article itemscope itemtype=\"https://schema.org/NewsArticle\">"
             "<p>Text.</p>%s</article></body></html>",
             rows[i].body);
    extracted x;
    extract(&x, CL_DOCFMT_HTML, page);
    CU_ASSERT_EQUAL(x.rc, 0);
    const cl_credit *c = meta_find(x.d, rows[i].rule, rows[i].value);
    if (!c != !rows[i].value)
      fprintf(stderr, "\n  picture row %zu: %s \"%s\" %s\n", i, rows[i].rule,
              rows[i].value ? rows[i].value : "", c ? "found" : "missing");
    if (rows[i].value) {
      CU_ASSERT_PTR_NOT_NULL(c);
      if (c)
        CU_ASSERT_EQUAL(c->kind, rows[i].kind);
    } else {
      CU_ASSERT_PTR_NULL(c);
    }
    extracted_free(&x);
  }
}

/* A metadata notice that names no holder is still a credit when it states
 * rights (years, a sentence about them); the notice is its text. */
static void test_meta_notice_holderless(void) {
  static const struct {
    const char *notice, *holder; /* holder "-": no credit at all */
    size_t years;
  } rows[] = {
      {"Content may not be reproduced without permission", NULL, 0},
      {"Copyright 2014", NULL, 1},
      {"&copy; 2019-2020. All rights reserved.", NULL, 2},
      {"Wire copy is the property of Gull Media Ltd and may not be sold",
       "Gull Media Ltd", 0},
      {"Copyright", "-", 0},
      {"All rights reserved.", "-", 0},
      {"Designed by Gray Pixel Media", "-", 0},
      {NULL, NULL, 0}};
  for (size_t i = 0; rows[i].notice; i++) {
    char page[512];
    snprintf(page, sizeof page,
             "<html><head><meta name=\"copyright\" content=\"%s\"></head></html>",
             rows[i].notice);
    extracted x;
    extract(&x, CL_DOCFMT_HTML, page);
    CU_ASSERT_EQUAL(x.rc, 0);
    const cl_credit *c = meta_find(x.d, "meta:copyright", NULL);
    if (strcmp(rows[i].holder ? rows[i].holder : "", "-") == 0) {
      CU_ASSERT_PTR_NULL(c);
    } else {
      CU_ASSERT_PTR_NOT_NULL_FATAL(c);
      if (rows[i].holder) {
        CU_ASSERT_STRING_EQUAL(c->value ? c->value : "(null)", rows[i].holder);
      } else {
        CU_ASSERT_PTR_NULL(c->value);
      }
      CU_ASSERT_PTR_NOT_NULL(field_of(c, "notice"));
      CU_ASSERT_EQUAL(c->year_count, rows[i].years);
    }
    if (c && !c->value != !rows[i].holder)
      fprintf(stderr, "\n  row \"%s\": value %s\n", rows[i].notice,
              c->value ? c->value : "(null)");
    extracted_free(&x);
  }
}

/* Element names are classified case-insensitively and attributes are
 * read in place: which elements end lines, hide text, mark the article,
 * and which rel/itemprop values count. */
/* The element table is searched by halves: it must be in order (length,
 * then bytes), and every entry must find itself, in any case. */
static void test_element_table(void) {
  size_t n = cl_fmt_el_count();
  CU_ASSERT(n > 50);
  const char *prev = NULL;
  for (size_t i = 0; i < n; i++) {
    unsigned flags = 0;
    const char *name = cl_fmt_el_at(i, &flags);
    CU_ASSERT_PTR_NOT_NULL_FATAL(name);
    CU_ASSERT(flags != 0);
    if (prev)
      CU_ASSERT(strlen(prev) < strlen(name) ||
                (strlen(prev) == strlen(name) && strcmp(prev, name) < 0));
    CU_ASSERT_EQUAL(cl_fmt_el_lookup(name), flags);
    char up[32];
    size_t k = 0;
    for (; name[k] && k + 1 < sizeof up; k++)
      up[k] = (char)(name[k] >= 'a' && name[k] <= 'z' ? name[k] - 32 : name[k]);
    up[k] = '\0';
    CU_ASSERT_EQUAL(cl_fmt_el_lookup(up), flags);
    prev = name;
  }
  CU_ASSERT_PTR_NULL(cl_fmt_el_at(n, &(unsigned){0}));
  CU_ASSERT_EQUAL(cl_fmt_el_lookup("para"), 0);
  CU_ASSERT_EQUAL(cl_fmt_el_lookup("copyrite.yearx"), 0);
  CU_ASSERT_EQUAL(cl_fmt_el_lookup("a-name-longer-than-sixteen"), 0);
}

static void test_walker_names(void) {
  static const struct {
    cl_docfmt fmt;
    const char *page, *present, *absent;
  } cases[] = {
      {CL_DOCFMT_HTML, "<body><p>one<SPAN>two</SPAN><Em>three</Em></p></body>",
       "onetwothree", NULL},
      {CL_DOCFMT_HTML, "<body><div>one<Section>two</Section></div></body>",
       "two", "onetwo"},
      {CL_DOCFMT_HTML, "<body><p>one<BR>two</p></body>", "two", "onetwo"},
      {CL_DOCFMT_HTML, "<body><p>See<SVG><text>Copyright 1 S</text></SVG>"
       "<math>Copyright 2 M</math><OBJECT>Copyright 3 O</OBJECT></p></body>",
       "See", "Copyright"},
      {CL_DOCFMT_HTML, "<body><blockquote>q</blockquote><figcaption>f"
       "</figcaption><fieldset>s</fieldset></body>", "f", "qf"},
      {CL_DOCFMT_XML, "<doc><p>a<SPAN>b</SPAN><Copyrite.Year>c</Copyrite.Year>"
       "<alt-code>d</alt-code><copyrite.holder>e</copyrite.holder></p></doc>",
       "abcde", NULL},
      {CL_DOCFMT_XML, "<doc><p>a<copyrite.yearx>b</copyrite.yearx>"
       "<para>c</para></p></doc>", "b", "ab"},
      {CL_DOCFMT_XML, "<doc><p>a<para>c</para></p></doc>", "c", "ac"},
      {CL_DOCFMT_XML, "<doc><p>a<emphasis>b</emphasis>c</p></doc>", "b", "abc"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    extracted x;
    extract(&x, cases[i].fmt, cases[i].page);
    CU_ASSERT_EQUAL(x.rc, 0);
    if (!text_has(&x, cases[i].present) ||
        (cases[i].absent && text_has(&x, cases[i].absent)))
      fprintf(stderr, "walker case %zu\n", i);
    CU_ASSERT_TRUE(text_has(&x, cases[i].present));
    if (cases[i].absent)
      CU_ASSERT_FALSE(text_has(&x, cases[i].absent));
    extracted_free(&x);
  }

  extracted x;
  unsigned line, col;
  cl_scope scope = (cl_scope)-1;
  extract(&x, CL_DOCFMT_HTML,
          "<html><head><link rel=\"LICENSE\" href=\"https://example.org/a\">\n"
          "<link rel=\"licen&#115;e\" href=\"https://example.org/b\">\n"
          "<link rel=\"license nofollow\" href=\"https://example.org/c\">\n"
          "</head><body><nav>Menu</nav>\n"
          "<div itemprop=\"text articleBody\">\n"
          "<span itemprop=\"  name\tauthor \">Ann Bee</span>\n"
          "<span itemprop=\"creatorx\">Not Her</span>\n"
          "<span itemprop=\"aVeryLongItempropNameThatIsNotKnownAtAll editor\">"
          "Cy Dee</span>\n"
          "</div></body></html>\n");
  CU_ASSERT_EQUAL(x.rc, 0);
  CU_ASSERT_PTR_NOT_NULL(meta_find(x.d, "html:rel=license", "https://example.org/a"));
  CU_ASSERT_PTR_NOT_NULL(meta_find(x.d, "html:rel=license", "https://example.org/b"));
  /* The whole value must be "license". */
  CU_ASSERT_PTR_NULL(meta_find(x.d, "html:rel=license", "https://example.org/c"));
  CU_ASSERT_PTR_NOT_NULL(meta_find(x.d, "microdata:author", "Ann Bee"));
  CU_ASSERT_PTR_NULL(meta_find(x.d, "microdata:creator", NULL));
  CU_ASSERT_PTR_NOT_NULL(meta_find(x.d, "microdata:editor", "Cy Dee"));
  CU_ASSERT_TRUE(text_find(&x, "Ann Bee", &line, &col, &scope));
  CU_ASSERT_EQUAL(scope, CL_SCOPE_BODY);
  CU_ASSERT_TRUE(text_find(&x, "Menu", &line, &col, &scope));
  CU_ASSERT_EQUAL(scope, CL_SCOPE_CHROME);
  extracted_free(&x);
}

/* Reads PAGE into X (extracted_free it) and returns its visible line
 * whose whole text is TEXT, or NULL (said on stderr with ROW). */
static const cl_tline *html_line(extracted *x, const char *page,
                                 const char *text, size_t row) {
  char buf[512];
  extract(x, CL_DOCFMT_HTML, page);
  CU_ASSERT_EQUAL(x->rc, 0);
  for (size_t k = 0; k < x->t.nlines; k++)
    if (strcmp(line_text(x, k, buf, sizeof buf), text) == 0)
      return &x->t.lines[k];
  fprintf(stderr, "\n  row %zu: no line \"%s\"\n", row, text);
  CU_FAIL("line not found");
  return NULL;
}

/* The page's byline markup: lines with text inside rel="author",
 * itemprop="author" or a class naming the author or byline are byline
 * lines; parts of it set beside each other by style are lines of their
 * own, unless the line ends open; not in the readers' comments, not a
 * whole post, not a heading. */
static void test_html_byline_lines(void) {
  static const struct {
    const char *page;
    const char *line; /* a whole visible line */
    int byline;
  } rows[] = {
      {"<div class=\"byline\">Ann Lee</div><p>Text.</p>", "Ann Lee", 1},
      {"<div class=\"byline\">Ann Lee</div><p>Text.</p>", "Text.", 0},
      {"<p><a rel=\"author\" href=\"/a\">Ann Lee</a></p>", "Ann Lee", 1},
      {"<p><span itemprop=\"author\">Ann Lee</span></p>", "Ann Lee", 1},
      {"<p><span class=\"c-Author__Name\">Ann Lee</span></p>", "Ann Lee", 1},
      /* parts the page sets apart */
      {"<div><span class=\"authorBy\">By\u00a0</span><a href=x><span>Ann Lee</span></a>"
       "<span class=\"authorTitle\">Staff Writer</span></div>", "By Ann Lee", 1},
      {"<div><span class=\"authorBy\">By\u00a0</span><a href=x><span>Ann Lee</span></a>"
       "<span class=\"authorTitle\">Staff Writer</span></div>", "Staff Writer", 1},
      {"<div><span>By </span><a rel=author href=x>Ann Lee</a><span></span>"
       "<span class=\"source\">Fennick</span></div>", "By Ann Lee", 1},
      {"<div><span>By </span><a rel=author href=x>Ann Lee</a><span></span>"
       "<span class=\"source\">Fennick</span></div>", "Fennick", 0},
      /* a list stays one line */
      {"<p>By <a rel=author>Ann Lee</a> and <a rel=author>Bo Kim</a></p>",
       "By Ann Lee and Bo Kim", 1},
      /* the readers' comments */
      {"<div id=\"comments\"><p><span class=\"author\">Cy Park</span> said</p></div>",
       "Cy Park said", 0},
      /* a whole post marked with its author's class */
      {"<div class=\"post author-ann\"><p>The ferry will run every half hour from "
       "April, the harbour office said on Tuesday, after a winter of storms that "
       "closed the coast road twice and left the island without a bus. Tickets "
       "stay at the old price until June.</p></div>",
       "The ferry will run every half hour from April, the harbour office said on "
       "Tuesday, after a winter of storms that closed the coast road twice and left "
       "the island without a bus. Tickets stay at the old price until June.", 0},
      /* a box's heading */
      {"<div class=\"authorInfo\"><h6><a href=/t>Tech News</a></h6><p>Ann Lee</p></div>",
       "Tech News", 0},
      {"<div class=\"authorInfo\"><h6><a href=/t>Tech News</a></h6><p>Ann Lee</p></div>",
       "Ann Lee", 1},
      /* a name's last letter styled apart stays in the name */
      {"<p class=\"byline\"><a href=/a>Ann Le<span class=s>e</span></a></p>",
       "Ann Lee", 1},
      /* an author's picture is a caption, not the byline */
      {"<div class=\"byline\"><img class=\"author-avatar\" alt=\"Ann Lee\"></div>",
       "Ann Lee", 0},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    extracted x;
    const cl_tline *l = html_line(&x, rows[i].page, rows[i].line, i);
    int byline = l && l->byline && !l->caption;
    if (l && byline != rows[i].byline)
      fprintf(stderr, "\n  row %zu: byline %d\n", i, byline);
    CU_ASSERT_EQUAL(byline, l ? rows[i].byline : 0);
    extracted_free(&x);
  }
}

/* NITF's <byline> (also inside a NewsML-G2 item, read as XHTML): its
 * lines are byline lines; "By" glued to the name's element is a word of
 * its own; the title beside the name is a line of its own. */
static void test_xml_byline_lines(void) {
  static const char *const items[] = {
      "<nitf><body><body.head><hedline><hl1>Ferry news</hl1></hedline>"
      "<byline>By<person>Ann Lee</person><byttl>Harbour Desk</byttl></byline>"
      "</body.head><body.content><p>Text.</p></body.content></body></nitf>",
      "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><contentSet>"
      "<inlineXML><nitf><body><body.head><hedline><hl1>Ferry news</hl1></hedline>"
      "<byline>By<person>Ann Lee</person><byttl>Harbour Desk</byttl></byline>"
      "</body.head></body></nitf></inlineXML></contentSet></newsItem>"};
  static const cl_docfmt fmts[] = {CL_DOCFMT_NITF, CL_DOCFMT_NEWSML};
  for (size_t i = 0; i < 2; i++) {
    extracted x;
    extract(&x, fmts[i], items[i]);
    CU_ASSERT_EQUAL(x.rc, 0);
    int by = 0, desk = 0, head = 0;
    char buf[128];
    for (size_t k = 0; k < x.t.nlines; k++) {
      const char *s = line_text(&x, k, buf, sizeof buf);
      by |= strcmp(s, "By Ann Lee") == 0 && x.t.lines[k].byline;
      desk |= strcmp(s, "Harbour Desk") == 0 && x.t.lines[k].byline;
      head |= strcmp(s, "Ferry news") == 0 && !x.t.lines[k].byline;
    }
    if (!by || !desk || !head)
      fprintf(stderr, "\n  item %zu: by %d desk %d head %d\n", i, by, desk, head);
    CU_ASSERT_TRUE(by && desk && head);
    extracted_free(&x);
  }
}

/* Lines of HTML: a block wrapped in the source is one line; sibling links
 * of a menu are lines of their own; a figcaption's lines, a caption class
 * and an image's alt and title are captions, placed where they are. */
static void test_html_lines_and_captions(void) {
  static const struct {
    const char *page;
    const char *line;      /* a whole visible line */
    int caption;           /* its caption flag */
    unsigned at_line, at_col;
  } rows[] = {
      {"<p>Produced in association with\n   Copperleaf News</p>",
       "Produced in association with Copperleaf News", 0, 1, 4},
      {"<div>\u00a9 2018 Wendel GmbH <a>Impressum</a><a>Datenschutz</a></div>",
       "\u00a9 2018 Wendel GmbH", 0, 1, 6},
      {"<div>\u00a9 2018 Wendel GmbH <a>Impressum</a><a>Datenschutz</a></div>",
       "Datenschutz", 0, 1, 44},
      {"<div>Acme <span><a>Terms</a></span> | <span><a>Privacy</a></span></div>",
       "Acme", 0, 1, 6},
      {"<p>Read <a>the report</a> by Ann.</p>", "Read the report by Ann.", 0, 1, 4},
      /* A line that ends open goes on into the first link of a run. */
      {"<div>By <span><a>Ann Lee</a><span><a>| Fox</a></span></span></div>",
       "By Ann Lee", 0, 1, 6},
      {"<figure><figcaption>Pier. \u00a9 2024 Getty Images</figcaption></figure>",
       "Pier. \u00a9 2024 Getty Images", 1, 1, 21},
      {"<div class=\"wp-caption-text\">Ola Berg/EPA</div>", "Ola Berg/EPA", 1,
       1, 30},
      {"<div class=\"text-caption\">\u00a9 2016 Acme</div>", "\u00a9 2016 Acme", 0,
       1, 27},
      {"<p>A<img src=x.jpg alt=\"Ferry. Photo: Ola Berg/EPA\" title='T &amp; U'>B</p>",
       "Ferry. Photo: Ola Berg/EPA", CL_CAPTION_ALT, 1, 25},
      {"<p>A<img src=x.jpg alt=\"Ferry. Photo: Ola Berg/EPA\" title='T &amp; U'>B</p>",
       "T & U", CL_CAPTION_ALT, 1, 60},
      /* A logo inside a notice stands for its holder: the alt is text of
       * the notice's line, not a caption; the title stays a caption. */
      {"<p>\u00a9 2019 <a><img alt=\"Fennick Media\" title=Logo></a> All rights reserved.</p>",
       "\u00a9 2019 Fennick Media All rights reserved.", 0, 1, 4},
      {"<div><img src=a.jpg></div><div class=\"credits\">\u00a9 Ola Berg</div>",
       "\u00a9 Ola Berg", 1, 1, 48},
      {"<p>Text.</p><div class=\"site credit\">\u00a9 2019 Acme</div>",
       "\u00a9 2019 Acme", 0, 1, 38},
      {"<p>Photos by <img alt=\"Fennick Media\"></p>", "Fennick Media",
       CL_CAPTION_ALT, 1, 24},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    extracted x;
    const cl_tline *l = html_line(&x, rows[i].page, rows[i].line, i);
    if (l) {
      CU_ASSERT_EQUAL(l->caption, rows[i].caption);
      CU_ASSERT_EQUAL(l->line, rows[i].at_line);
      CU_ASSERT_EQUAL(l->col, rows[i].at_col);
      if (l->col != rows[i].at_col)
        fprintf(stderr, "\n  row %zu: column %u\n", i, l->col);
    }
    extracted_free(&x);
  }
}

/* -------------------------------------------------------- Markdown */

static void test_markdown(void) {
  extracted x;
  extract(&x, CL_DOCFMT_MARKDOWN,
          "---\n"
          "author: [Ann Lee, \"Bo Ray\"]\n"
          "copyright: Copyright 2021 Acme Corp.\n"
          "license: CC-BY-4.0\n"
          "date: 2021-02-03\n"
          "---\n"
          "## Title here ##\n"
          "\n"
          "*Edited by Jane Doe*\n"
          "> **Photo:** Tom_Field took it, see [the site](http://x.org/a_b).\n"
          "- item one\n"
          "\n"
          "```\n"
          "Copyright 1999 Fenced Ltd\n"
          "```\n"
          "~~~~ text\n"
          "Copyright 1998 Tilde Ltd\n"
          "~~~~\n"
          "\n"
          "    Copyright 1997 Indented Ltd\n"
          "\n"
          "A paragraph\n"
          "    continued, not code.\n");
  CU_ASSERT_EQUAL(x.rc, 0);
  unsigned line, col;
  CU_ASSERT_TRUE(text_find(&x, "Title here", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 7);
  CU_ASSERT_EQUAL(col, 4);
  CU_ASSERT_FALSE(text_has(&x, "#"));
  CU_ASSERT_TRUE(text_find(&x, "Edited by Jane Doe", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 9);
  CU_ASSERT_EQUAL(col, 2);
  CU_ASSERT_FALSE(text_has(&x, "*"));
  /* Intraword underscores stay, link targets go, columns stay true. */
  CU_ASSERT_TRUE(text_find(&x, "Photo: Tom_Field took it, see the site.", &line, &col, NULL));
  CU_ASSERT_EQUAL(col, 5);
  CU_ASSERT_TRUE(text_find(&x, "the site", &line, &col, NULL));
  CU_ASSERT_EQUAL(col, 38);
  CU_ASSERT_FALSE(text_has(&x, "http"));
  CU_ASSERT_TRUE(text_find(&x, "item one", &line, &col, NULL));
  CU_ASSERT_EQUAL(col, 3);
  CU_ASSERT_FALSE(text_has(&x, "Fenced"));
  CU_ASSERT_FALSE(text_has(&x, "Tilde"));
  CU_ASSERT_FALSE(text_has(&x, "Indented"));
  CU_ASSERT_TRUE(text_has(&x, "continued, not code."));

  const cl_credit *c = meta_find(x.d, "frontmatter:author", "Bo Ray");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->line, 2);
  CU_ASSERT_EQUAL(c->column, 19);
  CU_ASSERT_STRING_EQUAL(field_of(c, "date"), "2021-02-03");
  CU_ASSERT_PTR_NOT_NULL(meta_find(x.d, "frontmatter:author", "Ann Lee"));
  c = meta_find(x.d, "frontmatter:copyright", "Acme Corp.");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->year_count, 1);
  CU_ASSERT_EQUAL(c->line, 3);
  CU_ASSERT_EQUAL(c->column, 12);
  c = meta_find(x.d, "frontmatter:license", "CC-BY-4.0");
  CU_ASSERT_PTR_NOT_NULL(c);
  CU_ASSERT_FALSE(text_has(&x, "author:"));
  extracted_free(&x);

  /* A paragraph's soft line break joins a line that ends open ("with",
   * a year) or a next line that goes on a sentence; a closed line and a
   * next credit stay apart.  Positions stay those of the source. */
  extract(&x, CL_DOCFMT_MARKDOWN,
          "Produced in association with\n"
          "Benzinga Wire\n"
          "Edited by Lena Okafor\n"
          "\n"
          "This post was originally published on the\n"
          "  [Harbor blog](https://example.org/b).\n"
          "\n"
          "Photo caption here ![Photo: Kai Ostrow/Getty Images](a.jpg \"© 2024 Ostrow\")\n"
          "{{< img src=\"b.jpg\" caption=\"scanrail/iStock/Thinkstock\" >}}\n"
          "Tea <b>Copy</b>right 2020 Fen Ltd\n");
  CU_ASSERT_EQUAL(x.rc, 0);
  CU_ASSERT_TRUE(text_find(&x, "Produced in association with Benzinga Wire", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 1);
  CU_ASSERT_TRUE(text_find(&x, "Benzinga", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 2);
  CU_ASSERT_EQUAL(col, 1);
  CU_ASSERT_FALSE(text_has(&x, "Wire Edited"));
  CU_ASSERT_TRUE(text_find(&x, "on the Harbor blog.", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 5);
  CU_ASSERT_TRUE(text_find(&x, "Harbor blog", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 6);
  CU_ASSERT_EQUAL(col, 4);
  /* The image's alt and title, the shortcode's caption: caption lines. */
  size_t captions = 0;
  char buf[128];
  for (size_t i = 0; i < x.t.nlines; i++)
    if (x.t.lines[i].caption) {
      captions++;
      line_text(&x, i, buf, sizeof buf);
      CU_ASSERT(strcmp(buf, "Photo: Kai Ostrow/Getty Images") == 0 ||
                strcmp(buf, "© 2024 Ostrow") == 0 ||
                strcmp(buf, "scanrail/iStock/Thinkstock") == 0);
    }
  CU_ASSERT_EQUAL(captions, 3);
  CU_ASSERT_TRUE(text_find(&x, "scanrail", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 9);
  CU_ASSERT_EQUAL(col, 30);
  CU_ASSERT_FALSE(text_has(&x, "{{"));
  /* Inline HTML tags are markup: the word they split is whole again. */
  CU_ASSERT_TRUE(text_find(&x, "Tea Copyright 2020 Fen Ltd", &line, &col, NULL));
  CU_ASSERT_TRUE(text_find(&x, "right 2020", &line, &col, NULL));
  CU_ASSERT_EQUAL(col, 16);
  extracted_free(&x);

  /* TOML front matter: top-level strings and arrays of strings, before
   * the first table; a date is a bare value; years parse as in text. */
  extract(&x, CL_DOCFMT_MARKDOWN,
          "+++\n"
          "title = \"T\"\n"
          "date = 2021-02-03\n"
          "authors = [\"Ann Lee\", 'Bo Ray']\n"
          "copyright = \"Copyright 2017, Acme Corp.\"\n"
          "\"source\" = \"Harbor \\u0044ispatch\"\n"
          "editors = [\n  \"Mi-rae Choi\",\n]\n"
          "license = \"\"\"CC BY 4.0\"\"\"\n"
          "[params]\n"
          "author = \"Not Me\"\n"
          "+++\n"
          "Body line\n");
  CU_ASSERT_EQUAL(x.rc, 0);
  c = meta_find(x.d, "frontmatter:author", "Bo Ray");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->line, 4);
  CU_ASSERT_EQUAL(c->column, 24);
  CU_ASSERT_STRING_EQUAL(field_of(c, "date"), "2021-02-03");
  CU_ASSERT_PTR_NOT_NULL(meta_find(x.d, "frontmatter:author", "Ann Lee"));
  CU_ASSERT_PTR_NULL(meta_find(x.d, "frontmatter:author", "Not Me"));
  c = meta_find(x.d, "frontmatter:copyright", "Acme Corp.");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->year_count, 1);
  CU_ASSERT_STRING_EQUAL(c->years_text, "2017");
  CU_ASSERT_PTR_NOT_NULL(meta_find(x.d, "frontmatter:source", "Harbor Dispatch"));
  c = meta_find(x.d, "frontmatter:editor", "Mi-rae Choi");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->line, 8);
  CU_ASSERT_PTR_NULL(meta_find(x.d, "frontmatter:license", NULL));
  CU_ASSERT_TRUE(text_has(&x, "Body line"));
  CU_ASSERT_FALSE(text_has(&x, "title"));
  extracted_free(&x);

  /* Front matter that is not YAML: noted, the body still read. */
  extract(&x, CL_DOCFMT_MARKDOWN, "---\nkey: [unclosed\n---\nBody line\n");
  CU_ASSERT_EQUAL(x.rc, 0);
  CU_ASSERT_EQUAL(x.d->nerrors, 1);
  CU_ASSERT_TRUE(text_has(&x, "Body line"));
  extracted_free(&x);
}

/* ------------------------------------------------------------- XML */

static void test_xml_safety(void) {
  extracted x;
  /* External entities are neither fetched nor expanded. */
  extract(&x, CL_DOCFMT_XML,
          "<?xml version=\"1.0\"?>\n"
          "<!DOCTYPE r [<!ENTITY ext SYSTEM \"file:///etc/passwd\">"
          "<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n"
          "<r><p>Before &ext; after &b; end</p><p>Copyright 2020 Acme</p></r>\n");
  CU_ASSERT_EQUAL(x.rc, 0);
  CU_ASSERT_FALSE(text_has(&x, "root:"));
  CU_ASSERT_FALSE(text_has(&x, "aaaa"));
  CU_ASSERT_TRUE(text_has(&x, "Before"));
  unsigned line, col;
  CU_ASSERT_TRUE(text_find(&x, "Copyright 2020 Acme", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 3);
  CU_ASSERT_EQUAL(col, 40);
  extracted_free(&x);

  /* Not well-formed: reported, nothing crashes. */
  extract(&x, CL_DOCFMT_NITF, "<nitf><body><p>unclosed");
  CU_ASSERT_EQUAL(x.rc, 0);
  extracted_free(&x);
  extract(&x, CL_DOCFMT_XML, "<");
  CU_ASSERT_EQUAL(x.rc, 0);
  CU_ASSERT_EQUAL(x.d->nerrors, 1);
  extracted_free(&x);
}

static void test_xml_cdata_and_generic(void) {
  extracted x;
  extract(&x, CL_DOCFMT_XML,
          "<feed><entry><title>T1</title>\n"
          "<summary><![CDATA[Copyright 2020 <Acme>]]></summary></entry></feed>");
  unsigned line, col;
  CU_ASSERT_TRUE(text_find(&x, "Copyright 2020 <Acme>", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 2);
  CU_ASSERT_EQUAL(col, 19);
  CU_ASSERT_FALSE(text_has(&x, "T1 Copyright")); /* elements are blocks */
  extracted_free(&x);
}

/* ------------------------------------------------------------ JSON */

static void test_json_positions(void) {
  extracted x;
  extract(&x, CL_DOCFMT_JSON,
          "{\"headline\": \"Headline words\",\n"
          " \"body_text\": \"First \\\"line\\\"\\nSecond \\u00a9 2020 Acme\\tX\",\n"
          " \"body_html\": \"<p>Html &amp; \\u00e9 <b>bold</b></p>\",\n"
          " \"copyrightholder\": \"Acme\", \"copyrightnotice\": \"\\u00a9 2020 Acme\"}");
  CU_ASSERT_EQUAL(x.rc, 0);
  unsigned line, col;
  CU_ASSERT_TRUE(text_find(&x, "First \"line\"", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 2);
  CU_ASSERT_EQUAL(col, 16);
  CU_ASSERT_TRUE(text_find(&x, "© 2020 Acme X", &line, &col, NULL));
  CU_ASSERT_EQUAL(col, 39);
  CU_ASSERT_TRUE(text_find(&x, "Html & é bold", &line, &col, NULL));
  CU_ASSERT_EQUAL(line, 3);
  CU_ASSERT_EQUAL(col, 19);
  CU_ASSERT_TRUE(text_find(&x, "bold", &line, &col, NULL));
  CU_ASSERT_EQUAL(col, 40);
  CU_ASSERT_FALSE(text_has(&x, "Headline"));
  const cl_credit *c = meta_find(x.d, "ninjs:copyrightholder", "Acme");
  CU_ASSERT_PTR_NOT_NULL_FATAL(c);
  CU_ASSERT_EQUAL(c->line, 4);
  CU_ASSERT_EQUAL(c->column, 22);
  CU_ASSERT_EQUAL(c->year_count, 1); /* from the notice */
  extracted_free(&x);

  extract(&x, CL_DOCFMT_JSON, "{\"a\": [1, 2,}");
  CU_ASSERT_EQUAL(x.rc, 0);
  CU_ASSERT_EQUAL(x.d->nerrors, 1);
  extracted_free(&x);

  /* Other JSON: every string is scanned. */
  extract(&x, CL_DOCFMT_JSON, "{\"items\": [{\"credit\": \"Copyright 2020 Acme\"}]}");
  CU_ASSERT_TRUE(text_has(&x, "Copyright 2020 Acme"));
  extracted_free(&x);
}

/* Positions come from the tokenizer: a value written earlier elsewhere
 * (in a nested object, as another key's value) does not move a credit. */
static void test_json_value_positions(void) {
  static const struct {
    const char *src;
    const char *rule;  /* NULL: VALUE is visible text */
    const char *value;
    unsigned at[2][2]; /* line, column of each credit in order; 0: none */
  } rows[] = {
      {"{\"associations\": {\"featureimage\": {\"byline\": \"Ray Cole\",\n"
       "  \"description_text\": \"Lena Park\"}},\n"
       " \"byline\": \"Lena Park\"}",
       "ninjs:byline", "Lena Park", {{3, 13}}},
      {"{\"associations\": {\"p\": {\"body_text\": \"Copyright 2020 Other\"}},\n"
       " \"body_text\": \"Copyright 2020 Acme\"}",
       NULL, "Copyright 2020 Acme", {{2, 16}}},
      {"[{\"byline\": \"Lena Park\"},\n {\"byline\": \"Lena Park\"}]",
       "ninjs:byline", "Lena Park", {{1, 14}, {2, 14}}},
      {"{\"byline\": \"Ann Lee\",\n \"byline\": \"Bo Ray\"}", /* jansson keeps the last */
       "ninjs:byline", "Bo Ray", {{2, 13}}},
      {"{\"@type\": \"NewsArticle\",\n"
       " \"image\": {\"@type\": \"ImageObject\", \"author\": \"Desk Photo\"},\n"
       " \"publisher\": {\"@type\": \"Organization\", \"name\": \"Kim Ho\"},\n"
       " \"author\": \"Kim Ho\"}",
       "jsonld:author", "Kim Ho", {{4, 13}}},
      {"{\"@type\": \"NewsArticle\",\n"
       " \"image\": {\"@type\": \"ImageObject\", \"author\": \"Desk Photo\"},\n"
       " \"publisher\": {\"@type\": \"Organization\", \"name\": \"Kim Ho\"},\n"
       " \"author\": \"Kim Ho\"}",
       "jsonld:publisher", "Kim Ho", {{3, 50}}},
      {"{\"@type\": \"NewsArticle\",\n"
       " \"image\": {\"@type\": \"ImageObject\", \"author\": \"Kim Ho\"},\n"
       " \"author\": {\"@type\": \"Person\", \"name\": \"Kim Ho\"}}",
       "jsonld:author", "Kim Ho", {{3, 41}}},
      {"{\"@graph\": [{\"@type\": \"NewsArticle\", \"author\": \"Kim Ho\"},\n"
       "  {\"@type\": \"NewsArticle\", \"author\": \"Kim Ho\"}]}",
       "jsonld:author", "Kim Ho", {{1, 49}, {2, 39}}},
  };
  for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
    extracted x;
    extract(&x, CL_DOCFMT_JSON, rows[r].src);
    CU_ASSERT_EQUAL(x.rc, 0);
    unsigned got[2][2] = {{0, 0}, {0, 0}};
    size_t n = 0;
    if (!rows[r].rule) {
      n = text_find(&x, rows[r].value, &got[0][0], &got[0][1], NULL);
    } else {
      for (size_t i = 0; i < x.d->nmeta; i++) {
        const cl_credit *c = &x.d->meta[i];
        if (strcmp(c->rule, rows[r].rule) != 0 || !c->value ||
            strcmp(c->value, rows[r].value) != 0)
          continue;
        if (n < 2) {
          got[n][0] = c->line;
          got[n][1] = c->column;
        }
        n++;
      }
    }
    CU_ASSERT_EQUAL(n, rows[r].at[1][0] ? 2u : 1u);
    for (size_t k = 0; k < 2; k++) {
      if (got[k][0] != rows[r].at[k][0] || got[k][1] != rows[r].at[k][1])
        fprintf(stderr, "\nrow %zu credit %zu: %u:%u, want %u:%u\n", r, k,
                got[k][0], got[k][1], rows[r].at[k][0], rows[r].at[k][1]);
      CU_ASSERT_EQUAL(got[k][0], rows[r].at[k][0]);
      CU_ASSERT_EQUAL(got[k][1], rows[r].at[k][1]);
    }
    extracted_free(&x);
  }
}

/* ----------------------------------------------------- end to end */

typedef struct {
  const char *path;
  int meta;             /* 1: a metadata credit */
  cl_kind kind;
  const char *rule;     /* NULL: any */
  const char *value;
  unsigned line, column;
  cl_scope scope;
  const char *years;    /* NULL: not checked */
} want_credit;

static const want_credit want_credits[] = {
    /* A page whose site footer contradicts its article. */
    {"page-footer.html", 0, CL_KIND_AUTHOR, NULL, "N.H. Egleston", 24, 19, CL_SCOPE_BODY, NULL},
    {"page-footer.html", 0, CL_KIND_EDITOR, NULL, "Françoise Léger", 28, 4, CL_SCOPE_BODY, NULL},
    {"page-footer.html", 0, CL_KIND_COPYRIGHT, NULL, "Harbour Lights Press", 29, 4, CL_SCOPE_BODY, "2023"},
    {"page-footer.html", 0, CL_KIND_COPYRIGHT, NULL, "The Associated Press", 32, 4, CL_SCOPE_CHROME, "2016"},
    {"page-footer.html", 1, CL_KIND_AUTHOR, "meta:author", "Egleston, Nathaniel Hillyer", 6, 30, CL_SCOPE_METADATA, NULL},
    {"page-footer.html", 1, CL_KIND_COPYRIGHT, "meta:copyright", "Harbour Lights Press", 7, 33, CL_SCOPE_METADATA, "2023"},
    {"page-footer.html", 1, CL_KIND_SOURCE, "meta:og:site_name", "The Valley Gazette", 8, 40, CL_SCOPE_METADATA, NULL},
    {"page-footer.html", 1, CL_KIND_LICENSE, "html:rel=license", "https://example.org/licence/news-1.0", 9, 27, CL_SCOPE_METADATA, NULL},
    {"page-footer.html", 1, CL_KIND_AUTHOR, "jsonld:author", "N.H. Egleston", 13, 41, CL_SCOPE_METADATA, NULL},
    {"page-footer.html", 1, CL_KIND_COPYRIGHT, "jsonld:copyrightHolder", "Harbour Lights Press", 14, 56, CL_SCOPE_METADATA, "2023"},
    {"page-footer.html", 1, CL_KIND_SOURCE, "jsonld:publisher", "The Valley Gazette", 16, 50, CL_SCOPE_METADATA, NULL},
    /* NewsML-G2 whose notice names one holder and whose text another. */
    {"newsml-mismatch.xml", 0, CL_KIND_AUTHOR, NULL, "Tom Field", 32, 14, CL_SCOPE_BODY, NULL},
    {"newsml-mismatch.xml", 0, CL_KIND_SYNDICATION, NULL, "Southgate Press", 34, 31, CL_SCOPE_BODY, NULL},
    {"newsml-mismatch.xml", 0, CL_KIND_COPYRIGHT, NULL, "Southgate Press", 35, 14, CL_SCOPE_BODY, "2022"},
    {"newsml-mismatch.xml", 1, CL_KIND_COPYRIGHT, "newsml:rightsInfo/copyrightHolder", "Northwind Wire", 6, 13, CL_SCOPE_METADATA, "2022"},
    {"newsml-mismatch.xml", 1, CL_KIND_COPYRIGHT, "newsml:rightsInfo/copyrightNotice", "Northwind Wire", 8, 22, CL_SCOPE_METADATA, "2022"},
    {"newsml-mismatch.xml", 1, CL_KIND_LICENSE, "newsml:rightsInfo/usageTerms", "Not for resale outside Europe.", 9, 17, CL_SCOPE_METADATA, NULL},
    {"newsml-mismatch.xml", 1, CL_KIND_SOURCE, "newsml:itemMeta/provider", "Northwind Wire", 13, 24, CL_SCOPE_METADATA, NULL},
    {"newsml-mismatch.xml", 1, CL_KIND_AUTHOR, "newsml:creator", "Tom Field", 19, 23, CL_SCOPE_METADATA, NULL},
    {"newsml-mismatch.xml", 1, CL_KIND_EDITOR, "newsml:contributor", "Anna Lee", 20, 43, CL_SCOPE_METADATA, NULL},
    {"newsml-mismatch.xml", 1, CL_KIND_SOURCE, "newsml:infoSource", "Northwind Wire", 21, 26, CL_SCOPE_METADATA, NULL},
    {"newsml-mismatch.xml", 1, CL_KIND_SOURCE, "newsml:creditline", "Northwind Wire", 22, 17, CL_SCOPE_METADATA, NULL},
    {"newsml-mismatch.xml", 1, CL_KIND_AUTHOR, "newsml:by", "Tom Field", 23, 9, CL_SCOPE_METADATA, NULL},
    {"newsml-mismatch.xml", 1, CL_KIND_SOURCE, "newsml:dateline", "Northwind Wire", 24, 30, CL_SCOPE_METADATA, NULL},
    /* NITF */
    {"story.nitf.xml", 0, CL_KIND_COPYRIGHT, NULL, "Blue Fern Publishing", 23, 10, CL_SCOPE_BODY, "2021"},
    {"story.nitf.xml", 1, CL_KIND_COPYRIGHT, "nitf:doc.copyright", "Blue Fern Publishing", 9, 42, CL_SCOPE_METADATA, "2021"},
    {"story.nitf.xml", 1, CL_KIND_COPYRIGHT, "nitf:doc.rights", "Blue Fern Publishing", 10, 26, CL_SCOPE_METADATA, NULL},
    {"story.nitf.xml", 1, CL_KIND_AUTHOR, "nitf:byline", "Jane Doe", 16, 26, CL_SCOPE_METADATA, NULL},
    {"story.nitf.xml", 1, CL_KIND_SOURCE, "nitf:distributor", "Meridian Wire", 17, 20, CL_SCOPE_METADATA, NULL},
    {"story.nitf.xml", 1, CL_KIND_COPYRIGHT, "nitf:rights", "Blue Fern Publishing", 18, 29, CL_SCOPE_METADATA, NULL},
    /* ninjs */
    {"ninjs.json", 0, CL_KIND_AUTHOR, NULL, "Lena Park", 9, 91, CL_SCOPE_BODY, NULL},
    {"ninjs.json", 0, CL_KIND_COPYRIGHT, NULL, "Greenfield Daily", 9, 113, CL_SCOPE_BODY, "2020"},
    {"ninjs.json", 1, CL_KIND_AUTHOR, "ninjs:byline", "Lena Park", 5, 14, CL_SCOPE_METADATA, NULL},
    {"ninjs.json", 1, CL_KIND_COPYRIGHT, "ninjs:copyrightholder", "Greenfield Daily", 6, 23, CL_SCOPE_METADATA, "2020"},
    {"ninjs.json", 1, CL_KIND_COPYRIGHT, "ninjs:copyrightnotice", "Greenfield Daily", 7, 23, CL_SCOPE_METADATA, "2020"},
    {"ninjs.json", 1, CL_KIND_LICENSE, "ninjs:usageterms", "Internal use only", 8, 18, CL_SCOPE_METADATA, NULL},
    /* JSON-LD file */
    {"article.jsonld", 0, CL_KIND_AUTHOR, NULL, "Kim Ho", 15, 64, CL_SCOPE_BODY, NULL},
    {"article.jsonld", 0, CL_KIND_COPYRIGHT, NULL, "Coastline Media Group Ltd.", 15, 97, CL_SCOPE_BODY, "2019"},
    {"article.jsonld", 1, CL_KIND_AUTHOR, "jsonld:author", "Sara Blum", 8, 47, CL_SCOPE_METADATA, NULL},
    {"article.jsonld", 1, CL_KIND_AUTHOR, "jsonld:author", "Kim Ho", 8, 61, CL_SCOPE_METADATA, NULL},
    {"article.jsonld", 1, CL_KIND_EDITOR, "jsonld:editor", "Paul Grey", 9, 18, CL_SCOPE_METADATA, NULL},
    {"article.jsonld", 1, CL_KIND_COPYRIGHT, "jsonld:copyrightHolder", "Coastline Media Group Ltd.", 10, 27, CL_SCOPE_METADATA, "2024"},
    {"article.jsonld", 1, CL_KIND_SOURCE, "jsonld:creditText", "Coastline Media", 12, 22, CL_SCOPE_METADATA, NULL},
    {"article.jsonld", 1, CL_KIND_SOURCE, "jsonld:isBasedOn", "Port Authority report", 13, 55, CL_SCOPE_METADATA, NULL},
    {"article.jsonld", 1, CL_KIND_LICENSE, "jsonld:license", "https://creativecommons.org/licenses/by-nd/4.0/", 14, 19, CL_SCOPE_METADATA, NULL},
    /* Markdown with a credit line in a code block */
    {"post.md", 0, CL_KIND_EDITOR, NULL, "Jane Doe", 11, 2, CL_SCOPE_BODY, NULL},
    {"post.md", 0, CL_KIND_COPYRIGHT, NULL, "Sunset Films", 21, 3, CL_SCOPE_BODY, "2022"},
    {"post.md", 1, CL_KIND_AUTHOR, "frontmatter:author", "Rosa Díaz", 3, 9, CL_SCOPE_METADATA, NULL},
    {"post.md", 1, CL_KIND_COPYRIGHT, "frontmatter:copyright", "Sunset Films", 4, 12, CL_SCOPE_METADATA, "2022"},
    {"post.md", 1, CL_KIND_SOURCE, "frontmatter:source", "Sunset Films", 5, 9, CL_SCOPE_METADATA, NULL},
    {"post.md", 1, CL_KIND_LICENSE, "frontmatter:license", "CC-BY-4.0", 6, 10, CL_SCOPE_METADATA, NULL},
    /* Encodings: columns in characters of the original. */
    {"utf16le.txt", 0, CL_KIND_COPYRIGHT, NULL, "Société Générale Média", 3, 20, CL_SCOPE_BODY, "2021"},
    {"utf16be.txt", 0, CL_KIND_COPYRIGHT, NULL, "Société Générale Média", 3, 20, CL_SCOPE_BODY, "2021"},
    {"cp1252.txt", 0, CL_KIND_COPYRIGHT, NULL, "Café Noir Éditions", 2, 7, CL_SCOPE_BODY, "2019"},
    {"utf16le.html", 0, CL_KIND_COPYRIGHT, NULL, "Léa Martin", 3, 35, CL_SCOPE_BODY, "2020"},
};

/* How many credits (visible, metadata) each fixture has: nothing else. */
static const struct {
  const char *path, *format;
  size_t credits, metadata;
} want_counts[] = {
    {"page-footer.html", "html", 4, 7},   {"newsml-mismatch.xml", "newsml", 3, 10},
    {"story.nitf.xml", "nitf", 1, 5},     {"ninjs.json", "json", 2, 4},
    {"article.jsonld", "json", 3, 7},     {"post.md", "markdown", 2, 4},
    {"utf16le.txt", "text", 1, 0},        {"utf16be.txt", "text", 1, 0},
    {"cp1252.txt", "text", 1, 0},         {"utf16le.html", "html", 1, 0},
};

typedef struct {
  cl_rules *rules;
  cl_scanner *sc;
  cl_report *rep;
} e2e;

/* The default rules and options, one job; MAX_MARKUP (0: the default)
 * as --max-markup-size. */
static void e2e_open(e2e *e, size_t max_markup) {
  e->rules = cl_rules_new();
  cl_rules_load_defaults(e->rules);
  cl_rules_compile(e->rules);
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  if (max_markup)
    opt.max_markup_size = max_markup;
  e->sc = cl_scanner_new(e->rules, &opt);
  e->rep = cl_report_new();
}

static const cl_document *e2e_scan(e2e *e, const char *name) {
  char path[256];
  snprintf(path, sizeof path, "fixtures/formats/%s", name);
  e2e_open(e, 0);
  if (!e->sc || !e->rep || cl_scanner_scan_path(e->sc, path, e->rep) != CL_OK ||
      cl_report_document_count(e->rep) != 1)
    return NULL;
  return cl_report_document(e->rep, 0);
}

static void e2e_free(e2e *e) {
  cl_report_free(e->rep);
  cl_scanner_free(e->sc);
  cl_rules_free(e->rules);
}

static void test_fixtures_credits(void) {
  for (size_t i = 0; i < sizeof want_counts / sizeof want_counts[0]; i++) {
    e2e e;
    const cl_document *doc = e2e_scan(&e, want_counts[i].path);
    CU_ASSERT_PTR_NOT_NULL(doc);
    if (!doc) {
      e2e_free(&e);
      continue;
    }
    CU_ASSERT_STRING_EQUAL(doc->format, want_counts[i].format);
    if (doc->credit_count != want_counts[i].credits ||
        doc->metadata_count != want_counts[i].metadata)
      fprintf(stderr, "%s: %zu credits, %zu metadata\n", want_counts[i].path,
              doc->credit_count, doc->metadata_count);
    CU_ASSERT_EQUAL(doc->credit_count, want_counts[i].credits);
    CU_ASSERT_EQUAL(doc->metadata_count, want_counts[i].metadata);
    for (size_t k = 0; k < sizeof want_credits / sizeof want_credits[0]; k++) {
      const want_credit *w = &want_credits[k];
      if (strcmp(w->path, want_counts[i].path) != 0)
        continue;
      const cl_credit *v = w->meta ? doc->metadata : doc->credits;
      size_t n = w->meta ? doc->metadata_count : doc->credit_count;
      const cl_credit *hit = NULL;
      for (size_t j = 0; j < n && !hit; j++)
        if (v[j].kind == w->kind && v[j].value && strcmp(v[j].value, w->value) == 0 &&
            (!w->rule || strcmp(v[j].rule, w->rule) == 0))
          hit = &v[j];
      if (!hit) {
        fprintf(stderr, "%s: no %s credit \"%s\"\n", w->path, cl_kind_name(w->kind), w->value);
        CU_FAIL("credit missing");
        continue;
      }
      if (hit->line != w->line || hit->column != w->column)
        fprintf(stderr, "%s: \"%s\" at %u:%u\n", w->path, w->value, hit->line, hit->column);
      CU_ASSERT_EQUAL(hit->line, w->line);
      CU_ASSERT_EQUAL(hit->column, w->column);
      CU_ASSERT_EQUAL(hit->scope, w->scope);
      if (w->years)
        CU_ASSERT_TRUE(hit->years_text && strcmp(hit->years_text, w->years) == 0);
    }
    e2e_free(&e);
  }
}

static const struct {
  const char *path, *check;
  unsigned line, column;
  const char *message;
  unsigned ref_line[2], ref_col[2];
  size_t nrefs;
} want_findings[] = {
    {"newsml-mismatch.xml", "metadata-credit-mismatch", 34, 31,
     "metadata credits \"Northwind Wire\" (newsml:itemMeta/provider, 13:24) but "
     "the visible syndication credit names \"Southgate Press\" (34:31)",
     {13, 34}, {24, 31}, 2},
    {"newsml-mismatch.xml", "metadata-holder-mismatch", 35, 14,
     "metadata names copyright holder \"Northwind Wire\" "
     "(newsml:rightsInfo/copyrightNotice, 8:22) but the visible notice names "
     "\"Southgate Press\" (35:14)",
     {8, 35}, {22, 14}, 2},
    {"article.jsonld", "metadata-year-mismatch", 15, 97,
     "metadata gives copyright year 2024 for \"Coastline Media Group Ltd.\" "
     "(jsonld:copyrightHolder, 10:27) but the visible notice gives 2019 (15:97)",
     {10, 15}, {27, 97}, 2},
};

/* Fixtures whose only findings are listed above (the footer page: the AP
 * footer is chrome, so no holder mismatch; the metadata author
 * "Egleston, Nathaniel Hillyer" is the byline "N.H. Egleston"; the NITF
 * item's distributor is metadata only, as a wire item's rights are, and
 * missing-visible-credit is off unless required). */
static void test_fixtures_findings(void) {
  static const char *const clean_meta[] = {"page-footer.html", "ninjs.json",
                                           "post.md", "story.nitf.xml", NULL};
  for (size_t i = 0; i < sizeof want_findings / sizeof want_findings[0]; i++) {
    e2e e;
    const cl_document *doc = e2e_scan(&e, want_findings[i].path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    const cl_finding *hit = NULL;
    for (size_t k = 0; k < doc->finding_count; k++)
      if (strcmp(doc->findings[k].check, want_findings[i].check) == 0)
        hit = &doc->findings[k];
    CU_ASSERT_PTR_NOT_NULL(hit);
    if (hit) {
      CU_ASSERT_EQUAL(hit->line, want_findings[i].line);
      CU_ASSERT_EQUAL(hit->column, want_findings[i].column);
      CU_ASSERT_STRING_EQUAL(hit->message, want_findings[i].message);
      CU_ASSERT_EQUAL(hit->ref_count, want_findings[i].nrefs);
      for (size_t r = 0; r < hit->ref_count && r < 2; r++) {
        CU_ASSERT_EQUAL(hit->ref_lines[r], want_findings[i].ref_line[r]);
        CU_ASSERT_EQUAL(hit->ref_columns[r], want_findings[i].ref_col[r]);
      }
    }
    /* Exactly one metadata finding of that check per fixture here. */
    size_t same = 0;
    for (size_t k = 0; k < doc->finding_count; k++)
      same += strcmp(doc->findings[k].check, want_findings[i].check) == 0;
    CU_ASSERT_EQUAL(same, 1);
    e2e_free(&e);
  }
  for (const char *const *p = clean_meta; *p; p++) {
    e2e e;
    const cl_document *doc = e2e_scan(&e, *p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    for (size_t k = 0; k < doc->finding_count; k++) {
      const char *id = doc->findings[k].check;
      int is_meta = strncmp(id, "metadata-", 9) == 0 ||
                    strcmp(id, "missing-visible-credit") == 0;
      if (is_meta)
        fprintf(stderr, "%s: unexpected %s: %s\n", *p, id, doc->findings[k].message);
      CU_ASSERT_FALSE(is_meta);
      /* The footer page has its own notice: not missing. */
      CU_ASSERT_STRING_NOT_EQUAL(id, "missing-copyright");
    }
    e2e_free(&e);
  }
}

/* The international rules find their credits through the scanner too. */
static void test_international(void) {
  static const char doc[] =
      "Köln (dpa/lnw) - Der Dom bleibt geschlossen.\n"
      "Von Anna Schmidt, dpa\n"
      "Por María López\n"
      "Madrid (EFE).- El plan fue aprobado.\n"
      "Par Jean Dupont\n"
      "Le Courrier du Lac - Tous droits réservés\n";
  static const struct {
    cl_kind kind;
    const char *value;
    unsigned line, column;
  } want[] = {
      {CL_KIND_SOURCE, "dpa", 1, 6},       {CL_KIND_AUTHOR, "Anna Schmidt", 2, 1},
      {CL_KIND_SOURCE, "dpa", 2, 1},       {CL_KIND_AUTHOR, "María López", 3, 1},
      {CL_KIND_SOURCE, "EFE", 4, 8},       {CL_KIND_AUTHOR, "Jean Dupont", 5, 1},
      {CL_KIND_COPYRIGHT, "Le Courrier du Lac", 6, 1},
  };
  cl_rules *rules = cl_rules_new();
  CU_ASSERT_EQUAL(cl_rules_load_defaults(rules), CL_OK);
  CU_ASSERT_EQUAL(cl_rules_compile(rules), CL_OK);
  cl_scanner *sc = cl_scanner_new(rules, NULL);
  cl_report *rep = cl_report_new();
  CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, "intl.txt", doc, sizeof doc - 1, rep), CL_OK);
  const cl_document *d = cl_report_document(rep, 0);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  CU_ASSERT_EQUAL(d->credit_count, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    int found = 0;
    for (size_t k = 0; k < d->credit_count; k++) {
      const cl_credit *c = &d->credits[k];
      found |= c->kind == want[i].kind && c->value &&
               strcmp(c->value, want[i].value) == 0 && c->line == want[i].line &&
               c->column == want[i].column;
    }
    if (!found)
      fprintf(stderr, "international: no %s \"%s\"\n", cl_kind_name(want[i].kind),
              want[i].value);
    CU_ASSERT_TRUE(found);
  }
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_rules_free(rules);
}

/* Markdown prose goes to the line filter raw when it holds no inline
 * markup and no run of white space (plain_run, with a 16-byte vector loop
 * and a byte loop for the rest).  Random lines over markup, white space
 * and trigger words, of every length around the vector block: the credits
 * found must be those found with the prefilter off. */
static int credits_equal(const cl_document *a, const cl_document *b) {
  if (a->credit_count != b->credit_count)
    return 0;
  for (size_t i = 0; i < a->credit_count; i++) {
    const cl_credit *x = &a->credits[i], *y = &b->credits[i];
    if (strcmp(x->rule, y->rule) != 0 || x->line != y->line ||
        x->column != y->column || strcmp(x->value ? x->value : "", y->value ? y->value : "") != 0)
      return 0;
  }
  return 1;
}

/* A notice in metadata is cleaned as a notice in text: no sentence after
 * the holder, years after the name, e-mail and URL as fields. */
static void test_meta_notice_holder(void) {
  static const struct {
    const char *notice, *holder, *years, *email, *url;
  } rows[] = {
      {"Kestrel Wire 2013. Click For Restrictions - http://kestrel.example/legal",
       "Kestrel Wire", "2013", NULL, NULL},
      {"(c) 2019 Ann Lee <ann@lee.example>", "Ann Lee", "2019", "ann@lee.example", NULL},
      {"Copyright 2017, Acme Corp.", "Acme Corp.", "2017", NULL, NULL},
      {"The Tern Press, though the copyright in some materials is others'",
       "The Tern Press", NULL, NULL, NULL},
      {"\u00a9 2021 Fenwick News (www.fenwick.example)", "Fenwick News", "2021",
       NULL, "www.fenwick.example"},
      {NULL, NULL, NULL, NULL, NULL}};
  for (size_t i = 0; rows[i].notice; i++) {
    char page[512];
    snprintf(page, sizeof page,
             "<html><head><script type=\"application/ld+json\">{\"@type\": "
             "\"NewsArticle\", \"copyrightNotice\": \"%s\"}</script></head>"
             "<body><p>Text</p></body></html>\n", rows[i].notice);
    extracted x;
    extract(&x, CL_DOCFMT_HTML, page);
    CU_ASSERT_EQUAL(x.rc, 0);
    const cl_credit *c = meta_find(x.d, "jsonld:copyrightNotice", rows[i].holder);
    if (!c)
      fprintf(stderr, "\n  meta notice row %zu: no credit \"%s\"", i, rows[i].holder);
    CU_ASSERT_PTR_NOT_NULL(c);
    if (c) {
      CU_ASSERT_STRING_EQUAL(c->years_text ? c->years_text : "(none)",
                             rows[i].years ? rows[i].years : "(none)");
      const char *e = field_of(c, "email"), *u = field_of(c, "url");
      CU_ASSERT_STRING_EQUAL(e ? e : "(none)", rows[i].email ? rows[i].email : "(none)");
      CU_ASSERT_STRING_EQUAL(u ? u : "(none)", rows[i].url ? rows[i].url : "(none)");
    }
    extracted_free(&x);
  }
}

static void test_markdown_raw_filter_random(void) {
  /* Two halves of a credit, joined by what markup removal or white space
   * collapse turns into a trigger (or does not), at every offset. */
  static const char *const pair[][2] = {
      {"Copy", "right 2024 Halyard Press."}, {"CC", "BY 4.0"},
      {"Edited", "by Mara Quill"},          {"Alle", "Rechte vorbehalten."},
      {"Reuters", "reported"},              {"Written", "by Ines Marlow"}};
  static const char *const sep[] = {"", " ", "  ", "   ", "\t", " \t", "*",
                                    "**", "_", "`", "\\", "[", "](x)",
                                    "\r", "\f", " * ", "\n", " \n  ",
                                    "\n> ", "<b>", "{{"};
  static const char filler[] = "the quay lamps were lit again on friday ";
  cl_rules *rules = cl_rules_new();
  CU_ASSERT_EQUAL_FATAL(cl_rules_load_defaults(rules), CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(rules), CL_OK);
  cl_options on, off;
  cl_options_init(&on);
  on.jobs = 1;
  off = on;
  off.no_prefilter = 1;
  cl_scanner *a = cl_scanner_new(rules, &on), *b = cl_scanner_new(rules, &off);
  CU_ASSERT_PTR_NOT_NULL_FATAL(a);
  CU_ASSERT_PTR_NOT_NULL_FATAL(b);
  uint64_t x = 0x9E3779B97F4A7C15ULL;
  size_t differ = 0, credits = 0;
  char doc[4096];
  for (int iter = 0; iter < 400; iter++) {
    size_t n = (size_t)snprintf(doc, sizeof doc, "---\ntitle: t\n---\n\n");
    for (int line = 0; line < 8; line++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      size_t lead = x % 40, trail = (x >> 8) % 40; /* across 16-byte blocks */
      const char *const *pr = pair[(x >> 16) % (sizeof pair / sizeof pair[0])];
      const char *sp = sep[(x >> 24) % (sizeof sep / sizeof sep[0])];
      /* "[": the second half as a link's text, "Copy[right](x)". */
      n += (size_t)snprintf(doc + n, sizeof doc - n, "%.*s%s%s%s%s %.*s\n\n",
                            (int)lead, filler, pr[0], sp, pr[1],
                            strcmp(sp, "[") == 0 ? "](x)" : "", (int)trail,
                            filler);
    }
    cl_report *ra = cl_report_new(), *rb = cl_report_new();
    CU_ASSERT_EQUAL(cl_scanner_scan_buffer(a, "r.md", doc, n, ra), CL_OK);
    CU_ASSERT_EQUAL(cl_scanner_scan_buffer(b, "r.md", doc, n, rb), CL_OK);
    const cl_document *da = cl_report_document(ra, 0), *db = cl_report_document(rb, 0);
    CU_ASSERT_PTR_NOT_NULL(da);
    CU_ASSERT_PTR_NOT_NULL(db);
    if (da && db) {
      differ += !credits_equal(da, db);
      credits += da->credit_count;
    }
    cl_report_free(ra);
    cl_report_free(rb);
  }
  CU_ASSERT_EQUAL(differ, 0);
  CU_ASSERT(credits > 100); /* the lines do hold credits */
  cl_scanner_free(a);
  cl_scanner_free(b);
  cl_rules_free(rules);
}

/* ------------------------------------------------- Office documents */

/* A zip of N parts {name, text} written into BUF (CAP bytes). */
static size_t office_zip(char *buf, size_t cap, const char *const (*parts)[2],
                         size_t n) {
  size_t used = 0;
  struct archive *a = archive_write_new();
  CU_ASSERT_FATAL(archive_write_set_format_zip(a) == ARCHIVE_OK);
  /* Stored, as ODF's "mimetype" must be (how it is recognised). */
  CU_ASSERT_FATAL(archive_write_zip_set_compression_store(a) == ARCHIVE_OK);
  CU_ASSERT_FATAL(archive_write_open_memory(a, buf, cap, &used) == ARCHIVE_OK);
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(parts[i][1]);
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, parts[i][0]);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)len);
    CU_ASSERT(archive_write_header(a, e) == ARCHIVE_OK);
    CU_ASSERT(archive_write_data(a, parts[i][1], len) == (la_ssize_t)len);
    archive_entry_free(e);
  }
  CU_ASSERT(archive_write_close(a) == ARCHIVE_OK);
  archive_write_free(a);
  return used;
}

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define ODF_NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
               "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""

/* The same story as docx and odt: a notice, a syndication credit and an
 * editor line in separate paragraphs, after an empty one (paragraphs are
 * counted, empty or not).  Deleted text (w:delText) and tracked changes
 * are not the document's. */
static const char *const docx_parts[][2] = {
    {"[Content_Types].xml", "<Types/>"},
    {"word/document.xml",
     "<?xml version=\"1.0\"?><w:document " W_NS "><w:body>"
     "<w:p><w:r><w:t>Harbour budget vote delayed</w:t></w:r></w:p><w:p/>"
     "<w:p><w:r><w:t xml:space=\"preserve\">Filed late. Copyright 2024 </w:t>"
     "</w:r><w:r><w:t>Harbour Press Ltd.</w:t></w:r></w:p>"
     "<w:p><w:r><w:t>This story first appeared in The Valley Gazette.</w:t>"
     "</w:r></w:p>"
     "<w:p><w:r><w:t>Edited by</w:t><w:tab/><w:t>Jane Okafor</w:t></w:r>"
     "<w:del><w:r><w:delText>Copyright 1999 Old Owner Ltd.</w:delText></w:r>"
     "</w:del></w:p></w:body></w:document>"}};
static const char *const odt_parts[][2] = {
    {"mimetype", "application/vnd.oasis.opendocument.text"},
    {"content.xml",
     "<?xml version=\"1.0\"?><office:document-content " ODF_NS ">"
     "<office:body><office:text><text:tracked-changes><text:p>Copyright 1999 "
     "Old Owner Ltd.</text:p></text:tracked-changes>"
     "<text:h>Harbour budget vote delayed</text:h><text:p/>"
     "<text:p>Filed late. Copyright 2024 <text:span>Harbour Press "
     "Ltd.</text:span></text:p>"
     "<text:p>This story first appeared in The Valley Gazette.</text:p>"
     "<text:p>Edited by<text:tab/>Jane Okafor</text:p>"
     "</office:text></office:body></office:document-content>"}};

static const struct {
  cl_kind kind;
  const char *value;
  unsigned line, column;
} office_want[] = {
    {CL_KIND_COPYRIGHT, "Harbour Press Ltd.", 3, 13},
    {CL_KIND_SYNDICATION, "The Valley Gazette", 4, 1},
    {CL_KIND_EDITOR, "Jane Okafor", 5, 1},
};

/* Scans one buffer into E (e2e_free releases it); returns its report. */
static cl_report *office_scan(e2e *e, const char *name, const char *data,
                              size_t len, size_t max_markup) {
  e2e_open(e, max_markup);
  CU_ASSERT_FATAL(e->sc && e->rep);
  CU_ASSERT(cl_scanner_scan_buffer(e->sc, name, data, len, e->rep) != CL_FATAL);
  return e->rep;
}

static void test_office_documents(void) {
  static const struct {
    const char *name;
    const char *const (*parts)[2];
  } docs[] = {{"story.docx", docx_parts}, {"story.odt", odt_parts}};
  for (size_t i = 0; i < 2; i++) {
    char zip[8192];
    size_t len = office_zip(zip, sizeof zip, docs[i].parts, 2);
    e2e e;
    cl_report *rep = office_scan(&e, docs[i].name, zip, len, 0);
    CU_ASSERT_EQUAL(cl_report_error_count(rep), 0);
    CU_ASSERT_EQUAL(cl_report_note_count(rep), 0);
    CU_ASSERT_EQUAL_FATAL(cl_report_document_count(rep), 1);
    const cl_document *doc = cl_report_document(rep, 0);
    CU_ASSERT_STRING_EQUAL(doc->format, "office");
    CU_ASSERT_EQUAL_FATAL(doc->credit_count, 3);
    for (size_t k = 0; k < 3; k++) {
      const cl_credit *c = &doc->credits[k];
      CU_ASSERT_EQUAL(c->kind, office_want[k].kind);
      CU_ASSERT_STRING_EQUAL(c->value ? c->value : "", office_want[k].value);
      CU_ASSERT_EQUAL(c->line, office_want[k].line);
      CU_ASSERT_EQUAL(c->column, office_want[k].column);
    }
    e2e_free(&e);
  }
}

/* A zip cut short, one without its body part, a body that is not XML or
 * over a limit: input errors naming the file, never a crash or a silent
 * pass. */
static void test_office_broken(void) {
  char zip[8192];
  size_t len = office_zip(zip, sizeof zip, docx_parts, 2);
  static const char *const no_body[][2] = {
      {"[Content_Types].xml", "<Types/>"}, {"word/styles.xml", "<w/>"}};
  static const char *const not_xml[][2] = {
      {"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w:p"}};
  char other[4096], bad[4096];
  size_t other_len = office_zip(other, sizeof other, no_body, 2);
  size_t bad_len = office_zip(bad, sizeof bad, not_xml, 2);
  const struct {
    const char *data;
    size_t len;
    size_t max_markup;
    const char *why;
  } cases[] = {{zip, len / 2, 0, "word/document.xml cannot be read"},
               {other, other_len, 0, "no word/document.xml or content.xml"},
               {bad, bad_len, 0, "word/document.xml does not parse"},
               /* The body part is parsed: --max-markup-size bounds it. */
               {zip, len, 100, "word/document.xml expands to more than 100 bytes"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    e2e e;
    cl_report *rep = office_scan(&e, "broken.docx", cases[i].data, cases[i].len,
                                 cases[i].max_markup);
    CU_ASSERT_EQUAL_FATAL(cl_report_error_count(rep), 1);
    const cl_error *err = cl_report_error(rep, 0);
    CU_ASSERT(strstr(err->message, "broken.docx") || strstr(err->path, "broken.docx"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err->message, cases[i].why));
    CU_ASSERT_EQUAL(cl_report_note_count(rep), 0);
    e2e_free(&e);
  }
}

/* JSON-LD wrapped for old XHTML parsers is read as browsers read it;
 * JSON broken inside the wrapping is still an input error. */
static void test_jsonld_wrapped(void) {
  static const struct {
    const char *inner;
    int ok;
    unsigned line; /* of the name */
  } rows[] = {
      {"<![CDATA[ {\"@type\":\"NewsArticle\",\"author\":{\"@type\":\"Person\",\"name\":\"Ann Lee\"}} ]]>", 1, 1},
      {"\n//<![CDATA[\n{\"@type\":\"NewsArticle\",\"author\":{\"@type\":\"Person\",\"name\":\"Ann Lee\"}}\n//]]>\n", 1, 3},
      {"/*<![CDATA[*/{\"@type\":\"NewsArticle\",\"author\":{\"@type\":\"Person\",\"name\":\"Ann Lee\"}}/*]]>*/", 1, 1},
      {"<!-- {\"@type\":\"NewsArticle\",\"author\":{\"@type\":\"Person\",\"name\":\"Ann Lee\"}} -->", 1, 1},
      {"<![CDATA[ {\"@type\":\"NewsArticle\",\"author\": ]]>", 0, 0},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char page[512];
    snprintf(page, sizeof page,
             "<html><head><script type=\"application/ld+json\">%s</script>"
             "</head><body><p>Text.</p></body></html>",
             rows[i].inner);
    extracted x;
    extract(&x, CL_DOCFMT_HTML, page);
    CU_ASSERT_EQUAL(x.rc, 0);
    const cl_credit *c = meta_find(x.d, "jsonld:author", "Ann Lee");
    if (rows[i].ok) {
      CU_ASSERT_PTR_NOT_NULL(c);
      CU_ASSERT_EQUAL(x.d->nerrors, 0);
      if (c)
        CU_ASSERT_EQUAL(c->line, rows[i].line); /* the name's own place */
    } else {
      CU_ASSERT_PTR_NULL(c);
      CU_ASSERT_EQUAL(x.d->nerrors, 1);
    }
    extracted_free(&x);
  }
}

static const cl_test_case cases[] = {
    {"json-ld wrapped in CDATA or a comment", test_jsonld_wrapped},
    {"docx and odt: one document, paragraphs as lines", test_office_documents},
    {"Office documents cut short or without a body: input errors", test_office_broken},
    {"metadata notices: holder, years, e-mail and URL", test_meta_notice_holder},
    {"detect", test_detect},
    {"html positions", test_html_positions},
    {"html scopes and skips", test_html_scopes_and_skips},
    {"html5 entities", test_html5_entities},
    {"html metadata", test_html_metadata},
    {"metadata person lists", test_meta_person_lists},
    {"microdata of pictures", test_microdata_pictures},
    {"metadata notice without holder", test_meta_notice_holderless},
    {"walker names", test_walker_names},
    {"html lines and captions", test_html_lines_and_captions},
    {"html byline lines", test_html_byline_lines},
    {"xml byline lines", test_xml_byline_lines},
    {"markdown", test_markdown},
    {"xml safety", test_xml_safety},
    {"xml cdata and generic", test_xml_cdata_and_generic},
    {"json positions", test_json_positions},
    {"json positions from the tokenizer", test_json_value_positions},
    {"fixtures credits", test_fixtures_credits},
    {"fixtures findings", test_fixtures_findings},
    {"international rules", test_international},
    {"markdown raw filter, random lines", test_markdown_raw_filter_random},
    {"element table", test_element_table},
    {NULL, NULL},
};

CL_TEST_MAIN("formats", cases)
