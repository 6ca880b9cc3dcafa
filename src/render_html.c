/* render_html.c - the audit report: one self-contained HTML page that a
 * rights manager reads without tools.  Header (what was scanned, rules,
 * policy, date), totals, partners with licence status, three inline SVG
 * charts each with a table equivalent, findings grouped by check then
 * document, bundles, input errors and notes.
 *
 * Streamed like JUnit and SARIF: the totals come first, so each finding
 * row is written to the spool of its check as its document arrives and
 * the spools are copied after the header at the end.  Memory holds only
 * bounded tallies (partners, months, checks), never the documents.
 *
 * Everything taken from the content (paths, holders, messages, fixes) is
 * shown through cl_printable and escaped, so no article or archive member
 * name can add markup.  No network: inline CSS and SVG, a Content-Security-
 * Policy that allows nothing to be fetched, and a small inline script for
 * sorting and filtering; without scripting the page shows everything. */
#include "policy.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bounds on what is tallied; past them the rest is counted together. */
#define HTML_MAX_PARTNERS 1024 /* distinct partners (hash table slots / 2) */
#define HTML_MAX_MONTHS 1200   /* distinct months with documents           */
#define HTML_CHART_BARS 25     /* bars in the partner chart                */

typedef struct {
  char *key;  /* cl_policy_name_key of the name */
  char *name; /* policy canonical name, else as first met */
  size_t docs, clean, info, warn, err, credits;
} h_partner;

typedef struct {
  int ym; /* year * 100 + month; 0: undated */
  size_t clean, info, warn, err;
} h_month;

typedef struct {
  FILE *out;
  cl_render_options o;
  struct timespec start;
  int failed;
  cl_buf esc, tmp, key;
  size_t nchecks;
  cl_spool *spools;       /* one per check of the catalogue */
  size_t *check_findings; /* by check index */
  size_t *check_docs;
  size_t *check_seen; /* document number (from 1) last counted per check */
  h_partner *slots; /* open addressing, 2 * HTML_MAX_PARTNERS */
  size_t npartners;
  h_partner other; /* partners past the bound */
  h_partner none;  /* documents that credit no partner */
  h_month *months;
  size_t nmonths;
  h_month undated;
  size_t docs, docs_findings, sev[4], credits;
  unsigned long long bytes;
} html_state;

/* ------------------------------------------------------------ writing */

static void put(html_state *h, const char *s) {
  if (fputs(s, h->out) == EOF)
    h->failed = 1;
}

static void putf(html_state *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void putf(html_state *h, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (vfprintf(h->out, fmt, ap) < 0)
    h->failed = 1;
  va_end(ap);
}

/* S escaped for HTML text and quoted attributes, into h->esc. */
static const char *esc(html_state *h, const char *s) {
  const char *p = cl_printable(s ? s : "", &h->tmp, 1);
  cl_buf_clear(&h->esc);
  for (; *p; p++) {
    int rc;
    switch (*p) {
    case '&': rc = cl_buf_puts(&h->esc, "&amp;"); break;
    case '<': rc = cl_buf_puts(&h->esc, "&lt;"); break;
    case '>': rc = cl_buf_puts(&h->esc, "&gt;"); break;
    case '"': rc = cl_buf_puts(&h->esc, "&quot;"); break;
    case '\'': rc = cl_buf_puts(&h->esc, "&#39;"); break;
    default: rc = cl_buf_putc(&h->esc, *p);
    }
    if (rc < 0) {
      h->failed = 1;
      return "";
    }
  }
  return h->esc.ptr ? h->esc.ptr : "";
}

static void put_esc(html_state *h, const char *s) { put(h, esc(h, s)); }

/* ----------------------------------------------------------- partners */

static uint64_t key_hash(const char *k) {
  return cl_hash64(k, strlen(k), CL_HASH_SEED);
}

static h_partner *partner_get(html_state *h, const char *name) {
  if (cl_policy_name_key(h->o.rules, name, &h->key) < 0) {
    h->failed = 1;
    return NULL;
  }
  const char *k = h->key.ptr ? h->key.ptr : "";
  if (!*k)
    return NULL;
  size_t cap = 2 * HTML_MAX_PARTNERS;
  for (size_t i = key_hash(k) % cap;; i = (i + 1) % cap) {
    h_partner *p = &h->slots[i];
    if (!p->key) {
      if (h->npartners == HTML_MAX_PARTNERS)
        return &h->other;
      const cl_party *party = NULL;
      if (h->o.rules && h->o.rules->policy)
        party = cl_policy_party(h->o.rules->policy, k);
      p->key = cl_strdup(k);
      p->name = cl_strdup(party ? party->name : name);
      if (!p->key || !p->name) {
        h->failed = 1;
        return NULL;
      }
      h->npartners++;
      return p;
    }
    if (strcmp(p->key, k) == 0)
      return p;
  }
}

/* The credits that name a partner: syndication parties, wire sources, and
 * the rights holders a feed states in its metadata. */
static int names_partner(const cl_credit *c) {
  return c->value && *c->value &&
         (c->kind == CL_KIND_SYNDICATION || c->kind == CL_KIND_SOURCE ||
          (c->kind == CL_KIND_COPYRIGHT && c->scope == CL_SCOPE_METADATA));
}

/* The distinct partners of D, at most MAX, into OUT; returns the count. */
static size_t doc_partners(html_state *h, const cl_document *d,
                           h_partner **out, size_t max) {
  size_t n = 0;
  for (int meta = 0; meta < 2; meta++) {
    const cl_credit *cs = meta ? d->metadata : d->credits;
    size_t nc = meta ? d->metadata_count : d->credit_count;
    for (size_t i = 0; i < nc; i++) {
      if (!names_partner(&cs[i]))
        continue;
      h_partner *p = partner_get(h, cs[i].value);
      if (!p)
        continue;
      p->credits++;
      size_t k = 0;
      while (k < n && out[k] != p)
        k++;
      if (k == n && n < max)
        out[n++] = p;
    }
  }
  return n;
}

/* ------------------------------------------------------------- months */

/* The month of D's first stated date that parses, or 0. */
static int doc_month(const cl_document *d) {
  for (size_t i = 0; i < d->date_count; i++) {
    cl_date_range r;
    if (d->dates[i].value && cl_date_parse(d->dates[i].value, &r) == 0)
      return (int)(r.lo / 100);
  }
  return 0;
}

static h_month *month_get(html_state *h, int ym) {
  if (!ym)
    return &h->undated;
  for (size_t i = 0; i < h->nmonths; i++)
    if (h->months[i].ym == ym)
      return &h->months[i];
  if (h->nmonths == HTML_MAX_MONTHS)
    return &h->undated;
  h->months[h->nmonths] = (h_month){ym, 0, 0, 0, 0};
  return &h->months[h->nmonths++];
}

static int month_cmp(const void *a, const void *b) {
  const h_month *x = a, *y = b;
  return (x->ym > y->ym) - (x->ym < y->ym);
}

/* ----------------------------------------------------------- callbacks */

static cl_status html_begin(void *state, FILE *out,
                            const cl_render_options *o) {
  html_state *h = state;
  h->out = out;
  h->o = *o;
  clock_gettime(CLOCK_MONOTONIC, &h->start);
  h->nchecks = cl_check_count();
  h->spools = calloc(h->nchecks, sizeof *h->spools);
  h->check_findings = calloc(h->nchecks, sizeof *h->check_findings);
  h->check_docs = calloc(h->nchecks, sizeof *h->check_docs);
  h->check_seen = calloc(h->nchecks, sizeof *h->check_seen);
  h->slots = calloc(2 * HTML_MAX_PARTNERS, sizeof *h->slots);
  h->months = calloc(HTML_MAX_MONTHS, sizeof *h->months);
  if (!h->spools || !h->check_findings || !h->check_docs || !h->check_seen ||
      !h->slots ||
      !h->months)
    return CL_FATAL;
  h->other.name = "(other partners)";
  h->none.name = "(no partner credited)";
  return CL_OK;
}

static void tally(size_t *clean, size_t *info, size_t *warn, size_t *err,
                  cl_severity worst) {
  switch (worst) {
  case CL_SEV_ERROR: (*err)++; break;
  case CL_SEV_WARNING: (*warn)++; break;
  case CL_SEV_INFO: (*info)++; break;
  default: (*clean)++;
  }
}

static void row_partners(html_state *h, FILE *f, h_partner **ps, size_t n) {
  /* Newline-separated canonical names, for the partner filter. */
  cl_buf b = CL_BUF_INIT;
  for (size_t i = 0; i < n; i++)
    if (cl_buf_puts(&b, ps[i]->name) < 0 ||
        (i + 1 < n && cl_buf_putc(&b, '\n') < 0))
      h->failed = 1;
  const char *e = esc(h, b.ptr ? b.ptr : "");
  if (fputs(" data-partners=\"", f) == EOF || fputs(e, f) == EOF ||
      fputs("\"", f) == EOF)
    h->failed = 1;
  cl_buf_free(&b);
}

static cl_status html_document(void *state, const cl_document *d) {
  html_state *h = state;
  h_partner *ps[16];
  size_t np = doc_partners(h, d, ps, sizeof ps / sizeof *ps);
  cl_severity worst = CL_SEV_OFF;
  for (size_t i = 0; i < d->finding_count; i++)
    if (d->findings[i].severity > worst)
      worst = d->findings[i].severity;

  h->docs++;
  h->bytes += d->bytes;
  h->credits += d->credit_count + d->metadata_count;
  h->docs_findings += d->finding_count > 0;
  if (np == 0)
    ps[np++] = &h->none;
  for (size_t i = 0; i < np; i++) {
    ps[i]->docs++;
    tally(&ps[i]->clean, &ps[i]->info, &ps[i]->warn, &ps[i]->err, worst);
  }
  h_month *m = month_get(h, doc_month(d));
  tally(&m->clean, &m->info, &m->warn, &m->err, worst);

  for (size_t i = 0; i < d->finding_count; i++) {
    const cl_finding *f = &d->findings[i];
    int c = cl_check_index(f->check);
    if (c < 0 || (size_t)c >= h->nchecks)
      continue;
    h->sev[f->severity & 3]++;
    h->check_findings[c]++;
    if (h->check_seen[c] != h->docs) { /* each document once per check */
      h->check_seen[c] = h->docs;
      h->check_docs[c]++;
    }
    FILE *sp = cl_spool_file(&h->spools[c]);
    if (!sp)
      return CL_FAILED;
    h->spools[c].used = 1;
    const char *sev = cl_severity_name(f->severity);
    if (fprintf(sp, "<tr class=\"f\" data-sev=\"%s\"", sev) < 0)
      h->failed = 1;
    row_partners(h, sp, ps, np);
    if (fprintf(sp, "><td><span class=\"sev %s\">%s</span></td><td>", sev,
                sev) < 0 ||
        fputs(esc(h, d->path), sp) == EOF)
      h->failed = 1;
    if (f->line && fprintf(sp, ":%u:%u", f->line, f->column) < 0)
      h->failed = 1;
    if (fputs("</td><td>", sp) == EOF ||
        fputs(esc(h, f->message), sp) == EOF ||
        fputs("</td><td>", sp) == EOF)
      h->failed = 1;
    if (f->fix && (fputs("<code>", sp) == EOF ||
                   fputs(esc(h, f->fix), sp) == EOF ||
                   fputs("</code>", sp) == EOF))
      h->failed = 1;
    if (fputs("</td></tr>\n", sp) == EOF)
      h->failed = 1;
  }
  return h->failed ? CL_FAILED : CL_OK;
}

/* --------------------------------------------------------------- charts */

static const char *const css =
    "body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;"
    "background:#fff}\n"
    "header,main{max-width:72rem;margin:0 auto;padding:0 1rem}\n"
    "header{border-bottom:2px solid #1b1b1b;padding-bottom:.5rem}\n"
    "h1{font-size:1.6rem;margin:1rem 0 .25rem}h2{margin-top:2rem;"
    "border-bottom:1px solid #bbb}\n"
    "table{border-collapse:collapse;margin:.5rem 0;width:100%}\n"
    "th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;"
    "vertical-align:top}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "th button{font:inherit;font-weight:bold;background:none;border:0;"
    "padding:0;cursor:pointer;text-decoration:underline dotted}\n"
    "code{background:#f3f3f3;padding:0 .2rem;white-space:pre-wrap}\n"
    ".sev{font-weight:bold;padding:0 .3rem;border-radius:3px}\n"
    ".sev.error{background:#fde2e1;color:#8a1c12}\n"
    ".sev.warning{background:#fff1c2;color:#6b4e00}\n"
    ".sev.info{background:#e3eefc;color:#123f7a}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}\n"
    ".card{border:1px solid #bbb;border-radius:4px;padding:.5rem .9rem;"
    "min-width:8rem}.card b{display:block;font-size:1.4rem}\n"
    "svg{max-width:100%;height:auto}svg text{font:12px system-ui,"
    "sans-serif;fill:#1b1b1b}\n"
    ".filters label{margin-right:1rem}\n"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;"
    "gap:.1rem 1rem}dl.meta dt{font-weight:bold}dl.meta dd{margin:0}\n"
    "[hidden]{display:none}\n"
    "@media print{.filters,th button{display:none}}\n";

/* Colours with a pattern of their own in the legend text: the numbers are
 * always written too, so no chart depends on colour alone. */
#define C_CLEAN "#4f9a5a"
#define C_INFO "#5b8fd6"
#define C_WARN "#e0a800"
#define C_ERR "#c0392b"

static size_t max_of(const size_t *v, size_t n) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (v[i] > m)
      m = v[i];
  return m;
}

static void chart_open(html_state *h, const char *id, const char *title,
                       unsigned w, unsigned ht) {
  putf(h,
       "<figure><svg role=\"img\" aria-labelledby=\"%s-t\" "
       "viewBox=\"0 0 %u %u\" width=\"%u\" height=\"%u\" id=\"%s\">"
       "<title id=\"%s-t\">",
       id, w, ht, w, ht, id, id);
  put_esc(h, title);
  put(h, "</title>\n");
}

/* Horizontal bars: LABELS[i] with SEGS[i][0..nseg) stacked. */
static void hbars(html_state *h, const char *id, const char *title,
                  const char *const *labels, const size_t (*segs)[4],
                  size_t n, size_t nseg, const char *const *colours) {
  unsigned label_w = 260, bar_w = 420, row = 22;
  size_t totals[HTML_CHART_BARS + 64] = {0};
  size_t cap = sizeof totals / sizeof *totals;
  if (n > cap)
    n = cap;
  for (size_t i = 0; i < n; i++)
    for (size_t s = 0; s < nseg; s++)
      totals[i] += segs[i][s];
  size_t max = max_of(totals, n);
  chart_open(h, id, title, label_w + bar_w + 170, (unsigned)(n * row + 10));
  for (size_t i = 0; i < n; i++) {
    unsigned y = (unsigned)(i * row + 5);
    double x = label_w;
    put(h, "<g class=\"bar\">");
    putf(h, "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">", label_w - 6,
         y + 14);
    put_esc(h, labels[i]);
    put(h, "</text>");
    for (size_t s = 0; s < nseg; s++) {
      double w = max ? (double)segs[i][s] * bar_w / (double)max : 0;
      if (w > 0)
        putf(h,
             "<rect x=\"%.1f\" y=\"%u\" width=\"%.1f\" height=\"%u\" "
             "fill=\"%s\"/>",
             x, y + 2, w, row - 6, colours[s]);
      x += w;
    }
    if (nseg == 2) /* the share with findings in words, not only red */
      putf(h, "<text x=\"%.1f\" y=\"%u\">%zu (%zu with findings)</text></g>\n",
           x + 6, y + 14, totals[i], segs[i][1]);
    else
      putf(h, "<text x=\"%.1f\" y=\"%u\">%zu</text></g>\n", x + 6, y + 14,
           totals[i]);
  }
  put(h, "</svg></figure>\n");
}

static void chart_checks(html_state *h) {
  const char *labels[64];
  size_t segs[64][4];
  const char *colours[] = {C_ERR};
  size_t n = 0;
  for (size_t c = 0; c < h->nchecks && n < 64; c++)
    if (h->check_findings[c]) {
      labels[n] = cl_check_at(c)->id;
      segs[n][0] = h->check_findings[c];
      n++;
    }
  if (!n) {
    put(h, "<p>No findings.</p>\n");
    return;
  }
  hbars(h, "chart-checks", "Findings by check", labels, segs, n, 1, colours);
  put(h, "<details><summary>Findings by check as a table</summary><table>"
         "<thead><tr><th>Check</th><th class=\"n\">Findings</th>"
         "<th class=\"n\">Documents</th></tr></thead><tbody>\n");
  for (size_t c = 0; c < h->nchecks; c++)
    if (h->check_findings[c]) {
      put(h, "<tr><td>");
      put_esc(h, cl_check_at(c)->id);
      putf(h, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
           h->check_findings[c], h->check_docs[c]);
    }
  put(h, "</tbody></table></details>\n");
}

static int partner_cmp(const void *a, const void *b) {
  const h_partner *x = *(h_partner *const *)a, *y = *(h_partner *const *)b;
  if (x->docs != y->docs)
    return x->docs < y->docs ? 1 : -1;
  return strcmp(x->name, y->name);
}

/* The partners tallied, most documents first, with "other" and "none"
 * last; malloc'd array (caller frees) of *N. */
static h_partner **partners_sorted(html_state *h, size_t *n) {
  h_partner **v = malloc((h->npartners + 2) * sizeof *v);
  *n = 0;
  if (!v) {
    h->failed = 1;
    return NULL;
  }
  for (size_t i = 0; i < 2 * HTML_MAX_PARTNERS; i++)
    if (h->slots[i].key)
      v[(*n)++] = &h->slots[i];
  qsort(v, *n, sizeof *v, partner_cmp);
  if (h->other.docs)
    v[(*n)++] = &h->other;
  if (h->none.docs)
    v[(*n)++] = &h->none;
  return v;
}

static void chart_partners(html_state *h, h_partner **ps, size_t n) {
  const char *labels[HTML_CHART_BARS];
  size_t segs[HTML_CHART_BARS][4];
  const char *colours[] = {C_CLEAN, C_ERR};
  size_t k = n < HTML_CHART_BARS ? n : HTML_CHART_BARS;
  for (size_t i = 0; i < k; i++) {
    labels[i] = ps[i]->name;
    segs[i][0] = ps[i]->clean;
    segs[i][1] = ps[i]->docs - ps[i]->clean;
  }
  if (!k)
    return;
  hbars(h, "chart-partners",
        "Documents by partner: without findings (green, first) and with "
        "findings (red, second)",
        labels, segs, k, 2, colours);
  put(h, "<details><summary>Documents by partner as a table</summary><table>"
         "<thead><tr><th>Partner</th><th class=\"n\">Documents</th>"
         "<th class=\"n\">With findings</th></tr></thead><tbody>\n");
  for (size_t i = 0; i < k; i++) {
    put(h, "<tr><td>");
    put_esc(h, ps[i]->name);
    putf(h, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
         ps[i]->docs, ps[i]->docs - ps[i]->clean);
  }
  put(h, "</tbody></table></details>\n");
}

static void chart_months(html_state *h) {
  qsort(h->months, h->nmonths, sizeof *h->months, month_cmp);
  size_t n = h->nmonths + (h->undated.clean + h->undated.info +
                               h->undated.warn + h->undated.err >
                           0);
  if (!n)
    return;
  unsigned col = 26, plot = 180, left = 40, w;
  w = (unsigned)(left + n * col + 10);
  if (w < 320)
    w = 320;
  size_t max = 0;
  for (size_t i = 0; i < n; i++) {
    const h_month *m = i < h->nmonths ? &h->months[i] : &h->undated;
    size_t t = m->clean + m->info + m->warn + m->err;
    if (t > max)
      max = t;
  }
  chart_open(h, "chart-months",
             "Documents by month of their date, stacked from the bottom: "
             "without findings, info, warning, error",
             w, plot + 60);
  putf(h, "<text x=\"4\" y=\"14\">%zu</text>", max);
  for (size_t i = 0; i < n; i++) {
    const h_month *m = i < h->nmonths ? &h->months[i] : &h->undated;
    size_t v[4] = {m->clean, m->info, m->warn, m->err};
    const char *colours[4] = {C_CLEAN, C_INFO, C_WARN, C_ERR};
    double y = plot + 10;
    unsigned x = (unsigned)(left + i * col);
    put(h, "<g class=\"month\">");
    for (int s = 0; s < 4; s++) {
      double bh = max ? (double)v[s] * plot / (double)max : 0;
      if (bh > 0)
        putf(h,
             "<rect x=\"%u\" y=\"%.1f\" width=\"%u\" height=\"%.1f\" "
             "fill=\"%s\"/>",
             x + 2, y - bh, col - 4, bh, colours[s]);
      y -= bh;
    }
    if (m->ym)
      putf(h,
           "<text x=\"%u\" y=\"%u\" transform=\"rotate(60 %u %u)\">"
           "%04d-%02d</text>",
           x + 4, plot + 16, x + 4, plot + 16, m->ym / 100, m->ym % 100);
    else
      putf(h,
           "<text x=\"%u\" y=\"%u\" transform=\"rotate(60 %u %u)\">"
           "undated</text>",
           x + 4, plot + 16, x + 4, plot + 16);
    put(h, "</g>\n");
  }
  put(h, "</svg></figure>\n");
  put(h, "<details><summary>Documents by month as a table</summary><table>"
         "<thead><tr><th>Month</th><th class=\"n\">Without findings</th>"
         "<th class=\"n\">Info</th><th class=\"n\">Warning</th>"
         "<th class=\"n\">Error</th></tr></thead><tbody>\n");
  for (size_t i = 0; i < n; i++) {
    const h_month *m = i < h->nmonths ? &h->months[i] : &h->undated;
    if (m->ym)
      putf(h, "<tr><td>%04d-%02d</td>", m->ym / 100, m->ym % 100);
    else
      put(h, "<tr><td>undated</td>");
    putf(h,
         "<td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
         "<td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
         m->clean, m->info, m->warn, m->err);
  }
  put(h, "</tbody></table></details>\n");
}

/* ------------------------------------------------------------ sections */

/* The licence status of a partner under the policy: the agreement naming
 * it (by canonical key), judged on the as-of day. */
static const char *licence_status(html_state *h, const h_partner *p) {
  const cl_policy *pol = h->o.rules ? h->o.rules->policy : NULL;
  if (!pol || !p->key)
    return "unknown";
  for (size_t i = 0; i < pol->nagreements; i++) {
    const cl_agreement *a = &pol->agreements[i];
    if (a->party < 0 || (size_t)a->party >= pol->nparties ||
        strcmp(pol->parties[a->party].key, p->key) != 0)
      continue;
    if (!a->licensed)
      return "unlicensed";
    cl_date_range day;
    const char *as_of = h->o.as_of ? h->o.as_of : h->o.generated;
    if (!as_of || cl_date_parse(as_of, &day) != 0)
      return "licensed";
    if (a->has_until && day.lo > a->until.hi)
      return "expired";
    if (a->has_from && day.hi < a->from.lo)
      return "not yet valid";
    return "licensed";
  }
  return "unknown";
}

static void section_partners(html_state *h, h_partner **ps, size_t n) {
  put(h, "<section id=\"partners\"><h2>Partners</h2>\n");
  if (!n) {
    put(h, "<p>No documents.</p></section>\n");
    return;
  }
  put(h, "<p>Syndication parties, wire sources and the rights holders "
         "feeds state in their metadata, merged through the policy's "
         "parties and the built-in agency names. A document counts once "
         "under each partner it credits, in the column of its most severe "
         "finding.</p>\n");
  put(h, "<table class=\"sortable\" id=\"partners-table\"><thead><tr>"
         "<th><button type=\"button\">Partner</button></th>"
         "<th class=\"n\"><button type=\"button\">Documents</button></th>"
         "<th class=\"n\"><button type=\"button\">Without findings</button>"
         "</th>"
         "<th class=\"n\"><button type=\"button\">Errors</button></th>"
         "<th class=\"n\"><button type=\"button\">Warnings</button></th>"
         "<th class=\"n\"><button type=\"button\">Info</button></th>"
         "<th><button type=\"button\">Licence</button></th>"
         "<th class=\"n\"><button type=\"button\">Credit lines</button></th>"
         "</tr></thead><tbody>\n");
  for (size_t i = 0; i < n; i++) {
    const h_partner *p = ps[i];
    put(h, "<tr class=\"partner\"><td>");
    put_esc(h, p->name);
    putf(h,
         "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
         "<td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
         "<td class=\"n\">%zu</td><td>%s</td><td class=\"n\">%zu</td></tr>\n",
         p->docs, p->clean, p->err, p->warn, p->info,
         p->key ? licence_status(h, p) : "", p->credits);
  }
  put(h, "</tbody></table>\n");
  chart_partners(h, ps, n);
  put(h, "</section>\n");
}

static void section_findings(html_state *h, h_partner **ps, size_t n) {
  size_t total = h->sev[1] + h->sev[2] + h->sev[3];
  putf(h, "<section id=\"findings\"><h2>Findings (%zu)</h2>\n", total);
  chart_checks(h);
  if (!total) {
    put(h, "</section>\n");
    return;
  }
  put(h, "<form class=\"filters\" id=\"filters\" hidden><label>Partner "
         "<select id=\"f-partner\"><option value=\"\">all</option>");
  for (size_t i = 0; i < n; i++) {
    const char *e = esc(h, ps[i]->name);
    putf(h, "<option value=\"%s\">%s</option>", e, e);
  }
  put(h, "</select></label><label>Severity <select id=\"f-sev\">"
         "<option value=\"\">all</option><option>error</option>"
         "<option>warning</option><option>info</option></select></label>"
         "<label>Check <select id=\"f-check\"><option value=\"\">all"
         "</option>");
  for (size_t c = 0; c < h->nchecks; c++)
    if (h->check_findings[c])
      putf(h, "<option>%s</option>", esc(h, cl_check_at(c)->id));
  put(h, "</select></label> <output id=\"f-count\"></output></form>\n");
  for (size_t c = 0; c < h->nchecks; c++) {
    if (!h->check_findings[c])
      continue;
    const cl_check_info *ci = cl_check_at(c);
    put(h, "<section class=\"check\" data-check=\"");
    put_esc(h, ci->id);
    put(h, "\"><h3><code>");
    put_esc(h, ci->id);
    putf(h, "</code>: %zu in %zu document%s</h3><p>", h->check_findings[c],
         h->check_docs[c], h->check_docs[c] == 1 ? "" : "s");
    put_esc(h, ci->summary);
    put(h, "</p><table><thead><tr><th>Severity</th><th>Location</th>"
           "<th>Message</th><th>Line to add or change</th></tr></thead>"
           "<tbody>\n");
    if (fflush(h->out) == EOF || cl_spool_copy(&h->spools[c], h->out) < 0)
      h->failed = 1;
    put(h, "</tbody></table></section>\n");
  }
  put(h, "</section>\n");
}

static void section_bundles(html_state *h, const cl_report *r) {
  /* The snapshot merges what a streaming report already passed on. */
  cl_bundles *bs = cl_bundles_new(r);
  if (!bs) {
    h->failed = 1;
    return;
  }
  size_t n = cl_bundles_count(bs);
  if (n) {
    put(h, "<section id=\"bundles\"><h2>Bundles</h2><table><thead><tr>"
           "<th>Archive</th><th class=\"n\">Documents</th>"
           "<th class=\"n\">With findings</th><th class=\"n\">Credits</th>"
           "<th class=\"n\">Errors</th><th>Holders</th><th>Parties</th>"
           "</tr></thead><tbody>\n");
    for (size_t i = 0; i < n; i++) {
      const cl_bundle *b = cl_bundles_at(bs, i);
      put(h, "<tr class=\"bundle\"><td>");
      put_esc(h, b->path);
      putf(h,
           "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
           "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>",
           b->documents, b->documents_with_findings, b->credits, b->errors);
      for (size_t k = 0; k < b->holder_count && k < 10; k++) {
        put_esc(h, b->holders[k].name);
        putf(h, " (%zu)%s", b->holders[k].count,
             k + 1 < b->holder_count && k < 9 ? "; " : "");
      }
      put(h, "</td><td>");
      for (size_t k = 0; k < b->party_count && k < 10; k++) {
        put_esc(h, b->parties[k].name);
        putf(h, " (%zu)%s", b->parties[k].count,
             k + 1 < b->party_count && k < 9 ? "; " : "");
      }
      put(h, "</td></tr>\n");
    }
    put(h, "</tbody></table></section>\n");
  }
  cl_bundles_free(bs);
}

static void section_errors(html_state *h, const cl_report *r) {
  size_t ne = cl_report_error_count(r), nn = cl_report_note_count(r);
  putf(h, "<section id=\"errors\"><h2>Input errors and skipped files "
          "(%zu)</h2>\n",
       ne + nn);
  if (!ne && !nn) {
    put(h, "<p>Every input was read.</p></section>\n");
    return;
  }
  put(h, "<table><thead><tr><th>Input</th><th>What happened</th>"
         "<th>Scanned</th></tr></thead><tbody>\n");
  for (size_t i = 0; i < ne; i++) {
    const cl_error *e = cl_report_error(r, i);
    put(h, "<tr class=\"input-error\"><td>");
    put_esc(h, e->path);
    put(h, "</td><td>");
    put_esc(h, e->message);
    put(h, e->fatal_to_document ? "</td><td>no</td></tr>\n"
                                : "</td><td>partly</td></tr>\n");
  }
  for (size_t i = 0; i < nn; i++) {
    put(h, "<tr class=\"note\"><td>");
    put_esc(h, cl_report_note_path(r, i));
    put(h, "</td><td>");
    put_esc(h, cl_report_note_message(r, i));
    put(h, "</td><td>skipped</td></tr>\n");
  }
  put(h, "</tbody></table></section>\n");
}

/* Sorting (click a header of a sortable table) and the findings filter.
 * Shipped with the page; nothing else runs. */
static const char *const script =
    "(function(){\n"
    "document.querySelectorAll('table.sortable').forEach(function(t){\n"
    " t.querySelectorAll('th button').forEach(function(b,i){\n"
    "  b.addEventListener('click',function(){\n"
    "   var tb=t.tBodies[0],rows=Array.from(tb.rows),"
    "desc=b.dataset.dir!=='desc';\n"
    "   t.querySelectorAll('th button').forEach(function(o){"
    "delete o.dataset.dir;o.parentNode.removeAttribute('aria-sort');});\n"
    "   b.dataset.dir=desc?'desc':'asc';\n"
    "   b.parentNode.setAttribute('aria-sort',desc?'descending':"
    "'ascending');\n"
    "   rows.sort(function(x,y){var a=x.cells[i].textContent,"
    "c=y.cells[i].textContent,na=parseFloat(a),nc=parseFloat(c);\n"
    "    var r=(!isNaN(na)&&!isNaN(nc))?na-nc:a.localeCompare(c);"
    "return desc?-r:r;});\n"
    "   rows.forEach(function(r){tb.appendChild(r);});});});});\n"
    "var f=document.getElementById('filters');if(!f)return;f.hidden=false;\n"
    "function apply(){var p=document.getElementById('f-partner').value,"
    "s=document.getElementById('f-sev').value,"
    "c=document.getElementById('f-check').value,shown=0;\n"
    " document.querySelectorAll('section.check').forEach(function(sec){"
    "var any=0,ok=!c||sec.dataset.check===c;\n"
    "  sec.querySelectorAll('tr.f').forEach(function(r){var v=ok&&"
    "(!s||r.dataset.sev===s)&&(!p||r.dataset.partners.split('\\n')"
    ".indexOf(p)>=0);r.hidden=!v;if(v){any++;shown++;}});\n"
    "  sec.hidden=!any;});\n"
    " document.getElementById('f-count').textContent=shown+' shown';}\n"
    "f.addEventListener('change',apply);apply();\n"
    "})();\n";

static cl_status html_end(void *state, const cl_report *r) {
  html_state *h = state;
  cl_summary s;
  cl_report_summary(r, &s);
  size_t np = 0;
  h_partner **ps = partners_sorted(h, &np);

  put(h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\""
         "default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'\">\n"
         "<title>creditline audit report</title>\n<style>");
  put(h, css);
  put(h, "</style></head><body>\n<header><h1>Credit line audit</h1>"
         "<dl class=\"meta\">");
  put(h, "<dt>Scanned</dt><dd>");
  for (size_t i = 0; i < h->o.input_count; i++) {
    put(h, i ? ", <code>" : "<code>");
    put_esc(h, h->o.inputs[i]);
    put(h, "</code>");
  }
  if (!h->o.input_count)
    put(h, "(not stated)");
  putf(h, "</dd><dt>Documents</dt><dd>%zu (%llu bytes)</dd>", s.documents,
       s.bytes);
  if (h->o.timed) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    putf(h, "<dt>Time</dt><dd>%.1f s</dd>",
         (double)(now.tv_sec - h->start.tv_sec) +
             (double)(now.tv_nsec - h->start.tv_nsec) / 1e9);
  }
  put(h, "<dt>Rules</dt><dd>");
  if (h->o.rules) {
    putf(h, "%zu rules from %zu files", cl_rules_count(h->o.rules),
         cl_rules_file_count(h->o.rules));
  } else {
    put(h, "(not stated)");
  }
  put(h, "</dd><dt>Policy</dt><dd>");
  size_t na = h->o.rules ? cl_rules_agreement_count(h->o.rules) : 0;
  if (!na)
    put(h, "none");
  for (size_t i = 0; i < na; i++) {
    put(h, i ? "; " : "");
    put_esc(h, cl_rules_agreement_id(h->o.rules, i));
    put(h, " (");
    put_esc(h, cl_rules_agreement_file(h->o.rules, i));
    put(h, ")");
  }
  put(h, "</dd>");
  if (h->o.generated) {
    put(h, "<dt>Date</dt><dd>");
    put_esc(h, h->o.generated);
    put(h, "</dd>");
  }
  put(h, "</dl></header>\n<main>\n<section id=\"summary\"><h2>Summary</h2>"
         "<div class=\"cards\">");
  putf(h,
       "<div class=\"card\" id=\"n-documents\"><b>%zu</b>documents</div>"
       "<div class=\"card\" id=\"n-with-findings\"><b>%zu</b>with findings"
       "</div>"
       "<div class=\"card\" id=\"n-errors\"><b>%zu</b>errors</div>"
       "<div class=\"card\" id=\"n-warnings\"><b>%zu</b>warnings</div>"
       "<div class=\"card\" id=\"n-info\"><b>%zu</b>info</div>"
       "<div class=\"card\" id=\"n-credits\"><b>%zu</b>credit lines</div>"
       "<div class=\"card\" id=\"n-input-errors\"><b>%zu</b>input errors"
       "</div>",
       s.documents, s.documents_with_findings, s.findings[CL_SEV_ERROR],
       s.findings[CL_SEV_WARNING], s.findings[CL_SEV_INFO], s.credits,
       s.errors);
  put(h, "</div>\n");
  chart_months(h);
  put(h, "</section>\n");
  section_partners(h, ps, np);
  section_findings(h, ps, np);
  section_bundles(h, r);
  section_errors(h, r);
  put(h, "</main>\n<script>");
  put(h, script);
  put(h, "</script>\n</body></html>\n");
  free(ps);
  return h->failed || ferror(h->out) ? CL_FAILED : CL_OK;
}

static void html_fini(void *state) {
  html_state *h = state;
  for (size_t i = 0; h->spools && i < h->nchecks; i++)
    cl_spool_close(&h->spools[i]);
  for (size_t i = 0; h->slots && i < 2 * HTML_MAX_PARTNERS; i++) {
    free(h->slots[i].key);
    free(h->slots[i].name);
  }
  free(h->spools);
  free(h->check_findings);
  free(h->check_docs);
  free(h->check_seen);
  free(h->slots);
  free(h->months);
  cl_buf_free(&h->esc);
  cl_buf_free(&h->tmp);
  cl_buf_free(&h->key);
}

const cl_reporter cl_reporter_html = {CL_FORMAT_HTML, "html",
                                      sizeof(html_state), html_begin,
                                      html_document, html_end, html_fini};
