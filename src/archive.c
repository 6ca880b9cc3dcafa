/* archive.c - archives and compressed streams read with libarchive: entries
 * are streamed from memory into one bounded buffer at a time and handed on
 * as documents named "archive!/entry"; nothing is ever written to disk. */
#include "internal.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define ARCHIVE_CHUNK ((size_t)64 * 1024)
/* The ratio guard waits for this much output: small archives of tiny
 * entries compress well without being bombs. */
#define RATIO_GRACE ((unsigned long long)1024 * 1024)
/* Consecutive ARCHIVE_RETRY answers tolerated before giving up. */
#define MAX_RETRIES 16

typedef enum { KIND_NONE = 0, KIND_ARCHIVE, KIND_RAW } archive_kind;

/* Every read format but mtree (it bids on plain text listings) and empty
 * (it takes an empty input); raw is added only for a lone compressed
 * stream.  Same set as archive_read_support_format_all otherwise. */
/* Filters decoded in-process.  Not filter_all: for lrzip, grzip and lzop
 * (no liblzo2 in Debian's build) libarchive would spawn an external program
 * on a hostile file's say-so. */
static void archive_support_filters(struct archive *a) {
  archive_read_support_filter_bzip2(a);
  archive_read_support_filter_compress(a);
  archive_read_support_filter_gzip(a);
  archive_read_support_filter_lz4(a);
  archive_read_support_filter_lzip(a);
  archive_read_support_filter_lzma(a);
  archive_read_support_filter_rpm(a);
  archive_read_support_filter_uu(a);
  archive_read_support_filter_xz(a);
  archive_read_support_filter_zstd(a);
}

static void archive_support_formats(struct archive *a) {
  archive_read_support_format_7zip(a);
  archive_read_support_format_ar(a);
  archive_read_support_format_cab(a);
  archive_read_support_format_cpio(a);
  archive_read_support_format_iso9660(a);
  archive_read_support_format_lha(a);
  archive_read_support_format_rar(a);
  archive_read_support_format_rar5(a);
  archive_read_support_format_tar(a);
  archive_read_support_format_warc(a);
  archive_read_support_format_xar(a);
  archive_read_support_format_zip(a);
}

/* Decides by libarchive's bidding alone, so that the first 64 KiB of a big
 * archive suffice.  Raw bids only when no archive format did; it counts
 * only when a compression filter was found, so text stays text. */
static archive_kind archive_probe(const char *data, size_t len) {
  archive_kind kind = KIND_NONE;
  struct archive *a = NULL;
  struct archive_entry *entry = NULL;

  if (!data || len == 0)
    goto cleanup;
  a = archive_read_new();
  if (!a)
    goto cleanup;
  archive_support_filters(a);
  archive_support_formats(a);
  archive_read_support_format_raw(a);
  if (archive_read_open_memory(a, data, len) != ARCHIVE_OK)
    goto cleanup;
  int r = archive_read_next_header(a, &entry);
  if (r >= ARCHIVE_WARN && archive_format(a) == ARCHIVE_FORMAT_RAW)
    kind = archive_filter_code(a, 0) != ARCHIVE_FILTER_NONE ? KIND_RAW
                                                             : KIND_NONE;
  else
    kind = KIND_ARCHIVE; /* a real format bid; a bad header is its fault */
cleanup:
  if (a)
    archive_read_free(a);
  return kind;
}

/* Every archive or compressed stream libarchive reads has control bytes
 * or NULs in its first block (headers, binary lengths, compressed data),
 * except the few formats whose headers are text.  Most documents are
 * text: asking libarchive about each would cost more than scanning it. */
static int cannot_be_archive(const char *data, size_t len) {
  const unsigned char *s = (const unsigned char *)data;
  size_t n = len < 512 ? len : 512; /* headers sit in the first block */
  for (size_t i = 0; i < n; i++) {
    unsigned c = s[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
        c != '\v' && c != 0x1B)
      return 0; /* binary: ask libarchive */
  }
  /* Text headers: cpio odc/newc, ar, WARC, uuencode, LHA. */
  static const char *const text_magic[] = {"0707", "!<arch>", "WARC/",
                                           "begin ", NULL};
  for (size_t k = 0; text_magic[k]; k++) {
    size_t m = strlen(text_magic[k]);
    if (len >= m && memcmp(data, text_magic[k], m) == 0)
      return 0;
  }
  if (len >= 4 && s[2] == '-' && s[3] == 'l')
    return 0;
  return 1;
}

int cl_archive_detect(const char *data, size_t len) {
  if (cannot_be_archive(data, len))
    return 0;
  return archive_probe(data, len) != KIND_NONE;
}

/* ------------------------------------------------------------ entry names */

/* Wide names are written as UTF-8 whatever the locale; a value that is no
 * code point is escaped. */
static int name_put_wide(cl_buf *raw, const wchar_t *w) {
  for (; *w; w++) {
    unsigned long cp = (unsigned long)*w;
    unsigned char u[4];
    size_t n;
    if (cp < 0x80) {
      u[0] = (unsigned char)cp;
      n = 1;
    } else if (cp < 0x800) {
      u[0] = (unsigned char)(0xC0 | (cp >> 6));
      u[1] = (unsigned char)(0x80 | (cp & 0x3F));
      n = 2;
    } else if (cp < 0x10000 && !(cp >= 0xD800 && cp <= 0xDFFF)) {
      u[0] = (unsigned char)(0xE0 | (cp >> 12));
      u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
      u[2] = (unsigned char)(0x80 | (cp & 0x3F));
      n = 3;
    } else if (cp >= 0x10000 && cp <= 0x10FFFF) {
      u[0] = (unsigned char)(0xF0 | (cp >> 18));
      u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
      u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
      u[3] = (unsigned char)(0x80 | (cp & 0x3F));
      n = 4;
    } else {
      u[0] = 0xFF; /* invalid in UTF-8, so escaped below */
      n = 1;
    }
    if (cl_buf_put(raw, u, n) < 0)
      return -1;
  }
  return 0;
}

/* Known suffixes of a lone compressed file, dropped to name its content. */
static const char *const raw_suffixes[] = {
    ".gz", ".bz2", ".xz", ".lzma", ".lz", ".zst", ".Z", ".z", ".lz4",
    ".lzo", ".uu", NULL};

/* The name shown for the one entry of a lone compressed stream: the
 * archive's own base name without its compression suffix
 * ("story.txt.gz" -> "story.txt"), else libarchive's name. */
static int name_raw(cl_buf *raw, const char *path, const char *fallback) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen(base);
  for (const char *const *s = raw_suffixes; *s; s++) {
    size_t k = strlen(*s);
    if (n > k && memcmp(base + n - k, *s, k) == 0)
      return cl_buf_put(raw, base, n - k);
  }
  return cl_buf_puts(raw, fallback ? fallback : "data");
}

/* "PATH!/" + the entry's name, escaped, without a leading "./". */
static int name_make(cl_buf *out, const char *path, struct archive_entry *e,
                     archive_kind kind) {
  cl_buf raw = CL_BUF_INIT;
  int rc = -1;
  const char *mbs = archive_entry_pathname(e);
  const wchar_t *w = NULL;

  if (kind == KIND_RAW) {
    if (name_raw(&raw, path, mbs) < 0)
      goto cleanup;
  } else if (mbs) {
    if (cl_buf_puts(&raw, mbs) < 0)
      goto cleanup;
  } else if ((mbs = archive_entry_pathname_utf8(e)) != NULL) {
    if (cl_buf_puts(&raw, mbs) < 0)
      goto cleanup;
  } else if ((w = archive_entry_pathname_w(e)) != NULL) {
    if (name_put_wide(&raw, w) < 0)
      goto cleanup;
  }
  const char *s = raw.ptr ? raw.ptr : "";
  size_t n = raw.len;
  while (n >= 2 && s[0] == '.' && s[1] == '/') {
    s += 2;
    n -= 2;
  }
  cl_buf_clear(out);
  if (cl_buf_puts(out, path) < 0 || cl_buf_puts(out, "!/") < 0 ||
      cl_buf_put_name(out, s, n) < 0)
    goto cleanup;
  rc = 0;
cleanup:
  cl_buf_free(&raw);
  return rc;
}

/* ------------------------------------------------------------------ scan */

/* What one top-level input has expanded so far, through every archive
 * nested in it: the bomb guards count the whole chain against the
 * outermost compressed size (issue 14: five levels, each under the
 * per-archive limits, held 5x10^8 documents in 11.9 KB). */
typedef struct {
  size_t outer_len;            /* the outermost archive's size */
  size_t outer_name;           /* its display path's length: the members' archive_len */
  unsigned long long expanded; /* bytes read from all entries  */
  unsigned long entries;       /* entries of every level       */
  int stopped;                 /* a limit was hit: all stop    */
} chain_state;

typedef struct {
  const char *path;       /* the archive's display path   */
  int depth;
  const cl_options *opt;
  const cl_sink *sink;
  chain_state *chain;
  cl_status status;
} scan_state;

static void scan_error(scan_state *st, const char *path, const char *fmt,
                       ...) __attribute__((format(printf, 3, 4)));

static void scan_error(scan_state *st, const char *path, const char *fmt,
                       ...) {
  cl_buf msg = CL_BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (st->status > CL_WARN)
    st->status = CL_WARN;
  if (n < 0 || cl_buf_reserve(&msg, (size_t)n) < 0)
    goto cleanup;
  va_start(ap, fmt);
  vsnprintf(msg.ptr, (size_t)n + 1, fmt, ap);
  va_end(ap);
  msg.len = (size_t)n;
  /* The outermost archive itself is a plain file; below it, members. */
  size_t outer = st->chain->outer_name;
  if (st->sink->on_error)
    st->sink->on_error(st->sink->ud, path, strlen(path) > outer ? outer : 0,
                       msg.ptr);
cleanup:
  cl_buf_free(&msg);
}

static void scan_note(scan_state *st, const char *path, const char *msg) {
  if (st->sink->on_note)
    st->sink->on_note(st->sink->ud, path, msg);
}

/* libarchive's warnings about an entry.  A tar header of type 'A' (a
 * Solaris ACL) is taken by libarchive as metadata of the entry after it,
 * so data hidden in one is never handed out: its warning names this
 * entry, and says what was not read. */
static void scan_warning(scan_state *st, const char *path, const char *msg) {
  if (strstr(msg, "Solaris ACL"))
    scan_error(st, path,
               "a tar header of type 'A' (Solaris ACL) before this entry "
               "holds data that was not read: %s",
               msg);
  else
    scan_note(st, path, msg);
}

static const char *archive_message(struct archive *a) {
  const char *m = archive_error_string(a);
  /* Some readers fail at a premature end without saying so. */
  return m && *m ? m : "archive data unreadable (truncated or corrupt)";
}

/* Checks the bomb guards of the chain after more bytes were expanded.
 * 1 when a limit is hit (reported once, and every level stops), 0
 * otherwise. */
static int scan_guard_bytes(scan_state *st, const char *entry_path) {
  const cl_options *o = st->opt;
  chain_state *ch = st->chain;
  unsigned long long in = ch->outer_len ? ch->outer_len : 1;
  unsigned long long q = ch->expanded / in;
  if (o->max_archive_bytes && ch->expanded > o->max_archive_bytes)
    scan_error(st, entry_path,
               "archive expands past --max-archive-bytes (%llu bytes), "
               "rest not read",
               o->max_archive_bytes);
  else if (o->max_archive_ratio && ch->expanded > RATIO_GRACE &&
           (q > o->max_archive_ratio ||
            (q == o->max_archive_ratio && ch->expanded % in)))
    scan_error(st, entry_path,
               "expansion ratio above --max-archive-ratio (%u), rest not "
               "read",
               o->max_archive_ratio);
  else
    return 0;
  ch->stopped = 1;
  return 1;
}

typedef enum {
  READ_OK = 0,   /* whole entry in the buffer             */
  READ_SKIP,     /* entry reported and skipped, go on     */
  READ_STOP,     /* archive unusable or a limit hit: stop */
  READ_LAST,     /* whole entry read, then the archive broke */
  READ_NOMEM
} read_result;

/* Reads the current entry's data into BUF, bounded by max_file_size.
 * Blocks rather than archive_read_data: a warning there loses the count
 * of bytes already copied, and sparse holes come as offsets. */
static read_result scan_read_entry(scan_state *st, struct archive *a,
                                   struct archive_entry *e,
                                   const char *entry_path, cl_buf *buf) {
  unsigned long long max = st->opt->max_file_size;
  int retries = 0;

  cl_buf_clear(buf);
  if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0) {
    unsigned long long sz = (unsigned long long)archive_entry_size(e);
    if (max && sz > max)
      goto too_big;
    /* Sizes in headers may lie: reserve at most one chunk ahead of time. */
    if (cl_buf_reserve(buf, sz < ARCHIVE_CHUNK ? (size_t)sz : ARCHIVE_CHUNK) <
        0)
      return READ_NOMEM;
  }
  for (;;) {
    const void *blk = NULL;
    size_t n = 0;
    la_int64_t off = 0;
    int r = archive_read_data_block(a, &blk, &n, &off);
    if (r == ARCHIVE_EOF)
      break;
    if (r == ARCHIVE_RETRY && ++retries <= MAX_RETRIES)
      continue;
    if (r != ARCHIVE_OK) {
      /* Cut in the padding after the data: the entry itself is whole; the
       * caller delivers it, then reports the fault. */
      if (r == ARCHIVE_FATAL && archive_entry_size_is_set(e) &&
          archive_entry_size(e) > 0 &&
          buf->len == (unsigned long long)archive_entry_size(e))
        return READ_LAST;
      /* A warning here is damaged data (a CRC mismatch): not scanned. */
      scan_error(st, entry_path, "%s", archive_message(a));
      return r == ARCHIVE_WARN || r == ARCHIVE_FAILED ? READ_SKIP : READ_STOP;
    }
    retries = 0;
    unsigned long long at = off > 0 ? (unsigned long long)off : 0;
    unsigned long long hole = at > buf->len ? at - buf->len : 0;
    unsigned long long grow = hole + n;
    st->chain->expanded += grow;
    if (scan_guard_bytes(st, entry_path))
      return READ_STOP;
    if (max && buf->len + grow > max)
      goto too_big;
    if (grow > SIZE_MAX - buf->len - 1 || cl_buf_reserve(buf, (size_t)grow) < 0)
      return READ_NOMEM;
    memset(buf->ptr + buf->len, 0, (size_t)hole);
    if (n)
      memcpy(buf->ptr + buf->len + hole, blk, n);
    buf->len += (size_t)grow;
    buf->ptr[buf->len] = '\0';
  }
  /* A trailing hole of a sparse file. */
  if (archive_entry_size_is_set(e) &&
      (unsigned long long)archive_entry_size(e) > buf->len &&
      archive_entry_sparse_count(e) > 0) {
    unsigned long long hole =
        (unsigned long long)archive_entry_size(e) - buf->len;
    st->chain->expanded += hole;
    if (scan_guard_bytes(st, entry_path))
      return READ_STOP;
    if (cl_buf_reserve(buf, (size_t)hole) < 0)
      return READ_NOMEM;
    memset(buf->ptr + buf->len, 0, (size_t)hole);
    buf->len += (size_t)hole;
    buf->ptr[buf->len] = '\0';
  }
  return READ_OK;
too_big:
  scan_error(st, entry_path,
             "entry is larger than --max-file-size (%llu bytes), skipped",
             max);
  return READ_SKIP;
}

static cl_status archive_scan(const char *path, const char *data, size_t len,
                              int depth, const cl_options *opt,
                              const cl_sink *sink, chain_state *chain,
                              int mapped);

/* Hands the entry in BUF on: a nested archive is opened, binary skipped,
 * anything else becomes a cl_doc. 0 to go on, -1 to stop (fatal). */
static int scan_deliver(scan_state *st, cl_buf *buf, cl_buf *name) {
  cl_doc *doc = NULL;
  int rc = -1;

  const char *unsupported = cl_unsupported_document(buf->ptr, buf->len);
  if (unsupported) {
    scan_note(st, name->ptr, unsupported);
    rc = 0;
    goto cleanup;
  }
  int office = cl_office_detect(buf->ptr, buf->len);
  if (!office && cl_archive_detect(buf->ptr, buf->len)) {
    if (st->depth >= st->opt->max_depth) {
      scan_error(st, name->ptr,
                 "nested archive deeper than --max-depth %d, not opened",
                 st->opt->max_depth);
      rc = 0;
      goto cleanup;
    }
    cl_status s = archive_scan(name->ptr, buf->ptr, buf->len, st->depth + 1,
                               st->opt, st->sink, st->chain, 0);
    if (s < st->status)
      st->status = s;
    rc = s == CL_FATAL ? -1 : 0;
    goto cleanup;
  }
  if (!office && cl_looks_binary(buf->ptr, buf->len)) {
    scan_note(st, name->ptr, "binary file skipped");
    rc = 0;
    goto cleanup;
  }
  doc = calloc(1, sizeof *doc);
  if (!doc)
    goto nomem;
  doc->len = buf->len;
  doc->mem = cl_buf_detach(buf);
  doc->data = doc->mem;
  doc->path = cl_buf_detach(name);
  doc->archive_len = st->chain->outer_name;
  if (!doc->mem || !doc->path)
    goto nomem;
  cl_doc *give = doc;
  doc = NULL; /* the receiver owns it now, even when it asks to stop */
  if (st->sink->on_doc(st->sink->ud, give) != 0) {
    st->status = CL_FATAL;
    goto cleanup;
  }
  rc = 0;
  goto cleanup;
nomem:
  st->status = CL_FATAL;
cleanup:
  if (doc) {
    free(doc->mem);
    free(doc->path);
    free(doc);
  }
  return rc;
}

/* Serves an archive held in memory to libarchive in blocks, with seeking
 * (zip and 7z read their directory at the end).  For a file mapping, the
 * pages behind the read position are released as reading moves on. */
typedef struct {
  const char *data;
  size_t len, pos;
  size_t released; /* [0, released) already dropped */
  int mapped;
  /* A mapping is copied out block by block under cl_mapped_copy: if the
   * file shrinks meanwhile, libarchive gets a read error, not SIGBUS, and
   * the scan names the cause once at its end (some readers report the
   * error as their own, or not at all). */
  char *block;
  int shrank;
} mem_reader;

#define READER_BLOCK ((size_t)1 << 20)

/* archive_probe on a copy of a mapping's first 64 KiB (as source.c
 * decided on them); *SHRANK set if the file shrank meanwhile. */
static archive_kind probe_mapped(const char *data, size_t len, int *shrank) {
  size_t n = len < 65536 ? len : 65536;
  char *head = malloc(n ? n : 1);
  archive_kind kind = KIND_NONE;
  if (head && !(*shrank = cl_mapped_copy(head, data, n) != 0))
    kind = archive_probe(head, n);
  free(head);
  return kind;
}

static la_ssize_t mem_read(struct archive *a, void *ud, const void **out) {
  mem_reader *m = ud;
  if (m->mapped && m->pos > m->released + READER_BLOCK) {
    cl_mapped_release(m->data, m->released, m->pos);
    m->released = m->pos;
  }
  size_t n = m->len - m->pos < READER_BLOCK ? m->len - m->pos : READER_BLOCK;
  *out = m->data + m->pos;
  if (m->mapped && n) {
    if (!m->block && !(m->block = malloc(READER_BLOCK))) {
      archive_set_error(a, ENOMEM, "out of memory");
      return ARCHIVE_FATAL;
    }
    if (cl_mapped_copy(m->block, m->data + m->pos, n) != 0) {
      m->shrank = 1;
      archive_set_error(a, EIO, "read failed");
      return ARCHIVE_FATAL;
    }
    *out = m->block;
  }
  m->pos += n;
  return (la_ssize_t)n;
}

static la_int64_t mem_seek(struct archive *a, void *ud, la_int64_t off,
                           int whence) {
  (void)a;
  mem_reader *m = ud;
  la_int64_t base = whence == SEEK_SET ? 0
                    : whence == SEEK_CUR ? (la_int64_t)m->pos
                                         : (la_int64_t)m->len;
  la_int64_t to = base + off;
  if (to < 0)
    return ARCHIVE_FATAL;
  m->pos = (size_t)to > m->len ? m->len : (size_t)to;
  if (m->pos < m->released)
    m->released = m->pos; /* pages come back on access; track from here */
  return (la_int64_t)m->pos;
}

static la_int64_t mem_skip(struct archive *a, void *ud, la_int64_t request) {
  (void)a;
  mem_reader *m = ud;
  size_t left = m->len - m->pos;
  size_t n = request < 0 ? 0 : (size_t)request < left ? (size_t)request : left;
  m->pos += n;
  return (la_int64_t)n;
}

static cl_status archive_scan(const char *path, const char *data, size_t len,
                              int depth, const cl_options *opt,
                              const cl_sink *sink, chain_state *chain,
                              int mapped) {
  mem_reader reader = {data, len, 0, 0, mapped, NULL, 0};
  scan_state st = {path, depth, opt, sink, chain, CL_OK};
  struct archive *a = NULL;
  struct archive_entry *e = NULL;
  cl_buf buf = CL_BUF_INIT, name = CL_BUF_INIT;
  int retries = 0;
  int shrank = 0;
  archive_kind kind =
      mapped ? probe_mapped(data, len, &shrank) : archive_probe(data, len);

  if (kind == KIND_NONE) {
    scan_error(&st, path, "%s", shrank ? CL_SHRANK_MSG : "not an archive");
    goto cleanup;
  }
  a = archive_read_new();
  if (!a) {
    st.status = CL_FATAL;
    goto cleanup;
  }
  archive_support_filters(a);
  if (kind == KIND_RAW)
    archive_read_support_format_raw(a);
  else
    archive_support_formats(a);
  archive_read_set_callback_data(a, &reader);
  archive_read_set_read_callback(a, mem_read);
  archive_read_set_seek_callback(a, mem_seek);
  archive_read_set_skip_callback(a, mem_skip);
  if (archive_read_open1(a) != ARCHIVE_OK) {
    scan_error(&st, path, "%s", archive_message(a));
    goto cleanup;
  }
  /* The bsdtar loop: warnings are noted, retries retried, a failed entry
   * skipped, a fatal error ends this archive. */
  while (!chain->stopped) {
    int r = archive_read_next_header(a, &e);
    if (r == ARCHIVE_EOF)
      break;
    /* A damaged header: the reader looks for the next one. Reported once
     * per run of retries. */
    if (r == ARCHIVE_RETRY) {
      if (retries++ == 0)
        scan_error(&st, path, "%s", archive_message(a));
      if (retries <= MAX_RETRIES)
        continue;
      break;
    }
    retries = 0;
    if (r == ARCHIVE_FATAL) {
      scan_error(&st, path, "%s", archive_message(a));
      break;
    }
    if (++chain->entries > opt->max_archive_entries &&
        opt->max_archive_entries) {
      scan_error(&st, path,
                 "more than %lu entries (--max-archive-entries), rest not "
                 "read",
                 opt->max_archive_entries);
      chain->stopped = 1;
      break;
    }
    if (name_make(&name, path, e, kind) < 0) {
      st.status = CL_FATAL;
      break;
    }
    if (r == ARCHIVE_FAILED) {
      scan_error(&st, name.ptr, "%s", archive_message(a));
      continue;
    }
    if (r == ARCHIVE_WARN)
      scan_warning(&st, name.ptr, archive_message(a));

    mode_t type = archive_entry_filetype(e);
    if (type == AE_IFLNK) {
      scan_note(&st, name.ptr, "symbolic link, skipped");
      continue;
    }
    /* A zip entry's type comes from mode bits anyone can set: one marked a
     * directory, device, FIFO or socket that carries data is extracted as
     * a file by unzip, so it is read as one, or, where libarchive will not
     * hand its data out, reported as not read (below).  Elsewhere such
     * entries hold no document (a tar device's size is not data, an ISO
     * directory's data is its listing): directories and hard links (their
     * data is another entry's) are passed over, the others noted. */
    int zip_data = (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) ==
                       ARCHIVE_FORMAT_ZIP &&
                   (!archive_entry_size_is_set(e) || archive_entry_size(e) > 0);
    if (archive_entry_hardlink(e))
      continue;
    if (kind != KIND_RAW && type != AE_IFREG && !zip_data) {
      if (type != AE_IFDIR)
        scan_note(&st, name.ptr, "special file (device, FIFO or socket), "
                                 "skipped");
      continue;
    }
    if (archive_entry_is_encrypted(e)) {
      scan_error(&st, name.ptr, "encrypted entry, not read");
      continue;
    }
    read_result rr = scan_read_entry(&st, a, e, name.ptr, &buf);
    if (rr == READ_NOMEM) {
      st.status = CL_FATAL;
      break;
    }
    if (rr == READ_STOP)
      break;
    if (rr == READ_SKIP)
      continue;
    if (type != AE_IFREG && kind != KIND_RAW && buf.len == 0 &&
        archive_entry_size(e) > 0) {
      scan_error(&st, name.ptr,
                 "entry marked as a %s holds %lld bytes that were not read "
                 "(unzip extracts it as a file)",
                 type == AE_IFDIR ? "directory" : "device, FIFO or socket",
                 (long long)archive_entry_size(e));
      if (rr == READ_LAST)
        break;
      continue;
    }
    /* Delivery takes the name: keep a copy to report a fault after it. */
    char *last = rr == READ_LAST ? cl_strdup(name.ptr) : NULL;
    if (rr == READ_LAST && !last) {
      st.status = CL_FATAL;
      break;
    }
    int delivered = scan_deliver(&st, &buf, &name);
    if (last && delivered == 0)
      scan_error(&st, last, "%s", archive_message(a));
    free(last);
    if (delivered < 0 || rr == READ_LAST)
      break;
  }
cleanup:
  if (reader.shrank)
    scan_error(&st, path, "%s", CL_SHRANK_MSG);
  if (a)
    archive_read_free(a);
  free(reader.block);
  cl_buf_free(&buf);
  cl_buf_free(&name);
  return st.status;
}

/* libarchive converts stored names (UTF-8 in zip and pax, UTF-16 in 7z) to
 * the locale's charset, and in the "C" locale of a program that never
 * called setlocale every non-ASCII name is lost.  A UTF-8 locale for this
 * thread only (uselocale) gives names as UTF-8 without touching the
 * process; if it is missing, the process locale is used. */
static cl_status archive_scan_utf8(const char *path, const char *data,
                                   size_t len, int depth,
                                   const cl_options *opt, const cl_sink *sink,
                                   int mapped) {
  locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
  locale_t old = (locale_t)0;
  if (utf8)
    old = uselocale(utf8);
  chain_state chain = {len, strlen(path), 0, 0, 0};
  cl_status st = archive_scan(path, data, len, depth, opt, sink, &chain, mapped);
  if (utf8) {
    uselocale(old);
    freelocale(utf8);
  }
  return st;
}

cl_status cl_archive_scan(const char *path, const char *data, size_t len,
                          int depth, const cl_options *opt,
                          const cl_sink *sink) {
  return archive_scan_utf8(path, data, len, depth, opt, sink, 0);
}

cl_status cl_archive_scan_mapped(const char *path, const char *data,
                                 size_t len, const cl_options *opt,
                                 const cl_sink *sink) {
  return archive_scan_utf8(path, data, len, 1, opt, sink, 1);
}
