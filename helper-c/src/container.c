/*
 * The container's first process. It is cloned straight into new pid, mount,
 * uts, ipc (and net) namespaces and runs helper code only until its execve;
 * every step that can fail reports over the sync socket, whose CLOEXEC end
 * closing is how the monitor learns the execve succeeded.
 */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroupfs.h"
#include "process.h"
#include "run.h"
#include "sync.h"

_Noreturn static void child_fail(int sync, herr_t *err)
{
  if (err->code != HERR_EXEC_CANNOT && err->code != HERR_EXEC_NOTFOUND)
    herr_context(err, "container setup");
  sync_send(sync, SYNC_ERROR, err, -1);
  _exit(err->code == HERR_OK ? HERR_IO : (int) err->code);
}

static int setup_stdio(const struct run_ctx *ctx, const struct container_io *io, int sync, herr_t *err)
{
  if (ctx->spec->tty)
    {
      int master, slave;
      if (rootfs_open_pty(&master, &slave, err) < 0)
        return -1;
      uid_t uid = ctx->spec->has_user ? ctx->spec->uid : 0;
      if (fchown(slave, uid, (gid_t) -1) < 0)
        return herr_sys(err, "chown of the pty");
      if (sync_send(sync, SYNC_PTY, NULL, master) < 0)
        return herr_sys(err, "passing the pty to the monitor");
      close(master);
      if (process_take_tty(slave, err) < 0)
        return -1;
      for (int fd = 0; fd <= 2; fd++)
        if (dup2(slave, fd) < 0)
          return herr_sys(err, "dup2");
      close(slave);
      return 0;
    }
  /* A new session: no terminal of the host's to push input into (CVE-2017-5226). */
  if (setsid() < 0)
    return herr_sys(err, "setsid");
  int in = io->stdin_r;
  if (in < 0)
    in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (in < 0 || dup2(in, 0) < 0 || dup2(io->stdout_w, 1) < 0 || dup2(io->stderr_w, 2) < 0)
    return herr_sys(err, "setting up stdio");
  return 0;
}

/*
 * --wait-attach: everything is set up, only the execve is left. Tell the
 * monitor, which reports the pid and waits for the first attach client,
 * then wait for its go. EOF means the monitor is gone: nobody to run for.
 */
static void hold_for_attach(int sync)
{
  struct sync_msg msg;
  if (sync_send(sync, SYNC_READY, NULL, -1) < 0)
    _exit(HERR_IO);
  if (sync_recv(sync, &msg, NULL) != 1 || msg.type != SYNC_START)
    _exit(HERR_IO);
}

_Noreturn static void container_child(struct run_ctx *ctx, const struct container_io *io, int sync)
{
  herr_t err = { 0 };
  struct spec *s = ctx->spec;
  struct sync_msg msg;

  /* If the monitor dies during setup there is nobody to report to. */
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (sync_recv(sync, &msg, NULL) != 1 || msg.type != SYNC_GO)
    _exit(HERR_IO);
  umask(022);
  /*
   * The monitor moves us into the cgroups meanwhile: a cgroup v1 migration
   * waits for an RCU grace period (~10 ms here), so it overlaps the mounts.
   * Nothing before JOINED forks or runs image code.
   */
  if (rootfs_setup(&ctx->rootfs, s, &err) < 0)
    child_fail(sync, &err);
  if (sync_recv(sync, &msg, NULL) != 1 || msg.type != SYNC_JOINED)
    _exit(HERR_IO);
  /* After joining the cgroups, so they become the namespace's root. */
  if (unshare(CLONE_NEWCGROUP) < 0 && errno != EINVAL)
    {
      herr_sys(&err, "unshare(CLONE_NEWCGROUP)");
      child_fail(sync, &err);
    }
  if (cgroupfs_mount_v2(s, &err) < 0)
    child_fail(sync, &err);
  /* After JOINED: the monitor has attached the veths, so per-interface keys exist. */
  if (runopts_write_sysctls(&s->opts, &err) < 0)
    child_fail(sync, &err);
  if (setup_stdio(ctx, io, sync, &err) < 0
      || process_rlimits(s, &err) < 0 || process_credentials(s, &err) < 0)
    child_fail(sync, &err);
  if (s->init && reaper_fork(sync, s->tty, &err) < 0)
    child_fail(sync, &err);
  if (process_close_fds(sync, &err) < 0 || process_enter_cwd(s, &err) < 0)
    child_fail(sync, &err);
  /* A missing program is still run's own error, not a late one (see monitor.c). */
  if (s->wait_attach && process_find(s, &err) < 0)
    child_fail(sync, &err);
  if (s->wait_attach)
    hold_for_attach(sync);
  process_reset_signals();
  prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
  process_exec(s, &err);
  child_fail(sync, &err);
}

pid_t container_spawn(struct run_ctx *ctx, const struct container_io *io, int *sync, herr_t *err)
{
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    return herr_sys(err, "socketpair");
  unsigned long flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC;
  if (ctx->spec->network != NETWORK_HOST)
    flags |= CLONE_NEWNET;
  /* fork() semantics (no new stack), with namespaces: the child is pid 1 of its own. */
  long pid = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
  if (pid < 0)
    {
      herr_sys(err, "clone");
      close(sv[0]);
      close(sv[1]);
      return -1;
    }
  if (pid == 0)
    {
      close(sv[0]);
      container_child(ctx, io, sv[1]);
    }
  close(sv[1]);
  *sync = sv[0];
  return (pid_t) pid;
}
