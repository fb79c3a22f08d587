/* Shared helpers: scoped cleanup, the error type, full reads and writes. */
#ifndef TSCONTAIN_UTIL_H
#define TSCONTAIN_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#define PROGRAM_NAME "tscontain-helper"

/* Scoped resources, crun style: released when the variable leaves scope. */
static inline void cleanup_close_fn(int *fd)
{
  if (*fd >= 0)
    {
      int saved = errno;
      close(*fd);
      errno = saved;
    }
}

static inline void cleanup_free_fn(void *p)
{
  free(*(void **) p);
}

#define cleanup_close __attribute__((cleanup(cleanup_close_fn)))
#define cleanup_free __attribute__((cleanup(cleanup_free_fn)))

/* Hand a scoped fd over to a new owner so the cleanup does not close it. */
static inline int steal_fd(int *fd)
{
  int r = *fd;
  *fd = -1;
  return r;
}

/*
 * Error codes are part of the CLI contract: the engine parses the name from
 * stderr and the value is the exit code.
 */
typedef enum
{
  HERR_OK = 0,
  HERR_USAGE = 2,
  HERR_DENIED = 3,
  HERR_UNSAFE = 4,
  HERR_BADTAR = 5,
  HERR_NOSPACE = 6,
  HERR_IO = 7,
  HERR_NOTRUNNING = 8,   /* kill/exec: the container is not (or no longer) running */
  HERR_EXEC_CANNOT = 126, /* "EXEC": the program exists but cannot be executed */
  HERR_EXEC_NOTFOUND = 127, /* "EXEC": the program was not found */
} herr_code;

/*
 * A failure travelling up the stack: each level prefixes its context, errno
 * stays separate so strerror() ends the final line.
 */
typedef struct
{
  herr_code code;
  int errnum;
  char msg[2048];
} herr_t;

int herr_fail(herr_t *err, herr_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int herr_errno(herr_t *err, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int herr_sys(herr_t *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int herr_context(herr_t *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *herr_code_name(herr_code code);
/* The one-line report "tscontain-helper: CODE: message[: strerror]\n" into LINE; returns its length. */
size_t herr_format(const herr_t *err, char *line, size_t size);
_Noreturn void herr_exit(const herr_t *err);
_Noreturn void die(herr_code code, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* read() until N bytes or EOF; returns the count or -1 with errno set. */
ssize_t read_full(int fd, void *buf, size_t n);
int write_all(int fd, const void *buf, size_t n);

void *xcalloc(size_t n, size_t size);
char *xstrndup(const char *s, size_t n);

#endif
