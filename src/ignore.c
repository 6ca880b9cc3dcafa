/* ignore.c - gitignore-style patterns and the path filter of folder walks.
 *
 * A pattern is split into '/'-separated segments; each segment is matched
 * as fnmatch(3) would (so `*`, `?`, `[a-z]`, `[!a]` and `\` escapes never
 * cross a '/'), and a segment that is exactly `**` matches any number of
 * segments.  Both in linear-ish time, like ripgrep's globset: a hostile
 * ignore file cannot make the walk backtrack.  Patterns without an inner slash match the last segment at any
 * depth, like git. */
#include "internal.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
  char *base;     /* folder the pattern is relative to; "" = top */
  char **segs;    /* pattern segments; "**" for a globstar        */
  size_t nsegs;
  int negate;
  int dir_only;
} ig_pattern;

struct cl_ignore {
  ig_pattern *v;
  size_t n, cap;
};

cl_ignore *cl_ignore_new(void) { return calloc(1, sizeof(cl_ignore)); }

static void pattern_free(ig_pattern *p) {
  for (size_t i = 0; i < p->nsegs; i++)
    free(p->segs[i]);
  free(p->segs);
  free(p->base);
}

void cl_ignore_free(cl_ignore *ig) {
  if (!ig)
    return;
  for (size_t i = 0; i < ig->n; i++)
    pattern_free(&ig->v[i]);
  free(ig->v);
  free(ig);
}

/* Segments of [s, s+n) split on '/', empty segments dropped.  0 / -1. */
static int split_segments(const char *s, size_t n, char ***out, size_t *nout) {
  char **v = NULL;
  size_t k = 0;
  for (size_t i = 0; i <= n; i++)
    if (i == n || s[i] == '/')
      k++;
  v = calloc(k ? k : 1, sizeof *v);
  if (!v)
    return -1;
  k = 0;
  size_t start = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && s[i] != '/')
      continue;
    if (i > start) {
      v[k] = cl_strndup(s + start, i - start);
      if (!v[k]) {
        for (size_t j = 0; j < k; j++)
          free(v[j]);
        free(v);
        return -1;
      }
      k++;
    }
    start = i + 1;
  }
  *out = v;
  *nout = k;
  return 0;
}

/* A base folder without "./", leading or trailing slashes. */
static char *base_clean(const char *base) {
  if (!base)
    base = "";
  while (base[0] == '.' && (base[1] == '/' || base[1] == '\0'))
    base += base[1] ? 2 : 1;
  while (*base == '/')
    base++;
  size_t n = strlen(base);
  while (n && base[n - 1] == '/')
    n--;
  return cl_strndup(base, n);
}

/* Parses one line of an ignore file into P.  Returns 1 if it is a
 * pattern, 0 for blank lines and comments, -1 on ENOMEM. */
static int pattern_parse(const char *line, size_t n, ig_pattern *p) {
  memset(p, 0, sizeof *p);
  if (n && line[n - 1] == '\r')
    n--;
  /* Trailing spaces go unless escaped with a backslash. */
  while (n && line[n - 1] == ' ' && !(n >= 2 && line[n - 2] == '\\'))
    n--;
  if (n == 0 || line[0] == '#')
    return 0;
  if (line[0] == '!') {
    p->negate = 1;
    line++;
    n--;
  }
  if (n && line[n - 1] == '/') {
    p->dir_only = 1;
    while (n && line[n - 1] == '/')
      n--;
  }
  if (n == 0)
    return 0;
  /* A slash anywhere but at the end anchors the pattern to its base. */
  int anchored = memchr(line, '/', n) != NULL;
  if (line[0] == '/') {
    line++;
    n--;
  }
  char **segs = NULL;
  size_t nsegs = 0;
  if (split_segments(line, n, &segs, &nsegs) < 0)
    return -1;
  if (nsegs == 0) {
    free(segs);
    return 0;
  }
  if (!anchored) {
    /* "name" is "**" "/" "name". */
    char **v = malloc((nsegs + 1) * sizeof *v);
    char *star = cl_strdup("**");
    if (!v || !star) {
      free(star);
      free(v);
      for (size_t i = 0; i < nsegs; i++)
        free(segs[i]);
      free(segs);
      return -1;
    }
    memcpy(v + 1, segs, nsegs * sizeof *v);
    free(segs);
    v[0] = star;
    segs = v;
    nsegs++;
  }
  p->segs = segs;
  p->nsegs = nsegs;
  return 1;
}

/* Length in pattern bytes of the bracket expression at P ('['), or 0 if
 * it has no closing ']' (then '[' is a plain character), as fnmatch(3)
 * reads it: "[!..]" / "[^..]", a ']' first is a member, "[:alpha:]"
 * classes and '\' escapes inside. */
static size_t bracket_len(const char *p) {
  size_t i = 1;
  if (p[i] == '!' || p[i] == '^')
    i++;
  if (p[i] == ']')
    i++;
  while (p[i] && p[i] != ']') {
    if (p[i] == '[' && (p[i + 1] == ':' || p[i + 1] == '=' || p[i + 1] == '.')) {
      char kind = p[i + 1];
      const char *end = p + i + 2;
      while (*end && !(end[0] == kind && end[1] == ']'))
        end++;
      if (!*end)
        return 0;
      i = (size_t)(end - p) + 2;
    } else if (p[i] == '\\' && p[i + 1]) {
      i += 2;
    } else {
      i++;
    }
  }
  return p[i] == ']' ? i + 1 : 0;
}

/* Byte C against the one-character pattern token at P of N bytes. */
static int token_match(const char *p, size_t n, char c) {
  if (n == 1)
    return *p == '?' || *p == c;
  if (*p == '\\')
    return p[1] == c;
  char cls[256], one[2] = {c, '\0'};
  if (n >= sizeof cls)
    return 0;
  memcpy(cls, p, n);
  cls[n] = '\0';
  return fnmatch(cls, one, 0) == 0; /* a bracket expression alone */
}

/* Length of the token at P: 1 for a byte, '?' or '*', 2 for "\x", the
 * bracket expression's length. */
static size_t token_len(const char *p) {
  if (*p == '\\' && p[1])
    return 2;
  if (*p == '[') {
    size_t n = bracket_len(p);
    if (n)
      return n;
  }
  return 1;
}

/* One path segment against one pattern segment, as fnmatch(PAT, S, 0)
 * but in O(|PAT| * |S|): on a mismatch only the last '*' takes one more
 * byte (every other token is one byte long), where fnmatch's recursion
 * is exponential in the number of stars. */
static int segment_match(const char *pat, const char *s) {
  const char *p = pat, *star = NULL, *star_s = NULL;
  while (*s) {
    if (*p == '*') {
      while (*p == '*')
        p++;
      star = p;
      star_s = s;
      continue;
    }
    size_t n = *p ? token_len(p) : 0;
    if (n && token_match(p, n, *s)) {
      p += n;
      s++;
    } else if (star) {
      p = star;
      s = ++star_s;
    } else {
      return 0;
    }
  }
  while (*p == '*')
    p++;
  return *p == '\0';
}

static int is_globstar(const char *seg) { return strcmp(seg, "**") == 0; }

/* A globstar matches any number of segments, one at the end at least one
 * (inside the folder, not the folder): from ST, follow every globstar's
 * empty match. */
static void globstar_skip(char *const *ps, size_t np, unsigned char *st) {
  for (size_t pi = 0; pi + 1 < np; pi++)
    if (st[pi] && is_globstar(ps[pi]))
      st[pi + 1] = 1;
}

/* Pattern segments PS against path segments PATH, as an NFA over pattern
 * positions: O(segments * pattern segments), where trying every split at
 * each globstar was exponential in their number (issue 14). */
static int segs_match(char *const *ps, size_t np, char *const *path,
                      size_t ns) {
  unsigned char small[2][32], *cur = small[0], *next = small[1], *heap = NULL;
  if (np + 1 > sizeof small[0]) {
    heap = calloc(2, np + 1);
    if (!heap)
      return 0;
    cur = heap;
    next = heap + np + 1;
  }
  memset(cur, 0, np + 1);
  cur[0] = 1;
  globstar_skip(ps, np, cur);
  for (size_t si = 0; si < ns; si++) {
    memset(next, 0, np + 1);
    for (size_t pi = 0; pi < np; pi++) {
      if (!cur[pi])
        continue;
      if (is_globstar(ps[pi])) {
        next[pi] = 1;
        if (pi + 1 == np)
          next[np] = 1;
      } else if (segment_match(ps[pi], path[si])) {
        next[pi + 1] = 1;
      }
    }
    globstar_skip(ps, np, next);
    int any = memchr(next, 1, np + 1) != NULL;
    unsigned char *t = cur;
    cur = next;
    next = t;
    if (!any)
      break;
  }
  int rc = cur[np];
  free(heap);
  return rc;
}

/* Splits PATH into segments in place (NUL at each '/'): SEGS holds up to
 * MAX pointers; returns the count, or -1 if there are more. */
static long path_segments(char *path, char **segs, size_t max) {
  size_t k = 0;
  char *p = path;
  while (*p) {
    while (*p == '/')
      *p++ = '\0';
    if (!*p)
      break;
    if (k == max)
      return -1;
    segs[k++] = p;
    while (*p && *p != '/')
      p++;
  }
  return (long)k;
}

#define MAX_SEGS 256

static int pattern_match(const ig_pattern *p, char *const *segs, size_t ns,
                         int is_dir) {
  if (p->dir_only && !is_dir)
    return 0;
  return segs_match(p->segs, p->nsegs, segs, ns);
}

int cl_glob_match(const char *pattern, const char *path, int is_dir) {
  ig_pattern p;
  char *copy = NULL;
  char *segs[MAX_SEGS];
  int rc = 0;
  int r = pattern_parse(pattern, strlen(pattern), &p);
  if (r <= 0)
    return 0;
  copy = cl_strdup(path);
  long ns = copy ? path_segments(copy, segs, MAX_SEGS) : -1;
  if (ns >= 0)
    rc = pattern_match(&p, segs, (size_t)ns, is_dir);
  free(copy);
  pattern_free(&p);
  return rc;
}

int cl_ignore_add(cl_ignore *ig, const char *base, const char *text,
                  size_t len) {
  char *b = base_clean(base);
  int rc = -1;
  if (!b)
    goto cleanup;
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && text[i] != '\n')
      continue;
    ig_pattern p;
    int r = pattern_parse(text + start, i - start, &p);
    start = i + 1;
    if (r < 0)
      goto cleanup;
    if (r == 0)
      continue;
    if (ig->n == ig->cap) {
      size_t ncap = ig->cap ? ig->cap * 2 : 16;
      ig_pattern *nv = realloc(ig->v, ncap * sizeof *nv);
      if (!nv) {
        pattern_free(&p);
        goto cleanup;
      }
      ig->v = nv;
      ig->cap = ncap;
    }
    p.base = cl_strdup(b);
    if (!p.base) {
      pattern_free(&p);
      goto cleanup;
    }
    ig->v[ig->n++] = p;
  }
  rc = 0;
cleanup:
  free(b);
  return rc;
}

/* The last pattern matching the first NS segments decides: 1 ignored,
 * 0 re-included or no match. */
static int ignore_decide(const cl_ignore *ig, char *const *segs, size_t ns,
                         int is_dir) {
  for (size_t i = ig->n; i-- > 0;) {
    const ig_pattern *p = &ig->v[i];
    /* Skip the segments of the pattern's base, which PATH must start with. */
    size_t skip = 0;
    const char *b = p->base;
    int inside = 1;
    while (*b) {
      size_t l = strcspn(b, "/");
      if (skip >= ns || strlen(segs[skip]) != l ||
          memcmp(segs[skip], b, l) != 0) {
        inside = 0;
        break;
      }
      skip++;
      b += l;
      while (*b == '/')
        b++;
    }
    if (!inside || skip >= ns)
      continue;
    if (pattern_match(p, segs + skip, ns - skip, is_dir))
      return !p->negate;
  }
  return 0;
}

/* cl_ignore_match, with the folders of PATH's first FIRST - 1 segments
 * taken as not ignored: a folder named on the command line is walked
 * even when it is ignored itself (as ripgrep walks it); what lies below
 * it is still matched, its own patterns and those of the folders above. */
static int ignore_match_below(const cl_ignore *ig, const char *path,
                              int is_dir, size_t first) {
  char *segs[MAX_SEGS];
  char *copy = cl_strdup(path);
  int rc = 0;
  if (!copy)
    return 0;
  long ns = path_segments(copy, segs, MAX_SEGS);
  if (ns <= 0)
    goto cleanup;
  /* A file inside an ignored folder is ignored whatever its own patterns
   * say: git never looks inside such a folder. */
  for (size_t k = first ? first : 1; k < (size_t)ns; k++)
    if (ignore_decide(ig, segs, k, 1)) {
      rc = 1;
      goto cleanup;
    }
  rc = ignore_decide(ig, segs, (size_t)ns, is_dir);
cleanup:
  free(copy);
  return rc;
}

int cl_ignore_match(const cl_ignore *ig, const char *path, int is_dir) {
  return ignore_match_below(ig, path, is_dir, 1);
}

/* The number of segments of absolute PATH ("/a/b" -> 2). */
static size_t path_depth(const char *path) {
  size_t n = 0;
  for (const char *p = path; *p; p++)
    n += *p != '/' && (p == path || p[-1] == '/');
  return n;
}

/* ---------------------------------------------------------- path filter */

struct cl_pathfilter {
  char *cwd;        /* working folder when made, for relative walk paths */
  char *root;       /* absolute scan root                               */
  char *git_top;    /* work tree holding root, or NULL                  */
  int use_ignore_files;
  cl_ignore *ignores;  /* .gitignore / .creditlineignore, absolute bases */
  cl_ignore *include;
  cl_ignore *exclude;
  size_t ninclude;
};

/* Appends the patterns of DIR/NAME with base DIR.  0 (also when the file
 * is missing or unreadable: an ignore file is optional), -1 ENOMEM. */
static int load_ignore_file(cl_ignore *ig, const char *dir, const char *name) {
  char *path = cl_path_resolve(dir, name);
  cl_buf b = CL_BUF_INIT;
  struct stat st;
  int rc = -1;
  if (!path)
    goto cleanup;
  if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
    rc = 0;
    goto cleanup;
  }
  if (cl_read_file(path, CL_SETTINGS_MAX, &b, NULL) < 0) {
    rc = errno == ENOMEM ? -1 : 0;
    goto cleanup;
  }
  rc = cl_ignore_add(ig, dir, b.ptr, b.len);
cleanup:
  cl_buf_free(&b);
  free(path);
  return rc;
}

static int load_dir_ignores(cl_pathfilter *pf, const char *dir) {
  if (!pf->use_ignore_files)
    return 0;
  if (pf->git_top && cl_path_inside(dir, pf->git_top) &&
      load_ignore_file(pf->ignores, dir, ".gitignore") < 0)
    return -1;
  return load_ignore_file(pf->ignores, dir, ".creditlineignore");
}

static int exists(const char *dir, const char *name) {
  char *p = cl_path_resolve(dir, name);
  struct stat st;
  int r = p && lstat(p, &st) == 0;
  free(p);
  return r;
}

cl_pathfilter *cl_pathfilter_new(const char *scan_root, int use_ignore_files) {
  cl_pathfilter *pf = calloc(1, sizeof *pf);
  char *dir = NULL;
  if (!pf)
    return NULL;
  pf->use_ignore_files = use_ignore_files;
  pf->cwd = cl_path_absolute(".");
  pf->root = pf->cwd ? cl_path_resolve(pf->cwd, scan_root) : NULL;
  pf->ignores = cl_ignore_new();
  pf->include = cl_ignore_new();
  pf->exclude = cl_ignore_new();
  if (!pf->root || !pf->ignores || !pf->include || !pf->exclude)
    goto fail;
  if (!use_ignore_files)
    return pf;
  /* The work tree holding the root: its .gitignore files from the top
   * down to the root apply, as git applies them. */
  dir = cl_strdup(pf->root);
  if (!dir)
    goto fail;
  for (;;) {
    if (exists(dir, ".git")) {
      pf->git_top = cl_strdup(dir);
      if (!pf->git_top)
        goto fail;
      break;
    }
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
      break;
    *slash = '\0';
  }
  if (pf->git_top) {
    char *info = cl_path_resolve(pf->git_top, ".git/info");
    int r = info ? load_ignore_file(pf->ignores, info, "exclude") : -1;
    free(info);
    if (r < 0)
      goto fail;
    /* info/exclude patterns are relative to the top, not to .git/info. */
    for (size_t i = 0; i < pf->ignores->n; i++) {
      free(pf->ignores->v[i].base);
      pf->ignores->v[i].base = base_clean(pf->git_top);
      if (!pf->ignores->v[i].base)
        goto fail;
    }
    /* Every folder from the top down to the root, the root included. */
    size_t toplen = strlen(pf->git_top);
    strcpy(dir, pf->root);
    for (size_t i = toplen; ; i++) {
      if (dir[i] == '/' || dir[i] == '\0') {
        char c = dir[i];
        dir[i] = '\0';
        if (i >= toplen && load_dir_ignores(pf, i ? dir : "/") < 0)
          goto fail;
        dir[i] = c;
        if (!c)
          break;
      }
    }
  } else if (load_dir_ignores(pf, pf->root) < 0) {
    goto fail;
  }
  free(dir);
  return pf;
fail:
  free(dir);
  cl_pathfilter_free(pf);
  return NULL;
}

void cl_pathfilter_free(cl_pathfilter *pf) {
  if (!pf)
    return;
  cl_ignore_free(pf->ignores);
  cl_ignore_free(pf->include);
  cl_ignore_free(pf->exclude);
  free(pf->cwd);
  free(pf->root);
  free(pf->git_top);
  free(pf);
}

static int pathfilter_add(cl_pathfilter *pf, cl_ignore *ig, const char *base,
                          const char *glob) {
  char *abs = cl_path_resolve(pf->cwd, base ? base : pf->root);
  int rc = abs ? cl_ignore_add(ig, abs, glob, strlen(glob)) : -1;
  free(abs);
  return rc;
}

int cl_pathfilter_include(cl_pathfilter *pf, const char *base,
                          const char *glob) {
  size_t before = pf->include->n;
  int rc = pathfilter_add(pf, pf->include, base, glob);
  pf->ninclude += pf->include->n - before;
  return rc;
}

int cl_pathfilter_exclude(cl_pathfilter *pf, const char *base,
                          const char *glob) {
  return pathfilter_add(pf, pf->exclude, base, glob);
}

int cl_pathfilter_accept(const char *path, int is_dir, void *ud) {
  cl_pathfilter *pf = ud;
  int keep = 0;
  char *abs = cl_path_resolve(pf->cwd, path);
  if (!abs)
    return 1; /* out of memory: scanning too much beats losing files */
  /* The patterns' bases are absolute folders without the leading '/'. */
  const char *rel = abs + 1;
  size_t below = path_depth(pf->root) + 1;
  if (ignore_match_below(pf->ignores, rel, is_dir, below) ||
      ignore_match_below(pf->exclude, rel, is_dir, below))
    goto cleanup;
  if (!is_dir && pf->ninclude && !cl_ignore_match(pf->include, rel, 0))
    goto cleanup;
  if (is_dir)
    load_dir_ignores(pf, abs);
  keep = 1;
cleanup:
  free(abs);
  return keep;
}
