/* fault.c - I/O fault injection for the creditline binary, loaded with
 * LD_PRELOAD.  Counts the calls of one function and makes the Nth fail:
 *
 *   CL_FAULT_CALL   read, write, open, openat, fopen, fclose, fflush,
 *                   mmap, opendir, close, or stdio: any of fwrite, fputs,
 *                   fputc, putc, fprintf, vfprintf, printf, puts, putchar
 *                   (not on stderr), which then sets the stream's error
 *                   flag as a failed write(2) inside stdio would
 *   CL_FAULT_N      1-based call number to fail; 0 or unset: never fail
 *   CL_FAULT_COUNT  failures from the Nth call on (default 1; 0: all)
 *   CL_FAULT_ERRNO  errno to set (default EIO)
 *   CL_FAULT_LOG    file that receives "CALL COUNT" at exit, so a script
 *                   learns how many calls a fault-free run makes
 *   CL_FAULT_NOMMAP 1: every file mmap fails (ENODEV), so files take the
 *                   read() path; combines with the fault above
 *
 * Only calls that go through the dynamic linker are seen: those of the
 * program and of its libraries (libarchive, libyaml, PCRE2, jansson), not
 * glibc's internal ones (fopen's own open, stdio's own write).  A failed
 * fclose still closes the stream (as a real one does); a failed fflush
 * returns EOF and leaves the data buffered. */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

static const char *fault_call;
static unsigned long fault_n, fault_count = 1;
static int fault_errno = EIO;
static unsigned long calls;
static int no_mmap;

__attribute__((constructor)) static void fault_init(void) {
  const char *s;
  fault_call = getenv("CL_FAULT_CALL");
  if ((s = getenv("CL_FAULT_N")))
    fault_n = strtoul(s, NULL, 10);
  if ((s = getenv("CL_FAULT_COUNT")))
    fault_count = strtoul(s, NULL, 10);
  if ((s = getenv("CL_FAULT_ERRNO")))
    fault_errno = atoi(s);
  if ((s = getenv("CL_FAULT_NOMMAP")))
    no_mmap = atoi(s);
}

__attribute__((destructor)) static void fault_fini(void) {
  const char *log = getenv("CL_FAULT_LOG");
  if (!log || !fault_call)
    return;
  /* Raw syscalls: stdio may be closed or failing by now. */
  static int (*real_open)(const char *, int, ...);
  if (!real_open)
    real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
  int fd = real_open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    return;
  char buf[96];
  int n = snprintf(buf, sizeof buf, "%s %lu\n", fault_call,
                   __atomic_load_n(&calls, __ATOMIC_SEQ_CST));
  ssize_t (*real_write)(int, const void *, size_t) =
      (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
  if (n > 0 && real_write(fd, buf, (size_t)n) < 0)
    n = 0;
  int (*real_close)(int) = (int (*)(int))dlsym(RTLD_NEXT, "close");
  real_close(fd);
}

/* 1 if this call of NAME must fail (and sets errno). */
static int fault_hit(const char *name) {
  if (!fault_call || strcmp(fault_call, name) != 0)
    return 0;
  unsigned long k = __atomic_add_fetch(&calls, 1, __ATOMIC_SEQ_CST);
  if (fault_n == 0 || k < fault_n ||
      (fault_count != 0 && k >= fault_n + fault_count))
    return 0;
  errno = fault_errno;
  return 1;
}

typedef ssize_t (*read_fn)(int, void *, size_t);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef int (*close_fn)(int);
typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef FILE *(*fopen_fn)(const char *, const char *);
typedef int (*file_fn)(FILE *);
typedef void *(*mmap_fn)(void *, size_t, int, int, int, off_t);
typedef DIR *(*opendir_fn)(const char *);

#define REAL(name, type) \
  static type real_##name; \
  if (!real_##name) \
    real_##name = (type)dlsym(RTLD_NEXT, #name)

ssize_t read(int fd, void *buf, size_t n) {
  REAL(read, read_fn);
  if (fault_hit("read"))
    return -1;
  return real_read(fd, buf, n);
}

ssize_t write(int fd, const void *buf, size_t n) {
  REAL(write, write_fn);
  if (fault_hit("write"))
    return -1;
  return real_write(fd, buf, n);
}

int close(int fd) {
  REAL(close, close_fn);
  if (fault_hit("close")) {
    real_close(fd); /* like EIO from close: the descriptor is gone */
    errno = fault_errno;
    return -1;
  }
  return real_close(fd);
}

/* O_CREAT/O_TMPFILE carry a mode: fetch the argument after FLAGS. */
#define FAULT_MODE(flags, mode)                                         \
  do {                                                                  \
    if ((flags) & (O_CREAT | O_TMPFILE)) {                              \
      va_list ap;                                                       \
      va_start(ap, flags);                                              \
      (mode) = (mode_t)va_arg(ap, int);                                 \
      va_end(ap);                                                       \
    }                                                                   \
  } while (0)

int open(const char *path, int flags, ...) {
  REAL(open, open_fn);
  mode_t mode = 0;
  FAULT_MODE(flags, mode);
  if (fault_hit("open"))
    return -1;
  return real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...) {
  REAL(open64, open_fn);
  mode_t mode = 0;
  FAULT_MODE(flags, mode);
  if (fault_hit("open"))
    return -1;
  return real_open64(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...) {
  REAL(openat, openat_fn);
  mode_t mode = 0;
  FAULT_MODE(flags, mode);
  if (fault_hit("openat"))
    return -1;
  return real_openat(dirfd, path, flags, mode);
}

FILE *fopen(const char *path, const char *mode) {
  REAL(fopen, fopen_fn);
  if (fault_hit("fopen"))
    return NULL;
  return real_fopen(path, mode);
}

FILE *fopen64(const char *path, const char *mode) {
  REAL(fopen64, fopen_fn);
  if (fault_hit("fopen"))
    return NULL;
  return real_fopen64(path, mode);
}

int fclose(FILE *f) {
  REAL(fclose, file_fn);
  if (fault_hit("fclose")) {
    real_fclose(f);
    errno = fault_errno;
    return EOF;
  }
  return real_fclose(f);
}

int fflush(FILE *f) {
  REAL(fflush, file_fn);
  if (fault_hit("fflush"))
    return EOF;
  return real_fflush(f);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  REAL(mmap, mmap_fn);
  /* Anonymous maps are the allocator's: only file maps are I/O. */
  if (!(flags & MAP_ANONYMOUS) && (fault_hit("mmap") || no_mmap)) {
    if (no_mmap)
      errno = ENODEV;
    return MAP_FAILED;
  }
  return real_mmap(addr, len, prot, flags, fd, off);
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  REAL(mmap64, mmap_fn);
  /* Anonymous maps are the allocator's: only file maps are I/O. */
  if (!(flags & MAP_ANONYMOUS) && (fault_hit("mmap") || no_mmap)) {
    if (no_mmap)
      errno = ENODEV;
    return MAP_FAILED;
  }
  return real_mmap64(addr, len, prot, flags, fd, off);
}

DIR *opendir(const char *path) {
  REAL(opendir, opendir_fn);
  if (fault_hit("opendir"))
    return NULL;
  return real_opendir(path);
}

/* ------------------------------------------------------------- stdio */

/* glibc's _IO_ERR_SEEN: what ferror() reports after a failed write. */
#define FAULT_IO_ERR_SEEN 0x20

static int stdio_hit(FILE *f) {
  if (f == stderr || !fault_hit("stdio"))
    return 0;
  f->_flags |= FAULT_IO_ERR_SEEN;
  return 1;
}

typedef size_t (*fwrite_fn)(const void *, size_t, size_t, FILE *);
typedef int (*fputs_fn)(const char *, FILE *);
typedef int (*fputc_fn)(int, FILE *);
typedef int (*vfprintf_fn)(FILE *, const char *, va_list);
typedef int (*puts_fn)(const char *);
typedef int (*putchar_fn)(int);

size_t fwrite(const void *p, size_t size, size_t n, FILE *f) {
  REAL(fwrite, fwrite_fn);
  if (stdio_hit(f))
    return 0;
  return real_fwrite(p, size, n, f);
}

int fputs(const char *s, FILE *f) {
  REAL(fputs, fputs_fn);
  if (stdio_hit(f))
    return EOF;
  return real_fputs(s, f);
}

int fputc(int c, FILE *f) {
  REAL(fputc, fputc_fn);
  if (stdio_hit(f))
    return EOF;
  return real_fputc(c, f);
}

int putc(int c, FILE *f) {
  REAL(putc, fputc_fn);
  if (stdio_hit(f))
    return EOF;
  return real_putc(c, f);
}

int vfprintf(FILE *f, const char *fmt, va_list ap) {
  REAL(vfprintf, vfprintf_fn);
  if (stdio_hit(f))
    return -1;
  return real_vfprintf(f, fmt, ap);
}

int fprintf(FILE *f, const char *fmt, ...) {
  REAL(vfprintf, vfprintf_fn);
  if (stdio_hit(f))
    return -1;
  va_list ap;
  va_start(ap, fmt);
  int n = real_vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int printf(const char *fmt, ...) {
  REAL(vfprintf, vfprintf_fn);
  if (stdio_hit(stdout))
    return -1;
  va_list ap;
  va_start(ap, fmt);
  int n = real_vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int puts(const char *s) {
  REAL(puts, puts_fn);
  if (stdio_hit(stdout))
    return EOF;
  return real_puts(s);
}

int putchar(int c) {
  REAL(putchar, putchar_fn);
  if (stdio_hit(stdout))
    return EOF;
  return real_putchar(c);
}
