/* test_source.c - the file walker (source.c) over a temporary tree. */
#include "internal.h"
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A sink that logs every event as one line: "doc PATH LEN how",
 * "note PATH: MSG", "error PATH: MSG".  PREFIX is cut from paths. */
typedef struct {
  cl_buf log;
  const char *prefix;
  int stop_after; /* on_doc asks to stop after this many docs; 0 = never */
  int docs;
  int content_ok; /* every doc's bytes equal the file's */
} rec;

static const char *rel(const rec *r, const char *path) {
  size_t n = r->prefix ? strlen(r->prefix) : 0;
  return n && strncmp(path, r->prefix, n) == 0 ? path + n : path;
}

static int rec_doc(void *ud, cl_doc *doc) {
  rec *r = ud;
  const char *how = doc->map ? "map" : doc->mem ? "mem" : "none";
  cl_buf_printf(&r->log, "doc %s %zu %s\n", rel(r, doc->path), doc->len, how);
  /* The bytes handed over are the file's (regular files only). */
  FILE *f = strcmp(doc->path, "<stdin>") ? fopen(doc->path, "rb") : NULL;
  if (f) {
    char buf[4096];
    size_t n, at = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
      if (n > doc->len - at || memcmp(buf, (const char *)doc->data + at, n) != 0)
        r->content_ok = 0;
      at += n;
      if (!r->content_ok)
        break;
    }
    if (at != doc->len)
      r->content_ok = 0;
    fclose(f);
  }
  cl_doc_free(doc);
  r->docs++;
  return r->stop_after && r->docs >= r->stop_after;
}

static void rec_error(void *ud, const char *path, size_t archive_len,
                      const char *msg) {
  (void)archive_len;
  rec *r = ud;
  cl_buf_printf(&r->log, "error %s: %s\n", rel(r, path), msg);
}

static void rec_note(void *ud, const char *path, const char *msg) {
  rec *r = ud;
  cl_buf_printf(&r->log, "note %s: %s\n", rel(r, path), msg);
}

static char root[64];

/* ROOT/NAME, in a buffer reused by the next call. */
static const char *at(const char *name) {
  static char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s", root, name);
  return path;
}

static void put_file(const char *name, const char *data, size_t len) {
  FILE *f = fopen(at(name), "wb");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  CU_ASSERT_EQUAL(fwrite(data, 1, len, f), len);
  fclose(f);
}

static void put_dir(const char *name) {
  CU_ASSERT_EQUAL_FATAL(mkdir(at(name), 0755), 0);
}

static void put_link(const char *target, const char *name) {
  CU_ASSERT_EQUAL_FATAL(symlink(target, at(name)), 0);
}

/* The tree every test walks (sorted by byte order in the listings). */
static void make_tree(void) {
  strcpy(root, "/tmp/cl_source_XXXXXX");
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(root));
  put_file("b.txt", "bee\n", 4);
  put_file("a.txt", "ay\n", 3);
  put_file("A.txt", "upper\n", 6);
  put_file("Z.txt", "zed\n", 4);
  put_file("empty.txt", "", 0);
  put_file(".hidden.txt", "h\n", 2);
  put_file("bin.dat", "ab\0cd", 5);
  put_file("utf16.txt", "\xff\xfe" "a\0\0\0", 6); /* NUL, but UTF-16 */
  /* Over the limits the tests use (100 bytes): markup is refused, plain
   * text is streamed from its mapping whatever its size. */
  char big[200];
  memset(big, 'x', sizeof big);
  memcpy(big, "<html>", 6);
  put_file("big.html", big, sizeof big);
  memset(big, 'x', sizeof big);
  put_file("long.txt", big, sizeof big);
  put_dir(".git");
  put_file(".git/config", "x\n", 2);
  put_dir("CVS");
  put_file("CVS/Root", "x\n", 2);
  put_dir("_darcs");
  put_file("_darcs/f", "x\n", 2);
  put_dir("sub");
  put_file("sub/z.txt", "zz\n", 3);
  put_dir("sub/deeper");
  put_file("sub/deeper/y.txt", "y\n", 2);
  put_dir("sub/.hiddendir");
  put_file("sub/.hiddendir/q.txt", "q\n", 2);
  put_link(".", "sub/self");       /* a folder linked into itself */
  put_link("..", "sub/up");        /* ... and to its parent        */
  put_link("sub", "link_sub");     /* no loop: walked twice        */
  put_link("nowhere", "dangling");
  put_link("loop2", "loop1");      /* ELOOP when followed          */
  put_link("loop1", "loop2");
  CU_ASSERT_EQUAL_FATAL(mkfifo(at("fifo"), 0644), 0);
}

static void remove_tree(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  CU_ASSERT_EQUAL(system(cmd), 0);
}

static cl_status walk(const char *path, int follow, int hidden, size_t max,
                      rec *r) {
  cl_options opt;
  memset(&opt, 0, sizeof opt);
  opt.follow_symlinks = follow;
  opt.include_hidden = hidden;
  opt.max_file_size = max;
  cl_sink sink = {rec_doc, rec_error, rec_note, r};
  return cl_source_walk(path, &opt, &sink);
}

static void check_log(rec *r, const char *want) {
  const char *got = r->log.ptr ? r->log.ptr : "";
  if (strcmp(got, want) != 0)
    fprintf(stderr, "\n--- got:\n%s--- want:\n%s", got, want);
  CU_ASSERT_STRING_EQUAL(got, want);
  cl_buf_free(&r->log);
}

#define REC_INIT(pfx) {CL_BUF_INIT, (pfx), 0, 0, 1}

static void test_walk_default(void) {
  char pfx[80];
  snprintf(pfx, sizeof pfx, "%s/", root);
  rec r = REC_INIT(pfx);
  CU_ASSERT_EQUAL(walk(root, 0, 0, 100, &r), CL_WARN);
  CU_ASSERT(r.content_ok);
  check_log(&r,
            "doc A.txt 6 mem\n"
            "doc Z.txt 4 mem\n"
            "doc a.txt 3 mem\n"
            "doc b.txt 4 mem\n"
            "error big.html: file is larger than --max-file-size (100 bytes)\n"
            "note bin.dat: binary file skipped\n"
            "note dangling: symlink, not followed (--follow)\n"
            "doc empty.txt 0 mem\n"
            "note fifo: not a regular file, skipped\n"
            "note link_sub: symlink, not followed (--follow)\n"
            "doc long.txt 200 map\n"
            "note loop1: symlink, not followed (--follow)\n"
            "note loop2: symlink, not followed (--follow)\n"
            "doc sub/deeper/y.txt 2 mem\n"
            "note sub/self: symlink, not followed (--follow)\n"
            "note sub/up: symlink, not followed (--follow)\n"
            "doc sub/z.txt 3 mem\n"
            "doc utf16.txt 6 mem\n");
}

static void test_walk_follow_hidden(void) {
  char pfx[80], want[2048];
  snprintf(pfx, sizeof pfx, "%s/", root);
  rec r = REC_INIT(pfx);
  CU_ASSERT_EQUAL(walk(root, 1, 1, 0, &r), CL_WARN);
  CU_ASSERT(r.content_ok);
  snprintf(want, sizeof want,
           "doc .hidden.txt 2 mem\n"
           "doc A.txt 6 mem\n"
           "doc Z.txt 4 mem\n"
           "doc a.txt 3 mem\n"
           "doc b.txt 4 mem\n"
           "doc big.html 200 mem\n"
           "note bin.dat: binary file skipped\n"
           "error dangling: %s\n"
           "doc empty.txt 0 mem\n"
           "note fifo: not a regular file, skipped\n"
           "doc link_sub/.hiddendir/q.txt 2 mem\n"
           "doc link_sub/deeper/y.txt 2 mem\n"
           "note link_sub/self: symlink loop, not followed\n"
           "note link_sub/up: symlink loop, not followed\n"
           "doc link_sub/z.txt 3 mem\n"
           "doc long.txt 200 mem\n"
           "error loop1: %s\n"
           "error loop2: %s\n"
           "doc sub/.hiddendir/q.txt 2 mem\n"
           "doc sub/deeper/y.txt 2 mem\n"
           "note sub/self: symlink loop, not followed\n"
           "note sub/up: symlink loop, not followed\n"
           "doc sub/z.txt 3 mem\n"
           "doc utf16.txt 6 mem\n",
           strerror(ENOENT), strerror(ELOOP), strerror(ELOOP));
  check_log(&r, want);
}

/* The symlinks in sub/, skipped when not followed (a -v note each). */
#define SKIPPED_LINKS(dir)                                                     \
  "note " dir "/self: symlink, not followed (--follow)\n"                      \
  "note " dir "/up: symlink, not followed (--follow)\n"

/* The display path is the user's, joined with one '/'. */
static void test_display_paths(void) {
  char path[PATH_MAX], cwd[PATH_MAX];
  snprintf(path, sizeof path, "%s//sub/deeper///", root);
  rec r = REC_INIT(root);
  CU_ASSERT_EQUAL(walk(path, 0, 0, 0, &r), CL_OK);
  check_log(&r, "doc //sub/deeper/y.txt 2 mem\n");

  CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
  CU_ASSERT_EQUAL_FATAL(chdir(root), 0);
  static const struct {
    const char *arg, *want;
  } cases[] = {
      {"sub", "doc sub/deeper/y.txt 2 mem\n" SKIPPED_LINKS("sub")
              "doc sub/z.txt 3 mem\n"},
      {"sub/", "doc sub/deeper/y.txt 2 mem\n" SKIPPED_LINKS("sub")
               "doc sub/z.txt 3 mem\n"},
      {"./sub", "doc ./sub/deeper/y.txt 2 mem\n" SKIPPED_LINKS("./sub")
                "doc ./sub/z.txt 3 mem\n"},
      {"./sub/deeper/",  "doc ./sub/deeper/y.txt 2 mem\n"},
      {"sub/deeper/./", "doc sub/deeper/./y.txt 2 mem\n"},
      {"a.txt", "doc a.txt 3 mem\n"},
      {"./a.txt", "doc ./a.txt 3 mem\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    rec rc = REC_INIT(NULL);
    CU_ASSERT_EQUAL(walk(cases[i].arg, 0, 0, 0, &rc), CL_OK);
    check_log(&rc, cases[i].want);
  }
  /* "." and "./" both give "./name", never "././name" or ".//name". */
  rec dot = REC_INIT(NULL), dotslash = REC_INIT(NULL);
  walk(".", 0, 0, 0, &dot);
  walk("./", 0, 0, 0, &dotslash);
  CU_ASSERT_PTR_NOT_NULL_FATAL(dot.log.ptr);
  CU_ASSERT_NSTRING_EQUAL(dot.log.ptr, "doc ./A.txt 6 mem\n", 18);
  CU_ASSERT_STRING_EQUAL(dot.log.ptr, dotslash.log.ptr);
  cl_buf_free(&dot.log);
  cl_buf_free(&dotslash.log);
  CU_ASSERT_EQUAL(chdir(cwd), 0);
}

/* Paths named explicitly are followed: symlinks, hidden, VCS folders. */
static void test_explicit_paths(void) {
  char path[PATH_MAX], want[PATH_MAX + 256];
  static const struct {
    const char *name;
    cl_status status;
    const char *want; /* %s: the path; %2$s: strerror */
    int err;
  } cases[] = {
      {"link_sub/deeper", CL_OK, "doc %s/y.txt 2 mem\n", 0},
      {".hidden.txt", CL_OK, "doc %s 2 mem\n", 0},
      {".git", CL_OK, "doc %s/config 2 mem\n", 0},
      {"bin.dat", CL_OK, "note %s: binary file skipped\n", 0},
      {"big.html", CL_WARN,
       "error %s: file is larger than --max-file-size (100 bytes)\n", 0},
      {"long.txt", CL_OK, "doc %s 200 map\n", 0},
      {"dangling", CL_WARN, "error %s: %s\n", ENOENT},
      {"does-not-exist", CL_WARN, "error %s: %s\n", ENOENT},
      {"loop1", CL_WARN, "error %s: %s\n", ELOOP},
      {"a.txt/x", CL_WARN, "error %s: %s\n", ENOTDIR},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    rec r = REC_INIT(NULL);
    snprintf(path, sizeof path, "%s/%s", root, cases[i].name);
    snprintf(want, sizeof want, cases[i].want, path,
             cases[i].err ? strerror(cases[i].err) : "");
    CU_ASSERT_EQUAL(walk(path, 0, 0, 100, &r), cases[i].status);
    check_log(&r, want);
  }
}

/* Read errors after a successful open, and files mmap cannot map. */
static void test_proc_files(void) {
  if (access("/proc/self/status", R_OK) != 0)
    return; /* no /proc here */
  rec r = REC_INIT(NULL);
  CU_ASSERT_EQUAL(walk("/proc/self/status", 0, 0, 0, &r), CL_OK);
  CU_ASSERT_PTR_NOT_NULL_FATAL(r.log.ptr);
  /* st_size is 0 but the bytes are read. */
  CU_ASSERT_NSTRING_EQUAL(r.log.ptr, "doc /proc/self/status ", 22);
  CU_ASSERT(strstr(r.log.ptr, " mem\n") != NULL);
  CU_ASSERT(strstr(r.log.ptr, " 0 mem") == NULL);
  cl_buf_free(&r.log);
  /* Reading address 0 of our own memory fails after open succeeded. */
  rec m = REC_INIT(NULL);
  char want[128];
  snprintf(want, sizeof want, "error /proc/self/mem: %s\n", strerror(EIO));
  CU_ASSERT_EQUAL(walk("/proc/self/mem", 0, 0, 0, &m), CL_WARN);
  check_log(&m, want);
}

/* Unreadable without root: a folder and a file with mode 000. */
static void test_permissions(void) {
  if (geteuid() == 0)
    return; /* root reads anything; covered by the ENOENT/ELOOP/EIO cases */
  char path[PATH_MAX], want[PATH_MAX + 256];
  put_dir("locked");
  put_file("locked.txt", "x\n", 2);
  snprintf(path, sizeof path, "%s/locked", root);
  chmod(path, 0);
  snprintf(path, sizeof path, "%s/locked.txt", root);
  chmod(path, 0);
  rec r = REC_INIT(NULL);
  snprintf(path, sizeof path, "%s/locked", root);
  CU_ASSERT_EQUAL(walk(path, 0, 0, 0, &r), CL_WARN);
  snprintf(want, sizeof want, "error %s: %s\n", path, strerror(EACCES));
  check_log(&r, want);
  chmod(path, 0755);
  rmdir(path);
  snprintf(path, sizeof path, "%s/locked.txt", root);
  unlink(path);
}

static void test_stop(void) {
  char pfx[80];
  snprintf(pfx, sizeof pfx, "%s/", root);
  rec r = REC_INIT(pfx);
  r.stop_after = 3;
  CU_ASSERT_EQUAL(walk(root, 0, 0, 100, &r), CL_FATAL);
  check_log(&r, "doc A.txt 6 mem\ndoc Z.txt 4 mem\ndoc a.txt 3 mem\n");
}

/* Standard input: read whole, bounded, from a pipe or a file. */
static void test_stdin(void) {
  static const struct {
    int pipe;
    const char *data;
    size_t len, max;
    cl_status status;
    const char *want;
  } cases[] = {
      {1, "piped text\n", 11, 0, CL_OK, "doc <stdin> 11 mem\n"},
      {1, "piped text\n", 11, 5, CL_WARN,
       "error <stdin>: file is larger than --max-file-size (5 bytes)\n"},
      {1, "", 0, 0, CL_OK, "doc <stdin> 0 mem\n"},
      {1, "bin\0ary", 7, 0, CL_OK, "note <stdin>: binary file skipped\n"},
      {0, "from a file\n", 12, 0, CL_OK, "doc <stdin> 12 mem\n"},
      {0, "<p>file</p>\n", 12, 4, CL_WARN,
       "error <stdin>: file is larger than --max-file-size (4 bytes)\n"},
      /* Plain text from a mapped file: streamed, not limited. */
      {0, "from a file\n", 12, 4, CL_OK, "doc <stdin> 12 map\n"},
  };
  int saved = dup(STDIN_FILENO);
  CU_ASSERT_FATAL(saved >= 0);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t len = cases[i].len;
    int fd;
    if (cases[i].pipe) {
      int p[2];
      CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
      CU_ASSERT_EQUAL((size_t)write(p[1], cases[i].data, len), len);
      close(p[1]);
      fd = p[0];
    } else {
      put_file("stdin.txt", cases[i].data, len);
      fd = open(at("stdin.txt"), O_RDONLY);
      CU_ASSERT_FATAL(fd >= 0);
    }
    dup2(fd, STDIN_FILENO);
    close(fd);
    rec r = REC_INIT(NULL);
    CU_ASSERT_EQUAL(walk("-", 0, 0, cases[i].max, &r), cases[i].status);
    check_log(&r, cases[i].want);
  }
  dup2(saved, STDIN_FILENO);
  close(saved);
}

static void test_doc_free_null(void) {
  cl_doc_free(NULL); /* allowed, like free(NULL) */
  cl_doc *d = calloc(1, sizeof *d);
  CU_ASSERT_PTR_NOT_NULL_FATAL(d);
  d->path = cl_strdup("x");
  d->mem = cl_strdup("bytes");
  cl_doc_free(d); /* frees path, mem and the struct: leak-checked by ASan */
  CU_PASS("freed");
}

static void test_setup(void) {
  /* A walk that loops forever must fail the suite, not hang it. */
  alarm(60);
  make_tree();
}
static void test_teardown(void) { remove_tree(); }

/* Articles are read into memory; files past the small-file size are
 * mapped, and so is one over --max-file-size (plain text is streamed from
 * its mapping whatever its size). */
static void test_read_or_map(void) {
  static const struct {
    size_t len, max;
    const char *how;
  } cases[] = {
      {1000, 0, "mem"},
      {256 * 1024, 0, "mem"},
      {256 * 1024 + 1, 0, "map"},
      {1000, 999, "map"},
      {1000, 1000, "mem"},
  };
  char *data = malloc(256 * 1024 + 1);
  CU_ASSERT_PTR_NOT_NULL_FATAL(data);
  memset(data, 'x', 256 * 1024 + 1);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    put_file("sized.txt", data, cases[i].len);
    rec r = REC_INIT(root);
    char want[128];
    CU_ASSERT_EQUAL(walk(at("sized.txt"), 0, 0, cases[i].max, &r), CL_OK);
    snprintf(want, sizeof want, "doc /sized.txt %zu %s\n", cases[i].len,
             cases[i].how);
    check_log(&r, want);
    CU_ASSERT_EQUAL(r.content_ok, 1);
    CU_ASSERT_EQUAL(unlink(at("sized.txt")), 0);
  }
  free(data);
}

/* Files that are not files: named explicitly, a FIFO, a device or a
 * symlink to one is an error naming it, never read (a FIFO would block
 * the walk, /dev/zero never ends); only "-" reads standard input. */
static void test_not_files(void) {
  char want[PATH_MAX + 64];
  put_link("/dev/zero", "zero.txt");
  const char *names[] = {"fifo", "zero.txt"};
  for (size_t i = 0; i < 2; i++) {
    rec r = REC_INIT(NULL);
    snprintf(want, sizeof want, "error %s: not a regular file\n", at(names[i]));
    CU_ASSERT_EQUAL(walk(at(names[i]), 0, 0, 0, &r), CL_WARN);
    check_log(&r, want);
  }
  CU_ASSERT_EQUAL(unlink(at("zero.txt")), 0);
}

/* cl_read_file, the reader of everything that is not a document. */
static void test_read_file(void) {
  put_file("rules.yaml", "rules: []\n", 10);
  put_link("/dev/zero", "zero.yaml");
  static const struct {
    const char *name;
    size_t max;
    int rc;
    const char *why; /* NULL: strerror(err) */
    int err;
  } cases[] = {
      {"rules.yaml", 0, 0, NULL, 0},
      {"rules.yaml", 10, 0, NULL, 0},
      {"rules.yaml", 9, -1, "larger than its size limit", EFBIG},
      {"zero.yaml", 0, -1, "not a regular file", EINVAL},
      {"fifo", 0, -1, "not a regular file", EINVAL},
      {"sub", 0, -1, NULL, EISDIR},
      {"missing.yaml", 0, -1, NULL, ENOENT},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cl_buf b = CL_BUF_INIT;
    const char *why = NULL;
    errno = 0;
    int rc = cl_read_file(at(cases[i].name), cases[i].max, &b, &why);
    CU_ASSERT_EQUAL(rc, cases[i].rc);
    if (rc == 0) {
      CU_ASSERT_EQUAL(b.len, 10);
      CU_ASSERT_STRING_EQUAL(b.ptr, "rules: []\n");
    } else {
      CU_ASSERT_EQUAL(errno, cases[i].err);
      CU_ASSERT_PTR_NOT_NULL_FATAL(why);
      CU_ASSERT_STRING_EQUAL(why, cases[i].why ? cases[i].why
                                               : strerror(cases[i].err));
    }
    cl_buf_free(&b);
  }
  /* Standard input may be a pipe, read up to the limit. */
  int saved = dup(STDIN_FILENO), p[2];
  CU_ASSERT_FATAL(saved >= 0 && pipe(p) == 0);
  CU_ASSERT_EQUAL(write(p[1], "0123456789", 10), 10);
  close(p[1]);
  dup2(p[0], STDIN_FILENO);
  close(p[0]);
  cl_buf b = CL_BUF_INIT;
  CU_ASSERT_EQUAL(cl_read_file("-", 4, &b, NULL), -1);
  CU_ASSERT_EQUAL(errno, EFBIG);
  dup2(saved, STDIN_FILENO);
  close(saved);
  CU_ASSERT_EQUAL(unlink(at("rules.yaml")), 0);
  CU_ASSERT_EQUAL(unlink(at("zero.yaml")), 0);
}

/* A folder is listed once to see which config files it holds, unless it
 * holds too many entries (then each is looked for): both ways find the
 * site's root, and a ".git" file (a linked work tree's top) ends the
 * search below a site. */
static void memo_listing_cases(void) {
  put_dir("many");
  put_file("many/_config.yml", "x: 1\n", 5);
  char name[64];
  for (int i = 0; i < 1100; i++) {
    snprintf(name, sizeof name, "many/f%04d.md", i);
    put_file(name, "a\n", 2);
  }
  put_file("many/notes.txt", "n\n", 2);
  put_dir("few");
  put_file("few/hugo.toml", "title = 1\n", 10);
  put_file("few/notes.txt", "n\n", 2);
  put_dir("few/wt");
  put_file("few/wt/.git", "gitdir: x\n", 10);
  put_file("few/wt/notes.txt", "n\n", 2);
  static const struct {
    const char *path;
    int not_content;
  } cases[] = {
      {"many/f0007.md", 0}, {"many/notes.txt", 1},    {"few/notes.txt", 1},
      {"few/wt", 1},        {"few/wt/notes.txt", 0},
  };
  cl_sitememo *memo = cl_sitememo_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(memo);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", at(cases[i].path));
    CU_ASSERT_EQUAL(cl_path_not_content(path), cases[i].not_content);
    CU_ASSERT_EQUAL(cl_path_not_content_memo(path, memo), cases[i].not_content);
  }
  cl_sitememo_free(memo);
  for (int i = 0; i < 1100; i++) {
    snprintf(name, sizeof name, "many/f%04d.md", i);
    CU_ASSERT_EQUAL(unlink(at(name)), 0);
  }
  const char *made[] = {"many/_config.yml", "many/notes.txt", "few/hugo.toml",
                        "few/notes.txt", "few/wt/.git", "few/wt/notes.txt"};
  for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
    CU_ASSERT_EQUAL(unlink(at(made[i])), 0);
  const char *dirs[] = {"many", "few/wt", "few"};
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
    CU_ASSERT_EQUAL(rmdir(at(dirs[i])), 0);
}

/* Named paths in a Hugo site: the memo answers as the look without it,
 * the second time from what it remembers. */
static void test_not_content_memo(void) {
  put_dir("site");
  put_file("site/hugo.toml", "title = 'x'\n", 12);
  put_dir("site/content");
  put_dir("site/content/posts");
  put_file("site/content/posts/a.md", "a\n", 2);
  put_dir("site/layouts");
  put_file("site/layouts/b.html", "b\n", 2);
  put_file("site/package.json", "{}\n", 3);
  put_file("sub/package.json", "{}\n", 3);
  static const struct {
    const char *path;
    int not_content;
  } cases[] = {
      {"site/content/posts/a.md", 0}, {"site/layouts/b.html", 1},
      {"site/layouts", 1},            {"site/content", 0},
      {"site/package.json", 1},       {"sub/z.txt", 0},
      {"sub/deeper/y.txt", 0},        {"sub/package.json", 1},
  };
  cl_sitememo *memo = cl_sitememo_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(memo);
  for (int round = 0; round < 2; round++)
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
      char path[PATH_MAX];
      snprintf(path, sizeof path, "%s", at(cases[i].path));
      CU_ASSERT_EQUAL(cl_path_not_content(path), cases[i].not_content);
      CU_ASSERT_EQUAL(cl_path_not_content_memo(path, memo),
                      cases[i].not_content);
    }
  cl_sitememo_free(memo);
  cl_sitememo_free(NULL);
  memo_listing_cases();
  const char *made[] = {"site/hugo.toml", "site/content/posts/a.md",
                        "site/layouts/b.html", "site/package.json",
                        "sub/package.json"};
  for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
    CU_ASSERT_EQUAL(unlink(at(made[i])), 0);
  const char *dirs[] = {"site/content/posts", "site/content", "site/layouts",
                        "site"};
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
    CU_ASSERT_EQUAL(rmdir(at(dirs[i])), 0);
}

static const cl_test_case cases[] = {
    {"make tree", test_setup},
    {"walk default options", test_walk_default},
    {"walk following symlinks, hidden", test_walk_follow_hidden},
    {"display paths", test_display_paths},
    {"explicit paths", test_explicit_paths},
    {"/proc files", test_proc_files},
    {"permissions (non-root)", test_permissions},
    {"on_doc stops the walk", test_stop},
    {"stdin", test_stdin},
    {"read or mapped", test_read_or_map},
    {"files that are not files", test_not_files},
    {"cl_read_file", test_read_file},
    {"cl_doc_free", test_doc_free_null},
    {"cl_path_not_content_memo", test_not_content_memo},
    {"remove tree", test_teardown},
    {NULL, NULL},
};

CL_TEST_MAIN("source", cases)
