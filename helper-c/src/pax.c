/*
 * POSIX.1-2001 extended header records: "LEN KEY=VALUE\n", LEN counting the
 * whole record. Values may hold any byte (xattrs are binary), so lengths
 * are tracked, never strlen().
 */
#include <stdio.h>
#include <string.h>

#include "tar.h"

#define XATTR_PREFIX "SCHILY.xattr."

void pax_free(struct pax *pax)
{
  free(pax->path);
  free(pax->linkpath);
  for (size_t i = 0; i < pax->xattrs.n; i++)
    {
      free(pax->xattrs.v[i].name);
      free(pax->xattrs.v[i].value);
    }
  free(pax->xattrs.v);
  memset(pax, 0, sizeof *pax);
}

static int parse_decimal(const char *s, size_t len, uint64_t max, uint64_t *out)
{
  uint64_t v = 0;
  if (len == 0 || len > 20)
    return -1;
  for (size_t i = 0; i < len; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return -1;
      uint64_t d = (uint64_t) (s[i] - '0');
      if (v > (max - d) / 10)
        return -1;
      v = v * 10 + d;
    }
  *out = v;
  return 0;
}

/* "[-]SECONDS[.FRACTION]"; digits past nanoseconds are dropped. */
static int parse_time(const char *s, size_t len, struct timespec *out)
{
  bool neg = len > 0 && s[0] == '-';
  const char *dot = memchr(s, '.', len);
  size_t int_len = (dot ? (size_t) (dot - s) : len) - (neg ? 1 : 0);
  uint64_t sec, nsec = 0;

  if (parse_decimal(s + (neg ? 1 : 0), int_len, INT64_MAX / 2, &sec) < 0)
    return -1;
  if (dot)
    {
      size_t frac_len = len - (size_t) (dot - s) - 1;
      uint64_t scale = 100000000;
      if (frac_len == 0)
        return -1;
      for (size_t i = 0; i < frac_len; i++, scale /= 10)
        {
          char c = dot[1 + i];
          if (c < '0' || c > '9')
            return -1;
          nsec += scale * (uint64_t) (c - '0');
        }
    }
  out->tv_sec = neg ? -(time_t) sec : (time_t) sec;
  out->tv_nsec = (long) nsec;
  if (neg && nsec > 0)
    {
      out->tv_sec -= 1;
      out->tv_nsec = 1000000000L - (long) nsec;
    }
  return 0;
}

/* Path values end up as C strings: an embedded NUL would cut them silently. */
static int set_string(char **dst, unsigned *have, unsigned bit, const char *key, const char *v,
                      size_t vlen, herr_t *err)
{
  free(*dst);
  *dst = NULL;
  *have &= ~bit;
  if (vlen == 0)
    return 0;
  if (memchr(v, '\0', vlen))
    return herr_fail(err, HERR_UNSAFE, "PAX %s contains a NUL byte", key);
  *dst = xstrndup(v, vlen);
  *have |= bit;
  return 0;
}

static int add_xattr(struct pax *pax, const char *name, size_t name_len, const char *v, size_t vlen)
{
  struct tar_xattrs *x = &pax->xattrs;
  struct tar_xattr *grown = realloc(x->v, (x->n + 1) * sizeof *grown);
  if (grown == NULL)
    die(HERR_IO, ENOMEM, "allocating xattrs");
  x->v = grown;
  x->v[x->n].name = xstrndup(name, name_len);
  x->v[x->n].value = xcalloc(vlen + 1, 1);
  memcpy(x->v[x->n].value, v, vlen);
  x->v[x->n].len = vlen;
  x->n++;
  return 0;
}

static int set_number(uint64_t *dst, unsigned *have, unsigned bit, uint64_t max, const char *v,
                      size_t vlen)
{
  *have &= ~bit;
  if (vlen == 0)
    return 0;
  if (parse_decimal(v, vlen, max, dst) < 0)
    return -1;
  *have |= bit;
  return 0;
}

/* An empty value removes the keyword: the header field applies again. */
static int apply_record(struct pax *pax, const char *key, size_t klen, const char *v, size_t vlen,
                        herr_t *err)
{
  uint64_t n;
#define KEY_IS(lit) (klen == sizeof(lit) - 1 && memcmp(key, lit, klen) == 0)
  if (KEY_IS("path"))
    return set_string(&pax->path, &pax->have, PAX_PATH, "path", v, vlen, err);
  if (KEY_IS("linkpath"))
    return set_string(&pax->linkpath, &pax->have, PAX_LINKPATH, "linkpath", v, vlen, err);
  if (KEY_IS("size"))
    {
      if (set_number(&pax->size, &pax->have, PAX_SIZE, INT64_MAX, v, vlen) < 0)
        return herr_fail(err, HERR_BADTAR, "bad PAX size");
      return 0;
    }
  /* (uid_t) -1 would mean "leave unchanged" to chown: refuse it. */
  if (KEY_IS("uid") || KEY_IS("gid"))
    {
      bool uid = key[0] == 'u';
      n = 0;
      if (set_number(&n, &pax->have, uid ? PAX_UID : PAX_GID, UINT32_MAX - 1, v, vlen) < 0)
        return herr_fail(err, HERR_BADTAR, "bad PAX %s", uid ? "uid" : "gid");
      *(uid ? &pax->uid : &pax->gid) = (uint32_t) n;
      return 0;
    }
  if (KEY_IS("mtime"))
    {
      pax->have &= ~(unsigned) PAX_MTIME;
      if (vlen == 0)
        return 0;
      if (parse_time(v, vlen, &pax->mtime) < 0)
        return herr_fail(err, HERR_BADTAR, "bad PAX mtime");
      pax->have |= PAX_MTIME;
      return 0;
    }
  if (klen > sizeof XATTR_PREFIX - 1 && memcmp(key, XATTR_PREFIX, sizeof XATTR_PREFIX - 1) == 0)
    return add_xattr(pax, key + sizeof XATTR_PREFIX - 1, klen - (sizeof XATTR_PREFIX - 1), v, vlen);
  if (klen > 11 && memcmp(key, "GNU.sparse.", 11) == 0)
    return herr_fail(err, HERR_BADTAR, "sparse files are not supported");
#undef KEY_IS
  return 0;
}

int pax_parse(struct pax *pax, const char *buf, size_t len, herr_t *err)
{
  while (len > 0)
    {
      const char *space = memchr(buf, ' ', len < 21 ? len : 21);
      uint64_t rec_len;
      if (space == NULL || parse_decimal(buf, (size_t) (space - buf), len, &rec_len) < 0
          || rec_len <= (uint64_t) (space - buf) + 1 || buf[rec_len - 1] != '\n')
        return herr_fail(err, HERR_BADTAR, "malformed PAX record");
      const char *key = space + 1;
      const char *end = buf + rec_len - 1;
      const char *eq = memchr(key, '=', (size_t) (end - key));
      if (eq == NULL || eq == key || memchr(key, '\0', (size_t) (eq - key)))
        return herr_fail(err, HERR_BADTAR, "malformed PAX record");
      if (apply_record(pax, key, (size_t) (eq - key), eq + 1, (size_t) (end - eq - 1), err) < 0)
        return -1;
      buf += rec_len;
      len -= rec_len;
    }
  return 0;
}
