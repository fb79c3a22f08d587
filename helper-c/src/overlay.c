/*
 * OCI whiteouts become what overlayfs reads from a lower layer: a 0:0
 * character device for a removed name, trusted.overlay.opaque=y for a
 * directory that hides everything below it. Node cannot make either.
 */
#include "overlay.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

bool overlay_is_whiteout(const struct stat *st)
{
  return S_ISCHR(st->st_mode) && st->st_rdev == makedev(0, 0);
}

int overlay_mark_opaque(int dir_fd, herr_t *err)
{
  if (fsetxattr(dir_fd, OVERLAY_OPAQUE_XATTR, "y", 1, 0) < 0)
    return herr_sys(err, "setting %s", OVERLAY_OPAQUE_XATTR);
  return 0;
}

int overlay_mark_opaque_logged(int dir_fd, struct opaque_log *log, const char *path, size_t len,
                               herr_t *err)
{
  if (overlay_mark_opaque(dir_fd, err) < 0)
    return -1;
  if (log == NULL)
    return 0;
  if (log->n == log->cap)
    {
      size_t cap = log->cap ? log->cap * 2 : 16;
      char **grown = realloc(log->paths, cap * sizeof *grown);
      if (grown == NULL)
        die(HERR_IO, ENOMEM, "allocating opaque directories");
      log->paths = grown;
      log->cap = cap;
    }
  log->paths[log->n++] = xstrndup(path, len);
  return 0;
}

void opaque_log_free(struct opaque_log *log)
{
  for (size_t i = 0; i < log->n; i++)
    free(log->paths[i]);
  free(log->paths);
  *log = (struct opaque_log) { 0 };
}

/*
 * Whiteouts never hide entries of their own layer: if NAME is already here,
 * it stays. A later entry named NAME replaces the whiteout like any other
 * non-directory.
 */
int overlay_whiteout(int parent_fd, const char *name, uid_t uid, gid_t gid, herr_t *err)
{
  struct stat st;
  if (fstatat(parent_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
    return 0;
  if (errno != ENOENT)
    return herr_sys(err, "stat");
  if (mknodat(parent_fd, name, S_IFCHR | 0, makedev(0, 0)) < 0)
    return herr_sys(err, "creating whiteout device");
  if (fchownat(parent_fd, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
    return herr_sys(err, "chown of whiteout");
  return 0;
}
