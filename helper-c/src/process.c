/*
 * The container program's process, crun's order: rlimits, bounding set,
 * ids, capability sets, no_new_privs, fds, cwd, signals, execve.
 */
#include "process.h"

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"

void process_reset_signals(void)
{
  sigset_t all;
  sigemptyset(&all);
  sigprocmask(SIG_SETMASK, &all, NULL);
  for (int sig = 1; sig < NSIG; sig++)
    signal(sig, SIG_DFL);
}

int process_rlimits(const struct spec *s, herr_t *err)
{
  for (size_t i = 0; i < s->n_rlimits; i++)
    if (setrlimit(s->rlimits[i].resource, &s->rlimits[i].limit) < 0)
      return herr_sys(err, "setrlimit %d", s->rlimits[i].resource);
  return 0;
}

int process_credentials(const struct spec *s, herr_t *err)
{
  uid_t uid = s->has_user ? s->uid : 0;
  gid_t gid = s->has_user ? s->gid : 0;

  if (caps_bound(s->caps, err) < 0)
    return -1;
  /* Still root with every capability here, so the id changes cannot fail for
   * lack of CAP_SETUID/CAP_SETGID even when the container drops them. */
  if (setgroups(s->n_groups, s->groups) < 0)
    return herr_sys(err, "setgroups");
  if (setresgid(gid, gid, gid) < 0)
    return herr_sys(err, "setresgid %u", (unsigned) gid);
  if (setresuid(uid, uid, uid) < 0)
    return herr_sys(err, "setresuid %u", (unsigned) uid);
  uid_t r, e, sv;
  gid_t rg, eg, sg;
  if (getresuid(&r, &e, &sv) < 0 || getresgid(&rg, &eg, &sg) < 0 || r != uid || e != uid
      || sv != uid || rg != gid || eg != gid || sg != gid)
    return herr_fail(err, HERR_IO, "uid/gid change did not take effect");
  if (caps_apply(s->caps, uid == 0, err) < 0)
    return -1;
  if ((!s->privileged || s->opts.no_new_privs) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return herr_sys(err, "prctl(PR_SET_NO_NEW_PRIVS)");
  return 0;
}

int process_close_fds(int keep, herr_t *err)
{
  if (keep > 3 && close_range(3, (unsigned) keep - 1, 0) < 0)
    return herr_sys(err, "close_range");
  if (close_range(keep >= 3 ? (unsigned) keep + 1 : 3, ~0U, 0) < 0)
    return herr_sys(err, "close_range");
  return 0;
}

/* mkdir -p, run after pivot_root: "/" is the container's root, nothing resolves outside it. */
int process_make_cwd(const struct spec *s, herr_t *err)
{
  if (s->cwd == NULL)
    return 0;
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s", s->cwd);
  for (char *p = path + 1;; p++)
    {
      if (*p != '/' && *p != '\0')
        continue;
      char c = *p;
      *p = '\0';
      if (mkdir(path, 0755) < 0 && errno != EEXIST)
        return herr_sys(err, "creating working directory %.256s", path);
      *p = c;
      if (c == '\0')
        break;
    }
  return 0;
}

int process_enter_cwd(const struct spec *s, herr_t *err)
{
  const char *cwd = s->cwd ? s->cwd : "/";
  /* Docker's status for a working directory the process cannot start in is 126. */
  if (chdir(cwd) < 0)
    {
      int e = errno;
      if (e == ENOENT || e == ENOTDIR)
        herr_fail(err, HERR_EXEC_CANNOT, "working directory %.256s does not exist in the container",
                  cwd);
      else
        herr_errno(err, e, "cannot enter working directory %.256s", cwd);
      err->code = HERR_EXEC_CANNOT;
      return -1;
    }
  /* A directory fd from outside would show up as "(unreachable)/..." here. */
  char buf[PATH_MAX];
  if (getcwd(buf, sizeof buf) == NULL || buf[0] != '/')
    return herr_fail(err, HERR_UNSAFE, "working directory is outside the container root");
  return 0;
}

int process_take_tty(int fd, herr_t *err)
{
  if (setsid() < 0 && errno != EPERM)
    return herr_sys(err, "setsid");
  /* 1: take it even from a session that had it (exec under node-pty); we are still root. */
  if (ioctl(fd, TIOCSCTTY, 1) < 0)
    return herr_sys(err, "TIOCSCTTY");
  return 0;
}

static bool keep_searching(int e)
{
  return e == ENOENT || e == ENOTDIR || e == ESTALE || e == ENODEV || e == ETIMEDOUT || e == EACCES;
}

/* Docker's exit codes: 127 when nothing was found, 126 when found but not executable. */
static int exec_failed(const char *prog, int e, bool searched, herr_t *err)
{
  if (e == ENOENT || e == ENOTDIR)
    {
      if (searched)
        herr_fail(err, HERR_EXEC_NOTFOUND, "exec \"%.256s\": executable file not found in $PATH",
                  prog);
      else
        herr_errno(err, e, "exec \"%.256s\"", prog);
      err->code = HERR_EXEC_NOTFOUND;
      return -1;
    }
  herr_errno(err, e, "exec \"%.256s\"", prog);
  err->code = HERR_EXEC_CANNOT;
  return -1;
}

int process_find(const struct spec *s, herr_t *err)
{
  const char *prog = s->argv[0];
  if (strchr(prog, '/'))
    return access(prog, F_OK) == 0 || (errno != ENOENT && errno != ENOTDIR)
               ? 0
               : exec_failed(prog, errno, false, err);
  const char *path = spec_getenv(s, "PATH");
  if (path == NULL)
    path = DEFAULT_CONTAINER_PATH;
  for (const char *p = path;; p++)
    {
      size_t len = strcspn(p, ":");
      char full[PATH_MAX];
      if ((size_t) snprintf(full, sizeof full, "%.*s/%s", (int) len, len ? p : ".", prog) < sizeof full
          && access(full, F_OK) == 0)
        return 0;
      p += len;
      if (*p == '\0')
        break;
    }
  return exec_failed(prog, ENOENT, true, err);
}

int process_exec(struct spec *s, herr_t *err)
{
  const char *prog = s->argv[0];
  const char *path = spec_getenv(s, "PATH");
  if (path == NULL)
    {
      /* Docker puts the default PATH into the environment of the program too. */
      static char default_path[] = "PATH=" DEFAULT_CONTAINER_PATH;
      s->env[s->n_env++] = default_path;
      s->env[s->n_env] = NULL;
      path = DEFAULT_CONTAINER_PATH;
    }
  char *const *envp = s->env;
  if (strchr(prog, '/'))
    {
      execve(prog, s->argv, envp);
      return exec_failed(prog, errno, false, err);
    }

  bool saw_eacces = false;
  int last = ENOENT;
  for (const char *p = path;; p++)
    {
      size_t len = strcspn(p, ":");
      char full[PATH_MAX];
      if ((size_t) snprintf(full, sizeof full, "%.*s%s%s", (int) len, len ? p : ".", "/", prog)
          < sizeof full)
        {
          execve(full, s->argv, envp);
          last = errno;
          if (last == EACCES)
            saw_eacces = true;
          if (!keep_searching(last))
            return exec_failed(prog, last, true, err);
        }
      p += len;
      if (*p == '\0')
        break;
    }
  return exec_failed(prog, saw_eacces ? EACCES : last, true, err);
}
