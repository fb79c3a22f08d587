/*
 * exec --store S --id ID --pid PID [options] -- ARGV...
 *
 * Runs one more program in a running container, with the caller's stdio
 * (a pty from node-pty, or pipes). PID must be the init the monitor
 * recorded, still alive with the recorded start time, its parent the
 * monitor, and in another mount namespace than ours. We join its cgroups,
 * then all its namespaces at once through a pidfd, and fork so the child is
 * inside the pid namespace. Only the child, running from the sealed memfd
 * (sealed.c), ever runs in the container; the parent stays invisible to it
 * (outside its pid namespace), forwards signals and returns the status.
 */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "policy.h"
#include "process.h"
#include "sealed.h"
#include "state.h"
#include "sync.h"
#include "verbs.h"

static pid_t child_pid;

static void forward(int sig)
{
  if (child_pid > 0)
    kill(child_pid, sig);
}

static int same_ns(pid_t pid, const char *ns)
{
  char path[64];
  struct stat a, b;
  snprintf(path, sizeof path, "/proc/%d/ns/%s", (int) pid, ns);
  if (stat(path, &a) < 0)
    return -1;
  snprintf(path, sizeof path, "/proc/self/ns/%s", ns);
  if (stat(path, &b) < 0)
    return -1;
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int verify_target(int cdir_fd, const char *pid_arg, int *pidfd, herr_t *err)
{
  struct run_state st;
  if (state_open_init(cdir_fd, &st, pidfd, err) < 0)
    return -1;
  char buf[16];
  snprintf(buf, sizeof buf, "%d", (int) st.pid);
  if (strcmp(buf, pid_arg) != 0)
    return herr_fail(err, HERR_DENIED, "--pid %.16s is not the container's init (%d)", pid_arg,
                     (int) st.pid);
  pid_t ppid = 0;
  uint64_t start;
  if (proc_stat(st.pid, &ppid, &start, NULL) < 0 || ppid != st.monitor)
    return herr_fail(err, HERR_DENIED, "process %d is not the child of the container's monitor",
                     (int) st.pid);
  if (same_ns(st.pid, "mnt") != 0)
    return herr_fail(err, HERR_DENIED, "process %d is not in a container's mount namespace",
                     (int) st.pid);
  return 0;
}

_Noreturn static void exec_child(struct spec *s, int report)
{
  herr_t err = { 0 };
  if (s->tty && isatty(0))
    {
      if (process_take_tty(0, &err) < 0)
        goto fail;
    }
  else if (setsid() < 0)
    {
      herr_sys(&err, "setsid");
      goto fail;
    }
  if (process_credentials(s, &err) < 0 || process_close_fds(report, &err) < 0
      || process_enter_cwd(s, &err) < 0)
    goto fail;
  process_reset_signals();
  process_exec(s, &err);
fail:
  (void) !write_all(report, &err, sizeof err);
  _exit(err.code == HERR_OK ? HERR_IO : (int) err.code);
}

static int wait_child(pid_t pid, int report_r, herr_t *err)
{
  herr_t child_err;
  ssize_t got = read_full(report_r, &child_err, sizeof child_err);
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return herr_sys(err, "waitpid");
  if (got == (ssize_t) sizeof child_err)
    {
      *err = child_err;
      err->msg[sizeof err->msg - 1] = '\0';
      return -1;
    }
  exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

int verb_exec(int argc, char **argv, herr_t *err)
{
  if (sealed_reexec(helper_argv, err) < 0)
    return -1;
  static struct spec s;
  struct cgroups cg;
  cgroups_init(&cg);
  cleanup_close int store_fd = -1, cdir_fd = -1, pidfd = -1;
  if (spec_parse(&s, SPEC_FOR_EXEC, argc, argv, err) < 0 || store_open(s.store, &store_fd, err) < 0
      || container_dir_open(store_fd, s.id, &cdir_fd, err) < 0
      || verify_target(cdir_fd, s.pid, &pidfd, err) < 0)
    return -1;
  pid_t pid = (pid_t) atoi(s.pid);
  for (size_t i = 0; i < s.n_cgroups; i++)
    if (cgroups_add(&cg, s.cgroups[i], err) < 0)
      return -1;
  if (s.n_cgroups == 0 && cgroups_add_from_proc(&cg, pid, err) < 0)
    return -1;
  if (cgroups_join(&cg, getpid(), err) < 0)
    return -1;
  cgroups_close(&cg);

  int flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWCGROUP;
  if (setns(pidfd, flags) < 0)
    return herr_sys(err, "entering the namespaces of %d", (int) pid);

  int report[2];
  if (pipe2(report, O_CLOEXEC) < 0)
    return herr_sys(err, "pipe");
  struct sigaction sa = { .sa_handler = forward };
  sigemptyset(&sa.sa_mask);
  const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    sigaction(sigs[i], &sa, NULL);
  child_pid = fork();
  if (child_pid < 0)
    return herr_sys(err, "fork");
  if (child_pid == 0)
    {
      close(report[0]);
      exec_child(&s, report[1]);
    }
  close(report[1]);
  return wait_child(child_pid, report[0], err);
}
