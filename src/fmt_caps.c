/* fmt_caps.c - a pass over markup before libxml2 parses it (issue 14):
 * libxml2 checks each attribute against the element's others (100k
 * attributes in one element: 16 s in HTML, 11 s in XML) and holds a
 * tree of every element (about 20 bytes of memory per byte of HTML).  A
 * document past a cap is not parsed but scanned as plain text, with the
 * cap reported: nothing is lost, nothing runs away.  Tags are blanked
 * first (spaces, newlines kept: lines and columns stay true), so a
 * notice's holder does not run on into the markup. */
#include "internal.h"

#include <string.h>
#include <strings.h>

#define STR_(x) #x
#define STR(x) STR_(x)

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* A character that may start an element or attribute name. */
static int is_name_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == ':' || c >= 0x80;
}

/* Offset just past the first NEEDLE at or after I, or N. */
static size_t past(const char *s, size_t n, size_t i, const char *needle) {
  size_t k = strlen(needle);
  while (i + k <= n) {
    const char *p = memchr(s + i, needle[0], n - i);
    if (!p || (size_t)(p - s) + k > n)
      return n;
    i = (size_t)(p - s);
    if (memcmp(p, needle, k) == 0)
      return i + k;
    i++;
  }
  return n;
}

/* Offset of the first "</NAME" (any case) at or after I, or N. */
static size_t raw_text_end(const char *s, size_t n, size_t i,
                           const char *name) {
  size_t k = strlen(name);
  for (; i + 2 + k <= n; i++) {
    const char *lt = memchr(s + i, '<', n - i);
    if (!lt || (size_t)(lt - s) + 2 + k > n)
      return n;
    i = (size_t)(lt - s);
    if (s[i + 1] == '/' && strncasecmp(s + i + 2, name, k) == 0)
      return i;
  }
  return n;
}

/* "script" or "style" when the element name at S (N bytes) is one: their
 * content is raw text, where a '<' starts no tag (JavaScript compares). */
static const char *raw_text_element(const char *s, size_t n) {
  if (n == 6 && strncasecmp(s, "script", 6) == 0)
    return "script";
  if (n == 5 && strncasecmp(s, "style", 5) == 0)
    return "style";
  return NULL;
}

unsigned long cl_markup_line_at(const char *s, size_t off) {
  unsigned long line = 1;
  for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + off - p))); p++)
    line++;
  return line;
}

int cl_markup_flood(const char *s, size_t n, int html, size_t *at,
                    const char **what) {
  size_t elements = 0, i = 0;
  while (i < n) {
    const char *lt = memchr(s + i, '<', n - i);
    if (!lt)
      break;
    i = (size_t)(lt - s) + 1;
    if (i >= n)
      break;
    if (s[i] == '!') {
      i = n - i >= 3 && memcmp(s + i, "!--", 3) == 0 ? past(s, n, i + 3, "-->")
          : n - i >= 8 && memcmp(s + i, "![CDATA[", 8) == 0
              ? past(s, n, i + 8, "]]>")
              : past(s, n, i, ">");
      continue;
    }
    if (!is_name_start((unsigned char)s[i]))
      continue; /* "</x>", "<?pi?>", a lone '<' */
    if (++elements > CL_MARKUP_MAX_ELEMENTS) {
      *at = i - 1;
      *what = "more than " STR(CL_MARKUP_MAX_ELEMENTS) " elements";
      return 1;
    }
    size_t name = i;
    while (i < n && !is_space(s[i]) && s[i] != '>' && s[i] != '/')
      i++;
    const char *raw = html ? raw_text_element(s + name, i - name) : NULL;
    size_t attrs = 0;
    int after_space = 0;
    char quote = 0;
    for (; i < n && (quote || s[i] != '>'); i++) {
      char c = s[i];
      if (quote) {
        if (c == quote) {
          quote = 0;
          after_space = 1; /* a="1"b="2": b is an attribute too */
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (is_space(c) || c == '/') {
        after_space = 1;
      } else {
        if (after_space && is_name_start((unsigned char)c) &&
            ++attrs > CL_MARKUP_MAX_ATTRIBUTES) {
          *at = (size_t)(lt - s);
          *what = "more than " STR(CL_MARKUP_MAX_ATTRIBUTES)
                  " attributes in one element";
          return 1;
        }
        after_space = 0;
      }
    }
    if (raw && i < n)
      i = raw_text_end(s, n, i + 1, raw);
  }
  return 0;
}

/* End (exclusive) of the markup construct starting with '<' at I: a
 * comment, CDATA marker, declaration, processing instruction or tag
 * (quotes respected); I itself when '<' starts none (a lone '<'). */
static size_t construct_end(const char *s, size_t n, size_t i) {
  size_t k = i + 1;
  if (k >= n)
    return i;
  if (n - k >= 3 && memcmp(s + k, "!--", 3) == 0)
    return past(s, n, k + 3, "-->");
  if (s[k] == '!' || s[k] == '?')
    return past(s, n, k, ">");
  if (s[k] == '/')
    k++;
  if (k >= n || !is_name_start((unsigned char)s[k]))
    return i;
  char quote = 0;
  for (; k < n; k++) {
    if (quote) {
      if (s[k] == quote)
        quote = 0;
    } else if (s[k] == '"' || s[k] == '\'') {
      quote = s[k];
    } else if (s[k] == '>') {
      return k + 1;
    }
  }
  return n;
}

void cl_markup_blank(char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    char *lt = memchr(s + i, '<', n - i);
    if (!lt)
      break;
    i = (size_t)(lt - s);
    size_t end = construct_end(s, n, i);
    if (end == i) {
      i++;
      continue;
    }
    for (; i < end; i++)
      if (s[i] != '\n')
        s[i] = ' ';
  }
}
