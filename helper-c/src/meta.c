/*
 * Metadata, always in this order: owner, then mode (chown clears setuid and
 * setgid), then xattrs (chown also drops security.capability), then times
 * (everything before touches ctime only, but keep mtime last anyway).
 */
#include "meta.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "path.h"

/*
 * Only namespaces an image may legitimately carry. security.* labels belong
 * to the host's LSM, and trusted.* would let a layer forge overlayfs
 * metadata (opaque, redirect, metacopy) that we alone write.
 */
static bool xattr_allowed(const char *name, enum tar_type type)
{
  if (strcmp(name, "security.capability") == 0)
    return type == TAR_REG;
  if (strcmp(name, "system.posix_acl_access") == 0)
    return true;
  if (strcmp(name, "system.posix_acl_default") == 0)
    return type == TAR_DIR;
  /* The kernel allows user.* only on regular files and directories. */
  if (strncmp(name, "user.", 5) == 0)
    return type == TAR_REG || type == TAR_DIR;
  return false;
}

/* PROC_PATH is NULL to use FD directly. */
static int set_xattrs(int fd, const char *proc_path, const struct tar_entry *e, herr_t *err)
{
  for (size_t i = 0; i < e->xattrs.n; i++)
    {
      const struct tar_xattr *x = &e->xattrs.v[i];
      if (!xattr_allowed(x->name, e->type))
        continue;
      int r = proc_path ? setxattr(proc_path, x->name, x->value, x->len, 0)
                        : fsetxattr(fd, x->name, x->value, x->len, 0);
      /* A filesystem without xattr support loses them, as with docker. */
      if (r < 0 && errno != ENOTSUP)
        return herr_sys(err, "setting xattr %.256s", x->name);
    }
  return 0;
}

static void times_of(const struct tar_entry *e, struct timespec ts[2])
{
  ts[0] = e->mtime;
  ts[1] = e->mtime;
}

int meta_apply_fd(int fd, const struct tar_entry *e, bool set_time, herr_t *err)
{
  struct timespec ts[2];
  if (fchown(fd, e->uid, e->gid) < 0)
    return herr_sys(err, "chown to %u:%u", e->uid, e->gid);
  if (fchmod(fd, e->mode) < 0)
    return herr_sys(err, "chmod to %04o", e->mode);
  if (set_xattrs(fd, NULL, e, err) < 0)
    return -1;
  times_of(e, ts);
  if (set_time && futimens(fd, ts) < 0)
    return herr_sys(err, "setting times");
  return 0;
}

/*
 * Nodes we cannot open for writing: a symlink has no mode, and opening a
 * device or fifo has side effects. An O_PATH fd pins the node we created;
 * its /proc/self/fd link reaches that inode and nothing else, since a
 * device or fifo is not followed any further.
 */
int meta_apply_at(int parent_fd, const char *name, const struct tar_entry *e, herr_t *err)
{
  struct timespec ts[2];
  if (fchownat(parent_fd, name, e->uid, e->gid, AT_SYMLINK_NOFOLLOW) < 0)
    return herr_sys(err, "chown to %u:%u", e->uid, e->gid);

  if (e->type != TAR_SYMLINK)
    {
      cleanup_close int fd = openat(parent_fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
      struct stat st;
      char proc_path[64];
      if (fd < 0 || fstat(fd, &st) < 0)
        return herr_sys(err, "opening the new node");
      if (S_ISLNK(st.st_mode) || S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))
        return herr_fail(err, HERR_IO, "the new node changed type");
      snprintf(proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
      if (chmod(proc_path, e->mode) < 0)
        return herr_sys(err, "chmod to %04o", e->mode);
      if (set_xattrs(-1, proc_path, e, err) < 0)
        return -1;
    }
  times_of(e, ts);
  if (utimensat(parent_fd, name, ts, AT_SYMLINK_NOFOLLOW) < 0)
    return herr_sys(err, "setting times");
  return 0;
}

void meta_defer_dir_time(struct layer *l, const char *clean, const struct tar_entry *e)
{
  if (l->n_dir_times == l->cap_dir_times)
    {
      size_t cap = l->cap_dir_times ? l->cap_dir_times * 2 : 64;
      struct dir_time *grown = realloc(l->dir_times, cap * sizeof *grown);
      if (grown == NULL)
        die(HERR_IO, ENOMEM, "allocating directory times");
      l->dir_times = grown;
      l->cap_dir_times = cap;
    }
  l->dir_times[l->n_dir_times].path = xstrndup(clean, strlen(clean));
  l->dir_times[l->n_dir_times].mtime = e->mtime;
  l->n_dir_times++;
}

/*
 * Setting a directory's times does not touch its parent, so order among
 * them does not matter; entry order keeps the last entry of a repeated
 * directory in force. Paths are resolved again, by the same rules.
 */
int layer_finish_dir_times(struct layer *l, herr_t *err)
{
  for (size_t i = 0; i < l->n_dir_times; i++)
    {
      const struct dir_time *d = &l->dir_times[i];
      struct timespec ts[2] = { d->mtime, d->mtime };
      cleanup_close int fd = -1;
      if (layer_open_dir(l->root_fd, d->path, false, &fd, err) < 0)
        return herr_context(err, "directory \"%.512s\"", d->path);
      if (futimens(fd, ts) < 0)
        return herr_sys(err, "setting times of directory \"%.512s\"", d->path);
    }
  return 0;
}
