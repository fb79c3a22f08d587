/* Test tar writer: ustar headers, PAX and GNU extensions, raw bytes. */
#include "tarw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 512

static void reserve(struct tarw *w, size_t n)
{
  if (w->len + n <= w->cap)
    return;
  size_t cap = w->cap ? w->cap : 4096;
  while (cap < w->len + n)
    cap *= 2;
  w->buf = realloc(w->buf, cap);
  if (w->buf == NULL)
    abort();
  w->cap = cap;
}

void tarw_free(struct tarw *w)
{
  free(w->buf);
  w->buf = NULL;
  w->len = w->cap = 0;
}

void tarw_raw(struct tarw *w, const void *data, size_t n)
{
  reserve(w, n);
  memcpy(w->buf + w->len, data, n);
  w->len += n;
}

void tarw_data(struct tarw *w, const void *data, size_t n)
{
  static const char zeros[BLOCK];
  tarw_raw(w, data, n);
  tarw_raw(w, zeros, (BLOCK - n % BLOCK) % BLOCK);
}

/* Octal with a NUL terminator when it fits, GNU base-256 otherwise. */
static void put_number(unsigned char *field, size_t len, uint64_t v)
{
  if (len > 1 && v < (1ULL << (3 * (len - 1))))
    {
      char tmp[32];
      snprintf(tmp, sizeof tmp, "%0*llo", (int) (len - 1), (unsigned long long) v);
      memcpy(field, tmp, len - 1);
      field[len - 1] = '\0';
      return;
    }
  memset(field, 0, len);
  for (size_t i = len; i-- > 1 && v; v >>= 8)
    field[i] = (unsigned char) (v & 0xff);
  field[0] = 0x80;
}

static void put_signed(unsigned char *field, size_t len, int64_t v)
{
  if (v >= 0)
    {
      put_number(field, len, (uint64_t) v);
      return;
    }
  uint64_t x = (uint64_t) v;
  for (size_t i = len; i-- > 0; x >>= 8)
    field[i] = (unsigned char) (x & 0xff);
  field[0] = 0xff;
}

size_t tarw_header(struct tarw *w, const struct tarw_hdr *h)
{
  unsigned char b[BLOCK] = { 0 };
  size_t at = w->len;

  if (h->name)
    memcpy(b, h->name, strnlen(h->name, 100));
  put_number(b + 100, 8, h->mode);
  put_number(b + 108, 8, h->uid);
  put_number(b + 116, 8, h->gid);
  put_number(b + 124, 12, h->size);
  put_signed(b + 136, 12, h->mtime);
  b[156] = (unsigned char) (h->type ? h->type : '0');
  if (h->linkname)
    memcpy(b + 157, h->linkname, strnlen(h->linkname, 100));
  memcpy(b + 257, h->gnu_magic ? "ustar  " : "ustar\0" "00", 8);
  memcpy(b + 265, "root", 4);
  memcpy(b + 297, "root", 4);
  put_number(b + 329, 8, h->devmajor);
  put_number(b + 337, 8, h->devminor);
  if (h->prefix)
    memcpy(b + 345, h->prefix, strnlen(h->prefix, 155));

  unsigned sum = 0;
  memset(b + 148, ' ', 8);
  for (size_t i = 0; i < BLOCK; i++)
    sum += b[i];
  snprintf((char *) b + 148, 8, "%06o", sum);
  b[155] = ' ';
  tarw_raw(w, b, BLOCK);
  return at;
}

void tarw_end(struct tarw *w)
{
  static const char zeros[2 * BLOCK];
  tarw_raw(w, zeros, sizeof zeros);
}

void tarw_file_owned(struct tarw *w, const char *name, unsigned mode, unsigned uid, unsigned gid,
                     int64_t mtime, const void *content, size_t n)
{
  struct tarw_hdr h = { .name = name, .type = '0', .mode = mode, .uid = uid, .gid = gid,
                        .mtime = mtime, .size = n };
  tarw_header(w, &h);
  tarw_data(w, content, n);
}

void tarw_file(struct tarw *w, const char *name, unsigned mode, const char *content)
{
  tarw_file_owned(w, name, mode, 0, 0, 1600000000, content, strlen(content));
}

void tarw_dir_owned(struct tarw *w, const char *name, unsigned mode, unsigned uid, unsigned gid,
                    int64_t mtime)
{
  struct tarw_hdr h = { .name = name, .type = '5', .mode = mode, .uid = uid, .gid = gid,
                        .mtime = mtime };
  tarw_header(w, &h);
}

void tarw_dir(struct tarw *w, const char *name, unsigned mode)
{
  tarw_dir_owned(w, name, mode, 0, 0, 1600000000);
}

void tarw_symlink(struct tarw *w, const char *name, const char *target)
{
  struct tarw_hdr h = { .name = name, .type = '2', .mode = 0777, .linkname = target,
                        .mtime = 1600000000 };
  tarw_header(w, &h);
}

void tarw_hardlink(struct tarw *w, const char *name, const char *target)
{
  struct tarw_hdr h = { .name = name, .type = '1', .mode = 0644, .linkname = target,
                        .mtime = 1600000000 };
  tarw_header(w, &h);
}

void tarw_node(struct tarw *w, const char *name, char type, unsigned mode, unsigned major,
               unsigned minor)
{
  struct tarw_hdr h = { .name = name, .type = type, .mode = mode, .devmajor = major,
                        .devminor = minor, .mtime = 1600000000 };
  tarw_header(w, &h);
}

/* Record length counts its own digits: grow until it is stable. */
static void pax_record(struct tarw *body, const char *key, const char *value, size_t vlen)
{
  size_t base = strlen(key) + vlen + 3, len = base;
  char num[32];
  for (;;)
    {
      int d = snprintf(num, sizeof num, "%zu", len);
      if (base + (size_t) d == len)
        break;
      len = base + (size_t) d;
    }
  tarw_raw(body, num, strlen(num));
  tarw_raw(body, " ", 1);
  tarw_raw(body, key, strlen(key));
  tarw_raw(body, "=", 1);
  tarw_raw(body, value, vlen);
  tarw_raw(body, "\n", 1);
}

void tarw_pax(struct tarw *w, char type, size_t n, const char *const keys[],
              const char *const values[], const size_t value_lens[])
{
  struct tarw body = { 0 };
  for (size_t i = 0; i < n; i++)
    pax_record(&body, keys[i], values[i], value_lens ? value_lens[i] : strlen(values[i]));
  struct tarw_hdr h = { .name = "PaxHeaders/x", .type = type, .mode = 0644, .size = body.len };
  tarw_header(w, &h);
  tarw_data(w, body.buf, body.len);
  tarw_free(&body);
}

void tarw_gnu_long(struct tarw *w, char type, const char *name, size_t len)
{
  struct tarw_hdr h = { .name = "././@LongLink", .type = type, .mode = 0644, .size = len + 1,
                        .gnu_magic = 1 };
  tarw_header(w, &h);
  char *buf = calloc(len + 1, 1);
  if (buf == NULL)
    abort();
  memcpy(buf, name, len);
  tarw_data(w, buf, len + 1);
  free(buf);
}
