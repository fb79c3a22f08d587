/*
 * Decompressing here instead of in the engine keeps a layer's biggest
 * byte streams (the tar, often twice the blob) out of Node: they are made,
 * hashed and unpacked in this one process. The input is untrusted: zlib
 * checks each gzip member's CRC and length, and a corrupt stream is a
 * malformed layer (BADTAR), never a silent end.
 */
#include "instream.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#define INPUT_BUFFER (256 * 1024)

int instream_open(struct instream *s, int fd, const char *kind_name, herr_t *err)
{
  memset(s, 0, sizeof *s);
  s->fd = fd;
  s->copy_fd = -1;
  sha256_init(&s->hash);
  if (kind_name == NULL || strcmp(kind_name, "none") == 0)
    {
      s->kind = INSTREAM_PLAIN;
      return 0;
    }
  if (strcmp(kind_name, "gzip") != 0)
    return herr_fail(err, HERR_USAGE, "apply-layer: unknown --compression %.64s (none, gzip)", kind_name);
  s->kind = INSTREAM_GZIP;
  s->in = xcalloc(INPUT_BUFFER, 1);
  /* 16 + 15: gzip framing only, with the largest window. */
  if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
    return herr_fail(err, HERR_IO, "zlib: cannot initialise inflate");
  return 0;
}

int instream_copy_to(struct instream *s, int copy_fd, herr_t *err)
{
  struct stat st;
  if (fstat(copy_fd, &st) < 0)
    return herr_sys(err, "blob copy fd %d", copy_fd);
  int flags = fcntl(copy_fd, F_GETFL);
  if (!S_ISREG(st.st_mode) || flags < 0 || (flags & O_ACCMODE) == O_RDONLY)
    return herr_fail(err, HERR_USAGE, "apply-layer: --keep-blob needs stdout (fd %d) to be a file open for writing", copy_fd);
  s->copy_fd = copy_fd;
  return 0;
}

int instream_copy_sync(struct instream *s, herr_t *err)
{
  if (s->copy_fd >= 0 && fdatasync(s->copy_fd) < 0)
    return herr_sys(err, "syncing the blob copy");
  return 0;
}

static int copy_out(struct instream *s, const void *buf, size_t n, herr_t *err)
{
  if (s->copy_fd >= 0 && write_all(s->copy_fd, buf, n) < 0)
    return herr_sys(err, "keeping the layer blob");
  return 0;
}

static int fill_input(struct instream *s, herr_t *err)
{
  for (;;)
    {
      ssize_t n = read(s->fd, s->in, INPUT_BUFFER);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return herr_sys(err, "reading the layer");
      if (n == 0)
        s->input_eof = true;
      s->z.next_in = s->in;
      s->z.avail_in = (uInt) n;
      return copy_out(s, s->in, (size_t) n, err);
    }
}

/* Inflates into buf until it is full or the compressed stream ends. */
static ssize_t read_gzip(struct instream *s, unsigned char *buf, size_t n, herr_t *err)
{
  s->z.next_out = buf;
  s->z.avail_out = (uInt) n;
  while (s->z.avail_out > 0 && !s->eof)
    {
      if (s->z.avail_in == 0)
        {
          if (fill_input(s, err) < 0)
            return -1;
          if (s->input_eof)
            return herr_fail(err, HERR_BADTAR, "gzip stream ends early (truncated layer)");
        }
      int r = inflate(&s->z, Z_NO_FLUSH);
      if (r == Z_STREAM_END)
        {
          /* Another gzip member may follow (as with concatenated .gz files);
           * anything else after a member is ignored, as gunzip does. */
          if (s->z.avail_in == 0 && fill_input(s, err) < 0)
            return -1;
          if (s->z.avail_in == 0 || s->z.next_in[0] != 0x1f)
            s->eof = true;
          else if (inflateReset(&s->z) != Z_OK)
            return herr_fail(err, HERR_IO, "zlib: cannot reset inflate");
          continue;
        }
      if (r == Z_BUF_ERROR && s->z.avail_in == 0)
        continue;
      if (r != Z_OK)
        return herr_fail(err, HERR_BADTAR, "corrupt gzip stream: %.128s", s->z.msg ? s->z.msg : "error");
    }
  return (ssize_t) (n - s->z.avail_out);
}

ssize_t instream_read(struct instream *s, void *buf, size_t n, herr_t *err)
{
  ssize_t got;
  if (s->eof || n == 0)
    return 0;
  if (s->kind == INSTREAM_GZIP)
    got = read_gzip(s, buf, n, err);
  else
    {
      got = read_full(s->fd, buf, n);
      if (got < 0)
        return herr_sys(err, "reading the layer");
      if ((size_t) got < n)
        s->eof = true;
      if (copy_out(s, buf, (size_t) got, err) < 0)
        return -1;
    }
  if (got > 0)
    {
      sha256_update(&s->hash, buf, (size_t) got);
      s->total += (uint64_t) got;
    }
  return got;
}

int instream_drain(struct instream *s, herr_t *err)
{
  static unsigned char sink[64 * 1024];
  ssize_t n;
  while ((n = instream_read(s, sink, sizeof sink, err)) > 0)
    ;
  if (n < 0)
    return -1;
  /* Bytes after the last gzip member: read so the writer is not cut off. */
  if (s->kind == INSTREAM_GZIP)
    while (!s->input_eof)
      if (fill_input(s, err) < 0)
        return -1;
  return 0;
}

void instream_digest(struct instream *s, char out[7 + SHA256_HEX_LEN + 1])
{
  memcpy(out, "sha256:", 7);
  sha256_final_hex(&s->hash, out + 7);
}

void instream_close(struct instream *s)
{
  if (s->kind == INSTREAM_GZIP)
    inflateEnd(&s->z);
  free(s->in);
  s->in = NULL;
}
