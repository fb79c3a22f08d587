/* The layer on stdin as the tar reader sees it: gunzipped here when the
 * blob is gzip, and hashed (the diff_id) as the tar bytes pass. */
#ifndef TSCONTAIN_INSTREAM_H
#define TSCONTAIN_INSTREAM_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <zlib.h>

#include "sha256.h"
#include "util.h"

enum instream_kind
{
  INSTREAM_PLAIN,
  INSTREAM_GZIP,
};

struct instream
{
  int fd;
  int copy_fd; /* -1, or a file that receives every input byte (the blob) */
  enum instream_kind kind;
  bool eof;        /* no more tar bytes */
  bool input_eof;  /* fd at EOF */
  z_stream z;
  unsigned char *in;
  struct sha256 hash;
  uint64_t total; /* tar bytes produced */
};

/* kind_name: "none" or "gzip" (NULL means "none"). */
int instream_open(struct instream *s, int fd, const char *kind_name, herr_t *err);
/* Copies every byte read from fd, as it is read, to copy_fd (a regular file). */
int instream_copy_to(struct instream *s, int copy_fd, herr_t *err);
/* Flushes the copy to disk. */
int instream_copy_sync(struct instream *s, herr_t *err);
/* Fills buf unless the tar ends first; returns the byte count (0 at the end). */
ssize_t instream_read(struct instream *s, void *buf, size_t n, herr_t *err);
/* Reads to the end so every byte is hashed (and the writer never sees EPIPE). */
int instream_drain(struct instream *s, herr_t *err);
/* "sha256:<hex>" of everything read so far. */
void instream_digest(struct instream *s, char out[7 + SHA256_HEX_LEN + 1]);
void instream_close(struct instream *s);

#endif
