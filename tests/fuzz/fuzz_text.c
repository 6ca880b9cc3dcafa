/* fuzz_text.c - decoding (UTF-8, BOM, UTF-16, Windows-1252) and plain-text
 * normalisation into windowed lines, with small windows and chunks so the
 * window, overlap and resume paths are all reached by short inputs. */
#include "fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  /* Two control bytes: window length (16..527) and chunk size. */
  size_t max_line = 16 + (size_t)data[0] * 2;
  size_t chunk = 1 + (size_t)data[1] * 8;
  data += 2;
  size -= 2;

  const char *src = NULL, *enc = NULL;
  size_t src_len = 0;
  char *owned = NULL;
  cl_text t;
  cl_text_init(&t);
  if (cl_decode((const char *)data, size, &src, &src_len, &owned, &enc) < 0)
    goto cleanup;
  FUZZ_CHECK(enc != NULL);
  (void)cl_looks_binary((const char *)data, size);
  FUZZ_CHECK(cl_utf8_chars(src, src_len) <= src_len);

  cl_text_reset(&t, src, src_len);
  size_t pos = 0, rounds = 0;
  unsigned line = 1;
  int more;
  do {
    size_t before = pos;
    more = cl_text_fill_plain(&t, &pos, &line, max_line, chunk);
    if (more < 0)
      goto cleanup;
    FUZZ_CHECK(pos <= src_len);
    /* Each pass moves on: no input may make the scanner loop forever. */
    FUZZ_CHECK(more == 0 || pos > before);
    fuzz_check_text(&t);
    for (size_t i = 0; i < t.nlines; i++)
      FUZZ_CHECK(t.lines[i].norm_len <= 3 * max_line + 3);
    cl_text_clear_lines(&t);
    FUZZ_CHECK(++rounds <= src_len + 1);
  } while (more);

  /* The markup path: the whole source as one range. */
  cl_text_reset(&t, src, src_len);
  if (cl_text_add_range(&t, 0, src_len, 1, 1, CL_SCOPE_BODY) == 0) {
    FUZZ_CHECK(t.nlines == 1);
    fuzz_check_text(&t);
  }
  FUZZ_CHECK(cl_text_add_range(&t, src_len, 1, 1, 1, CL_SCOPE_BODY) < 0);

cleanup:
  cl_text_reset(&t, NULL, 0);
  cl_text_free(&t);
  free(owned);
  return 0;
}
