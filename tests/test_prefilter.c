/* test_prefilter.c - the Aho-Corasick trigger prefilter must report every
 * rule whose trigger occurs in a line (caselessly for ASCII), the rules
 * without triggers always, and the suppression directive as the extra bit;
 * it may never miss one, or a credit would be lost. */
#include "internal.h"
#include "testutil.h"

#include <string.h>

/* A rule set with only what the prefilter reads: triggers. */
typedef struct {
  cl_rules rules;
  cl_rule v[8];
} trig_set;

static void trig_init(trig_set *s, char **const *triggers, const size_t *counts,
                      size_t n) {
  memset(s, 0, sizeof *s);
  for (size_t i = 0; i < n; i++) {
    s->v[i].triggers = (char **)triggers[i];
    s->v[i].ntriggers = counts[i];
  }
  s->rules.v = s->v;
  s->rules.n = n;
}

static char *t_copy[] = {"copyright", "copr.", "(c)", "\xC2\xA9"};
static char *t_by[] = {"edited by", "editing by"};
static char *t_ap[] = {"(ap)", "associated press"};
static char *t_short[] = {"ap"}; /* a trigger inside another trigger */

static void make_set(trig_set *s) {
  static char **const trig[] = {t_copy, t_by, t_ap, NULL, t_short};
  static const size_t counts[] = {4, 2, 2, 0, 1};
  trig_init(s, trig, counts, 5);
}

static uint64_t scan_bits(const cl_prefilter *p, const char *line, int *any) {
  uint64_t hits[2] = {0, 0};
  *any = cl_prefilter_scan(p, line, strlen(line), hits);
  return hits[0];
}

#define R(i) (1ULL << (i))
#define DIRECTIVE_BIT R(5) /* rule count */

static void test_table(void) {
  static const struct {
    const char *line;
    uint64_t want;
    int any;
  } rows[] = {
      {"", R(3), 0},
      {"Nothing to see in this line at all.", R(3), 0},
      {"Copyright 2024 Example Press", R(0) | R(3), 1},
      {"COPYRIGHT", R(0) | R(3), 1},
      {"\xC2\xA9 2024 Example", R(0) | R(3), 1},
      {"Copr. 2020", R(0) | R(3), 1},
      {"copr 2020", R(3), 0},
      {"Edited by Lena", R(1) | R(3), 1},
      {"EDITING BY", R(1) | R(3), 1},
      {"edited  by", R(3), 0}, /* normalised text has single spaces */
      {"WASHINGTON (AP) -", R(2) | R(3) | R(4), 1},
      {"the Associated Press said", R(2) | R(3), 1},
      {"a map", R(3) | R(4), 1},
      {"(c) 2023 and edited by X, the AP", R(0) | R(1) | R(3) | R(4), 1},
      {"creditline-ignore[missing-copyright]: ok", R(0) | R(3) | DIRECTIVE_BIT, 1},
      {"creditline-ignore: reason", R(3) | DIRECTIVE_BIT, 1},
      {"CREDITLINE-IGNORE", R(3) | DIRECTIVE_BIT, 1},
      {"creditline-ignor", R(3), 0},
      {NULL, 0, 0}};
  trig_set s;
  make_set(&s);
  cl_prefilter *p = cl_prefilter_new(&s.rules);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_EQUAL(cl_prefilter_words(p), 1);
  for (size_t i = 0; rows[i].line; i++) {
    int any;
    uint64_t got = scan_bits(p, rows[i].line, &any);
    if (got != rows[i].want)
      fprintf(stderr, "\n[%s] got %llx want %llx", rows[i].line,
              (unsigned long long)got, (unsigned long long)rows[i].want);
    CU_ASSERT_EQUAL(got, rows[i].want);
    CU_ASSERT_EQUAL(any, rows[i].any);
  }
  cl_prefilter_free(p);
}

/* Differential: random lines over a small alphabet rich in trigger
 * letters, against a naive caseless search. */
static int naive_has(const char *s, const char *lit) {
  size_t n = strlen(s), k = strlen(lit);
  for (size_t i = 0; i + k <= n; i++) {
    size_t j = 0;
    while (j < k) {
      char a = s[i + j], b = lit[j];
      if (a >= 'A' && a <= 'Z')
        a = (char)(a + 32);
      if (a != b)
        break;
      j++;
    }
    if (j == k)
      return 1;
  }
  return 0;
}

static void test_random(void) {
  trig_set s;
  make_set(&s);
  cl_prefilter *p = cl_prefilter_new(&s.rules);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  static const char alphabet[] = "aApPcC()rRoOyY. edtibgsEDTIBG-";
  uint64_t x = 88172645463325252ULL;
  size_t mismatches = 0;
  for (int iter = 0; iter < 20000; iter++) {
    /* Short lines, and every fourth one long enough to be walked as two
     * halves side by side (a literal across the middle must be seen). */
    char line[400];
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    size_t n = 1 + x % (iter % 4 ? 47 : sizeof line - 1);
    for (size_t i = 0; i < n; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      line[i] = alphabet[x % (sizeof alphabet - 1)];
    }
    line[n] = '\0';
    uint64_t want = R(3);
    for (size_t r = 0; r < s.rules.n; r++)
      for (size_t k = 0; k < s.v[r].ntriggers; k++)
        if (naive_has(line, s.v[r].triggers[k]))
          want |= R(r);
    if (naive_has(line, CL_SUPPRESS_DIRECTIVE))
      want |= DIRECTIVE_BIT;
    int any;
    if (scan_bits(p, line, &any) != want)
      mismatches++;
  }
  CU_ASSERT_EQUAL(mismatches, 0);
  cl_prefilter_free(p);
}

/* More than 64 rules: bits spill into the next word. */
static void test_many_rules(void) {
  static char *one[] = {"zebra"};
  cl_rules rules;
  cl_rule v[70];
  memset(&rules, 0, sizeof rules);
  memset(v, 0, sizeof v);
  for (size_t i = 0; i < 70; i++) {
    v[i].triggers = one;
    v[i].ntriggers = i == 66 ? 1 : 0;
  }
  v[3].triggers = one;
  v[3].ntriggers = 1;
  rules.v = v;
  rules.n = 70;
  cl_prefilter *p = cl_prefilter_new(&rules);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  CU_ASSERT_EQUAL(cl_prefilter_words(p), 2);
  uint64_t hits[2];
  CU_ASSERT_EQUAL(cl_prefilter_scan(p, "no", 2, hits), 0);
  CU_ASSERT_EQUAL(hits[0] & R(3), 0);
  CU_ASSERT_EQUAL(hits[1] & R(66 - 64), 0);
  CU_ASSERT_NOT_EQUAL(hits[0] & R(4), 0); /* no triggers: always */
  CU_ASSERT_EQUAL(cl_prefilter_scan(p, "a ZEBRA", 7, hits), 1);
  CU_ASSERT_NOT_EQUAL(hits[0] & R(3), 0);
  CU_ASSERT_NOT_EQUAL(hits[1] & R(66 - 64), 0);
  CU_ASSERT_EQUAL(hits[1] & R(70 - 64), 0); /* directive bit */
  cl_prefilter_free(p);
}

/* The raw scan: 0 when nothing can match even once normalised, 1 when
 * its hits stand for the normalised line, 2 when normalisation may change
 * what matches (a no-break space inside "edited by", an entity). */
static void test_raw(void) {
  static const struct {
    const char *line;
    int rc;
    uint64_t want; /* for rc 1 */
  } rows[] = {
      {"plain prose with nothing", 0, 0},
      {"Edited by Ann", 1, R(1) | R(3)},
      {"edited\xC2\xA0" "by Ann", 2, 0},
      {"&copy; 2024 Example", 2, 0},
      {"tab\there", 2, 0},
      {"curly \xE2\x80\x99quote, no trigger needs it", 0, 0},
      {"\xC2\xA9 2024 and a \xFF" " bad byte", 1, R(0) | R(3)},
      {"creditline-ignore: x", 1, R(3) | DIRECTIVE_BIT},
      {NULL, 0, 0}};
  trig_set s;
  make_set(&s);
  /* Rule 3 has no trigger: take it out so that skipping is possible. */
  s.v[3].triggers = t_short;
  s.v[3].ntriggers = 1;
  cl_prefilter *p = cl_prefilter_new(&s.rules);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  for (size_t i = 0; rows[i].line; i++) {
    uint64_t hits[2] = {0, 0};
    int rc = cl_prefilter_scan_raw(p, rows[i].line, strlen(rows[i].line), hits);
    if (rc != rows[i].rc)
      fprintf(stderr, "\n[%s] rc %d want %d", rows[i].line, rc, rows[i].rc);
    CU_ASSERT_EQUAL(rc, rows[i].rc);
    if (rc == 1)
      CU_ASSERT_EQUAL(hits[0] & ~R(3), rows[i].want & ~R(3));
  }
  cl_prefilter_free(p);
  /* With a rule that has no trigger nothing is ever skipped. */
  make_set(&s);
  p = cl_prefilter_new(&s.rules);
  uint64_t hits[2];
  CU_ASSERT_EQUAL(cl_prefilter_scan_raw(p, "nothing", 7, hits), 1);
  CU_ASSERT_NOT_EQUAL(hits[0] & R(3), 0);
  cl_prefilter_free(p);
}

/* "^lit": at the start of the line, after any non-alphanumeric bytes. */
static void test_anchored(void) {
  static char *t_anch[] = {"^by "};
  static char *t_copy2[] = {"copyright"};
  static char **const trig[] = {t_anch, t_copy2};
  static const size_t counts[] = {1, 1};
  static const struct {
    const char *line;
    int hit;
  } rows[] = {{"By Ann Lee", 1},
              {"  *BY ANN LEE*", 1},
              {"\xE2\x80\x94 By Ann Lee", 1}, /* em dash before */
              {"Stand by me", 0},
              {"Bystanders said", 0},
              {"By", 0},
              {"", 0},
              {NULL, 0}};
  trig_set s;
  trig_init(&s, trig, counts, 2);
  cl_prefilter *p = cl_prefilter_new(&s.rules);
  CU_ASSERT_PTR_NOT_NULL_FATAL(p);
  for (size_t i = 0; rows[i].line; i++) {
    uint64_t hits[1];
    size_t n = strlen(rows[i].line);
    int any = cl_prefilter_scan(p, rows[i].line, n, hits);
    CU_ASSERT_EQUAL(any, rows[i].hit);
    CU_ASSERT_EQUAL((hits[0] & R(0)) != 0, rows[i].hit);
    CU_ASSERT_EQUAL(cl_prefilter_scan_raw(p, rows[i].line, n, hits) != 0, rows[i].hit);
    CU_ASSERT_EQUAL(cl_trigger_in_line("^by ", rows[i].line, n), rows[i].hit);
  }
  CU_ASSERT_EQUAL(cl_trigger_in_line("by", "Stand by me", 11), 1);
  CU_ASSERT_EQUAL(cl_trigger_in_line("copyright", "COPYRIGHT 2024", 14), 1);
  CU_ASSERT_EQUAL(cl_trigger_in_line("copyright", "copy right", 10), 0);
  cl_prefilter_free(p);
}

static const cl_test_case cases[] = {
    {"trigger table", test_table},
    {"random lines against a naive search", test_random},
    {"rule bits past 64", test_many_rules},
    {"raw scan: skip, reuse or rescan", test_raw},
    {"anchored triggers", test_anchored},
    {NULL, NULL}};
CL_TEST_MAIN("prefilter", cases)
