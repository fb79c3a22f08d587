/*
 * run --bind / --tmpfs: user mounts in a busybox container, checked from
 * inside (log.json) and from the host (what was written where). Negative
 * tests: /proc and /sys targets however reached, symlink escapes, bad
 * options, and the bind-source policy for callers other than root (a
 * setuid copy of the test variant run as nobody).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "box.h"

#define VSTORE HELPER_DEFAULT_STORE
#define VHEX "2222222222222222222222222222222222222222222222222222222222222222"
#define VID "00000000000000000000000000000000000000000000000000000000000000aa"

static struct box b;
static char vol[512], file[512];

#define RUN(extra, ...)                                                                       \
  do                                                                                          \
    {                                                                                         \
      const char *const prog_[] = { __VA_ARGS__, NULL };                                      \
      box_run(&b, id, extra, prog_, &o);                                                      \
    }                                                                                         \
  while (0)

static void test_binds(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  const char *const rw[] = { "--bind", vol, "/data", "rw", NULL };
  RUN(rw, "sh", "-c", "cat /data/hello; echo new > /data/new");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "\"log\":\"hello\\n\"")
             && content_is(pathf("%s/new", vol), "new\n", 4),
         "--bind rw: the container reads the host dir and its writes land there");

  id = box_fresh(&b);
  const char *const ro[] = { "--bind", vol, "/ro", "ro", NULL };
  RUN(ro, "sh", "-c", "cat /ro/hello; touch /ro/x; grep ' /ro ' /proc/self/mountinfo");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "\"log\":\"hello\\n\"")
             && box_log_has(&b, id, "Read-only file system") && !exists(pathf("%s/x", vol))
             && box_log_has(&b, id, " /ro ro,"),
         "--bind ro: reads work, writes fail with EROFS, the mount is ro");

  id = box_fresh(&b);
  const char *const f[] = { "--bind", file, "/etc/greeting", "ro", NULL };
  RUN(f, "cat", "/etc/greeting");
  struct stat st;
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "\"log\":\"from a file\\n\"")
             && lstat_is(pathf("%s/upper/etc/greeting", box_cdir(&b, id)), &st) && S_ISREG(st.st_mode),
         "a file source gets a file target, created in the container's upper dir");

  id = box_fresh(&b);
  const char *const nested[] = { "--bind", vol, "/data", "rw", "--tmpfs", "/data/sub", "size=1m,mode=700", NULL };
  RUN(nested, "sh", "-c", "grep ' /data/sub ' /proc/self/mountinfo; echo t > /data/sub/t");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs")
             && box_log_has(&b, id, "size=1024k,mode=700") && !exists(pathf("%s/sub/t", vol)),
         "--tmpfs below a bind: Docker's nosuid,nodev,noexec, size and mode, writes stay in the tmpfs");

  id = box_fresh(&b);
  const char *const tro[] = { "--tmpfs", "/t", "ro,exec", NULL };
  RUN(tro, "sh", "-c", "touch /t/x 2>&1; grep ' /t ' /proc/self/mountinfo");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "Read-only file system")
             && box_log_has(&b, id, " /t ro,nosuid,nodev,relatime"),
         "--tmpfs ro,exec: read-only, exec allowed");

  /* A read-only remount must keep the source's nosuid/nodev (the kernel would drop them). */
  char ns[512];
  snprintf(ns, sizeof ns, "%s/nosuid-src", b.base);
  must(mkdir(ns, 0755), "mkdir nosuid-src");
  must(mount("tmpfs", ns, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k"), "mount nosuid tmpfs");
  id = box_fresh(&b);
  const char *const keep[] = { "--bind", ns, "/ns", "ro", NULL };
  RUN(keep, "grep", " /ns ", "/proc/self/mountinfo");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, " /ns ro,nosuid,nodev,"),
         "a read-only bind keeps the source's nosuid and nodev");
  umount2(ns, MNT_DETACH);
}

static void test_refusals(void)
{
  const char *const targets[] = { "/proc", "/proc/sys", "//sys/fs", "/./proc", "/", "/a/../proc" };
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
    {
      const char *const t[] = { "--tmpfs", targets[i], "", NULL };
      char what[128];
      snprintf(what, sizeof what, "target %s is refused (DENIED, one line)", targets[i]);
      box_refused(&b, t, 3, "DENIED", NULL, what);
    }
  const char *const bt[] = { "--bind", vol, "/sys", "ro", NULL };
  box_refused(&b, bt, 3, "DENIED", "/proc or /sys", "--bind onto /sys is refused");

  /* Reached through image symlinks: the resolved target's filesystem decides. */
  const char *id = box_fresh(&b);
  mkdir(pathf("%s/upper", box_cdir(&b, id)), 0755);
  must(symlink("/proc", pathf("%s/upper/pp", box_cdir(&b, id))), "symlink pp");
  struct out o;
  const char *const pp[] = { "--tmpfs", "/pp", "", NULL };
  const char *const prog[] = { "true", NULL };
  box_run(&b, id, pp, prog, &o);
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED") && strstr(o.err, "container setup")
             && strstr(o.err, "resolves into /proc or /sys"),
         "a symlink to /proc as target is refused after resolution");

  id = box_fresh(&b);
  mkdir(pathf("%s/upper", box_cdir(&b, id)), 0755);
  must(symlink("../../../sys/kernel", pathf("%s/upper/ss", box_cdir(&b, id))), "symlink ss");
  const char *const ss[] = { "--bind", vol, "/ss", "rw", NULL };
  box_run(&b, id, ss, prog, &o);
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "a relative symlink into /sys is refused");

  const char *const usage[][8] = {
    { "--bind", "relative/src", "/x", "rw", NULL },
    { "--bind", vol, "/x", "rx", NULL },
    { "--bind", vol, "x", "rw", NULL },
    { "--tmpfs", "/x", "dev", NULL },
    { "--tmpfs", "/x", "size=12q", NULL },
    { "--tmpfs", "/x", "mode=999", NULL },
    { "--tmpfs", "/x", "size=1m,", NULL },
    { "--bind", vol, "/x", NULL },
  };
  const char *names[] = { "a relative bind source", "a bind mode other than ro/rw", "a relative target",
                          "tmpfs option dev (not in the closed set)", "a bad tmpfs size", "a non-octal mode",
                          "a trailing comma", "--bind with two values" };
  for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++)
    {
      char what[128];
      snprintf(what, sizeof what, "usage error: %s (exit 2, one line)", names[i]);
      box_refused(&b, usage[i], 2, "USAGE", NULL, what);
    }
  const char *const missing[] = { "--bind", "/nonexistent-tscontain-src", "/x", "rw", NULL };
  box_refused(&b, missing, 7, "IO", "No such file", "a missing bind source is one IO line");
  /* A named volume is the user's name, not its path in the store. */
  char gone[600];
  snprintf(gone, sizeof gone, "%s/volumes/gonevol/_data", b.store);
  const char *const gone_vol[] = { "--bind", gone, "/data", "rw", NULL };
  struct out g;
  const char *gid = box_fresh(&b);
  box_run(&b, gid, gone_vol, prog, &g);
  tap_ok(g.status == 7 && one_line_code(g.err, "IO") && strstr(g.err, "volume gonevol")
             && !strstr(g.err, b.store),
         "a missing volume source is named as the volume, without the store path");
  const char *const mismatch[] = { "--bind", file, "/etc", "ro", NULL };
  box_refused(&b, mismatch, 7, "IO", "Is a directory", "a file source over a directory target is refused");
}

/* Image symlinks that point outside the root are followed inside it. */
static void test_escapes(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  char host_target[512], rel_host[512];
  snprintf(host_target, sizeof host_target, "%s/escaped", b.base);
  snprintf(rel_host, sizeof rel_host, "%s/relescaped", b.base);
  mkdir(pathf("%s/upper", box_cdir(&b, id)), 0755);
  must(symlink(host_target, pathf("%s/upper/esc", box_cdir(&b, id))), "symlink esc");
  must(symlink(pathf("../../../../../../../..%s", rel_host), pathf("%s/upper/rel", box_cdir(&b, id))),
       "symlink rel");
  const char *const m[] = { "--bind", vol, "/esc", "ro", "--tmpfs", "/rel", "", NULL };
  RUN(m, "sh", "-c", "cat /esc/hello; grep -c tmpfs /proc/self/mountinfo");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "\"log\":\"hello\\n\""),
         "a target symlink pointing at a host path: the mount works inside the container");
  tap_ok(!exists(host_target) && !exists(rel_host)
             && exists(pathf("%s/upper%s", box_cdir(&b, id), host_target))
             && exists(pathf("%s/upper%s", box_cdir(&b, id), rel_host)),
         "absolute and ../ symlink targets land inside the root, nothing is created on the host");
}

/* The policy for a caller other than root, through a setuid copy of the test variant. */
static void test_nonroot(const char *suid)
{
  box_variant_store(&b, VHEX, VID);
  must(mkdir(VSTORE "/volumes", 0700), "mkdir volumes");
  must(mkdir(VSTORE "/volumes/v1", 0700), "mkdir v1");
  must(mkdir(VSTORE "/volumes/v1/_data", 0755), "mkdir v1/_data");
  must(mkdir(VSTORE "/volumes/v2", 0700), "mkdir v2");
  must(symlink("/etc", VSTORE "/volumes/v2/_data"), "symlink v2/_data");

  struct out o;
#define NONROOT(src, mode)                                                                               \
  do                                                                                                      \
    {                                                                                                     \
      const char *const argv_[] = { suid, "run", "--store", VSTORE, "--id", VID, "--layer",              \
                                    VSTORE "/layers/" VHEX "/diff", "--bind", src, "/data", mode,         \
                                    "--cgroup", box_devices_cgroup(VID), "--",                            \
                                    "sh", "-c", "echo hi > /data/from-nobody", NULL };                    \
      run_out(argv_, true, &o);                                                                           \
    }                                                                                                     \
  while (0)
  NONROOT("/etc", "ro");
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED") && strstr(o.err, "may only bind"),
         "a caller other than root cannot bind a host path");
  NONROOT(VSTORE "/volumes/v2/_data", "rw");
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "a caller other than root: a volume whose _data is a symlink is refused");
  NONROOT(VSTORE "/volumes/v1/_data/..", "rw");
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "a caller other than root: only exactly volumes/NAME/_data");
  NONROOT(VSTORE "/volumes/v1/_data", "rw");
  bool ended = false;
  for (int i = 0; i < 500 && !ended; i++, usleep(10000))
    ended = access(VSTORE "/containers/" VID "/exit.json", F_OK) == 0;
  tap_ok(o.status == 0 && ended && content_is(VSTORE "/volumes/v1/_data/from-nobody", "hi\n", 3),
         "a caller other than root may bind a named volume of the store");
  run_cmd("rm -rf '%s'", VSTORE);
}

int main(int argc, char **argv)
{
  harness_init(argc, argv);
  box_init(&b, "/var/tmp");
  snprintf(vol, sizeof vol, "%s/vol1", b.base);
  snprintf(file, sizeof file, "%s/afile", b.base);
  must(mkdir(vol, 0755), "mkdir vol1");
  write_file(pathf("%s/hello", vol), "hello\n", 0644);
  write_file(file, "from a file\n", 0644);
  test_binds();
  test_refusals();
  test_escapes();
  char suid[512];
  if (box_suid_variant(&b, suid, sizeof suid))
    test_nonroot(suid);
  else
    tap_skip("no setuid copy possible (nosuid mount)", "bind-source policy for callers other than root");
  box_cleanup(&b);
  return tap_done();
}
