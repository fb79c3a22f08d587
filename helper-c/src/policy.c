/*
 * Store policy. Paths come from an untrusted caller, so each is checked in
 * canonical form and then opened without following symlinks, relative to
 * the already-checked store fd; later work uses only those fds.
 */
#include "policy.h"

#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "caller.h"
#include "path.h"

static int denied_errno(herr_t *err, const char *what, const char *path)
{
  herr_sys(err, "%s %s", what, path);
  if (err->code == HERR_IO)
    err->code = HERR_DENIED;
  return -1;
}

/* Canonical: realpath() gives the same string, so no symlink, "..", "." or "//". */
static int check_canonical(const char *what, const char *path, herr_t *err)
{
  if (path[0] != '/')
    return herr_fail(err, HERR_DENIED, "%s %s is not an absolute path", what, path);
  cleanup_free char *real = realpath(path, NULL);
  if (real == NULL)
    return denied_errno(err, what, path);
  if (strcmp(real, path) != 0)
    return herr_fail(err, HERR_DENIED, "%s %s is not canonical (it resolves to %s)", what, path, real);
  return 0;
}

int store_open(const char *store, int *out_fd, herr_t *err)
{
  if (!caller_is_root() && strcmp(store, HELPER_DEFAULT_STORE) != 0)
    return herr_fail(err, HERR_DENIED, "a caller other than root may only use the store %s, not %s",
                     HELPER_DEFAULT_STORE, store);
  if (check_canonical("store", store, err) < 0)
    return -1;

  /* The canonical check raced with renames; this open refuses symlinks atomically. */
  cleanup_close int fd = path_openat2(AT_FDCWD, store, O_PATH | O_DIRECTORY,
                                      RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  if (fd < 0)
    return denied_errno(err, "opening store", store);

  struct stat st;
  if (fstat(fd, &st) < 0)
    return herr_sys(err, "stat store %s", store);
  if (!S_ISDIR(st.st_mode))
    return herr_fail(err, HERR_DENIED, "store %s is not a directory", store);
  if (st.st_uid != 0)
    return herr_fail(err, HERR_DENIED, "store %s is owned by uid %u, not root", store,
                     (unsigned) st.st_uid);
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return herr_fail(err, HERR_DENIED, "store %s is writable by group or others (mode %04o)", store,
                     (unsigned) (st.st_mode & 07777));
  *out_fd = steal_fd(&fd);
  return 0;
}

/* Returns PARENT relative to STORE, or NULL when it is not STORE or below it. */
static const char *relative_to_store(const char *store, const char *parent)
{
  size_t n = strlen(store);
  if (strcmp(parent, store) == 0)
    return "";
  if (strncmp(parent, store, n) != 0)
    return NULL;
  if (n == 1)
    return parent + 1;
  return parent[n] == '/' ? parent + n + 1 : NULL;
}

/*
 * TARGET's parent must already exist at or below the store; TARGET itself
 * must not exist: we create it, so nothing a caller prepared is reused.
 */
int target_create(int store_fd, const char *store, const char *target, int *out_fd, herr_t *err)
{
  const char *slash = strrchr(target, '/');
  if (target[0] != '/' || slash == NULL)
    return herr_fail(err, HERR_DENIED, "target %s is not an absolute path", target);
  const char *name = slash + 1;
  if (*name == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strlen(name) > NAME_MAX)
    return herr_fail(err, HERR_DENIED, "target %s does not end in a valid name", target);

  cleanup_free char *parent = xstrndup(target, slash == target ? 1 : (size_t) (slash - target));
  if (check_canonical("target parent", parent, err) < 0)
    return -1;
  const char *rel = relative_to_store(store, parent);
  if (rel == NULL)
    return herr_fail(err, HERR_DENIED, "target %s is not inside the store %s", target, store);

  cleanup_close int parent_fd = -1;
  if (*rel == '\0')
    parent_fd = openat(store_fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  else
    parent_fd = path_openat2(store_fd, rel, O_PATH | O_DIRECTORY,
                             RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  if (parent_fd < 0)
    return denied_errno(err, "opening target parent", parent);

  if (mkdirat(parent_fd, name, 0700) < 0)
    {
      if (errno == EEXIST)
        return herr_fail(err, HERR_DENIED, "target %s already exists", target);
      return herr_sys(err, "creating target %s", target);
    }
  cleanup_close int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return herr_sys(err, "opening target %s", target);

  /* A caller who can write the parent could swap the directory: only ours is root-owned. */
  struct stat st;
  if (fstat(fd, &st) < 0)
    return herr_sys(err, "stat target %s", target);
  if (!S_ISDIR(st.st_mode) || st.st_uid != 0)
    return herr_fail(err, HERR_DENIED, "target %s was replaced while being created", target);
  if (fchown(fd, 0, 0) < 0 || fchmod(fd, 0755) < 0)
    return herr_sys(err, "setting owner and mode of target %s", target);
  *out_fd = steal_fd(&fd);
  return 0;
}
