/*
 * run: a busybox container started through the built helper, checked from
 * the outside (starter output, exit.json, log.json, the host's mount table).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "box.h"

static struct box b;

#define RUN(extra, ...)                                                                       \
  do                                                                                          \
    {                                                                                         \
      const char *const prog_[] = { __VA_ARGS__, NULL };                                      \
      box_run(&b, id, extra, prog_, &o);                                                      \
    }                                                                                         \
  while (0)

static void test_exit_codes(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  RUN(NULL, "true");
  tap_ok(o.status == 0 && out_pid(&o) > 1 && strstr(o.out, "\"monitorPid\":") && o.err[0] == '\0',
         "run true: starter exits 0 and prints {\"pid\":N,\"monitorPid\":M}");
  tap_ok(box_exit_code(&b, id, 5) == 0, "run true: exit.json exitCode 0");

  id = box_fresh(&b);
  RUN(NULL, "false");
  tap_ok(o.status == 0 && box_exit_code(&b, id, 5) == 1, "run false: exit.json exitCode 1");

  id = box_fresh(&b);
  RUN(NULL, "sh", "-c", "exit 7");
  tap_ok(box_exit_code(&b, id, 5) == 7, "sh -c 'exit 7': exit.json exitCode 7");
  char buf[512];
  box_wait_exit(&b, id, 1, buf, sizeof buf);
  tap_ok(strstr(buf, "\"signal\":null") && strstr(buf, "\"oomKilled\":false")
             && strstr(buf, "\"finishedAt\":\"20"),
         "exit.json has signal null, oomKilled false and an RFC 3339 finishedAt");

  id = box_fresh(&b);
  RUN(NULL, "no-such-program");
  tap_ok(o.status == 127 && one_line_code(o.err, "EXEC") && strstr(o.err, "not found"),
         "a missing program: starter exits 127 with one EXEC line");
  tap_ok(box_exit_code(&b, id, 5) == 127, "a missing program: exit.json records 127");

  id = box_fresh(&b);
  RUN(NULL, "/notexec");
  tap_ok(o.status == 126 && one_line_code(o.err, "EXEC"), "a non-executable file: starter exits 126, EXEC");

  id = box_fresh(&b);
  RUN(NULL, "/bin");
  tap_ok(o.status == 126 && one_line_code(o.err, "EXEC"), "a directory as program: 126");
}

static void test_inside(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  const char *const host[] = { "--hostname", "box1", NULL };
  RUN(host, "sh", "-c", "echo pid=$$; hostname; grep -E '^(CapBnd|CapEff|NoNewPrivs)' /proc/self/status; "
                        "ls /proc/self/fd | tr '\\n' ' '; echo; cat /proc/self/mountinfo; echo oops >&2");
  tap_ok(box_exit_code(&b, id, 5) == 0, "inspection container ran");
  tap_ok(box_log_has(&b, id, "\"log\":\"pid=1\\n\""), "the program is pid 1 of its own namespace");
  tap_ok(box_log_has(&b, id, "\"log\":\"box1\\n\""), "--hostname sets the hostname");
  tap_ok(box_log_has(&b, id, "CapBnd:\\t00000000a80425fb")
             && box_log_has(&b, id, "CapEff:\\t00000000a80425fb"),
         "bounding and effective sets are Docker's default 0xa80425fb");
  tap_ok(box_log_has(&b, id, "NoNewPrivs:\\t1"), "no_new_privs is set");
  tap_ok(box_log_has(&b, id, " / / rw,relatime - overlay overlay "), "the root is the overlay");
  tap_ok(box_log_lacks(&b, id, b.base), "no host path shows in the container's mount table");
  tap_ok(box_log_has(&b, id, "\"stream\":\"stderr\",\"log\":\"oops\\n\""), "stderr is logged as its own stream");
  tap_ok(box_log_has(&b, id, "\"log\":\"0 1 2 3 \\n\""),
         "only fds 0 1 2 (and ls's own) are open inside (CVE-2024-21626)");

  char mounts[1 << 16];
  int fd = open("/proc/self/mountinfo", O_RDONLY);
  ssize_t n = read(fd, mounts, sizeof mounts - 1);
  close(fd);
  mounts[n > 0 ? n : 0] = '\0';
  tap_ok(!strstr(mounts, b.base), "the host's mount table did not gain the overlay");
}

static void test_user_caps(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  const char *const drop[] = { "--cap-drop", "ALL", NULL };
  RUN(drop, "grep", "-E", "^Cap(Eff|Bnd)", "/proc/self/status");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "CapEff:\\t0000000000000000")
             && box_log_has(&b, id, "CapBnd:\\t0000000000000000"),
         "--cap-drop ALL empties the sets");

  id = box_fresh(&b);
  const char *const user[] = { "--user", "1000:1000", "--groups", "1000,27", NULL };
  RUN(user, "sh", "-c", "id; grep CapEff /proc/self/status");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "uid=1000 gid=1000 groups=") && box_log_has(&b, id, "27")
             && box_log_has(&b, id, "CapEff:\\t0000000000000000"),
         "--user 1000:1000 --groups: id shows them, no effective capabilities");

  id = box_fresh(&b);
  const char *const add[] = { "--cap-drop", "all", "--cap-add", "CAP_NET_ADMIN", "--cap-add", "kill", NULL };
  RUN(add, "grep", "CapEff", "/proc/self/status");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "CapEff:\\t0000000000001020"),
         "--cap-drop all --cap-add CAP_NET_ADMIN --cap-add kill");

  id = box_fresh(&b);
  const char *const lim[] = { "--rlimit", "nofile=100:200", "--env", "FOO=bar baz", NULL };
  RUN(lim, "sh", "-c", "echo n=$(ulimit -n) h=$(ulimit -Hn) foo=$FOO path=$PATH");
  tap_ok(box_exit_code(&b, id, 5) == 0
             && box_log_has(&b, id, "n=100 h=200 foo=bar baz path=/usr/local/sbin:/usr/local/bin:"),
         "--rlimit and --env reach the program, PATH defaults to Docker's");

  id = box_fresh(&b);
  const char *const priv[] = { "--privileged", NULL };
  RUN(priv, "sh", "-c", "grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; grep -c . /proc/keys");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "NoNewPrivs:\\t0")
             && box_log_lacks(&b, id, "CapEff:\\t00000000a80425fb")
             && box_log_lacks(&b, id, "\"log\":\"0\\n\""),
         "--privileged: full set, no no_new_privs, /proc/keys not masked");
}

static void test_filesystem(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  const char *const ro[] = { "--read-only", NULL };
  RUN(ro, "sh", "-c", "touch /newfile && echo wrote || echo refused; touch /dev/shm/x && echo shm-ok");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "\"log\":\"refused\\n\"")
             && box_log_has(&b, id, "shm-ok"),
         "--read-only: / refuses writes, /dev/shm still works");

  id = box_fresh(&b);
  RUN(NULL, "sh", "-c", "echo data > /created; cat /proc/keys; echo rc=$?; touch /proc/sys/kernel/x; echo sys=$?");
  tap_ok(box_exit_code(&b, id, 5) == 0 && exists(pathf("%s/upper/created", box_cdir(&b, id))),
         "writes land in the container's upper directory");
  tap_ok(box_log_has(&b, id, "rc=0") && box_log_has(&b, id, "sys=1"),
         "/proc/keys is masked (empty), /proc/sys is read-only");

  id = box_fresh(&b);
  const char *const cwd[] = { "--cwd", "/work/dir", NULL };
  RUN(cwd, "sh", "-c", "pwd");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "\"log\":\"/work/dir\\n\""),
         "--cwd is created when missing and entered");

  id = box_fresh(&b);
  mkdir(pathf("%s/upper", box_cdir(&b, id)), 0755);
  must(symlink("/", pathf("%s/upper/proc", box_cdir(&b, id))), "symlink");
  RUN(NULL, "true");
  tap_ok(o.status == 4 && one_line_code(o.err, "UNSAFE") && strstr(o.err, "/proc"),
         "an image with /proc as a symlink is refused (CVE-2019-16884)");
}

static void test_detached(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  RUN(NULL, "sh", "-c", "sleep 1; echo late");
  tap_ok(o.status == 0 && !exists(pathf("%s/exit.json", box_cdir(&b, id))),
         "the starter returns while the container runs");
  tap_ok(box_exit_code(&b, id, 10) == 0 && box_log_has(&b, id, "late"),
         "the monitor outlives the starter and records the exit later");
  tap_ok(!exists(pathf("%s/attach.sock", box_cdir(&b, id))) && !exists(pathf("%s/state", box_cdir(&b, id))),
         "attach.sock and state are removed when the container ends");

  id = box_fresh(&b);
  const char *const init[] = { "--init", NULL };
  RUN(init, "sh", "-c", "sleep 0.2 & echo $$; wait");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "\"log\":\"2\\n\""),
         "--init: the program is pid 2 under the reaper");

  id = box_fresh(&b);
  RUN(init, "sh", "-c", "exit 3");
  tap_ok(box_exit_code(&b, id, 5) == 3, "--init passes the program's exit code through");

  /* CVE-2019-5736: what /proc/1/exe is, as seen by a privileged container. */
  id = box_fresh(&b);
  const char *const priv_init[] = { "--init", "--privileged", NULL };
  RUN(priv_init, "sh", "-c", "readlink /proc/1/exe; echo x >> /proc/1/exe && echo WROTE || echo refused");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "/memfd:tscontain-helper")
             && box_log_has(&b, id, "\"log\":\"refused\\n\""),
         "CVE-2019-5736: --init's pid 1 runs from a sealed memfd that cannot be written");
}

/* An env file owned by root (the tests run as root) with MODE. */
static void write_env(const char *path, const char *data, size_t len, unsigned mode)
{
  unlink(path);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  must(fd, "creating an env file");
  must(write(fd, data, len) == (ssize_t) len ? 0 : -1, "writing an env file");
  must(fchmod(fd, mode), "chmod env file");
  close(fd);
}

static void test_env_file(void)
{
  struct out o;
  static const char entries[] = "A=1\0SECRET=p4ss w0rd\0EMPTY=\0";
  const char *id = box_fresh(&b);
  char file[600];
  snprintf(file, sizeof file, "%s/env", box_cdir(&b, id));
  write_env(file, entries, sizeof entries - 1, 0600);
  const char *const ok[] = { "--env-file", file, NULL };
  RUN(ok, "sh", "-c", "echo a=$A s=$SECRET e=${EMPTY-unset}.");
  tap_ok(box_exit_code(&b, id, 5) == 0 && box_log_has(&b, id, "a=1 s=p4ss w0rd e=."),
         "--env-file: the NUL-separated entries reach the program");

  id = box_fresh(&b);
  char other[600];
  snprintf(other, sizeof other, "%s/env", box_cdir(&b, box_fresh(&b)));
  write_env(other, entries, sizeof entries - 1, 0600);
  const char *const foreign[] = { "--env-file", other, NULL };
  RUN(foreign, "true");
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "--env-file of another container's dir is refused");

  snprintf(file, sizeof file, "%s/env", box_cdir(&b, id));
  must(symlink(other, file), "symlink env");
  const char *const link[] = { "--env-file", file, NULL };
  RUN(link, "true");
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "--env-file that is a symlink is refused");

  unlink(file);
  write_env(file, entries, sizeof entries - 1, 0640);
  RUN(link, "true");
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "a group-readable --env-file is refused");

  unlink(file);
  write_env(file, "", 0, 0600);
  must(truncate(file, 1024 * 1024 + 1), "truncate env");
  RUN(link, "true");
  tap_ok(o.status == 2 && one_line_code(o.err, "USAGE"), "an --env-file over 1 MiB is refused");

  static const char noeq[] = "A=1\0NOEQUALS\0";
  write_env(file, noeq, sizeof noeq - 1, 0600);
  RUN(link, "true");
  tap_ok(o.status == 2 && one_line_code(o.err, "USAGE"), "an --env-file entry without = is refused");

  static const char nokey[] = "=1\0";
  write_env(file, nokey, sizeof nokey - 1, 0600);
  RUN(link, "true");
  tap_ok(o.status == 2 && one_line_code(o.err, "USAGE"), "an --env-file entry with an empty key is refused");

  write_env(file, entries, sizeof entries - 1, 0600);
  const char *const elsewhere[] = { "--env-file", pathf("%s/exec-env-00", box_cdir(&b, id)), NULL };
  must(rename(file, elsewhere[1]), "rename env");
  RUN(elsewhere, "true");
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "run takes --env-file only at containers/ID/env");
}

int main(int argc, char **argv)
{
  harness_init(argc, argv);
  box_init(&b, "/var/tmp");
  test_exit_codes();
  test_inside();
  test_user_caps();
  test_filesystem();
  test_detached();
  test_env_file();
  box_cleanup(&b);
  return tap_done();
}
