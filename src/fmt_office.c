/*
 * fmt_office.c - Office documents (docx, odt) read as one document.
 *
 * The zip is opened from memory with libarchive (zip only) and only the
 * body part is read: word/document.xml (OOXML) or content.xml (ODF).  It
 * is parsed with libxml2 without entity expansion or network access, and
 * its paragraphs (w:p, text:p, text:h) become the lines of a text made for
 * the purpose: the document has no lines of its own, so a position is the
 * paragraph number (line) and the character within the paragraph (column).
 * That text is the document's source from then on (snippets, inline
 * suppressions); cl_fmt_office_extract turns it into visible lines.
 */
#include "fmt.h"

#include <archive.h>
#include <archive_entry.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

static int name_is(const xmlNode *n, const char *local) {
  return n->name && strcmp((const char *)n->name, local) == 0;
}

/* By namespace, not prefix: a prefix is the writer's choice. */
#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define TEXT_NS "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

static int in_ns(const xmlNode *n, const char *href) {
  return n->ns && n->ns->href && strcmp((const char *)n->ns->href, href) == 0;
}

/* A paragraph: w:p (OOXML), text:p and text:h (ODF). */
static int is_para(const xmlNode *n) {
  return (name_is(n, "p") && (in_ns(n, W_NS) || in_ns(n, TEXT_NS))) ||
         (name_is(n, "h") && in_ns(n, TEXT_NS));
}

static int is_wt(const xmlNode *n) { return name_is(n, "t") && in_ns(n, W_NS); }

static int in_para(const xmlNode *n) {
  for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    if (is_para(n))
      return 1;
  return 0;
}

/* Parts whose text is not the document's: a drawing's fallback copy of a
 * text box (the same text twice), tracked deletions and field codes
 * (OOXML keeps them in w:delText / w:instrText, never read), ODF's list of
 * tracked changes, comments and the sequence declarations. */
static int is_skipped(const xmlNode *n) {
  static const char *const skip[] = {"Fallback", "tracked-changes",
                                     "annotation", "sequence-decls", NULL};
  for (const char *const *s = skip; *s; s++)
    if (name_is(n, *s))
      return 1;
  return 0;
}

/* One space for a tab, a line break or an ODF space run. */
static int is_space_el(const xmlNode *n) {
  return name_is(n, "tab") || name_is(n, "br") || name_is(n, "cr") ||
         name_is(n, "line-break") || name_is(n, "s");
}

typedef struct {
  cl_buf out;
  int ooxml;   /* text only inside w:t */
  int started; /* a paragraph has been begun (the next one needs '\n') */
} office_walk;

static int put_text(office_walk *w, const char *s, size_t n) {
  size_t at = w->out.len;
  if (cl_buf_put(&w->out, s, n) < 0)
    return -1;
  /* A paragraph is one line of the made text. */
  for (size_t i = at; i < w->out.len; i++)
    if (w->out.ptr[i] == '\n' || w->out.ptr[i] == '\r')
      w->out.ptr[i] = ' ';
  return 0;
}

static int new_para(office_walk *w) {
  if (w->started && cl_buf_put(&w->out, "\n", 1) < 0)
    return -1;
  w->started = 1;
  return 0;
}

/* Leaving element N.  A paragraph nested in another (a text box, a note)
 * has a line of its own; the outer paragraph's rest follows on another. */
static int leave(office_walk *w, const xmlNode *n, int *in_t) {
  if (n->type != XML_ELEMENT_NODE || is_skipped(n))
    return 0;
  if (w->ooxml && is_wt(n))
    (*in_t)--;
  return is_para(n) && in_para(n) ? new_para(w) : 0;
}

/* Walks the tree without recursion: a deep document must not exhaust the
 * stack. */
static int walk(office_walk *w, xmlNode *root) {
  int in_t = 0; /* depth inside w:t (OOXML): only its text is read */
  for (xmlNode *n = root; n;) {
    int descend = 0;
    if (n->type == XML_ELEMENT_NODE && !is_skipped(n)) {
      if (is_para(n) && new_para(w) < 0)
        return -1;
      if (is_space_el(n) && put_text(w, " ", 1) < 0)
        return -1;
      if (w->ooxml && is_wt(n))
        in_t++;
      descend = n->children != NULL;
    } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
               n->content && (!w->ooxml || in_t) &&
               put_text(w, (const char *)n->content,
                        strlen((const char *)n->content)) < 0) {
      return -1;
    }
    if (descend) {
      n = n->children;
      continue;
    }
    for (;;) {
      if (leave(w, n, &in_t) < 0)
        return -1;
      if (n == root)
        return 0;
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
    }
  }
  return 0;
}

/* The smallest limit that applies to an expanded part: it is read whole
 * (--max-file-size, --max-archive-bytes) and parsed into a tree
 * (--max-markup-size). */
static size_t part_limit(const cl_options *opt) {
  size_t lim = opt->max_file_size ? opt->max_file_size : (size_t)-1;
  if (opt->max_markup_size && opt->max_markup_size < lim)
    lim = opt->max_markup_size;
  if (opt->max_archive_bytes && opt->max_archive_bytes < lim)
    lim = (size_t)opt->max_archive_bytes;
  return lim;
}

/* Reads the body part of the zip in DATA into PART.  0; 1 with *WHY set
 * (input error); -1 ENOMEM. */
static int read_part(const char *data, size_t len, const cl_options *opt,
                     cl_buf *part, int *ooxml, const char **why,
                     char *whybuf, size_t whylen) {
  struct archive *a = archive_read_new();
  if (!a)
    return -1;
  int rc = 1;
  *why = "no word/document.xml or content.xml in the zip";
  archive_read_support_format_zip(a);
  if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
    *why = "not a readable zip";
    goto done;
  }
  size_t lim = part_limit(opt);
  struct archive_entry *e;
  int r;
  while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
    const char *name = archive_entry_pathname(e);
    if (!name)
      continue;
    int is_doc = strcmp(name, "word/document.xml") == 0;
    if (!is_doc && strcmp(name, "content.xml") != 0)
      continue;
    *ooxml = is_doc;
    char chunk[16384];
    ssize_t got;
    while ((got = archive_read_data(a, chunk, sizeof chunk)) > 0) {
      if (part->len + (size_t)got > lim) {
        snprintf(whybuf, whylen,
                 "%s expands to more than %zu bytes (the smallest of "
                 "--max-file-size, --max-markup-size, --max-archive-bytes): "
                 "not read", name, lim);
        *why = whybuf;
        goto done;
      }
      if (cl_buf_put(part, chunk, (size_t)got) < 0) {
        rc = -1;
        goto done;
      }
    }
    if (got < 0) {
      snprintf(whybuf, whylen, "%s cannot be read: %s", name,
               archive_error_string(a) ? archive_error_string(a) : "corrupt");
      *why = whybuf;
      goto done;
    }
    rc = 0;
    goto done;
  }
  if (r != ARCHIVE_EOF) {
    snprintf(whybuf, whylen, "not a readable zip: %s",
             archive_error_string(a) ? archive_error_string(a) : "corrupt");
    *why = whybuf;
  }
done:
  archive_read_free(a);
  return rc;
}

int cl_office_text(const char *data, size_t len, const cl_options *opt,
                   cl_docres *d, char **out, size_t *out_len) {
  cl_buf part = {0};
  office_walk w = {{0}, 0, 0};
  const char *why = NULL;
  char whybuf[256];
  int rc = read_part(data, len, opt, &part, &w.ooxml, &why, whybuf,
                     sizeof whybuf);
  if (rc == 0) {
    /* No entity expansion (XML_PARSE_NOENT off), no DTD loading, no
     * network: the part is data from the outside. */
    xmlDoc *doc = xmlReadMemory(part.ptr ? part.ptr : "", (int)part.len,
                                NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING);
    if (!doc || part.len > (size_t)INT32_MAX) {
      rc = 1;
      why = w.ooxml ? "word/document.xml does not parse as XML"
                    : "content.xml does not parse as XML";
    } else if (walk(&w, xmlDocGetRootElement(doc)) < 0) {
      rc = -1;
    }
    xmlFreeDoc(doc);
  }
  cl_buf_free(&part);
  if (rc == 0 && cl_buf_put(&w.out, "\n", 1) < 0)
    rc = -1;
  if (rc != 0) {
    cl_buf_free(&w.out);
    if (rc > 0 &&
        cl_docres_add_error(d, "%s: Office document: %s", d->pub.path, why) < 0)
      rc = -1;
    return rc;
  }
  *out_len = w.out.len;
  *out = cl_buf_detach(&w.out);
  return 0;
}

int cl_fmt_office_extract(cl_fmt *f) {
  const char *s = f->t->src ? f->t->src : "";
  size_t len = f->t->src_len;
  for (size_t at = 0; at < len;) {
    const char *nl = memchr(s + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - s) : len;
    if (cl_fmt_put(f, s + at, end - at, NULL, at, CL_SCOPE_BODY) < 0 ||
        cl_fmt_flush(f) < 0)
      return -1;
    at = end + 1;
  }
  return 0;
}
