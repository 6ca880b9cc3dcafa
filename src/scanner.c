/* scanner.c - drives the pipeline: source -> document -> text -> match ->
 * credits -> checks -> report.
 *
 * With one job everything runs in the caller's thread.  With more, the
 * walker (caller's thread) feeds a bounded queue of documents to workers;
 * every event (document, read error, note) gets a sequence number and
 * results are added to the report strictly in that order by the caller's
 * thread, so output is the same whatever the number of jobs.  Each worker
 * owns its matcher (PCRE2 match data, JIT stack) and text buffers; the
 * compiled rules and the prefilter are shared read-only. */
#include "internal.h"

#include <errno.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEXT_CHUNK (1u << 20)   /* normalised bytes held per plain-text pass */
#define REORDER_WINDOW 256u     /* events in flight, bounds pending results */

void cl_options_init(cl_options *opt) {
  memset(opt, 0, sizeof *opt);
  opt->jobs = 0;
  opt->max_file_size = (size_t)256 << 20;
  opt->max_line_length = 64 * 1024;
  opt->max_markup_size = (size_t)16 << 20;
  opt->max_depth = 5;
  opt->max_archive_bytes = 4ULL << 30;
  opt->max_archive_ratio = 200;
  opt->max_archive_entries = 1000000;
  opt->match_limit = 1000000;
  opt->depth_limit = 10000;
}

/* Per-thread state. */
typedef struct {
  cl_matcher *m;
  cl_text text;
} worker_state;

typedef enum { EV_DOC, EV_ERROR, EV_NOTE } ev_type;

typedef struct {
  int ready;
  ev_type type;
  cl_docres *d;        /* EV_DOC (NULL if out of memory)  */
  char *path, *msg;    /* EV_ERROR, EV_NOTE               */
  size_t archive_len;  /* EV_ERROR                        */
} event;

typedef struct {
  unsigned long seq;
  cl_doc *doc;
} job;

struct cl_scanner {
  const cl_rules *rules;
  cl_options opt;
  cl_prefilter *pf;
  char *repo_root; /* fingerprints are relative to it */
  char *cwd;       /* asked once: each document's repository path reads it */
  worker_state main_ws;
  cl_document_fn doc_fn;
  void *doc_ud;
  char error[256];

  /* Parallel scan state, valid during cl_scanner_scan_path. */
  cl_report *report;
  pthread_mutex_t mu;
  pthread_cond_t cv_work, cv_done;
  job *queue;
  size_t qcap, qhead, qlen;
  int closing;
  event ring[REORDER_WINDOW];
  unsigned long next_seq, next_emit;
  int oom;
  int parallel;
};

static int worker_init(worker_state *ws, const cl_scanner *sc) {
  cl_text_init(&ws->text);
  ws->m = cl_matcher_new(sc->rules, sc->opt.no_prefilter ? NULL : sc->pf, &sc->opt);
  return ws->m ? 0 : -1;
}

static void worker_fini(worker_state *ws) {
  cl_matcher_free(ws->m);
  ws->m = NULL;
  cl_text_free(&ws->text);
}

cl_scanner *cl_scanner_new(const cl_rules *rules, const cl_options *opt) {
  /* libxml2 sets up its globals on first use, unguarded: it must happen
   * here, in the caller's thread, before workers parse pages at once
   * (ThreadSanitizer saw two workers race in xmlInitParser).  It is
   * idempotent. */
  xmlInitParser();
  cl_scanner *sc = calloc(1, sizeof *sc);
  if (!sc)
    return NULL;
  sc->rules = rules;
  if (opt)
    sc->opt = *opt;
  else
    cl_options_init(&sc->opt);
  if (!sc->opt.policy)
    sc->opt.policy = rules;
  if (sc->opt.jobs <= 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    sc->opt.jobs = n > 0 ? (int)(n > 64 ? 64 : n) : 1;
  }
  sc->pf = cl_prefilter_new(rules);
  sc->repo_root = cl_path_repo_root();
  sc->cwd = cl_path_absolute(".");
  if (!sc->pf || !sc->repo_root || !sc->cwd ||
      worker_init(&sc->main_ws, sc) < 0) {
    cl_scanner_free(sc);
    return NULL;
  }
  return sc;
}

void cl_scanner_free(cl_scanner *sc) {
  if (!sc)
    return;
  worker_fini(&sc->main_ws);
  cl_prefilter_free(sc->pf);
  free(sc->repo_root);
  free(sc->cwd);
  free(sc);
}

void cl_scanner_set_document_callback(cl_scanner *sc, cl_document_fn fn,
                                      void *ud) {
  sc->doc_fn = fn;
  sc->doc_ud = ud;
}

const char *cl_scanner_error(const cl_scanner *sc) { return sc->error; }

/* Credits come out rule by rule within a line; order them by position. */
static int credit_cmp(const void *a, const void *b) {
  const cl_credit *x = a, *y = b;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  return 0;
}

static void sort_credits(cl_credit *v, size_t n) {
  /* Insertion sort: stable, and the input is nearly sorted. */
  for (size_t i = 1; i < n; i++) {
    cl_credit c = v[i];
    size_t j = i;
    while (j > 0 && credit_cmp(&v[j - 1], &c) > 0) {
      v[j] = v[j - 1];
      j--;
    }
    v[j] = c;
  }
}

/* One document in the making: what scan_body allocates is kept here, so
 * that a read fault in a mapped file (cl_mapped_run) leaves nothing
 * unreachable. */
typedef struct {
  const cl_scanner *sc;
  worker_state *ws;
  const char *path, *data;
  size_t archive_len; /* cl_document's: set before any check needs it */
  size_t len;
  int mapped;
  cl_docres *d;
  char *owned; /* the decoded text, when not DATA itself */
} doc_job;

/* Markup too large for its own limit, or past the element and attribute
 * caps, is not parsed: the document is scanned as plain text, which holds
 * no tree (about 20 bytes a byte of HTML), and the cap is reported.  1
 * when so, 0 when it may be parsed, -1 on ENOMEM. */
static int markup_capped(const cl_scanner *sc, cl_docres *d, cl_docfmt fmt,
                         const char *src, size_t len) {
  size_t at = 0;
  const char *what = NULL;
  if (fmt != CL_DOCFMT_HTML && fmt != CL_DOCFMT_NITF &&
      fmt != CL_DOCFMT_NEWSML && fmt != CL_DOCFMT_XML)
    return 0;
  if (sc->opt.max_markup_size && len > sc->opt.max_markup_size)
    return cl_docres_add_error(d,
                               "%s: markup larger than --max-markup-size (%zu "
                               "bytes): scanned as plain text",
                               d->pub.path, sc->opt.max_markup_size) < 0
               ? -1
               : 1;
  if (!cl_markup_flood(src, len, fmt == CL_DOCFMT_HTML, &at, &what))
    return 0;
  return cl_docres_add_error(d,
                             "%s:%lu: %s: markup not parsed, scanned as "
                             "plain text",
                             d->pub.path, cl_markup_line_at(src, at),
                             what) < 0
             ? -1
             : 1;
}

/* The whole per-document pipeline: 0, or -1 on ENOMEM. */
static int scan_body(void *arg) {
  doc_job *j = arg;
  const cl_scanner *sc = j->sc;
  worker_state *ws = j->ws;
  const char *src = NULL, *enc = NULL;
  size_t src_len = 0;

  int office = cl_office_detect(j->data, j->len);
  if (!office &&
      cl_decode(j->data, j->len, &src, &src_len, &j->owned, &enc) < 0)
    return -1;
  cl_docfmt fmt = office ? CL_DOCFMT_OFFICE
                         : cl_docfmt_detect(j->path, src, src_len);
  cl_docres *d = j->d = cl_docres_new(j->path, cl_docfmt_name(fmt), j->len);
  if (!d)
    return -1;
  d->pub.archive_len = j->archive_len;
  d->repo_root = sc->repo_root;
  d->cwd = sc->cwd;
  if (office) {
    /* Its paragraphs, one a line, are the source from here on. */
    int r = cl_office_text(j->data, j->len, &sc->opt, d, &j->owned, &src_len);
    if (r != 0)
      return r < 0 ? -1 : 0;
    src = j->owned;
  }
  int capped = markup_capped(sc, d, fmt, src, src_len);
  if (capped < 0)
    return -1;
  if (capped) {
    /* Scanned as text with its tags blanked: a copy, unless decoding
     * already made one. */
    if (!j->owned) {
      j->owned = malloc(src_len + 1);
      if (!j->owned)
        return -1;
      memcpy(j->owned, src, src_len);
      j->owned[src_len] = '\0';
      src = j->owned;
    }
    cl_markup_blank(j->owned, src_len);
    fmt = CL_DOCFMT_TEXT;
  }
  cl_matcher_reset(ws->m);
  cl_text_reset(&ws->text, src, src_len);
  if (fmt == CL_DOCFMT_TEXT) {
    size_t pos = 0, released = 0;
    unsigned line = 1;
    int more;
    do {
      more = cl_text_fill_plain_filtered(&ws->text, &pos, &line,
                                         sc->opt.max_line_length, TEXT_CHUNK,
                                         /* lines no rule can match are
                                          * dropped before normalising */
                                         sc->opt.no_prefilter ? NULL
                                                              : cl_matcher_keep_raw,
                                         ws->m);
      if (more < 0 || cl_match_text(ws->m, &ws->text, d) < 0)
        return -1;
      cl_text_clear_lines(&ws->text);
      /* A long mapped file: what was scanned need not stay resident. */
      if (j->mapped && !j->owned && more) {
        size_t upto = (size_t)(src - j->data) + pos;
        /* From the last whole page released: the range never grows. */
        cl_mapped_release(j->data, released, upto);
        released = upto & ~(size_t)4095;
      }
    } while (more);
  } else {
    if (cl_docfmt_extract(fmt, &ws->text, d,
                          sc->opt.no_prefilter ? NULL : cl_matcher_keep_raw,
                          ws->m) < 0 ||
        cl_match_text(ws->m, &ws->text, d) < 0)
      return -1;
    cl_text_clear_lines(&ws->text);
  }
  sort_credits(d->credits, d->ncredits);
  /* Pages list other articles with their bylines; text files are often
   * several stories, each with its own. */
  if (fmt == CL_DOCFMT_HTML && cl_credits_drop_teasers(d) < 0)
    return -1;
  if (cl_checks_run(d, &sc->opt) < 0)
    return -1;
  /* Plain text was read once, by the matcher, which saw any directive;
   * markup keeps directives in comments, which its visible text drops. */
  if ((fmt != CL_DOCFMT_TEXT || d->directive_seen) &&
      cl_suppress_apply(d, src, src_len, &sc->opt) < 0)
    return -1;
  return 0;
}

/* Scans one document.  A mapped one (only plain text is: source.c reads
 * markup) is read under cl_mapped_run: if its file shrinks meanwhile, the
 * document is an input error instead of a SIGBUS.  Returns NULL only on
 * ENOMEM. */
static cl_docres *scan_document(const cl_scanner *sc, worker_state *ws,
                                const char *path, size_t archive_len,
                                const char *data, size_t len, int mapped) {
  doc_job j = {sc, ws, path, data, archive_len, len, mapped, NULL, NULL};
  int rc = mapped ? cl_mapped_run(data, len, scan_body, &j) : scan_body(&j);
  /* The text buffers borrow the text: drop the borrow before freeing it. */
  cl_text_reset(&ws->text, NULL, 0);
  free(j.owned);
  if (rc == CL_MAPPED_FAULT) {
    /* What was found before the fault is of a file that no longer is. */
    cl_docres_free(j.d);
    cl_matcher_reset(ws->m);
    cl_text_clear_lines(&ws->text);
    j.d = cl_docres_new(path, "text", len);
    if (j.d)
      j.d->pub.archive_len = archive_len;
    if (j.d && cl_docres_add_error(j.d, "%s: " CL_SHRANK_MSG "; not scanned",
                                   path) < 0) {
      cl_docres_free(j.d);
      j.d = NULL;
    }
    return j.d;
  }
  if (rc < 0) {
    cl_docres_free(j.d);
    return NULL;
  }
  return j.d;
}

/* ------------------------------------------------------ sequential path */

static int add_result(cl_scanner *sc, cl_docres *d) {
  if (cl_report_add_document(sc->report, d) < 0) {
    cl_docres_free(d);
    return -1;
  }
  if (sc->doc_fn) {
    size_t n = cl_report_document_count(sc->report);
    sc->doc_fn(cl_report_document(sc->report, n - 1), sc->doc_ud);
  }
  return 0;
}

static int seq_on_doc(void *ud, cl_doc *doc) {
  cl_scanner *sc = ud;
  cl_docres *d = scan_document(sc, &sc->main_ws, doc->path, doc->archive_len,
                               doc->data, doc->len,
                               doc->map != NULL);
  cl_doc_free(doc);
  if (!d || add_result(sc, d) < 0) {
    sc->oom = 1;
    return -1;
  }
  return 0;
}

static void seq_on_error(void *ud, const char *path, size_t archive_len,
                         const char *msg) {
  cl_scanner *sc = ud;
  if (cl_report_add_error(sc->report, path, archive_len, 1, "%s", msg) < 0)
    sc->oom = 1;
}

static void seq_on_note(void *ud, const char *path, const char *msg) {
  cl_scanner *sc = ud;
  if (cl_report_add_note(sc->report, path, "%s", msg) < 0)
    sc->oom = 1;
}

/* -------------------------------------------------------- parallel path */

/* Called with sc->mu held, by the caller's thread only. */
static void flush_ready(cl_scanner *sc) {
  for (;;) {
    event *ev = &sc->ring[sc->next_emit % REORDER_WINDOW];
    if (!ev->ready || sc->next_emit == sc->next_seq)
      break;
    event e = *ev;
    memset(ev, 0, sizeof *ev);
    sc->next_emit++;
    pthread_cond_broadcast(&sc->cv_done); /* room in the window */
    pthread_mutex_unlock(&sc->mu);
    int rc = 0;
    if (e.type == EV_DOC)
      rc = e.d ? add_result(sc, e.d) : -1;
    else if (e.type == EV_ERROR)
      rc = cl_report_add_error(sc->report, e.path, e.archive_len, 1, "%s",
                               e.msg);
    else
      rc = cl_report_add_note(sc->report, e.path, "%s", e.msg);
    free(e.path);
    free(e.msg);
    pthread_mutex_lock(&sc->mu);
    if (rc < 0)
      sc->oom = 1;
  }
}

/* Takes a sequence number, waiting while the reorder window is full. */
static unsigned long take_seq(cl_scanner *sc) {
  while (sc->next_seq - sc->next_emit >= REORDER_WINDOW) {
    flush_ready(sc);
    if (sc->next_seq - sc->next_emit >= REORDER_WINDOW)
      pthread_cond_wait(&sc->cv_done, &sc->mu);
  }
  return sc->next_seq++;
}

static void complete(cl_scanner *sc, unsigned long seq, ev_type type,
                     cl_docres *d, const char *path, const char *msg) {
  event *ev = &sc->ring[seq % REORDER_WINDOW];
  ev->type = type;
  ev->d = d;
  ev->path = path ? cl_strdup(path) : NULL;
  ev->msg = msg ? cl_strdup(msg) : NULL;
  if ((path && !ev->path) || (msg && !ev->msg))
    sc->oom = 1;
  ev->ready = 1;
  pthread_cond_broadcast(&sc->cv_done);
}

static int par_on_doc(void *ud, cl_doc *doc) {
  cl_scanner *sc = ud;
  pthread_mutex_lock(&sc->mu);
  unsigned long seq = take_seq(sc);
  while (sc->qlen == sc->qcap) {
    flush_ready(sc);
    if (sc->qlen == sc->qcap)
      pthread_cond_wait(&sc->cv_done, &sc->mu);
  }
  sc->queue[(sc->qhead + sc->qlen) % sc->qcap] = (job){seq, doc};
  sc->qlen++;
  pthread_cond_signal(&sc->cv_work);
  flush_ready(sc);
  int stop = sc->oom;
  pthread_mutex_unlock(&sc->mu);
  return stop ? -1 : 0;
}

static void par_event(cl_scanner *sc, ev_type type, const char *path,
                      size_t archive_len, const char *msg) {
  pthread_mutex_lock(&sc->mu);
  unsigned long seq = take_seq(sc);
  sc->ring[seq % REORDER_WINDOW].archive_len = archive_len;
  complete(sc, seq, type, NULL, path, msg);
  flush_ready(sc);
  pthread_mutex_unlock(&sc->mu);
}

static void par_on_error(void *ud, const char *path, size_t archive_len,
                         const char *msg) {
  par_event(ud, EV_ERROR, path, archive_len, msg);
}

static void par_on_note(void *ud, const char *path, const char *msg) {
  par_event(ud, EV_NOTE, path, 0, msg);
}

static void *worker_main(void *arg) {
  cl_scanner *sc = arg;
  worker_state ws;
  int ok = worker_init(&ws, sc) == 0;
  pthread_mutex_lock(&sc->mu);
  if (!ok)
    sc->oom = 1;
  for (;;) {
    while (sc->qlen == 0 && !sc->closing)
      pthread_cond_wait(&sc->cv_work, &sc->mu);
    if (sc->qlen == 0)
      break;
    job j = sc->queue[sc->qhead];
    sc->qhead = (sc->qhead + 1) % sc->qcap;
    sc->qlen--;
    pthread_cond_broadcast(&sc->cv_done); /* room in the queue */
    pthread_mutex_unlock(&sc->mu);
    cl_docres *d = ok ? scan_document(sc, &ws, j.doc->path,
                                      j.doc->archive_len, j.doc->data,
                                      j.doc->len, j.doc->map != NULL)
                      : NULL;
    cl_doc_free(j.doc);
    pthread_mutex_lock(&sc->mu);
    complete(sc, j.seq, EV_DOC, d, NULL, NULL);
  }
  pthread_mutex_unlock(&sc->mu);
  if (ok)
    worker_fini(&ws);
  return NULL;
}

static cl_status scan_parallel(cl_scanner *sc, const char *path) {
  cl_status st = CL_OK;
  pthread_t *tids = NULL;
  int started = 0, njobs = sc->opt.jobs;

  sc->qcap = (size_t)njobs * 2;
  sc->queue = calloc(sc->qcap, sizeof *sc->queue);
  tids = calloc((size_t)njobs, sizeof *tids);
  if (!sc->queue || !tids) {
    st = CL_FATAL;
    goto cleanup;
  }
  pthread_mutex_init(&sc->mu, NULL);
  pthread_cond_init(&sc->cv_work, NULL);
  pthread_cond_init(&sc->cv_done, NULL);
  sc->qhead = sc->qlen = 0;
  sc->closing = 0;
  sc->next_seq = sc->next_emit = 0;
  for (; started < njobs; started++)
    if (pthread_create(&tids[started], NULL, worker_main, sc) != 0)
      break;
  if (started == 0) {
    st = CL_FATAL;
    goto destroy;
  }
  cl_sink sink = {par_on_doc, par_on_error, par_on_note, sc};
  st = cl_source_walk(path, &sc->opt, &sink);

  pthread_mutex_lock(&sc->mu);
  sc->closing = 1;
  pthread_cond_broadcast(&sc->cv_work);
  while (sc->next_emit < sc->next_seq) {
    flush_ready(sc);
    if (sc->next_emit < sc->next_seq)
      pthread_cond_wait(&sc->cv_done, &sc->mu);
  }
  pthread_mutex_unlock(&sc->mu);
  for (int i = 0; i < started; i++)
    pthread_join(tids[i], NULL);

destroy:
  pthread_cond_destroy(&sc->cv_work);
  pthread_cond_destroy(&sc->cv_done);
  pthread_mutex_destroy(&sc->mu);
cleanup:
  free(tids);
  free(sc->queue);
  sc->queue = NULL;
  return st;
}

cl_status cl_scanner_scan_path(cl_scanner *sc, const char *path,
                               cl_report *report) {
  cl_status st;
  sc->report = report;
  cl_report_set_names(report, sc->opt.policy);
  sc->oom = 0;
  sc->error[0] = '\0';
  if (sc->opt.jobs > 1) {
    sc->parallel = 1;
    st = scan_parallel(sc, path);
  } else {
    sc->parallel = 0;
    cl_sink sink = {seq_on_doc, seq_on_error, seq_on_note, sc};
    st = cl_source_walk(path, &sc->opt, &sink);
  }
  sc->report = NULL;
  if (sc->oom || st == CL_FATAL) {
    snprintf(sc->error, sizeof sc->error, "out of memory while scanning %s", path);
    return CL_FATAL;
  }
  return st;
}

static cl_status scan_one(cl_scanner *sc, const char *name, const char *data,
                          size_t len, int mapped, cl_report *report) {
  sc->report = report;
  cl_report_set_names(report, sc->opt.policy);
  sc->error[0] = '\0';
  /* What a walk notes and skips (PDF) is noted here too; a bundle in
   * memory (an upload) is read entry by entry, as on disk, but an Office
   * document, a zip too, is one document. */
  const char *unsupported = mapped ? NULL : cl_unsupported_document(data, len);
  if (unsupported) {
    int rc = cl_report_add_note(report, name, "%s", unsupported);
    sc->report = NULL;
    return rc < 0 ? CL_FATAL : CL_OK;
  }
  if (!mapped && !cl_office_detect(data, len) && cl_archive_detect(data, len)) {
    cl_sink sink = {seq_on_doc, seq_on_error, seq_on_note, sc};
    sc->oom = 0;
    cl_status st = cl_archive_scan(name, data, len, 1, &sc->opt, &sink);
    sc->report = NULL;
    if (st == CL_FATAL || sc->oom) {
      snprintf(sc->error, sizeof sc->error, "out of memory while scanning %s",
               name);
      return CL_FATAL;
    }
    return st;
  }
  cl_docres *d = scan_document(sc, &sc->main_ws, name, 0, data, len, mapped);
  int rc = d ? add_result(sc, d) : -1;
  sc->report = NULL;
  if (rc < 0) {
    snprintf(sc->error, sizeof sc->error, "out of memory while scanning %s", name);
    return CL_FATAL;
  }
  return CL_OK;
}

cl_status cl_scanner_scan_buffer(cl_scanner *sc, const char *name,
                                 const char *data, size_t len,
                                 cl_report *report) {
  return scan_one(sc, name, data, len, 0, report);
}

cl_status cl_scanner_scan_mapped(cl_scanner *sc, const char *name,
                                 const char *data, size_t len,
                                 cl_report *report) {
  return scan_one(sc, name, data, len, 1, report);
}
