/*
 * User mounts of a container (Docker's -v, --mount, --tmpfs).
 *
 * Targets are resolved inside the new root with RESOLVE_IN_ROOT, so an
 * image symlink (even a dangling one pointing at a host path) is followed
 * as the container would follow it and never leaves the root; missing
 * parts are created there, and the mount goes onto the held fd through
 * /proc/self/fd (CVE-2019-16884, CVE-2021-30465). /proc and /sys cannot be
 * mounted over, by name or through a symlink.
 *
 * Bind sources: the helper is setuid and members of its group are not
 * root, so a caller other than root may bind only a named volume
 * (STORE/volumes/NAME/_data, reached without symlinks below the store);
 * root may bind any host path.
 */
#include "mounts.h"

#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "caller.h"
#include "path.h"

#define FDPATH_MAX 32
#define RESTART (-2)
#define MAX_LINKS 40

static void fdpath(char buf[FDPATH_MAX], int fd)
{
  snprintf(buf, FDPATH_MAX, "/proc/self/fd/%d", fd);
}

/* Absolute, no "..", not "/", not /proc or /sys or below (however spelled). */
static int check_target(const char *flag, const char *v, herr_t *err)
{
  if (v[0] != '/' || strlen(v) >= PATH_MAX / 2)
    return herr_fail(err, HERR_USAGE, "%s: target %.256s is not an absolute path", flag, v);
  size_t depth = 0;
  bool kernel = false;
  for (const char *p = v;;)
    {
      while (*p == '/')
        p++;
      size_t c = strcspn(p, "/");
      if (c == 0)
        break;
      if (c == 2 && p[0] == '.' && p[1] == '.')
        return herr_fail(err, HERR_DENIED, "%s: target %.256s contains \"..\"", flag, v);
      if (!(c == 1 && p[0] == '.'))
        {
          if (depth == 0 && ((c == 4 && strncmp(p, "proc", 4) == 0) || (c == 3 && strncmp(p, "sys", 3) == 0)))
            kernel = true;
          depth++;
        }
      p += c;
    }
  if (depth == 0)
    return herr_fail(err, HERR_DENIED, "%s: cannot mount over the container's root", flag);
  if (kernel)
    return herr_fail(err, HERR_DENIED, "%s: target %.256s is in /proc or /sys, which cannot be mounted over",
                     flag, v);
  return 0;
}

static bool digits(const char *s, size_t len, size_t max, bool octal)
{
  if (len == 0 || len > max)
    return false;
  for (size_t i = 0; i < len; i++)
    if (!isdigit((unsigned char) s[i]) || (octal && s[i] > '7'))
      return false;
  return true;
}

/* One tmpfs option from the closed set; data options are appended to m->data. */
static int tmpfs_option(struct spec_mount *m, const char *o, size_t len, size_t *used, herr_t *err)
{
  static const struct
  {
    const char *name;
    unsigned long set, clear;
    bool ro, rw;
  } words[] = {
    { "ro", 0, 0, true, false },          { "rw", 0, 0, false, true },
    { "exec", 0, MS_NOEXEC, false, false }, { "noexec", MS_NOEXEC, 0, false, false },
    { "suid", 0, MS_NOSUID, false, false }, { "nosuid", MS_NOSUID, 0, false, false },
    { "nodev", MS_NODEV, 0, false, false },
  };
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strlen(words[i].name) == len && strncmp(words[i].name, o, len) == 0)
      {
        m->flags = (m->flags | words[i].set) & ~words[i].clear;
        if (words[i].ro || words[i].rw)
          m->read_only = words[i].ro;
        return 0;
      }
  bool ok = false;
  if (len > 5 && strncmp(o, "size=", 5) == 0)
    {
      size_t n = len - 5;
      bool suffix = strchr("kmgKMG", o[len - 1]) != NULL;
      ok = digits(o + 5, n - suffix, 19, false);
    }
  else if (len > 5 && strncmp(o, "mode=", 5) == 0)
    ok = digits(o + 5, len - 5, 4, true);
  else if (len > 4 && (strncmp(o, "uid=", 4) == 0 || strncmp(o, "gid=", 4) == 0))
    ok = digits(o + 4, len - 4, 10, false);
  if (!ok)
    return herr_fail(err, HERR_USAGE,
                     "--tmpfs: option \"%.*s\" is not one of ro, rw, exec, noexec, suid, nosuid, nodev, "
                     "size=N[kmg], mode=OCTAL, uid=N, gid=N",
                     (int) (len > 64 ? 64 : len), o);
  int w = snprintf(m->data + *used, sizeof m->data - *used, "%s%.*s", *used ? "," : "", (int) len, o);
  if (w < 0 || (size_t) w >= sizeof m->data - *used)
    return herr_fail(err, HERR_USAGE, "--tmpfs: too many options");
  *used += (size_t) w;
  return 0;
}

/* Docker's defaults for a tmpfs: rw, nosuid, nodev, noexec. "" keeps them. */
static int parse_tmpfs_options(struct spec_mount *m, const char *opts, herr_t *err)
{
  size_t used = 0;
  m->flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
  for (const char *p = opts; *p;)
    {
      size_t len = strcspn(p, ",");
      if (len == 0)
        return herr_fail(err, HERR_USAGE, "--tmpfs: empty option in \"%.64s\"", opts);
      if (tmpfs_option(m, p, len, &used, err) < 0)
        return -1;
      p += len;
      if (*p == ',' && *++p == '\0')
        return herr_fail(err, HERR_USAGE, "--tmpfs: trailing comma in \"%.64s\"", opts);
    }
  return 0;
}

int mounts_take(struct spec *s, const char *flag, char *const *values, herr_t *err)
{
  if (s->n_mounts == SPEC_MAX_MOUNTS)
    return herr_fail(err, HERR_USAGE, "more than %d --bind and --tmpfs mounts", SPEC_MAX_MOUNTS);
  struct spec_mount *m = &s->mounts[s->n_mounts];
  memset(m, 0, sizeof *m);
  if (strcmp(flag, "--bind") == 0)
    {
      m->kind = MOUNT_BIND;
      m->source = values[0];
      m->target = values[1];
      if (values[0][0] != '/' || strlen(values[0]) >= PATH_MAX)
        return herr_fail(err, HERR_USAGE, "--bind: source %.256s is not an absolute path", values[0]);
      if (check_target(flag, m->target, err) < 0)
        return -1;
      if (strcmp(values[2], "ro") != 0 && strcmp(values[2], "rw") != 0)
        return herr_fail(err, HERR_USAGE, "--bind: mode must be ro or rw, not \"%.32s\"", values[2]);
      m->read_only = values[2][1] == 'o';
    }
  else
    {
      m->kind = MOUNT_TMPFS;
      m->target = values[0];
      if (check_target(flag, m->target, err) < 0 || parse_tmpfs_options(m, values[1], err) < 0)
        return -1;
    }
  s->n_mounts++;
  return 0;
}

/* Docker's volume names: [a-zA-Z0-9][a-zA-Z0-9_.-]+ */
static bool valid_volume_name(const char *name, size_t len)
{
  if (len < 2 || len > NAME_MAX || !isalnum((unsigned char) name[0]))
    return false;
  for (size_t i = 1; i < len; i++)
    if (!isalnum((unsigned char) name[i]) && !strchr("_.-", name[i]))
      return false;
  return true;
}

static int root_only_dir(int fd, const char *shown, herr_t *err)
{
  struct stat st;
  if (fstat(fd, &st) < 0)
    return herr_sys(err, "stat %.256s", shown);
  if (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH)))
    return herr_fail(err, HERR_DENIED, "%.256s is not a root-owned directory writable only by root", shown);
  return 0;
}

/* A caller other than root: exactly STORE/volumes/NAME/_data, below root-owned directories. */
static int open_volume_source(int store_fd, const char *store, const char *source, int *out_fd, herr_t *err)
{
  size_t n = strlen(store);
  const char *name = source + n + 9;
  const char *slash = strncmp(source, store, n) == 0 && strncmp(source + n, "/volumes/", 9) == 0
                          ? strchr(name, '/')
                          : NULL;
  if (slash == NULL || strcmp(slash, "/_data") != 0 || !valid_volume_name(name, (size_t) (slash - name)))
    return herr_fail(err, HERR_DENIED,
                     "--bind: a caller other than root may only bind %s/volumes/NAME/_data, not %.256s", store,
                     source);
  char rel[NAME_MAX + 16];
  snprintf(rel, sizeof rel, "volumes/%.*s", (int) (slash - name), name);
  cleanup_close int volumes = path_openat2(store_fd, "volumes", O_PATH | O_DIRECTORY,
                                           RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  cleanup_close int vol = path_openat2(store_fd, rel, O_PATH | O_DIRECTORY,
                                       RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  if (volumes < 0 || vol < 0)
    {
      herr_sys(err, "--bind: opening volume %.*s", (int) (slash - name), name);
      err->code = HERR_DENIED;
      return -1;
    }
  if (root_only_dir(volumes, "the volumes directory", err) < 0 || root_only_dir(vol, rel, err) < 0)
    return -1;
  /* _data itself belongs to the container (it may chown it); only its name is fixed. */
  int fd = openat(vol, "_data", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      herr_sys(err, "--bind: opening volume %.*s (a symlink or not a directory?)", (int) (slash - name), name);
      err->code = HERR_DENIED;
      return -1;
    }
  *out_fd = fd;
  return 0;
}

/* The user's words for a source: "volume NAME" for one in the store (its path is internal), else the path. */
static const char *source_shown(const char *store, const char *source, char *buf, size_t size)
{
  size_t n = strlen(store);
  if (strncmp(source, store, n) != 0 || strncmp(source + n, "/volumes/", 9) != 0)
    return source;
  const char *name = source + n + 9;
  snprintf(buf, size, "volume %.*s", (int) strcspn(name, "/"), name);
  return buf;
}

static int open_source(int store_fd, const char *store, const char *source, struct mount_source *out,
                       herr_t *err)
{
  cleanup_close int fd = -1;
  char shown[NAME_MAX + 16];
  if (caller_is_root())
    {
      /* Docker follows symlinks in a bind source; the canonical path is reopened without any. */
      out->path = realpath(source, NULL);
      if (out->path == NULL)
        return herr_sys(err, "--bind: source %.256s", source_shown(store, source, shown, sizeof shown));
      fd = path_openat2(AT_FDCWD, out->path, O_PATH, RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
      if (fd < 0)
        return herr_sys(err, "--bind: opening source %.256s",
                        source_shown(store, source, shown, sizeof shown));
    }
  else
    {
      if (open_volume_source(store_fd, store, source, &fd, err) < 0)
        return -1;
      out->path = xstrndup(source, strlen(source));
    }
  struct stat st;
  if (fstat(fd, &st) < 0)
    return herr_sys(err, "--bind: stat %.256s", source_shown(store, source, shown, sizeof shown));
  out->dev = st.st_dev;
  out->ino = st.st_ino;
  out->is_dir = S_ISDIR(st.st_mode);
  out->fd = steal_fd(&fd);
  return 0;
}

int mounts_open_sources(const struct spec *s, int store_fd, struct mount_source *out, herr_t *err)
{
  for (size_t i = 0; i < s->n_mounts; i++)
    {
      out[i].fd = -1;
      if (s->mounts[i].kind == MOUNT_BIND && open_source(store_fd, s->store, s->mounts[i].source, &out[i], err) < 0)
        return -1;
    }
  return 0;
}

/*
 * One pass over PATH from ROOT. Each prefix is opened with RESOLVE_IN_ROOT;
 * a missing component is created (a directory, or for the last one what
 * the source is), unless it is a dangling symlink: then PATH is rewritten
 * with the link's text and RESTART is returned, so the link is followed
 * inside the root the way the container will follow it.
 */
static int walk_target(int root, char *path, bool dir, herr_t *err)
{
  cleanup_close int parent = openat(root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (parent < 0)
    return herr_sys(err, "opening the container root");
  size_t i = 0;
  bool created = false;
  for (;;)
    {
      while (path[i] == '/')
        i++;
      size_t end = i + strcspn(path + i, "/");
      if (end == i)
        return steal_fd(&parent);
      char saved = path[end];
      path[end] = '\0';
      int fd = path_openat2(root, path, O_PATH, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
      int open_errno = errno;
      char name[NAME_MAX + 1];
      snprintf(name, sizeof name, "%s", path + i);
      path[end] = saved;
      if (fd >= 0)
        {
          close(parent);
          parent = fd;
          i = end;
          created = false;
          continue;
        }
      if (open_errno != ENOENT || created)
        return herr_errno(err, open_errno, "resolving mount target %.256s", path);
      struct stat st;
      if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
        {
          char link[PATH_MAX], next[PATH_MAX];
          ssize_t n = readlinkat(parent, name, link, sizeof link - 1);
          if (n <= 0)
            return herr_sys(err, "reading symlink in mount target %.256s", path);
          link[n] = '\0';
          int w = link[0] == '/' ? snprintf(next, sizeof next, "%s%s", link, path + end)
                                 : snprintf(next, sizeof next, "%.*s%s%s", (int) i, path, link, path + end);
          if (w < 0 || (size_t) w >= PATH_MAX / 2)
            return herr_errno(err, ENAMETOOLONG, "mount target %.256s", path);
          memcpy(path, next, (size_t) w + 1);
          return RESTART;
        }
      bool last = path[end + strspn(path + end, "/")] == '\0';
      int r;
      if (last && !dir)
        {
          r = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
          if (r >= 0)
            close(r);
        }
      else
        r = mkdirat(parent, name, 0755);
      if (r < 0 && errno != EEXIST)
        return herr_sys(err, "creating mount target %.256s", path);
      created = true;
    }
}

static int open_target(int root, char *path, bool dir, herr_t *err)
{
  for (int links = 0; links <= MAX_LINKS; links++)
    {
      int r = walk_target(root, path, dir, err);
      if (r != RESTART)
        return r;
    }
  return herr_errno(err, ELOOP, "mount target %.256s", path);
}

/* The mount must land in the container's own tree, on the kind of inode the source is. */
static int check_target_fd(int root, int fd, bool dir, const char *shown, herr_t *err)
{
  struct stat st, rst;
  struct statfs fs;
  if (fstat(fd, &st) < 0 || fstat(root, &rst) < 0 || fstatfs(fd, &fs) < 0)
    return herr_sys(err, "stat mount target %.256s", shown);
  if (st.st_dev == rst.st_dev && st.st_ino == rst.st_ino)
    return herr_fail(err, HERR_DENIED, "mount target %.256s resolves to the container's root", shown);
  if (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC)
    return herr_fail(err, HERR_DENIED, "mount target %.256s resolves into /proc or /sys", shown);
  if (dir && !S_ISDIR(st.st_mode))
    return herr_errno(err, ENOTDIR, "mount target %.256s", shown);
  if (!dir && S_ISDIR(st.st_mode))
    return herr_errno(err, EISDIR, "mount target %.256s (the source is a file)", shown);
  return 0;
}

/* The starter's inode, found again by path in this mount namespace; named by its target (store paths are internal). */
static int reopen_source(const struct mount_source *src, const char *target, herr_t *err)
{
  struct stat st;
  int fd = path_openat2(AT_FDCWD, src->path, O_PATH, RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  if (fd < 0)
    return herr_sys(err, "reopening the source of the mount on %.256s", target);
  if (fstat(fd, &st) < 0 || st.st_dev != src->dev || st.st_ino != src->ino)
    {
      close(fd);
      return herr_fail(err, HERR_UNSAFE, "the source of the mount on %.256s was replaced during setup", target);
    }
  return fd;
}

/*
 * The held target fd is the directory under the new mount; the path, walked
 * again, enters the mount. A bind remount sets every per-mount flag, so
 * the source's nosuid/nodev/noexec/atime flags are carried over.
 */
static int remount_read_only(int root, const char *path, const struct mount_source *src, const char *shown,
                             herr_t *err)
{
  cleanup_close int fd = path_openat2(root, path, O_PATH, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
  struct stat st;
  struct statvfs v;
  if (fd < 0 || fstat(fd, &st) < 0 || fstatvfs(fd, &v) < 0)
    return herr_sys(err, "reopening mount %.256s", shown);
  if (st.st_dev != src->dev || st.st_ino != src->ino)
    return herr_fail(err, HERR_UNSAFE, "mount %.256s was replaced during setup", shown);
  static const struct
  {
    unsigned long st, ms;
  } keep[] = { { ST_NOSUID, MS_NOSUID }, { ST_NODEV, MS_NODEV }, { ST_NOEXEC, MS_NOEXEC },
               { ST_NOATIME, MS_NOATIME }, { ST_NODIRATIME, MS_NODIRATIME }, { ST_RELATIME, MS_RELATIME } };
  unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
  for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
    if (v.f_flag & keep[i].st)
      flags |= keep[i].ms;
  char p[FDPATH_MAX];
  fdpath(p, fd);
  if (mount(NULL, p, NULL, flags, NULL) < 0)
    return herr_sys(err, "making %.256s read-only", shown);
  if (fstatvfs(fd, &v) < 0 || !(v.f_flag & ST_RDONLY))
    return herr_fail(err, HERR_IO, "%.256s is still writable after the read-only remount", shown);
  return 0;
}

static int apply_one(int root, const struct spec_mount *m, const struct mount_source *src, herr_t *err)
{
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s", m->target);
  bool dir = m->kind == MOUNT_TMPFS || src->is_dir;
  cleanup_close int target = open_target(root, path, dir, err);
  if (target < 0 || check_target_fd(root, target, dir, m->target, err) < 0)
    return -1;
  char t[FDPATH_MAX];
  fdpath(t, target);
  if (m->kind == MOUNT_TMPFS)
    {
      unsigned long flags = m->flags | (m->read_only ? MS_RDONLY : 0);
      if (mount("tmpfs", t, "tmpfs", flags, m->data[0] ? m->data : NULL) < 0)
        return herr_sys(err, "mounting tmpfs on %.256s", m->target);
      return 0;
    }
  cleanup_close int from = reopen_source(src, m->target, err);
  if (from < 0)
    return -1;
  char f[FDPATH_MAX];
  fdpath(f, from);
  if (mount(f, t, NULL, MS_BIND, NULL) < 0)
    return herr_sys(err, "bind mount on %.256s", m->target);
  return m->read_only ? remount_read_only(root, path, src, m->target, err) : 0;
}

int mounts_apply(int root_fd, const struct spec *s, const struct mount_source *src, herr_t *err)
{
  for (size_t i = 0; i < s->n_mounts; i++)
    if (apply_one(root_fd, &s->mounts[i], &src[i], err) < 0)
      return -1;
  return 0;
}
