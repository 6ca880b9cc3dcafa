/* render_junit.c - JUnit XML for CI test-report views: a <testsuite> per
 * document, with a <testcase> per check that has findings there (name =
 * check id, classname = path), or one passing "credit lines" test case
 * when the document has none.  A check whose worst finding reaches the
 * --fail-on level fails (<failure>: type = severity, message = the first
 * finding, text = all of them, one a line); below it the findings go to
 * the test case's <system-out> and it passes, so a warning is no failed
 * test unless --fail-on warning.  Input errors form a last suite named
 * "creditline input errors" with an <error> per input.  Written with
 * libxml2's text writer, so every name and message is escaped. */
#include "render.h"

#include <libxml/xmlwriter.h>
#include <string.h>

/* libxml2 wants UTF-8: file names that are not become '?' there. */
static const xmlChar *X(const char *s) { return (const xmlChar *)s; }

/* XML 1.0 has no place for most control characters: they are shown as
 * \xHH (cl_printable) so the report stays well-formed. */
static int attr(xmlTextWriterPtr w, const char *name, const char *value) {
  cl_buf b = CL_BUF_INIT;
  int rc = xmlTextWriterWriteAttribute(w, X(name), X(cl_printable(value, &b, 1)));
  cl_buf_free(&b);
  return rc;
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
    cl_buf b = CL_BUF_INIT;
    if (f->line)
      cl_buf_printf(text, "%s:%u:%u: %s: ", d->path, f->line, f->column,
                    cl_severity_name(f->severity));
    else
      cl_buf_printf(text, "%s: %s: ", d->path, cl_severity_name(f->severity));
    cl_buf_printf(text, "%s\n", cl_printable(f->message, &b, 1));
    if (f->fix)
      cl_buf_printf(text, "  fix: %s\n", cl_printable(f->fix, &b, 1));
    cl_buf_free(&b);
  }
  return n;
}

/* Whether FAIL_ON (cl_render_options.fail_on) makes SEV a failure. */
static int fails(cl_severity sev, int fail_on) {
  return fail_on >= 0 && (int)sev >= (fail_on ? fail_on : (int)CL_SEV_ERROR);
}

/* The first check of the catalogue, from index C on, with findings in D;
 * cl_check_count() if none. */
static size_t next_check(const cl_document *d, size_t c) {
  for (; c < cl_check_count(); c++)
    for (size_t i = 0; i < d->finding_count; i++)
      if (strcmp(d->findings[i].check, cl_check_at(c)->id) == 0)
        return c;
  return c;
}

/* One document's suite; adds its test cases and failures to *TESTS and
 * *FAILURES. */
static int junit_document(xmlTextWriterPtr w, const cl_document *d,
                          int fail_on, cl_buf *text, size_t *tests,
                          size_t *failures) {
  int rc = 0;
  size_t ntests = 0, nfail = 0;
  for (size_t c = next_check(d, 0); c < cl_check_count();
       c = next_check(d, c + 1)) {
    cl_severity worst;
    check_findings(d, cl_check_at(c)->id, &worst, text);
    ntests++;
    nfail += fails(worst, fail_on);
  }
  rc |= xmlTextWriterStartElement(w, X("testsuite")) < 0;
  rc |= attr(w, "name", d->path) < 0;
  rc |= attr_n(w, "tests", ntests ? ntests : 1) < 0;
  rc |= attr_n(w, "failures", nfail) < 0;
  rc |= attr(w, "errors", "0") < 0;
  if (!ntests) {
    rc |= xmlTextWriterStartElement(w, X("testcase")) < 0;
    rc |= attr(w, "name", "credit lines") < 0;
    rc |= attr(w, "classname", d->path) < 0;
    rc |= xmlTextWriterEndElement(w) < 0;
  }
  for (size_t c = next_check(d, 0); c < cl_check_count() && !rc;
       c = next_check(d, c + 1)) {
    const cl_check_info *info = cl_check_at(c);
    cl_severity worst;
    check_findings(d, info->id, &worst, text);
    rc |= xmlTextWriterStartElement(w, X("testcase")) < 0;
    rc |= attr(w, "name", info->id) < 0;
    rc |= attr(w, "classname", d->path) < 0;
    if (fails(worst, fail_on)) {
      /* The first finding's message is the one-line summary. */
      const char *first = NULL;
      for (size_t i = 0; i < d->finding_count && !first; i++)
        if (strcmp(d->findings[i].check, info->id) == 0)
          first = d->findings[i].message;
      rc |= xmlTextWriterStartElement(w, X("failure")) < 0;
      rc |= attr(w, "type", cl_severity_name(worst)) < 0;
      rc |= attr(w, "message", first) < 0;
    } else {
      rc |= xmlTextWriterStartElement(w, X("system-out")) < 0;
    }
    rc |= xmlTextWriterWriteString(w, X(text->ptr ? text->ptr : "")) < 0;
    rc |= xmlTextWriterEndElement(w) < 0;
    rc |= xmlTextWriterEndElement(w) < 0;
  }
  rc |= xmlTextWriterEndElement(w) < 0;
  *tests += ntests ? ntests : 1;
  *failures += nfail;
  return rc ? -1 : 0;
}

/* The root <testsuites> carries totals, known at the end.  One writer
 * writes the whole document as before, but what follows the root's
 * opening `<testsuites` goes to a spool document by document; at the end
 * a second writer writes the root's opening with the totals, and the
 * spool follows: the bytes of a single pass, without holding them. */
typedef struct {
  FILE *out;
  xmlBufferPtr buf;
  xmlTextWriterPtr w;
  cl_spool spool;
  cl_buf text;
  int fail_on;            /* cl_render_options.fail_on */
  size_t tests, failures; /* totals of the document suites */
} junit_state;

static xmlTextWriterPtr junit_writer(xmlBufferPtr buf) {
  xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
  if (w) {
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, X("  "));
  }
  return w;
}

/* Moves what the writer produced so far to F (the spool, or the output). */
static cl_status junit_drain(junit_state *js, xmlTextWriterPtr w, FILE *f) {
  if (xmlTextWriterFlush(w) < 0)
    return CL_FAILED;
  size_t len = (size_t)xmlBufferLength(js->buf);
  if (f && fwrite(xmlBufferContent(js->buf), 1, len, f) != len)
    return CL_FAILED;
  xmlBufferEmpty(js->buf);
  return CL_OK;
}

static cl_status junit_begin(void *state, FILE *out,
                             const cl_render_options *o) {
  junit_state *js = state;
  js->out = out;
  js->fail_on = o ? o->fail_on : 0;
  js->buf = xmlBufferCreate();
  js->w = js->buf ? junit_writer(js->buf) : NULL;
  if (!js->w)
    return CL_FATAL;
  if (!cl_spool_file(&js->spool))
    return CL_FAILED;
  if (xmlTextWriterStartDocument(js->w, "1.0", "UTF-8", NULL) < 0 ||
      xmlTextWriterStartElement(js->w, X("testsuites")) < 0)
    return CL_FATAL;
  return junit_drain(js, js->w, NULL); /* the end writes this part */
}

static cl_status junit_doc(void *state, const cl_document *d) {
  junit_state *js = state;
  if (junit_document(js->w, d, js->fail_on, &js->text, &js->tests,
                     &js->failures) < 0)
    return CL_FATAL;
  return junit_drain(js, js->w, js->spool.f);
}

static cl_status junit_end(void *state, const cl_report *r) {
  junit_state *js = state;
  xmlTextWriterPtr w = js->w;
  int rc = 0;
  cl_summary s;
  cl_report_summary(r, &s);
  if (cl_report_error_count(r)) {
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
    return CL_FATAL;
  cl_status st = junit_drain(js, w, js->spool.f);
  if (st != CL_OK)
    return st;

  /* The root's opening with the totals: what the first writer wrote
   * before its first child, with the attributes. */
  xmlTextWriterPtr head = junit_writer(js->buf);
  if (!head)
    return CL_FATAL;
  rc |= xmlTextWriterStartDocument(head, "1.0", "UTF-8", NULL) < 0;
  rc |= xmlTextWriterStartElement(head, X("testsuites")) < 0;
  rc |= attr(head, "name", "creditline") < 0;
  rc |= attr_n(head, "tests", js->tests + s.errors) < 0;
  rc |= attr_n(head, "failures", js->failures) < 0;
  rc |= attr_n(head, "errors", s.errors) < 0;
  st = rc ? CL_FATAL : junit_drain(js, head, js->out);
  xmlFreeTextWriter(head);
  if (st == CL_OK &&
      (cl_spool_copy(&js->spool, js->out) < 0 || ferror(js->out)))
    st = CL_FAILED;
  return st;
}

static void junit_fini(void *state) {
  junit_state *js = state;
  if (js->w)
    xmlFreeTextWriter(js->w);
  if (js->buf)
    xmlBufferFree(js->buf);
  cl_spool_close(&js->spool);
  cl_buf_free(&js->text);
}

const cl_reporter cl_reporter_junit = {CL_FORMAT_JUNIT, "junit",
                                       sizeof(junit_state), junit_begin,
                                       junit_doc, junit_end, junit_fini};
