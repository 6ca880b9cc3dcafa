/* render_json.c - the report as one JSON object (jansson).  Keys are
 * written in a fixed order; the schema is in docs/output.md. */
#include "render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Builds objects and remembers whether any allocation failed, so the
 * builders read straight through and the check happens once. */
typedef struct {
  int oom;
} json_builder;

static void jb_set(json_builder *b, json_t *obj, const char *key, json_t *v) {
  /* json_object_set_new releases V itself when it fails. */
  if (!obj) {
    json_decref(v);
    b->oom = 1;
  } else if (json_object_set_new(obj, key, v) < 0) {
    b->oom = 1;
  }
}

static void jb_append(json_builder *b, json_t *arr, json_t *v) {
  if (!arr) {
    json_decref(v);
    b->oom = 1;
  } else if (json_array_append_new(arr, v) < 0) {
    b->oom = 1;
  }
}

/* A JSON string; null for NULL.  File names need not be UTF-8: invalid
 * bytes become U+FFFD rather than failing the whole report. */
static json_t *jb_str(json_builder *b, const char *s) {
  if (!s)
    return json_null();
  json_t *v = json_string(s);
  if (v)
    return v;
  cl_buf clean = CL_BUF_INIT;
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s);
  int bad = 0;
  while (n && !bad) {
    size_t k = cl_jsonw_utf8_seq(p, n);
    if (k)
      bad = cl_buf_put(&clean, p, k);
    else
      bad = cl_buf_puts(&clean, "\xef\xbf\xbd");
    k = k ? k : 1;
    p += k;
    n -= k;
  }
  v = bad ? NULL : json_string(clean.ptr ? clean.ptr : "");
  cl_buf_free(&clean);
  if (!v)
    b->oom = 1;
  return v;
}

static json_t *jb_uint(size_t n) { return json_integer((json_int_t)n); }

/* Names the credit object already has: a captured field of the same name
 * is left out rather than overwrite them. */
static int credit_key_reserved(const char *name) {
  static const char *const keys[] = {"kind",  "rule",  "line",       "column",
                                     "text",  "scope", "value",      "years",
                                     "years_text", "symbol"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    if (strcmp(name, keys[i]) == 0)
      return 1;
  return 0;
}

/* A document as the json and jsonl formats write it, streamed through
 * jsonw.c: no tree per document.  tests/test_jsonw.c holds the jansson
 * builder these replaced, as the oracle of their bytes. */
static void jw_kstr(cl_jsonw *w, const char *key, const char *s) {
  cl_jsonw_key(w, key);
  cl_jsonw_string(w, s);
}

static void jw_kint(cl_jsonw *w, const char *key, long long v) {
  cl_jsonw_key(w, key);
  cl_jsonw_int(w, v);
}

/* 1 if a field before I has I's name: the first one is kept. */
static int field_seen(const cl_credit *c, size_t i) {
  for (size_t j = 0; j < i; j++)
    if (c->fields[j].name && strcmp(c->fields[j].name, c->fields[i].name) == 0)
      return 1;
  return 0;
}

static void jw_credits(cl_jsonw *w, const cl_credit *v, size_t n) {
  cl_jsonw_array_begin(w);
  for (size_t k = 0; k < n; k++) {
    const cl_credit *c = &v[k];
    cl_jsonw_object_begin(w);
    jw_kstr(w, "kind", cl_kind_name(c->kind));
    jw_kstr(w, "rule", c->rule);
    jw_kint(w, "line", (json_int_t)c->line);
    jw_kint(w, "column", (json_int_t)c->column);
    jw_kstr(w, "text", c->text);
    jw_kstr(w, "scope", cl_scope_name(c->scope));
    jw_kstr(w, "value", c->value);
    for (size_t i = 0; i < c->field_count; i++) {
      const cl_field *f = &c->fields[i];
      if (f->name && !credit_key_reserved(f->name) && !field_seen(c, i))
        jw_kstr(w, f->name, f->value);
    }
    /* An image credit may carry years and a symbol too. */
    if (c->kind == CL_KIND_COPYRIGHT || c->kind == CL_KIND_IMAGE) {
      cl_jsonw_key(w, "years");
      cl_jsonw_array_begin(w);
      for (size_t i = 0; i < c->year_count; i++)
        cl_jsonw_int(w, c->years[i]);
      cl_jsonw_array_end(w);
      jw_kstr(w, "years_text", c->years_text);
      jw_kstr(w, "symbol", c->symbol);
    }
    cl_jsonw_object_end(w);
  }
  cl_jsonw_array_end(w);
}

static void jw_finding(cl_jsonw *w, const cl_finding *f) {
  cl_jsonw_object_begin(w);
  jw_kstr(w, "check", f->check);
  jw_kstr(w, "severity", cl_severity_name(f->severity));
  jw_kint(w, "line", (json_int_t)f->line);
  jw_kint(w, "column", (json_int_t)f->column);
  jw_kstr(w, "message", f->message);
  jw_kstr(w, "fix", f->fix);
  jw_kstr(w, "fingerprint", f->fingerprint);
  cl_jsonw_key(w, "refs");
  cl_jsonw_array_begin(w);
  for (size_t i = 0; i < f->ref_count; i++) {
    cl_jsonw_object_begin(w);
    jw_kint(w, "line", (json_int_t)f->ref_lines[i]);
    jw_kint(w, "column", (json_int_t)f->ref_columns[i]);
    cl_jsonw_object_end(w);
  }
  cl_jsonw_array_end(w);
  cl_jsonw_object_end(w);
}

void cl_json_write_document(cl_jsonw *w, const cl_document *d,
                            const char *type) {
  cl_jsonw_object_begin(w);
  if (type)
    jw_kstr(w, "type", type);
  jw_kstr(w, "path", d->path);
  jw_kstr(w, "format", d->format);
  jw_kint(w, "bytes", (json_int_t)d->bytes);
  /* Only when set, so the usual document keeps its shape. */
  if (d->damaged) {
    cl_jsonw_key(w, "damaged");
    cl_jsonw_object_begin(w);
    jw_kint(w, "line", (json_int_t)d->damaged_line);
    jw_kstr(w, "message", d->damaged);
    cl_jsonw_object_end(w);
  }
  cl_jsonw_key(w, "credits");
  jw_credits(w, d->credits, d->credit_count);
  cl_jsonw_key(w, "metadata");
  jw_credits(w, d->metadata, d->metadata_count);
  cl_jsonw_key(w, "findings");
  cl_jsonw_array_begin(w);
  for (size_t i = 0; i < d->finding_count; i++)
    jw_finding(w, &d->findings[i]);
  cl_jsonw_array_end(w);
  cl_jsonw_object_end(w);
}

static json_t *jb_tallies(json_builder *b, const cl_tally *v, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *t = json_object();
    jb_set(b, t, "name", jb_str(b, v[i].name));
    jb_set(b, t, "count", jb_uint(v[i].count));
    jb_append(b, a, t);
  }
  return a;
}

/* Per archive: the auditor's summary (empty when no archive was scanned). */
static json_t *jb_bundles(json_builder *b, const cl_report *r) {
  json_t *a = json_array();
  cl_bundles *bs = cl_bundles_new(r);
  if (!bs) {
    b->oom = 1;
    return a;
  }
  for (size_t i = 0; i < cl_bundles_count(bs); i++) {
    const cl_bundle *bu = cl_bundles_at(bs, i);
    json_t *o = json_object();
    jb_set(b, o, "path", jb_str(b, bu->path));
    jb_set(b, o, "documents", jb_uint(bu->documents));
    jb_set(b, o, "documents_with_findings", jb_uint(bu->documents_with_findings));
    jb_set(b, o, "credits", jb_uint(bu->credits));
    jb_set(b, o, "errors", jb_uint(bu->errors));
    jb_set(b, o, "holders", jb_tallies(b, bu->holders, bu->holder_count));
    jb_set(b, o, "parties", jb_tallies(b, bu->parties, bu->party_count));
    jb_append(b, a, o);
  }
  cl_bundles_free(bs);
  return a;
}

static json_t *jb_summary(json_builder *b, const cl_report *r) {
  cl_summary s;
  cl_report_summary(r, &s);
  json_t *o = json_object();
  jb_set(b, o, "documents", jb_uint(s.documents));
  jb_set(b, o, "documents_with_findings", jb_uint(s.documents_with_findings));
  jb_set(b, o, "credits", jb_uint(s.credits));
  json_t *f = json_object();
  jb_set(b, f, "error", jb_uint(s.findings[CL_SEV_ERROR]));
  jb_set(b, f, "warning", jb_uint(s.findings[CL_SEV_WARNING]));
  jb_set(b, f, "info", jb_uint(s.findings[CL_SEV_INFO]));
  jb_set(b, o, "findings", f);
  jb_set(b, o, "errors", jb_uint(s.errors));
  jb_set(b, o, "skipped", jb_uint(s.skipped));
  jb_set(b, o, "bytes", json_integer((json_int_t)s.bytes));
  return o;
}

#define JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

cl_status cl_json_write_nested(json_t *v, size_t depth, FILE *out) {
  char *text = v ? json_dumps(v, JSON_FLAGS | JSON_ENCODE_ANY) : NULL;
  if (!text)
    return CL_FATAL;
  cl_status st = CL_OK;
  const char *p = text;
  for (;;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
    if (fwrite(p, 1, n, out) != n) {
      st = CL_FAILED;
      break;
    }
    if (!nl)
      break;
    /* Raw newlines are layout only: jansson escapes those in strings. */
    for (size_t i = 0; i < depth; i++)
      if (fputs("  ", out) == EOF)
        st = CL_FAILED;
    p = nl + 1;
  }
  free(text);
  return st;
}

cl_status cl_json_each_finding(
    const cl_document *d, const char *root,
    json_t *(*build)(const cl_document *d, const cl_finding *f,
                     const char *path),
    cl_status (*emit)(void *ud, json_t *v), void *ud) {
  if (!d->finding_count)
    return CL_OK;
  char *path = cl_path_for_root(d->path, d->archive_len, root);
  if (!path)
    return CL_FATAL;
  cl_status st = CL_OK;
  for (size_t j = 0; j < d->finding_count && st == CL_OK; j++) {
    json_t *v = build(d, &d->findings[j], path);
    st = v ? emit(ud, v) : CL_FATAL;
    json_decref(v);
  }
  free(path);
  return st;
}

/* The report object written piece by piece: {"version", "documents": [
 * each document ], then the rest, which needs totals.  The same bytes as
 * one json_dumpf of the whole object. */
typedef struct {
  FILE *out;
  size_t ndocs;
  cl_jsonw w;
} json_state;

static cl_status json_begin(void *state, FILE *out,
                            const cl_render_options *o) {
  (void)o; /* verbose/quiet/color shape the text format only */
  json_state *js = state;
  js->out = out;
  json_builder b = {0};
  json_t *version = jb_str(&b, CL_VERSION);
  cl_status st = CL_FATAL;
  if (!version)
    goto cleanup;
  st = CL_FAILED;
  if (fputs("{\n  \"version\": ", out) == EOF)
    goto cleanup;
  st = cl_json_write_nested(version, 1, out);
  if (st == CL_OK && fputs(",\n  \"documents\": [", out) == EOF)
    st = CL_FAILED;
cleanup:
  json_decref(version);
  return st;
}

/* Streamed, not built: a jansson tree per document cost an eighth of a
 * scan. */
static cl_status json_document(void *state, const cl_document *d) {
  json_state *js = state;
  if (fputs(js->ndocs++ ? ",\n    " : "\n    ", js->out) == EOF)
    return CL_FAILED;
  cl_jsonw_init(&js->w, js->out, 2, 2);
  cl_json_write_document(&js->w, d, NULL);
  return cl_jsonw_flush(&js->w);
}

static cl_status json_end(void *state, const cl_report *r) {
  json_state *js = state;
  cl_status st = CL_OK;
  char *text = NULL;
  json_builder b = {0};
  /* The keys after "documents", dumped as an object of their own at the
   * root's depth: its text less the opening brace continues the root. */
  json_t *rest = json_object();
  jb_set(&b, rest, "bundles", jb_bundles(&b, r));
  jb_set(&b, rest, "summary", jb_summary(&b, r));

  json_t *errors = json_array();
  for (size_t i = 0; i < cl_report_error_count(r); i++) {
    const cl_error *e = cl_report_error(r, i);
    json_t *eo = json_object();
    jb_set(&b, eo, "path", jb_str(&b, e->path));
    jb_set(&b, eo, "message", jb_str(&b, e->message));
    jb_set(&b, eo, "fatal", json_boolean(e->fatal_to_document));
    jb_append(&b, errors, eo);
  }
  jb_set(&b, rest, "errors", errors);

  json_t *notes = json_array();
  for (size_t i = 0; i < cl_report_note_count(r); i++) {
    json_t *no = json_object();
    jb_set(&b, no, "path", jb_str(&b, cl_report_note_path(r, i)));
    jb_set(&b, no, "message", jb_str(&b, cl_report_note_message(r, i)));
    jb_append(&b, notes, no);
  }
  jb_set(&b, rest, "notes", notes);
  if (cl_report_baseline(r))
    jb_set(&b, rest, "baseline", cl_baseline_json(cl_report_baseline(r)));

  if (b.oom || !(text = json_dumps(rest, JSON_FLAGS))) {
    st = CL_FATAL;
    goto cleanup;
  }
  if (fputs(js->ndocs ? "\n  ]," : "],", js->out) == EOF ||
      fputs(text + 1, js->out) == EOF || putc('\n', js->out) == EOF ||
      ferror(js->out))
    st = CL_FAILED;

cleanup:
  free(text);
  json_decref(rest);
  return st;
}

const cl_reporter cl_reporter_json = {CL_FORMAT_JSON, "json",
                                      sizeof(json_state), json_begin,
                                      json_document, json_end, NULL};

json_t *cl_json_bundles(const cl_report *r) {
  json_builder b = {0};
  json_t *o = jb_bundles(&b, r);
  if (b.oom) {
    json_decref(o);
    return NULL;
  }
  return o;
}

json_t *cl_json_summary(const cl_report *r) {
  json_builder b = {0};
  json_t *o = jb_summary(&b, r);
  if (b.oom) {
    json_decref(o);
    return NULL;
  }
  return o;
}

json_t *cl_json_string(const char *s) {
  json_builder b = {0};
  json_t *v = jb_str(&b, s ? s : "");
  return b.oom ? NULL : v;
}
