/*
 * run --shm-size, --device, --sysctl and --no-new-privs (runopts.c) in real
 * busybox containers, with the refusals: devices outside /dev or not device
 * nodes, a caller other than root passing a device, sysctls the container's
 * namespaces do not own.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "box.h"

#define VSTORE HELPER_DEFAULT_STORE
#define VHEX "3333333333333333333333333333333333333333333333333333333333333333"
#define VID "00000000000000000000000000000000000000000000000000000000000000bb"

static struct box b;

/* Runs SCRIPT with EXTRA; returns the container's exit code (or -1 when run failed, with a diag). */
static int run_script(const char *id, const char *const extra[], const char *script)
{
  struct out o;
  const char *const prog[] = { "sh", "-c", script, NULL };
  box_run(&b, id, extra, prog, &o);
  if (o.status != 0)
    {
      tap_diag("run: %s", o.err);
      return -1;
    }
  return box_exit_code(&b, id, 10);
}

static void test_shm(void)
{
  const char *df = "df -k /dev/shm | tail -n 1 | awk '{print $2}'";
  const char *id = box_fresh(&b);
  tap_ok(run_script(id, NULL, df) == 0 && box_log_has(&b, id, "\"log\":\"65536\\n\""), "/dev/shm is 64 MiB by default");
  id = box_fresh(&b);
  const char *const s[] = { "--shm-size", "8388608", NULL };
  tap_ok(run_script(id, s, df) == 0 && box_log_has(&b, id, "\"log\":\"8192\\n\""), "--shm-size 8388608: /dev/shm is 8 MiB");
  const char *const bad[] = { "--shm-size", "8m", NULL };
  box_refused(&b, bad, 2, "USAGE", "--shm-size", "--shm-size takes bytes only (USAGE)");
  const char *const tiny[] = { "--shm-size", "12", NULL };
  box_refused(&b, tiny, 2, "USAGE", "below one page", "--shm-size below a page is refused");
}

static void test_devices(void)
{
  if (access("/dev/fuse", F_OK) != 0 || access("/dev/loop-control", F_OK) != 0)
    {
      tap_skip("no /dev/fuse or /dev/loop-control", "--device nodes and rules");
      return;
    }
  const char *id = box_fresh(&b);
  const char *const none[] = { NULL };
  run_script(id, none, "mknod /f c 10 229; (exec 3<>/f) 2>/dev/null && echo opened; true");
  tap_ok(box_log_lacks(&b, id, "opened"), "without --device the devices cgroup refuses /dev/fuse");

  id = box_fresh(&b);
  const char *const d[] = { "--device", "/dev/fuse,/dev/fuse,rw", "--device", "/dev/loop-control,/dev/x/lc,r", NULL };
  int code = run_script(id, d,
                        "(exec 3<>/dev/fuse) && echo fuse-rw; (exec 3</dev/x/lc) && echo lc-r;"
                        " (exec 3>/dev/x/lc) 2>/dev/null || echo lc-w-refused; stat -c %t:%T /dev/x/lc");
  tap_ok(code == 0 && box_log_has(&b, id, "fuse-rw") && box_log_has(&b, id, "lc-r")
             && box_log_has(&b, id, "lc-w-refused") && box_log_has(&b, id, "a:ed"),
         "--device: nodes made (nested too) with the host's numbers; opened only as PERMS allow");

  const char *const outside[] = { "--device", "/etc/passwd,/dev/p,rw", NULL };
  box_refused(&b, outside, 3, "DENIED", "below /dev", "--device with a host path outside /dev is DENIED");
  const char *const dotdot[] = { "--device", "/dev/../etc/passwd,/dev/p,rw", NULL };
  box_refused(&b, dotdot, 3, "DENIED", "below /dev", "--device with .. is DENIED");
  const char *const dir[] = { "--device", "/dev/pts,/dev/p,rw", NULL };
  box_refused(&b, dir, 3, "DENIED", "not a character or block device", "--device of a directory is DENIED");
  const char *const target[] = { "--device", "/dev/fuse,/etc/fuse,rw", NULL };
  box_refused(&b, target, 3, "DENIED", "container path", "--device onto a path outside the container's /dev is DENIED");
  const char *const perms[] = { "--device", "/dev/fuse,/dev/fuse,rx", NULL };
  box_refused(&b, perms, 2, "USAGE", "rwm", "--device permissions outside rwm: USAGE");
  const char *const shape[] = { "--device", "/dev/fuse", NULL };
  box_refused(&b, shape, 2, "USAGE", "HOST,CONTAINER,PERMS", "--device without three fields: USAGE");
  const char *const missing[] = { "--device", "/dev/tscontain-nosuch,/dev/x,rw", NULL };
  box_refused(&b, missing, 7, "IO", "No such file", "--device of a missing node: IO");
  const char *const twice[] = { "--device", "/dev/fuse,/dev/f,rw", "--device", "/dev/loop-control,/dev/f,rw", NULL };
  box_refused(&b, twice, 2, "USAGE", "given twice", "two --device with one container path: USAGE");
}

static void test_sysctls(void)
{
  const char *id = box_fresh(&b);
  const char *const s[] = { "--sysctl", "net.ipv4.ip_unprivileged_port_start=99", "--sysctl", "kernel.shmmni=1234", NULL };
  int code = run_script(id, s, "cat /proc/sys/net/ipv4/ip_unprivileged_port_start /proc/sys/kernel/shmmni");
  tap_ok(code == 0 && box_log_has(&b, id, "\"log\":\"99\\n\"") && box_log_has(&b, id, "\"log\":\"1234\\n\""),
         "--sysctl: net.* and kernel.shm* are set inside the container");
  char host[32] = "";
  int fd = open("/proc/sys/kernel/shmmni", O_RDONLY | O_CLOEXEC);
  ssize_t n = fd < 0 ? -1 : read(fd, host, sizeof host - 1);
  if (fd >= 0)
    close(fd);
  tap_ok(n > 0 && strcmp(host, "1234\n") != 0, "the host's kernel.shmmni is untouched");
  const char *const hostname[] = { "--sysctl", "kernel.hostname=x", NULL };
  box_refused(&b, hostname, 3, "DENIED", "not a namespaced sysctl", "--sysctl kernel.hostname is DENIED");
  const char *const vm[] = { "--sysctl", "vm.swappiness=1", NULL };
  box_refused(&b, vm, 3, "DENIED", "not a namespaced sysctl", "--sysctl vm.* is DENIED");
  const char *const slash[] = { "--sysctl", "net/../../kernel/hostname=x", NULL };
  box_refused(&b, slash, 2, "USAGE", "bad key", "--sysctl with a path is USAGE");
  const char *const dots[] = { "--sysctl", "net..core=1", NULL };
  box_refused(&b, dots, 3, "DENIED", NULL, "--sysctl with an empty component is DENIED");
  const char *const hostnet[] = { "--network", "host", "--sysctl", "net.core.somaxconn=1", NULL };
  box_refused(&b, hostnet, 3, "DENIED", "host's network namespace", "--sysctl net.* with --network host is DENIED");
  const char *const novalue[] = { "--sysctl", "net.core.somaxconn", NULL };
  box_refused(&b, novalue, 2, "USAGE", "KEY=VALUE", "--sysctl without a value is USAGE");
  const char *const unknown[] = { "--sysctl", "net.core.tscontain_nosuch=1", NULL };
  struct out o;
  id = box_fresh(&b);
  const char *const prog[] = { "true", NULL };
  box_run(&b, id, unknown, prog, &o);
  tap_ok(o.status != 0 && strstr(o.err, "net.core.tscontain_nosuch"), "an unknown net.* key fails the start, named");
}

static void test_no_new_privs(void)
{
  const char *id = box_fresh(&b);
  const char *const priv[] = { "--privileged", NULL };
  run_script(id, priv, "grep NoNewPrivs /proc/self/status");
  tap_ok(box_log_has(&b, id, "NoNewPrivs:\\t0"), "--privileged alone: no_new_privs is off");
  id = box_fresh(&b);
  const char *const both[] = { "--privileged", "--no-new-privs", NULL };
  run_script(id, both, "grep NoNewPrivs /proc/self/status");
  tap_ok(box_log_has(&b, id, "NoNewPrivs:\\t1"), "--privileged --no-new-privs: no_new_privs is on");
}

/* Only root may hand a host device to a container, as only root may bind a host path. */
static void test_nonroot(const char *suid)
{
  box_variant_store(&b, VHEX, VID);
  struct out o;
  const char *const argv[] = { suid, "run", "--store", VSTORE, "--id", VID, "--layer", VSTORE "/layers/" VHEX "/diff",
                               "--device", "/dev/null,/dev/n2,rw", "--cgroup", box_devices_cgroup(VID), "--", "true", NULL };
  run_out(argv, true, &o);
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED") && strstr(o.err, "only a root caller"),
         "a caller other than root cannot pass --device");
  run_cmd("rm -rf '%s'", VSTORE);
}

int main(int argc, char **argv)
{
  harness_init(argc, argv);
  box_init(&b, "/var/tmp");
  test_shm();
  test_devices();
  test_sysctls();
  test_no_new_privs();
  char suid[512];
  if (box_suid_variant(&b, suid, sizeof suid))
    test_nonroot(suid);
  else
    tap_skip("no setuid copy possible (nosuid mount)", "--device policy for callers other than root");
  box_cleanup(&b);
  return tap_done();
}
