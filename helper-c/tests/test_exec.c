/*
 * exec, kill, cleanup, attach.sock and the refusals of run/exec: a running
 * busybox container driven from the outside.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <unistd.h>

#include "box.h"

static struct box b;

static void start(const char *id, const char *const extra[], const char *const prog[], struct out *o)
{
  box_run(&b, id, extra, prog, o);
}

static void exec_in(const char *id, pid_t pid, const char *const prog[], struct out *o)
{
  char pidbuf[16];
  snprintf(pidbuf, sizeof pidbuf, "%d", (int) pid);
  const char *argv[48] = { helper_bin, "exec", "--store", b.store, "--id", id, "--pid", pidbuf, "--" };
  size_t n = 9;
  for (size_t i = 0; prog[i] && n < 47; i++)
    argv[n++] = prog[i];
  argv[n] = NULL;
  run_out(argv, false, o);
}

static void kill_verb(const char *id, const char *sig, struct out *o)
{
  const char *argv[] = { helper_bin, "kill", "--store", b.store, "--id", id, "--signal", sig, NULL };
  run_out(argv, false, o);
}

static void test_exec_kill(void)
{
  struct out o, e;
  const char *id = box_fresh(&b);
  const char *const extra[] = { "--hostname", "execbox", "--init", NULL };
  const char *const sleeper[] = { "sleep", "30", NULL };
  start(id, extra, sleeper, &o);
  pid_t pid = out_pid(&o);
  tap_ok(o.status == 0 && pid > 1, "a sleep 30 container is running (pid %d)", (int) pid);

  const char *const host[] = { "hostname", NULL };
  exec_in(id, pid, host, &e);
  tap_ok(e.status == 0 && strcmp(e.out, "execbox\n") == 0, "exec hostname prints the container's hostname");

  const char *const self[] = { "sh", "-c", "echo $$; readlink /proc/self/ns/pid", NULL };
  exec_in(id, pid, self, &e);
  char want[128], ns[128] = "";
  ssize_t n = readlink(pathf("/proc/%d/ns/pid", (int) pid), ns, sizeof ns - 1);
  ns[n > 0 ? n : 0] = '\0';
  snprintf(want, sizeof want, "\n%s\n", ns);
  int inner = atoi(e.out);
  tap_ok(e.status == 0 && inner > 0 && inner < 100 && strstr(e.out, want),
         "exec runs in the container's pid namespace (pid %d there)", inner);

  const char *const code[] = { "sh", "-c", "exit 5", NULL };
  exec_in(id, pid, code, &e);
  tap_ok(e.status == 5, "exec returns the program's exit code");

  const char *const missing[] = { "nope", NULL };
  exec_in(id, pid, missing, &e);
  tap_ok(e.status == 127 && one_line_code(e.err, "EXEC"), "exec of a missing program: 127, EXEC");

  const char *const cwd[] = { helper_bin, "exec", "--store", b.store, "--id", id, "--pid",
                              pathf("%d", (int) pid), "--cwd", "/missing", "--", "true", NULL };
  run_out(cwd, false, &e);
  tap_ok(e.status == 126 && one_line_code(e.err, "EXEC")
             && strstr(e.err, "working directory /missing does not exist in the container")
             && !strstr(e.err, b.store),
         "exec --cwd of a missing directory: 126, EXEC, named as the container sees it");
  const char *const cwd_file[] = { helper_bin, "exec", "--store", b.store, "--id", id, "--pid",
                                   pathf("%d", (int) pid), "--cwd", "/notexec", "--", "true", NULL };
  run_out(cwd_file, false, &e);
  tap_ok(e.status == 126 && one_line_code(e.err, "EXEC"), "exec --cwd of a file: 126, EXEC");

  const char *const user[] = { "id", "-u", NULL };
  const char *argv[] = { helper_bin, "exec", "--store", b.store, "--id", id, "--pid",
                         pathf("%d", (int) pid), "--user", "1234:1234", "--", "id", "-u", NULL };
  (void) user;
  run_out(argv, false, &e);
  tap_ok(e.status == 0 && strcmp(e.out, "1234\n") == 0, "exec --user runs as that uid");

  exec_in(id, 1, host, &e);
  tap_ok(e.status == 3 && one_line_code(e.err, "DENIED"), "exec into a pid that is not the container's: DENIED");
  exec_in(id, getpid(), host, &e);
  tap_ok(e.status == 3 && one_line_code(e.err, "DENIED"), "exec naming our own pid: DENIED");

  kill_verb(id, "TERM", &e);
  tap_ok(e.status == 0, "kill --signal TERM succeeds");
  tap_ok(box_exit_code(&b, id, 5) == 143, "--init forwards SIGTERM: exit.json 143");
  kill_verb(id, "TERM", &e);
  tap_ok(e.status == 8 && one_line_code(e.err, "NOTRUNNING"), "kill after the end: NOTRUNNING (8)");
  exec_in(id, pid, host, &e);
  tap_ok(e.status == 8 && one_line_code(e.err, "NOTRUNNING"), "exec after the end: NOTRUNNING");

  id = box_fresh(&b);
  start(id, NULL, sleeper, &o);
  kill_verb(id, "9", &e);
  char buf[512] = "";
  box_wait_exit(&b, id, 5, buf, sizeof buf);
  tap_ok(e.status == 0 && strstr(buf, "\"exitCode\":137") && strstr(buf, "\"signal\":\"SIGKILL\""),
         "kill --signal 9: exit.json 137, signal SIGKILL");

  const char *const clean[] = { helper_bin, "cleanup", "--store", b.store, "--id", id, NULL };
  run_out(clean, false, &e);
  tap_ok(e.status == 0 && !exists(box_cdir(&b, id)), "cleanup removes the container directory");
}

static void send_frame(int s, uint8_t type, const void *p, uint32_t n)
{
  unsigned char h[5] = { type, (unsigned char) (n >> 24), (unsigned char) (n >> 16),
                         (unsigned char) (n >> 8), (unsigned char) n };
  if (write(s, h, 5) != 5 || (n && write(s, p, n) != (ssize_t) n))
    tap_diag("short write to attach.sock");
}

/* Reads frames until the exit frame or timeout; collects stdout text. */
static int read_frames(int s, char *out, size_t size, int *exit_code, const char *until)
{
  size_t got = 0;
  unsigned char buf[65536 + 5];
  size_t len = 0;
  out[0] = '\0';
  for (int polls = 0; polls < 100; polls++)
    {
      struct pollfd p = { .fd = s, .events = POLLIN };
      if (poll(&p, 1, 100) <= 0)
        continue;
      ssize_t r = read(s, buf + len, sizeof buf - len);
      if (r <= 0)
        return 0;
      len += (size_t) r;
      while (len >= 5)
        {
          uint32_t n = (uint32_t) buf[1] << 24 | (uint32_t) buf[2] << 16 | (uint32_t) buf[3] << 8 | buf[4];
          if (len < 5 + n)
            break;
          if (buf[0] == 1 && got + n < size)
            {
              memcpy(out + got, buf + 5, n);
              got += n;
              out[got] = '\0';
            }
          if (buf[0] == 3 && n == 4)
            {
              *exit_code = (int) ((uint32_t) buf[5] << 24 | (uint32_t) buf[6] << 16
                                  | (uint32_t) buf[7] << 8 | buf[8]);
              return 1;
            }
          memmove(buf, buf + 5 + n, len - 5 - n);
          len -= 5 + n;
        }
      if (until && strstr(out, until))
        return 2;
    }
  return 0;
}

static void test_attach(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  const char *const extra[] = { "--stdin", NULL };
  const char *const prog[] = { "sh", "-c", "sleep 0.3; echo ready; read line; echo got:$line; exit 4", NULL };
  start(id, extra, prog, &o);
  int s = box_attach(&b, id);
  tap_ok(o.status == 0 && s >= 0, "attach.sock accepts a connection right after run returns");
  struct stat st;
  tap_ok(lstat(pathf("%s/attach.sock", box_cdir(&b, id)), &st) == 0 && S_ISSOCK(st.st_mode)
             && (st.st_mode & 0777) == 0700,
         "attach.sock is a socket with mode 0700");
  char text[4096];
  int code = -1;
  tap_ok(s >= 0 && read_frames(s, text, sizeof text, &code, "ready\n") == 2,
         "the client receives output printed after a delay (type 1 frames)");
  send_frame(s, 0, "hello\n", 6);
  int r = s >= 0 ? read_frames(s, text, sizeof text, &code, NULL) : 0;
  tap_ok(r == 1 && strstr(text, "got:hello\n"), "stdin sent as a type 0 frame reaches the container");
  tap_ok(r == 1 && code == 4, "the exit frame (type 3) carries the exit code");
  if (s >= 0)
    close(s);

  id = box_fresh(&b);
  const char *const tty[] = { "--tty", "--stdin", NULL };
  const char *const ttyprog[] = { "sh", "-c", "sleep 0.3; stty size; tty; read l; echo line:$l", NULL };
  start(id, tty, ttyprog, &o);
  s = box_attach(&b, id);
  unsigned char size[4] = { 0, 40, 0, 100 };
  send_frame(s, 4, size, 4);
  send_frame(s, 0, "typed\n", 6);
  send_frame(s, 5, NULL, 0);
  r = s >= 0 ? read_frames(s, text, sizeof text, &code, NULL) : 0;
  tap_ok(r == 1 && code == 0 && strstr(text, "40 100") && strstr(text, "/dev/pts/0")
             && strstr(text, "line:typed"),
         "--tty: resize frames set the size, the pty is the container's /dev/pts/0, input echoes");
  if (s >= 0)
    close(s);
}

static void test_refusals(void)
{
  struct out o;
  const char *id = box_fresh(&b);
  const char *const t[] = { "true", NULL };
  const char *argv[24];

  const char *const outside_layer[] = { helper_bin, "run", "--store", b.store, "--id", id, "--layer",
                                        "/var/tmp", "--", "true", NULL };
  run_out(outside_layer, false, &o);
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "a --layer outside STORE/layers is refused");

  char fake[600];
  snprintf(fake, sizeof fake, "%s/layers/%064d/diff", b.store, 0);
  must(mkdir(pathf("%s/layers/%064d", b.store, 0), 0700), "mkdir");
  must(symlink("/", fake), "symlink");
  const char *const link_layer[] = { helper_bin, "run", "--store", b.store, "--id", id, "--layer",
                                     fake, "--", "true", NULL };
  run_out(link_layer, false, &o);
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "a layer that is a symlink is refused");

  const char *const bad_store[] = { helper_bin, "run", "--store", "/var/tmp", "--id", id, "--layer",
                                    b.layer, "--", "true", NULL };
  run_out(bad_store, false, &o);
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "a store without the container dir is refused");

  const char *const bad_id[] = { helper_bin, "run", "--store", b.store, "--id", "../x", "--layer",
                                 b.layer, "--", "true", NULL };
  run_out(bad_id, false, &o);
  tap_ok(o.status == 2 && one_line_code(o.err, "USAGE"), "an --id that is not 64 hex digits: USAGE");

  const char *const cgroups[] = { "/tmp", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/pids/../pids/tscontain/x",
                                  "/sys/fs/cgroup/pids/tscontain" };
  for (size_t i = 0; i < 4; i++)
    {
      const char *const extra[] = { "--cgroup", cgroups[i], NULL };
      box_run(&b, id, extra, t, &o);
      tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "--cgroup %s is refused", cgroups[i]);
    }

  const char *const usage[][3] = { { "--network", "bridge", NULL }, { "--rlimit", "nofile=10", NULL },
                                   { "--cap-add", "CAP_NOPE", NULL }, { "--user", "x", NULL },
                                   { "--bogus", NULL, NULL } };
  for (size_t i = 0; i < 5; i++)
    {
      box_run(&b, id, usage[i], t, &o);
      tap_ok(o.status == 2 && one_line_code(o.err, "USAGE"), "run %s %s: USAGE", usage[i][0],
             usage[i][1] ? usage[i][1] : "");
    }
  size_t n = 0;
  argv[n++] = helper_bin;
  argv[n++] = "run";
  argv[n++] = "--store";
  argv[n++] = b.store;
  argv[n++] = "--id";
  argv[n++] = id;
  argv[n++] = "--layer";
  argv[n++] = b.layer;
  argv[n] = NULL;
  run_out(argv, false, &o);
  tap_ok(o.status == 2 && one_line_code(o.err, "USAGE"), "run without a program: USAGE");
}

static void test_cgroup_join(void)
{
  const char *parent = "/sys/fs/cgroup/pids/tscontain";
  bool made_parent = mkdir(parent, 0755) == 0;
  char dir[256];
  snprintf(dir, sizeof dir, "%s/test-%d", parent, (int) getpid());
  if (mkdir(dir, 0755) < 0)
    {
      tap_skip("cannot create a v1 pids cgroup", "--cgroup joins the engine's cgroup");
      if (made_parent)
        rmdir(parent);
      return;
    }
  struct out o;
  const char *id = box_fresh(&b);
  const char *const extra[] = { "--cgroup", dir, NULL };
  const char *const prog[] = { "sh", "-c", "grep pids /proc/self/cgroup; sleep 5", NULL };
  box_run(&b, id, extra, prog, &o);
  char procs[256] = "";
  int fd = open(pathf("%s/cgroup.procs", dir), O_RDONLY);
  ssize_t r = fd >= 0 ? read(fd, procs, sizeof procs - 1) : -1;
  procs[r > 0 ? r : 0] = '\0';
  if (fd >= 0)
    close(fd);
  tap_ok(o.status == 0 && atoi(procs) == out_pid(&o), "--cgroup: the container's init is in cgroup.procs");
  tap_ok(box_log_has(&b, id, "pids:/\\n"), "the container sees its cgroup as / (cgroup namespace)");

  /* Its members plus one: room for the exec'd program, none for our outer process. */
  fd = open(pathf("%s/cgroup.procs", dir), O_RDONLY);
  r = fd >= 0 ? read(fd, procs, sizeof procs - 1) : -1;
  procs[r > 0 ? r : 0] = '\0';
  if (fd >= 0)
    close(fd);
  int members = 0;
  for (char *p = procs; *p; p++)
    members += *p == '\n';
  write_file(pathf("%s/pids.max", dir), pathf("%d", members + 1), 0644);
  struct out e;
  const char *const self[] = { "grep", "pids", "/proc/self/cgroup", NULL };
  exec_in(id, out_pid(&o), self, &e);
  tap_ok(e.status == 0 && strstr(e.out, "pids:/\n"),
         "exec: the program joins the container's cgroup and namespace (%d %s)", e.status, e.err);
  const char *const two[] = { "sh", "-c", "true & wait", NULL };
  exec_in(id, out_pid(&o), two, &e);
  tap_ok(e.status != 0, "exec: a second process beyond pids.max fails to fork (%d, %d members)", e.status, members);

  /* /sys/fs/cgroup shows the container's own cgroups, read-only (runc's v1 layout). */
  const char *const limit[] = { "cat", "/sys/fs/cgroup/pids/pids.max", NULL };
  exec_in(id, out_pid(&o), limit, &e);
  char want[16];
  snprintf(want, sizeof want, "%d\n", members + 1);
  tap_ok(e.status == 0 && strcmp(e.out, want) == 0,
         "/sys/fs/cgroup/pids is the container's own pids cgroup (its pids.max)");
  const char *const raise[] = { "sh", "-c", "echo max > /sys/fs/cgroup/pids/pids.max", NULL };
  exec_in(id, out_pid(&o), raise, &e);
  tap_ok(e.status != 0 && strstr(e.err, "Read-only"), "its cgroup files are read-only in the container");
  const char *const add[] = { "mkdir", "/sys/fs/cgroup/mine", NULL };
  exec_in(id, out_pid(&o), add, &e);
  tap_ok(e.status != 0, "/sys/fs/cgroup itself is read-only");
  box_stop(&b, id);
  rmdir(dir);
  if (made_parent)
    rmdir(parent);
}

static const char *suid_dir(void)
{
  static const char *const c[] = { "/var/tmp", "/root", "/var/lib", "/usr/local" };
  for (size_t i = 0; i < 4; i++)
    {
      struct statvfs v;
      if (statvfs(c[i], &v) == 0 && !(v.f_flag & ST_NOSUID))
        return c[i];
    }
  return NULL;
}

static void test_unprivileged(void)
{
  const char *dir = suid_dir();
  char copy[512];
  if (dir == NULL)
    {
      tap_skip("no filesystem without nosuid", "nobody is refused run and exec");
      return;
    }
  snprintf(copy, sizeof copy, "%s/helper-suid", b.base);
  if (run_cmd("install -o root -g root -m 4755 '%s' '%s'", helper_bin, copy) != 0)
    {
      tap_skip("cannot install a setuid copy", "nobody is refused run and exec");
      return;
    }
  struct out o;
  const char *id = box_fresh(&b);
  const char *const run[] = { copy, "run", "--store", b.store, "--id", id, "--layer", b.layer, "--", "true", NULL };
  run_out(run, true, &o);
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED") && !exists(pathf("%s/upper", box_cdir(&b, id))),
         "run by a caller outside group tscontain: DENIED, nothing created");
  const char *const ex[] = { copy, "exec", "--store", b.store, "--id", id, "--pid", "1", "--", "true", NULL };
  run_out(ex, true, &o);
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "exec by a caller outside group tscontain: DENIED");
  const char *const kl[] = { copy, "kill", "--store", b.store, "--id", id, "--signal", "9", NULL };
  run_out(kl, true, &o);
  tap_ok(o.status == 3 && one_line_code(o.err, "DENIED"), "kill by a caller outside group tscontain: DENIED");
  unlink(copy);
}

static void exec_env(const char *id, pid_t pid, const char *file, const char *const prog[], struct out *o)
{
  char pidbuf[16];
  snprintf(pidbuf, sizeof pidbuf, "%d", (int) pid);
  const char *argv[48] = { helper_bin, "exec", "--store", b.store, "--id", id, "--pid", pidbuf, "--env-file", file, "--" };
  size_t n = 11;
  for (size_t i = 0; prog[i] && n < 47; i++)
    argv[n++] = prog[i];
  argv[n] = NULL;
  run_out(argv, false, o);
}

static void test_exec_env_file(void)
{
  struct out o, e;
  const char *id = box_fresh(&b);
  const char *const none[] = { NULL };
  const char *const sleeper[] = { "sleep", "30", NULL };
  start(id, none, sleeper, &o);
  pid_t pid = out_pid(&o);
  char file[600];
  snprintf(file, sizeof file, "%s/exec-env-0123abcd", box_cdir(&b, id));
  static const char entries[] = "TOKEN=s3cr3t\0B=two words\0";
  int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  must(fd, "creating exec env file");
  must(write(fd, entries, sizeof entries - 1) == (ssize_t) sizeof entries - 1 ? 0 : -1, "writing exec env");
  close(fd);
  const char *const show[] = { "sh", "-c", "echo t=$TOKEN b=$B", NULL };
  exec_env(id, pid, file, show, &e);
  tap_ok(e.status == 0 && strcmp(e.out, "t=s3cr3t b=two words\n") == 0, "exec --env-file: the entries reach the program");
  tap_ok(!exists(file), "exec removes its --env-file once read");

  char env[600];
  snprintf(env, sizeof env, "%s/env", box_cdir(&b, id));
  fd = open(env, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  must(fd, "creating env file");
  must(write(fd, entries, sizeof entries - 1) == (ssize_t) sizeof entries - 1 ? 0 : -1, "writing env");
  close(fd);
  exec_env(id, pid, env, show, &e);
  tap_ok(e.status == 3 && one_line_code(e.err, "DENIED") && exists(env),
         "exec takes --env-file only at containers/ID/exec-env-HEX, and leaves other files alone");
  box_stop(&b, id);
}

int main(int argc, char **argv)
{
  harness_init(argc, argv);
  box_init(&b, "/var/tmp");
  test_exec_kill();
  test_exec_env_file();
  test_attach();
  test_refusals();
  test_cgroup_join();
  test_unprivileged();
  box_cleanup(&b);
  return tap_done();
}
