/* serve.c - `creditline serve`: the editors' page and its JSON API.
 *
 * HTTP is libmicrohttpd's (its internal thread pool); this file only
 * routes requests, enforces the limits and turns a request into a scan of
 * memory through the public API: nothing is written to disk and no path
 * from the client is ever opened.  Each worker takes a scanner from a pool
 * (one per thread at most) so scans run in parallel without sharing match
 * data; the compiled rules are shared read-only.
 *
 * The page is embedded at build time (page/ -> build/serve_assets.c) and
 * served with a Content-Security-Policy that allows only its own script
 * and style.  Requests must name this server in Host (DNS rebinding), and
 * a POST whose Origin is another site is refused. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_MAX_REQUEST (50u * 1024 * 1024)
#define MAX_FILES 64 /* files in one multipart request */

#define NREQSETS (1u << CL_REQ__COUNT) /* every set of requirements */

/* One policy the page can switch to: the rules with that policy folder
 * (or none), and its idle scanners for each set of requirements (a
 * scanner's options are fixed when it is made). */
typedef struct {
  char *id;   /* the folder as given, or "none" */
  cl_rules *rules;
  cl_scanner **free_scanners[NREQSETS];
  size_t nfree[NREQSETS];
} serve_policy;

typedef struct {
  serve_policy *policies;
  size_t npolicies;
  cl_options opt;
  unsigned requirements; /* on unless a request says which */
  size_t max_request;
  unsigned port;
  char *allowed[4]; /* host:port values a request may name in Host */
  size_t nallowed;
  pthread_mutex_t mu;
} server;

/* ------------------------------------------------------------- scanners */

/* A scanner of policy P with the requirements REQ: an idle one, or a new
 * one (at most one per worker thread ends up idle). */
static cl_scanner *scanner_take(server *s, serve_policy *p, unsigned req) {
  cl_scanner *sc = NULL;
  pthread_mutex_lock(&s->mu);
  if (p->nfree[req])
    sc = p->free_scanners[req][--p->nfree[req]];
  pthread_mutex_unlock(&s->mu);
  if (sc)
    return sc;
  cl_options o = s->opt;
  o.requirements = req;
  o.requirements_by = "the editors' page";
  return cl_scanner_new(p->rules, &o);
}

static void scanner_give(server *s, serve_policy *p, unsigned req,
                         cl_scanner *sc) {
  pthread_mutex_lock(&s->mu);
  cl_scanner **v =
      realloc(p->free_scanners[req], (p->nfree[req] + 1) * sizeof *v);
  if (v) {
    p->free_scanners[req] = v;
    v[p->nfree[req]++] = sc;
    sc = NULL;
  }
  pthread_mutex_unlock(&s->mu);
  cl_scanner_free(sc);
}

static serve_policy *policy_find(server *s, const char *id) {
  if (!id || !*id)
    return &s->policies[0];
  for (size_t i = 0; i < s->npolicies; i++)
    if (strcmp(s->policies[i].id, id) == 0)
      return &s->policies[i];
  return NULL;
}

/* ------------------------------------------------------------- requests */

typedef struct {
  char *name;
  char *data;
  size_t len, cap;
} upload;

typedef struct {
  int kind; /* 0 raw body, 1 JSON body, 2 multipart */
  size_t total;
  int too_large;
  upload body; /* raw or JSON */
  upload files[MAX_FILES];
  size_t nfiles;
  int too_many;
  struct MHD_PostProcessor *pp;
} request;

static void request_free(request *r) {
  if (!r)
    return;
  free(r->body.data);
  free(r->body.name);
  for (size_t i = 0; i < r->nfiles; i++) {
    free(r->files[i].data);
    free(r->files[i].name);
  }
  if (r->pp)
    MHD_destroy_post_processor(r->pp);
  free(r);
}

static int upload_add(upload *u, const char *p, size_t n) {
  if (u->len + n + 1 > u->cap) {
    size_t cap = u->cap ? u->cap : 4096;
    while (cap < u->len + n + 1)
      cap *= 2;
    char *d = realloc(u->data, cap);
    if (!d)
      return -1;
    u->data = d;
    u->cap = cap;
  }
  memcpy(u->data + u->len, p, n);
  u->len += n;
  u->data[u->len] = '\0';
  return 0;
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind,
                               const char *key, const char *filename,
                               const char *content_type,
                               const char *transfer_encoding,
                               const char *data, uint64_t off, size_t size) {
  (void)kind, (void)content_type, (void)transfer_encoding;
  request *r = cls;
  if (!key || (strcmp(key, "file") != 0 && strcmp(key, "text") != 0))
    return MHD_YES; /* other fields (policy) come in the query string */
  upload *u = r->nfiles ? &r->files[r->nfiles - 1] : NULL;
  if (off == 0) { /* a new part */
    if (r->nfiles == MAX_FILES) {
      r->too_many = 1;
      return MHD_NO;
    }
    u = &r->files[r->nfiles++];
    u->name = strdup(filename && *filename ? filename : "article.txt");
    if (!u->name)
      return MHD_NO;
  }
  return u && upload_add(u, data, size) == 0 ? MHD_YES : MHD_NO;
}

/* ------------------------------------------------------------ responses */

static const char *const security_headers[][2] = {
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; "
     "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
     "frame-ancestors 'none'; base-uri 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"Cache-Control", "no-store"},
    {"Cross-Origin-Resource-Policy", "same-origin"}};

static enum MHD_Result respond(struct MHD_Connection *c, unsigned status,
                               const char *type, char *body, size_t len,
                               int owned) {
  struct MHD_Response *res = MHD_create_response_from_buffer(
      len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (!res) {
    if (owned)
      free(body);
    return MHD_NO;
  }
  MHD_add_response_header(res, "Content-Type", type);
  for (size_t i = 0; i < sizeof security_headers / sizeof *security_headers;
       i++)
    MHD_add_response_header(res, security_headers[i][0],
                            security_headers[i][1]);
  enum MHD_Result rc = MHD_queue_response(c, status, res);
  MHD_destroy_response(res);
  return rc;
}

static enum MHD_Result respond_json(struct MHD_Connection *c, unsigned status,
                                    json_t *v) {
  char *s = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(v);
  if (!s)
    return respond(c, 500, "text/plain", "out of memory\n", 14, 0);
  return respond(c, status, "application/json", s, strlen(s), 1);
}

static enum MHD_Result respond_error(struct MHD_Connection *c,
                                     unsigned status, const char *msg) {
  return respond_json(c, status, json_pack("{s:s}", "error", msg));
}

/* ----------------------------------------------------------------- API */

static json_t *policies_json(const server *s) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < s->npolicies; i++) {
    const serve_policy *p = &s->policies[i];
    json_t *ags = json_array();
    for (size_t k = 0; ags && k < cl_rules_agreement_count(p->rules); k++)
      json_array_append_new(
          ags, json_pack("{s:s,s:s,s:s}", "id",
                         cl_rules_agreement_id(p->rules, k), "partner",
                         cl_rules_agreement_partner(p->rules, k), "file",
                         cl_rules_agreement_file(p->rules, k)));
    json_array_append_new(a, json_pack("{s:s,s:o}", "id", p->id,
                                       "agreements", ags ? ags : json_null()));
  }
  return a;
}

static enum MHD_Result api_rules(struct MHD_Connection *c, server *s) {
  const cl_rules *rules = s->policies[0].rules;
  json_t *rs = json_array(), *cs = json_array();
  for (size_t i = 0; rs && i < cl_rules_count(rules); i++)
    json_array_append_new(
        rs, json_pack("{s:s,s:s,s:s}", "id", cl_rules_id(rules, i), "kind",
                      cl_kind_name(cl_rules_kind(rules, i)), "message",
                      cl_rules_message(rules, i)));
  for (size_t i = 0; cs && i < cl_check_count(); i++) {
    const cl_check_info *ci = cl_check_at(i);
    json_array_append_new(
        cs, json_pack("{s:s,s:s,s:s}", "id", ci->id, "severity",
                      cl_severity_name(ci->severity), "summary",
                      ci->summary));
  }
  /* Each requirement with the checks it switches on, and whether it is on
   * unless the page says otherwise. */
  json_t *req = json_array();
  for (int r = 0; req && r < CL_REQ__COUNT; r++) {
    json_t *by = json_array();
    for (size_t i = 0; by && i < cl_check_count(); i++)
      if (cl_check_requirement(cl_check_at(i)->id) == r)
        json_array_append_new(
            by, json_pack("{s:s,s:s}", "id", cl_check_at(i)->id, "summary",
                          cl_check_at(i)->summary));
    json_array_append_new(
        req, json_pack("{s:s,s:b,s:o}", "name",
                       cl_requirement_name((cl_requirement)r), "on",
                       (s->requirements >> r) & 1, "checks",
                       by ? by : json_null()));
  }
  return respond_json(
      c, 200,
      json_pack("{s:s,s:o,s:o,s:o,s:o}", "version", CL_VERSION, "policies",
                policies_json(s), "requirements", req ? req : json_null(),
                "rules", rs, "checks", cs));
}

static enum MHD_Result api_explain(struct MHD_Connection *c,
                                   const char *id) {
  const cl_check_info *ci = cl_check_find(id);
  if (!ci)
    return respond_error(c, 404, "unknown check id");
  return respond_json(
      c, 200,
      json_pack("{s:s,s:s,s:s,s:s,s:s}", "id", ci->id, "severity",
                cl_severity_name(ci->severity), "summary", ci->summary,
                "description", ci->description, "help", ci->help));
}

/* A display name from the client: a name only (no folder), printable;
 * never used to open anything. */
static char *safe_name(const char *n) {
  if (!n || !*n)
    n = "article.txt";
  const char *slash = strrchr(n, '/');
  if (slash && slash[1])
    n = slash + 1;
  char *out = strdup(n);
  for (char *p = out; p && *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
      *p = '_';
  return out;
}

static enum MHD_Result api_check(struct MHD_Connection *c, server *s,
                                 request *r) {
  if (r->too_large)
    return respond_error(c, 413, "request too large");
  if (r->too_many)
    return respond_error(c, 413, "too many files in one request");
  serve_policy *p = policy_find(
      s, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "policy"));
  if (!p)
    return respond_error(c, 400, "unknown policy");
  const char *reqs =
      MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "require");
  unsigned req = s->requirements;
  if (reqs && cli_requirements_parse(reqs, &req) < 0)
    return respond_error(c, 400, "unknown requirement");
  char *doc_name = NULL;
  upload one = {0};
  const upload *docs = r->files;
  size_t ndocs = r->nfiles;
  if (r->kind == 1) {
    json_error_t jerr;
    json_t *v = json_loadb(r->body.data ? r->body.data : "", r->body.len, 0,
                           &jerr);
    json_t *jt = json_is_object(v) ? json_object_get(v, "text") : NULL;
    json_t *jn = json_is_object(v) ? json_object_get(v, "name") : NULL;
    if (!json_is_string(jt) || (jn && !json_is_string(jn))) {
      json_decref(v);
      return respond_error(c, 400,
                           "bad JSON: expected {\"name\": ..., \"text\": ...}");
    }
    const char *text = json_string_value(jt);
    const char *name = jn ? json_string_value(jn) : NULL;
    size_t tlen = json_string_length(jt);
    doc_name = safe_name(name);
    one.data = malloc(tlen + 1);
    if (one.data) {
      memcpy(one.data, text, tlen);
      one.data[tlen] = '\0';
    }
    one.len = tlen;
    json_decref(v);
    if (!one.data || !doc_name) {
      free(one.data);
      free(doc_name);
      return respond_error(c, 500, "out of memory");
    }
    one.name = doc_name;
    docs = &one;
    ndocs = 1;
  } else if (r->kind == 0) {
    one = r->body;
    one.name = doc_name = safe_name(
        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "name"));
    docs = &one;
    ndocs = 1;
  }
  if (!ndocs) {
    free(doc_name);
    return respond_error(c, 400, "no document in the request");
  }

  cl_report *rep = cl_report_new();
  cl_scanner *sc = rep ? scanner_take(s, p, req) : NULL;
  cl_status st = rep && sc ? CL_OK : CL_FATAL;
  for (size_t i = 0; i < ndocs && st != CL_FATAL; i++) {
    char *name = docs == r->files ? safe_name(docs[i].name) : NULL;
    st = cl_scanner_scan_buffer(sc, name ? name : docs[i].name,
                                docs[i].data ? docs[i].data : "",
                                docs[i].len, rep);
    free(name);
  }
  if (sc)
    scanner_give(s, p, req, sc);
  if (r->kind == 1)
    free(one.data);
  free(doc_name);
  char *out = NULL;
  size_t len = 0;
  FILE *f = st != CL_FATAL ? open_memstream(&out, &len) : NULL;
  if (f) {
    st = cl_report_render(rep, CL_FORMAT_JSON, f, NULL);
    if (fclose(f) != 0)
      st = CL_FATAL;
  }
  cl_report_free(rep);
  if (!f || st == CL_FATAL || st == CL_FAILED) {
    free(out);
    return respond_error(c, 500, "the scan failed (out of memory)");
  }
  return respond(c, 200, "application/json", out, len, 1);
}

/* --------------------------------------------------------------- guard */

/* The request names this server (not a rebound DNS name), and a browser's
 * POST comes from this server's own page. */
static int request_allowed(struct MHD_Connection *c, const server *s,
                           int is_post) {
  const char *host =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
  int ok = s->nallowed == 0 && host;
  for (size_t i = 0; host && i < s->nallowed && !ok; i++)
    ok = strcmp(host, s->allowed[i]) == 0;
  if (!ok)
    return 0;
  if (!is_post)
    return 1;
  const char *site =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
  if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
    return 0;
  const char *origin =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
  if (!origin)
    return 1; /* not a browser's cross-site request: scripts, curl */
  return strncmp(origin, "http://", 7) == 0 && strcmp(origin + 7, host) == 0;
}

/* -------------------------------------------------------------- routing */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **con_cls) {
  (void)version;
  server *s = cls;
  int is_post = strcmp(method, "POST") == 0;
  request *r = *con_cls;
  if (!r) { /* headers only: decide before reading any body */
    if (!request_allowed(c, s, is_post))
      return respond_error(c, 403, "forbidden: wrong Host or Origin");
    if (!is_post && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
      return respond_error(c, 405, "method not allowed");
    if (is_post && strcmp(url, "/api/check") != 0)
      return respond_error(c, 404, "not found");
    const char *cl = MHD_lookup_connection_value(
        c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > s->max_request)
      return respond_error(c, 413, "request too large");
    r = calloc(1, sizeof *r);
    if (!r)
      return MHD_NO;
    const char *type = MHD_lookup_connection_value(
        c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (type && strncmp(type, "multipart/form-data", 19) == 0) {
      r->kind = 2;
      r->pp = MHD_create_post_processor(c, 64 * 1024, on_part, r);
      if (!r->pp) {
        free(r);
        return respond_error(c, 400, "bad multipart body");
      }
    } else if (type && strncmp(type, "application/json", 16) == 0) {
      r->kind = 1;
    }
    *con_cls = r;
    return MHD_YES;
  }
  if (*upload_data_size) { /* a piece of the body */
    size_t n = *upload_data_size;
    *upload_data_size = 0;
    if (r->too_large || r->too_many)
      return MHD_YES; /* drain; answered at the end */
    r->total += n;
    if (r->total > s->max_request) {
      r->too_large = 1;
      return MHD_YES;
    }
    if (r->kind == 2) {
      if (MHD_post_process(r->pp, upload_data, n) != MHD_YES &&
          !r->too_many)
        r->too_large = r->too_large || errno == ENOMEM;
    } else if (upload_add(&r->body, upload_data, n) < 0) {
      r->too_large = 1;
    }
    return MHD_YES;
  }
  if (is_post)
    return api_check(c, s, r);
  if (strcmp(url, "/api/rules") == 0)
    return api_rules(c, s);
  if (strncmp(url, "/api/explain/", 13) == 0)
    return api_explain(c, url + 13);
  if (strncmp(url, "/api/", 5) == 0)
    return respond_error(c, 404, "not found");
  const char *want = strcmp(url, "/") == 0 ? "index.html" : url + 1;
  for (const cli_asset *a = cli_serve_assets; a->name; a++)
    if (strcmp(a->name, want) == 0)
      return respond(c, 200, a->type, (char *)a->data, a->len, 0);
  return respond(c, 404, "text/plain; charset=utf-8", "not found\n", 10, 0);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe) {
  (void)cls, (void)c, (void)toe;
  request_free(*con_cls);
  *con_cls = NULL;
}

/* ------------------------------------------------------------- command */

static const char serve_usage[] =
    "usage: creditline serve [options]\n"
    "Serves the editors' page: paste or drop an article, see its credit\n"
    "lines and findings, copy the line to add, apply the fixes.\n"
    "  --host ADDR            address to bind (default 127.0.0.1); any other\n"
    "                         exposes a service without authentication\n"
    "  --port N               port (default: one the system chooses)\n"
    "  --rules DIR            rules instead of the built-in ones (repeatable)\n"
    "  --policy DIR           a policy the page can switch to (repeatable);\n"
    "                         the first is active by default\n"
    "  --require NAME         a requirement on by default (repeatable or a\n"
    "                         comma list, as for scan); the page can switch\n"
    "                         each on or off\n"
    "  --config FILE          read FILE instead of the nearest .creditline\n"
    "  --no-config            read no .creditline\n"
    "  --jobs N               worker threads (default: the cores)\n"
    "  --max-request-size N   largest request body (default 50M)\n"
    "The URL is printed on standard output; stop with Ctrl-C.\n";

enum { S_HOST = 1, S_PORT, S_RULES, S_POLICY, S_REQUIRE, S_CONFIG,
       S_NO_CONFIG, S_JOBS, S_MAX_REQUEST, S_HELP };

static int usage(const char *msg, const char *arg) {
  fprintf(stderr, "creditline serve: %s%s%s\n", msg, arg ? " " : "",
          arg ? arg : "");
  fputs("Try 'creditline serve --help' for more information.\n", stderr);
  return EXIT_USAGE;
}


int cli_cmd_serve(int argc, char **argv) {
  static const struct option longs[] = {
      {"host", required_argument, NULL, S_HOST},
      {"port", required_argument, NULL, S_PORT},
      {"rules", required_argument, NULL, S_RULES},
      {"policy", required_argument, NULL, S_POLICY},
      {"require", required_argument, NULL, S_REQUIRE},
      {"config", required_argument, NULL, S_CONFIG},
      {"no-config", no_argument, NULL, S_NO_CONFIG},
      {"jobs", required_argument, NULL, S_JOBS},
      {"max-request-size", required_argument, NULL, S_MAX_REQUEST},
      {"help", no_argument, NULL, S_HELP},
      {NULL, 0, NULL, 0}};
  const char *host = "127.0.0.1", *config = NULL;
  unsigned long port = 0;
  int no_config = 0, jobs = 0, rc = EXIT_INTERNAL;
  unsigned long long max_request = DEFAULT_MAX_REQUEST;
  char **rule_dirs = calloc((size_t)argc + 1, sizeof *rule_dirs);
  char **policy_dirs = calloc((size_t)argc + 1, sizeof *policy_dirs);
  size_t nrules = 0, npolicies = 0;
  server s;
  memset(&s, 0, sizeof s);
  pthread_mutex_init(&s.mu, NULL);
  cl_config *cfg = NULL;
  struct MHD_Daemon *d = NULL;
  struct addrinfo *ai = NULL;
  if (!rule_dirs || !policy_dirs)
    goto out;

  opterr = 0;
  optind = 1;
  int o;
  while ((o = getopt_long(argc, argv, "", longs, NULL)) != -1) {
    char *end;
    switch (o) {
    case S_HOST: host = optarg; break;
    case S_PORT:
      errno = 0;
      port = strtoul(optarg, &end, 10);
      if (errno || end == optarg || *end || port > 65535) {
        rc = usage("not a port:", optarg);
        goto out;
      }
      break;
    case S_RULES: rule_dirs[nrules++] = optarg; break;
    case S_POLICY: policy_dirs[npolicies++] = optarg; break;
    case S_REQUIRE: {
      unsigned bits;
      if (cli_requirements_parse(optarg, &bits) < 0) {
        rc = usage("--require takes copyright-notice, article-notice, "
                   "partner-credit, editor-credit, visible-credit or all, not",
                   optarg);
        goto out;
      }
      s.requirements |= bits;
      break;
    }
    case S_CONFIG: config = optarg; break;
    case S_NO_CONFIG: no_config = 1; break;
    case S_JOBS:
      jobs = atoi(optarg);
      if (jobs < 1 || jobs > 256) {
        rc = usage("--jobs takes 1 to 256, not", optarg);
        goto out;
      }
      break;
    case S_MAX_REQUEST:
      if (cl_size_parse(optarg, &max_request) != 0 || max_request == 0) {
        rc = usage("not a size:", optarg);
        goto out;
      }
      break;
    case S_HELP:
      fputs(serve_usage, stdout);
      rc = fflush(stdout) == 0 ? 0 : EXIT_INTERNAL;
      goto out;
    default:
      rc = usage("unknown option", argv[optind - 1]);
      goto out;
    }
  }
  if (optind < argc) {
    rc = usage("takes no paths:", argv[optind]);
    goto out;
  }

  /* The repository's config, as scan reads it: rule and policy folders,
   * limits. */
  cl_options_init(&s.opt);
  if (!no_config) {
    char *path = config ? strdup(config) : cl_config_find(".", NULL);
    if (path) {
      cfg = cl_config_new();
      if (!cfg || cl_config_load_file(cfg, path) != CL_OK) {
        fprintf(stderr, "creditline: %s\n",
                cfg ? cl_config_error(cfg) : "out of memory");
        free(path);
        rc = cfg ? EXIT_USAGE : EXIT_INTERNAL;
        goto out;
      }
      free(path);
      cl_config_apply_options(cfg, &s.opt);
    }
  }
  s.opt.jobs = 1; /* one scan per request; requests run in parallel */
  s.max_request = (size_t)max_request;

  /* The policies the page switches among: each policy folder of the
   * command line and the config, then none. */
  size_t ncfgrules = !nrules && cfg ? cl_config_rules_count(cfg) : 0;
  for (size_t i = 0; i < ncfgrules; i++)
    rule_dirs[nrules++] = (char *)cl_config_rules_at(cfg, i);
  size_t ncfgpol = cfg ? cl_config_policy_count(cfg) : 0;
  char **pols = calloc(npolicies + ncfgpol + 1, sizeof *pols);
  if (!pols)
    goto out;
  size_t np = 0;
  for (size_t i = 0; i < npolicies; i++)
    pols[np++] = policy_dirs[i];
  for (size_t i = 0; i < ncfgpol; i++)
    pols[np++] = (char *)cl_config_policy_at(cfg, i);
  s.policies = calloc(np + 1, sizeof *s.policies);
  if (!s.policies) {
    free(pols);
    goto out;
  }
  for (size_t i = 0; i <= np; i++) {
    serve_policy *p = &s.policies[s.npolicies];
    char **dirs = calloc(nrules + 2, sizeof *dirs);
    p->rules = cl_rules_new();
    p->id = strdup(i < np ? pols[i] : "none");
    if (!dirs || !p->rules || !p->id) {
      free(dirs);
      free(pols);
      goto out;
    }
    memcpy(dirs, rule_dirs, nrules * sizeof *dirs);
    if (i < np)
      dirs[nrules] = pols[i];
    s.npolicies++;
    int prc = cli_rules_prepare(p->rules, dirs, nrules + (i < np),
                                nrules ? 0 : 1);
    free(dirs);
    if (prc) {
      free(pols);
      rc = prc;
      goto out;
    }
  }
  free(pols);

  /* The address to bind, and the Host values that name it. */
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  char portstr[8];
  snprintf(portstr, sizeof portstr, "%lu", port);
  int gai = getaddrinfo(host, portstr, &hints, &ai);
  if (gai != 0) {
    fprintf(stderr, "creditline serve: cannot use address %s: %s\n", host,
            gai_strerror(gai));
    rc = EXIT_USAGE;
    goto out;
  }
  int local = strcmp(host, "127.0.0.1") == 0 ||
              strcmp(host, "localhost") == 0 || strcmp(host, "::1") == 0;
  if (!local)
    fprintf(stderr,
            "creditline serve: warning: serving on %s: the page and its API "
            "have no authentication; anyone who can reach this address can "
            "use them\n",
            host);

  /* SIGINT and SIGTERM are blocked here, before the daemon's threads
   * exist (they inherit the mask), and taken by sigwait below. */
  sigset_t stop_set;
  sigemptyset(&stop_set);
  sigaddset(&stop_set, SIGINT);
  sigaddset(&stop_set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_set, NULL);

  unsigned threads = jobs ? (unsigned)jobs
                          : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
  if (threads < 1)
    threads = 1;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                   (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0);
  d = MHD_start_daemon(
      flags, (uint16_t)port, NULL, NULL, on_request, &s,
      MHD_OPTION_SOCK_ADDR, ai->ai_addr, MHD_OPTION_THREAD_POOL_SIZE,
      threads, MHD_OPTION_NOTIFY_COMPLETED, on_done, &s,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
      MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "creditline serve: cannot listen on %s port %lu: %s\n",
            host, port, strerror(errno));
    rc = EXIT_UNREADABLE;
    goto out;
  }
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  s.port = info ? info->port : (unsigned)port;
  /* Bound to a loopback address, a request must name it (a DNS name that
   * rebinds to 127.0.0.1 is refused); bound elsewhere, the Host is the
   * client's business and only the Origin check stands. */
  const char *names[] = {host, "127.0.0.1", "localhost", "[::1]"};
  for (size_t i = 0; i < 4 && local; i++) {
    size_t n = strlen(names[i]) + 16;
    char *v = malloc(n);
    int ipv6 = strchr(names[i], ':') && names[i][0] != '[';
    if (!v)
      goto out;
    snprintf(v, n, ipv6 ? "[%s]:%u" : "%s:%u", names[i], s.port);
    s.allowed[s.nallowed++] = v;
  }
  const char *shown = ai->ai_family == AF_INET6 ? "[%s]" : "%s";
  printf("creditline serve: http://");
  printf(shown, host);
  printf(":%u/\n", s.port);
  if (fflush(stdout) != 0) {
    rc = EXIT_INTERNAL;
    goto out;
  }

  /* Wait for SIGINT or SIGTERM (blocked since before the daemon's
   * threads started, so none of them takes it, and one that arrived
   * early is pending, not lost). */
  int sig;
  sigwait(&stop_set, &sig);
  rc = 0;

out:
  if (d)
    MHD_stop_daemon(d);
  if (ai)
    freeaddrinfo(ai);
  for (size_t i = 0; i < s.npolicies; i++) {
    for (unsigned q = 0; q < NREQSETS; q++) {
      for (size_t k = 0; k < s.policies[i].nfree[q]; k++)
        cl_scanner_free(s.policies[i].free_scanners[q][k]);
      free(s.policies[i].free_scanners[q]);
    }
    cl_rules_free(s.policies[i].rules);
    free(s.policies[i].id);
  }
  free(s.policies);
  for (size_t i = 0; i < s.nallowed; i++)
    free(s.allowed[i]);
  pthread_mutex_destroy(&s.mu);
  cl_config_free(cfg);
  free(rule_dirs);
  free(policy_dirs);
  return rc;
}
