/* replay.c - feeds files to a fuzz target's LLVMFuzzerTestOneInput without
 * libFuzzer, so `make test` replays the seed corpora and every saved crash
 * input under gcc, ASan/UBSan and valgrind.
 *
 *   replay PATH...    each PATH a file or a folder (its files, sorted)
 *
 * Prints "replay: N inputs" and exits 0; a crash, a sanitizer report or a
 * broken invariant (abort) is the failure. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads PATH whole into a malloc'd buffer of exactly its size, so that
 * ASan sees a read past the end of the input. */
static int replay_file(const char *path, size_t *count) {
  int rc = -1;
  FILE *f = NULL;
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0;
  f = fopen(path, "rb");
  if (!f) {
    perror(path);
    goto cleanup;
  }
  for (;;) {
    if (cap - len < 4096) {
      size_t ncap = cap ? cap * 2 : 8192;
      uint8_t *nb = realloc(buf, ncap);
      if (!nb)
        goto cleanup;
      buf = nb;
      cap = ncap;
    }
    size_t n = fread(buf + len, 1, cap - len, f);
    len += n;
    if (n == 0)
      break;
  }
  if (ferror(f)) {
    perror(path);
    goto cleanup;
  }
  uint8_t *exact = malloc(len ? len : 1);
  if (!exact)
    goto cleanup;
  if (len)
    memcpy(exact, buf, len);
  LLVMFuzzerTestOneInput(exact, len);
  free(exact);
  (*count)++;
  rc = 0;
cleanup:
  if (f)
    fclose(f);
  free(buf);
  return rc;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir, size_t *count) {
  int rc = 0;
  DIR *d = opendir(dir);
  char **names = NULL;
  size_t n = 0, cap = 0;
  if (!d) {
    perror(dir);
    return -1;
  }
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue; /* ., .., and .gitkeep-like placeholders */
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **nn = realloc(names, cap * sizeof *nn);
      if (!nn) {
        rc = -1;
        goto cleanup;
      }
      names = nn;
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    if (!(names[n] = malloc(len))) {
      rc = -1;
      goto cleanup;
    }
    snprintf(names[n++], len, "%s/%s", dir, e->d_name);
  }
  qsort(names, n, sizeof *names, name_cmp);
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode) &&
        replay_file(names[i], count) < 0)
      rc = -1;
  }
cleanup:
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  closedir(d);
  return rc;
}

int main(int argc, char **argv) {
  size_t count = 0;
  int rc = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0)
      continue; /* a target without regressions yet has no folder */
    if (S_ISDIR(st.st_mode) ? replay_dir(argv[i], &count) < 0
                            : replay_file(argv[i], &count) < 0)
      rc = 1;
  }
  printf("replay: %zu inputs\n", count);
  return rc;
}
