/* fmt_markdown.c - Markdown: YAML front matter (libyaml) and TOML front
 * matter (a small reader, see toml_front_matter) read as metadata,
 * prose scanned with its markup (emphasis, heading marks, quote and list
 * markers, link targets, inline HTML tags, shortcodes) left out but true
 * columns kept; a paragraph wrapped over several lines is one logical
 * line; an image's alt text and title and a shortcode's caption are
 * caption lines (their credits are image credits); fenced and indented
 * code blocks are not prose. */
#include "fmt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

/* ----------------------------------------------------- front matter */

/* Largest front matter read as metadata (docs/security.md). */
#define CL_FRONT_MATTER_MAX (64u * 1024)

static int is_sp(char c) { return c == ' ' || c == '\t'; }

/* The front-matter keys that state credits, for YAML and TOML alike. */
typedef struct {
  const char *key;
  cl_kind kind;
  const char *rule, *role;
} fm_key;

static const fm_key fm_keys[] = {
    {"author", CL_KIND_AUTHOR, "frontmatter:author", NULL},
    {"authors", CL_KIND_AUTHOR, "frontmatter:author", NULL},
    {"byline", CL_KIND_AUTHOR, "frontmatter:author", NULL},
    {"editor", CL_KIND_EDITOR, "frontmatter:editor", NULL},
    {"editors", CL_KIND_EDITOR, "frontmatter:editor", NULL},
    {"copyright", CL_KIND_COPYRIGHT, "frontmatter:copyright", NULL},
    {"rights", CL_KIND_COPYRIGHT, "frontmatter:copyright", NULL},
    {"copyright_holder", CL_KIND_COPYRIGHT, "frontmatter:copyright_holder", NULL},
    {"source", CL_KIND_SOURCE, "frontmatter:source", "credit"},
    {"credit", CL_KIND_SOURCE, "frontmatter:credit", "credit"},
    {"license", CL_KIND_LICENSE, "frontmatter:license", NULL},
    {"licence", CL_KIND_LICENSE, "frontmatter:license", NULL},
};

static const fm_key *fm_key_find(const char *k, size_t n) {
  for (size_t i = 0; i < sizeof fm_keys / sizeof fm_keys[0]; i++)
    if (strlen(fm_keys[i].key) == n && strncasecmp(k, fm_keys[i].key, n) == 0)
      return &fm_keys[i];
  return NULL;
}

/* One credit of key K with VALUE at document offset OFF.  0 / -1. */
static int fm_scalar(cl_fmt *f, const fm_key *k, size_t off,
                     const char *value) {
  int err = 0;
  size_t n = 1;
  cl_credit *cr = k->kind == CL_KIND_COPYRIGHT &&
                          strcmp(k->rule, "frontmatter:copyright") == 0
                      ? cl_fmt_meta_notice(f, k->rule, off, value, &err)
                      : cl_fmt_meta(f, k->kind, k->rule, off, value, NULL, &n, &err);
  if (cr && k->role && cl_fmt_fields(f, cr, n, "role", k->role) < 0)
    return -1;
  return err;
}

typedef struct {
  cl_fmt *f;
  unsigned first_line; /* document line of the YAML's first line */
  yaml_document_t *doc;
} fm_ctx;

/* Document offset of a libyaml mark (0-based line, column in characters). */
static size_t mark_off(const fm_ctx *c, yaml_mark_t m) {
  size_t off = cl_fmt_line_start(c->f, c->first_line + (unsigned)m.line);
  const char *s = c->f->t->src;
  size_t n = c->f->t->src_len;
  for (size_t col = 0; col < m.column && off < n && s[off] != '\n'; col++) {
    off++;
    while (off < n && ((unsigned char)s[off] & 0xC0) == 0x80)
      off++;
  }
  return off;
}

static const char *scalar(yaml_node_t *n) {
  return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
                                          : NULL;
}

static int fm_add(fm_ctx *c, yaml_node_t *v, const fm_key *k) {
  if (v->type == YAML_SEQUENCE_NODE) {
    for (yaml_node_item_t *it = v->data.sequence.items.start;
         it < v->data.sequence.items.top; it++)
      if (fm_add(c, yaml_document_get_node(c->doc, *it), k) < 0)
        return -1;
    return 0;
  }
  if (v->type == YAML_MAPPING_NODE) {
    /* {name: X, ...} */
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
         p < v->data.mapping.pairs.top; p++) {
      const char *name = scalar(yaml_document_get_node(c->doc, p->key));
      if (name && (strcmp(name, "name") == 0 || strcmp(name, "holder") == 0))
        return fm_add(c, yaml_document_get_node(c->doc, p->value), k);
    }
    return 0;
  }
  const char *s = scalar(v);
  return s ? fm_scalar(c->f, k, mark_off(c, v->start_mark), s) : 0;
}

static int front_matter(cl_fmt *f, size_t start, size_t end,
                        unsigned first_line) {
  yaml_parser_t parser;
  yaml_document_t doc;
  int have_parser = 0, have_doc = 0, rc = 0;
  fm_ctx c = {f, first_line, &doc};
  cl_buf why = CL_BUF_INIT;
  const cl_yaml_limits lim = CL_YAML_FRONT_MATTER_LIMITS;

  /* Real front matter is a few hundred bytes of a few dozen nodes: larger,
   * deeper or alias-expanded metadata is refused, reported, not read. */
  if (end - start > CL_FRONT_MATTER_MAX)
    return cl_docres_add_error(f->d,
                               "%s:%u: front matter over %u KiB: not read as "
                               "metadata",
                               f->d->pub.path, first_line,
                               CL_FRONT_MATTER_MAX / 1024);
  unsigned long at = 1;
  int checked = cl_yaml_check(f->t->src + start, end - start, &lim, &why, &at);
  if (checked != 0) {
    rc = checked < 0 ? -1
                     : cl_docres_add_error(f->d,
                                           "%s:%lu: front matter not read as "
                                           "metadata: %s",
                                           f->d->pub.path,
                                           first_line + at - 1, why.ptr);
    cl_buf_free(&why);
    return rc;
  }
  cl_buf_free(&why);
  if (!yaml_parser_initialize(&parser))
    return -1;
  have_parser = 1;
  yaml_parser_set_input_string(&parser, (const unsigned char *)f->t->src + start,
                               end - start);
  if (!yaml_parser_load(&parser, &doc)) {
    /* A template's front matter (Hugo archetypes: {{ .Date }}, Jekyll or
     * Eleventy: {% ... %}) is filled in later: not YAML yet, and no
     * broken input. */
    const char *fm = f->t->src + start;
    size_t fm_len = end - start;
    for (size_t i = 0; i + 1 < fm_len; i++)
      if (fm[i] == '{' && (fm[i + 1] == '{' || fm[i + 1] == '%'))
        goto cleanup;
    rc = cl_docres_add_error(f->d, "%s:%u: front matter is not valid YAML: %s",
                             f->d->pub.path,
                             first_line + (unsigned)parser.problem_mark.line,
                             parser.problem ? parser.problem : "?");
    goto cleanup;
  }
  have_doc = 1;
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  if (!root || root->type != YAML_MAPPING_NODE)
    goto cleanup;
  for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
       p < root->data.mapping.pairs.top && rc == 0; p++) {
    const char *k = scalar(yaml_document_get_node(&doc, p->key));
    yaml_node_t *v = yaml_document_get_node(&doc, p->value);
    if (!k || !v)
      continue;
    if (strcasecmp(k, "date") == 0) {
      rc = cl_fmt_date(f, "date", scalar(v));
      continue;
    }
    const fm_key *key = fm_key_find(k, strlen(k));
    if (key)
      rc = fm_add(&c, v, key);
  }
cleanup:
  if (have_doc)
    yaml_document_delete(&doc);
  if (have_parser)
    yaml_parser_delete(&parser);
  return rc;
}

/* TOML front matter ("+++" ... "+++"), read for the keys above only.
 * Debian has no C TOML library, so this is a small reader of what front
 * matter uses: top-level `key = value` lines (bare or quoted keys) before
 * the first [table]; a value is a basic "string" (escapes \" \\ \n \t and
 * \uXXXX), a 'literal string', or an array of those, which may run over
 * several lines.  Anything else (numbers, dates as values, inline
 * tables, multi-line strings) is skipped, never an error: a front matter
 * it cannot read loses only its credits. */

/* Reads the string at *P (before E) into OUT, moving *P past it; 1 if it
 * was one, 0 if not. */
static int toml_string(const char *s, size_t *pp, size_t e, cl_buf *out) {
  size_t p = *pp;
  cl_buf_clear(out);
  if (p >= e || (s[p] != '"' && s[p] != '\''))
    return 0;
  char q = s[p++];
  if (p + 1 < e && s[p] == q && s[p + 1] == q)
    return 0; /* a multi-line string: not read */
  while (p < e && s[p] != q && s[p] != '\n') {
    char c = s[p++];
    if (q == '"' && c == '\\' && p < e) {
      char x = s[p++];
      char u[8];
      size_t un = 1;
      u[0] = x == 'n' ? '\n' : x == 't' ? '\t' : x;
      if (x == 'u' && p + 4 <= e) {
        uint32_t v = 0;
        for (int i = 0; i < 4; i++) {
          char h = s[p + (size_t)i];
          v = v * 16 + (uint32_t)(h >= '0' && h <= '9' ? h - '0'
                                  : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                  : h >= 'A' && h <= 'F' ? h - 'A' + 10 : 0);
        }
        p += 4;
        un = cl_utf8_encode(v, u);
      }
      if (cl_buf_put(out, u, un) < 0)
        return -1;
      continue;
    }
    if (cl_buf_put(out, &c, 1) < 0)
      return -1;
  }
  if (p >= e || s[p] != q)
    return 0;
  *pp = p + 1;
  if (cl_buf_put(out, "", 0) < 0)
    return -1;
  return 1;
}

static int toml_front_matter(cl_fmt *f, size_t start, size_t end) {
  const char *s = f->t->src;
  cl_buf val = CL_BUF_INIT;
  int rc = 0;
  if (end - start > CL_FRONT_MATTER_MAX)
    return cl_docres_add_error(f->d,
                               "%s:2: front matter over %u KiB: not read as "
                               "metadata",
                               f->d->pub.path, CL_FRONT_MATTER_MAX / 1024);
  for (size_t p = start; p < end && rc == 0;) {
    const char *nl = memchr(s + p, '\n', end - p);
    size_t le = nl ? (size_t)(nl - s) : end, next = nl ? le + 1 : end;
    while (p < le && is_sp(s[p]))
      p++;
    if (p < le && s[p] == '[')
      break; /* a table: its keys are not the page's */
    size_t ks = p, ke;
    if (p < le && (s[p] == '"' || s[p] == '\'')) {
      char q = s[p];
      ks = ++p;
      while (p < le && s[p] != q)
        p++;
      ke = p++;
    } else {
      while (p < le && !is_sp(s[p]) && s[p] != '=')
        p++;
      ke = p;
    }
    while (p < le && is_sp(s[p]))
      p++;
    if (ke == ks || p >= le || s[p] != '=') {
      p = next;
      continue;
    }
    p++;
    while (p < le && is_sp(s[p]))
      p++;
    int is_date = ke - ks == 4 && strncasecmp(s + ks, "date", 4) == 0;
    const fm_key *key = fm_key_find(s + ks, ke - ks);
    if (p < end && s[p] == '[') {
      /* An array of strings, possibly over several lines. */
      p++;
      for (;;) {
        while (p < end && (is_sp(s[p]) || s[p] == '\n' || s[p] == '\r' ||
                           s[p] == ','))
          p++;
        if (p >= end || s[p] == ']' || s[p] == '[' || s[p] == '{')
          break;
        size_t at = p;
        int str = toml_string(s, &p, end, &val);
        if (str < 0) {
          rc = -1;
          break;
        }
        if (!str) {
          while (p < end && s[p] != ',' && s[p] != ']' && s[p] != '\n')
            p++;
          continue;
        }
        if (key && (rc = fm_scalar(f, key, at + 1, val.ptr)) < 0)
          break;
      }
      const char *after = p < end ? memchr(s + p, '\n', end - p) : NULL;
      p = after ? (size_t)(after - s) + 1 : end;
      continue;
    }
    size_t at = p;
    int str = toml_string(s, &p, le, &val);
    if (str < 0) {
      rc = -1;
    } else if (str && key) {
      rc = fm_scalar(f, key, at + 1, val.ptr);
    } else if (is_date) {
      /* dates are bare values: "date = 2021-02-03T10:00:00Z" */
      size_t e = str ? p : le;
      if (!str) {
        while (e > at && (is_sp(s[e - 1]) || s[e - 1] == '\r'))
          e--;
        cl_buf_clear(&val);
        if (cl_buf_put(&val, s + at, e - at) < 0 || cl_buf_put(&val, "", 0) < 0)
          rc = -1;
      }
      if (rc == 0)
        rc = cl_fmt_date(f, "date", val.ptr);
    }
    p = next;
  }
  cl_buf_free(&val);
  return rc;
}

/* ------------------------------------------------------------ prose */


static int is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* Columns of indentation (tabs to 4) and the offset of the first
 * non-blank byte. */
static size_t indent_of(const char *s, size_t ls, size_t le, size_t *first) {
  size_t col = 0, i = ls;
  for (; i < le && is_sp(s[i]); i++)
    col = s[i] == '\t' ? (col / 4 + 1) * 4 : col + 1;
  *first = i;
  return col;
}

/* Length of a fence ("```" / "~~~", at least 3) at P, or 0. */
static size_t fence_at(const char *s, size_t p, size_t le, char *ch) {
  if (p >= le || (s[p] != '`' && s[p] != '~'))
    return 0;
  size_t k = p;
  while (k < le && s[k] == s[p])
    k++;
  if (k - p < 3)
    return 0;
  *ch = s[p];
  return k - p;
}

/* A thematic break or setext underline: only one of - * _ = and spaces. */
static int is_rule_line(const char *s, size_t p, size_t le) {
  char c = s[p];
  if (c != '-' && c != '*' && c != '_' && c != '=')
    return 0;
  size_t n = 0;
  for (size_t i = p; i < le; i++) {
    if (s[i] == c)
      n++;
    else if (!is_sp(s[i]) && s[i] != '\r')
      return 0;
  }
  return n >= 3 || c == '=';
}

/* 1 if [p, le) holds nothing inline_emit would drop or change: no inline
 * markup byte (nor '<' of an HTML tag, '{' of a shortcode) and no two white
 * space bytes in a row (a collapsed run could join a trigger such as "alle
 * rechte"). */
static int plain_run(const char *s, size_t p, size_t le) {
  static const unsigned char special[256] = {
      ['\\'] = 1, ['*'] = 1, ['_'] = 1, ['`'] = 1, ['['] = 1, ['<'] = 1,
      ['{'] = 1, ['\t'] = 2, ['\f'] = 2, ['\r'] = 2, [' '] = 2};
  unsigned bad = 0, prev = 0;
  size_t i = p;
#ifdef CL_V16
  /* Sixteen bytes at a time; lane j looks at byte j and the one after. */
  cl_v16 acc = {0};
  for (; i + 17 <= le; i += 16) {
    cl_v16 x = cl_v16_load(s + i), y = cl_v16_load(s + i + 1);
    cl_v16 wx = (cl_v16)((x == ' ') | (x == '\t') | (x == '\f') | (x == '\r'));
    cl_v16 wy = (cl_v16)((y == ' ') | (y == '\t') | (y == '\f') | (y == '\r'));
    acc |= (cl_v16)((x == '\\') | (x == '*') | (x == '_') | (x == '`') |
                    (x == '[') | (x == '<') | (x == '{')) |
           (wx & wy);
  }
  if (cl_v16_any(acc))
    return 0;
  /* The pair across the last block's end was seen by its last lane, so
   * the byte loop starts afresh. */
#endif
  /* No early exit: a branch-free loop over the line is faster than one
   * that stops at the rare markup byte. */
  for (; i < le; i++) {
    unsigned k = special[(unsigned char)s[i]];
    bad |= (k & 1) | (k & prev);
    prev = k;
  }
  return bad == 0;
}

/* What a prose line starts with, once block_marks has read it. */
enum { LN_TEXT, LN_HEADING, LN_ITEM, LN_QUOTE, LN_TABLE };

/* Drops the block markers of the line [*P, *LE) (quotes, heading marks
 * and closing hashes, a list bullet) and says which it had. */
static int block_marks(const char *s, size_t *pp, size_t *lep) {
  size_t p = *pp, le = *lep;
  int kind = LN_TEXT;
  for (int again = 1; again;) {
    again = 0;
    while (p < le && is_sp(s[p]))
      p++;
    if (p < le && s[p] == '>') {
      p++;
      again = 1;
      kind = LN_QUOTE;
    }
  }
  if (p < le && s[p] == '|') {
    kind = LN_TABLE;
  } else if (p < le && s[p] == '#') {
    size_t k = p;
    while (k < le && s[k] == '#')
      k++;
    if (k - p <= 6 && (k == le || is_sp(s[k]))) {
      p = k;
      kind = LN_HEADING;
      /* closing hashes */
      size_t e = le;
      while (e > p && (is_sp(s[e - 1]) || s[e - 1] == '\r'))
        e--;
      size_t h = e;
      while (h > p && s[h - 1] == '#')
        h--;
      if (h < e && (h == p || is_sp(s[h - 1])))
        le = h;
    }
  } else if (p + 1 < le && (s[p] == '-' || s[p] == '*' || s[p] == '+') &&
             is_sp(s[p + 1])) {
    p += 2;
    kind = LN_ITEM;
  } else {
    size_t k = p;
    while (k < le && s[k] >= '0' && s[k] <= '9')
      k++;
    if (k > p && k - p < 10 && k + 1 < le && (s[k] == '.' || s[k] == ')') &&
        is_sp(s[k + 1])) {
      p = k + 2;
      kind = LN_ITEM;
    }
  }
  while (p < le && is_sp(s[p]))
    p++;
  *pp = p;
  *lep = le;
  return kind;
}

/* Emits [p, le) as one caption line (an image's alt or title, a
 * shortcode's caption): its credits are image credits. */
static int caption_line(cl_fmt *f, size_t p, size_t le) {
  if (cl_fmt_flush(f) < 0)
    return -1;
  f->caption = CL_CAPTION_TEXT;
  int rc = cl_fmt_put(f, f->t->src + p, le - p, NULL, p, CL_SCOPE_BODY);
  if (rc == 0)
    rc = cl_fmt_flush(f);
  f->caption = 0;
  return rc;
}

/* A shortcode {{< name key="value" ... >}} (or {{% %}}) at S+I, ending
 * before LE: the shortcode is markup; its caption, title, alt and credit
 * values are caption lines.  Returns the offset after it, or I if none. */
static size_t shortcode(cl_fmt *f, size_t i, size_t le, int *err) {
  static const char *const keys[] = {"caption", "title", "alt", "credit",
                                     "attr", NULL};
  const char *s = f->t->src;
  if (i + 3 > le || s[i] != '{' || s[i + 1] != '{' ||
      (s[i + 2] != '<' && s[i + 2] != '%'))
    return i;
  size_t end = i + 3;
  while (end + 1 < le && !(s[end] == '}' && s[end + 1] == '}'))
    end++;
  if (end + 1 >= le)
    return i;
  for (size_t k = i + 3; k < end; k++) {
    if (s[k] != '=' || k + 1 >= end || s[k + 1] != '"')
      continue;
    size_t ks = k;
    while (ks > i + 3 && !is_sp(s[ks - 1]))
      ks--;
    size_t vs = k + 2, ve = vs;
    while (ve < end && s[ve] != '"')
      ve++;
    for (const char *const *key = keys; *key; key++)
      if (strlen(*key) == k - ks && memcmp(s + ks, *key, k - ks) == 0 &&
          ve > vs && caption_line(f, vs, ve) < 0) {
        *err = -1;
        return i;
      }
    k = ve;
  }
  return end + 2;
}

/* From I, the end of the sixteen-byte blocks before END holding none of
 * the bytes inline_emit acts on: the text it only passes over (cl_v16). */
static size_t ordinary_end(const char *s, size_t i, size_t end) {
#ifdef CL_V16
  for (; i + 16 <= end; i += 16) {
    cl_v16 x = cl_v16_load(s + i);
    if (cl_v16_any((cl_v16)((x == '\\') | (x == '*') | (x == '_') | (x == '`') |
                            (x == '<') | (x == '{') | (x == '[') | (x == '!'))))
      break;
  }
#endif
  return i;
}

/* Emits the inline text of [p, le) without its markup (emphasis, code
 * marks, escapes, link targets, HTML tags, shortcodes); an image's alt
 * text and title are caption lines of their own. */
static int inline_emit(cl_fmt *f, size_t p, size_t le) {
  const char *s = f->t->src;
  size_t run = p;
  int err = 0;
#define EMIT_TO(e)                                                         \
  do {                                                                     \
    if ((e) > run && cl_fmt_put(f, s + run, (e) - run, NULL, run,          \
                                CL_SCOPE_BODY) < 0)                        \
      return -1;                                                           \
  } while (0)
  size_t skip_from = (size_t)-1, skip_to = 0;
  for (size_t i = p; i < le;) {
    if (i != skip_from &&
        (i = ordinary_end(s, i, skip_from < le ? skip_from : le)) >= le)
      break;
    char c = s[i];
    if (i == skip_from) {
      EMIT_TO(i);
      run = i = skip_to;
      skip_from = (size_t)-1;
    } else if (c == '\\' && i + 1 < le) {
      EMIT_TO(i);
      run = i + 1;
      i += 2;
    } else if (c == '*' || c == '_' || c == '`') {
      size_t k = i;
      while (k < le && s[k] == c)
        k++;
      char before = i > p ? s[i - 1] : ' ', after = k < le ? s[k] : ' ';
      int flanking = !is_sp(after) || !is_sp(before);
      int intraword = c == '_' && is_alnum(before) && is_alnum(after);
      if (c == '`' || (flanking && !intraword)) {
        EMIT_TO(i);
        run = k;
      }
      i = k;
    } else if (c == '<' && i + 1 < le &&
               (is_alnum(s[i + 1]) || s[i + 1] == '/' || s[i + 1] == '!')) {
      /* An HTML tag inline: markup, not text. */
      const char *close = memchr(s + i, '>', le - i);
      if (!close) {
        i++;
        continue;
      }
      EMIT_TO(i);
      run = i = (size_t)(close - s) + 1;
    } else if (c == '{' && skip_from == (size_t)-1) {
      EMIT_TO(i);
      size_t next = shortcode(f, i, le, &err);
      if (err < 0)
        return -1;
      if (next == i) {
        i++;
        continue;
      }
      run = i = next;
    } else if (skip_from == (size_t)-1 &&
               (c == '[' || (c == '!' && i + 1 < le && s[i + 1] == '['))) {
      size_t open = c == '!' ? i + 1 : i;
      const char *close = memchr(s + open, ']', le - open);
      size_t cl = close ? (size_t)(close - s) : le;
      const char *paren = cl + 1 < le && s[cl + 1] == '(' ? memchr(s + cl, ')', le - cl) : NULL;
      if (!paren) {
        i++;
        continue;
      }
      size_t pe = (size_t)(paren - s);
      if (c == '!') {
        /* ![alt](src "title"): the alt text and the title describe the
         * picture: caption lines, out of the paragraph. */
        EMIT_TO(i);
        if (cl > open + 1 && caption_line(f, open + 1, cl) < 0)
          return -1;
        const char *q = memchr(s + cl, '"', pe - cl);
        const char *qe = q ? memchr(q + 1, '"', (size_t)(s + pe - q - 1)) : NULL;
        if (qe && qe > q + 1 &&
            caption_line(f, (size_t)(q + 1 - s), (size_t)(qe - s)) < 0)
          return -1;
        run = i = pe + 1;
        continue;
      }
      /* [text](target): the text stays, the target goes */
      EMIT_TO(i);
      run = open + 1;
      i = open + 1;
      skip_from = cl;
      skip_to = pe + 1;
    } else {
      i++;
    }
  }
  while (le > run && (s[le - 1] == '\r'))
    le--;
  EMIT_TO(le);
#undef EMIT_TO
  return 0;
}

/* A paragraph: its source lines, read as logical lines for matching (a
 * credit wrapped over two lines is found), every byte at its true place:
 * the line breaks between joined lines read as spaces (see joins). */
typedef struct {
  size_t (*ln)[2]; /* text start and end of each line, markers dropped */
  size_t n, cap;
  int kind;        /* of the first line */
  cl_buf joined;   /* the shown text of a plain paragraph, for the filter */
} para;

static int para_add(para *pg, size_t p, size_t le) {
  if (pg->n == pg->cap) {
    size_t cap = pg->cap ? pg->cap * 2 : 16;
    size_t(*v)[2] = realloc(pg->ln, cap * sizeof *v);
    if (!v)
      return -1;
    pg->ln = v;
    pg->cap = cap;
  }
  pg->ln[pg->n][0] = p;
  pg->ln[pg->n][1] = le;
  pg->n++;
  return 0;
}

/* Whether source line A's text ends open ("Produced in association
 * with", "© 2024", "Edited by", "originally published on the") or line B's
 * text goes on a sentence (starts lower case or with punctuation): then
 * the soft line break between them joins them into one logical line.  A
 * line that ends closed ("© 2024 Acme Ltd. All rights reserved.") and a
 * next line that starts a new credit ("Produced in association with X")
 * stay two lines, as they read in the source, so a greedy capture of one
 * does not swallow the other. */
static int joins(const char *s, size_t ap, size_t ae, size_t bp, size_t be) {
  /* The next line goes on a sentence: the cheapest test first. */
  while (bp < be && (s[bp] == '*' || s[bp] == '_' || s[bp] == '[' || s[bp] == '`'))
    bp++;
  if (bp < be && ((s[bp] >= 'a' && s[bp] <= 'z') || s[bp] == ',' ||
                  s[bp] == '.' || s[bp] == ')' || s[bp] == ';'))
    return 1;
  while (ae > ap && (is_sp(s[ae - 1]) || s[ae - 1] == '\r'))
    ae--;
  /* markup around the last word: "*Edited by*", "[the" */
  while (ae > ap && (s[ae - 1] == '*' || s[ae - 1] == '_' || s[ae - 1] == '['))
    ae--;
  return cl_fmt_ends_open(s + ap, ae - ap);
}

/* Emits lines [from, to) of the paragraph as one logical line. */
static int logical_line(cl_fmt *f, para *pg, size_t from, size_t to) {
  const char *s = f->t->src;
  if (f->keep && f->line.len == 0) {
    /* Shown as written (no inline markup, no run of spaces to collapse),
     * so the visible line is the lines joined: a line the filter drops
     * would be dropped once built, and most prose is never built. */
    const char *text = "";
    size_t len = 0;
    int plain = 1;
    cl_buf_clear(&pg->joined);
    for (size_t k = from; k < to && plain; k++) {
      size_t p = pg->ln[k][0], e = pg->ln[k][1];
      while (e > p && (s[e - 1] == '\r' || s[e - 1] == ' '))
        e--;
      plain = plain_run(s, p, e);
      if (plain && to - from == 1) {
        text = s + p;
        len = e - p;
      } else if (plain && ((k > from && cl_buf_put(&pg->joined, " ", 1) < 0) ||
                           cl_buf_put(&pg->joined, s + p, e - p) < 0)) {
        return -1;
      }
    }
    if (plain && to - from > 1) {
      text = pg->joined.ptr ? pg->joined.ptr : "";
      len = pg->joined.len;
    }
    unsigned tag = plain ? f->keep(f->keep_ud, text, len) : 0;
    if (plain && tag == 0)
      return 0;
    /* Built, the line is this very text (a tab in it, which the build
     * makes a space, has the tag say "scan it again normalised"). */
    f->kept = tag;
  }
  for (size_t k = from; k < to; k++) {
    if (k > from) {
      /* The line break before this line, shown as a space. */
      size_t prev = pg->ln[k - 1][1];
      const char *br = memchr(s + prev, '\n', pg->ln[k][0] - prev);
      size_t at = br ? (size_t)(br - s) : prev;
      if (cl_fmt_put(f, "\n", 1, NULL, at, CL_SCOPE_BODY) < 0)
        return -1;
    }
    if (inline_emit(f, pg->ln[k][0], pg->ln[k][1]) < 0)
      return -1;
  }
  return cl_fmt_flush(f);
}

static int para_flush(cl_fmt *f, para *pg) {
  const char *s = f->t->src;
  size_t n = pg->n, from = 0;
  pg->n = 0;
  for (size_t k = 1; k <= n; k++)
    if (k == n || !joins(s, pg->ln[k - 1][0], pg->ln[k - 1][1], pg->ln[k][0],
                         pg->ln[k][1])) {
      if (logical_line(f, pg, from, k) < 0)
        return -1;
      from = k;
    }
  return 0;
}

int cl_fmt_markdown_extract(cl_fmt *f) {
  const char *s = f->t->src;
  size_t n = f->t->src_len, p = 0;
  int in_fence = 0, prev_blank = 1, prev_code = 0;
  char fence_ch = 0;
  size_t fence_len = 0;

  /* Front matter at the very start: YAML between "---" and "---" (or
   * "..."), TOML between "+++" and "+++". */
  int toml = n >= 4 && memcmp(s, "+++", 3) == 0;
  if (n >= 4 && (memcmp(s, "---", 3) == 0 || toml) &&
      (s[3] == '\n' || s[3] == '\r')) {
    size_t ys = s[3] == '\r' && n > 4 && s[4] == '\n' ? 5 : 4;
    size_t q = ys;
    while (q < n) {
      const char *nl = memchr(s + q, '\n', n - q);
      size_t le = nl ? (size_t)(nl - s) : n;
      size_t e = le > q && s[le - 1] == '\r' ? le - 1 : le;
      if (e - q == 3 &&
          (toml ? memcmp(s + q, "+++", 3) == 0
                : memcmp(s + q, "---", 3) == 0 || memcmp(s + q, "...", 3) == 0)) {
        if ((toml ? toml_front_matter(f, ys, q) : front_matter(f, ys, q, 2)) < 0)
          return -1;
        p = nl ? le + 1 : n;
        break;
      }
      q = nl ? le + 1 : n;
    }
  }

  para pg = {0};
  int rc = 0;
  while (p < n && rc == 0) {
    const char *nl = memchr(s + p, '\n', n - p);
    size_t le = nl ? (size_t)(nl - s) : n;
    size_t first;
    size_t ind = indent_of(s, p, le, &first);
    int blank = first >= le || (s[first] == '\r' && first + 1 >= le);
    char ch;
    size_t fl;
    if (in_fence) {
      if (ind < 4 && (fl = fence_at(s, first, le, &ch)) && ch == fence_ch &&
          fl >= fence_len)
        in_fence = 0;
    } else if (pg.n == 0 && !blank && ind >= 4 && (prev_blank || prev_code)) {
      prev_code = 1; /* indented code (it cannot interrupt a paragraph) */
    } else if (ind < 4 && (fl = fence_at(s, first, le, &ch))) {
      rc = para_flush(f, &pg);
      in_fence = 1;
      fence_ch = ch;
      fence_len = fl;
    } else if (blank) {
      rc = para_flush(f, &pg);
      prev_blank = 1;
    } else if (is_rule_line(s, first, le)) {
      rc = para_flush(f, &pg); /* a break, or a setext underline */
    } else {
      prev_blank = 0;
      prev_code = 0;
      size_t tp = first, te = le;
      int kind = block_marks(s, &tp, &te);
      /* A heading or table row is a line of its own; a list item or a
       * quote starts a new paragraph, which plain lines continue. */
      if (pg.n && (pg.kind == LN_HEADING || pg.kind == LN_TABLE ||
                   (kind != LN_TEXT && !(kind == LN_QUOTE && pg.kind == LN_QUOTE))))
        rc = para_flush(f, &pg);
      if (rc == 0 && pg.n == 0)
        pg.kind = kind;
      if (rc == 0)
        rc = para_add(&pg, tp, te);
    }
    if (!blank && !prev_code)
      prev_blank = 0;
    p = nl ? le + 1 : n;
  }
  if (rc == 0)
    rc = para_flush(f, &pg);
  free(pg.ln);
  cl_buf_free(&pg.joined);
  return rc;
}
