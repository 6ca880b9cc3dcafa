/* policy.c - the licensing policy of a rule set: reading parties,
 * agreements, severities and policy examples from rule files (the rules
 * loader hands over every top-level key but `rules`), cross-checking them
 * once all files are read, name and line keys with aliases, and the
 * self-test of policy examples.  docs/policy.md describes the format. */
#include "policy.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- dates */

static int days_in(int y, int m) {
  static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return dm[m - 1];
}

/* N digits at S as a number, or -1. */
static int digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

int cl_date_parse(const char *s, cl_date_range *out) {
  if (!s)
    return -1;
  int y = digits(s, 4), m = -1, d = -1;
  const char *rest = s + 4;
  if (y < 0)
    return -1;
  if (rest[0] == '-') {
    m = digits(rest + 1, 2);
    if (m < 0)
      return -1;
    rest += 3;
    if (rest[0] == '-') {
      d = digits(rest + 1, 2);
      if (d < 0)
        return -1;
      rest += 3;
    }
  } else if (digits(rest, 4) >= 0) { /* basic format: 20240305 */
    m = digits(rest, 2);
    d = digits(rest + 2, 2);
    rest += 4;
  }
  /* A time may follow a full date; nothing may follow a shorter one. */
  if (*rest && !(d >= 0 && (*rest == 'T' || *rest == ' ')))
    return -1;
  if (y < 1 || (m >= 0 && (m < 1 || m > 12)) ||
      (d >= 0 && (d < 1 || d > days_in(y, m))))
    return -1;
  out->lo = y * 10000L + (m < 0 ? 1 : m) * 100L + (d < 0 ? 1 : d);
  out->hi = y * 10000L + (m < 0 ? 12 : m) * 100L +
            (d >= 0 ? d : days_in(y, m < 0 ? 12 : m));
  return 0;
}

/* ------------------------------------------------------------- freeing */

static void strv_free(char **v, size_t n) {
  for (size_t i = 0; v && i < n; i++)
    free(v[i]);
  free(v);
}

static void party_free(cl_party *p) {
  free(p->name);
  free(p->key);
  strv_free(p->aliases, p->naliases);
  strv_free(p->alias_keys, p->naliases);
  free(p->file);
}

static void agreement_free(cl_agreement *a) {
  free(a->id);
  free(a->partner);
  for (size_t i = 0; i < a->nrequires; i++)
    free(a->requires[i].text);
  free(a->requires);
  strv_free(a->holders, a->nholders);
  strv_free(a->paths, a->npaths);
  free(a->from_text);
  free(a->until_text);
  free(a->file);
}

static void example_free(cl_policy_example *e) {
  free(e->text);
  free(e->path);
  free(e->as_of);
  free(e->expect);
  free(e->file);
}

void cl_policy_free(cl_policy *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->nparties; i++)
    party_free(&p->parties[i]);
  free(p->parties);
  for (size_t i = 0; i < p->nagreements; i++)
    agreement_free(&p->agreements[i]);
  free(p->agreements);
  for (size_t i = 0; i < p->nexamples; i++)
    example_free(&p->examples[i]);
  free(p->examples);
  strv_free(p->sev_ids, p->nsev);
  strv_free(p->sev_files, p->nsev);
  free(p->sev_values);
  free(p->sev_lines);
  for (size_t i = 0; i < p->nrequires; i++) {
    free(p->requires[i].glob);
    free(p->requires[i].by);
  }
  free(p->requires);
  free(p);
}

/* Grows *V (of *CAP elements of SIZE bytes) to hold N + 1.  0 / -1. */
static int grow(void *v, size_t *cap, size_t n, size_t size) {
  if (n < *cap)
    return 0;
  size_t ncap = *cap ? *cap * 2 : 4;
  void *q = realloc(*(void **)v, ncap * size);
  if (!q)
    return -1;
  *(void **)v = q;
  *cap = ncap;
  return 0;
}

/* Appends ITEM (SIZE bytes) to the array *ARR after setting its file
 * field *FILE to a copy of FILE_NAME; ITEM is zeroed, so freeing it
 * afterwards frees nothing.  0 / -1 ENOMEM. */
static int push_item(void *arr, size_t *cap, size_t *n, void *item,
                     size_t size, char **file, const char *file_name) {
  *file = cl_strdup(file_name);
  if (!*file || grow(arr, cap, *n, size) < 0)
    return -1;
  memcpy(*(char **)arr + *n * size, item, size);
  (*n)++;
  memset(item, 0, size);
  return 0;
}

/* -------------------------------------------------------------- keys */

const cl_party *cl_policy_party(const cl_policy *p, const char *key) {
  for (size_t i = 0; p && key && i < p->nparties; i++) {
    const cl_party *q = &p->parties[i];
    if (strcmp(q->key, key) == 0)
      return q;
    for (size_t k = 0; k < q->naliases; k++)
      if (strcmp(q->alias_keys[k], key) == 0)
        return q;
  }
  return NULL;
}

/* Word form of S: ASCII letters and digits lower-cased, other ASCII and
 * the typographic punctuation of U+2010..U+201F as word breaks, "(c)" and
 * "©" as the word "©", other characters kept.  Words joined by one space,
 * with a space at each end (so " w " finds whole words). */
static int words_of(const char *s, cl_buf *out) {
  cl_buf_clear(out);
  if (cl_buf_putc(out, ' ') < 0)
    return -1;
  for (const unsigned char *p = (const unsigned char *)s; p && *p;) {
    int brk = 0;
    const char *word = NULL;
    size_t n = 1;
    if (p[0] == '(' && (p[1] == 'c' || p[1] == 'C') && p[2] == ')') {
      word = "\xC2\xA9";
      n = 3;
    } else if (p[0] == 0xC2 && p[1] == 0xA9) {
      word = "\xC2\xA9";
      n = 2;
    } else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0x9F) {
      brk = 1;
      n = 3;
    } else if (p[0] < 0x80) {
      int c = p[0];
      if (c >= 'A' && c <= 'Z')
        c += 'a' - 'A';
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (cl_buf_putc(out, c) < 0)
          return -1;
      } else {
        brk = 1;
      }
    } else if (cl_buf_putc(out, p[0]) < 0) {
      return -1;
    }
    if (word) {
      if ((out->ptr[out->len - 1] != ' ' && cl_buf_putc(out, ' ') < 0) ||
          cl_buf_puts(out, word) < 0 || cl_buf_putc(out, ' ') < 0)
        return -1;
    } else if (brk && out->ptr[out->len - 1] != ' ' &&
               cl_buf_putc(out, ' ') < 0) {
      return -1;
    }
    p += n;
  }
  if (out->ptr[out->len - 1] != ' ' && cl_buf_putc(out, ' ') < 0)
    return -1;
  return 0;
}

int cl_policy_line_key(const cl_rules *rules, const char *line, cl_buf *out) {
  cl_buf w = CL_BUF_INIT, cand = CL_BUF_INIT, canon = CL_BUF_INIT;
  const cl_policy *p = rules ? rules->policy : NULL;
  int rc = -1;
  if (words_of(line, &w) < 0)
    goto cleanup;
  cl_buf_clear(out);
  if (cl_buf_puts(out, " ") < 0)
    goto cleanup;
  /* Left to right, the longest name or alias starting at each word wins,
   * so "zenger news com" is not read as "zenger" + "news com". */
  for (size_t i = 1; i < w.len;) {
    size_t best = 0;
    const cl_party *bp = NULL;
    for (size_t k = 0; p && k < p->nparties; k++) {
      const cl_party *q = &p->parties[k];
      for (size_t a = 0; a <= q->naliases; a++) {
        if (words_of(a ? q->aliases[a - 1] : q->name, &cand) < 0)
          goto cleanup;
        size_t n = cand.len - 1; /* " name " -> "name " */
        if (n > 1 && n > best && i + n <= w.len &&
            memcmp(w.ptr + i, cand.ptr + 1, n) == 0) {
          best = n;
          bp = q;
        }
      }
    }
    if (bp) {
      if (words_of(bp->name, &canon) < 0 ||
          cl_buf_puts(out, canon.ptr + 1) < 0)
        goto cleanup;
      i += best;
    } else {
      const char *sp = strchr(w.ptr + i, ' ');
      size_t n = (size_t)(sp - (w.ptr + i)) + 1;
      if (cl_buf_put(out, w.ptr + i, n) < 0)
        goto cleanup;
      i += n;
    }
  }
  rc = 0;
cleanup:
  cl_buf_free(&w);
  cl_buf_free(&cand);
  cl_buf_free(&canon);
  return rc;
}

/* ----------------------------------------------------------- loading */

typedef struct {
  cl_rules *rules;
  cl_policy *p;
  const char *file;
  yaml_document_t *doc;
  int *errors;
} pctx;

#define perr(cx, line, ...)                                               \
  do {                                                                    \
    (*(cx)->errors)++;                                                    \
    cl_rules_add_error((cx)->rules, (cx)->file, (line), __VA_ARGS__);     \
  } while (0)

static unsigned node_line(const yaml_node_t *n) {
  return (unsigned)n->start_mark.line + 1;
}

static int scalar_is(const yaml_node_t *n, const char *s) {
  return n->type == YAML_SCALAR_NODE && n->data.scalar.length == strlen(s) &&
         memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

static const char *scalar(const yaml_node_t *n) {
  return (const char *)n->data.scalar.value;
}

/* Copies scalar N into *OUT.  0 ok, 1 problem reported, -1 ENOMEM. */
static int take_string(pctx *cx, const yaml_node_t *n, const char *label,
                       const char *what, char **out) {
  if (n->type != YAML_SCALAR_NODE) {
    perr(cx, node_line(n), "%s: %s must be a string", label, what);
    return 1;
  }
  if (n->data.scalar.length == 0 ||
      memchr(scalar(n), '\0', n->data.scalar.length)) {
    perr(cx, node_line(n), "%s: %s is empty or holds a NUL", label, what);
    return 1;
  }
  free(*out);
  *out = cl_strndup(scalar(n), n->data.scalar.length);
  return *out ? 0 : -1;
}

/* A string or a list of strings into *V / *N.  0, 1, -1. */
static int take_strings(pctx *cx, yaml_node_t *n, const char *label,
                        const char *what, char ***v, size_t *nv) {
  size_t k = 1;
  if (n->type == YAML_MAPPING_NODE) {
    perr(cx, node_line(n), "%s: %s must be a list of strings", label, what);
    return 1;
  }
  if (n->type == YAML_SEQUENCE_NODE)
    k = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
  strv_free(*v, *nv);
  *nv = 0;
  *v = calloc(k ? k : 1, sizeof **v);
  if (!*v)
    return -1;
  int bad = 0;
  for (size_t i = 0; i < k; i++) {
    yaml_node_t *it = n->type == YAML_SEQUENCE_NODE
                          ? yaml_document_get_node(cx->doc,
                                                   n->data.sequence.items.start[i])
                          : n;
    char *s = NULL;
    int rc = take_string(cx, it, label, what, &s);
    if (rc < 0)
      return -1;
    if (rc) {
      bad = 1;
      continue;
    }
    (*v)[(*nv)++] = s;
  }
  return bad;
}

static int take_bool(pctx *cx, const yaml_node_t *n, const char *label,
                     const char *what, int *out) {
  static const char *const yes[] = {"true", "yes", "on"};
  static const char *const no[] = {"false", "no", "off"};
  for (size_t i = 0; i < 3; i++) {
    if (scalar_is(n, yes[i]))
      return *out = 1, 0;
    if (scalar_is(n, no[i]))
      return *out = 0, 0;
  }
  perr(cx, node_line(n), "%s: %s must be true or false", label, what);
  return 1;
}

/* Reports KEY as unknown unless it is one of NAMES.  Returns its index,
 * or -1 (problem reported). */
static int key_index(pctx *cx, const yaml_node_t *k, const char *label,
                     const char *const *names, const char *expected) {
  for (int i = 0; names[i]; i++)
    if (scalar_is(k, names[i]))
      return i;
  if (k->type == YAML_SCALAR_NODE)
    perr(cx, node_line(k), "%s: unknown key \"%s\" (expected %s)", label,
         scalar(k), expected);
  else
    perr(cx, node_line(k), "%s: keys must be strings", label);
  return -1;
}

/* The party already named KEY (name or alias), for duplicate messages. */
static const cl_party *party_named(const cl_policy *p, const char *key) {
  return cl_policy_party(p, key);
}

static int add_name_key(pctx *cx, const char *label, unsigned line,
                        const char *name, char **key_out, cl_buf *kb) {
  if (cl_org_base_key(name, kb) < 0)
    return -1;
  if (kb->len == 0) {
    perr(cx, line, "%s: \"%s\" is no name once punctuation is set aside",
         label, name);
    return 1;
  }
  const cl_party *o = party_named(cx->p, kb->ptr);
  if (o) {
    perr(cx, line, "%s: \"%s\" already names party \"%s\" (%s:%u)", label,
         name, o->name, o->file, o->line);
    return 1;
  }
  *key_out = cl_strdup(kb->ptr);
  return *key_out ? 0 : -1;
}

/* 1 if the item at FILE:LINE was read already: the same file loaded twice
 * (its rules report that as duplicate ids) declares nothing new. */
static int seen_at(const char *file, unsigned line, const void *v, size_t n,
                   size_t size, size_t file_off, size_t line_off) {
  for (size_t i = 0; i < n; i++) {
    const char *item = (const char *)v + i * size;
    const char *f = *(char *const *)(item + file_off);
    unsigned l = *(const unsigned *)(item + line_off);
    if (l == line && f && strcmp(f, file) == 0)
      return 1;
  }
  return 0;
}

#define SEEN(cx, arr, n, type, at)                                          \
  seen_at((cx)->file, (at), (arr), (n), sizeof(type), offsetof(type, file), \
          offsetof(type, line))

/* One party: `{name: X, aliases: [...]}` or just `X`.  0, 1, -1. */
static int parse_party(pctx *cx, yaml_node_t *n, size_t index) {
  static const char *const keys[] = {"name", "aliases", NULL};
  cl_party q;
  cl_buf kb = CL_BUF_INIT;
  char label[256];
  int rc = 0, bad = 0;
  yaml_node_t *aliases = NULL;
  memset(&q, 0, sizeof q);
  q.line = node_line(n);
  if (SEEN(cx, cx->p->parties, cx->p->nparties, cl_party, q.line))
    return 0;
  snprintf(label, sizeof label, "party #%zu", index);
  if (n->type == YAML_SCALAR_NODE) {
    rc = take_string(cx, n, label, "name", &q.name);
  } else if (n->type == YAML_MAPPING_NODE) {
    for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
         pr < n->data.mapping.pairs.top && rc >= 0; pr++) {
      yaml_node_t *k = yaml_document_get_node(cx->doc, pr->key);
      yaml_node_t *v = yaml_document_get_node(cx->doc, pr->value);
      int ki = key_index(cx, k, label, keys, "name, aliases");
      if (ki == 0)
        rc = take_string(cx, v, label, "name", &q.name);
      else if (ki == 1)
        aliases = v;
      else
        rc = 1;
      bad |= rc > 0;
    }
  } else {
    perr(cx, q.line, "%s: expected a name or a mapping (name, aliases)",
         label);
    rc = 1;
  }
  if (rc < 0)
    goto cleanup;
  bad |= rc;
  if (!q.name) {
    if (!bad)
      perr(cx, q.line, "%s: missing \"name\"", label);
    goto cleanup;
  }
  snprintf(label, sizeof label, "party \"%.200s\"", q.name);
  if ((rc = add_name_key(cx, label, q.line, q.name, &q.key, &kb)) != 0)
    goto cleanup;
  if (aliases) {
    rc = take_strings(cx, aliases, label, "an alias", &q.aliases, &q.naliases);
    if (rc)
      goto cleanup;
    q.alias_keys = calloc(q.naliases ? q.naliases : 1, sizeof *q.alias_keys);
    if (!q.alias_keys) {
      rc = -1;
      goto cleanup;
    }
    for (size_t i = 0; i < q.naliases; i++) {
      /* An alias equal to the name (or another alias) says nothing new but
       * is harmless; only another party's name is an error. */
      if (cl_org_base_key(q.aliases[i], &kb) < 0) {
        rc = -1;
        goto cleanup;
      }
      if (strcmp(kb.ptr, q.key) == 0) {
        q.alias_keys[i] = cl_strdup(kb.ptr);
        if (!q.alias_keys[i]) {
          rc = -1;
          goto cleanup;
        }
        continue;
      }
      int one = add_name_key(cx, label, node_line(aliases), q.aliases[i],
                             &q.alias_keys[i], &kb);
      if (one < 0) {
        rc = -1;
        goto cleanup;
      }
      if (one) {
        bad = 1;
        q.alias_keys[i] = cl_strdup("");
        if (!q.alias_keys[i]) {
          rc = -1;
          goto cleanup;
        }
      }
    }
  }
  if (bad)
    goto cleanup;
  rc = push_item(&cx->p->parties, &cx->p->parties_cap, &cx->p->nparties, &q,
                 sizeof q, &q.file, cx->file);
cleanup:
  party_free(&q);
  cl_buf_free(&kb);
  return rc < 0 ? -1 : 0;
}

static const char *const template_fields[] = {"partner", "holder", "year",
                                              "editor", NULL};

/* Checks the {fields} of template T; the kind of credit that can satisfy
 * it: a notice, an editor credit, or else a syndication credit.  0, 1. */
static int parse_template(pctx *cx, const char *label, unsigned line,
                          const char *t, cl_kind *kind) {
  int bad = 0;
  for (const char *p = strchr(t, '{'); p; p = strchr(p + 1, '{')) {
    const char *e = strchr(p, '}');
    if (!e) {
      perr(cx, line, "%s: template \"%s\" has a \"{\" without \"}\"", label, t);
      return 1;
    }
    size_t n = (size_t)(e - p - 1);
    int known = 0;
    for (const char *const *f = template_fields; *f; f++)
      known |= strlen(*f) == n && memcmp(*f, p + 1, n) == 0;
    if (!known) {
      perr(cx, line,
           "%s: template \"%s\" names unknown field {%.*s} (fields: partner, "
           "holder, year, editor)",
           label, t, (int)n, p + 1);
      bad = 1;
    }
  }
  cl_buf w = CL_BUF_INIT;
  if (words_of(t, &w) < 0)
    return -1;
  if (strncmp(w.ptr, " \xC2\xA9 ", 4) == 0 || strncmp(w.ptr, " copyright ", 11) == 0)
    *kind = CL_KIND_COPYRIGHT;
  else if (strstr(t, "{editor}") || strncmp(w.ptr, " edited by ", 11) == 0)
    *kind = CL_KIND_EDITOR;
  else
    *kind = CL_KIND_SYNDICATION;
  cl_buf_free(&w);
  return bad;
}

static int parse_requires(pctx *cx, yaml_node_t *n, const char *label,
                          cl_agreement *a) {
  char **v = NULL;
  size_t nv = 0;
  int rc = take_strings(cx, n, label, "a required line", &v, &nv);
  if (rc < 0)
    goto cleanup;
  a->requires = calloc(nv ? nv : 1, sizeof *a->requires);
  if (!a->requires) {
    rc = -1;
    goto cleanup;
  }
  for (size_t i = 0; i < nv; i++) {
    /* Lines of a list item are not kept by libyaml's node; the list's own
     * line is close enough for a message. */
    unsigned line = node_line(n);
    if (n->type == YAML_SEQUENCE_NODE)
      line = node_line(yaml_document_get_node(cx->doc,
                                              n->data.sequence.items.start[i]));
    cl_template *t = &a->requires[a->nrequires];
    int one = parse_template(cx, label, line, v[i], &t->kind);
    if (one < 0) {
      rc = -1;
      goto cleanup;
    }
    rc |= one;
    t->text = v[i];
    t->line = line;
    v[i] = NULL;
    a->nrequires++;
  }
cleanup:
  strv_free(v, nv);
  return rc;
}

static int parse_scope(pctx *cx, yaml_node_t *n, const char *label,
                       cl_agreement *a) {
  static const char *const keys[] = {"paths", "credited", "default", NULL};
  if (n->type != YAML_MAPPING_NODE) {
    perr(cx, node_line(n), "%s: scope must be a mapping (paths, credited, "
                           "default)", label);
    return 1;
  }
  int bad = 0;
  for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
       pr < n->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(cx->doc, pr->key);
    yaml_node_t *v = yaml_document_get_node(cx->doc, pr->value);
    int rc = 1;
    switch (key_index(cx, k, label, keys, "paths, credited, default")) {
    case 0:
      rc = take_strings(cx, v, label, "a path glob", &a->paths, &a->npaths);
      break;
    case 1:
      rc = take_bool(cx, v, label, "credited", &a->scope_credited);
      break;
    case 2:
      rc = take_bool(cx, v, label, "default", &a->scope_default);
      break;
    }
    if (rc < 0)
      return -1;
    bad |= rc;
  }
  return bad;
}

static int parse_date(pctx *cx, yaml_node_t *v, const char *label,
                      const char *what, char **text, cl_date_range *r,
                      int *has) {
  int rc = take_string(cx, v, label, what, text);
  if (rc)
    return rc;
  if (cl_date_parse(*text, r) < 0) {
    perr(cx, node_line(v),
         "%s: %s \"%s\" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", label,
         what, *text);
    return 1;
  }
  *has = 1;
  return 0;
}

enum {
  AG_ID, AG_PARTNER, AG_LICENSED, AG_REQUIRES, AG_HOLDERS, AG_EDITOR,
  AG_FROM, AG_UNTIL, AG_SCOPE, AG__COUNT
};
static const char *const agreement_keys[AG__COUNT + 1] = {
    "id", "partner", "licensed", "requires", "holders", "editor-required",
    "from", "until", "scope", NULL};

static int parse_agreement(pctx *cx, yaml_node_t *n, size_t index) {
  cl_agreement a;
  char label[256];
  int rc = 0, bad = 0;
  yaml_node_t *seen[AG__COUNT] = {NULL};
  memset(&a, 0, sizeof a);
  a.line = node_line(n);
  if (SEEN(cx, cx->p->agreements, cx->p->nagreements, cl_agreement, a.line))
    return 0;
  a.licensed = 1;
  a.scope_credited = 1;
  a.party = -1;
  snprintf(label, sizeof label, "agreement #%zu", index);
  if (n->type != YAML_MAPPING_NODE) {
    perr(cx, a.line, "%s: expected a mapping (id, partner, licensed, ...)",
         label);
    goto cleanup;
  }
  /* The id (or partner) first, so every message can name the agreement. */
  for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
       pr < n->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(cx->doc, pr->key);
    yaml_node_t *v = yaml_document_get_node(cx->doc, pr->value);
    if ((scalar_is(k, "id") || (scalar_is(k, "partner") && !seen[AG_ID])) &&
        v->type == YAML_SCALAR_NODE && v->data.scalar.length > 0 &&
        v->data.scalar.length < 200) {
      snprintf(label, sizeof label, "agreement %s", scalar(v));
      if (scalar_is(k, "id"))
        seen[AG_ID] = k;
    }
  }
  seen[AG_ID] = NULL;
  for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
       pr < n->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(cx->doc, pr->key);
    yaml_node_t *v = yaml_document_get_node(cx->doc, pr->value);
    int ki = key_index(cx, k, label, agreement_keys,
                       "id, partner, licensed, requires, holders, "
                       "editor-required, from, until, scope");
    if (ki < 0) {
      bad = 1;
      continue;
    }
    if (seen[ki]) {
      perr(cx, node_line(k), "%s: key \"%s\" given twice (first on line %u)",
           label, agreement_keys[ki], node_line(seen[ki]));
      bad = 1;
      continue;
    }
    seen[ki] = k;
    switch (ki) {
    case AG_ID: rc = take_string(cx, v, label, "id", &a.id); break;
    case AG_PARTNER: rc = take_string(cx, v, label, "partner", &a.partner); break;
    case AG_LICENSED: rc = take_bool(cx, v, label, "licensed", &a.licensed); break;
    case AG_REQUIRES: rc = parse_requires(cx, v, label, &a); break;
    case AG_HOLDERS:
      rc = take_strings(cx, v, label, "a holder", &a.holders, &a.nholders);
      break;
    case AG_EDITOR:
      rc = take_bool(cx, v, label, "editor-required", &a.editor_required);
      break;
    case AG_FROM:
      rc = parse_date(cx, v, label, "from", &a.from_text, &a.from, &a.has_from);
      break;
    case AG_UNTIL:
      rc = parse_date(cx, v, label, "until", &a.until_text, &a.until,
                      &a.has_until);
      break;
    case AG_SCOPE: rc = parse_scope(cx, v, label, &a); break;
    }
    if (rc < 0)
      goto cleanup;
    bad |= rc;
  }
  if (!a.partner) {
    perr(cx, a.line, "%s: missing \"partner\"", label);
    bad = 1;
  }
  if (a.has_from && a.has_until && a.until.hi < a.from.lo) {
    perr(cx, node_line(seen[AG_UNTIL]),
         "%s: the window ends (until %s) before it starts (from %s)", label,
         a.until_text, a.from_text);
    bad = 1;
  }
  if (!a.id && a.partner && !(a.id = cl_strdup(a.partner))) {
    rc = -1;
    goto cleanup;
  }
  for (size_t i = 0; a.id && i < cx->p->nagreements; i++) {
    const cl_agreement *o = &cx->p->agreements[i];
    if (strcmp(o->id, a.id) == 0) {
      perr(cx, a.line, "agreement %s: duplicate id, first defined at %s:%u",
           a.id, o->file, o->line);
      bad = 1;
      break;
    }
  }
  if (bad)
    goto cleanup;
  rc = push_item(&cx->p->agreements, &cx->p->agreements_cap,
                 &cx->p->nagreements, &a, sizeof a, &a.file, cx->file);
cleanup:
  agreement_free(&a);
  return rc < 0 ? -1 : 0;
}

/* require: {glob: [requirement, ...] or one name or "all"}, as in
 * .creditline (docs/checks.md). */
static int parse_require(pctx *cx, yaml_node_t *n) {
  if (n->type != YAML_MAPPING_NODE) {
    perr(cx, node_line(n), "require: expected a mapping of path globs to "
                           "requirements");
    return 0;
  }
  cl_policy *p = cx->p;
  for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
       pr < n->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(cx->doc, pr->key);
    yaml_node_t *v = yaml_document_get_node(cx->doc, pr->value);
    if (k->type != YAML_SCALAR_NODE || k->data.scalar.length == 0) {
      perr(cx, node_line(k), "require: keys must be path globs");
      continue;
    }
    yaml_node_item_t one = pr->value, *items = &one;
    size_t count = 1;
    if (v->type == YAML_SEQUENCE_NODE) {
      items = v->data.sequence.items.start;
      count = (size_t)(v->data.sequence.items.top - items);
    }
    unsigned bits = 0;
    int bad = 0;
    for (size_t i = 0; i < count; i++) {
      yaml_node_t *it = yaml_document_get_node(cx->doc, items[i]);
      unsigned b =
          it->type == YAML_SCALAR_NODE ? cl_requirement_bits(scalar(it)) : 0;
      if (!b) {
        perr(cx, node_line(it),
             "require: %s: unknown requirement (copyright-notice, "
             "article-notice, partner-credit, editor-credit, visible-credit "
             "or all)",
             scalar(k));
        bad = 1;
      }
      bits |= b;
    }
    if (bad)
      continue;
    if (grow(&p->requires, &p->requires_cap, p->nrequires, sizeof *p->requires) < 0)
      return -1;
    cl_policy_require *q = &p->requires[p->nrequires];
    cl_buf by = CL_BUF_INIT;
    q->glob = cl_strdup(scalar(k));
    q->bits = bits;
    q->by = cl_buf_printf(&by, "policy %s require \"%s\"", cx->file,
                          scalar(k)) == 0
                ? cl_buf_detach(&by)
                : NULL;
    cl_buf_free(&by);
    if (!q->glob || !q->by) {
      free(q->glob);
      free(q->by);
      return -1;
    }
    p->nrequires++;
  }
  return 0;
}

static int parse_severities(pctx *cx, yaml_node_t *n) {
  if (n->type != YAML_MAPPING_NODE) {
    perr(cx, node_line(n), "severities: expected a mapping of check ids to "
                           "error, warning, info or off");
    return 0;
  }
  cl_policy *p = cx->p;
  for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
       pr < n->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(cx->doc, pr->key);
    yaml_node_t *v = yaml_document_get_node(cx->doc, pr->value);
    if (k->type != YAML_SCALAR_NODE) {
      perr(cx, node_line(k), "severities: keys must be check ids");
      continue;
    }
    if (!cl_check_find(scalar(k))) {
      perr(cx, node_line(k), "severities: unknown check \"%s\"", scalar(k));
      continue;
    }
    int sev = v->type == YAML_SCALAR_NODE ? cl_severity_parse(scalar(v)) : -1;
    if (sev < 0) {
      perr(cx, node_line(v),
           "severities: %s: severity must be error, warning, info or off",
           scalar(k));
      continue;
    }
    size_t i;
    for (i = 0; i < p->nsev; i++)
      if (strcmp(p->sev_ids[i], scalar(k)) == 0)
        break;
    if (i < p->nsev && p->sev_lines[i] == node_line(k) &&
        strcmp(p->sev_files[i], cx->file) == 0)
      continue; /* the same file read twice */
    if (i < p->nsev) {
      perr(cx, node_line(k), "severities: %s set twice (first at %s:%u)",
           scalar(k), p->sev_files[i], p->sev_lines[i]);
      continue;
    }
    size_t cap = p->sev_cap;
    if (grow(&p->sev_ids, &cap, p->nsev, sizeof *p->sev_ids) < 0)
      return -1;
    cap = p->sev_cap;
    if (grow(&p->sev_files, &cap, p->nsev, sizeof *p->sev_files) < 0)
      return -1;
    cap = p->sev_cap;
    if (grow(&p->sev_values, &cap, p->nsev, sizeof *p->sev_values) < 0)
      return -1;
    if (grow(&p->sev_lines, &p->sev_cap, p->nsev, sizeof *p->sev_lines) < 0)
      return -1;
    p->sev_ids[p->nsev] = cl_strdup(scalar(k));
    p->sev_files[p->nsev] = cl_strdup(cx->file);
    p->sev_values[p->nsev] = (cl_severity)sev;
    p->sev_lines[p->nsev] = node_line(k);
    if (!p->sev_ids[p->nsev] || !p->sev_files[p->nsev]) {
      free(p->sev_ids[p->nsev]);
      free(p->sev_files[p->nsev]);
      return -1;
    }
    p->nsev++;
  }
  return 0;
}

static int parse_example(pctx *cx, yaml_node_t *n, size_t index) {
  static const char *const keys[] = {"text", "path", "as-of", "expect", NULL};
  cl_policy_example e;
  char label[64];
  int rc = 0, bad = 0, has_expect = 0;
  cl_date_range r;
  memset(&e, 0, sizeof e);
  e.line = node_line(n);
  if (SEEN(cx, cx->p->examples, cx->p->nexamples, cl_policy_example, e.line))
    return 0;
  snprintf(label, sizeof label, "policy example #%zu", index);
  if (n->type != YAML_MAPPING_NODE) {
    perr(cx, e.line, "%s: expected a mapping (text, expect, path, as-of)",
         label);
    goto cleanup;
  }
  for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
       pr < n->data.mapping.pairs.top; pr++) {
    yaml_node_t *k = yaml_document_get_node(cx->doc, pr->key);
    yaml_node_t *v = yaml_document_get_node(cx->doc, pr->value);
    switch (key_index(cx, k, label, keys, "text, expect, path, as-of")) {
    case 0:
      rc = take_string(cx, v, label, "text", &e.text);
      break;
    case 1:
      rc = take_string(cx, v, label, "path", &e.path);
      break;
    case 2:
      rc = take_string(cx, v, label, "as-of", &e.as_of);
      if (rc == 0 && cl_date_parse(e.as_of, &r) < 0) {
        perr(cx, node_line(v),
             "%s: as-of \"%s\" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
             label, e.as_of);
        rc = 1;
      }
      break;
    case 3:
      has_expect = 1;
      rc = take_string(cx, v, label, "expect", &e.expect);
      if (rc == 0 && strcmp(e.expect, "pass") == 0) {
        free(e.expect);
        e.expect = NULL;
      } else if (rc == 0 && !cl_check_find(e.expect)) {
        perr(cx, node_line(v),
             "%s: expect \"%s\" is neither \"pass\" nor a check id", label,
             e.expect);
        rc = 1;
      }
      break;
    default:
      rc = 1;
      break;
    }
    if (rc < 0)
      goto cleanup;
    bad |= rc;
  }
  if (!bad && (!e.text || !has_expect)) {
    perr(cx, e.line, "%s: missing \"%s\"", label, e.text ? "expect" : "text");
    bad = 1;
  }
  if (bad)
    goto cleanup;
  rc = push_item(&cx->p->examples, &cx->p->examples_cap, &cx->p->nexamples,
                 &e, sizeof e, &e.file, cx->file);
cleanup:
  example_free(&e);
  return rc < 0 ? -1 : 0;
}

/* Each item of list N through FN.  0 / -1. */
/* One news agency or publisher of the agency table (docs/rules.md):
 * `{name: X, legal: Y, aliases: [...], country: CC}`.  0, -1 ENOMEM. */
static int parse_agency(pctx *cx, yaml_node_t *n, size_t index) {
  static const char *const keys[] = {"name", "legal", "aliases", "country",
                                     NULL};
  char *v[4] = {NULL, NULL, NULL, NULL};
  char **aliases = NULL;
  size_t naliases = 0;
  unsigned lines[4] = {0, 0, 0, 0};
  char label[256];
  int rc = 0, bad = 0;
  snprintf(label, sizeof label, "agency #%zu", index);
  if (n->type != YAML_MAPPING_NODE) {
    perr(cx, node_line(n), "%s: expected a mapping (name, legal, aliases, "
         "country)", label);
    return 0;
  }
  for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
       pr < n->data.mapping.pairs.top && rc >= 0; pr++) {
    yaml_node_t *k = yaml_document_get_node(cx->doc, pr->key);
    yaml_node_t *val = yaml_document_get_node(cx->doc, pr->value);
    int ki = key_index(cx, k, label, keys, "name, legal, aliases, country");
    if (ki < 0) {
      bad = 1;
      continue;
    }
    lines[ki] = node_line(val);
    rc = ki == 2 ? take_strings(cx, val, label, "an alias", &aliases, &naliases)
                 : take_string(cx, val, label, keys[ki], &v[ki]);
    bad |= rc > 0;
  }
  if (rc >= 0 && !bad && !v[0]) {
    perr(cx, node_line(n), "%s: missing \"name\"", label);
    bad = 1;
  }
  if (rc >= 0 && !bad) {
    cl_agency_entry e = {v[0], v[1], v[3], aliases, naliases, cx->file,
                         node_line(n), lines[1], lines[2]};
    rc = cl_agencies_add(cx->rules, &e);
  }
  for (int i = 0; i < 4; i++)
    free(v[i]);
  strv_free(aliases, naliases);
  return rc < 0 ? -1 : 0;
}

static int each_item(pctx *cx, yaml_node_t *n, const char *what,
                     int (*fn)(pctx *, yaml_node_t *, size_t)) {
  if (n->type != YAML_SEQUENCE_NODE) {
    perr(cx, node_line(n), "\"%s\" must be a list", what);
    return 0;
  }
  size_t index = 0;
  for (yaml_node_item_t *it = n->data.sequence.items.start;
       it < n->data.sequence.items.top; it++)
    if (fn(cx, yaml_document_get_node(cx->doc, *it), ++index) < 0)
      return -1;
  return 0;
}

int cl_policy_load_key(cl_rules *rules, const char *file, yaml_document_t *doc,
                       yaml_node_t *key, yaml_node_t *value, int *errors) {
  static const char *const keys[] = {"parties",          "agreements",
                                     "severities",       "examples",
                                     "unknown-partners", "require",
                                     NULL};
  int which = -1;
  if (scalar_is(key, "agencies")) {
    /* Not policy but read alike; held apart (names.c). */
    pctx ax = {rules, NULL, file, doc, errors};
    return each_item(&ax, value, "agencies", parse_agency) < 0 ? -1 : 1;
  }
  for (int i = 0; keys[i]; i++)
    if (scalar_is(key, keys[i]))
      which = i;
  if (which < 0)
    return 0;
  if (!rules->policy && !(rules->policy = calloc(1, sizeof *rules->policy)))
    return -1;
  pctx cx = {rules, rules->policy, file, doc, errors};
  int rc = 0;
  switch (which) {
  case 0: rc = each_item(&cx, value, "parties", parse_party); break;
  case 1: rc = each_item(&cx, value, "agreements", parse_agreement); break;
  case 2: rc = parse_severities(&cx, value); break;
  case 3: rc = each_item(&cx, value, "examples", parse_example); break;
  case 4:
    if (scalar_is(value, "report"))
      cx.p->unknown_report = 1;
    else if (!scalar_is(value, "ignore"))
      perr(&cx, node_line(value), "unknown-partners must be report or ignore");
    break;
  case 5: rc = parse_require(&cx, value); break;
  }
  return rc < 0 ? -1 : 1;
}

/* ---------------------------------------------------------- compiling */

int cl_policy_compile(cl_rules *rules) {
  cl_policy *p = rules->policy;
  cl_buf kb = CL_BUF_INIT;
  int rc = 0;
  if (!p)
    return 0;
  for (size_t i = 0; i < p->nagreements; i++) {
    cl_agreement *a = &p->agreements[i];
    if (cl_org_base_key(a->partner, &kb) < 0) {
      rc = -1;
      goto cleanup;
    }
    const cl_party *q = cl_policy_party(p, kb.ptr);
    if (!q) {
      cl_rules_add_error(rules, a->file, a->line,
                         "agreement %s: partner \"%s\" is not a declared "
                         "party (add it under \"parties\")",
                         a->id, a->partner);
      rc = 1;
      continue;
    }
    a->party = (int)(q - p->parties);
    for (size_t j = 0; j < i; j++) {
      const cl_agreement *o = &p->agreements[j];
      if (o->party == a->party) {
        cl_rules_add_error(rules, a->file, a->line,
                           "agreement %s: party \"%s\" already has agreement "
                           "%s (%s:%u)",
                           a->id, q->name, o->id, o->file, o->line);
        rc = 1;
        break;
      }
    }
  }
cleanup:
  cl_buf_free(&kb);
  return rc;
}

/* ----------------------------------------------------------- selftest */

static const char *const policy_checks[] = {
    "unlicensed-partner", "license-expired", "license-not-yet-valid",
    "missing-required-credit", "credit-wording-mismatch",
    "holder-not-allowed", NULL};

static int is_policy_check(const char *id) {
  for (const char *const *c = policy_checks; *c; c++)
    if (strcmp(*c, id) == 0)
      return 1;
  return 0;
}

/* Runs example E; 1 passed, 0 failed (MSG says why), -1 ENOMEM. */
static int run_example(const cl_rules *rules, const cl_policy_example *e,
                       cl_buf *msg) {
  cl_scanner *sc = NULL;
  cl_report *rep = NULL;
  cl_buf got = CL_BUF_INIT;
  int ok = -1, hit = 0;
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  opt.policy = rules;
  opt.as_of = e->as_of;
  sc = cl_scanner_new(rules, &opt);
  rep = cl_report_new();
  if (!sc || !rep)
    goto cleanup;
  const char *path = e->path ? e->path : "example.txt";
  if (cl_scanner_scan_buffer(sc, path, e->text, strlen(e->text), rep) ==
      CL_FATAL)
    goto cleanup;
  if (cl_buf_puts(&got, "") < 0)
    goto cleanup;
  for (size_t i = 0; i < cl_report_document_count(rep); i++) {
    const cl_document *d = cl_report_document(rep, i);
    for (size_t j = 0; j < d->finding_count; j++) {
      const cl_finding *f = &d->findings[j];
      if (e->expect ? strcmp(f->check, e->expect) == 0
                    : is_policy_check(f->check))
        hit = 1;
      if ((e->expect || is_policy_check(f->check)) &&
          cl_buf_printf(&got, "%s%s (%s)", got.len ? "; " : "", f->check,
                        f->message) < 0)
        goto cleanup;
    }
  }
  ok = e->expect ? hit : !hit;
  cl_buf_clear(msg);
  if (!ok &&
      cl_buf_printf(msg, "%s:%u: policy example: expected %s, got %s",
                    e->file, e->line, e->expect ? e->expect : "to pass",
                    got.len ? got.ptr : "no finding") < 0)
    ok = -1;
cleanup:
  cl_scanner_free(sc);
  cl_report_free(rep);
  cl_buf_free(&got);
  return ok;
}

int cl_policy_selftest(const cl_rules *rules,
                       void (*on_fail)(const char *msg, void *ud), void *ud,
                       size_t *passed, size_t *failed) {
  const cl_policy *p = rules->policy;
  cl_buf msg = CL_BUF_INIT;
  int rc = 0;
  for (size_t i = 0; p && i < p->nexamples; i++) {
    int ok = run_example(rules, &p->examples[i], &msg);
    if (ok < 0) {
      rc = -1;
      break;
    }
    if (ok) {
      (*passed)++;
    } else {
      (*failed)++;
      if (on_fail)
        on_fail(msg.ptr, ud);
    }
  }
  cl_buf_free(&msg);
  return rc;
}

/* ---------------------------------------------------------- accessors */

size_t cl_rules_agreement_count(const cl_rules *rules) {
  return rules->policy ? rules->policy->nagreements : 0;
}

static const cl_agreement *agreement_at(const cl_rules *rules, size_t i) {
  return i < cl_rules_agreement_count(rules) ? &rules->policy->agreements[i]
                                             : NULL;
}

const char *cl_rules_agreement_id(const cl_rules *rules, size_t i) {
  const cl_agreement *a = agreement_at(rules, i);
  return a ? a->id : NULL;
}

const char *cl_rules_agreement_partner(const cl_rules *rules, size_t i) {
  const cl_agreement *a = agreement_at(rules, i);
  return a ? a->partner : NULL;
}

const char *cl_rules_agreement_file(const cl_rules *rules, size_t i) {
  const cl_agreement *a = agreement_at(rules, i);
  return a ? a->file : NULL;
}
