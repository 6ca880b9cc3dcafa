/* fmt_xml.c - XML news formats: NITF and IPTC NewsML-G2 (rights, credit,
 * byline and provider fields as metadata, the body as text), and any other
 * XML (all text content scanned).  libxml2 reads without network, without
 * loading DTDs and without substituting entities. */
#include "fmt.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define G2_NS "http://iptc.org/std/nar/2006-10-01/"

/* ------------------------------------------------------------ kind */

/* memmem is a GNU extension. */
static const char *mem_find(const char *h, size_t n, const char *needle) {
  cl_span s = {h, n, NULL, 0};
  size_t at = cl_fmt_find(&s, 0, 0, needle);
  return at == (size_t)-1 ? NULL : h + at;
}

/* Skips "<?...?>", "<!--...-->" and "<!DOCTYPE ...>" and returns the
 * offset of the root element's '<', or LEN. */
static size_t root_start(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
      i++;
    if (i + 1 >= len || s[i] != '<')
      return len;
    const char *end = NULL;
    if (s[i + 1] == '?') {
      end = mem_find(s + i, len - i, "?>");
      if (end)
        end += 2;
    } else if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
      end = mem_find(s + i, len - i, "-->");
      if (end)
        end += 3;
    } else if (s[i + 1] == '!') {
      /* DOCTYPE, maybe with an internal subset in brackets */
      int depth = 0;
      for (size_t k = i; k < len; k++) {
        if (s[k] == '[')
          depth++;
        else if (s[k] == ']')
          depth--;
        else if (s[k] == '>' && depth <= 0) {
          end = s + k + 1;
          break;
        }
      }
    } else {
      return i;
    }
    if (!end)
      return len;
    i = (size_t)(end - s);
  }
  return len;
}

static int is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
         c == ':' || (unsigned char)c >= 0x80;
}

cl_docfmt cl_fmt_xml_kind(const char *src, size_t len) {
  size_t i = root_start(src, len);
  if (i >= len)
    return CL_DOCFMT_TEXT;
  size_t s = i + 1, e = s;
  while (e < len && is_name_char(src[e]))
    e++;
  if (e == s || (e < len && src[e] != '>' && src[e] != '/' && src[e] != ' ' &&
                 src[e] != '\t' && src[e] != '\n' && src[e] != '\r'))
    return CL_DOCFMT_TEXT;
  const char *colon = memchr(src + s, ':', e - s);
  if (colon)
    s = (size_t)(colon - src) + 1;
  size_t n = e - s;
#define NAME_IS(lit) (n == sizeof lit - 1 && memcmp(src + s, lit, n) == 0)
  if (NAME_IS("nitf"))
    return CL_DOCFMT_NITF;
  if (n == 4 && strncasecmp(src + s, "html", 4) == 0)
    return CL_DOCFMT_HTML;
  if (NAME_IS("newsItem") || NAME_IS("packageItem") || NAME_IS("newsMessage") ||
      NAME_IS("conceptItem") || NAME_IS("knowledgeItem")) {
    size_t window = len - i < 8192 ? len - i : 8192;
    if (mem_find(src + i, window, G2_NS))
      return CL_DOCFMT_NEWSML;
  }
#undef NAME_IS
  return CL_DOCFMT_XML;
}

/* ---------------------------------------------------------- helpers */

static char *attr(const xmlNode *n, const char *name) {
  return (char *)xmlGetProp(n, BAD_CAST name);
}

static xmlNode *child(const xmlNode *n, const char *name) {
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && c->name &&
        strcmp((const char *)c->name, name) == 0)
      return c;
  return NULL;
}

static int is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->name &&
         strcmp((const char *)n->name, name) == 0;
}

typedef struct {
  cl_fmt *f;
  cl_fmt_dom w;
  size_t meta_n; /* credits the last meta_at added (a list of persons) */
} xml_ctx;

static int meta_at(xml_ctx *x, xmlNode *n, cl_kind kind, const char *rule,
                   const char *value, const char *years, const char *role,
                   cl_credit **out) {
  int err = 0;
  size_t off = cl_fmt_dom_locate(&x->w, n, value);
  cl_credit *c = cl_fmt_meta(x->f, kind, rule, off, value, years, &x->meta_n, &err);
  if (c && role && cl_fmt_fields(x->f, c, x->meta_n, "role", role) < 0)
    return -1;
  if (out)
    *out = c;
  return err;
}

static int notice_at(xml_ctx *x, xmlNode *n, const char *rule,
                     const char *notice, cl_credit **out) {
  int err = 0;
  size_t off = cl_fmt_dom_locate(&x->w, n, notice);
  cl_credit *c = cl_fmt_meta_notice(x->f, rule, off, notice, &err);
  if (out)
    *out = c;
  return err;
}

/* ------------------------------------------------------------- NITF */

static int nitf_byline(xml_ctx *x, xmlNode *n) {
  int rc = 0, persons = 0;
  for (xmlNode *c = n->children; c && rc == 0; c = c->next) {
    if (!is(c, "person"))
      continue;
    char *v = cl_fmt_node_text(c);
    if (v)
      rc = meta_at(x, c, CL_KIND_AUTHOR, "nitf:byline", v, NULL, NULL, NULL);
    persons++;
    xmlFree(v);
  }
  if (persons || rc)
    return rc;
  /* No <person>: the text without its title (<byttl>). */
  cl_buf b = CL_BUF_INIT;
  for (xmlNode *c = n->children; c && rc == 0; c = c->next) {
    if (is(c, "byttl"))
      continue;
    char *v = (char *)xmlNodeGetContent(c);
    if (v && cl_buf_puts(&b, v) < 0)
      rc = -1;
    xmlFree(v);
  }
  if (rc == 0 && b.ptr) {
    rc = meta_at(x, n, CL_KIND_AUTHOR, "nitf:byline", b.ptr, NULL, NULL, NULL);
  }
  cl_buf_free(&b);
  return rc;
}

static int nitf_copyrite(xml_ctx *x, xmlNode *n) {
  xmlNode *h = child(n, "copyrite.holder"), *y = child(n, "copyrite.year");
  char *text = cl_fmt_node_text(n);
  int rc = 0;
  if (h) {
    char *hv = cl_fmt_node_text(h), *yv = y ? cl_fmt_node_text(y) : NULL;
    cl_credit *c = NULL;
    if (hv)
      rc = meta_at(x, h, CL_KIND_COPYRIGHT, "nitf:copyrite", hv, yv, NULL, &c);
    if (rc == 0 && c && text)
      rc = cl_fmt_field(x->f, c, "notice", text);
    xmlFree(hv);
    xmlFree(yv);
  } else if (text) {
    rc = notice_at(x, n, "nitf:copyrite", text, NULL);
  }
  xmlFree(text);
  return rc;
}

static int nitf_node(xml_ctx *x, xmlNode *n, int depth) {
  int rc = 0;
  char *a = NULL, *b = NULL, *v = NULL;
  if (is(n, "doc.copyright")) {
    a = attr(n, "holder");
    b = attr(n, "year");
    if (a)
      rc = meta_at(x, n, CL_KIND_COPYRIGHT, "nitf:doc.copyright", a, b, NULL, NULL);
  } else if (is(n, "doc.rights")) {
    cl_credit *c = NULL;
    a = attr(n, "owner");
    if (a)
      rc = meta_at(x, n, CL_KIND_COPYRIGHT, "nitf:doc.rights", a, NULL, NULL, &c);
    static const char *const extra[] = {"startdate", "enddate", "agent",
                                        "geography", "limitations", NULL};
    for (const char *const *e = extra; c && rc == 0 && *e; e++) {
      char *ev = attr(n, *e);
      if (ev)
        rc = cl_fmt_field(x->f, c, *e, ev);
      xmlFree(ev);
    }
  } else if (is(n, "rights")) {
    /* The body's rights block: <rights><rights.owner>Agencia EFE</...>,
     * with the same details as doc.rights, as child elements. */
    static const char *const parts[] = {"rights.startdate", "rights.enddate",
                                        "rights.agent", "rights.geography",
                                        "rights.limitations", NULL};
    xmlNode *o = child(n, "rights.owner");
    cl_credit *c = NULL;
    v = o ? cl_fmt_node_text(o) : NULL;
    if (v)
      rc = meta_at(x, o, CL_KIND_COPYRIGHT, "nitf:rights", v, NULL, NULL, &c);
    for (const char *const *e = parts; c && rc == 0 && *e; e++) {
      xmlNode *en = child(n, *e);
      char *ev = en ? cl_fmt_node_text(en) : NULL;
      if (ev)
        rc = cl_fmt_field(x->f, c, *e + 7, ev); /* "startdate", ... */
      xmlFree(ev);
    }
  } else if (is(n, "date.release") || is(n, "date.expire")) {
    a = attr(n, "norm");
    rc = cl_fmt_date(x->f, is(n, "date.release") ? "date.release" : "date.expire", a);
  } else if (is(n, "byline")) {
    rc = nitf_byline(x, n);
  } else if (is(n, "distributor") || is(n, "credit")) {
    v = cl_fmt_node_text(n);
    if (v)
      rc = meta_at(x, n, CL_KIND_SOURCE,
                   is(n, "credit") ? "nitf:credit" : "nitf:distributor",
                   v, NULL, "credit", NULL);
  } else if (is(n, "copyrite")) {
    rc = nitf_copyrite(x, n);
  }
  xmlFree(a);
  xmlFree(b);
  xmlFree(v);
  for (xmlNode *c = n->children; c && rc == 0 && depth < 256; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      rc = nitf_node(x, c, depth + 1);
  return rc;
}

static int nitf_read(xml_ctx *x, xmlNode *root) {
  if (nitf_node(x, root, 0) < 0)
    return -1;
  xmlNode *body = child(root, "body");
  return body ? cl_fmt_dom_text(&x->w, body, CL_SCOPE_BODY) : 0;
}

/* -------------------------------------------------------- NewsML-G2 */

/* Name of a G2 party/concept: <name> child, @literal, the code of @qcode,
 * or @uri.  xmlFree the result. */
static char *g2_name(const xmlNode *n) {
  xmlNode *nm = child(n, "name");
  char *v = nm ? cl_fmt_node_text(nm) : NULL;
  if (!v)
    v = attr(n, "literal");
  if (!v) {
    char *q = attr(n, "qcode");
    if (q) {
      const char *colon = strchr(q, ':');
      v = (char *)xmlStrdup(BAD_CAST(colon ? colon + 1 : q));
      xmlFree(q);
    }
  }
  if (!v)
    v = attr(n, "uri");
  if (!v)
    v = cl_fmt_node_text(n);
  return v;
}

/* The agency in a dateline: "LONDON, March 3 (Reuters) -" -> "Reuters". */
static char *dateline_agency(const char *s) {
  const char *o = strchr(s, '(');
  const char *c = o ? strchr(o, ')') : NULL;
  if (!o || !c || c - o < 2 || c - o > 60)
    return NULL;
  return (char *)xmlStrndup(BAD_CAST(o + 1), (int)(c - o - 1));
}

static int g2_rights(xml_ctx *x, xmlNode *n) {
  int rc = 0;
  char *validto = attr(n, "validto");
  if (validto)
    rc = cl_fmt_date(x->f, "valid_to", validto);
  xmlFree(validto);
  cl_credit *notice = NULL;
  xmlNode *cn = child(n, "copyrightNotice");
  char *nt = cn ? cl_fmt_node_text(cn) : NULL;
  if (nt && rc == 0)
    rc = notice_at(x, cn, "newsml:rightsInfo/copyrightNotice", nt, &notice);
  xmlFree(nt);
  /* NOTICE points into the metadata array, which the holders added below
   * may move: keep its strings (arena-owned, they stay put) instead. */
  const char *notice_years = notice ? notice->years_text : NULL;
  const char *notice_text = notice ? notice->text : NULL;
  for (xmlNode *c = n->children; c && rc == 0; c = c->next) {
    if (is(c, "copyrightHolder")) {
      char *v = g2_name(c);
      cl_credit *h = NULL;
      if (v)
        rc = meta_at(x, c, CL_KIND_COPYRIGHT, "newsml:rightsInfo/copyrightHolder",
                     v, notice_years, NULL, &h);
      if (rc == 0 && h && notice_text)
        rc = cl_fmt_field(x->f, h, "notice", notice_text);
      xmlFree(v);
    } else if (is(c, "usageTerms")) {
      char *v = cl_fmt_node_text(c);
      if (v)
        rc = meta_at(x, c, CL_KIND_LICENSE, "newsml:rightsInfo/usageTerms", v,
                     NULL, NULL, NULL);
      xmlFree(v);
    }
  }
  return rc;
}

static int g2_party(xml_ctx *x, xmlNode *n, cl_kind kind, const char *rule,
                    const char *role) {
  char *v = g2_name(n), *r = attr(n, "role");
  int rc = 0;
  cl_credit *c = NULL;
  if (v)
    rc = meta_at(x, n, kind, rule, v, NULL, role, &c);
  if (rc == 0 && c && r)
    rc = cl_fmt_fields(x->f, c, x->meta_n, role ? "qualifier" : "role", r);
  xmlFree(v);
  xmlFree(r);
  return rc;
}

static int g2_node(xml_ctx *x, xmlNode *n, int depth) {
  int rc = 0;
  char *v = NULL;
  if (is(n, "rightsInfo")) {
    rc = g2_rights(x, n);
  } else if (is(n, "provider")) {
    rc = g2_party(x, n, CL_KIND_SOURCE, "newsml:itemMeta/provider", "credit");
  } else if (is(n, "infoSource")) {
    rc = g2_party(x, n, CL_KIND_SOURCE, "newsml:infoSource", "credit");
  } else if (is(n, "creator")) {
    rc = g2_party(x, n, CL_KIND_AUTHOR, "newsml:creator", NULL);
  } else if (is(n, "contributor")) {
    char *r = attr(n, "role");
    int editor = r && strstr(r, "editor") != NULL;
    xmlFree(r);
    rc = g2_party(x, n, editor ? CL_KIND_EDITOR : CL_KIND_AUTHOR,
                  "newsml:contributor", NULL);
  } else if (is(n, "creditline")) {
    if ((v = cl_fmt_node_text(n)))
      rc = meta_at(x, n, CL_KIND_SOURCE, "newsml:creditline", v, NULL, "credit", NULL);
  } else if (is(n, "by") || is(n, "byline")) {
    if ((v = cl_fmt_node_text(n)))
      rc = meta_at(x, n, CL_KIND_AUTHOR, "newsml:by", v, NULL, NULL, NULL);
  } else if (is(n, "dateline")) {
    char *t = cl_fmt_node_text(n);
    v = t ? dateline_agency(t) : NULL;
    if (v)
      rc = meta_at(x, n, CL_KIND_SOURCE, "newsml:dateline", v, NULL, "dateline", NULL);
    xmlFree(t);
  } else if (is(n, "firstCreated") || is(n, "versionCreated") ||
             is(n, "embargoed")) {
    char *t = cl_fmt_node_text(n);
    rc = cl_fmt_date(x->f, is(n, "firstCreated")     ? "first_created"
                           : is(n, "versionCreated") ? "version_created"
                                                     : "embargoed",
                     t);
    xmlFree(t);
  } else if (is(n, "contentSet")) {
    /* Its children are alternative renditions of one content (XHTML and
     * plain text, say): one text, read once, the richest rendition. */
    xmlNode *pick = NULL;
    for (xmlNode *c = n->children; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE &&
          (is(c, "inlineXML") || (is(c, "inlineData") && !pick)))
        if (!pick || !is(pick, "inlineXML"))
          pick = c;
    return pick ? g2_node(x, pick, depth + 1) : 0;
  } else if (is(n, "inlineXML")) {
    x->w.html = 1; /* XHTML inside */
    rc = cl_fmt_dom_text(&x->w, n, CL_SCOPE_BODY);
    x->w.html = 0;
    return rc;
  } else if (is(n, "inlineData")) {
    return cl_fmt_dom_text(&x->w, n, CL_SCOPE_BODY);
  }
  xmlFree(v);
  for (xmlNode *c = n->children; c && rc == 0 && depth < 256; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      rc = g2_node(x, c, depth + 1);
  return rc;
}

/* ------------------------------------------------------------ reader */

/* The first error the parser recovered from: with XML_PARSE_RECOVER the
 * rest of a damaged document may be dropped, so the document is marked
 * (cl_document.damaged) instead of passing for whole. */
typedef struct {
  int line;
  char msg[200];
} first_error;

/* The document's structured error handler: keeps the first fatal error
 * (a well-formedness error; warnings and validity errors such as an
 * xml:id that is no NCName lose nothing) and prints nothing. */
static void keep_first_error(void *ud, xmlErrorPtr err) {
  xmlParserCtxtPtr ctxt = ud;
  first_error *fe = ctxt ? ctxt->_private : NULL;
  if (!fe || !err || fe->line || err->level != XML_ERR_FATAL)
    return;
  fe->line = err->line > 0 ? err->line : 1;
  snprintf(fe->msg, sizeof fe->msg, "%s", err->message ? err->message : "error");
  /* libxml2's messages end in a newline. */
  size_t n = strlen(fe->msg);
  while (n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' '))
    fe->msg[--n] = '\0';
}

int cl_fmt_xml_extract(cl_fmt *f, cl_docfmt kind) {
  xml_ctx x;
  xmlDocPtr doc = NULL;
  xmlParserCtxtPtr ctxt = NULL;
  int rc = -1;
  cl_span whole = {f->t->src ? f->t->src : "", f->t->src_len, NULL, 0};
  cl_fmt_dom_init(&x.w, f, &whole, 0);
  x.f = f;
  x.meta_n = 0;
  if (f->t->src_len > 0x7fffffff) {
    rc = cl_docres_add_error(f->d, "%s: XML too large to parse", f->d->pub.path);
    goto cleanup;
  }
  /* No NOENT, no DTDLOAD, no HUGE: entities stay references, nothing is
   * fetched, libxml2's size limits hold. */
  int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
             XML_PARSE_IGNORE_ENC | XML_PARSE_BIG_LINES | XML_PARSE_RECOVER;
  /* NOERROR silences the parser's own channel, not the validity one
   * (an xml:id that is no NCName): this document's own structured
   * handler takes every message, so the library never prints. */
  first_error fe = {0, ""};
  ctxt = xmlNewParserCtxt();
  if (!ctxt)
    goto cleanup;
  ctxt->_private = &fe;
  ctxt->sax->serror = keep_first_error;
  doc = xmlCtxtReadMemory(ctxt, whole.buf, (int)whole.len, NULL, "UTF-8", opts);
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!root) {
    rc = cl_docres_add_error(f->d, "%s: not well-formed XML; nothing read",
                             f->d->pub.path);
    goto cleanup;
  }
  if (fe.line && !ctxt->wellFormed) {
    if (!(f->d->pub.damaged = cl_arena_strdup(&f->d->arena, fe.msg)))
      goto cleanup;
    f->d->pub.damaged_line = (unsigned)fe.line;
  }
  if (kind == CL_DOCFMT_NITF)
    rc = nitf_read(&x, root);
  else if (kind == CL_DOCFMT_NEWSML)
    rc = g2_node(&x, root, 0);
  else
    rc = cl_fmt_dom_text(&x.w, root, CL_SCOPE_BODY);
cleanup:
  cl_fmt_dom_fini(&x.w);
  xmlFreeDoc(doc);
  if (ctxt)
    xmlFreeParserCtxt(ctxt);
  return rc;
}
