/* text.c - decoding of raw bytes to UTF-8 and normalisation into lines.
 *
 * The normaliser turns a source range into the text the rules see (spaces,
 * quotes and a few entities folded, bad bytes replaced) and records for
 * every output byte the source offset it came from, so positions can be
 * recovered in the original.  Each line in norm is followed by a '\n'
 * (not counted in norm_len) whose map entry is the source offset just past
 * the line, so map[norm_off + norm_len] is always valid. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT 0xFFFD

void cl_text_init(cl_text *t) { memset(t, 0, sizeof *t); }

void cl_text_reset(cl_text *t, const char *src, size_t src_len) {
  cl_text_clear_lines(t);
  t->src = src;
  t->src_len = src_len;
  t->resume_off = 0;
  t->resume_col = 0;
  t->plain = 0;
}

void cl_text_free(cl_text *t) {
  cl_buf_free(&t->norm);
  free(t->map);
  free(t->lines);
  memset(t, 0, sizeof *t);
}

void cl_text_clear_lines(cl_text *t) {
  cl_buf_clear(&t->norm);
  t->nlines = 0;
}

/* ------------------------------------------------------------ UTF-8 */

/* Length of the valid UTF-8 sequence at p (at most n bytes), storing its
 * code point, or 0 if the byte at p starts no valid sequence (overlong,
 * surrogate, beyond U+10FFFF, truncated). */
static size_t utf8_seq(const unsigned char *p, size_t n, uint32_t *cp) {
  unsigned c = p[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t len;
  unsigned lo = 0x80, hi = 0xBF;
  uint32_t v;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    v = c & 0x0F;
    if (c == 0xE0)
      lo = 0xA0; /* overlong */
    else if (c == 0xED)
      hi = 0x9F; /* surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    v = c & 0x07;
    if (c == 0xF0)
      lo = 0x90; /* overlong */
    else if (c == 0xF4)
      hi = 0x8F; /* beyond U+10FFFF */
  } else {
    return 0;
  }
  if (n < len || p[1] < lo || p[1] > hi)
    return 0;
  v = (v << 6) | (p[1] & 0x3F);
  for (size_t i = 2; i < len; i++) {
    if ((p[i] & 0xC0) != 0x80)
      return 0;
    v = (v << 6) | (p[i] & 0x3F);
  }
  *cp = v;
  return len;
}

int cl_name_is_plain(const char *name, size_t n) {
  const unsigned char *s = (const unsigned char *)name;
  for (size_t i = 0; i < n; i++)
    if (s[i] < 0x20 || s[i] == 0x7F || s[i] == '\\' || s[i] >= 0x80)
      return 0;
  return 1;
}

static int put_shown(cl_buf *b, const char *name, size_t n, int backslash,
                     int keep_ws);

int cl_buf_put_name(cl_buf *b, const char *name, size_t n) {
  return put_shown(b, name, n, 1, 0);
}

const char *cl_printable(const char *s, cl_buf *scratch, int keep_ws) {
  if (!s)
    return "";
  size_t n = strlen(s);
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n && ((u[i] >= 0x20 && u[i] < 0x7F) ||
                   (keep_ws && (u[i] == '\t' || u[i] == '\n' || u[i] == '\r'))))
    i++;
  if (i == n)
    return s;
  cl_buf_clear(scratch);
  if (put_shown(scratch, s, n, 0, keep_ws) < 0)
    return "(unprintable: out of memory)";
  return scratch->ptr ? scratch->ptr : "";
}

static int put_shown(cl_buf *b, const char *name, size_t n, int backslash,
                     int keep_ws) {
  const unsigned char *s = (const unsigned char *)name;
  size_t i = 0;
  while (i < n) {
    uint32_t cp;
    size_t k = utf8_seq(s + i, n - i, &cp);
    int rc;
    int ws = keep_ws && (s[i] == '\t' || s[i] == '\n' || s[i] == '\r');
    if (k == 0 || (s[i] < 0x20 && !ws) || s[i] == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      /* C0, DEL, C1 (a one-character CSI) and bad bytes: each byte. */
      k = k ? k : 1;
      rc = 0;
      for (size_t j = 0; j < k && rc == 0; j++)
        rc = cl_buf_printf(b, "\\x%02X", s[i + j]);
    } else if (s[i] == '\\' && backslash) {
      rc = cl_buf_puts(b, "\\\\");
    } else {
      rc = cl_buf_put(b, s + i, k);
    }
    if (rc < 0)
      return -1;
    i += k;
  }
  return 0;
}

size_t cl_utf8_encode(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

int cl_utf8_valid(const char *p, size_t n) {
  const unsigned char *s = (const unsigned char *)p;
  size_t i = 0;
  uint32_t cp;
  while (i < n) {
    /* Prose is mostly ASCII: 32 bytes, then 8, at a time while it lasts. */
    uint64_t w[4];
    if (i + 32 <= n && (memcpy(w, s + i, 32),
                        ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL) == 0)) {
      i += 32;
      continue;
    }
    if (i + 8 <= n && (memcpy(w, s + i, 8), (w[0] & 0x8080808080808080ULL) == 0)) {
      i += 8;
      continue;
    }
    size_t k = utf8_seq(s + i, n - i, &cp);
    if (k == 0)
      return 0;
    i += k;
  }
  return 1;
}

size_t cl_utf8_chars(const char *p, size_t n) {
  const unsigned char *s = (const unsigned char *)p;
  size_t i = 0, count = 0;
  uint32_t cp;
  while (i < n) {
    if (s[i] < 0x80) {
      i++;
    } else {
      size_t k = utf8_seq(s + i, n - i, &cp);
      i += k ? k : 1;
    }
    count++;
  }
  return count;
}

/* ------------------------------------------------------- normaliser */

/* Grows norm and map together so map always covers norm's capacity.
 * LIMIT (0 = none) caps the geometric growth when the caller knows the
 * most it will need, so a chunk's buffers stay near the chunk size. */
static int text_reserve(cl_text *t, size_t extra, size_t limit) {
  size_t need = t->norm.len + extra + 1;
  if (need <= t->norm.cap && need <= t->map_cap)
    return 0;
  size_t cap = t->norm.cap > 256 ? t->norm.cap : 256;
  while (cap < need)
    cap = cap > SIZE_MAX / 4 ? need : cap * 2;
  if (limit && cap > limit && need <= limit)
    cap = limit;
  if (cap > SIZE_MAX / sizeof *t->map)
    return -1;
  char *np = realloc(t->norm.ptr, cap);
  if (!np)
    return -1;
  /* PCRE2's JIT reads whole words past a subject's end: let them be
   * defined bytes (valgrind) rather than whatever realloc left. */
  if (cap > t->norm.cap)
    memset(np + t->norm.cap, 0, cap - t->norm.cap);
  t->norm.ptr = np;
  t->norm.cap = cap;
  size_t *nm = realloc(t->map, cap * sizeof *nm);
  if (!nm)
    return -1;
  t->map = nm;
  t->map_cap = cap;
  return 0;
}

/* Appends N bytes all produced by source offset SRC (room reserved). */
static void emit(cl_text *t, const char *p, size_t n, size_t src) {
  for (size_t i = 0; i < n; i++) {
    t->map[t->norm.len] = src;
    t->norm.ptr[t->norm.len++] = p[i];
  }
}

/* Appends code point CP, folded as the rules expect (room reserved). */
static void emit_cp(cl_text *t, uint32_t cp, size_t src) {
  switch (cp) {
  case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D:
  case 0xA0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
  case 0xFEFF: case 0x2028: case 0x2029:
    cp = ' ';
    break;
  case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xAD:
    /* Zero-width characters and the soft hyphen ("Wendel\u00ADstein")
     * would split the words the rules match; their bytes map to nothing. */
    return;
  case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
    cp = '\'';
    break;
  case 0x201C: case 0x201D: case 0x201E: case 0x2033:
    cp = '"';
    break;
  default:
    /* Other controls (C0 but NUL, DEL, C1) are no text to match, and must
     * not reach a report (an ESC would drive the reader's terminal). */
    if ((cp >= 0x2000 && cp <= 0x200A) || (cp >= 0x01 && cp < 0x20) ||
        (cp >= 0x7F && cp < 0xA0))
      cp = ' ';
    break;
  }
  char buf[4];
  emit(t, buf, cl_utf8_encode(cp, buf), src);
}

/* What emit_cp and text_normalise change, as UTF-8; see internal.h. */
const cl_norm_seq cl_text_norm_sequences[] = {
    {"&", 0}, {"\t", 0}, {"\n", 0}, {"\v", 0}, {"\f", 0}, {"\r", 0},
    {"\x01", 0}, {"\x02", 0}, {"\x03", 0}, {"\x04", 0}, {"\x05", 0},
    {"\x06", 0}, {"\x07", 0}, {"\x08", 0}, {"\x0E", 0}, {"\x0F", 0},
    {"\x10", 0}, {"\x11", 0}, {"\x12", 0}, {"\x13", 0}, {"\x14", 0},
    {"\x15", 0}, {"\x16", 0}, {"\x17", 0}, {"\x18", 0}, {"\x19", 0},
    {"\x1A", 0}, {"\x1B", 0}, {"\x1C", 0}, {"\x1D", 0}, {"\x1E", 0},
    {"\x1F", 0}, {"\x7F", 0},              /* other controls */
    {"\xC2\x80", 0}, {"\xC2\x81", 0}, {"\xC2\x82", 0}, {"\xC2\x83", 0},
    {"\xC2\x84", 0}, {"\xC2\x85", 0}, {"\xC2\x86", 0}, {"\xC2\x87", 0},
    {"\xC2\x88", 0}, {"\xC2\x89", 0}, {"\xC2\x8A", 0}, {"\xC2\x8B", 0},
    {"\xC2\x8C", 0}, {"\xC2\x8D", 0}, {"\xC2\x8E", 0}, {"\xC2\x8F", 0},
    {"\xC2\x90", 0}, {"\xC2\x91", 0}, {"\xC2\x92", 0}, {"\xC2\x93", 0},
    {"\xC2\x94", 0}, {"\xC2\x95", 0}, {"\xC2\x96", 0}, {"\xC2\x97", 0},
    {"\xC2\x98", 0}, {"\xC2\x99", 0}, {"\xC2\x9A", 0}, {"\xC2\x9B", 0},
    {"\xC2\x9C", 0}, {"\xC2\x9D", 0}, {"\xC2\x9E", 0}, {"\xC2\x9F", 0},
                                                    /* C1 controls */
    {"\xC2\xA0", 0},                         /* U+00A0 */
    {"\xE1\x9A\x80", 0},                     /* U+1680 */
    {"\xE2\x80\x80", 0}, {"\xE2\x80\x81", 0}, {"\xE2\x80\x82", 0},
    {"\xE2\x80\x83", 0}, {"\xE2\x80\x84", 0}, {"\xE2\x80\x85", 0},
    {"\xE2\x80\x86", 0}, {"\xE2\x80\x87", 0}, {"\xE2\x80\x88", 0},
    {"\xE2\x80\x89", 0}, {"\xE2\x80\x8A", 0}, /* U+2000-U+200A */
    {"\xE2\x80\x8B", 0}, {"\xE2\x80\x8C", 0}, {"\xE2\x80\x8D", 0},
    {"\xE2\x81\xA0", 0}, {"\xC2\xAD", 0},   /* U+200B-D, U+2060, U+00AD: removed */
    {"\xE2\x80\xA8", 0}, {"\xE2\x80\xA9", 0}, /* U+2028, U+2029 */
    {"\xE2\x80\xAF", 0},                     /* U+202F */
    {"\xE2\x81\x9F", 0},                     /* U+205F */
    {"\xE3\x80\x80", 0},                     /* U+3000 */
    {"\xEF\xBB\xBF", 0},                     /* U+FEFF */
    {"\xE2\x80\x98", 1}, {"\xE2\x80\x99", 1}, {"\xE2\x80\x9A", 1},
    {"\xE2\x80\x9B", 1}, {"\xE2\x80\xB2", 1}, /* to ' */
    {"\xE2\x80\x9C", 1}, {"\xE2\x80\x9D", 1}, {"\xE2\x80\x9E", 1},
    {"\xE2\x80\xB3", 1},                     /* to " */
    {NULL, 0}};

static const struct {
  const char *name; /* between '&' and ';' */
  uint32_t cp;
} named_entities[] = {
    {"copy", 0xA9},    {"amp", '&'},      {"nbsp", 0xA0},
    {"quot", '"'},     {"apos", '\''},    {"lt", '<'},
    {"gt", '>'},       {"reg", 0xAE},     {"trade", 0x2122},
    {"mdash", 0x2014}, {"ndash", 0x2013}, {NULL, 0},
};

/* Decodes the entity at p[0] == '&' (N bytes available).  Returns its
 * length including ';' and stores the code point, or 0 if it is not one
 * we decode (then '&' is kept as is). */
size_t cl_numeric_ref(const char *p, size_t n, uint32_t *cp, int *valid) {
  if (n < 3 || p[0] != '&' || p[1] != '#')
    return 0;
  size_t i = 2;
  int hex = p[i] == 'x' || p[i] == 'X';
  if (hex)
    i++;
  size_t start = i;
  uint32_t v = 0;
  for (; i < n && i - start < 8; i++) {
    int d;
    char c = p[i];
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (hex && c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      break;
    v = v * (hex ? 16 : 10) + (uint32_t)d;
  }
  if (i == start)
    return 0;
  *valid = !(v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF));
  *cp = *valid ? v : 0xFFFD;
  return i;
}

static size_t entity_decode(const char *p, size_t n, uint32_t *cp) {
  if (n < 3)
    return 0;
  if (p[1] == '#') {
    /* Plain text is strict: only a terminated reference to a valid code
     * point is one; anything else stays as written. */
    int valid;
    size_t i = cl_numeric_ref(p, n, cp, &valid);
    if (i == 0 || i >= n || p[i] != ';' || !valid)
      return 0;
    return i + 1;
  }
  for (size_t k = 0; named_entities[k].name; k++) {
    size_t len = strlen(named_entities[k].name);
    if (len + 2 <= n && p[len + 1] == ';' &&
        memcmp(p + 1, named_entities[k].name, len) == 0) {
      *cp = named_entities[k].cp;
      return len + 2;
    }
  }
  return 0;
}

/* Printable ASCII but '&': bytes normalisation copies through. */
static const unsigned char ascii_plain[256] = {
#define P4(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1
    P4(0x20), [0x24] = 1, [0x25] = 1, [0x27] = 1, P4(0x28), P4(0x2C),
    P4(0x30), P4(0x34), P4(0x38), P4(0x3C), P4(0x40), P4(0x44), P4(0x48),
    P4(0x4C), P4(0x50), P4(0x54), P4(0x58), P4(0x5C), P4(0x60), P4(0x64),
    P4(0x68), P4(0x6C), P4(0x70), P4(0x74), P4(0x78), [0x7C] = 1, [0x7D] = 1,
    [0x7E] = 1,
#undef P4
};

/* The end of the run of ascii_plain bytes from J (before END): sixteen
 * bytes at a time while they all are (cl_v16), then byte by byte. */
static size_t plain_ascii_end(const unsigned char *s, size_t j, size_t end) {
#ifdef CL_V16
  for (; j + 16 <= end; j += 16) {
    cl_v16 x = cl_v16_load(s + j);
    if (cl_v16_any((cl_v16)((x < 0x20) | (x > 0x7E) | (x == '&'))))
      break;
  }
#endif
  while (j < end && ascii_plain[s[j]])
    j++;
  return j;
}

/* Normalises src[off, off+len) onto the end of norm.  Line breaks inside
 * the range become one space each (CRLF counts as one). */
static int text_normalise(cl_text *t, size_t off, size_t len, size_t limit) {
  /* Worst case growth is 3 bytes (U+FFFD) per input byte, plus the
   * trailing separator. */
  if (len > (SIZE_MAX - 2) / 3 || text_reserve(t, len * 3 + 1, limit) < 0)
    return -1;
  const unsigned char *s = (const unsigned char *)t->src;
  size_t i = off, end = off + len;
  while (i < end) {
    unsigned c = s[i];
    if (ascii_plain[c]) {
      /* The common case: a run of printable ASCII, copied through in one
       * go, its map filled in a loop the compiler vectorises. */
      size_t j = plain_ascii_end(s, i + 1, end);
      char *np = t->norm.ptr + t->norm.len;
      size_t *mp = t->map + t->norm.len;
      memcpy(np, s + i, j - i);
      for (size_t k = 0; k < j - i; k++)
        mp[k] = i + k;
      t->norm.len += j - i;
      i = j;
      continue;
    }
    uint32_t cp;
    size_t k;
    if (c == '\r' && i + 1 < end && s[i + 1] == '\n') {
      i++; /* CRLF: the LF becomes the space */
    } else if (c == '&' && (k = entity_decode(t->src + i, end - i, &cp))) {
      emit_cp(t, cp, i);
      i += k;
    } else if (c < 0x80) {
      emit_cp(t, c, i);
      i++;
    } else if ((k = utf8_seq(s + i, end - i, &cp)) == 0) {
      emit_cp(t, REPLACEMENT, i);
      i++;
    } else if (cp <= 0xA0 || cp >= 0x1680 || cp == 0xAD) {
      /* C1, NBSP, spaces, quotes, zero-width characters, soft hyphen */
      emit_cp(t, cp, i);
      i += k;
    } else {
      /* Copied byte by byte so a match inside maps exactly. */
      for (size_t j = 0; j < k; j++) {
        t->map[t->norm.len] = i + j;
        t->norm.ptr[t->norm.len++] = (char)s[i + j];
      }
      i += k;
    }
  }
  t->map[t->norm.len] = end;
  t->norm.ptr[t->norm.len] = '\0';
  return 0;
}

/* Normalises one range and records it as a tline. */
static int text_add_line(cl_text *t, size_t off, size_t len, unsigned line,
                         unsigned col, cl_scope scope, size_t limit) {
  if (t->nlines == t->lines_cap) {
    size_t cap = t->lines_cap ? t->lines_cap * 2 : 64;
    cl_tline *nl = realloc(t->lines, cap * sizeof *nl);
    if (!nl)
      return -1;
    t->lines = nl;
    t->lines_cap = cap;
  }
  size_t start = t->norm.len;
  if (text_normalise(t, off, len, limit) < 0)
    return -1;
  cl_tline *l = &t->lines[t->nlines++];
  l->norm_off = start;
  l->norm_len = t->norm.len - start;
  l->src_off = off;
  l->line = line;
  l->col = col;
  l->scope = scope;
  l->tag = 0;
  l->caption = 0;
  l->byline = 0;
  /* The separator keeps lines apart for anything that scans norm whole. */
  t->map[t->norm.len] = off + len;
  t->norm.ptr[t->norm.len++] = '\n';
  t->norm.ptr[t->norm.len] = '\0';
  return 0;
}

int cl_text_add_range(cl_text *t, size_t off, size_t len, unsigned line,
                      unsigned col, cl_scope scope) {
  if (off > t->src_len || len > t->src_len - off)
    return -1;
  return text_add_line(t, off, len, line, col, scope, 0);
}

/* ------------------------------------------------------- plain text */

/* Moves POS back to the start of the valid UTF-8 sequence it falls
 * inside, if any, so a window never splits a character. */
static size_t char_boundary(const char *src, size_t lo, size_t pos,
                            size_t hi) {
  const unsigned char *s = (const unsigned char *)src;
  for (size_t k = 1; k <= 3 && pos - k >= lo && pos - k < pos; k++) {
    unsigned c = s[pos - k];
    if ((c & 0xC0) != 0x80) {
      uint32_t cp;
      size_t n = utf8_seq(s + pos - k, hi - (pos - k), &cp);
      return n > k ? pos - k : pos;
    }
  }
  return pos;
}

/* Offset of the first '\r' or '\n' at or after FROM, or END. */
static size_t find_eol(const char *src, size_t from, size_t end) {
  const char *p = src + from;
  size_t n = end - from;
  const char *nl = memchr(p, '\n', n);
  size_t lim = nl ? (size_t)(nl - p) : n;
  const char *cr = memchr(p, '\r', lim);
  if (cr)
    return from + (size_t)(cr - p);
  return from + lim;
}

int cl_text_fill_plain(cl_text *t, size_t *pos, unsigned *line,
                       size_t max_line, size_t chunk) {
  return cl_text_fill_plain_filtered(t, pos, line, max_line, chunk, NULL, NULL);
}

/* Normalises and records one line or window unless KEEP declines it. */
static int plain_line(cl_text *t, size_t off, size_t len, unsigned line,
                      unsigned col, size_t limit,
                      unsigned (*keep)(void *, const char *, size_t),
                      void *ud) {
  unsigned tag = 0;
  if (keep && (tag = keep(ud, t->src + off, len)) == 0)
    return 0;
  if (text_add_line(t, off, len, line, col, CL_SCOPE_BODY, limit) < 0)
    return -1;
  t->lines[t->nlines - 1].tag = tag;
  return 0;
}

int cl_text_fill_plain_filtered(cl_text *t, size_t *pos, unsigned *line,
                                size_t max_line, size_t chunk,
                                unsigned (*keep)(void *ud, const char *s,
                                                 size_t n),
                                void *ud) {
  if (max_line < 16)
    max_line = 16; /* room for whole characters and an overlap */
  /* Windows must advance: the overlap is at most half a window. */
  size_t overlap = CL_WINDOW_OVERLAP < max_line / 2 ? CL_WINDOW_OVERLAP
                                                      : max_line / 2;
  size_t limit = chunk + 3 * max_line + 64;
  size_t p = *pos;
  const char *src = t->src;
  size_t n = t->src_len;
  unsigned col = 1;
  if (p > 0 && p == t->resume_off && t->resume_col > 0)
    col = t->resume_col;
  else if (p > 0 && src[p - 1] != '\n' && src[p - 1] != '\r') {
    /* Resumed mid-line by a caller that moved *pos itself: count back. */
    size_t ls = p;
    while (ls > 0 && src[ls - 1] != '\n' && src[ls - 1] != '\r')
      ls--;
    col = 1 + (unsigned)cl_utf8_chars(src + ls, p - ls);
  }
  t->resume_off = 0;
  t->resume_col = 0;
  t->plain = 1;
  size_t first = t->norm.len, start = p;

  while (p < n) {
    /* Look no further than one window ahead: a 50 MB line is never
     * scanned to its end just to learn that it is long. */
    size_t lim = n - p > max_line ? p + max_line + 1 : n;
    size_t eol = find_eol(src, p, lim);
    if (eol == lim && lim < n) {
      size_t we = char_boundary(src, p + 1, p + max_line, n);
      if (plain_line(t, p, we - p, *line, col, limit, keep, ud) < 0)
        return -1;
      size_t nw = char_boundary(src, p + 1, we - overlap, n);
      col += (unsigned)cl_utf8_chars(src + p, nw - p);
      p = nw;
      if (t->norm.len - first >= chunk || p - start >= 4 * chunk) {
        t->resume_off = p;
        t->resume_col = col;
        break;
      }
      continue;
    }
    if (plain_line(t, p, eol - p, *line, col, limit, keep, ud) < 0)
      return -1;
    p = eol;
    if (p < n) {
      p += (src[p] == '\r' && p + 1 < n && src[p + 1] == '\n') ? 2 : 1;
      (*line)++;
    }
    col = 1;
    if (t->norm.len - first >= chunk || p - start >= 4 * chunk)
      break;
  }
  *pos = p;
  return p < n ? 1 : 0;
}

/* ------------------------------------------------------ continuation */

/* Length of the comment closer and spaces ending S[0, N): "*\/", "-->",
 * a box's right edge " *" or " #". */
static size_t tail_decoration(const char *s, size_t n) {
  size_t m = n;
  for (;;) {
    while (m > 0 && (s[m - 1] == ' ' || s[m - 1] == '\t'))
      m--;
    if (m >= 2 && s[m - 2] == '*' && s[m - 1] == '/')
      m -= 2;
    else if (m >= 3 && memcmp(s + m - 3, "-->", 3) == 0)
      m -= 3;
    else if (m >= 2 && (s[m - 1] == '*' || s[m - 1] == '#') && s[m - 2] == ' ')
      m -= 1;
    else
      return n - m;
  }
}

/* Length of the comment prefix and spaces starting S[0, N): " * ", "#",
 * "//", "/\*", "<!--", ";", "--", "!", "%", "dnl", ".\"" (roff), "'" and "REM"
 * (BASIC). */
static size_t head_decoration(const char *s, size_t n) {
  static const char *const marks[] = {"<!--", "/*", "//", "*", "#", ";", "--", "!",
                                      "%", ".\\\"", "dnl ", "'", "REM ",
                                      NULL};
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  for (size_t k = 0; marks[k]; k++) {
    size_t ml = strlen(marks[k]);
    if (n - i >= ml && memcmp(s + i, marks[k], ml) == 0) {
      i += ml;
      break;
    }
  }
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  return i;
}

/* The source line after the line break at AT (< src_len): its text
 * without comment prefix and closer, at most CL_JOIN_MAX bytes, as
 * [*P, *P + return), and where its own break is in *EOL. */
static size_t next_line_text(const cl_text *t, size_t at, size_t *p,
                             size_t *eol) {
  size_t q = at + ((t->src[at] == '\r' && at + 1 < t->src_len &&
                    t->src[at + 1] == '\n') ? 2 : 1);
  *eol = find_eol(t->src, q, t->src_len);
  size_t n = *eol - q, h = head_decoration(t->src + q, n);
  q += h;
  n -= h;
  if (n > CL_JOIN_MAX)
    n = char_boundary(t->src, q, q + CL_JOIN_MAX, t->src_len) - q;
  *p = q;
  return n - tail_decoration(t->src + q, n);
}

int cl_text_join_start(cl_text *t, const cl_tline *l, size_t from,
                       cl_join *j) {
  if (!t->plain)
    return 0;
  size_t end = t->map[l->norm_off + l->norm_len];
  if (end >= t->src_len || (t->src[end] != '\n' && t->src[end] != '\r'))
    return 0; /* the last line, or a window of a long one */
  /* A blank next line (the usual end of a paragraph) continues nothing:
   * known before the line's tail is copied. */
  size_t np, neol;
  if (next_line_text(t, end, &np, &neol) == 0)
    return 0;
  size_t len = l->norm_len;
  len -= tail_decoration(t->norm.ptr + l->norm_off, len);
  if (from > len)
    return 0;
  len -= from;
  if (text_reserve(t, len + CL_JOIN_MAX * 3 + 8, 0) < 0)
    return -1;
  j->off = t->norm.len;
  memcpy(t->norm.ptr + j->off, t->norm.ptr + l->norm_off + from, len);
  memcpy(t->map + j->off, t->map + l->norm_off + from, len * sizeof *t->map);
  t->norm.len += len;
  t->map[t->norm.len] = end;
  t->norm.ptr[t->norm.len] = '\0';
  j->len = j->first = len;
  j->next_src = end;
  return 1;
}

int cl_text_join_next(cl_text *t, cl_join *j, size_t *cont) {
  if (j->next_src >= t->src_len)
    return 0;
  size_t p, eol, n = next_line_text(t, j->next_src, &p, &eol);
  j->next_src = eol < t->src_len ? eol : SIZE_MAX;
  if (n == 0)
    return 0;
  if (text_reserve(t, n * 3 + 2, 0) < 0)
    return -1;
  t->map[t->norm.len] = p;
  t->norm.ptr[t->norm.len++] = ' ';
  *cont = t->norm.len;
  if (text_normalise(t, p, n, 0) < 0)
    return -1;
  j->len = t->norm.len - j->off;
  return 1;
}

void cl_text_join_trim(cl_text *t, cl_join *j, size_t len) {
  if (len < j->len) {
    j->len = len;
    t->norm.len = j->off + len;
    t->norm.ptr[t->norm.len] = '\0';
  }
}

void cl_text_join_end(cl_text *t, const cl_join *j) {
  t->norm.len = j->off;
  t->norm.ptr[t->norm.len] = '\0';
}

void cl_text_pos(const cl_text *t, const cl_tline *l, size_t src_off,
                 unsigned *line, unsigned *col) {
  unsigned ln = l->line, cn = l->col;
  size_t p = l->src_off;
  if (src_off > t->src_len)
    src_off = t->src_len;
  while (p < src_off) {
    size_t eol = find_eol(t->src, p, src_off);
    cn += (unsigned)cl_utf8_chars(t->src + p, eol - p);
    if (eol >= src_off)
      break;
    /* The CR of a CRLF is no break of its own: the LF is. */
    if (!(t->src[eol] == '\r' && eol + 1 < t->src_len &&
          t->src[eol + 1] == '\n')) {
      ln++;
      cn = 1;
    }
    p = eol + 1;
  }
  *line = ln;
  *col = cn;
}

/* ---------------------------------------------------------- decoding */

/* Windows-1252 0x80-0x9F; 0 marks the five undefined positions. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static int decode_utf16(const unsigned char *s, size_t len, int be,
                        char **owned, size_t *out_len) {
  /* Each 2-byte unit gives at most 3 bytes; a pair gives 4 from 4. */
  size_t cap = (len / 2) * 3 + 4;
  char *out = malloc(cap);
  if (!out)
    return -1;
  size_t o = 0, i = 0;
  while (i + 1 < len) {
    uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1])
                    : (uint32_t)(s[i + 1] << 8 | s[i]);
    i += 2;
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
      uint32_t u2 = be ? (uint32_t)(s[i] << 8 | s[i + 1])
                       : (uint32_t)(s[i + 1] << 8 | s[i]);
      if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
        u = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
        i += 2;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF)
      u = REPLACEMENT;
    o += cl_utf8_encode(u, out + o);
  }
  if (i < len) /* odd trailing byte */
    o += cl_utf8_encode(REPLACEMENT, out + o);
  out[o] = '\0';
  *owned = out;
  *out_len = o;
  return 0;
}

static int decode_cp1252(const unsigned char *s, size_t len, char **owned,
                         size_t *out_len) {
  if (len > (SIZE_MAX - 1) / 3)
    return -1;
  char *out = malloc(len * 3 + 1);
  if (!out)
    return -1;
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    uint32_t cp = s[i];
    if (cp >= 0x80 && cp < 0xA0)
      cp = cp1252_high[cp - 0x80] ? cp1252_high[cp - 0x80] : REPLACEMENT;
    o += cl_utf8_encode(cp, out + o);
  }
  out[o] = '\0';
  *owned = out;
  *out_len = o;
  return 0;
}

int cl_decode(const char *raw, size_t len, const char **out, size_t *out_len,
              char **owned, const char **enc) {
  const unsigned char *s = (const unsigned char *)raw;
  *owned = NULL;
  *out = raw ? raw : "";
  *out_len = len;
  *enc = "utf-8";
  if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    *out = raw + 3;
    *out_len = len - 3;
    *enc = "utf-8-bom";
    return 0;
  }
  if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
                   (s[0] == 0xFE && s[1] == 0xFF))) {
    int be = s[0] == 0xFE;
    *enc = be ? "utf-16be" : "utf-16le";
    if (decode_utf16(s + 2, len - 2, be, owned, out_len) < 0)
      return -1;
    *out = *owned;
    return 0;
  }
  /* Valid multi-byte sequences mean the text is UTF-8 with a few stray
   * bytes at worst; bad high bytes and none valid mean a legacy code page.
   * The first valid sequence settles it, and only the first
   * CL_DECODE_SNIFF bytes are looked at: a huge mapped file must not be
   * read whole (made resident) before its first line is scanned. */
  size_t valid_multi = 0, bad = 0;
  size_t sniff = len < CL_DECODE_SNIFF ? len : CL_DECODE_SNIFF;
  for (size_t i = 0; i < sniff && valid_multi == 0;) {
    if (s[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t cp;
    size_t k = utf8_seq(s + i, len - i, &cp);
    if (k) {
      valid_multi++;
      i += k;
    } else {
      bad++;
      i++;
    }
  }
  if (bad == 0 || valid_multi > 0)
    return 0;
  *enc = "windows-1252";
  if (decode_cp1252(s, len, owned, out_len) < 0)
    return -1;
  *out = *owned;
  return 0;
}

/* 1 if NEEDLE occurs in the first LEN bytes of DATA. */
static int head_has(const char *data, size_t len, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= len; i++)
    if (data[i] == needle[0] && memcmp(data + i, needle, k) == 0)
      return 1;
  return 0;
}

const char *cl_unsupported_document(const char *data, size_t len) {
  if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
    return "PDF is not supported (its text is not extracted): check the "
           "source it was made from";
  return NULL;
}

int cl_office_detect(const char *data, size_t len) {
  /* ODF's first entry is "mimetype", stored (its name at offset 30 of
   * the zip, extra fields may follow); OOXML names its parts in
   * [Content_Types].xml, near the start. */
  size_t head = len < 4096 ? len : 4096;
  return len >= 38 && memcmp(data, "PK\3\4", 4) == 0 &&
         ((memcmp(data + 30, "mimetype", 8) == 0 &&
           head_has(data, head, "application/vnd.oasis.opendocument")) ||
          head_has(data, head, "[Content_Types].xml"));
}

int cl_looks_binary(const char *data, size_t len) {
  const unsigned char *s = (const unsigned char *)data;
  if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
                   (s[0] == 0xFE && s[1] == 0xFF)))
    return 0;
  return len > 0 && memchr(data, 0, len < 8192 ? len : 8192) != NULL;
}
