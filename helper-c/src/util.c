/* Error reporting and small I/O helpers shared by every verb. */
#include "util.h"

#include <stdio.h>
#include <string.h>

static const char *const code_names[] = {
  [HERR_OK] = "OK",         [HERR_USAGE] = "USAGE",     [HERR_DENIED] = "DENIED",
  [HERR_UNSAFE] = "UNSAFE", [HERR_BADTAR] = "BADTAR",   [HERR_NOSPACE] = "NOSPACE",
  [HERR_IO] = "IO",         [HERR_NOTRUNNING] = "NOTRUNNING",
  [HERR_EXEC_CANNOT] = "EXEC", [HERR_EXEC_NOTFOUND] = "EXEC",
};

const char *herr_code_name(herr_code code)
{
  if ((size_t) code < sizeof code_names / sizeof code_names[0] && code_names[code])
    return code_names[code];
  return "IO";
}

static void vset(herr_t *err, herr_code code, int errnum, const char *fmt, va_list ap)
{
  err->code = code;
  err->errnum = errnum;
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

int herr_fail(herr_t *err, herr_code code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vset(err, code, 0, fmt, ap);
  va_end(ap);
  return -1;
}

/* A full disk is its own code wherever it happens: the engine tells the user to free space. */
int herr_errno(herr_t *err, int errnum, const char *fmt, ...)
{
  herr_code code = (errnum == ENOSPC || errnum == EDQUOT) ? HERR_NOSPACE : HERR_IO;
  va_list ap;
  va_start(ap, fmt);
  vset(err, code, errnum, fmt, ap);
  va_end(ap);
  return -1;
}

int herr_sys(herr_t *err, const char *fmt, ...)
{
  int errnum = errno;
  herr_code code = (errnum == ENOSPC || errnum == EDQUOT) ? HERR_NOSPACE : HERR_IO;
  va_list ap;
  va_start(ap, fmt);
  vset(err, code, errnum, fmt, ap);
  va_end(ap);
  return -1;
}

int herr_context(herr_t *err, const char *fmt, ...)
{
  char prefix[1024];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(prefix, sizeof prefix, fmt, ap);
  va_end(ap);
  /* Keep as much of the inner message as fits after "PREFIX: ". */
  size_t plen = strlen(prefix);
  size_t olen = strnlen(err->msg, sizeof err->msg - 1);
  size_t room = sizeof err->msg - 1 - plen - 2;
  if (olen > room)
    olen = room;
  memmove(err->msg + plen + 2, err->msg, olen);
  memcpy(err->msg, prefix, plen);
  err->msg[plen] = ':';
  err->msg[plen + 1] = ' ';
  err->msg[plen + 2 + olen] = '\0';
  return -1;
}

/*
 * The engine reads exactly one line, so control bytes from hostile names are
 * escaped, and the line goes out in one write().
 */
size_t herr_format(const herr_t *err, char *line, size_t size)
{
  size_t n = (size_t) snprintf(line, size, "%s: %s: ", PROGRAM_NAME, herr_code_name(err->code));

  for (const unsigned char *p = (const unsigned char *) err->msg; *p && n + 8 < size; p++)
    {
      if (*p < 0x20 || *p == 0x7f || *p == '\\')
        n += (size_t) snprintf(line + n, size - n, "\\x%02x", *p);
      else
        line[n++] = (char) *p;
    }
  if (err->errnum && n < size)
    n += (size_t) snprintf(line + n, size - n, ": %s", strerror(err->errnum));
  if (n > size - 2)
    n = size - 2;
  line[n++] = '\n';
  return n;
}

_Noreturn void herr_exit(const herr_t *err)
{
  char line[sizeof err->msg * 4 + 256];
  write_all(STDERR_FILENO, line, herr_format(err, line, sizeof line));
  _exit(err->code == HERR_OK ? HERR_IO : (int) err->code);
}

_Noreturn void die(herr_code code, int errnum, const char *fmt, ...)
{
  herr_t err;
  va_list ap;
  va_start(ap, fmt);
  vset(&err, code, errnum, fmt, ap);
  va_end(ap);
  herr_exit(&err);
}

ssize_t read_full(int fd, void *buf, size_t n)
{
  size_t done = 0;
  while (done < n)
    {
      ssize_t r = read(fd, (char *) buf + done, n - done);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return -1;
      if (r == 0)
        break;
      done += (size_t) r;
    }
  return (ssize_t) done;
}

int write_all(int fd, const void *buf, size_t n)
{
  const char *p = buf;
  while (n > 0)
    {
      ssize_t r = write(fd, p, n);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return -1;
      p += r;
      n -= (size_t) r;
    }
  return 0;
}

/* Out of memory is not recoverable here; the engine discards the partial output. */
void *xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (p == NULL)
    die(HERR_IO, ENOMEM, "allocating %zu bytes", n * size);
  return p;
}

char *xstrndup(const char *s, size_t n)
{
  char *p = strndup(s, n);
  if (p == NULL)
    die(HERR_IO, ENOMEM, "allocating %zu bytes", n + 1);
  return p;
}
