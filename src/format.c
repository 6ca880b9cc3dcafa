/* format.c - document format detection and dispatch, and the extraction
 * context the format readers share: visible lines built from decoded text
 * whose every byte remembers its offset in the original, metadata credits,
 * character references. */
#include "fmt.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *cl_docfmt_name(cl_docfmt f) {
  static const char *const names[] = {"text", "markdown", "html", "nitf",
                                      "newsml", "xml", "json", "office"};
  return (unsigned)f < sizeof names / sizeof names[0] ? names[f] : "text";
}

/* ---------------------------------------------------------- detection */

static const char *path_ext(const char *path) {
  if (!path)
    return "";
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  return dot && dot != base ? dot + 1 : "";
}

static int ext_in(const char *ext, const char *const *list) {
  for (; *list; list++)
    if (strcasecmp(ext, *list) == 0)
      return 1;
  return 0;
}

/* The white space visible lines collapse (and detection skips). */
static const unsigned char ws[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1,
                                      ['\r'] = 1, ['\f'] = 1};

static int is_ws(char c) { return ws[(unsigned char)c]; }

/* Front matter: "---" (YAML) or "+++" (TOML) alone on the first line and
 * a closing "---" or "..." (or "+++") line later. */
static int has_front_matter(const char *src, size_t len) {
  int toml = len >= 4 && memcmp(src, "+++", 3) == 0;
  if (len < 4 || (memcmp(src, "---", 3) != 0 && !toml) ||
      (src[3] != '\n' && src[3] != '\r'))
    return 0;
  for (size_t i = 3; i + 3 <= len; i++) {
    if (src[i] != '\n')
      continue;
    const char *p = src + i + 1;
    size_t rest = len - i - 1;
    if (rest >= 3 &&
        (toml ? memcmp(p, "+++", 3) == 0
              : memcmp(p, "---", 3) == 0 || memcmp(p, "...", 3) == 0) &&
        (rest == 3 || p[3] == '\n' || p[3] == '\r'))
      return 1;
  }
  return 0;
}

/* Tags that make a fragment HTML rather than XML or text. */
static int html_tag_at(const char *p, size_t n) {
  static const char *const tags[] = {
      "!doctype html", "html", "head", "body", "p", "div", "article",
      "section", "span", "a", "h1", "h2", "h3", "h4", "h5", "h6", "table",
      "ul", "ol", "meta", "title", "link", "footer", "header", "nav", "main",
      "br", "script", "style", NULL};
  if (n < 2 || p[0] != '<')
    return 0;
  for (const char *const *t = tags; *t; t++) {
    size_t k = strlen(*t);
    if (n > k + 1 && strncasecmp(p + 1, *t, k) == 0 &&
        (is_ws(p[k + 1]) || p[k + 1] == '>' || p[k + 1] == '/'))
      return 1;
  }
  return 0;
}

static int json_parses(const char *src, size_t len) {
  json_error_t err;
  json_t *j = json_loadb(src, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
  int ok = j && (json_is_object(j) || json_is_array(j));
  json_decref(j);
  return ok;
}

cl_docfmt cl_docfmt_detect(const char *path, const char *src, size_t len) {
  static const char *const html_ext[] = {"html", "htm", "xhtml", "shtml", NULL};
  static const char *const md_ext[] = {"md", "markdown", "mdown", "mkd", NULL};
  static const char *const json_ext[] = {"json", "jsonld", NULL};
  static const char *const text_ext[] = {"txt", "text", NULL};
  const char *ext = path_ext(path);
  if (!src)
    len = 0;
  size_t i = 0;
  while (i < len && is_ws(src[i]))
    i++;
  /* The UTF-8 BOM of a file decoded from UTF-16 */
  if (i + 3 <= len && memcmp(src + i, "\xEF\xBB\xBF", 3) == 0)
    i += 3;
  const char *p = src ? src + i : "";
  size_t n = len - i;

  if (ext_in(ext, text_ext))
    return CL_DOCFMT_TEXT;
  if (ext_in(ext, md_ext))
    return CL_DOCFMT_MARKDOWN;
  if (ext_in(ext, json_ext))
    return CL_DOCFMT_JSON;
  if (n > 0 && p[0] == '<') {
    cl_docfmt k = cl_fmt_xml_kind(p, n);
    /* XHTML parses as XML but reads as a page. */
    if (k == CL_DOCFMT_HTML || ext_in(ext, html_ext))
      return CL_DOCFMT_HTML;
    if (html_tag_at(p, n))
      return CL_DOCFMT_HTML;
    if (k != CL_DOCFMT_TEXT)
      return k;
  }
  if (ext_in(ext, html_ext))
    return CL_DOCFMT_HTML;
  if (n > 0 && (p[0] == '{' || p[0] == '[') && json_parses(src, len))
    return CL_DOCFMT_JSON;
  if (has_front_matter(src ? src : "", len))
    return CL_DOCFMT_MARKDOWN;
  return CL_DOCFMT_TEXT;
}

/* ---------------------------------------------------------- context */

int cl_fmt_init(cl_fmt *f, cl_text *t, cl_docres *d) {
  memset(f, 0, sizeof *f);
  f->t = t;
  f->d = d;
  cl_text_init(&f->scratch);
  /* memchr, not a byte loop: this index is built for every document. */
  size_t cap = 64;
  f->lstart = malloc(cap * sizeof *f->lstart);
  if (!f->lstart)
    return -1;
  f->lstart[f->nlstart++] = 0;
  const char *s = t->src, *end = t->src + t->src_len;
  const char *nl;
  while (s < end && (nl = memchr(s, '\n', (size_t)(end - s)))) {
    if (f->nlstart == cap) {
      size_t *v = realloc(f->lstart, 2 * cap * sizeof *v);
      if (!v)
        return -1; /* cl_fmt_fini frees lstart */
      f->lstart = v;
      cap *= 2;
    }
    s = nl + 1;
    f->lstart[f->nlstart++] = (size_t)(s - t->src);
  }
  return 0;
}

void cl_fmt_fini(cl_fmt *f) {
  free(f->lstart);
  free(f->seg);
  free(f->lmap);
  cl_buf_free(&f->line);
  cl_text_free(&f->scratch);
  memset(f, 0, sizeof *f);
}

void cl_fmt_pos(cl_fmt *f, size_t off, unsigned *line, unsigned *col) {
  if (off > f->t->src_len)
    off = f->t->src_len;
  size_t lo = 0, hi = f->nlstart;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->lstart[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  *line = (unsigned)lo + 1;
  size_t from = f->lstart[lo];
  unsigned c = 1;
  if (f->pos_line == *line && f->pos_off >= from && f->pos_off <= off) {
    from = f->pos_off;
    c = f->pos_col;
  }
  *col = c + (unsigned)cl_utf8_chars(f->t->src + from, off - from);
  f->pos_off = off;
  f->pos_line = *line;
  f->pos_col = *col;
}

size_t cl_fmt_line_start(const cl_fmt *f, unsigned line) {
  if (line == 0)
    return 0;
  return line <= f->nlstart ? f->lstart[line - 1] : f->t->src_len;
}

/* Notes that the line's next byte, at line position POS, comes from
 * document offset AT: a new run unless it continues the last one. */
static int seg_grow(cl_fmt *f, size_t pos, size_t at);

static inline int seg_note(cl_fmt *f, size_t pos, size_t at) {
  if (f->nseg && at == f->last_at + 1) {
    f->last_at = at;
    return 0;
  }
  return seg_grow(f, pos, at);
}

static int seg_grow(cl_fmt *f, size_t pos, size_t at) {
  if (f->nseg == f->seg_cap) {
    size_t cap = f->seg_cap ? f->seg_cap * 2 : 16;
    struct cl_fmt_seg *v = realloc(f->seg, cap * sizeof *v);
    if (!v)
      return -1;
    f->seg = v;
    f->seg_cap = cap;
  }
  f->seg[f->nseg].pos = pos;
  f->seg[f->nseg++].off = at;
  f->last_at = at;
  return 0;
}

/* Spells the runs out into lmap, one document offset per byte of the
 * line and one past its end: only for lines kept, so the filter's drops
 * never pay for it. */
static int lmap_fill(cl_fmt *f) {
  size_t n = f->line.len + 1;
  if (n > f->lmap_cap) {
    size_t cap = f->lmap_cap ? f->lmap_cap : 128;
    while (cap < n)
      cap *= 2;
    size_t *m = realloc(f->lmap, cap * sizeof *m);
    if (!m)
      return -1;
    f->lmap = m;
    f->lmap_cap = cap;
  }
  for (size_t k = 0; k < f->nseg; k++) {
    size_t to = k + 1 < f->nseg ? f->seg[k + 1].pos : n;
    for (size_t p = f->seg[k].pos, at = f->seg[k].off; p < to; p++, at++)
      f->lmap[p] = at;
  }
  return 0;
}

/* Where the loop in cl_fmt_put may start looking, from J in S[0, N):
 * past the 16-byte blocks shown as written, where every white space byte
 * is a single ' ' before a visible byte (cl_v16).  Text is mostly
 * such blocks; the byte loop then sees only their ends. */
static size_t skip_shown(const char *s, size_t j, size_t n) {
#ifdef CL_V16
  for (; j + 17 <= n; j += 16) {
    cl_v16 x = cl_v16_load(s + j), y = cl_v16_load(s + j + 1);
    /* ws[]: ' ', '\t', '\n', '\r', '\f' */
    cl_v16 other = (cl_v16)((x == '\t') | (x == '\n') | (x == '\r') | (x == '\f'));
    cl_v16 wy = (cl_v16)((y == ' ') | (y == '\t') | (y == '\n') | (y == '\r') |
                         (y == '\f'));
    if (cl_v16_any(other | ((cl_v16)(x == ' ') & wy)))
      break;
  }
#endif
  return j;
}

int cl_fmt_put(cl_fmt *f, const char *s, size_t n, const size_t *map,
               size_t off, cl_scope scope) {
  if (f->line.len && (scope != f->lscope || f->caption != f->lcaption) &&
      cl_fmt_flush(f) < 0)
    return -1;
  f->lscope = scope;
  f->lcaption = f->caption;
  for (size_t k = 0; f->byline && !f->lbyline && k < n; k++)
    f->lbyline = !ws[(unsigned char)s[k]];
  if (cl_buf_reserve(&f->line, n) < 0)
    return -1;
  char *out = f->line.ptr;
  size_t len = f->line.len, i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (ws[c]) {
      if (len && out[len - 1] != ' ') {
        if (seg_note(f, len, map ? map[i] : off + i) < 0)
          goto nomem;
        out[len++] = ' ';
      }
      i++;
    } else if (map) {
      if (seg_note(f, len, map[i]) < 0)
        goto nomem;
      out[len++] = (char)c;
      i++;
    } else {
      /* A run from consecutive offsets that is shown as written: visible
       * bytes, and single spaces between them.  One copy. */
      size_t j = skip_shown(s, i + 1, n);
      for (;;) {
        while (j < n && !ws[(unsigned char)s[j]])
          j++;
        if (j + 1 < n && s[j] == ' ' && !ws[(unsigned char)s[j + 1]]) {
          j += 2;
          continue;
        }
        break;
      }
      if (seg_note(f, len, off + i) < 0)
        goto nomem;
      memcpy(out + len, s + i, j - i);
      len += j - i;
      f->last_at = off + j - 1;
      i = j;
    }
  }
  f->line.len = len;
  out[len] = '\0';
  return 0;
nomem:
  f->line.len = len;
  out[len] = '\0';
  return -1;
}

/* Appends the normalised line in f->scratch to t, mapping each byte back
 * through f->lmap (lmap_fill).  Writes t's arrays directly, keeping text.c's
 * invariants: map covers norm's capacity, each line ends with '\n'. */
static int text_append(cl_fmt *f) {
  cl_text *t = f->t;
  const cl_text *s = &f->scratch;
  const cl_tline *sl = &s->lines[0];
  size_t n = sl->norm_len;
  if (cl_buf_reserve(&t->norm, n + 1) < 0)
    return -1;
  if (t->map_cap < t->norm.cap) {
    size_t *m = realloc(t->map, t->norm.cap * sizeof *m);
    if (!m)
      return -1;
    t->map = m;
    t->map_cap = t->norm.cap;
  }
  if (t->nlines == t->lines_cap) {
    size_t cap = t->lines_cap ? t->lines_cap * 2 : 64;
    cl_tline *nl = realloc(t->lines, cap * sizeof *nl);
    if (!nl)
      return -1;
    t->lines = nl;
    t->lines_cap = cap;
  }
  cl_tline *l = &t->lines[t->nlines++];
  l->norm_off = t->norm.len;
  l->norm_len = n;
  /* Readers place text by the parser's positions, which can point past
   * the end on a truncated document: keep every offset inside src. */
  size_t end = t->src_len;
  l->src_off = f->lmap[0] < end ? f->lmap[0] : end;
  l->scope = f->lscope;
  l->caption = f->lcaption;
  l->byline = f->lbyline;
  l->tag = f->tag; /* 0: no raw prefilter result, the matcher scans it */
  cl_fmt_pos(f, l->src_off, &l->line, &l->col);
  const char *np = s->norm.ptr + sl->norm_off;
  const size_t *nm = s->map + sl->norm_off;
  int same = n == f->line.len;
  for (size_t k = 0; same && k < n; k++)
    same = nm[k] == k;
  if (same) {
    /* Normalised byte k came from built byte k (the usual case; a byte
     * may still have changed, a tab to a space): two plain loops. */
    memcpy(t->norm.ptr + t->norm.len, np, n);
    size_t *out = t->map + t->norm.len;
    for (size_t k = 0; k < n; k++)
      out[k] = f->lmap[k] < end ? f->lmap[k] : end;
    t->norm.len += n;
  } else {
    for (size_t k = 0; k < n; k++) {
      size_t lo = nm[k];
      size_t at = f->lmap[lo <= f->line.len ? lo : f->line.len];
      t->map[t->norm.len] = at < end ? at : end;
      t->norm.ptr[t->norm.len++] = np[k];
    }
  }
  t->map[t->norm.len] = f->lmap[f->line.len] < end ? f->lmap[f->line.len] : end;
  t->norm.ptr[t->norm.len++] = '\n';
  t->norm.ptr[t->norm.len] = '\0';
  return 0;
}

int cl_fmt_flush(cl_fmt *f) {
  unsigned kept = f->kept;
  f->kept = 0;
  while (f->line.len && f->line.ptr[f->line.len - 1] == ' ')
    f->line.len--;
  /* Runs that began in the trimmed tail go with it. */
  while (f->nseg && f->seg[f->nseg - 1].pos >= f->line.len)
    f->nseg--;
  if (f->line.len == 0) {
    f->lbyline = 0;
    return 0;
  }
  f->line.ptr[f->line.len] = '\0';
  /* A line no rule can match is not normalised nor kept. */
  f->tag = kept;
  /* A byline line stays for the rules of `lines: byline`, which have no
   * triggers to keep it by. */
  if (!kept && f->keep &&
      (f->tag = f->keep(f->keep_ud, f->line.ptr, f->line.len)) == 0 &&
      !f->lbyline) {
    cl_buf_clear(&f->line);
    f->nseg = 0;
    return 0;
  }
  cl_text_reset(&f->scratch, f->line.ptr, f->line.len);
  int rc = lmap_fill(f);
  if (rc == 0)
    rc = cl_text_add_range(&f->scratch, 0, f->line.len, 1, 1, f->lscope);
  if (rc == 0)
    rc = text_append(f);
  cl_text_reset(&f->scratch, NULL, 0);
  cl_buf_clear(&f->line);
  f->nseg = 0;
  f->lbyline = 0;
  return rc;
}

int cl_fmt_ends_open(const char *s, size_t n) {
#define W(x) {x, sizeof x - 1}
  static const struct {
    const char *w;
    size_t n;
  } open_words[] = {
      W("with"), W("by"), W("of"), W("from"), W("on"), W("in"), W("at"),
      W("for"), W("and"), W("the"), W("a"), W("an"), W("to"), W("via"),
      W("von"), W("und"), W("de"), W("par"), W("por"), W("et"), W("y"),
      W("copyright"), W("copr."), W("(c)"), W("\xC2\xA9")};
#undef W
  /* Lines are built before normalising: a no-break space is spacing too
   * ("By&nbsp;" + <a>Name</a>). */
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
               (n >= 2 && (unsigned char)s[n - 2] == 0xC2 &&
                (unsigned char)s[n - 1] == 0xA0)))
    n -= s[n - 1] == ' ' || s[n - 1] == '\t' ? 1 : 2;
  if (n == 0)
    return 0;
  char last = s[n - 1];
  if (last == ':' || last == ',' || last == '-' || last == '&' || last == '/' ||
      last == '(')
    return 1;
  /* The last word, from a space or markup ("[the", "*by"); a long word is
   * neither an open word nor a year. */
  size_t w = n;
  while (w && n - w < 12 && s[w - 1] != ' ' && s[w - 1] != '\t' &&
         s[w - 1] != '[' && s[w - 1] != '*' && s[w - 1] != '_')
    w--;
  size_t wn = n - w;
  if (wn >= 12 || (w && s[w - 1] != ' ' && s[w - 1] != '\t' && s[w - 1] != '[' &&
                   s[w - 1] != '*' && s[w - 1] != '_'))
    return 0;
  if (wn >= 4 && s[n - 4] >= '0' && s[n - 4] <= '9') {
    /* a year ("© 2024", "2019-2024") */
    size_t k = n - 4;
    int year = (s[k] == '1' && s[k + 1] == '9') || (s[k] == '2' && s[k + 1] == '0');
    for (size_t j = k; j < n; j++)
      year = year && s[j] >= '0' && s[j] <= '9';
    if (year)
      return 1;
  }
  for (size_t i = 0; i < sizeof open_words / sizeof open_words[0]; i++)
    if (open_words[i].n == wn && strncasecmp(s + w, open_words[i].w, wn) == 0)
      return 1;
  return 0;
}

/* -------------------------------------------------------- metadata */

/* Arena copy of S with white space collapsed and trimmed. */
static char *squeezed(cl_arena *a, const char *s) {
  size_t n = strlen(s);
  char *out = cl_arena_alloc(a, n + 1);
  if (!out)
    return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (is_ws(c)) {
      if (o == 0 || out[o - 1] == ' ')
        continue;
      c = ' ';
    }
    out[o++] = c;
  }
  while (o && out[o - 1] == ' ')
    o--;
  out[o] = '\0';
  return out;
}

static const char *main_field(cl_kind kind) {
  static const char *const names[CL_KIND__COUNT] = {
      "holder", "party", "person", "person", "agency", "license", "credit"};
  return (unsigned)kind < CL_KIND__COUNT ? names[kind] : "value";
}

int cl_fmt_field(cl_fmt *f, cl_credit *c, const char *name,
                 const char *value) {
  char *v = squeezed(&f->d->arena, value ? value : "");
  return v ? cl_credit_add_field(&f->d->arena, c, name, v) : -1;
}

static int credit_years(cl_fmt *f, cl_credit *c, const char *years) {
  char *yt = squeezed(&f->d->arena, years);
  if (!yt || cl_credit_set_years(&f->d->arena, c, yt) < 0)
    return -1;
  return c->year_count ? cl_credit_add_field(&f->d->arena, c, "years", yt) : 0;
}

/* Appends a metadata credit written as TEXT (squeezed) whose main value
 * is VALUE, or none (NULL: a notice that names no holder). */
static cl_credit *meta_add(cl_fmt *f, cl_kind kind, const char *rule,
                           size_t off, const char *text, const char *value,
                           const char *years, int *err) {
  const char *r = cl_arena_strdup(&f->d->arena, rule);
  cl_credit *c = r ? cl_docres_add_credit(f->d, 1) : NULL;
  if (!c) {
    *err = -1;
    return NULL;
  }
  c->kind = kind;
  c->rule = r;
  c->scope = CL_SCOPE_METADATA;
  c->value = value;
  c->text = text;
  cl_fmt_pos(f, off, &c->line, &c->column);
  if ((value && cl_fmt_field(f, c, main_field(kind), value) < 0) ||
      ((kind == CL_KIND_COPYRIGHT || kind == CL_KIND_IMAGE) && years &&
       credit_years(f, c, years) < 0)) {
    *err = -1;
    return NULL;
  }
  return c;
}

cl_credit *cl_fmt_meta(cl_fmt *f, cl_kind kind, const char *rule, size_t off,
                       const char *value, const char *years, size_t *count,
                       int *err) {
  *err = 0;
  if (count)
    *count = 0;
  cl_arena *a = &f->d->arena;
  char *text = squeezed(a, value ? value : "");
  char *v = text ? cl_arena_strdup(a, text) : NULL;
  if (!v) {
    *err = -1;
    return NULL;
  }
  /* The value is the name; the text stays as written. */
  v = cl_credit_meta_name(kind, v);
  if (!*v)
    return NULL;
  char **names = &v;
  size_t n = 1;
  if (count && (kind == CL_KIND_AUTHOR || kind == CL_KIND_EDITOR) &&
      (n = cl_credit_meta_persons(a, v, &names)) == (size_t)-1) {
    *err = -1;
    return NULL;
  }
  /* One credit per person, side by side: the first is returned. */
  size_t first = f->d->nmeta;
  for (size_t i = 0; i < n; i++)
    if (!meta_add(f, kind, rule, off, text, names[i], years, err))
      return NULL;
  if (count)
    *count = n;
  return &f->d->meta[first];
}

int cl_fmt_fields(cl_fmt *f, cl_credit *c, size_t n, const char *name,
                  const char *value) {
  for (size_t i = 0; i < n; i++)
    if (cl_fmt_field(f, &c[i], name, value) < 0)
      return -1;
  return 0;
}

/* Case-insensitive ASCII search. */
static const char *ci_find(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (const char *p = hay; *p; p++)
    if (strncasecmp(p, needle, n) == 0)
      return p;
  return NULL;
}

static int is_year_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == ',' || c == '/';
}

cl_credit *cl_fmt_meta_notice(cl_fmt *f, const char *rule, size_t off,
                              const char *notice, int *err) {
  static const char *const prefixes[] = {"copyright", "copr.", "(c)", "\xC2\xA9",
                                         "&copy;", "by ", NULL};
  static const char *const reserved[] = {
      "all rights reserved", "alle rechte vorbehalten",
      "todos los derechos reservados", "tous droits r", NULL};
  *err = 0;
  char *s = squeezed(&f->d->arena, notice ? notice : "");
  if (!s) {
    *err = -1;
    return NULL;
  }
  /* Years and prefixes in any order at the front. */
  char *p = s, *ys = NULL, *ye = NULL;
  for (int progress = 1; progress;) {
    progress = 0;
    while (*p == ' ' || *p == ',' || *p == ':')
      p++;
    for (const char *const *x = prefixes; *x; x++)
      if (strncasecmp(p, *x, strlen(*x)) == 0) {
        p += strlen(*x);
        progress = 1;
      }
    if (*p >= '0' && *p <= '9') {
      char *q = p;
      while (is_year_char(*q) || (*q == ' ' && q[1] >= '0' && q[1] <= '9'))
        q++;
      if (q - p >= 4) {
        if (!ys)
          ys = p;
        ye = q;
        p = q;
        progress = 1;
      }
    }
  }
  /* "2017, Acme": the years as written end at their last digit. */
  while (ys && ye > ys && !(ye[-1] >= '0' && ye[-1] <= '9'))
    ye--;
  char *holder = cl_arena_strdup(&f->d->arena, p);
  char *years = ys ? cl_arena_strndup(&f->d->arena, ys, (size_t)(ye - ys)) : NULL;
  if (!holder || (ys && !years)) {
    *err = -1;
    return NULL;
  }
  for (const char *const *x = reserved; *x; x++) {
    char *cut = (char *)ci_find(holder, *x);
    if (cut)
      *cut = '\0';
  }
  size_t n = strlen(holder);
  for (;;) {
    while (n && (holder[n - 1] == ' ' || holder[n - 1] == ',' ||
                 holder[n - 1] == ';'))
      holder[--n] = '\0';
    if (!n || holder[n - 1] != '.')
      break;
    /* "Corp." and "L.P." keep their dot; a sentence's full stop goes. */
    size_t w = n - 1;
    while (w && holder[w - 1] != ' ')
      w--;
    static const char *const abbrev[] = {"corp", "inc", "ltd", "co", "bros",
                                         "jr", "sr", "cie", "pty", "ltda",
                                         "assn", NULL};
    int keep = memchr(holder + w, '.', n - 1 - w) != NULL;
    for (const char *const *a = abbrev; *a && !keep; a++)
      keep = strlen(*a) == n - 1 - w && strncasecmp(holder + w, *a, n - 1 - w) == 0;
    if (keep)
      break;
    holder[--n] = '\0';
  }
  /* As a text notice's holder: no sentence after it, years after the
   * name, e-mail and URL as fields of their own. */
  const char *tail_years, *email, *url;
  int prose;
  holder = cl_credit_meta_holder(&f->d->arena, holder, &tail_years, &email,
                                 &url, &prose);
  if (!holder) {
    *err = -1;
    return NULL;
  }
  if (!years && tail_years)
    years = (char *)tail_years;
  /* A notice that names no holder but years ("© 2020"), or a sentence
   * about the rights, still states them: a credit without holder.
   * "Copyright" or "All rights reserved" alone states nothing. */
  if (!*holder && !prose && !years)
    return NULL;
  cl_credit *c = meta_add(f, CL_KIND_COPYRIGHT, rule, off, s,
                          *holder ? holder : NULL, years ? years : s, err);
  if (c) {
    c->symbol = strstr(s, "\xC2\xA9") ? "\xC2\xA9" : NULL;
    if (cl_fmt_field(f, c, "notice", s) < 0 ||
        (email && cl_fmt_field(f, c, "email", email) < 0) ||
        (url && cl_fmt_field(f, c, "url", url) < 0)) {
      *err = -1;
      return NULL;
    }
  }
  return c;
}

int cl_fmt_date(cl_fmt *f, const char *name, const char *value) {
  if (!value || f->ndates == CL_FMT_MAX_DATES)
    return 0;
  char *v = squeezed(&f->d->arena, value);
  if (!v)
    return -1;
  if (!*v)
    return 0;
  f->date_names[f->ndates] = name;
  f->date_values[f->ndates++] = v;
  return 0;
}

int cl_fmt_finish_dates(cl_fmt *f) {
  /* On the document itself too: it may state a date and no credit. */
  if (f->ndates) {
    cl_field *v = cl_arena_alloc(&f->d->arena, f->ndates * sizeof *v);
    if (!v)
      return -1;
    for (size_t k = 0; k < f->ndates; k++)
      v[k] = (cl_field){f->date_names[k], f->date_values[k]};
    f->d->dates = v;
    f->d->ndates = f->ndates;
  }
  for (size_t i = 0; i < f->d->nmeta; i++)
    for (size_t k = 0; k < f->ndates; k++)
      if (cl_fmt_field(f, &f->d->meta[i], f->date_names[k],
                       f->date_values[k]) < 0)
        return -1;
  return 0;
}

size_t cl_fmt_find(const cl_span *s, size_t from, size_t limit,
                   const char *needle) {
  size_t n = strlen(needle);
  if (n == 0 || from > s->len)
    return (size_t)-1;
  size_t end = limit && limit < s->len - from ? from + limit : s->len;
  for (size_t i = from; i + n <= end; i++) {
    const char *hit = memchr(s->buf + i, needle[0], end - i);
    if (!hit)
      break;
    i = (size_t)(hit - s->buf);
    if (i + n <= end && memcmp(hit, needle, n) == 0)
      return i;
  }
  return (size_t)-1;
}

/* --------------------------------------------------------- entities */

static int is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

size_t cl_fmt_entity_decode(const char *p, size_t n, char *out,
                            size_t *out_len) {
  *out_len = 0;
  if (n < 2 || p[0] != '&')
    return 0;
  if (p[1] == '#') {
    /* HTML is lenient: the ';' may be missing, a bad code point is U+FFFD. */
    uint32_t v;
    int valid;
    size_t i = cl_numeric_ref(p, n, &v, &valid);
    if (i == 0)
      return 0;
    if (i < n && p[i] == ';')
      i++;
    *out_len = cl_utf8_encode(v, out);
    return i;
  }
  size_t i = 1;
  while (i < n && i < 40 && is_alnum(p[i]))
    i++;
  if (i == 1)
    return 0;
  int semi = i < n && p[i] == ';';
  const char *v = cl_fmt_entity_lookup(p + 1, i - 1 + (size_t)semi);
  if (!v)
    return 0;
  *out_len = strlen(v);
  memcpy(out, v, *out_len);
  return i + (size_t)semi;
}

/* ---------------------------------------------------------- dispatch */

int cl_docfmt_extract(cl_docfmt fmt, cl_text *t, cl_docres *d,
                      unsigned (*keep)(void *ud, const char *s, size_t n),
                      void *keep_ud) {
  cl_fmt f;
  int rc = -1;
  if (cl_fmt_init(&f, t, d) < 0)
    goto cleanup;
  f.keep = keep;
  f.keep_ud = keep_ud;
  cl_span whole = {t->src ? t->src : "", t->src_len, NULL, 0};
  switch (fmt) {
  case CL_DOCFMT_HTML:
    rc = cl_fmt_html_extract(&f, &whole);
    break;
  case CL_DOCFMT_MARKDOWN:
    rc = cl_fmt_markdown_extract(&f);
    break;
  case CL_DOCFMT_NITF:
  case CL_DOCFMT_NEWSML:
  case CL_DOCFMT_XML:
    rc = cl_fmt_xml_extract(&f, fmt);
    break;
  case CL_DOCFMT_JSON:
    rc = cl_fmt_json_extract(&f, &whole);
    break;
  case CL_DOCFMT_OFFICE:
    rc = cl_fmt_office_extract(&f);
    break;
  default:
    rc = 0;
    break;
  }
  if (rc == 0)
    rc = cl_fmt_flush(&f);
  if (rc == 0)
    rc = cl_fmt_finish_dates(&f);
cleanup:
  cl_fmt_fini(&f);
  return rc;
}

/* ----------------------------------------------------- schema.org */

/* "https://schema.org/Comment" -> "Comment". */
static const char *schema_name(const char *type) {
  const char *slash = strrchr(type, '/');
  return slash ? slash + 1 : type;
}

static int ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), k = strlen(tail);
  return n >= k && strcmp(s + n - k, tail) == 0;
}

int cl_fmt_schema_org(const char *type) {
  const char *t = schema_name(type);
  return ends_with(t, "Organization") || strcmp(t, "Corporation") == 0 ||
         strcmp(t, "NGO") == 0 || strcmp(t, "LocalBusiness") == 0;
}

int cl_fmt_schema_image(const char *type) {
  const char *t = schema_name(type);
  return strcmp(t, "ImageObject") == 0 || strcmp(t, "Photograph") == 0;
}

/* Objects beside the article whose names are not its credits: images and
 * media (a photo's author is no byline), people and organisations
 * described on their own, the site and its navigation, comments. */
int cl_fmt_schema_aside(const char *type) {
  const char *t = schema_name(type);
  static const char *const aside[] = {
      "ImageObject", "Photograph", "MediaObject", "VideoObject",
      "AudioObject", "Person", "WebSite", "BreadcrumbList", "ListItem",
      "SiteNavigationElement", "WPHeader", "WPFooter", "WPSideBar",
      "SearchAction", "Comment", "UserComments", "Rating", "AggregateRating", "Offer",
      "Brand", "Place", "PostalAddress", "ContactPoint", NULL};
  for (const char *const *a = aside; *a; a++)
    if (strcmp(t, *a) == 0)
      return 1;
  return cl_fmt_schema_org(t);
}
