/*
 * /sys/fs/cgroup inside a container: its own cgroups and nothing else, as
 * runc shows them. On a cgroup v1 (or hybrid) host a small tmpfs holds one
 * directory per hierarchy of a --cgroup dir, each a bind mount of the
 * container's own cgroup directory (co-mounted names such as "cpu,cpuacct"
 * get a symlink per controller). On a cgroup2 host it is a cgroup2 mount
 * made inside the container's cgroup namespace, whose root is its cgroup.
 * Read-only unless --privileged (Docker's default). Without --cgroup there
 * is nothing of the container's to show and /sys/fs/cgroup stays sysfs's
 * empty directory.
 */
#include "cgroupfs.h"

#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "path.h"

#define CG_ROOT "/sys/fs/cgroup/"

/* Decided before pivot_root, where the host's /sys/fs/cgroup is still reachable. */
static bool host_v2;

static void fd_path(char buf[32], int fd)
{
  snprintf(buf, 32, "/proc/self/fd/%d", fd);
}

static unsigned long ro_flags(const struct spec *s)
{
  return MS_NOSUID | MS_NODEV | MS_NOEXEC | (s->privileged ? 0 : MS_RDONLY);
}

/* The mount at NAME in DIR (just made) becomes read-only; a bind remount changes only this mount. */
static int remount(int dir, const char *name, const struct spec *s, const char *shown, herr_t *err)
{
  if (s->privileged)
    return 0;
  cleanup_close int fd = openat(dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  char p[32];
  fd_path(p, fd);
  if (fd < 0 || mount(NULL, p, NULL, MS_REMOUNT | MS_BIND | ro_flags(s), NULL) < 0)
    return herr_sys(err, "making %s read-only", shown);
  return 0;
}

/* One hierarchy: DIR (canonical, checked by cgroups_add in the starter) bound at CG/NAME. */
static int bind_hierarchy(int cg, const char *dir, const struct spec *s, herr_t *err)
{
  char name[NAME_MAX + 1], shown[NAME_MAX + 32];
  size_t len = strcspn(dir + strlen(CG_ROOT), "/");
  if (len == 0 || len > NAME_MAX)
    return herr_fail(err, HERR_DENIED, "cgroup %.256s has no hierarchy name", dir);
  snprintf(name, sizeof name, "%.*s", (int) len, dir + strlen(CG_ROOT));
  snprintf(shown, sizeof shown, "/sys/fs/cgroup/%s", name);
  /* Found again in this mount namespace: a bind source must be one of its mounts. */
  cleanup_close int src = path_openat2(AT_FDCWD, dir, O_PATH | O_DIRECTORY,
                                       RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  struct statfs fs;
  if (src < 0 || fstatfs(src, &fs) < 0)
    return herr_sys(err, "opening the cgroup for %s", shown);
  if (fs.f_type != CGROUP_SUPER_MAGIC && fs.f_type != CGROUP2_SUPER_MAGIC)
    return herr_fail(err, HERR_DENIED, "the cgroup for %s is not on a cgroup filesystem", shown);
  if (mkdirat(cg, name, 0755) < 0)
    return herr_sys(err, "creating %s", shown);
  cleanup_close int dst = openat(cg, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  char from[32], to[32];
  fd_path(from, src);
  fd_path(to, dst);
  if (dst < 0 || mount(from, to, NULL, MS_BIND, NULL) < 0)
    return herr_sys(err, "binding the container's cgroup on %s", shown);
  if (remount(cg, name, s, shown, err) < 0)
    return -1;
  /* "cpu,cpuacct": cpu and cpuacct name it too, as on the host. */
  if (strchr(name, ',') != NULL)
    for (char *part = name, *end; *part; part = end + (*end != '\0'))
      {
        end = part + strcspn(part, ",");
        char one[NAME_MAX + 1];
        snprintf(one, sizeof one, "%.*s", (int) (end - part), part);
        if (one[0] && symlinkat(name, cg, one) < 0 && errno != EEXIST)
          return herr_sys(err, "symlink /sys/fs/cgroup/%s", one);
      }
  return 0;
}

int cgroupfs_bind_v1(int root, const struct spec *s, herr_t *err)
{
  struct statfs host;
  host_v2 = statfs(CG_ROOT, &host) == 0 && host.f_type == CGROUP2_SUPER_MAGIC;
  if (host_v2 || s->n_cgroups == 0)
    return 0;
  /* The sysfs just mounted on the container's /sys: no image path is involved. */
  cleanup_close int fsdir = path_openat2(root, "sys/fs", O_PATH | O_DIRECTORY,
                                         RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  cleanup_close int under = fsdir < 0 ? -1 : openat(fsdir, "cgroup", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  char p[32];
  fd_path(p, under);
  if (under < 0 || mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755,size=64k") < 0)
    return herr_sys(err, "mounting a tmpfs on /sys/fs/cgroup");
  cleanup_close int cg = openat(fsdir, "cgroup", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (cg < 0)
    return herr_sys(err, "opening /sys/fs/cgroup");
  for (size_t i = 0; i < s->n_cgroups; i++)
    if (bind_hierarchy(cg, s->cgroups[i], s, err) < 0)
      return -1;
  return remount(fsdir, "cgroup", s, "/sys/fs/cgroup", err);
}

int cgroupfs_mount_v2(const struct spec *s, herr_t *err)
{
  if (!host_v2 || s->n_cgroups == 0)
    return 0;
  cleanup_close int at = path_openat2(AT_FDCWD, "/sys/fs/cgroup", O_PATH | O_DIRECTORY,
                                      RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  char p[32];
  fd_path(p, at);
  if (at < 0 || mount("cgroup2", p, "cgroup2", ro_flags(s), NULL) < 0)
    return herr_sys(err, "mounting cgroup2 on /sys/fs/cgroup");
  return 0;
}
