/* fmt_markdown.c - Markdown: YAML front matter read as metadata (libyaml),
 * prose lines scanned with their markup (emphasis, heading marks, quote and
 * list markers, link targets) left out but their true columns kept; fenced
 * and indented code blocks are not prose. */
#include "fmt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

/* ----------------------------------------------------- front matter */

/* Largest front matter read as metadata (docs/security.md). */
#define CL_FRONT_MATTER_MAX (64u * 1024)

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

static int fm_add(fm_ctx *c, yaml_node_t *v, cl_kind kind, const char *rule,
                  const char *role) {
  int err = 0;
  if (v->type == YAML_SEQUENCE_NODE) {
    for (yaml_node_item_t *it = v->data.sequence.items.start;
         it < v->data.sequence.items.top; it++)
      if (fm_add(c, yaml_document_get_node(c->doc, *it), kind, rule, role) < 0)
        return -1;
    return 0;
  }
  if (v->type == YAML_MAPPING_NODE) {
    /* {name: X, ...} */
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
         p < v->data.mapping.pairs.top; p++) {
      const char *k = scalar(yaml_document_get_node(c->doc, p->key));
      if (k && (strcmp(k, "name") == 0 || strcmp(k, "holder") == 0))
        return fm_add(c, yaml_document_get_node(c->doc, p->value), kind, rule, role);
    }
    return 0;
  }
  const char *s = scalar(v);
  if (!s)
    return 0;
  size_t off = mark_off(c, v->start_mark);
  cl_credit *cr = strcmp(rule, "frontmatter:copyright") == 0
                      ? cl_fmt_meta_notice(c->f, rule, off, s, &err)
                      : cl_fmt_meta(c->f, kind, rule, off, s, NULL, &err);
  if (cr && role && cl_fmt_field(c->f, cr, "role", role) < 0)
    return -1;
  return err;
}

static int front_matter(cl_fmt *f, size_t start, size_t end,
                        unsigned first_line) {
  static const struct {
    const char *key;
    cl_kind kind;
    const char *rule, *role;
  } keys[] = {
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
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
      if (strcasecmp(k, keys[i].key) == 0)
        rc = fm_add(&c, v, keys[i].kind, keys[i].rule, keys[i].role);
  }
cleanup:
  if (have_doc)
    yaml_document_delete(&doc);
  if (have_parser)
    yaml_parser_delete(&parser);
  return rc;
}

/* ------------------------------------------------------------ prose */

static int is_sp(char c) { return c == ' ' || c == '\t'; }

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

/* 1 if [p, le) holds nothing prose_line would drop or change: no inline
 * markup byte and no two white space bytes in a row (a collapsed run could
 * join a trigger such as "alle rechte"). */
static int plain_run(const char *s, size_t p, size_t le) {
  static const unsigned char special[256] = {
      ['\\'] = 1, ['*'] = 1, ['_'] = 1, ['`'] = 1, ['['] = 1,
      ['\t'] = 2, ['\f'] = 2, ['\r'] = 2, [' '] = 2};
  unsigned bad = 0, prev = 0;
  size_t i = p;
#if defined(__GNUC__)
  /* Sixteen bytes at a time (GCC vector extensions: SIMD where the target
   * has it); lane j looks at byte j and the one after it. */
  typedef unsigned char v16 __attribute__((vector_size(16)));
  v16 acc = {0};
  for (; i + 17 <= le; i += 16) {
    v16 x, y;
    memcpy(&x, s + i, 16);
    memcpy(&y, s + i + 1, 16);
    v16 wx = (v16)((x == ' ') | (x == '\t') | (x == '\f') | (x == '\r'));
    v16 wy = (v16)((y == ' ') | (y == '\t') | (y == '\f') | (y == '\r'));
    acc |= (v16)((x == '\\') | (x == '*') | (x == '_') | (x == '`') |
                 (x == '[')) |
           (wx & wy);
  }
  uint64_t half[2];
  memcpy(half, &acc, sizeof half);
  if (half[0] | half[1])
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

/* Emits the prose of [p, le) without its markup. */
static int prose_line(cl_fmt *f, size_t p, size_t le) {
  const char *s = f->t->src;
  /* Block markers: quotes, heading marks, list bullets. */
  for (int again = 1; again;) {
    again = 0;
    while (p < le && is_sp(s[p]))
      p++;
    if (p < le && s[p] == '>') {
      p++;
      again = 1;
    }
  }
  if (p < le && s[p] == '#') {
    size_t k = p;
    while (k < le && s[k] == '#')
      k++;
    if (k - p <= 6 && (k == le || is_sp(s[k]))) {
      p = k;
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
  } else {
    size_t k = p;
    while (k < le && s[k] >= '0' && s[k] <= '9')
      k++;
    if (k > p && k - p < 10 && k + 1 < le && (s[k] == '.' || s[k] == ')') &&
        is_sp(s[k + 1]))
      p = k + 2;
  }
  if (f->keep && f->line.len == 0 && plain_run(s, p, le)) {
    /* Shown as written (no inline markup, no run of spaces to collapse),
     * so the visible line is this run less trailing spaces: a run the
     * line filter drops would be dropped once built, and most prose lines
     * are never built at all. */
    size_t e = le;
    while (e > p && s[e - 1] == '\r')
      e--;
    if (f->keep(f->keep_ud, s + p, e - p) == 0)
      return 0;
  }
  size_t run = p;
#define EMIT_TO(e)                                                         \
  do {                                                                     \
    if ((e) > run && cl_fmt_put(f, s + run, (e) - run, NULL, run,          \
                                CL_SCOPE_BODY) < 0)                        \
      return -1;                                                           \
  } while (0)
  size_t skip_from = (size_t)-1, skip_to = 0;
  for (size_t i = p; i < le;) {
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
      /* [text](target): the text stays, the target goes */
      EMIT_TO(i);
      run = open + 1;
      i = open + 1;
      skip_from = cl;
      skip_to = (size_t)(paren - s) + 1;
    } else {
      i++;
    }
  }
  while (le > run && (s[le - 1] == '\r'))
    le--;
  EMIT_TO(le);
#undef EMIT_TO
  return cl_fmt_flush(f);
}

int cl_fmt_markdown_extract(cl_fmt *f) {
  const char *s = f->t->src;
  size_t n = f->t->src_len, p = 0;
  int in_fence = 0, prev_blank = 1, prev_code = 0;
  char fence_ch = 0;
  size_t fence_len = 0;

  /* Front matter: "---" ... "---" (or "...") at the very start. */
  if (n >= 4 && memcmp(s, "---", 3) == 0 && (s[3] == '\n' || s[3] == '\r')) {
    size_t ys = s[3] == '\r' && n > 4 && s[4] == '\n' ? 5 : 4;
    size_t q = ys;
    unsigned l = 2;
    while (q < n) {
      const char *nl = memchr(s + q, '\n', n - q);
      size_t le = nl ? (size_t)(nl - s) : n;
      size_t e = le > q && s[le - 1] == '\r' ? le - 1 : le;
      if (e - q == 3 && (memcmp(s + q, "---", 3) == 0 || memcmp(s + q, "...", 3) == 0)) {
        if (front_matter(f, ys, q, 2) < 0)
          return -1;
        p = nl ? le + 1 : n;
        break;
      }
      q = nl ? le + 1 : n;
      l++;
    }
  }

  while (p < n) {
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
    } else if (ind < 4 && (fl = fence_at(s, first, le, &ch))) {
      in_fence = 1;
      fence_ch = ch;
      fence_len = fl;
    } else if (!blank && ind >= 4 && (prev_blank || prev_code)) {
      prev_code = 1; /* indented code */
    } else if (blank) {
      prev_blank = 1;
    } else {
      prev_blank = 0;
      prev_code = 0;
      if (!is_rule_line(s, first, le) && prose_line(f, first, le) < 0)
        return -1;
    }
    if (!blank && !prev_code)
      prev_blank = 0;
    p = nl ? le + 1 : n;
  }
  return 0;
}
