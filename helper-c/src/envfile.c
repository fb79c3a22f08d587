/*
 * --env-file reading. The file is trusted only when it is a regular file
 * owned by root, readable by nobody else and linked once, reached without
 * symlinks from the already validated container directory fd: the caller
 * can name it but cannot make it point at another root-only file.
 */
#include "envfile.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#define EXEC_PREFIX "exec-env-"

/* The file's name inside the container directory when PATH is an accepted one, else NULL. */
static const char *accepted_name(const struct spec *s, int which, const char *path)
{
  size_t n = strlen(s->store);
  if (strncmp(path, s->store, n) != 0 || strncmp(path + n, "/containers/", 12) != 0)
    return NULL;
  const char *rest = path + n + 12;
  if (strncmp(rest, s->id, 64) != 0 || rest[64] != '/')
    return NULL;
  const char *name = rest + 65;
  if (which == SPEC_FOR_RUN)
    return strcmp(name, "env") == 0 ? name : NULL;
  if (strncmp(name, EXEC_PREFIX, strlen(EXEC_PREFIX)) != 0)
    return NULL;
  const char *suffix = name + strlen(EXEC_PREFIX);
  size_t len = strlen(suffix);
  if (len == 0 || len > 64)
    return NULL;
  for (size_t i = 0; i < len; i++)
    if (!((suffix[i] >= '0' && suffix[i] <= '9') || (suffix[i] >= 'a' && suffix[i] <= 'f')))
      return NULL;
  return name;
}

static int open_checked(int cdir_fd, const char *name, struct stat *st, int *out_fd, herr_t *err)
{
  /* O_NONBLOCK: a FIFO planted under the name must not hang the helper before the type check. */
  cleanup_close int fd = openat(cdir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    {
      herr_sys(err, "opening --env-file %s", name);
      err->code = HERR_DENIED;
      return -1;
    }
  if (fstat(fd, st) < 0)
    return herr_sys(err, "stat --env-file %s", name);
  if (!S_ISREG(st->st_mode))
    return herr_fail(err, HERR_DENIED, "--env-file %s is not a regular file", name);
  if (st->st_uid != 0)
    return herr_fail(err, HERR_DENIED, "--env-file %s is owned by uid %u, not root", name, (unsigned) st->st_uid);
  if (st->st_mode & (S_IRWXG | S_IRWXO))
    return herr_fail(err, HERR_DENIED, "--env-file %s is accessible by group or others (mode %04o)", name,
                     (unsigned) (st->st_mode & 07777));
  if (st->st_nlink != 1)
    return herr_fail(err, HERR_DENIED, "--env-file %s has %lu links", name, (unsigned long) st->st_nlink);
  if (st->st_size > ENVFILE_MAX_BYTES)
    return herr_fail(err, HERR_USAGE, "--env-file %s is larger than %d bytes", name, ENVFILE_MAX_BYTES);
  *out_fd = steal_fd(&fd);
  return 0;
}

/* NUL-terminated KEY=VALUE entries; the last terminator may be missing. */
static int parse_entries(struct spec *s, char *buf, size_t len, herr_t *err)
{
  for (size_t at = 0; at < len;)
    {
      char *entry = buf + at;
      size_t n = strlen(entry); /* buf[len] is NUL */
      char *eq = memchr(entry, '=', n);
      if (eq == NULL || eq == entry)
        return herr_fail(err, HERR_USAGE, "--env-file: entry %zu is not KEY=VALUE", s->n_env + 1);
      if (s->n_env == SPEC_MAX_ENV)
        return herr_fail(err, HERR_USAGE, "--env-file: more than %d variables", SPEC_MAX_ENV);
      s->env[s->n_env++] = entry;
      at += n + 1;
    }
  s->env[s->n_env] = NULL;
  return 0;
}

int envfile_load(struct spec *s, int which, int cdir_fd, herr_t *err)
{
  if (s->env_file == NULL)
    return 0;
  const char *name = accepted_name(s, which, s->env_file);
  if (name == NULL)
    return herr_fail(err, HERR_DENIED, "%s: --env-file must be %s/containers/%s/%s, not %.256s", s->verb, s->store,
                     s->id, which == SPEC_FOR_RUN ? "env" : EXEC_PREFIX "HEX", s->env_file);
  struct stat st;
  cleanup_close int fd = -1;
  if (open_checked(cdir_fd, name, &st, &fd, err) < 0)
    return -1;
  /* Kept for the process's life, as argv is: s->env points into it. */
  char *buf = malloc((size_t) st.st_size + 2);
  if (buf == NULL)
    return herr_fail(err, HERR_IO, "--env-file: out of memory");
  ssize_t got = read_full(fd, buf, (size_t) st.st_size + 1);
  if (got < 0)
    {
      free(buf);
      return herr_sys(err, "reading --env-file %s", name);
    }
  if (got != (ssize_t) st.st_size)
    {
      free(buf);
      return herr_fail(err, HERR_DENIED, "--env-file %s changed while being read", name);
    }
  buf[got] = '\0';
  if (which == SPEC_FOR_EXEC && unlinkat(cdir_fd, name, 0) < 0)
    {
      free(buf);
      return herr_sys(err, "removing --env-file %s", name);
    }
  if (parse_entries(s, buf, (size_t) got, err) < 0)
    {
      free(buf);
      return -1;
    }
  return 0;
}
