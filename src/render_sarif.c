/* render_sarif.c - SARIF 2.1.0 as GitHub code scanning reads it: one run,
 * a reporting descriptor per check of the catalogue, a result per finding
 * located relative to the repository root (uriBaseId %SRCROOT%, which
 * code scanning resolves to the checkout; the root is left out so that
 * reports do not depend on the machine). */
#include "render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA \
  "https://json.schemastore.org/sarif-2.1.0.json"
#define INFO_URI "https://github.com/creditline/creditline"

static const char *sarif_level(cl_severity s) {
  switch (s) {
  case CL_SEV_ERROR:
    return "error";
  case CL_SEV_WARNING:
    return "warning";
  default:
    return "note";
  }
}

/* RFC 3986 path: unreserved characters and '/' kept, the rest %XX. */
static int uri_encode(cl_buf *b, const char *path) {
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    int keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
               (*p >= '0' && *p <= '9') || strchr("-._~/!$&'()*+,;=:@", *p);
    if (keep ? cl_buf_putc(b, *p) < 0 : cl_buf_printf(b, "%%%02X", *p) < 0)
      return -1;
  }
  return 0;
}

typedef struct {
  int oom;
} sb;

static void put(sb *s, json_t *o, const char *k, json_t *v) {
  if (!o || !v || json_object_set_new(o, k, v) < 0) {
    s->oom = 1;
    if (o == NULL)
      json_decref(v);
  }
}

static void push(sb *s, json_t *a, json_t *v) {
  if (!a || !v || json_array_append_new(a, v) < 0) {
    s->oom = 1;
    if (a == NULL)
      json_decref(v);
  }
}

static json_t *str(const char *s) { return cl_json_string(s); }

static json_t *text_obj(sb *s, const char *t) {
  json_t *o = json_object();
  put(s, o, "text", str(t));
  return o;
}

static json_t *rules_array(sb *s) {
  json_t *rules = json_array();
  for (size_t i = 0; i < cl_check_count(); i++) {
    const cl_check_info *c = cl_check_at(i);
    json_t *r = json_object();
    put(s, r, "id", str(c->id));
    put(s, r, "name", str(c->id));
    put(s, r, "shortDescription", text_obj(s, c->summary));
    put(s, r, "fullDescription", text_obj(s, c->description));
    put(s, r, "help", text_obj(s, c->help));
    json_t *cfg = json_object();
    put(s, cfg, "level", str(sarif_level(c->severity)));
    put(s, r, "defaultConfiguration", cfg);
    push(s, rules, r);
  }
  return rules;
}

/* End column of the credit at LINE/COL (its text length), else COL. */
static unsigned end_column(const cl_document *d, unsigned line, unsigned col) {
  for (size_t i = 0; i < d->credit_count; i++) {
    const cl_credit *c = &d->credits[i];
    if (c->line == line && c->column == col && c->text &&
        !strchr(c->text, '\n'))
      return col + (unsigned)cl_utf8_chars(c->text, strlen(c->text));
  }
  return col + 1;
}

static json_t *result(sb *s, const cl_document *d, const cl_finding *f,
                      const char *root) {
  json_t *r = json_object();
  int idx = cl_check_index(f->check);
  const char *member = cl_path_member(d->path, d->archive_len);
  cl_buf msg = CL_BUF_INIT, uri = CL_BUF_INIT;
  char *rel = cl_path_for_root(d->path, d->archive_len, root);
  if (!rel || cl_buf_puts(&msg, f->message ? f->message : "") < 0 ||
      (member && cl_buf_printf(&msg, " (in %s)", member) < 0) ||
      (f->fix && cl_buf_printf(&msg, "\nFix: %s", f->fix) < 0) ||
      uri_encode(&uri, rel) < 0 || cl_buf_puts(&uri, "") < 0) {
    s->oom = 1;
    goto cleanup;
  }
  put(s, r, "ruleId", str(f->check));
  if (idx >= 0)
    put(s, r, "ruleIndex", json_integer(idx));
  put(s, r, "level", str(sarif_level(f->severity)));
  put(s, r, "message", text_obj(s, msg.ptr));

  json_t *art = json_object();
  put(s, art, "uri", str(uri.ptr));
  if (rel[0] != '/')
    put(s, art, "uriBaseId", str("%SRCROOT%"));
  json_t *region = json_object();
  unsigned line = f->line ? f->line : 1;
  unsigned col = f->line && f->column ? f->column : 1;
  put(s, region, "startLine", json_integer(line));
  put(s, region, "startColumn", json_integer(col));
  put(s, region, "endLine", json_integer(line));
  put(s, region, "endColumn",
      json_integer(f->line && f->column ? end_column(d, line, col) : col));
  json_t *phys = json_object();
  put(s, phys, "artifactLocation", art);
  put(s, phys, "region", region);
  json_t *loc = json_object();
  put(s, loc, "physicalLocation", phys);
  if (member) {
    json_t *logical = json_object();
    put(s, logical, "fullyQualifiedName", str(d->path));
    put(s, logical, "name", str(member));
    put(s, logical, "kind", str("member"));
    json_t *ll = json_array();
    push(s, ll, logical);
    put(s, loc, "logicalLocations", ll);
  }
  json_t *locs = json_array();
  push(s, locs, loc);
  put(s, r, "locations", locs);

  json_t *fp = json_object();
  put(s, fp, "creditline/v1", str(f->fingerprint));
  put(s, r, "partialFingerprints", fp);
cleanup:
  free(rel);
  cl_buf_free(&msg);
  cl_buf_free(&uri);
  return r;
}

/* The results come last in the log but the invocation before them lists
 * the input errors, known only at the end: results are spooled, and the
 * log is written at the end as one json_dumpf of it with an empty results
 * array, the spool copied into that array. */
typedef struct {
  FILE *out;
  char *root;
  cl_spool spool;
  size_t nresults;
  json_t *images; /* image credits, for the run's property bag */
} sarif_state;

/* "results": [] at the depth the run puts it; its elements are 4 deep. */
#define RESULTS_KEY "\"results\": []"
#define RESULT_DEPTH 4

static cl_status sarif_begin(void *state, FILE *out,
                             const cl_render_options *o) {
  (void)o;
  sarif_state *ss = state;
  ss->out = out;
  ss->root = cl_path_repo_root();
  return ss->root ? CL_OK : CL_FATAL;
}

/* The document's image credits (photo credits, captions: never findings
 * of their own) into ss->images: path, position, value and fields. */
static void image_credits(sb *s, sarif_state *ss, const cl_document *d) {
  for (int meta = 0; meta < 2; meta++) {
    const cl_credit *v = meta ? d->metadata : d->credits;
    size_t n = meta ? d->metadata_count : d->credit_count;
    for (size_t i = 0; i < n; i++) {
      const cl_credit *c = &v[i];
      if (c->kind != CL_KIND_IMAGE)
        continue;
      if (!ss->images && !(ss->images = json_array())) {
        s->oom = 1;
        return;
      }
      char *rel = cl_path_for_root(d->path, d->archive_len, ss->root);
      json_t *o = json_object();
      put(s, o, "uri", str(rel ? rel : d->path));
      free(rel);
      put(s, o, "line", json_integer(c->line));
      put(s, o, "column", json_integer(c->column));
      put(s, o, "scope", str(cl_scope_name(c->scope)));
      put(s, o, "rule", str(c->rule));
      put(s, o, "value", str(c->value));
      for (size_t k = 0; k < c->field_count; k++)
        if (c->fields[k].name && !json_object_get(o, c->fields[k].name))
          put(s, o, c->fields[k].name, str(c->fields[k].value));
      push(s, ss->images, o);
    }
  }
}

static cl_status sarif_document(void *state, const cl_document *d) {
  sarif_state *ss = state;
  sb s = {0};
  cl_status st = CL_OK;
  image_credits(&s, ss, d);
  if (s.oom)
    return CL_FATAL;
  if (!d->finding_count)
    return CL_OK;
  FILE *f = cl_spool_file(&ss->spool);
  if (!f)
    return CL_FAILED;
  for (size_t j = 0; j < d->finding_count && st == CL_OK; j++) {
    json_t *res = result(&s, d, &d->findings[j], ss->root);
    if (s.oom || !res)
      st = CL_FATAL;
    else if (fprintf(f, "%s\n%*s", ss->nresults++ ? "," : "",
                     2 * RESULT_DEPTH, "") < 0)
      st = CL_FAILED;
    else
      st = cl_json_write_nested(res, RESULT_DEPTH, f);
    json_decref(res);
  }
  return st;
}

static cl_status sarif_end(void *state, const cl_report *r) {
  sarif_state *ss = state;
  sb s = {0};
  cl_status st = CL_OK;
  char *text = NULL;
  json_t *top = json_object();
  put(&s, top, "$schema", str(SARIF_SCHEMA));
  put(&s, top, "version", str("2.1.0"));

  json_t *driver = json_object();
  put(&s, driver, "name", str("creditline"));
  put(&s, driver, "version", str(CL_VERSION));
  put(&s, driver, "semanticVersion", str(CL_VERSION));
  put(&s, driver, "informationUri", str(INFO_URI));
  put(&s, driver, "rules", rules_array(&s));
  json_t *tool = json_object();
  put(&s, tool, "driver", driver);

  /* Input errors: the run is incomplete, and says so. */
  json_t *notes = json_array();
  for (size_t i = 0; i < cl_report_error_count(r); i++) {
    const cl_error *e = cl_report_error(r, i);
    json_t *n = json_object();
    put(&s, n, "level", str("error"));
    cl_buf m = CL_BUF_INIT;
    if (cl_buf_printf(&m, "%s: %s", e->path, e->message) < 0)
      s.oom = 1;
    put(&s, n, "message", text_obj(&s, m.ptr ? m.ptr : ""));
    cl_buf_free(&m);
    push(&s, notes, n);
  }
  json_t *inv = json_object();
  put(&s, inv, "executionSuccessful",
      json_boolean(cl_report_error_count(r) == 0));
  put(&s, inv, "toolExecutionNotifications", notes);
  json_t *invs = json_array();
  push(&s, invs, inv);

  json_t *run = json_object();
  put(&s, run, "tool", tool);
  put(&s, run, "invocations", invs);
  put(&s, run, "columnKind", str("unicodeCodePoints"));
  /* Archives scanned: the bundle summary in the run's property bag. */
  json_t *bundles = cl_json_bundles(r);
  if (!bundles)
    s.oom = 1;
  json_t *props = json_object();
  if (!bundles)
    s.oom = 1;
  else if (json_array_size(bundles) == 0)
    json_decref(bundles);
  else
    put(&s, props, "bundles", bundles);
  /* Image credits are no findings: listed in the bag too. */
  if (ss->images) {
    put(&s, props, "imageCredits", ss->images);
    ss->images = NULL;
  }
  if (json_object_size(props))
    put(&s, run, "properties", props);
  else
    json_decref(props);
  put(&s, run, "results", json_array());
  json_t *runs = json_array();
  push(&s, runs, run);
  put(&s, top, "runs", runs);

  if (s.oom ||
      !(text = json_dumps(top, JSON_INDENT(2) | JSON_PRESERVE_ORDER))) {
    st = CL_FATAL;
    goto cleanup;
  }
  /* The last "results": [] is the run's: nothing but closers follow. */
  char *at = NULL;
  for (char *p = strstr(text, RESULTS_KEY); p; p = strstr(p + 1, RESULTS_KEY))
    at = p;
  if (!at) {
    st = CL_FATAL; /* cannot happen: the key was just put there */
    goto cleanup;
  }
  size_t head = (size_t)(at - text) + strlen(RESULTS_KEY) - 1;
  st = CL_FAILED;
  if (fwrite(text, 1, head, ss->out) != head ||
      cl_spool_copy(&ss->spool, ss->out) < 0 ||
      (ss->nresults && fprintf(ss->out, "\n%*s", 2 * (RESULT_DEPTH - 1), "") < 0) ||
      fputs(text + head, ss->out) == EOF || putc('\n', ss->out) == EOF ||
      ferror(ss->out))
    goto cleanup;
  st = CL_OK;
cleanup:
  free(text);
  json_decref(top);
  return st;
}

static void sarif_fini(void *state) {
  sarif_state *ss = state;
  json_decref(ss->images);
  cl_spool_close(&ss->spool);
  free(ss->root);
}

const cl_reporter cl_reporter_sarif = {CL_FORMAT_SARIF, "sarif",
                                       sizeof(sarif_state), sarif_begin,
                                       sarif_document, sarif_end, sarif_fini};
