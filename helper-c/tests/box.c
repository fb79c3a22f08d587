/* The busybox store and container helpers shared by test_run and test_exec. */
#include "box.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LAYER_HEX "1111111111111111111111111111111111111111111111111111111111111111"

static const char *const applets[] = { "sh", "echo", "cat", "id", "hostname", "sleep", "ls", "mount",
                                       "ps", "true", "false", "touch", "grep", "readlink", "tr", "pwd",
                                       "mknod", "head", "wc", "sed", "ln", "mkdir" };

void box_init(struct box *b, const char *under)
{
  if (geteuid() != 0)
    tap_skip_all("needs root");
  if (access("/bin/busybox", X_OK) != 0)
    tap_skip_all("/bin/busybox is missing (apt-get install busybox-static)");
  snprintf(b->base, sizeof b->base, "%s/tscontain-run-tests.XXXXXX", under);
  if (mkdtemp(b->base) == NULL || chmod(b->base, 0755) < 0)
    tap_skip_all("cannot create a scratch directory");
  b->next_id = 0;
  snprintf(b->store, sizeof b->store, "%s/store", b->base);
  snprintf(b->layer, sizeof b->layer, "%s/layers/" LAYER_HEX "/diff", b->store);
  must(mkdir(b->store, 0700), "mkdir store");
  must(mkdir(pathf("%s/containers", b->store), 0755), "mkdir containers");
  must(mkdir(pathf("%s/layers", b->store), 0700), "mkdir layers");
  must(mkdir(pathf("%s/layers/" LAYER_HEX, b->store), 0700), "mkdir layer");
  must(mkdir(b->layer, 0755), "mkdir diff");
  must(mkdir(pathf("%s/bin", b->layer), 0755), "mkdir bin");
  must(mkdir(pathf("%s/etc", b->layer), 0755), "mkdir etc");
  if (run_cmd("cp /bin/busybox '%s/bin/busybox'", b->layer) != 0)
    tap_skip_all("cannot copy busybox");
  for (size_t i = 0; i < sizeof applets / sizeof applets[0]; i++)
    must(symlink("busybox", pathf("%s/bin/%s", b->layer, applets[i])), "symlink");
  write_file(pathf("%s/notexec", b->layer), "#!/bin/sh\necho no\n", 0644);
}

/* The helper refuses to run a container without a devices cgroup; each box container gets one. */
const char *box_devices_cgroup(const char *id)
{
  static char dir[256];
  struct statfs fs;
  bool v2 = statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
  const char *parent = v2 ? "/sys/fs/cgroup/tscontain" : "/sys/fs/cgroup/devices/tscontain";
  mkdir(parent, 0755);
  snprintf(dir, sizeof dir, "%s/box-%d-%s", parent, (int) getpid(), id + 52);
  mkdir(dir, 0755);
  return dir;
}

void box_cleanup(struct box *b)
{
  run_cmd("rm -rf '%s'", b->base);
  run_cmd("rmdir /sys/fs/cgroup/devices/tscontain/box-%d-* /sys/fs/cgroup/tscontain/box-%d-* 2>/dev/null",
          (int) getpid(), (int) getpid());
}

const char *box_id(struct box *b, int n)
{
  static char ids[64][65];
  char *id = ids[n % 64];
  snprintf(id, 65, "%064x", n + 0xc0de);
  mkdir(pathf("%s/containers/%s", b->store, id), 0700);
  return id;
}

const char *box_fresh(struct box *b)
{
  return box_id(b, b->next_id++);
}

const char *box_cdir(struct box *b, const char *id)
{
  return pathf("%s/containers/%s", b->store, id);
}

static void slurp(int fd, char *buf, size_t size)
{
  size_t got = 0;
  ssize_t r;
  while ((r = read(fd, buf + got, size - 1 - got)) > 0)
    got += (size_t) r;
  buf[got] = '\0';
}

void run_out(const char *const argv[], bool as_nobody, struct out *o)
{
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
    abort();
  pid_t pid = fork();
  if (pid == 0)
    {
      const char *full[96];
      argv_as(full, 96, argv, as_nobody);
      int null = open("/dev/null", O_RDONLY);
      dup2(null, 0);
      dup2(out[1], 1);
      dup2(err[1], 2);
      execvp(full[0], (char *const *) full);
      _exit(127);
    }
  close(out[1]);
  close(err[1]);
  /* The starter returns once the program runs: both pipes close then. */
  slurp(out[0], o->out, sizeof o->out);
  slurp(err[0], o->err, sizeof o->err);
  close(out[0]);
  close(err[0]);
  int st;
  waitpid(pid, &st, 0);
  o->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  if (o->status != 0 && o->err[0])
    tap_diag("exit %d: %.*s", o->status, (int) strcspn(o->err, "\n"), o->err);
}

void box_run(struct box *b, const char *id, const char *const extra[], const char *const prog[],
             struct out *o)
{
  const char *with[80];
  size_t k = 0;
  with[k++] = "--cgroup";
  with[k++] = box_devices_cgroup(id);
  for (size_t i = 0; extra && extra[i] && k < 79; i++)
    with[k++] = extra[i];
  with[k] = NULL;
  box_run_raw(b, id, with, prog, o);
}

void box_run_raw(struct box *b, const char *id, const char *const extra[], const char *const prog[],
                 struct out *o)
{
  const char *argv[96];
  size_t n = 0;
  argv[n++] = helper_bin;
  argv[n++] = "run";
  argv[n++] = "--store";
  argv[n++] = b->store;
  argv[n++] = "--id";
  argv[n++] = id;
  argv[n++] = "--layer";
  argv[n++] = b->layer;
  for (size_t i = 0; extra && extra[i] && n < 80; i++)
    argv[n++] = extra[i];
  argv[n++] = "--";
  for (size_t i = 0; prog[i] && n < 95; i++)
    argv[n++] = prog[i];
  argv[n] = NULL;
  run_out(argv, false, o);
}

static bool read_file(const char *path, char *buf, size_t size)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  slurp(fd, buf, size);
  close(fd);
  return true;
}

bool box_wait_exit(struct box *b, const char *id, double seconds, char *buf, size_t size)
{
  char tmp[512] = "";
  for (int i = 0; i < (int) (seconds * 100); i++)
    {
      if (read_file(pathf("%s/exit.json", box_cdir(b, id)), buf ? buf : tmp, buf ? size : sizeof tmp))
        return true;
      usleep(10000);
    }
  return false;
}

int box_exit_code(struct box *b, const char *id, double seconds)
{
  char buf[512];
  if (!box_wait_exit(b, id, seconds, buf, sizeof buf))
    return -1;
  const char *p = strstr(buf, "\"exitCode\":");
  return p ? atoi(p + 11) : -1;
}

bool box_log_has(struct box *b, const char *id, const char *needle)
{
  static char buf[1 << 16];
  /* The monitor may still be draining the last lines when exit.json appears. */
  for (int i = 0; i < 50; i++)
    {
      if (read_file(pathf("%s/log.json", box_cdir(b, id)), buf, sizeof buf) && strstr(buf, needle))
        return true;
      usleep(10000);
    }
  tap_diag("log.json of %.12s lacks %s", id, needle);
  return false;
}

bool box_log_lacks(struct box *b, const char *id, const char *needle)
{
  static char buf[1 << 16];
  return read_file(pathf("%s/log.json", box_cdir(b, id)), buf, sizeof buf) && !strstr(buf, needle);
}

pid_t out_pid(const struct out *o)
{
  const char *p = strstr(o->out, "{\"pid\":");
  return p ? (pid_t) atoi(p + 7) : -1;
}

void box_stop(struct box *b, const char *id)
{
  const char *argv[] = { helper_bin, "kill", "--store", b->store, "--id", id, "--signal", "KILL", NULL };
  struct out o;
  run_out(argv, false, &o);
  box_wait_exit(b, id, 5, NULL, 0);
}

bool one_line_code(const char *err, const char *code)
{
  char prefix[64];
  size_t n = strlen(err);
  snprintf(prefix, sizeof prefix, "tscontain-helper: %s: ", code);
  return n > 0 && err[n - 1] == '\n' && strchr(err, '\n') == err + n - 1
         && strncmp(err, prefix, strlen(prefix)) == 0;
}

/* The store path may be too long for sun_path: connect through the directory's fd. */
int box_attach(struct box *b, const char *id)
{
  int dir = open(box_cdir(b, id), O_PATH | O_DIRECTORY | O_CLOEXEC);
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un a = { .sun_family = AF_UNIX };
  snprintf(a.sun_path, sizeof a.sun_path, "/proc/self/fd/%d/attach.sock", dir);
  int r = connect(s, (struct sockaddr *) &a, sizeof a);
  close(dir);
  if (r < 0)
    {
      close(s);
      return -1;
    }
  return s;
}

void box_refused(struct box *b, const char *const extra[], int status, const char *code, const char *needle,
                 const char *what)
{
  struct out o;
  const char *const prog[] = { "true", NULL };
  box_run(b, box_fresh(b), extra, prog, &o);
  tap_ok(o.status == status && one_line_code(o.err, code) && (!needle || strstr(o.err, needle)), "%s", what);
  if (o.status != status)
    tap_diag("got %d: %s", o.status, o.err);
}

bool box_suid_variant(const struct box *b, char *out, size_t size)
{
  struct statvfs v;
  snprintf(out, size, "%s/variant-suid", b->base);
  return statvfs(b->base, &v) == 0 && !(v.f_flag & ST_NOSUID)
         && run_cmd("install -o root -g root -m 4755 '%s' '%s'", variant_bin, out) == 0;
}

void box_variant_store(const struct box *b, const char *hex, const char *id)
{
  const char *store = HELPER_DEFAULT_STORE;
  run_cmd("rm -rf '%s'", store);
  must(mkdir(store, 0711), "mkdir variant store");
  must(mkdir(pathf("%s/layers", store), 0700), "mkdir layers");
  must(run_cmd("cp -a '%s/..' '%s/layers/%s'", b->layer, store, hex) == 0 ? 0 : -1, "copy layer");
  must(mkdir(pathf("%s/containers", store), 0700), "mkdir containers");
  must(mkdir(pathf("%s/containers/%s", store, id), 0700), "mkdir container");
}
