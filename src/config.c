/* config.c - the repository config (.creditline), its discovery, the
 * per-path severities it applies to a report, and lexical path helpers.
 *
 * Paths are normalised lexically, never with realpath(3): display paths
 * of archive members and files that are gone must still compare. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

/* ---------------------------------------------------------------- paths */

char *cl_path_resolve(const char *dir, const char *path) {
  cl_buf b = CL_BUF_INIT;
  const char *parts[2] = {path[0] == '/' ? "" : dir, path};
  if (cl_buf_puts(&b, "") < 0)
    return NULL;
  for (int k = 0; k < 2; k++) {
    const char *s = parts[k];
    while (*s) {
      while (*s == '/')
        s++;
      size_t n = strcspn(s, "/");
      if (n == 0)
        break;
      if (n == 1 && s[0] == '.') {
        /* nothing */
      } else if (n == 2 && s[0] == '.' && s[1] == '.') {
        char *slash = strrchr(b.ptr, '/');
        b.len = slash ? (size_t)(slash - b.ptr) : 0;
        b.ptr[b.len] = '\0';
      } else if (cl_buf_putc(&b, '/') < 0 || cl_buf_put(&b, s, n) < 0) {
        cl_buf_free(&b);
        return NULL;
      }
      s += n;
    }
  }
  if (b.len == 0 && cl_buf_putc(&b, '/') < 0) {
    cl_buf_free(&b);
    return NULL;
  }
  return cl_buf_detach(&b);
}

char *cl_path_absolute(const char *path) {
  char buf[4096];
  const char *cwd = getcwd(buf, sizeof buf);
  return cl_path_resolve(cwd ? cwd : "/", path);
}

const char *cl_path_inside(const char *abs, const char *root) {
  if (strcmp(root, "/") == 0)
    return abs + 1;
  size_t n = strlen(root);
  if (strncmp(abs, root, n) != 0)
    return NULL;
  if (abs[n] == '\0')
    return abs + n;
  return abs[n] == '/' ? abs + n + 1 : NULL;
}

static int path_has(const char *dir, const char *name) {
  char *p = cl_path_resolve(dir, name);
  struct stat st;
  int r = p && lstat(p, &st) == 0;
  free(p);
  return r;
}

char *cl_path_repo_root(void) {
  char *cwd = cl_path_absolute(".");
  if (!cwd)
    return NULL;
  char *dir = cl_strdup(cwd);
  if (!dir)
    goto cleanup;
  for (;;) {
    if (path_has(dir, ".git")) {
      free(cwd);
      return dir;
    }
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
      break;
    *slash = '\0';
  }
  free(dir);
  return cwd;
cleanup:
  free(cwd);
  return NULL;
}

const char *cl_path_member(const char *path, size_t archive_len) {
  return archive_len ? path + archive_len + 2 : NULL;
}

char *cl_path_for_root(const char *path, size_t archive_len, const char *root) {
  char *file = NULL, *abs = NULL, *out = NULL;
  file = archive_len ? cl_strndup(path, archive_len) : cl_strdup(path);
  if (!file)
    goto cleanup;
  abs = cl_path_absolute(file);
  if (!abs)
    goto cleanup;
  const char *rel = root ? cl_path_inside(abs, root) : NULL;
  out = cl_strdup(rel && *rel ? rel : abs);
cleanup:
  free(file);
  free(abs);
  return out;
}

char *cl_path_in_repo(const char *path, size_t archive_len, const char *root,
                      const char *cwd) {
  const char *bang = archive_len ? path + archive_len : NULL;
  char *file = bang ? cl_strndup(path, archive_len) : cl_strdup(path);
  char *abs = !file  ? NULL
              : cwd ? cl_path_resolve(cwd, file)
                    : cl_path_absolute(file),
       *out = NULL;
  if (abs) {
    const char *rel = root ? cl_path_inside(abs, root) : NULL;
    const char *head = rel ? rel : abs, *tail = bang ? bang : "";
    size_t nh = strlen(head), nt = strlen(tail);
    if ((out = malloc(nh + nt + 1))) {
      memcpy(out, head, nh);
      memcpy(out + nh, tail, nt + 1);
    }
  }
  free(file);
  free(abs);
  return out;
}

/* --------------------------------------------------------------- config */

typedef struct {
  char **v;
  size_t n, cap;
} strlist;

static int strlist_push(strlist *l, const char *s) {
  if (l->n == l->cap) {
    size_t ncap = l->cap ? l->cap * 2 : 4;
    char **nv = realloc(l->v, ncap * sizeof *nv);
    if (!nv)
      return -1;
    l->v = nv;
    l->cap = ncap;
  }
  if (!(l->v[l->n] = cl_strdup(s)))
    return -1;
  l->n++;
  return 0;
}

static void strlist_free(strlist *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
  memset(l, 0, sizeof *l);
}

typedef struct {
  cl_ignore *glob; /* one pattern: the path glob */
  int check;       /* catalogue index            */
  cl_severity sev;
} sev_rule;

/* `require:` entry: a path glob and the requirements it switches on. */
typedef struct {
  cl_ignore *glob;
  char *text;     /* the glob as written */
  char *by;       /* `.creditline require "GLOB"`, for findings */
  unsigned bits;  /* 1u << cl_requirement */
} req_rule;

enum {
  LIM_FILE_SIZE,
  LIM_LINE_LENGTH,
  LIM_DEPTH,
  LIM_ARCHIVE_BYTES,
  LIM_ARCHIVE_ENTRIES,
  LIM_ARCHIVE_RATIO,
  LIM_MARKUP_SIZE,
  LIM__COUNT
};

static const char *const limit_names[LIM__COUNT] = {
    "max-file-size",       "max-line-length",    "max-depth",
    "max-archive-bytes",   "max-archive-entries", "max-archive-ratio",
    "max-markup-size"};

struct cl_config {
  char *root;
  char *cwd; /* the working folder when made: each document's path reads it */
  strlist rules, policy, include, exclude;
  sev_rule *sevs;
  size_t nsevs, sevs_cap;
  req_rule *reqs;
  size_t nreqs, reqs_cap;
  int fail_on;
  int hidden; /* -1 unset */
  unsigned long long limit[LIM__COUNT];
  int limit_set[LIM__COUNT];
  char error[512];
};

cl_config *cl_config_new(void) {
  cl_config *cfg = calloc(1, sizeof *cfg);
  if (!cfg)
    return NULL;
  cfg->fail_on = -1;
  cfg->hidden = -1;
  cfg->root = cl_path_absolute(".");
  cfg->cwd = cl_strdup(cfg->root ? cfg->root : "");
  if (!cfg->root || !cfg->cwd) {
    free(cfg->root);
    free(cfg->cwd);
    free(cfg);
    return NULL;
  }
  return cfg;
}

void cl_config_free(cl_config *cfg) {
  if (!cfg)
    return;
  strlist_free(&cfg->rules);
  strlist_free(&cfg->policy);
  strlist_free(&cfg->include);
  strlist_free(&cfg->exclude);
  for (size_t i = 0; i < cfg->nsevs; i++)
    cl_ignore_free(cfg->sevs[i].glob);
  free(cfg->sevs);
  for (size_t i = 0; i < cfg->nreqs; i++) {
    cl_ignore_free(cfg->reqs[i].glob);
    free(cfg->reqs[i].text);
    free(cfg->reqs[i].by);
  }
  free(cfg->reqs);
  free(cfg->root);
  free(cfg->cwd);
  free(cfg);
}

const char *cl_config_error(const cl_config *cfg) { return cfg->error; }
const char *cl_config_root(const cl_config *cfg) { return cfg->root; }
size_t cl_config_rules_count(const cl_config *c) { return c->rules.n; }
const char *cl_config_rules_at(const cl_config *c, size_t i) {
  return i < c->rules.n ? c->rules.v[i] : NULL;
}
size_t cl_config_policy_count(const cl_config *c) { return c->policy.n; }
const char *cl_config_policy_at(const cl_config *c, size_t i) {
  return i < c->policy.n ? c->policy.v[i] : NULL;
}
size_t cl_config_include_count(const cl_config *c) { return c->include.n; }
const char *cl_config_include_at(const cl_config *c, size_t i) {
  return i < c->include.n ? c->include.v[i] : NULL;
}
size_t cl_config_exclude_count(const cl_config *c) { return c->exclude.n; }
const char *cl_config_exclude_at(const cl_config *c, size_t i) {
  return i < c->exclude.n ? c->exclude.v[i] : NULL;
}
int cl_config_fail_on(const cl_config *cfg) { return cfg->fail_on; }

int cl_fail_on_parse(const char *name) {
  if (!name)
    return -1;
  if (strcmp(name, "never") == 0)
    return CL_SEV_OFF;
  if (strcmp(name, "error") == 0)
    return CL_SEV_ERROR;
  if (strcmp(name, "warning") == 0)
    return CL_SEV_WARNING;
  if (strcmp(name, "info") == 0)
    return CL_SEV_INFO;
  return -1;
}

/* The user's home folder, absolute, or NULL. */
static char *home_folder(void) {
  const char *h = getenv("HOME");
  if (!h || h[0] != '/') {
    struct passwd *pw = getpwuid(geteuid());
    h = pw ? pw->pw_dir : NULL;
  }
  return h && h[0] == '/' ? cl_path_absolute(h) : NULL;
}

/* Why a config file (ST, in folder DIR) must not be trusted, or NULL: as
 * git's safe.directory, a file another user could have written is not
 * ours to obey (in a shared sticky folder it turned a failing scan into
 * exit 0).  Trusted: owned by the user or root, not writable by group
 * or others, in a folder others cannot replace it in (or a sticky one). */
static const char *untrusted(const char *dir, const struct stat *st) {
  struct stat ds;
  uid_t me = geteuid();
  if (st->st_uid != me && st->st_uid != 0)
    return "owned by another user";
  if (st->st_mode & (S_IWGRP | S_IWOTH))
    return "writable by others";
  if (stat(dir, &ds) == 0 && (ds.st_mode & (S_IWGRP | S_IWOTH)) &&
      !(ds.st_mode & S_ISVTX) && ds.st_uid != me && ds.st_uid != 0)
    return "in a folder others can write to";
  return NULL;
}

char *cl_config_find(const char *start, char **skipped) {
  char *dir = cl_path_absolute(start), *home = NULL, *found = NULL;
  struct stat st;
  if (skipped)
    *skipped = NULL;
  if (!dir)
    return NULL;
  if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
    char *slash = strrchr(dir, '/');
    if (slash)
      slash == dir ? (void)(dir[1] = '\0') : (void)(*slash = '\0');
  }
  home = home_folder();
  for (;;) {
    char *p = cl_path_resolve(dir, CL_CONFIG_NAME);
    if (!p)
      break;
    if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
      const char *why = untrusted(dir, &st);
      if (!why) {
        found = p;
        break;
      }
      if (skipped && !*skipped) {
        size_t n = strlen(p) + strlen(why) + 3;
        *skipped = malloc(n);
        if (*skipped)
          snprintf(*skipped, n, "%s: %s", p, why);
      }
    }
    free(p);
    /* The top of a work tree, or the user's home, is as far as a
     * project's config goes. */
    if (path_has(dir, ".git") || (home && strcmp(dir, home) == 0))
      break;
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
      break;
    *slash = '\0';
  }
  free(home);
  free(dir);
  return found;
}

/* ----------------------------------------------------------- loading */

typedef struct {
  cl_config *cfg;
  yaml_document_t *doc;
  const char *name;
  int oom;
  int bad;
} load_ctx;

static void load_err(load_ctx *cx, const yaml_node_t *n, const char *fmt,
                     const char *arg) {
  if (cx->bad)
    return; /* the first problem is the one to fix */
  cx->bad = 1;
  char msg[256];
  snprintf(msg, sizeof msg, fmt, arg);
  snprintf(cx->cfg->error, sizeof cx->cfg->error, "%s:%lu: %s", cx->name,
           n ? (unsigned long)n->start_mark.line + 1 : 1UL, msg);
}

static const char *scalar(const yaml_node_t *n) {
  return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
                                          : NULL;
}

static yaml_node_t *node(load_ctx *cx, int id) {
  return yaml_document_get_node(cx->doc, id);
}

/* A string or a list of strings into L; folders resolved when RESOLVE. */
static void load_list(load_ctx *cx, yaml_node_t *n, const char *key,
                      strlist *l, int resolve) {
  yaml_node_item_t one = 0, *items = NULL;
  size_t count = 0;
  if (n->type == YAML_SCALAR_NODE) {
    one = 1; /* placeholder: the node itself */
    count = 1;
  } else if (n->type == YAML_SEQUENCE_NODE) {
    items = n->data.sequence.items.start;
    count = (size_t)(n->data.sequence.items.top - items);
  } else {
    load_err(cx, n, "'%s' takes a string or a list of strings", key);
    return;
  }
  for (size_t i = 0; i < count; i++) {
    yaml_node_t *it = one ? n : node(cx, items[i]);
    const char *s = scalar(it);
    if (!s || !*s) {
      load_err(cx, it, "'%s' takes a string or a list of strings", key);
      return;
    }
    char *val = resolve ? cl_path_resolve(cx->cfg->root, s) : cl_strdup(s);
    if (!val || strlist_push(l, val) < 0)
      cx->oom = 1;
    free(val);
  }
}


static void load_limits(load_ctx *cx, yaml_node_t *n) {
  if (n->type != YAML_MAPPING_NODE) {
    load_err(cx, n, "'%s' takes a mapping", "limits");
    return;
  }
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
       p < n->data.mapping.pairs.top; p++) {
    yaml_node_t *k = node(cx, p->key), *v = node(cx, p->value);
    const char *key = scalar(k);
    int idx = -1;
    for (int i = 0; key && i < LIM__COUNT; i++)
      if (strcmp(key, limit_names[i]) == 0)
        idx = i;
    if (idx < 0) {
      load_err(cx, k, "unknown limit '%s'", key ? key : "?");
      return;
    }
    unsigned long long val;
    if (cl_size_parse(scalar(v), &val) < 0 ||
        ((idx == LIM_DEPTH || idx == LIM_ARCHIVE_RATIO) && val > 1000000)) {
      load_err(cx, v, "invalid value for limit '%s'", key);
      return;
    }
    if ((idx == LIM_LINE_LENGTH && val < CL_MIN_LINE_LENGTH) ||
        (idx == LIM_DEPTH && val > CL_MAX_ARCHIVE_DEPTH)) {
      load_err(cx, v, "limit '%s' makes no sense (max-line-length at least "
                      "1K, max-depth at most 32)",
               key);
      return;
    }
    cx->cfg->limit[idx] = val;
    cx->cfg->limit_set[idx] = 1;
  }
}

static void load_severities(load_ctx *cx, yaml_node_t *n) {
  cl_config *cfg = cx->cfg;
  if (n->type != YAML_MAPPING_NODE) {
    load_err(cx, n, "'%s' takes a mapping of path globs", "severities");
    return;
  }
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
       p < n->data.mapping.pairs.top && !cx->bad && !cx->oom; p++) {
    yaml_node_t *k = node(cx, p->key), *v = node(cx, p->value);
    const char *glob = scalar(k);
    if (!glob || !*glob || v->type != YAML_MAPPING_NODE) {
      load_err(cx, k, "'%s' takes path glob: {check: severity}",
               "severities");
      return;
    }
    for (yaml_node_pair_t *q = v->data.mapping.pairs.start;
         q < v->data.mapping.pairs.top; q++) {
      yaml_node_t *ck = node(cx, q->key), *cv = node(cx, q->value);
      const char *check = scalar(ck);
      int idx = cl_check_index(check);
      if (idx < 0) {
        load_err(cx, ck, "unknown check '%s'", check ? check : "?");
        return;
      }
      int sev = cl_severity_parse(scalar(cv));
      if (sev < 0) {
        load_err(cx, cv, "invalid severity '%s' (error, warning, info, off)",
                 scalar(cv) ? scalar(cv) : "?");
        return;
      }
      if (cfg->nsevs == cfg->sevs_cap) {
        size_t ncap = cfg->sevs_cap ? cfg->sevs_cap * 2 : 8;
        sev_rule *nv = realloc(cfg->sevs, ncap * sizeof *nv);
        if (!nv) {
          cx->oom = 1;
          return;
        }
        cfg->sevs = nv;
        cfg->sevs_cap = ncap;
      }
      sev_rule *r = &cfg->sevs[cfg->nsevs];
      r->glob = cl_ignore_new();
      r->check = idx;
      r->sev = (cl_severity)sev;
      if (!r->glob || cl_ignore_add(r->glob, "", glob, strlen(glob)) < 0) {
        cl_ignore_free(r->glob);
        cx->oom = 1;
        return;
      }
      cfg->nsevs++;
    }
  }
}

/* require: {glob: [requirement, ...]} (a single name or "all" too). */
static void load_require(load_ctx *cx, yaml_node_t *n) {
  cl_config *cfg = cx->cfg;
  if (n->type != YAML_MAPPING_NODE) {
    load_err(cx, n, "'%s' takes a mapping of path globs", "require");
    return;
  }
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
       p < n->data.mapping.pairs.top && !cx->bad && !cx->oom; p++) {
    yaml_node_t *k = node(cx, p->key), *v = node(cx, p->value);
    const char *glob = scalar(k);
    strlist names = {NULL, 0, 0};
    unsigned bits = 0;
    if (!glob || !*glob) {
      load_err(cx, k, "'%s' takes path glob: [requirement, ...]", "require");
      return;
    }
    load_list(cx, v, "require", &names, 0);
    for (size_t i = 0; i < names.n && !cx->bad; i++) {
      unsigned b = cl_requirement_bits(names.v[i]);
      if (!b)
        load_err(cx, v,
                 "unknown requirement '%s' (copyright-notice, article-notice, "
                 "partner-credit, editor-credit, visible-credit or all)",
                 names.v[i]);
      bits |= b;
    }
    strlist_free(&names);
    if (cx->bad || cx->oom)
      return;
    if (cfg->nreqs == cfg->reqs_cap) {
      size_t ncap = cfg->reqs_cap ? cfg->reqs_cap * 2 : 4;
      req_rule *nv = realloc(cfg->reqs, ncap * sizeof *nv);
      if (!nv) {
        cx->oom = 1;
        return;
      }
      cfg->reqs = nv;
      cfg->reqs_cap = ncap;
    }
    req_rule *r = &cfg->reqs[cfg->nreqs];
    r->glob = cl_ignore_new();
    r->text = cl_strdup(glob);
    r->by = NULL;
    r->bits = bits;
    if (r->text) {
      cl_buf b = CL_BUF_INIT;
      if (cl_buf_printf(&b, "%s require \"%s\"", CL_CONFIG_NAME, glob) == 0)
        r->by = cl_buf_detach(&b);
      cl_buf_free(&b);
    }
    if (!r->glob || !r->text || !r->by ||
        cl_ignore_add(r->glob, "", glob, strlen(glob)) < 0) {
      cl_ignore_free(r->glob);
      free(r->text);
      free(r->by);
      cx->oom = 1;
      return;
    }
    cfg->nreqs++;
  }
}

static void load_root(load_ctx *cx, yaml_node_t *n) {
  cl_config *cfg = cx->cfg;
  if (!n || (n->type == YAML_SCALAR_NODE && !*scalar(n)))
    return; /* an empty file is a valid config */
  if (n->type != YAML_MAPPING_NODE) {
    load_err(cx, n, "%s: the config is a mapping of settings", cx->name);
    return;
  }
  for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
       p < n->data.mapping.pairs.top && !cx->bad && !cx->oom; p++) {
    yaml_node_t *k = node(cx, p->key), *v = node(cx, p->value);
    const char *key = scalar(k);
    if (!key)
      load_err(cx, k, "%s", "a setting name must be a string");
    else if (strcmp(key, "rules") == 0)
      load_list(cx, v, key, &cfg->rules, 1);
    else if (strcmp(key, "policy") == 0)
      load_list(cx, v, key, &cfg->policy, 1);
    else if (strcmp(key, "include") == 0)
      load_list(cx, v, key, &cfg->include, 0);
    else if (strcmp(key, "exclude") == 0)
      load_list(cx, v, key, &cfg->exclude, 0);
    else if (strcmp(key, "severities") == 0)
      load_severities(cx, v);
    else if (strcmp(key, "limits") == 0)
      load_limits(cx, v);
    else if (strcmp(key, "require") == 0)
      load_require(cx, v);
    else if (strcmp(key, "fail-on") == 0) {
      cfg->fail_on = cl_fail_on_parse(scalar(v));
      if (cfg->fail_on < 0)
        load_err(cx, v, "invalid fail-on '%s' (error, warning, info, never)",
                 scalar(v) ? scalar(v) : "?");
    } else if (strcmp(key, "hidden") == 0) {
      const char *s = scalar(v);
      if (s && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0))
        cfg->hidden = 1;
      else if (s && (strcmp(s, "false") == 0 || strcmp(s, "no") == 0))
        cfg->hidden = 0;
      else
        load_err(cx, v, "'%s' takes true or false", key);
    } else
      load_err(cx, k, "unknown setting '%s'", key);
  }
}

cl_status cl_config_load_buffer(cl_config *cfg, const char *name,
                                const char *data, size_t len,
                                const char *root) {
  yaml_parser_t parser;
  yaml_document_t doc;
  int have_parser = 0, have_doc = 0;
  cl_status st = CL_FAILED;
  load_ctx cx = {cfg, &doc, name ? name : CL_CONFIG_NAME, 0, 0};

  cfg->error[0] = '\0';
  if (root) {
    char *r = cl_path_absolute(root);
    if (!r)
      return CL_FATAL;
    free(cfg->root);
    cfg->root = r;
  }
  const cl_yaml_limits lim = CL_YAML_FILE_LIMITS;
  cl_buf why = CL_BUF_INIT;
  unsigned long line = 0;
  int refused = cl_yaml_check(data, len, &lim, &why, &line);
  if (refused > 0)
    snprintf(cfg->error, sizeof cfg->error, "%s:%lu: %s", cx.name, line,
             why.ptr);
  cl_buf_free(&why);
  if (refused)
    return refused < 0 ? CL_FATAL : CL_FAILED;
  if (!yaml_parser_initialize(&parser))
    return CL_FATAL;
  have_parser = 1;
  yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
  if (!yaml_parser_load(&parser, &doc)) {
    snprintf(cfg->error, sizeof cfg->error, "%s:%lu: %s", cx.name,
             (unsigned long)parser.problem_mark.line + 1,
             parser.problem ? parser.problem : "invalid YAML");
    goto cleanup;
  }
  have_doc = 1;
  load_root(&cx, yaml_document_get_root_node(&doc));
  if (cx.oom)
    st = CL_FATAL;
  else if (!cx.bad)
    st = CL_OK;
cleanup:
  if (have_doc)
    yaml_document_delete(&doc);
  if (have_parser)
    yaml_parser_delete(&parser);
  return st;
}

cl_status cl_config_load_file(cl_config *cfg, const char *path) {
  cl_buf b = CL_BUF_INIT;
  char *root = NULL;
  cl_status st = CL_FAILED;
  const char *why;
  if (cl_read_file(path, CL_SETTINGS_MAX, &b, &why) < 0) {
    st = errno == ENOMEM ? CL_FATAL : CL_FAILED;
    snprintf(cfg->error, sizeof cfg->error, "%s: %s", path, why);
    goto cleanup;
  }
  /* The config root is the folder holding the file. */
  root = cl_path_absolute(path);
  if (!root) {
    st = CL_FATAL;
    goto cleanup;
  }
  char *slash = strrchr(root, '/');
  if (slash == root)
    root[1] = '\0';
  else if (slash)
    *slash = '\0';
  st = cl_config_load_buffer(cfg, path, b.ptr, b.len, root);
cleanup:
  free(root);
  cl_buf_free(&b);
  return st;
}

void cl_config_apply_options(const cl_config *cfg, cl_options *opt) {
  const unsigned long long *l = cfg->limit;
  if (cfg->limit_set[LIM_FILE_SIZE])
    opt->max_file_size = (size_t)l[LIM_FILE_SIZE];
  if (cfg->limit_set[LIM_LINE_LENGTH])
    opt->max_line_length = (size_t)l[LIM_LINE_LENGTH];
  if (cfg->limit_set[LIM_DEPTH])
    opt->max_depth = (int)l[LIM_DEPTH];
  if (cfg->limit_set[LIM_ARCHIVE_BYTES])
    opt->max_archive_bytes = l[LIM_ARCHIVE_BYTES];
  if (cfg->limit_set[LIM_ARCHIVE_ENTRIES])
    opt->max_archive_entries = (unsigned long)l[LIM_ARCHIVE_ENTRIES];
  if (cfg->limit_set[LIM_ARCHIVE_RATIO])
    opt->max_archive_ratio = (unsigned)l[LIM_ARCHIVE_RATIO];
  if (cfg->limit_set[LIM_MARKUP_SIZE])
    opt->max_markup_size = (size_t)l[LIM_MARKUP_SIZE];
  if (cfg->hidden >= 0)
    opt->include_hidden = cfg->hidden;
  if (cfg->nreqs) {
    opt->require = cl_config_require;
    opt->require_ud = (void *)cfg;
  }
}

unsigned cl_config_require(const char *path, void *ud,
                           const char *by[CL_REQ__COUNT]) {
  const cl_config *cfg = ud;
  unsigned bits = 0;
  if (!cfg || cfg->nreqs == 0)
    return 0;
  char *abs = cl_path_resolve(cfg->cwd, path);
  const char *rel = abs ? cl_path_inside(abs, cfg->root) : NULL;
  /* Every matching glob adds its requirements; the last one names them. */
  for (size_t i = 0; rel && *rel && i < cfg->nreqs; i++) {
    const req_rule *r = &cfg->reqs[i];
    if (!cl_ignore_match(r->glob, rel, 0))
      continue;
    bits |= r->bits;
    for (int k = 0; k < CL_REQ__COUNT; k++)
      if (r->bits & (1u << k))
        by[k] = r->by;
  }
  free(abs);
  return bits;
}

size_t cl_config_require_count(const cl_config *cfg) { return cfg->nreqs; }

const char *cl_config_require_glob(const cl_config *cfg, size_t i,
                                   unsigned *bits) {
  if (i >= cfg->nreqs)
    return NULL;
  if (bits)
    *bits = cfg->reqs[i].bits;
  return cfg->reqs[i].text;
}

/* ------------------------------------------------------- severities */

typedef struct {
  const cl_config *cfg;
  const char *rel;
} adjust_ctx;

static int adjust_keep(cl_finding *f, void *ud) {
  adjust_ctx *ax = ud;
  int idx = cl_check_index(f->check);
  for (size_t i = 0; i < ax->cfg->nsevs; i++) {
    const sev_rule *r = &ax->cfg->sevs[i];
    if (r->check == idx && cl_ignore_match(r->glob, ax->rel, 0))
      f->severity = r->sev;
  }
  return f->severity != CL_SEV_OFF;
}

cl_status cl_config_adjust(const cl_config *cfg, cl_report *report,
                           size_t doc) {
  cl_docres *d = cl_report_docres(report, doc);
  if (!d)
    return CL_FAILED;
  if (cfg->nsevs == 0 || d->nfindings == 0)
    return CL_OK;
  char *abs = cl_path_absolute(d->pub.path);
  if (!abs)
    return CL_FATAL;
  /* An archive member's path is its archive's path, "!", then the member,
   * so a glob for the archive's folder covers its members. */
  const char *rel = cl_path_inside(abs, cfg->root);
  if (rel && *rel) {
    adjust_ctx ax = {cfg, rel};
    cl_docres_retain(d, adjust_keep, &ax);
  }
  free(abs);
  return CL_OK;
}

/* ---------------------------------------------------------- starter */

static const char starter[] =
    "# .creditline - settings of creditline for this repository.\n"
    "# creditline reads the first .creditline found in the scanned folder\n"
    "# or its parents (up to the top of the git work tree).  Folders and\n"
    "# globs are relative to the folder holding this file.  See docs/ci.md.\n"
    "\n"
    "# Rule folders added to the built-in rules (*.yaml files).\n"
    "# rules: [credit-rules/]\n"
    "\n"
    "# Licensing policy folders.\n"
    "# policy: [policy/]\n"
    "\n"
    "# What to scan: gitignore-style globs.  With include, only matching\n"
    "# files are scanned; exclude wins over include.\n"
    "# include: [\"articles/**\", \"*.md\"]\n"
    "# exclude: [\"drafts/tmp/\", \"*.bak\"]\n"
    "\n"
    "# Severity of a check per path glob: error, warning, info or off.\n"
    "# severities:\n"
    "#   \"drafts/**\":\n"
    "#     missing-copyright: off\n"
    "#   \"wire/**\":\n"
    "#     duplicate-credit: info\n"
    "\n"
    "# Requirements a desk sets for itself, per path glob (off unless\n"
    "# switched on here; docs/checks.md): copyright-notice (a notice\n"
    "# covers the document: in the article, its metadata or, for the site's\n"
    "# own articles, the page footer), article-notice (a notice in the\n"
    "# article itself), partner-credit (third-party content names its\n"
    "# partner), editor-credit (an editor line), visible-credit (what the\n"
    "# metadata credits is visible too), or all.\n"
    "# require:\n"
    "#   \"**\": [copyright-notice]\n"
    "#   \"syndicated/**\": [copyright-notice, partner-credit, editor-credit]\n"
    "\n"
    "# The lowest severity that fails the run (exit status 1):\n"
    "# error, warning, info or never.\n"
    "fail-on: error\n"
    "\n"
    "# Also scan dot-files and dot-folders.\n"
    "# hidden: false\n"
    "\n"
    "# Limits (sizes take K, M, G).\n"
    "# limits:\n"
    "#   max-file-size: 256M\n"
    "#   max-line-length: 64K\n"
    "#   max-depth: 5\n"
    "#   max-archive-bytes: 4G\n"
    "#   max-archive-entries: 1000000\n"
    "#   max-archive-ratio: 200\n";

const char *cl_config_starter(void) { return starter; }

cl_status cl_config_write_starter(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    return CL_FAILED;
  size_t len = sizeof starter - 1, off = 0;
  while (off < len) {
    ssize_t n = write(fd, starter + off, len - off);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      int err = n < 0 ? errno : EIO;
      close(fd);
      unlink(path);
      errno = err;
      return CL_FAILED;
    }
    off += (size_t)n;
  }
  if (close(fd) != 0) {
    int err = errno;
    unlink(path);
    errno = err;
    return CL_FAILED;
  }
  return CL_OK;
}
