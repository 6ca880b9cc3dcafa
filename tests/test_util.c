/* test_util.c - growable buffer, arena, hash and size parsing. */
#include "internal.h"
#include "testutil.h"

#include <string.h>

static void test_buf(void) {
  cl_buf b = CL_BUF_INIT;
  CU_ASSERT_EQUAL(cl_buf_puts(&b, "abc"), 0);
  CU_ASSERT_EQUAL(cl_buf_putc(&b, '-'), 0);
  CU_ASSERT_EQUAL(cl_buf_printf(&b, "%d/%s", 42, "x"), 0);
  CU_ASSERT_STRING_EQUAL(b.ptr, "abc-42/x");
  CU_ASSERT_EQUAL(b.len, 8);
  /* Growth keeps the content and the terminator. */
  for (int i = 0; i < 1000; i++)
    CU_ASSERT_EQUAL_FATAL(cl_buf_put(&b, "0123456789", 10), 0);
  CU_ASSERT_EQUAL(b.len, 8 + 10000);
  CU_ASSERT_EQUAL(b.ptr[b.len], '\0');
  CU_ASSERT_EQUAL(memcmp(b.ptr + 8 + 9990, "0123456789", 10), 0);
  size_t cap = b.cap;
  cl_buf_clear(&b);
  CU_ASSERT_EQUAL(b.len, 0);
  CU_ASSERT_EQUAL(b.cap, cap); /* memory kept for reuse */
  CU_ASSERT_STRING_EQUAL(b.ptr, "");
  cl_buf_puts(&b, "kept");
  char *p = cl_buf_detach(&b);
  CU_ASSERT_STRING_EQUAL(p, "kept");
  CU_ASSERT_PTR_NULL(b.ptr);
  free(p);
  p = cl_buf_detach(&b); /* an empty buffer detaches as "" */
  CU_ASSERT_STRING_EQUAL(p, "");
  free(p);
  CU_ASSERT_EQUAL(cl_buf_reserve(&b, SIZE_MAX), -1);
  cl_buf_free(&b);
}

static void test_arena(void) {
  cl_arena a = {NULL};
  char *s = cl_arena_strdup(&a, "holder");
  CU_ASSERT_STRING_EQUAL(s, "holder");
  CU_ASSERT_STRING_EQUAL(cl_arena_strndup(&a, "abcdef", 3), "abc");
  CU_ASSERT_STRING_EQUAL(cl_arena_printf(&a, "%s:%u", "x", 7u), "x:7");
  CU_ASSERT_PTR_NULL(cl_arena_strdup(&a, NULL));
  /* Aligned, distinct, and a large block does not waste the current one. */
  void *p1 = cl_arena_alloc(&a, 3), *p2 = cl_arena_alloc(&a, 1);
  CU_ASSERT_EQUAL((uintptr_t)p1 % 8, 0);
  CU_ASSERT_EQUAL((uintptr_t)p2 % 8, 0);
  CU_ASSERT_PTR_NOT_EQUAL(p1, p2);
  char *big = cl_arena_alloc(&a, 100000);
  CU_ASSERT_PTR_NOT_NULL_FATAL(big);
  memset(big, 'x', 100000);
  char *after = cl_arena_alloc(&a, 8);
  CU_ASSERT((char *)after < big || (char *)after >= big + 100000);
  CU_ASSERT_STRING_EQUAL(s, "holder"); /* earlier strings untouched */
  cl_arena_free(&a);
  CU_ASSERT_PTR_NULL(a.head);
}

static void test_hash(void) {
  uint64_t h1 = cl_hash64("abc", 3, CL_HASH_SEED);
  CU_ASSERT_EQUAL(h1, cl_hash64("abc", 3, CL_HASH_SEED));
  CU_ASSERT_NOT_EQUAL(h1, cl_hash64("abd", 3, CL_HASH_SEED));
  /* FNV-1a 64 of "a", a published test vector. */
  CU_ASSERT_EQUAL(cl_hash64("a", 1, CL_HASH_SEED), 0xaf63dc4c8601ec8cULL);
}

static void test_size_parse(void) {
  static const struct {
    const char *in;
    int rc;
    unsigned long long want;
  } rows[] = {{"0", 0, 0},
              {"1048576", 0, 1048576},
              {"512K", 0, 512ULL << 10},
              {"64k", 0, 64ULL << 10},
              {"10M", 0, 10ULL << 20},
              {"4G", 0, 4ULL << 30},
              {"4GB", 0, 4ULL << 30},
              {"2mb", 0, 2ULL << 20},
              {"", -1, 0},
              {"-1", -1, 0},
              {"+5", -1, 0},
              {" 5", -1, 0},
              {"5X", -1, 0},
              {"5KBs", -1, 0},
              {"K", -1, 0},
              {"99999999999999999999", -1, 0},
              {"17179869184G", -1, 0}, /* 2^34 G overflows 64 bits */
              {NULL, 0, 0}};
  for (size_t i = 0; rows[i].in; i++) {
    unsigned long long v = 12345;
    int rc = cl_size_parse(rows[i].in, &v);
    if (rc != rows[i].rc)
      fprintf(stderr, "\n  \"%s\": %d", rows[i].in, rc);
    CU_ASSERT_EQUAL(rc, rows[i].rc);
    if (rc == 0)
      CU_ASSERT_EQUAL(v, rows[i].want);
  }
  CU_ASSERT_EQUAL(cl_size_parse(NULL, NULL), -1);
}

static const cl_test_case cases[] = {{"growable buffer", test_buf},
                                     {"arena", test_arena},
                                     {"FNV-1a hash", test_hash},
                                     {"size parsing", test_size_parse},
                                     {NULL, NULL}};
CL_TEST_MAIN("util", cases)
