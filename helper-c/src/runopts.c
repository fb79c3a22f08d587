/*
 * See runopts.h. Every value is checked before anything happens: a device
 * must be a character or block node below the host's /dev (only a root
 * caller may pass one, as only root may bind host paths), and a sysctl key
 * must be one the container's own namespaces hold (Docker's list).
 */
#include "runopts.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "caller.h"
#include "path.h"

static int sysctl_dir = -1;

bool runopts_owns(const char *name)
{
  return strcmp(name, "--shm-size") == 0 || strcmp(name, "--device") == 0 || strcmp(name, "--sysctl") == 0;
}

static int parse_size(struct spec_runopts *o, const char *v, herr_t *err)
{
  uint64_t n = 0;
  size_t len = strlen(v);
  if (o->shm_size != 0)
    return herr_fail(err, HERR_USAGE, "--shm-size given twice");
  if (len == 0 || len > 15)
    return herr_fail(err, HERR_USAGE, "--shm-size: bad size \"%.32s\"", v);
  for (size_t i = 0; i < len; i++)
    {
      if (!isdigit((unsigned char) v[i]))
        return herr_fail(err, HERR_USAGE, "--shm-size: bad size \"%.32s\"", v);
      n = n * 10 + (uint64_t) (v[i] - '0');
    }
  if (n < 4096)
    return herr_fail(err, HERR_USAGE, "--shm-size: %.32s is below one page", v);
  o->shm_size = n;
  return 0;
}

/* /dev/NAME or /dev/DIR/.../NAME with plain names: no "..", ".", empty or overlong parts. */
static bool dev_path_ok(const char *p)
{
  if (strncmp(p, "/dev/", 5) != 0 || strlen(p) > 255)
    return false;
  for (const char *c = p + 5; *c;)
    {
      size_t n = strcspn(c, "/");
      if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
        return false;
      c += n;
      if (*c == '/' && *++c == '\0')
        return false;
    }
  return p[5] != '\0';
}

/* HOST,CONTAINER,PERMS. HOST is opened below the host's /dev (symlinks may not leave it). */
static int parse_device(struct spec_runopts *o, char *v, herr_t *err)
{
  if (!caller_is_root())
    return herr_fail(err, HERR_DENIED, "--device: only a root caller may pass host devices");
  if (o->n_devices == SPEC_MAX_DEVICES)
    return herr_fail(err, HERR_USAGE, "--device given more than %d times", SPEC_MAX_DEVICES);
  char *c1 = strchr(v, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
  if (c1 == NULL || c2 == NULL || strchr(c2 + 1, ','))
    return herr_fail(err, HERR_USAGE, "--device %.128s is not HOST,CONTAINER,PERMS", v);
  *c1 = *c2 = '\0';
  const char *host = v, *container = c1 + 1, *perms = c2 + 1;
  struct spec_device *d = &o->devices[o->n_devices];
  size_t np = strlen(perms);
  if (np == 0 || np > 3 || strspn(perms, "rwm") != np || (np > 1 && perms[0] == perms[1])
      || (np == 3 && (perms[0] == perms[2] || perms[1] == perms[2])))
    return herr_fail(err, HERR_USAGE, "--device: permissions \"%.8s\" are not a subset of rwm", perms);
  if (!dev_path_ok(host))
    return herr_fail(err, HERR_DENIED, "--device: %.256s is not a path below /dev", host);
  if (!dev_path_ok(container))
    return herr_fail(err, HERR_DENIED, "--device: container path %.256s is not a path below /dev", container);
  cleanup_close int dev = open("/dev", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  cleanup_close int fd = dev < 0 ? -1 : path_openat2(dev, host + 5, O_PATH, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) < 0)
    return herr_sys(err, "--device: %.256s", host);
  if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
    return herr_fail(err, HERR_DENIED, "--device: %.256s is not a character or block device", host);
  d->type = S_ISCHR(st.st_mode) ? 'c' : 'b';
  d->major = major(st.st_rdev);
  d->minor = minor(st.st_rdev);
  d->mode = st.st_mode & 07777 & ~(mode_t) (S_ISUID | S_ISGID);
  d->uid = st.st_uid;
  d->gid = st.st_gid;
  d->container = container;
  memcpy(d->access, perms, np + 1);
  o->n_devices++;
  return 0;
}

static bool starts(const char *s, const char *prefix)
{
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Docker's namespaced sysctls: the IPC namespace's and the network namespace's. */
static bool sysctl_namespaced(const char *key)
{
  static const char *const ipc[] = { "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
                                     "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced" };
  for (size_t i = 0; i < sizeof ipc / sizeof ipc[0]; i++)
    if (strcmp(key, ipc[i]) == 0)
      return true;
  return starts(key, "fs.mqueue.") || starts(key, "net.");
}

static int parse_sysctl(struct spec_runopts *o, char *v, herr_t *err)
{
  char *eq = strchr(v, '=');
  if (eq == NULL || eq == v || eq[1] == '\0')
    return herr_fail(err, HERR_USAGE, "--sysctl %.128s is not KEY=VALUE", v);
  *eq = '\0';
  for (const char *p = v; *p; p++)
    if (!isalnum((unsigned char) *p) && *p != '_' && *p != '-' && *p != '.')
      return herr_fail(err, HERR_USAGE, "--sysctl: bad key \"%.128s\"", v);
  if (strstr(v, "..") || v[strlen(v) - 1] == '.' || !sysctl_namespaced(v))
    return herr_fail(err, HERR_DENIED, "--sysctl: %.128s is not a namespaced sysctl", v);
  for (const char *p = eq + 1; *p; p++)
    if (!isprint((unsigned char) *p) && *p != '\t')
      return herr_fail(err, HERR_USAGE, "--sysctl %.128s: the value is not printable text", v);
  if (o->n_sysctls == SPEC_MAX_SYSCTLS)
    return herr_fail(err, HERR_USAGE, "--sysctl given more than %d times", SPEC_MAX_SYSCTLS);
  o->sysctls[o->n_sysctls].key = v;
  o->sysctls[o->n_sysctls++].value = eq + 1;
  return 0;
}

int runopts_take(struct spec_runopts *o, const char *name, char *value, herr_t *err)
{
  if (strcmp(name, "--shm-size") == 0)
    return parse_size(o, value, err);
  if (strcmp(name, "--device") == 0)
    return parse_device(o, value, err);
  return parse_sysctl(o, value, err);
}

int runopts_check(const struct spec_runopts *o, bool host_network, herr_t *err)
{
  for (size_t i = 0; i < o->n_sysctls; i++)
    if (host_network && starts(o->sysctls[i].key, "net."))
      return herr_fail(err, HERR_DENIED, "--sysctl %.128s: not in the host's network namespace", o->sysctls[i].key);
  for (size_t i = 0; i < o->n_devices; i++)
    for (size_t j = 0; j < i; j++)
      if (strcmp(o->devices[i].container, o->devices[j].container) == 0)
        return herr_fail(err, HERR_USAGE, "--device: %.256s given twice", o->devices[i].container);
  return 0;
}

/* Directories below /dev for a nested name; /dev is our own tmpfs, nothing is followed. */
static int open_parent(int dev_fd, char *rel, const char **leaf, herr_t *err)
{
  cleanup_close int dir = openat(dev_fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0)
    return herr_sys(err, "opening /dev");
  char *p = rel;
  for (char *slash; (slash = strchr(p, '/')) != NULL; p = slash + 1)
    {
      *slash = '\0';
      if (mkdirat(dir, p, 0755) < 0 && errno != EEXIST)
        return herr_sys(err, "mkdir /dev/.../%.64s", p);
      int next = openat(dir, p, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      *slash = '/';
      if (next < 0)
        return herr_sys(err, "opening /dev/.../%.64s", p);
      close(dir);
      dir = next;
    }
  *leaf = p;
  return steal_fd(&dir);
}

int runopts_make_devices(int dev_fd, const struct spec_runopts *o, herr_t *err)
{
  for (size_t i = 0; i < o->n_devices; i++)
    {
      const struct spec_device *d = &o->devices[i];
      char rel[256];
      const char *leaf = rel;
      snprintf(rel, sizeof rel, "%s", d->container + 5);
      cleanup_close int dir = open_parent(dev_fd, rel, &leaf, err);
      if (dir < 0)
        return -1;
      /* A standard node of the same name (/dev/null...) gives way, as in Docker. */
      if (unlinkat(dir, leaf, 0) < 0 && errno != ENOENT)
        return herr_sys(err, "replacing %.256s", d->container);
      mode_t type = d->type == 'c' ? S_IFCHR : S_IFBLK;
      if (mknodat(dir, leaf, type | d->mode, makedev(d->major, d->minor)) < 0
          || fchmodat(dir, leaf, d->mode, 0) < 0
          || fchownat(dir, leaf, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
        return herr_sys(err, "creating device %.256s", d->container);
    }
  return 0;
}

int runopts_open_sysctl_dir(const struct spec_runopts *o, herr_t *err)
{
  if (o->n_sysctls == 0)
    return 0;
  sysctl_dir = open("/proc/sys", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  return sysctl_dir < 0 ? herr_sys(err, "opening /proc/sys") : 0;
}

int runopts_write_sysctls(const struct spec_runopts *o, herr_t *err)
{
  cleanup_close int dir = sysctl_dir;
  sysctl_dir = -1;
  for (size_t i = 0; i < o->n_sysctls; i++)
    {
      char rel[256];
      snprintf(rel, sizeof rel, "%s", o->sysctls[i].key);
      for (char *p = rel; *p; p++)
        if (*p == '.')
          *p = '/';
      /* No symlinks: /proc/sys has none, and the name must stay below it. */
      cleanup_close int fd = dir < 0 ? -1 : path_openat2(dir, rel, O_WRONLY, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS);
      if (fd < 0)
        return herr_sys(err, "--sysctl %.128s", o->sysctls[i].key);
      size_t n = strlen(o->sysctls[i].value);
      if (write(fd, o->sysctls[i].value, n) != (ssize_t) n)
        return herr_sys(err, "writing --sysctl %.128s=%.64s", o->sysctls[i].key, o->sysctls[i].value);
    }
  return 0;
}
