/* render_junit.c - JUnit XML for CI test-report views: a <testsuite> per
 * document with a <testcase> per check of the catalogue; the findings of a
 * check are its <failure> (type = severity, message = the first finding,
 * text = all of them, one a line).  Input errors form a last suite named
 * "creditline input errors" with an <error> per input.  Written with
 * libxml2's text writer, so every name and message is escaped. */
#include "internal.h"

#include <libxml/xmlwriter.h>
#include <string.h>

/* libxml2 wants UTF-8: file names that are not become '?' there. */
static const xmlChar *X(const char *s) { return (const xmlChar *)s; }

static int attr(xmlTextWriterPtr w, const char *name, const char *value) {
  return xmlTextWriterWriteAttribute(w, X(name), X(value ? value : ""));
}

static int attr_n(xmlTextWriterPtr w, const char *name, size_t n) {
  return xmlTextWriterWriteFormatAttribute(w, X(name), "%zu", n);
}

/* Worst severity of D's findings of CHECK, their count, and the text. */
static size_t check_findings(const cl_document *d, const char *check,
                             cl_severity *worst, cl_buf *text) {
  size_t n = 0;
  *worst = CL_SEV_OFF;
  cl_buf_clear(text);
  for (size_t i = 0; i < d->finding_count; i++) {
    const cl_finding *f = &d->findings[i];
    if (strcmp(f->check, check) != 0)
      continue;
    n++;
    if (f->severity > *worst)
      *worst = f->severity;
    if (f->line)
      cl_buf_printf(text, "%s:%u:%u: %s: %s\n", d->path, f->line, f->column,
                    cl_severity_name(f->severity), f->message);
    else
      cl_buf_printf(text, "%s: %s: %s\n", d->path,
                    cl_severity_name(f->severity), f->message);
    if (f->fix)
      cl_buf_printf(text, "  fix: %s\n", f->fix);
  }
  return n;
}

static int junit_document(xmlTextWriterPtr w, const cl_document *d,
                          cl_buf *text) {
  int rc = 0;
  size_t failures = 0;
  for (size_t c = 0; c < cl_check_count(); c++) {
    cl_severity worst;
    failures += check_findings(d, cl_check_at(c)->id, &worst, text) > 0;
  }
  rc |= xmlTextWriterStartElement(w, X("testsuite")) < 0;
  rc |= attr(w, "name", d->path) < 0;
  rc |= attr_n(w, "tests", cl_check_count()) < 0;
  rc |= attr_n(w, "failures", failures) < 0;
  rc |= attr(w, "errors", "0") < 0;
  for (size_t c = 0; c < cl_check_count() && !rc; c++) {
    const cl_check_info *info = cl_check_at(c);
    cl_severity worst;
    size_t n = check_findings(d, info->id, &worst, text);
    rc |= xmlTextWriterStartElement(w, X("testcase")) < 0;
    rc |= attr(w, "name", info->id) < 0;
    rc |= attr(w, "classname", d->path) < 0;
    if (n) {
      /* The first finding's message is the one-line summary. */
      const char *first = NULL;
      for (size_t i = 0; i < d->finding_count && !first; i++)
        if (strcmp(d->findings[i].check, info->id) == 0)
          first = d->findings[i].message;
      rc |= xmlTextWriterStartElement(w, X("failure")) < 0;
      rc |= attr(w, "type", cl_severity_name(worst)) < 0;
      rc |= attr(w, "message", first) < 0;
      rc |= xmlTextWriterWriteString(w, X(text->ptr ? text->ptr : "")) < 0;
      rc |= xmlTextWriterEndElement(w) < 0;
    }
    rc |= xmlTextWriterEndElement(w) < 0;
  }
  rc |= xmlTextWriterEndElement(w) < 0;
  return rc ? -1 : 0;
}

cl_status cl_render_junit(const cl_report *r, FILE *out,
                          const cl_render_options *o) {
  (void)o;
  cl_status st = CL_FATAL;
  xmlBufferPtr buf = xmlBufferCreate();
  xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
  cl_buf text = CL_BUF_INIT;
  int rc = 0;
  if (!w)
    goto cleanup;
  cl_summary s;
  cl_report_summary(r, &s);
  size_t failing_docs = s.documents_with_findings;
  xmlTextWriterSetIndent(w, 1);
  xmlTextWriterSetIndentString(w, X("  "));
  rc |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
  rc |= xmlTextWriterStartElement(w, X("testsuites")) < 0;
  rc |= attr(w, "name", "creditline") < 0;
  rc |= attr_n(w, "tests", s.documents * cl_check_count() + s.errors) < 0;
  rc |= attr_n(w, "failures", failing_docs) < 0;
  rc |= attr_n(w, "errors", s.errors) < 0;
  for (size_t i = 0; i < cl_report_document_count(r) && !rc; i++)
    rc |= junit_document(w, cl_report_document(r, i), &text) < 0;
  if (cl_report_error_count(r) && !rc) {
    rc |= xmlTextWriterStartElement(w, X("testsuite")) < 0;
    rc |= attr(w, "name", "creditline input errors") < 0;
    rc |= attr_n(w, "tests", s.errors) < 0;
    rc |= attr(w, "failures", "0") < 0;
    rc |= attr_n(w, "errors", s.errors) < 0;
    for (size_t i = 0; i < cl_report_error_count(r) && !rc; i++) {
      const cl_error *e = cl_report_error(r, i);
      rc |= xmlTextWriterStartElement(w, X("testcase")) < 0;
      rc |= attr(w, "name", e->path) < 0;
      rc |= attr(w, "classname", "input") < 0;
      rc |= xmlTextWriterStartElement(w, X("error")) < 0;
      rc |= attr(w, "message", e->message) < 0;
      rc |= xmlTextWriterEndElement(w) < 0;
      rc |= xmlTextWriterEndElement(w) < 0;
    }
    rc |= xmlTextWriterEndElement(w) < 0;
  }
  rc |= xmlTextWriterEndDocument(w) < 0;
  if (rc)
    goto cleanup;
  xmlFreeTextWriter(w); /* flushes into buf */
  w = NULL;
  st = CL_FAILED;
  size_t len = (size_t)xmlBufferLength(buf);
  if (fwrite(xmlBufferContent(buf), 1, len, out) != len || ferror(out))
    goto cleanup;
  st = CL_OK;
cleanup:
  if (w)
    xmlFreeTextWriter(w);
  if (buf)
    xmlBufferFree(buf);
  cl_buf_free(&text);
  return st;
}
