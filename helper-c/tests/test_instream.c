/*
 * The layer input on its own (linked in): SHA-256 against FIPS 180-4 test
 * vectors on both code paths, and gunzip with the malformed streams a
 * hostile registry can send (corrupt CRC, truncation, garbage).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "instream.h"
#include "tap.h"

static void hex_of(const void *data, size_t n, bool portable, size_t step, char out[SHA256_HEX_LEN + 1])
{
  struct sha256 h;
  sha256_init(&h);
  if (portable)
    h.portable = true;
  for (size_t at = 0; at < n; at += step)
    sha256_update(&h, (const char *) data + at, n - at < step ? n - at : step);
  sha256_final_hex(&h, out);
}

static void vector(const char *msg, size_t repeat, const char *want, const char *name)
{
  size_t len = strlen(msg) * repeat;
  char *data = malloc(len + 1);
  for (size_t i = 0; i < repeat; i++)
    memcpy(data + i * strlen(msg), msg, strlen(msg));
  char got[SHA256_HEX_LEN + 1];
  hex_of(data, len, true, len ? len : 1, got);
  tap_ok(strcmp(got, want) == 0, "sha256 portable: %s", name);
  if (sha256_has_fast_path())
    {
      hex_of(data, len, false, len ? len : 1, got);
      tap_ok(strcmp(got, want) == 0, "sha256 SHA extensions: %s", name);
      hex_of(data, len, false, 7, got);
      tap_ok(strcmp(got, want) == 0, "sha256 SHA extensions, 7-byte updates: %s", name);
    }
  else
    tap_skip("this CPU has no SHA extensions", "sha256 SHA extensions: %s", name);
  free(data);
}

static void test_sha256(void)
{
  vector("", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "empty");
  vector("abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "abc");
  vector("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", "448-bit message");
  vector("a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
         "one million a");
  /* Every length around the padding boundaries, both paths agreeing. */
  unsigned char buf[300];
  for (size_t i = 0; i < sizeof buf; i++)
    buf[i] = (unsigned char) (i * 131 + 7);
  bool same = true;
  for (size_t n = 0; n <= sizeof buf && sha256_has_fast_path(); n++)
    {
      char a[SHA256_HEX_LEN + 1], b[SHA256_HEX_LEN + 1];
      hex_of(buf, n, true, 13, a);
      hex_of(buf, n, false, 64, b);
      same = same && strcmp(a, b) == 0;
    }
  tap_ok(same, "sha256: both paths agree on lengths 0..300");
}

static size_t gzip_into(const void *data, size_t n, unsigned char *out, size_t cap)
{
  z_stream z = { 0 };
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  z.next_in = (unsigned char *) (uintptr_t) data;
  z.avail_in = (uInt) n;
  z.next_out = out;
  z.avail_out = (uInt) cap;
  deflate(&z, Z_FINISH);
  size_t len = cap - z.avail_out;
  deflateEnd(&z);
  return len;
}

static int memfd_with(const void *data, size_t n)
{
  int fd = memfd_create("in", MFD_CLOEXEC);
  if (fd < 0 || write(fd, data, n) != (ssize_t) n || lseek(fd, 0, SEEK_SET) < 0)
    abort();
  return fd;
}

/* Reads all of DATA through an instream of KIND; 0 and the digest, or -1 and err. */
static int read_through(const void *data, size_t n, const char *kind, char digest[80], uint64_t *total,
                        herr_t *err)
{
  int fd = memfd_with(data, n);
  struct instream s;
  int rc = instream_open(&s, fd, kind, err);
  if (rc == 0)
    {
      char buf[1000];
      ssize_t got;
      while ((got = instream_read(&s, buf, sizeof buf, err)) > 0)
        ;
      rc = got < 0 ? -1 : instream_drain(&s, err);
      instream_digest(&s, digest);
      *total = s.total;
    }
  instream_close(&s);
  close(fd);
  return rc;
}

static void test_gzip(void)
{
  size_t n = 200000;
  unsigned char *plain = malloc(n);
  for (size_t i = 0; i < n; i++)
    plain[i] = (unsigned char) ((i % 97) ^ (i / 1000));
  unsigned char *gz = malloc(2 * n + 1000);
  size_t len = gzip_into(plain, n, gz, 2 * n + 1000);
  char want[80], got[80];
  uint64_t total = 0;
  herr_t err = { 0 };

  tap_ok(read_through(plain, n, "none", want, &total, &err) == 0 && total == n, "plain: every byte read");
  tap_ok(read_through(gz, len, "gzip", got, &total, &err) == 0 && total == n && strcmp(got, want) == 0,
         "gzip: same bytes and digest as the plain stream");

  /* Two members back to back decompress as one stream. */
  unsigned char *two = malloc(4 * n + 2000);
  size_t half = gzip_into(plain, n / 2, two, 2 * n);
  size_t rest = gzip_into(plain + n / 2, n - n / 2, two + half, 2 * n);
  tap_ok(read_through(two, half + rest, "gzip", got, &total, &err) == 0 && strcmp(got, want) == 0,
         "gzip: concatenated members are one stream");

  memcpy(two, gz, len);
  memcpy(two + len, "trailing junk", 13);
  tap_ok(read_through(two, len + 13, "gzip", got, &total, &err) == 0 && strcmp(got, want) == 0,
         "gzip: bytes after the last member that are not gzip are ignored");

  memcpy(two, gz, len);
  two[len - 6] ^= 0xff; /* inside the CRC-32 trailer */
  tap_ok(read_through(two, len, "gzip", got, &total, &err) < 0 && err.code == HERR_BADTAR,
         "gzip: a wrong CRC is BADTAR");
  tap_ok(read_through(gz, len / 2, "gzip", got, &total, &err) < 0 && err.code == HERR_BADTAR,
         "gzip: a truncated stream is BADTAR");
  tap_ok(read_through(plain, n, "gzip", got, &total, &err) < 0 && err.code == HERR_BADTAR,
         "gzip: a stream that is not gzip is BADTAR");
  int fd = memfd_with("", 0);
  struct instream s;
  tap_ok(instream_open(&s, fd, "zstd", &err) < 0 && err.code == HERR_USAGE, "an unknown compression is a usage error");
  instream_close(&s);
  close(fd);
  free(plain);
  free(gz);
  free(two);
}

/* The blob copy gets every input byte, also those after the last gzip member. */
static void test_copy(void)
{
  size_t n = 50000;
  unsigned char *plain = malloc(n);
  for (size_t i = 0; i < n; i++)
    plain[i] = (unsigned char) (i * 7);
  unsigned char *gz = malloc(2 * n + 100);
  size_t len = gzip_into(plain, n, gz, 2 * n);
  memcpy(gz + len, "junk", 4);
  len += 4;
  herr_t err = { 0 };
  int in_fd = memfd_with(gz, len);
  int copy_fd = memfd_create("copy", MFD_CLOEXEC);
  struct instream s;
  bool ok = instream_open(&s, in_fd, "gzip", &err) == 0 && instream_copy_to(&s, copy_fd, &err) == 0
            && instream_drain(&s, &err) == 0 && instream_copy_sync(&s, &err) == 0;
  instream_close(&s);
  unsigned char *back = malloc(len);
  ok = ok && pread(copy_fd, back, len, 0) == (ssize_t) len && memcmp(back, gz, len) == 0;
  tap_ok(ok && lseek(copy_fd, 0, SEEK_END) == (off_t) len, "copy: the blob copy is the input, byte for byte");
  close(in_fd);
  close(copy_fd);

  int p[2];
  if (pipe(p) < 0)
    abort();
  in_fd = memfd_with(gz, len);
  tap_ok(instream_open(&s, in_fd, "gzip", &err) == 0 && instream_copy_to(&s, p[1], &err) < 0
             && err.code == HERR_USAGE,
         "copy: a pipe is refused (the copy must be a file)");
  instream_close(&s);
  close(in_fd);
  close(p[0]);
  close(p[1]);
  free(plain);
  free(gz);
  free(back);
}

int main(void)
{
  test_sha256();
  test_gzip();
  test_copy();
  return tap_done();
}
