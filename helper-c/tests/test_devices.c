/*
 * Device access: CAP_MKNOD is in Docker's default set, so the devices cgroup
 * (v1 files, or the v2 eBPF program) is what keeps a container's root from
 * opening the host's disks. Each case runs a real busybox container that
 * makes a node for a real disk of this host and tries to read it.
 */
#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "box.h"

static struct box b;
static char disk[32]; /* "MAJOR MINOR" of a block device with data */

/*
 * A block device this host's root can open: the test machine may itself
 * forbid some (a VM's root disk), and only a refusal the host would not make
 * proves the container's rules.
 */
static bool find_disk(void)
{
  DIR *d = opendir("/sys/dev/block");
  struct dirent *e;
  bool found = false;
  while (!found && d && (e = readdir(d)) != NULL)
    {
      unsigned major, minor;
      if (sscanf(e->d_name, "%u:%u", &major, &minor) != 2)
        continue;
      const char *node = pathf("%s/probe-disk", b.base);
      unlink(node);
      if (mknod(node, S_IFBLK | 0600, makedev(major, minor)) < 0)
        continue;
      int fd = open(node, O_RDONLY | O_CLOEXEC);
      if (fd >= 0)
        {
          close(fd);
          snprintf(disk, sizeof disk, "%u %u", major, minor);
          found = true;
        }
      unlink(node);
    }
  if (d)
    closedir(d);
  return found;
}

/* Prints "disk=N" (bytes read from the node, after any open error) and the default devices' results. */
static const char *probe(void)
{
  static char script[512];
  snprintf(script, sizeof script,
           "mknod /disk b %s && echo mknod=ok; head -c 1 /disk | wc -c | sed 's/^/disk=/';"
           " head -c 4 /dev/zero | wc -c | sed 's/^/zero=/'; head -c 4 /dev/urandom | wc -c | sed 's/^/urandom=/';"
           " echo x > /dev/null && echo null=ok; echo x > /dev/full || echo full=refused-write;"
           " ls /dev/pts/ptmx >/dev/null && echo ptmx=ok",
           disk);
  return script;
}

static void run_probe(const char *const extra[], bool raw, const char **id_out)
{
  struct out o;
  const char *id = box_fresh(&b);
  const char *const prog[] = { "sh", "-c", probe(), NULL };
  if (raw)
    box_run_raw(&b, id, extra, prog, &o);
  else
    box_run(&b, id, extra, prog, &o);
  if (o.status != 0)
    tap_diag("run: %s", o.err);
  box_exit_code(&b, id, 10);
  *id_out = id;
}

static void check_confined(const char *id, const char *what)
{
  tap_ok(box_log_has(&b, id, "mknod=ok"), "%s: mknod of a block device works (CAP_MKNOD, rule b *:* m)", what);
  tap_ok(box_log_has(&b, id, "Operation not permitted") && box_log_has(&b, id, "disk=0"),
         "%s: opening it fails with EPERM (the host itself may open it)", what);
  tap_ok(box_log_has(&b, id, "zero=4") && box_log_has(&b, id, "urandom=4") && box_log_has(&b, id, "null=ok"),
         "%s: /dev/zero, /dev/urandom and /dev/null still work", what);
}

static void test_v1_or_v2_default(void)
{
  const char *id;
  run_probe(NULL, false, &id);
  check_confined(id, "default");

  const char *const priv[] = { "--privileged", NULL };
  run_probe(priv, false, &id);
  tap_ok(box_log_has(&b, id, "mknod=ok") && box_log_has(&b, id, "disk=")
             && box_log_lacks(&b, id, "Operation not permitted"),
         "--privileged: the block device opens");
}

static void test_refused_without_devices_cgroup(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  const char *const prog[] = { "true", NULL };
  box_run_raw(&b, id, NULL, prog, &o);
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED") && strstr(o.err, "devices cgroup"),
         "run without any devices cgroup: DENIED");
  tap_ok(!exists(pathf("%s/upper", box_cdir(&b, id))), "nothing was set up for it");

  const char *const priv[] = { "--privileged", NULL };
  box_run_raw(&b, id, priv, prog, &o);
  tap_ok(o.status == 0 && box_exit_code(&b, id, 10) == 0, "--privileged needs no devices cgroup");
}

/* On a hybrid host the v2 mount is /sys/fs/cgroup/unified: the eBPF program works there too. */
static void test_bpf_program(void)
{
  struct statfs fs;
  const char *root = NULL;
  if (statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC)
    root = "/sys/fs/cgroup";
  else if (statfs("/sys/fs/cgroup/unified", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC)
    root = "/sys/fs/cgroup/unified";
  if (root == NULL)
    {
      tap_skip("no cgroup2 mount", "the v2 device program confines the container");
      return;
    }
  char parent[128], dir[192];
  snprintf(parent, sizeof parent, "%s/tscontain", root);
  bool made_parent = mkdir(parent, 0755) == 0;
  snprintf(dir, sizeof dir, "%s/devtest-%d", parent, (int) getpid());
  if (mkdir(dir, 0755) < 0)
    {
      tap_skip("cannot create a v2 cgroup", "the v2 device program confines the container");
      return;
    }
  const char *id;
  const char *const extra[] = { "--cgroup", dir, NULL };
  run_probe(extra, true, &id);
  check_confined(id, "v2 eBPF program only");
  rmdir(dir);
  if (made_parent)
    rmdir(parent);
}

int main(int argc, char **argv)
{
  harness_init(argc, argv);
  box_init(&b, "/var/tmp");
  if (!find_disk())
    tap_skip_all("no block device that root may open on this host");
  tap_diag("disk %s", disk);
  test_v1_or_v2_default();
  test_refused_without_devices_cgroup();
  test_bpf_program();
  box_cleanup(&b);
  return tap_done();
}
