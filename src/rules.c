/* rules.c - the rule set: loading rule files (YAML), compiling the
 * patterns with PCRE2 + JIT, and the self-test of examples. */
#include "internal.h"
#include "policy.h" /* policy keys share the rule files */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ------------------------------------------------------------- kinds */

static const char *const kind_names[CL_KIND__COUNT] = {
    "copyright", "syndication", "editor", "author", "source", "license",
    "image"};

/* Named groups a kind may capture; the first is the main field. */
static const char *const kind_fields[CL_KIND__COUNT][7] = {
    {"holder", "years", "symbol", "email", "url", NULL},
    {"party", NULL},
    {"person", NULL},
    {"person", NULL},
    {"agency", "date", NULL},
    {"license", NULL},
    {"credit", "person", "agency", "license", "years", "symbol", NULL}};

const char *cl_kind_name(cl_kind kind) {
  return (unsigned)kind < CL_KIND__COUNT ? kind_names[kind] : NULL;
}

int cl_kind_parse(const char *name) {
  for (int k = 0; name && k < CL_KIND__COUNT; k++)
    if (strcmp(name, kind_names[k]) == 0)
      return k;
  return -1;
}

static int kind_has_field(cl_kind kind, const char *name, size_t len) {
  for (const char *const *f = kind_fields[kind]; *f; f++)
    if (strlen(*f) == len && memcmp(*f, name, len) == 0)
      return 1;
  return 0;
}

/* "holder, years, symbol", for messages. */
static const char *kind_field_list(cl_kind kind, char *out, size_t cap) {
  out[0] = '\0';
  for (const char *const *f = kind_fields[kind]; *f; f++) {
    if (f != kind_fields[kind])
      strncat(out, ", ", cap - strlen(out) - 1);
    strncat(out, *f, cap - strlen(out) - 1);
  }
  return out;
}

static const struct {
  const char *name;
  uint32_t option;
} flag_table[] = {{"caseless", PCRE2_CASELESS},   {"multiline", PCRE2_MULTILINE},
                  {"extended", PCRE2_EXTENDED},   {"dotall", PCRE2_DOTALL},
                  {"ungreedy", PCRE2_UNGREEDY}};

#define FLAG_COUNT (sizeof flag_table / sizeof flag_table[0])

/* ----------------------------------------------------------- the set */

cl_rules *cl_rules_new(void) {
  cl_rules *r = calloc(1, sizeof *r);
  if (r && pthread_mutex_init(&r->jit_lock, NULL) != 0) {
    free(r);
    return NULL;
  }
  return r;
}

static void example_free(cl_example *e) {
  free(e->text);
  for (size_t i = 0; i < e->nexpect; i++) {
    free(e->names[i]);
    free(e->values[i]);
  }
  free(e->names);
  free(e->values);
}

static void rule_free(cl_rule *r) {
  free(r->id);
  free(r->pattern);
  free(r->message);
  free(r->file);
  for (size_t i = 0; i < r->nexamples; i++)
    example_free(&r->examples[i]);
  free(r->examples);
  for (size_t i = 0; i < r->ncounter; i++)
    example_free(&r->counter[i]);
  free(r->counter);
  for (size_t i = 0; i < r->ntriggers; i++)
    free(r->triggers[i]);
  free(r->triggers);
  free(r->start);
  pcre2_code_free(r->code);
  pcre2_code_free(r->start_code);
}

void cl_rules_free(cl_rules *rules) {
  if (!rules)
    return;
  for (size_t i = 0; i < rules->n; i++)
    rule_free(&rules->v[i]);
  free(rules->v);
  for (size_t i = 0; i < rules->nerrors; i++)
    free(rules->errors[i]);
  free(rules->errors);
  cl_policy_free(rules->policy);
  cl_agencies_free(rules->agencies);
  free(rules->jit_done);
  pthread_mutex_destroy(&rules->jit_lock);
  free(rules);
}

/* Grows *V (of *CAP elements of SIZE bytes) to hold N + 1.  0 / -1. */
static int grow(void *v, size_t *cap, size_t n, size_t size) {
  if (n < *cap)
    return 0;
  size_t ncap = *cap ? *cap * 2 : 8;
  void *p = realloc(*(void **)v, ncap * size);
  if (!p)
    return -1;
  *(void **)v = p;
  *cap = ncap;
  return 0;
}

void cl_rules_add_error(cl_rules *rules, const char *file, unsigned line,
                        const char *fmt, ...) {
  cl_buf b = CL_BUF_INIT;
  va_list ap;
  int rc = line ? cl_buf_printf(&b, "%s:%u: ", file, line)
                : cl_buf_printf(&b, "%s: ", file);
  va_start(ap, fmt);
  va_list ap2;
  va_copy(ap2, ap);
  int n = rc < 0 ? -1 : vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n >= 0 && cl_buf_reserve(&b, (size_t)n) == 0) {
    vsnprintf(b.ptr + b.len, (size_t)n + 1, fmt, ap);
    b.len += (size_t)n;
  } else {
    n = -1;
  }
  va_end(ap);
  /* Out of memory: the message is lost, but the load still fails because
   * the caller counts the error it tried to add. */
  if (n < 0 || grow(&rules->errors, &rules->errors_cap, rules->nerrors,
                    sizeof *rules->errors) < 0) {
    cl_buf_free(&b);
    return;
  }
  rules->errors[rules->nerrors++] = cl_buf_detach(&b);
}

size_t cl_rules_error_count(const cl_rules *rules) { return rules->nerrors; }

const char *cl_rules_error(const cl_rules *rules, size_t i) {
  return i < rules->nerrors ? rules->errors[i] : NULL;
}

size_t cl_rules_count(const cl_rules *rules) { return rules->n; }

const char *cl_rules_id(const cl_rules *rules, size_t i) {
  return i < rules->n ? rules->v[i].id : NULL;
}

cl_kind cl_rules_kind(const cl_rules *rules, size_t i) {
  return i < rules->n ? rules->v[i].kind : CL_KIND__COUNT;
}

const char *cl_rules_message(const cl_rules *rules, size_t i) {
  return i < rules->n ? rules->v[i].message : NULL;
}

const char *cl_rules_file(const cl_rules *rules, size_t i) {
  return i < rules->n ? rules->v[i].file : NULL;
}

int cl_rules_jit_active(const cl_rules *rules) {
  return rules->compiled && rules->jit_all;
}

size_t cl_rules_file_count(const cl_rules *rules) { return rules->nfiles; }

/* ------------------------------------------------------------ loading */

/* State of loading one file. */
typedef struct {
  cl_rules *rules;
  const char *file;
  yaml_document_t *doc;
  int errors; /* problems found in this file */
  int oom;
} load_ctx;

static unsigned node_line(const yaml_node_t *n) {
  return (unsigned)n->start_mark.line + 1;
}

#define load_error(ctx, line, ...)                                   \
  do {                                                               \
    (ctx)->errors++;                                                 \
    cl_rules_add_error((ctx)->rules, (ctx)->file, (line), __VA_ARGS__); \
  } while (0)

static int scalar_is(const yaml_node_t *n, const char *s) {
  return n->type == YAML_SCALAR_NODE &&
         n->data.scalar.length == strlen(s) &&
         memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

/* Copies scalar N into *OUT.  0 ok, 1 problem reported, -1 ENOMEM. */
static int take_string(load_ctx *ctx, const yaml_node_t *n, const char *label,
                       const char *what, char **out) {
  if (n->type != YAML_SCALAR_NODE) {
    load_error(ctx, node_line(n), "%s: %s must be a string", label, what);
    return 1;
  }
  const char *v = (const char *)n->data.scalar.value;
  size_t len = n->data.scalar.length;
  if (memchr(v, '\0', len)) {
    load_error(ctx, node_line(n), "%s: %s contains a NUL character", label,
               what);
    return 1;
  }
  if (len == 0) {
    load_error(ctx, node_line(n), "%s: %s is empty", label, what);
    return 1;
  }
  free(*out);
  *out = cl_strndup(v, len);
  if (!*out) {
    ctx->oom = 1;
    return -1;
  }
  return 0;
}

/* The items of a list: a sequence node, or a single scalar (so that
 * `flags: caseless` works like `flags: [caseless]`). */
typedef struct {
  yaml_node_t *one;
  yaml_node_item_t *items;
  size_t n;
} node_list;

/* 0, or 1 (problem reported) if N is a mapping. */
static int list_of(load_ctx *ctx, yaml_node_t *n, const char *label,
                   const char *what, node_list *out) {
  out->one = NULL;
  out->items = NULL;
  out->n = 0;
  if (n->type == YAML_MAPPING_NODE) {
    load_error(ctx, node_line(n), "%s: %s must be a list", label, what);
    return 1;
  }
  if (n->type == YAML_SCALAR_NODE) {
    out->one = n;
    out->n = 1;
  } else {
    out->items = n->data.sequence.items.start;
    out->n = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
  }
  return 0;
}

static yaml_node_t *list_at(load_ctx *ctx, const node_list *l, size_t i) {
  return l->one ? l->one : yaml_document_get_node(ctx->doc, l->items[i]);
}

static int parse_flags(load_ctx *ctx, yaml_node_t *n, const char *label,
                       uint32_t *options) {
  node_list l;
  if (list_of(ctx, n, label, "flags", &l))
    return 1;
  for (size_t i = 0; i < l.n; i++) {
    yaml_node_t *it = list_at(ctx, &l, i);
    size_t f;
    for (f = 0; f < FLAG_COUNT; f++)
      if (scalar_is(it, flag_table[f].name))
        break;
    if (f < FLAG_COUNT) {
      *options |= flag_table[f].option;
      continue;
    }
    if (it->type != YAML_SCALAR_NODE)
      load_error(ctx, node_line(it), "%s: a flag must be a string", label);
    else
      load_error(ctx, node_line(it),
                 "%s: unknown flag \"%s\" (expected caseless, multiline, "
                 "extended, dotall or ungreedy)",
                 label, (const char *)it->data.scalar.value);
  }
  return 0;
}

static int parse_triggers(load_ctx *ctx, yaml_node_t *n, const char *label,
                          cl_rule *r) {
  node_list l;
  if (list_of(ctx, n, label, "triggers", &l))
    return 1;
  r->triggers = calloc(l.n ? l.n : 1, sizeof *r->triggers);
  if (!r->triggers) {
    ctx->oom = 1;
    return -1;
  }
  for (size_t i = 0; i < l.n; i++) {
    char *t = NULL;
    int rc = take_string(ctx, list_at(ctx, &l, i), label, "a trigger", &t);
    if (rc < 0)
      return -1;
    if (rc > 0)
      continue;
    /* Lower-cased ASCII, because the prefilter compares that way. */
    for (char *p = t; *p; p++)
      if (*p >= 'A' && *p <= 'Z')
        *p = (char)(*p - 'A' + 'a');
    if (!t[0] || (t[0] == '^' && !t[1])) {
      load_error(ctx, node_line(list_at(ctx, &l, i)),
                 "%s: an empty trigger would let every line through", label);
      free(t);
      continue;
    }
    r->triggers[r->ntriggers++] = t;
  }
  return 0;
}

/* Appends an expected field NAME = VALUE to example E.  0 / -1. */
static int example_expect(cl_example *e, const char *name, size_t name_len,
                          const char *value, size_t value_len) {
  char **nn = realloc(e->names, (e->nexpect + 1) * sizeof *nn);
  if (!nn)
    return -1;
  e->names = nn;
  char **vv = realloc(e->values, (e->nexpect + 1) * sizeof *vv);
  if (!vv)
    return -1;
  e->values = vv;
  char *n = cl_strndup(name, name_len), *v = cl_strndup(value, value_len);
  if (!n || !v) {
    free(n);
    free(v);
    return -1;
  }
  e->names[e->nexpect] = n;
  e->values[e->nexpect] = v;
  e->nexpect++;
  return 0;
}

/* One example: a string, or a mapping with text and expected fields.
 * Field names are checked against the kind later, once it is known.
 * COUNTER: counterexamples are strings only.  0 / 1 problem / -1. */
static int parse_example(load_ctx *ctx, yaml_node_t *n, const char *label,
                         int counter, cl_example *e) {
  const char *what = counter ? "counterexample" : "example";
  e->line = node_line(n);
  if (n->type == YAML_SCALAR_NODE)
    return take_string(ctx, n, label, what, &e->text);
  if (counter || n->type != YAML_MAPPING_NODE) {
    load_error(ctx, node_line(n), "%s: %s must be a string%s", label, what,
               counter ? "" : " or a mapping with text and fields");
    return 1;
  }
  int bad = 0;
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
       p < n->data.mapping.pairs.top; p++) {
    yaml_node_t *k = yaml_document_get_node(ctx->doc, p->key);
    yaml_node_t *v = yaml_document_get_node(ctx->doc, p->value);
    if (k->type != YAML_SCALAR_NODE) {
      load_error(ctx, node_line(k), "%s: example keys must be strings", label);
      bad = 1;
      continue;
    }
    if (scalar_is(k, "text")) {
      int rc = take_string(ctx, v, label, "example text", &e->text);
      if (rc < 0)
        return -1;
      bad |= rc;
      continue;
    }
    node_list l;
    const char *fname = (const char *)k->data.scalar.value;
    if (list_of(ctx, v, label, "an expected field", &l) || l.n == 0) {
      if (l.n == 0 && v->type != YAML_MAPPING_NODE)
        load_error(ctx, node_line(v), "%s: expected field \"%s\" is an empty list",
                   label, fname);
      bad = 1;
      continue;
    }
    for (size_t i = 0; i < l.n; i++) {
      yaml_node_t *it = list_at(ctx, &l, i);
      if (it->type != YAML_SCALAR_NODE) {
        load_error(ctx, node_line(it),
                   "%s: expected field \"%s\" must be a string or a list of "
                   "strings",
                   label, fname);
        bad = 1;
        continue;
      }
      if (example_expect(e, fname, k->data.scalar.length,
                         (const char *)it->data.scalar.value,
                         it->data.scalar.length) < 0) {
        ctx->oom = 1;
        return -1;
      }
    }
  }
  if (!e->text && !bad) {
    load_error(ctx, e->line, "%s: example has no \"text\"", label);
    bad = 1;
  }
  return bad;
}

static int parse_examples(load_ctx *ctx, yaml_node_t *n, const char *label,
                          int counter, cl_example **out, size_t *nout) {
  const char *what = counter ? "counterexamples" : "examples";
  if (n->type != YAML_SEQUENCE_NODE) {
    load_error(ctx, node_line(n), "%s: %s must be a list", label, what);
    return 1;
  }
  size_t k = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
  if (k == 0) {
    load_error(ctx, node_line(n), "%s: %s: at least one is needed", label,
               what);
    return 1;
  }
  *out = calloc(k, sizeof **out);
  if (!*out) {
    ctx->oom = 1;
    return -1;
  }
  int bad = 0;
  for (size_t i = 0; i < k; i++) {
    yaml_node_t *it =
        yaml_document_get_node(ctx->doc, n->data.sequence.items.start[i]);
    int rc = parse_example(ctx, it, label, counter, &(*out)[*nout]);
    (*nout)++;
    if (rc < 0)
      return -1;
    bad |= rc;
  }
  return bad;
}

/* Checks the named groups of the pattern against the kind.  The pattern
 * is compiled here only to read its name table; a pattern PCRE2 rejects
 * is reported by cl_rules_compile, so it is skipped silently here. */
static void check_groups(load_ctx *ctx, cl_rule *r, const char *label,
                         unsigned line) {
  int err;
  PCRE2_SIZE off;
  /* Kept for cl_rules_compile, which then only adds the JIT. */
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | r->options, &err,
                                   &off, NULL);
  r->code = code;
  if (!code)
    return;
  uint32_t count = 0, size = 0;
  PCRE2_SPTR table = NULL;
  pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &size);
  pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
  const char *main_field = kind_fields[r->kind][0];
  int has_main = 0;
  char list[64];
  for (uint32_t i = 0; i < count; i++) {
    const char *name = (const char *)(table + i * size + 2);
    if (strcmp(name, main_field) == 0)
      has_main = 1;
    if (!kind_has_field(r->kind, name, strlen(name)))
      load_error(ctx, line,
                 "%s: group \"%s\" is not a field of kind %s (fields: %s)",
                 label, name, kind_names[r->kind],
                 kind_field_list(r->kind, list, sizeof list));
  }
  if (!has_main)
    load_error(ctx, line, "%s: pattern has no group \"%s\" (the main field of kind %s)",
               label, main_field, kind_names[r->kind]);
}

static void check_example_fields(load_ctx *ctx, const cl_rule *r,
                                 const char *label) {
  char list[64];
  for (size_t i = 0; i < r->nexamples; i++) {
    const cl_example *e = &r->examples[i];
    for (size_t j = 0; j < e->nexpect; j++) {
      size_t first = 0;
      while (strcmp(e->names[first], e->names[j]) != 0)
        first++;
      if (first == j && !kind_has_field(r->kind, e->names[j], strlen(e->names[j])))
        load_error(ctx, e->line,
                   "%s: example field \"%s\" is not a field of kind %s (fields: %s)",
                   label, e->names[j], kind_names[r->kind],
                   kind_field_list(r->kind, list, sizeof list));
    }
  }
}

enum {
  KEY_ID, KEY_KIND, KEY_PATTERN, KEY_FLAGS, KEY_TRIGGERS, KEY_MESSAGE,
  KEY_EXAMPLES, KEY_COUNTER, KEY_LINES, KEY_START, KEY__COUNT
};
static const char *const key_names[KEY__COUNT] = {
    "id", "kind", "pattern", "flags", "triggers", "message", "examples",
    "counterexamples", "lines", "start"};

/* Parses one rule (the INDEX-th of the file, 1-based) and appends it to
 * the set if it has no problem. 0, or -1 on ENOMEM. */
static int parse_rule(load_ctx *ctx, yaml_node_t *n, size_t index) {
  cl_rule r;
  memset(&r, 0, sizeof r);
  int rc = 0, bad = 0, kind = -1;
  yaml_node_t *seen[KEY__COUNT] = {NULL};
  char label[256];
  unsigned pattern_line = 0;
  int errors_before = ctx->errors;

  r.line = node_line(n);
  if (n->type != YAML_MAPPING_NODE) {
    load_error(ctx, r.line, "rule #%zu: expected a mapping (id, kind, pattern, ...)",
               index);
    goto cleanup;
  }
  /* The id first, so every message can name the rule. */
  snprintf(label, sizeof label, "rule #%zu", index);
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
       p < n->data.mapping.pairs.top; p++) {
    yaml_node_t *k = yaml_document_get_node(ctx->doc, p->key);
    yaml_node_t *v = yaml_document_get_node(ctx->doc, p->value);
    if (scalar_is(k, "id") && v->type == YAML_SCALAR_NODE &&
        v->data.scalar.length > 0 && v->data.scalar.length < 200)
      snprintf(label, sizeof label, "rule %s", (const char *)v->data.scalar.value);
  }
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
       p < n->data.mapping.pairs.top; p++) {
    yaml_node_t *k = yaml_document_get_node(ctx->doc, p->key);
    yaml_node_t *v = yaml_document_get_node(ctx->doc, p->value);
    int key;
    for (key = 0; key < KEY__COUNT; key++)
      if (scalar_is(k, key_names[key]))
        break;
    if (key == KEY__COUNT) {
      if (k->type == YAML_SCALAR_NODE)
        load_error(ctx, node_line(k),
                   "%s: unknown key \"%s\" (expected id, kind, pattern, flags, "
                   "triggers, message, examples, counterexamples, lines, start)",
                   label, (const char *)k->data.scalar.value);
      else
        load_error(ctx, node_line(k), "%s: keys must be strings", label);
      bad = 1;
      continue;
    }
    if (seen[key]) {
      load_error(ctx, node_line(k), "%s: key \"%s\" given twice (first on line %u)",
                 label, key_names[key], node_line(seen[key]));
      bad = 1;
      continue;
    }
    seen[key] = k;
    switch (key) {
    case KEY_ID:
      rc = take_string(ctx, v, label, "id", &r.id);
      break;
    case KEY_KIND: {
      char *name = NULL;
      rc = take_string(ctx, v, label, "kind", &name);
      if (rc == 0) {
        kind = cl_kind_parse(name);
        if (kind < 0) {
          load_error(ctx, node_line(v),
                     "%s: unknown kind \"%s\" (expected copyright, syndication, "
                     "editor, author, source, license or image)",
                     label, name);
          rc = 1;
        }
      }
      free(name);
      break;
    }
    case KEY_PATTERN:
      pattern_line = node_line(v);
      rc = take_string(ctx, v, label, "pattern", &r.pattern);
      break;
    case KEY_FLAGS:
      rc = parse_flags(ctx, v, label, &r.options);
      break;
    case KEY_TRIGGERS:
      rc = parse_triggers(ctx, v, label, &r);
      break;
    case KEY_MESSAGE:
      rc = take_string(ctx, v, label, "message", &r.message);
      break;
    case KEY_EXAMPLES:
      rc = parse_examples(ctx, v, label, 0, &r.examples, &r.nexamples);
      break;
    case KEY_COUNTER:
      rc = parse_examples(ctx, v, label, 1, &r.counter, &r.ncounter);
      break;
    case KEY_START:
      rc = take_string(ctx, v, label, "start", &r.start);
      break;
    case KEY_LINES: {
      char *which = NULL;
      rc = take_string(ctx, v, label, "lines", &which);
      if (rc == 0 && strcmp(which, "byline") != 0 && strcmp(which, "all") != 0) {
        load_error(ctx, node_line(v),
                   "%s: unknown lines \"%s\" (expected all or byline)", label,
                   which);
        rc = 1;
      }
      r.byline_only = rc == 0 && strcmp(which, "byline") == 0;
      free(which);
      break;
    }
    }
    if (rc < 0)
      goto cleanup;
    bad |= rc;
  }
  for (int key = 0; key < KEY__COUNT; key++)
    if (!seen[key] && key != KEY_FLAGS && key != KEY_TRIGGERS &&
        key != KEY_LINES && key != KEY_START) {
      load_error(ctx, r.line, "%s: missing \"%s\"", label, key_names[key]);
      bad = 1;
    }
  if (kind >= 0) {
    r.kind = (cl_kind)kind;
    if (r.pattern)
      check_groups(ctx, &r, label, pattern_line);
    check_example_fields(ctx, &r, label);
  }
  if (r.id) {
    for (size_t i = 0; i < ctx->rules->n; i++) {
      const cl_rule *o = &ctx->rules->v[i];
      if (strcmp(o->id, r.id) == 0) {
        load_error(ctx, r.line, "rule %s: duplicate id, first defined at %s:%u",
                   r.id, o->file, o->line);
        bad = 1;
        break;
      }
    }
  }
  /* A rule with problems is left out; the file as a whole fails. */
  if (bad || ctx->errors > errors_before)
    goto cleanup;
  r.file = cl_strdup(ctx->file);
  if (!r.file || grow(&ctx->rules->v, &ctx->rules->cap, ctx->rules->n,
                      sizeof *ctx->rules->v) < 0) {
    ctx->oom = 1;
    rc = -1;
    goto cleanup;
  }
  ctx->rules->v[ctx->rules->n++] = r;
  memset(&r, 0, sizeof r);
cleanup:
  rule_free(&r);
  return rc < 0 ? -1 : 0;
}

static void parse_document(load_ctx *ctx) {
  yaml_node_t *root = yaml_document_get_root_node(ctx->doc);
  yaml_node_t *list = NULL;
  int policy_keys = 0;
  if (!root)
    return;
  if (root->type != YAML_MAPPING_NODE) {
    load_error(ctx, node_line(root), "expected a mapping with a \"rules\" list");
    return;
  }
  for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
       p < root->data.mapping.pairs.top; p++) {
    yaml_node_t *k = yaml_document_get_node(ctx->doc, p->key);
    int pk = 0;
    if (scalar_is(k, "rules"))
      list = yaml_document_get_node(ctx->doc, p->value);
    else if ((pk = cl_policy_load_key(ctx->rules, ctx->file, ctx->doc, k,
                                      yaml_document_get_node(ctx->doc, p->value),
                                      &ctx->errors)) != 0) {
      policy_keys = 1;
      if (pk < 0) {
        ctx->oom = 1;
        return;
      }
    } else if (k->type == YAML_SCALAR_NODE)
      load_error(ctx, node_line(k),
                 "unknown key \"%s\" (expected rules, agencies, parties, "
                 "agreements, severities, examples, unknown-partners)",
                 (const char *)k->data.scalar.value);
    else
      load_error(ctx, node_line(k), "keys must be strings");
  }
  if (!list && policy_keys)
    return; /* a policy file */
  if (!list) {
    load_error(ctx, node_line(root), "missing \"rules\"");
    return;
  }
  if (list->type != YAML_SEQUENCE_NODE) {
    load_error(ctx, node_line(list), "\"rules\" must be a list");
    return;
  }
  size_t index = 0;
  for (yaml_node_item_t *it = list->data.sequence.items.start;
       it < list->data.sequence.items.top; it++)
    if (parse_rule(ctx, yaml_document_get_node(ctx->doc, *it), ++index) < 0)
      return;
}

/* Nesting and aliases past CL_YAML_FILE_LIMITS are an error of the file
 * (yamlcheck.c): 1 refused, -1 ENOMEM, 0 may be loaded. */
static int yaml_refused(load_ctx *ctx, const char *data, size_t len) {
  const cl_yaml_limits lim = CL_YAML_FILE_LIMITS;
  cl_buf why = CL_BUF_INIT;
  unsigned long line = 0;
  int rc = cl_yaml_check(data, len, &lim, &why, &line);
  if (rc < 0)
    ctx->oom = 1;
  else if (rc)
    load_error(ctx, (unsigned)line, "%s", why.ptr);
  cl_buf_free(&why);
  return rc;
}

/* Loads one file; TRUSTED skips the YAML limits check (yaml_refused), for
 * the embedded defaults only: the project's own files, which the tests
 * load from rules/ with the check (test_rules: the folder equals the
 * embedded defaults). */
static cl_status load_buffer(cl_rules *rules, const char *name,
                             const char *data, size_t len, int trusted) {
  yaml_parser_t parser;
  yaml_document_t doc;
  int parser_set = 0, doc_set = 0, any = 0;
  load_ctx ctx = {rules, name, &doc, 0, 0};
  cl_status st = CL_OK;

  rules->nfiles++;
  if (rules->compiled) {
    load_error(&ctx, 0, "rules cannot be added after cl_rules_compile");
    st = CL_FAILED;
    goto cleanup;
  }
  if (!trusted && yaml_refused(&ctx, data, len) != 0) {
    st = ctx.oom ? CL_FATAL : CL_FAILED;
    goto cleanup;
  }
  if (!yaml_parser_initialize(&parser)) {
    st = CL_FATAL;
    goto cleanup;
  }
  parser_set = 1;
  yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
  for (;;) {
    if (!yaml_parser_load(&parser, &doc)) {
      if (parser.error == YAML_MEMORY_ERROR) {
        ctx.oom = 1;
        break;
      }
      if (parser.context)
        load_error(&ctx, (unsigned)parser.problem_mark.line + 1,
                   "YAML syntax error: %s (%s)", parser.problem,
                   parser.context);
      else
        load_error(&ctx, (unsigned)parser.problem_mark.line + 1,
                   "YAML syntax error: %s", parser.problem);
      break;
    }
    doc_set = 1;
    if (!yaml_document_get_root_node(&doc))
      break; /* end of the stream */
    any = 1;
    parse_document(&ctx);
    yaml_document_delete(&doc);
    doc_set = 0;
    if (ctx.oom)
      break;
  }
  if (!any && !ctx.errors && !ctx.oom)
    load_error(&ctx, 0, "no rules (expected a mapping with a \"rules\" list)");
  st = ctx.oom ? CL_FATAL : ctx.errors ? CL_FAILED : CL_OK;
cleanup:
  if (doc_set)
    yaml_document_delete(&doc);
  if (parser_set)
    yaml_parser_delete(&parser);
  return st;
}

cl_status cl_rules_load_buffer(cl_rules *rules, const char *name,
                               const char *data, size_t len) {
  return load_buffer(rules, name, data, len, 0);
}

cl_status cl_rules_load_file(cl_rules *rules, const char *path) {
  cl_buf b = CL_BUF_INIT;
  const char *why;
  cl_status st;
  if (cl_read_file(path, CL_SETTINGS_MAX, &b, &why) < 0) {
    st = errno == ENOMEM ? CL_FATAL : CL_FAILED;
    if (st == CL_FAILED)
      cl_rules_add_error(rules, path, 0, "cannot read: %s", why);
  } else {
    st = cl_rules_load_buffer(rules, path, b.ptr, b.len);
  }
  cl_buf_free(&b);
  return st;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_rule_file(const char *name) {
  size_t len = strlen(name);
  if (name[0] == '.')
    return 0;
  return (len > 5 && strcmp(name + len - 5, ".yaml") == 0) ||
         (len > 4 && strcmp(name + len - 4, ".yml") == 0);
}

cl_status cl_rules_load_dir(cl_rules *rules, const char *dir) {
  DIR *d = NULL;
  char **names = NULL;
  size_t n = 0, cap = 0;
  cl_buf path = CL_BUF_INIT;
  cl_status st = CL_OK;
  struct dirent *de;

  d = opendir(dir);
  if (!d) {
    cl_rules_add_error(rules, dir, 0, "cannot open folder: %s", strerror(errno));
    st = CL_FAILED;
    goto cleanup;
  }
  for (;;) {
    errno = 0;
    de = readdir(d);
    if (!de)
      break;
    if (!is_rule_file(de->d_name))
      continue;
    if (grow(&names, &cap, n, sizeof *names) < 0 ||
        !(names[n] = cl_strdup(de->d_name))) {
      st = CL_FATAL;
      goto cleanup;
    }
    n++;
  }
  if (errno) {
    cl_rules_add_error(rules, dir, 0, "cannot read folder: %s", strerror(errno));
    st = CL_FAILED;
    goto cleanup;
  }
  if (n == 0) {
    cl_rules_add_error(rules, dir, 0, "no rule files (*.yaml, *.yml)");
    st = CL_FAILED;
    goto cleanup;
  }
  qsort(names, n, sizeof *names, name_cmp);
  for (size_t i = 0; i < n; i++) {
    cl_buf_clear(&path);
    if (cl_buf_printf(&path, "%s%s%s", dir,
                      dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/",
                      names[i]) < 0) {
      st = CL_FATAL;
      goto cleanup;
    }
    cl_status one = cl_rules_load_file(rules, path.ptr);
    if (one < st)
      st = one;
    if (st == CL_FATAL)
      goto cleanup;
  }
cleanup:
  if (d)
    closedir(d);
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  cl_buf_free(&path);
  return st;
}

cl_status cl_rules_load_defaults(cl_rules *rules) {
  cl_status st = CL_OK;
  cl_buf name = CL_BUF_INIT;
  for (const cl_embedded_file *f = cl_embedded_rules; f->name; f++) {
    cl_buf_clear(&name);
    /* Named as in the source tree, so selftest messages point there. */
    if (cl_buf_printf(&name, "rules/%s", f->name) < 0) {
      st = CL_FATAL;
      break;
    }
    cl_status one = load_buffer(rules, name.ptr, f->data, f->len, 1);
    if (one < st)
      st = one;
    if (st == CL_FATAL)
      break;
  }
  cl_buf_free(&name);
  return st;
}

/* ---------------------------------------------------------- compiling */

/* Compiles SRC, rule R's pattern or start pattern (WHAT), with the
 * rule's options and EXTRA into *CODE: the same options for both, so they
 * read a line alike.  0, 1 error reported, -1 ENOMEM. */
static int compile_one(cl_rules *rules, const cl_rule *r, const char *src,
                       uint32_t extra, const char *what, pcre2_code **code) {
  int err;
  PCRE2_SIZE off;
  *code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
                        PCRE2_UTF | PCRE2_UCP | extra | r->options, &err, &off,
                        NULL);
  if (*code)
    return 0;
  if (err == PCRE2_ERROR_NOMEMORY)
    return -1;
  PCRE2_UCHAR text[256];
  pcre2_get_error_message(err, text, sizeof text);
  cl_rules_add_error(rules, r->file, r->line, "rule %s: %s error at offset %zu: %s",
                     r->id, what, (size_t)off, (const char *)text);
  return 1;
}

cl_status cl_rules_compile(cl_rules *rules) {
  cl_status st = CL_OK;
  if (rules->compiled)
    return CL_OK;
  free(rules->jit_done);
  if (!(rules->jit_done = calloc(rules->n ? rules->n : 1, sizeof *rules->jit_done)))
    return CL_FATAL;
  for (size_t i = 0; i < rules->n; i++) {
    cl_rule *r = &rules->v[i];
    /* Loading compiled the pattern already (check_groups) unless PCRE2
     * refused it; a second call after a failed one tries the rest again. */
    int rc = 0;
    r->jit = 0;
    if (!r->code)
      rc = compile_one(rules, r, r->pattern, 0, "pattern", &r->code);
    if (rc == 0 && r->start && !r->start_code)
      rc = compile_one(rules, r, r->start, PCRE2_ANCHORED, "start",
                       &r->start_code);
    if (rc < 0)
      return CL_FATAL;
    if (rc > 0) {
      st = CL_FAILED;
      continue;
    }
    /* The pattern is JIT compiled when first matched (cl_rule_jit); the
     * start pattern, small and tried on many lines, now. */
    if (r->start_code)
      pcre2_jit_compile(r->start_code, PCRE2_JIT_COMPLETE);
  }
  int pc = cl_policy_compile(rules);
  if (pc < 0)
    return CL_FATAL;
  int ac = cl_agencies_compile(rules);
  if (pc > 0 || ac > 0)
    st = CL_FAILED;
  if (st == CL_OK) {
    /* JIT may be unavailable on this platform; matching still works,
     * only slower, so it is reported through cl_rules_jit_active. */
    uint32_t jit = 0;
    rules->compiled = 1;
    rules->jit_all = pcre2_config(PCRE2_CONFIG_JIT, &jit) >= 0 && jit;
  }
  return st;
}

void cl_rule_jit(const cl_rules *rules, const cl_rule *r) {
  size_t i = (size_t)(r - rules->v);
  if (!rules->jit_all ||
      atomic_load_explicit(&rules->jit_done[i], memory_order_acquire))
    return;
  /* The lock and the flag are the shared state the const handle allows
   * to change; the rule itself is written by one worker, before the flag. */
  cl_rules *w = (cl_rules *)rules;
  pthread_mutex_lock(&w->jit_lock);
  if (!atomic_load_explicit(&w->jit_done[i], memory_order_relaxed)) {
    cl_rule *wr = &w->v[i];
    size_t jit_size = 0;
    wr->jit = pcre2_jit_compile(wr->code, PCRE2_JIT_COMPLETE) == 0 &&
              pcre2_pattern_info(wr->code, PCRE2_INFO_JITSIZE, &jit_size) == 0 &&
              jit_size > 0;
    atomic_store_explicit(&w->jit_done[i], 1, memory_order_release);
  }
  pthread_mutex_unlock(&w->jit_lock);
}

/* ----------------------------------------------------------- selftest */

/* Matching lines of one example text, for the checks below. */
typedef struct {
  size_t matches;
  int no_trigger;     /* a matching line holds none of the triggers */
  int bad_start;      /* ... or does not match the rule's start pattern */
  cl_buf first;       /* text of the first match */
  cl_buf err;         /* a match error, e.g. match limit */
} run_result;

static int line_has_trigger(const cl_rule *r, const char *s, size_t len) {
  if (r->ntriggers == 0)
    return 1;
  for (size_t t = 0; t < r->ntriggers; t++)
    if (cl_trigger_in_line(r->triggers[t], s, len))
      return 1;
  return 0;
}

/* What the self-test does with each match of one line. */
typedef struct {
  const cl_rule *r;
  const cl_text *t;  /* norm may move while a join is built */
  const cl_tline *l;
  cl_docres *d;
  run_result *res;
  pcre2_match_data *md; /* for the start pattern: the match's own is in use */
} run_ctx;

static int run_found(void *ud, const char *subj, size_t base,
                     const PCRE2_SIZE *ov, size_t src_off) {
  run_ctx *c = ud;
  (void)base;
  (void)src_off;
  if (c->res->matches++ == 0 &&
      cl_buf_put(&c->res->first, subj + ov[0], ov[1] - ov[0]) < 0)
    return -1;
  const char *line = c->t->norm.ptr + c->l->norm_off;
  if (!line_has_trigger(c->r, line, c->l->norm_len))
    c->res->no_trigger = 1;
  if (!cl_rule_start_ok(c->r, line, c->l->norm_len, 0, c->md, NULL))
    c->res->bad_start = 1;
  if (c->d && cl_credit_from_match(c->d, c->r, subj, ov, c->l->line,
                                   c->l->col, CL_SCOPE_BODY) < 0)
    return -1;
  return 0;
}

/* Runs rule R over TEXT, normalised and matched as the scanner does (line
 * continuation included), adding the credits to D (if not NULL).  0, or
 * -1 on ENOMEM. */
static int run_rule(const cl_rule *r, const char *text, cl_text *t,
                    cl_docres *d, run_result *res) {
  pcre2_match_data *md = NULL, *start_md = NULL;
  size_t pos = 0;
  unsigned line = 1;
  int more, rc = 0;

  md = pcre2_match_data_create_from_pattern(r->code, NULL);
  start_md = pcre2_match_data_create(1, NULL);
  if (!md || !start_md) {
    rc = -1;
    goto cleanup;
  }
  cl_text_reset(t, text, strlen(text));
  do {
    more = cl_text_fill_plain(t, &pos, &line, (size_t)1 << 20, (size_t)1 << 20);
    if (more < 0) {
      rc = -1;
      goto cleanup;
    }
    for (size_t i = 0; i < t->nlines; i++) {
      run_ctx c = {r, t, &t->lines[i], d, res, start_md};
      int err = 0;
      if (cl_match_line(r, t, i, md, NULL, run_found, &c, &err) < 0) {
        rc = -1;
        goto cleanup;
      }
      if (err < 0) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        cl_buf_clear(&res->err);
        if (cl_buf_printf(&res->err, "match error: %s", (const char *)msg) < 0)
          rc = -1;
        goto cleanup;
      }
    }
    cl_text_clear_lines(t);
  } while (more == 1);
cleanup:
  pcre2_match_data_free(md);
  pcre2_match_data_free(start_md);
  return rc;
}

/* The value of field NAME in credit C, or NULL. */
static const char *credit_field(const cl_credit *c, const char *name,
                                cl_kind kind) {
  if (strcmp(name, "years") == 0 && c->years_text)
    return c->years_text;
  for (size_t i = 0; i < c->field_count; i++)
    if (c->fields[i].name && strcmp(c->fields[i].name, name) == 0)
      return c->fields[i].value;
  if (strcmp(name, kind_fields[kind][0]) == 0)
    return c->value;
  return NULL;
}

/* Appends `"a", "b"` (or "nothing") to B. */
static int put_values(cl_buf *b, const char *const *v, size_t n) {
  if (n == 0)
    return cl_buf_puts(b, "nothing");
  for (size_t i = 0; i < n; i++)
    if (cl_buf_printf(b, "%s\"%s\"", i ? ", " : "", v[i]) < 0)
      return -1;
  return 0;
}

/* Compares the expected fields of E with the credits of D; describes the
 * differences in WHY.  Returns 1 if they agree, 0 if not, -1 on ENOMEM. */
static int compare_fields(const cl_rule *r, const cl_example *e,
                          const cl_docres *d, cl_buf *why) {
  const char **want = NULL, **got = NULL;
  int ok = 1;
  want = malloc((e->nexpect + 1) * sizeof *want);
  got = malloc((d->ncredits + 1) * sizeof *got);
  if (!want || !got) {
    ok = -1;
    goto cleanup;
  }
  for (size_t j = 0; j < e->nexpect; j++) {
    size_t first = 0, nw = 0, ng = 0;
    while (strcmp(e->names[first], e->names[j]) != 0)
      first++;
    if (first != j)
      continue; /* this name was compared already */
    for (size_t k = j; k < e->nexpect; k++)
      if (strcmp(e->names[k], e->names[j]) == 0)
        want[nw++] = e->values[k];
    for (size_t c = 0; c < d->ncredits; c++) {
      const char *v = credit_field(&d->credits[c], e->names[j], r->kind);
      if (v)
        got[ng++] = v;
    }
    int same = nw == ng;
    for (size_t k = 0; same && k < nw; k++)
      same = strcmp(want[k], got[k]) == 0;
    if (same)
      continue;
    ok = 0;
    if (cl_buf_printf(why, "%s%s ", why->len ? "; " : "gave ", e->names[j]) < 0 ||
        put_values(why, got, ng) < 0 || cl_buf_puts(why, ", expected ") < 0 ||
        put_values(why, want, nw) < 0) {
      ok = -1;
      goto cleanup;
    }
  }
cleanup:
  free(want);
  free(got);
  return ok;
}

/* Checks one example (or counterexample).  Returns 1 passed, 0 failed
 * (MSG set), -1 on ENOMEM. */
static int check_example(const cl_rule *r, const cl_example *e, int counter,
                         cl_text *t, cl_buf *msg) {
  run_result res = {0, 0, 0, CL_BUF_INIT, CL_BUF_INIT};
  cl_buf why = CL_BUF_INIT;
  cl_docres *d = NULL;
  int ok = 1;

  if (!counter && !(d = cl_docres_new("selftest", "text", strlen(e->text)))) {
    ok = -1;
    goto cleanup;
  }
  if (run_rule(r, e->text, t, d, &res) < 0) {
    ok = -1;
    goto cleanup;
  }
  cl_buf_clear(msg);
  if (res.err.len) {
    ok = 0;
    if (cl_buf_puts(&why, res.err.ptr) < 0)
      ok = -1;
  } else if (counter) {
    if (res.matches) {
      ok = 0;
      if (cl_buf_printf(&why, "matches \"%s\"", res.first.ptr ? res.first.ptr : "") < 0)
        ok = -1;
    }
  } else if (!res.matches) {
    ok = 0;
    if (cl_buf_puts(&why, "does not match") < 0)
      ok = -1;
  } else if (res.no_trigger) {
    ok = 0;
    if (cl_buf_puts(&why, "matches a line that holds none of the triggers") < 0)
      ok = -1;
  } else if (res.bad_start) {
    ok = 0;
    if (cl_buf_puts(&why, "matches a line whose start the rule's start "
                          "pattern does not match") < 0)
      ok = -1;
  } else {
    ok = compare_fields(r, e, d, &why);
  }
  if (ok == 0 &&
      cl_buf_printf(msg, "%s:%u: rule %s: %s \"%s\" %s", r->file, e->line, r->id,
                    counter ? "counterexample" : "example", e->text, why.ptr) < 0)
    ok = -1;
cleanup:
  cl_docres_free(d);
  cl_buf_free(&res.first);
  cl_buf_free(&res.err);
  cl_buf_free(&why);
  return ok;
}

cl_status cl_rules_selftest(const cl_rules *rules,
                            void (*on_fail)(const char *msg, void *ud),
                            void *ud, size_t *passed, size_t *failed) {
  size_t np = 0, nf = 0;
  cl_text t;
  cl_buf msg = CL_BUF_INIT;
  cl_status st = CL_OK;

  cl_text_init(&t);
  if (!rules->compiled) {
    nf++;
    if (on_fail)
      on_fail("rules are not compiled (call cl_rules_compile first)", ud);
    goto cleanup;
  }
  for (size_t i = 0; i < rules->n; i++) {
    const cl_rule *r = &rules->v[i];
    cl_rule_jit(rules, r); /* tested as the scanner runs it */
    for (int counter = 0; counter < 2; counter++) {
      const cl_example *ex = counter ? r->counter : r->examples;
      size_t n = counter ? r->ncounter : r->nexamples;
      for (size_t k = 0; k < n; k++) {
        int ok = check_example(r, &ex[k], counter, &t, &msg);
        if (ok < 0) {
          st = CL_FATAL;
          goto cleanup;
        }
        if (ok) {
          np++;
        } else {
          nf++;
          if (on_fail)
            on_fail(msg.ptr, ud);
        }
      }
    }
  }
  if (cl_policy_selftest(rules, on_fail, ud, &np, &nf) < 0)
    st = CL_FATAL;
cleanup:
  cl_text_free(&t);
  cl_buf_free(&msg);
  if (passed)
    *passed = np;
  if (failed)
    *failed = nf;
  if (st == CL_OK && nf)
    st = CL_FAILED;
  return st;
}
