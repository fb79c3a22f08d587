/*
 * Header fields. Every number is range-checked and the checksum verified:
 * a header is untrusted input like the rest of the stream.
 */
#include "tar_header.h"

#include <stddef.h>
#include <string.h>

/*
 * Numeric fields: octal text padded with spaces or NULs, or GNU base-256
 * (high bit of the first byte set; 0xff starts a negative number).
 */
int tar_parse_number(const char *field, size_t len, bool allow_negative, int64_t *out)
{
  const unsigned char *b = (const unsigned char *) field;
  uint64_t x = 0;

  if (len > 0 && (b[0] & 0x80))
    {
      unsigned char inv = (b[0] & 0x40) ? 0xff : 0x00;
      for (size_t i = 0; i < len; i++)
        {
          unsigned char c = b[i] ^ inv;
          if (i == 0)
            c &= 0x7f;
          if (x >> 56)
            return -1;
          x = x << 8 | c;
        }
      if (x >> 63)
        return -1;
      if (inv && !allow_negative)
        return -1;
      *out = inv ? ~(int64_t) x : (int64_t) x;
      return 0;
    }

  size_t i = 0;
  while (i < len && (b[i] == ' ' || b[i] == '\0'))
    i++;
  for (; i < len && b[i] >= '0' && b[i] <= '7'; i++)
    {
      if (x >> 60)
        return -1;
      x = x << 3 | (uint64_t) (b[i] - '0');
    }
  for (; i < len; i++)
    if (b[i] != ' ' && b[i] != '\0')
      return -1;
  *out = (int64_t) x;
  return 0;
}

bool tar_header_checksum_ok(const struct tar_header *h)
{
  const unsigned char *b = (const unsigned char *) h;
  int64_t stored;
  uint64_t usum = 0;
  int64_t ssum = 0;

  if (tar_parse_number(h->chksum, sizeof h->chksum, false, &stored) < 0)
    return false;
  for (size_t i = 0; i < TAR_BLOCK; i++)
    {
      bool in_field = i >= offsetof(struct tar_header, chksum)
                      && i < offsetof(struct tar_header, chksum) + sizeof h->chksum;
      unsigned char c = in_field ? ' ' : b[i];
      usum += c;
      ssum += (signed char) c;
    }
  /* Some old writers summed signed chars. */
  return (int64_t) usum == stored || ssum == stored;
}

static char *header_string(const char *field, size_t len)
{
  return xstrndup(field, strnlen(field, len));
}

static int field_u32(const char *field, size_t len, const char *what, uint32_t *out, herr_t *err)
{
  int64_t v;
  if (tar_parse_number(field, len, false, &v) < 0 || v >= (int64_t) UINT32_MAX)
    return herr_fail(err, HERR_BADTAR, "bad %s field", what);
  *out = (uint32_t) v;
  return 0;
}

static int entry_type(char flag, enum tar_type *type)
{
  switch (flag)
    {
    case '0': case '\0': case '7': *type = TAR_REG; return 0;
    case '1': *type = TAR_HARDLINK; return 0;
    case '2': *type = TAR_SYMLINK; return 0;
    case '3': *type = TAR_CHR; return 0;
    case '4': *type = TAR_BLK; return 0;
    case '5': *type = TAR_DIR; return 0;
    case '6': *type = TAR_FIFO; return 0;
    default: return -1;
    }
}

/* PAX values win over GNU long names, which win over the header fields. */
int tar_header_fill(struct tar_reader *r, const struct tar_header *h, uint64_t size, herr_t *err)
{
  struct tar_entry *e = &r->entry;
  struct pax *l = &r->local, *g = &r->global;
  bool ustar = memcmp(h->magic, "ustar\0", 6) == 0;
  int64_t v;

  if (entry_type(h->typeflag, &e->type) < 0)
    return herr_fail(err, HERR_BADTAR, "unsupported entry type 0x%02x",
                     (unsigned) (unsigned char) h->typeflag);
  if (l->have & PAX_PATH)
    e->path = xstrndup(l->path, strlen(l->path));
  else if (r->gnu_path)
    e->path = xstrndup(r->gnu_path, strlen(r->gnu_path));
  else if (g->have & PAX_PATH)
    e->path = xstrndup(g->path, strlen(g->path));
  else if (ustar && h->prefix[0])
    {
      size_t pl = strnlen(h->prefix, sizeof h->prefix), nl = strnlen(h->name, sizeof h->name);
      e->path = xcalloc(pl + nl + 2, 1);
      memcpy(e->path, h->prefix, pl);
      e->path[pl] = '/';
      memcpy(e->path + pl + 1, h->name, nl);
    }
  else
    e->path = header_string(h->name, sizeof h->name);

  if (l->have & PAX_LINKPATH)
    e->linkpath = xstrndup(l->linkpath, strlen(l->linkpath));
  else if (r->gnu_linkpath)
    e->linkpath = xstrndup(r->gnu_linkpath, strlen(r->gnu_linkpath));
  else if (g->have & PAX_LINKPATH)
    e->linkpath = xstrndup(g->linkpath, strlen(g->linkpath));
  else
    e->linkpath = header_string(h->linkname, sizeof h->linkname);

  if (tar_parse_number(h->mode, sizeof h->mode, false, &v) < 0)
    return herr_fail(err, HERR_BADTAR, "bad mode field");
  e->mode = (uint32_t) v & 07777;
  if (field_u32(h->uid, sizeof h->uid, "uid", &e->uid, err) < 0
      || field_u32(h->gid, sizeof h->gid, "gid", &e->gid, err) < 0
      || field_u32(h->devmajor, sizeof h->devmajor, "devmajor", &e->devmajor, err) < 0
      || field_u32(h->devminor, sizeof h->devminor, "devminor", &e->devminor, err) < 0)
    return -1;
  if (tar_parse_number(h->mtime, sizeof h->mtime, true, &v) < 0)
    return herr_fail(err, HERR_BADTAR, "bad mtime field");
  e->mtime = (struct timespec){ .tv_sec = (time_t) v };
  e->size = size;

  for (struct pax *p = g; p; p = p == g ? l : NULL)
    {
      if (p->have & PAX_UID)
        e->uid = p->uid;
      if (p->have & PAX_GID)
        e->gid = p->gid;
      if (p->have & PAX_MTIME)
        e->mtime = p->mtime;
    }
  e->xattrs.n = g->xattrs.n + l->xattrs.n;
  e->xattrs.v = xcalloc(e->xattrs.n, sizeof *e->xattrs.v);
  if (g->xattrs.n)
    memcpy(e->xattrs.v, g->xattrs.v, g->xattrs.n * sizeof *e->xattrs.v);
  if (l->xattrs.n)
    memcpy(e->xattrs.v + g->xattrs.n, l->xattrs.v, l->xattrs.n * sizeof *e->xattrs.v);

  /* Pre-POSIX archives mark directories only with a trailing slash. */
  if (e->type == TAR_REG && !ustar && memcmp(h->magic, "ustar ", 6) != 0 && *e->path
      && e->path[strlen(e->path) - 1] == '/')
    e->type = TAR_DIR;
  return 0;
}
