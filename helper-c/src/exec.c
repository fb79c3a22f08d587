/*
 * exec --store S --id ID --pid PID [options] -- ARGV...
 *
 * Runs one more program in a running container, with the caller's stdio
 * (pipes, or a terminal), or with --tty on a pty of the container's own
 * devpts that our outer process proxies to the caller's stdio (ttyproxy.c). PID must be the init the monitor
 * recorded, still alive with the recorded start time, its parent the
 * monitor, and in another mount namespace than ours. We join its
 * namespaces but the cgroup one through a pidfd, and fork so the child is
 * inside the pid namespace; the child alone joins the container's cgroups
 * (before its cgroup namespace, whose root it could not move into from
 * outside), so our outer process neither shows in `top` nor counts against
 * the container's pids limit. Only the child, running from the sealed memfd
 * (sealed.c), ever runs in the container; the parent stays invisible to it
 * (outside its pid namespace), forwards signals and returns the status.
 */
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "cgroup.h"
#include "envfile.h"
#include "policy.h"
#include "process.h"
#include "sealed.h"
#include "state.h"
#include "sync.h"
#include "ttyproxy.h"
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

_Noreturn static void exec_child(struct spec *s, const struct cgroups *cg, int pidfd, int report,
                                 int slave)
{
  herr_t err = { 0 };
  if (cgroups_join(cg, 0, &err) < 0)
    goto fail;
  if (setns(pidfd, CLONE_NEWCGROUP) < 0)
    {
      herr_sys(&err, "entering the cgroup namespace of the container");
      goto fail;
    }
  if (slave >= 0)
    {
      if (process_take_tty(slave, &err) < 0)
        goto fail;
      for (int fd = 0; fd <= 2; fd++)
        if (dup2(slave, fd) < 0)
          {
            herr_sys(&err, "dup2 of the pty");
            goto fail;
          }
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

/*
 * The outer process only waits, forwards signals and (--tty) copies bytes:
 * it drops to the caller's real uid/gid, no groups, and keeps CAP_KILL
 * alone (the program may run as another uid, root included), with
 * no_new_privs and still non-dumpable. It is in the container's mount and
 * other namespaces (not its pid namespace), holding only the pty master,
 * the report pipe and the caller's stdio.
 */
static int drop_privileges(herr_t *err)
{
  uint64_t keep = UINT64_C(1) << CAP_KILL;
  uid_t uid = getuid();
  gid_t gid = getgid();
  if (caps_bound(keep, err) < 0)
    return herr_context(err, "exec's outer process");
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || setgroups(0, NULL) < 0
      || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
    return herr_sys(err, "dropping exec's outer process to uid %u", (unsigned) uid);
  if (caps_apply(keep, true, err) < 0)
    return herr_context(err, "exec's outer process");
  if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0
      || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    return herr_sys(err, "prctl in exec's outer process");
  return 0;
}

/* Blocks until the child's execve (EOF) or its error, which is then returned. */
static int wait_exec(pid_t pid, int report_r, herr_t *err)
{
  herr_t child_err;
  ssize_t got = read_full(report_r, &child_err, sizeof child_err);
  close(report_r);
  if (got != (ssize_t) sizeof child_err)
    return 0;
  while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
    ;
  *err = child_err;
  err->msg[sizeof err->msg - 1] = '\0';
  return -1;
}

static int wait_child(pid_t pid, int master, herr_t *err)
{
  if (master >= 0)
    {
      int code = tty_proxy(master, pid, err);
      if (code < 0)
        {
          kill(pid, SIGKILL);
          return -1;
        }
      exit(code);
    }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return herr_sys(err, "waitpid");
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
      || envfile_load(&s, SPEC_FOR_EXEC, cdir_fd, err) < 0
      || verify_target(cdir_fd, s.pid, &pidfd, err) < 0)
    return -1;
  pid_t pid = (pid_t) atoi(s.pid);
  for (size_t i = 0; i < s.n_cgroups; i++)
    if (cgroups_add(&cg, s.cgroups[i], err) < 0)
      return -1;
  if (s.n_cgroups == 0 && cgroups_add_from_proc(&cg, pid, err) < 0)
    return -1;

  int flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID;
  if (setns(pidfd, flags) < 0)
    return herr_sys(err, "entering the namespaces of %d", (int) pid);

  /* In the container's mount namespace now: its devpts is reachable. */
  cleanup_close int master = -1, slave = -1;
  if (s.tty)
    {
      if (tty_open_container(&master, &slave, err) < 0)
        return -1;
      if (fchown(slave, s.has_user ? s.uid : 0, (gid_t) -1) < 0)
        return herr_sys(err, "chown of the container pty");
    }
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
      exec_child(&s, &cg, pidfd, report[1], slave);
    }
  cgroups_close(&cg);
  close(report[1]);
  if (slave >= 0)
    close(steal_fd(&slave));
  if (drop_privileges(err) < 0)
    {
      kill(child_pid, SIGKILL);
      return -1;
    }
  if (wait_exec(child_pid, report[0], err) < 0)
    return -1;
  return wait_child(child_pid, steal_fd(&master), err);
}
