/*
 * Mounts of a container, runc/crun order. Everything happens inside the
 * child's new mount namespace after "/" is made rprivate, so the host's
 * mount table never changes. Mount targets inside the image are opened
 * with O_NOFOLLOW and mounted through /proc/self/fd/N, so an image cannot
 * put a symlink where /proc or /dev should be (CVE-2019-16884,
 * CVE-2021-30465): the mount lands exactly on the directory we checked.
 */
#include "rootfs.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "cgroupfs.h"
#include "path.h"
#include "process.h"

#define FDPATH_MAX 32

static void fdpath(char buf[FDPATH_MAX], int fd)
{
  snprintf(buf, FDPATH_MAX, "/proc/self/fd/%d", fd);
}

/* A directory NAME inside PARENT (created if missing), never a symlink. */
static int open_mountpoint(int parent, const char *name, const char *shown, herr_t *err)
{
  int fd = openat(parent, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    {
      if (mkdirat(parent, name, 0755) < 0 && errno != EEXIST)
        return herr_sys(err, "creating mount point %s", shown);
      fd = openat(parent, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
  if (fd < 0 && (errno == ELOOP || errno == ENOTDIR))
    return herr_fail(err, HERR_UNSAFE, "mount point %s is a symlink or not a directory", shown);
  if (fd < 0)
    return herr_sys(err, "opening mount point %s", shown);
  return fd;
}

static int mount_at(int parent, const char *name, const char *shown, const char *src,
                    const char *type, unsigned long flags, const char *data, herr_t *err)
{
  cleanup_close int fd = open_mountpoint(parent, name, shown, err);
  if (fd < 0)
    return -1;
  char target[FDPATH_MAX];
  fdpath(target, fd);
  if (mount(src, target, type, flags, data) < 0)
    return herr_sys(err, "mounting %s on %s", type, shown);
  return 0;
}

/* lowerdir is top-first; every path is a held fd, so ':' and ',' need no escaping. */
static int mount_overlay(const struct rootfs *r, herr_t *err)
{
  char opts[4096], p[FDPATH_MAX];
  size_t n = (size_t) snprintf(opts, sizeof opts, "lowerdir=");
  for (size_t i = r->n_layers; i-- > 0;)
    {
      fdpath(p, r->layer_fds[i]);
      n += (size_t) snprintf(opts + n, sizeof opts - n, "%s%s", p, i ? ":" : "");
    }
  char up[FDPATH_MAX], work[FDPATH_MAX], target[FDPATH_MAX];
  fdpath(up, r->upper_fd);
  fdpath(work, r->work_fd);
  fdpath(target, r->mnt_fd);
  n += (size_t) snprintf(opts + n, sizeof opts - n, ",upperdir=%s,workdir=%s", up, work);
  if (n >= sizeof opts)
    return herr_fail(err, HERR_USAGE, "too many layers for the overlay options");
  if (mount("overlay", target, "overlay", 0, opts) < 0)
    return herr_sys(err, "mounting the overlay root");
  return 0;
}

static const struct
{
  const char *name;
  unsigned major, minor;
} devices[] = {
  { "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 }, { "random", 1, 8 }, { "urandom", 1, 9 },
  { "tty", 5, 0 },
};

static const char *const dev_links[][2] = {
  { "ptmx", "pts/ptmx" },        { "fd", "/proc/self/fd" },         { "stdin", "/proc/self/fd/0" },
  { "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" }, { "core", "/proc/kcore" },
};

/* /dev is our own tmpfs: nothing of the image is below it. */
static int populate_dev(int root, const struct spec *s, herr_t *err)
{
  cleanup_close int dev = openat(root, "dev", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dev < 0)
    return herr_sys(err, "opening /dev");
  struct statfs fs;
  if (fstatfs(dev, &fs) < 0 || fs.f_type != TMPFS_MAGIC)
    return herr_fail(err, HERR_UNSAFE, "/dev is not the tmpfs just mounted");
  for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
    if (mknodat(dev, devices[i].name, S_IFCHR | 0666, makedev(devices[i].major, devices[i].minor)) < 0)
      return herr_sys(err, "mknod /dev/%s", devices[i].name);
  for (size_t i = 0; i < sizeof dev_links / sizeof dev_links[0]; i++)
    if (symlinkat(dev_links[i][1], dev, dev_links[i][0]) < 0)
      return herr_sys(err, "symlink /dev/%s", dev_links[i][0]);
  if (runopts_make_devices(dev, &s->opts, err) < 0)
    return -1;
  /* Docker's default /dev/shm is 64 MiB; --shm-size changes it. */
  char shm_data[64];
  snprintf(shm_data, sizeof shm_data, "mode=1777,size=%llu",
           (unsigned long long) (s->opts.shm_size ? s->opts.shm_size : 64ULL << 20));
  if (mount_at(dev, "pts", "/dev/pts", "devpts", "devpts", MS_NOSUID | MS_NOEXEC,
               "newinstance,ptmxmode=0666,mode=0620,gid=5", err) < 0
      || mount_at(dev, "shm", "/dev/shm", "shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, shm_data, err) < 0
      || mount_at(dev, "mqueue", "/dev/mqueue", "mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                  NULL, err) < 0)
    return -1;
  return 0;
}

static int mount_specials(int root, const struct spec *s, herr_t *err)
{
  if (mount_at(root, "proc", "/proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, err) < 0
      || mount_at(root, "dev", "/dev", "tmpfs", "tmpfs", MS_NOSUID | MS_STRICTATIME,
                  "mode=755,size=65536k", err) < 0
      || populate_dev(root, s, err) < 0)
    return -1;
  unsigned long sys_flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
  if (mount_at(root, "sys", "/sys", "sysfs", "sysfs", sys_flags, NULL, err) < 0)
    return -1;
  (void) s;
  return 0;
}

static int pivot(int root, herr_t *err)
{
  if (fchdir(root) < 0)
    return herr_sys(err, "fchdir to the new root");
  if (syscall(SYS_pivot_root, ".", ".") < 0)
    return herr_sys(err, "pivot_root");
  /* The old root is stacked on "."; detach it so no host path stays reachable. */
  if (umount2(".", MNT_DETACH) < 0)
    return herr_sys(err, "detaching the old root");
  if (chdir("/") < 0)
    return herr_sys(err, "chdir /");
  return 0;
}

/* Files get /dev/null, directories an empty read-only tmpfs; missing paths are fine. */
static int mask_path(const char *path, herr_t *err)
{
  struct stat st;
  if (stat(path, &st) < 0)
    return errno == ENOENT || errno == ENOTDIR ? 0 : herr_sys(err, "stat %.256s", path);
  int r = S_ISDIR(st.st_mode) ? mount("tmpfs", path, "tmpfs", MS_RDONLY, "size=0")
                              : mount("/dev/null", path, NULL, MS_BIND, NULL);
  if (r < 0)
    return herr_sys(err, "masking %.256s", path);
  return 0;
}

static int readonly_path(const char *path, herr_t *err)
{
  if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
    return errno == ENOENT ? 0 : herr_sys(err, "binding %s", path);
  if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
            NULL) < 0)
    return herr_sys(err, "making %s read-only", path);
  return 0;
}

/* Docker's default masked and read-only paths; only the kernel's /proc and /sys are below them. */
static const char *const masked[] = {
  "/proc/acpi",        "/proc/kcore",   "/proc/keys",     "/proc/latency_stats",
  "/proc/timer_list",  "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
  "/sys/firmware",     "/sys/devices/virtual/powercap",
};
static const char *const read_only[] = { "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                         "/proc/sysrq-trigger" };

static int protect_kernel_files(const struct spec *s, herr_t *err)
{
  if (!s->privileged)
    {
      for (size_t i = 0; i < sizeof masked / sizeof masked[0]; i++)
        if (mask_path(masked[i], err) < 0)
          return -1;
      for (size_t i = 0; i < sizeof read_only / sizeof read_only[0]; i++)
        if (readonly_path(read_only[i], err) < 0)
          return -1;
    }
  /* After pivot_root an image's symlinks can only point inside the container. */
  for (size_t i = 0; i < s->n_masks; i++)
    if (mask_path(s->masks[i], err) < 0)
      return -1;
  return 0;
}

static int loopback_up(herr_t *err)
{
  cleanup_close int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0)
    return herr_sys(err, "socket");
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
  if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0)
    return herr_sys(err, "reading the flags of lo");
  ifr.ifr_flags |= IFF_UP;
  if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0)
    return herr_sys(err, "bringing up lo");
  return 0;
}

/* Opens STORE/REL in this mount namespace and checks it is the inode the starter checked. */
static int reopen(int store_fd, const char *rel, int orig_fd, herr_t *err)
{
  struct stat a, b;
  int fd = path_openat2(store_fd, rel, O_PATH | O_DIRECTORY,
                        RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  if (fd < 0)
    return herr_sys(err, "reopening %.256s", rel);
  if (fstat(fd, &a) < 0 || fstat(orig_fd, &b) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino)
    {
      close(fd);
      return herr_fail(err, HERR_UNSAFE, "%.256s was replaced during setup", rel);
    }
  return fd;
}

/*
 * overlayfs refuses layers whose mounts belong to another namespace, and
 * the starter's fds were opened in the host's. Open the same paths again
 * in ours and require the very same inodes. These fds are never closed:
 * the child execs or exits soon, and close_range() gets them first.
 */
static int reopen_all(const struct rootfs *r, const struct spec *s, struct rootfs *out, herr_t *err)
{
  cleanup_close int store = path_openat2(AT_FDCWD, s->store, O_PATH | O_DIRECTORY,
                                         RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  if (store < 0)
    return herr_sys(err, "reopening the store");
  size_t skip = strlen(s->store) + 1;
  for (size_t i = 0; i < r->n_layers; i++)
    if ((out->layer_fds[i] = reopen(store, s->layers[i] + skip, r->layer_fds[i], err)) < 0)
      return -1;
  out->n_layers = r->n_layers;
  char rel[128];
  const char *names[] = { "", "/upper", "/work", "/rootfs" };
  const int orig[] = { r->cdir_fd, r->upper_fd, r->work_fd, r->mnt_fd };
  int *dst[] = { &out->cdir_fd, &out->upper_fd, &out->work_fd, &out->mnt_fd };
  for (size_t i = 0; i < 4; i++)
    {
      snprintf(rel, sizeof rel, "containers/%s%s", s->id, names[i]);
      if ((*dst[i] = reopen(store, rel, orig[i], err)) < 0)
        return -1;
    }
  return 0;
}

int rootfs_setup(const struct rootfs *host, const struct spec *s, herr_t *err)
{
  static struct rootfs ns;
  const struct rootfs *r = &ns;
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    return herr_sys(err, "making / rprivate");
  if (reopen_all(host, s, &ns, err) < 0 || mount_overlay(r, err) < 0)
    return -1;
  /* The held fd is the directory under the mount; walking the name again enters it. */
  cleanup_close int root = openat(r->cdir_fd, "rootfs", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  struct statfs fs;
  if (root < 0 || fstatfs(root, &fs) < 0)
    return herr_sys(err, "opening the overlay root");
  if (fs.f_type != OVERLAYFS_SUPER_MAGIC)
    return herr_fail(err, HERR_UNSAFE, "rootfs is not the overlay just mounted");
  /* User mounts after /dev so they may land below it, before pivot_root so sources are reachable. */
  if (mount_specials(root, s, err) < 0 || cgroupfs_bind_v1(root, s, err) < 0
      || mounts_apply(root, s, host->mounts, err) < 0 || pivot(root, err) < 0
      || runopts_open_sysctl_dir(&s->opts, err) < 0 || protect_kernel_files(s, err) < 0)
    return -1;
  if (process_make_cwd(s, err) < 0)
    return -1;
  if (s->read_only && mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
    return herr_sys(err, "remounting / read-only");
  if (s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0)
    return herr_sys(err, "sethostname");
  if (s->network != NETWORK_HOST && loopback_up(err) < 0)
    return -1;
  return 0;
}

int rootfs_open_pty(int *master, int *slave, herr_t *err)
{
  cleanup_close int m = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (m < 0)
    return herr_sys(err, "opening /dev/pts/ptmx");
  int unlock = 0;
  if (ioctl(m, TIOCSPTLCK, &unlock) < 0)
    return herr_sys(err, "unlocking the pty");
  /* TIOCGPTPEER opens the slave through the master: no path to race on. */
  int s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (s < 0)
    return herr_sys(err, "opening the pty slave");
  *slave = s;
  *master = steal_fd(&m);
  return 0;
}
