/* fuzz_archive.c - the archive reader (libarchive) fed whole archives, with
 * the scanner's limits made small so that bombs are cut short quickly. */
#include "fuzz.h"

#include <string.h>

typedef struct {
  size_t docs, errors, bytes;
} tally;

static int on_doc(void *ud, cl_doc *doc) {
  tally *t = ud;
  FUZZ_CHECK(doc->path && strstr(doc->path, "fuzz.bin!/") == doc->path);
  FUZZ_CHECK(doc->len == 0 || doc->data != NULL);
  /* Touch every byte: a bad length shows up under ASan. */
  unsigned sum = 0;
  for (size_t i = 0; i < doc->len; i++)
    sum += (unsigned char)doc->data[i];
  t->bytes += doc->len + (sum & 1);
  t->docs++;
  cl_doc_free(doc);
  return 0;
}

static void on_error(void *ud, const char *path, size_t archive_len,
                     const char *msg) {
  tally *t = ud;
  if (!path || !msg || !*msg)
    fprintf(stderr, "on_error(\"%s\", \"%s\")\n", path ? path : "(null)",
            msg ? msg : "(null)");
  FUZZ_CHECK(path && msg && *msg);
  /* The container is a prefix of the path, followed by "!/". */
  FUZZ_CHECK(archive_len == 0 ||
             (archive_len < strlen(path) && path[archive_len] == '!'));
  t->errors++;
}

static void on_note(void *ud, const char *path, const char *msg) {
  (void)ud;
  FUZZ_CHECK(path && msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cl_options opt;
  cl_options_init(&opt);
  opt.max_file_size = 1 << 20;
  opt.max_archive_bytes = 8 << 20;
  opt.max_archive_entries = 1000;
  opt.max_depth = 3;
  tally t = {0, 0, 0};
  cl_sink sink = {on_doc, on_error, on_note, &t};
  (void)cl_archive_detect((const char *)data, size);
  cl_status st = cl_archive_scan("fuzz.bin", (const char *)data, size, 1, &opt, &sink);
  FUZZ_CHECK(st == CL_OK || st == CL_WARN || st == CL_FATAL);
  FUZZ_CHECK(t.docs <= 1000 * 4);
  return 0;
}
