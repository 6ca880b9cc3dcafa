/* source.c - the file walker: turns paths into cl_docs, one at a time.
 *
 * Folders are read whole, sorted, closed and only then recursed into, so
 * at most one folder handle and one mapped document are held at a time. */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
  dev_t dev;
  ino_t ino;
} dir_id;

typedef struct {
  const cl_sink *sink;
  size_t max_size; /* 0 = no limit */
  int follow_symlinks;
  int include_hidden;
  const cl_options *opt; /* archive limits; NULL = defaults */
  cl_status status; /* worst so far */
  dir_id *stack;    /* folders on the current path, for loop detection */
  cl_buf shown;     /* an escaped path for reports (shown()) */
  size_t depth, stack_cap;
} walker;

void cl_doc_free(cl_doc *doc) {
  if (!doc)
    return;
  if (doc->map)
    munmap(doc->map, doc->map_len);
  free(doc->mem);
  free(doc->path);
  free(doc);
}

/* A path as reports show it: a file name is a stranger's text, so control
 * characters and bad bytes are escaped (cl_buf_put_name) before it can
 * reach a terminal or a report.  Returns PATH itself when nothing needs
 * escaping, else a string in w->shown (valid until the next call). */
static const char *shown(walker *w, const char *path) {
  size_t n = strlen(path);
  if (cl_name_is_plain(path, n))
    return path;
  cl_buf_clear(&w->shown);
  if (cl_buf_put_name(&w->shown, path, n) < 0)
    return "(unprintable path: out of memory)";
  return w->shown.ptr;
}

/* The _shown variants take a path already escaped (a document's path). */
static void walk_error_shown(walker *w, const char *path, const char *msg) {
  if (w->sink->on_error)
    w->sink->on_error(w->sink->ud, path, 0, msg);
  if (w->status > CL_WARN)
    w->status = CL_WARN;
}

static void walk_error(walker *w, const char *path, const char *msg) {
  walk_error_shown(w, shown(w, path), msg);
}

static void walk_note_shown(walker *w, const char *path, const char *msg) {
  if (w->sink->on_note)
    w->sink->on_note(w->sink->ud, path, msg);
}

static void walk_note(walker *w, const char *path, const char *msg) {
  walk_note_shown(w, shown(w, path), msg);
}

static cl_status walk_nomem(walker *w, const char *path) {
  if (w->sink->on_error)
    w->sink->on_error(w->sink->ud, shown(w, path), 0, "out of memory");
  w->status = CL_FATAL;
  return CL_FATAL;
}

/* PATH as shown (escaped). */
static void walk_too_large(walker *w, const char *path) {
  char msg[96];
  snprintf(msg, sizeof msg, "file is larger than --max-file-size (%zu bytes)",
           w->max_size);
  walk_error_shown(w, path, msg);
}

/* DIR + "/" + NAME without doubling the slash of "dir/" or "/". */
static char *path_join(const char *dir, const char *name) {
  size_t dl = strlen(dir), nl = strlen(name);
  while (dl > 1 && dir[dl - 1] == '/')
    dl--;
  int slash = !(dl == 1 && dir[0] == '/');
  char *p = malloc(dl + (size_t)slash + nl + 1);
  if (!p)
    return NULL;
  memcpy(p, dir, dl);
  if (slash)
    p[dl] = '/';
  memcpy(p + dl + (size_t)slash, name, nl + 1);
  return p;
}

/* Regular files up to this size are read, larger ones mapped (source_fd). */
#define SMALL_FILE (256 * 1024)

/* Reads FD into malloc'd memory, NUL-terminated (one spare byte).  SIZE
 * > 0: a regular file of that size when it was looked at; its bytes are
 * read into one buffer of that size and reading stops there (a file that
 * grew is read as it was; one that shrank meanwhile is an error, not a
 * document that lost its end).  SIZE 0: read to the end, growing, but
 * never past MAX + 1 bytes, so a pipe costs at most MAX of memory.
 * Returns 0, 1 when the data exceeds MAX (0 = no limit), 2 when the file
 * shrank, or -1 with errno set. */
static int read_all(int fd, size_t size, size_t max, char **out,
                    size_t *out_len) {
  char *buf = NULL;
  size_t len = 0, cap = 0;
  int rc = -1;
  for (;;) {
    if (size ? cap == 0 : cap - len < 4096 && !(max && cap > max)) {
      size_t ncap = size ? size : cap ? cap * 2 : 65536;
      if (!size && max && ncap > max)
        ncap = max + 1;
      char *nb = ncap < SIZE_MAX ? realloc(buf, ncap + 1) : NULL;
      if (!nb) {
        errno = ENOMEM;
        goto cleanup;
      }
      buf = nb;
      cap = ncap;
    }
    ssize_t n = read(fd, buf + len, cap - len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      goto cleanup;
    }
    if (n == 0)
      break;
    len += (size_t)n;
    if (max && len > max) {
      rc = 1;
      goto cleanup;
    }
    if (size && len == size)
      break;
  }
  if (size && len < size) {
    rc = 2;
    goto cleanup;
  }
  /* Give back the slack: the doc may live on in a queue. */
  char *fit = len == cap ? buf : realloc(buf, len + 1);
  if (!fit)
    fit = buf;
  fit[len] = '\0';
  *out = fit;
  *out_len = len;
  buf = NULL;
  rc = 0;
cleanup:
  free(buf);
  return rc;
}

/* Opens PATH for reading without blocking on a FIFO (it would wait for a
 * writer) and without making a terminal ours.  O_NONBLOCK stays set: it
 * has no effect on a regular file (open(2)), and the callers refuse
 * anything else once they have its fstat; clearing it took two more
 * system calls per file. */
static int open_input(const char *path) {
  return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

int cl_read_file(const char *path, size_t max, cl_buf *out,
                 const char **why) {
  int is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? STDIN_FILENO : open_input(path);
  const char *msg = NULL;
  struct stat st;
  char *mem = NULL;
  size_t len = 0;
  int rc = -1;
  if (fd < 0 || fstat(fd, &st) < 0)
    goto cleanup;
  if (S_ISDIR(st.st_mode)) {
    errno = EISDIR;
    goto cleanup;
  }
  if (!is_stdin && !S_ISREG(st.st_mode)) {
    errno = EINVAL;
    msg = "not a regular file";
    goto cleanup;
  }
  size_t size = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size : 0;
  int r = max && size > max ? 1 : read_all(fd, size, max, &mem, &len);
  if (r == 1) {
    errno = EFBIG;
    msg = "larger than its size limit";
  } else if (r == 2) {
    errno = EIO;
    msg = CL_SHRANK_MSG;
  }
  if (r != 0)
    goto cleanup;
  cl_buf_free(out);
  out->ptr = mem;
  out->len = len;
  out->cap = len + 1;
  rc = 0;
cleanup:
  if (rc < 0 && why)
    *why = msg ? msg : strerror(errno);
  if (fd >= 0 && !is_stdin)
    close(fd);
  return rc;
}

/* What a document's first bytes say it is (HEAD: its first bytes, at
 * least 64 KiB of them when it has that many).  Plain text and markup are
 * told apart only when MAPPABLE (DOC_WHOLE otherwise): only a large file
 * may be mapped, and only when it is plain text. */
typedef enum { DOC_ARCHIVE, DOC_BINARY, DOC_TEXT, DOC_WHOLE, DOC_UNSUPPORTED } doc_kind;

static doc_kind doc_kind_of(const char *path, const char *head, size_t n,
                            int mappable) {
  /* PDF and Office documents first: an Office file is a zip, read whole
   * as one document. */
  if (cl_unsupported_document(head, n))
    return DOC_UNSUPPORTED;
  if (cl_office_detect(head, n))
    return DOC_WHOLE;
  /* Archives first: they look binary. */
  if (cl_archive_detect(head, n))
    return DOC_ARCHIVE;
  if (cl_looks_binary(head, n))
    return DOC_BINARY;
  return mappable && cl_docfmt_detect(path, head, n < 65536 ? n : 65536) ==
                         CL_DOCFMT_TEXT
             ? DOC_TEXT
             : DOC_WHOLE;
}

/* Every document passes here with its bytes in hand, and KIND from
 * doc_kind_of: the one place where content decides what is done. */
static cl_status source_file(walker *w, cl_doc *doc, doc_kind kind) {
  /* The size limit applies to an archive's entries, not to the archive,
   * which is mapped, never copied. */
  if (kind == DOC_ARCHIVE) {
    cl_options defaults;
    const cl_options *opt = w->opt;
    if (!opt) {
      cl_options_init(&defaults);
      opt = &defaults;
    }
    cl_status st =
        doc->map ? cl_archive_scan_mapped(doc->path, doc->data, doc->len, opt, w->sink)
                 : cl_archive_scan(doc->path, doc->data, doc->len, 1, opt, w->sink);
    cl_doc_free(doc);
    if (st < w->status)
      w->status = st;
    return st == CL_FATAL ? CL_FATAL : CL_OK;
  }
  /* Plain text is streamed from its mapping in bounded chunks, so only
   * documents read whole (markup, and anything not mapped) are limited. */
  if (w->max_size && doc->len > w->max_size && !(doc->map && kind == DOC_TEXT)) {
    walk_too_large(w, doc->path);
    cl_doc_free(doc);
    return CL_OK;
  }
  if (kind == DOC_UNSUPPORTED) {
    walk_note_shown(w, doc->path,
                    cl_unsupported_document(doc->data, doc->len));
    cl_doc_free(doc);
    return CL_OK;
  }
  if (kind == DOC_BINARY) {
    walk_note_shown(w, doc->path, "binary file skipped");
    cl_doc_free(doc);
    return CL_OK;
  }
  /* on_doc owns the doc from here, whatever it returns. */
  if (w->sink->on_doc(w->sink->ud, doc) != 0) {
    w->status = CL_FATAL;
    return CL_FATAL;
  }
  return CL_OK;
}

/* The first N bytes of FD (fewer at its end) into BUF: the count, or -1. */
static ssize_t read_head(int fd, char *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = pread(fd, buf + got, n - got, (off_t)got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return -1;
    if (r == 0)
      break;
    got += (size_t)r;
  }
  return (ssize_t)got;
}

#define HEAD_SIZE ((size_t)64 * 1024)

/* Makes a doc of the open file FD and passes it on.  Small regular files
 * are read: for an article of a few pages, mapping costs more (page
 * faults, and a TLB flush on munmap) than one read into memory.  Of a
 * larger one the first 64 KiB decide: plain text and archives are mapped
 * whatever their size (they are streamed: an archive or a text file
 * larger than --max-file-size is still scanned), markup is read whole
 * (its parser holds it all anyway, and the parser must never read a
 * mapping that another program can truncate under it), binary files are
 * not read at all.  What cannot be mapped (pipes, /proc, empty files) is
 * read to its end, at most --max-file-size of it. */
static cl_status source_fd(walker *w, const char *path, int fd) {
  cl_doc *doc = NULL;
  struct stat st;
  cl_status rc = CL_OK;
  char *head = NULL;
  doc = calloc(1, sizeof *doc);
  if (!doc || !(doc->path = cl_strdup(shown(w, path)))) {
    rc = walk_nomem(w, path);
    goto cleanup;
  }
  if (fstat(fd, &st) < 0) {
    walk_error(w, path, strerror(errno));
    goto cleanup;
  }
  if (S_ISDIR(st.st_mode)) {
    walk_error(w, path, strerror(EISDIR));
    goto cleanup;
  }
  /* Only standard input may be a pipe: a FIFO or device named as a file
   * would block the scan or never end (/dev/zero). */
  if (fd != STDIN_FILENO && !S_ISREG(st.st_mode)) {
    walk_error(w, path, "not a regular file");
    goto cleanup;
  }
  off_t small = w->max_size && w->max_size < SMALL_FILE ? (off_t)w->max_size
                                                        : SMALL_FILE;
  int reg = S_ISREG(st.st_mode) && st.st_size > 0, r = 0;
  char *mem = NULL;
  size_t len = 0;
  doc_kind kind = DOC_WHOLE;
  if (reg && st.st_size > small) {
    ssize_t n = (head = malloc(HEAD_SIZE)) ? read_head(fd, head, HEAD_SIZE) : -1;
    if (n < 0) {
      r = -1;
      if (!head)
        errno = ENOMEM;
    } else {
      kind = doc_kind_of(doc->path, head, (size_t)n, 1);
    }
  }
  if (r < 0) {
    /* reported below */
  } else if (reg && st.st_size <= small) {
    r = read_all(fd, (size_t)st.st_size, 0, &mem, &len);
  } else if (reg && kind == DOC_BINARY) {
    doc->data = head; /* never scanned: the note needs no bytes */
  } else if (reg && kind == DOC_WHOLE) {
    r = w->max_size && (size_t)st.st_size > w->max_size
            ? 1
            : read_all(fd, (size_t)st.st_size, 0, &mem, &len);
  } else {
    void *m = reg ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)
                  : MAP_FAILED;
    if (m != MAP_FAILED) {
      doc->map = m;
      doc->map_len = (size_t)st.st_size;
      doc->data = m;
      doc->len = doc->map_len;
    } else {
      r = read_all(fd, reg ? (size_t)st.st_size : 0, w->max_size, &mem, &len);
    }
  }
  if (r == 1) {
    walk_too_large(w, doc->path);
    goto cleanup;
  }
  if (r == 2) {
    walk_error_shown(w, doc->path, CL_SHRANK_MSG);
    goto cleanup;
  }
  if (r < 0) {
    if (errno == ENOMEM)
      rc = walk_nomem(w, path);
    else
      walk_error(w, path, strerror(errno));
    goto cleanup;
  }
  if (!doc->map && !doc->data) {
    doc->mem = mem;
    doc->data = mem;
    doc->len = len;
    /* Read whole: the bytes themselves decide. */
    kind = doc_kind_of(doc->path, mem, len, 0);
  }
  rc = source_file(w, doc, kind);
  doc = NULL;
cleanup:
  free(head);
  cl_doc_free(doc);
  return rc;
}

static cl_status source_path_file(walker *w, const char *path) {
  int fd = open_input(path);
  if (fd < 0) {
    walk_error(w, path, strerror(errno));
    return CL_OK;
  }
  cl_status rc = source_fd(w, path, fd);
  close(fd);
  return rc;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_vcs_dir(const char *name) {
  static const char *const vcs[] = {".git", ".hg", ".svn", ".bzr",
                                    "_darcs", "CVS", NULL};
  for (size_t i = 0; vcs[i]; i++)
    if (strcmp(name, vcs[i]) == 0)
      return 1;
  return 0;
}

static cl_status walk_dir(walker *w, const char *path, const struct stat *st);

/* ------------------------------------------------------ site repositories
 *
 * A static site's folder holds its articles next to templates, themes,
 * data files and build output; its generator's config file tells which
 * generator it is, and so which of the folder's entries are content. */

typedef enum { SITE_NONE, SITE_HUGO, SITE_JEKYLL, SITE_ELEVENTY, SITE_MKDOCS } site_kind;

static const char *const site_names[] = {NULL, "Hugo", "Jekyll", "Eleventy",
                                         "MkDocs"};

static int dir_has(const char *dir, const char *name, int want_dir) {
  char *p = path_join(dir, name);
  struct stat st;
  int r = p && stat(p, &st) == 0 &&
          (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
  free(p);
  return r;
}

/* The entries site_detect looks for, in its order. */
static const char *const site_files[] = {
    "hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml",
    "config.json", "content", "layouts", "archetypes", "themes",
    "_config.yml", "_config.yaml", ".eleventy.js", ".eleventy.cjs",
    "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs",
    "mkdocs.yml", "mkdocs.yaml", NULL};
enum { SF_HUGO = 0, SF_HUGO_OLD = 3, SF_CONTENT = 6, SF_LAYOUTS, SF_ARCHETYPES,
       SF_THEMES, SF_JEKYLL, SF_ELEVENTY = 12, SF_MKDOCS = 17 };
/* All of them may be there: each is looked for with stat. */
#define SITE_FILES_UNKNOWN UINT32_MAX
/* Past site_files' bits: a ".git" entry (a work tree's top). */
#define LISTED_GIT (1u << 31)

/* The bit of site_files NAME is (any case: a file system may ignore it),
 * or 0: a folder walk notes which are listed, so that site_detect stats
 * only those. */
static uint32_t site_file_bit(const char *name) {
  for (uint32_t i = 0; site_files[i]; i++)
    if (strcasecmp(name, site_files[i]) == 0)
      return 1u << i;
  return 0;
}

/* A folder holding more entries than this is not listed by folder_listed:
 * its twenty stats cost less than reading it. */
#define LISTING_MAX 1024

/* Which of site_files (and LISTED_GIT) folder DIR holds, read from one
 * listing: a folder of articles is read in a few system calls, where a
 * stat per config file name takes some twenty, most of them failing.
 * SITE_FILES_UNKNOWN when it cannot be read whole or holds more than
 * LISTING_MAX entries. */
static uint32_t folder_listed(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return SITE_FILES_UNKNOWN;
  uint32_t listed = 0;
  for (size_t n = 0;; n++) {
    errno = 0;
    struct dirent *de = readdir(d);
    if (!de) {
      if (errno)
        listed = SITE_FILES_UNKNOWN; /* a partial listing proves nothing */
      break;
    }
    if (n == LISTING_MAX) {
      listed = SITE_FILES_UNKNOWN;
      break;
    }
    listed |= site_file_bit(de->d_name);
    if (strcasecmp(de->d_name, ".git") == 0)
      listed |= LISTED_GIT;
  }
  closedir(d);
  return listed;
}

/* Which site DIR is the root of; LISTED: the site_files bits among its
 * entries (SITE_FILES_UNKNOWN: not listed). */
static site_kind site_detect(const char *dir, uint32_t listed) {
#define HAS(i, want_dir) ((listed >> (i) & 1) && dir_has(dir, site_files[i], want_dir))
  for (int i = 0; i < 3; i++)
    if (HAS(SF_HUGO + i, 0) ||
        (HAS(SF_HUGO_OLD + i, 0) && HAS(SF_CONTENT, 1) &&
         (HAS(SF_LAYOUTS, 1) || HAS(SF_ARCHETYPES, 1) || HAS(SF_THEMES, 1))))
      return SITE_HUGO;
  if (HAS(SF_JEKYLL, 0) || HAS(SF_JEKYLL + 1, 0))
    return SITE_JEKYLL;
  for (int i = 0; i < 5; i++)
    if (HAS(SF_ELEVENTY + i, 0))
      return SITE_ELEVENTY;
  if (HAS(SF_MKDOCS, 0) || HAS(SF_MKDOCS + 1, 0))
    return SITE_MKDOCS;
#undef HAS
  return SITE_NONE;
}

static int name_in(const char *name, const char *const *list) {
  for (; *list; list++)
    if (strcmp(name, *list) == 0)
      return 1;
  return 0;
}

static int ext_in(const char *name, const char *const *exts) {
  const char *dot = strrchr(name, '.');
  for (; dot && *exts; exts++)
    if (strcasecmp(dot + 1, *exts) == 0)
      return 1;
  return 0;
}

/* Whether entry NAME of the root folder of a KIND site is content. */
static int site_content(site_kind kind, const char *name, int is_dir) {
  static const char *const pages[] = {"md", "markdown", "html", "htm", NULL};
  static const char *const jekyll_not[] = {
      "_layouts", "_includes", "_sass", "_site", "_data", "_plugins",
      "assets", "vendor", "node_modules", NULL};
  static const char *const eleventy_not[] = {
      "_includes", "_layouts", "_data", "_site", "node_modules", NULL};
  switch (kind) {
  case SITE_HUGO:
    return is_dir && strcmp(name, "content") == 0;
  case SITE_MKDOCS:
    return is_dir && strcmp(name, "docs") == 0;
  case SITE_JEKYLL:
    return is_dir ? !name_in(name, jekyll_not) : ext_in(name, pages);
  case SITE_ELEVENTY:
    return is_dir ? !name_in(name, eleventy_not) : ext_in(name, pages);
  case SITE_NONE:
    break;
  }
  return 1;
}

/* Files that are never articles wherever they are: package manifests and
 * the reports of an earlier run (which quote every finding's text). */
static int not_an_article(const char *name) {
  static const char *const names[] = {
      "package.json", "package-lock.json", "composer.json", "composer.lock",
      "creditline-junit.xml", "gl-code-quality.json", NULL};
  static const char *const exts[] = {"sarif", NULL};
  return name_in(name, names) || ext_in(name, exts);
}

/* What cl_path_not_content needs to know of one folder: which site's root
 * it is, if any, and whether it is a work tree's top.  Looking means a
 * stat for each of some twenty config file names. */
typedef struct {
  char *dir; /* absolute; NULL = free slot */
  site_kind kind;
  int top;
} folder_facts;

/* Open addressing on the folder's path; kept under half full. */
struct cl_sitememo {
  folder_facts *v;
  size_t n, cap;
  char *cwd; /* absolute; NULL until first needed */
};

cl_sitememo *cl_sitememo_new(void) { return calloc(1, sizeof(cl_sitememo)); }

void cl_sitememo_free(cl_sitememo *m) {
  if (!m)
    return;
  for (size_t i = 0; i < m->cap; i++)
    free(m->v[i].dir);
  free(m->v);
  free(m->cwd);
  free(m);
}

static size_t memo_slot(const folder_facts *v, size_t cap, const char *dir) {
  size_t i = (size_t)cl_hash64(dir, strlen(dir), 0) & (cap - 1);
  while (v[i].dir && strcmp(v[i].dir, dir) != 0)
    i = (i + 1) & (cap - 1);
  return i;
}

/* Remembers F (its dir is copied); out of memory only loses the memo. */
static void memo_put(cl_sitememo *m, const folder_facts *f) {
  if (2 * (m->n + 1) > m->cap) {
    size_t cap = m->cap ? 2 * m->cap : 64;
    folder_facts *v = calloc(cap, sizeof *v);
    if (!v)
      return;
    for (size_t i = 0; i < m->cap; i++)
      if (m->v[i].dir)
        v[memo_slot(v, cap, m->v[i].dir)] = m->v[i];
    free(m->v);
    m->v = v;
    m->cap = cap;
  }
  char *dir = cl_strdup(f->dir);
  if (!dir)
    return;
  folder_facts *slot = &m->v[memo_slot(m->v, m->cap, dir)];
  *slot = *f;
  slot->dir = dir;
  m->n++;
}

static folder_facts folder_look(cl_sitememo *m, char *dir) {
  if (m && m->cap) {
    const folder_facts *f = &m->v[memo_slot(m->v, m->cap, dir)];
    if (f->dir)
      return *f;
  }
  uint32_t listed = folder_listed(dir);
  folder_facts f = {dir, site_detect(dir, listed), 0};
  if (!f.kind)
    f.top = (listed & LISTED_GIT) &&
            (dir_has(dir, ".git", 1) || dir_has(dir, ".git", 0));
  if (m)
    memo_put(m, &f);
  return f;
}

/* PATH made absolute; the memo keeps the working folder, as it keeps the
 * folders above it: a getcwd per file named was a tenth of a file list's
 * scan. */
static char *memo_absolute(cl_sitememo *m, const char *path) {
  if (m && !m->cwd)
    m->cwd = cl_path_absolute(".");
  return m && m->cwd ? cl_path_resolve(m->cwd, path) : cl_path_absolute(path);
}

int cl_path_not_content_memo(const char *path, cl_sitememo *memo) {
  /* Whether PATH is a folder matters only for a manifest's name or right
   * below a site's root: stat it then, not for every file named. */
  int is_dir = -1;
  struct stat st;
  const char *base = strrchr(path, '/');
  if (not_an_article(base ? base + 1 : path)) {
    is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (!is_dir)
      return 1;
  }
  char *abs = memo_absolute(memo, path);
  int r = 0;
  /* The nearest folder upwards that is a site's root decides; the search
   * ends at the work tree's top. */
  for (int child_is_dir = is_dir; abs; child_is_dir = 1) {
    char *slash = strrchr(abs, '/');
    if (!slash || slash == abs)
      break;
    *slash = '\0';
    folder_facts f = folder_look(memo, abs);
    if (f.kind) {
      if (child_is_dir < 0)
        child_is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
      r = !site_content(f.kind, slash + 1, child_is_dir);
      break;
    }
    if (f.top)
      break;
  }
  free(abs);
  return r;
}

int cl_path_not_content(const char *path) {
  return cl_path_not_content_memo(path, NULL);
}

/* One entry met inside a folder walk. */
static cl_status walk_entry(walker *w, const char *path) {
  struct stat st;
  if (lstat(path, &st) < 0) {
    walk_error(w, path, strerror(errno));
    return CL_OK;
  }
  if (S_ISLNK(st.st_mode)) {
    if (!w->follow_symlinks) {
      walk_note(w, path, "symlink, not followed (--follow)");
      return CL_OK;
    }
    if (stat(path, &st) < 0) {
      walk_error(w, path, strerror(errno));
      return CL_OK;
    }
  }
  /* The caller's ignore files and globs (cl_options.path_filter). */
  if (w->opt && w->opt->path_filter &&
      !w->opt->path_filter(path, S_ISDIR(st.st_mode), w->opt->path_filter_ud))
    return CL_OK;
  if (S_ISDIR(st.st_mode))
    return walk_dir(w, path, &st);
  if (!S_ISREG(st.st_mode)) {
    /* A FIFO would block the walk; devices are no documents. */
    walk_note(w, path, "not a regular file, skipped");
    return CL_OK;
  }
  return source_path_file(w, path);
}

static cl_status walk_dir(walker *w, const char *path, const struct stat *st) {
  DIR *dir = NULL;
  char **names = NULL;
  size_t n = 0, cap = 0;
  cl_status rc = CL_OK;
  uint32_t listed = 0; /* site_files among the entries */

  for (size_t i = 0; i < w->depth; i++) {
    if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino) {
      walk_note(w, path, "symlink loop, not followed");
      return CL_OK;
    }
  }
  if (w->depth == w->stack_cap) {
    size_t ncap = w->stack_cap ? w->stack_cap * 2 : 16;
    dir_id *ns = realloc(w->stack, ncap * sizeof *ns);
    if (!ns)
      return walk_nomem(w, path);
    w->stack = ns;
    w->stack_cap = ncap;
  }
  w->stack[w->depth].dev = st->st_dev;
  w->stack[w->depth].ino = st->st_ino;
  w->depth++;

  dir = opendir(path);
  if (!dir) {
    walk_error(w, path, strerror(errno));
    goto cleanup;
  }
  for (;;) {
    errno = 0;
    struct dirent *de = readdir(dir);
    if (!de) {
      if (errno) {
        walk_error(w, path, strerror(errno));
        listed = SITE_FILES_UNKNOWN; /* a partial listing proves nothing */
      }
      break;
    }
    const char *name = de->d_name;
    listed |= site_file_bit(name); /* before hidden names are left out */
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
        is_vcs_dir(name) || (name[0] == '.' && !w->include_hidden))
      continue;
    if (n == cap) {
      size_t ncap = cap ? cap * 2 : 32;
      char **nn = realloc(names, ncap * sizeof *nn);
      if (!nn) {
        rc = walk_nomem(w, path);
        goto cleanup;
      }
      names = nn;
      cap = ncap;
    }
    if (!(names[n] = cl_strdup(name))) {
      rc = walk_nomem(w, path);
      goto cleanup;
    }
    n++;
  }
  /* Closed before recursing so deep trees do not run out of handles. */
  closedir(dir);
  dir = NULL;
  if (n)
    qsort(names, n, sizeof *names, name_cmp);
  site_kind site = w->opt && w->opt->whole_site ? SITE_NONE
                                                : site_detect(path, listed);
  for (size_t i = 0; i < n && rc == CL_OK; i++) {
    char *child = path_join(path, names[i]);
    if (!child) {
      rc = walk_nomem(w, path);
      break;
    }
    int is_dir = site || not_an_article(names[i]) ? dir_has(path, names[i], 1)
                                                  : 0;
    if (site && !site_content(site, names[i], is_dir)) {
      char msg[96];
      snprintf(msg, sizeof msg, "not content of the %s site, skipped "
               "(--whole-site scans it)", site_names[site]);
      walk_note(w, child, msg);
    } else if (!is_dir && not_an_article(names[i])) {
      walk_note(w, child, "not an article (a manifest or a report), skipped");
    } else {
      rc = walk_entry(w, child);
    }
    free(child);
  }
cleanup:
  if (dir)
    closedir(dir);
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  w->depth--;
  return rc;
}

cl_status cl_source_walk(const char *path, const cl_options *opt,
                         const cl_sink *sink) {
  walker w;
  memset(&w, 0, sizeof w);
  w.sink = sink;
  w.status = CL_OK;
  w.opt = opt;
  if (opt) {
    w.max_size = opt->max_file_size;
    w.follow_symlinks = opt->follow_symlinks;
    w.include_hidden = opt->include_hidden;
  }

  if (strcmp(path, "-") == 0) {
    source_fd(&w, opt && opt->stdin_name ? opt->stdin_name : "<stdin>",
              STDIN_FILENO);
  } else {
    /* A path named on the command line is always followed. */
    struct stat st;
    if (stat(path, &st) < 0)
      walk_error(&w, path, strerror(errno));
    else if (S_ISDIR(st.st_mode))
      walk_dir(&w, path, &st);
    else
      source_path_file(&w, path);
  }
  free(w.stack);
  cl_buf_free(&w.shown);
  return w.status;
}
