/*
 * The container directory may be owned by the (unprivileged) engine, so
 * everything read back from it is checked: the state file must be
 * root-owned (only the monitor writes it), and a pid only counts while the
 * process behind it has the recorded start time, checked after a pidfd
 * pins it so the pid cannot be reused in between.
 */
#include "state.h"

#include <fcntl.h>
#include <inttypes.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "path.h"

int container_dir_open(int store_fd, const char *id, int *out_fd, herr_t *err)
{
  char rel[128];
  snprintf(rel, sizeof rel, "containers/%s", id);
  cleanup_close int fd = path_openat2(store_fd, rel, O_RDONLY | O_DIRECTORY,
                                      RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
  if (fd < 0)
    {
      herr_sys(err, "opening container directory %s", rel);
      err->code = HERR_DENIED;
      return -1;
    }
  struct stat st;
  if (fstat(fd, &st) < 0)
    return herr_sys(err, "stat %s", rel);
  if (st.st_uid != 0 && st.st_uid != getuid())
    return herr_fail(err, HERR_DENIED, "container directory %s is owned by uid %u", rel,
                     (unsigned) st.st_uid);
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return herr_fail(err, HERR_DENIED, "container directory %s is writable by group or others", rel);
  *out_fd = steal_fd(&fd);
  return 0;
}

int container_subdir(int cdir_fd, const char *name, unsigned mode, int *out_fd, herr_t *err)
{
  bool made = mkdirat(cdir_fd, name, mode) == 0;
  if (!made && errno != EEXIST)
    return herr_sys(err, "creating %s", name);
  cleanup_close int fd = openat(cdir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      herr_sys(err, "opening %s", name);
      if (errno == ELOOP || errno == ENOTDIR)
        err->code = HERR_DENIED;
      return -1;
    }
  struct stat st;
  if (fstat(fd, &st) < 0)
    return herr_sys(err, "stat %s", name);
  if (made && (fchown(fd, 0, 0) < 0 || fchmod(fd, mode) < 0))
    return herr_sys(err, "setting owner and mode of %s", name);
  if (!made && st.st_uid != 0)
    return herr_fail(err, HERR_DENIED, "%s exists and is not owned by root", name);
  *out_fd = steal_fd(&fd);
  return 0;
}

int proc_stat(pid_t pid, pid_t *ppid, uint64_t *start, char *state)
{
  char name[64], buf[1024];
  snprintf(name, sizeof name, "/proc/%d/stat", (int) pid);
  cleanup_close int fd = open(name, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  if (n <= 0)
    return -1;
  buf[n] = '\0';
  /* comm may hold spaces and parentheses: fields start after the last ')'. */
  char *p = strrchr(buf, ')');
  if (p == NULL)
    return -1;
  p += 2;
  char *save = NULL;
  int field = 3;
  for (char *tok = strtok_r(p, " ", &save); tok; tok = strtok_r(NULL, " ", &save), field++)
    {
      if (field == 3 && state)
        *state = tok[0];
      if (field == 4 && ppid)
        *ppid = (pid_t) strtol(tok, NULL, 10);
      if (field == 22)
        {
          *start = strtoull(tok, NULL, 10);
          return 0;
        }
    }
  errno = EINVAL;
  return -1;
}

int write_atomic(int dir_fd, const char *name, const char *content, bool durable, herr_t *err)
{
  char tmp[128];
  snprintf(tmp, sizeof tmp, ".%s.tmp", name);
  unlinkat(dir_fd, tmp, 0);
  cleanup_close int fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    return herr_sys(err, "creating %s", tmp);
  if (write_all(fd, content, strlen(content)) < 0 || (durable && fsync(fd) < 0))
    return herr_sys(err, "writing %s", tmp);
  if (renameat(dir_fd, tmp, dir_fd, name) < 0)
    return herr_sys(err, "renaming %s to %s", tmp, name);
  return 0;
}

int state_write(int cdir_fd, const struct run_state *st, bool durable, herr_t *err)
{
  char buf[128];
  snprintf(buf, sizeof buf, "%d %" PRIu64 " %d %" PRIu64 "\n", (int) st->pid, st->pid_start,
           (int) st->monitor, st->monitor_start);
  return write_atomic(cdir_fd, STATE_FILE, buf, durable, err);
}

static int state_read(int cdir_fd, struct run_state *st, herr_t *err)
{
  cleanup_close int fd = openat(cdir_fd, STATE_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    return herr_fail(err, HERR_NOTRUNNING, "the container is not running");
  if (fd < 0)
    return herr_sys(err, "opening %s", STATE_FILE);
  struct stat sb;
  if (fstat(fd, &sb) < 0)
    return herr_sys(err, "stat %s", STATE_FILE);
  if (!S_ISREG(sb.st_mode) || sb.st_uid != 0 || sb.st_nlink != 1)
    return herr_fail(err, HERR_DENIED, "%s was not written by the monitor", STATE_FILE);
  char buf[128];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  if (n <= 0)
    return herr_fail(err, HERR_IO, "%s is empty", STATE_FILE);
  buf[n] = '\0';
  int pid, mon;
  if (sscanf(buf, "%d %" SCNu64 " %d %" SCNu64, &pid, &st->pid_start, &mon, &st->monitor_start) != 4
      || pid <= 1 || mon <= 1)
    return herr_fail(err, HERR_IO, "%s is malformed", STATE_FILE);
  st->pid = pid;
  st->monitor = mon;
  return 0;
}

static bool same_process(int pidfd, pid_t pid, uint64_t start)
{
  uint64_t now;
  char state = '?';
  /* A zombie still has its pid and start time, and accepts signal 0. */
  if (proc_stat(pid, NULL, &now, &state) < 0 || now != start || state == 'Z' || state == 'X')
    return false;
  /* Alive after the stat read: the pid was not reused in between. */
  return syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == 0;
}

int state_open_init(int cdir_fd, struct run_state *st, int *pidfd, herr_t *err)
{
  if (state_read(cdir_fd, st, err) < 0)
    return -1;
  cleanup_close int fd = (int) syscall(SYS_pidfd_open, st->pid, 0);
  if (fd < 0 && errno == ESRCH)
    return herr_fail(err, HERR_NOTRUNNING, "the container is not running");
  if (fd < 0)
    return herr_sys(err, "pidfd_open %d", (int) st->pid);
  if (!same_process(fd, st->pid, st->pid_start))
    return herr_fail(err, HERR_NOTRUNNING, "the container is not running");
  *pidfd = steal_fd(&fd);
  return 0;
}

bool state_monitor_alive(int cdir_fd)
{
  struct run_state st;
  herr_t ignored;
  if (state_read(cdir_fd, &st, &ignored) < 0)
    return false;
  cleanup_close int fd = (int) syscall(SYS_pidfd_open, st.monitor, 0);
  return fd >= 0 && same_process(fd, st.monitor, st.monitor_start);
}
