/* test_text.c - decoding, normalisation, windows and positions (text.c). */
#include "internal.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#define FFFD "\xef\xbf\xbd"
/* A byte-string literal and its length (it may hold NULs). */
#define RAW(s) s, sizeof(s) - 1

/* memmem is a GNU extension; the suite keeps to POSIX. */
static const char *find_bytes(const char *h, size_t hn, const char *n,
                              size_t nn) {
  for (size_t i = 0; nn <= hn && i <= hn - nn; i++)
    if (memcmp(h + i, n, nn) == 0)
      return h + i;
  return NULL;
}

/* Fills T (initialised here) with the whole of SRC as plain text in one
 * chunk; returns what cl_text_fill_plain returned, *LINE the next line. */
static int fill_all(cl_text *t, const char *src, size_t len, size_t max_line,
                    unsigned *line) {
  size_t pos = 0;
  cl_text_init(t);
  cl_text_reset(t, src, len);
  *line = 1;
  int rc = cl_text_fill_plain(t, &pos, line, max_line, 1 << 20);
  CU_ASSERT_EQUAL(pos, len);
  return rc;
}

/* Normalises INPUT as plain text; returns the norm of its lines joined by
 * '|' in OUT (static buffer, enough for the tables). */
static const char *norm_plain(const char *in, size_t len) {
  static char out[1024];
  cl_text t;
  unsigned line;
  CU_ASSERT_EQUAL(fill_all(&t, in, len, 1 << 16, &line), 0);
  size_t o = 0;
  for (size_t i = 0; i < t.nlines && o + t.lines[i].norm_len + 2 < sizeof out;
       i++) {
    if (i)
      out[o++] = '|';
    memcpy(out + o, t.norm.ptr + t.lines[i].norm_off, t.lines[i].norm_len);
    o += t.lines[i].norm_len;
  }
  out[o] = '\0';
  cl_text_free(&t);
  return out;
}

static const struct {
  const char *in;
  const char *want;
} norm_cases[] = {
    {"a\xc2\xa0\xc2\xa9 2023", "a \xc2\xa9 2023"},
    /* past a sixteen-byte run: an entity, a control, a byte over 0x7E */
    {"0123456789abcdefghij&amp;klmnopqrstuvwxyz0123\x01" "end\x7f"
     "0123456789abcdef\xc2\xa9",
     "0123456789abcdefghij&klmnopqrstuvwxyz0123 end 0123456789abcdef\xc2\xa9"},
    {"x\xe2\x80\x8by", "xy"},
    {"Wendel\xc2\xadstein Me\xe2\x80\x8c" "di\xe2\x80\x8d" "en\xe2\x81\xa0 GmbH",
     "Wendelstein Medien GmbH"},                   /* soft hyphen, ZWNJ, ZWJ, WJ */
    {"\xe2\x80\x9cHi\xe2\x80\x9d \xe2\x80\x98s\xe2\x80\x99 \xe2\x80\x9a\xe2"
     "\x80\x9b\xe2\x80\xb2 \xe2\x80\x9e\xe2\x80\xb3",
     "\"Hi\" 's' ''' \"\""},
    {"a\tb\vc\fd", "a b c d"},
    {"a\xe2\x80\x80\xe2\x80\x8a\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80z",
     "a     z"},
    {"in\xef\xbb\xbftext", "in text"},
    {"en\xe2\x80\x93 em\xe2\x80\x94", "en\xe2\x80\x93 em\xe2\x80\x94"},
    {"COPYRIGHT Foo Caf\xc3\xa9", "COPYRIGHT Foo Caf\xc3\xa9"},
    {"&copy; &#169; &#xA9; &#Xa9; &#x000A9;",
     "\xc2\xa9 \xc2\xa9 \xc2\xa9 \xc2\xa9 \xc2\xa9"},
    {"&amp;copy; &nbsp;x&quot;&apos;&lt;&gt;&reg;&trade;&mdash;&ndash;",
     "&copy;  x\"'<>\xc2\xae\xe2\x84\xa2\xe2\x80\x94\xe2\x80\x93"},
    {"&#8217;s &#x201C;q&#x201D; &#160;&#9;", "'s \"q\"   "},
    {"&foo; &#xD800; &#0; &#x110000; & ; &copy &#; &#x; &COPY;",
     "&foo; &#xD800; &#0; &#x110000; & ; &copy &#; &#x; &COPY;"},
    {"&#128512;", "\xf0\x9f\x98\x80"},
    {"a\xff" "b", "a" FFFD "b"},
    {"\xe2\x82" "a", FFFD FFFD "a"},
    {"\xc0\xaf", FFFD FFFD},                       /* overlong '/' */
    {"\xe0\x80\xaf", FFFD FFFD FFFD},              /* overlong */
    {"\xed\xa0\x80", FFFD FFFD FFFD},              /* surrogate */
    {"\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD},     /* > U+10FFFF */
    {"\xf8\x88\x80\x80\x80", FFFD FFFD FFFD FFFD FFFD},
    {"end\xe2\x82", "end" FFFD FFFD},              /* truncated */
    {"\x80\x80" "x", FFFD FFFD "x"},               /* stray continuation */
    {"a\r\nb\rc\n\nd\n", "a|b|c||d"},
    {"no newline", "no newline"},
    {"", ""},
    {NULL, NULL},
};

static void test_normalise_table(void) {
  for (size_t i = 0; norm_cases[i].in; i++) {
    const char *got = norm_plain(norm_cases[i].in, strlen(norm_cases[i].in));
    if (strcmp(got, norm_cases[i].want) != 0)
      fprintf(stderr, "\ncase %zu: got \"%s\" want \"%s\"\n", i, got,
              norm_cases[i].want);
    CU_ASSERT_STRING_EQUAL(got, norm_cases[i].want);
  }
}

/* Every norm byte maps to a source byte inside its line, non-decreasing. */
static void test_map_monotonic(void) {
  const char *in = "x &copy; \xff\xe2\x80\x9c\xc3\xa9\xe2\x80\x8b" "end";
  cl_text t;
  unsigned line;
  CU_ASSERT_EQUAL(fill_all(&t, in, strlen(in), 1 << 16, &line), 0);
  CU_ASSERT_EQUAL_FATAL(t.nlines, 1);
  const cl_tline *l = &t.lines[0];
  size_t prev = 0;
  for (size_t i = 0; i < l->norm_len; i++) {
    size_t m = t.map[l->norm_off + i];
    CU_ASSERT(m >= prev && m < strlen(in));
    prev = m;
  }
  /* After the last byte: the end of the line. */
  CU_ASSERT_EQUAL(t.map[l->norm_off + l->norm_len], strlen(in));
  /* "©" (2 bytes) both map to the '&'. */
  CU_ASSERT_EQUAL(t.map[l->norm_off + 2], 2);
  CU_ASSERT_EQUAL(t.map[l->norm_off + 3], 2);
  cl_text_free(&t);
}

static const struct {
  const char *in;
  const char *needle; /* first occurrence in the norm of the whole doc */
  unsigned line, col;
} pos_cases[] = {
    {"a\xc2\xa0\xc2\xa9 2023", "\xc2\xa9", 1, 3},
    {"a\xc2\xa0\xc2\xa9 2023", "2023", 1, 5},
    {"\xffx", "x", 1, 2},
    {"\xe2\x82\xffX", "X", 1, 4},
    {"ok\xf0\x9f\x98\x80\xed\xa0\x80Y", "Y", 1, 7},
    {"l1\r\nl2 &copy; X", "X", 2, 11},
    {"l1\r\nl2 &copy; X", "\xc2\xa9", 2, 4},
    {"a\rb\n\nc", "c", 4, 1},
    {"a\rb\n\nc", "b", 2, 1},
    {"caf\xc3\xa9 X", "X", 1, 6},
    {"x\xe2\x80\x8by", "y", 1, 3},
    {"\ttab", "tab", 1, 2},
    {NULL, NULL, 0, 0},
};

/* Finds NEEDLE in the lines of T; stores line and column. 0 if found. */
static int find_pos(const cl_text *t, const char *needle, unsigned *line,
                    unsigned *col) {
  for (size_t i = 0; i < t->nlines; i++) {
    const cl_tline *l = &t->lines[i];
    const char *s = t->norm.ptr + l->norm_off;
    const char *hit = find_bytes(s, l->norm_len, needle, strlen(needle));
    if (hit) {
      cl_text_pos(t, l, t->map[l->norm_off + (size_t)(hit - s)], line, col);
      return 0;
    }
  }
  return -1;
}

/* Plain-text SRC: NEEDLE is found at LINE:COL of the original. */
static void check_pos(const char *src, size_t len, const char *needle,
                      unsigned want_line, unsigned want_col) {
  cl_text t;
  unsigned line, l = 0, c = 0;
  fill_all(&t, src, len, 1 << 16, &line);
  CU_ASSERT_EQUAL(find_pos(&t, needle, &l, &c), 0);
  if (l != want_line || c != want_col)
    fprintf(stderr, "\n\"%s\": got %u:%u want %u:%u\n", needle, l, c,
            want_line, want_col);
  CU_ASSERT_EQUAL(l, want_line);
  CU_ASSERT_EQUAL(c, want_col);
  cl_text_free(&t);
}

static void test_positions(void) {
  for (size_t i = 0; pos_cases[i].in; i++)
    check_pos(pos_cases[i].in, strlen(pos_cases[i].in), pos_cases[i].needle,
              pos_cases[i].line, pos_cases[i].col);
}

static void test_line_numbers(void) {
  const char *in = "one\r\ntwo\rthree\n\nfive";
  cl_text t;
  unsigned line;
  CU_ASSERT_EQUAL(fill_all(&t, in, strlen(in), 1 << 16, &line), 0);
  CU_ASSERT_EQUAL(line, 5);
  CU_ASSERT_EQUAL_FATAL(t.nlines, 5);
  static const size_t offs[] = {0, 5, 9, 15, 16};
  for (unsigned i = 0; i < 5; i++) {
    CU_ASSERT_EQUAL(t.lines[i].line, i + 1);
    CU_ASSERT_EQUAL(t.lines[i].col, 1);
    CU_ASSERT_EQUAL(t.lines[i].src_off, offs[i]);
    CU_ASSERT_EQUAL(t.lines[i].scope, CL_SCOPE_BODY);
  }
  CU_ASSERT_EQUAL(t.lines[3].norm_len, 0);
  /* A small chunk hands out one line per call; capacity is kept. */
  cl_text_reset(&t, in, strlen(in));
  size_t pos = 0;
  line = 1;
  size_t cap = t.norm.cap, calls = 0;
  int more;
  do {
    cl_text_clear_lines(&t);
    more = cl_text_fill_plain(&t, &pos, &line, 1 << 16, 1);
    calls++;
    CU_ASSERT(t.nlines == 1);
    CU_ASSERT_EQUAL(t.lines[0].line, calls);
    CU_ASSERT_EQUAL(t.norm.cap, cap);
  } while (more == 1 && calls < 10);
  CU_ASSERT_EQUAL(calls, 5);
  cl_text_free(&t);
}

/* Ranges of markup text spanning several source lines. */
static void test_add_range(void) {
  const char *src = "<p>Hello\r\n  &copy; 2023\n Foo</p>";
  cl_text t;
  cl_text_init(&t);
  cl_text_reset(&t, src, strlen(src));
  size_t off = 3, len = strlen(src) - 7;
  CU_ASSERT_EQUAL(cl_text_add_range(&t, off, len, 5, 7, CL_SCOPE_CHROME), 0);
  CU_ASSERT_EQUAL_FATAL(t.nlines, 1);
  const cl_tline *l = &t.lines[0];
  CU_ASSERT_EQUAL(l->norm_len, strlen("Hello   \xc2\xa9 2023  Foo"));
  CU_ASSERT_NSTRING_EQUAL(t.norm.ptr + l->norm_off,
                          "Hello   \xc2\xa9 2023  Foo", l->norm_len);
  CU_ASSERT_EQUAL(l->scope, CL_SCOPE_CHROME);
  CU_ASSERT_EQUAL(l->line, 5);
  CU_ASSERT_EQUAL(l->col, 7);
  static const struct {
    const char *needle;
    unsigned line, col;
  } want[] = {{"Hello", 5, 7}, {"\xc2\xa9", 6, 3}, {"2023", 6, 10},
              {"Foo", 7, 2}};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    unsigned ln = 0, cn = 0;
    CU_ASSERT_EQUAL(find_pos(&t, want[i].needle, &ln, &cn), 0);
    CU_ASSERT_EQUAL(ln, want[i].line);
    CU_ASSERT_EQUAL(cn, want[i].col);
  }
  /* A second range appends after the first. */
  CU_ASSERT_EQUAL(cl_text_add_range(&t, 0, 3, 5, 1, CL_SCOPE_BODY), 0);
  CU_ASSERT_EQUAL(t.nlines, 2);
  CU_ASSERT(t.lines[1].norm_off > t.lines[0].norm_off + t.lines[0].norm_len);
  CU_ASSERT_NSTRING_EQUAL(t.norm.ptr + t.lines[1].norm_off, "<p>", 3);
  CU_ASSERT_EQUAL(cl_text_add_range(&t, strlen(src), 1, 1, 1, CL_SCOPE_BODY),
                  -1);
  cl_text_free(&t);
}

/* ------------------------------------------------------------ decode */

static const struct {
  const char *name;
  const char *raw;
  size_t len;
  const char *want;
  const char *enc;
  int zero_copy;
} decode_cases[] = {
    {"ascii", RAW("plain"), "plain", "utf-8", 1},
    {"utf8", RAW("Caf\xc3\xa9"), "Caf\xc3\xa9", "utf-8", 1},
    {"empty", RAW(""), "", "utf-8", 1},
    {"bom", RAW("\xef\xbb\xbfhi"), "hi", "utf-8-bom", 1},
    {"stray", RAW("Caf\xc3\xa9 \xff ok"), "Caf\xc3\xa9 \xff ok", "utf-8", 1},
    {"16le", RAW("\xff\xfe" "A\0\xa9\0"), "A\xc2\xa9", "utf-16le", 0},
    {"16be", RAW("\xfe\xff\0A\0\xa9"), "A\xc2\xa9", "utf-16be", 0},
    {"16le pair", RAW("\xff\xfe\x3d\xd8\x00\xde"), "\xf0\x9f\x98\x80",
     "utf-16le", 0},
    {"16be pair", RAW("\xfe\xff\xd8\x3d\xde\x00"), "\xf0\x9f\x98\x80",
     "utf-16be", 0},
    {"16le lone high", RAW("\xff\xfe\x3d\xd8" "A\0"), FFFD "A", "utf-16le", 0},
    {"16le lone low", RAW("\xff\xfe\x00\xde" "A\0"), FFFD "A", "utf-16le", 0},
    {"16le high at end", RAW("\xff\xfe" "A\0\x3d\xd8"), "A" FFFD, "utf-16le",
     0},
    {"16le odd", RAW("\xff\xfe" "A\0B"), "A" FFFD, "utf-16le", 0},
    {"16le crlf", RAW("\xff\xfe" "a\0\r\0\n\0b\0"), "a\r\nb", "utf-16le", 0},
    {"1252", RAW("\xa9 2023 Caf\xe9"), "\xc2\xa9 2023 Caf\xc3\xa9",
     "windows-1252", 0},
    {"1252 high", RAW("\x93x\x94 \x80 \x81 \x9f"),
     "\xe2\x80\x9cx\xe2\x80\x9d \xe2\x82\xac " FFFD " \xc5\xb8",
     "windows-1252", 0},
    {NULL, NULL, 0, NULL, NULL, 0},
};

static void test_decode_table(void) {
  for (size_t i = 0; decode_cases[i].name; i++) {
    const char *out = NULL, *enc = NULL;
    size_t out_len = 0;
    char *owned = (char *)1;
    int rc = cl_decode(decode_cases[i].raw, decode_cases[i].len, &out,
                       &out_len, &owned, &enc);
    CU_ASSERT_EQUAL(rc, 0);
    int ok = out_len == strlen(decode_cases[i].want) &&
             memcmp(out, decode_cases[i].want, out_len) == 0 &&
             strcmp(enc, decode_cases[i].enc) == 0;
    if (!ok)
      fprintf(stderr, "\ndecode %s: got enc %s len %zu\n",
              decode_cases[i].name, enc, out_len);
    CU_ASSERT(ok);
    if (decode_cases[i].zero_copy) {
      CU_ASSERT_PTR_NULL(owned);
      if (decode_cases[i].len)
        CU_ASSERT(out >= decode_cases[i].raw &&
                  out <= decode_cases[i].raw + 3);
    } else {
      CU_ASSERT_PTR_NOT_NULL(owned);
      CU_ASSERT_PTR_EQUAL(out, owned);
    }
    free(owned == (char *)1 ? NULL : owned);
  }
}

/* A decoded document gives the columns of the original. */
static void test_decode_positions(void) {
  static const struct {
    const char *raw;
    size_t len;
    const char *needle;
    unsigned line, col;
  } cases[] = {
      {RAW("\xa9 2023 Caf\xe9 X"), "X", 1, 13},
      {RAW("x\r\n\xa9 2023"), "2023", 2, 3},
      {RAW("\xff\xfe" "a\0\xa9\0 \0" "2\0\n\0" "b\0"), "b", 2, 1},
      {RAW("\xff\xfe" "a\0\xa9\0 \0" "2\0"), "2", 1, 4},
      {RAW("\xef\xbb\xbf\xc2\xa9 Z"), "Z", 1, 3},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *out, *enc;
    size_t out_len;
    char *owned;
    CU_ASSERT_EQUAL_FATAL(
        cl_decode(cases[i].raw, cases[i].len, &out, &out_len, &owned, &enc),
        0);
    check_pos(out, out_len, cases[i].needle, cases[i].line, cases[i].col);
    free(owned);
  }
}

static void test_looks_binary(void) {
  static char big[9000];
  memset(big, 'a', sizeof big);
  CU_ASSERT_EQUAL(cl_looks_binary("abc", 3), 0);
  CU_ASSERT_EQUAL(cl_looks_binary("", 0), 0);
  CU_ASSERT_EQUAL(cl_looks_binary("a\0b", 3), 1);
  CU_ASSERT_EQUAL(cl_looks_binary("\xff\xfe" "A\0", 4), 0);
  CU_ASSERT_EQUAL(cl_looks_binary("\xfe\xff\0A", 4), 0);
  CU_ASSERT_EQUAL(cl_looks_binary("\xff\xff\0A", 4), 1);
  big[8192] = '\0';
  CU_ASSERT_EQUAL(cl_looks_binary(big, sizeof big), 0);
  big[8191] = '\0';
  CU_ASSERT_EQUAL(cl_looks_binary(big, sizeof big), 1);
}

static void test_utf8_encode(void) {
  static const struct {
    uint32_t cp;
    const char *want;
  } cases[] = {
      {'A', "A"},          {0x7F, "\x7f"},
      {0x80, "\xc2\x80"},  {0xA9, "\xc2\xa9"},
      {0x7FF, "\xdf\xbf"}, {0x800, "\xe0\xa0\x80"},
      {0xFFFD, FFFD},      {0x10000, "\xf0\x90\x80\x80"},
      {0x10FFFF, "\xf4\x8f\xbf\xbf"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char out[4];
    size_t n = cl_utf8_encode(cases[i].cp, out);
    CU_ASSERT_EQUAL(n, strlen(cases[i].want));
    CU_ASSERT(memcmp(out, cases[i].want, n) == 0);
    /* What it writes, the decoder counts as one character. */
    CU_ASSERT_EQUAL(cl_utf8_chars(out, n), 1);
  }
}

static void test_utf8_chars(void) {
  static const struct {
    const char *s;
    size_t n;
  } cases[] = {
      {"", 0},
      {"abc", 3},
      {"\xc3\xa9", 1},
      {"\xe2\x82\xac", 1},
      {"\xf0\x9f\x98\x80", 1},
      {"\xff\xff", 2},
      {"\xe2\x82", 2},
      {"\xc0\xaf", 2},
      {"\xed\xa0\x80", 3},
      {"a\xc3\xa9\xff" "b", 4},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    CU_ASSERT_EQUAL(cl_utf8_chars(cases[i].s, strlen(cases[i].s)),
                    cases[i].n);
}

/* ----------------------------------------------------------- windows */

#define BIG_LINE (3u << 20)
#define MAX_LINE ((size_t)1 << 16)
#define CHUNK ((size_t)1 << 20)

static void test_long_line_windows(void) {
  static const char filler[] = "ab\xc3\xa9\xe2\x82\xac "; /* 7 bytes, 5 chars */
  static const char credit[] = "Copyright 2023 Example Press";
  const char head[] = "head line\n";
  const char tail[] = "\nEdited by Jane Roe\n";
  size_t hl = strlen(head), fl = strlen(filler), cl = strlen(credit);
  size_t total = hl + BIG_LINE + strlen(tail);
  char *src = malloc(total);
  CU_ASSERT_PTR_NOT_NULL_FATAL(src);
  memcpy(src, head, hl);
  for (size_t i = 0; i < BIG_LINE; i += fl)
    memcpy(src + hl + i, filler, BIG_LINE - i < fl ? BIG_LINE - i : fl);
  /* Keep the last partial filler whole-character: pad with spaces. */
  for (size_t i = BIG_LINE - BIG_LINE % fl; i < BIG_LINE; i++)
    src[hl + i] = ' ';
  memcpy(src + hl + BIG_LINE, tail, strlen(tail));
  /* Plant the credit across the end of the first window (which ends near
   * MAX_LINE) and another one deep in the line, across a later window. */
  size_t plant[2] = {hl + MAX_LINE - 10, hl + 40 * MAX_LINE + 123};
  for (int k = 0; k < 2; k++) {
    /* Start on a filler boundary so no character is cut. */
    plant[k] -= (plant[k] - hl) % fl;
    memcpy(src + plant[k], credit, cl);
  }
  unsigned want_col[2];
  for (int k = 0; k < 2; k++)
    want_col[k] = 1 + (unsigned)cl_utf8_chars(src + hl, plant[k] - hl);

  cl_text t;
  cl_text_init(&t);
  cl_text_reset(&t, src, total);
  size_t pos = 0;
  unsigned line = 1;
  int more, found[2] = {0, 0}, found_tail = 0, bad_window = 0;
  size_t chunks = 0, windows = 0, max_cap = 0;
  size_t prev_off = 0, prev_end = 0, col_off = hl;
  unsigned col_at = 1;
  do {
    cl_text_clear_lines(&t);
    more = cl_text_fill_plain(&t, &pos, &line, MAX_LINE, CHUNK);
    CU_ASSERT_FATAL(more >= 0);
    chunks++;
    if (t.norm.cap > max_cap)
      max_cap = t.norm.cap;
    for (size_t i = 0; i < t.nlines; i++) {
      const cl_tline *l = &t.lines[i];
      const char *s = t.norm.ptr + l->norm_off;
      size_t end = t.map[l->norm_off + l->norm_len];
      if (l->line == 2) {
        windows++;
        if (end - l->src_off > MAX_LINE || find_bytes(s, l->norm_len, FFFD, 3))
          bad_window = 1;
        if (windows > 1) {
          /* Consecutive windows overlap by about CL_WINDOW_OVERLAP. */
          CU_ASSERT(l->src_off > prev_off);
          CU_ASSERT(prev_end - l->src_off >= CL_WINDOW_OVERLAP &&
                    prev_end - l->src_off <= CL_WINDOW_OVERLAP + 3);
        }
        /* The window's column, counted independently. */
        col_at += (unsigned)cl_utf8_chars(src + col_off, l->src_off - col_off);
        col_off = l->src_off;
        CU_ASSERT_EQUAL(l->col, col_at);
        prev_off = l->src_off;
        prev_end = end;
        for (int k = 0; k < 2; k++) {
          const char *hit = find_bytes(s, l->norm_len, credit, cl);
          while (hit) {
            unsigned ln, cn;
            cl_text_pos(&t, l, t.map[l->norm_off + (size_t)(hit - s)], &ln,
                        &cn);
            if (ln == 2 && cn == want_col[k])
              found[k]++;
            size_t rest = l->norm_len - (size_t)(hit - s) - 1;
            hit = find_bytes(hit + 1, rest, credit, cl);
          }
        }
      } else if (l->line == 3) {
        unsigned ln, cn;
        CU_ASSERT_NSTRING_EQUAL(s, "Edited by Jane Roe", l->norm_len);
        cl_text_pos(&t, l, l->src_off, &ln, &cn);
        found_tail = ln == 3 && cn == 1;
      }
    }
  } while (more == 1);
  CU_ASSERT_EQUAL(pos, total);
  CU_ASSERT_EQUAL(line, 4);
  CU_ASSERT(chunks >= 3); /* streamed, not held whole */
  CU_ASSERT(found[0] >= 1 && found[1] >= 1);
  CU_ASSERT(found_tail);
  CU_ASSERT_FALSE(bad_window);
  /* About BIG_LINE / (MAX_LINE - overlap) windows. */
  size_t step = MAX_LINE - CL_WINDOW_OVERLAP;
  CU_ASSERT(windows >= BIG_LINE / step && windows <= BIG_LINE / step + 2);
  /* Memory is bounded by the chunk, not the 3 MB line (slack: room for
   * the worst-case U+FFFD expansion of one window). */
  CU_ASSERT(max_cap <= CHUNK + MAX_LINE + CL_WINDOW_OVERLAP + 2 * MAX_LINE +
                           64);
  CU_ASSERT(t.map_cap <= max_cap);
  cl_text_free(&t);
  free(src);
}

/* A window boundary never cuts a character, even with multi-byte text. */
static void test_window_char_boundaries(void) {
  size_t n = 3 * 20000;
  char *src = malloc(n);
  CU_ASSERT_PTR_NOT_NULL_FATAL(src);
  for (size_t i = 0; i < n; i += 3)
    memcpy(src + i, "\xe2\x82\xac", 3);
  cl_text t;
  unsigned line;
  CU_ASSERT_EQUAL(fill_all(&t, src, n, 10000, &line), 0);
  CU_ASSERT(t.nlines > 6);
  for (size_t i = 0; i < t.nlines; i++) {
    const cl_tline *l = &t.lines[i];
    CU_ASSERT_EQUAL(l->src_off % 3, 0);
    CU_ASSERT_EQUAL(l->norm_len % 3, 0);
    CU_ASSERT(l->norm_len <= 10000);
    CU_ASSERT_EQUAL(l->col, 1 + l->src_off / 3);
    CU_ASSERT_PTR_NULL(find_bytes(t.norm.ptr + l->norm_off, l->norm_len, FFFD, 3));
  }
  cl_text_free(&t);
  free(src);
}

/* The prefilter skips raw lines holding none of cl_text_norm_sequences
 * because such a line normalises to itself: check that for every code
 * point, so a change to the normaliser cannot silently lose credits. */
static int in_norm_table(const char *s, size_t n) {
  for (size_t i = 0; cl_text_norm_sequences[i].s; i++) {
    size_t k = strlen(cl_text_norm_sequences[i].s);
    for (size_t j = 0; j + k <= n; j++)
      if (memcmp(s + j, cl_text_norm_sequences[i].s, k) == 0)
        return 1;
  }
  return 0;
}

/* Line continuation: a join is line L without its comment closer, then
 * each next source line without its comment prefix, positions exact. */
static void test_join(void) {
  static const struct {
    const char *src;
    size_t line;        /* tline to join */
    int lines;          /* continuation lines to add */
    int ok;             /* cl_text_join_start's answer */
    const char *want;   /* the joined subject */
  } rows[] = {
      {" * Copyright 2008 The Ash\n * Open Source Project\n", 0, 1, 1,
       " * Copyright 2008 The Ash Open Source Project"},
      {"/* (c) 2002 by   */\n/*  Ann Lee.   */\n", 0, 1, 1,
       "/* (c) 2002 by Ann Lee."},
      {"# (c) 1994,\n#   1995 Acme\r\n# Inc.\n", 0, 2, 1,
       "# (c) 1994, 1995 Acme Inc."},
      {"// (c) 2001\n//\n// Acme\n", 0, 2, 0, NULL}, /* blank next line */
      {"// (c) 2001\n// Acme\n//\n// Beta\n", 0, 3, 1, "// (c) 2001 Acme"},
      {"-- (c) 2001 -->\n<!-- Acme -->\n", 0, 1, 1, "-- (c) 2001 Acme"},
      {".\\\" (c) 2001\n.\\\"\tAcme Ltd\n", 0, 1, 1, ".\\\" (c) 2001 Acme Ltd"},
      {"(c) 2001 Acme", 0, 1, 0, NULL},              /* the last line */
      {NULL, 0, 0, 0, NULL}};
  for (size_t i = 0; rows[i].src; i++) {
    cl_text t;
    cl_text_init(&t);
    unsigned line = 1;
    CU_ASSERT_EQUAL(fill_all(&t, rows[i].src, strlen(rows[i].src), 1 << 16, &line), 0);
    size_t before = t.norm.len;
    cl_join j;
    int rc = cl_text_join_start(&t, &t.lines[rows[i].line], 0, &j);
    CU_ASSERT_EQUAL(rc, rows[i].ok);
    if (rc == 1) {
      for (int k = 0; k < rows[i].lines; k++) {
        size_t cont;
        if (cl_text_join_next(&t, &j, &cont) != 1)
          break;
        /* Each continuation maps to its own source bytes. */
        CU_ASSERT_EQUAL(t.src[t.map[cont]], t.norm.ptr[cont]);
      }
      char got[256];
      snprintf(got, sizeof got, "%.*s", (int)j.len, t.norm.ptr + j.off);
      if (strcmp(got, rows[i].want) != 0)
        fprintf(stderr, "\n  join row %zu: got \"%s\"\n", i, got);
      CU_ASSERT_STRING_EQUAL(got, rows[i].want);
      /* The first line's bytes map where the line's own did. */
      CU_ASSERT_EQUAL(t.map[j.off], t.map[t.lines[rows[i].line].norm_off]);
      cl_text_join_end(&t, &j);
      CU_ASSERT_EQUAL(t.norm.len, before);
    }
    cl_text_free(&t);
  }
  /* Markup text (lines from cl_text_add_range) never joins. */
  cl_text t;
  cl_text_init(&t);
  const char *src = "(c) 2001\nAcme\n";
  cl_text_reset(&t, src, strlen(src));
  CU_ASSERT_EQUAL(cl_text_add_range(&t, 0, 8, 1, 1, CL_SCOPE_BODY), 0);
  cl_join j;
  CU_ASSERT_EQUAL(cl_text_join_start(&t, &t.lines[0], 0, &j), 0);
  cl_text_free(&t);
}

static void test_norm_sequences_complete(void) {
  cl_text t;
  cl_text_init(&t);
  size_t changed = 0, missing = 0;
  char src[16];
  for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF)
      continue;
    size_t n = cl_utf8_encode(cp, src + 1);
    src[0] = 'x';
    src[1 + n] = 'y';
    n += 2;
    if (cp == '\n')
      continue; /* never inside a line */
    cl_text_reset(&t, src, n);
    if (cl_text_add_range(&t, 0, n, 1, 1, CL_SCOPE_BODY) != 0) {
      CU_FAIL("cl_text_add_range");
      break;
    }
    const cl_tline *l = &t.lines[0];
    int same = l->norm_len == n && memcmp(t.norm.ptr + l->norm_off, src, n) == 0;
    /* Controls never reach the text as they are (and printable ASCII
     * does), whichever path of the normaliser copies the line. */
    if (cp < 0x80 && same != (cp >= 0x20 && cp != 0x7F)) {
      fprintf(stderr, "\n  U+%04X %s", cp, same ? "kept as is" : "changed");
      CU_FAIL("ASCII byte normalised the wrong way");
    }
    if (!same) {
      changed++;
      if (!in_norm_table(src, n)) {
        missing++;
        fprintf(stderr, "\n  U+%04X changes but is not in cl_text_norm_sequences", cp);
      }
    }
    cl_text_clear_lines(&t);
  }
  CU_ASSERT_EQUAL(missing, 0);
  CU_ASSERT(changed >= 30); /* the table is not vacuous */
  cl_text_free(&t);
}

/* cl_utf8_valid says what PCRE2's own check says: the matcher relies on it
 * to skip that check.  Bad bytes before, on and after the 8-byte steps. */
static void test_utf8_valid(void) {
  static const char *const texts[] = {
      "", "plain ASCII text over more than eight bytes",
      "caf\xc3\xa9", "1234567\xc3\xa9", "12345678\xc3\xa9x",
      "\xe2\x80\x94 em dash", "\xf0\x9f\x98\x80 emoji", "\xf4\x8f\xbf\xbf",
      "\xc0\x80 overlong", "\xe0\x80\x80", "\xf0\x80\x80\x80",
      "\xed\xa0\x80 surrogate", "\xf4\x90\x80\x80 past U+10FFFF",
      "\xf8\x88\x80\x80\x80", "1234567\xff", "12345678\xc3", "abc\xe2\x80",
      "\x80 lone continuation", "12345678901234\xc3(",
      "0123456789012345678901234567890123456789\xff",
      "0123456789012345678901234567890123\xc3\xa9 and on past 32 bytes",
  };
  int err;
  PCRE2_SIZE off;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR) "x", 1, PCRE2_UTF, &err, &off, NULL);
  pcre2_match_data *md = pcre2_match_data_create(1, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(re);
  CU_ASSERT_PTR_NOT_NULL_FATAL(md);
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
    size_t n = strlen(texts[i]);
    int rc = pcre2_match(re, (PCRE2_SPTR)texts[i], n, 0, 0, md, NULL);
    int pcre_valid = !(rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21);
    if (cl_utf8_valid(texts[i], n) != pcre_valid)
      fprintf(stderr, "\n  text %zu: pcre2 says %d", i, pcre_valid);
    CU_ASSERT_EQUAL(cl_utf8_valid(texts[i], n), pcre_valid);
  }
  pcre2_match_data_free(md);
  pcre2_code_free(re);
}

static const cl_test_case cases[] = {
    {"normalisation sequences table is complete", test_norm_sequences_complete},
    {"line continuation joins", test_join},
    {"normalise table", test_normalise_table},
    {"cl_utf8_valid agrees with PCRE2", test_utf8_valid},
    {"map monotonic", test_map_monotonic},
    {"positions", test_positions},
    {"line numbers and chunks", test_line_numbers},
    {"add_range multi-line", test_add_range},
    {"decode table", test_decode_table},
    {"decode keeps positions", test_decode_positions},
    {"looks binary", test_looks_binary},
    {"utf8 chars", test_utf8_chars},
    {"utf8 encode", test_utf8_encode},
    {"long line windows", test_long_line_windows},
    {"window char boundaries", test_window_char_boundaries},
    {NULL, NULL},
};

CL_TEST_MAIN("text", cases)
