/* test_scanner.c - the pipeline driver: one document in memory end to end,
 * folder scans whose documents, errors and notes come out in the same
 * order whatever the number of jobs (and through the document callback in
 * that order), statuses, and the option defaults. */
#include "internal.h"
#include "testutil.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static cl_rules *defaults(void) {
  cl_rules *r = cl_rules_new();
  CU_ASSERT_PTR_NOT_NULL_FATAL(r);
  CU_ASSERT_EQUAL_FATAL(cl_rules_load_defaults(r), CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_rules_compile(r), CL_OK);
  return r;
}

static void test_options_defaults(void) {
  cl_options o;
  memset(&o, 0xAB, sizeof o);
  cl_options_init(&o);
  CU_ASSERT_EQUAL(o.jobs, 0);
  CU_ASSERT_EQUAL(o.max_depth, 5);
  CU_ASSERT_EQUAL(o.max_file_size, (size_t)256 << 20);
  CU_ASSERT_EQUAL(o.max_line_length, 64 * 1024);
  CU_ASSERT_EQUAL(o.max_archive_ratio, 200);
  CU_ASSERT_TRUE(o.match_limit > 0 && o.depth_limit > 0);
  CU_ASSERT_EQUAL(o.no_prefilter, 0);
  CU_ASSERT_PTR_NULL(o.policy);
  CU_ASSERT_PTR_NULL(o.path_filter);
}

static void test_buffer(void) {
  cl_rules *r = defaults();
  cl_scanner *sc = cl_scanner_new(r, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  cl_report *rep = cl_report_new();
  const char doc[] = "Body text, Reuters reported.\n"
                     "\xC2\xA9 2024 Northwind Wire.com. Northwind Wire does not "
                     "provide investment advice. All rights reserved.\n"
                     "Produced in association with Meridian Markets\n"
                     "Edited by Lena Okafor\n";
  CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, "mem.txt", doc, sizeof doc - 1, rep), CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_report_document_count(rep), 1);
  const cl_document *d = cl_report_document(rep, 0);
  CU_ASSERT_STRING_EQUAL(d->path, "mem.txt");
  CU_ASSERT_STRING_EQUAL(d->format, "text");
  CU_ASSERT_EQUAL(d->finding_count, 0);
  static const struct {
    cl_kind kind;
    const char *value;
    unsigned line, col;
  } want[] = {{CL_KIND_SOURCE, "Reuters", 1, 12},
              {CL_KIND_COPYRIGHT, "Northwind Wire.com", 2, 1},
              {CL_KIND_SYNDICATION, "Meridian Markets", 3, 1},
              {CL_KIND_EDITOR, "Lena Okafor", 4, 1}};
  CU_ASSERT_EQUAL_FATAL(d->credit_count, 4);
  for (size_t i = 0; i < 4; i++) {
    CU_ASSERT_EQUAL(d->credits[i].kind, want[i].kind);
    CU_ASSERT_STRING_EQUAL(d->credits[i].value, want[i].value);
    CU_ASSERT_EQUAL(d->credits[i].line, want[i].line);
    CU_ASSERT_EQUAL(d->credits[i].column, want[i].col);
  }
  CU_ASSERT_EQUAL_FATAL(d->credits[1].year_count, 1);
  CU_ASSERT_EQUAL(d->credits[1].years[0], 2024);
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_rules_free(r);
}

/* ------------------------------------------------- order and jobs */

static char root[64];

static void put(const char *rel, const char *text) {
  char p[256];
  snprintf(p, sizeof p, "%s/%s", root, rel);
  FILE *f = fopen(p, "w");
  CU_ASSERT_PTR_NOT_NULL_FATAL(f);
  fputs(text, f);
  fclose(f);
}

static void make_tree(void) {
  strcpy(root, "/tmp/cl_scanner_XXXXXX");
  CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(root));
  char p[256];
  for (int dir = 0; dir < 6; dir++) {
    snprintf(p, sizeof p, "%s/d%d", root, dir);
    CU_ASSERT_EQUAL(mkdir(p, 0755), 0);
    for (int i = 0; i < 40; i++) {
      char rel[64], text[256];
      snprintf(rel, sizeof rel, "d%d/a%02d.txt", dir, i);
      /* Every third lacks a notice, every fifth has two holders. */
      snprintf(text, sizeof text,
               "Story %d.\n%s%s"
               "Produced in association with Partner %d\n",
               i, i % 3 ? "\xC2\xA9 2024 Alpha Press\n" : "",
               i % 5 == 0 ? "Copyright 2023 Beta Wire\n" : "", dir);
      put(rel, text);
    }
    snprintf(p, sizeof p, "%s/d%d/bin.dat", root, dir);
    FILE *f = fopen(p, "wb");
    fwrite("a\0b", 1, 3, f);
    fclose(f);
    snprintf(p, sizeof p, "%s/d%d/zz-dangling.txt", root, dir);
    CU_ASSERT_EQUAL(symlink("/nonexistent/cl", p), 0);
  }
}

typedef struct {
  cl_buf log;
} cb_log;

static void on_document(const cl_document *d, void *ud) {
  cb_log *l = ud;
  cl_buf_printf(&l->log, "%s %zu %zu\n", d->path, d->credit_count, d->finding_count);
}

/* Everything a report says, in order, as one string. */
static char *report_string(const cl_report *rep) {
  cl_buf b = CL_BUF_INIT;
  for (size_t i = 0; i < cl_report_document_count(rep); i++) {
    const cl_document *d = cl_report_document(rep, i);
    cl_buf_printf(&b, "D %s", d->path);
    for (size_t k = 0; k < d->credit_count; k++)
      cl_buf_printf(&b, " %s@%u:%u", d->credits[k].value ? d->credits[k].value : "-",
                    d->credits[k].line, d->credits[k].column);
    for (size_t k = 0; k < d->finding_count; k++)
      cl_buf_printf(&b, " !%s", d->findings[k].check);
    cl_buf_puts(&b, "\n");
  }
  for (size_t i = 0; i < cl_report_error_count(rep); i++)
    cl_buf_printf(&b, "E %s: %s\n", cl_report_error(rep, i)->path,
                  cl_report_error(rep, i)->message);
  for (size_t i = 0; i < cl_report_note_count(rep); i++)
    cl_buf_printf(&b, "N %s\n", cl_report_note(rep, i));
  return cl_buf_detach(&b);
}

static char *scan_tree(const cl_rules *r, int jobs, cl_status *st, char **cblog) {
  cl_options o;
  cl_options_init(&o);
  o.jobs = jobs;
  o.follow_symlinks = 1; /* so the dangling links are read errors */
  o.requirements = 1u << CL_REQ_COPYRIGHT; /* missing-copyright findings too */
  cl_scanner *sc = cl_scanner_new(r, &o);
  CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
  cb_log l = {CL_BUF_INIT};
  cl_scanner_set_document_callback(sc, on_document, &l);
  cl_report *rep = cl_report_new();
  *st = cl_scanner_scan_path(sc, root, rep);
  char *s = report_string(rep);
  *cblog = cl_buf_detach(&l.log);
  cl_report_free(rep);
  cl_scanner_free(sc);
  return s;
}

static void test_jobs_same_order(void) {
  cl_rules *r = defaults();
  make_tree();
  cl_status st1, stn;
  char *cb1, *cbn;
  char *one = scan_tree(r, 1, &st1, &cb1);
  CU_ASSERT_EQUAL(st1, CL_WARN); /* the dangling links */
  /* 240 documents, 6 errors, 6 notes */
  size_t docs = 0, errs = 0, notes = 0;
  for (const char *p = one; *p; p = strchr(p, '\n') + 1) {
    docs += *p == 'D';
    errs += *p == 'E';
    notes += *p == 'N';
  }
  CU_ASSERT_EQUAL(docs, 240);
  CU_ASSERT_EQUAL(errs, 6);
  CU_ASSERT_EQUAL(notes, 6);
  CU_ASSERT_PTR_NOT_NULL(strstr(one, "!conflicting-copyright"));
  CU_ASSERT_PTR_NOT_NULL(strstr(one, "!syndicated-without-copyright"));
  for (int jobs = 2; jobs <= 8; jobs *= 2) {
    for (int rep = 0; rep < 3; rep++) {
      char *many = scan_tree(r, jobs, &stn, &cbn);
      CU_ASSERT_EQUAL(stn, st1);
      CU_ASSERT_STRING_EQUAL(many, one);
      CU_ASSERT_STRING_EQUAL(cbn, cb1);
      free(many);
      free(cbn);
    }
  }
  free(one);
  free(cb1);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", root);
  CU_ASSERT_EQUAL(system(cmd), 0);
  cl_rules_free(r);
}

static void test_missing_path(void) {
  cl_rules *r = defaults();
  cl_scanner *sc = cl_scanner_new(r, NULL);
  cl_report *rep = cl_report_new();
  CU_ASSERT_EQUAL(cl_scanner_scan_path(sc, "/nonexistent/cl/x.txt", rep), CL_WARN);
  CU_ASSERT_EQUAL(cl_report_document_count(rep), 0);
  CU_ASSERT_EQUAL_FATAL(cl_report_error_count(rep), 1);
  CU_ASSERT_STRING_EQUAL(cl_report_error(rep, 0)->path, "/nonexistent/cl/x.txt");
  CU_ASSERT_STRING_EQUAL(cl_scanner_error(sc), "");
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_rules_free(r);
}

/* A zip held in memory (an upload) is read entry by entry: each member a
 * document named "NAME!/member", as the same bytes on disk would be. */
static void test_buffer_archive(void) {
  static const struct {
    const char *name, *text;
  } members[] = {{"a.txt", "\xC2\xA9 2024 Quayside Media Ltd.\n"},
                 {"b.txt", "Edited by Ann Lee\n"}};
  char zip[4096];
  size_t used = 0;
  struct archive *a = archive_write_new();
  CU_ASSERT_FATAL(archive_write_set_format_zip(a) == ARCHIVE_OK);
  CU_ASSERT_FATAL(archive_write_open_memory(a, zip, sizeof zip, &used) ==
                  ARCHIVE_OK);
  for (size_t i = 0; i < 2; i++) {
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, members[i].name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)strlen(members[i].text));
    CU_ASSERT(archive_write_header(a, e) == ARCHIVE_OK);
    CU_ASSERT(archive_write_data(a, members[i].text,
                                 strlen(members[i].text)) ==
              (la_ssize_t)strlen(members[i].text));
    archive_entry_free(e);
  }
  CU_ASSERT(archive_write_close(a) == ARCHIVE_OK);
  archive_write_free(a);

  cl_rules *r = defaults();
  cl_scanner *sc = cl_scanner_new(r, NULL);
  cl_report *rep = cl_report_new();
  CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, "up.zip", zip, used, rep), CL_OK);
  CU_ASSERT_EQUAL_FATAL(cl_report_document_count(rep), 2);
  CU_ASSERT_STRING_EQUAL(cl_report_document(rep, 0)->path, "up.zip!/a.txt");
  CU_ASSERT_STRING_EQUAL(cl_report_document(rep, 1)->path, "up.zip!/b.txt");
  CU_ASSERT_EQUAL(cl_report_document(rep, 0)->credit_count, 1);
  CU_ASSERT_EQUAL(cl_report_document(rep, 1)->credit_count, 1);
  /* An Office document is a zip too, but no bundle: one document, here
   * one whose body is not XML (an input error naming it). */
  char docx[4096];
  size_t dused = 0;
  a = archive_write_new();
  CU_ASSERT_FATAL(archive_write_set_format_zip(a) == ARCHIVE_OK);
  CU_ASSERT_FATAL(archive_write_open_memory(a, docx, sizeof docx, &dused) ==
                  ARCHIVE_OK);
  static const char *const parts[] = {"[Content_Types].xml",
                                      "word/document.xml"};
  for (size_t i = 0; i < 2; i++) {
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, parts[i]);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, 7);
    CU_ASSERT(archive_write_header(a, e) == ARCHIVE_OK);
    CU_ASSERT(archive_write_data(a, "<Types>", 7) == 7);
    archive_entry_free(e);
  }
  CU_ASSERT(archive_write_close(a) == ARCHIVE_OK);
  archive_write_free(a);
  cl_report *office = cl_report_new();
  CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, "a.docx", docx, dused, office),
                  CL_OK);
  CU_ASSERT_EQUAL(cl_report_document_count(office), 1);
  CU_ASSERT_EQUAL(cl_report_note_count(office), 0);
  CU_ASSERT_EQUAL_FATAL(cl_report_error_count(office), 1);
  CU_ASSERT_PTR_NOT_NULL(strstr(cl_report_error(office, 0)->message,
                                "a.docx: Office document:"));
  cl_report_free(office);
  /* Cut short: the fault is an error and CL_WARN, what came before stays. */
  cl_report *cut = cl_report_new();
  CU_ASSERT_EQUAL(cl_scanner_scan_buffer(sc, "cut.zip", zip, used / 2, cut),
                  CL_WARN);
  CU_ASSERT(cl_report_error_count(cut) >= 1);
  cl_report_free(cut);
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_rules_free(r);
}

/* ------------------------------------------- a mapped file that shrinks */

#define SHRINK_SIZE ((size_t)1 << 20)

/* A 1 MiB text file with a notice on its first line, mapped, then cut to
 * 4 KiB by "another program" before a byte of the mapping is read: the
 * truncation happens at a controlled point, not at a time. */
static char *map_then_truncate(char *path) {
  int fd = mkstemp(path);
  if (fd < 0)
    return NULL;
  char line[64];
  memset(line, 'w', sizeof line);
  line[sizeof line - 1] = '\n';
  static const char head[] = "Copyright 2020 Example Press\n";
  int ok = write(fd, head, sizeof head - 1) == (ssize_t)(sizeof head - 1);
  for (size_t at = sizeof head - 1; ok && at < SHRINK_SIZE; at += sizeof line)
    ok = write(fd, line, sizeof line) == (ssize_t)sizeof line;
  ok = ok && ftruncate(fd, (off_t)SHRINK_SIZE) == 0;
  void *m = ok ? mmap(NULL, SHRINK_SIZE, PROT_READ, MAP_PRIVATE, fd, 0)
               : MAP_FAILED;
  ok = m != MAP_FAILED && ftruncate(fd, 4096) == 0;
  close(fd);
  return ok ? m : NULL;
}

static void *copy_in_thread(void *arg) {
  static char buf[8192];
  /* The fault is at the second page past the end: this thread's guard. */
  return (void *)(intptr_t)cl_mapped_copy(buf, (const char *)arg + 4096,
                                          sizeof buf);
}

/* The child's checks; its exit status says which failed (0: none). */
static int shrink_child(int done_fd) {
  char path[] = "/tmp/cl-shrink-XXXXXX";
  const char *m = map_then_truncate(path);
  if (!m)
    return 10;
  cl_rules *rules = cl_rules_new();
  cl_options opt;
  cl_options_init(&opt);
  opt.jobs = 1;
  if (!rules || cl_rules_load_defaults(rules) != CL_OK ||
      cl_rules_compile(rules) != CL_OK)
    return 11;
  cl_scanner *sc = cl_scanner_new(rules, &opt);
  cl_report *rep = cl_report_new();
  if (!sc || !rep)
    return 12;
  /* The shrunk file: an input error naming it, no findings from it. */
  if (cl_scanner_scan_mapped(sc, path, m, SHRINK_SIZE, rep) != CL_OK)
    return 13;
  if (cl_report_error_count(rep) != 1 ||
      !strstr(cl_report_error(rep, 0)->message, "shrank") ||
      strcmp(cl_report_error(rep, 0)->path, path) != 0)
    return 14;
  if (cl_report_document_count(rep) != 1 ||
      cl_report_document(rep, 0)->finding_count != 0 ||
      cl_report_document(rep, 0)->credit_count != 0)
    return 15;
  /* Nothing else is lost: the next document scans as ever. */
  static const char next[] = "Copyright 2021 Other Press\n";
  if (cl_scanner_scan_buffer(sc, "next.txt", next, sizeof next - 1, rep) !=
          CL_OK ||
      cl_report_document_count(rep) != 2 ||
      cl_report_document(rep, 1)->credit_count != 1)
    return 16;
  /* The guard is per thread: another thread's fault returns there. */
  pthread_t t;
  void *res = NULL;
  if (pthread_create(&t, NULL, copy_in_thread, (void *)m) != 0 ||
      pthread_join(t, &res) != 0 || (intptr_t)res != CL_MAPPED_FAULT)
    return 17;
  char ok[16];
  if (cl_mapped_copy(ok, m, sizeof ok) != 0 || memcmp(ok, "Copyright", 9) != 0)
    return 18;
  cl_report_free(rep);
  cl_scanner_free(sc);
  cl_rules_free(rules);
  unlink(path);
  /* A fault outside any guard still ends the process with SIGBUS. */
  if (write(done_fd, "k", 1) != 1)
    return 20;
  volatile char probe = ((const volatile char *)m)[8192];
  (void)probe;
  return 19;
}

static void test_mapped_file_shrinks(void) {
  int fds[2];
  CU_ASSERT_FATAL(pipe(fds) == 0);
  fflush(NULL);
  pid_t pid = fork();
  CU_ASSERT_FATAL(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    _exit(shrink_child(fds[1]));
  }
  close(fds[1]);
  char done = 0;
  CU_ASSERT_EQUAL(read(fds[0], &done, 1), 1); /* the checks passed */
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!WIFSIGNALED(status))
    fprintf(stderr, "\nshrink child: exit %d\n", WEXITSTATUS(status));
  /* Every check passed up to the unguarded read, which faulted: the
   * default action, or AddressSanitizer's report of it (the handler that
   * was there before ours gets the signal). */
#if defined(__SANITIZE_ADDRESS__)
  CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 1);
#else
  CU_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS);
#endif
}

static const cl_test_case cases[] = {
    {"option defaults", test_options_defaults},
    {"one document in memory, end to end", test_buffer},
    {"an archive in memory, entry by entry", test_buffer_archive},
    {"same report and callback order for 1, 2, 4, 8 jobs", test_jobs_same_order},
    {"missing path is an error, not a stop", test_missing_path},
    {"a mapped file that shrinks: an input error, not SIGBUS", test_mapped_file_shrinks},
    {NULL, NULL}};
CL_TEST_MAIN("scanner", cases)
