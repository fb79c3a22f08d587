/*
 * The tar reader on its own (linked in), then malformed archives through
 * the helper binary, which must answer BADTAR (exit 5).
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"
#include "tar.h"

static bool number_is(const char *field, size_t len, bool neg, int64_t want)
{
  int64_t v;
  return tar_parse_number(field, len, neg, &v) == 0 && v == want;
}

static bool number_bad(const char *field, size_t len, bool neg)
{
  int64_t v;
  return tar_parse_number(field, len, neg, &v) < 0;
}

static void test_numbers(void)
{
  tap_ok(number_is("0000644\0", 8, false, 0644), "octal with NUL terminator");
  tap_ok(number_is("  644 \0\0", 8, false, 0644), "octal padded with spaces");
  tap_ok(number_is("\0\0\0\0\0\0\0\0", 8, false, 0), "all-NUL field is zero");
  tap_ok(number_bad("0000648\0", 8, false), "digit 8 is rejected");
  tap_ok(number_bad("12 34\0\0\0", 8, false), "embedded space is rejected");
  tap_ok(number_is("\x80\0\0\0\0\x40\0\0", 8, false, 0x400000), "base-256 positive");
  tap_ok(number_is("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xfe", 12, true, -2), "base-256 negative");
  tap_ok(number_bad("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xfe", 12, false),
         "negative size is rejected");
  tap_ok(number_bad("\x80\x01\0\0\0\0\0\0\0\0\0\0", 12, false), "base-256 overflow is rejected");
}

static int pax(const char *text, size_t len, struct pax *p, herr_t *err)
{
  memset(p, 0, sizeof *p);
  return pax_parse(p, text, len, err);
}

static void test_pax(void)
{
  struct pax p;
  herr_t err;
  const char ok[] = "30 mtime=1500000000.123456789\n12 uid=1000\n28 SCHILY.xattr.user.k=v\0al\n";
  tap_ok(pax(ok, sizeof ok - 1, &p, &err) == 0 && p.mtime.tv_sec == 1500000000
             && p.mtime.tv_nsec == 123456789 && p.uid == 1000 && (p.have & PAX_UID),
         "PAX records parse");
  tap_ok(p.xattrs.n == 1 && strcmp(p.xattrs.v[0].name, "user.k") == 0 && p.xattrs.v[0].len == 4
             && memcmp(p.xattrs.v[0].value, "v\0al", 4) == 0,
         "PAX xattr value keeps NUL bytes");
  pax_free(&p);
  tap_ok(pax("15 mtime=-1.25\n", 15, &p, &err) == 0 && p.mtime.tv_sec == -2
             && p.mtime.tv_nsec == 750000000,
         "negative fractional mtime");
  pax_free(&p);
  tap_ok(pax("99 path=x\n", 10, &p, &err) < 0 && err.code == HERR_BADTAR, "record longer than the data");
  pax_free(&p);
  tap_ok(pax("10 path=xy", 10, &p, &err) < 0 && err.code == HERR_BADTAR, "record without newline");
  pax_free(&p);
  tap_ok(pax("20 uid=4294967295\n", 18, &p, &err) < 0 && err.code == HERR_BADTAR,
         "uid -1 (\"leave unchanged\" to chown) is rejected");
  pax_free(&p);
  tap_ok(pax("12 path=a\0b\n", 12, &p, &err) < 0 && err.code == HERR_UNSAFE, "NUL in path is UNSAFE");
  pax_free(&p);
  tap_ok(pax("22 GNU.sparse.major=1\n", 22, &p, &err) < 0 && err.code == HERR_BADTAR,
         "GNU sparse files are rejected");
  pax_free(&p);
}

/* Reads every entry of W through the reader; returns the final status. */
static int read_all(const struct tarw *w, herr_t *err, int *entries)
{
  int fd = memfd_create("tar", MFD_CLOEXEC);
  if (fd < 0 || write(fd, w->buf, w->len) != (ssize_t) w->len || lseek(fd, 0, SEEK_SET) < 0)
    return -2;
  struct tar_reader r;
  struct tar_entry *e;
  struct instream in;
  int rc;
  if (instream_open(&in, fd, "none", err) < 0)
    return -1;
  tar_reader_init(&r, &in);
  *entries = 0;
  while ((rc = tar_next(&r, &e, err)) == 1)
    (*entries)++;
  tar_reader_free(&r);
  instream_close(&in);
  close(fd);
  return rc;
}

static void expect_badtar(struct tarw *w, const char *what)
{
  herr_t err;
  int n;
  int rc = read_all(w, &err, &n);
  tap_ok(rc < 0 && err.code == HERR_BADTAR, "reader: %s is BADTAR", what);
  if (rc == -1 && err.code != HERR_BADTAR)
    tap_diag("got %d: %s", err.code, err.msg);
  struct scratch s = { 0 };
  struct result r = { 0 };
  scratch_init(&s, "/var/tmp");
  apply(helper_bin, &s, "layer", w, &r);
  tap_ok(is_code(&r, 5, "BADTAR"), "helper: %s exits 5", what);
  scratch_cleanup(&s);
  tarw_free(w);
}

static void test_malformed(void)
{
  struct tarw w = { 0 };
  size_t at;

  at = tarw_header(&w, &(struct tarw_hdr){ .name = "f", .type = '0', .mode = 0644, .size = 3 });
  tarw_data(&w, "abc", 3);
  tarw_end(&w);
  w.buf[at + 150]++;
  expect_badtar(&w, "bad header checksum");

  tarw_file(&w, "f", 0644, "abc");
  w.len = 700;
  expect_badtar(&w, "archive cut inside file data");

  tarw_file(&w, "f", 0644, "abc");
  tarw_raw(&w, "partial header", 14);
  expect_badtar(&w, "archive cut inside a header");

  tarw_file(&w, "f", 0644, "abc");
  expect_badtar(&w, "missing end marker");

  expect_badtar(&w, "empty input");

  static const char zeros[512];
  tarw_file(&w, "f", 0644, "abc");
  tarw_raw(&w, zeros, 512);
  tarw_file(&w, "g", 0644, "def");
  tarw_end(&w);
  expect_badtar(&w, "a lone zero block followed by entries");

  tarw_header(&w, &(struct tarw_hdr){ .name = "sparse", .type = 'S', .mode = 0644 });
  tarw_end(&w);
  expect_badtar(&w, "unsupported entry type 'S'");

  const char *keys[] = { "mtime" };
  const char *vals[] = { "1" };
  tarw_pax(&w, 'x', 1, keys, vals, NULL);
  tarw_end(&w);
  expect_badtar(&w, "extended header without an entry");

  tarw_header(&w, &(struct tarw_hdr){ .name = "huge", .type = 'x', .size = 2 * 1024 * 1024 });
  tarw_end(&w);
  expect_badtar(&w, "oversized PAX header");

  at = tarw_header(&w, &(struct tarw_hdr){ .name = "f", .type = '0', .mode = 0644 });
  memcpy(w.buf + at + 100, "07x4\0\0\0\0", 8);
  unsigned sum = 0;
  memset(w.buf + at + 148, ' ', 8);
  for (size_t i = 0; i < 512; i++)
    sum += w.buf[at + i];
  snprintf((char *) w.buf + at + 148, 8, "%06o", sum);
  tarw_end(&w);
  expect_badtar(&w, "non-octal mode field");
}

int main(int argc, char **argv)
{
  harness_init(argc, argv);
  test_numbers();
  test_pax();
  if (geteuid() == 0)
    test_malformed();
  else
    tap_skip("needs root", "malformed archives through the helper");
  return tap_done();
}
