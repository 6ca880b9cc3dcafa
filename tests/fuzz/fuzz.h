/* fuzz.h - helpers shared by the libFuzzer targets of tests/fuzz/.
 *
 * Each target defines LLVMFuzzerTestOneInput.  A broken invariant aborts,
 * so the fuzzer (and tests/fuzz/replay.c in `make test`) reports it like
 * a crash.  Built with -I src: the targets use the stage contracts of
 * internal.h directly. */
#ifndef CL_FUZZ_H
#define CL_FUZZ_H

#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                  \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, \
              #cond);                                                     \
      abort();                                                            \
    }                                                                     \
  } while (0)

/* 1 if [p, p+n) is valid UTF-8 (the matcher runs PCRE2 with
 * PCRE2_NO_UTF_CHECK, so normalised text must be). */
static inline int fuzz_utf8_valid(const char *p, size_t n) {
  const unsigned char *s = (const unsigned char *)p;
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;
    } else {
      return 0;
    }
    if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
      return 0;
    for (size_t k = 2; k < len; k++)
      if ((s[i + k] & 0xC0) != 0x80)
        return 0;
    i += len;
  }
  return 1;
}

/* What every stage after text.c relies on: lines inside norm, norm valid
 * UTF-8, every map entry inside the source, positions computable. */
static inline void fuzz_check_text(const cl_text *t) {
  for (size_t i = 0; i < t->nlines; i++) {
    const cl_tline *l = &t->lines[i];
    FUZZ_CHECK(l->norm_off <= t->norm.len);
    FUZZ_CHECK(l->norm_len <= t->norm.len - l->norm_off);
    FUZZ_CHECK(l->src_off <= t->src_len);
    FUZZ_CHECK(l->line >= 1 && l->col >= 1);
    FUZZ_CHECK(fuzz_utf8_valid(t->norm.ptr + l->norm_off, l->norm_len));
    for (size_t k = 0; k <= l->norm_len; k++)
      FUZZ_CHECK(t->map[l->norm_off + k] <= t->src_len);
    unsigned line, col;
    cl_text_pos(t, l, l->src_off, &line, &col);
    FUZZ_CHECK(line == l->line && col == l->col);
    if (l->norm_len) {
      cl_text_pos(t, l, t->map[l->norm_off + l->norm_len - 1], &line, &col);
      FUZZ_CHECK(line >= l->line);
    }
  }
}

/* Decodes DATA and runs the reader of format F over it, as the scanner
 * does, then checks the text it produced and the metadata credits. */
static inline int fuzz_format(cl_docfmt f, const uint8_t *data, size_t size) {
  const char *src = NULL, *enc = NULL;
  size_t src_len = 0;
  char *owned = NULL;
  cl_docres *d = NULL;
  cl_text t;
  cl_text_init(&t);
  if (cl_decode((const char *)data, size, &src, &src_len, &owned, &enc) < 0)
    goto cleanup;
  FUZZ_CHECK(src_len <= (size > SIZE_MAX / 3 ? SIZE_MAX : size * 3 + 4));
  d = cl_docres_new("fuzz.doc", cl_docfmt_name(f), size);
  if (!d)
    goto cleanup;
  cl_text_reset(&t, src, src_len);
  if (cl_docfmt_extract(f, &t, d, NULL, NULL) == 0) {
    fuzz_check_text(&t);
    for (size_t i = 0; i < d->nmeta; i++) {
      FUZZ_CHECK(d->meta[i].scope == CL_SCOPE_METADATA ||
                 d->meta[i].scope == CL_SCOPE_BODY ||
                 d->meta[i].scope == CL_SCOPE_CHROME);
      FUZZ_CHECK((unsigned)d->meta[i].kind < CL_KIND__COUNT);
    }
  }
cleanup:
  cl_text_reset(&t, NULL, 0);
  cl_text_free(&t);
  cl_docres_free(d);
  free(owned);
  return 0;
}

#endif
