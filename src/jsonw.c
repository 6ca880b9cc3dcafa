/* jsonw.c - a streaming JSON writer for the per-document part of the json
 * and jsonl formats.  It writes the bytes json_dumps (JSON_INDENT(n) or
 * JSON_COMPACT, JSON_PRESERVE_ORDER) would, without building a jansson
 * tree per document: no allocation, one fwrite per buffer-full. */
#include "render.h"

#include <string.h>

/* Length of the valid UTF-8 sequence at P (of N > 0 bytes), or 0.  The
 * same bounds as jansson's utf8_check_full: no overlongs, no surrogates,
 * nothing past U+10FFFF. */
size_t cl_jsonw_utf8_seq(const unsigned char *p, size_t n) {
  size_t len;
  unsigned min;
  if (p[0] < 0x80)
    return 1;
  if (p[0] >= 0xc2 && p[0] <= 0xdf)
    len = 2, min = 0x80;
  else if (p[0] >= 0xe0 && p[0] <= 0xef)
    len = 3, min = 0x800;
  else if (p[0] >= 0xf0 && p[0] <= 0xf4)
    len = 4, min = 0x10000;
  else
    return 0;
  if (n < len)
    return 0;
  unsigned cp = p[0] & (0x7f >> len);
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xc0) != 0x80)
      return 0;
    cp = (cp << 6) | (p[i] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return len;
}

void cl_jsonw_init(cl_jsonw *w, FILE *out, unsigned indent, unsigned depth) {
  w->out = out;
  w->indent = indent;
  w->base = depth;
  w->depth = depth;
  w->nonempty = 0;
  w->after_key = 0;
  w->st = CL_OK;
  w->len = 0;
}

cl_status cl_jsonw_flush(cl_jsonw *w) {
  if (w->len && w->st == CL_OK &&
      fwrite(w->buf, 1, w->len, w->out) != w->len)
    w->st = CL_FAILED;
  w->len = 0;
  return w->st;
}

static void jw_put(cl_jsonw *w, const char *p, size_t n) {
  if (n > sizeof w->buf - w->len) {
    cl_jsonw_flush(w);
    if (n > sizeof w->buf) {
      if (w->st == CL_OK && fwrite(p, 1, n, w->out) != n)
        w->st = CL_FAILED;
      return;
    }
  }
  memcpy(w->buf + w->len, p, n);
  w->len += n;
}

static void jw_putc(cl_jsonw *w, char c) {
  if (w->len == sizeof w->buf)
    cl_jsonw_flush(w);
  w->buf[w->len++] = c;
}

/* A newline and the indent of DEPTH, as jansson's dump_indent. */
static void jw_newline(cl_jsonw *w, unsigned depth) {
  static const char spaces[] = "                                ";
  jw_putc(w, '\n');
  for (size_t n = (size_t)w->indent * depth; n;) {
    size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
    jw_put(w, spaces, k);
    n -= k;
  }
}

/* What comes before a value or a key: nothing after a key or at the top,
 * else the comma and the member's line. */
static void jw_prefix(cl_jsonw *w) {
  if (w->after_key) {
    w->after_key = 0;
    return;
  }
  if (w->depth == w->base)
    return;
  unsigned long long bit = 1ull << (w->depth - w->base);
  if (w->nonempty & bit)
    jw_putc(w, ',');
  w->nonempty |= bit;
  if (w->indent)
    jw_newline(w, w->depth);
}

static void jw_open(cl_jsonw *w, char c) {
  jw_prefix(w);
  jw_putc(w, c);
  /* Deeper than the bit set can track is a caller's bug, not data. */
  if (w->depth - w->base + 1 >= CL_JSONW_MAX_DEPTH) {
    w->st = w->st == CL_OK ? CL_FATAL : w->st;
    return;
  }
  w->depth++;
  w->nonempty &= ~(1ull << (w->depth - w->base));
}

static void jw_close(cl_jsonw *w, char c) {
  if (w->depth == w->base) {
    w->st = w->st == CL_OK ? CL_FATAL : w->st;
    return;
  }
  unsigned long long bit = 1ull << (w->depth - w->base);
  w->depth--;
  if ((w->nonempty & bit) && w->indent)
    jw_newline(w, w->depth);
  w->nonempty &= ~bit;
  jw_putc(w, c);
}

void cl_jsonw_object_begin(cl_jsonw *w) { jw_open(w, '{'); }
void cl_jsonw_object_end(cl_jsonw *w) { jw_close(w, '}'); }
void cl_jsonw_array_begin(cl_jsonw *w) { jw_open(w, '['); }
void cl_jsonw_array_end(cl_jsonw *w) { jw_close(w, ']'); }

/* 1 for the ASCII bytes a JSON string must escape; 2 for those >= 0x80,
 * which need UTF-8 validation. */
static unsigned char jw_class(unsigned char c) {
  if (c < 0x20 || c == '"' || c == '\\')
    return 1;
  return c >= 0x80 ? 2 : 0;
}

/* S quoted; bytes that are not UTF-8 become U+FFFD, each on its own, as
 * render_json.c's jb_str does before handing the string to jansson. */
static void jw_quoted(cl_jsonw *w, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  const unsigned char *p = (const unsigned char *)s;
  jw_putc(w, '"');
  for (;;) {
    const unsigned char *run = p;
    while (*p && !jw_class(*p))
      p++;
    if (p > run)
      jw_put(w, (const char *)run, (size_t)(p - run));
    unsigned char c = *p;
    if (!c)
      break;
    if (c >= 0x80) {
      size_t k = cl_jsonw_utf8_seq(p, strnlen((const char *)p, 4));
      if (k)
        jw_put(w, (const char *)p, k);
      else
        jw_put(w, "\xef\xbf\xbd", 3);
      p += k ? k : 1;
      continue;
    }
    char esc[6] = {'\\', 0, '0', '0', 0, 0};
    size_t n = 2;
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\b': esc[1] = 'b'; break;
    case '\f': esc[1] = 'f'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    default: /* jansson: \u%04X, upper-case hex */
      esc[1] = 'u';
      esc[4] = hex[c >> 4];
      esc[5] = hex[c & 0xf];
      n = 6;
    }
    jw_put(w, esc, n);
    p++;
  }
  jw_putc(w, '"');
}

void cl_jsonw_key(cl_jsonw *w, const char *key) {
  jw_prefix(w);
  jw_quoted(w, key);
  if (w->indent)
    jw_put(w, ": ", 2);
  else
    jw_putc(w, ':');
  w->after_key = 1;
}

void cl_jsonw_string(cl_jsonw *w, const char *s) {
  if (!s) {
    cl_jsonw_null(w);
    return;
  }
  jw_prefix(w);
  jw_quoted(w, s);
}

void cl_jsonw_int(cl_jsonw *w, long long v) {
  char digits[24];
  char *end = digits + sizeof digits, *p = end;
  /* Through unsigned so LLONG_MIN has a magnitude. */
  unsigned long long m = v < 0 ? 0ull - (unsigned long long)v
                               : (unsigned long long)v;
  do {
    *--p = (char)('0' + m % 10);
    m /= 10;
  } while (m);
  if (v < 0)
    *--p = '-';
  jw_prefix(w);
  jw_put(w, p, (size_t)(end - p));
}

void cl_jsonw_bool(cl_jsonw *w, int b) {
  jw_prefix(w);
  if (b)
    jw_put(w, "true", 4);
  else
    jw_put(w, "false", 5);
}

void cl_jsonw_null(cl_jsonw *w) {
  jw_prefix(w);
  jw_put(w, "null", 4);
}
