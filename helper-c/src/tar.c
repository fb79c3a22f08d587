/*
 * Streaming tar reader. Input is untrusted: every header checksum is
 * verified, every number range-checked, and a short read anywhere is a
 * malformed archive, never a silent end.
 */
#include "tar.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "tar_header.h"

void tar_reader_init(struct tar_reader *r, struct instream *in)
{
  memset(r, 0, sizeof *r);
  r->in = in;
}

static void entry_clear(struct tar_reader *r)
{
  free(r->entry.path);
  free(r->entry.linkpath);
  free(r->entry.xattrs.v);
  memset(&r->entry, 0, sizeof r->entry);
  pax_free(&r->local);
  free(r->gnu_path);
  free(r->gnu_linkpath);
  r->gnu_path = r->gnu_linkpath = NULL;
}

void tar_reader_free(struct tar_reader *r)
{
  entry_clear(r);
  pax_free(&r->global);
}

/* 1: a full block; 0: clean EOF before any byte of it. */
static int read_block(struct tar_reader *r, void *block, herr_t *err)
{
  ssize_t n = instream_read(r->in, block, TAR_BLOCK, err);
  if (n < 0)
    return -1;
  if (n > 0 && n < TAR_BLOCK)
    return herr_fail(err, HERR_BADTAR, "truncated header at byte %llu",
                     (unsigned long long) r->offset);
  r->offset += (uint64_t) n;
  return n > 0;
}

static int skip(struct tar_reader *r, uint64_t n, herr_t *err)
{
  static char sink[64 * 1024];
  while (n > 0)
    {
      size_t want = n < sizeof sink ? (size_t) n : sizeof sink;
      ssize_t got = instream_read(r->in, sink, want, err);
      if (got < 0)
        return -1;
      r->offset += (uint64_t) got;
      if ((size_t) got < want)
        return herr_fail(err, HERR_BADTAR, "truncated archive at byte %llu",
                         (unsigned long long) r->offset);
      n -= (uint64_t) got;
    }
  return 0;
}

static bool is_zero_block(const char *b)
{
  for (size_t i = 0; i < TAR_BLOCK; i++)
    if (b[i])
      return false;
  return true;
}

/* Data of an extended header, read whole: its size is bounded. */
static int read_meta(struct tar_reader *r, uint64_t size, char **out, herr_t *err)
{
  if (size > TAR_MAX_META)
    return herr_fail(err, HERR_BADTAR, "extended header of %llu bytes is too large",
                     (unsigned long long) size);
  char *buf = xcalloc((size_t) size + 1, 1);
  ssize_t got = instream_read(r->in, buf, (size_t) size, err);
  if (got < 0 || (uint64_t) got < size)
    {
      free(buf);
      if (got < 0)
        return -1;
      return herr_fail(err, HERR_BADTAR, "truncated extended header");
    }
  r->offset += size;
  if (skip(r, (TAR_BLOCK - size % TAR_BLOCK) % TAR_BLOCK, err) < 0)
    {
      free(buf);
      return -1;
    }
  *out = buf;
  return 0;
}

/* GNU 'L'/'K' data is NUL-terminated; any NUL before the end hides a suffix. */
static int gnu_long_name(struct tar_reader *r, uint64_t size, char **dst, herr_t *err)
{
  char *buf;
  if (read_meta(r, size, &buf, err) < 0)
    return -1;
  size_t len = (size_t) size;
  while (len > 0 && buf[len - 1] == '\0')
    len--;
  if (memchr(buf, '\0', len))
    {
      free(buf);
      return herr_fail(err, HERR_UNSAFE, "GNU long name contains a NUL byte");
    }
  free(*dst);
  *dst = buf;
  return 0;
}

/* Two zero blocks end the archive; EOF right after the first is accepted as GNU tar does. */
static int end_of_archive(struct tar_reader *r, herr_t *err)
{
  char block[TAR_BLOCK];
  int got = read_block(r, block, err);
  if (got < 0)
    return -1;
  if (got > 0 && !is_zero_block(block))
    return herr_fail(err, HERR_BADTAR, "data after a single zero block at byte %llu",
                     (unsigned long long) r->offset - TAR_BLOCK);
  if (r->local.have || r->local.xattrs.n || r->gnu_path || r->gnu_linkpath)
    return herr_fail(err, HERR_BADTAR, "extended header without an entry");
  r->done = true;
  return 0;
}

int tar_next(struct tar_reader *r, struct tar_entry **out, herr_t *err)
{
  if (r->done)
    return 0;
  if (skip(r, r->remaining + r->padding, err) < 0)
    return -1;
  r->remaining = r->padding = 0;
  entry_clear(r);

  for (;;)
    {
      struct tar_header h;
      uint64_t at = r->offset;
      int got = read_block(r, &h, err);
      if (got < 0)
        return -1;
      if (got == 0)
        return herr_fail(err, HERR_BADTAR, "archive ends at byte %llu without an end marker",
                         (unsigned long long) at);
      if (is_zero_block((const char *) &h))
        return end_of_archive(r, err);
      if (!tar_header_checksum_ok(&h))
        return herr_fail(err, HERR_BADTAR, "bad header checksum at byte %llu",
                         (unsigned long long) at);

      int64_t size;
      if (tar_parse_number(h.size, sizeof h.size, false, &size) < 0)
        return herr_fail(err, HERR_BADTAR, "bad size field at byte %llu", (unsigned long long) at);
      uint64_t usize = (r->local.have & PAX_SIZE) ? r->local.size
                       : (r->global.have & PAX_SIZE) ? r->global.size : (uint64_t) size;
      cleanup_free char *meta = NULL;

      switch (h.typeflag)
        {
        case 'x':
        case 'g':
          if (read_meta(r, (uint64_t) size, &meta, err) < 0)
            return -1;
          if (pax_parse(h.typeflag == 'x' ? &r->local : &r->global, meta, (size_t) size, err) < 0)
            return herr_context(err, "PAX header at byte %llu", (unsigned long long) at);
          continue;
        case 'L':
          if (gnu_long_name(r, (uint64_t) size, &r->gnu_path, err) < 0)
            return -1;
          continue;
        case 'K':
          if (gnu_long_name(r, (uint64_t) size, &r->gnu_linkpath, err) < 0)
            return -1;
          continue;
        default:
          break;
        }
      if (tar_header_fill(r, &h, usize, err) < 0)
        return herr_context(err, "header at byte %llu", (unsigned long long) at);
      r->remaining = usize;
      r->padding = (TAR_BLOCK - usize % TAR_BLOCK) % TAR_BLOCK;
      *out = &r->entry;
      return 1;
    }
}

ssize_t tar_read_data(struct tar_reader *r, void *buf, size_t n, herr_t *err)
{
  size_t want = r->remaining < n ? (size_t) r->remaining : n;
  if (want == 0)
    return 0;
  ssize_t got = instream_read(r->in, buf, want, err);
  if (got < 0)
    return -1;
  r->offset += (uint64_t) got;
  if ((size_t) got < want)
    return herr_fail(err, HERR_BADTAR, "truncated archive at byte %llu",
                     (unsigned long long) r->offset);
  r->remaining -= (uint64_t) got;
  return got;
}

int tar_drain(struct tar_reader *r, herr_t *err)
{
  return instream_drain(r->in, err);
}
