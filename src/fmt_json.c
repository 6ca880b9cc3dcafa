/* fmt_json.c - JSON news documents: IPTC ninjs (rights fields as metadata,
 * body text scanned) and schema.org JSON-LD (files, or script blocks of a
 * page).  jansson parses; yajl's tokenizer tells where each value is, and
 * scanned strings are decoded byte by byte so that every byte keeps its
 * position. */
#include "fmt.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yajl/yajl_parse.h>

/* --------------------------------------------------- string literals */

static int hex4(const char *p, uint32_t *v) {
  *v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0)
      return -1;
    *v = *v * 16 + (uint32_t)d;
  }
  return 0;
}

/* Decodes the string literal whose '"' is at span offset Q into OUT with,
 * per byte, its document offset in *MAP (malloc'd, len + 1 entries).
 * 0, 1 if it is no valid literal, -1 on ENOMEM. */
static int literal_decode(const cl_span *s, size_t q, cl_buf *out,
                          size_t **map) {
  cl_buf_clear(out);
  *map = NULL;
  if (q >= s->len || s->buf[q] != '"')
    return 1;
  size_t cap = 64, i = q + 1;
  size_t *m = malloc(cap * sizeof *m);
  if (!m)
    return -1;
  while (i < s->len && s->buf[i] != '"') {
    char tmp[8];
    size_t tn = 0, at = i;
    if (s->buf[i] == '\\') {
      if (i + 1 >= s->len)
        break;
      char e = s->buf[i + 1];
      uint32_t cp;
      i += 2;
      switch (e) {
      case 'n': tmp[tn++] = '\n'; break;
      case 't': tmp[tn++] = '\t'; break;
      case 'r': tmp[tn++] = '\r'; break;
      case 'b': tmp[tn++] = '\b'; break;
      case 'f': tmp[tn++] = '\f'; break;
      case 'u':
        if (i + 4 > s->len || hex4(s->buf + i, &cp) < 0)
          goto bad;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= s->len &&
            s->buf[i] == '\\' && s->buf[i + 1] == 'u') {
          uint32_t lo;
          if (hex4(s->buf + i + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        tn = cl_utf8_encode(cp, tmp);
        break;
      default: tmp[tn++] = e; break;
      }
    } else {
      tmp[tn++] = s->buf[i++];
    }
    if (out->len + tn + 1 >= cap) {
      while (out->len + tn + 1 >= cap)
        cap *= 2;
      size_t *nm = realloc(m, cap * sizeof *nm);
      if (!nm) {
        free(m);
        return -1;
      }
      m = nm;
    }
    for (size_t k = 0; k < tn; k++)
      m[out->len + k] = cl_span_off(s, at);
    if (cl_buf_put(out, tmp, tn) < 0) {
      free(m);
      return -1;
    }
  }
  if (i >= s->len)
    goto bad;
  m[out->len] = cl_span_off(s, i);
  *map = m;
  return 0;
bad:
  free(m);
  return 1;
}

/* ---------------------------------------------------------- positions */

/* Where each value of the document is written, from yajl's tokenizer:
 * jansson keeps no positions, and searching the source for a value finds
 * the first place it occurs, not the one it came from.  One pass over the
 * span follows jansson's tree with yajl's events (key by key, index by
 * index) and keys the span offset of each value by its jansson node. */

typedef struct {
  const json_t *v;
  size_t at; /* span offset of the value's first byte (a string's '"') */
} json_pos_ent;

typedef struct {
  json_pos_ent *tab; /* open addressing; cap is a power of two */
  size_t cap, n;
} json_pos;

static size_t pos_hash(const json_t *v, size_t cap) {
  return (size_t)(((uintptr_t)v >> 4) * 0x9E3779B97F4A7C15ull) & (cap - 1);
}

static int pos_put(json_pos *p, const json_t *v, size_t at) {
  if (2 * (p->n + 1) > p->cap) {
    size_t cap = p->cap ? 2 * p->cap : 64;
    json_pos_ent *t = calloc(cap, sizeof *t);
    if (!t)
      return -1;
    for (size_t i = 0; i < p->cap; i++) {
      if (!p->tab[i].v)
        continue;
      size_t h = pos_hash(p->tab[i].v, cap);
      while (t[h].v)
        h = (h + 1) & (cap - 1);
      t[h] = p->tab[i];
    }
    free(p->tab);
    p->tab = t;
    p->cap = cap;
  }
  size_t h = pos_hash(v, p->cap);
  while (p->tab[h].v && p->tab[h].v != v)
    h = (h + 1) & (p->cap - 1);
  if (!p->tab[h].v)
    p->n++;
  /* A key given twice: jansson keeps the last, and so does this. */
  p->tab[h].v = v;
  p->tab[h].at = at;
  return 0;
}

/* Span offset where V is written, or FALLBACK. */
static size_t pos_get(const json_pos *p, const json_t *v, size_t fallback) {
  if (!v || !p->cap)
    return fallback;
  size_t h = pos_hash(v, p->cap);
  for (; p->tab[h].v; h = (h + 1) & (p->cap - 1))
    if (p->tab[h].v == v)
      return p->tab[h].at;
  return fallback;
}

#define POS_DEPTH 66 /* past the reader's own depth cap nothing is read */

typedef struct {
  const cl_span *s;
  json_t *root;
  json_pos *pos;
  yajl_handle h;
  json_t *stack[POS_DEPTH]; /* open containers; NULL where jansson differs */
  size_t index[POS_DEPTH];  /* an array's next index */
  size_t depth;
  json_t *keyed; /* the member the last key names */
  size_t end;    /* span offset past the last token */
} pos_pass;

/* 1 if V is a value of KIND: '{', '[', '"', or '.' (any other). */
static int pos_fits(const json_t *v, char kind) {
  switch (kind) {
  case '{': return json_is_object(v);
  case '[': return json_is_array(v);
  case '"': return json_is_string(v);
  default: return v && !json_is_object(v) && !json_is_array(v) && !json_is_string(v);
  }
}

/* The jansson node of the value yajl just met, if it is of KIND. */
static json_t *pos_node(pos_pass *p, char kind) {
  json_t *v = NULL;
  if (p->depth == 0)
    v = p->root;
  else if (p->depth <= POS_DEPTH && p->stack[p->depth - 1]) {
    json_t *parent = p->stack[p->depth - 1];
    v = json_is_object(parent) ? p->keyed
                               : json_array_get(parent, p->index[p->depth - 1]++);
  }
  p->keyed = NULL;
  return pos_fits(v, kind) ? v : NULL;
}

/* Records where the value just met starts: past the previous token, the
 * blanks and the ':' or ',' between them (linear over the span). */
static int pos_value(pos_pass *p, char kind) {
  size_t i = p->end, stop = yajl_get_bytes_consumed(p->h);
  while (i < stop && (p->s->buf[i] == ' ' || p->s->buf[i] == '\t' ||
                      p->s->buf[i] == '\r' || p->s->buf[i] == '\n' ||
                      p->s->buf[i] == ':' || p->s->buf[i] == ','))
    i++;
  json_t *v = pos_node(p, kind);
  p->end = stop;
  /* Numbers and literals are never credits: only their index counts. */
  if (v && kind != '.' && pos_put(p->pos, v, i) < 0)
    return 0;
  if (kind == '{' || kind == '[') {
    if (p->depth < POS_DEPTH) {
      p->stack[p->depth] = v;
      p->index[p->depth] = 0;
    }
    p->depth++;
  }
  return 1;
}

static int pos_scalar(void *ctx) { return pos_value(ctx, '.'); }
static int pos_bool(void *ctx, int b) {
  (void)b;
  return pos_scalar(ctx);
}
static int pos_number(void *ctx, const char *t, size_t n) {
  (void)t, (void)n;
  return pos_scalar(ctx);
}
static int pos_string(void *ctx, const unsigned char *t, size_t n) {
  (void)t, (void)n;
  return pos_value(ctx, '"');
}
static int pos_start_map(void *ctx) { return pos_value(ctx, '{'); }
static int pos_start_array(void *ctx) { return pos_value(ctx, '['); }
static int pos_key(void *ctx, const unsigned char *k, size_t n) {
  pos_pass *p = ctx;
  json_t *o = p->depth && p->depth <= POS_DEPTH ? p->stack[p->depth - 1] : NULL;
  p->keyed = o ? json_object_getn(o, (const char *)k, n) : NULL;
  p->end = yajl_get_bytes_consumed(p->h);
  return 1;
}
static int pos_close(void *ctx) {
  pos_pass *p = ctx;
  p->depth--;
  p->end = yajl_get_bytes_consumed(p->h);
  return 1;
}

/* Fills POS for ROOT, parsed by jansson from S.  -1 on ENOMEM; a value
 * yajl cannot place keeps no position (its object's is used). */
static int pos_build(json_pos *pos, const cl_span *s, json_t *root) {
  static const yajl_callbacks cb = {
      pos_scalar, pos_bool,      NULL,    NULL,      pos_number,     pos_string,
      pos_start_map, pos_key, pos_close, pos_start_array, pos_close};
  pos_pass p = {.s = s, .root = root, .pos = pos};
  p.h = yajl_alloc(&cb, NULL, &p);
  if (!p.h)
    return -1;
  yajl_status st = yajl_parse(p.h, (const unsigned char *)s->buf, s->len);
  if (st == yajl_status_ok)
    st = yajl_complete_parse(p.h);
  yajl_free(p.h);
  /* Cancelled by a callback only when out of memory. */
  return st == yajl_status_client_canceled ? -1 : 0;
}

/* ------------------------------------------------------------ reader */

typedef struct {
  cl_fmt *f;
  const cl_span *s;
  int scan_body;    /* 1: body fields are visible text (whole documents) */
  cl_buf lit;       /* scratch for decoded literals */
  json_t *root;     /* the document, where "@id" references point */
  json_pos pos;     /* where each value is written */
} json_ctx;

/* Span offset of the first character of string V's text, or FALLBACK. */
static size_t text_at(const json_ctx *c, const json_t *v, size_t fallback) {
  size_t q = pos_get(&c->pos, v, (size_t)-1);
  return q == (size_t)-1 ? fallback : q + 1;
}

/* 1 if the @type of O (a string or a list) is one PRED accepts. */
static int type_is(json_t *o, int (*pred)(const char *)) {
  json_t *t = json_is_object(o) ? json_object_get(o, "@type") : NULL;
  if (json_is_string(t))
    return pred(json_string_value(t));
  for (size_t i = 0; json_is_array(t) && i < json_array_size(t); i++) {
    json_t *e = json_array_get(t, i);
    if (json_is_string(e) && pred(json_string_value(e)))
      return 1;
  }
  return 0;
}

/* The node of the document whose "@id" is ID and that says more than its
 * id (the full description a reference points to), or NULL. */
static json_t *node_by_id(json_t *v, const char *id, int depth) {
  if (depth > 64)
    return NULL;
  if (json_is_object(v)) {
    json_t *i = json_object_get(v, "@id");
    if (json_is_string(i) && strcmp(json_string_value(i), id) == 0 &&
        json_object_size(v) > 1)
      return v;
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val) {
      json_t *n = node_by_id(val, id, depth + 1);
      if (n)
        return n;
    }
  } else if (json_is_array(v)) {
    for (size_t k = 0; k < json_array_size(v); k++) {
      json_t *n = node_by_id(json_array_get(v, k), id, depth + 1);
      if (n)
        return n;
    }
  }
  return NULL;
}

/* A web address or a reference ("#publisher") names nobody. */
static int is_reference(const char *s) {
  return s[0] == '#' || strncmp(s, "http://", 7) == 0 ||
         strncmp(s, "https://", 8) == 0;
}

/* The name V stands for (a string node): a string, or an object's name; a
 * reference by "@id" is followed to the node it names.  *OBJ gets the
 * object. */
static json_t *str_or_name(json_t *root, json_t *v, json_t **obj) {
  *obj = NULL;
  if (json_is_string(v))
    return v;
  if (!json_is_object(v))
    return NULL;
  json_t *n = json_object_get(v, "name");
  if (!json_is_string(n))
    n = json_object_get(v, "legalName");
  if (!json_is_string(n)) {
    json_t *id = json_object_get(v, "@id");
    json_t *full = json_is_string(id) && root
                       ? node_by_id(root, json_string_value(id), 0)
                       : NULL;
    if (full && full != v)
      return str_or_name(NULL, full, obj);
    return NULL;
  }
  *obj = v;
  return n;
}

/* The name element E of a credit stands for, or NULL; *AT gets where it is
 * written (where E is, for a name behind a reference), else FALLBACK. */
static const char *name_at(json_ctx *c, json_t *e, size_t fallback,
                           json_t **obj, size_t *at) {
  json_t *n = str_or_name(c->root, e, obj);
  if (!n)
    return NULL;
  *at = *obj && *obj != e ? pos_get(&c->pos, e, fallback)
                          : text_at(c, n, fallback);
  return json_string_value(n);
}

/* Adds one metadata credit for each value of KEY in O (string, object with
 * a name, or array of those). */
static int add_values(json_ctx *c, json_t *o, size_t obj_at, const char *key,
                      cl_kind kind, const char *rule, const char *role,
                      const char *years) {
  json_t *v = json_object_get(o, key);
  if (!v)
    return 0;
  size_t base = pos_get(&c->pos, v, obj_at), at = base;
  size_t n = json_is_array(v) ? json_array_size(v) : 1;
  for (size_t i = 0; i < n; i++) {
    json_t *e = json_is_array(v) ? json_array_get(v, i) : v, *obj;
    const char *val = name_at(c, e, base, &obj, &at);
    /* A licence or the story a work is based on may be a web address; a
     * person's or holder's name may not. */
    int names = kind != CL_KIND_LICENSE &&
                !(role && strcmp(role, "based-on") == 0);
    if (!val || (names && is_reference(val)))
      continue;
    int err = 0;
    /* An author described as an organisation is no person's byline, nor
     * a list of persons. */
    int org = kind == CL_KIND_AUTHOR && type_is(obj, cl_fmt_schema_org);
    size_t k = 1;
    cl_credit *cr =
        kind == CL_KIND_COPYRIGHT && !years && strstr(rule, "otice")
            ? cl_fmt_meta_notice(c->f, rule, cl_span_off(c->s, at), val, &err)
            : cl_fmt_meta(c->f, kind, rule, cl_span_off(c->s, at), val, years,
                          org ? NULL : &k, &err);
    if (err < 0 || (cr && role && cl_fmt_fields(c->f, cr, k, "role", role) < 0))
      return -1;
    if (cr && org && cl_fmt_field(c->f, cr, "entity", "organization") < 0)
      return -1;
  }
  return 0;
}

/* Scans the string value of KEY as visible text: lines split at "\n"; HTML
 * when AS_HTML. */
static int scan_text(json_ctx *c, json_t *o, size_t obj_at, const char *key,
                     int as_html) {
  json_t *v = json_object_get(o, key);
  if (!json_is_string(v) || !c->scan_body)
    return 0;
  size_t kat = pos_get(&c->pos, v, (size_t)-1);
  size_t *map = NULL;
  int rc = kat == (size_t)-1 ? 1 : literal_decode(c->s, kat, &c->lit, &map);
  if (rc < 0)
    return -1;
  if (rc == 0 && (c->lit.len != json_string_length(v) ||
                  (c->lit.len &&
                   memcmp(c->lit.ptr, json_string_value(v), c->lit.len) != 0)))
    rc = 1;
  if (rc == 1) {
    /* Not found as written: use jansson's text, placed at the key. */
    free(map);
    size_t n = json_string_length(v);
    size_t at = cl_span_off(c->s, kat == (size_t)-1 ? obj_at : kat);
    map = malloc((n + 1) * sizeof *map);
    cl_buf_clear(&c->lit);
    if (!map || cl_buf_put(&c->lit, json_string_value(v), n) < 0) {
      free(map);
      return -1;
    }
    for (size_t i = 0; i <= n; i++)
      map[i] = at;
  }
  if (c->lit.len == 0) { /* nothing visible; lit.ptr may be NULL */
    free(map);
    return 0;
  }
  if (as_html) {
    cl_span sub = {c->lit.ptr, c->lit.len, map, 0};
    rc = cl_fmt_html_fragment(c->f, &sub);
  } else {
    rc = 0;
    size_t start = 0;
    for (size_t i = 0; i <= c->lit.len && rc == 0; i++) {
      if (i < c->lit.len && c->lit.ptr[i] != '\n')
        continue;
      rc = cl_fmt_put(c->f, c->lit.ptr + start, i - start, map + start, 0,
                      CL_SCOPE_BODY);
      if (rc == 0)
        rc = cl_fmt_flush(c->f);
      start = i + 1;
    }
  }
  free(map);
  return rc;
}

static int has_key(json_t *o, const char *const *keys) {
  for (; *keys; keys++)
    if (json_object_get(o, *keys))
      return 1;
  return 0;
}

static const char *const ld_keys[] = {
    "author", "editor", "copyrightHolder", "copyrightYear", "copyrightNotice",
    "creditText", "publisher", "sourceOrganization", "isBasedOn", "license",
    NULL};
static const char *const ninjs_keys[] = {
    "copyrightholder", "copyrightnotice", "usageterms", "byline", "by",
    "body_text", "body_html", "description_text", NULL};

/* O's copyrightYear (a number or a string) into YEARS, or "". */
static void copyright_year(json_t *o, char *years, size_t cap) {
  json_t *y = json_object_get(o, "copyrightYear");
  years[0] = '\0';
  if (json_is_integer(y))
    snprintf(years, cap, "%lld", (long long)json_integer_value(y));
  else if (json_is_string(y))
    snprintf(years, cap, "%s", json_string_value(y));
}

static int jsonld_object(json_ctx *c, json_t *o, size_t at) {
  char years[32];
  copyright_year(o, years, sizeof years);
  const char *yp = years[0] ? years : NULL;
  if (add_values(c, o, at, "author", CL_KIND_AUTHOR, "jsonld:author", NULL, NULL) < 0 ||
      add_values(c, o, at, "creator", CL_KIND_AUTHOR, "jsonld:creator", NULL, NULL) < 0 ||
      add_values(c, o, at, "editor", CL_KIND_EDITOR, "jsonld:editor", NULL, NULL) < 0 ||
      add_values(c, o, at, "copyrightHolder", CL_KIND_COPYRIGHT,
                 "jsonld:copyrightHolder", NULL, yp ? yp : "") < 0 ||
      add_values(c, o, at, "copyrightNotice", CL_KIND_COPYRIGHT,
                 "jsonld:copyrightNotice", NULL, NULL) < 0 ||
      add_values(c, o, at, "creditText", CL_KIND_SOURCE, "jsonld:creditText",
                 "credit", NULL) < 0 ||
      add_values(c, o, at, "publisher", CL_KIND_SOURCE, "jsonld:publisher",
                 "publisher", NULL) < 0 ||
      add_values(c, o, at, "sourceOrganization", CL_KIND_SOURCE,
                 "jsonld:sourceOrganization", "credit", NULL) < 0 ||
      add_values(c, o, at, "isBasedOn", CL_KIND_SOURCE, "jsonld:isBasedOn",
                 "based-on", NULL) < 0 ||
      add_values(c, o, at, "license", CL_KIND_LICENSE, "jsonld:license", NULL,
                 NULL) < 0)
    return -1;
  if (scan_text(c, o, at, "articleBody", 0) < 0 || scan_text(c, o, at, "text", 0) < 0)
    return -1;
  json_t *when = json_object_get(o, "datePublished");
  return json_is_string(when) ? cl_fmt_date(c->f, "date", json_string_value(when))
                              : 0;
}

/* The first name of KEY in O (a string, an object with a name, or the
 * first of an array of those), or NULL; *AT (if AT) gets where it is. */
static const char *first_name(json_ctx *c, json_t *o, const char *key,
                              size_t *at) {
  json_t *v = json_object_get(o, key), *obj;
  size_t where = 0;
  const char *name = name_at(c, json_is_array(v) ? json_array_get(v, 0) : v,
                             pos_get(&c->pos, v, 0), &obj, &where);
  if (at)
    *at = where;
  /* A licence is often its URL; a name is never one. */
  return name && (strcmp(key, "license") == 0 || !is_reference(name)) ? name
                                                                       : NULL;
}

/* A picture's credits (an ImageObject, or the value of an article's
 * "image"): one image credit, never the article's holder or author.  Its
 * value is the credit text, else the copyright holder, creator or
 * author; the copyright year and licence go with it. */
static int jsonld_image(json_ctx *c, json_t *o, size_t at) {
  static const char *const keys[] = {"creditText", "copyrightHolder",
                                     "creator", "author", NULL};
  const char *key = NULL, *val = NULL;
  size_t off = at;
  for (const char *const *k = keys; *k && !val; k++)
    if ((val = first_name(c, o, *k, &off)))
      key = *k;
  if (!val)
    return 0;
  char years[32];
  copyright_year(o, years, sizeof years);
  int err = 0;
  char rule[48];
  snprintf(rule, sizeof rule, "jsonld:image:%s", key);
  cl_credit *cr = cl_fmt_meta(c->f, CL_KIND_IMAGE, rule, cl_span_off(c->s, off),
                              val, years[0] ? years : NULL, NULL, &err);
  if (!cr)
    return err;
  const char *lic = first_name(c, o, "license", NULL);
  const char *by = first_name(c, o, "creator", NULL);
  const char *holder = first_name(c, o, "copyrightHolder", NULL);
  if (!by)
    by = first_name(c, o, "author", NULL);
  if ((lic && cl_fmt_field(c->f, cr, "license", lic) < 0) ||
      (by && strcmp(by, val) != 0 && cl_fmt_field(c->f, cr, "person", by) < 0) ||
      (holder && cl_fmt_field(c->f, cr, "holder", holder) < 0))
    return -1;
  return cl_credit_image_fill(&c->f->d->arena, cr);
}

/* The pictures of an article: "image", "associatedMedia", ... hold
 * ImageObjects (or plain objects read as such), alone or in arrays. */
static int jsonld_images(json_ctx *c, json_t *o, size_t at) {
  static const char *const keys[] = {"image", "associatedMedia", "thumbnail",
                                     "primaryImageOfPage", "photo", NULL};
  for (const char *const *k = keys; *k; k++) {
    json_t *v = json_object_get(o, *k);
    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    for (size_t i = 0; v && i < n && i < 64; i++) {
      json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
      if (json_is_object(e) && jsonld_image(c, e, pos_get(&c->pos, e, at)) < 0)
        return -1;
    }
  }
  return 0;
}

static int ninjs_object(json_ctx *c, json_t *o, size_t at) {
  if (add_values(c, o, at, "copyrightholder", CL_KIND_COPYRIGHT,
                 "ninjs:copyrightholder", NULL, "") < 0 ||
      add_values(c, o, at, "copyrightnotice", CL_KIND_COPYRIGHT,
                 "ninjs:copyrightnotice", NULL, NULL) < 0 ||
      add_values(c, o, at, "usageterms", CL_KIND_LICENSE, "ninjs:usageterms",
                 NULL, NULL) < 0 ||
      add_values(c, o, at, "byline", CL_KIND_AUTHOR, "ninjs:byline", NULL, NULL) < 0 ||
      add_values(c, o, at, "by", CL_KIND_AUTHOR, "ninjs:by", NULL, NULL) < 0)
    return -1;
  json_t *when = json_object_get(o, "firstcreated");
  if (json_is_string(when) &&
      cl_fmt_date(c->f, "first_created", json_string_value(when)) < 0)
    return -1;
  if (scan_text(c, o, at, "description_text", 0) < 0 ||
      scan_text(c, o, at, "body_text", 0) < 0 ||
      scan_text(c, o, at, "body_html", 1) < 0)
    return -1;
  return 0;
}

/* Copyright years given beside the holder: a ninjs notice's years go to
 * the ninjs holder. */
static void share_years(cl_fmt *f, size_t first) {
  const cl_credit *notice = NULL;
  for (size_t i = first; i < f->d->nmeta; i++)
    if (f->d->meta[i].kind == CL_KIND_COPYRIGHT && f->d->meta[i].year_count &&
        strstr(f->d->meta[i].rule, "otice"))
      notice = &f->d->meta[i];
  for (size_t i = first; notice && i < f->d->nmeta; i++) {
    cl_credit *h = &f->d->meta[i];
    if (h->kind == CL_KIND_COPYRIGHT && !h->year_count) {
      h->years = notice->years;
      h->year_count = notice->year_count;
      h->years_text = notice->years_text;
    }
  }
}

static int json_value(json_ctx *c, json_t *v, int depth);

static int json_object_read(json_ctx *c, json_t *o, int depth) {
  size_t at = pos_get(&c->pos, o, 0);
  size_t first = c->f->d->nmeta;
  int ld = has_key(o, ld_keys) || json_object_get(o, "@type") ||
           json_object_get(o, "articleBody");
  int ninjs = has_key(o, ninjs_keys);
  /* Only the article's own object counts, not an image's or the site's;
   * a picture's credits are image credits. */
  if (ld && type_is(o, cl_fmt_schema_image) && jsonld_image(c, o, at) < 0)
    return -1;
  if (ld && !type_is(o, cl_fmt_schema_aside) &&
      (jsonld_object(c, o, at) < 0 || jsonld_images(c, o, at) < 0))
    return -1;
  if (ninjs && ninjs_object(c, o, at) < 0)
    return -1;
  share_years(c->f, first);
  json_t *graph = json_object_get(o, "@graph");
  if (graph && json_value(c, graph, depth + 1) < 0)
    return -1;
  if (!ld && !ninjs && !graph && c->scan_body) {
    /* Other JSON: every string may hold a credit. */
    const char *key;
    json_t *val;
    json_object_foreach(o, key, val) {
      if (json_is_string(val) ? scan_text(c, o, at, key, 0) < 0
                              : json_value(c, val, depth + 1) < 0)
        return -1;
    }
  }
  return 0;
}

static int json_value(json_ctx *c, json_t *v, int depth) {
  if (depth > 64)
    return 0;
  if (json_is_object(v))
    return json_object_read(c, v, depth);
  if (json_is_array(v))
    for (size_t i = 0; i < json_array_size(v); i++)
      if (json_value(c, json_array_get(v, i), depth + 1) < 0)
        return -1;
  return 0;
}

static int json_read(cl_fmt *f, const cl_span *s, int scan_body) {
  json_error_t err;
  json_ctx c = {f, s, scan_body, CL_BUF_INIT, NULL, {NULL, 0, 0}};
  json_t *root = json_loadb(s->buf, s->len, JSON_DECODE_ANY, &err);
  int rc = 0;
  if (!root) {
    unsigned line, col;
    cl_fmt_pos(f, cl_span_off(s, err.position > 0 ? (size_t)err.position - 1 : 0),
               &line, &col);
    rc = cl_docres_add_error(f->d, "%s:%u: JSON not readable: %s", f->d->pub.path,
                             line, err.text);
    goto cleanup;
  }
  c.root = root;
  rc = pos_build(&c.pos, s, root);
  if (rc == 0)
    rc = json_value(&c, root, 0);
cleanup:
  free(c.pos.tab);
  json_decref(root);
  cl_buf_free(&c.lit);
  return rc;
}

int cl_fmt_json_extract(cl_fmt *f, const cl_span *s) {
  return json_read(f, s, 1);
}

int cl_fmt_jsonld_extract(cl_fmt *f, const cl_span *s) {
  return json_read(f, s, 0);
}
