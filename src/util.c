/* util.c - growable buffers, the per-document arena, small string helpers. */
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int cl_buf_reserve(cl_buf *b, size_t extra) {
  if (extra > SIZE_MAX - b->len - 1)
    return -1;
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *p = realloc(b->ptr, cap);
  if (!p)
    return -1;
  /* Spare bytes are defined: PCRE2's JIT reads words past a subject's
   * end, and subjects live in cl_bufs. */
  memset(p + b->cap, 0, cap - b->cap);
  b->ptr = p;
  b->cap = cap;
  return 0;
}

int cl_buf_put(cl_buf *b, const void *p, size_t n) {
  if (cl_buf_reserve(b, n) < 0)
    return -1;
  if (n)
    memcpy(b->ptr + b->len, p, n);
  b->len += n;
  b->ptr[b->len] = '\0';
  return 0;
}

int cl_buf_putc(cl_buf *b, int c) {
  char ch = (char)c;
  return cl_buf_put(b, &ch, 1);
}

int cl_buf_puts(cl_buf *b, const char *s) { return cl_buf_put(b, s, strlen(s)); }

static int buf_vprintf(cl_buf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0 || cl_buf_reserve(b, (size_t)n) < 0)
    return -1;
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return 0;
}

int cl_buf_printf(cl_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = buf_vprintf(b, fmt, ap);
  va_end(ap);
  return rc;
}

void cl_buf_clear(cl_buf *b) {
  b->len = 0;
  if (b->ptr)
    b->ptr[0] = '\0';
}

void cl_buf_free(cl_buf *b) {
  free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
}

char *cl_buf_detach(cl_buf *b) {
  char *p = b->ptr ? b->ptr : cl_strdup("");
  b->ptr = NULL;
  b->len = b->cap = 0;
  return p;
}

/* ------------------------------------------------------------- arena */

struct cl_arena_block {
  cl_arena_block *next;
  size_t used, cap;
  _Alignas(8) char data[];
};

#define ARENA_BLOCK 4096

void *cl_arena_alloc(cl_arena *a, size_t n) {
  n = (n + 7) & ~(size_t)7;
  if (n == 0)
    n = 8;
  cl_arena_block *b = a->head;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
    b = malloc(sizeof *b + cap);
    if (!b)
      return NULL;
    b->cap = cap;
    b->used = 0;
    /* A large one-off block goes behind the head so the head's free room
     * is still used by the next small allocations. */
    if (a->head && n > ARENA_BLOCK) {
      b->next = a->head->next;
      a->head->next = b;
    } else {
      b->next = a->head;
      a->head = b;
    }
  }
  void *p = b->data + b->used;
  b->used += n;
  return p;
}

char *cl_arena_strndup(cl_arena *a, const char *s, size_t n) {
  char *p = cl_arena_alloc(a, n + 1);
  if (!p)
    return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *cl_arena_strdup(cl_arena *a, const char *s) {
  return s ? cl_arena_strndup(a, s, strlen(s)) : NULL;
}

char *cl_arena_vprintf(cl_arena *a, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  char *p = n < 0 ? NULL : cl_arena_alloc(a, (size_t)n + 1);
  if (p)
    vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *cl_arena_printf(cl_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = cl_arena_vprintf(a, fmt, ap);
  va_end(ap);
  return p;
}

void cl_arena_free(cl_arena *a) {
  cl_arena_block *b = a->head;
  while (b) {
    cl_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
}

char *cl_strndup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p)
    return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *cl_strdup(const char *s) { return s ? cl_strndup(s, strlen(s)) : NULL; }

uint64_t cl_hash64(const void *p, size_t n, uint64_t seed) {
  const unsigned char *s = p;
  uint64_t h = seed;
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

void cl_mapped_release(const void *base, size_t from, size_t to) {
  long pg = sysconf(_SC_PAGESIZE);
  if (pg <= 0 || to <= from)
    return;
  uintptr_t b = (uintptr_t)base;
  uintptr_t lo = (b + from + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1);
  uintptr_t hi = (b + to) & ~((uintptr_t)pg - 1);
  if (hi > lo)
    madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* Reads of a mapped file that another process truncates fault with
 * SIGBUS.  The handler is process-wide (signal dispositions are), but
 * what it does is per thread: a thread inside cl_mapped_run has its own
 * jump buffer and mapped range in thread-local storage, and a fault at an
 * address in that range returns there.  Any other SIGBUS goes to the
 * handler that was installed before, or ends the process as it would
 * have (the default disposition is restored and the faulting access runs
 * again). */
static _Thread_local sigjmp_buf *guard_jmp;
static _Thread_local const char *guard_lo, *guard_hi;
static struct sigaction guard_prev; /* written once, under guard_once */
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;

static void guard_handler(int sig, siginfo_t *si, void *uc) {
  const char *at = si ? (const char *)si->si_addr : NULL;
  if (guard_jmp && at >= guard_lo && at < guard_hi)
    siglongjmp(*guard_jmp, 1);
  if (guard_prev.sa_flags & SA_SIGINFO) {
    if (guard_prev.sa_sigaction) {
      guard_prev.sa_sigaction(sig, si, uc);
      return;
    }
  } else if (guard_prev.sa_handler != SIG_DFL &&
             guard_prev.sa_handler != SIG_IGN) {
    guard_prev.sa_handler(sig);
    return;
  }
  signal(sig, SIG_DFL);
}

static void guard_install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = guard_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGBUS, &sa, &guard_prev);
}

int cl_mapped_run(const void *base, size_t len, int (*fn)(void *), void *arg) {
  pthread_once(&guard_once, guard_install);
  sigjmp_buf jb;
  sigjmp_buf *saved_jmp = guard_jmp;
  const char *saved_lo = guard_lo, *saved_hi = guard_hi;
  volatile int rc = CL_MAPPED_FAULT; /* kept across siglongjmp */
  if (sigsetjmp(jb, 1) == 0) {
    guard_lo = base;
    guard_hi = (const char *)base + len;
    guard_jmp = &jb;
    rc = fn(arg);
  }
  guard_jmp = saved_jmp;
  guard_lo = saved_lo;
  guard_hi = saved_hi;
  return rc;
}

typedef struct {
  void *dst;
  const void *src;
  size_t n;
} copy_job;

static int copy_run(void *arg) {
  copy_job *c = arg;
  memcpy(c->dst, c->src, c->n);
  return 0;
}

int cl_mapped_copy(void *dst, const void *src, size_t n) {
  copy_job c = {dst, src, n};
  return cl_mapped_run(src, n, copy_run, &c);
}

int cl_size_parse(const char *s, unsigned long long *out) {
  char *end;
  if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
    return -1;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s)
    return -1;
  unsigned shift = 0;
  switch (*end) {
  case '\0': break;
  case 'k': case 'K': shift = 10; break;
  case 'm': case 'M': shift = 20; break;
  case 'g': case 'G': shift = 30; break;
  default: return -1;
  }
  if (*end && end[1] && !((end[1] == 'b' || end[1] == 'B') && !end[2]))
    return -1;
  if (v > (~0ULL >> shift))
    return -1;
  *out = v << shift;
  return 0;
}
